#!/usr/bin/env bash
# Makes the Python virtual environment the interop tests use (tests/interop.rs): networkx and
# igraph, pinned, from PyPI, as prebuilt wheels. The venv goes to $PATCHWORK_INTEROP_VENV, else
# target/interop-venv beside this repository's Cargo.toml.
#
# Safe to run again and from several test processes at once: a stamp file naming the pinned
# versions says the venv is complete, so a second run does nothing (no network); a lock
# serialises concurrent first runs. Needs python3 with the venv module (Debian: python3-venv,
# which this script installs with apt-get when it is missing and it runs as root). Needs PyPI
# the first time only. Prints the venv's python path as its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

# Versions that install as wheels for CPython 3.11 on x86_64/aarch64 Linux (checked here).
requirements=("networkx==3.6.1" "igraph==0.11.9")

venv="${PATCHWORK_INTEROP_VENV:-$(pwd)/target/interop-venv}"
mkdir -p "$(dirname "$venv")"
stamp="$venv/.patchwork-interop"
want="${requirements[*]}"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; then
  echo "$venv/bin/python"
  exit 0
fi

# One first run at a time: `cargo test` may start this from several test binaries.
exec 9>"$venv.lock"
if command -v flock >/dev/null; then
  flock 9
fi
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; then
  echo "$venv/bin/python"
  exit 0
fi

python="${PYTHON:-python3}"
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" -eq 0 ]; then
    echo "setup-python: installing python3-venv" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    python=python3
  else
    echo "setup-python: $python has no venv module; install python3-venv" >&2
    exit 1
  fi
fi

echo "setup-python: making $venv with ${want}" >&2
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: "${requirements[@]}" >&2
echo "$want" >"$stamp"
echo "$venv/bin/python"
