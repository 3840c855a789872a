#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fake-xvm.sh - a deliberately wrong stand-in for xvm-soft, to show that
# difftest.sh and randtest.sh notice mismatches. It runs the image under
# QEMU (qemu-run.sh, same command line as xvm-soft) and then damages the
# result:
#
#   FAKE_XVM_MODE=digit (default)  change one character of line
#                                  FAKE_XVM_LINE (default 3) of stdout,
#                                  or of the last line if there are fewer
#   FAKE_XVM_MODE=exit             add 1 to the exit status
#   FAKE_XVM_MODE=truncate         drop everything after line FAKE_XVM_LINE
#   FAKE_XVM_MATCH=REGEX           only damage images whose path matches
set -u

here=$(dirname "$0")
image=${!#}
mode=${FAKE_XVM_MODE:-digit}
line=${FAKE_XVM_LINE:-3}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$here/qemu-run.sh" "$@" >"$out"
rc=$?

if [ -n "${FAKE_XVM_MATCH:-}" ] && ! [[ $image =~ $FAKE_XVM_MATCH ]]; then
	cat "$out"
	exit "$rc"
fi

case "$mode" in
exit)
	cat "$out"
	exit $((rc + 1))
	;;
truncate)
	head -n "$line" "$out"
	;;
*)
	# The last character of the line (or of the last line, in shorter
	# outputs) becomes another one.
	awk -v n="$line" '
		{ text[NR] = $0 }
		END {
			if (n > NR)
				n = NR
			c = substr(text[n], length(text[n]), 1)
			text[n] = substr(text[n], 1, length(text[n]) - 1) \
				  (c == "0" ? "1" : "0")
			for (i = 1; i <= NR; i++)
				print text[i]
		}' "$out"
	;;
esac
exit "$rc"
