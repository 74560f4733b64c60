#!/bin/sh
# Install the Debian packages MX needs to build, run and test, if any are
# missing.  Run by `make` before anything else; idempotent and quiet when
# everything is present.  Usage: os/tools/deps.sh [--check]
set -eu

PKGS="gcc gcc-multilib make binutils qemu-system-x86 gdb python3 sqlite3 libsqlite3-dev
libncurses-dev libgraphviz-dev graphviz libelf-dev libcriterion-dev zlib1g-dev
libjansson-dev pkg-config tmux clang"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "${1:-}" = "--check" ]; then
	echo "missing packages:$missing"
	exit 1
fi

echo "deps: installing$missing" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "deps: need root or sudo to install:$missing" >&2; exit 1; }
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2 || { echo "deps: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2 || { echo "deps: apt-get install failed:$missing" >&2; exit 1; }
