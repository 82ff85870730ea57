#!/usr/bin/env bats
# swaplabel: util-linux's output and exit codes, only the UUID and label
# bytes change, and refusals change nothing.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common

UUID=4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb
UUID2=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
SRCDIR=${top_srcdir:-$BATS_TEST_DIRNAME/../..}

# scratch: $d becomes this test's scratch directory.
scratch() {
	d=$(scratch_dir)
}

# pair MKSWAP-ARGS...: $d/ul/area and $d/our/area, one swap area made by
# util-linux mkswap on a 1 MiB file, copied.
pair() {
	scratch
	mkdir -p "$d/ul" "$d/our"
	make_file "$d/ul/area" 1M
	"$UL_MKSWAP" -q "$@" "$d/ul/area"
	make_file "$d/our/area" 1M
	cp "$d/ul/area" "$d/our/area"
}

# run_pair ARGS...: util-linux and our swaplabel, each in its directory.
run_pair() {
	pair_run "$d" "$UL_SWAPLABEL" "$SWAPLABEL" "$@"
}

same_pair() {
	pair_same "$d"
}

refused() {
	local area=$1 before
	shift
	before=$(sha "$area")
	run "$@"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$(sha "$area")" = "$before" ]
}

@test "swaplabel --help and --version" {
	run "$SWAPLABEL" --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Usage:" ]
	[ "${lines[1]}" = " swaplabel [options] <device>" ]
	[ "${lines[-1]}" = "For more details see swaplabel(8)." ]
	for o in "-L, --label" "-U, --uuid" "-h, --help" "-V, --version"; do
		[[ "$output" == *" $o"* ]] || { echo "missing $o"; return 1; }
	done
	run "$SWAPLABEL" -V
	[[ "$output" == "swaplabel from swaptools "* ]]
}

@test "swaplabel DEV prints label and UUID as util-linux" {
	for args in "-L lab -U $UUID" "-U $UUID" "-U clear" "-L only -U clear" \
		    "-p 65536 -L big -U $UUID" "-p 8192 -U $UUID"; do
		eval pair "$args"
		run_pair area
		same_pair || { echo "mkswap $args"; return 1; }
	done
}

@test "swaplabel -L/-U: util-linux's bytes, only bytes 1036..1067 change" {
	for args in "-L newlabel" "-U $UUID2" "-L both -U $UUID2" "-L ''" "-L 0123456789abcdefghij"; do
		pair -L old -U "$UUID" -p 8192
		cp "$d/our/area" "$d/before"
		eval run_pair "$args" area
		same_pair || { echo "swaplabel $args"; return 1; }
		[ "$our_rc" -eq 0 ]
		# every changed byte (cmp -l counts from 1) lies in 1037..1068
		cmp -l "$d/before" "$d/our/area" | awk '$1 < 1037 || $1 > 1068 { bad = 1 } END { exit bad }'
	done
	grep -q "label is too long. Truncating it to '0123456789abcde'" "$d/our/err"
}

@test "swaplabel: blkid sees the new label and UUID" {
	pair -L old -U "$UUID"
	run "$SWAPLABEL" -L fresh -U "$UUID2" "$d/our/area"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(blkid -p -o value -s LABEL "$d/our/area")" = fresh ]
	[ "$(blkid -p -o value -s UUID "$d/our/area")" = "$UUID2" ]
	[ "$(blkid -p -o value -s TYPE "$d/our/area")" = swap ]
}

@test "swaplabel -U clear / random / time" {
	pair -L keep -U "$UUID"
	"$SWAPLABEL" -U clear "$d/our/area"
	run "$SWAPLABEL" "$d/our/area"
	[ "$output" = "LABEL: keep" ]
	for k in random time; do
		"$SWAPLABEL" -U $k "$d/our/area"
		run "$SWAPLABEL" "$d/our/area"
		[[ "${lines[1]}" =~ ^UUID:\ \ [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]]
	done
}

@test "swaplabel on a big-endian area changes the same bytes" {
	[ -x "$MKSWAP" ] || skip "no mkswap"
	scratch
	make_file "$d/be" 1M
	"$MKSWAP" -q -e big -L be -U "$UUID" "$d/be"
	cp "$d/be" "$d/before"
	"$SWAPLABEL" -L changed -U "$UUID2" "$d/be"
	run "$SWAPLABEL" "$d/be"
	[ "${lines[0]}" = "LABEL: changed" ]
	[ "${lines[1]}" = "UUID:  $UUID2" ]
	cmp -l "$d/before" "$d/be" | awk '$1 < 1037 || $1 > 1068 { bad = 1 } END { exit bad }'
}

@test "swaplabel: an invalid UUID is an error (util-linux exits 0), unchanged" {
	pair -L old -U "$UUID"
	refused "$d/our/area" "$SWAPLABEL" -U not-a-uuid "$d/our/area"
	[[ "$output" == *"failed to parse UUID: not-a-uuid"* ]]
	refused "$d/our/area" "$SWAPLABEL" -L new -U 4c08e1cd-3c82-46bf-a55b "$d/our/area"
}

@test "swaplabel: no swap signature, v0 and suspend areas are refused as util-linux" {
	scratch
	mkdir -p "$d/ul" "$d/our"
	for sig in none SWAP-SPACE S1SUSPEND; do
		make_file "$d/ul/area" 1M
		[ $sig = none ] || printf '%s' "$sig" |
			dd of="$d/ul/area" bs=1 seek=$((4096 - 10)) conv=notrunc status=none
		make_file "$d/our/area" 1M
		cp "$d/ul/area" "$d/our/area"
		for args in "" "-L x" "-U $UUID"; do
			before=$(sha "$d/our/area")
			eval run_pair "$args" area
			same_pair || { echo "$sig, swaplabel $args"; return 1; }
			[ "$our_rc" -eq 1 ]
			[ "$(sha "$d/our/area")" = "$before" ]
		done
	done
}

@test "swaplabel: usage errors as util-linux" {
	scratch
	mkdir -p "$d/ul" "$d/our"
	touch "$d/ul/area" "$d/our/area"
	for args in "" "-L" "--bogus area" "missing"; do
		eval run_pair "$args"
		same_pair || { echo "swaplabel $args"; return 1; }
	done
}

@test "swaplabel: extra operands are ignored, as util-linux ignores them" {
	pair -L one -U "$UUID"
	for args in "area other" "area missing more" "-L two area missing"; do
		eval run_pair "$args"
		same_pair || { echo "swaplabel $args"; return 1; }
		[ "$our_rc" -eq 0 ]
	done
}

@test "swaplabel: an active swap file fails with the kernel's ETXTBSY, as util-linux, unchanged" {
	require_root
	scratch
	make_file "$d/a" 1M
	"$UL_MKSWAP" -q -L act "$d/a"
	track_swap "$d/a"
	"$UL_SWAPON" "$d/a"
	run "$UL_SWAPLABEL" -L other "$d/a"
	ul_status=$status
	refused "$d/a" "$SWAPLABEL" -L other "$d/a"
	[ "$ul_status" -eq 1 ]
	[[ "$output" == *"$d/a: failed to write label: Text file busy"* ]]
	# showing it still works
	run "$SWAPLABEL" "$d/a"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "LABEL: act" ]
}

@test "swaplabel: an active swap device is tried as util-linux tries it, same result" {
	require_root
	pair -L old -U "$UUID"
	l1=$(make_loop "$d/ul/area")
	l2=$(make_loop "$d/our/area")
	track_swap "$l1"
	track_swap "$l2"
	/sbin/swapon "$l1" && /sbin/swapon "$l2" || skip "swapon of a loop device failed"
	run "$UL_SWAPLABEL" -L new -U "$UUID2" "$l1"
	ul_status=$status
	# no refusal up front: the write is attempted, as util-linux does
	# (kernels that refuse writes to an active swap device say ETXTBSY)
	run strace -f -e trace=pwrite64,write -o "$d/trace" "$SWAPLABEL" -L new -U "$UUID2" "$l2"
	echo "$output"
	[ "$status" -eq "$ul_status" ]
	grep -q "pwrite64(.*, 1036)" "$d/trace"
	if [ "$status" -ne 0 ]; then
		[[ "$output" == *"Text file busy (an active swap area; swapoff it first)"* ]]
	fi
	/sbin/swapoff "$l1"
	/sbin/swapoff "$l2"
	# the header pages only: while active, both areas may have taken
	# other processes' pages, which the kernel writes after the header
	cmp -n "$(getconf PAGESIZE)" "$d/ul/area" "$d/our/area"
}

@test "swaplabel: a 16-byte label without NUL is shown whole, trimmed as blkid shows it" {
	for label in ABCDEFGHIJKLMNOP 'ab  \0' ' \tx\n \0' '   \0' '\377\376\001a\0'; do
		pair -U "$UUID"
		for x in ul our; do
			printf "$label" | dd of="$d/$x/area" bs=1 seek=1052 conv=notrunc status=none
		done
		run_pair area
		same_pair || { echo "label '$label'"; return 1; }
	done
	[ "$(cat "$d/our/out")" != "" ]
	pair -U "$UUID"
	printf ABCDEFGHIJKLMNOP | dd of="$d/our/area" bs=1 seek=1052 conv=notrunc status=none
	run "$SWAPLABEL" "$d/our/area"
	[ "${lines[0]}" = "LABEL: ABCDEFGHIJKLMNOP" ]
}

@test "swaplabel: FIFOs and other special files fail at once, never hang" {
	scratch
	mkfifo "$d/fifo"
	for args in "$d/fifo" "-L x $d/fifo" "-U $UUID $d/fifo" /dev/null "-L x /dev/null"; do
		run timeout 10 "$SWAPLABEL" $args
		echo "$args: $status $output"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == *": unable to probe device"* ]]
	done
}

@test "swaplabel: a swap area behind a mounted loop device is not written" {
	require_root
	require_cmd mkfs.ext4
	scratch
	# a swap header at byte 0, an ext4 filesystem from 1 MiB on, mounted
	# through a loop device with an offset
	make_file "$d/img" 40M
	"$UL_MKSWAP" -q -L old "$d/img"
	loop=$(make_loop "$d/img" -o 1048576)
	mkfs.ext4 -q -F "$loop" >/dev/null 2>&1 || skip "mkfs.ext4 failed"
	mkdir "$d/mnt"
	before=$(sha "$d/img")
	run in_namespace sh -c 'mount -o ro,noload "$1" "$2/mnt" || exit 99; "$3" -L new "$2/img"' \
		sh "$loop" "$d" "$SWAPLABEL"
	echo "$output"
	[ "$status" -ne 99 ] || skip "mount failed"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$d/img: is mounted (${loop#/dev/} on $d/mnt)"* ]]
	[ "$(sha "$d/img")" = "$before" ]
}

@test "swaplabel: a mountinfo that cannot be read fails closed for a file behind a loop device" {
	require_root
	[ -f "$FAILSYS" ] || skip "tests/preload/failsys.so is not built"
	pair -L old
	make_loop "$d/our/area" >/dev/null
	before=$(sha "$d/our/area")
	run env FAILSYS_OPEN_PATH=/proc/self/mountinfo FAILSYS_OPEN_ERRNO=EACCES \
		LD_PRELOAD="$FAILSYS" "$SWAPLABEL" -L new "$d/our/area"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot tell whether it is mounted"* ]]
	[ "$(sha "$d/our/area")" = "$before" ]
}
