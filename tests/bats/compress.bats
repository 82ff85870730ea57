#!/usr/bin/env bats
# Compressed swap (zram, zswap), hibernation's resume target, and swap files
# on ext4, xfs, btrfs and filesystems the kernel cannot swap to (issue 16).
# Real loop-mounted images, zram devices from hot_add, zswap switched on for
# a test: every one is torn down (swapoff, umount, losetup -d, hot_remove,
# zswap's previous value) whatever the test did.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
bats_require_minimum_version 1.5.0

PAGEOUT=${top_builddir:-.}/tests/helpers/pageout
ZSWAP_PARAM=/sys/module/zswap/parameters/enabled
PAGESIZE=$(getconf PAGESIZE)

setup() {
	export LC_ALL=C
	scratch_dir >/dev/null
	MOUNTS=()
}

_record() {
	# _record KIND VALUE: undone in teardown (mounts, zram devices, zswap)
	printf '%s %s\n' "$1" "$2" >>"$BATS_TEST_TMPDIR/.compress-registry"
}

teardown() {
	local kind v reg=$BATS_TEST_TMPDIR/.compress-registry
	if [ -f "$reg" ]; then
		# swap areas first, then mounts (newest first), zram, zswap
		while read -r kind v; do
			[ "$kind" = swap ] && /sbin/swapoff "$v" 2>/dev/null
		done <"$reg"
		while read -r kind v; do
			[ "$kind" = mount ] && umount "$v" 2>/dev/null
		done < <(tac "$reg")
		while read -r kind v; do
			case $kind in
			zram) /sbin/swapoff "/dev/zram$v" 2>/dev/null
			      echo "$v" >/sys/class/zram-control/hot_remove ;;
			zswap) echo "$v" >"$ZSWAP_PARAM" ;;
			esac
		done <"$reg"
		rm -f "$reg"
	fi
	swaptools_teardown
}

# fs_image FS [MKFS-OPTIONS...]: a loop-mounted FS image; prints the mount point.
fs_image() {
	local fs=$1 img dev mnt
	shift
	require_root
	require_cmd "mkfs.$fs"
	img=$SCRATCH/$fs.img
	mnt=$SCRATCH/mnt-$fs
	truncate -s 400M "$img"
	"mkfs.$fs" -q "$@" "$img" >/dev/null 2>&1 || skip "mkfs.$fs failed"
	dev=$(make_loop "$img")
	mkdir -p "$mnt"
	mount "$dev" "$mnt" || skip "this kernel cannot mount $fs"
	_record mount "$mnt"
	echo "$mnt"
}

# new_zram SIZE: a zram device of our own (hot_add); prints its number.
new_zram() {
	local n
	require_root
	[ -w /sys/class/zram-control/hot_add ] || skip "no zram module (zram-control)"
	n=$(cat /sys/class/zram-control/hot_add) || skip "hot_add failed"
	_record zram "$n"
	echo "$1" >"/sys/block/zram$n/disksize"
	echo "$n"
}

# the resume_offset swapon shows for FILE
shown_offset() {
	"$SWAPON" --show=NAME,RESUME_OFFSET --noheadings --raw |
		awk -v n="$(readlink -f "$1")" '$1 == n { print $2 }'
}

# filefrag's first extent, in pages: physical_offset * block size / page size
filefrag_offset() {
	filefrag -v "$1" | awk -v pg="$PAGESIZE" '
		/blocks of/ { for (i = 1; i <= NF; i++) if ($i == "blocks") bs = $(i + 2) }
		$1 == "0:" { sub(/\.\..*/, "", $4); print int($4 * bs / pg); exit }'
}

# swap_file MNT: mkswap --file a 64 MiB swap file, activate it with our
# swapon (first try), print its path.
swap_file() {
	local f=$1/swapfile
	track_swap "$f"
	run "$MKSWAP" --file --size 64M "$f"
	[ "$status" -eq 0 ] || { echo "mkswap: $output" >&2; return 1; }
	run "$SWAPON" "$f"
	[ "$status" -eq 0 ] || { echo "swapon: $output" >&2; return 1; }
	_record swap "$f"
	echo "$f"
}

# under_pageout PROBE CMD: run "PROBE; CMD; PROBE" while 16 MiB are pushed
# to swap (tests/helpers/pageout), until the PROBE lines before and after
# agree (nothing changed while CMD looked), up to 5 times.  Sets bats'
# lines/output, and $a to the PROBE line.
under_pageout() {
	local try b
	[ -x "$PAGEOUT" ] || skip "pageout helper not built"
	for try in 1 2 3 4 5; do
		run "$PAGEOUT" 16 sh -c "$1; $2; $1"
		[ "$status" -ne 77 ] || skip "no MADV_PAGEOUT"
		[ "$status" -eq 0 ] || return 1
		a=${lines[0]}
		b=${lines[${#lines[@]} - 1]}
		[ "$a" = "$b" ] && return 0
	done
	return 1
}

# ----------------------------------------------------------- resume offsets

@test "ext4: mkswap --file activates at once; RESUME_OFFSET and --resume equal filefrag" {
	local mnt f want dev
	mnt=$(fs_image ext4 -b 4096)
	require_cmd filefrag
	f=$(swap_file "$mnt")
	want=$(filefrag_offset "$f")
	[ -n "$want" ]
	[ "$(shown_offset "$f")" = "$want" ]
	run --separate-stderr "$SWAPON" --resume="$f"
	[ "$status" -eq 0 ]
	[[ "$output" == resume=*" resume_offset=$want" ]]
	# resume= names the loop device the filesystem is on
	dev=$(findmnt -no SOURCE "$mnt")
	[[ "$output" == "resume=$dev "* || "$output" == resume=UUID=$(blkid -s UUID -o value "$dev")* ]]
	# this kernel cannot hibernate, and a loop device cannot be resumed from
	if ! grep -qw disk /sys/power/state; then
		[[ "$stderr" == *'lacks "disk"'* ]]
	fi
	[[ "$stderr" == *"cannot read at resume (loop"* ]]
}

@test "ext4 with 1 KiB blocks: an unaligned first block rounds up to the next page" {
	local mnt f bytes
	mnt=$(fs_image ext4 -b 1024)
	require_cmd filefrag
	f=$(swap_file "$mnt")
	bytes=$(filefrag -v "$f" | awk '$1 == "0:" { sub(/\.\..*/, "", $4); print $4 * 1024; exit }')
	[ "$(shown_offset "$f")" = "$(( (bytes + PAGESIZE - 1) / PAGESIZE ))" ]
}

@test "xfs: mkswap --file activates at once; RESUME_OFFSET equals filefrag" {
	local mnt f want
	mnt=$(fs_image xfs)
	require_cmd filefrag
	f=$(swap_file "$mnt")
	want=$(filefrag_offset "$f")
	[ -n "$want" ]
	[ "$(shown_offset "$f")" = "$want" ]
	run "$SWAPON" --resume="$f"
	[[ "$output" == *"resume_offset=$want"* ]]
}

@test "btrfs: mkswap --file (NOCOW) activates at once; RESUME_OFFSET equals map-swapfile -r" {
	local mnt f want
	mnt=$(fs_image btrfs)
	require_cmd btrfs
	f=$(swap_file "$mnt")
	lsattr "$f" | grep -q C
	want=$(btrfs inspect-internal map-swapfile -r "$f")
	[ -n "$want" ]
	# FIEMAP's logical address differs: the test can fail on a wrong mapping
	[ "$(shown_offset "$f")" = "$want" ]
	run "$SWAPON" --resume="$f"
	[[ "$output" == *"resume_offset=$want"* ]]
}

@test "btrfs mounted with compress=zstd: the NOCOW file still activates" {
	local mnt f
	mnt=$(fs_image btrfs)
	umount "$mnt"
	mount -o compress=zstd "$(losetup -j "$SCRATCH/btrfs.img" -O NAME -n | head -n1)" "$mnt"
	f=$(swap_file "$mnt")
	is_active "$f"
}

@test "--resume: a partition gets no resume_offset, a zram area is named as such" {
	local n
	n=$(new_zram 16M)
	"$MKSWAP" "/dev/zram$n" >/dev/null
	"$SWAPON" -p 5 "/dev/zram$n"
	run --separate-stderr "$SWAPON" --resume="/dev/zram$n"
	[ "$status" -eq 0 ]
	[[ "$output" == resume=* && "$output" != *resume_offset* ]]
	[[ "$stderr" == *"is a zram device"* ]]
	[ -z "$(shown_offset "/dev/zram$n")" ]
}

@test "--resume: a zram area of higher priority is reported with its fix" {
	local mnt f n
	mnt=$(fs_image ext4 -b 4096)
	f=$(swap_file "$mnt")
	/sbin/swapoff "$f"
	"$SWAPON" -p 1 "$f"
	n=$(new_zram 16M)
	"$MKSWAP" "/dev/zram$n" >/dev/null
	"$SWAPON" -p 2 "/dev/zram$n"
	run --separate-stderr "$SWAPON" --resume="$f"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"$f: a zram area of higher priority would be chosen first; give $f a higher priority"* ]]
}

# alone: no area but ours (and zram) has a priority of 32766 or more
alone() {
	awk -v f="$f" 'NR > 1 && $1 != f && $1 !~ /zram/ && $5 >= 32766 { x = 1 } END { exit x }' /proc/swaps
}

@test "--resume without an area names the highest-priority area that is not zram" {
	local mnt f n
	mnt=$(fs_image ext4 -b 4096)
	f=$(swap_file "$mnt")
	/sbin/swapoff "$f"
	"$SWAPON" -p 32766 "$f"
	n=$(new_zram 16M)
	"$MKSWAP" "/dev/zram$n" >/dev/null
	"$SWAPON" -p 32767 "/dev/zram$n"
	# other helpers' tests may activate areas at 32767 meanwhile: retry
	# until no other area outranks ours before and after the run
	local try want
	want=$("$SWAPON" --resume="$f" 2>/dev/null)
	for try in 1 2 3 4 5; do
		alone || continue
		run --separate-stderr "$SWAPON" --resume
		alone && break
	done
	alone || skip "other areas of priority 32766 or more stay active"
	[ "$status" -eq 0 ]
	[ "$output" = "$want" ]
	[[ "$stderr" == *"$f: a zram area of higher priority would be chosen first"* ]]
}

@test "--resume of an unknown file fails with one line" {
	run "$SWAPON" --resume=/nonexistent/swapfile
	[ "$status" -eq 255 ]
	[ "$output" = "swapon: cannot find /nonexistent/swapfile" ]
}

# ------------------------------------------------------------------- zram

@test "zram: ZRAM-* columns equal mm_stat while pages are swapped out" {
	local n dev a line
	n=$(new_zram 64M)
	dev=/dev/zram$n
	"$MKSWAP" "$dev" >/dev/null
	# the highest priority, so MADV_PAGEOUT writes to it
	"$SWAPON" -p 32767 "$dev"
	under_pageout "cat /sys/block/zram$n/mm_stat" \
		"$SWAPON --show=NAME,ZRAM-DATA,ZRAM-COMPR,ZRAM-RAM,ZRAM-RATIO --bytes --raw --noheadings"
	line=$(printf '%s\n' "${lines[@]}" | awk -v d="$dev" '$1 == d')
	set -- $a
	[ "$1" -gt 0 ]		# pages were pushed there
	[ "$line" = "$dev $1 $2 $3 $(awk -v d="$1" -v r="$3" 'BEGIN { printf "%.2f", d / r }')" ]
}

@test "zram: swapon --show leaves the default columns alone; ZRAM cells empty for other areas" {
	local mnt f
	mnt=$(fs_image ext4 -b 4096)
	f=$(swap_file "$mnt")
	run "$SWAPON" --show
	[[ "${lines[0]}" == "NAME"*"TYPE"*"SIZE"*"USED"*"PRIO" ]]
	[[ "${lines[0]}" != *ZRAM* && "${lines[0]}" != *RESUME* ]]
	run "$SWAPON" --show=NAME,ZRAM-DATA,ZRAM-RATIO --raw --noheadings
	[[ "$output" == *"$f  "* || "$output" == *"$f"$'\n'* || "$output" == *"$f" ]]
	[ "$(printf '%s\n' "${lines[@]}" | awk -v n="$f" '$1 == n { print NF }')" = 1 ]
	run "$SWAPON" --show=NAME,ZRAM-DATA,RESUME_OFFSET --json
	python3 -c '
import json, sys
rows = [r for r in json.load(sys.stdin)["swapdevices"] if r["name"] == sys.argv[1]]
assert rows and rows[0]["zram-data"] is None and rows[0]["resume_offset"] > 0, rows
' "$f" <<<"$output"
}

@test "free --compressed: the zram figures are the zram swap areas' mm_stat" {
	local n dev a others
	n=$(new_zram 64M)
	dev=/dev/zram$n
	"$MKSWAP" "$dev" >/dev/null
	"$SWAPON" -p 32767 "$dev"
	others=$(awk 'NR > 1 && $1 ~ /zram/' /proc/swaps | grep -vc "^$dev " || true)
	[ "$others" -eq 0 ] || skip "other zram swap areas are active"
	under_pageout "cat /sys/block/zram$n/mm_stat" "$FREE --compressed --json"
	set -- $a
	[ "$1" -gt 0 ]
	# free counts in KiB, shown in bytes by --json
	printf '%s\n' "${lines[@]:1:${#lines[@]}-2}" | python3 -c '
import json, sys
d = json.load(sys.stdin)
z = [r for r in d["compressed"] if r["type"] == "zram"][0]
want = [int(x) // 1024 * 1024 for x in sys.argv[1:4]]
assert [z["stored"], z["compressed"], z["ram"]] == want, (z, want)
assert "mm_stat" in z["source"], z
' "$1" "$2" "$3"
}

# ------------------------------------------------------------------ zswap

@test "free --compressed: zswap enabled for the test shows Zswap/Zswapped of /proc/meminfo" {
	local prev a mnt f
	require_root
	[ -w "$ZSWAP_PARAM" ] || skip "no zswap"
	grep -q '^Zswapped:' /proc/meminfo || skip "kernel before 5.19 (no Zswapped)"
	prev=$(cat "$ZSWAP_PARAM")
	_record zswap "$prev"
	echo Y >"$ZSWAP_PARAM"
	# zswap sits in front of a disk area: give it one
	mnt=$(fs_image ext4 -b 4096)
	f=$(swap_file "$mnt")
	under_pageout 'grep "^Zswap" /proc/meminfo | tr -s " " | tr "\n" " "; echo' \
		"$FREE --compressed --json"
	printf '%s\n' "${lines[@]:1:${#lines[@]}-2}" | python3 -c '
import json, sys
d = json.load(sys.stdin)
z = [r for r in d["compressed"] if r["type"] == "zswap"][0]
f = sys.argv[1].split()
pool, stored = int(f[1]) * 1024, int(f[4]) * 1024
assert (z["ram"], z["compressed"], z["stored"]) == (pool, pool, stored), (z, f)
assert z["source"] == "/proc/meminfo Zswapped, Zswap (zswap on)", z
' "$a"
	run "$FREE" --compressed
	[[ "$output" == *"Zswap: "*"(zswap on)"* ]]
}

@test "free --compressed: a kernel without Zswap/Zswapped gets empty figures and says so" {
	local fixture=${TESTDATA:-$BATS_TEST_DIRNAME/../data}/zswap/meminfo-5.15-nokeys
	[ -r "$fixture" ] || skip "fixture not found"
	NS_BINDS="$fixture:/proc/meminfo" run in_namespace "$FREE" --compressed
	[ "$status" -eq 0 ] || skip "no private mount namespace"
	[[ "$output" == *"Zswap: "*"missing: /proc/meminfo has no Zswap/Zswapped (kernel before 5.19"* ]]
	line=$(printf '%s\n' "${lines[@]}" | grep '^Zswap:')
	[[ "$line" != *[0-9]*missing* ]]
	NS_BINDS="$fixture:/proc/meminfo" run in_namespace "$FREE" --compressed --json
	python3 -c '
import json, sys
z = [r for r in json.load(sys.stdin)["compressed"] if r["type"] == "zswap"][0]
assert z["stored"] is None and z["compressed"] is None and z["ram"] is None, z
assert z["source"].startswith("missing: "), z
' <<<"$output"
}

@test "free without --compressed prints what procps free prints" {
	[ "$("$FREE")" != "" ]
	run "$FREE" --compressed --json
	[ "$status" -eq 0 ]
	python3 -c 'import json, sys; d = json.load(sys.stdin); assert "memory" in d and "compressed" in d' <<<"$output"
	run "$FREE" --json
	[[ "$output" != *compressed* ]]
}

# ---------------------------------------------------- swap files: refusals

@test "mkswap --file on tmpfs refuses before writing and names tmpfs; swapon explains EINVAL" {
	local mnt=$SCRATCH/tmpfs
	require_root
	mkdir -p "$mnt"
	mount -t tmpfs -o size=64M none "$mnt"
	_record mount "$mnt"
	run "$MKSWAP" --file --size 8M "$mnt/swapfile"
	[ "$status" -eq 1 ]
	[ "$output" = "mkswap: $mnt/swapfile: tmpfs: the kernel cannot swap to files on this filesystem; create the file on ext4, xfs or btrfs, or use a partition or zram" ]
	[ ! -e "$mnt/swapfile" ]
	# a swap file made another way: the kernel refuses, swapon names tmpfs
	dd if=/dev/zero of="$mnt/sw2" bs=1M count=8 status=none
	chmod 600 "$mnt/sw2"
	/sbin/mkswap "$mnt/sw2" >/dev/null
	track_swap "$mnt/sw2"
	run "$SWAPON" "$mnt/sw2"
	[ "$status" -eq 255 ]
	[ "${lines[0]}" = "swapon: $mnt/sw2: swapon failed: Invalid argument" ]
	[ "${lines[1]}" = "swapon: $mnt/sw2: the kernel cannot swap to files on tmpfs; put the file on ext4, xfs or btrfs, or use a partition or zram" ]
	# the reference fails the same way (exit status and first line)
	run /sbin/swapon "$mnt/sw2"
	[ "$status" -eq 255 ]
}

@test "mkswap --file on overlayfs refuses before writing" {
	local o=$SCRATCH/ovl
	require_root
	mkdir -p "$o/lower" "$o/upper" "$o/work" "$o/merged"
	mount -t overlay overlay -o "lowerdir=$o/lower,upperdir=$o/upper,workdir=$o/work" "$o/merged" ||
		skip "no overlayfs"
	_record mount "$o/merged"
	run "$MKSWAP" --file --size 8M "$o/merged/swapfile"
	[ "$status" -eq 1 ]
	[[ "$output" == *": overlayfs: the kernel cannot swap to files on this filesystem;"* ]]
	[ ! -e "$o/merged/swapfile" ] && [ ! -e "$o/upper/swapfile" ]
}

@test "mkswap --file on btrfs: several devices, or a compressed directory, are refused" {
	local img1=$SCRATCH/b1.img img2=$SCRATCH/b2.img d1 d2 mnt=$SCRATCH/mb
	require_root
	require_cmd mkfs.btrfs
	truncate -s 300M "$img1" "$img2"
	mkfs.btrfs -q -f -d single "$img1" "$img2" >/dev/null 2>&1 || skip "mkfs.btrfs failed"
	d1=$(make_loop "$img1")
	d2=$(make_loop "$img2")
	btrfs device scan "$d1" "$d2" >/dev/null 2>&1 || true
	mkdir -p "$mnt"
	mount "$d1" "$mnt" || skip "cannot mount a two-device btrfs"
	_record mount "$mnt"
	run "$MKSWAP" --file --size 16M "$mnt/swapfile"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$mnt/swapfile: btrfs: the filesystem spans several devices;"* ]]
	[ ! -e "$mnt/swapfile" ]
	umount "$mnt"
	mnt=$(fs_image btrfs)
	mkdir "$mnt/cdir"
	chattr +c "$mnt/cdir"
	run "$MKSWAP" --file --size 16M "$mnt/cdir/swapfile"
	[ "$status" -eq 1 ]
	[[ "$output" == *"btrfs: the file is compressed (chattr +c inherited from its directory)"* ]]
	[ ! -e "$mnt/cdir/swapfile" ]
}

@test "resizing an active swap file: the sequence of mkswap(8) EXAMPLES keeps swap on throughout" {
	local mnt f
	mnt=$(fs_image ext4 -b 4096)
	f=$(swap_file "$mnt")
	track_swap "$mnt/swapfile.tmp"
	_record swap "$mnt/swapfile.tmp"
	_record swap "$f"
	# the documented steps: swap stays on at every step, the name stays
	"$MKSWAP" --file --size 128M "$mnt/swapfile.tmp" >/dev/null
	"$SWAPON" "$mnt/swapfile.tmp"
	is_active "$f" && is_active "$mnt/swapfile.tmp"
	"$SWAPOFF" "$f"
	rm "$f"
	"$MKSWAP" --file --size 128M "$f" >/dev/null
	"$SWAPON" "$f"
	"$SWAPOFF" "$mnt/swapfile.tmp"
	rm "$mnt/swapfile.tmp"
	is_active "$f"
	[ "$(awk -v n="$f" '$1 == n { print $3 }' /proc/swaps)" -gt 100000 ]
}
