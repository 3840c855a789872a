# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# oracle.sh - shell functions shared by difftest.sh and randtest.sh
# (sourced, not run). Needs TOP set to the top of the tree; build outputs
# go to ENGINE_GUESTS (default build/engine-guests).
#
#   oracle_run IMAGE PREFIX LIMIT [NOCACHE]
#	QEMU's stdout and exit status for IMAGE into PREFIX.out and
#	PREFIX.rc (stderr into PREFIX.err), from the cache under
#	$GUESTS/qemu-cache when the image and the oracle are
#	unchanged. Timeouts (124) are not cached, nor is anything when
#	NOCACHE is non-empty; entries unused for 30 days are dropped.
#
#   xvm_run IMAGE PREFIX LIMIT
#	The same for the command in XVM_SOFT (default
#	"build/soft/xvm-soft --semihosting"), run from TOP with
#	"--timeout LIMIT IMAGE" appended.

GUESTS=${ENGINE_GUESTS:-$TOP/build/engine-guests}
QEMU_RUN=$TOP/selftests/engine/corpus/qemu-run.sh
ORACLE_CACHE=$GUESTS/qemu-cache
XVM_SOFT=${XVM_SOFT:-build/soft/xvm-soft --semihosting}

# The oracle's identity: its version and the exact way it is run.
oracle_id() {
	if [ -z "${ORACLE_ID:-}" ]; then
		ORACLE_ID=$({ "${QEMU:-qemu-system-aarch64}" --version |
				head -n1
			      cat "$QEMU_RUN"; } | sha256sum | cut -c1-16)
	fi
	echo "$ORACLE_ID"
}

oracle_run() {
	local image=$1 prefix=$2 limit=$3 nocache=${4:-} key

	key=$(sha256sum <"$image" | cut -c1-64)-$(oracle_id)
	if [ -z "$nocache" ] && [ -f "$ORACLE_CACHE/$key.rc" ]; then
		cp "$ORACLE_CACHE/$key.out" "$prefix.out"
		cp "$ORACLE_CACHE/$key.rc" "$prefix.rc"
		touch "$ORACLE_CACHE/$key.out" "$ORACLE_CACHE/$key.rc"
		: >"$prefix.err"
		return
	fi
	"$QEMU_RUN" --semihosting --timeout "$limit" "$image" \
		>"$prefix.out" 2>"$prefix.err"
	echo $? >"$prefix.rc"
	if [ -z "$nocache" ] && [ "$(cat "$prefix.rc")" != 124 ]; then
		mkdir -p "$ORACLE_CACHE"
		cp "$prefix.out" "$ORACLE_CACHE/$key.out.$$"
		cp "$prefix.rc" "$ORACLE_CACHE/$key.rc.$$"
		mv "$ORACLE_CACHE/$key.out.$$" "$ORACLE_CACHE/$key.out"
		mv "$ORACLE_CACHE/$key.rc.$$" "$ORACLE_CACHE/$key.rc"
	fi
}

oracle_prune() {
	[ -d "$ORACLE_CACHE" ] &&
		find "$ORACLE_CACHE" -type f -mtime +30 -delete 2>/dev/null
	return 0
}

xvm_run() {
	local image=$1 prefix=$2 limit=$3

	# shellcheck disable=SC2086 # XVM_SOFT is a command line
	(cd "$TOP" && timeout -k 5 $((limit + 15)) $XVM_SOFT \
		--timeout "$limit" "$image" \
		</dev/null >"$prefix.out" 2>"$prefix.err")
	echo $? >"$prefix.rc"
}
