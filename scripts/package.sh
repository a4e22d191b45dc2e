#!/usr/bin/env bash
# Builds the Linux packages of Patchwork into $CARGO_TARGET_DIR/packages (default target/packages):
#   patchwork_VERSION-1_amd64.deb        (cargo-deb, [package.metadata.deb] in Cargo.toml)
#   patchwork-VERSION-1.x86_64.rpm       (cargo-generate-rpm, [package.metadata.generate-rpm])
#   patchwork-VERSION-x86_64-linux.tar.gz (portable: binary, desktop entry, icons, MIME type,
#                                          README, licences and an install.sh for ~/.local)
# One release build (profile `dist`) feeds all three. cargo-deb and cargo-generate-rpm are
# installed from crates.io at pinned versions if missing. scripts/check-packages.sh tests the result.
# PACKAGE_PROFILE=dev packs the debug build instead: CI does, reusing the binary `cargo test`
# built (a cold `dist` build took 1,040 CPU-seconds here, some 9 minutes on 2 idle cores); such
# packages test the packaging, they are not for release.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_DEB_VERSION=3.8.0
CARGO_GENERATE_RPM_VERSION=0.21.1

target_dir="${CARGO_TARGET_DIR:-target}"
out="$target_dir/packages"
version="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "patchwork"))')"
arch="$(uname -m)"

command -v cargo-deb >/dev/null || cargo install cargo-deb --version "$CARGO_DEB_VERSION" --locked
command -v cargo-generate-rpm >/dev/null || cargo install cargo-generate-rpm --version "$CARGO_GENERATE_RPM_VERSION" --locked

profile="${PACKAGE_PROFILE:-dist}"
# Cargo puts the dev profile's output in target/debug.
profile_dir="$profile"
[ "$profile" = dev ] && profile_dir=debug

start=$SECONDS
if [ "$profile" = dev ]; then
  # The binary as `cargo test` builds it (features unified with the dev-dependencies), so after
  # a test run nothing is rebuilt; `cargo build` would build a second variant.
  cargo test --locked --no-run --test cli
else
  cargo build --locked --profile "$profile" --bin patchwork
fi
echo "package.sh: build (profile $profile) took $((SECONDS - start)) s" >&2

# Every file date in the packages is the last commit's, so the same commit packs the same bytes.
# Set after the build: build scripts that watch it would otherwise rebuild their crates.
SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || echo 0)"
export SOURCE_DATE_EPOCH

rm -rf "$out"
mkdir -p "$out"
# cargo-deb 3.8 warns that the dev profile will become an error "in the future": it is pinned
# above, so CI keeps working; a newer cargo-deb needs another way to pack the test build.
# The dev binary is ~240 MB unstripped: compress it quickly (xz and zstd -19 took 30 s and 150 s).
deb_fast=() rpm_compress=zstd gzip_level=-9
[ "$profile" = dev ] && deb_fast=(--fast) rpm_compress=gzip gzip_level=-1
cargo deb --no-build "${deb_fast[@]}" --profile "$profile" --output "$out/"
cargo generate-rpm --profile "$profile_dir" --payload-compress "$rpm_compress" --target-dir "$target_dir" --output "$out/"

# The portable archive: the same files under one folder, plus install.sh.
name="patchwork-$version-$arch-linux"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
install -Dm755 "$target_dir/$profile_dir/patchwork" "$root/bin/patchwork"
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
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" -C "$stage" -cf - "$name" \
  | gzip -n "$gzip_level" >"$out/$name.tar.gz"

ls -l "$out"
