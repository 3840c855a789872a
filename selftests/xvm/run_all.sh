#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# run_all.sh - run every xvm kselftest program in this directory (inside a
# rig, or on a host where xvm.ko matches the running kernel). Output is TAP;
# the exit status is non-zero if any program failed or the kernel logged a
# BUG, WARNING or Oops while they ran.
cd "$(dirname "$0")" || exit 1
export XVM_KO="${XVM_KO:-$PWD/xvm.ko}"
rc=0
# Only what the kernel logs from here on is ours to judge (an emulated CPU
# may warn at boot).
before=$(dmesg | wc -l)
for t in ./*_test; do
	echo "# running ${t#./}"
	"$t" || rc=1
done
ours() { dmesg | tail -n +"$((before + 1))"; }
if ours | grep -qE 'BUG:|WARNING:|Oops|Call Trace|general protection'; then
	echo "not ok - kernel log clean after the xvm selftests"
	ours | grep -E -A 20 'BUG:|WARNING:|Oops|general protection' |
		head -n 60 | sed 's/^/#   /'
	rc=1
else
	echo "ok - kernel log clean after the xvm selftests"
fi
echo "# kernel log (xvm lines, last 8):"
ours | grep 'xvm' | tail -n 8 | sed 's/^/#   /'
exit $rc
