#!/bin/sh
# A broken stand-in for srvinfo: runs the real one ($REAL_SRVINFO), then
# changes one byte of the image it wrote. tools_test hands it to linkcheck as
# SRVINFO to prove that the oracle notices a difference.
set -eu
"$REAL_SRVINFO" "$@"
out=
while [ $# -gt 0 ]; do
    [ "$1" = -o ] && out=$2
    shift
done
[ -n "$out" ] || exit 0
printf '\377' | dd of="$out" bs=1 seek=3 conv=notrunc 2>/dev/null
