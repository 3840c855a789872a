#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# module_test.sh - vmctl with xvm.ko loaded, as root: --version, list,
# stats, events and irq while a VM exists (hold_vm keeps one), their errors,
# how --accel chooses, the demo on the hardware backend, and list/stats
# while a guest runs.
# Busybox sh is enough: rig_test.sh runs it inside the svm and vmx rigs,
# next to vmctl, demo.elf, hang.elf, hold_vm and xvm.ko (loaded here if
# needed).
# Output is TAP; the last line reads "N passed, M failed".
# shellcheck disable=SC2016 # checks are eval'ed: they expand when run
cd "$(dirname "$0")" || exit 1
n=0
pass=0
fail=0

check() {			# NAME COMMAND...: one TAP line
	name=$1
	shift
	n=$((n + 1))
	if "$@"; then
		pass=$((pass + 1))
		echo "ok $n - $name"
	else
		fail=$((fail + 1))
		echo "not ok $n - $name"
		sed 's/^/#   out: /' out | tail -n 6
		sed 's/^/#   err: /' err | tail -n 6
	fi
}

has() { grep -qE -- "$1" "${2:-out}"; }
# events_done PID: give "vmctl events --count" 5 s to see its events.
events_done() {
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill "$1" 2>/dev/null
}
status() { [ "$rc" = "$1" ]; }
vm() { ./vmctl "$@" >out 2>err </dev/null; rc=$?; }
# hold_vm's XVM_GET_SPI_STATE of SPI 7 (3: high and pending, 0: low)
spi7() {
	before=$(grep -c '^spi ' held)
	kill -USR1 "$holder"
	i=0
	while [ "$(grep -c '^spi ' held)" = "$before" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(grep '^spi ' held | tail -n 1)" = "spi 7 $1" ]
}

echo "TAP version 13"
[ -e /dev/xvm ] || insmod ./xvm.ko
vm --version
check "--version: the module's API version" has '^xvm.ko: loaded, API version 1;'
if has 'VMX usable'; then
	be=vmx other=svm
elif has 'SVM usable'; then
	be=svm other=vmx
else
	be=none other=none
fi
echo "# hardware backend usable here: $be"

vm list
check "list: header, no VM" eval 'status 0 && [ "$(wc -l <out)" = 1 ] && has "^ +ID +PID +UID BACKEND STATE +VCPUS  MEMORY$"'
vm list --json
check "list --json: []" eval 'status 0 && [ "$(cat out)" = "[]" ]'

./vmctl events --json --count 2 >ev.json 2>&1 &
events=$!
sleep 1
./hold_vm 30 7 >held 2>&1 &
holder=$!
i=0
while ! grep -q '^vm ' held && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
id=$(sed -n 's/^vm \([0-9]*\)$/\1/p' held)
check "hold_vm made a VM" [ -n "$id" ]
id=${id:-0}

vm list
check "list: the VM, its owner, backend and memory" eval \
	'status 0 && has "^ +$id +$holder +0 (vmx|svm) +created +1  16 MiB$"'
vm list --json
check "list --json: the VM" eval \
	'status 0 && has "^\[\{\"id\":$id,\"owner_pid\":$holder,\"owner_uid\":0,\"mem_bytes\":16777216,\"vcpus\":1,\"backend\":\"(vmx|svm)\",\"state\":\"created\"\}\]$"'
vm stats "$id"
check "stats VM" eval 'status 0 && has "^VM $id$" && has "^  translations +0$" && has "^    intr +0$"'
vm stats --json "$id"
check "stats --json VM" eval \
	'status 0 && has "^\[\{\"id\":$id,\"translations\":0,\"code_cache_bytes\":0,\"guest_insns\":0,\"vm_entries\":0,\"exits\":\{\}\}\]$"'
vm stats
check "stats: every VM" eval 'status 0 && has "^VM $id$"'

check "irq: SPI 7 starts low" spi7 0
vm irq "$id" 7
check "irq VM SPI: asserts it (level 1 by default)" eval 'status 0 && spi7 3'
vm irq "$id" 7 0
check "irq VM SPI 0: deasserts it" eval 'status 0 && spi7 0'
vm irq "$id" 7 1
check "irq VM SPI 1: asserts it" eval 'status 0 && spi7 3'
vm irq "$id" 300 1
check "irq: an SPI the VM lacks is EINVAL, status 1" eval \
	'status 1 && has "^vmctl: irq: VM $id has no SPI 300, .*: Invalid argument$" err && spi7 3'
vm irq "$id" 7 2
check "irq: level 2 is a usage error, status 2" eval 'status 2 && spi7 3'

{ kill "$holder" && wait "$holder"; } 2>/dev/null
events_done "$events"
cp ev.json out
: >err
check "events --json: created, then destroyed" eval \
	'has "^\{\"event\":\"created\",\"id\":$id,\"owner_pid\":$holder," &&
	 has "^\{\"event\":\"destroyed\",\"id\":$id," &&
	 [ "$(wc -l <ev.json)" = 2 ]'
vm stats "$id"
check "stats of a VM that is gone: status 1" eval \
	'status 1 && has "^vmctl: stats: no VM $id " err'
vm irq "$id" 7
check "irq on a VM that is gone: status 1" eval \
	'status 1 && has "^vmctl: irq: no VM $id " err'

if [ "$be" != none ]; then
	vm run -q --accel "$be" --mem 64M --kernel demo.elf
	check "--accel $be: the demo runs on the module, status 0" eval \
		'status 0 && has "59860 iterations, picture fnv1a 0x7392db51"'
	vm run -q --accel "$other" --kernel demo.elf
	check "--accel $other: not usable here, status 2" eval \
		'status 2 && has "^vmctl: --accel $other: [A-Z]+ is .* on this host$" err'
	vm run -v --mem 64M --kernel demo.elf
	check "--accel auto: picks the module, no notice" eval \
		'status 0 && has "running on xvm.ko.s [A-Z]+ backend" err &&
		 ! has "using the soft accelerator" err &&
		 has "59860 iterations, picture fnv1a 0x7392db51"'

	# events of a guest that crashes on the module: created, crash,
	# destroyed, and nothing else (vmctl makes no other VM).
	./vmctl events --json --count 3 >ev3.json 2>&1 &
	events=$!
	sleep 1
	vm run -q --accel "$be" --mem 64M --kernel undef.elf
	check "--accel $be: a guest crash, status 125, reason and PC" eval \
		'status 125 && has "^vmctl: guest crash at PC 0x[0-9a-f]+: undefined instruction 0x00000000$" err'
	events_done "$events"
	cp ev3.json out
	crashed=$(sed -n 's/^{"event":"crash","id":\([0-9]*\),.*/\1/p' ev3.json)
	check "events --json of the crashed guest: created, crash, destroyed" eval \
		'[ -n "$crashed" ] &&
		 has "^\{\"event\":\"created\",\"id\":$crashed," &&
		 has "^\{\"event\":\"destroyed\",\"id\":$crashed," &&
		 [ "$(wc -l <ev3.json)" = 3 ]'

	# list and stats while a guest runs (it spins until --timeout).
	./vmctl run -q --accel "$be" --mem 64M --timeout 30 --kernel hang.elf \
		>hang.out 2>hang.err </dev/null &
	runner=$!
	i=0
	while ! ./vmctl list 2>/dev/null | grep -q ' running ' && [ $i -lt 50 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	vm list
	check "list: the running guest, state running" eval \
		'status 0 && has "^ +[0-9]+ +$runner +0 +$be +running +1 +64 MiB$"'
	id=$(awk -v p="$runner" '$2 == p { print $1 }' out)
	vm stats "${id:-0}"
	check "stats of the running guest" eval \
		'status 0 && has "^ +translations +[1-9]" && has "^ +VM entries +[1-9]"'
	kill -TERM "$runner"
	wait "$runner"
	rc=$?
	check "SIGTERM stops the running guest: status 143" eval \
		'[ "$rc" = 143 ]'
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
