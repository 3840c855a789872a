#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.sh [FILE...] - run the kernel's checkpatch.pl (extracted from
# linux-source-6.1 by scripts/kernel-src.sh) over the project's C sources,
# or over the given files. Exit status 1 if any file has an error or a
# warning.
set -euo pipefail
cd "$(dirname "$0")/.."

cp=build/kernel-src/scripts/checkpatch.pl
[ -x "$cp" ] || [ -f "$cp" ] || scripts/kernel-src.sh build/kernel-src >/dev/null

if [ $# -eq 0 ]; then
	mapfile -t files < <(git ls-files -co --exclude-standard -- \
		'module/*.[ch]' 'uapi/*.h' 'userland/*.[ch]' 'selftests/*.[ch]' |
		sort -u)
else
	files=("$@")
fi

# User-space files may use C99 types and libc idioms the kernel avoids.
user_ignore=SPLIT_STRING,NEW_TYPEDEFS,PREFER_KERNEL_TYPES,SSCANF_TO_KSTRTO

bad=0
for f in "${files[@]}"; do
	[ -f "$f" ] || continue
	args=(--no-tree --quiet --terse --no-summary --show-types -f)
	case $f in
	module/* | uapi/*) ;;
	*) args+=(--ignore "$user_ignore") ;;
	esac
	if ! out=$(perl "$cp" "${args[@]}" "$f" 2>&1) || [ -n "$out" ]; then
		printf '%s\n' "$out"
		bad=1
	fi
done
exit $bad
