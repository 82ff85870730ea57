#!/usr/bin/env bats
# Fault injection: failed writes, fsyncs, opens, swapon(2)/swapoff(2) calls
# and short reads of /proc files.  For each tool: a clear message, the
# documented exit code, and no byte of the target changed or lost (a header
# is the old one, the complete new one, or carries no signature at all).
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
bats_require_minimum_version 1.5.0

UUID=4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb
OLD_UUID=11111111-2222-4333-8444-555555555555
PS=$(getconf PAGESIZE)

setup() {
	scratch_dir >/dev/null
	D=$SCRATCH
}

require_failio() {
	[ -f "$FAILIO" ] || skip "tests/preload/failio.so is not built (make check builds it)"
}

require_failsys() {
	[ -f "$FAILSYS" ] || skip "tests/preload/failsys.so is not built (make check builds it)"
}

first_page() { head -c "$PS" "$1" | sha256sum | cut -d' ' -f1; }
rest() { tail -c +"$((PS + 1))" "$1" | sha256sum | cut -d' ' -f1; }

# has_magic FILE: a SWAPSPACE2 magic at the end of any page size 4K..64K.
has_magic() {
	local p
	for p in 4096 8192 16384 32768 65536; do
		[ "$(dd if="$1" bs=1 skip=$((p - 10)) count=10 status=none 2>/dev/null | tr -d '\0')" = SWAPSPACE2 ] &&
			return 0
	done
	return 1
}

# swap_area FILE SIZE LABEL UUID: random bytes, then a swap header on them.
swap_area() {
	_register file "$1"
	head -c "$2" /dev/urandom >"$1"
	chmod 600 "$1"
	"$MKSWAP" -q -L "$3" -U "$4" "$1" >/dev/null
}

# ------------------------------------------------------------- mkswap

# mkswap_matrix START: fail each write/pwrite/fsync/fdatasync mkswap makes
# on an area that holds START ("swap": an old swap header; "data": random
# bytes), with EIO and ENOSPC, one call at a time.
mkswap_matrix() {
	local k n how calls=write,pwrite,fsync,fdatasync
	local f=$D/area old_page old_rest new_page
	_register file "$D/orig"
	head -c 4M /dev/urandom >"$D/orig"
	chmod 600 "$D/orig"
	[ "$1" = swap ] && "$MKSWAP" -q -L old -U "$OLD_UUID" "$D/orig"
	old_page=$(first_page "$D/orig")
	old_rest=$(rest "$D/orig")
	cp "$D/orig" "$D/good"
	"$MKSWAP" -q -L new -U "$UUID" "$D/good"
	new_page=$(first_page "$D/good")
	[ "$(rest "$D/good")" = "$old_rest" ]

	cp "$D/orig" "$f"
	FAILIO_SYSCALL=$calls FAILIO_PATH=$f FAILIO_NTH=0 FAILIO_LOG=$D/log \
		LD_PRELOAD=$FAILIO "$MKSWAP" -q -L new -U "$UUID" "$f"
	n=$(wc -l <"$D/log")
	[ "$n" -ge 4 ]
	for how in EIO ENOSPC; do
		for k in $(seq "$n"); do
			cp "$D/orig" "$f"
			run env FAILIO_SYSCALL=$calls FAILIO_PATH="$f" FAILIO_NTH="$k" \
				FAILIO_ERRNO=$how LD_PRELOAD="$FAILIO" "$MKSWAP" -q -L new -U "$UUID" "$f"
			echo "# $how at call $k: status $status: $output"
			# nothing after the header page is ever touched
			[ "$(rest "$f")" = "$old_rest" ]
			if [ "$status" -eq 0 ]; then
				# a failure mkswap may ignore (libblkid's fsync after
				# a wipe) must still end with the complete new area
				[ "$(first_page "$f")" = "$new_page" ]
				continue
			fi
			[ "$status" -eq 1 ]
			[[ "$output" =~ ^mkswap:\ .*(Input/output\ error|No\ space\ left\ on\ device)$ ]]
			case $(first_page "$f") in
			"$old_page" | "$new_page") ;;
			*)
				# neither old nor new: then it must not look like swap
				if has_magic "$f" ||
					blkid -p -o export "$f" 2>/dev/null | grep -qx TYPE=swap; then
					echo "$how at call $k left a valid-looking mixed header"
					blkid -p -o export "$f" || true
					return 1
				fi ;;
			esac
		done
	done
}

@test "mkswap: EIO/ENOSPC on each write and fsync over an old swap area: old, new or no signature" {
	require_failio
	mkswap_matrix swap
}

@test "mkswap: EIO/ENOSPC on each write and fsync over data: data, new or no signature" {
	require_failio
	mkswap_matrix data
}

@test "mkswap: a swap file it creates is removed again when writing it fails" {
	require_failio
	f=$D/new.swap
	_register file "$f"
	run env FAILIO_SYSCALL=pwrite,write FAILIO_ERRNO=ENOSPC FAILIO_COUNT=0 \
		LD_PRELOAD="$FAILIO" "$MKSWAP" -q -F -s 1M "$f"
	[ "$status" -eq 1 ]
	[[ "$output" == *"No space left on device"* ]]
	[ ! -e "$f" ]
}

@test "mkswap: open refused with EACCES (read or write open): exit 1, nothing changed" {
	require_failsys
	swap_area "$D/a" 1M old "$OLD_UUID"
	before=$(sha "$D/a")
	for acc in any write; do
		run env FAILSYS_OPEN_PATH="$D/a" FAILSYS_OPEN_ACCESS=$acc LD_PRELOAD="$FAILSYS" \
			"$MKSWAP" -L new "$D/a"
		[ "$status" -eq 1 ]
		[ "$output" = "mkswap: cannot open $D/a: Permission denied" ]
		[ "$(sha "$D/a")" = "$before" ]
	done
}

@test "mkswap: /proc/swaps that cannot be read: refused, nothing written (fail closed)" {
	require_failsys
	swap_area "$D/a" 1M old "$OLD_UUID"
	before=$(sha "$D/a")
	run env FAILSYS_OPEN_PATH=/proc/swaps LD_PRELOAD="$FAILSYS" "$MKSWAP" -L new "$D/a"
	[ "$status" -eq 1 ]
	[ "$output" = "mkswap: error: $D/a: cannot read /proc/swaps to tell whether it is an active swap area: Permission denied" ]
	[ "$(sha "$D/a")" = "$before" ]
	# a file mkswap creates (O_EXCL) cannot be active: no need to ask
	run env FAILSYS_OPEN_PATH=/proc/swaps LD_PRELOAD="$FAILSYS" "$MKSWAP" -q "$D/new" 1M
	[ "$status" -eq 0 ]
	has_magic "$D/new"
}

# swaplabel reads no /proc/swaps: the kernel refuses writes to an active
# area (ETXTBSY), so an unreadable /proc/swaps changes nothing, as util-linux.
@test "swaplabel: /proc/swaps that cannot be read: relabels as util-linux does" {
	require_failsys
	swap_area "$D/a" 1M old "$OLD_UUID"
	run env FAILSYS_OPEN_PATH=/proc/swaps LD_PRELOAD="$FAILSYS" "$SWAPLABEL" -L new "$D/a"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	run "$SWAPLABEL" "$D/a"
	[[ "$output" == "LABEL: new"* ]]
}

# ------------------------------------------------------------- swaplabel

@test "swaplabel: EIO/ENOSPC on its write: exit 1, header unchanged" {
	require_failio
	swap_area "$D/a" 1M old "$OLD_UUID"
	before=$(sha "$D/a")
	for how in EIO ENOSPC; do
		run env FAILIO_SYSCALL=write,pwrite FAILIO_PATH="$D/a" FAILIO_ERRNO=$how \
			LD_PRELOAD="$FAILIO" "$SWAPLABEL" -L new -U "$UUID" "$D/a"
		[ "$status" -eq 1 ]
		[[ "$output" =~ ^swaplabel:\ $D/a:\ failed\ to\ write\ .*:\ (Input/output\ error|No\ space\ left\ on\ device)$ ]]
		[ "$(sha "$D/a")" = "$before" ]
	done
}

@test "swaplabel: a failed fsync leaves the old or the complete new label and UUID" {
	require_failio
	swap_area "$D/a" 1M old "$OLD_UUID"
	old_page=$(first_page "$D/a")
	old_rest=$(rest "$D/a")
	cp "$D/a" "$D/good"
	"$SWAPLABEL" -L new -U "$UUID" "$D/good"
	new_page=$(first_page "$D/good")
	run env FAILIO_SYSCALL=fsync,fdatasync FAILIO_PATH="$D/a" \
		LD_PRELOAD="$FAILIO" "$SWAPLABEL" -L new -U "$UUID" "$D/a"
	[ "$status" -eq 1 ]
	[[ "$output" == *"Input/output error"* ]]
	[ "$(rest "$D/a")" = "$old_rest" ]
	p=$(first_page "$D/a")
	[ "$p" = "$old_page" ] || [ "$p" = "$new_page" ]
}

@test "swaplabel: open refused with EACCES: exit 1, nothing changed" {
	require_failsys
	swap_area "$D/a" 1M old "$OLD_UUID"
	before=$(sha "$D/a")
	run env FAILSYS_OPEN_PATH="$D/a" LD_PRELOAD="$FAILSYS" "$SWAPLABEL" -L new "$D/a"
	[ "$status" -eq 1 ]
	[ "$output" = "swaplabel: $D/a: unable to probe device: Permission denied" ]
	run env FAILSYS_OPEN_PATH="$D/a" FAILSYS_OPEN_ACCESS=write LD_PRELOAD="$FAILSYS" \
		"$SWAPLABEL" -L new "$D/a"
	[ "$status" -eq 1 ]
	[ "$output" = "swaplabel: cannot open $D/a: Permission denied" ]
	[ "$(sha "$D/a")" = "$before" ]
}

# ------------------------------------------------------------- swapon

@test "swapon: swapon(2) failing with EBUSY, EPERM, ENOMEM, EINVAL: message, 255, area untouched" {
	require_failsys
	swap_area "$D/a" 1M old "$OLD_UUID"
	track_swap "$D/a"
	before=$(sha "$D/a")
	for e in EBUSY:"Device or resource busy" EPERM:"Operation not permitted" \
		ENOMEM:"Cannot allocate memory" EINVAL:"Invalid argument"; do
		run --separate-stderr env FAILSYS_SWAPON="${e%%:*}" LD_PRELOAD="$FAILSYS" "$SWAPON" "$D/a"
		echo "# ${e%%:*}: $status: $stderr"
		[ "$status" -eq 255 ]
		[ -z "$output" ]
		[[ "$stderr" == *"swapon: $D/a: swapon failed: ${e#*:}"* ]]
		[ "$(sha "$D/a")" = "$before" ]
		! is_active "$D/a"
	done
}

@test "swapon: EPERM and EBUSY come with a hint" {
	require_failsys
	swap_area "$D/a" 1M old "$OLD_UUID"
	track_swap "$D/a"
	run env FAILSYS_SWAPON=EPERM LD_PRELOAD="$FAILSYS" "$SWAPON" "$D/a"
	[ "$status" -eq 255 ]
	[[ "$output" == *"needs root"* ]]
	run env FAILSYS_SWAPON=EBUSY LD_PRELOAD="$FAILSYS" "$SWAPON" "$D/a"
	[ "$status" -eq 255 ]
	[[ "$output" == *"in use"* ]]
}

@test "swapon: open refused with EACCES: cannot open, 255" {
	require_failsys
	swap_area "$D/a" 1M old "$OLD_UUID"
	track_swap "$D/a"
	before=$(sha "$D/a")
	run env FAILSYS_OPEN_PATH="$D/a" FAILSYS_SWAPON=OK LD_PRELOAD="$FAILSYS" "$SWAPON" "$D/a"
	[ "$status" -eq 255 ]
	[ "$output" = "swapon: cannot open $D/a: Permission denied" ]
	[ "$(sha "$D/a")" = "$before" ]
}

@test "swapon -a: one entry failing makes 255, the others are still tried" {
	require_failsys
	swap_area "$D/a" 1M a "$OLD_UUID"
	swap_area "$D/b" 1M b "$UUID"
	track_swap "$D/a"
	track_swap "$D/b"
	printf '%s none swap sw 0 0\n' "$D/a" "$D/b" >"$D/fstab"
	run env FAILSYS_SWAPON_PATH="$D/a" FAILSYS_SWAPON=EBUSY FAILSYS_SWAPON_OTHER=OK \
		FAILSYS_LOG="$D/log" LD_PRELOAD="$FAILSYS" "$SWAPON" -a -T "$D/fstab"
	[ "$status" -eq 255 ]
	[[ "$output" == *"$D/a: swapon failed: Device or resource busy"* ]]
	grep -q "^swapon $D/b OK$" "$D/log"	# the path, as util-linux passes it
	[ "$(grep -c '^swapon ' "$D/log")" -eq 2 ]
}

@test "swapon -a: an entry with nofail that cannot be opened is skipped, exit 0" {
	require_failsys
	swap_area "$D/a" 1M a "$OLD_UUID"
	track_swap "$D/a"
	printf '%s none swap sw,nofail 0 0\n' "$D/a" >"$D/fstab"
	run env FAILSYS_OPEN_PATH="$D/a" FAILSYS_SWAPON=OK LD_PRELOAD="$FAILSYS" \
		"$SWAPON" -v -a -T "$D/fstab"
	[ "$status" -eq 0 ]
	[[ "$output" == *"$D/a: inaccessible -- ignored"* ]]
}

@test "swapon --fixpgsz: a failed header rewrite leaves the old area or no signature" {
	require_failio
	require_failsys
	local other=16384 k old64
	[ "$PS" -eq 16384 ] && other=4096
	_register file "$D/orig"
	head -c 4M /dev/urandom >"$D/orig"
	chmod 600 "$D/orig"
	"$MKSWAP" -q -p "$other" -L old -U "$OLD_UUID" "$D/orig" 2>/dev/null
	old64=$(head -c 65536 "$D/orig" | sha256sum)
	track_swap "$D/a"
	for k in 1 2 3 4; do
		cp "$D/orig" "$D/a"
		run env FAILIO_SYSCALL=write,pwrite,fsync,fdatasync FAILIO_PATH="$D/a" FAILIO_NTH=$k \
			FAILSYS_SWAPON=OK LD_PRELOAD="$FAILIO $FAILSYS" "$SWAPON" -f "$D/a"
		echo "# call $k: $status: $output"
		[ "$status" -eq 255 ]
		[[ "$output" == *"cannot write the swap header: Input/output error"* ]]
		[ "$(head -c 65536 "$D/a" | sha256sum)" = "$old64" ] && continue
		if has_magic "$D/a"; then
			echo "call $k: a magic survives beside a rewritten header:"
			blkid -p -o export "$D/a" || true
			return 1
		fi
	done
}

@test "swapon --fixpgsz: the rewritten area carries exactly one magic" {
	require_failsys
	local other=16384 p n=0
	[ "$PS" -eq 16384 ] && other=4096
	_register file "$D/a"
	head -c 4M /dev/zero >"$D/a"
	chmod 600 "$D/a"
	track_swap "$D/a"
	"$MKSWAP" -q -p "$other" -L old -U "$OLD_UUID" "$D/a" 2>/dev/null
	run env FAILSYS_SWAPON=OK LD_PRELOAD="$FAILSYS" "$SWAPON" -f "$D/a"
	[ "$status" -eq 0 ]
	for p in 4096 8192 16384 32768 65536; do
		[ "$(dd if="$D/a" bs=1 skip=$((p - 10)) count=10 status=none | tr -d '\0')" = SWAPSPACE2 ] &&
			{ echo "# magic for $p-byte pages"; n=$((n + 1)); }
	done
	[ "$n" -eq 1 ]
	[ "$("$SWAPLABEL" "$D/a")" = "LABEL: old
UUID:  $OLD_UUID" ]
}

@test "swapon: no header rewrite (--fixpgsz, suspend signature) on a file behind a mounted loop device" {
	require_root
	require_failsys
	command -v mkfs.ext4 >/dev/null || skip "mkfs.ext4 is not installed"
	local other=16384 sig
	[ "$PS" -eq 16384 ] && other=4096
	_register file "$D/img"
	head -c 40M /dev/zero >"$D/img"
	chmod 600 "$D/img"
	track_swap "$D/img"
	loop=$(make_loop "$D/img" -o 1048576)
	# no discard: it would punch holes into the file
	mkfs.ext4 -q -F -E nodiscard "$loop" >/dev/null 2>&1 || skip "mkfs.ext4 failed"
	mkdir "$D/mnt"
	for sig in pagesize suspend; do
		if [ "$sig" = pagesize ]; then
			"$MKSWAP" -q -p "$other" "$D/img" 2>/dev/null
		else
			"$MKSWAP" -q "$D/img" 2>/dev/null
			printf S1SUSPEND | dd of="$D/img" bs=1 seek=$((PS - 10)) conv=notrunc status=none
		fi
		before=$(sha "$D/img")
		run in_namespace sh -c 'mount -o ro,noload "$1" "$2/mnt" || exit 99
			FAILSYS_SWAPON=OK LD_PRELOAD="$3" "$4" -f "$2/img"' \
			sh "$loop" "$D" "$FAILSYS" "$SWAPON"
		echo "$sig: $output"
		[ "$status" -ne 99 ] || skip "mount failed"
		[ "$status" -ne 0 ]
		[[ "$output" == *"cannot open for writing: Device or resource busy"* ]]
		[ "$(sha "$D/img")" = "$before" ]
	done
}

# ------------------------------------------------------------- swapoff

@test "swapoff: swapoff(2) errors map to the documented exit codes" {
	require_failsys
	swap_area "$D/a" 1M a "$OLD_UUID"
	track_swap "$D/a"
	run env FAILSYS_SWAPOFF=ENOMEM LD_PRELOAD="$FAILSYS" "$SWAPOFF" "$D/a"
	[ "$status" -eq 2 ]
	[[ "$output" == *"$D/a: swapoff failed: Cannot allocate memory"* ]]
	run env FAILSYS_SWAPOFF=EBUSY LD_PRELOAD="$FAILSYS" "$SWAPOFF" "$D/a"
	[ "$status" -eq 4 ]
	[[ "$output" == *"$D/a: swapoff failed: Device or resource busy"* ]]
	run env FAILSYS_SWAPOFF=EINVAL LD_PRELOAD="$FAILSYS" "$SWAPOFF" "$D/a"
	[ "$status" -eq 4 ]
	[[ "$output" == *"Invalid argument"* ]]
	run env FAILSYS_SWAPOFF=EPERM LD_PRELOAD="$FAILSYS" "$SWAPOFF" "$D/a"
	[ "$status" -eq 16 ]
	[ "$output" = "swapoff: Not superuser." ]
	# codes are OR-ed over the operands
	run env FAILSYS_SWAPOFF_PATH="$D/a" FAILSYS_SWAPOFF=ENOMEM FAILSYS_SWAPOFF_OTHER=EBUSY \
		LD_PRELOAD="$FAILSYS" "$SWAPOFF" "$D/a" /nonexistent/b
	[ "$status" -eq 6 ]
}

# swaps_fixture: a /proc/swaps with four areas that do not exist here.
swaps_fixture() {
	{
		printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n'
		printf '/dev/fake1                              partition\t1048572\t\t0\t\t-2\n'
		printf '/tmp/fake/one.swap                      file\t\t65532\t\t0\t\t-3\n'
		printf '/tmp/fake/two.swap                      file\t\t65532\t\t12\t\t100\n'
		printf '/dev/fake2                              partition\t1048572\t\t0\t\t32767\n'
	} >"$D/swaps"
	: >"$D/fstab"
}

@test "swapoff -a: all failed is 32, some failed is 64, ENOMEM still reported" {
	require_failsys
	require_mount_ns
	swaps_fixture
	binds="$D/swaps:/proc/swaps"
	NS_BINDS="$binds" run in_namespace env LIBMOUNT_FSTAB="$D/fstab" FAILSYS_SWAPOFF=EINVAL \
		LD_PRELOAD="$FAILSYS" "$SWAPOFF" -a
	[ "$status" -eq 32 ]
	[ -z "$output" ]	# quiet under -a
	NS_BINDS="$binds" run in_namespace env LIBMOUNT_FSTAB="$D/fstab" FAILSYS_SWAPOFF_PATH=/tmp/fake/one.swap \
		FAILSYS_SWAPOFF=EBUSY FAILSYS_SWAPOFF_OTHER=OK FAILSYS_LOG="$D/log" \
		LD_PRELOAD="$FAILSYS" "$SWAPOFF" -a
	[ "$status" -eq 64 ]
	[ "$(grep -c '^swapoff ' "$D/log")" -eq 4 ]
	# the areas enabled last go first
	[ "$(head -n 1 "$D/log")" = "swapoff /dev/fake2 OK" ]
	NS_BINDS="$binds" run in_namespace env LIBMOUNT_FSTAB="$D/fstab" FAILSYS_SWAPOFF=ENOMEM \
		LD_PRELOAD="$FAILSYS" "$SWAPOFF" -a
	[ "$status" -eq 32 ]
	[[ "$output" == *"/dev/fake1: swapoff failed: Cannot allocate memory"* ]]
	NS_BINDS="$binds" run in_namespace env LIBMOUNT_FSTAB="$D/fstab" FAILSYS_SWAPOFF=EPERM \
		LD_PRELOAD="$FAILSYS" "$SWAPOFF" -a
	[ "$status" -eq 16 ]
	[ "$output" = "swapoff: Not superuser." ]
}

@test "swapoff -a: a /proc/swaps that cannot be opened is skipped silently, as util-linux" {
	require_failsys
	local ul_status ul_output
	# util-linux goes on to its fstab pass and exits 0 (swapoff(2) is
	# faked, so no area of the machine is touched)
	run env FAILSYS_OPEN_PATH=/proc/swaps FAILSYS_SWAPOFF=OK LD_PRELOAD="$FAILSYS" "$UL_SWAPOFF" -a
	ul_status=$status ul_output=$output
	run env FAILSYS_OPEN_PATH=/proc/swaps FAILSYS_SWAPOFF=OK LD_PRELOAD="$FAILSYS" "$SWAPOFF" -a
	[ "$status" -eq "$ul_status" ]
	[ "$output" = "$ul_output" ]
	[ "$status" -eq 0 ]
}

@test "swapoff -a: a short read of /proc/swaps never acts on a cut line" {
	require_failsys
	require_mount_ns
	swaps_fixture
	len=$(wc -c <"$D/swaps")
	for n in 0 20 70 100 130 150 200 250 300 $((len - 3)) $((len - 1)) "$len"; do
		rm -f "$D/log"
		NS_BINDS="$D/swaps:/proc/swaps" run in_namespace env LIBMOUNT_FSTAB="$D/fstab" FAILSYS_SWAPOFF=OK \
			FAILSYS_SHORT_PATH=/proc/swaps FAILSYS_SHORT_BYTES=$n FAILSYS_LOG="$D/log" \
			LD_PRELOAD="$FAILSYS" "$SWAPOFF" -a
		[ "$status" -eq 0 ]
		# every name it swapped off is a whole name of the fixture
		if [ -f "$D/log" ]; then
			while read -r call name _; do
				[ "$call" = swapoff ] || continue
				grep -q "^$name " "$D/swaps" || { echo "cut $n: acted on '$name'"; return 1; }
			done <"$D/log"
		fi
	done
}

# ------------------------------------------------------------- /proc readers

@test "swapon --show, -s: /proc/swaps that cannot be opened: message, 255" {
	require_failsys
	run env FAILSYS_OPEN_PATH=/proc/swaps LD_PRELOAD="$FAILSYS" "$SWAPON" --show
	[ "$status" -eq 255 ]
	[ "$output" = "swapon: cannot open /proc/swaps: Permission denied" ]
	run env FAILSYS_OPEN_PATH=/proc/swaps LD_PRELOAD="$FAILSYS" "$SWAPON" -s
	[ "$status" -eq 255 ]
}

@test "swapon --show, -s: a short /proc/swaps never shows a cut figure" {
	require_failsys
	require_mount_ns
	swaps_fixture
	len=$(wc -c <"$D/swaps")
	for n in 0 50 110 180 $((len - 2)) $((len - 3)) $((len - 4)) "$len"; do
		for mode in --show=NAME,PRIO --raw -s; do
			[ "$mode" = --raw ] && mode="--show=NAME,SIZE,USED,PRIO --raw --bytes"
			NS_BINDS="$D/swaps:/proc/swaps" run in_namespace env FAILSYS_SHORT_PATH=/proc/swaps \
				FAILSYS_SHORT_BYTES=$n LD_PRELOAD="$FAILSYS" "$SWAPON" $mode
			echo "# cut at $n, $mode: $status"
			[ "$status" -eq 0 ] || [ "$status" -eq 255 ]
			# /dev/fake2's priority is 32767: never a prefix of it
			if [[ "$output" == *"/dev/fake2"* ]]; then
				[[ "$output" =~ /dev/fake2.*32767 ]] ||
					{ echo "cut at $n, $mode shows a cut line: $output"; return 1; }
			fi
		done
	done
}

@test "free: /proc/meminfo that cannot be opened: message, exit 1" {
	require_failsys
	run env FAILSYS_OPEN_PATH=/proc/meminfo LD_PRELOAD="$FAILSYS" "$FREE"
	[ "$status" -eq 1 ]
	[ "$output" = "free: cannot read /proc/meminfo: Permission denied" ]
}

# value_at KEY FILE: the byte offset where KEY's value starts.
value_at() {
	LC_ALL=C awk -v k="$1" '
		index($0, k ":") == 1 { match($0, /^[^:]*: */); print pos + RLENGTH; exit }
		{ pos += length($0) + 1 }' "$2"
}

@test "free: a short read of /proc/meminfo is an error, never figures from a cut file" {
	require_failsys
	require_mount_ns
	fixture=$TESTDATA/proc/meminfo-6.18-swap-overcommit
	[ -f "$fixture" ] || skip "fixture $fixture is missing"
	cp "$fixture" "$D/meminfo"
	# cut points: nothing, inside the MemTotal key, inside the MemFree
	# value, right before MemFree's "kB", inside the SwapFree value
	off=$(value_at MemFree "$D/meminfo")
	soff=$(value_at SwapFree "$D/meminfo")
	# free reads a cut file as procps does (free.bats compares that with
	# procps-ng); only an empty read is an error
	for n in 0; do
		NS_BINDS="$D/meminfo:/proc/meminfo" run in_namespace env FAILSYS_SHORT_PATH=/proc/meminfo \
			FAILSYS_SHORT_BYTES=$n LD_PRELOAD="$FAILSYS" "$FREE"
		echo "# cut at $n: $status: $output"
		[ "$status" -eq 1 ]
		[[ "$output" == "free: /proc/meminfo: "* || "$output" == "free: cannot read /proc/meminfo"* ]]
	done
	# the whole file still works through the same path
	NS_BINDS="$D/meminfo:/proc/meminfo" run in_namespace env FAILSYS_SHORT_PATH=/proc/meminfo \
		FAILSYS_SHORT_BYTES=65536 LD_PRELOAD="$FAILSYS" "$FREE"
	[ "$status" -eq 0 ]
}
