#!/usr/bin/env bash
# Installs the system libraries Patchwork needs to open a window and to render UI snapshots on the
# CPU (Mesa: EGL/GL and the lavapipe Vulkan driver), plus Xvfb for headless screenshots, Graphviz
# (tests/interop.rs renders the DOT export with `dot`), python3-venv (scripts/setup-python.sh), and
# what scripts/package.sh and check-packages.sh use: dpkg-dev (dpkg-shlibdeps for the .deb's
# dependencies), rpm, desktop-file-utils, shared-mime-info and libglib2.0-bin (gio, to check the
# MIME type), and chromium with chromium-driver (tests/web.rs opens exported web pages in
# headless Chromium through chromedriver).
# Safe to run again: it installs only what is missing. Needs root (or sudo) and Debian/Ubuntu.
set -euo pipefail
packages=(libegl1 libgl1 libgl1-mesa-dri libvulkan1 mesa-vulkan-drivers libxkbcommon-x11-0 libx11-xcb1 libxcursor1 libxrandr2 libxi6 graphviz python3-venv
  dpkg-dev rpm desktop-file-utils shared-mime-info libglib2.0-bin chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "setup-system: please install: ${missing[*]} (no apt-get here)" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup-system: installing ${missing[*]}" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
