# Swap areas for the swapon/swapoff tests: files and loop devices in the
# test's scratch directory, registered for teardown.
# SPDX-License-Identifier: GPL-2.0-or-later

# area_mkswap ARGS...: format with our mkswap once it is built, else with
# util-linux's (AREA_MKSWAP overrides both).
area_mkswap() {
	local mk=${AREA_MKSWAP:-}
	if [ -z "$mk" ]; then
		if [ -x "$MKSWAP" ]; then mk=$MKSWAP; else mk=$UL_MKSWAP; fi
	fi
	"$mk" "$@" >/dev/null
}

# new_file NAME [SIZE [mkswap args...]]: a swap file in the scratch dir; sets AREA.
new_file() {
	local name=$1 size=${2:-40M}
	shift 2 || shift $#
	AREA="$SCRATCH/$name"
	make_file "$AREA" "$size"
	track_swap "$AREA"
	area_mkswap "$@" "$AREA"
}

# new_loop NAME [SIZE [mkswap args...]]: a swap area on a loop device; sets AREA.
new_loop() {
	local name=$1 size=${2:-40M}
	shift 2 || shift $#
	make_file "$SCRATCH/$name.img" "$size"
	AREA=$(make_loop "$SCRATCH/$name.img")
	track_swap "$AREA"
	area_mkswap "$@" "$AREA"
}

# start_swapeat ARGS...: start tests/helpers/swapeat ARGS in the background
# (in the memory cgroup directory $EAT_CGROUP from its start, when set),
# listed for kill_eaters; sets EATER (its PID), CHILD (with -f) and EATEN
# (its VmSwap in KiB).  It runs until teardown (or until EATFD is closed).
start_swapeat() {
	local fifo out line i
	fifo=$BATS_TEST_TMPDIR/in.$RANDOM
	out=$BATS_TEST_TMPDIR/out.$RANDOM
	mkfifo "$fifo"
	if [ -n "${EAT_CGROUP:-}" ]; then
		(echo "$BASHPID" >"$EAT_CGROUP/cgroup.procs" && exec "$SWAPEAT" "$@") \
			<"$fifo" >"$out" 2>&1 &
	else
		"$SWAPEAT" "$@" <"$fifo" >"$out" 2>&1 &
	fi
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
	if [ $# -eq 4 ]; then CHILD=$3; EATEN=$4; else CHILD=; EATEN=$3; fi
	[ -z "$CHILD" ] || echo "$CHILD" >>"$BATS_TEST_TMPDIR/eaters"
}

# kill_eaters: end every swapeat process a test listed in
# $BATS_TEST_TMPDIR/eaters and wait until each is gone (its swapped pages
# must be freed before teardown swaps the area off).
kill_eaters() {
	local p
	[ -f "$BATS_TEST_TMPDIR/eaters" ] || return 0
	while read -r p; do
		kill -9 "$p" 2>/dev/null
	done <"$BATS_TEST_TMPDIR/eaters"
	while read -r p; do
		timeout 10 tail --pid="$p" -f /dev/null 2>/dev/null
	done <"$BATS_TEST_TMPDIR/eaters"
	return 0
}

# SLOWSWAPOFF: a preload library (make check builds it) whose swapoff()
# first sleeps (SLOWSWAPOFF_MS, default 1 s; with SLOWSWAPOFF_EINTR a
# handled signal makes it fail with EINTR, as the kernel's swapoff(2)).
SLOWSWAPOFF=${top_builddir:-.}/tests/preload/.libs/slowswapoff.so

require_slowswapoff() {
	[ -f "$SLOWSWAPOFF" ] || skip "tests/preload/slowswapoff.so is not built (make check builds it)"
}
