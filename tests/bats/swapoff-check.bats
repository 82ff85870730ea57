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
	if [ -n "${CGROUP:-}" ] && [ -d "$CGROUP" ]; then
		rmdir "$CGROUP" 2>/dev/null
	fi
}

# eat_into MIB: a 64 MiB area of ours at the top priority, then swapeat
# pages MIB out; sets AREA, EATER, USED (our area's Used in KiB).
eat_into() {
	require_root
	[ -x "$SWAPEAT" ] || skip "swapeat is not built ($SWAPEAT)"
	require_cmd jq
	scratch_dir >/dev/null
	new_file a 64M
	/sbin/swapon -p 32767 "$AREA"
	start_swapeat -p "$1"
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
	# other processes' pages may join or leave this top-priority area
	# meanwhile: the figure lies between /proc/swaps just before and after
	before=$(awk -v a="$(readlink -f "$AREA")" '$1 == a { print $4 }' /proc/swaps)
	run "$SWAPOFF" --check --json "$AREA"
	after=$(awk -v a="$(readlink -f "$AREA")" '$1 == a { print $4 }' /proc/swaps)
	[ "$status" -eq 0 ]
	jq -e . <<<"$output" >/dev/null
	lo=$((before < after ? before : after)) hi=$((before > after ? before : after))
	pages=$(jq -r '.["swapoff-check"][0].pages' <<<"$output")
	used=$(jq -r '.["swapoff-check"][0].used' <<<"$output")
	echo "before $before KiB, after $after KiB, pages $pages, used $used"
	[ "$used" -eq $((pages * pk * 1024)) ]
	[ "$used" -ge $((lo * 1024)) ] && [ "$used" -le $((hi * 1024)) ]
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

# owners_certain: skip when areas of other sessions make the slot of ours
# uncertain (then no owner is named at all: lsswap(8), SLOT MAPPING)
owners_certain() {
	run "$SWAPOFF" --check --json "$AREA"
	if jq -e '.notes | map(select(test("owners (uncertain|unknown)"))) | length > 0' \
		<<<"$output" >/dev/null; then
		skip "other sessions' swap areas make the slot mapping uncertain right now"
	fi
}

@test "swapoff --check: names the processes that own the pages, and their cgroup" {
	eat_into 24
	owners_certain
	run "$SWAPOFF" --check --json "$AREA"
	echo "$output"
	[ "$status" -eq 0 ]
	jq -e . <<<"$output" >/dev/null
	swap=$(jq -r --argjson p "$EATER" \
		'.["swapoff-check"][0].processes[] | select(.pid == $p) | .swap' <<<"$output")
	# all of its 24 MiB (a few pages may have been touched back in)
	[ "$swap" -ge $((20 << 20)) ] && [ "$swap" -le $((24 << 20)) ]
	cg=$(jq -r --argjson p "$EATER" \
		'.["swapoff-check"][0].processes[] | select(.pid == $p) | .cgroup' <<<"$output")
	want=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3 }' "/proc/$EATER/cgroup")
	[ -n "$want" ] || want=$(awk -F: '$1 == 0 { print $3 }' "/proc/$EATER/cgroup")
	[ "$cg" = "$want" ]
	jq -e --arg c "$cg" '.["swapoff-check"][0].cgroups | map(select(.cgroup == $c)) | length == 1' \
		<<<"$output"
	run "$SWAPOFF" --check "$AREA"
	echo "$output"
	[[ $output == *AREA*PID*COMMAND*CGROUP*SWAP* ]]
	[[ $output == *" $EATER "*"swapeat -p 24 "* ]]
	is_active "$AREA"
}

# memcg_v1 LIMIT: a v1 memory cgroup of ours (CGROUP) with swapeat paging
# 24 MiB out of it into our area, then LIMIT written to its
# memory.limit_in_bytes
memcg_v1() {
	require_root
	[ -f /sys/fs/cgroup/memory/memory.stat ] || skip "no cgroup v1 memory controller"
	CGROUP=/sys/fs/cgroup/memory/swapoff-check-bats-$$
	mkdir "$CGROUP" || skip "cannot create a memory cgroup"
	grep -q '^total_swap ' "$CGROUP/memory.stat" || skip "no swap accounting in cgroups"
	EAT_CGROUP=$CGROUP eat_into 24
	echo "$1" >"$CGROUP/memory.limit_in_bytes"
	cat "$CGROUP/memory.usage_in_bytes" "$CGROUP/memory.limit_in_bytes"
	owners_certain
}

@test "swapoff --check: a memory cgroup limit the pages would exceed: does not fit, swapoff refuses" {
	memcg_v1 $((8 << 20))
	run "$SWAPOFF" --check "$AREA"
	echo "$output"
	[ "$status" -eq 2 ]
	[[ ${lines[1]} == *"does not fit" ]]
	[[ $output == *"/${CGROUP##*/} "*"exceeds limit"* ]]
	run "$SWAPOFF" --check --json "$AREA"
	[ "$status" -eq 2 ]
	jq -e --arg c "/${CGROUP##*/}" '.limits[] | select(.cgroup == $c) |
		.exceeded and .limit == 8388608 and .need >= 20971520' <<<"$output"
	run "$SWAPOFF" "$AREA"
	echo "$output"
	[ "$status" -eq 2 ]
	[[ $output == *"memory cgroup /${CGROUP##*/}"*"memory.limit_in_bytes"*"--force"* ]]
	is_active "$AREA"
	kill -0 "$EATER"
}

@test "swapoff --check: a limit the pages fit under: fits; --force gets the kernel's behaviour" {
	memcg_v1 $((64 << 20))
	run "$SWAPOFF" --check --json "$AREA"
	echo "$output"
	[ "$status" -eq 0 ]
	jq -e --arg c "/${CGROUP##*/}" '.limits[] | select(.cgroup == $c) | .exceeded == false' \
		<<<"$output"
	echo $((8 << 20)) >"$CGROUP/memory.limit_in_bytes"
	run timeout 120 "$SWAPOFF" --force "$AREA"
	echo "status $status: $output"
	# the kernel's outcome, whatever it is: done (the cgroup reclaimed or
	# OOM-killed in it) or ENOMEM; never a crash or a hang of ours
	[ "$status" -eq 0 ] || [ "$status" -eq 2 ]
	if [ "$status" -eq 0 ]; then ! is_active "$AREA"; else is_active "$AREA"; fi
}

# preload_intr: swapoff() waits 2 s before the real call and, as the
# kernel does when a signal is pending during swapoff(2), gives up with
# EINTR when a signal handler ran meanwhile (tests/preload/slowswapoff.c).
preload_intr() {
	require_slowswapoff
	INTR="env SLOWSWAPOFF_MS=2000 SLOWSWAPOFF_EINTR=1 LD_PRELOAD=$SLOWSWAPOFF"
}

@test "swapoff -v on a terminal: the progress line shows the rate and the time left" {
	require_cmd script
	eat_into 24
	preload_intr
	# the pages leave the area while swapoff(2) waits: swapeat ends
	(sleep 0.8; kill -9 "$EATER") &
	run timeout 30 script -qec "$INTR $SWAPOFF -v $AREA" /dev/null
	echo "$output"
	[ "$status" -eq 0 ]
	# the first line comes before any page moved: no rate yet. Other
	# processes' pages may join ours in this top-priority area meanwhile,
	# so the figure is "24M or a little more", not exactly 24M.
	first=${output#*$'\r'"swapoff: $AREA: "}
	first=${first%%$'\r'*}
	[[ $first =~ ^2[4-9](\.[0-9])?"M of 64M still in use"$'\e[K'$ ]]
	[[ $output =~ " of 64M still in use, "[0-9.]+[KMG]"/s, about 0s left" ]]
	[[ $output == *"swapoff: $AREA: done"* ]]
	! is_active "$AREA"
}

@test "swapoff: SIGINT during swapoff(2) says how far it got and dies of the signal" {
	require_cmd perl
	eat_into 24
	preload_intr
	# a background job of a shell without job control ignores SIGINT:
	# perl gives it back its default before swapoff starts
	perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' \
		$INTR "$SWAPOFF" "$AREA" 2>"$SCRATCH/err" &
	pid=$!
	sleep 0.6
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	cat "$SCRATCH/err"
	[ "$rc" -eq 130 ]
	# 24M or a little more: other processes' pages may join ours
	line=$(grep -E "^swapoff: $(readlink -f "$AREA"): interrupted after 0\.[0-9]s: 0B of 2[4-9](\.[0-9])?M moved back into memory \(0 of [0-9]+ pages\); the area stays active$" "$SCRATCH/err")
	pages=${line##*(0 of }
	pages=${pages%% pages*}
	[ "$pages" -ge $((24 * 1024 / ($(getconf PAGESIZE) / 1024))) ]
	is_active "$AREA"
	# SIGINT ignored by the caller stays ignored: swapoff goes on
	(trap '' INT; exec $INTR "$SWAPOFF" "$AREA") &
	pid=$!
	sleep 0.6
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 0 ]
	! is_active "$AREA"
}
