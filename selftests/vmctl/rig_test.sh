#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rig_test.sh - run module_test.sh (vmctl against xvm.ko) and
# hw_corpus_test.sh (the engine's corpus on the hardware backend, against
# QEMU's results) inside the emulator rigs, where the module loads with a
# usable hardware backend.
#
# Usage: selftests/vmctl/rig_test.sh [RIG...]     (default: svm vmx)
# Needs: make userland rig-modules, and the corpus images
# (make -C selftests/engine/corpus). Prints each rig's TAP; exits non-zero
# if any rig failed.
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
install -m 0755 selftests/vmctl/module_test.sh "$payload/"
install -m 0755 selftests/vmctl/hw_corpus_test.sh "$payload/"
"${CROSS:-aarch64-linux-gnu-}gcc" -nostdlib -nostartfiles -static -no-pie \
	-Wl,--build-id=none -Wl,-Ttext=0x40080000 -DHANG \
	-o "$payload/hang.elf" selftests/vmctl/guests.S || exit 1

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
	scripts/rig/"$rig".sh -d "$payload" -t 1500 -- \
		'./module_test.sh; a=$?; ./hw_corpus_test.sh && [ $a = 0 ]' ||
		rc=1
done
exit $rc
