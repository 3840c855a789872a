#!/usr/bin/awk -f
# SPDX-License-Identifier: GPL-2.0
#
# lint.awk - check randgen's block bodies, as disassembled by
# "aarch64-linux-gnu-objdump -d", against the rules that keep QEMU a valid
# oracle. objdump decodes UNPREDICTABLE encodings without comment, so the
# rules are checked here:
#
#   - nothing writes SP or x28 (the scratch pointer) or moves x28 by
#     writeback;
#   - no load pair (ldp, ldpsw, ldnp, ldxp, ldaxp) with Rt == Rt2;
#   - no writeback whose base is also a transfer register;
#   - no store-exclusive whose status register is a transfer register or
#     the base;
#   - nothing objdump cannot decode.
#
# Prints each offending line; exits 1 if there was one.

# "x5" / "w5" -> 5, "xzr"/"wzr" -> "zr", "sp"/"wsp" -> "sp"
function regno(tok) {
	gsub(/[\[\]!]/, "", tok)
	if (tok ~ /^[xw]zr$/)
		return "zr"
	if (tok ~ /^w?sp$/)
		return "sp"
	if (tok ~ /^[xw][0-9]+$/)
		return substr(tok, 2) + 0
	return ""
}

function complain(why) {
	printf "lint: %s: %s\n", why, $0
	bad = 1
}

/^ *[0-9a-f]+:\t/ {
	n = split($0, f, "\t")
	if (n < 3) {
		complain("no instruction")
		next
	}
	mn = f[3]
	sub(/ .*/, "", mn)
	ops = n >= 4 ? f[4] : ""
	sub(/ *\/\/.*/, "", ops)
	if (mn ~ /^(\.inst|udf|undefined)/ || f[3] ~ /undefined/) {
		complain("undecodable")
		next
	}
	nt = split(ops, t, /, */)
	first = regno(t[1])

	if (mn ~ /^(ld|st|prfm|prfum)/) {
		# transfer registers come before the address
		base = ""
		nx = 0
		for (i = 1; i <= nt; i++) {
			if (t[i] ~ /^\[/) {
				base = regno(t[i])
				break
			}
			x[++nx] = regno(t[i])
		}
		wb = ops ~ /\]!/ || ops ~ /\], #/
		if (wb && base == 28)
			complain("writeback moves x28")
		if (wb)
			for (i = 1; i <= nx; i++)
				if (x[i] == base)
					complain("writeback base is a transfer register")
		if (mn ~ /^ld/ && x[1] == 28)
			complain("load into x28")
		if (mn ~ /^ld/ && x[2] == 28 && mn ~ /p/)
			complain("load into x28")
		if (mn ~ /^(ldp|ldpsw|ldnp|ldxp|ldaxp)$/ && x[1] == x[2])
			complain("load pair with Rt == Rt2")
		if (mn ~ /^st(l)?x(r[bh]?|p)$/) {
			if (x[1] == 28 || x[1] == "sp")
				complain("status into x28/sp")
			for (i = 2; i <= nx; i++)
				if (x[i] == x[1])
					complain("store-exclusive status is a transfer register")
			if (x[1] == base)
				complain("store-exclusive status is the base")
		}
		next
	}
	# Instructions without a destination register.
	if (mn ~ /^(cmp|cmn|tst|ccmp|ccmn|b|b\..*|bl|br|blr|ret|cbz|cbnz|tbz|tbnz|msr|dmb|dsb|isb|nop|yield|csdb|clrex|hint)$/)
		next
	if (first == 28)
		complain("writes x28")
	if (first == "sp")
		complain("writes sp")
}

END {
	exit bad
}
