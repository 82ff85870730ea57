#!/usr/bin/env bats
# Bad input for every tool: odd targets, corrupt headers, bad labels, UUIDs,
# priorities, fstab lines, columns and sizes.  Each gives a clear message,
# the documented exit code (mkswap, swaplabel, free: 1; swapon: 1 for usage,
# 255 for an area it cannot enable; swapoff: 4 for a failed area, 16 for
# usage), and leaves every byte of the target as it was.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
bats_require_minimum_version 1.5.0

UUID=4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb

setup() {
	scratch_dir >/dev/null
	D=$SCRATCH
}

# safe CMD...: CMD with swapon(2) faked to succeed when failsys is built, so
# a tool that wrongly gets as far as activating does not touch the kernel
# (the result still shows: exit 0 where a refusal was expected).
safe() {
	if [ -f "$FAILSYS" ]; then
		FAILSYS_SWAPON=OK LD_PRELOAD=$FAILSYS "$@"
	else
		"$@"
	fi
}

# area NAME [SIZE]: a swap area with label "lbl" in the scratch dir.
area() {
	local f=$D/$1
	_register file "$f"
	track_swap "$f"
	head -c "${2:-1M}" /dev/zero >"$f"
	chmod 600 "$f"
	"$MKSWAP" -q -L lbl -U "$UUID" "$f"
}

# put FILE OFFSET BYTES: overwrite bytes in place (printf escapes).
put() {
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# refused STATUS PATTERN CMD...: CMD exits STATUS, its stderr matches the
# glob PATTERN (and is one clear "tool: ..." line at least), stdout is empty.
refused() {
	local want=$1 pat=$2
	shift 2
	run --separate-stderr "$@"
	echo "# $*: status $status; stdout: $output; stderr: $stderr"
	[ "$status" -eq "$want" ]
	[ -z "$output" ]
	[[ "$stderr" == $pat ]]
}

# swapoff_refused PATTERN ARGS...: swapoff exits 4 with PATTERN; as a
# normal user the kernel answers EPERM first: 16, "Not superuser.".
swapoff_refused() {
	local pat=$1
	shift
	if [ "$(id -u)" -eq 0 ]; then
		refused 4 "$pat" "$SWAPOFF" "$@"
	else
		refused 16 "swapoff: Not superuser." "$SWAPOFF" "$@"
	fi
}

# ------------------------------------------------------------- odd targets

@test "nonexistent paths: every tool says so, documented codes" {
	p=$D/no/such/file
	refused 1 "mkswap: cannot open $p: No such file or directory" "$MKSWAP" "$p"
	refused 255 "swapon: cannot open $p: No such file or directory" safe "$SWAPON" "$p"
	swapoff_refused "swapoff: $p: swapoff failed: No such file or directory" "$p"
	refused 1 "swaplabel: $p: *No such file or directory" "$SWAPLABEL" "$p"
	refused 1 "swaplabel: $p: *No such file or directory" "$SWAPLABEL" -L x "$p"
	[ ! -e "$p" ]
}

@test "a directory: refused by every tool, left as it was" {
	mkdir "$D/dir"
	touch "$D/dir/inside"
	before=$(ls -la "$D/dir")
	refused 1 "mkswap: *$D/dir*" "$MKSWAP" "$D/dir"
	refused 1 "mkswap: *$D/dir*" "$MKSWAP" -F -s 1M "$D/dir"
	refused 255 "swapon: *$D/dir*" safe "$SWAPON" "$D/dir"
	swapoff_refused "swapoff: $D/dir: swapoff failed: *" "$D/dir"
	refused 1 "swaplabel: $D/dir: *" "$SWAPLABEL" -L x "$D/dir"
	[ "$(ls -la "$D/dir")" = "$before" ]
}

@test "a symlink loop: ELOOP from every tool" {
	ln -s "$D/loop2" "$D/loop1"
	ln -s "$D/loop1" "$D/loop2"
	refused 1 "mkswap: cannot open $D/loop1: Too many levels of symbolic links" "$MKSWAP" "$D/loop1"
	refused 255 "swapon: cannot open $D/loop1: Too many levels of symbolic links" safe "$SWAPON" "$D/loop1"
	swapoff_refused "swapoff: $D/loop1: *Too many levels of symbolic links" "$D/loop1"
	refused 1 "swaplabel: $D/loop1: *Too many levels of symbolic links" "$SWAPLABEL" "$D/loop1"
	[ -L "$D/loop1" ] && [ -L "$D/loop2" ]
}

@test "character devices: refused, never written" {
	for c in /dev/null /dev/zero; do
		refused 1 "mkswap: error: $c is neither a block device nor a regular file" "$MKSWAP" "$c"
		refused 1 "mkswap: *$c*" "$MKSWAP" -F -s 1M "$c"
		refused 255 "swapon: *$c*neither a block device nor a regular file" safe "$SWAPON" "$c"
		refused 1 "swaplabel: $c: *" "$SWAPLABEL" -L x "$c"
		[ -c "$c" ]
	done
}

@test "empty files and files smaller than one page or than 10 pages: refused, unchanged" {
	ps=$(getconf PAGESIZE)
	for size in 0 1 1000 $((ps - 1)) "$ps" $((9 * ps)) $((10 * ps - 1)); do
		f=$D/small.$size
		_register file "$f"
		track_swap "$f"
		head -c "$size" /dev/urandom >"$f"
		chmod 600 "$f"
		before=$(sha "$f")
		refused 1 "mkswap: error: swap area needs to be at least $((10 * ps / 1024)) KiB" "$MKSWAP" "$f"
		refused 255 "*swapon: $f: read swap header failed*" safe "$SWAPON" "$f"
		refused 1 "swaplabel: $f: not a valid swap partition" "$SWAPLABEL" -L x "$f"
		[ "$(sha "$f")" = "$before" ]
		[ "$(stat -c %s "$f")" -eq "$size" ]
	done
}

@test "unreadable files: permission denied, unchanged" {
	area a
	before=$(sha "$D/a")
	if [ "$(id -u)" -eq 0 ]; then
		# root reads mode 000 files: fake the refusal instead
		[ -f "$FAILSYS" ] || skip "root needs tests/preload/failsys.so to fake EACCES"
		pre=(env FAILSYS_OPEN_PATH="$D/a" FAILSYS_SWAPON=OK LD_PRELOAD="$FAILSYS")
	else
		chmod 000 "$D/a"
		pre=(env)
	fi
	refused 1 "mkswap: cannot open $D/a: Permission denied" "${pre[@]}" "$MKSWAP" "$D/a"
	refused 255 "swapon: cannot open $D/a: Permission denied" "${pre[@]}" "$SWAPON" "$D/a"
	refused 1 "swaplabel: $D/a: unable to probe device: Permission denied" "${pre[@]}" "$SWAPLABEL" "$D/a"
	refused 1 "swaplabel: $D/a: unable to probe device: Permission denied" "${pre[@]}" "$SWAPLABEL" -L x "$D/a"
	chmod 600 "$D/a"
	[ "$(sha "$D/a")" = "$before" ]
}

# ------------------------------------------------------------- corrupt headers

# corrupt NAME OFFSET BYTES: a copy of a good area with BYTES at OFFSET.
corrupt() {
	area "$1"
	put "$D/$1" "$2" "$3"
}

# swapon on a header the kernel refuses (version, last_page, bad pages):
# compat-swapon.bats compares it with util-linux, explanation included.

@test "corrupt headers: wrong, v0 and missing magic: swapon and swaplabel refuse" {
	ps=$(getconf PAGESIZE)
	corrupt nomagic $((ps - 10)) SWAPSPACE3
	corrupt v0 $((ps - 10)) SWAP-SPACE
	b1=$(sha "$D/nomagic")
	b2=$(sha "$D/v0")
	refused 255 "*swapon: $D/nomagic: read swap header failed*run mkswap*" safe "$SWAPON" "$D/nomagic"
	refused 1 "swaplabel: $D/nomagic: not a valid swap partition" "$SWAPLABEL" -L x "$D/nomagic"
	refused 255 "*swapon: $D/v0: *old swap format (v0)*" safe "$SWAPON" "$D/v0"
	refused 1 "swaplabel: $D/v0: unsupported swap version '0'" "$SWAPLABEL" -L x "$D/v0"
	refused 1 "swaplabel: $D/v0: unsupported swap version '0'" "$SWAPLABEL" -U "$UUID" "$D/v0"
	[ "$(sha "$D/nomagic")" = "$b1" ]
	[ "$(sha "$D/v0")" = "$b2" ]
}

@test "corrupt headers: swaplabel refuses a version other than 1" {
	corrupt v2 1024 '\x02\x00\x00\x00'
	before=$(sha "$D/v2")
	refused 1 "swaplabel: $D/v2: unsupported swap version '2'" "$SWAPLABEL" -L x "$D/v2"
	[ "$(sha "$D/v2")" = "$before" ]
}

# ------------------------------------------------------------- labels, UUIDs

@test "labels: over-long ASCII and non-ASCII labels are cut to 15 bytes with a warning" {
	area a
	run "$MKSWAP" -L 0123456789abcdefXYZ "$D/a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Label was truncated."* ]]
	[ "$(dd if="$D/a" bs=1 skip=1052 count=16 status=none | od -An -c | tr -d ' \n')" = '0123456789abcde\0' ]
	run "$SWAPLABEL" -L 'ABCDEFGHIJKLMNOPQRS' "$D/a"
	[ "$status" -eq 0 ]
	[ "$output" = "swaplabel: label is too long. Truncating it to 'ABCDEFGHIJKLMNO'" ]
	[ "$("$SWAPLABEL" "$D/a" | head -n 1)" = "LABEL: ABCDEFGHIJKLMNO" ]
	# bytes, not characters: 7 two-byte characters and one byte fit
	run "$MKSWAP" -L 'ééééééééé' "$D/a"
	[ "$status" -eq 0 ]
	[ "$(dd if="$D/a" bs=1 skip=1052 count=16 status=none | head -c 15 | wc -c)" -eq 15 ]
	[ "$(dd if="$D/a" bs=1 skip=1067 count=1 status=none | od -An -tx1 | tr -d ' ')" = 00 ]
	# any byte but NUL is kept as it is
	run "$SWAPLABEL" -L $'\xff\xfe\x01\x7fé' "$D/a"
	[ "$status" -eq 0 ]
	[ "$(dd if="$D/a" bs=1 skip=1052 count=7 status=none | od -An -tx1 | tr -d ' \n')" = fffe017fc3a900 ]
}

@test "UUIDs: invalid UUIDs are refused by mkswap, swaplabel, swapon and swapoff" {
	area a
	before=$(sha "$D/a")
	for u in nope '' 4c08e1cd-3c82-46bf-a55b-0c3270d6dfeZ 4c08e1cd-3c82-46bf-a55b-0c3270d6dfe \
		4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb0 4c08e1cd3c8246bfa55b0c3270d6dfeb \
		'{4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb}' $'4c08e1cd-3c82-46bf-a55b-0c3270d6dfe\xc3\xa9'; do
		refused 1 "mkswap: error: parsing UUID failed" "$MKSWAP" -U "$u" "$D/a"
		refused 1 "swaplabel: failed to parse UUID:*" "$SWAPLABEL" -U "$u" "$D/a"
	done
	# util-linux names the bare value of -U (and the whole spec of UUID=)
	refused 255 "swapon: cannot find the device for nope" safe "$SWAPON" -U nope
	refused 255 "swapoff: cannot find the device for nope" "$SWAPOFF" -U nope
	refused 255 "swapon: cannot find the device for UUID=" safe "$SWAPON" UUID=
	[ "$(sha "$D/a")" = "$before" ]
}

# ------------------------------------------------------------- priorities, options

@test "priorities out of range or not numbers: swapon exits 1 before touching anything" {
	area a
	for p in 32768 40000 99999999999999999999 abc 5x '' 0x10 5.0; do
		run --separate-stderr safe "$SWAPON" -p "$p" "$D/a"
		echo "# -p '$p': $status $stderr"
		[ "$status" -eq 1 ]
		# util-linux's words: the reason follows only for a number out of range
		[[ "$stderr" == "swapon: failed to parse priority: '$p'" ||
		   "$stderr" == "swapon: failed to parse priority: '$p': Numerical result out of range" ]]
		run ! is_active "$D/a"
	done
}

@test "--options: odd items are read as util-linux reads them, not refused" {
	area a
	[ -f "$FAILSYS" ] || skip "needs tests/preload/failsys.so to fake swapon(2)"
	for o in pri=abc pri=5x pri= pri discard=bogus discard=o discard=; do
		run --separate-stderr env FAILSYS_SWAPON=OK FAILSYS_LOG="$D/log" LD_PRELOAD="$FAILSYS" \
			"$SWAPON" -o "$o" "$D/a"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
	done
}

@test "malformed fstab lines: reported by line, skipped, exit 0 as util-linux; good lines still run" {
	area a
	[ -f "$FAILSYS" ] || skip "needs tests/preload/failsys.so to fake swapon(2)"
	cat >"$D/fstab" <<-EOF
		# comment
		$D/a
		$D/a none swap pri=abc 0 x
		$D/a none
		lonely
		$D/a none swap sw 0 0
	EOF
	run --separate-stderr env FAILSYS_SWAPON=OK FAILSYS_LOG="$D/log" LD_PRELOAD="$FAILSYS" \
		"$SWAPON" -a -T "$D/fstab"
	echo "$stderr"
	[ "$status" -eq 0 ]
	for l in 2 3 4 5; do
		[[ "$stderr" == *"$D/fstab: parse error at line $l -- ignored"* ]]
	done
	# the one good line was still enabled
	[ "$(grep -c '^swapon ' "$D/log")" -eq 1 ]
}

@test "fstab: missing file or directory of no *.fstab files" {
	refused 1 "swapon: failed to parse $D/none: No such file or directory" safe "$SWAPON" -a -T "$D/none"
	mkdir "$D/fstab.d"
	touch "$D/fstab.d/readme.txt"
	run safe "$SWAPON" -a -T "$D/fstab.d"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "unknown columns for --show are refused with exit 1" {
	# (an empty name, as in NAME,,PRIO, fails silently as in util-linux: compat-swapon.bats)
	for c in FOO NAME,FOO '' 'NAME PRIO' uuid,LABEL,nAmE,bogus; do
		[ "$c" = '' ] && continue
		run --separate-stderr "$SWAPON" --show="$c"
		echo "# --show=$c: $status $stderr"
		[ "$status" -eq 1 ]
		[[ "$stderr" == "swapon: unknown column:"* ]]
		[ -z "$output" ]
	done
	run "$SWAPON" --show=uuid,LABEL,nAmE
	[ "$status" -eq 0 ]
}

# ------------------------------------------------------------- sizes

@test "mkswap: huge, negative and garbage sizes, offsets and page sizes: exit 1, unchanged" {
	area a
	before=$(sha "$D/a")
	refused 1 "mkswap: invalid block count argument: *" "$MKSWAP" "$D/a" 99999999999999999999999
	refused 1 "mkswap: invalid block count argument: *" "$MKSWAP" "$D/a" -- -5
	refused 1 "mkswap: invalid block count argument: *" "$MKSWAP" "$D/a" 12abc
	refused 1 "mkswap: error: size * KiB is larger than device size * KiB" "$MKSWAP" "$D/a" 2048
	refused 1 "mkswap: invalid offset: *" "$MKSWAP" -o -1 "$D/a"
	refused 1 "mkswap: offset larger than file size" "$MKSWAP" -o 99999999999 "$D/a"
	refused 1 "mkswap: Bad user-specified page size *" "$MKSWAP" -p 3000 "$D/a"
	refused 1 "mkswap: Bad user-specified page size *" "$MKSWAP" -p 2147483648 "$D/a"
	refused 1 "mkswap: parsing page size failed*" "$MKSWAP" -p -4096 "$D/a"
	refused 1 "mkswap: swapspace version 2 is not supported" "$MKSWAP" -v 2 "$D/a"
	[ "$(sha "$D/a")" = "$before" ]
}

@test "mkswap -F: negative, garbage and impossible sizes leave no file behind" {
	f=$D/new.swap
	_register file "$f"
	refused 1 "mkswap: invalid size: '-1'" "$MKSWAP" -F -s -1 "$f"
	refused 1 "mkswap: invalid size: 'lots'" "$MKSWAP" -F -s lots "$f"
	refused 1 "mkswap: invalid size: *" "$MKSWAP" -F -s 99999999999999999999999 "$f"
	run "$MKSWAP" -q -F -s 8E "$f"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$f"* ]]
	[ ! -e "$f" ]
	refused 1 "mkswap: error: swap area needs to be at least *" "$MKSWAP" -F -s 4K "$f"
	[ ! -e "$f" ]
}

@test "free: bad numbers for -s and -c exit 1 with a message" {
	for a in "-s -1" "-s 0" "-s abc" "-c 0" "-c -1" "-c 99999999999" "-c x" "--kilo --mega" "-k -m"; do
		run --separate-stderr "$FREE" $a
		echo "# $a: $status $stderr"
		[ "$status" -eq 1 ]
		[[ "$stderr" == "free: "* ]]
		[ -z "$output" ]
	done
}

@test "usage errors: every tool with no or too many operands" {
	refused 1 "mkswap: error: Nowhere to set up swap on?*" "$MKSWAP"
	refused 1 "mkswap: only one device argument is currently supported*" "$MKSWAP" a b c
	refused 1 "swaplabel: no device specified*" "$SWAPLABEL"
	refused 16 "swapoff: bad usage*" "$SWAPOFF"
	refused 1 "swapon: bad usage*" "$SWAPON" -e /x
	refused 1 "free: unexpected argument*" "$FREE" extra
	refused 1 "*Try*--help*" "$SWAPON" --bogus-option
	refused 16 "*Try*--help*" "$SWAPOFF" --bogus-option
}

# ------------------------------------------------------------- issue 17: no hang, no silent skip

# fake_swaps FILE LINE...: a /proc/swaps with its header and LINEs.
fake_swaps() {
	local f=$1
	shift
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' >"$f"
	[ $# -eq 0 ] || printf '%s\n' "$@" >>"$f"
}

@test "/proc/swaps: a malformed line is reported as util-linux does, the others still shown" {
	fake_swaps "$D/swaps" '/dev/zram9                              partition	8	0	-2' \
		'garbage' '/swapfile2                              file		100	0	-3' \
		'/x partition notanumber 0 -2'
	for args in --show -s "--show --raw --noheadings" "--show=NAME,PRIO"; do
		# shellcheck disable=SC2086
		NS_BINDS="$D/swaps:/proc/swaps" in_namespace timeout 10 "$UL_SWAPON" $args \
			>"$D/ul.out" 2>"$D/ul.err"; ul=$?
		# shellcheck disable=SC2086
		NS_BINDS="$D/swaps:/proc/swaps" in_namespace timeout 10 "$SWAPON" $args \
			>"$D/our.out" 2>"$D/our.err"; our=$?
		echo "# swapon $args: $ul/$our"; diff "$D/ul.err" "$D/our.err"; diff "$D/ul.out" "$D/our.out"
		[ "$our" -eq "$ul" ]
		grep -qx 'swapon: /proc/swaps: parse error at line 3 -- ignored' "$D/our.err"
		grep -qx 'swapon: /proc/swaps: parse error at line 5 -- ignored' "$D/our.err"
		grep -q swapfile2 "$D/our.out"
	done
}

@test "/proc/swaps over-mounted by a FIFO or /dev/zero: the tools do not hang" {
	mkfifo "$D/fifo"
	for f in "$D/fifo" /dev/zero; do
		NS_BINDS="$f:/proc/swaps" run -0 in_namespace true
		NS_BINDS="$f:/proc/swaps" run --separate-stderr in_namespace timeout 10 "$SWAPON" --show
		echo "# $f: $status $stderr"
		[ "$status" -ne 124 ]
		[ "$status" -ne 0 ]
		[[ "$stderr" == "swapon: cannot open /proc/swaps: "* ]]
		NS_BINDS="$f:/proc/swaps" run in_namespace timeout 10 "$SWAPON" -s
		[ "$status" -ne 124 ]
		[ "$status" -ne 0 ]
		# swapoff -a goes on to its fstab pass, as util-linux does
		NS_BINDS="$f:/proc/swaps" run in_namespace timeout 10 "$SWAPOFF" -a
		[ "$status" -ne 124 ]
	done
}

# A swap file at the bottom of a tree deeper than PATH_MAX, activated
# through a relative path.  teardown cannot swapoff it by its name.
LONG_DEPTH=20
long_dir() {
	local i
	cd "$D" || return 1
	for i in $(seq "$LONG_DEPTH"); do
		mkdir -p "$(printf 'd%0250d' "$i")" && cd "$(printf 'd%0250d' "$i")" || return 1
	done
}
long_off() {
	[ -d "$D/$(printf 'd%0250d' 1)" ] || return 0
	(long_dir && /sbin/swapoff sw 2>/dev/null)
	return 0
}
teardown() {
	long_off
	swaptools_teardown
}

@test "an active area whose path is over PATH_MAX: no tool fails on it" {
	require_root
	(long_dir && head -c 1M /dev/zero >sw && chmod 600 sw && "$MKSWAP" -q -L deep sw) ||
		skip "cannot build the deep tree"
	if ! (long_dir && timeout 10 "$UL_SWAPON" sw 2>/dev/null); then
		skip "the filesystem of $D does not support swap files"
	fi
	area other
	long=$(awk 'length($1) > 4096 { print $1 }' /proc/swaps)
	[ -n "$long" ]
	# --show and -s list it whole, with the others
	run --separate-stderr timeout 10 "$SWAPON" --show=NAME --noheadings --raw
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "$output" == *"$(printf 'd%0250d' "$LONG_DEPTH")/sw"* ]]
	run --separate-stderr timeout 10 "$SWAPON" -s
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "$output" == *"$(printf 'd%0250d' "$LONG_DEPTH")/sw"* ]]
	# the active-area check of mkswap and swaplabel still finds it
	(long_dir && run timeout 10 "$MKSWAP" sw && echo "# $output" && [ "$status" -eq 1 ] &&
		[[ "$output" == *"active swap area"* ]])
	(long_dir && run timeout 10 "$SWAPLABEL" -L x sw && echo "# $output" && [ "$status" -eq 1 ] &&
		[[ "$output" == *"active swap area"* ]])
	# and works for another area
	run timeout 10 "$SWAPON" "$D/other"
	echo "# swapon other: $status $output"
	[ "$status" -eq 0 ]
	is_active "$D/other"
	run timeout 10 "$SWAPOFF" "$D/other"
	[ "$status" -eq 0 ]
	run ! is_active "$D/other"
	run timeout 10 "$MKSWAP" -q "$D/other"
	[ "$status" -eq 0 ]
	run timeout 10 "$SWAPLABEL" -L y "$D/other"
	[ "$status" -eq 0 ]
	# swapoff -a on a /proc/swaps of the long area and ours: ours goes off
	"$SWAPON" "$D/other"
	fake_swaps "$D/swaps" "$long file 1020 0 -2" "$D/other file 1020 0 -3"
	: >"$D/fstab"
	NS_BINDS="$D/swaps:/proc/swaps" LIBMOUNT_FSTAB=$D/fstab run --separate-stderr \
		in_namespace timeout 10 "$SWAPOFF" -a
	echo "# swapoff -a: $status $stderr"
	[ "$status" -ne 124 ]
	[[ "$stderr" != *"cannot read /proc/swaps"* ]]
	run ! is_active "$D/other"
	(long_dir && /sbin/swapoff sw)
}

@test "an active file over-mounted by a FIFO: --show=LABEL and swapoff -L return at once" {
	require_root
	area a
	/sbin/swapon "$D/a" 2>/dev/null || skip "the filesystem of $D does not support swap files"
	mkfifo "$D/fifo"
	NS_BINDS="$D/fifo:$D/a" run --separate-stderr in_namespace timeout 10 "$SWAPON" --show=NAME,LABEL
	echo "# --show=LABEL: $status $output $stderr"
	[ "$status" -eq 0 ]
	NS_BINDS="$D/fifo:$D/a" run in_namespace timeout 10 "$SWAPOFF" -L no-such-label
	echo "# swapoff -L: $status $output"
	[ "$status" -eq 255 ]
	is_active "$D/a"
}

@test "fstab: /dev/zero, /dev/null, a FIFO or a socket as -T or LIBMOUNT_FSTAB: exit 1 at once" {
	mkfifo "$D/fifo"
	python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$D/sock" ||
		rm -f "$D/sock"
	fake_swaps "$D/swaps"
	for f in /dev/zero /dev/null "$D/fifo" "$D/sock"; do
		[ -e "$f" ] || continue
		# util-linux (2.42 -T, and LIBMOUNT_FSTAB in 2.38): "failed to parse", exit 1
		refused 1 "swapon: $f: not a regular file; give an fstab file or a directory of *.fstab files" \
			timeout 10 "$SWAPON" -a -T "$f"
		NS_BINDS="$D/swaps:/proc/swaps" LIBMOUNT_FSTAB=$f refused 1 "swapon: $f: not a regular file*" \
			in_namespace timeout 10 "$SWAPON" -a
		# swapoff -a ignores an fstab it cannot read, as util-linux: exit 0
		NS_BINDS="$D/swaps:/proc/swaps" LIBMOUNT_FSTAB=$f run in_namespace timeout 10 "$SWAPOFF" -a
		echo "# swapoff -a with $f: $status $output"
		[ "$status" -eq 0 ]
		NS_BINDS="$D/swaps:/proc/swaps" LIBMOUNT_FSTAB=$f run in_namespace timeout 10 "$UL_SWAPOFF" -a
		[ "$status" -eq 0 ]
	done
}

@test "fstab: a huge file is read only up to 16 MiB, in bounded memory" {
	truncate -s 8G "$D/huge" 2>/dev/null || skip "no sparse files here"
	printf '%s none swap sw 0 0\n' "$D/no-such" >"$D/fstab"
	truncate -s 20M "$D/fstab"	# a real line, then NULs
	for f in "$D/huge" "$D/fstab"; do
		memory_cap 300000
		run --separate-stderr timeout 10 "${MEMORY_CAP[@]}" "$SWAPON" -a -T "$f"
		echo "# $f: $status $stderr"
		[ "$status" -eq 1 ]
		[[ "$stderr" == *"$f: over 16 MiB, too large for an fstab; give the fstab file itself" ]]
	done
}

# ------------------------------------------------------------- JSON whatever the bytes

# json_ok FILE: FILE is valid JSON for two strict parsers.
json_ok() {
	jq . "$1" >/dev/null && python3 -c 'import json,sys; json.load(open(sys.argv[1], "rb"))' "$1"
}

@test "swapon --json: names and labels with invalid UTF-8, quotes, backslashes, controls stay valid JSON" {
	require_cmd jq
	require_cmd python3
	name=$D/$'bad\xff\xfename'
	head -c 1M /dev/zero >"$name"
	track_file "$name"
	"$MKSWAP" -q -L $'\xff\xfe\xc3' "$name" 2>/dev/null
	head -c 1M /dev/zero >"$D/q"
	"$MKSWAP" -q -L $'a"b\\c\x01\x7f' "$D/q" 2>/dev/null
	head -c 1M /dev/zero >"$D/u"
	"$MKSWAP" -q -L $'caf\xc3\xa9' "$D/u" 2>/dev/null
	esc=$(printf '%s' "$name" | sed 's/ /\\040/g')
	fake_swaps "$D/swaps" "$esc file 1020 0 -2" "$D/q file 1020 0 -3" "$D/u file 1020 0 -4"
	for cols in "" "--output-all" "--show=NAME,LABEL,UUID,TYPE"; do
		# shellcheck disable=SC2086
		NS_BINDS="$D/swaps:/proc/swaps" in_namespace timeout 10 "$SWAPON" --show --json $cols \
			>"$D/out.json"
		cat "$D/out.json"
		json_ok "$D/out.json"
	done
	NS_BINDS="$D/swaps:/proc/swaps" in_namespace "$SWAPON" --show=NAME,LABEL --json >"$D/out.json"
	# invalid bytes become the text \xNN; valid UTF-8 and the rest are kept
	[ "$(jq -r '.swapdevices[0].name' "$D/out.json")" = "$D/bad\\xff\\xfename" ]
	[ "$(jq -r '.swapdevices[0].label' "$D/out.json")" = '\xff\xfe\xc3' ]
	[ "$(jq -r '.swapdevices[1].label' "$D/out.json")" = $'a"b\\c\x01\x7f' ]
	[ "$(jq -r '.swapdevices[2].label' "$D/out.json")" = $'caf\xc3\xa9' ]
}

@test "free --json: valid JSON for every meminfo fixture, odd values included" {
	require_cmd jq
	require_cmd python3
	local n=0 m args
	for m in "$TESTDATA"/meminfo/* "$TESTDATA"/proc/meminfo-*; do
		[ -f "$m" ] || continue
		for args in "" "-w -t -l -v"; do
			n=$((n + 1))
			# shellcheck disable=SC2086
			NS_BINDS="$m:/proc/meminfo" in_namespace timeout 10 "$FREE" --json $args \
				>"$D/out$n.json" 2>/dev/null || rm -f "$D/out$n.json"
		done
	done
	[ "$(ls "$D"/out*.json | wc -l)" -gt 10 ]
	for f in "$D"/out*.json; do
		jq . "$f" >/dev/null || { cat "$f"; false; }
	done
	python3 -c 'import json,sys; [json.load(open(f, "rb")) for f in sys.argv[1:]]' "$D"/out*.json
}

# ------------------------------------------------------------- operands that are not files

# These need swap_area_open() in each tool (branches mkswap, swapon, freeoff).
@test "a FIFO or a socket as an operand: every tool refuses at once" {
	mkfifo "$D/fifo"
	python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$D/sock" ||
		rm -f "$D/sock"
	for f in "$D/fifo" "$D/sock"; do
		[ -e "$f" ] || continue
		for cmd in "$MKSWAP" "$MKSWAP -F -s 1M" "safe $SWAPON" "$SWAPLABEL" "$SWAPLABEL -L x" \
			"$SWAPOFF"; do
			# shellcheck disable=SC2086
			run --separate-stderr timeout 10 $cmd "$f"
			echo "# $cmd $f: $status $stderr"
			[ "$status" -ne 124 ]
			[ "$status" -ne 0 ]
			[ -n "$stderr" ]
		done
		[ -p "$f" ] || [ -S "$f" ]
	done
}
