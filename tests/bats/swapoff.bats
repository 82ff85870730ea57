#!/usr/bin/env bats
# swapoff: specs, --all, exit codes (util-linux's 0/2/4/8/16/32/64), progress.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
load helpers/areas
bats_require_minimum_version 1.5.0

# ---------------------------------------------------------------- helpers

setup() {
	scratch_dir >/dev/null
}

teardown() {
	local a
	swaptools_teardown
	if [ -n "${CGROUP:-}" ]; then
		[ -n "${HOG:-}" ] && kill "$HOG" 2>/dev/null && wait "$HOG" 2>/dev/null
		rmdir "$CGROUP" 2>/dev/null || true
		CGROUP= HOG=
	fi
}

# A fake /proc/swaps listing the given areas (and nothing of the machine's).
fake_swaps() {
	local a
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' >"$SCRATCH/swaps"
	for a in "$@"; do
		printf '%-39s %s\t\t40956\t\t0\t\t-2\n' "$a" file >>"$SCRATCH/swaps"
	done
}

# ns_run CMD...: CMD in a private mount namespace with the fake /proc/swaps
# and the fake /etc/fstab of this test bind-mounted in place.
ns_run() {
	NS_BINDS="$SCRATCH/swaps:/proc/swaps $SCRATCH/fstab:/etc/fstab" in_namespace "$@"
}


# calls LOG: the swapoff(2) calls an strace -f log holds, one per line,
# "PATH = RESULT" (pids and timing stripped).
calls() {
	sed -n 's/.*swapoff("\([^"]*\)") *= \(-\{0,1\}[0-9]*\( [A-Z]*\)\{0,1\}\).*/\1 = \2/p' "$1"
}

# traced NAME CMD...: run CMD under strace with ns_run's fake /proc/swaps
# and fstab; status, stdout, stderr and the swapoff(2) calls go to
# $SCRATCH/NAME.{rc,out,err,calls}.
traced() {
	local name=$1 rc=0
	shift
	ns_run strace -f -qq -e trace=swapoff -o "$SCRATCH/$name.log" "$@" \
		>"$SCRATCH/$name.out" 2>"$SCRATCH/$name.err" || rc=$?
	echo "$rc" >"$SCRATCH/$name.rc"
	calls "$SCRATCH/$name.log" >"$SCRATCH/$name.calls"
}

# same_run A B: the two traced runs agree on everything the contract names.
same_run() {
	local x failed=0
	for x in rc out err calls; do
		cmp -s "$SCRATCH/$1.$x" "$SCRATCH/$2.$x" || {
			echo "--- $x differs (util-linux, then ours)"
			diff "$SCRATCH/$1.$x" "$SCRATCH/$2.$x"
			failed=1
		}
	done
	return "$failed"
}

# ---------------------------------------------------------------- usage

@test "--help lists every option in util-linux's layout" {
	run "$SWAPOFF" --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Usage:" ]
	[[ "$output" == *"Options:"* ]]
	[[ "$output" == *"For more details see swapoff(8)." ]]
	for o in -a --all -v --verbose -h --help -V --version -L -U LABEL= UUID=; do
		[[ "$output" == *" $o"* ]] || { echo "missing $o"; false; }
	done
}

@test "--version" {
	run "$SWAPOFF" --version
	[ "$status" -eq 0 ]
	[[ "$output" == "swapoff from swaptools "* ]]
}

@test "usage errors exit 16" {
	run "$SWAPOFF"
	[ "$status" -eq 16 ]
	[ "${lines[0]}" = "swapoff: bad usage" ]
	[ "${lines[1]}" = "Try 'swapoff --help' for more information." ]
	run "$SWAPOFF" --no-such-option
	[ "$status" -eq 16 ]
}

# ---------------------------------------------------------------- single areas

@test "an active file goes off; -v prints 'swapoff PATH' on stdout" {
	require_root
	new_file "a.swap"
	"$SWAPON" "$AREA"
	run --separate-stderr "$SWAPOFF" -v "$AREA"
	[ "$status" -eq 0 ]
	[ "$output" = "swapoff $AREA" ]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "inactive or missing areas exit 4, as util-linux" {
	require_root
	new_file "idle.swap"
	run "$SWAPOFF" "$AREA"
	[ "$status" -eq 4 ]
	[[ "$output" == *"$AREA: swapoff failed: Invalid argument"* ]]
	run "$UL_SWAPOFF" "$AREA"
	[ "$status" -eq 4 ]
	run "$SWAPOFF" /nonexistent/swt.swap
	[ "$status" -eq 4 ]
	[[ "$output" == *"swapoff failed: No such file or directory"* ]]
}

@test "codes are OR-ed over operands and every operand is tried" {
	require_root
	new_file "on.swap"; on=$AREA
	new_file "off.swap"; off=$AREA
	"$SWAPON" "$on"
	run "$SWAPOFF" "$off" "$on"
	[ "$status" -eq 4 ]
	[ "$(active_count "$on")" -eq 0 ]
}

@test "LABEL= and UUID= of swap files are found through /proc/swaps" {
	require_root
	uuid=3b0e6a52-7f4c-4d31-8c2b-9a1d0e5f7a11
	new_file "l.swap" 40M -L swtfilelbl -U "$uuid"
	for spec in "LABEL=swtfilelbl" "-L swtfilelbl" "UUID=$uuid" "-U $uuid"; do
		"$SWAPON" "$AREA"
		run "$SWAPOFF" $spec
		[ "$status" -eq 0 ] || { echo "swapoff $spec: $output"; false; }
		[ "$(active_count "$AREA")" -eq 0 ]
	done
}

@test "LABEL= of a block device is found through libblkid" {
	require_root
	new_loop "lb" 40M -L swtlooplbl
	"$SWAPON" "$AREA"
	run "$SWAPOFF" -L swtlooplbl
	[ "$status" -eq 0 ]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "-v names an operand as given and a -L area by its path; -L misses name the value (review regression)" {
	require_root
	new_loop "vl" 40M -L swtvlabel
	"$SWAPON" "$AREA"
	run --separate-stderr "$SWAPOFF" -v LABEL=swtvlabel
	[ "$status" -eq 0 ]
	[ "$output" = "swapoff LABEL=swtvlabel" ]
	"$SWAPON" "$AREA"
	run --separate-stderr "$SWAPOFF" -v -L swtvlabel
	[ "$status" -eq 0 ]
	[ "$output" = "swapoff $AREA" ]
	run --separate-stderr "$SWAPOFF" -v LABEL=swt-no-such-label
	[ "$status" -eq 255 ]
	[ "$output" = "swapoff LABEL=swt-no-such-label" ]
	[ "$stderr" = "swapoff: cannot find the device for LABEL=swt-no-such-label" ]
	run --separate-stderr "$SWAPOFF" -v -L swt-no-such-label
	[ "$status" -eq 255 ]
	[ -z "$output" ]
	[ "$stderr" = "swapoff: cannot find the device for swt-no-such-label" ]
}

@test "-a -v names the fstab entries as fstab writes them (review regression)" {
	require_root
	new_loop "fv" 40M -L swtfvlabel
	fake_swaps
	printf 'LABEL=swtfvlabel none swap sw 0 0\nLABEL=swt-missing none swap nofail 0 0\n' \
		>"$SCRATCH/fstab"
	run --separate-stderr ns_run "$SWAPOFF" -a -v
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'swapoff LABEL=swtfvlabel\nswapoff LABEL=swt-missing')" ]
}

@test "a tag that matches nothing: 'cannot find the device', exit 255 as util-linux" {
	local spec uuid=0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0
	for spec in LABEL=swt-no-such-label "-L swt-no-such-label" "-U $uuid" "UUID=$uuid"; do
		# shellcheck disable=SC2086
		run "$SWAPOFF" $spec
		[ "$status" -eq 255 ] || { echo "swapoff $spec: exit $status"; false; }
		[[ "$output" == *"cannot find the device for "* ]]
		# shellcheck disable=SC2086
		run "$UL_SWAPOFF" $spec
		[ "$status" -eq 255 ]
	done
	# 255 whatever the other operands give (util-linux ORs in -1)
	run "$SWAPOFF" LABEL=swt-no-such-label /nonexistent/swt.swap
	[ "$status" -eq 255 ]
}

@test "not root: 'Not superuser.', exit 16" {
	require_root
	require_cmd setpriv
	local bin
	new_file "np.swap"
	"$SWAPON" "$AREA"
	"$SWAPOFF" --version >/dev/null	# the libtool wrapper settles as root
	bin=$(runnable_as 65534 "$SWAPOFF")	# a copy when 65534 cannot reach ours
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" "$AREA"
	[ "$status" -eq 16 ]
	[[ "$output" == *"Not superuser."* ]]
	[ "$(active_count "$AREA")" -eq 1 ]
}

@test "ENOMEM from swapoff(2) exits 2 and says what to do" {
	require_root
	new_file "nomem.swap"
	[ -f "$FAILSYS" ] || skip "tests/preload/failsys.so is not built"
	"$SWAPON" "$AREA"
	run env LD_PRELOAD="$FAILSYS" FAILSYS_SWAPOFF=ENOMEM "$SWAPOFF" "$AREA"
	[ "$status" -eq 2 ]
	[[ "$output" == *"$AREA: swapoff failed: Cannot allocate memory"* ]]
	[[ "$output" == *"free memory"* ]]
	[ "$(active_count "$AREA")" -eq 1 ]
}

@test "-a: an unreadable /proc/swaps goes on to the fstab pass, as util-linux" {
	require_root
	require_cmd strace
	[ -f "$FAILSYS" ] || skip "tests/preload/failsys.so is not built"
	new_file "us1.swap"; us1=$AREA
	new_file "us2.swap"; us2=$AREA
	fake_swaps "$us1" "$us2"
	printf '%s none swap sw 0 0\n' "$us2" "$us1" >"$SCRATCH/fstab"
	"$SWAPON" "$us1"; "$SWAPON" "$us2"
	traced ul env LD_PRELOAD="$FAILSYS" FAILSYS_OPEN_PATH=/proc/swaps "$UL_SWAPOFF" -a -v
	[ "$(active_count "$us1")" -eq 0 ]
	[ "$(active_count "$us2")" -eq 0 ]
	"$SWAPON" "$us1"; "$SWAPON" "$us2"
	traced ours env LD_PRELOAD="$FAILSYS" FAILSYS_OPEN_PATH=/proc/swaps "$SWAPOFF" -a -v
	same_run ul ours
	[ "$(cat "$SCRATCH/ours.rc")" -eq 0 ]
	[ "$(cat "$SCRATCH/ours.calls")" = "$(printf '%s = 0\n%s = 0' "$us2" "$us1")" ]
	[ "$(active_count "$us1")" -eq 0 ]
	[ "$(active_count "$us2")" -eq 0 ]
}

@test "work order as util-linux: -L, -U, operands, then -a (strace)" {
	require_root
	require_cmd strace
	local uuid=5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b
	new_file "wl.swap" 40M -L swtwolabel; wl=$AREA
	new_file "wu.swap" 40M -U "$uuid"; wu=$AREA
	new_file "wo.swap"; wo=$AREA
	new_file "wa.swap"; wa=$AREA
	fake_swaps "$wa" "$wl" "$wu" "$wo"
	: >"$SCRATCH/fstab"
	local a tool
	for tool in ul ours; do
		for a in "$wl" "$wu" "$wo" "$wa"; do "$SWAPON" "$a"; done
		if [ "$tool" = ul ]; then
			traced ul "$UL_SWAPOFF" -v -a "$wo" -U "$uuid" -L swtwolabel
		else
			traced ours "$SWAPOFF" -v -a "$wo" -U "$uuid" -L swtwolabel
		fi
		for a in "$wl" "$wu" "$wo" "$wa"; do [ "$(active_count "$a")" -eq 0 ]; done
	done
	same_run ul ours
	# -L, -U, the operand, then -a backwards over /proc/swaps (whose other
	# three entries are off by then)
	[ "$(head -4 "$SCRATCH/ours.calls" | cut -d' ' -f1)" = "$(printf '%s\n' "$wl" "$wu" "$wo" "$wo")" ]
}

@test "-a: the fstab pass goes on past a malformed line, reported as util-linux" {
	require_root
	require_cmd strace
	new_file "fm1.swap"; fm1=$AREA
	new_file "fm2.swap"; fm2=$AREA
	fake_swaps
	printf '%s none swap sw 0 0\ngarbage\n%s none swap sw 0 0\n' "$fm1" "$fm2" >"$SCRATCH/fstab"
	"$SWAPON" "$fm1"; "$SWAPON" "$fm2"
	traced ul "$UL_SWAPOFF" -a -v
	[ "$(active_count "$fm2")" -eq 0 ]
	"$SWAPON" "$fm1"; "$SWAPON" "$fm2"
	traced ours "$SWAPOFF" -a -v
	same_run ul ours
	[ "$(cat "$SCRATCH/ours.rc")" -eq 0 ]
	[ "$(cat "$SCRATCH/ours.err")" = "swapoff: /etc/fstab: parse error at line 2 -- ignored" ]
	[ "$(active_count "$fm1")" -eq 0 ]
	[ "$(active_count "$fm2")" -eq 0 ]
}

@test "-a: an fstab that is /dev/zero or a FIFO neither hangs nor grows (LIBMOUNT_FSTAB)" {
	require_root
	fake_swaps
	: >"$SCRATCH/fstab"
	mkfifo "$SCRATCH/fifo"
	local f
	for f in /dev/zero "$SCRATCH/fifo"; do
		memory_cap 262144
		run --separate-stderr ns_run env LIBMOUNT_FSTAB="$f" timeout 10 \
			"${MEMORY_CAP[@]}" "$SWAPOFF" -a
		[ "$status" -eq 0 ] || { echo "$f: exit $status"; false; }
		[ -z "$output" ]
		[ -z "$stderr" ]
	done
	run ns_run env LIBMOUNT_FSTAB=/dev/zero timeout 10 "$UL_SWAPOFF" -a
	[ "$status" -eq 0 ]
}

@test "-L over an active swap file over-mounted by a FIFO returns at once" {
	require_root
	new_file "ff.swap" 40M -L swtfifolbl; ff=$AREA
	"$SWAPON" "$ff"
	mkfifo "$SCRATCH/ff.fifo"
	run --separate-stderr env NS_BINDS="$SCRATCH/ff.fifo:$ff" timeout 10 \
		bash -c "$(declare -f in_namespace); in_namespace \"\$@\"" sh "$SWAPOFF" -L swtfifolbl
	[ "$status" -ne 124 ] || { echo "swapoff -L hung on the FIFO"; false; }
	[ "$status" -eq 255 ]
	[ "$stderr" = "swapoff: cannot find the device for swtfifolbl" ]
	[ "$(active_count "$ff")" -eq 1 ]
}

# ---------------------------------------------------------------- --all

@test "-a swaps off every area of /proc/swaps, last first (fake /proc/swaps)" {
	require_root
	new_file "a1.swap"; a1=$AREA
	new_loop "a2"; a2=$AREA
	"$SWAPON" "$a1"
	"$SWAPON" "$a2"
	fake_swaps "$a1" "$a2"
	: >"$SCRATCH/fstab"
	run --separate-stderr ns_run "$SWAPOFF" -a -v
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'swapoff %s\nswapoff %s' "$a2" "$a1")" ]
	[ "$(active_count "$a1")" -eq 0 ]
	[ "$(active_count "$a2")" -eq 0 ]
}

@test "-a: 64 when some fail, 32 when all fail, failures quiet" {
	require_root
	new_file "s1.swap"; s1=$AREA
	"$SWAPON" "$s1"
	fake_swaps "$s1" "$SCRATCH/not-active.swap"
	: >"$SCRATCH/fstab"
	run ns_run "$SWAPOFF" -a
	[ "$status" -eq 64 ]
	[ -z "$output" ]
	[ "$(active_count "$s1")" -eq 0 ]
	fake_swaps "$SCRATCH/not-active.swap" "$s1"
	run ns_run "$SWAPOFF" -a
	[ "$status" -eq 32 ]
	[ -z "$output" ]
}

@test "-a then fstab: active entries go off, unknown tags are reported (nofail too, as util-linux)" {
	require_root
	new_loop "fs1" 40M -L swtfstablbl; fs1=$AREA
	"$SWAPON" "$fs1"
	fake_swaps
	printf 'LABEL=swtfstablbl none swap sw 0 0\nLABEL=swt-missing none swap sw 0 0\nLABEL=swt-missing2 none swap nofail 0 0\n' \
		>"$SCRATCH/fstab"
	run ns_run "$SWAPOFF" -a
	[ "$status" -eq 0 ]
	[[ "$output" == *"cannot find the device for LABEL=swt-missing"* ]]
	[[ "$output" == *"cannot find the device for LABEL=swt-missing2"* ]]
	[ "$(active_count "$fs1")" -eq 0 ]
}

# ---------------------------------------------------------------- progress

@test "-v on a terminal shows the used size going down" {
	require_root
	require_cmd script
	[ -d /sys/fs/cgroup/memory ] || skip "no cgroup v1 memory controller to force pages out"
	require_cmd python3
	new_file "prog.swap" 256M
	"$SWAPON" -p 32767 "$AREA"
	CGROUP=/sys/fs/cgroup/memory/swaptools-test.$$
	mkdir "$CGROUP" || skip "cannot create a memory cgroup"
	echo 64M >"$CGROUP/memory.limit_in_bytes" || skip "cannot limit the cgroup"
	sh -c 'echo $$ >"$1/cgroup.procs"; exec python3 -c "
import os, time
b = bytearray(os.urandom(1 << 20) * 192)
open(\"$2/ready\", \"w\").close()
time.sleep(600)"' sh "$CGROUP" "$SCRATCH" &
	HOG=$!
	for i in $(seq 100); do [ -e "$SCRATCH/ready" ] && break; sleep 0.2; done
	used=$(awk -v n="$AREA" 'NR > 1 && $1 == n { print $4 }' /proc/swaps)
	[ "${used:-0}" -gt 65536 ] || skip "nothing was swapped out (used ${used:-0} KiB)"
	# room for the pages to come back: at 64M the kernel would OOM-kill
	# the hog (or fail swapoff with ENOMEM) instead of taking them back
	echo 1G >"$CGROUP/memory.limit_in_bytes"
	run script -qec "$SWAPOFF -v $AREA" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"swapoff $AREA"* ]]
	[ "$(active_count "$AREA")" -eq 0 ]
	if [[ "$output" != *"still in use"* ]]; then
		skip "swapoff finished before the first progress line"
	fi
	[[ "$output" == *"$AREA: done"* ]]
}

@test "-v on a terminal: progress lines while a slow swapoff(2) runs" {
	require_root
	require_cmd script
	new_file "slow.swap"
	"$SWAPON" "$AREA"
	require_slowswapoff
	run script -qec "env LD_PRELOAD=$SLOWSWAPOFF $SWAPOFF -v $AREA" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"swapoff $AREA"* ]]
	[[ "$output" == *"swapoff: $AREA: 0B of 40M still in use"* ]]
	[[ "$output" == *"swapoff: $AREA: done"* ]]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "-v on a terminal: the progress thread waits on CLOCK_MONOTONIC (strace futex)" {
	require_root
	require_cmd script
	require_cmd strace
	new_file "mono.swap"
	"$SWAPON" "$AREA"
	require_slowswapoff
	# glibc waits with FUTEX_WAIT_BITSET, flagged FUTEX_CLOCK_REALTIME when
	# the deadline is a CLOCK_REALTIME time: a clock step would stall it
	run script -qec "strace -f -qq -e trace=futex -o $SCRATCH/futex.log env LD_PRELOAD=$SLOWSWAPOFF $SWAPOFF -v $AREA" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"still in use"* ]]
	# timed waits (a deadline in braces; pthread_join waits untimed)
	grep -q 'FUTEX_WAIT_BITSET.*, {tv_sec=' "$SCRATCH/futex.log"
	[ "$(grep -c 'FUTEX_CLOCK_REALTIME, [0-9]*, {tv_sec=' "$SCRATCH/futex.log")" -eq 0 ]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "-v without a terminal prints no progress line" {
	require_root
	new_file "noprog.swap"
	"$SWAPON" "$AREA"
	run "$SWAPOFF" -v "$AREA"
	[ "$status" -eq 0 ]
	[ "$output" = "swapoff $AREA" ]
}
