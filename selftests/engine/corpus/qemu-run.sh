#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# qemu-run.sh - run one bare-metal test image under QEMU, the oracle of
# the engine's differential tests. It takes xvm-soft's command line, so it
# can also stand in for xvm-soft (XVM_SOFT=.../qemu-run.sh):
#
#   qemu-run.sh [--semihosting] [--mem SIZE] [--timeout SECONDS]
#               [--load-addr ADDR] IMAGE
#
# Semihosting output and the PL011 share one multiplexed stdio chardev, so
# both reach stdout in program order (vCPU writes to either are synchronous)
# and nothing goes to stderr but QEMU's own complaints. The exit status is
# the guest's SYS_EXIT_EXTENDED code, or 124 when the timeout expires.
set -u

mem=256M
limit=30
load_addr=
image=

usage() {
	echo "usage: $0 [--semihosting] [--mem SIZE] [--timeout SECONDS]" \
	     "[--load-addr ADDR] IMAGE" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--semihosting) ;;
	--mem) mem=$2; shift ;;
	--timeout) limit=$2; shift ;;
	--load-addr) load_addr=$2; shift ;;
	-*) usage ;;
	*) [ -z "$image" ] || usage; image=$1 ;;
	esac
	shift
done
[ -n "$image" ] || usage

# A raw binary goes through the generic loader, which also sets the PC.
if [ -n "$load_addr" ]; then
	load=(-device "loader,file=$image,addr=$load_addr,cpu-num=0")
else
	load=(-kernel "$image")
fi

exec timeout -k 5 "$limit" "${QEMU:-qemu-system-aarch64}" \
	-M virt -cpu cortex-a57 -m "$mem" -nographic -monitor none \
	-chardev stdio,id=con,mux=on,signal=off -serial chardev:con \
	-semihosting-config enable=on,target=native,chardev=con \
	"${load[@]}" </dev/null
