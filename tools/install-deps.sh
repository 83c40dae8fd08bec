#!/bin/sh
# Installs whichever of the given Debian packages are missing.
# Runs apt-get as root, via sudo otherwise, and explains itself when it can't.
# usage: tools/install-deps.sh PACKAGE...
set -eu
# Options before anything runs: a word starting with '-' is no package, and
# passed on it would make apt-get update the lists and then read it as an
# option of its own.
for p in "$@"; do
    case $p in
    -h | --help)
        # The header comment above, without its '#'.
        sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"
        exit 0 ;;
    -*)
        echo "deps|error: unknown option '$p' (usage: $0 PACKAGE...)" >&2
        exit 2 ;;
    esac
done
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
