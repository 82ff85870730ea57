#!/usr/bin/env bats
# swapoff --check and the OOM guard of plain swapoff: real pages put into
# an area of our own by tests/helpers/swapeat (MADV_PAGEOUT); "does not
# fit" with a fake /proc/meminfo (and /proc/swaps listing only our area,
# so that areas of other sessions add no free space) in a private mount
# namespace.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
load helpers/areas

SWAPOFF=${SWAPOFF:-$(tool swapoff)}
SWAPEAT=${SWAPEAT:-${top_builddir:-$SWAPTOOLS_BIN}/tests/helpers/swapeat}

setup() {
	export LC_ALL=C
	[ -x "$SWAPOFF" ] || skip "swapoff is not built ($SWAPOFF)"
}

teardown() {
	kill_eaters
	swaptools_teardown
}

# eat_into MIB: a 64 MiB area of ours at the top priority, then swapeat
# pages MIB out; sets AREA, EATER, USED (our area's Used in KiB).
eat_into() {
	local fifo out line i
	require_root
	[ -x "$SWAPEAT" ] || skip "swapeat is not built ($SWAPEAT)"
	require_cmd jq
	scratch_dir >/dev/null
	new_file a 64M
	/sbin/swapon -p 32767 "$AREA"
	fifo=$BATS_TEST_TMPDIR/in.$RANDOM
	out=$BATS_TEST_TMPDIR/out.$RANDOM
	mkfifo "$fifo"
	"$SWAPEAT" -p "$1" <"$fifo" >"$out" 2>&1 &
	echo $! >>"$BATS_TEST_TMPDIR/eaters"
	exec {EATFD}>"$fifo"
	for i in $(seq 300); do
		line=$(head -n1 "$out")
		[ -n "$line" ] && break
		sleep 0.1
	done
	[[ $line == ready* ]] || { echo "swapeat: $line" >&2; return 1; }
	set -- $line
	EATER=$2
	USED=$(awk -v a="$(readlink -f "$AREA")" '$1 == a { print $4 }' /proc/swaps)
	echo "used: $USED KiB"
	[ "$USED" -gt 0 ]
}

# fake_proc AVAILABLE_KIB: files for /proc/meminfo (MemAvailable as given)
# and /proc/swaps (our area only, its real figures); sets NS_BINDS.
fake_proc() {
	local mi=$BATS_TEST_TMPDIR/meminfo sw=$BATS_TEST_TMPDIR/swaps
	sed "s/^MemAvailable:.*/MemAvailable:   $1 kB/" /proc/meminfo >"$mi"
	{ head -n1 /proc/swaps; awk -v a="$(readlink -f "$AREA")" '$1 == a' /proc/swaps; } >"$sw"
	NS_BINDS="$mi:/proc/meminfo $sw:/proc/swaps"
}

@test "swapoff --check: --help lists --check, --json, --force" {
	run "$SWAPOFF" --help
	[ "$status" -eq 0 ]
	[[ $output == *--check* && $output == *--json* && $output == *--force* ]]
}

@test "swapoff --check: pages of our area fit, nothing changes; --json agrees" {
	eat_into 24
	pk=$(($(getconf PAGESIZE) / 1024))
	run "$SWAPOFF" --check "$AREA"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == *NAME*PAGES*USED*NEED*AVAILABLE*VERDICT* ]]
	[[ ${lines[1]} == "$(readlink -f "$AREA")"*" fits" ]]
	is_active "$AREA"
	run "$SWAPOFF" --check --json "$AREA"
	[ "$status" -eq 0 ]
	jq -e . <<<"$output" >/dev/null
	used=$(awk -v a="$(readlink -f "$AREA")" '$1 == a { print $4 }' /proc/swaps)
	[ "$(jq -r '.["swapoff-check"][0].pages' <<<"$output")" -eq $((used / pk)) ]
	[ "$(jq -r '.["swapoff-check"][0].used' <<<"$output")" -eq $((used * 1024)) ]
	[ "$(jq -r '.["swapoff-check"][0].verdict' <<<"$output")" = fits ]
	is_active "$AREA"
}

@test "swapoff --check: does not fit (tiny MemAvailable): exit 2; swapoff refuses, --force proceeds" {
	eat_into 24
	fake_proc 1024
	run in_namespace "$SWAPOFF" --check "$AREA"
	echo "$output"
	[ "$status" -eq 2 ]
	[[ $output == *"does not fit"* ]]
	is_active "$AREA"
	run in_namespace "$SWAPOFF" "$AREA"
	echo "$output"
	[ "$status" -eq 2 ]
	[[ $output == *"do not fit"*"--force"* ]]
	is_active "$AREA"
	run in_namespace "$SWAPOFF" --force "$AREA"
	echo "$output"
	[ "$status" -eq 0 ]
	! is_active "$AREA"
}

@test "swapoff --check: tight above 80% of what is available, exit 0" {
	eat_into 24
	fake_proc $((USED * 100 / 90))
	run in_namespace "$SWAPOFF" --check --json "$AREA"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(jq -r '.["swapoff-check"][0].verdict' <<<"$output")" = tight ]
	is_active "$AREA"
}

@test "swapoff --check: an area that is not active" {
	require_root
	scratch_dir >/dev/null
	new_file b 40M
	run "$SWAPOFF" --check "$AREA"
	[ "$status" -eq 4 ]
	[[ $output == *"not an active swap area"* ]]
}
