#!/bin/sh
# Builds the FAT test volumes with mtools: one each of FAT12, FAT16 and
# FAT32 (mformat picks the type from the size; -F forces FAT32), holding
# the same tree, and the files they were filled from, for fat_test to
# compare against.
# usage: make-images.sh <out-dir>
set -eu
out=$1
rm -rf "$out"
mkdir -p "$out/tree"
tree=$out/tree
printf 'hello fat\n' > "$tree/README.TXT"
printf 'lower case\n' > "$tree/lower.txt"
printf 'a long name\n' > "$tree/A long file name with spaces.txt"
printf 'unicode\n' > "$tree/naïve-ünïcødé.txt"
: > "$tree/empty"
# 64 KiB that differ at every offset: the test compares every byte.
i=0
while [ $i -lt 4096 ]; do printf '%015d\n' $((i * 7919)); i=$((i + 1)); done > "$tree/deep.bin"
for type in 12 16 32; do
    img=$out/fat$type.img
    case $type in
    12) mformat -C -i "$img" -T 2880 -h 2 -s 18 -v FAT12TEST :: ;;
    16) mformat -C -i "$img" -T 32768 -h 64 -s 32 -v FAT16TEST :: ;;
    32) mformat -C -i "$img" -T 81920 -h 64 -s 32 -F -v FAT32TEST :: ;;
    esac
    mcopy -i "$img" "$tree/README.TXT" "$tree/lower.txt" "$tree/A long file name with spaces.txt" \
        "$tree/naïve-ünïcødé.txt" "$tree/empty" ::/
    mmd -i "$img" ::/dir ::/dir/sub ::/many
    mcopy -i "$img" "$tree/deep.bin" ::/dir/sub/deep.bin
    # Forty entries with long names: the directory spans several clusters.
    n=0
    while [ $n -lt 40 ]; do
        printf '%d\n' $n > "$out/entry"
        mcopy -i "$img" "$out/entry" "::/many/entry number $n.txt"
        n=$((n + 1))
    done
done
rm -f "$out/entry"
