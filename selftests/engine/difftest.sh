#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# difftest.sh - run bare-metal AArch64 test images under QEMU (the oracle)
# and under xvm, and compare their stdout byte for byte and their exit
# status. Prints TAP and ends with the line "N passed, M failed"; exits
# non-zero when anything failed.
#
#   difftest.sh [-j JOBS] [--no-cache] [IMAGE...]
#
# With no IMAGE, every $ENGINE_GUESTS/*.elf is run (build them with
# "make -C selftests/engine/corpus"). Environment:
#
#   ENGINE_GUESTS     where the images and the work files are
#                     (default build/engine-guests)
#   XVM_SOFT          the xvm command; "--timeout T IMAGE" is appended
#                     (default: build/soft/xvm-soft --semihosting)
#   DIFFTEST_TIMEOUT  seconds each side may run (default 30)
#   DIFFTEST_LINES    diff lines shown per failure (default 60)
#
# QEMU's results are cached under $ENGINE_GUESTS/qemu-cache, keyed by
# the image's SHA-256 and by the QEMU version and command, so an image is
# re-run whenever it or the oracle changes.
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
LIMIT=${DIFFTEST_TIMEOUT:-30}
LINES=${DIFFTEST_LINES:-60}
JOBS=$(nproc 2>/dev/null || echo 2)
NOCACHE=
# shellcheck source=corpus/oracle.sh
. "$TOP/selftests/engine/corpus/oracle.sh"

usage() {
	sed -n '3,/^[^#]/s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

images=()
while [ $# -gt 0 ]; do
	case "$1" in
	-j) JOBS=$2; shift ;;
	-j*) JOBS=${1#-j} ;;
	--no-cache) NOCACHE=1 ;;
	-h|--help) usage ;;
	-*) usage ;;
	*) images+=("$(realpath "$1")") ;;
	esac
	shift
done
if [ ${#images[@]} -eq 0 ]; then
	for f in "$GUESTS"/*.elf; do
		[ -e "$f" ] && images+=("$f")
	done
fi
if [ ${#images[@]} -eq 0 ]; then
	echo "difftest: no images; run make -C selftests/engine/corpus" >&2
	exit 2
fi
# Each run works in its own directory (several may run at once) and
# leaves it as $GUESTS/difftest for inspection.
mkdir -p "$GUESTS"
WORK=$(mktemp -d "$GUESTS/difftest.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' INT TERM
oracle_prune

name_of() {
	basename "$1" .elf
}

# Phase 1: run everything, JOBS processes at a time.
start=$(date +%s.%N)
running=0
for image in "${images[@]}"; do
	name=$(name_of "$image")
	rm -f "$WORK/$name".*
	oracle_run "$image" "$WORK/$name.qemu" "$LIMIT" "$NOCACHE" &
	xvm_run "$image" "$WORK/$name.xvm" "$LIMIT" &
	running=$((running + 2))
	while [ "$running" -ge "$JOBS" ]; do
		wait -n
		running=$((running - 1))
	done
done
wait

# Phase 2: compare and report, in the order the images were given.
echo "TAP version 13"
echo "1..${#images[@]}"
echo "# xvm: $XVM_SOFT"
pass=0
fail=0
n=0
for image in "${images[@]}"; do
	n=$((n + 1))
	name=$(name_of "$image")
	q=$WORK/$name.qemu
	x=$WORK/$name.xvm
	qrc=$(cat "$q.rc" 2>/dev/null || echo missing)
	xrc=$(cat "$x.rc" 2>/dev/null || echo missing)
	why=
	case "$qrc" in
	124) why="qemu timed out after ${LIMIT}s" ;;
	125|126) why="the guest faulted under qemu (exit $qrc)" ;;
	esac
	if [ -z "$why" ] && [ "$qrc" != "$xrc" ]; then
		why="exit status: qemu $qrc, xvm $xrc"
	fi
	if [ -z "$why" ] && ! cmp -s "$q.out" "$x.out"; then
		why="stdout differs"
	fi
	if [ -z "$why" ]; then
		echo "ok $n - $name"
		pass=$((pass + 1))
		continue
	fi
	echo "not ok $n - $name"
	fail=$((fail + 1))
	echo "# $why"
	diff -a -u --label "qemu/$name" --label "xvm/$name" "$q.out" "$x.out" |
		head -n "$LINES" | sed 's/^/# /'
	if [ -s "$x.err" ]; then
		echo "# xvm stderr:"
		tail -n 5 "$x.err" | sed 's/^/#   /'
	fi
done
end=$(date +%s.%N)
printf '# %d images in %.1f s\n' "${#images[@]}" "$(echo "$end - $start" | bc)"
echo "$pass passed, $fail failed"
rm -rf "$GUESTS/difftest"
mv "$WORK" "$GUESTS/difftest" 2>/dev/null || rm -rf "$WORK"
[ "$fail" -eq 0 ]
