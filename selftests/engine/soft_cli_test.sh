#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# soft_cli_test.sh - bad input never crashes the soft accelerator: runs
# build/soft/xvm-soft on bad command lines, bad images and misbehaving
# guests, and checks each exit status and the kind of message on stderr:
#
#   0..255  the guest's semihosting exit code (& 0xff), PSCI SYSTEM_OFF: 0
#   2       bad command line or image: one line "xvm-soft: ..."
#   124     --timeout expired: one line naming the timeout
#   125     guest crash: one line naming the reason and the guest PC
#
# Anything else, in particular death by a signal or a run that outlives
# its --timeout, is a failure.  Guest images are assembled on the fly
# (aarch64-linux-gnu-as/ld, -Ttext=0x40080000), crafted byte by byte, or
# drawn from a seeded generator, so every run sees the same bytes.
#
#   soft_cli_test.sh [-v]
#
#   -v   show the command, status and stderr of passing cases too
#
# Environment: XVM_SOFT (the runner, default build/soft/xvm-soft), CROSS
# (binutils prefix, default aarch64-linux-gnu-), SOFT_CLI_HANG_S (seconds
# after which a run counts as hung and is killed, default 20).  Needs awk
# and coreutils.  Prints TAP 13 (the plan comes last); the last
# line is "N passed, M failed"; exits 1 if any case failed, 2 if the test
# could not be set up.
set -u
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/../.." && pwd)
XVM_SOFT=${XVM_SOFT:-$TOP/build/soft/xvm-soft}
CROSS=${CROSS:-aarch64-linux-gnu-}
HANG_S=${SOFT_CLI_HANG_S:-20}	# a run that lasts this long has hung
RAM=0x40000000
RAM_END=0x50000000	# with the default 256 MiB
LOAD=0x40080000
verbose=

case "${1:-}" in
-v) verbose=1 ;;
"") ;;
*) sed -n '3,/^[^#]/s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac

echo "TAP version 13"

bail() {
	echo "Bail out! $*"
	exit 2
}

[ -x "$XVM_SOFT" ] || bail "$XVM_SOFT is missing: make -C userland/soft"
for tool in as ld nm objcopy; do
	command -v "$CROSS$tool" >/dev/null || bail "$CROSS$tool is missing"
done

W=$(mktemp -d "${TMPDIR:-/tmp}/soft_cli.XXXXXX") || bail "mktemp failed"
trap 'rm -rf "$W"' EXIT
ulimit -c 0

run_as=()	# a command that runs xvm-soft as another user
n=0
passed=0
failed=0

# ---------------------------------------------------------------------
# Building images

# asm NAME [TEXT_ADDR]: assemble stdin (the body of _start) into
# $W/NAME.elf and its raw form $W/NAME.bin.
asm() {
	local name=$1 text=${2:-$LOAD}

	{ printf '\t.global _start\n_start:\n'; cat; } >"$W/$name.S"
	if ! "${CROSS}as" --fatal-warnings -o "$W/$name.o" "$W/$name.S" ||
	   ! "${CROSS}ld" -Ttext="$text" -o "$W/$name.elf" "$W/$name.o" ||
	   ! "${CROSS}objcopy" -O binary "$W/$name.elf" "$W/$name.bin"; then
		bail "cannot build guest $name"
	fi
}

# sym NAME SYMBOL: the address of SYMBOL in $W/NAME.elf, as 0x...
sym() {
	local a

	a=$("${CROSS}nm" "$W/$1.elf" | awk -v s="$2" '$3 == s { print $1 }')
	[ -n "$a" ] || bail "no symbol $2 in $1"
	printf '0x%x' "$((16#$a))"
}

# le BYTES VALUE: VALUE as BYTES little-endian bytes on stdout.
le() {
	local i

	for ((i = 0; i < $1; i++)); do
		# shellcheck disable=SC2059
		printf "\\x$(printf %02x $((($2 >> (8 * i)) & 0xff)))"
	done
}

# poke FILE OFFSET BYTES VALUE: overwrite a little-endian field in place.
poke() {
	le "$3" "$4" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# Offsets of Elf64_Ehdr and Elf64_Phdr fields.
E_TYPE=16 E_MACHINE=18 E_ENTRY=24 E_PHOFF=32 E_PHENTSIZE=54 E_PHNUM=56
PH=64 P_TYPE=0 P_OFFSET=8 P_PADDR=24 P_FILESZ=32 P_MEMSZ=40

# peek FILE OFFSET BYTES: a little-endian field, in decimal.
peek() {
	local v

	v=$(od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n' |
	    sed 's/\(..\)/\1 /g' | awk '{ for (i = NF; i; i--) printf "%s", $i }')
	echo $((16#$v))
}

# mkelf OUT CODE: an AArch64 ELF by hand: header, one PT_LOAD program
# header at 64 and CODE at file offset 120, loaded and entered at LOAD.
# Tests then poke the fields they want wrong.
mkelf() {
	local size

	size=$(stat -c %s "$2")
	{
		printf '\177ELF\2\1\1'; le 9 0
		le 2 2; le 2 183; le 4 1		# ET_EXEC, EM_AARCH64
		le 8 $LOAD; le 8 64; le 8 0		# entry, phoff, shoff
		le 4 0; le 2 64; le 2 56; le 2 1	# flags, sizes, phnum
		le 2 64; le 2 0; le 2 0
		le 4 1; le 4 5; le 8 120		# PT_LOAD, R+X, offset
		le 8 $LOAD; le 8 $LOAD			# vaddr, paddr
		le 8 "$size"; le 8 "$size"; le 8 4	# filesz, memsz, align
		cat "$2"
	} >"$1"
}

# rand NAME SEED BYTES [MODE]: deterministic pseudo-random bytes (a
# Park-Miller generator in awk) in $W/NAME.  MODE "raw" (the default):
# plain noise.  The other modes make a raw guest that first points x0..x30
# and SP into RAM (0x40100000 + n * 0x10000, SP = x1), then runs:
#   op0:  random words whose op0 field is forced to data processing,
#         branch or load/store, to reach further into the decoder;
#   insn: random but always defined A64 integer instructions (ALU, moves,
#         bitfields, multiply/divide, conditional select, forward B.cond,
#         loads and stores off x28, x29 or SP, which nothing else writes),
#         so that the guest runs all of its words and then meets the
#         zeros after the image: UDF at NAME's end.
rand() {
	awk -v seed="$2" -v n="$3" -v mode="${4:-raw}" '
	function rnd() { x = (16807 * x) % 2147483647; return x }
	function byte() { return int(rnd() / 8388608) }
	function r(k) { return int(rnd() / 2147483647 * k) }
	function h(s,	i, v) {		# a hex string
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	function put(w) {
		printf "%c%c%c%c", w % 256, int(w / 256) % 256,
		       int(w / 65536) % 256, int(w / 16777216)
	}
	function rd() { return r(28) }		# never x28..x30 or SP
	function rn() { return r(32) }
	function base() { k = r(3); return k == 0 ? 28 : k == 1 ? 29 : 31 }
	function insn(last,	t, v) {
		t = r(last ? 14 : 15)
		if (t == 0)	# ADD/SUB(S) (shifted register)
			return h("8b000000") + r(2) * 2^30 + r(2) * 2^29 + \
			       r(3) * 2^22 + rn() * 2^16 + r(64) * 2^10 + \
			       rn() * 32 + rd()
		if (t == 1)	# AND/ORR/EOR/ANDS (shifted register), N
			return h("8a000000") + r(4) * 2^29 + r(4) * 2^22 + \
			       r(2) * 2^21 + rn() * 2^16 + r(64) * 2^10 + \
			       rn() * 32 + rd()
		if (t == 2)	# MADD/MSUB
			return h("9b000000") + rn() * 2^16 + r(2) * 2^15 + \
			       rn() * 2^10 + rn() * 32 + rd()
		if (t == 3)	# UDIV/SDIV/LSLV/LSRV/ASRV/RORV
			return h("9ac00000") + rn() * 2^16 + \
			       (r(2) ? 2 + r(2) : 8 + r(4)) * 2^10 + \
			       rn() * 32 + rd()
		if (t == 4)	# CSEL/CSINC/CSINV/CSNEG
			return h("9a800000") + r(2) * 2^30 + rn() * 2^16 + \
			       r(16) * 2^12 + r(2) * 2^10 + rn() * 32 + rd()
		if (t == 5)	# LDR/STR Xt, [base, #imm]
			return h("f9000000") + r(2) * 2^22 + r(4096) * 2^10 + \
			       base() * 32 + rd()
		if (t == 6)	# LDRB/STRB Wt, [base, #imm]
			return h("39000000") + r(2) * 2^22 + r(4096) * 2^10 + \
			       base() * 32 + rd()
		if (t == 7) {	# LDP/STP Xt, Xt2, [base, #imm]
			v = rd()
			return h("a9000000") + r(2) * 2^22 + r(64) * 2^15 + \
			       ((v + 1) % 28) * 2^10 + base() * 32 + v
		}
		if (t == 8)	# MOVZ/MOVK X
			return (r(2) ? h("d2800000") : h("f2800000")) + \
			       r(4) * 2^21 + r(65536) * 32 + rd()
		if (t == 9)	# UBFM/SBFM X
			return (r(2) ? h("d3400000") : h("93400000")) + \
			       r(64) * 2^16 + r(64) * 2^10 + rn() * 32 + rd()
		if (t == 10)	# RBIT/REV16/REV32/REV/CLZ/CLS X
			return h("dac00000") + r(6) * 2^10 + r(31) * 32 + rd()
		if (t == 11)	# ADD/SUB(S) X (immediate), Rn may be SP
			return h("91000000") + r(2) * 2^30 + r(2) * 2^29 + \
			       r(2) * 2^22 + r(4096) * 2^10 + rn() * 32 + rd()
		if (t == 12)	# ADC/SBC(S) X
			return h("9a000000") + r(4) * 2^29 + r(31) * 2^16 + \
			       r(31) * 32 + rd()
		if (t == 13)	# EXTR X
			return h("93c00000") + r(31) * 2^16 + r(64) * 2^10 + \
			       r(31) * 32 + rd()
		return h("54000000") + (1 + r(8)) * 32 + r(15)	# B.cond fwd
	}
	BEGIN {
		x = seed % 2147483646 + 1
		for (i = 0; i < 4; i++)
			rnd()
		if (mode == "raw") {
			for (i = 0; i < n; i++)
				printf "%c", byte()
			exit
		}
		for (k = 0; k < 31; k++)	# movz xk, #(0x4010 + k), lsl #16
			put(h("d2a00000") + (16400 + k) * 32 + k)
		put(h("9100003f"))			# mov sp, x1
		for (i = 32; i < n / 4; i++) {
			if (mode == "insn") {
				put(insn(i >= n / 4 - 9))
				continue
			}
			w = byte() + 256 * byte() + 65536 * byte() + 16777216 * byte()
			g = r(8)
			op0 = g < 3 ? 8 : g < 4 ? 10 : g < 6 ? 4 : 5
			put(w + (op0 - int(w / 33554432) % 16) * 33554432)
		}
	}' >"$W/$1" || bail "cannot generate $1"
	[ "$(stat -c %s "$W/$1")" = "$3" ] || bail "$1 has the wrong size"
}

# ---------------------------------------------------------------------
# Running and checking

# run [xvm-soft args...]: run xvm-soft with stdin from /dev/null; sets
# rc, ms (wall time), cmd and leaves stdout/stderr in $W/out and $W/err.
# A run that hangs is killed after HANG_S seconds (status 137).
run() {
	local t0

	cmd="xvm-soft $*"
	t0=$(date +%s%N)
	# (The braces keep bash's "Killed" notice off the TAP stream.)
	{
		timeout --preserve-status -s KILL "$HANG_S" \
			${run_as[@]+"${run_as[@]}"} "$XVM_SOFT" "$@" \
			>"$W/out" 2>"$W/err" </dev/null
		rc=$?
	} 2>/dev/null
	ms=$((($(date +%s%N) - t0) / 1000000))
}

why=()

# flaw MESSAGE: record a reason for the current case to fail.
flaw() {
	why+=("$1")
}

# report DESC: print this case's result from the reasons collected.
report() {
	local line

	n=$((n + 1))
	if [ ${#why[@]} -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok $n - $1"
		[ -z "$verbose" ] && return
	else
		failed=$((failed + 1))
		echo "not ok $n - $1"
		for line in "${why[@]}"; do
			echo "#   $line"
		done
	fi
	echo "#   command: $cmd"
	echo "#   status: $rc, ${ms} ms"
	head -c 2000 "$W/err" | head -n 8 | sed 's/^/#   stderr: /'
	why=()
}

# check_status ALLOWED: the last run ended with one of the statuses in
# ALLOWED (a "|"-separated list); a hang or a death by signal is named
# as such.
check_status() {
	local sig

	if ((ms >= HANG_S * 1000 - 500)); then
		flaw "hung: killed after $HANG_S s"
	elif [[ "|$1|" != *"|$rc|"* ]]; then
		if ((rc >= 128 && rc < 255)); then
			sig=$(kill -l $((rc - 128)) 2>/dev/null || echo '?')
			flaw "killed by signal $((rc - 128)) (SIG$sig), expected status $1"
		else
			flaw "exit status $rc, expected $1"
		fi
	fi
}

# check_line REGEX: the stderr of an error or crash is exactly one line,
# "xvm-soft: ...", matching the extended REGEX (case-insensitively).
check_line() {
	local lines

	lines=$(wc -l <"$W/err")
	if [ "$lines" -ne 1 ] || [ "$(tail -c 1 "$W/err" | od -An -tx1)" != " 0a" ]; then
		flaw "stderr is not exactly one line"
	fi
	head -n 1 "$W/err" | grep -q '^xvm-soft: ' ||
		flaw "stderr does not start with 'xvm-soft: '"
	grep -Eiq -- "$1" "$W/err" || flaw "stderr does not match /$1/"
}

# pc ADDR: a regex for the hex address ADDR as a whole word.
pc() {
	printf '0x0*%x([^0-9a-fx]|$)' "$(($1))"
}

# hx VALUE: VALUE in hex.
hx() {
	printf '0x%x' "$(($1))"
}

# usage DESC REGEX ARGS...: status 2, stderr matching REGEX (a usage
# text may take several lines).
usage() {
	local desc=$1 re=$2

	shift 2
	run "$@"
	check_status 2
	grep -Eiq -- "$re" "$W/err" || flaw "stderr does not match /$re/"
	report "$desc"
}

# error DESC REGEX ARGS...: a rejected command line or image, status 2,
# one line matching REGEX.
error() {
	local desc=$1 re=$2

	shift 2
	run "$@"
	check_status 2
	check_line "$re"
	report "$desc"
}

# crash DESC REGEX ARGS...: a guest crash, status 125, one line that
# matches REGEX (which names the PC).
crash() {
	local desc=$1 re=$2

	shift 2
	run "$@"
	check_status 125
	check_line "$re"
	[ -s "$W/out" ] && flaw "unexpected output on stdout"
	report "$desc"
}

# timed_out DESC MIN_MS MAX_MS ARGS...: status 124 between MIN_MS and
# MAX_MS of wall time, one line about the timeout.  Leaves the case open
# (no report) for the caller to add checks.
timed_out_open() {
	local min=$1 max=$2

	shift 2
	run "$@"
	check_status 124
	check_line 'time'
	((ms < min)) && flaw "stopped after $ms ms, before the timeout"
	((ms > max)) && flaw "stopped after $ms ms, more than $max ms"
}

timed_out() {
	local desc=$1

	shift
	timed_out_open "$@"
	[ -s "$W/out" ] && flaw "unexpected output on stdout"
	report "$desc"
}

# exits DESC STATUS STDOUT ARGS...: the guest's own exit status, nothing
# on stderr and exactly STDOUT (a printf format) on stdout.
exits() {
	local desc=$1 status=$2 fmt=$3 want

	# shellcheck disable=SC2059
	want=$(printf "$fmt"; echo x)
	shift 3
	run "$@"
	check_status "$status"
	[ -s "$W/err" ] && flaw "unexpected output on stderr"
	[ "$(cat "$W/out"; echo x)" = "$want" ] ||
		flaw "stdout is '$(head -c 40 "$W/out" | od -An -c | tr -s ' ' | head -n 1)', expected '$fmt'"
	report "$desc"
}

# either DESC ALLOWED REGEX ARGS...: one of several documented endings;
# a 2 or 125 must come with one line matching REGEX.
either() {
	local desc=$1 allowed=$2 re=$3

	shift 3
	run "$@"
	check_status "$allowed"
	if [ "$rc" = 2 ] || [ "$rc" = 125 ]; then
		check_line "$re"
	fi
	report "$desc"
}

# ---------------------------------------------------------------------
# Guests

# Semihosting helpers: SYS_WRITE0 of "hi\n", then an exit.
exit_ext() {	# exit_ext NAME CODE: SYS_EXIT_EXTENDED, application exit
	asm "$1" <<EOF
	mov	x0, #0x20
	adr	x1, blk
	hlt	#0xf000
	b	.
	.balign 8
blk:	.quad	0x20026, $2
EOF
}

asm hi <<'EOF'
	mov	x0, #4			// SYS_WRITE0
	adr	x1, msg
	hlt	#0xf000
	mov	x0, #0x20		// SYS_EXIT_EXTENDED
	adr	x1, blk
	hlt	#0xf000
	b	.
	.balign 8
blk:	.quad	0x20026, 0
msg:	.asciz	"hi\n"
EOF
for code in 0 1 42 255 256 0x12345; do
	exit_ext "exit_$code" "$code"
done
asm sys_exit <<'EOF'
	mov	x0, #0x18		// SYS_EXIT
	adr	x1, blk
	hlt	#0xf000
	b	.
	.balign 8
blk:	.quad	0x20026, 0		// ADP_Stopped_ApplicationExit
EOF
asm sys_exit_error <<'EOF'
	mov	x0, #0x18		// SYS_EXIT
	adr	x1, blk
	hlt	#0xf000
	b	.
	.balign 8
blk:	.quad	0x20023, 0		// ADP_Stopped_RunTimeErrorUnknown
EOF
asm psci_off <<'EOF'
	movz	w0, #0x0008
	movk	w0, #0x8400, lsl #16	// PSCI SYSTEM_OFF
	hvc	#0
	b	.
EOF
asm udf0 <<'EOF'
fault:	.inst	0x00000000
EOF
asm udf1 <<'EOF'
	nop
	nop
fault:	udf	#1
EOF
asm smc <<'EOF'
	nop
fault:	smc	#0
EOF
asm hlt0 <<'EOF'
	mov	x0, #4
fault:	hlt	#0
EOF
asm bad_sysreg <<'EOF'
fault:	mrs	x0, s3_7_c15_c15_7
EOF
# br_ADDR: guests that branch to ADDR.
for a in 0x0 0x10000000000 0x09000000 0x08000000 0x50000000; do
	asm "br_$a" <<EOF
	mov	x1, #0
	movk	x1, #(($a >> 32) & 0xffff), lsl #32
	movk	x1, #(($a >> 16) & 0xffff), lsl #16
	movk	x1, #($a & 0xffff)
	br	x1
EOF
done
# access NAME ADDR INSN: a guest that loads or stores through x1 = ADDR.
access() {
	asm "$1" <<EOF
	mov	x1, #$(($2 & 0xffff))
	movk	x1, #$((($2 >> 16) & 0xffff)), lsl #16
	movk	x1, #$((($2 >> 32) & 0xffff)), lsl #32
fault:	$3
	mov	x0, #0x18
	adr	x1, blk
	hlt	#0xf000
	.balign 8
blk:	.quad	0x20026, 0
EOF
}
access ld_unmapped 0x20000000 'ldr x0, [x1]'
access st_unmapped 0x20000000 'str x0, [x1]'
access ld_zero 0x0 'ldrb w0, [x1]'
access ld_high 0x10000000000 'ldr w0, [x1]'
access ld_gic 0x08000000 'ldr w0, [x1]'
access st_gic 0x08000010 'str w0, [x1]'
access ld_past_ram $RAM_END 'ldr x0, [x1]'
access ld_straddle $((RAM_END - 4)) 'ldr x0, [x1]'
access st_straddle $((RAM_END - 4)) 'str x0, [x1]'
access ldp_straddle $((RAM_END - 8)) 'ldp x0, x2, [x1]'
access ld_last $((RAM_END - 8)) 'ldr x0, [x1]'
access stp_last $((RAM_END - 16)) 'stp x0, x2, [x1]'
asm spin <<'EOF'
	b	.
EOF
asm spin_blocks <<'EOF'
loop:
	.rept	2000
	b	1f
1:
	.endr
	bl	leaf
	cbz	x0, loop
	b	loop
leaf:	add	x2, x2, #1
	ret
EOF
asm spin_wfi <<'EOF'
1:	wfi
	b	1b
EOF
asm spin_uart <<'EOF'
	mov	x1, #0x09000000
	mov	w0, #'.'
1:	strb	w0, [x1]
	b	1b
EOF
asm below_ram 0x10000000 <<'EOF'
	b	.
EOF
asm above_ram 0x50000000 <<'EOF'
	b	.
EOF

# Raw images made of nops, to run off the end of RAM.
awk 'BEGIN { for (i = 0; i < 131072; i++) printf "\037\040\003\325" }' \
	>"$W/nops_512k"
head -c 4 "$W/nops_512k" >"$W/nop"
head -c 524289 /dev/zero >"$W/zero_512k_plus_1"

# Hand-made ELFs, all valid until a test pokes them.
mkelf "$W/crafted" "$W/exit_0.bin"
cp "$W/crafted" "$W/crafted_ok"

# variant NAME FIELD_OFFSET BYTES VALUE: a copy of the crafted ELF with
# one field changed.
variant() {
	cp "$W/crafted" "$W/$1"
	poke "$W/$1" "$2" "$3" "$4"
}
variant ph_none $E_PHNUM 2 0
variant ph_entsize $E_PHENTSIZE 2 32
variant ph_off_huge $E_PHOFF 8 0xffffffffffffffff
variant ph_off_end $E_PHOFF 8 "$(stat -c %s "$W/crafted")"
variant ph_num_huge $E_PHNUM 2 0xffff
variant type_rel $E_TYPE 2 1
variant type_core $E_TYPE 2 4
variant machine_x86 $E_MACHINE 2 62
variant bigendian 5 1 2
variant class32 4 1 1
variant seg_note $((PH + P_TYPE)) 4 4
variant seg_off_huge $((PH + P_OFFSET)) 8 0xffffffffffffff00
variant seg_off_past $((PH + P_OFFSET)) 8 $(($(stat -c %s "$W/crafted") - 2))
variant seg_filesz_huge $((PH + P_FILESZ)) 8 0x7fffffffffffffff
variant seg_memsz_small $((PH + P_MEMSZ)) 8 4
variant seg_at_zero $((PH + P_PADDR)) 8 0
variant seg_below_ram $((PH + P_PADDR)) 8 $((RAM - 0x1000))
variant seg_wraps $((PH + P_PADDR)) 8 0xfffffffffffff000
poke "$W/seg_wraps" $((PH + P_MEMSZ)) 8 0x2000
variant seg_straddles_end $((PH + P_PADDR)) 8 $((RAM_END - 8))
variant seg_memsz_huge $((PH + P_MEMSZ)) 8 0x7fffffffffffffff
variant seg_fills_ram $((PH + P_PADDR)) 8 $RAM
poke "$W/seg_fills_ram" $((PH + P_MEMSZ)) 8 0x10000000
poke "$W/seg_fills_ram" $E_ENTRY 8 $RAM
variant seg_one_past $((PH + P_PADDR)) 8 $RAM
poke "$W/seg_one_past" $((PH + P_MEMSZ)) 8 0x10000001
variant entry_zero $E_ENTRY 8 0
variant entry_past_ram $E_ENTRY 8 $RAM_END
variant entry_last_byte $E_ENTRY 8 $((RAM_END - 1))
variant entry_below_ram $E_ENTRY 8 $((RAM - 4))
variant entry_huge $E_ENTRY 8 0xfffffffffffffffc
variant entry_no_segment $E_ENTRY 8 0x40200000
variant entry_unaligned $E_ENTRY 8 $((LOAD + 2))

# A 32-bit ARM ELF header (ELFCLASS32, EM_ARM) padded to 128 bytes.
{
	printf '\177ELF\1\1\1'; le 9 0
	le 2 2; le 2 40; le 4 1; le 4 0x8000; le 4 52; le 4 0
	le 4 0x5000000; le 2 52; le 2 32; le 2 1; le 2 40; le 2 0; le 2 0
	le 4 1; le 4 0; le 4 0x8000; le 4 0x8000; le 4 0; le 4 0; le 4 5
	le 4 4; le 44 0
} >"$W/arm32.elf"
head -c 40 "$W/arm32.elf" >"$W/arm32_short.elf"

# The ld-made hi.elf cut inside its header, program headers and segment.
HI_PHOFF=$(peek "$W/hi.elf" $E_PHOFF 8)
HI_PHNUM=$(peek "$W/hi.elf" $E_PHNUM 2)
HI_SEGOFF=$(peek "$W/hi.elf" $((HI_PHOFF + P_OFFSET)) 8)
HI_SEGSZ=$(peek "$W/hi.elf" $((HI_PHOFF + P_FILESZ)) 8)
HI_SEGEND=$((HI_SEGOFF + HI_SEGSZ))
if [ "$(peek "$W/hi.elf" $((HI_PHOFF + P_TYPE)) 4)" != 1 ] ||
   ((HI_SEGEND <= HI_PHOFF + 56 * HI_PHNUM + 8)); then
	bail "hi.elf is not laid out as expected"
fi
cut_at() {
	head -c "$2" "$W/hi.elf" >"$W/$1"
}
for cut in 4 5 16 24 40 63 64 $((HI_PHOFF + 1)) $((HI_PHOFF + 28)) \
	   $((HI_PHOFF + 56 * HI_PHNUM - 1)) $((HI_SEGEND - 1)) \
	   $((HI_SEGEND - 8)) $(((HI_SEGOFF + HI_SEGEND) / 2)); do
	cut_at "cut_$cut" "$cut"
done

# Garbage: raw noise, and noise behind an ELF magic.
for size in 1 2 3 4 5 7 8 16 31 63 64 4096 1048576; do
	rand "noise_$size" "$size" "$size"
	{ printf '\177ELF'; head -c $((size > 4 ? size - 4 : 0)) \
		"$W/noise_$size"; } >"$W/elfnoise_$size"
done

mkdir "$W/dir"
mkfifo "$W/fifo"
: >"$W/empty"

# ---------------------------------------------------------------------
# Command lines

usage "no arguments" 'usage'
usage "unknown option" 'usage|unrecognized' --bogus "$W/hi.elf"
usage "two images" 'usage' "$W/hi.elf" "$W/hi.elf"
usage "--mem without a value" 'usage|requires|argument' "$W/hi.elf" --mem
usage "only options, no image" 'usage' --semihosting --stats
for m in 0 0K 0x abc -1 -256M 1.5G 12Q '' M 256MB 100G 1T 16E \
	 99999999999999999999 18446744073709551615K 1K; do
	error "bad --mem '$m'" 'mem' --mem "$m" --semihosting "$W/hi.elf"
done
for t in abc -1 -0.5 '' 1s 1,5 nan -nan; do
	error "bad --timeout '$t'" 'timeout' --timeout "$t" "$W/hi.bin"
done
# Timeouts too large for a timer: refused, or accepted without firing.
for t in inf 1e30 1e400 9223372036854775807; do
	either "huge --timeout '$t': refused or harmless" '2|42' 'timeout' \
		--timeout "$t" --semihosting "$W/exit_42.elf"
done
exits "--timeout 0 means none" 42 '' --timeout 0 --semihosting \
	"$W/exit_42.elf"
for l in abc '' - 0x 0x4008000g 40080000h '0x40080000 '; do
	error "bad --load-addr '$l'" 'load' --load-addr "$l" --semihosting \
		"$W/hi.bin"
done
error "--load-addr that overflows 64 bits" 'load|fit|ram' \
	--load-addr 0x1ffffffffffffffff "$W/hi.bin"
error "--load-addr -1" 'load|fit|ram' --load-addr -1 "$W/hi.bin"
error "--load-addr below RAM" 'fit|ram' --load-addr 0x0 "$W/hi.bin"
error "--load-addr past RAM" 'fit|ram' --load-addr $RAM_END "$W/nop"
error "raw image straddling the end of RAM" 'fit|ram' \
	--load-addr "$(hx RAM_END-4)" "$W/hi.bin"
error "unaligned --load-addr" 'align' --load-addr "$(hx LOAD+2)" "$W/hi.bin"
run --help
check_status 0
grep -q usage "$W/out" || flaw "no usage text on stdout"
report "--help prints the usage, status 0"
either "--mem 64G: runs or cannot map, no crash" '0|2' 'map|memory' \
	--mem 64G --semihosting "$W/hi.elf"

# ---------------------------------------------------------------------
# Bad images: status 2, one clear line

error "missing file" 'no such file' "$W/nonexistent"
error "a directory" 'regular|directory' "$W/dir"
error "a character device (/dev/zero)" 'regular|device' /dev/zero
HANG_S=5 error "a FIFO (no hang)" 'regular|fifo' "$W/fifo"
# Root reads anything: drop to nobody, with a copy of the runner it can
# execute, for this one.
cp "$W/hi.elf" "$W/unreadable"
chmod 000 "$W/unreadable"
if [ "$(id -u)" != 0 ]; then
	error "unreadable file" 'permission' "$W/unreadable"
elif command -v setpriv >/dev/null; then
	chmod 711 "$W"
	cp "$XVM_SOFT" "$W/xvm-soft"
	chmod 755 "$W/xvm-soft"
	run_as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	XVM_SOFT="$W/xvm-soft" error "unreadable file (as nobody)" \
		'permission' "$W/unreadable"
	run_as=()
	chmod 700 "$W"
else
	n=$((n + 1)); passed=$((passed + 1))
	echo "ok $n - unreadable file # SKIP root without setpriv"
fi
error "empty file" 'empty' "$W/empty"
error "empty file with --semihosting --load-addr" 'empty' --semihosting \
	--load-addr $LOAD "$W/empty"
for f in "$W"/elfnoise_*; do
	error "ELF magic then noise, $(stat -c %s "$f") bytes" 'elf' "$f"
done
error "x86-64 ELF (/bin/true)" 'aarch64|machine' /bin/true
error "32-bit ARM ELF" '64-bit|class|32' "$W/arm32.elf"
error "32-bit ARM ELF shorter than an ELF64 header" 'elf' \
	"$W/arm32_short.elf"
error "ELFCLASS32 AArch64 ELF" '64-bit|class|32' "$W/class32"
error "big-endian AArch64 ELF" 'endian' "$W/bigendian"
error "x86-64 e_machine" 'aarch64|machine' "$W/machine_x86"
error "relocatable AArch64 object" 'exec|type' "$W/hi.o"
error "ET_REL type" 'exec|type' "$W/type_rel"
error "ET_CORE type" 'exec|type' "$W/type_core"
error "no program headers" 'program header' "$W/ph_none"
error "wrong e_phentsize" 'program header' "$W/ph_entsize"
error "e_phoff far past the end" 'truncat|program header' \
	"$W/ph_off_huge"
error "e_phoff at the end" 'truncat|program header' "$W/ph_off_end"
error "e_phnum 65535" 'truncat|program header' "$W/ph_num_huge"
error "no PT_LOAD segment" 'load|segment' "$W/seg_note"
error "segment offset far past the end" 'truncat|segment' \
	"$W/seg_off_huge"
error "segment running past the end of the file" 'truncat|segment' \
	"$W/seg_off_past"
error "segment p_filesz huge" 'truncat|segment' "$W/seg_filesz_huge"
error "segment p_filesz > p_memsz" 'segment' "$W/seg_memsz_small"
error "segment at 0x0" 'fit|ram|outside' "$W/seg_at_zero"
error "segment just below RAM" 'fit|ram|outside' "$W/seg_below_ram"
error "segment wrapping around 2^64" 'fit|ram|outside' "$W/seg_wraps"
error "segment straddling the end of RAM" 'fit|ram|outside' \
	"$W/seg_straddles_end"
error "segment p_memsz huge" 'fit|ram|outside' "$W/seg_memsz_huge"
error "segment one byte larger than RAM" 'fit|ram|outside' \
	"$W/seg_one_past"
exits "segment filling all of RAM runs" 0 '' --semihosting \
	"$W/seg_fills_ram"
error "ld-linked ELF below RAM (-Ttext=0x10000000)" 'fit|ram|outside' \
	"$W/below_ram.elf"
error "ld-linked ELF past RAM (-Ttext=0x50000000)" 'fit|ram|outside' \
	"$W/above_ram.elf"
error "ELF that does not fit in --mem 512K" 'fit|ram|outside' \
	--mem 512K "$W/hi.elf"
error "ELF that does not fit in --mem 4K" 'fit|ram|outside' \
	--mem 4K "$W/hi.elf"
error "entry point 0x0" 'entry' "$W/entry_zero"
error "entry point just past RAM" 'entry' "$W/entry_past_ram"
error "entry point at the last byte of RAM" 'entry' "$W/entry_last_byte"
error "entry point just below RAM" 'entry' "$W/entry_below_ram"
error "entry point near 2^64" 'entry' "$W/entry_huge"
either "entry point in RAM but outside every segment" '2|125' \
	"entry|$(pc 0x40200000)" "$W/entry_no_segment"
either "entry point not 4-byte aligned" '2|125' \
	"entry|align|$(pc $((LOAD + 2)))" "$W/entry_unaligned"
for f in "$W"/cut_*; do
	error "hi.elf truncated to $(stat -c %s "$f") bytes" 'truncat|elf' "$f"
done
error "raw image larger than --mem" 'fit|ram' --mem 1M \
	"$W/zero_512k_plus_1"
error "raw image larger than RAM above --load-addr" 'fit|ram' --mem 1M \
	--load-addr 0x40000004 "$W/noise_1048576"
exits "the crafted ELF itself runs (control)" 0 '' --semihosting \
	"$W/crafted_ok"

# Noise that is not an ELF is a raw image: it must run and end as a
# guest does, never as a bad image or a signal.
for size in 1 2 3 4 5 7 8 16 31 63 64 4096 1048576; do
	either "raw noise, $size bytes, runs as a guest" '0|124|125' \
		'PC|0x' --timeout 2 "$W/noise_$size"
done

# ---------------------------------------------------------------------
# Guest faults: status 125, one line naming the reason and the PC

crash "undefined instruction 0x00000000" \
	"undef.*PC[ =:]*$(pc "$(sym udf0 fault)")" "$W/udf0.elf"
crash "udf #1" "undef.*PC[ =:]*$(pc "$(sym udf1 fault)")" "$W/udf1.elf"
crash "smc #0 (no EL3)" "undef.*PC[ =:]*$(pc "$(sym smc fault)")" \
	"$W/smc.elf"
crash "hlt #0 (no halting debug)" \
	"undef.*PC[ =:]*$(pc "$(sym hlt0 fault)")" --semihosting "$W/hlt0.elf"
crash "semihosting call without --semihosting" \
	"undef.*PC[ =:]*$(pc 0x40080008)" "$W/hi.elf"
crash "mrs of an unknown system register" \
	"(undef|unsupported).*PC[ =:]*$(pc "$(sym bad_sysreg fault)")" \
	"$W/bad_sysreg.elf"
crash "br to 0x0" "(fetch|instruction abort).*$(pc 0)" "$W/br_0x0.elf"
crash "br to 0x10000000000" "(fetch|instruction abort).*$(pc 0x10000000000)" \
	"$W/br_0x10000000000.elf"
crash "br to the PL011 (executing device memory)" \
	"(fetch|instruction abort).*$(pc 0x09000000)" "$W/br_0x09000000.elf"
crash "br to an unbacked device range (0x08000000)" \
	"(fetch|instruction abort).*$(pc 0x08000000)" "$W/br_0x08000000.elf"
crash "br just past RAM" "(fetch|instruction abort).*$(pc $RAM_END)" \
	"$W/br_0x50000000.elf"
for t in ld_unmapped st_unmapped ld_zero ld_high ld_gic st_gic \
	 ld_past_ram ld_straddle st_straddle ldp_straddle; do
	crash "data abort: $t" \
		"(data abort|unmapped).*PC[ =:]*$(pc "$(sym $t fault)")" \
		--semihosting "$W/$t.elf"
done
for t in ld_unmapped ld_straddle; do
	crash "data abort: $t, --mem 64M" \
		"(data abort|unmapped).*PC[ =:]*$(pc "$(sym $t fault)")" \
		--mem 64M --semihosting "$W/$t.elf"
done
exits "load of the last 8 bytes of RAM works" 0 '' --semihosting \
	"$W/ld_last.elf"
exits "stp of the last 16 bytes of RAM works" 0 '' --semihosting \
	"$W/stp_last.elf"
crash "nops running off the end of --mem 1M RAM" \
	"(fetch|instruction abort).*$(pc 0x40100000)" --mem 1M "$W/nops_512k"
crash "one nop at the last word of RAM" \
	"(fetch|instruction abort).*$(pc $RAM_END)" \
	--load-addr "$(hx RAM_END-4)" "$W/nop"

# ---------------------------------------------------------------------
# Timeouts: status 124, on time

timed_out "b . with --timeout 1" 900 3000 --timeout 1 "$W/spin.elf"
timed_out "b . with --timeout 0.3" 250 2000 --timeout 0.3 "$W/spin.elf"
timed_out "b . with --timeout 1e-7" 0 2000 --timeout 1e-7 "$W/spin.elf"
timed_out "2000-block loop with --timeout 1" 900 3000 --timeout 1 \
	"$W/spin_blocks.elf"
timed_out "wfi loop with --timeout 1" 900 3000 --timeout 1 \
	"$W/spin_wfi.elf"
timed_out_open 900 3000 --timeout 1 "$W/spin_uart.elf"
[ -s "$W/out" ] || flaw "the PL011 loop wrote nothing to stdout"
report "PL011 output loop with --timeout 1"
timed_out "b . as a raw image with --timeout 1" 900 3000 --timeout 1 \
	"$W/spin.bin"
exits "a quick guest is not hurt by --timeout 1" 42 '' --semihosting \
	--timeout 1 "$W/exit_42.elf"

# ---------------------------------------------------------------------
# Exit statuses

for code in 0 1 42 255 256 0x12345; do
	exits "SYS_EXIT_EXTENDED $code -> $((code & 0xff))" $((code & 0xff)) \
		'' --semihosting "$W/exit_$code.elf"
done
exits "SYS_EXIT ADP_Stopped_ApplicationExit -> 0" 0 '' --semihosting \
	"$W/sys_exit.elf"
exits "SYS_EXIT ADP_Stopped_RunTimeErrorUnknown -> 1" 1 '' --semihosting \
	"$W/sys_exit_error.elf"
exits "PSCI SYSTEM_OFF -> 0" 0 '' "$W/psci_off.elf"
exits "hi.elf prints hi" 0 'hi\n' --semihosting "$W/hi.elf"
exits "raw hi.bin at --load-addr 0x40080000" 0 'hi\n' --semihosting \
	--load-addr 0x40080000 "$W/hi.bin"
exits "raw hi.bin without --load-addr (default 0x40080000)" 0 'hi\n' \
	--semihosting "$W/hi.bin"
exits "raw hi.bin at --load-addr 0x40100000 (position independent)" 0 \
	'hi\n' --semihosting --load-addr 0x40100000 "$W/hi.bin"
exits "raw hi.bin at the start of RAM" 0 'hi\n' --semihosting \
	--load-addr $RAM "$W/hi.bin"
exits "--load-addr is ignored for an ELF" 0 'hi\n' --semihosting \
	--load-addr 0x0 "$W/hi.elf"
run --stats --semihosting "$W/hi.elf"
check_status 0
grep -q translations "$W/err" || flaw "no counters on stderr"
report "--stats prints counters on stderr"

# ---------------------------------------------------------------------
# Stress: seeded random raw images, each run must end as a guest does
# within its 2 s timeout: 125 (with its line), 124, or PSCI's 0.  The
# "insn" images hold only defined instructions that stay in RAM, so they
# must all run to the end of the image and stop at the zeros after it.

# stress DESC MODE COUNT ALLOWED REGEX: COUNT images of 4 KiB from rand
# MODE with seeds 1..COUNT; a 125 must come with one line matching REGEX.
stress() {
	local desc=$1 mode=$2 count=$3 allowed=$4 re=$5 seed bad=0 max=0
	local f="$W/stress_$mode"

	for ((seed = 1; seed <= count; seed++)); do
		rand "stress_$mode" "$seed" 4096 "$mode"
		run --load-addr $LOAD --timeout 2 "$f"
		((ms > max)) && max=$ms
		check_status "$allowed"
		[ "$rc" = 125 ] && check_line "$re"
		((ms > 4000)) && flaw "took $ms ms with --timeout 2"
		if [ ${#why[@]} -ne 0 ]; then
			bad=$((bad + 1))
			if ((bad <= 5)); then
				echo "#   seed $seed (rand $mode $seed 4096): ${why[*]}; status $rc, $ms ms; stderr: $(head -n 1 "$W/err" | head -c 200)"
			fi
			why=()
		fi
	done
	((bad)) && flaw "$bad of $count images failed"
	cmd="xvm-soft --load-addr $LOAD --timeout 2 IMAGE, $count images (rand $mode SEED 4096)"
	ms="slowest $max"
	rc="last $rc"
	report "$desc"
}
stress "stress: 200 raw noise images" raw 200 '0|124|125' 'PC|0x'
stress "stress: 100 noise images of forced instruction classes" op0 100 \
	'0|124|125' 'PC|0x'
stress "stress: 100 images of random defined instructions run to the end" \
	insn 100 125 "undef.*PC[ =:]*$(pc $((LOAD + 4096)))"

echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
