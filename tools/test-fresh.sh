#!/bin/sh
# The fresh-machine test: a clean clone where the riscv64 toolchain, picolibc,
# QEMU, OpenSBI and U-Boot are not installed runs `make <goal>` as its first
# command, which must install them itself and pass.
#
# The machine is never changed: in a private mount namespace an overlay puts a
# scratch directory over /, the packages are purged inside a chroot into that
# overlay, and every write (the purge, the reinstall, the clone, the build)
# lands in the scratch directory, removed at the end.
#
# usage: tools/test-fresh.sh [--rev REV] [GOAL...]   (as root; default goal: run)
# Each goal gets an overlay of its own, so each is the first command.
set -eu

FRESH_PURGE="gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf \
qemu-system-misc opensbi u-boot-qemu"
# Packages other installed ones depend on (ca-certificates needs openssl, and
# Java needs ca-certificates): purging them would take half the machine with
# them, so dpkg removes them alone and leaves the dependents broken, as on a
# minimal machine that never had them; the build's install repairs that.
FRESH_FORCE_REMOVE="openssl"
FRESH_TIMEOUT=${FRESH_TIMEOUT:-3600}

say() { echo "test-fresh|$1: $2"; }

# --- Inside the private mount namespace: one goal in one overlay. ---------
if [ "${1:-}" = "--inner" ]; then
    scratch=$2 src=$3 rev=$4 goal=$5
    root=$scratch/root
    mkdir -p "$scratch/upper" "$scratch/work" "$root"
    mount -t overlay mica-fresh -o "lowerdir=/,upperdir=$scratch/upper,workdir=$scratch/work" "$root"
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --rbind /sys "$root/sys"
    # Name resolution for apt, in case these files are mounts of their own
    # (an overlay of / sees only the root file system).
    for f in /etc/resolv.conf /etc/hosts; do
        if [ -f "$f" ] && mountpoint -q "$f" 2>/dev/null; then mount --bind "$f" "$root$f"; fi
    done

    in_root() {
        chroot "$root" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
            ${http_proxy:+http_proxy=$http_proxy} ${https_proxy:+https_proxy=$https_proxy} \
            sh -c "$1"
    }

    say info "purging inside the overlay: $FRESH_PURGE"
    # shellcheck disable=SC2086
    in_root "apt-get purge -y -q $FRESH_PURGE" > "$scratch/purge.log" 2>&1 || {
        tail -20 "$scratch/purge.log"; say error "apt-get purge failed inside the overlay"; exit 1; }
    say info "removing alone inside the overlay: $FRESH_FORCE_REMOVE"
    in_root "dpkg --purge --force-depends $FRESH_FORCE_REMOVE" >> "$scratch/purge.log" 2>&1 || {
        tail -20 "$scratch/purge.log"; say error "dpkg could not remove $FRESH_FORCE_REMOVE inside the overlay"; exit 1; }
    for tool in riscv64-unknown-elf-gcc riscv64-unknown-elf-ld qemu-system-riscv64 openssl; do
        if in_root "command -v $tool" >/dev/null; then
            say error "$tool is still installed inside the overlay"; exit 1
        fi
    done
    [ ! -e "$root/usr/lib/picolibc/riscv64-unknown-elf" ] || {
        say error "picolibc is still installed inside the overlay"; exit 1; }

    git clone -q "$src" "$root/root/mica"
    git -C "$root/root/mica" checkout -q --detach "$rev"
    say info "clone of $(git -C "$root/root/mica" log -1 --format='%h %s' | cut -c1-70)"
    say info "first command: make $goal (log: $scratch/make.log while it runs)"
    status=0
    in_root "cd /root/mica && timeout $FRESH_TIMEOUT make $goal" > "$scratch/make.log" 2>&1 || status=$?
    grep -e '|result:' -e '|error:' -e 'error:' -e '^make.*\*\*\*' -e ' passed' -e ' failed' \
        "$scratch/make.log" | tail -15 || true
    if ! grep -q '^deps|info: installing missing Debian packages' "$scratch/make.log"; then
        say error "make $goal installed nothing: the toolchain was not missing"; exit 1
    fi
    if [ "$status" != 0 ]; then
        echo "--- last lines of make $goal:"; tail -25 "$scratch/make.log"
        say error "make $goal as the first command exited $status"
        exit 1
    fi
    exit 0
fi

# --- Outside: checks, one namespace per goal, and proof the host is untouched.
usage="usage: $0 [--rev REV] [GOAL...]"
# Every word is read before anything runs: a mistyped option must not be
# taken for a make goal and cost a whole overlay run as root.
rev=HEAD
for arg in "$@"; do
    case $arg in
    -h | --help)
        # The header comment, without its '#'.
        sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"
        exit 0 ;;
    esac
done
while [ $# -gt 0 ]; do
    case $1 in
    --rev)
        [ $# -ge 2 ] || { say error "--rev needs a revision ($usage)" >&2; exit 2; }
        rev=$2; shift 2 ;;
    -*) say error "unknown option '$1' ($usage)" >&2; exit 2 ;;
    *) break ;;
    esac
done
for goal in "$@"; do
    case $goal in
    -*) say error "unknown option '$goal' after the goals ($usage)" >&2; exit 2 ;;
    esac
done
[ $# -gt 0 ] || set -- run
if [ "$(id -u)" != 0 ]; then
    say error "needs root (unshare, mount, chroot); the machine itself is not changed"
    exit 2
fi
for tool in unshare chroot mountpoint git dpkg-query; do
    command -v "$tool" >/dev/null || { say error "needs $tool"; exit 2; }
done
src=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
sha=$(git -C "$src" rev-parse --verify "$rev^{commit}")

host_state() {
    # shellcheck disable=SC2086
    dpkg-query -W -f='${Package} ${Status}\n' $FRESH_PURGE $FRESH_FORCE_REMOVE 2>/dev/null | sort
}
before=$(host_state)

passed=0 failed=0
for goal in "$@"; do
    scratch=$(mktemp -d "${TMPDIR:-/var/tmp}/mica-fresh.XXXXXX")
    say info "make $goal as the first command on a machine without the toolchain (scratch $scratch)"
    start=$(date +%s)
    if unshare --mount --propagation private sh "$0" --inner "$scratch" "$src" "$sha" "$goal"; then
        passed=$((passed + 1)); verdict=PASS
    else
        failed=$((failed + 1)); verdict=FAIL
    fi
    say info "make $goal: $verdict in $(( $(date +%s) - start )) s"
    rm -rf "$scratch"
done

if [ "$(host_state)" != "$before" ]; then
    say error "the host's packages changed during the test"
    failed=$((failed + 1))
fi
if [ "$failed" = 0 ]; then
    say result "PASS ($passed first commands on a fresh machine: $*)"
else
    say result "FAIL ($failed of $# first commands failed)"
fi
echo "test-fresh: $passed passed, $failed failed"
[ "$failed" = 0 ]
