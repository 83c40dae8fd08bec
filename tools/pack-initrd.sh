#!/bin/sh
# Packs an initrd (cpio newc) holding exactly the files a list names, with
# their directories, from the staging directory (the boot and the test
# initrd share one).
#   tools/pack-initrd.sh <out.cpio> <list> <staging dir>
# Reproducible: sorted names, owner 0, renumbered inodes.
set -eu
[ $# = 3 ] || { echo "usage: $0 <out.cpio> <list> <staging dir>" >&2; exit 2; }
out=$1 list=$(realpath "$2") root=$(realpath "$3")
pack=$(mktemp -d "$out.pack.XXXXXX")
trap 'rm -rf "$pack"' EXIT
while read -r f; do
    [ -n "$f" ] || continue
    src=$root/$f
    [ -f "$src" ] || { echo "initrd|error: $f: not in $root" >&2; exit 1; }
    mkdir -p "$pack/$(dirname "$f")"
    ln -s "$src" "$pack/$f"
done < "$list"
# -L: the archive holds the files the links point at.
(cd "$pack" && find . -mindepth 1 | LC_ALL=C sort | \
    cpio --quiet -o -L -H newc --reproducible --owner=0:0) > "$out.tmp"
mv "$out.tmp" "$out"
