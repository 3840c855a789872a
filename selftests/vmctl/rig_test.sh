#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rig_test.sh - run module_test.sh (vmctl against xvm.ko),
# hw_corpus_test.sh (the engine's corpus on the hardware backend, against
# QEMU's results) and cli_test.sh (every option and error of vmctl, on the
# hardware backend) inside the emulator rigs, where the module loads with
# a usable hardware backend.
#
# Usage: selftests/vmctl/rig_test.sh [RIG...]     (default: svm vmx)
# Needs: make userland rig-modules, the corpus images
# (make -C selftests/engine/corpus) and bash-static (scripts/deps.sh):
# the rigs have only busybox, and cli_test.sh is a bash script. Prints each
# rig's TAP; exits non-zero if any rig failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck disable=SC1091
. "${XVM_CACHE:-/var/cache/xvm}/kernels.env" || exit 1
rigs=("$@")
[ ${#rigs[@]} -gt 0 ] || rigs=(svm vmx)

payload=$(mktemp -d "${TMPDIR:-/tmp}/vmctl-rig.XXXXXX")
trap 'rm -rf "$payload"' EXIT
for f in build/vmctl/vmctl build/vmctl/demo.elf; do
	[ -f "$f" ] || { echo "rig_test: $f missing (make userland)" >&2; exit 1; }
	cp "$f" "$payload/"
done
gcc -static -O2 -Wall -Wextra -Werror -I"$top/uapi" \
	-o "$payload/hold_vm" selftests/vmctl/hold_vm.c || exit 1
# cli_test.sh's terminal checks without python3.
gcc -static -O2 -Wall -Wextra -Werror \
	-o "$payload/pty_check" selftests/vmctl/pty_check.c -lutil || exit 1
install -m 0755 selftests/vmctl/module_test.sh "$payload/"
install -m 0755 selftests/vmctl/hw_corpus_test.sh "$payload/"

# cli_test.sh under bash-static, with its guests (and own.dtb) built here,
# per rig: the rigs have no compiler and no dtc. bash's process
# substitution (in vmctl.bash-completion) needs /dev/fd, which the rigs'
# devtmpfs lacks: the command links it, and mounts devpts for the
# terminal checks (pty_check).
[ -x /bin/bash-static ] ||
	{ echo "rig_test: /bin/bash-static missing (scripts/deps.sh)" >&2; exit 1; }
cp /bin/bash-static "$payload/bash"
install -m 0755 selftests/vmctl/cli_test.sh "$payload/"
cp userland/vmctl/vmctl.bash-completion "$payload/"
for v in HANG UNDEF; do
	"${CROSS:-aarch64-linux-gnu-}gcc" -nostdlib -nostartfiles -static \
		-no-pie -Wl,--build-id=none -Wl,-Ttext=0x40080000 -D"$v" \
		-o "$payload/$(echo "$v" | tr A-Z a-z).elf" \
		selftests/vmctl/guests.S || exit 1
done

# The corpus with QEMU's stdout and status for each image (cached).
TOP=$top
# shellcheck source=../engine/corpus/oracle.sh
. "$top/selftests/engine/corpus/oracle.sh"
mkdir -p "$payload/corpus"
for elf in "$GUESTS"/*.elf; do
	[ -e "$elf" ] || { echo "rig_test: no corpus images" >&2; exit 1; }
	name=$(basename "$elf" .elf)
	cp "$elf" "$payload/corpus/"
	oracle_run "$elf" "$payload/corpus/$name" 60 &
done
wait
# And random blocks of the engine's randtest (seed 1, 2,000 blocks, one
# image): every block's registers, flags and memory after it, printed.
rwork=$payload/rand-build
mkdir -p "$rwork"
make -s -C selftests/engine/corpus O="$GUESTS" randgen >&2 &&
	"$GUESTS/randgen/randgen" --seed 1 --first 0 --blocks 2000 \
		-o "$rwork/blocks.bin" &&
	make -s -C selftests/engine/corpus O="$GUESTS" rand-image \
		BLOB="$rwork/blocks.bin" >&2 || exit 1
cp "$rwork/rand.elf" "$payload/corpus/rand_seed1.elf"
rm -rf "$rwork"
oracle_run "$payload/corpus/rand_seed1.elf" "$payload/corpus/rand_seed1" 120
rm -f "$payload"/corpus/*.err

rc=0
for rig in "${rigs[@]}"; do
	# shellcheck disable=SC2154 # from kernels.env
	case $rig in
	svm) kver=$XVM_KVER_amd64 ;;
	vmx) kver=$XVM_KVER_cloud_amd64 ;;
	*) echo "rig_test: no rig '$rig' (svm, vmx)" >&2; exit 2 ;;
	esac
	ko=build/kmod/$kver/xvm.ko
	if [ ! -f "$ko" ]; then
		echo "rig_test: $ko missing (make rig-modules)" >&2
		rc=1
		continue
	fi
	cp "$ko" "$payload/xvm.ko"
	echo "# $rig rig, kernel $kver"
	# Two CPUs where the emulator allows (svm: -smp 2, single-threaded
	# TCG), so that two VMs really run at once and vCPUs migrate; and
	# there, RAM enough for cli_test.sh's pinned --mem 1G (vmx keeps its
	# 256 MiB: cli_test.sh skips that check, saying why).
	# The backends pin and map the guest's RAM before it runs, which costs
	# Bochs about 30 ms per MiB: cli_test.sh's runs take 64 MiB (svm) or
	# 16 MiB (vmx, where 64 would eat --timeout 1) where they test no --mem.
	opts=(-s 1)
	cli_mem=16
	if [ "$rig" = svm ]; then
		opts=(-s 2 -m 2G)
		cli_mem=64
	fi
	rm -rf "$payload/cli-guests"
	CLI_MEM=$cli_mem selftests/vmctl/cli_test.sh \
		--build-guests "$payload/cli-guests" || exit 1
	# shellcheck disable=SC2016 # $a, $b and $PWD expand in the guest
	scripts/rig/"$rig".sh -d "$payload" "${opts[@]}" -t 1500 -- \
		'./module_test.sh; a=$?; ./hw_corpus_test.sh; b=$?;' \
		'[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd;' \
		'mkdir -p /dev/pts; mount -t devpts -o ptmxmode=0666 devpts /dev/pts;' \
		'[ -e /dev/ptmx ] || ln -s pts/ptmx /dev/ptmx;' \
		"CLI_MEM=$cli_mem"' CLI_GUESTS=$PWD/cli-guests VMCTL=$PWD/vmctl' \
		'DEMO=$PWD/demo.elf VMCTL_COMPLETION=$PWD/vmctl.bash-completion' \
		'PTY_CHECK=$PWD/pty_check' \
		'./bash ./cli_test.sh && [ $a = 0 ] && [ $b = 0 ]' ||
		rc=1
done
exit $rc
