#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - code shared by the xvm emulator rigs (svm.sh and vmx.sh).
#
# Usage: not run directly. A rig script sets RIG_NAME and its defaults,
# defines the hooks below, sources this file and calls rig_main "$@".
#
#   rig_check_tools     fail (rig_die) if an emulator or tool is missing
#   rig_prepare         build the emulator's inputs in $RIG_WORK and fill
#                       the array RIG_EMU_ARGV with its command line (and
#                       RIG_EMU_WRAP with a prefix that execs it, e.g.
#                       unshare); the emulator must write the guest's
#                       ttyS0 to $RIG_CONSOLE and read nothing from stdin
#   rig_emu_diag        optional: print the emulator's own last complaints
#                       (RIG_EMU_LOG: the emulator's log file, if any; kept
#                       as LOG.emu when the run fails)
#   rig_emu_crash       optional: when the emulator stopped on its own
#                       without an exit marker, print why if the guest
#                       crashed (a triple fault), else nothing
#
# Variables a rig sets before rig_main: RIG_NAME (svm|vmx), RIG_FLAVOUR
# (Debian kernel flavour, e.g. amd64), RIG_KVM_MODULE (kvm-amd|kvm-intel),
# RIG_DEF_TIMEOUT, RIG_DEF_MEM, RIG_CMDLINE (rig-specific kernel args).
#
# Documentation/testing-rigs.rst describes the contract.

# ---- exit codes of the rig itself --------------------------------------
RIG_EXIT_PANIC=123
RIG_EXIT_TIMEOUT=124
RIG_EXIT_SETUP=125

XVM_CACHE=${XVM_CACHE:-/var/cache/xvm}
# depmod, modinfo: /usr/sbin is not in every user's PATH
PATH=$PATH:/usr/sbin:/sbin

rig_say() {
	printf '%s-rig: %s\n' "${RIG_NAME:-rig}" "$*" >&2
}

rig_die() {
	rig_say "error: $*"
	exit "$RIG_EXIT_SETUP"
}

# Milliseconds since the epoch, without forking.
rig_now_ms() {
	local t=${EPOCHREALTIME/./}
	echo $((t / 1000))
}

# "12345" ms -> "12.3"
rig_fmt_s() {
	printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100))
}

rig_usage() {
	cat <<EOF
Usage: scripts/rig/$RIG_NAME.sh [options] -- CMD...

Boot Debian's $RIG_KVER_HINT kernel in $RIG_EMU_HINT (which emulates
$RIG_HW_HINT), run CMD with 'sh -c' as root in the guest's /payload,
print CMD's output and exit with CMD's exit status.

Options:
  -d DIR   copy the contents of DIR into the guest's /payload (repeatable)
  -k       also give the guest the kernel's own irqbypass.ko, kvm.ko,
           $RIG_KVM_MODULE.ko and their dependencies (.BTF stripped): in
           /kmod, load order in /kmod/ORDER; 'modprobe $RIG_KVM_MODULE' works
  -t SECS  hard wall-clock limit for the whole run (default $RIG_DEF_TIMEOUT)
  -m MEM   guest RAM, e.g. 512M or 1G (default $RIG_DEF_MEM)
  -s N     number of vCPUs (default 1)
  -l FILE  keep the full serial log in FILE (default: a new file under
           \${XVM_RIG_LOGDIR:-/tmp/xvm-rig}, its path printed on stderr)
  -v       print the whole serial log instead of only CMD's output
  -h       show this help

In the guest: cwd /payload, PATH=/payload:/bin:/sbin, XVM_RIG=$RIG_NAME,
XVM_KVER=<kernel release>; /proc, /sys, /sys/kernel/debug, /dev and /tmp
are mounted.

Exit status: CMD's status, or
  $RIG_EXIT_PANIC  the guest kernel panicked (or oopsed: oops=panic)
  $RIG_EXIT_TIMEOUT  the -t limit was hit (boot or command)
  $RIG_EXIT_SETUP  setup error (bad option, missing emulator or kernel, no
       exit marker from the guest)

Environment: XVM_CACHE (default /var/cache/xvm), XVM_RIG_LOGDIR,
XVM_RIG_KVER (boot another kernel from \$XVM_CACHE/kernels),
XVM_RIG_APPEND (extra kernel command line, e.g. panic_on_warn=1).
EOF
}

# ---- options -------------------------------------------------------------
rig_parse_args() {
	RIG_DIRS=()
	RIG_KMOD=0
	RIG_TIMEOUT=$RIG_DEF_TIMEOUT
	RIG_MEM=$RIG_DEF_MEM
	RIG_SMP=1
	RIG_LOG=
	RIG_VERBOSE=0

	local opt
	OPTIND=1
	while getopts ':d:kt:m:s:l:vh' opt; do
		case $opt in
		d) RIG_DIRS+=("$OPTARG") ;;
		k) RIG_KMOD=1 ;;
		t) RIG_TIMEOUT=$OPTARG ;;
		m) RIG_MEM=$OPTARG ;;
		s) RIG_SMP=$OPTARG ;;
		l) RIG_LOG=$OPTARG ;;
		v) RIG_VERBOSE=1 ;;
		h) rig_usage; exit 0 ;;
		:) rig_die "option -$OPTARG needs an argument (see -h)" ;;
		*) rig_die "unknown option -$OPTARG (see -h)" ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# -gt 0 ] || rig_die "no command given; usage: $RIG_NAME.sh [options] -- CMD... (see -h)"
	RIG_CMD="$*"

	[[ $RIG_TIMEOUT =~ ^[1-9][0-9]*$ ]] ||
		rig_die "-t wants a positive number of seconds, not '$RIG_TIMEOUT'"
	[[ $RIG_SMP =~ ^[1-9][0-9]*$ ]] ||
		rig_die "-s wants a positive number of vCPUs, not '$RIG_SMP'"
	# Guest RAM in MiB: plain numbers are MiB, M and G suffixes allowed.
	if [[ $RIG_MEM =~ ^([1-9][0-9]*)[Mm]?$ ]]; then
		RIG_MEM_MB=${BASH_REMATCH[1]}
	elif [[ $RIG_MEM =~ ^([1-9][0-9]*)[Gg]$ ]]; then
		RIG_MEM_MB=$((BASH_REMATCH[1] * 1024))
	else
		rig_die "-m wants a size like 256M or 1G, not '$RIG_MEM'"
	fi
	[ "$RIG_MEM_MB" -ge 64 ] || rig_die "-m $RIG_MEM is too small (64M at least)"
	local d
	for d in "${RIG_DIRS[@]}"; do
		[ -d "$d" ] || rig_die "-d $d: not a directory"
	done
}

# Fail with a hint at the Debian package when a tool is missing.
rig_need() {
	local tool=$1 pkg=$2
	command -v "$tool" >/dev/null 2>&1 ||
		rig_die "$tool not found: install the Debian package '$pkg' (scripts/deps.sh installs everything)"
}

rig_need_file() {
	local file=$1 pkg=$2
	[ -f "$file" ] ||
		rig_die "$file not found: install the Debian package '$pkg' (scripts/deps.sh installs everything)"
}

# ---- kernel --------------------------------------------------------------
# Sets RIG_KVER, RIG_KROOT (the unpacked package), RIG_VMLINUZ.
rig_find_kernel() {
	local env=$XVM_CACHE/kernels.env var line
	var=XVM_KVER_${RIG_FLAVOUR//-/_}
	RIG_KVER=${XVM_RIG_KVER:-}
	if [ -z "$RIG_KVER" ]; then
		[ -f "$env" ] ||
			rig_die "$env not found: run scripts/deps.sh to fetch the rig kernels"
		# Parse, do not source: the file is data. A deps.sh running
		# right now may have it half written: look again for a while.
		local _
		for _ in $(seq 50); do
			while IFS= read -r line; do
				case $line in
				"$var="?*) RIG_KVER=${line#*=} ;;
				esac
			done <"$env"
			[ -z "$RIG_KVER" ] || break
			sleep 0.3
		done
		[ -n "$RIG_KVER" ] || rig_die "$env has no $var: run scripts/deps.sh"
	fi
	RIG_KROOT=$XVM_CACHE/kernels/$RIG_KVER
	RIG_VMLINUZ=$RIG_KROOT/boot/vmlinuz-$RIG_KVER
	[ -f "$RIG_VMLINUZ" ] ||
		rig_die "kernel $RIG_VMLINUZ not found: run scripts/deps.sh"
}

# Path, relative to the kernel's module tree, of module $1 (kvm_amd and
# kvm-amd are the same module), without the .ko and compression suffix.
rig_module_path() {
	local name=$1 tree=$RIG_KROOT/lib/modules/$RIG_KVER/kernel f
	f=$(find "$tree" \( -name "${name//_/-}.ko*" -o -name "${name//-/_}.ko*" \) \
		-print -quit)
	[ -n "$f" ] || return 1
	f=${f#"$tree"/}
	printf '%s\n' "${f%%.ko*}"
}

# Copy module $1 (a path from rig_module_path) of the rig kernel to file
# $2, decompressed and without .BTF (the type info only serves BPF, and
# checking it doubles insmod time in an emulator).
rig_copy_module() {
	local base=$RIG_KROOT/lib/modules/$RIG_KVER/kernel/$1 dest=$2
	mkdir -p "$(dirname "$dest")"
	if [ -f "$base.ko" ]; then
		cp "$base.ko" "$dest.tmp"
	elif [ -f "$base.ko.xz" ]; then
		xz -dc "$base.ko.xz" >"$dest.tmp"
	elif [ -f "$base.ko.zst" ]; then
		zstd -q -dc "$base.ko.zst" >"$dest.tmp"
	elif [ -f "$base.ko.gz" ]; then
		gzip -dc "$base.ko.gz" >"$dest.tmp"
	else
		rig_die "module $base.ko not found in the unpacked kernel package"
	fi
	objcopy --remove-section=.BTF "$dest.tmp" "$dest" ||
		rig_die "objcopy failed on $base"
	rm -f "$dest.tmp"
}

# Add module $1 and, first, the modules it depends on (depth first, so
# RIG_KMOD_ORDER ends up in a valid load order).
rig_add_module() {
	local name=${1//-/_} rel dep deps
	case " ${RIG_KMOD_SEEN:-} " in *" $name "*) return 0 ;; esac
	RIG_KMOD_SEEN="${RIG_KMOD_SEEN:-} $name"
	rel=$(rig_module_path "$name") ||
		rig_die "module $name not found under $RIG_KROOT/lib/modules/$RIG_KVER"
	rig_copy_module "$rel" "$RIG_WORK/root/lib/modules/$RIG_KVER/kernel/$rel.ko"
	deps=$(modinfo -F depends "$RIG_WORK/root/lib/modules/$RIG_KVER/kernel/$rel.ko")
	for dep in ${deps//,/ }; do
		rig_add_module "$dep"
	done
	RIG_KMOD_ORDER+=("$rel")
}

# -k: the kernel's own KVM modules and what they need (kvm-amd needs ccp
# in the amd64 flavour). They go to /lib/modules/<kver> with a modules.dep
# (so modprobe works), /kmod/<name>.ko links to them and /kmod/ORDER lists
# them in load order.
rig_add_kvm_modules() {
	local root=$RIG_WORK/root mods=$RIG_WORK/root/lib/modules/$RIG_KVER rel f
	RIG_KMOD_ORDER=()
	RIG_KMOD_SEEN=
	rig_add_module irqbypass
	rig_add_module kvm
	rig_add_module "$RIG_KVM_MODULE"
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		[ ! -f "$RIG_KROOT/lib/modules/$RIG_KVER/$f" ] ||
			cp "$RIG_KROOT/lib/modules/$RIG_KVER/$f" "$mods/"
	done
	depmod -b "$root" "$RIG_KVER" || rig_die "depmod failed"
	mkdir -p "$root/kmod"
	: >"$root/kmod/ORDER"
	for rel in "${RIG_KMOD_ORDER[@]}"; do
		ln -s "/lib/modules/$RIG_KVER/kernel/$rel.ko" "$root/kmod/${rel##*/}.ko"
		printf '%s\n' "${rel##*/}.ko" >>"$root/kmod/ORDER"
	done
}

# ---- initramfs -----------------------------------------------------------
# The guest's /init. It marks the start and the end of CMD on the console
# with lines carrying a per-run nonce, so neither the kernel nor CMD can
# fake them.
rig_write_init() {
	local f=$1
	cat >"$f" <<EOF
#!/bin/busybox sh
# /init of an xvm $RIG_NAME rig guest, generated by scripts/rig/lib.sh
/bin/busybox --install -s /bin
export PATH=/payload:/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TERM=dumb
export XVM_RIG=$RIG_NAME XVM_KVER=$RIG_KVER
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug
# No \\r before \\n from the tty: CMD's output reaches the log as written,
# while the kernel's console lines keep their \\r\\n (the host tells them
# apart by that and their timestamp).
stty -onlcr 2>/dev/null
# The markers are put together at run time: their text is nowhere in
# the guest, so not even 'cat /init' can print one.
n=$RIG_NONCE
printf '\\n@@XVM-RIG-%s-%s uptime=%s@@\\n' BEGIN "\$n" "\$(cut -d' ' -f1 /proc/uptime)"
cd /payload
sh -c "\$(cat /rig/cmd)" </dev/null 2>&1
rc=\$?
printf '\\n@@XVM-RIG-%s-%s rc=%d@@\\n' END "\$n" "\$rc"
# The UART sends asynchronously: wait until its tx counter stops moving,
# or poweroff -f would cut the end of the output.
prev=
for i in \$(seq 200); do
	cur=\$(grep -m1 '^0:' /proc/tty/driver/serial)
	[ "\$cur" = "\$prev" ] && break
	prev=\$cur
	sleep 0.05
done
poweroff -f
while :; do sleep 1; done
EOF
	chmod 755 "$f"
}

rig_build_initramfs() {
	local out=$1 root=$RIG_WORK/root d
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,payload,rig}
	cp /bin/busybox "$root/bin/busybox"
	printf '%s\n' "$RIG_CMD" >"$root/rig/cmd"
	rig_write_init "$root/init"
	for d in "${RIG_DIRS[@]}"; do
		cp -a "$d/." "$root/payload/" || rig_die "cannot copy -d $d"
	done
	if [ "$RIG_KMOD" = 1 ]; then
		rig_add_kvm_modules
	fi
	# Uncompressed newc archive, files owned by root, in a stable order.
	(cd "$root" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) >"$out" ||
		rig_die "cpio failed"
}

# Kernel command line shared by both rigs.
rig_kernel_cmdline() {
	printf '%s' "console=ttyS0,115200 rdinit=/init printk.time=1 oops=panic panic=-1 $RIG_CMDLINE ${XVM_RIG_APPEND:-}"
}

# ---- run and watch -------------------------------------------------------
rig_cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	if [ -n "${RIG_EMU_PID:-}" ] && kill -0 "$RIG_EMU_PID" 2>/dev/null; then
		kill -TERM "$RIG_EMU_PID" 2>/dev/null || true
		for _ in $(seq 20); do
			kill -0 "$RIG_EMU_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$RIG_EMU_PID" 2>/dev/null || true
		wait "$RIG_EMU_PID" 2>/dev/null || true
	fi
	if [ -n "${RIG_WORK:-}" ] && [ -d "$RIG_WORK" ]; then
		rm -rf "$RIG_WORK"
	fi
	exit "$rc"
}

# The log holds a marker? (-a: the log may hold binary junk)
rig_log_has() {
	grep -a -q -F -e "$1" "$RIG_LOG" 2>/dev/null
}

# The kernel panicked? Only a console record counts (timestamp, \r\n):
# CMD printing the words, e.g. from dmesg, does not.
rig_log_panic() {
	grep -a -q -E -e "\] Kernel panic - not syncing.*"$'\r'"\$" "$RIG_LOG" 2>/dev/null
}

# Split the log into CMD's output (file $1) and its status (printed, or
# "none" when the end marker is missing). Kernel console records are
# removed from the output: they end in \r\n, CMD's lines do not.
rig_extract() {
	perl -e '
		use strict; use warnings;
		my ($log, $nonce, $out) = @ARGV;
		open(my $in, "<:raw", $log) or die "$log: $!\n";
		local $/; my $s = <$in>; close($in);
		$s = "" unless defined $s;
		$s =~ s/\[ *\d+\.\d{6}\] [^\n]*\r\n//g;
		my ($o, $rc) = ("", "none");
		if ($s =~ /\@\@XVM-RIG-BEGIN-\Q$nonce\E [^\n]*\@\@\n/g) {
			my $from = pos($s);
			if ($s =~ /\n\@\@XVM-RIG-END-\Q$nonce\E rc=(\d+)\@\@/g) {
				$rc = $1;
				$o = substr($s, $from, $-[0] - $from);
			} else {
				$o = substr($s, $from);
			}
		}
		open(my $fh, ">:raw", $out) or die "$out: $!\n";
		print $fh $o; close($fh);
		print "$rc\n";
	' "$RIG_LOG" "$RIG_NONCE" "$1"
}

rig_log_tail() {
	rig_say "last lines of the serial log ($RIG_LOG):"
	tail -n "${1:-40}" "$RIG_LOG" | tr -d '\r' | sed 's/^/    /' >&2
}

# ERR trap: a command failing where nothing expected it is a setup error.
rig_internal_error() {
	rig_say "error: internal: '$2' failed (exit $3) at line $1 of ${BASH_SOURCE[1]:-?}"
	exit "$RIG_EXIT_SETUP"
}

# On failure keep the emulator's own output and log next to the serial
# log, as LOG.emu.
rig_keep_emu_log() {
	{
		echo "==== emulator command: ${RIG_EMU_ARGV[*]}"
		echo "==== emulator stdout/stderr"
		cat "$RIG_WORK/emu.out" 2>/dev/null || true
		if [ -n "${RIG_EMU_LOG:-}" ] && [ -f "$RIG_EMU_LOG" ]; then
			echo "==== $(basename "$RIG_EMU_LOG")"
			tail -n 2000 "$RIG_EMU_LOG"
		fi
	} >"$RIG_LOG.emu" 2>/dev/null || true
	rig_say "the emulator's own output is kept in $RIG_LOG.emu"
}

rig_main() {
	set -E
	trap 'rig_internal_error "$LINENO" "$BASH_COMMAND" "$?"' ERR
	rig_parse_args "$@"
	rig_check_tools
	rig_need cpio cpio
	rig_need perl perl
	rig_need_file /bin/busybox busybox-static
	if [ "$RIG_KMOD" = 1 ]; then
		rig_need objcopy binutils
		rig_need modinfo kmod
		rig_need depmod kmod
	fi
	rig_find_kernel

	trap rig_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	RIG_WORK=$(mktemp -d "${TMPDIR:-/tmp}/xvm-rig-$RIG_NAME.XXXXXX")
	RIG_NONCE=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')

	if [ -z "$RIG_LOG" ]; then
		local dir=${XVM_RIG_LOGDIR:-/tmp/xvm-rig}
		if [ ! -d "$dir" ]; then
			# shared by all users, like /tmp
			mkdir -p "$dir" 2>/dev/null && chmod 1777 "$dir" 2>/dev/null
			[ -d "$dir" ] || rig_die "cannot create the log directory $dir"
		fi
		RIG_LOG=$(mktemp "$dir/$RIG_NAME-$(date +%Y%m%d-%H%M%S)-XXXXXX.log")
	fi
	: >"$RIG_LOG" || rig_die "cannot write the log $RIG_LOG"
	RIG_LOG=$(readlink -f "$RIG_LOG")
	# The emulator writes through this link: no odd characters in its
	# configuration, and the log can be followed live.
	RIG_CONSOLE=$RIG_WORK/console.log
	ln -s "$RIG_LOG" "$RIG_CONSOLE"

	RIG_INITRD=$RIG_WORK/initrd.cpio
	rig_build_initramfs "$RIG_INITRD"
	RIG_EMU_ARGV=()
	RIG_EMU_WRAP=()
	rig_prepare
	# Should the rig itself be SIGKILLed, its trap cannot run: the
	# kernel then kills the emulator (parent-death signal; set after
	# any namespace change, which would clear it).
	if command -v setpriv >/dev/null 2>&1; then
		RIG_EMU_ARGV=(setpriv --pdeathsig KILL -- "${RIG_EMU_ARGV[@]}")
	fi
	RIG_EMU_ARGV=("${RIG_EMU_WRAP[@]}" "${RIG_EMU_ARGV[@]}")
	rig_say "kernel $RIG_KVER, ${RIG_MEM_MB}M, $RIG_SMP vCPU(s), limit ${RIG_TIMEOUT}s, log $RIG_LOG"

	# ---- run the emulator and watch the console
	local t0 now t_init='' t_end='' state=boot why=''
	t0=$(rig_now_ms)
	local deadline=$((t0 + RIG_TIMEOUT * 1000))
	"${RIG_EMU_ARGV[@]}" </dev/null >"$RIG_WORK/emu.out" 2>&1 &
	RIG_EMU_PID=$!
	while :; do
		now=$(rig_now_ms)
		if [ -z "$t_init" ] && rig_log_has "@@XVM-RIG-BEGIN-$RIG_NONCE"; then
			t_init=$now
		fi
		if rig_log_has "@@XVM-RIG-END-$RIG_NONCE"; then
			state=finished
			break
		fi
		if rig_log_panic; then
			state=panic
			# let the rest of the panic report arrive
			for _ in $(seq 20); do
				rig_log_has "---[ end Kernel panic" && break
				kill -0 "$RIG_EMU_PID" 2>/dev/null || break
				sleep 0.1
			done
			break
		fi
		if ! kill -0 "$RIG_EMU_PID" 2>/dev/null; then
			# one last look: it may have written the marker and quit
			rig_log_has "@@XVM-RIG-END-$RIG_NONCE" && { state=finished; break; }
			rig_log_panic && { state=panic; break; }
			state=died
			break
		fi
		if [ "$now" -ge "$deadline" ]; then
			state=timeout
			break
		fi
		sleep 0.2
	done
	t_end=$(rig_now_ms)
	if [ "$state" = finished ]; then
		# the guest powers itself off; do not wait long for it
		for _ in $(seq 50); do
			kill -0 "$RIG_EMU_PID" 2>/dev/null || break
			sleep 0.1
		done
	fi
	# stop the emulator before reading the log for the last time
	if kill -0 "$RIG_EMU_PID" 2>/dev/null; then
		kill -TERM "$RIG_EMU_PID" 2>/dev/null || true
		for _ in $(seq 20); do
			kill -0 "$RIG_EMU_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$RIG_EMU_PID" 2>/dev/null || true
	fi
	wait "$RIG_EMU_PID" 2>/dev/null || true
	RIG_EMU_PID=
	local t_stop
	t_stop=$(rig_now_ms)

	# ---- report
	local rc
	if [ "$state" != finished ]; then
		rig_keep_emu_log
	fi
	rc=$(rig_extract "$RIG_WORK/out") || rig_die "cannot parse the log $RIG_LOG"
	if [ "$RIG_VERBOSE" = 1 ]; then
		tr -d '\r' <"$RIG_LOG"
	else
		cat "$RIG_WORK/out"
	fi

	local init_s=never
	[ -z "$t_init" ] || init_s="$(rig_fmt_s $((t_init - t0)))s"
	rig_say "init reached: $init_s, stopped after $(rig_fmt_s $((t_end - t0)))s, total $(rig_fmt_s $((t_stop - t0)))s"

	case $state in
	finished)
		if [ "$rc" = none ]; then
			rig_log_tail
			rig_say "error: no exit marker in the serial log"
			exit "$RIG_EXIT_SETUP"
		fi
		rig_say "command exit status $rc"
		exit "$rc"
		;;
	panic)
		rig_log_tail 60
		rig_say "error: kernel panic in the guest (exit $RIG_EXIT_PANIC)"
		exit "$RIG_EXIT_PANIC"
		;;
	timeout)
		rig_log_tail 20
		if [ -z "$t_init" ]; then
			why="boot timeout: the guest did not reach init within ${RIG_TIMEOUT}s"
		else
			why="command timeout: the command was still running after ${RIG_TIMEOUT}s (init reached after $init_s)"
		fi
		rig_say "error: $why (exit $RIG_EXIT_TIMEOUT)"
		exit "$RIG_EXIT_TIMEOUT"
		;;
	died)
		rig_log_tail 20
		local crash=
		if declare -F rig_emu_crash >/dev/null; then
			crash=$(rig_emu_crash)
		fi
		if [ -n "$crash" ]; then
			rig_say "error: the guest crashed: $crash (exit $RIG_EXIT_PANIC)"
			exit "$RIG_EXIT_PANIC"
		fi
		rig_say "the emulator's own output:"
		tail -n 20 "$RIG_WORK/emu.out" | sed 's/^/    /' >&2
		if declare -F rig_emu_diag >/dev/null; then
			rig_emu_diag
		fi
		rig_say "error: the emulator stopped without an exit marker from the guest (exit $RIG_EXIT_SETUP)"
		exit "$RIG_EXIT_SETUP"
		;;
	esac
}
