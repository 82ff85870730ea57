#!/usr/bin/env bats
# swapon against util-linux 2.38.1 (/sbin/swapon) on the same fresh inputs,
# files and loop devices: exit status, stdout, stderr when the reference
# succeeds, the swapon(2) calls strace sees, /proc/swaps afterwards.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
load helpers/areas
load helpers/compat
bats_require_minimum_version 1.5.0

setup() {
	require_root
	require_cmd strace
	[ -x "$UL_SWAPON" ] || skip "no util-linux swapon"
	scratch_dir >/dev/null
}

# both KIND NAME [mkswap args]: a file and a loop device, AREAS set;
# COMPAT_SETUP re-formats both before every run.
both() {
	local mk=$*
	new_file "f.swap" 40M "$@"
	AREAS=("$AREA")
	new_loop "l" 40M "$@"
	AREAS+=("$AREA")
	COMPAT_SETUP="for a in ${AREAS[*]}; do area_mkswap $mk \$a; done"
}

@test "swapon(2) gets the canonical path and util-linux's flags (file, relative path, loop device)" {
	both
	cd "$SCRATCH"
	# every case on the file; the loop device (slow to swapoff) gets a few
	while read -r args; do
		# shellcheck disable=SC2086
		compare_tools "$UL_SWAPON" "$SWAPON" $args "${AREAS[0]}"
	done <<-'EOF'
		-v
		-p -5
		-d -p 3
		-o pri=5x,discard=o
		-p 7 -o pri=abc
		-p 7 -o pri=-3
		-o pri=1,pri=2
		-o pri=99999,discard=
		-o pri=4294967297,discard=xyz
		-o discard=once,discard=pages
		EOF
	compare_tools "$UL_SWAPON" "$SWAPON" -v "${AREAS[1]}"
	compare_tools "$UL_SWAPON" "$SWAPON" -o pri=5x,discard=o "${AREAS[1]}"
	for a in ./f.swap "$SCRATCH/../scratch/f.swap"; do
		compare_tools "$UL_SWAPON" "$SWAPON" -v "$a"
	done
	grep -qF "swapon(\"$SCRATCH/f.swap\"" "$COMPAT_DIR/ours.calls"
}

@test "fstab options and parse errors read as util-linux reads them (-a, LIBMOUNT_FSTAB)" {
	both
	for opts in pri=5x,discard=o pri=abc,discard= pri=99999,pri=1 pri=-5 \
		    "sw,discard=pages,pri=3" noauto "pri=3 x 0"; do
		{
			echo "bad line"
			echo "${AREAS[0]} none swap $opts"
			echo "${AREAS[1]} none swap $opts 0 0"
		} >"$SCRATCH/fstab"
		LIBMOUNT_FSTAB=$SCRATCH/fstab compare_tools "$UL_SWAPON" "$SWAPON" -a -v
	done
	LIBMOUNT_FSTAB=$SCRATCH/fstab compare_tools "$UL_SWAPON" "$SWAPON" -a -p 9 -d
}

@test "already active, page size mismatch, last_page past the end: the kernel is asked, as util-linux" {
	[ "$(getconf PAGESIZE)" -ne 65536 ] || skip "needs a page size other than 64 KiB"
	both
	COMPAT_RESET=: COMPAT_SETUP=:
	"$SWAPON" "${AREAS[@]}"
	for a in "${AREAS[@]}"; do
		compare_tools "$UL_SWAPON" "$SWAPON" "$a"
		grep -q "already active" "$COMPAT_DIR/ours.err"
		[ "$(wc -l <"$COMPAT_DIR/ours.err")" -eq 2 ]
		compare_tools "$UL_SWAPON" "$SWAPON" -v "$a"
	done
	COMPAT_RESET=
	for a in "${AREAS[@]}"; do /sbin/swapoff "$a"; done
	both -p 16384
	for a in "${AREAS[@]}"; do
		compare_tools "$UL_SWAPON" "$SWAPON" "$a"
		head -n 2 "$COMPAT_DIR/ref.err" | cmp - <(head -n 2 "$COMPAT_DIR/ours.err")
		grep -q -- "--fixpgsz" "$COMPAT_DIR/ours.err"
	done
	new_file "short.swap" 40M
	COMPAT_SETUP="truncate -s 40M $AREA; area_mkswap $AREA; truncate -s 20M $AREA"
	compare_tools "$UL_SWAPON" "$SWAPON" -v "$AREA"
	head -n 4 "$COMPAT_DIR/ref.err" | cmp - <(head -n 4 "$COMPAT_DIR/ours.err")
	grep -q "last_page is beyond the end of the area" "$COMPAT_DIR/ours.err"
	# a bad-page entry past last_page (little-endian page 0x100000): the
	# kernel refuses, our line says why (swapon reads the list into its own
	# buffer since issue 13)
	[ "$(printf '\1\0' | od -An -tu2 | tr -d ' ')" = 1 ] || return 0
	new_file "badpage.swap" 40M
	COMPAT_SETUP="area_mkswap $AREA; printf '\\001\\000\\000\\000' | dd of=$AREA bs=1 seek=1032 conv=notrunc status=none; printf '\\000\\000\\020\\000' | dd of=$AREA bs=1 seek=1536 conv=notrunc status=none"
	compare_tools "$UL_SWAPON" "$SWAPON" -v "$AREA"
	head -n 2 "$COMPAT_DIR/ref.err" | cmp - <(head -n 2 "$COMPAT_DIR/ours.err")
	grep -q "a bad-page entry is 0 or beyond last_page" "$COMPAT_DIR/ours.err" ||
		{ cat "$COMPAT_DIR/ours.err"; false; }
}

@test "--fixpgsz prints mkswap's lines and keeps label and UUID" {
	[ "$(getconf PAGESIZE)" -ne 65536 ] || skip "needs a page size other than 64 KiB"
	uuid=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
	both -p 16384 -L lab -U $uuid
	for a in "${AREAS[@]}"; do
		compare_tools "$UL_SWAPON" "$SWAPON" -f "$a"
		compare_tools "$UL_SWAPON" "$SWAPON" -f -v "$a"
		grep -qx "LABEL=lab, UUID=$uuid" "$COMPAT_DIR/ours.out"
	done
}

@test "suspend signatures (TuxOnIce too) are rewritten and named 'suspend', as util-linux" {
	both
	local sig
	for sig in 'S1SUSPEND' 'S2SUSPEND' 'ULSUSPEND' 'LINHIB0001' '\355\303\002\351\230\126\345\014'; do
		COMPAT_SETUP="for a in ${AREAS[*]}; do area_mkswap \$a; printf '$sig' | dd of=\$a bs=1 seek=4086 conv=notrunc status=none; done"
		for a in "${AREAS[@]}"; do
			compare_tools "$UL_SWAPON" "$SWAPON" -v "$a"
		done
	done
}

@test "a foreign byte order is activated as util-linux does" {
	both -e big
	[ "$(printf '\1\0' | od -An -tu2 | tr -d ' ')" = 1 ] || skip "big-endian machine"
	for a in "${AREAS[@]}"; do
		compare_tools "$UL_SWAPON" "$SWAPON" -v "$a"
		[ -s "$COMPAT_DIR/ours.swaps" ]
	done
}

@test "insecure permissions and owner: util-linux's exact warnings" {
	new_file "perm.swap"
	COMPAT_SETUP="area_mkswap $AREA; chmod 0644 $AREA; chown 65534 $AREA"
	compare_tools "$UL_SWAPON" "$SWAPON" "$AREA"
	compare_tools "$UL_SWAPON" "$SWAPON" -v "$AREA"
}

@test "an immutable file: the kernel's EPERM, then the attribute and the fix named" {
	require_cmd chattr
	new_file "imm.swap"
	chattr +i "$AREA" 2>/dev/null || skip "no chattr +i on this filesystem"
	COMPAT_RESET="chattr -i $AREA; chattr +i $AREA"
	run compare_tools "$UL_SWAPON" "$SWAPON" "$AREA"
	chattr -i "$AREA"
	[ "$status" -eq 0 ]
	grep -q "swapon failed: Operation not permitted" "$COMPAT_DIR/ours.err"
	grep -q "immutable.*chattr -i $AREA" "$COMPAT_DIR/ours.err"
	! grep -q "needs root" "$COMPAT_DIR/ours.err"
}

@test "one name per area: every message of a relative spec names the canonical path" {
	new_file "rel.swap"
	chmod 0644 "$AREA"
	cd "$SCRATCH"
	truncate -s 40M holes.swap; chmod 644 holes.swap; track_file "$SCRATCH/holes.swap"
	area_mkswap holes.swap
	run "$SWAPON" holes.swap
	[ "$status" -eq 255 ]
	[ "${lines[0]}" = "swapon: $SCRATCH/holes.swap: insecure permissions 0644, 0600 suggested." ]
	[[ "${lines[1]}" == "swapon: $SCRATCH/holes.swap: skipping - it appears to have holes"*"mkswap --file --size"* ]]
	"$SWAPON" rel.swap 2>/dev/null
	run "$SWAPON" rel.swap
	[ "$status" -eq 255 ]
	for l in "${lines[@]}"; do [[ "$l" == "swapon: $SCRATCH/rel.swap: "* ]]; done
}

@test "-s --show prints the summary (exit 0); --show -s refuses, as util-linux 2.38" {
	live_pair "$UL_SWAPON" "$SWAPON" -s --show
	[ "$ours_rc" -eq "$theirs_rc" ] && [ "$ours" = "$theirs" ]
	run "$SWAPON" --show -s
	[ "$status" -eq 1 ]
	[ "$output" = "swapon: options --show and --summary cannot be combined" ]
}

@test "--show= lists: empty, empty names, trailing comma, unknown, as util-linux" {
	for list in "" ",NAME" "NAME,,TYPE" "NAME," "nme,type" "name,TYPE" "NAME,NAME,NAME,NAME,NAME,NAME,NAME,NAME,NAME,NAME,NAME,NAME,NAME,NAME,NAME"; do
		COMPAT_STDERR=always compare_tools "$UL_SWAPON" "$SWAPON" "--show=$list"
	done
}

@test "--show=prio works in a Turkish locale (ASCII column names)" {
	require_cmd localedef
	loc="$SCRATCH/locale"
	mkdir -p "$loc"
	# single-byte: there tolower('I') is the dotless i, and strcasecmp fails
	localedef -i tr_TR -f ISO-8859-9 "$loc/tr_TR.ISO-8859-9" 2>/dev/null ||
		skip "cannot build tr_TR.ISO-8859-9"
	new_file "tr.swap"
	"$SWAPON" "$AREA"
	run env LOCPATH="$loc" LC_ALL=tr_TR.ISO-8859-9 "$SWAPON" --show=prio,uuid,label,size,type,name
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *PRIO*UUID*LABEL*SIZE*TYPE*NAME* ]]
}

@test "--annotate: accepted values, headers otherwise unchanged when not a terminal" {
	for w in "" "=never" "=always" "=auto"; do
		run "$SWAPON" --show=NAME --annotate$w
		[ "$status" -eq 0 ]
	done
	run "$SWAPON" --show=NAME --annotate=never
	[ "${lines[0]}" = "NAME" ] || [ -z "$output" ]
}

@test "a FIFO, as operand or fstab entry, fails at once instead of hanging" {
	mkfifo "$SCRATCH/fifo"
	run timeout 10 "$SWAPON" "$SCRATCH/fifo"
	[ "$status" -eq 255 ]
	[[ "$output" == *"$SCRATCH/fifo"*"neither a block device nor a regular file"* ]]
	echo "$SCRATCH/fifo none swap sw 0 0" >"$SCRATCH/fstab"
	run timeout 10 "$SWAPON" -a -T "$SCRATCH/fstab"
	[ "$status" -eq 255 ]
	echo "$SCRATCH/fifo none swap nofail 0 0" >"$SCRATCH/fstab"
	run timeout 10 "$SWAPON" -a -T "$SCRATCH/fstab"
	[ "$status" -eq 0 ]
}

@test "--show=LABEL over an active file now hidden by a FIFO returns at once" {
	new_file "hidden.swap" 40M -L hid
	"$SWAPON" "$AREA"
	mkfifo "$SCRATCH/fifo"
	run timeout 10 unshare -m sh -c "mount --bind '$SCRATCH/fifo' '$AREA' && '$SWAPON' --show=NAME,LABEL --raw"
	[ "$status" -eq 0 ]
	[[ "$output" == *"$AREA"* ]]
}

@test "--show: a 16-byte label is shown whole, as blkid shows it" {
	both
	for a in "${AREAS[@]}"; do
		printf 'ABCDEFGHIJKLMNOP' | dd of="$a" bs=1 seek=1052 conv=notrunc status=none
	done
	"$SWAPON" "${AREAS[@]}"
	run "$SWAPON" --show=NAME,LABEL --raw --noheadings
	[[ "$output" == *"${AREAS[0]} ABCDEFGHIJKLMNOP"* ]]
	[[ "$output" == *"${AREAS[1]} ABCDEFGHIJKLMNOP"* ]]
}

@test "--show: an entry that is no longer a swap area gets util-linux's warning" {
	new_file "gone.swap"
	"$SWAPON" "$AREA"
	make_file "$SCRATCH/plain" 1M
	run unshare -m sh -c "mount --bind '$SCRATCH/plain' '$AREA' && '$UL_SWAPON' --show=NAME"
	ref=$(grep -F "$AREA" <<<"$output")
	run unshare -m sh -c "mount --bind '$SCRATCH/plain' '$AREA' && '$SWAPON' --show=NAME"
	[ "$status" -eq 0 ]
	[ "$(grep -F "$AREA" <<<"$output")" = "$ref" ]
	[[ "$output" == *"swapon: $AREA: not a valid swap partition"* ]]
}

@test "-a: a mounted partition's EBUSY is not polled for 5 s" {
	require_cmd mkfs.btrfs
	grep -qw btrfs /proc/filesystems || skip "no btrfs in this kernel"
	make_file "$SCRATCH/fs.img" 200M
	dev=$(make_loop "$SCRATCH/fs.img")
	mkfs.btrfs -q "$dev" >/dev/null 2>&1 || skip "mkfs.btrfs failed"
	# btrfs leaves the first 64 KiB alone: a valid swap header fits there,
	# so swapon reaches the kernel, which answers EBUSY for the mounted fs
	printf '\001\000\000\000\377\307\000\000' | dd of="$dev" bs=1 seek=1024 conv=notrunc status=none
	printf SWAPSPACE2 | dd of="$dev" bs=1 seek=4086 conv=notrunc status=none
	mkdir "$SCRATCH/mnt"
	echo "$dev none swap sw 0 0" >"$SCRATCH/fstab"
	start=$(date +%s%N)
	run in_namespace sh -c "mount -t btrfs '$dev' '$SCRATCH/mnt' && '$SWAPON' -a -T '$SCRATCH/fstab'"
	end=$(date +%s%N)
	echo "$output"
	[ "$status" -eq 255 ]
	[ "${lines[0]}" = "swapon: $dev: swapon failed: Device or resource busy" ]
	[ $(( (end - start) / 1000000 )) -lt 2000 ]
	# util-linux 2.38.1 (no -T: LIBMOUNT_FSTAB for both): the same status
	# and the same line first
	for t in "$SWAPON" "$UL_SWAPON"; do
		run in_namespace env LIBMOUNT_FSTAB="$SCRATCH/fstab" sh -c \
			"mount -t btrfs '$dev' '$SCRATCH/mnt' && '$t' -a"
		echo "$t: $output"
		[ "$status" -eq 255 ]
		[ "${lines[0]}" = "swapon: $dev: swapon failed: Device or resource busy" ]
	done
	[ "${#lines[@]}" -eq 1 ]	# util-linux says no more
}

@test "ID= resolves through /dev/disk/by-id, on the command line and in fstab, as util-linux" {
	new_loop "id"
	local mm t out
	mm=$(stat -c '%t %T' "$AREA")
	echo "ID=test-swap none swap pri=4 0 0" >"$SCRATCH/fstab"
	for t in "$UL_SWAPON" "$SWAPON"; do
		# a private /dev with the device and its by-id link (udev-less machines
		# have no /dev/disk at all)
		out=$(unshare -m sh -c '
			dev=$1 maj=$((0x$2)) min=$((0x$3)) tool=$4 fstab=$5
			mount -t tmpfs none /dev && mknod "$dev" b $maj $min &&
			mkdir -p /dev/disk/by-id && ln -s "../../${dev#/dev/}" /dev/disk/by-id/test-swap || exit 99
			strace -f -qq -e trace=swapon -e signal=none -o "$fstab.tr" "$tool" ID=test-swap 2>&1
			echo "rc=$?"; cat "$fstab.tr"; swapoff "$dev"
			LIBMOUNT_FSTAB=$fstab strace -f -qq -e trace=swapon -e signal=none -o "$fstab.tr" "$tool" -a 2>&1
			echo "rc=$?"; cat "$fstab.tr"; swapoff "$dev"
			"$tool" ID=no-such-id 2>&1; echo "rc=$?"' sh "$AREA" $mm "$t" "$SCRATCH/fstab" | sed 's/^[0-9]* *//')
		echo "$t: $out"
		[ "$t" = "$UL_SWAPON" ] && ref=$out
	done
	[ "$out" = "$ref" ]
	[[ "$out" == *"swapon(\"$AREA\", SWAP_FLAG_PREFER|4) = 0"* ]]
}

@test "--fixpgsz on an area of more than 2^32 pages is truncated as mkswap does, not 'too small'" {
	[ "$(getconf PAGESIZE)" -eq 4096 ] || skip "needs 4 KiB pages"
	[ -f "$FAILSYS" ] || skip "needs tests/preload/failsys.so to fake swapon(2)"
	# a sparse 17 TiB file on tmpfs (ext4 stops at 16 TiB) behind a loop device
	huge=/dev/shm/swaptools-huge.$$
	track_file "$huge"
	truncate -s 17T "$huge" 2>/dev/null || skip "cannot make a 17 TiB sparse file"
	dev=$(make_loop "$huge")
	area_mkswap -p 16384 "$dev" 2>/dev/null
	run env FAILSYS_SWAPON=OK LD_PRELOAD="$FAILSYS" "$SWAPON" -f "$dev"
	[ "$status" -eq 0 ]
	[[ "$output" != *"too small"* ]]
	[[ "$output" == *"truncating swap area to 17179869180 KiB"* ]]
	[[ "$output" == *"Setting up swapspace version 1, size = 16 TiB"* ]]
}
