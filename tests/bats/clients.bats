#!/usr/bin/env bats
# Real callers of swapon/swapoff, with their exact command lines: systemd,
# Debian and OpenRC init scripts, cloud-init.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
load helpers/areas
bats_require_minimum_version 1.5.0

setup() {
	require_root
	scratch_dir >/dev/null
}

# The name /proc/swaps gives AREA.  An area activated inside another mount
# namespace is shown relative to its mount there (/dev/loop3 as "/loop3"),
# so a block device also matches by its name under /dev.
swaps_name() {
	local real alt
	real=$(readlink -f "$1")
	alt=$real
	[ -b "$real" ] && alt=${real#/dev}
	awk -v a="$real" -v b="$alt" 'NR > 1 && ($1 == a || $1 == b) { print $1 }' /proc/swaps
}

prio_of() {
	local name
	name=$(swaps_name "$1" | head -n1)
	awk -v n="$name" 'NR > 1 && $1 == n { print $5 }' /proc/swaps
}

# with_fstab CMD...: CMD with $SCRATCH/fstab bind-mounted over /etc/fstab
# in a private mount namespace (the machine's fstab is never read).
with_fstab() {
	NS_BINDS="$SCRATCH/fstab:/etc/fstab" in_namespace "$@"
}

@test "systemd swap unit on a file: swapon --fixpgsz -o pri=5,discard; swapoff" {
	new_file "sd.swap"
	run "$SWAPON" --fixpgsz -o pri=5,discard "$AREA"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(prio_of "$AREA")" = 5 ]
	run "$SWAPOFF" "$AREA"
	[ "$status" -eq 0 ]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "systemd swap unit on a device formatted for 64 KiB pages" {
	[ "$(getconf PAGESIZE)" -ne 65536 ] || skip "needs a page size other than 64 KiB"
	new_loop "sd64" 40M -p 65536 -L sdlabel
	run "$SWAPON" --fixpgsz -o pri=5,discard "$AREA"
	[ "$status" -eq 0 ]
	[ "$(prio_of "$AREA")" = 5 ]
	[ "$("$UL_SWAPON" --show=NAME,LABEL --raw --noheadings | grep -F "$AREA ")" = "$AREA sdlabel" ]
	run "$SWAPOFF" "$AREA"
	[ "$status" -eq 0 ]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "Debian / OpenRC init: swapon -a -e, then swapoff -a" {
	new_file "deb1.swap"; d1=$AREA
	new_loop "deb2"; d2=$AREA
	uuid=$(blkid -o value -s UUID "$d2")
	cat >"$SCRATCH/fstab" <<-EOF
	# <file system> <mount point> <type> <options> <dump> <pass>
	$d1 none swap sw 0 0
	UUID=$uuid none swap sw,pri=2 0 0
	/nonexistent/swt-gone.swap none swap sw 0 0
	EOF
	# One namespace for the whole boot-to-shutdown sequence: /proc/swaps
	# names areas relative to the mount namespace that reads it.
	run with_fstab sh -c '
		SWAPON=$1 SWAPOFF=$2 d1=$3 d2=$4 out=$5
		"$SWAPON" -a -e 2>"$out/err1"; echo $? >"$out/rc1"
		cat /proc/swaps >"$out/swaps1"
		"$SWAPON" -a -e 2>"$out/err2"; echo $? >"$out/rc2"
		cat /proc/swaps >"$out/swaps2"
		# swapoff -a acts on the live kernel list: only when it holds
		# nothing but this test'"'"'s areas.
		others=$(awk "NR > 1 { print \$1 }" /proc/swaps | grep -vxF -e "$d1" -e "$d2")
		if [ -n "$others" ]; then echo "$others" >"$out/others"; exit 0; fi
		"$SWAPOFF" -a 2>"$out/err3"; echo $? >"$out/rc3"
		cat /proc/swaps >"$out/swaps3"
	' sh "$SWAPON" "$SWAPOFF" "$d1" "$d2" "$SCRATCH"
	[ "$status" -eq 0 ]
	cat "$SCRATCH"/err*
	[ "$(cat "$SCRATCH/rc1")" -eq 0 ]
	[ ! -s "$SCRATCH/err1" ]
	grep -q "^$d1 .*file" "$SCRATCH/swaps1"
	grep -q "^$d2 .*partition.*[[:space:]]2$" "$SCRATCH/swaps1"
	# boot scripts may run twice
	[ "$(cat "$SCRATCH/rc2")" -eq 0 ]
	[ "$(grep -c "^$d2 " "$SCRATCH/swaps2")" -eq 1 ]
	[ ! -e "$SCRATCH/others" ] || skip "swapoff -a would touch areas this test did not create: $(cat "$SCRATCH/others")"
	[ "$(cat "$SCRATCH/rc3")" -eq 0 ]
	[ "$(wc -l <"$SCRATCH/swaps3")" -eq 1 ]
	[ "$(active_count "$d1")" -eq 0 ]
	[ "$(active_count "$d2")" -eq 0 ]
}

@test "cloud-init: fallocate, chmod 600, mkswap, fstab line, swapon -a" {
	file="$SCRATCH/swap.img"
	track_file "$file"
	track_swap "$file"
	fallocate -l 64M "$file"
	chmod 600 "$file"
	area_mkswap "$file"
	echo "$file none swap sw 0 0" >"$SCRATCH/fstab"
	run "$SWAPON" -a -T "$SCRATCH/fstab"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(active_count "$file")" -eq 1 ]
	[ "$("$SWAPON" --show=NAME,SIZE --raw --noheadings | grep -F "$file ")" = "$file 64M" ]
}
