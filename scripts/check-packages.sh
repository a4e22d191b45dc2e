#!/usr/bin/env bash
# Tests what scripts/package.sh built, as a person installing it would meet it:
#  - the .deb installs with dpkg into an empty throwaway root (its own dpkg database), declares
#    the window libraries as dependencies, and holds the program, desktop entry, icons and MIME type;
#  - the installed `patchwork --version` names this version, and `patchwork validate` and
#    `patchwork export` work on the bundled example;
#  - desktop-file-validate passes on the installed desktop entry;
#  - the MIME type recognises a map by its name (*.patchwork.json) and by its content (a map saved
#    as plain .json), and leaves other JSON alone;
#  - the .rpm lists the same files as the .deb (rpm -qlp);
#  - the portable archive's install.sh installs into a fresh home and the program runs from there.
# Needs dpkg, rpm, desktop-file-utils and shared-mime-info (scripts/setup-system.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir="${CARGO_TARGET_DIR:-target}"
out="$target_dir/packages"
version="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "patchwork"))')"
deb="$(ls "$out"/patchwork_*.deb)"
rpm="$(ls "$out"/patchwork-*.rpm)"
tgz="$(ls "$out"/patchwork-*-linux.tar.gz)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() {
  echo "check-packages: FAIL: $*" >&2
  exit 1
}
checks=0
ok() {
  checks=$((checks + 1))
  echo "check-packages: ok: $*"
}

# --- .deb: metadata and dependencies ---
depends="$(dpkg-deb --field "$deb" Depends)"
for lib in libc6 libegl1 libgl1 libxkbcommon-x11-0 libx11-xcb1 libxcursor1 libxrandr2 libxi6; do
  [[ "$depends" == *"$lib"* ]] || fail ".deb Depends lacks $lib: $depends"
done
ok ".deb depends on the window libraries: $depends"
[ "$(dpkg-deb --field "$deb" Version)" = "$version-1" ] || fail ".deb version is not $version-1"
ok ".deb version $version-1"

# --- .deb: install into an empty root with its own dpkg database ---
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
# --force-depends: the empty root has none of the libraries; --force-not-root for non-root CI.
dpkg --root="$root" --force-depends --force-not-root --force-script-chrootless -i "$deb" >"$work/dpkg.log" 2>&1 \
  || { cat "$work/dpkg.log" >&2; fail "dpkg -i into a throwaway root"; }
dpkg --root="$root" -s patchwork | grep -q '^Status: install ok installed' || fail "dpkg does not list patchwork as installed"
ok "dpkg -i into an empty root"

deb_files="$(dpkg-deb --contents "$deb" | awk '$1 !~ /^d/ {print $NF}' | sed 's|^\.||' | sort)"
for f in /usr/bin/patchwork /usr/share/applications/patchwork.desktop /usr/share/mime/packages/patchwork.xml \
  /usr/share/icons/hicolor/scalable/apps/patchwork.svg; do
  grep -qx "$f" <<<"$deb_files" || fail ".deb lacks $f"
  [ -f "$root$f" ] || fail "$f not installed"
done
for size in 16 32 48 64 128 256 512; do
  f="/usr/share/icons/hicolor/${size}x${size}/apps/patchwork.png"
  [ -f "$root$f" ] || fail "$f not installed"
done
ok ".deb installs the program, desktop entry, MIME type and icons at 7 sizes plus SVG"

# --- the installed program ---
bin="$root/usr/bin/patchwork"
[ "$("$bin" --version)" = "patchwork $version" ] || fail "installed --version says '$("$bin" --version)'"
ok "installed patchwork --version: $("$bin" --version)"
"$bin" validate assets/examples/anytown.json | grep -q ': OK' || fail "installed validate"
"$bin" export assets/examples/anytown.json -o "$work/town.json" >/dev/null
"$bin" validate "$work/town.json" | grep -q ': OK' || fail "validate of the exported example"
"$bin" export assets/examples/anytown.json -o "$work/town.graphml" >/dev/null
grep -q "Created by Patchwork $version" "$work/town.graphml" || fail "the GraphML export does not name Patchwork $version"
ok "installed validate and export run on the example"

# --- desktop entry ---
desktop-file-validate "$root/usr/share/applications/patchwork.desktop" || fail "desktop-file-validate"
grep -qx 'Exec=patchwork %f' "$root/usr/share/applications/patchwork.desktop" || fail "Exec line"
grep -qx 'MimeType=application/x-patchwork-map;' "$root/usr/share/applications/patchwork.desktop" || fail "MimeType line"
ok "desktop-file-validate passes"

# --- MIME type: by name and by content ---
mime="$work/mime"
mkdir -p "$mime/mime/packages"
cp "$root/usr/share/mime/packages/patchwork.xml" "$mime/mime/packages/"
XDG_DATA_DIRS="$mime:/usr/share" update-mime-database "$mime/mime"
grep -q '^60:application/x-patchwork-map:\*\.patchwork\.json$' "$mime/mime/globs2" || fail "glob *.patchwork.json"
if command -v gio >/dev/null; then
  cp assets/examples/anytown.json "$work/plain.json"
  cp assets/examples/anytown.json "$work/town.patchwork.json"
  echo '{"format": "something-else"}' >"$work/other.json"
  type_of() { XDG_DATA_DIRS="$mime:/usr/share" gio info -a standard::content-type "$1" | sed -n 's/.*content-type: //p'; }
  [ "$(type_of "$work/town.patchwork.json")" = application/x-patchwork-map ] || fail "*.patchwork.json not recognised"
  [ "$(type_of "$work/plain.json")" = application/x-patchwork-map ] || fail "a map saved as .json not recognised by content"
  [ "$(type_of "$work/other.json")" = application/json ] || fail "other JSON taken for a map"
  ok "MIME type recognises maps by name and by content (GLib), not other JSON"
else
  ok "MIME database compiles (gio missing: content sniffing not checked)"
fi

# --- .rpm lists the same files ---
rpm_files="$(rpm -qlp "$rpm" 2>/dev/null | sort)"
# Debian policy wants a copyright file; RPM marks licences as %doc instead.
deb_compared="$(grep -vx '/usr/share/doc/patchwork/copyright' <<<"$deb_files" | grep -vx '/usr/share/doc/patchwork/changelog.gz' || true)"
diff <(echo "$deb_compared") <(echo "$rpm_files") >"$work/files.diff" || {
  cat "$work/files.diff" >&2
  fail ".rpm and .deb list different files"
}
rpm -qp --requires "$rpm" 2>/dev/null | grep -q 'libEGL.so.1' || fail ".rpm does not require libEGL"
ok ".rpm lists the same $(wc -l <<<"$rpm_files") files as the .deb and requires the window libraries"

# --- portable archive: install.sh into a fresh home ---
tar -xzf "$tgz" -C "$work"
home="$work/home"
mkdir -p "$home"
HOME="$home" PATH="/usr/bin:/bin" sh "$work"/patchwork-*-linux/install.sh >"$work/install.log"
[ "$("$home/.local/bin/patchwork" --version)" = "patchwork $version" ] || fail "portable install: --version"
desktop-file-validate "$home/.local/share/applications/patchwork.desktop" || fail "portable desktop entry"
grep -q "^Exec=\"$home/.local/bin/patchwork\" %f$" "$home/.local/share/applications/patchwork.desktop" || fail "portable Exec line"
[ -f "$home/.local/share/icons/hicolor/256x256/apps/patchwork.png" ] || fail "portable icons"
HOME="$home" sh "$work"/patchwork-*-linux/install.sh --uninstall >/dev/null
[ ! -e "$home/.local/bin/patchwork" ] || fail "portable uninstall"
ok "portable install.sh installs into ~/.local, runs, and uninstalls"

echo "check-packages: $checks passed, 0 failed"
