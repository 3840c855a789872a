#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hw_corpus_test.sh - the engine's differential corpus (and an image of
# 2,000 random blocks from its randtest generator) on xvm.ko's hardware
# backend, inside a rig: every corpus/NAME.elf runs with vmctl --accel
# (the backend usable here) and its stdout and exit status must equal
# QEMU's, which rig_test.sh put next to it as NAME.out and NAME.rc. With
# xvm.count_insns on, each program's VM entries per million guest
# instructions are printed; for loop-heavy programs (over 5 million
# instructions) they must stay below 1,000 (a loop that exits per block
# would be above 100,000). Short programs are dominated by translation
# misses and semihosting calls, each an exit. Also a guest that
# spins forever is stopped by --timeout (status 124) in time. Busybox sh;
# TAP; the last line reads "N passed, M failed".
cd "$(dirname "$0")" || exit 1
n=0
pass=0
fail=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }

echo "TAP version 13"
[ -e /dev/xvm ] || insmod ./xvm.ko
echo 1 >/sys/module/xvm/parameters/count_insns
./vmctl --version >ver 2>&1
if grep -q 'VMX usable' ver; then
	be=vmx
elif grep -q 'SVM usable' ver; then
	be=svm
else
	echo "Bail out! no usable hardware backend here"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "# corpus on the $be backend"
# The rigs have little RAM: guest RAM is pinned.
mem=64M
for elf in corpus/*.elf; do
	name=$(basename "$elf" .elf)
	./vmctl run -v --accel "$be" --mem "$mem" --semihosting \
		--timeout "${CORPUS_TIMEOUT:-120}" --kernel "$elf" \
		>got 2>err </dev/null
	rc=$?
	# "vmctl: E VM entries for I guest instructions: R.r per million"
	set -- $(sed -n 's/^vmctl: \([0-9]*\) VM entries for \([0-9]*\) guest instructions: \([0-9]*\)\.[0-9] per million$/\1 \2 \3/p' err)
	entries=${1:-?} insns=${2:-0} rate=${3:-}
	echo "# $name: $entries VM entries, $insns guest instructions, ${rate:-?} per million"
	loops=ok
	if [ -z "$rate" ] || { [ "$insns" -gt 5000000 ] && [ "$rate" -ge 1000 ]; }; then
		loops=bad
	fi
	if [ "$rc" = "$(cat "corpus/$name.rc")" ] &&
	   cmp -s got "corpus/$name.out" && [ "$loops" = ok ]; then
		ok "$name"
	else
		nok "$name (status $rc, QEMU $(cat "corpus/$name.rc"))"
		tail -n 3 err | sed 's/^/#   /'
	fi
done

# Two VMs at once from two processes (on two CPUs in the svm rig, which
# rig_test.sh boots with -s 2): both finish with QEMU's results.
two_ok=ok
for name in sort primes; do
	./vmctl run -q --accel "$be" --mem "$mem" --semihosting --timeout 300 \
		--kernel "corpus/$name.elf" >"two.$name" 2>&1 </dev/null &
	eval "pid_$name=\$!"
done
for name in sort primes; do
	eval "wait \$pid_$name"
	rc=$?
	if [ "$rc" != "$(cat "corpus/$name.rc")" ] ||
	   ! cmp -s "two.$name" "corpus/$name.out"; then
		two_ok="$name: status $rc"
	fi
done
if [ "$two_ok" = ok ]; then
	ok "two VMs at once from two processes ($(grep -c ^processor /proc/cpuinfo) CPUs)"
else
	nok "two VMs at once from two processes: $two_ok"
fi

start=$(date +%s)
./vmctl run -q --accel "$be" --mem "$mem" --timeout 1 --kernel hang.elf \
	>got 2>err </dev/null
rc=$?
took=$(($(date +%s) - start))
if [ "$rc" = 124 ] && [ "$took" -le 5 ]; then
	ok "a spinning guest stops at --timeout 1 (status 124, ${took} s)"
else
	nok "a spinning guest stops at --timeout 1 (status $rc, ${took} s)"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
