#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# run_all.sh - run every xvm kselftest program in this directory (inside a
# rig, or on a host where xvm.ko matches the running kernel). Output is TAP;
# the exit status is non-zero if any program failed.
cd "$(dirname "$0")" || exit 1
export XVM_KO="${XVM_KO:-$PWD/xvm.ko}"
rc=0
for t in ./*_test; do
	echo "# running ${t#./}"
	"$t" || rc=1
done
echo "# kernel log:"
dmesg | grep -E 'xvm|Call Trace|BUG|WARNING' | sed 's/^/#   /'
exit $rc
