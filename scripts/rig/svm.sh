#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# svm.sh - the AMD SVM rig: run a command in a Debian 6.1 amd64 guest under
# QEMU TCG, whose "-cpu max" emulates AMD SVM with nested paging (NPT).
#
# Usage: scripts/rig/svm.sh [-d DIR]... [-k] [-t SECS] [-m MEM] [-s N]
#                           [-l LOGFILE] [-v] [-h] -- CMD...
#
# CMD runs with 'sh -c' as root in the guest's /payload (the contents of
# every -d DIR); the rig prints its output and exits with its status
# (123: guest kernel panic, 124: timeout, 125: setup error).
# Run with -h for the details, see Documentation/testing-rigs.rst.
# shellcheck source-path=SCRIPTDIR disable=SC2034 # RIG_* are read by lib.sh
set -euo pipefail

RIG_NAME=svm
RIG_FLAVOUR=amd64
RIG_KVM_MODULE=kvm-amd
RIG_DEF_TIMEOUT=300
RIG_DEF_MEM=512M
RIG_KVER_HINT="6.1 amd64"
RIG_EMU_HINT="QEMU TCG (q35, -cpu max)"
RIG_HW_HINT="AMD SVM with NPT"
RIG_CMDLINE=""

# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

rig_check_tools() {
	rig_need qemu-system-x86_64 qemu-system-x86
}

# Extract the ELF vmlinux from bzImage $1 into $2. The boot protocol
# header says where the compressed payload lies: setup_sects at 0x1f1,
# payload_offset at 0x248 and payload_length at 0x24c (protocol 2.08 and
# later), the offset counted from the end of the real-mode setup code.
rig_extract_vmlinux() {
	local img=$1 out=$2 setup off len start head
	[ "$(dd if="$img" bs=1 skip=$((0x202)) count=4 status=none)" = HdrS ] ||
		return 1
	setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$img" | tr -d ' ')
	[ "$setup" -ne 0 ] || setup=4
	off=$(od -An -tu4 -j $((0x248)) -N4 "$img" | tr -d ' ')
	len=$(od -An -tu4 -j $((0x24c)) -N4 "$img" | tr -d ' ')
	start=$(((setup + 1) * 512 + off))
	head=$(od -An -tx1 -j "$start" -N6 "$img" | tr -d ' \n')
	local unpack
	case $head in
	fd377a585a00) unpack=(xz -dc --single-stream) ;;
	1f8b*) unpack=(gzip -dc) ;;
	28b52ffd*) unpack=(zstd -q -dc) ;;
	02214c18*) unpack=(lz4 -q -dc) ;;
	*) return 1 ;;
	esac
	dd if="$img" bs=64K iflag=skip_bytes,count_bytes skip="$start" \
		count="$len" status=none | "${unpack[@]}" >"$out" || return 1
	[ "$(od -An -tx1 -N4 "$out" | tr -d ' \n')" = 7f454c46 ]
}

# QEMU boots an ELF vmlinux through its PVH note, skipping the real-mode
# setup and the in-guest decompression (slow under TCG). The result is
# cached next to the kernel and keyed by the vmlinuz's checksum.
rig_vmlinux() {
	local cache=$RIG_KROOT/vmlinux key tmp
	key=$(sha256sum "$RIG_VMLINUZ" | cut -d' ' -f1)
	if [ -f "$cache" ] && [ "$(cat "$cache.key" 2>/dev/null)" = "$key" ]; then
		RIG_KERNEL=$cache
		return
	fi
	if tmp=$(mktemp "$RIG_KROOT/.vmlinux.XXXXXX" 2>/dev/null); then
		if rig_extract_vmlinux "$RIG_VMLINUZ" "$tmp"; then
			chmod 644 "$tmp"
			mv -f "$tmp" "$cache"
			printf '%s\n' "$key" >"$cache.key.$$"
			mv -f "$cache.key.$$" "$cache.key"
			RIG_KERNEL=$cache
			return
		fi
		rm -f "$tmp"
		rig_die "cannot extract vmlinux from $RIG_VMLINUZ"
	fi
	# read-only cache: extract for this run only
	RIG_KERNEL=$RIG_WORK/vmlinux
	rig_extract_vmlinux "$RIG_VMLINUZ" "$RIG_KERNEL" ||
		rig_die "cannot extract vmlinux from $RIG_VMLINUZ"
}

rig_prepare() {
	local accel=tcg
	# Multi-threaded TCG corrupts nested guests: one thread for all vCPUs.
	[ "$RIG_SMP" -eq 1 ] || accel=tcg,thread=single
	rig_vmlinux
	RIG_EMU_LOG=$RIG_WORK/qemu.log
	RIG_EMU_ARGV=(
		qemu-system-x86_64
		-machine q35 -accel "$accel" -cpu max
		-smp "$RIG_SMP" -m "${RIG_MEM_MB}M"
		-nodefaults -no-user-config -display none -monitor none
		-no-reboot -d cpu_reset -D "$RIG_EMU_LOG"
		-chardev "file,id=con0,path=${RIG_CONSOLE//,/,,}"
		-serial chardev:con0
		-kernel "$RIG_KERNEL" -initrd "$RIG_INITRD"
		-append "$(rig_kernel_cmdline)"
	)
}

# -no-reboot makes a guest reset end QEMU; -d cpu_reset logs whether a
# triple fault caused it (a crash, as opposed to a reboot).
rig_emu_crash() {
	if grep -a -q '^Triple fault' "$RIG_WORK/qemu.log" 2>/dev/null; then
		echo "triple fault (QEMU reset the machine)"
	fi
}

rig_main "$@"
