#!/bin/sh
# Installs this portable Patchwork for the current user, with no root: the program into
# ~/.local/bin, and its menu entry, icons and map file type into ~/.local/share, so Patchwork
# shows in the applications menu and a double-click on a map opens it.
#   ./install.sh              install (or update)
#   ./install.sh --uninstall  remove what install.sh put there (your maps and settings stay)
# PREFIX (default ~/.local) chooses another place.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
share="$prefix/share"

files="bin/patchwork share/applications/patchwork.desktop share/mime/packages/patchwork.xml share/icons/hicolor/scalable/apps/patchwork.svg"
for size in 16 32 48 64 128 256 512; do
  files="$files share/icons/hicolor/${size}x${size}/apps/patchwork.png"
done

refresh() {
  # Each is optional: without them the desktop picks the changes up at the next login.
  if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$share/mime" >/dev/null 2>&1 || true; fi
  if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database "$share/applications" >/dev/null 2>&1 || true; fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$share/icons/hicolor" >/dev/null 2>&1 || true; fi
}

if [ "${1:-}" = "--uninstall" ]; then
  for f in $files; do rm -f "$prefix/$f"; done
  refresh
  echo "Patchwork removed from $prefix."
  exit 0
fi

for f in $files; do
  mkdir -p "$(dirname "$prefix/$f")"
  cp "$here/$f" "$prefix/$f"
done
chmod 755 "$prefix/bin/patchwork"
# The menu starts programs without the login shell's PATH, which may lack ~/.local/bin: name
# the installed program by its full path.
sed "s|^Exec=patchwork |Exec=\"$prefix/bin/patchwork\" |" "$here/share/applications/patchwork.desktop" \
  > "$prefix/share/applications/patchwork.desktop"
refresh
echo "Patchwork $("$prefix/bin/patchwork" --version | cut -d' ' -f2) installed in $prefix."
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "To run it from a terminal too, add $prefix/bin to your PATH." ;;
esac
