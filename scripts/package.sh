#!/usr/bin/env bash
# Builds the Linux packages of Patchwork into $CARGO_TARGET_DIR/packages (default target/packages):
#   patchwork_VERSION-1_amd64.deb        (cargo-deb, [package.metadata.deb] in Cargo.toml)
#   patchwork-VERSION-1.x86_64.rpm       (cargo-generate-rpm, [package.metadata.generate-rpm])
#   patchwork-VERSION-x86_64-linux.tar.gz (portable: binary, desktop entry, icons, MIME type,
#                                          README, licences and an install.sh for ~/.local)
# One release build (profile `dist`) feeds all three. cargo-deb and cargo-generate-rpm are
# installed from crates.io at pinned versions if missing. scripts/check-packages.sh tests the result.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_DEB_VERSION=3.8.0
CARGO_GENERATE_RPM_VERSION=0.20.0

target_dir="${CARGO_TARGET_DIR:-target}"
out="$target_dir/packages"
version="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "patchwork"))')"
arch="$(uname -m)"

command -v cargo-deb >/dev/null || cargo install cargo-deb --version "$CARGO_DEB_VERSION" --locked
command -v cargo-generate-rpm >/dev/null || cargo install cargo-generate-rpm --version "$CARGO_GENERATE_RPM_VERSION" --locked

# Every file date in the packages is the last commit's, so the same commit packs the same bytes.
SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || echo 0)"
export SOURCE_DATE_EPOCH

start=$SECONDS
cargo build --locked --profile dist --bin patchwork
echo "package.sh: release build (profile dist) took $((SECONDS - start)) s" >&2

rm -rf "$out"
mkdir -p "$out"
cargo deb --no-build --profile dist --output "$out/"
cargo generate-rpm --profile dist --target-dir "$target_dir" --output "$out/"

# The portable archive: the same files under one folder, plus install.sh.
name="patchwork-$version-$arch-linux"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
install -Dm755 "$target_dir/dist/patchwork" "$root/bin/patchwork"
install -Dm644 assets/linux/patchwork.desktop "$root/share/applications/patchwork.desktop"
install -Dm644 assets/linux/patchwork.xml "$root/share/mime/packages/patchwork.xml"
install -Dm644 assets/icons/patchwork.svg "$root/share/icons/hicolor/scalable/apps/patchwork.svg"
for png in assets/icons/hicolor/*/apps/patchwork.png; do
  install -Dm644 "$png" "$root/share/icons/${png#assets/icons/}"
done
install -Dm644 README.md "$root/README.md"
install -Dm644 LICENSE-MIT "$root/LICENSE-MIT"
install -Dm644 LICENSE-APACHE "$root/LICENSE-APACHE"
install -Dm755 scripts/portable-install.sh "$root/install.sh"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  -C "$stage" -czf "$out/$name.tar.gz" "$name"

ls -l "$out"
