#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernel-src.sh [OUTDIR] - extract from Debian's linux-source-6.1 tarball the
# few kernel files the project uses but must not commit: the kselftest
# harness headers and checkpatch.pl with its data files. Idempotent.
set -euo pipefail

out=${1:-build/kernel-src}
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n1 || true)
if [ -z "$tarball" ]; then
	echo "kernel-src: /usr/src/linux-source-6.1.tar.* missing; run scripts/deps.sh" >&2
	exit 1
fi

files=(
	tools/testing/selftests/kselftest.h
	tools/testing/selftests/kselftest_harness.h
	scripts/checkpatch.pl
	scripts/spelling.txt
	scripts/const_structs.checkpatch
)

stamp=$out/.stamp
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(stat -c %Y-%s "$tarball")" ]; then
	exit 0
fi

# Debian names the top directory of the tarball after the tarball.
top=$(basename "$tarball")
top=${top%%.tar.*}
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
tar -xf "$tarball" -C "$out.tmp" --strip-components=1 \
	"${files[@]/#/$top/}"
rm -rf "$out"
mv "$out.tmp" "$out"
stat -c %Y-%s "$tarball" > "$stamp"
echo "kernel-src: extracted ${#files[@]} files from $(basename "$tarball") into $out"
