#!/usr/bin/env bats
# swapon --verify: every problem of a swap fstab entry is one line, exit
# status 0 / 1 (warnings) / 2 (errors), nothing is activated.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
load helpers/areas
bats_require_minimum_version 1.5.0

setup() {
	scratch_dir >/dev/null
	d=$SCRATCH
}

# verify ARGS...: run swapon --verify with stdout and stderr apart.
verify() {
	run --separate-stderr "$SWAPON" --verify "$@"
}

@test "verify: a clean fstab succeeds with exit 0" {
	new_file good 1M
	printf '%s none swap sw,pri=5,discard=once,nofail,x-systemd.foo 0 0\n' "$AREA" > "$d/fstab"
	verify -T "$d/fstab"
	[ "$status" -eq 0 ]
	[ "$output" = "Success, no errors or warnings detected" ]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "verify: options are reported with what util-linux makes of them" {
	new_file opts 1M
	printf '%s none swap pri=5x,discard=o,foo,pri=3 0 0\n' "$AREA" > "$d/fstab"
	verify -T "$d/fstab"
	[ "$status" -eq 1 ]
	[ "$output" = "$AREA
   [W] pri=5x: swapon reads priority 5 and ignores the rest
   [W] discard=o: swapon reads it as discard=once
   [W] unknown option foo: swapon ignores it
   [W] pri=3: repeats an earlier option of that name, swapon uses the first one" ]
	# the summary, after a blank line, as findmnt --verify's
	err=$("$SWAPON" --verify -T "$d/fstab" 2>&1 >/dev/null) || true
	[ "$err" = $'\n0 parse errors, 0 errors, 4 warnings' ]
}

@test "verify: pri=abc, pri=99999 and discard=x" {
	new_file pri 1M
	printf '%s none swap pri=abc,discard=x 0 0\n%s none swap pri=99999 0 0\n' \
		"$AREA" "$d/other" > "$d/fstab"
	new_file other 1M
	verify -T "$d/fstab"
	[ "$status" -eq 1 ]
	[ "$output" = "$d/pri
   [W] pri=abc: not a number, swapon ignores it and the kernel chooses the priority
   [W] discard=x: not once or pages, swapon enables both (plain discard)
$d/other
   [W] pri=99999: outside -1..32767, swapon uses 32767" ]
}

@test "verify: missing path, unknown label, parse error, exit 2" {
	printf '%s none swap sw 0 0\nLABEL=swaptools-verify-none none swap sw 0 0\nbad\n' \
		"$d/missing" > "$d/fstab"
	verify -T "$d/fstab"
	[ "$status" -eq 2 ]
	[ "$output" = "$d/missing
   [E] $d/missing: No such file or directory
LABEL=swaptools-verify-none
   [E] no device has LABEL=swaptools-verify-none" ]
	err=$("$SWAPON" --verify -T "$d/fstab" 2>&1 >/dev/null) || true
	[ "$err" = "$d/fstab: parse error at line 3 -- ignored

1 parse error, 2 errors, 0 warnings" ]
}

@test "verify: no signature, another page size, the same area twice" {
	make_file "$d/nosig" 1M
	new_file pg 1M -p 65536
	[ "$(getconf PAGESIZE)" -ne 65536 ] || skip "64 KiB pages"
	printf '%s none swap sw 0 0\n%s none swap sw 0 0\n%s/../%s none swap sw 0 0\n' \
		"$d/nosig" "$AREA" "$d" "$(basename "$d")/pg" > "$d/fstab"
	verify -T "$d/fstab"
	[ "$status" -eq 2 ]
	[ "$output" = "$d/nosig
   [E] $d/nosig: no swap signature: run mkswap on it
$d/pg
   [E] $d/pg: formatted for 65536-byte pages, this system uses $(getconf PAGESIZE): run mkswap (or swapon --fixpgsz)
$d/../$(basename "$d")/pg
   [E] $d/pg: formatted for 65536-byte pages, this system uses $(getconf PAGESIZE): run mkswap (or swapon --fixpgsz)
   [E] $d/pg: the same area as $d/fstab:2" ]
}

@test "verify: blocks that cannot be checked do not hide what the header says" {
	[ -e "$FAILSYS" ] || skip "failsys preload library not built"
	new_file pg 1M -p 65536
	[ "$(getconf PAGESIZE)" -ne 65536 ] || skip "64 KiB pages"
	printf '%s none swap sw 0 0\n' "$AREA" > "$d/fstab"
	run --separate-stderr env LD_PRELOAD="$FAILSYS" FAILSYS_FIEMAP=EIO \
		"$SWAPON" --verify -T "$d/fstab"
	echo "$output"
	[ "$status" -eq 2 ]
	[ "$output" = "$AREA
   [W] $AREA: cannot check the file's blocks: Input/output error
   [E] $AREA: formatted for 65536-byte pages, this system uses $(getconf PAGESIZE): run mkswap (or swapon --fixpgsz)" ]
}

@test "verify: a file with holes and an insecure mode" {
	truncate -s 1M "$d/sparse"
	track_file "$d/sparse"
	area_mkswap "$d/sparse"
	chmod 644 "$d/sparse"
	printf '%s none swap sw 0 0\n' "$d/sparse" > "$d/fstab"
	verify -T "$d/fstab"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "$d/sparse" ]
	[[ "$output" == *"   [W] $d/sparse: insecure permissions 0644, 0600 suggested"* ]]
	[[ "$output" == *"   [E] $d/sparse: file has holes or extents the kernel refuses: create it with mkswap --file"* ]]
}

@test "verify: LABEL= and UUID= on a loop device resolve" {
	require_root
	new_loop lbl 1M -L swaptools-vfy -U 4c08e1cd-3c82-46bf-a55b-0c3270d6df01
	printf 'LABEL=swaptools-vfy none swap sw 0 0\nUUID=4c08e1cd-3c82-46bf-a55b-0c3270d6df01 none swap sw 0 0\n' > "$d/fstab"
	verify -T "$d/fstab"
	[ "$status" -eq 2 ]
	[ "$output" = "UUID=4c08e1cd-3c82-46bf-a55b-0c3270d6df01
   [E] $AREA: the same area as $d/fstab:1" ]
}

@test "verify: an active area with another priority than its fstab line" {
	require_root
	new_file act 1M
	timeout 20 "$SWAPON" -p 7 "$AREA"
	printf '%s none swap pri=5 0 0\n' "$AREA" > "$d/fstab"
	verify -T "$d/fstab"
	[ "$status" -eq 1 ]
	[ "$output" = "$AREA
   [W] active with priority 7, $d/fstab:1 says pri=5" ]
}

@test "verify: an active area the boot fstab does not list" {
	require_root
	new_file gone 1M
	timeout 20 "$SWAPON" "$AREA"
	: > "$d/fstab"
	LIBMOUNT_FSTAB=$d/fstab run --separate-stderr "$SWAPON" --verify
	[ "$status" -eq 1 ]
	[[ "$output" == *"$AREA
   [W] active, but fstab does not list it: gone after a reboot"* ]]
	# a -T fixture is not what the next boot reads: no such warning
	verify -T "$d/fstab"
	[ "$status" -eq 0 ]
}

@test "verify --json: one valid JSON object whatever the bytes" {
	require_cmd python3
	new_file js 1M
	printf '%s none swap foo 0 0\n%s/a\\012b\xff none swap sw 0 0\n' "$AREA" "$d" > "$d/fstab"
	verify --json -T "$d/fstab"
	[ "$status" -eq 2 ]
	python3 -c '
import json, sys
o = json.loads(sys.argv[1])
assert o["errors"] == 1 and o["warnings"] == 1 and o["parse-errors"] == 0, o
e = o["entries"]
assert e[0]["source"] == sys.argv[2], e
assert e[0]["problems"] == [{"level": "warning", "message": "unknown option foo: swapon ignores it"}], e
assert e[1]["source"] == sys.argv[3] + "/a\nb\\xff", e
assert e[1]["problems"][0]["level"] == "error", e
' "$output" "$AREA" "$d"
}

@test "verify: the resume= of the kernel command line is one of the areas" {
	require_root
	new_loop res 1M
	printf '%s none swap sw 0 0\n' "$AREA" > "$d/fstab"
	printf 'quiet resume=%s ro\n' "$AREA" > "$d/cmdline"
	NS_BINDS="$d/cmdline:/proc/cmdline" run in_namespace "$SWAPON" --verify -T "$d/fstab"
	[ "$status" -eq 0 ]
	[ "$output" = "Success, no errors or warnings detected" ]
	printf 'resume=%s\n' "$d/nonexistent" > "$d/cmdline"
	NS_BINDS="$d/cmdline:/proc/cmdline" run in_namespace "$SWAPON" --verify -T "$d/fstab"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "resume=$d/nonexistent" ]
	[ "${lines[1]}" = "   [E] $d/nonexistent: no such block device, hibernation cannot resume" ]
	printf 'resume=%s\n' "$(stat -c %t:%T "$AREA" | { IFS=: read -r a b; echo $((16#$a)):$((16#$b)); })" > "$d/cmdline"
	: > "$d/empty"
	NS_BINDS="$d/cmdline:/proc/cmdline" run in_namespace "$SWAPON" --verify -T "$d/empty"
	[ "$status" -eq 1 ]
	[ "${lines[1]}" = "   [W] not a swap area of the fstab checked: the hibernation image would be written elsewhere, or nowhere" ]
}

@test "verify: a label two devices carry is named with both" {
	require_root
	new_loop twin1 1M -L swaptools-twin
	a1=$AREA
	new_loop twin2 1M -L swaptools-twin
	a2=$AREA
	printf 'LABEL=swaptools-twin none swap sw 0 0\n' > "$d/fstab"
	verify -T "$d/fstab"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "LABEL=swaptools-twin" ]
	[[ "${lines[1]}" == "   [E] 2 devices have LABEL=swaptools-twin ("*"): swapon takes one of them; give each area its own" ]]
	[[ "${lines[1]}" == *"$a1"* && "${lines[1]}" == *"$a2"* ]]
}

@test "verify: discard on a device that cannot discard is named; one that can is fine" {
	require_root
	new_loop nodisc 1M
	q=/sys/block/${AREA#/dev/}/queue/discard_max_bytes
	[ -w "$q" ] || skip "no $q"
	printf '%s none swap discard=pages 0 0\n' "$AREA" > "$d/fstab"
	if [ "$(cat "$q")" -gt 0 ]; then
		verify -T "$d/fstab"
		[ "$status" -eq 0 ]
	fi
	echo 0 > "$q" || skip "cannot turn discard off on $AREA"
	verify -T "$d/fstab"
	[ "$status" -eq 1 ]
	[ "$output" = "$AREA
   [W] $AREA: discard: the device cannot discard (discard_max_bytes is 0), the kernel ignores the option" ]
	# without discard in fstab: nothing to say
	printf '%s none swap defaults 0 0\n' "$AREA" > "$d/fstab"
	verify -T "$d/fstab"
	[ "$status" -eq 0 ]
}
