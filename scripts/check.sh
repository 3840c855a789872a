#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check.sh - everything `make check` and CI run, in order:
#   dependencies, module build (W=1 + sparse) for the default KDIR and for
#   each rig kernel, userland and selftests, checkpatch, a DKMS cycle, the
#   native engine tests (unit tests, then the soft accelerator against
#   qemu-system-aarch64: corpus and random blocks), while the kselftest
#   suite runs inside both rigs (svm:
#   QEMU TCG with AMD SVM+NPT, vmx: Bochs with Intel VMX+EPT), in parallel.
# Every step and every test prints a TAP line; the last line counts them:
# "N passed, N failed, N skipped". Exit status 0 only if nothing failed.
#
# Env: XVM_CHECK_RIGS="svm vmx" (the rigs to run; "" for none),
#      XVM_CHECK_SKIP_DEPS=1 (do not run scripts/deps.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
out=$top/build/check
rm -rf "$out"
mkdir -p "$out"
all=$out/all.log
: > "$all"
rigs=${XVM_CHECK_RIGS-svm vmx}
t0=$(date +%s)

say() { printf '%s\n' "$*" | tee -a "$all"; }

# step NAME CMD...: run CMD with its output in a log; one TAP line; on
# failure the log's tail as TAP comments.
step() {
	local name=$1 log
	shift
	log=$out/step-$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '-').log
	local s=$(date +%s)
	if "$@" > "$log" 2>&1; then
		say "ok - $name ($(($(date +%s) - s))s)"
		return 0
	fi
	say "not ok - $name"
	tail -n 40 "$log" | sed 's/^/#   /' | tee -a "$all"
	return 1
}

# A build whose output has no compiler or sparse warning.
build_clean() {
	local log
	log=$(mktemp)
	"$@" 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	if grep -E '(warning|error):' "$log"; then
		rm -f "$log"
		echo "build printed warnings" >&2
		return 1
	fi
	rm -f "$log"
	return "$rc"
}

dkms_cycle() {
	local kver ko
	kver=$(make -s --no-print-directory print-kver)
	make dkms-remove >/dev/null 2>&1
	make dkms-install || return 1
	ko=/lib/modules/$kver/updates/dkms/xvm.ko
	ls "$ko"* || return 1
	modinfo -F vermagic "$(ls "$ko"* | head -n1)" | grep -q "^$kver " ||
		{ echo "wrong vermagic" >&2; return 1; }
	dkms status -m xvm | grep -q installed || return 1
	make dkms-remove || return 1
	! ls "$ko"* 2>/dev/null && [ ! -d /usr/src/xvm-"$(make -s --no-print-directory print-version)" ]
}

# rig_suite RIG: the kselftest suite inside one rig; TAP into $out/RIG.tap.
rig_suite() {
	local rig=$1 kver payload
	# shellcheck disable=SC1091
	. "${XVM_CACHE:-/var/cache/xvm}/kernels.env"
	case $rig in
	svm) kver=$XVM_KVER_amd64 ;;
	vmx) kver=$XVM_KVER_cloud_amd64 ;;
	esac
	payload=$out/payload-$rig
	mkdir -p "$payload"
	cp build/selftests/xvm/* "$payload/"
	cp "build/kmod/$kver/xvm.ko" "$payload/"
	scripts/rig/"$rig".sh -k -l "$out/$rig-serial.log" -d "$payload" \
		-- ./run_all.sh > "$out/$rig.tap" 2> "$out/$rig.err"
	echo $? > "$out/$rig.rc"
}

say "TAP version 13"
say "# xvm make check, $(date -u +%FT%TZ)"

if [ "${XVM_CHECK_SKIP_DEPS:-0}" != 1 ]; then
	step "dependencies (scripts/deps.sh)" scripts/deps.sh ||
		{ say "Bail out! dependencies missing"; say "0 passed, 1 failed"; exit 1; }
fi
step "kernel sources for selftests and checkpatch" \
	scripts/kernel-src.sh build/kernel-src
step "module builds clean with W=1 and sparse (default KDIR)" \
	build_clean make module W=1 C=2 CHECK=sparse
step "module builds for every rig kernel" build_clean make rig-modules
step "userland builds" make userland
step "selftests build" make selftests
step "checkpatch clean" scripts/checkpatch.sh
if [ "$(id -u)" = 0 ]; then
	step "dkms add/build/install/remove" dkms_cycle
else
	say "ok - dkms add/build/install/remove # SKIP needs root"
fi

# Rigs boot in the background while the native tests run.
for rig in $rigs; do
	rig_suite "$rig" &
done

say "# engine unit tests (native)"
make -s --no-print-directory -C selftests/engine run 2>&1 | tee -a "$all"
[ "${PIPESTATUS[0]}" = 0 ] || say "not ok - engine unit tests exited non-zero"

# The engine against QEMU: the corpus, then seeded random blocks (a fixed
# seed, so a failure reproduces; `make fuzz` draws fresh ones).
if step "engine test images build" make -C selftests/engine/corpus; then
	say "# engine differential corpus (xvm soft vs qemu-system-aarch64)"
	selftests/engine/difftest.sh 2>&1 | tee -a "$all"
	[ "${PIPESTATUS[0]}" = 0 ] || say "not ok - differential corpus exited non-zero"
	say "# engine random blocks (xvm soft vs qemu-system-aarch64)"
	selftests/engine/randtest.sh --seed 1 --blocks 4000 2>&1 | tee -a "$all"
	[ "${PIPESTATUS[0]}" = 0 ] || say "not ok - random blocks exited non-zero"
fi
say "# xvm-soft: bad images and guest faults"
selftests/engine/soft_cli_test.sh 2>&1 | tee -a "$all"
[ "${PIPESTATUS[0]}" = 0 ] || say "not ok - xvm-soft bad-input tests exited non-zero"
say "# vmctl command line (soft accelerator)"
selftests/vmctl/cli_test.sh 2>&1 | tee -a "$all"
[ "${PIPESTATUS[0]}" = 0 ] || say "not ok - vmctl tests exited non-zero"

wait
for rig in $rigs; do
	say "# $rig rig: kselftest suite (serial log: $out/$rig-serial.log)"
	tr -d '\r' < "$out/$rig.tap" | tee -a "$all"
	rc=$(cat "$out/$rig.rc" 2>/dev/null || echo 125)
	if [ "$rc" = 0 ]; then
		say "ok - $rig rig suite"
	else
		say "not ok - $rig rig suite (rig exit status $rc)"
		sed 's/^/#   /' "$out/$rig.err" | tail -n 30 | tee -a "$all"
	fi
done

# vmctl against the module, in both rigs (after the suites: one emulator
# per core at a time).
if [ -n "$rigs" ]; then
	say "# vmctl against xvm.ko in the rigs"
	# shellcheck disable=SC2086 # a list of rig names
	selftests/vmctl/rig_test.sh $rigs 2>&1 | tr -d '\r' | tee -a "$all"
	[ "${PIPESTATUS[0]}" = 0 ] || say "not ok - vmctl rig tests exited non-zero"
fi

pass=$(grep -E '^ok ' "$all" | grep -vc '# SKIP')
skip=$(grep -E '^ok .*# SKIP' "$all" | wc -l)
fail=$(grep -cE '^not ok ' "$all")
echo "# make check took $(($(date +%s) - t0))s"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
