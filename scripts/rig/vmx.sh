#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vmx.sh - the Intel VMX rig: run a command in a Debian 6.1 cloud-amd64
# guest under Bochs, whose corei7_skylake_x CPU model emulates VMX with EPT.
#
# Usage: scripts/rig/vmx.sh [-d DIR]... [-k] [-t SECS] [-m MEM] [-s N]
#                           [-l LOGFILE] [-v] [-h] -- CMD...
#
# CMD runs with 'sh -c' as root in the guest's /payload (the contents of
# every -d DIR); the rig prints its output and exits with its status
# (123: guest kernel panic, 124: timeout, 125: setup error).
# Run with -h for the details, see Documentation/testing-rigs.rst.
# shellcheck source-path=SCRIPTDIR disable=SC2034 # RIG_* are read by lib.sh
set -euo pipefail

RIG_NAME=vmx
RIG_FLAVOUR=cloud-amd64
RIG_KVM_MODULE=kvm-intel
RIG_DEF_TIMEOUT=900
RIG_DEF_MEM=256M
RIG_KVER_HINT="6.1 cloud-amd64"
RIG_EMU_HINT="Bochs (corei7_skylake_x)"
RIG_HW_HINT="Intel VMX with EPT"

# Emulated instructions per second of guest time. Bochs runs about 25M
# instructions per wall-clock second, so guest time runs at half speed.
RIG_IPS=${XVM_RIG_BOCHS_IPS:-50000000}
RIG_BOCHS_CPU=corei7_skylake_x

# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

[[ $RIG_IPS =~ ^[1-9][0-9]{6,9}$ ]] ||
	rig_die "XVM_RIG_BOCHS_IPS=$RIG_IPS: want instructions per second, e.g. 50000000"
# Bochs' TSC ticks once per instruction: tell the kernel its rate, or
# the calibration against the emulated PIT takes long and comes out wrong.
# The rest shortens the boot, which is costly at 25M instructions/s:
# quiet (the 8250 console is slow in Bochs), no crypto self-tests, no
# KASLR or speculation mitigations.
RIG_CMDLINE="tsc_early_khz=$((RIG_IPS / 1000)) quiet cryptomgr.notests nokaslr mitigations=off"

RIG_ISOLINUX=/usr/lib/ISOLINUX/isolinux.bin
RIG_LDLINUX=/usr/lib/syslinux/modules/bios/ldlinux.c32
RIG_BIOS=/usr/share/bochs/BIOS-bochs-latest
RIG_VGABIOS=/usr/share/vgabios/vgabios.bin

rig_check_tools() {
	rig_need bochs-bin bochs
	rig_need_file "$RIG_BIOS" bochsbios
	rig_need_file "$RIG_VGABIOS" vgabios
	rig_need_file "$RIG_ISOLINUX" isolinux
	rig_need_file "$RIG_LDLINUX" syslinux-common
	rig_need xorriso xorriso
}

rig_prepare() {
	local iso=$RIG_WORK/iso
	# Bochs has no direct kernel boot: an isolinux CD carries the
	# bzImage and the initramfs (uncompressed: unpacking it in the guest
	# would cost more than reading it from the emulated CD).
	mkdir -p "$iso/isolinux"
	cp "$RIG_ISOLINUX" "$RIG_LDLINUX" "$iso/isolinux/"
	cp "$RIG_VMLINUZ" "$iso/vmlinuz"
	mv "$RIG_INITRD" "$iso/initrd"
	cat >"$iso/isolinux/isolinux.cfg" <<-EOF
		DEFAULT rig
		PROMPT 0
		TIMEOUT 0
		LABEL rig
		  KERNEL /vmlinuz
		  INITRD /initrd
		  APPEND $(rig_kernel_cmdline)
	EOF
	xorriso -as mkisofs -quiet -o "$RIG_WORK/boot.iso" \
		-b isolinux/isolinux.bin -c isolinux/boot.cat \
		-no-emul-boot -boot-load-size 4 -boot-info-table "$iso" \
		>"$RIG_WORK/xorriso.out" 2>&1 ||
		{ cat "$RIG_WORK/xorriso.out" >&2; rig_die "xorriso failed"; }
	rm -rf "$iso"

	# Headless: Debian's Bochs has only the rfb and wx display libraries
	# (no nogui, no term); rfb with timeout=0 does not wait for a VNC
	# client. It listens on 0.0.0.0, on the first free TCP port from 5900
	# up (50 tried), with no password: see rig_netns below.
	# ignore_bad_msrs=1: Linux reads MSRs Bochs lacks (0x1a0 first) and
	# would take a #GP and triple-fault early. reset_on_triple_fault=0
	# and panic: action=fatal make a triple fault end Bochs, not reboot.
	# The Bochs debugger (compiled in) stops at a prompt unless told to
	# continue (-rc), and reads nothing else: stdin is /dev/null.
	cat >"$RIG_WORK/bochsrc" <<-EOF
		config_interface: textconfig
		display_library: rfb, options="timeout=0"
		plugin_ctrl: unmapped=0, biosdev=0, speaker=0, extfpuirq=0, parallel=0, gameport=0, iodebug=0
		memory: guest=$RIG_MEM_MB, host=$RIG_MEM_MB
		romimage: file=$RIG_BIOS
		vgaromimage: file=$RIG_VGABIOS
		cpu: model=$RIG_BOCHS_CPU, count=$RIG_SMP, ips=$RIG_IPS, reset_on_triple_fault=0, ignore_bad_msrs=1
		ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
		ata0-master: type=cdrom, path=$RIG_WORK/boot.iso, status=inserted
		boot: cdrom
		clock: sync=none, time0=946684800
		com1: enabled=1, mode=file, dev=$RIG_CONSOLE
		mouse: enabled=0
		log: $RIG_WORK/bochs.log
		panic: action=fatal
		error: action=report
		info: action=report
		debug: action=ignore
	EOF
	printf 'c\n' >"$RIG_WORK/bochs.rc"
	RIG_EMU_LOG=$RIG_WORK/bochs.log
	RIG_EMU_ARGV=(bochs-bin -q -f "$RIG_WORK/bochsrc" -rc "$RIG_WORK/bochs.rc")
	rig_netns
}

# Run Bochs in a network namespace of its own where one can be had (root,
# or unprivileged user namespaces): its VNC server is then reachable from
# nowhere and never competes for a port with another rig. unshare execs
# Bochs (no fork), so the rig still holds Bochs' own PID.
rig_netns() {
	local ns=()
	if [ "${XVM_RIG_NETNS:-1}" = 0 ]; then
		:
	elif ! command -v unshare >/dev/null 2>&1; then
		:
	elif unshare --net true 2>/dev/null; then
		ns=(unshare --net)
	elif unshare --user --map-root-user --net true 2>/dev/null; then
		ns=(unshare --user --map-root-user --net)
	fi
	if [ ${#ns[@]} -eq 0 ]; then
		rig_say "note: no network namespace; Bochs' VNC server listens on a port from 5900 on all interfaces"
		return 0
	fi
	RIG_EMU_WRAP=("${ns[@]}")
}

# Bochs' own panics and errors (a triple fault shows up here).
rig_emu_diag() {
	[ -f "$RIG_WORK/bochs.log" ] || return 0
	rig_say "Bochs panics and errors:"
	grep -a -E '^[0-9]+[pe]\[' "$RIG_WORK/bochs.log" |
		grep -v 'Unknown register' | tail -n 10 | sed 's/^/    /' >&2 || true
}

# With reset_on_triple_fault=0 Bochs stops on a triple fault: it says so
# in its log as a panic on the 3rd exception.
rig_emu_crash() {
	if grep -a -q -E '3rd \([0-9]+\) exception with no resolution|triple fault' \
		"$RIG_WORK/bochs.log" 2>/dev/null; then
		echo "triple fault (Bochs stopped)"
	fi
}

rig_main "$@"
