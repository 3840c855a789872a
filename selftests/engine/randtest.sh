#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# randtest.sh - differential test of random A64 blocks: randgen writes
# blocks, the runner image executes them under QEMU (the oracle) and under
# xvm, and every block's registers, NZCV and scratch memory must agree.
#
#   randtest.sh [--seed S|random] [--blocks N] [--first F] [--batch B]
#               [--lint] [--keep-going]
#
#   --seed S      stream to draw blocks from (default 1); "random" picks one
#   --blocks N    how many blocks (default 3000)
#   --first F     global index of the first block (default 0), so that
#                 "--seed S --first F --blocks 1" reproduces one block
#   --batch B     blocks per image (default 10000); a million blocks run
#                 as 100 images
#   --lint        check every batch's code with randgen/lint.awk (the
#                 first batch is always checked)
#   --keep-going  carry on after a failing batch
#
# XVM_SOFT and ENGINE_GUESTS work as for difftest.sh; QEMU's results are
# cached only for runs of at most 5000 blocks (like the default one).
# Prints TAP, one test per batch; on a mismatch it names the seed and the
# first block that differs, shows that block's output from both sides, its
# initial registers and its disassembly, and exits non-zero. The last line
# is "N passed, M failed".
#
# A block regenerated alone (--first F --blocks 1) sits at another address,
# so the values adr, adrp and bl leave in registers differ from the batch
# run; both sides still run the same image, so the comparison holds.
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=corpus/oracle.sh
. "$TOP/selftests/engine/corpus/oracle.sh"
WORK=$GUESTS/randtest
RANDGEN=$GUESTS/randgen/randgen
LINT=$TOP/selftests/engine/randgen/lint.awk
OBJDUMP=${CROSS:-aarch64-linux-gnu-}objdump
LIMIT=${RANDTEST_TIMEOUT:-120}

seed=1
blocks=3000
first=0
batch=10000
lint_all=
keep_going=

usage() {
	sed -n '3,/^[^#]/s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--seed) seed=$2; shift ;;
	--blocks) blocks=$2; shift ;;
	--first) first=$2; shift ;;
	--batch) batch=$2; shift ;;
	--lint) lint_all=1 ;;
	--keep-going) keep_going=1 ;;
	*) usage ;;
	esac
	shift
done
if [ "$seed" = random ]; then
	seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
fi
for v in "$seed" "$blocks" "$first" "$batch"; do
	[[ $v =~ ^[0-9]+$ ]] || usage
done
if [ "$blocks" -eq 0 ] || [ "$batch" -eq 0 ]; then
	usage
fi

make -s -C "$TOP/selftests/engine/corpus" O="$GUESTS" randgen >&2 || exit 2
# Each run works in its own directory: several may run at once.
mkdir -p "$WORK"
RUN=$(mktemp -d "$WORK/run.XXXXXX") || exit 2
trap 'rm -rf "$RUN"' EXIT
oracle_prune
nocache=
[ "$blocks" -le 5000 ] || nocache=1

# lint_batch DIR: the bodies of every block, disassembled and checked.
lint_batch() {
	local dir=$1

	"$OBJDUMP" -D -b binary -m aarch64 "$dir/blocks.bin" |
		awk -v map="$dir/blocks.map" '
		function hex(s,  i, v) {
			v = 0
			for (i = 1; i <= length(s); i++)
				v = v * 16 + index("0123456789abcdef",
						   substr(s, i, 1)) - 1
			return v
		}
		BEGIN {
			while ((getline line < map) > 0) {
				split(line, m, " ")
				lo[++n] = m[4]
				hi[n] = m[4] + m[5]
			}
		}
		/^ *[0-9a-f]+:\t/ {
			a = $1
			sub(/:/, "", a)
			a = hex(a)
			# the map is in address order
			while (k < n && a >= hi[k + 1])
				k++
			if (k < n && a >= lo[k + 1])
				print
		}' | awk -f "$LINT"
}

nm_blob() {
	"${CROSS:-aarch64-linux-gnu-}nm" "$1" |
		awk '$3 == "rg_blob" { print "0x" $1 }'
}

# report_block DIR IDX: both sides' output for block IDX, its initial
# registers and its code.
report_block() {
	local dir=$1 idx=$2 key blob off len body blen lits

	key=$(printf '%07d' "$idx")
	echo "# block $idx: qemu (-) vs xvm (+)"
	diff -a -u <(grep -a "^$key " "$dir/q.out") \
		<(grep -a "^$key " "$dir/x.out") | tail -n +3 | sed 's/^/# /'
	read -r _ off len body blen < <(awk -v i="$idx" '$1 == i' \
		"$dir/blocks.map")
	[ -n "${off:-}" ] || return
	# The literal pool (x0..x30, NZCV) follows the code, 8-byte aligned.
	lits=$(( (off + len + 7) / 8 * 8 ))
	echo "# initial registers (x28 is set to the scratch pointer):"
	od -An -v -tx8 -j "$lits" -N 256 "$dir/blocks.bin" |
		tr -s ' \n' ' ' | awk '{
			for (i = 1; i <= NF; i++) {
				if (i == 32)
					printf " nzcv %s", $i
				else
					printf " x%02d %s", i - 1, $i
				if (i % 4 == 0 || i == NF)
					printf "\n"
			}
		}' | sed 's/^/#  /'
	blob=$(nm_blob "$dir/rand.elf")
	echo "# body of block $idx (the prologue loads the registers above," \
	     "the epilogue stores them):"
	"$OBJDUMP" -D -b binary -m aarch64 --adjust-vma="$blob" \
		--start-address=$((blob + body)) \
		--stop-address=$((blob + body + blen)) "$dir/blocks.bin" |
		awk '/^ *[0-9a-f]+:\t/' | sed 's/^/#   /'
}

# first_bad_block DIR: the block whose output first differs.
first_bad_block() {
	local dir=$1 line

	line=$(cmp "$dir/q.out" "$dir/x.out" 2>/dev/null |
		sed -n 's/.* line \([0-9]*\).*/\1/p')
	if [ -z "$line" ]; then
		# One output is a prefix of the other: the end of the shorter.
		line=$(( $(wc -l <"$dir/x.out") + 1 ))
		[ "$(wc -l <"$dir/q.out")" -lt "$line" ] &&
			line=$(( $(wc -l <"$dir/q.out") + 1 ))
	fi
	# The last block line at or before the difference, on either side.
	head -n "$line" "$dir/q.out" | grep -a -E '^[0-9]{7} ' | tail -n 1 |
		awk '{ print $1 + 0 }'
}

start=$(date +%s.%N)
nbatches=$(( (blocks + batch - 1) / batch ))
echo "TAP version 13"
echo "1..$nbatches"
echo "# seed $seed, blocks $first..$((first + blocks - 1)), xvm: $XVM_SOFT"
pass=0
fail=0
for ((n = 1; n <= nbatches; n++)); do
	lo=$((first + (n - 1) * batch))
	count=$batch
	[ $((lo + count)) -gt $((first + blocks)) ] &&
		count=$((first + blocks - lo))
	dir=$RUN/batch
	rm -rf "$dir"
	mkdir -p "$dir"
	name="seed $seed blocks $lo..$((lo + count - 1))"
	if ! "$RANDGEN" --seed "$seed" --first "$lo" --blocks "$count" \
		--map "$dir/blocks.map" -o "$dir/blocks.bin" ||
	   ! make -s -C "$TOP/selftests/engine/corpus" O="$GUESTS" rand-image \
		BLOB="$dir/blocks.bin" >&2; then
		echo "not ok $n - $name"
		echo "# could not build the image"
		fail=$((fail + 1))
		break
	fi
	if [ "$n" = 1 ] || [ -n "$lint_all" ]; then
		if ! lint_out=$(lint_batch "$dir"); then
			echo "not ok $n - $name"
			echo "# the generator broke its own rules:"
			echo "$lint_out" | head -n 20 | sed 's/^/# /'
			fail=$((fail + 1))
			[ -n "$keep_going" ] && continue
			break
		fi
	fi
	oracle_run "$dir/rand.elf" "$dir/q" "$LIMIT" "$nocache" &
	xvm_run "$dir/rand.elf" "$dir/x" "$LIMIT" &
	wait
	qrc=$(cat "$dir/q.rc")
	xrc=$(cat "$dir/x.rc")
	why=
	if [ "$qrc" != 77 ]; then
		why="qemu did not finish the blocks (exit $qrc)"
	elif ! cmp -s "$dir/q.out" "$dir/x.out"; then
		why="output differs"
		[ "$xrc" = "$qrc" ] || why="$why (and xvm exited with $xrc)"
	elif [ "$xrc" != "$qrc" ]; then
		why="exit status: qemu $qrc, xvm $xrc"
	fi
	if [ -z "$why" ]; then
		echo "ok $n - $name"
		pass=$((pass + 1))
		continue
	fi
	echo "not ok $n - $name"
	fail=$((fail + 1))
	echo "# $why"
	bad=
	case "$why" in
	"output differs"*) bad=$(first_bad_block "$dir") ;;
	esac
	if [ -n "$bad" ]; then
		echo "# first differing block: seed $seed block $bad"
		echo "# reproduce: $0 --seed $seed --first $bad --blocks 1"
		report_block "$dir" "$bad"
	else
		diff -a -u "$dir/q.out" "$dir/x.out" | head -n 20 |
			sed 's/^/# /'
	fi
	if [ -s "$dir/x.err" ]; then
		echo "# xvm stderr:"
		tail -n 5 "$dir/x.err" | sed 's/^/#   /'
	fi
	# Keep the evidence of the latest failure.
	rm -rf "$WORK/failed"
	cp -r "$dir" "$WORK/failed" && echo "# files kept in $WORK/failed"
	[ -n "$keep_going" ] || break
done
end=$(date +%s.%N)
printf '# %d blocks in %.1f s\n' "$blocks" "$(echo "$end - $start" | bc)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ $((pass + fail)) -eq "$nbatches" ]
