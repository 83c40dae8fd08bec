#!/bin/sh
# Builds the U-Boot distro-boot disk: an MBR with one FAT16 partition at
# 1 MiB holding /Image, the initrd and /extlinux/extlinux.conf.
# No root and no loop mounts: sfdisk on a plain file, mtools with @@offset.
# Further files (a device tree that extlinux.conf names in an fdt line) go
# to the root of the partition under their own names.
# usage: make-boot-disk.sh <out.img> <Image> <initrd> <extlinux.conf> [file...]
set -eu
# Usage errors name the problem and end with the header's usage line.
bad_usage() {
    echo "make-boot-disk.sh: $1" >&2
    sed -n 's/^# usage: /usage: /p' "$0" >&2
    exit 2
}
for arg in "$@"; do
    case $arg in
    -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*) bad_usage "unknown option '$arg'" ;;
    esac
done
[ $# -ge 4 ] || bad_usage "needs <out.img> <Image> <initrd> <extlinux.conf> ($# given)"
out=$1 image=$2 initrd=$3 conf=$4
shift 4
size_mib=40
tmp=$out.tmp
rm -f "$tmp"
dd if=/dev/zero of="$tmp" bs=1M count=$size_mib status=none
echo 'start=2048, type=06, bootable' | /sbin/sfdisk --quiet "$tmp"
sectors=$(( (size_mib - 1) * 2048 ))
mformat -i "$tmp@@1M" -T $sectors -h 64 -s 32 -v MICABOOT ::
mmd -i "$tmp@@1M" ::/extlinux
mcopy -i "$tmp@@1M" "$conf" ::/extlinux/extlinux.conf
mcopy -i "$tmp@@1M" "$image" ::/Image
mcopy -i "$tmp@@1M" "$initrd" ::/initrd.cpio
for extra in "$@"; do
    mcopy -i "$tmp@@1M" "$extra" "::/$(basename "$extra")"
done
mv "$tmp" "$out"
