#!/usr/bin/env bats
# lsswap: real swapped pages (tests/helpers/swapeat pages out known amounts
# with MADV_PAGEOUT) in areas of our own, attributed per process and area.
# Other test files may run at the same time: only our areas and processes
# are asserted about.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
load helpers/areas

LSSWAP=${LSSWAP:-$(tool lsswap)}
SWAPEAT=${SWAPEAT:-${top_builddir:-$SWAPTOOLS_BIN}/tests/helpers/swapeat}

setup() {
	export LC_ALL=C
	[ -x "$LSSWAP" ] || skip "lsswap is not built ($LSSWAP)"
}

teardown() {
	kill_eaters
	if [ -n "${CGROUP:-}" ] && [ -d "$CGROUP" ]; then
		rmdir "$CGROUP" 2>/dev/null
	fi
	swaptools_teardown
}

require_swapeat() {
	require_root
	[ -x "$SWAPEAT" ] || skip "swapeat is not built ($SWAPEAT)"
	require_cmd jq
}

# two_areas: A (16 MiB, priority 32767) fills first, then B (64 MiB, 32766).
two_areas() {
	scratch_dir >/dev/null
	new_file a 16M && AREA_A=$AREA
	new_file b 64M && AREA_B=$AREA
	/sbin/swapon -p 32767 "$AREA_A"
	/sbin/swapon -p 32766 "$AREA_B"
}

# eat ARGS...: start swapeat ARGS (start_swapeat of helpers/areas.bash).
eat() {
	start_swapeat "$@"
}

# other_changes: alone in /proc/swaps now, so an uncertain mapping must
# come from areas of other sessions added or removed during the scan
other_changes() {
	jq -e '.notes | map(select(.note | test("added or removed during the scan"))) | length == 1' \
		<<<"$json$output" >/dev/null 2>&1 ||
		{ echo "uncertain slots although our areas are alone"; return 1; }
}

# field JSON PID KEY: KEY of that process's row.
field() {
	jq -r --argjson p "$2" ".processes[] | select(.pid == \$p) | .$3" <<<"$1"
}

# bytes_in AREAS NAME: the bytes listed for NAME in an AREAS cell (--bytes).
bytes_in() {
	tr ',' '\n' <<<"$1" | awk -F: -v n="$2" '$1 == n { print $2; f = 1 } END { if (!f) print 0 }'
}

@test "lsswap: --help lists every option and column, --version, bad usage" {
	run "$LSSWAP" --help
	[ "$status" -eq 0 ]
	for w in --areas --cgroups --pid --area --output --output-all --sort --bytes --raw \
		 --noheadings --json PID SWAPPSS AREAS PROCESSES OTHER CGROUP LIMIT; do
		[[ $output == *"$w"* ]] || { echo "missing $w"; return 1; }
	done
	run "$LSSWAP" --version
	[ "$status" -eq 0 ]
	[[ $output == "lsswap from swaptools "* ]]
	run "$LSSWAP" --output NOSUCH
	[ "$status" -eq 1 ]
	[[ $output == *"unknown column: NOSUCH"* ]]
	run "$LSSWAP" --areas --pid 1
	[ "$status" -eq 1 ]
}

@test "lsswap: any user gets valid JSON with a total table; without root it says partial" {
	run "$LSSWAP" --json
	[ "$status" -eq 0 ]
	# libsmartcols tables: rows, a one-row total with PARTIAL, notes as rows
	jq -e '(.processes | type == "array") and (.total | length == 1) and
	       (.total[0].partial | type == "boolean") and (.notes | type == "array") and
	       all(.notes[]; .note | type == "string")' <<<"$output"
	python3 -c 'import json, sys; json.load(sys.stdin)' <<<"$output"
	run "$LSSWAP" --json --cgroups --output-all
	[ "$status" -eq 0 ]
	# no total for cgroups; a limit is a number, or null when there is none
	jq -e '(has("total") | not) and all(.cgroups[]; .limit == null or (.limit | type == "number"))' \
		<<<"$output"
	if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
		run setpriv --reuid=65534 --regid=65534 --clear-groups "$LSSWAP" --json --areas
		[ "$status" -eq 0 ]
		jq -e '.total[0].partial == true' <<<"$output"
		run setpriv --reuid=65534 --regid=65534 --clear-groups "$LSSWAP"
		[ "$status" -eq 0 ]
		[[ $output == *"note: partial"* ]]
	fi
}

@test "lsswap: every page of a process attributed to the right area, areas view agrees" {
	require_swapeat
	two_areas
	eat -p 24
	[ "$EATEN" -eq $((24 * 1024)) ]
	run "$LSSWAP" --json --bytes --output-all
	[ "$status" -eq 0 ]
	json=$output
	[ "$(field "$json" "$EATER" swap)" -eq $((24 << 20)) ]
	[ "$(field "$json" "$EATER" vmswap)" -eq $((24 << 20)) ]
	[ "$(field "$json" "$EATER" swappss)" -eq $((24 << 20)) ]
	[ "$(field "$json" "$EATER" shmem)" -eq 0 ]
	areas=$(field "$json" "$EATER" areas)
	echo "areas: $areas"
	if [[ $areas == *slot* ]]; then
		# areas of other sessions (idle ones, or added or removed during
		# the scan) can make the slots uncertain: then no name at all
		[ "$(awk 'NR > 1' /proc/swaps | wc -l)" -gt 2 ] || other_changes
		[[ $areas != *"$AREA_A"* && $areas != *"$AREA_B"* ]]
		sum=$(tr ',' '\n' <<<"$areas" | awk -F: '{ s += $2 } END { print s }')
		[ "$sum" -eq $((24 << 20)) ]
		skip "other sessions' swap areas make the slot mapping uncertain right now"
	fi
	in_a=$(bytes_in "$areas" "$AREA_A")
	in_b=$(bytes_in "$areas" "$AREA_B")
	# A is filled first; nothing of it may go anywhere but A and B
	[ "$in_a" -gt 0 ] && [ "$in_b" -gt 0 ]
	[ $((in_a + in_b)) -eq $((24 << 20)) ]
	[ "$(tr ',' '\n' <<<"$areas" | wc -l)" -eq 2 ]

	swaps_before=$(cat /proc/swaps)
	run "$LSSWAP" --areas --json --bytes --output-all
	[ "$status" -eq 0 ]
	swaps_after=$(cat /proc/swaps)
	for a in "$AREA_A" "$AREA_B"; do
		row=$(jq -c --arg n "$a" '.areas[] | select(.name == $n)' <<<"$output")
		echo "row: $row"
		used=$(jq .used <<<"$row"); procs=$(jq .processes <<<"$row"); other=$(jq .other <<<"$row")
		# only our process has pages here
		[ "$procs" -eq "$(bytes_in "$areas" "$a")" ]
		[ $((procs + other)) -eq "$used" ]
		# what is left is swap cache at most: nothing here
		[ "$other" -le $((1 << 20)) ]
		# USED is /proc/swaps' figure: the kernel may still move a page
		# or two (swap cache) while lsswap runs, so it lies between the
		# figures read just before and just after
		u0=$(( $(awk -v n="$a" '$1 == n { print $4 }' <<<"$swaps_before") * 1024 ))
		u1=$(( $(awk -v n="$a" '$1 == n { print $4 }' <<<"$swaps_after") * 1024 ))
		echo "used $used, /proc/swaps before $u0, after $u1"
		[ "$used" -ge $(( u0 < u1 ? u0 : u1 )) ] && [ "$used" -le $(( u0 > u1 ? u0 : u1 )) ]
	done
	# the rows add up to the total
	jq -e '([.areas[].used] | add) == .total[0].used' <<<"$output"
}

@test "lsswap: shared memory and forked pages counted once in the total" {
	require_swapeat
	two_areas
	eat -p 8 -s 8 -f
	[ -n "$CHILD" ]
	run "$LSSWAP" --json --bytes --output-all --pid "$EATER,$CHILD"
	[ "$status" -eq 0 ]
	echo "$output"
	for p in "$EATER" "$CHILD"; do
		# each is charged its private pages and the whole shared object
		[ "$(field "$output" "$p" swap)" -eq $((16 << 20)) ]
		[ "$(field "$output" "$p" shmem)" -eq $((8 << 20)) ]
		# the private pages are shared by fork: half each
		[ "$(field "$output" "$p" swappss)" -eq $((4 << 20)) ]
	done
	jq -e ".total[0].swap == $((16 << 20)) and .total[0].shmem == $((8 << 20)) and
	       .total[0].swappss == $((8 << 20))" <<<"$output"
}

@test "lsswap: --pid, --sort, --output, --noheadings, --raw, --area" {
	require_swapeat
	two_areas
	eat -p 2
	small=$EATER
	eat -p 6
	big=$EATER
	run "$LSSWAP" --pid "$small,$big" --noheadings --raw --output PID,SWAP --bytes
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$big $((6 << 20))" ]
	[ "${lines[1]}" = "$small $((2 << 20))" ]
	run "$LSSWAP" --pid "$big,$small" --sort PID --noheadings --raw --output PID
	[ "${lines[0]}" = "$(( small < big ? small : big ))" ]
	run "$LSSWAP" --pid "$small" --output PID,COMMAND
	[ "${lines[0]}" = "$(printf '%s' "${lines[0]}" | grep -E '^ *PID COMMAND')" ]
	[[ ${lines[1]} == *"$small swapeat"* ]]
	run "$LSSWAP" --area "$AREA_A" --json --output PID
	if [ "$status" -eq 1 ] && [[ $output == *"cannot tell which processes"* ]]; then
		# refused, not guessed: only when other sessions' areas are about
		[ "$(awk 'NR > 1' /proc/swaps | wc -l)" -gt 2 ] || other_changes
		skip "other sessions' swap areas make the slot mapping uncertain right now"
	fi
	[ "$status" -eq 0 ]
	jq -e --argjson s "$small" --argjson b "$big" '[.processes[].pid] | index($s) and index($b)' <<<"$output"
	run "$LSSWAP" --area "$AREA_B" --json --output PID
	jq -e --argjson s "$small" '[.processes[].pid] | index($s) | not' <<<"$output"
	run "$LSSWAP" --area /nonexistent
	[ "$status" -eq 1 ]
	[[ $output == *"/nonexistent: not an active swap area"* ]]
}

@test "lsswap: a slot that cannot be matched to an area is shown as unknown, never guessed" {
	require_swapeat
	scratch_dir >/dev/null
	new_file x 8M && x=$AREA
	new_file a 8M && a=$AREA
	new_file b 32M && b=$AREA
	/sbin/swapon -p 100 "$x"
	/sbin/swapon -p 101 "$a"
	/sbin/swapon -p 32767 "$b"
	/sbin/swapoff "$x"		# leaves a free slot below a and b
	eat -p 4
	run "$LSSWAP" --pid "$EATER" --json --bytes
	[ "$status" -eq 0 ]
	areas=$(field "$output" "$EATER" areas)
	echo "$areas"
	[[ $areas != *"$a:"* ]]		# never the wrong area
	if [ "$(awk 'NR > 1' /proc/swaps | wc -l)" -eq 2 ]; then
		# alone: 2 areas, 1 slot in use, slot 0 free: uncertain
		[[ $areas == slot*\?:* ]]
		jq -e '.notes | map(select(.note | test("areas uncertain"))) | length == 1' <<<"$output"
	else
		[[ $areas == "$b:"* || $areas == slot*\?:* ]]
	fi
}

@test "lsswap: command names that are not UTF-8 still give valid JSON" {
	require_swapeat
	two_areas
	scratch_dir >/dev/null
	odd=$SCRATCH/$'eat\xffx'
	cp "$SWAPEAT" "$odd"
	SWAPEAT=$odd eat -p 1
	run "$LSSWAP" --json --pid "$EATER"
	[ "$status" -eq 0 ]
	jq -e --argjson p "$EATER" '.processes[] | select(.pid == $p) | .command == "eat\\xffx"' <<<"$output"
	python3 -c 'import json, sys; json.load(sys.stdin)' <<<"$output"
	# the same bytes in every view that names the process
	run "$LSSWAP" --json --output-all --pid "$EATER"
	[ "$status" -eq 0 ]
	jq -e --argjson p "$EATER" '.processes[] | select(.pid == $p) | .cmdline | contains("eat\\xffx")' <<<"$output"
	python3 -c 'import json, sys; json.load(sys.stdin)' <<<"$output"
}

@test "lsswap: --cgroups shows the swap charged to a memory cgroup" {
	require_swapeat
	if [ -f /sys/fs/cgroup/memory/memory.stat ]; then
		CGROUP=/sys/fs/cgroup/memory/lsswap-bats-$$
	elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		CGROUP=/sys/fs/cgroup/lsswap-bats-$$
	else
		skip "no memory cgroup hierarchy"
	fi
	mkdir "$CGROUP" || skip "cannot create a cgroup"
	[ -f "$CGROUP/memory.swap.current" ] || grep -q '^total_swap ' "$CGROUP/memory.stat" ||
		skip "no swap accounting in cgroups"
	two_areas
	# swapeat runs in the cgroup from its start, so its pages are charged there
	mkfifo "$BATS_TEST_TMPDIR/cgin"
	(echo $BASHPID >"$CGROUP/cgroup.procs"; exec "$SWAPEAT" -p 4) \
		<"$BATS_TEST_TMPDIR/cgin" >"$BATS_TEST_TMPDIR/cgout" 2>&1 &
	echo $! >>"$BATS_TEST_TMPDIR/eaters"
	exec {CGFD}>"$BATS_TEST_TMPDIR/cgin"
	for i in $(seq 300); do grep -q ready "$BATS_TEST_TMPDIR/cgout" && break; sleep 0.1; done
	grep -q ready "$BATS_TEST_TMPDIR/cgout"
	run "$LSSWAP" --cgroups --json --bytes --output-all
	[ "$status" -eq 0 ]
	echo "$output"
	jq -e --arg c "/${CGROUP##*/}" ".cgroups[] | select(.cgroup == \$c) | .swap == $((4 << 20))" <<<"$output"
	run "$LSSWAP" --cgroups
	[[ $output == *"/${CGROUP##*/}"*"4M"* ]]
}
