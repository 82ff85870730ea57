#!/usr/bin/env bats
# swapon: options, checks before activation, fstab, output compared with util-linux.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
load helpers/areas
load helpers/compat
bats_require_minimum_version 1.5.0

# ---------------------------------------------------------------- helpers

setup() {
	scratch_dir >/dev/null
}

teardown() {
	local a
	swaptools_teardown
	if [ -n "${ZRAM_USED:-}" ]; then
		grep -q '^/dev/zram0 ' /proc/swaps && /sbin/swapoff /dev/zram0
		echo 1 >/sys/block/zram0/reset
		ZRAM_USED=
	fi
}

prio_of() {
	local real
	real=$(readlink -f "$1")
	awk -v n="$real" 'NR > 1 && $1 == n { print $5 }' /proc/swaps
}

# kernel_line NAME TYPE SIZE USED PRIO: one /proc/swaps line as the kernel
# prints it (NAME already escaped).
kernel_line() {
	local pad=$((40 - ${#1})) t=$2 s u
	[ $pad -lt 1 ] && pad=1
	[ "$t" = file ] && t=$'file\t'
	s=$'\t'; u=$'\t'
	[ "$3" -ge 10000000 ] && s=
	[ "$4" -ge 10000000 ] && u=
	printf '%s%*s%s\t%s\t%s%s\t%s%s\n' "$1" $pad ' ' "$t" "$3" "$s" "$4" "$u" "$5"
}

fake_swaps() {
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' >"$SCRATCH/swaps"
	kernel_line /dev/sda2 partition 8388604 1024 -2 >>"$SCRATCH/swaps"
	kernel_line '/tmp/my\040swap.swap' file 65532 0 -3 >>"$SCRATCH/swaps"
	kernel_line /var/lib/a/rather/long/directory/name/for/a/swap/file/that/goes/past/eighty/columns.swap \
		file 20971516 12345678 10 >>"$SCRATCH/swaps"
	kernel_line /swap/big file 1073741820 1048576 32767 >>"$SCRATCH/swaps"
}

# ---------------------------------------------------------------- usage

@test "--help lists every option in util-linux's layout" {
	run "$SWAPON" --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Usage:" ]
	[[ "$output" == *"Options:"* && "$output" == *"Available output columns:"* ]]
	[[ "$output" == *"For more details see swapon(8)." ]]
	for o in -a --all -d --discard -e --ifexists -f --fixpgsz -o --options -p --priority \
		 -s --summary -T --fstab --show --output-all --noheadings --raw --bytes --json \
		 -v --verbose -h --help -V --version -L -U LABEL= UUID= PARTLABEL= PARTUUID=; do
		[[ "$output" == *" $o"* ]] || { echo "missing $o"; false; }
	done
	for c in NAME TYPE SIZE USED PRIO UUID LABEL; do
		[[ "$output" == *" $c  "* ]]
	done
}

@test "--version" {
	run "$SWAPON" --version
	[ "$status" -eq 0 ]
	[[ "$output" == "swapon from swaptools "* ]]
}

@test "usage errors exit 1 with util-linux's messages" {
	run "$SWAPON" -e /nonexistent
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad usage"* ]]
	run "$SWAPON" -p 40000 /nonexistent
	[ "$status" -eq 1 ]
	[[ "$output" == *"failed to parse priority: '40000': Numerical result out of range"* ]]
	run "$SWAPON" -p -32769 /nonexistent
	[ "$status" -eq 1 ]
	run "$SWAPON" -p 5x /nonexistent
	[ "$status" -eq 1 ]
	run "$SWAPON" --discard=often /nonexistent
	[ "$status" -eq 1 ]
	[[ "$output" == *"unsupported discard policy: often"* ]]
	run "$SWAPON" --show=NAME,FOO
	[ "$status" -eq 1 ]
	[[ "$output" == *"unknown column: FOO"* ]]
	run "$SWAPON" -a -o pri=1
	[ "$status" -eq 1 ]
	[ "$output" = "swapon: options --all and --options cannot be combined" ]
	run "$SWAPON" -a --raw
	[ "$status" -eq 1 ]
	[ "$output" = "swapon: options --all and --raw cannot be combined" ]
	run "$SWAPON" --json --raw
	[ "$status" -eq 1 ]
	[ "$output" = "swapon: options --raw and --json cannot be combined" ] ||
		[ "$output" = "swapon: options --json and --raw cannot be combined" ]
	run "$SWAPON" --show=PRIO --annotate=sometimes
	[ "$status" -eq 1 ]
	[ "$output" = "swapon: invalid argument of --annotate: sometimes" ]
	run "$SWAPON" --no-such-option
	[ "$status" -eq 1 ]
	[[ "$output" == *"Try 'swapon --help' for more information."* ]]
}

# ---------------------------------------------------------------- output, fake /proc/swaps

@test "--show, --raw, --bytes, --noheadings and -s match util-linux byte for byte (fake /proc/swaps)" {
	require_mount_ns
	fake_swaps
	for args in "" "--show" "--raw" "--bytes" "--noheadings" "--raw --bytes --noheadings" \
		    "--show=NAME,TYPE,SIZE,USED,PRIO,UUID,LABEL" "--show=prio,name,PRIO" "-s" \
		    "--summary" "--output-all" "--show=SIZE --bytes --raw"; do
		ours=$(NS_BINDS="$SCRATCH/swaps:/proc/swaps" in_namespace "$SWAPON" $args)
		theirs=$(NS_BINDS="$SCRATCH/swaps:/proc/swaps" in_namespace "$UL_SWAPON" $args)
		if [ "$ours" != "$theirs" ]; then
			echo "swapon $args differs:"; diff <(echo "$theirs") <(echo "$ours") || true
			false
		fi
	done
	# names come out unescaped, sizes in util-linux's human form
	NS_BINDS="$SCRATCH/swaps:/proc/swaps" run in_namespace "$SWAPON" --raw
	[[ "$output" == *'/tmp/my\x20swap.swap file 64M 0B -3'* ]]
	NS_BINDS="$SCRATCH/swaps:/proc/swaps" run in_namespace "$SWAPON" -s
	[[ "$output" == *$'/tmp/my swap.swap                       file\t\t65532\t\t0\t\t-3'* ]]
}

@test "an empty /proc/swaps prints what util-linux prints" {
	require_mount_ns
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' >"$SCRATCH/swaps"
	for args in "" "-s" "--raw"; do
		ours=$(NS_BINDS="$SCRATCH/swaps:/proc/swaps" in_namespace "$SWAPON" $args)
		theirs=$(NS_BINDS="$SCRATCH/swaps:/proc/swaps" in_namespace "$UL_SWAPON" $args)
		[ "$ours" = "$theirs" ]
	done
}

@test "--json: lower-case keys, SIZE and USED as numbers in bytes" {
	require_mount_ns
	require_cmd python3
	fake_swaps
	NS_BINDS="$SCRATCH/swaps:/proc/swaps" run in_namespace "$SWAPON" --json --output-all
	[ "$status" -eq 0 ]
	echo "$output" >"$SCRATCH/out.json"
	run python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["swapdevices"]
assert len(d) == 4, d
assert sorted(d[0]) == sorted(["name", "type", "size", "used", "prio", "uuid", "label"]), d[0]
assert d[0]["name"] == "/dev/sda2" and d[0]["type"] == "partition"
assert d[0]["size"] == 8388604 * 1024 and d[0]["used"] == 1024 * 1024 and d[0]["prio"] == -2
assert d[1]["name"] == "/tmp/my swap.swap"
assert d[3]["size"] == 1073741820 * 1024
' "$SCRATCH/out.json"
	[ "$status" -eq 0 ]
	NS_BINDS="$SCRATCH/swaps:/proc/swaps" run in_namespace "$SWAPON" --show=NAME --json
	[ "$status" -eq 0 ]
	[[ "$output" == *'"name": "/dev/sda2"'* ]]
	[[ "$output" != *'"size"'* ]]
}

# ---------------------------------------------------------------- activation

@test "swapon(2) flags from -p, -d and -o" {
	require_root
	require_cmd strace
	new_loop "flags"
	while read -r want args; do
		strace -f -qq -e trace=swapon -e raw=swapon -o "$SCRATCH/trace" "$SWAPON" $args "$AREA"
		got=$(sed -n 's/.*swapon(0x[0-9a-f]*, \(0x[0-9a-f]*\|0\)).*/\1/p' "$SCRATCH/trace")
		[ "$got" = "$want" ] || { echo "swapon $args: flags $got, want $want"; false; }
		/sbin/swapoff "$AREA"
	done <<-'EOF'
	0 -v
	0 -p -1
	0x8005 -p 5
	0x10000 -d
	0x30000 --discard=once
	0x50000 -d=pages
	0x30000 -donce
	0x18007 -p 7 -d
	0x38003 -o pri=3,discard=once
	0x30000 -o discard=once,discard=pages
	0x10000 -o discard=
	0x10000 -o discard,nofail,sw,defaults
	0xffff -o pri=32767
	EOF
}

@test "swapon FILE reads no /proc/swaps and maps no extents before swapon(2), as util-linux" {
	require_root
	require_cmd strace
	new_file "cheap.swap"
	for tool in /sbin/swapon "$SWAPON"; do
		strace -f -qq -e trace=openat,open,ioctl,swapon -o "$SCRATCH/trace" "$tool" "$AREA"
		/sbin/swapoff "$AREA"
		grep -q 'swapon("' "$SCRATCH/trace" || { echo "$tool: no swapon(2)"; cat "$SCRATCH/trace"; false; }
		if grep -E '/proc/swaps|FIEMAP' "$SCRATCH/trace"; then
			echo "$tool: only fstab's areas are looked up, extents only explained"
			false
		fi
	done
}

@test "priority reaches the kernel; -p -1 leaves it to the kernel" {
	require_root
	new_file "p.swap"
	run "$SWAPON" -p 17 "$AREA"
	[ "$status" -eq 0 ]
	[ "$(prio_of "$AREA")" = 17 ]
	/sbin/swapoff "$AREA"
	run "$SWAPON" -p -1 "$AREA"
	[ "$status" -eq 0 ]
	[ "$(prio_of "$AREA")" -lt 0 ]
}

@test "-v prints 'swapon PATH' on stdout" {
	require_root
	new_file "v.swap"
	run --separate-stderr "$SWAPON" -v "$AREA"
	[ "$status" -eq 0 ]
	[ "$output" = "swapon $AREA" ]
}

@test "-v prints 'swapon PATH' only for an area that reaches swapon(2), canonical (review regression)" {
	require_root
	new_file "v.swap"
	local real
	real=$(readlink -f "$AREA")
	run --separate-stderr sh -c 'cd "$1" && exec "$2" -v ./v.swap' sh "$SCRATCH" "$SWAPON"
	[ "$status" -eq 0 ]
	[ "$output" = "swapon $real" ]
	[[ "$stderr" == *"$real: found signature"* ]]
	# fstab: an active entry and an inaccessible nofail entry print nothing on stdout
	printf '%s none swap sw 0 0\n/nonexistent/swt.swap none swap nofail 0 0\n' "$AREA" >"$SCRATCH/fstab"
	run --separate-stderr "$SWAPON" -a -v -T "$SCRATCH/fstab"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[[ "$stderr" == *"already active -- ignored"* ]]
	[[ "$stderr" == *"/nonexistent/swt.swap: inaccessible -- ignored"* ]]
	# a file that cannot be opened never reaches swapon(2)
	run --separate-stderr "$SWAPON" -v /nonexistent/swt.swap
	[ "$status" -eq 255 ]
	[ -z "$output" ]
}

@test "usage messages are util-linux's words (review regression)" {
	run --separate-stderr "$SWAPON" -p abc /nonexistent
	[ "$status" -eq 1 ]
	[ "$stderr" = "swapon: failed to parse priority: 'abc'" ]
	run --separate-stderr "$SWAPON" -p 5x /nonexistent
	[ "$stderr" = "swapon: failed to parse priority: '5x'" ]
	run "$SWAPON" --show=
	[ "$status" -eq 1 ]
	run "$SWAPON" --show=NAME,
	[ "$status" -eq 1 ]
	[[ "$output" == *"unknown column"* ]]
}

@test "-L and -U that match nothing name the bare value (review regression)" {
	run --separate-stderr "$SWAPON" -L swt-no-such-label
	[ "$status" -eq 255 ]
	[ "$stderr" = "swapon: cannot find the device for swt-no-such-label" ]
	run --separate-stderr "$SWAPON" -U 00000000-1111-2222-3333-444444444444
	[ "$stderr" = "swapon: cannot find the device for 00000000-1111-2222-3333-444444444444" ]
	run --separate-stderr "$SWAPON" LABEL=swt-no-such-label
	[ "$stderr" = "swapon: cannot find the device for LABEL=swt-no-such-label" ]
}

@test "output of real active areas matches util-linux byte for byte" {
	require_root
	new_file "my swap.swap" 40M -L filelabel
	file_area=$AREA
	new_loop "out" 48M -L looplabel
	loop_area=$AREA
	"$SWAPON" -p 3 "$file_area"
	"$SWAPON" "$loop_area"
	for args in "" "--show" "--raw" "--bytes" "--noheadings" "-s" "--output-all" \
		    "--show=NAME,UUID,LABEL" "--raw --bytes --noheadings --output-all"; do
		live_pair "$UL_SWAPON" "$SWAPON" $args
		if [ "$ours" != "$theirs" ] || [ "$ours_rc" != "$theirs_rc" ]; then
			echo "swapon $args differs:"; diff <(echo "$theirs") <(echo "$ours") || true
			false
		fi
	done
	run "$SWAPON" --show=NAME,LABEL --raw --noheadings
	[[ "$output" == *"$loop_area looplabel"* ]]
	[[ "$output" == *'my\x20swap.swap filelabel'* ]]
}

@test "an area without a swap signature is refused with a hint to run mkswap" {
	require_root
	AREA="$SCRATCH/nosig"
	make_file "$AREA" 40M
	track_swap "$AREA"
	run "$SWAPON" "$AREA"
	[ "$status" -eq 255 ]
	[[ "$output" == *"mkswap"* ]]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "an active area is refused with a clear message" {
	require_root
	new_file "busy.swap"
	"$SWAPON" "$AREA"
	run "$SWAPON" "$AREA"
	[ "$status" -eq 255 ]
	[[ "$output" == *"already active"* ]]
	[ "$(active_count "$AREA")" -eq 1 ]
}

@test "a file with holes is skipped" {
	require_root
	AREA="$SCRATCH/holes.swap"
	truncate -s 40M "$AREA"
	chmod 600 "$AREA"
	track_file "$AREA"
	track_swap "$AREA"
	area_mkswap "$AREA"
	run "$SWAPON" "$AREA"
	[ "$status" -eq 255 ]
	[[ "$output" == *"$AREA: skipping - it appears to have holes."* ]]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "a reflinked file on xfs: util-linux's line, then ours names the shared extent" {
	require_root
	require_cmd mkfs.xfs
	grep -qw xfs /proc/filesystems || skip "no xfs in this kernel"
	make_file "$SCRATCH/xfs.img" 320M
	dev=$(make_loop "$SCRATCH/xfs.img")
	mkfs.xfs -q -m reflink=1 "$dev" >/dev/null 2>&1 || skip "mkfs.xfs -m reflink=1 failed"
	mkdir "$SCRATCH/mnt"
	# the original is a good swap file (written: a reflink of unwritten
	# extents leaves holes); its reflinked copy shares every extent
	for t in "$UL_SWAPON" "$SWAPON"; do
		in_namespace sh -c '
			m=$1/mnt; mount -t xfs "$2" "$m" || exit 99
			rm -f "$m/a.swap" "$m/b.swap"
			dd if=/dev/zero of="$m/a.swap" bs=1M count=40 status=none &&
			chmod 600 "$m/a.swap" &&
			"$4" -q "$m/a.swap" && cp --reflink=always "$m/a.swap" "$m/b.swap" || exit 98
			"$3" "$m/b.swap"; rc=$?
			swapoff "$m/b.swap" 2>/dev/null
			exit $rc' sh "$SCRATCH" "$dev" "$t" "$MKSWAP" >"$SCRATCH/out" 2>&1 && rc=0 || rc=$?
		cat "$SCRATCH/out"
		[ "$rc" -ne 99 ] || skip "cannot mount xfs here"
		[ "$rc" -ne 98 ] || skip "no reflink copy on this xfs"
		[ "$rc" -eq 255 ]
		echo "$rc" >>"$SCRATCH/rcs"
		head -n1 "$SCRATCH/out" >>"$SCRATCH/first"
	done
	# both: exit 255 and "swapon failed: Invalid argument" first
	[ "$(sort -u "$SCRATCH/first" | wc -l)" -eq 1 ]
	grep -q 'b.swap: swapon failed: Invalid argument$' "$SCRATCH/first"
	[ "$(wc -l <"$SCRATCH/out")" -eq 2 ]
	grep -qx "swapon: $SCRATCH/mnt/b.swap: the file shares an extent with another file (reflink or snapshot) at offset 0; make it again with mkswap --file --size SIZE $SCRATCH/mnt/b.swap" "$SCRATCH/out"
}

@test "insecure permissions and owner: util-linux's warnings exactly, area activated" {
	require_root
	new_file "perm.swap"
	chmod 0644 "$AREA"
	chown 65534 "$AREA"
	run "$SWAPON" "$AREA"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "swapon: $AREA: insecure permissions 0644, 0600 suggested." ]
	[ "${lines[1]}" = "swapon: $AREA: insecure file owner 65534, 0 (root) suggested." ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(active_count "$AREA")" -eq 1 ]
}

@test "a software-suspend signature is rewritten to SWAPSPACE2, then activated" {
	require_root
	new_file "susp.swap"
	printf 'S1SUSPEND\0' | dd of="$AREA" bs=1 seek=4086 conv=notrunc status=none
	run "$SWAPON" "$AREA"
	[ "$status" -eq 0 ]
	[[ "$output" == *"software suspend data detected"* ]]
	[ "$(dd if="$AREA" bs=1 skip=4086 count=10 status=none)" = SWAPSPACE2 ]
	[ "$(active_count "$AREA")" -eq 1 ]
}

@test "page size mismatch: refused, or with --fixpgsz rewritten keeping label and UUID" {
	require_root
	[ "$(getconf PAGESIZE)" -ne 65536 ] || skip "needs a page size other than 64 KiB"
	uuid=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
	new_file "pg.swap" 40M -p 65536 -L pglabel -U "$uuid"
	run "$SWAPON" "$AREA"
	[ "$status" -eq 255 ]
	[[ "$output" == *"swap format pagesize does not match"*"--fixpgsz"* ]]
	[ "$(active_count "$AREA")" -eq 0 ]
	run "$SWAPON" --fixpgsz "$AREA"
	[ "$status" -eq 0 ]
	[[ "$output" == *"reinitializing the swap."* ]]
	[ "$(active_count "$AREA")" -eq 1 ]
	[ "$(dd if="$AREA" bs=1 skip=$(( $(getconf PAGESIZE) - 10 )) count=10 status=none)" = SWAPSPACE2 ]
	run "$UL_SWAPON" --show=UUID,LABEL --raw --noheadings
	[[ "$output" == *"$uuid pglabel"* ]]
}

@test "--fixpgsz keeps a UUID whose first byte is zero" {
	require_root
	[ "$(getconf PAGESIZE)" -ne 65536 ] || skip "needs a page size other than 64 KiB"
	uuid=00112233-4455-6677-8899-aabbccddeeff
	new_file "pg0.swap" 40M -p 65536 -U "$uuid"
	run "$SWAPON" -f "$AREA"
	[ "$status" -eq 0 ]
	run "$UL_SWAPON" --show=NAME,UUID --raw --noheadings
	[[ "$output" == *"$AREA $uuid"* ]]
}

@test "last_page beyond the end of the area is refused" {
	require_root
	new_file "short.swap" 40M
	truncate -s 20M "$AREA"
	run "$SWAPON" "$AREA"
	[ "$status" -eq 255 ]
	[[ "$output" == *"mkswap"* ]]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "a wrong version is refused by the kernel; a foreign byte order is activated as util-linux does" {
	require_root
	new_file "ver.swap" 40M
	printf '\002\000\000\000' | dd of="$AREA" bs=1 seek=1024 conv=notrunc status=none
	run "$SWAPON" "$AREA"
	[ "$status" -eq 255 ]
	[[ "$output" == *"swapon failed: Invalid argument"*"version"* ]]
	[ "$(active_count "$AREA")" -eq 0 ]
	# version 1 and last_page in big-endian order: the kernel swaps them
	# itself, and util-linux passes the area on, so do we
	new_file "be.swap" 40M
	last=$(( 40 * 1024 * 1024 / 4096 - 1 ))
	printf '\000\000\000\001' | dd of="$AREA" bs=1 seek=1024 conv=notrunc status=none
	printf "\\$(printf %03o $((last >> 24 & 255)))\\$(printf %03o $((last >> 16 & 255)))\\$(printf %03o $((last >> 8 & 255)))\\$(printf %03o $((last & 255)))" |
		dd of="$AREA" bs=1 seek=1028 conv=notrunc status=none
	COMPAT_SETUP=: compare_tools "$UL_SWAPON" "$SWAPON" "$AREA"
	[ "$(cat "$COMPAT_DIR/ours.swaps")" != "" ]
}

@test "LABEL=, UUID=, -L and -U find a block device" {
	require_root
	uuid=7d1f5b5e-1c0a-4e55-9a3c-52e1c6f0a001
	new_loop "tag" 40M -L swtaglbl -U "$uuid"
	for spec in "LABEL=swtaglbl" "UUID=$uuid" "-L swtaglbl" "-U $uuid"; do
		run "$SWAPON" $spec
		[ "$status" -eq 0 ] || { echo "swapon $spec: $output"; false; }
		[ "$(active_count "$AREA")" -eq 1 ]
		/sbin/swapoff "$AREA"
	done
	run "$SWAPON" LABEL=swt-no-such-label
	[ "$status" -eq 255 ]
	[[ "$output" == *"cannot find the device for LABEL=swt-no-such-label"* ]]
}

@test "PARTLABEL= and PARTUUID= find a partition" {
	require_root
	require_cmd sfdisk
	make_file "$SCRATCH/disk.img" 64M
	echo 'label: gpt
size=40M, name=swtpart' | sfdisk -q "$SCRATCH/disk.img"
	dev=$(make_loop "$SCRATCH/disk.img")
	# This kernel does not parse GPT itself (losetup -P finds nothing), so
	# the partition is added from user space; teardown runs partx -d.
	partx -a "$dev" 2>/dev/null || true
	[ -b "${dev}p1" ] || skip "no partition devices for loop devices here"
	AREA=${dev}p1
	track_swap "$AREA"
	area_mkswap "$AREA"
	partuuid=$(blkid -o value -s PARTUUID "$AREA")
	for spec in PARTLABEL=swtpart "PARTUUID=$partuuid"; do
		run "$SWAPON" "$spec"
		[ "$status" -eq 0 ]
		[ "$(active_count "$AREA")" -eq 1 ]
		/sbin/swapoff "$AREA"
	done
}

@test "-o nofail on the command line does not tolerate a missing device (as util-linux)" {
	run "$SWAPON" -o nofail /nonexistent/swt.swap
	[ "$status" -eq 255 ]
	[[ "$output" == *"cannot open /nonexistent/swt.swap"* ]]
	run "$SWAPON" /nonexistent/swt.swap
	[ "$status" -eq 255 ]
	[[ "$output" == *"cannot open /nonexistent/swt.swap"* ]]
}

@test "zram: set up, activated, deactivated, reset" {
	require_root
	[ -e /sys/block/zram0 ] || skip "no /sys/block/zram0"
	[ "$(cat /sys/block/zram0/disksize)" = 0 ] || skip "zram0 is in use by someone else"
	ZRAM_USED=1
	echo 64M >/sys/block/zram0/disksize
	area_mkswap /dev/zram0
	run "$SWAPON" -p 100 /dev/zram0
	[ "$status" -eq 0 ]
	grep -q '^/dev/zram0  *partition' /proc/swaps
	[ "$(prio_of /dev/zram0)" = 100 ]
	[ "$("$SWAPON" --show=NAME,TYPE --raw --noheadings | grep zram0)" = "/dev/zram0 partition" ]
	run "$SWAPOFF" /dev/zram0
	[ "$status" -eq 0 ]
	[ "$(active_count /dev/zram0)" -eq 0 ]
}

# ---------------------------------------------------------------- fstab (-a, -T)

@test "-a: noauto skipped, nofail tolerated, pri= and discard honoured" {
	require_root
	new_file "f1.swap"; f1=$AREA
	new_file "f2.swap"; f2=$AREA
	new_loop "f3"; f3=$AREA
	cat >"$SCRATCH/fstab" <<-EOF
	# a comment
	$f1 none swap sw,pri=4 0 0
	$f2 none swap sw,noauto 0 0
	/nonexistent/swt.swap none swap nofail 0 0
	LABEL=swt-no-such-label none swap nofail 0 0
	$f3 none swap defaults,discard=once,pri=9 0 0
	/dev/vda1 / ext4 defaults 0 1
	EOF
	run "$SWAPON" -a -T "$SCRATCH/fstab"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(prio_of "$f1")" = 4 ]
	[ "$(active_count "$f2")" -eq 0 ]
	[ "$(prio_of "$f3")" = 9 ]
	# a second run skips what is active
	run "$SWAPON" -a -v -T "$SCRATCH/fstab"
	[ "$status" -eq 0 ]
	[[ "$output" == *"$f1: already active -- ignored"* ]]
	[[ "$output" == *"$f2: noauto option -- ignored"* ]]
	[ "$(active_count "$f1")" -eq 1 ]
}

@test "-a: fstab options override -p and add to -d" {
	require_root
	require_cmd strace
	new_file "o1.swap"; o1=$AREA
	new_file "o2.swap"; o2=$AREA
	printf '%s none swap pri=9 0 0\n%s none swap sw 0 0\n' "$o1" "$o2" >"$SCRATCH/fstab"
	strace -f -qq -e trace=swapon -e raw=swapon -o "$SCRATCH/trace" \
		"$SWAPON" -a -p 2 -d -T "$SCRATCH/fstab"
	[ "$(prio_of "$o1")" = 9 ]
	[ "$(prio_of "$o2")" = 2 ]
	grep -q ', 0x18009)' "$SCRATCH/trace"
	grep -q ', 0x18002)' "$SCRATCH/trace"
}

@test "-a: missing devices fail with 255 unless -e" {
	require_root
	new_file "m.swap"
	printf '%s none swap sw 0 0\n/nonexistent/swt.swap none swap sw 0 0\nLABEL=swt-no-such-label none swap sw 0 0\n' \
		"$AREA" >"$SCRATCH/fstab"
	run "$SWAPON" -a -T "$SCRATCH/fstab"
	[ "$status" -eq 255 ]
	[[ "$output" == *"cannot open /nonexistent/swt.swap"* ]]
	[[ "$output" == *"cannot find the device for LABEL=swt-no-such-label"* ]]
	[ "$(active_count "$AREA")" -eq 1 ]
	/sbin/swapoff "$AREA"
	run "$SWAPON" -a -e -T "$SCRATCH/fstab"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(active_count "$AREA")" -eq 1 ]
}

@test "-a: an unreadable fstab is a usage error (1), a parse error is skipped with exit 0" {
	require_root
	run "$SWAPON" -a -T "$SCRATCH/no-such-fstab"
	[ "$status" -eq 1 ]
	[[ "$output" == *"failed to parse $SCRATCH/no-such-fstab"* ]]
	new_file "b.swap"
	printf '%s none swap sw 0 0\nbad line\n' "$AREA" >"$SCRATCH/fstab"
	run "$SWAPON" -a -v -T "$SCRATCH/fstab"
	[ "$status" -eq 0 ]
	# reported before any area is touched, as libmount parses first
	[ "${lines[0]}" = "swapon: $SCRATCH/fstab: parse error at line 2 -- ignored" ]
	[ "$(active_count "$AREA")" -eq 1 ]
}

@test "-a: an entry already active under another name (symlink) is skipped" {
	require_root
	new_loop "link"
	ln -s "$AREA" "$SCRATCH/by-uuid-link"
	"$SWAPON" "$AREA"
	printf '%s none swap sw 0 0\n' "$SCRATCH/by-uuid-link" >"$SCRATCH/fstab"
	run "$SWAPON" -a -v -T "$SCRATCH/fstab"
	[ "$status" -eq 0 ]
	[[ "$output" == *"already active -- ignored"* ]]
	[ "$(active_count "$AREA")" -eq 1 ]
}

@test "-T is repeatable and accepts a directory of *.fstab files" {
	require_root
	new_file "t1.swap"; t1=$AREA
	new_file "t2.swap"; t2=$AREA
	new_file "t3.swap"; t3=$AREA
	new_file "t4.swap"; t4=$AREA
	mkdir "$SCRATCH/fstab.d"
	printf '%s none swap sw 0 0\n' "$t1" >"$SCRATCH/one"
	printf '%s none swap sw 0 0\n' "$t2" >"$SCRATCH/fstab.d/10-b.fstab"
	printf '%s none swap sw 0 0\n' "$t3" >"$SCRATCH/fstab.d/9-a.fstab"
	printf '%s none swap sw 0 0\n' "$t4" >"$SCRATCH/fstab.d/.hidden.fstab"
	printf '%s none swap sw 0 0\n' "$t4" >"$SCRATCH/fstab.d/other.conf"
	run --separate-stderr "$SWAPON" -a -v -T "$SCRATCH/one" -T "$SCRATCH/fstab.d"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'swapon %s\nswapon %s\nswapon %s' "$t1" "$t3" "$t2")" ]
	[ "$(active_count "$t4")" -eq 0 ]
}

@test "eight concurrent swapon -a on one fstab all succeed, each area active once" {
	require_root
	: >"$SCRATCH/fstab"
	areas=()
	for i in 1 2 3; do
		new_file "c$i.swap" 32M
		areas+=("$AREA")
		echo "$AREA none swap sw 0 0" >>"$SCRATCH/fstab"
	done
	new_loop "c4" 32M
	areas+=("$AREA")
	echo "$AREA none swap sw 0 0" >>"$SCRATCH/fstab"
	pids=()
	for i in 1 2 3 4 5 6 7 8; do
		"$SWAPON" -a -T "$SCRATCH/fstab" 2>"$SCRATCH/err.$i" &
		pids+=($!)
	done
	fails=0
	for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
	cat "$SCRATCH"/err.*
	[ "$fails" -eq 0 ]
	for a in "${areas[@]}"; do
		[ "$(active_count "$a")" -eq 1 ]
	done
}
