#!/usr/bin/env bats
# Concurrency on live kernel state, with areas these tests create only:
# parallel swapon -a on one fstab, mkswap racing swapon on one file, and
# swapoff -a while swapon -a runs.  No run crashes (no exit by signal),
# every exit code is a documented one, and every area ends in one known
# state: active exactly once with its header intact, or inactive with its
# header intact.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
bats_require_minimum_version 1.5.0

UUID=4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb

setup() {
	require_root
	scratch_dir >/dev/null
	D=$SCRATCH
}

# areas N: N swap files a1..aN in the scratch dir and an fstab listing them.
areas() {
	local i
	: >"$D/fstab"
	for i in $(seq "$1"); do
		make_file "$D/a$i" 8M
		track_swap "$D/a$i"
		"$MKSWAP" -q -L "a$i" "$D/a$i"
		printf '%s none swap sw 0 0\n' "$D/a$i" >>"$D/fstab"
	done
	# swap files need a filesystem that supports them (not tmpfs)
	if ! /sbin/swapon "$D/a1" 2>/dev/null; then
		skip "the filesystem of $D does not support swap files"
	fi
	/sbin/swapoff "$D/a1"
}

# known_state AREA: active at most once, and a valid swap header either way.
known_state() {
	local n
	n=$(active_count "$1")
	[ "$n" -le 1 ] || { echo "$1 is listed $n times"; return 1; }
	blkid -p -o export "$1" | grep -qx TYPE=swap ||
		{ echo "$1 lost its swap header"; return 1; }
}

# header AREA: checksum of the header page.
header() {
	head -c "$(getconf PAGESIZE)" "$1" | sha256sum
}

# only_ours: /proc/swaps lists nothing but areas in our scratch dir.
only_ours() {
	local name
	while read -r name _; do
		name=$(printf '%b' "$name")
		[[ "$name" == "$D"/* ]] || return 1
	done < <(tail -n +2 /proc/swaps)
}

@test "parallel swapon -a on one fstab: all exit 0, each area active exactly once" {
	local i pids=() st
	areas 3
	for i in 1 2 3 4 5; do
		"$SWAPON" -a -T "$D/fstab" >"$D/out$i" 2>&1 &
		pids+=($!)
	done
	for i in "${!pids[@]}"; do
		st=0
		wait "${pids[$i]}" || st=$?
		echo "# run $((i + 1)): $st: $(cat "$D/out$((i + 1))")"
		# a racing peer's activation counts as success under -a
		[ "$st" -eq 0 ]
	done
	for i in 1 2 3; do
		[ "$(active_count "$D/a$i")" -eq 1 ]
		known_state "$D/a$i"
	done
	# and a further run finds everything active: still 0
	run "$SWAPON" -a -T "$D/fstab"
	[ "$status" -eq 0 ]
}

@test "mkswap racing swapon on one file: documented exits, a valid area either way" {
	local k ms ss
	areas 1
	f=$D/a1
	for k in $(seq 10); do
		"$MKSWAP" -q -L "r$k" -U "$UUID" "$f" >"$D/mk.out" 2>&1 &
		mp=$!
		"$SWAPON" "$f" >"$D/on.out" 2>&1 &
		sp=$!
		ms=0; wait "$mp" || ms=$?
		ss=0; wait "$sp" || ss=$?
		echo "# round $k: mkswap $ms ($(cat "$D/mk.out")), swapon $ss ($(cat "$D/on.out"))"
		[ "$ms" -eq 0 ] || [ "$ms" -eq 1 ]
		[ "$ss" -eq 0 ] || [ "$ss" -eq 255 ]
		# mkswap refuses an area once it is active, never half-writes it
		if [ "$ms" -eq 1 ]; then
			grep -Eq 'active swap area|busy|Text file busy' "$D/mk.out"
		fi
		known_state "$f"
		if [ "$ss" -eq 0 ]; then
			[ "$(active_count "$f")" -eq 1 ]
		fi
		/sbin/swapoff "$f" 2>/dev/null || true
		[ "$(active_count "$f")" -eq 0 ]
		# after the race, the file is a complete area one tool made
		run "$SWAPLABEL" "$f"
		[ "$status" -eq 0 ]
	done
}

@test "swapoff -a while swapon -a runs: documented exits, each area on or off, intact" {
	local k i on off
	areas 4
	for k in $(seq 5); do
		only_ours || skip "/proc/swaps lists areas of others; swapoff -a would touch them"
		for i in 1 2 3 4; do header "$D/a$i"; done >"$D/before"
		"$SWAPON" -a -T "$D/fstab" >"$D/on.out" 2>&1 &
		sp=$!
		LIBMOUNT_FSTAB=$D/fstab "$SWAPOFF" -a >"$D/off.out" 2>&1 &
		op=$!
		on=0; wait "$sp" || on=$?
		off=0; wait "$op" || off=$?
		echo "# round $k: swapon -a $on ($(cat "$D/on.out")), swapoff -a $off ($(cat "$D/off.out"))"
		# swapon -a: 0, or 255 if swapoff took an area away between its
		# checks and swapon(2); swapoff -a: 0, 32 or 64 (an area gone
		# between reading /proc/swaps and swapoff(2)), never a crash
		[ "$on" -eq 0 ] || [ "$on" -eq 255 ]
		case $off in 0 | 32 | 64) ;; *) false ;; esac
		for i in 1 2 3 4; do known_state "$D/a$i"; done
		# the race changes activation only, never the headers (the rest
		# of an area is the kernel's to write while it is active)
		for i in 1 2 3 4; do /sbin/swapoff "$D/a$i" 2>/dev/null || true; done
		for i in 1 2 3 4; do header "$D/a$i"; done | cmp - "$D/before"
	done
}

@test "swapoff of one area from several processes at once: one succeeds, the others exit 4" {
	local i pids=() st ok=0 four=0
	areas 1
	"$SWAPON" "$D/a1"
	for i in 1 2 3 4; do
		"$SWAPOFF" "$D/a1" >/dev/null 2>&1 &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		st=0
		wait "$i" || st=$?
		case $st in
		0) ok=$((ok + 1)) ;;
		4) four=$((four + 1)) ;;
		*) echo "unexpected exit $st"; false ;;
		esac
	done
	[ "$ok" -eq 1 ]
	[ "$four" -eq 3 ]
	[ "$(active_count "$D/a1")" -eq 0 ]
	known_state "$D/a1"
}
