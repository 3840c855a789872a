#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - run the CPU-bound bare-metal benchmarks under QEMU and under the
# soft accelerator (xvm-soft) in the same run, and compare.
#
#   selftests/bench/run.sh [--runs N] [--only NAME[,NAME...]] [--json FILE]
#                          [--no-build]
#
# Each benchmark runs N times (default 3) on each side, QEMU and xvm-soft
# alternating. The figure kept is the lowest host CPU time (user + system
# of the emulator process and all of its threads, from the shell's
# `times`): CPU time is steadier than wall time on a busy host, and the
# lowest of several runs is the one least disturbed by other load. Wall
# time is recorded too (in --json). Both sides must print the same
# checksum, every run; a program that fails or disagrees fails the bench.
# Guest instructions come from one extra, untimed `xvm-soft --stats` run
# (exact counting slows xvm-soft down, so it is never the timed run).
#
# The speed target (xvm-soft at least as fast as QEMU: geometric mean of
# the speedups >= 1.0) is reported as PASS or BELOW TARGET; it does not
# change the exit status, which is 1 only when a benchmark failed or the
# outputs differ, 2 for a bad command line or a failed build.
#
# Environment: XVM_SOFT (default build/soft/xvm-soft, built with
# make -C userland/soft unless given), QEMU (default qemu-system-aarch64),
# BENCH_TIMEOUT (seconds per run, default 120).
set -u
export LC_ALL=C		# `times` and awk write decimal points

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_DIR=$TOP/selftests/bench
IMAGES=$TOP/build/bench
QEMU_RUN=$TOP/selftests/engine/corpus/qemu-run.sh
export QEMU=${QEMU:-qemu-system-aarch64}
LIMIT=${BENCH_TIMEOUT:-120}

runs=3
only=
json=
build=1

usage() {
	echo "usage: $0 [--runs N] [--only NAME[,NAME...]] [--json FILE]" \
	     "[--no-build]" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--runs) [ $# -ge 2 ] || usage; runs=$2; shift ;;
	--only) [ $# -ge 2 ] || usage; only=${only:+$only,}$2; shift ;;
	--json) [ $# -ge 2 ] || usage; json=$2; shift ;;
	--no-build) build= ;;
	-h|--help) usage ;;
	*) usage ;;
	esac
	shift
done
case "$runs" in
''|*[!0-9]*|0) echo "$0: --runs wants a positive number" >&2; exit 2 ;;
esac

if [ -n "${XVM_SOFT:-}" ]; then
	xvm=$XVM_SOFT
else
	xvm=$TOP/build/soft/xvm-soft
	if [ -n "$build" ] && ! make -s -C "$TOP/userland/soft" >&2; then
		echo "$0: building xvm-soft failed" >&2
		exit 2
	fi
fi
if [ -n "$build" ] && ! make -s -C "$BENCH_DIR" >&2; then
	echo "$0: building the benchmark images failed" >&2
	exit 2
fi
[ -x "$xvm" ] || { echo "$0: no xvm-soft at $xvm" >&2; exit 2; }
command -v "$QEMU" >/dev/null || { echo "$0: no $QEMU" >&2; exit 2; }

# Every benchmark, or those --only names; null (the empty guest) is timed
# separately, as the start-up cost both sides pay in every figure.
all_progs=$(make -s -C "$BENCH_DIR" list)
progs=
for p in $all_progs; do
	[ "$p" = null ] && continue
	if [ -z "$only" ] || [[ ",$only," == *",$p,"* ]]; then
		progs="$progs $p"
	fi
done
for p in ${only//,/ }; do
	[[ " $all_progs " == *" $p "* ]] || {
		echo "$0: no benchmark '$p' (have: $all_progs)" >&2
		exit 2
	}
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure OUT ERR CMD...: run CMD with stdout in OUT and stderr in ERR;
# sets T_RC, T_CPU (child user + system seconds) and T_WALL.
measure() {
	local out=$1 err=$2 t0 t1 cpu
	shift 2
	t0=$EPOCHREALTIME
	( "$@" >"$out" 2>"$err"; rc=$?; times >"$tmp/times"; exit $rc )
	T_RC=$?
	t1=$EPOCHREALTIME
	# The second line of `times` is the children's "0m1.234s 0m0.010s".
	cpu=$(sed -n 2p "$tmp/times")
	T_CPU=$(awk '{
		n = 0
		for (i = 1; i <= 2; i++) {
			split($i, t, "m"); sub("s", "", t[2])
			n += t[1] * 60 + t[2]
		}
		printf "%.3f", n
	}' <<<"$cpu")
	T_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

# shellcheck disable=SC2317 # called through measure "run_$side"
run_qemu() {
	"$QEMU_RUN" --timeout "$LIMIT" "$IMAGES/$1.elf"
}

# shellcheck disable=SC2317
run_xvm() {
	"$xvm" --semihosting --timeout "$LIMIT" "$IMAGES/$1.elf"
}

min() {
	awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'
}

# Show what a failing run printed, indented.
show_run() {
	echo "    exit status $2; stdout:"
	sed 's/^/      /' "$1.out" | tail -n 20
	echo "    stderr:"
	sed 's/^/      /' "$1.err" | tail -n 20
}

# bench NAME: sets B_QCPU B_XCPU B_QWALL B_XWALL B_INSNS, or B_FAIL with a
# reason (and the evidence in $tmp/why).
bench() {
	local name=$1 r side ref=$tmp/$1.ref
	B_QCPU='' B_XCPU='' B_QWALL='' B_XWALL='' B_INSNS='' B_FAIL=''
	for ((r = 0; r < runs; r++)); do
		for side in qemu xvm; do
			measure "$tmp/run.out" "$tmp/run.err" "run_$side" "$name"
			if [ "$T_RC" -ne 0 ]; then
				B_FAIL="$side exited with status $T_RC"
				show_run "$tmp/run" "$T_RC" >"$tmp/why"
				return
			fi
			if [ ! -f "$ref" ]; then
				cp "$tmp/run.out" "$ref"
			elif ! cmp -s "$ref" "$tmp/run.out"; then
				B_FAIL="$side output differs"
				{
					echo "    expected (first run's stdout):"
					sed 's/^/      /' "$ref"
					show_run "$tmp/run" "$T_RC"
				} >"$tmp/why"
				return
			fi
			if [ $side = qemu ]; then
				B_QCPU=$(min "$B_QCPU" "$T_CPU")
				B_QWALL=$(min "$B_QWALL" "$T_WALL")
			else
				B_XCPU=$(min "$B_XCPU" "$T_CPU")
				B_XWALL=$(min "$B_XWALL" "$T_WALL")
			fi
		done
	done
	# One untimed run that counts guest instructions.
	if "$xvm" --semihosting --stats --timeout "$LIMIT" \
		"$IMAGES/$name.elf" >"$tmp/stats.out" 2>"$tmp/stats.err" &&
	   cmp -s "$ref" "$tmp/stats.out"; then
		B_INSNS=$(sed -n 's/.*guest insns run \([0-9]*\).*/\1/p' \
			  "$tmp/stats.err" | tail -n 1)
	fi
}

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
qemu_version=$("$QEMU" --version | head -n 1)
revision=$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null)
if [ -n "$revision" ] && [ -n "$(git -C "$TOP" status --porcelain \
		 2>/dev/null | head -n 1)" ]; then
	revision="$revision (with uncommitted changes)"
fi
host="$(uname -n), $(uname -sr), ${cpu_model:-unknown CPU}, $(nproc) CPUs"
date=$(date -u '+%Y-%m-%d %H:%M UTC')

echo "xvm bare-metal benchmarks: xvm-soft vs QEMU TCG"
echo "  date:     $date"
echo "  host:     $host"
echo "  load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
echo "  QEMU:     $qemu_version (-M virt -cpu cortex-a57)"
echo "  xvm:      ${revision:-unknown revision}, $xvm"
echo "  method:   lowest host CPU time (user + sys) of $runs run(s) per side"

failed=0
bench null
null_qemu=${B_QCPU:-null}
null_xvm=${B_XCPU:-null}
if [ -n "$B_FAIL" ]; then
	failed=1
	null_line="null guest FAILED ($B_FAIL)
$(cat "$tmp/why")"
else
	null_line="QEMU ${B_QCPU} s, xvm-soft ${B_XCPU} s (included below)"
fi
echo "  start-up: $null_line"
echo

row() {
	printf "%-10s %9s %11s %8s %10s %10s %10s\n" "$@"
}

row program "QEMU s" "xvm-soft s" speedup "Minsns" \
	"QEMU MIPS" "xvm MIPS"
row ---------- --------- ----------- -------- ---------- \
	---------- ----------

json_rows=
logsum=0
passed=0
for p in $progs; do
	bench "$p"
	if [ -n "$B_FAIL" ]; then
		failed=1
		printf "%-10s %9s %11s %8s\n" "$p" "${B_QCPU:--}" \
			"${B_XCPU:--}" FAIL
		echo "    $B_FAIL"
		cat "$tmp/why"
		json_rows="$json_rows${json_rows:+,}
    { \"name\": \"$p\", \"ok\": false, \"error\": \"$B_FAIL\" }"
		continue
	fi
	read -r ratio speedup minsns qmips xmips < <(awk -v q="$B_QCPU" \
		-v x="$B_XCPU" -v n="$B_INSNS" 'BEGIN {
		if (q < 0.001) q = 0.001
		if (x < 0.001) x = 0.001
		printf "%.9f %.2f", q / x, q / x
		if (n == "")
			printf " - - -\n"
		else
			printf " %.0f %.0f %.0f\n", n / 1e6, n / q / 1e6,
			       n / x / 1e6
	}')
	row "$p" "$B_QCPU" "$B_XCPU" "${speedup}x" "$minsns" \
		"$qmips" "$xmips"
	logsum=$(awk -v s="$logsum" -v v="$ratio" \
		 'BEGIN { printf "%.9f", s + log(v) }')
	passed=$((passed + 1))
	json_rows="$json_rows${json_rows:+,}
    { \"name\": \"$p\", \"ok\": true, \"qemu_cpu_s\": $B_QCPU,\
 \"xvm_cpu_s\": $B_XCPU, \"qemu_wall_s\": $B_QWALL,\
 \"xvm_wall_s\": $B_XWALL, \"speedup\": $speedup,\
 \"guest_insns\": ${B_INSNS:-null} }"
done

echo
geomean=
verdict=
if [ "$passed" -gt 0 ]; then
	geomean=$(awk -v s="$logsum" -v n="$passed" \
		  'BEGIN { printf "%.2f", exp(s / n) }')
	if awk -v g="$geomean" 'BEGIN { exit !(g >= 1.0) }'; then
		verdict=PASS
	else
		verdict="BELOW TARGET"
	fi
	echo "geometric mean speedup (QEMU / xvm-soft) over $passed" \
	     "program(s)$([ "$failed" -eq 0 ] ||
	     echo ' (failed ones left out)'): ${geomean}x"
	echo "target: xvm-soft at least as fast as QEMU (geomean >= 1.0):" \
	     "$verdict"
fi
[ "$failed" -eq 0 ] || echo "FAILED: see the rows marked FAIL above"

if [ -n "$json" ]; then
	cat >"$json" <<EOF
{
  "date": "$date",
  "host": "$host",
  "qemu": "$qemu_version",
  "xvm_revision": "$revision",
  "runs": $runs,
  "metric": "lowest host CPU seconds (user + sys)",
  "startup": { "qemu_cpu_s": $null_qemu, "xvm_cpu_s": $null_xvm },
  "programs": [$json_rows
  ],
  "geomean_speedup": ${geomean:-null},
  "target": "${verdict:-none}",
  "ok": $([ "$failed" -eq 0 ] && echo true || echo false)
}
EOF
fi
exit "$failed"
