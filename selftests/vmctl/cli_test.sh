#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cli_test.sh - vmctl's command-line tests, run natively on the soft
# accelerator: every option of "vmctl run", every bad input (a one-line
# message, status 2, nothing left behind), the exit statuses, the demo
# guest's output (against QEMU's where qemu-system-aarch64 exists), the
# generated device tree (through dtc), the Linux Image boot protocol with
# a crafted Image (guests.S), the console on a terminal (a pty) and the
# monitoring commands as far as the host allows.
#
# It runs on the soft accelerator natively (scripts/check.sh), and inside
# the emulator rigs on xvm.ko's hardware backend (rig_test.sh, with
# bash-static and no compiler, dtc, python3 or QEMU: the checks that need
# one of those are skipped, saying so). With xvm.ko loaded and a backend
# usable, the accelerator checks expect --accel auto to take it.
#
# Usage: selftests/vmctl/cli_test.sh     (after make -C userland/vmctl)
#        selftests/vmctl/cli_test.sh --build-guests DIR
#               only build the test guests (and own.dtb, with dtc) into DIR
# Env:   VMCTL, DEMO (the binaries), CROSS (aarch64-linux-gnu-),
#        CLI_GUESTS (a directory from --build-guests: use those guests
#        instead of building them), CLI_MEM (guest RAM in MiB of every run
#        that does not test --mem itself; default: vmctl's own, 256),
#        VMCTL_COMPLETION (vmctl.bash-completion).
# Output is TAP; the last line reads "N passed, M failed, K skipped".
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
VMCTL=${VMCTL:-$top/build/vmctl/vmctl}
DEMO=${DEMO:-$top/build/vmctl/demo.elf}
CROSS=${CROSS:-aarch64-linux-gnu-}
COMPLETION=${VMCTL_COMPLETION:-$top/userland/vmctl/vmctl.bash-completion}
guest_names="IMAGE HELLO UNDEF ABORT SEMIEXIT SMC HANG MMU RESET PSCI"

# The layout that follows from the guest RAM (vmctl's defaults: 256 MiB at
# 0x40000000, the device tree in its last 2 MiB).
if [ -n "${CLI_MEM:-}" ]; then
	[[ $CLI_MEM =~ ^[1-9][0-9]*$ ]] ||
		{ echo "cli_test: CLI_MEM wants MiB, not '$CLI_MEM'" >&2; exit 2; }
	mem=$CLI_MEM
	mem_args=(--mem "${mem}M")
else
	mem=256
	mem_args=()
fi
ram_end=$((0x40000000 + (mem << 20)))
dtb_at=$((ram_end - 0x200000))
x0=$(printf '%016x' "$dtb_at")	# the device tree's address as guests print it

hex() { printf '0x%x' "$1"; }

# build_guests DIR: the guests of guests.S, ELF and raw, and own.dtb (a
# device tree of our own for --dtb) when dtc exists. Prints what failed.
build_guests() {
	local d=$1 v ok=0
	mkdir -p "$d" || return 1
	for v in $guest_names; do
		"${CROSS}gcc" -nostdlib -nostartfiles -static -no-pie \
			-Wl,--build-id=none -Wl,-Ttext=0x40080000 -D"$v" \
			-o "$d/$v.elf" "$top/selftests/vmctl/guests.S" 2>"$d/err" &&
			"${CROSS}objcopy" -O binary "$d/$v.elf" "$d/$v.bin" ||
			{ echo "cannot build guest $v: $(head -n 3 "$d/err")"; ok=1; }
	done
	rm -f "$d/err"
	command -v dtc >/dev/null || return $ok
	cat >"$d/own.dts" <<EOF
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	compatible = "linux,dummy-virt";
	model = "cli-test board";
	memory@40000000 {
		device_type = "memory";
		reg = <0x0 0x40000000 0x0 $(hex $((mem << 20)))>;
	};
};
EOF
	dtc -q -I dts -O dtb -o "$d/own.dtb" "$d/own.dts" ||
		{ echo "dtc cannot build own.dtb"; ok=1; }
	rm -f "$d/own.dts"
	return $ok
}

if [ "${1:-}" = --build-guests ]; then
	[ $# = 2 ] || { echo "usage: $0 --build-guests DIR" >&2; exit 2; }
	build_guests "$2" >&2
	exit
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmctl-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
g=${CLI_GUESTS:-$tmp/g}
pass=0 fail=0 skipped=0 n=0 rc=0

# ---- the harness ---------------------------------------------------------

report() {			# NAME WHY ("" when it passed)
	n=$((n + 1))
	if [ -z "$2" ]; then
		pass=$((pass + 1))
		echo "ok $n - $1"
		return
	fi
	fail=$((fail + 1))
	echo "not ok $n - $1"
	echo "#   $2"
	if [ -f "$tmp/out" ]; then
		head -c 2000 "$tmp/out" | tail -n 8 | sed 's/^/#   stdout: /'
		tail -n 8 "$tmp/err" | sed 's/^/#   stderr: /'
	fi
}

skip() {			# NAME REASON
	n=$((n + 1))
	skipped=$((skipped + 1))
	echo "ok $n - $1 # SKIP $2"
}

# vm ARGS...: run vmctl, stdout and stderr to files, status in $rc. "run"
# gets --mem $CLI_MEM first (a later --mem wins).
vm() {
	[ "${1:-}" = run ] && set -- run "${mem_args[@]}" "${@:2}"
	"$VMCTL" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

# expect NAME STATUS [CHECK]...: judge the last vm. CHECKs:
#   out RE / err RE     stdout / stderr has a line matching RE
#   !out RE / !err RE   ... has none
#   noout / noerr       ... is empty
#   errlines N          stderr has exactly N lines
#   gone FILE           FILE does not exist
expect() {
	local name=$1 want=$2 why=""
	shift 2
	[ "$rc" = "$want" ] || why="exit status $rc, expected $want"
	while [ $# -gt 0 ] && [ -z "$why" ]; do
		case $1 in
		out) grep -qE -- "$2" "$tmp/out" || why="stdout lacks /$2/"
			shift ;;
		err) grep -qE -- "$2" "$tmp/err" || why="stderr lacks /$2/"
			shift ;;
		!out) ! grep -qE -- "$2" "$tmp/out" || why="stdout has /$2/"
			shift ;;
		!err) ! grep -qE -- "$2" "$tmp/err" || why="stderr has /$2/"
			shift ;;
		noout) [ ! -s "$tmp/out" ] || why="stdout is not empty" ;;
		noerr) [ ! -s "$tmp/err" ] || why="stderr is not empty" ;;
		errlines) [ "$(wc -l <"$tmp/err")" -eq "$2" ] ||
				why="stderr has $(wc -l <"$tmp/err") lines, not $2"
			shift ;;
		gone) [ ! -e "$2" ] || why="$2 was left behind"
			shift ;;
		*) why="bad check '$1'" ;;
		esac
		shift
	done
	report "$name" "$why"
}

# bad NAME RE ARGS...: bad input to "vmctl run": status 2, one line on
# stderr matching RE, and the console file it named never created.
bad() {
	local name=$1 re=$2
	shift 2
	rm -f "$tmp/left"
	vm run --console "file:$tmp/left" "$@"
	expect "bad input: $name" 2 err "$re" errlines 1 noout gone "$tmp/left"
}

# judge NAME WHY CMD...: CMD decides; WHY is the diagnosis when it fails.
judge() {
	local name=$1 why=$2
	shift 2
	if "$@"; then
		report "$name" ""
	else
		report "$name" "$why"
	fi
}

# ---- the test guests -------------------------------------------------------

echo "TAP version 13"
if [ -n "${CLI_GUESTS:-}" ]; then
	built=ok
	for v in $guest_names; do
		[ -f "$g/$v.elf" ] && [ -f "$g/$v.bin" ] ||
			built="guest $v missing in $g"
	done
	report "the test guests (prebuilt in $g)" \
		"$([ "$built" = ok ] || echo "$built")"
else
	built=$(build_guests "$g") && built=ok
	[ -n "$built" ] || built="cannot build the guests"
	report "the test guests build" "$([ "$built" = ok ] || echo "$built")"
fi
if [ "$built" != ok ] || [ ! -x "$VMCTL" ] || [ ! -f "$DEMO" ]; then
	echo "Bail out! need $VMCTL, $DEMO and the guests (make -C userland/vmctl)"
	echo "$pass passed, $((fail + 1)) failed, $skipped skipped"
	exit 1
fi
# raw NAME: R holds the arguments that load guest NAME as a raw binary.
raw() { R=(--kernel "$g/$1.bin" --load-addr 0x40100000); }
img=$g/IMAGE.bin
img_size=$(stat -c %s "$img")

# ---- the command line -------------------------------------------------------

vm --version
# The hardware backend --accel auto takes (as it tries them: VMX, else SVM).
be=none
if grep -q 'VMX usable' "$tmp/out"; then
	be=vmx
elif grep -q 'SVM usable' "$tmp/out"; then
	be=svm
fi
BE=$(echo "$be" | tr '[:lower:]' '[:upper:]')
echo "# hardware backend usable here: $be; guest RAM $mem MiB"
if [ -e /dev/xvm ]; then
	expect "--version names vmctl and xvm.ko's API" 0 \
		out '^vmctl [0-9]+\.[0-9]+' out '^xvm.ko: loaded, API version 1'
else
	expect "--version says xvm.ko is not loaded" 0 \
		out '^vmctl [0-9]+\.[0-9]+' out '^xvm.ko: not loaded'
fi
vm
expect "no command: usage, status 2" 2 err '^usage: vmctl'
vm --help
expect "--help lists the commands" 0 out '^  run ' out '^  list ' \
	out '^  stats ' out '^  events ' out '^  irq '
for c in run list stats events irq; do
	vm "$c" --help
	expect "$c --help" 0 out "^usage: vmctl $c"
done
vm help stats
expect "help COMMAND" 0 out '^usage: vmctl stats'
vm frobnicate
expect "unknown command" 2 err "'frobnicate' is not a vmctl command"
vm run --frobnicate
expect "unknown option" 2 err "unknown option '--frobnicate'" errlines 1
vm run --kernel
expect "option without its value" 2 err "'--kernel' needs a value"
vm run
expect "run without a kernel" 2 err 'no kernel'
vm run -q "$DEMO" "$DEMO"
expect "run with two images" 2 err "unexpected argument"

# ---- the demo guest -----------------------------------------------------------

vm run -q --kernel "$DEMO"
expect "the demo guest boots and powers off" 0 noerr \
	out '^xvm demo: a bare-metal AArch64 guest at EL1, MMU off' \
	out "^  device tree  $(hex $dtb_at), [0-9]+ bytes: linux,dummy-virt \"xvm virt\"" \
	out "^  memory       $mem MiB at 0x40000000" \
	out '^  cpus         1 x arm,cortex-a57, enable-method psci' \
	out '^  psci         arm,psci-1.0 via hvc' \
	out '^  devices      gic timer pl011 pl031' \
	out '^  stdout-path  /pl011@9000000' \
	out '^  bootargs     ""' \
	out '^  initrd       none' \
	out '^  timer        62500000 Hz' \
	out '^  psci         version 1.1, CPU_ON not supported' \
	out '^  76x30 points, 59860 iterations, picture fnv1a 0x7392db51' \
	out '^  powering off \(PSCI SYSTEM_OFF\)'
picture() { tr -d '\r' <"$1" | sed -n '/^ *[.,]/,/^$/p'; }
picture "$tmp/out" >"$tmp/pic.vmctl"
if command -v qemu-system-aarch64 >/dev/null; then
	timeout 60 qemu-system-aarch64 -M virt -cpu cortex-a57 -m 256 \
		-nographic -monitor none -serial stdio -kernel "$DEMO" \
		>"$tmp/qemu.out" 2>&1 </dev/null
	picture "$tmp/qemu.out" >"$tmp/pic.qemu"
	why=""
	[ "$(wc -l <"$tmp/pic.vmctl")" -ge 30 ] || why="no picture from vmctl"
	cmp -s "$tmp/pic.vmctl" "$tmp/pic.qemu" ||
		why="${why:-the pictures differ: $(diff "$tmp/pic.vmctl" "$tmp/pic.qemu" | head -n 4 | tr '\n' ' ')}"
	report "the demo draws the same picture as on QEMU" "$why"
else
	skip "the demo draws the same picture as on QEMU" "no qemu-system-aarch64"
fi
vm run -q --kernel "$DEMO" --append "color zoom=3"
expect "the demo in colour, zooming" 0 out '48;5;' out 'frame 3/3' \
	out 'powering off'
vm run -q "$DEMO"
expect "the kernel as the one argument" 0 out 'powering off'

# ---- accelerators ----------------------------------------------------------

if [ "$be" = none ]; then
	vm run --kernel "$DEMO"
	expect "--accel auto (default) says why it takes soft, in one line" 0 \
		err '^vmctl: .*; using the soft accelerator$' errlines 1
else
	vm run -v --kernel "$DEMO"
	expect "--accel auto (default) takes xvm.ko's $BE backend" 0 \
		err "^vmctl: running on xvm.ko's $BE backend: VM [0-9]+" \
		!err 'soft accelerator' out 'powering off'
fi
vm run --accel auto -q --kernel "$DEMO"
expect "--quiet drops the notice" 0 noerr out 'powering off'
vm run --accel soft --kernel "$DEMO"
expect "--accel soft: no notice" 0 noerr out 'powering off'
for a in vmx svm; do
	A=$(echo "$a" | tr '[:lower:]' '[:upper:]')
	if [ "$a" = "$be" ]; then
		vm run -q --accel "$a" --kernel "$DEMO"
		expect "--accel $a: the demo on xvm.ko's $A backend" 0 noerr \
			out 'powering off'
	elif [ "$be" != none ]; then
		vm run --accel "$a" --kernel "$DEMO"
		expect "--accel $a: refused here, says why in one line" 2 \
			err "^vmctl: --accel $a: $A is .* on this host$" \
			errlines 1 noout
	elif [ -e /dev/xvm ]; then
		vm run --accel "$a" --kernel "$DEMO"
		expect "--accel $a: not usable yet, says why" 2 \
			err "^vmctl: --accel $a: " errlines 1 noout
	elif grep -qw "$a" /proc/cpuinfo; then
		bad "--accel $a without xvm.ko" \
			"--accel $a: xvm.ko is not loaded \(no /dev/xvm\)$" \
			--accel "$a" --kernel "$DEMO"
	else
		bad "--accel $a without xvm.ko or $A" \
			"--accel $a: xvm.ko is not loaded \(no /dev/xvm\), and this CPU does not report $A either" \
			--accel "$a" --kernel "$DEMO"
	fi
done
bad "--accel kvm" "--accel 'kvm': choose auto, vmx, svm or soft" \
	--accel kvm --kernel "$DEMO"

# ---- run's options -----------------------------------------------------------

vm run -q --mem 64M --kernel "$DEMO"
expect "--mem 64M" 0 out '^  memory       64 MiB at 0x40000000' \
	out '^  device tree  0x43e00000'
# A hardware backend pins the guest's RAM: 1 GiB needs that much free.
avail=$(sed -n 's/^MemAvailable: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
if [ "$be" != none ] && [ "${avail:-0}" -lt $(((1024 + 128) << 10)) ]; then
	skip "--mem 1G" "the $BE backend pins guest RAM; only $((${avail:-0} >> 10)) MiB available"
else
	vm run -q --mem 1G --kernel "$DEMO"
	expect "--mem 1G" 0 out '^  memory       1024 MiB at 0x40000000'
fi
vm run -q --mem 32 --kernel "$DEMO"
expect "--mem 32 (MiB)" 0 out '^  memory       32 MiB'
bad "--mem 3M" "--mem '3M': give a multiple of 2 MiB" \
	--mem 3M --kernel "$DEMO"
bad "--mem 5M" "--mem '5M': give a multiple" --mem 5M --kernel "$DEMO"
bad "--mem 128G" "--mem '128G': give a multiple" --mem 128G --kernel "$DEMO"
bad "--mem lots" "--mem 'lots': give a size" --mem lots --kernel "$DEMO"
vm run -q --cpus 1 --kernel "$DEMO"
expect "--cpus 1" 0 out 'cpus         1 x'
bad "--cpus 2" "--cpus 2: only 1 vCPU is supported for now" \
	--cpus 2 --kernel "$DEMO"
bad "--cpus 0" "--cpus '0': give a number" --cpus 0 --kernel "$DEMO"
vm run -q --append "console=ttyAMA0 hello  world" --kernel "$DEMO"
expect "--append reaches /chosen/bootargs" 0 \
	out '^  bootargs     "console=ttyAMA0 hello  world"'

head -c 5000 /dev/urandom >"$tmp/initrd"
fnv1a() {			# FILE: its 32-bit FNV-1a hash
	local h=2166136261 b
	for b in $(od -An -v -tu1 "$1"); do
		h=$((((h ^ b) * 16777619) & 0xffffffff))
	done
	printf '0x%08x\n' "$h"
}
fnv=$(fnv1a "$tmp/initrd")
start=$(( (dtb_at - 5000) & ~4095 ))
vm run -q --initrd "$tmp/initrd" --kernel "$DEMO"
expect "--initrd: below the device tree, announced in /chosen, intact" 0 \
	out "^  initrd       $(hex $start)-$(hex $((start + 5000))), 5000 bytes, fnv1a $fnv"

vm run -q --console "file:$tmp/console" --kernel "$DEMO"
why=""
[ "$rc" = 0 ] || why="exit status $rc"
[ -s "$tmp/out" ] && why="stdout is not empty"
grep -q '59860 iterations' "$tmp/console" 2>/dev/null ||
	why="${why:-the file lacks the output of the guest}"
report "--console file:PATH" "$why"
vm run -q --console none --kernel "$DEMO"
expect "--console none" 0 noout noerr
bad "--console tty" "--console 'tty': choose stdio, file:PATH or none" \
	--console tty --kernel "$DEMO"
vm run -q --console "file:$tmp/no/such/dir/c" --kernel "$DEMO"
expect "--console file: in a missing directory" 2 err '--console file:' \
	errlines 1 gone "$tmp/no/such/dir/c"

raw SEMIEXIT
vm run -q --semihosting "${R[@]}"
expect "--semihosting: the guest's exit status" 42 noerr
raw SEMIEXIT
vm run -q "${R[@]}"
expect "semihosting off: HLT #0xf000 is undefined" 125 \
	err '^vmctl: guest crash at PC 0x40100008: undefined instruction 0xd45e0000 .*--semihosting' \
	errlines 1

s=${EPOCHREALTIME/[.,]/}
raw HANG
vm run -q --timeout 1 "${R[@]}"
ms=$(( (${EPOCHREALTIME/[.,]/} - s) / 1000 ))
expect "--timeout 1: status 124 after about a second ($ms ms)" 124 \
	out '^hanging' err '^vmctl: timeout: stopped the guest after 1 s' \
	errlines 1
judge "--timeout 1 took between 0.9 and 5 s" "$ms ms" \
	test "$ms" -ge 900 -a "$ms" -lt 5000
bad "--timeout 0" "--timeout '0': give a number of seconds" \
	--timeout 0 --kernel "$DEMO"
bad "--timeout soon" "--timeout 'soon'" --timeout soon --kernel "$DEMO"

raw RESET
vm run -q --no-reboot "${R[@]}"
expect "--no-reboot: a guest reset ends the run" 0 out '^boot 1$' \
	!out 'boot 2|reset returned'
judge "--no-reboot: one boot" "$(grep -c boot "$tmp/out") boots" \
	test "$(grep -c '^boot' "$tmp/out")" = 1
# Each boot makes a new VM: on a hardware backend that pins the guest's
# RAM, which takes about 0.3 s in the emulator rigs.
reset_t=0.5
[ "$be" = none ] || reset_t=5
raw RESET
vm run -q --timeout "$reset_t" "${R[@]}"
expect "SYSTEM_RESET reboots with the images reloaded" 124 \
	out '^boot 1$' !out 'boot [02-9]|reset returned'
judge "SYSTEM_RESET: several boots in $reset_t s" \
	"$(grep -c boot "$tmp/out") boots" \
	test "$(grep -c '^boot 1' "$tmp/out")" -ge 2

vm run -q -v --kernel "$img"
expect "--verbose prints the layout" 0 \
	err "^vmctl: RAM 0x40000000-$(hex $ram_end) \\($mem MiB\\)\$" \
	err "^vmctl: kernel '.*IMAGE.bin' \(0x40080000-$(hex $((0x40080000 + img_size + 4096)))\)$" \
	err "^vmctl: device tree \\($(hex $dtb_at)-$(hex $((dtb_at >> 16)))" \
	err "^vmctl: Linux arm64 Image, entry 0x40080000, x0 = $(hex $dtb_at)\$" \
	err '^vmctl: the guest powered off$'

raw HELLO
vm run -q "${R[@]}"
expect "--load-addr: a raw binary" 0 out "^hello x0=$x0\$"
bad "--load-addr with an ELF" "--load-addr is for raw binaries; .* is an AArch64 ELF" \
	--kernel "$DEMO" --load-addr 0x40100000
bad "--load-addr with an Image" "--load-addr is for raw binaries; .* is a Linux arm64 Image" \
	--kernel "$img" --load-addr 0x40100000
bad "a raw binary without --load-addr" \
	"is neither an AArch64 ELF nor a Linux arm64 Image \(give --load-addr" \
	--kernel "$g/HELLO.bin"
bad "--load-addr not 4-byte aligned" "--load-addr 0x40100002 is not 4-byte aligned" \
	--kernel "$g/HELLO.bin" --load-addr 0x40100002
bad "--load-addr nowhere" "--load-addr 'nowhere'" \
	--kernel "$g/HELLO.bin" --load-addr nowhere

# ---- how runs end -----------------------------------------------------------

raw UNDEF
vm run -q "${R[@]}"
expect "undefined instruction: 125, reason and PC in one line" 125 \
	err '^vmctl: guest crash at PC 0x40100004: undefined instruction 0x00000000$' \
	errlines 1
raw ABORT
vm run -q "${R[@]}"
expect "data abort: 125" 125 \
	err '^vmctl: guest crash at PC 0x40100004: data abort: 8-byte read at 0x10' \
	errlines 1
raw SMC
vm run -q "${R[@]}"
expect "SMC without EL3: 125" 125 \
	err '^vmctl: guest crash at PC 0x40100000: undefined instruction 0xd4000003' \
	errlines 1
raw MMU
vm run -q "${R[@]}"
expect "the guest MMU: 125, unsupported" 125 \
	err '^vmctl: guest crash at PC 0x40100008: unsupported: guest MMU' \
	errlines 1
raw PSCI
vm run -q "${R[@]}"
expect "PSCI: VERSION 1.1, FEATURES, CPU_ON refused, AFFINITY_INFO, CPU_OFF" 0 \
	out '^psci 0000000000010001 0000000000000000 ffffffffffffffff 0000000000000000$' \
	!out 'returned'

# ---- the Linux Image boot protocol -----------------------------------------

vm run -q --kernel "$img"
expect "Image: at RAM + text_offset, x0 = device tree, x1-x3 = 0, .bss zero" 0 \
	out "^image ok x0=$x0 at=0000000040080000\$"
vm run -q --mem 64M --kernel "$img" --initrd "$tmp/initrd" --append x
expect "Image with --mem 64M, --initrd, --append" 0 \
	out '^image ok x0=0000000043e00000 at=0000000040080000$'
head -c 60 "$img" >"$tmp/trunc60"
bad "Image cut inside its header" "truncated Linux Image \(60 bytes, the header alone is 64\)" \
	--kernel "$tmp/trunc60"
head -c 40 "$img" >"$tmp/trunc40"
bad "Image cut before its magic" "truncated Linux Image \(40 bytes" \
	--kernel "$tmp/trunc40"
head -c $((img_size - 8)) "$img" >"$tmp/trunc"
bad "Image shorter than its PE sections" \
	"truncated Linux Image \($((img_size - 8)) bytes, its sections need $img_size\)" \
	--kernel "$tmp/trunc"
patch() {			# FILE OFFSET BYTE...: overwrite bytes
	local f=$1 off=$2
	shift 2
	# shellcheck disable=SC2059 # the format is the bytes
	printf "$(printf '\\x%02x' "$@")" |
		dd of="$f" bs=1 seek="$off" conv=notrunc status=none
}
cp "$img" "$tmp/be"
patch "$tmp/be" 24 0x0b
bad "big-endian Image" "big-endian Linux Image" --kernel "$tmp/be"
cp "$img" "$tmp/huge"
patch "$tmp/huge" 16 0 0 0 0x20	# image_size 512 MiB
bad "Image larger than --mem" \
	"kernel '.*huge' \\(0x40080000-0x60080000\\) does not fit in guest RAM 0x40000000-$(hex $ram_end) \\(--mem $mem MiB\\)" \
	--kernel "$tmp/huge"
gzip -c "$img" >"$tmp/Image.gz"
bad "gzip-compressed Image" "gzip-compressed: decompress it first" \
	--kernel "$tmp/Image.gz"
head -c $((14 << 20)) /dev/zero >"$tmp/initrd14"
bad "kernel and initrd overlap" \
	"kernel '.*IMAGE.bin' \(0x40080000-0x4008[0-9a-f]+\) overlaps initrd '.*initrd14' \(0x40000000-0x40e00000\)" \
	--mem 16M --kernel "$img" --initrd "$tmp/initrd14"
rm -f "$tmp/initrd14"

# ---- other bad input ---------------------------------------------------------

bad "missing kernel" "cannot open kernel '$tmp/nothing': No such file or directory" \
	--kernel "$tmp/nothing"
bad "kernel is a directory" "kernel '$tmp' is not a regular file" \
	--kernel "$tmp"
mkfifo "$tmp/fifo"
bad "kernel is a FIFO" "kernel '$tmp/fifo' is not a regular file" \
	--kernel "$tmp/fifo"
bad "initrd is a device" "initrd '/dev/zero' is not a regular file" \
	--kernel "$DEMO" --initrd /dev/zero
: >"$tmp/empty"
bad "empty kernel" "kernel '$tmp/empty' is empty" --kernel "$tmp/empty"
if [ "$(id -u)" != 0 ]; then
	cp "$DEMO" "$tmp/secret" && chmod 000 "$tmp/secret"
	bad "unreadable kernel" "cannot open kernel '$tmp/secret': Permission denied" \
		--kernel "$tmp/secret"
else
	skip "unreadable kernel" "root reads every file"
fi
x86=$(type -P true)
[ -n "$x86" ] && x86=$(readlink -f "$x86")
if [ -n "$x86" ] && [ "$(head -c 4 "$x86" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
	bad "x86-64 ELF" "kernel '.*' is an x86-64 ELF image, not AArch64" \
		--kernel "$x86"
else
	skip "x86-64 ELF" "no ELF at $(type -P true)"
fi
# A 32-bit Arm ELF header (ELFCLASS32, little-endian, ET_EXEC, e_machine
# 40, entry 0x8000, e_phoff 52, e_ehsize 52, one 32-byte program header,
# e_shentsize 40) and 200 zero bytes; an x86 bzImage: 0x55aa at 0x1fe and
# "HdrS" at 0x202 in 4 KiB of zeros.
head -c 252 /dev/zero >"$tmp/arm32"
patch "$tmp/arm32" 0 0x7f 0x45 0x4c 0x46 1 1 1
patch "$tmp/arm32" 16 2 0 40 0 1 0 0 0 0 0x80 0 0 52 0 0 0
patch "$tmp/arm32" 40 52 0 32 0 1 0 40 0
head -c 4096 /dev/zero >"$tmp/bzImage"
patch "$tmp/bzImage" $((0x1fe)) 0x55 0xaa
patch "$tmp/bzImage" $((0x202)) 0x48 0x64 0x72 0x53
bad "32-bit Arm ELF" "is a 32-bit Arm ELF image, not AArch64" --kernel "$tmp/arm32"
bad "x86 bzImage" "is an x86 Linux kernel \(bzImage\), not an arm64 one" \
	--kernel "$tmp/bzImage"
out_at=$((ram_end + 0x10000000))	# 256 MiB past the end of RAM
bad "raw binary outside RAM" \
	"kernel '.*HELLO.bin' \\($(hex $out_at)-$(hex $((out_at >> 16)))[0-9a-f]+\\) does not fit in guest RAM" \
	--kernel "$g/HELLO.bin" --load-addr "$(hex $out_at)"
bad "kernel over the device tree" \
	"kernel '.*HELLO.bin' \\($(hex $dtb_at)-$(hex $((dtb_at >> 16)))[0-9a-f]+\\) overlaps device tree \\($(hex $dtb_at)-" \
	--kernel "$g/HELLO.bin" --load-addr "$(hex $dtb_at)"
head -c $((15 << 20)) /dev/zero >"$tmp/initrd15"
bad "initrd larger than --mem" \
	"initrd '.*initrd15' \(15728640 bytes\) does not fit in guest RAM below the device tree at 0x40e00000" \
	--mem 16M --kernel "$DEMO" --initrd "$tmp/initrd15"
rm -f "$tmp/initrd15"
bad "missing initrd" "cannot open initrd '$tmp/nothing'" \
	--kernel "$DEMO" --initrd "$tmp/nothing"
bad "missing --dtb" "cannot open --dtb '$tmp/nothing'" \
	--kernel "$DEMO" --dtb "$tmp/nothing"
head -c 4096 /dev/urandom >"$tmp/junk.dtb"
bad "--dtb that is no device tree" "--dtb '.*junk.dtb' is not a valid device tree blob: FDT_ERR_BADMAGIC" \
	--kernel "$DEMO" --dtb "$tmp/junk.dtb"

# ---- the device tree ----------------------------------------------------------

vm run --dump-dtb "$tmp/gen.dtb" --kernel "$DEMO" --initrd "$tmp/initrd" \
	--append "root=/dev/vda console=ttyAMA0"
expect "--dump-dtb writes the tree and exits" 0 noout
if command -v dtc >/dev/null; then
	judge "dtc reads the generated tree" "dtc failed" \
		dtc -q -I dtb -O dts -o "$tmp/gen.dts" "$tmp/gen.dtb"
	cp "$tmp/gen.dts" "$tmp/out"
	: >"$tmp/err"
	rc=0
	expect "device tree: root, memory, cpus" 0 \
		out 'compatible = "linux,dummy-virt";' \
		out '#address-cells = <0x02>;' out '#size-cells = <0x02>;' \
		out 'interrupt-parent = <0x01>;' \
		out 'memory@40000000 \{' out 'device_type = "memory";' \
		out "reg = <0x00 0x40000000 0x00 $(hex $((mem << 20)))>;" \
		out 'cpu@0 \{' out 'device_type = "cpu";' \
		out 'compatible = "arm,cortex-a57";' \
		out 'enable-method = "psci";'
	expect "device tree: psci 1.x through hvc, timer PPIs (virtual 27)" 0 \
		out 'psci \{' out 'compatible = "arm,psci-1.0\\0arm,psci-0.2";' \
		out 'method = "hvc";' \
		out 'compatible = "arm,armv8-timer";' \
		out 'interrupts = <0x01 0x0d 0x104 0x01 0x0e 0x104 0x01 0x0b 0x104 0x01 0x0a 0x104>;'
	expect "device tree: GICv2 at 0x08000000 and 0x08010000" 0 \
		out 'intc@8000000 \{' out 'compatible = "arm,cortex-a15-gic";' \
		out 'interrupt-controller;' out '#interrupt-cells = <0x03>;' \
		out 'reg = <0x00 0x8000000 0x00 0x10000 0x00 0x8010000 0x00 0x10000>;' \
		out 'phandle = <0x01>;'
	expect "device tree: PL011 (SPI 1) and PL031 with the APB clock" 0 \
		out 'apb-pclk \{' out 'compatible = "fixed-clock";' \
		out 'clock-frequency = <0x16e3600>;' out '#clock-cells = <0x00>;' \
		out 'pl011@9000000 \{' \
		out 'compatible = "arm,pl011\\0arm,primecell";' \
		out 'reg = <0x00 0x9000000 0x00 0x1000>;' \
		out 'interrupts = <0x00 0x01 0x04>;' \
		out 'clock-names = "uartclk\\0apb_pclk";' \
		out 'clocks = <0x02 0x02>;' \
		out 'pl031@9010000 \{' out 'compatible = "arm,pl031\\0arm,primecell";' \
		out 'reg = <0x00 0x9010000 0x00 0x1000>;' \
		out 'interrupts = <0x00 0x02 0x04>;'
	expect "device tree: /chosen" 0 \
		out 'bootargs = "root=/dev/vda console=ttyAMA0";' \
		out 'stdout-path = "/pl011@9000000";' \
		out "linux,initrd-start = <0x00 $(hex $start)>;" \
		out "linux,initrd-end = <0x00 $(hex $((start + 5000)))>;"
else
	for c in "dtc reads the generated tree" \
		"device tree: root, memory, cpus" \
		"device tree: psci 1.x through hvc, timer PPIs (virtual 27)" \
		"device tree: GICv2 at 0x08000000 and 0x08010000" \
		"device tree: PL011 (SPI 1) and PL031 with the APB clock" \
		"device tree: /chosen"; do
		skip "$c" "no dtc (device-tree-compiler)"
	done
fi
# own.dtb: built with the guests (where dtc is).
if [ -f "$g/own.dtb" ]; then
	vm run -q --kernel "$DEMO" --dtb "$g/own.dtb" --append "from vmctl" \
		--initrd "$tmp/initrd"
	expect "--dtb: the guest gets it, /chosen added" 0 \
		out "^  device tree  $(hex $dtb_at), [0-9]+ bytes: linux,dummy-virt \"cli-test board\"" \
		out '^  bootargs     "from vmctl"' \
		out "^  initrd       $(hex $start)-" out '^  cpus         0 x'
	head -c 100 "$g/own.dtb" >"$tmp/cut.dtb"
	bad "--dtb cut short" "is not a valid device tree blob: FDT_ERR_TRUNCATED" \
		--kernel "$DEMO" --dtb "$tmp/cut.dtb"
else
	skip "--dtb: the guest gets it, /chosen added" "no own.dtb (no dtc)"
	skip "bad input: --dtb cut short" "no own.dtb (no dtc)"
fi

# ---- bash completion ------------------------------------------------------------

comp() {			# WORDS...: what completing the last word offers
	"$BASH" -c 'source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_vmctl; echo "${COMPREPLY[*]}"' \
		"$COMPLETION" "$@" 2>&1
}
judge "completion: the commands" "$(comp vmctl '')" \
	test "$(comp vmctl '')" = "run list stats events irq help --version --help"
judge "completion: run's options" "$(comp vmctl run --no)" \
	test "$(comp vmctl run --no)" = "--no-reboot"
judge "completion: --accel values" "$(comp vmctl run --accel '')" \
	test "$(comp vmctl run --accel '')" = "auto vmx svm soft"
judge "completion: --console values" "$(comp vmctl run --console '')" \
	test "$(comp vmctl run --console '')" = "stdio none file:"
files=$(comp vmctl run --kernel "$g/HEL" | tr ' ' '\n' | sort | tr '\n' ' ')
judge "completion: --kernel takes files" "$files" \
	test "$files" = "$g/HELLO.bin $g/HELLO.elf "

# ---- monitoring ----------------------------------------------------------------

if [ ! -e /sys/module/xvm ]; then
	for c in list "list --json" "stats 1" "stats" events "irq 1 2 1"; do
		# shellcheck disable=SC2086 # a command and its arguments
		vm $c
		expect "$c without xvm.ko: status 1, says so" 1 \
			err "^vmctl: ${c%% *}: xvm.ko is not loaded" errlines 1 noout
	done
else
	vm list
	expect "list" 0 out '^ +ID +PID +UID BACKEND'
	vm list --json
	expect "list --json" 0 out '^\[.*\]$'
	vm irq 4294967295 2 1
	expect "irq on a VM that does not exist: status 1" 1 \
		err '^vmctl: irq: no VM 4294967295 ' errlines 1 noout
fi
vm list extra
expect "list with an argument" 2
vm stats one
expect "stats with a bad id" 2 err "'one' is not a VM id"
vm events --count 0
expect "events --count 0" 2
vm irq 1
expect "irq without SPI" 2 err '^usage: vmctl irq'
vm irq 1 2 7
expect "irq with level 7" 2 err "level '7' is neither 0 nor 1"
vm irq 1 2000
expect "irq with SPI 2000" 2 err "'2000' is not an SPI number"
vm irq 1 2 1 0
expect "irq with a fourth argument" 2 err '^usage: vmctl irq'
vm irq one 2
expect "irq with a bad VM id" 2 err "'one' is not a VM id"

# ---- signals and the terminal ----------------------------------------------------

raw HANG
"$VMCTL" run "${mem_args[@]}" -q "${R[@]}" >"$tmp/out" 2>"$tmp/err" </dev/null &
pid=$!
# Until the guest runs (slower to start on a hardware backend in a rig).
for _ in {1..100}; do
	grep -q '^hanging' "$tmp/out" && break
	sleep 0.1
done
sleep 0.1
kill -TERM "$pid"
wait "$pid"
rc=$?
expect "SIGTERM stops the guest and vmctl dies of it" 143 out '^hanging'

# The terminal checks drive vmctl on a pseudo-terminal: with python3, or
# with pty_check (selftests/vmctl/pty_check.c, the same checks in C) where
# there is none (the rigs); both print the same lines.
pty_tool=
if [ -n "${PTY_CHECK:-}" ] && [ -x "$PTY_CHECK" ]; then
	pty_tool=pty_check
	"$PTY_CHECK" "$VMCTL" "$g/HANG.bin" "${mem_args[@]}" >"$tmp/pty" 2>&1
elif command -v python3 >/dev/null; then
	pty_tool=python3
	python3 - "$VMCTL" "$g/HANG.bin" "${mem_args[@]}" >"$tmp/pty" 2>&1 <<'EOF'
# Run vmctl on a pseudo-terminal: raw mode while it runs, Ctrl-A h and
# Ctrl-A x, then SIGTERM; the terminal must be as before each time.
import os, select, signal, sys, termios, time

vmctl, hang = sys.argv[1:3]
mem = sys.argv[3:]		# --mem N, or nothing

def run(keys, sig=None):
    master, slave = os.openpty()
    before = termios.tcgetattr(slave)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.close(master)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.execv(vmctl, [vmctl, "run"] + mem + ["--kernel", hang,
                         "--load-addr", "0x40100000", "--timeout", "20"])
    out, raw_seen = b"", False
    deadline = time.time() + 15
    def read_until(what):
        nonlocal out
        while what not in out and time.time() < deadline:
            r, _, _ = select.select([master], [], [], 0.2)
            if r:
                try:
                    out += os.read(master, 4096)
                except OSError:
                    return
    read_until(b"hanging")
    attrs = termios.tcgetattr(slave)
    raw_seen = not (attrs[3] & termios.ICANON) and not (attrs[3] & termios.ECHO)
    for k, wait in keys:
        os.write(master, k)
        read_until(wait)
    if sig:
        os.kill(pid, sig)
    _, status = os.waitpid(pid, 0)
    while select.select([master], [], [], 0.1)[0]:
        out += os.read(master, 4096)
    after = termios.tcgetattr(slave)
    os.close(master)
    os.close(slave)
    return out.decode(errors="replace"), status, raw_seen, before == after

out, status, raw, same = run([(b"\x01h", b"Ctrl-A x  quit"), (b"\x01x", b"\n")])
print("ctrl-a: status=%d raw=%s restored=%s" % (status, raw, same))
print("ctrl-a: hint=%s help=%s quit=%s" % (
    "Ctrl-A x quits" in out, "Ctrl-A x  quit" in out,
    "Ctrl-A x: stopping the guest" in out))
out, status, raw, same = run([], signal.SIGTERM)
print("sigterm: signal=%d raw=%s restored=%s" % (
    os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0, raw, same))
EOF
fi
if [ -n "$pty_tool" ]; then
	cp "$tmp/pty" "$tmp/out"
	: >"$tmp/err"
	rc=0
	expect "on a terminal: raw mode, Ctrl-A h, Ctrl-A x (status 0), terminal restored" 0 \
		out '^ctrl-a: status=0 raw=True restored=True$' \
		out '^ctrl-a: hint=True help=True quit=True$'
	expect "on a terminal: SIGTERM restores the terminal" 0 \
		out '^sigterm: signal=15 raw=True restored=True$'
else
	skip "on a terminal: raw mode, Ctrl-A h, Ctrl-A x (status 0), terminal restored" "no python3 and no PTY_CHECK"
	skip "on a terminal: SIGTERM restores the terminal" "no python3 and no PTY_CHECK"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
