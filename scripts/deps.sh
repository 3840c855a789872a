#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# deps.sh - install every build and test dependency of xvm from Debian
# packages. Idempotent: when everything is present it touches nothing and
# needs no network.
#
# Besides the packages, it fetches (never installs) the two Debian 6.1 kernel
# images the rigs boot, and unpacks them under $XVM_CACHE/kernels/<version>.
set -euo pipefail

XVM_CACHE=${XVM_CACHE:-/var/cache/xvm}
APT=(apt-get -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends)
export DEBIAN_FRONTEND=noninteractive

# The kernel flavours the module is built for and the rigs boot.
FLAVOURS=(amd64 cloud-amd64)

PKGS=(
	build-essential make gcc libc6-dev bc kmod cpio xz-utils perl python3
	binutils file pkg-config
	linux-headers-amd64 linux-headers-cloud-amd64 linux-source-6.1
	qemu-system-x86 qemu-system-arm qemu-user
	bochs bochsbios vgabios isolinux syslinux-common xorriso
	busybox-static bash-static
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
	dkms sparse
	libnl-3-dev libnl-genl-3-dev libfdt-dev device-tree-compiler
	python3-docutils
)

missing=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	apt-get -q -o DPkg::Lock::Timeout=600 update
	"${APT[@]}" install "${missing[@]}"
else
	echo "deps: all ${#PKGS[@]} packages present"
fi

# Kernel images for the rigs: the ABI comes from the flavour's metapackage so
# that a Debian point release moves the rigs and the headers together.
abi_of() {
	apt-cache depends "linux-headers-$1" 2>/dev/null |
		sed -n "s/.*Depends: linux-headers-\(6\.1\.[0-9]*-[0-9]*\)-$1\$/\1/p" |
		head -n1
}

mkdir -p "$XVM_CACHE/kernels" "$XVM_CACHE/debs"
for fl in "${FLAVOURS[@]}"; do
	abi=$(abi_of "$fl")
	if [ -z "$abi" ]; then
		echo "deps: cannot resolve the 6.1 ABI of flavour $fl" >&2
		exit 1
	fi
	kver=$abi-$fl
	dest=$XVM_CACHE/kernels/$kver
	if [ -f "$dest/boot/vmlinuz-$kver" ]; then
		continue
	fi
	echo "deps: fetching linux-image-$kver for the rigs"
	(cd "$XVM_CACHE/debs" && apt-get -q download "linux-image-$kver")
	rm -rf "$dest.tmp"
	dpkg-deb -x "$XVM_CACHE"/debs/linux-image-"$kver"_*.deb "$dest.tmp"
	mv "$dest.tmp" "$dest"
	rm -f "$XVM_CACHE"/debs/linux-image-"$kver"_*.deb
done

# Record what was resolved, for the Makefile and the rigs. Written aside and
# renamed, so that a rig reading it meanwhile never sees a partial file.
{
	for fl in "${FLAVOURS[@]}"; do
		echo "XVM_KVER_${fl//-/_}=$(abi_of "$fl")-$fl"
	done
} > "$XVM_CACHE/kernels.env.tmp"
mv -f "$XVM_CACHE/kernels.env.tmp" "$XVM_CACHE/kernels.env"
echo "deps: ok ($(tr '\n' ' ' < "$XVM_CACHE/kernels.env"))"
