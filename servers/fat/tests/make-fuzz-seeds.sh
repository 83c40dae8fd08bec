#!/bin/sh
# Seeds for the FAT fuzzer (tests/fuzz/fuzz_fat.c): small volumes of each
# type with a long name, a subdirectory and a file over several clusters,
# each as its size in KiB (four bytes, little-endian) and its first bytes
# (the fuzzer's device reads zeros after them).
# usage: make-fuzz-seeds.sh <out-dir>
set -eu
out=$1
rm -rf "$out"
mkdir -p "$out"
printf 'seed\n' > "$out/small"
head -c 5000 /dev/zero | tr '\0' 'x' > "$out/big"
seed() { # name sectors keep-KiB mformat-options...
    name=$1 sectors=$2 keep=$3
    shift 3
    img=$out/$name.img
    mformat -C -i "$img" -T "$sectors" "$@" ::
    mmd -i "$img" ::/dir ::/dir/sub
    mcopy -i "$img" "$out/small" "::/A long file name with spaces.txt"
    mcopy -i "$img" "$out/big" ::/dir/sub/deep.bin
    kib=$((sectors / 2))
    printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((kib & 255)) $((kib >> 8 & 255)) \
        $((kib >> 16 & 255)) $((kib >> 24)))" > "$out/$name"
    head -c $((keep * 1024)) "$img" >> "$out/$name"
    rm -f "$img"
}
seed fat12 128 64 -h 2 -s 16
seed fat16 8192 96 -h 4 -s 32
seed fat32 67584 320 -h 64 -s 32 -F -d 1 -c 1
rm -f "$out/small" "$out/big"
