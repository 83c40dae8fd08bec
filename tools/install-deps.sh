#!/bin/sh
# Installs whichever of the given Debian packages are missing.
# Runs apt-get as root, via sudo otherwise, and explains itself when it can't.
set -eu
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps|info: installing missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "deps|error: need root or sudo to install:$missing" >&2
    echo "deps|error: run as root: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q || true
if ! $SUDO apt-get install -y -q --no-install-recommends $missing; then
    echo "deps|error: apt-get could not install:$missing" >&2
    exit 1
fi
