#!/usr/bin/env bats
# mkswap: the same bytes and messages as util-linux mkswap, and every
# refusal leaves the target as it was.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common

UUID=4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb
SRCDIR=${top_srcdir:-$BATS_TEST_DIRNAME/../..}

# scratch: $d becomes this test's scratch directory.
scratch() {
	d=$(scratch_dir)
}

# attach FILE: attach FILE to a loop device (registered), named in $LOOP.
attach() {
	scratch
	LOOP=$(make_loop "$1")
}

# pair SIZE: two identical zeroed areas, $D/ul/area and $D/our/area.
pair() {
	scratch
	D=$d
	mkdir -p "$D/ul" "$D/our"
	make_file "$D/ul/area" "$1"
	make_file "$D/our/area" "$1"
}

# run_pair ARGS...: util-linux and our mkswap, each in its directory of $D.
run_pair() {
	pair_run "$D" "$UL_MKSWAP" "$MKSWAP" "$@"
}

# same_pair: exit status, stdout, stderr and the areas are identical.
same_pair() {
	pair_same "$D"
}

# refused AREA CMD...: CMD exits 1 and AREA keeps its bytes, size and mode.
refused() {
	local area=$1 before mode
	shift
	before=$(sha "$area")
	mode=$(stat -c '%a %s %b' "$area")
	run "$@"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$(sha "$area")" = "$before" ]
	[ "$(stat -c '%a %s %b' "$area")" = "$mode" ]
}

# swap32_at FILE OFFSET: byte-swap the u32 at OFFSET in place.
swap32_at() {
	local b
	b=($(od -An -tx1 -j "$2" -N4 "$1"))
	printf "\\x${b[3]}\\x${b[2]}\\x${b[1]}\\x${b[0]}" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

u32_at() {
	od -An -tx1 -j "$2" -N4 "$1" | tr -d ' \n'
}

blkid_export() {
	blkid -p -o export "$1" | grep -E '^(TYPE|LABEL|UUID)=' | sort
}

require_failio() {
	[ -f "$FAILIO" ] || skip "tests/preload/failio.so is not built (make check builds it)"
}

@test "mkswap --help lists every option, util-linux layout" {
	run "$MKSWAP" --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Usage:" ]
	[[ "${lines[1]}" == " mkswap [options] device [size]" ]]
	[[ "$output" == *$'\n\nOptions:\n'* ]]
	[ "${lines[-1]}" = "For more details see mkswap(8)." ]
	for o in -c,\ --check -f,\ --force -q,\ --quiet -p,\ --pagesize -L,\ --label \
		 -v,\ --swapversion -U,\ --uuid -e,\ --endianness -o,\ --offset -s,\ --size \
		 -F,\ --file --verbose --lock -h,\ --help -V,\ --version; do
		[[ "$output" == *" $o"* ]] || { echo "missing $o"; return 1; }
	done
	run "$MKSWAP" -V
	[ "$status" -eq 0 ]
	[[ "$output" == "mkswap from swaptools "* ]]
}

@test "mkswap: same image and output as util-linux (page sizes, labels, UUIDs)" {
	for args in "" "-L lab" "-L 0123456789abcdefghij" "-L ''" "-p 4096" "-p 8192 -L eight" \
		    "-p 65536 -L big" "-U clear" "-q -L quiet" "-f" "-v 1"; do
		pair 2M
		eval run_pair -U "$UUID" "$args" area
		same_pair || { echo "args: $args"; return 1; }
		[ "$our_rc" -eq 0 ]
	done
}

@test "mkswap: same image and output as util-linux over an old swap area" {
	pair 2M
	run_pair -p 8192 -L old -U clear area
	run_pair -L new -U "$UUID" area
	same_pair
	grep -q "wiping old swap signature" "$D/our/err"
}

@test "mkswap: same result as util-linux over an ext4 filesystem" {
	require_cmd mkfs.ext4
	pair 4M
	mkfs.ext4 -q -F "$D/ul/area"
	cp "$D/ul/area" "$D/our/area"
	run_pair -U "$UUID" area
	same_pair
	grep -q "wiping old ext4 signature" "$D/our/err"
}

@test "mkswap: legacy [size] in KiB blocks, as util-linux" {
	for args in "area 100" "area 0" "-p 8192 area 200" "-p 65536 area 1024" \
		    "-f area 4096" "-q -f area 20000000000000" "-f -p 65536 area 200000000000000"; do
		pair 1M
		eval run_pair -U "$UUID" "$args"
		same_pair || { echo "args: $args"; return 1; }
	done
}

@test "mkswap: refusals match util-linux and change nothing" {
	for args in "area 2000" "area 39" "area 1x" "-U nonsense area" "-v 0 area" "-v x area" \
		    "-p 1000 area" "-p 12288 area" "-p abc area" "-c -q area" "--lock=bad area" \
		    "area 1 2" ""; do
		pair 1M
		"$UL_MKSWAP" -q -U clear "$D/ul/area"
		cp "$D/ul/area" "$D/our/area"
		before=$(sha "$D/our/area")
		eval run_pair "$args"
		same_pair || { echo "args: $args"; return 1; }
		[ "$our_rc" -eq 1 ]
		[ "$(sha "$D/our/area")" = "$before" ]
	done
}

@test "mkswap: below 10 pages is refused, file unchanged" {
	scratch
	make_file "$d/small" 36K
	refused "$d/small" "$MKSWAP" "$d/small"
	[[ "$output" == *"swap area needs to be at least 40 KiB"* ]]
	refused "$d/small" "$MKSWAP" -p 8192 "$d/small"
}

@test "mkswap: more than 2^32 pages is truncated with util-linux's warning" {
	[ "$(getconf PAGESIZE)" -eq 4096 ] || skip "needs 4 KiB pages"
	# sparse 17 TiB files on tmpfs (ext4 stops at 16 TiB)
	D=/dev/shm/swaptools-huge.$$
	track_file "$D"
	mkdir -p "$D/ul" "$D/our"
	truncate -s 17T "$D/ul/area" 2>/dev/null && truncate -s 17T "$D/our/area" ||
		skip "cannot make a 17 TiB sparse file"
	run_pair -U "$UUID" area
	[ "$our_rc" -eq 0 ]
	diff -u "$D/ul/out" "$D/our/out"
	diff -u "$D/ul/err" "$D/our/err"
	grep -q "truncating swap area to 17179869180 KiB" "$D/our/err"
	cmp <(head -c 65536 "$D/ul/area") <(head -c 65536 "$D/our/area")
}

@test "mkswap: a size beyond the file is refused without -f" {
	scratch
	make_file "$d/a" 1M
	refused "$d/a" "$MKSWAP" "$d/a" 2048
	[[ "$output" == *"error: size 2048 KiB is larger than device size 1024 KiB"* ]]
	refused "$d/a" "$MKSWAP" "$d/a" 2M
	run "$MKSWAP" -f -U "$UUID" "$d/a" 2048
	[ "$status" -eq 0 ]
	[ "$(stat -c %s "$d/a")" -eq 1048576 ]
}

@test "mkswap -e: little is the native image, big swaps the three u32 fields" {
	[ "$(printf '\1\0' | od -An -tu2 | tr -d ' ')" = 1 ] || skip "big-endian host"
	pair 1M
	run_pair -L end -U "$UUID" area
	for e in native little; do
		cp "$D/ul/area" "$D/le"
		"$MKSWAP" -q -e $e -L end -U "$UUID" "$D/le"
		cmp "$D/ul/area" "$D/le"
	done
	"$MKSWAP" -q -e big -L end -U "$UUID" "$D/our/area"
	for off in 1024 1028 1032; do
		swap32_at "$D/ul/area" $off
	done
	cmp "$D/ul/area" "$D/our/area"
	[ "$(u32_at "$D/our/area" 1024)" = 00000001 ]
	[ "$(blkid_export "$D/our/area" | tr '\n' ' ')" = "LABEL=end TYPE=swap UUID=$UUID " ]
	run "$MKSWAP" -e middle "$D/our/area"
	[ "$status" -eq 1 ]
	[[ "$output" == *"invalid endianness middle is not supported"* ]]
}

@test "mkswap -o: the area starts at the offset, bytes before it untouched" {
	scratch
	make_file "$d/a" 2M
	# an old swap header before the offset must survive (util-linux wipes it)
	"$UL_MKSWAP" -q -L before -U clear "$d/a"
	head -c 65536 "$d/a" >"$d/head.before"
	run "$MKSWAP" -o 65536 -L off -U "$UUID" "$d/a"
	[ "$status" -eq 0 ]
	head -c 65536 "$d/a" | cmp - "$d/head.before"
	make_file "$d/ref" $((2097152 - 65536))
	"$UL_MKSWAP" -q -L off -U "$UUID" "$d/ref"
	tail -c +65537 "$d/a" | cmp - "$d/ref"
	run "$MKSWAP" -o 3000000 "$d/a"
	[ "$status" -eq 1 ]
	run "$MKSWAP" -o x "$d/a"
	[ "$status" -eq 1 ]
}

@test "mkswap FILE 1M and -F -s: a new allocated 0600 file, util-linux's image" {
	scratch
	make_file "$d/ref" 1M
	"$UL_MKSWAP" -U "$UUID" -L f "$d/ref" >"$d/ref.out"
	for how in pos file; do
		f=$d/new.$how
		track_file "$f"
		if [ $how = pos ]; then
			run "$MKSWAP" -U "$UUID" -L f "$f" 1M
		else
			run "$MKSWAP" -U "$UUID" -L f -F -s 1M "$f"
		fi
		[ "$status" -eq 0 ]
		[ "$output" = "$(sed "s|$d/ref|$f|" "$d/ref.out")" ]
		cmp "$d/ref" "$f"
		[ "$(stat -c %a "$f")" = 600 ]
		[ $(( $(stat -c '%b * %B' "$f") )) -ge 1048576 ]	# no holes
	done
	# too small: refused before anything is created
	run "$MKSWAP" "$d/tiny" 16K
	[ "$status" -eq 1 ]
	[ ! -e "$d/tiny" ]
	# -F without a size on a missing file: as util-linux, cannot open
	run "$MKSWAP" -F "$d/missing"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot open $d/missing: No such file or directory"* ]]
	[ ! -e "$d/missing" ]
}

@test "mkswap -F on an existing file: mode 0600, resized and allocated" {
	scratch
	make_file "$d/a" 1M
	chmod 644 "$d/a"
	run "$MKSWAP" -F -s 2M -U "$UUID" "$d/a"
	[ "$status" -eq 0 ]
	[[ "$output" != *insecure* ]]
	[ "$(stat -c '%a %s' "$d/a")" = "600 2097152" ]
	[ $(( $(stat -c '%b * %B' "$d/a") )) -ge 2097152 ]
	[[ "$output" == *"size = 2 MiB (2093056 bytes)"* ]]
	run "$MKSWAP" -F "$d"
	[ "$status" -eq 1 ]
	[[ "$output" == *"node isn't regular file"* ]]
}

@test "mkswap: insecure permissions and holes warnings as util-linux" {
	pair 1M
	chmod 644 "$D/ul/area" "$D/our/area"
	run_pair -U "$UUID" area
	same_pair
	grep -q "insecure permissions 0644, fix with: chmod 0600 area" "$D/our/err"
	for f in "$D/ul/area" "$D/our/area"; do
		rm -f "$f"
		truncate -s 1M "$f"
		chmod 600 "$f"
	done
	run_pair -U "$UUID" area
	same_pair
	grep -q "contains holes" "$D/our/err"
}

@test "mkswap: insecure owner warning as util-linux" {
	require_root
	pair 1M
	chown 1000 "$D/ul/area" "$D/our/area"
	run_pair -U "$UUID" area
	same_pair
	grep -q "insecure file owner 1000, fix with: chown 0:0 area" "$D/our/err"
}

@test "mkswap -c on a file: util-linux's warning, no check" {
	pair 1M
	run_pair -c -U "$UUID" area
	same_pair
	grep -q "checking bad blocks from swap file is not supported" "$D/our/err"
}

@test "mkswap: a partition table is refused without -f, kept with -f" {
	scratch
	make_file "$d/disk" 2M
	# a DOS label with one Linux partition from sector 2048
	printf '\x00\x20\x21\x00\x83\x20\x21\x00\x00\x08\x00\x00\x00\x08\x00\x00' |
		dd of="$d/disk" bs=1 seek=446 conv=notrunc status=none
	printf '\x55\xaa' | dd of="$d/disk" bs=1 seek=510 conv=notrunc status=none
	[ "$(blkid -p -o value -s PTTYPE "$d/disk")" = dos ]
	refused "$d/disk" "$MKSWAP" "$d/disk"
	[[ "$output" == *"dos partition table"* ]]
	head -c 1024 "$d/disk" >"$d/boot"
	run "$MKSWAP" -f -U "$UUID" "$d/disk"
	[ "$status" -eq 0 ]
	head -c 1024 "$d/disk" | cmp - "$d/boot"
	[ "$(blkid -p -o value -s PTTYPE "$d/disk")" = dos ]
}

@test "mkswap --lock=nonblock: a locked target is refused, unchanged" {
	require_cmd flock
	scratch
	make_file "$d/a" 1M
	refused "$d/a" flock "$d/a" "$MKSWAP" --lock=nonblock "$d/a"
	[[ "$output" == *"$d/a: device already locked"* ]]
	run flock "$d/a" "$MKSWAP" --lock=no -U "$UUID" "$d/a"
	[ "$status" -eq 0 ]
}

@test "mkswap: blkid sees TYPE, LABEL and UUID (file and loop device)" {
	scratch
	make_file "$d/a" 1M
	"$MKSWAP" -q -L lbl -U "$UUID" "$d/a"
	[ "$(blkid_export "$d/a" | tr '\n' ' ')" = "LABEL=lbl TYPE=swap UUID=$UUID " ]
	require_root
	make_file "$d/b" 2M
	attach "$d/b"
	loop=$LOOP
	"$MKSWAP" -q -p 8192 -L loop -U "$UUID" "$loop"
	[ "$(blkid_export "$loop" | tr '\n' ' ')" = "LABEL=loop TYPE=swap UUID=$UUID " ]
}

@test "mkswap on a loop device: same image and output as util-linux" {
	require_root
	pair 2M
	attach "$D/ul/area"
	ul=$LOOP
	attach "$D/our/area"
	our=$LOOP
	for args in "-L l1" "-p 65536 -L l2" "-c -L check" "-U clear"; do
		ul_rc=0 our_rc=0
		"$UL_MKSWAP" -U "$UUID" $args "$ul" >"$D/ul/out" 2>"$D/ul/err" || ul_rc=$?
		"$MKSWAP" -U "$UUID" $args "$our" >"$D/our/out" 2>"$D/our/err" || our_rc=$?
		sed -i "s|$ul|LOOP|g" "$D/ul/err"
		sed -i "s|$our|LOOP|g" "$D/our/err"
		same_pair || { echo "args: $args"; return 1; }
	done
}

@test "mkswap: an active swap file or device is refused, unchanged" {
	require_root
	scratch
	make_file "$d/a" 1M
	"$UL_MKSWAP" -q "$d/a"
	track_swap "$d/a"
	"$UL_SWAPON" "$d/a"
	refused "$d/a" "$MKSWAP" "$d/a"
	[[ "$output" == *"$d/a is an active swap area"* ]]
	refused "$d/a" "$MKSWAP" -F -s 2M "$d/a"
	make_file "$d/b" 1M
	attach "$d/b"
	loop=$LOOP
	"$UL_MKSWAP" -q "$loop"
	track_swap "$loop"
	"$UL_SWAPON" "$loop"
	refused "$loop" "$MKSWAP" "$loop"
	[[ "$output" == *"$loop is an active swap area"* ]]
}

@test "mkswap: a mounted or exclusively opened device is refused, unchanged" {
	require_root
	require_cmd mkfs.ext4
	scratch
	make_file "$d/a" 4M
	mkfs.ext4 -q -F "$d/a"
	attach "$d/a"
	loop=$LOOP
	mkdir "$d/mnt"
	before=$(sha "$loop")
	run in_namespace sh -c "mount -o ro '$loop' '$d/mnt' && '$MKSWAP' '$loop'"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$loop is mounted on $d/mnt"* ]]
	[ "$(sha "$loop")" = "$before" ]
	# held with O_EXCL by another process (here a mount in another
	# namespace) until the test kills it: its lifetime races nothing
	unshare -m sh -c "mount -o ro '$loop' '$d/mnt' && echo ok >'$d/held' && exec sleep 600" &
	holder=$!
	for _ in $(seq 100); do [ -s "$d/held" ] && break; sleep 0.1; done
	[ -s "$d/held" ] || { kill $holder; wait $holder; false; }
	run "$MKSWAP" "$loop"
	kill $holder 2>/dev/null || true
	wait $holder 2>/dev/null || true
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot open $loop: Device or resource busy ("*")"* ]]
	[ "$(sha "$loop")" = "$before" ]
}

@test "mkswap -c: a read error is recorded as a bad page, as util-linux" {
	require_root
	require_failio
	pair 1M
	attach "$D/ul/area"
	ul=$LOOP
	attach "$D/our/area"
	our=$LOOP
	# page 5 of each device cannot be read
	export FAILIO_SYSCALL=read,pread FAILIO_OFFSET=$((5 * 4096)) FAILIO_LENGTH=4096 FAILIO_COUNT=0
	FAILIO_PATH=$ul LD_PRELOAD=$FAILIO "$UL_MKSWAP" -c -U "$UUID" "$ul" >"$D/ul/out" 2>"$D/ul/err"
	FAILIO_PATH=$our LD_PRELOAD=$FAILIO "$MKSWAP" -c -U "$UUID" "$our" >"$D/our/out" 2>"$D/our/err"
	ul_rc=0 our_rc=0
	sed -i "s|$ul|LOOP|g" "$D/ul/err"
	sed -i "s|$our|LOOP|g" "$D/our/err"
	same_pair
	grep -qx "1 bad page" "$D/our/out"
	[ "$(u32_at "$D/our/area" 1032)" = 01000000 ]
	[ "$(u32_at "$D/our/area" 1536)" = 05000000 ]
	# with -e big the bad-page list is big-endian too (util-linux leaves it native)
	FAILIO_PATH=$our LD_PRELOAD=$FAILIO "$MKSWAP" -c -e big -U "$UUID" "$our" >/dev/null 2>&1
	[ "$(u32_at "$D/our/area" 1032)" = 00000001 ]
	[ "$(u32_at "$D/our/area" 1536)" = 00000005 ]
}

@test "mkswap -c: an unreadable device or too many bad pages is refused, unchanged" {
	require_root
	require_failio
	scratch
	make_file "$d/a" 1M
	attach "$d/a"
	loop=$LOOP
	"$UL_MKSWAP" -q -L old "$loop"
	refused "$loop" env FAILIO_SYSCALL=read,pread FAILIO_PATH="$loop" FAILIO_OFFSET=4096 \
		FAILIO_LENGTH=1048576 FAILIO_COUNT=0 LD_PRELOAD="$FAILIO" "$MKSWAP" -c "$loop"
	[[ "$output" == *"Unable to set up swap-space: unreadable"* ]]
	make_file "$d/b" 4M
	attach "$d/b"
	loop=$LOOP
	"$UL_MKSWAP" -q -L old "$loop"
	refused "$loop" env FAILIO_SYSCALL=read,pread FAILIO_PATH="$loop" FAILIO_OFFSET=4096 \
		FAILIO_LENGTH=4194304 FAILIO_COUNT=0 LD_PRELOAD="$FAILIO" "$MKSWAP" -c "$loop"
	[[ "$output" == *"too many bad pages: 637"* ]]
}

# write_failures START: for every write/fsync mkswap makes on an area that
# starts as START ("zero" or "swap"), fail exactly that call (EIO, ENOSPC,
# SIGKILL); afterwards the area is the old one, the complete new one, or
# has no swap signature at all -- never a new header that looks valid.
write_failures() {
	local d f n k how calls=write,pwrite,fsync,fdatasync
	scratch
	make_file "$d/orig" 1M
	[ "$1" = swap ] && "$UL_MKSWAP" -q -p 8192 -L old -U clear "$d/orig"
	cp "$d/orig" "$d/good"
	"$MKSWAP" -q -L new -U "$UUID" "$d/good"
	f=$d/area
	track_file "$f"
	cp "$d/orig" "$f"
	FAILIO_SYSCALL=$calls FAILIO_PATH=$f FAILIO_NTH=0 FAILIO_LOG=$d/log \
		LD_PRELOAD=$FAILIO "$MKSWAP" -q -L new -U "$UUID" "$f"
	cmp "$f" "$d/good"
	n=$(wc -l <"$d/log")
	cat "$d/log"
	[ "$n" -ge 4 ]
	# the magic goes last, after the page has been synced
	tail -n 2 "$d/log" | head -n 1 | grep -Eq '^p?write [0-9]+ 10 ok$'
	for how in EIO ENOSPC KILL; do
		for k in $(seq "$n"); do
			cp "$d/orig" "$f"
			if [ $how = KILL ]; then
				run env FAILIO_SYSCALL=$calls FAILIO_PATH="$f" FAILIO_NTH="$k" \
					FAILIO_SIGNAL=9 LD_PRELOAD="$FAILIO" "$MKSWAP" -q -L new -U "$UUID" "$f"
				[ "$status" -ne 0 ]
			else
				run env FAILIO_SYSCALL=$calls FAILIO_PATH="$f" FAILIO_NTH="$k" \
					FAILIO_ERRNO=$how LD_PRELOAD="$FAILIO" "$MKSWAP" -q -L new -U "$UUID" "$f"
				# libblkid ignores a failed fsync after its wipe: the run
				# then goes on and must end with the complete new area
				if [ "$status" -eq 0 ]; then
					cmp "$f" "$d/good"
					continue
				fi
				[ "$status" -eq 1 ] || { echo "$how at call $k: $status $output"; return 1; }
			fi
			if cmp -s "$f" "$d/orig" || cmp -s "$f" "$d/good"; then
				continue
			fi
			if grep -q SWAPSPACE2 "$f"; then
				echo "$how at call $k left a swap signature"
				return 1
			fi
		done
	done
}

@test "mkswap: a write failure or kill at each step leaves no valid-looking header" {
	require_failio
	write_failures zero
}

@test "mkswap: the same over an old swap area" {
	require_failio
	write_failures swap
}

# ---- in use through a loop device, concurrency, failing writers (issue 17) ----


# ext4_image FILE SIZE: an ext4 filesystem image (mkfs.ext4 -q).
ext4_image() {
	require_cmd mkfs.ext4
	make_file "$1" "$2"
	mkfs.ext4 -q -F "$1" >/dev/null 2>&1 || skip "mkfs.ext4 failed"
}

@test "mkswap: a file behind a mounted loop device is refused as by util-linux, unchanged" {
	require_root
	scratch
	ext4_image "$d/img" 32M
	mkdir "$d/mnt"
	before=$(sha "$d/img")
	# the mount lives in a private namespace; its loop device is
	# autocleared when the namespace ends, whatever happens
	run in_namespace sh -c '
		mount -o loop,ro,noload "$1/img" "$1/mnt" || exit 99
		"$2" -q "$1/img"; echo "ul=$?"
		"$3" -q "$1/img"; echo "our=$?"
		"$4" -L x "$1/img"; echo "label=$?"
	' sh "$d" "$UL_MKSWAP" "$MKSWAP" "$SWAPLABEL"
	echo "$output"
	[ "$status" -ne 99 ] || skip "mount -o loop failed"
	[[ "$output" == *"ul=1"* ]]
	[[ "$output" == *"our=1"* ]]
	[[ "$output" == *"label=1"* ]]
	[[ "$output" == *"mkswap: error: $d/img is mounted (loop"*" on $d/mnt); will not make swapspace"* ]]
	[ "$(sha "$d/img")" = "$before" ]
}

@test "mkswap: a file whose loop device's partition is mounted is refused, unchanged" {
	require_root
	require_cmd sfdisk
	require_cmd mkfs.ext4
	scratch
	make_file "$d/img" 40M
	echo 'start=2048, type=83' | sfdisk -q "$d/img" >/dev/null 2>&1 || skip "sfdisk failed"
	loop=$(make_loop "$d/img" -P)
	[ -b "${loop}p1" ] || partx -a "$loop" 2>/dev/null
	[ -b "${loop}p1" ] || skip "no partition device for $loop"
	mkfs.ext4 -q -F "${loop}p1" >/dev/null 2>&1 || skip "mkfs.ext4 failed"
	mkdir "$d/mnt"
	before=$(sha "$d/img")
	run in_namespace sh -c '
		mount -o ro,noload "$1" "$2/mnt" || exit 99
		"$3" -f -q "$2/img"
	' sh "${loop}p1" "$d" "$MKSWAP"
	echo "$output"
	[ "$status" -ne 99 ] || skip "mount failed"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is mounted (${loop#/dev/}p1 on $d/mnt)"* ]]
	[ "$(sha "$d/img")" = "$before" ]
}

@test "mkswap: a file whose loop device is an active swap area is refused, unchanged" {
	require_root
	scratch
	make_file "$d/img" 8M
	loop=$(make_loop "$d/img")
	"$UL_MKSWAP" -q "$loop"
	track_swap "$loop"
	/sbin/swapon "$loop" || skip "swapon $loop failed"
	before=$(sha "$d/img")
	run "$MKSWAP" -q "$d/img"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"(${loop#/dev/} is an active swap area)"* ]]
	[ "$(sha "$d/img")" = "$before" ]
	/sbin/swapoff "$loop"
}

@test "mkswap: an unreadable /proc/swaps fails closed: exit 1, unchanged" {
	[ -f "$FAILSYS" ] || skip "tests/preload/failsys.so is not built"
	scratch
	make_file "$d/a" 1M
	before=$(sha "$d/a")
	run env FAILSYS_OPEN_PATH=/proc/swaps FAILSYS_OPEN_ERRNO=EACCES LD_PRELOAD="$FAILSYS" \
		"$MKSWAP" -q "$d/a"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot read /proc/swaps"* ]]
	[ "$(sha "$d/a")" = "$before" ]
}

# magics FILE: the page sizes at which FILE carries SWAPSPACE2.
magics() {
	local ps
	for ps in 4096 8192 16384 32768 65536; do
		[ "$(dd if="$1" bs=1 skip=$((ps - 10)) count=10 status=none | tr -d '\0')" = SWAPSPACE2 ] &&
			echo "$ps"
	done
	return 0
}

@test "mkswap: two runs at different page sizes on one file never leave a mixed header" {
	scratch
	make_file "$d/f" 4M
	for i in $(seq 20); do
		"$MKSWAP" -q "$d/f" 2>/dev/null &
		"$MKSWAP" -q -p 65536 "$d/f" 2>/dev/null
		wait
		n=$(magics "$d/f" | wc -l)
		[ "$n" -eq 1 ] || { echo "run $i: magics at $(magics "$d/f" | tr '\n' ' ')"; false; }
	done
}

@test "mkswap: the lock on a regular file is taken without --lock, --lock=no keeps none" {
	require_cmd flock
	scratch
	make_file "$d/a" 1M
	run timeout 10 flock "$d/a" "$MKSWAP" -q "$d/a"
	[ "$status" -eq 124 ]
	run flock "$d/a" env LOCK_BLOCK_DEVICE=nonblock "$MKSWAP" -q "$d/a"
	[ "$status" -eq 1 ]
	[[ "$output" == *"device already locked"* ]]
	run timeout 10 flock "$d/a" "$MKSWAP" -q --lock=no "$d/a"
	[ "$status" -eq 0 ]
}

@test "mkswap -F -s: an allocation failing with ENOSPC leaves the file's size, mode and bytes" {
	scratch
	mkdir "$d/mnt"
	run in_namespace sh -c '
		mount -t tmpfs -o size=4M tmpfs "$1/mnt" || exit 99
		head -c 1048576 /dev/urandom >"$1/mnt/f"; chmod 644 "$1/mnt/f"
		before=$(sha256sum <"$1/mnt/f"; stat -c "%a %s" "$1/mnt/f")
		"$2" -F -s 10M "$1/mnt/f"; echo "rc=$?"
		after=$(sha256sum <"$1/mnt/f"; stat -c "%a %s" "$1/mnt/f")
		[ "$before" = "$after" ] && echo same || echo "changed: $before -> $after"
	' sh "$d" "$MKSWAP"
	echo "$output"
	[ "$status" -ne 99 ] || skip "tmpfs mount failed"
	[[ "$output" == *"rc=1"* ]]
	# tmpfs: mkswap -F now refuses the filesystem before allocating (see
	# compress.bats); either way the file must be left as it was
	[[ "$output" == *"No space left on device"* || "$output" == *"tmpfs: the kernel cannot swap"* ]]
	[[ "$output" == *$'\nsame'* ]]
}

@test "mkswap: a read error at a stale-magic spot does not fail it, as util-linux" {
	require_failio
	local spot x
	scratch
	for spot in 8186 16374 32758 65526; do
		for x in ul our; do
			mkdir -p "$d/$spot/$x"
			make_file "$d/$spot/$x/area" 1M
			# an old area for 64 KiB pages: its magic at 65526
			"$UL_MKSWAP" -q -p 65536 "$d/$spot/$x/area" 2>/dev/null
		done
		ul_rc=0 our_rc=0
		(cd "$d/$spot/ul" && FAILIO_SYSCALL=pread,read FAILIO_PATH=area FAILIO_OFFSET=$spot \
			FAILIO_LENGTH=10 FAILIO_COUNT=0 LD_PRELOAD=$FAILIO \
			"$UL_MKSWAP" -U "$UUID" area >out 2>err) || ul_rc=$?
		(cd "$d/$spot/our" && FAILIO_SYSCALL=pread,read FAILIO_PATH=area FAILIO_OFFSET=$spot \
			FAILIO_LENGTH=10 FAILIO_COUNT=0 LD_PRELOAD=$FAILIO \
			"$MKSWAP" -U "$UUID" area >out 2>err) || our_rc=$?
		cat "$d/$spot/ul/err" "$d/$spot/our/err"
		[ "$ul_rc" -eq 0 ]
		[ "$our_rc" -eq 0 ]
		diff "$d/$spot/ul/out" "$d/$spot/our/out"
		[ "$(magics "$d/$spot/our/area")" = 4096 ]
	done
}

@test "mkswap: FIFOs and other special files fail at once, never hang" {
	scratch
	mkfifo "$d/fifo"
	for args in "$d/fifo" "-F $d/fifo" "-F -s 1M $d/fifo" "/dev/null" "-F /dev/null"; do
		run timeout 10 "$MKSWAP" $args
		echo "$args: $status $output"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
	done
	[ -p "$d/fifo" ]
}

@test "mkswap: a directory gives one error line and exit 1" {
	scratch
	mkdir "$d/dir"
	run "$MKSWAP" "$d/dir"
	[ "$status" -eq 1 ]
	[ "$output" = "mkswap: cannot open $d/dir: Is a directory" ]
	run "$MKSWAP" -F "$d/dir"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
}

@test "mkswap -p 131072: any power of two util-linux accepts, same bytes" {
	pair 4M
	chmod 600 "$D/ul/area" "$D/our/area"
	run_pair -p 131072 -U "$UUID" area
	same_pair
	pair 4M
	run_pair -p 262144 -U "$UUID" area
	same_pair
}

@test "mkswap -s without --file is ignored, as util-linux 2.42; a missing path fails" {
	pair 1M
	(cd "$D/ul" && "$UL_MKSWAP" -U "$UUID" area >out 2>err) || ul_rc=$?
	(cd "$D/our" && "$MKSWAP" -s 512K -U "$UUID" area >out 2>err) || our_rc=$?
	ul_rc=${ul_rc:-0} our_rc=${our_rc:-0}
	same_pair
	run "$MKSWAP" -s 10M "$D/missing"
	[ "$status" -eq 1 ]
	[ "$output" = "mkswap: cannot open $D/missing: No such file or directory" ]
	[ ! -e "$D/missing" ]
}

@test "mkswap: holes are found from the extent map, listed with --verbose as util-linux" {
	require_cmd fallocate
	for v in "" --verbose; do
		pair 1M
		for x in ul our; do
			rm -f "$D/$x/area"
			truncate -s 1M "$D/$x/area"
			chmod 600 "$D/$x/area"
			# blocks allocated past the end: st_blocks covers the size,
			# yet every byte of the file is a hole
			fallocate -n -o 1M -l 1M "$D/$x/area" || skip "fallocate -n unsupported"
			dd if=/dev/zero of="$D/$x/area" bs=4096 seek=100 count=2 conv=notrunc status=none
		done
		run_pair $v -U "$UUID" area
		cat "$D/our/err"
		same_pair
		grep -q "hole detected at offset 0\|Use --verbose" "$D/our/err"
	done
}

@test "mkswap -c: a size past the end of a block device fails as util-linux" {
	require_root
	pair 1M
	for x in ul our; do
		eval "loop_$x=\$(make_loop \"\$D/\$x/area\")"
	done
	ul_rc=0 our_rc=0
	"$UL_MKSWAP" -c -f -U "$UUID" "$loop_ul" 2048 >"$D/ul/out" 2>"$D/ul/err" || ul_rc=$?
	"$MKSWAP" -c -f -U "$UUID" "$loop_our" 2048 >"$D/our/out" 2>"$D/our/err" || our_rc=$?
	cat "$D/ul/out" "$D/ul/err" "$D/our/out" "$D/our/err"
	[ "$ul_rc" -eq "$our_rc" ]
	if [ "$ul_rc" -eq 0 ]; then
		diff "$D/ul/out" "$D/our/out"
		cmp "$D/ul/area" "$D/our/area"
	fi
}

@test "mkswap -V: util-linux's shape, the release it matches and its features" {
	run "$MKSWAP" -V
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" =~ ^mkswap\ from\ swaptools\ [^\ ]+,\ matching\ util-linux\ 2\.[0-9.]+\ \(features:\ [a-z-]+(,\ [a-z-]+)*\)$ ]]
	for f in extends-check nocow fallocate blkid-check uuid; do
		[[ "$output" == *" $f"[,\)]* ]]
	done
	# what a version sniffer reads out of it
	[[ "$(echo "$output" | sed -n 's/.*util-linux \([0-9][0-9.]*\).*/\1/p')" == 2.* ]]
}


@test "mkswap: a swap file gets the SELinux type swapfile_t as util-linux gives it" {
	[ -f "$FAKESELINUX" ] || skip "tests/preload/fakeselinux.so is not built"
	for ctx in unconfined_u:object_r:user_tmp_t:s0 ""; do
		pair 1M
		for x in ul our; do
			bin=$UL_MKSWAP
			[ "$x" = our ] && bin=$MKSWAP
			(cd "$D/$x" && env ${ctx:+FAKESELINUX_CONTEXT=$ctx} FAKESELINUX_LOG="$D/$x/log" \
				LD_PRELOAD="$FAKESELINUX" "$bin" -q -U "$UUID" area)
		done
		cat "$D/our/log"
		diff "$D/ul/log" "$D/our/log"
		grep -q "^fsetfilecon [a-z_]*:object_r:swapfile_t:s0$" "$D/our/log"
		cmp "$D/ul/area" "$D/our/area"
	done
	# --file on a new file too
	(cd "$D/our" && FAKESELINUX_LOG="$D/our/log2" LD_PRELOAD="$FAKESELINUX" \
		"$MKSWAP" -q -F -s 1M new)
	track_file "$D/our/new"
	grep -q "^fsetfilecon system_u:object_r:swapfile_t:s0$" "$D/our/log2"
}

@test "mkswap: libselinux is not loaded when SELinux is off" {
	[ ! -e /sys/fs/selinux ] || skip "SELinux is on here"
	[ -f "$FAKESELINUX" ] || skip "tests/preload/fakeselinux.so is not built"
	scratch
	make_file "$d/a" 1M
	run env LD_DEBUG=files "$MKSWAP" -q "$d/a"
	[ "$status" -eq 0 ]
	! grep -q "libselinux" <<<"$output"
	# disabled: nothing is relabelled
	make_file "$d/b" 1M
	FAKESELINUX_ENABLED=0 FAKESELINUX_LOG="$d/log" LD_PRELOAD="$FAKESELINUX" "$MKSWAP" -q "$d/b"
	[ ! -e "$d/log" ]
}

@test "mkswap: shared (reflinked) extents are warned about and listed as util-linux" {
	require_root
	require_cmd mkfs.btrfs
	scratch
	make_file "$d/bt.img" 128M
	mkfs.btrfs -q -f "$d/bt.img" >/dev/null 2>&1 || skip "mkfs.btrfs failed"
	mkdir "$d/mnt"
	run in_namespace sh -c '
		mount -o loop "$1/bt.img" "$1/mnt" || exit 99
		cd "$1/mnt" || exit 99
		head -c 1048576 /dev/zero >orig && sync
		for v in "" --verbose; do
			for x in ul our; do
				cp --reflink=always orig "$x" || exit 98
				chmod 600 "$x"
			done
			"$2" $v -U "$4" ul >ul.out 2>ul.err; echo "ul=$?" >>ul.out
			"$3" $v -U "$4" our >our.out 2>our.err; echo "our=$?" >>our.out
			sed "s/ul=/rc=/" ul.out >ul.o; sed "s/our=/rc=/" our.out >our.o
			sed "s/ ul / X /" ul.err >ul.e; sed "s/ our / X /" our.err >our.e
			cat our.err
			diff ul.o our.o && diff ul.e our.e && cmp ul our || exit 1
			grep -q "shared extent\|Use --verbose" our.err || exit 1
		done
	' sh "$d" "$UL_MKSWAP" "$MKSWAP" "$UUID"
	echo "$output"
	[ "$status" -ne 99 ] || skip "btrfs loop mount failed"
	[ "$status" -ne 98 ] || skip "no reflink copies"
	[ "$status" -eq 0 ]
	[[ "$output" == *" - shared extent at offset 0"* ]]
}
