#!/usr/bin/env bats
# swapoff: specs, --all, exit codes (util-linux's 0/2/4/8/16/32/64), progress.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
load helpers/areas
bats_require_minimum_version 1.5.0

# ---------------------------------------------------------------- helpers

setup() {
	scratch_dir >/dev/null
}

teardown() {
	local a
	swaptools_teardown
	if [ -n "${CGROUP:-}" ]; then
		[ -n "${HOG:-}" ] && kill "$HOG" 2>/dev/null && wait "$HOG" 2>/dev/null
		rmdir "$CGROUP" 2>/dev/null || true
		CGROUP= HOG=
	fi
}

# A fake /proc/swaps listing the given areas (and nothing of the machine's).
fake_swaps() {
	local a
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' >"$SCRATCH/swaps"
	for a in "$@"; do
		printf '%-39s %s\t\t40956\t\t0\t\t-2\n' "$a" file >>"$SCRATCH/swaps"
	done
}

# ns_run CMD...: CMD in a private mount namespace with the fake /proc/swaps
# and the fake /etc/fstab of this test bind-mounted in place.
ns_run() {
	NS_BINDS="$SCRATCH/swaps:/proc/swaps $SCRATCH/fstab:/etc/fstab" in_namespace "$@"
}

# preload NAME C-SOURCE: build an LD_PRELOAD library in the scratch dir.
preload() {
	require_cmd cc
	printf '%s\n' "$2" >"$SCRATCH/$1.c"
	cc -shared -fPIC -o "$SCRATCH/$1.so" "$SCRATCH/$1.c" -ldl || skip "cannot build a preload library"
}

# ---------------------------------------------------------------- usage

@test "--help lists every option in util-linux's layout" {
	run "$SWAPOFF" --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Usage:" ]
	[[ "$output" == *"Options:"* ]]
	[[ "$output" == *"For more details see swapoff(8)." ]]
	for o in -a --all -v --verbose -h --help -V --version -L -U LABEL= UUID=; do
		[[ "$output" == *" $o"* ]] || { echo "missing $o"; false; }
	done
}

@test "the man page and the bash completion know every option" {
	src=${top_srcdir:-$BATS_TEST_DIRNAME/../..}
	man=$(sed 's/\\-/-/g; s/\\f[BIR]//g' "$src/man/swapoff.8")
	for o in -a --all -v --verbose -h --help -V --version -L -U; do
		grep -qe "$o" <<<"$man" || { echo "man page lacks $o"; false; }
		grep -qwe "$o" "$src/bash-completion/swapoff" || { echo "completion lacks $o"; false; }
	done
}

@test "--version" {
	run "$SWAPOFF" --version
	[ "$status" -eq 0 ]
	[[ "$output" == "swapoff from swaptools "* ]]
}

@test "usage errors exit 16" {
	run "$SWAPOFF"
	[ "$status" -eq 16 ]
	[ "${lines[0]}" = "swapoff: bad usage" ]
	[ "${lines[1]}" = "Try 'swapoff --help' for more information." ]
	run "$SWAPOFF" --no-such-option
	[ "$status" -eq 16 ]
}

# ---------------------------------------------------------------- single areas

@test "an active file goes off; -v prints 'swapoff PATH' on stdout" {
	require_root
	new_file "a.swap"
	"$SWAPON" "$AREA"
	run --separate-stderr "$SWAPOFF" -v "$AREA"
	[ "$status" -eq 0 ]
	[ "$output" = "swapoff $AREA" ]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "inactive or missing areas exit 4, as util-linux" {
	require_root
	new_file "idle.swap"
	run "$SWAPOFF" "$AREA"
	[ "$status" -eq 4 ]
	[[ "$output" == *"$AREA: swapoff failed: Invalid argument"* ]]
	run "$UL_SWAPOFF" "$AREA"
	[ "$status" -eq 4 ]
	run "$SWAPOFF" /nonexistent/swt.swap
	[ "$status" -eq 4 ]
	[[ "$output" == *"swapoff failed: No such file or directory"* ]]
}

@test "codes are OR-ed over operands and every operand is tried" {
	require_root
	new_file "on.swap"; on=$AREA
	new_file "off.swap"; off=$AREA
	"$SWAPON" "$on"
	run "$SWAPOFF" "$off" "$on"
	[ "$status" -eq 4 ]
	[ "$(active_count "$on")" -eq 0 ]
}

@test "LABEL= and UUID= of swap files are found through /proc/swaps" {
	require_root
	uuid=3b0e6a52-7f4c-4d31-8c2b-9a1d0e5f7a11
	new_file "l.swap" 40M -L swtfilelbl -U "$uuid"
	for spec in "LABEL=swtfilelbl" "-L swtfilelbl" "UUID=$uuid" "-U $uuid"; do
		"$SWAPON" "$AREA"
		run "$SWAPOFF" $spec
		[ "$status" -eq 0 ] || { echo "swapoff $spec: $output"; false; }
		[ "$(active_count "$AREA")" -eq 0 ]
	done
}

@test "LABEL= of a block device is found through libblkid" {
	require_root
	new_loop "lb" 40M -L swtlooplbl
	"$SWAPON" "$AREA"
	run "$SWAPOFF" -L swtlooplbl
	[ "$status" -eq 0 ]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "-v names an operand as given and a -L area by its path; -L misses name the value (review regression)" {
	require_root
	new_loop "vl" 40M -L swtvlabel
	"$SWAPON" "$AREA"
	run --separate-stderr "$SWAPOFF" -v LABEL=swtvlabel
	[ "$status" -eq 0 ]
	[ "$output" = "swapoff LABEL=swtvlabel" ]
	"$SWAPON" "$AREA"
	run --separate-stderr "$SWAPOFF" -v -L swtvlabel
	[ "$status" -eq 0 ]
	[ "$output" = "swapoff $AREA" ]
	run --separate-stderr "$SWAPOFF" -v LABEL=swt-no-such-label
	[ "$status" -eq 4 ]
	[ "$output" = "swapoff LABEL=swt-no-such-label" ]
	[ "$stderr" = "swapoff: cannot find the device for LABEL=swt-no-such-label" ]
	run --separate-stderr "$SWAPOFF" -v -L swt-no-such-label
	[ "$status" -eq 4 ]
	[ -z "$output" ]
	[ "$stderr" = "swapoff: cannot find the device for swt-no-such-label" ]
}

@test "-a -v names the fstab entries as fstab writes them (review regression)" {
	require_root
	new_loop "fv" 40M -L swtfvlabel
	fake_swaps
	printf 'LABEL=swtfvlabel none swap sw 0 0\nLABEL=swt-missing none swap nofail 0 0\n' \
		>"$SCRATCH/fstab"
	run --separate-stderr ns_run "$SWAPOFF" -a -v
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'swapoff LABEL=swtfvlabel\nswapoff LABEL=swt-missing')" ]
}

@test "an unknown label: 'cannot find the device', exit 4" {
	run "$SWAPOFF" LABEL=swt-no-such-label
	[ "$status" -eq 4 ]
	[[ "$output" == *"cannot find the device for LABEL=swt-no-such-label"* ]]
}

@test "not root: 'Not superuser.', exit 16" {
	require_root
	require_cmd setpriv
	new_file "np.swap"
	"$SWAPON" "$AREA"
	"$SWAPOFF" --version >/dev/null	# the libtool wrapper settles as root
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$SWAPOFF" "$AREA"
	[ "$status" -eq 16 ]
	[[ "$output" == *"Not superuser."* ]]
	[ "$(active_count "$AREA")" -eq 1 ]
}

@test "ENOMEM from swapoff(2) exits 2 and says what to do" {
	require_root
	new_file "nomem.swap"
	"$SWAPON" "$AREA"
	preload enomem '#include <errno.h>
int swapoff(const char *path) { (void)path; errno = ENOMEM; return -1; }'
	run env LD_PRELOAD="$SCRATCH/enomem.so" "$SWAPOFF" "$AREA"
	[ "$status" -eq 2 ]
	[[ "$output" == *"$AREA: swapoff failed: Cannot allocate memory"* ]]
	[[ "$output" == *"free memory"* ]]
	[ "$(active_count "$AREA")" -eq 1 ]
}

@test "-a: a /proc/swaps that cannot be read exits 8" {
	preload noswaps '#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
static FILE *pick(const char *sym, const char *p, const char *m)
{
	FILE *(*real)(const char *, const char *) = (FILE *(*)(const char *, const char *))dlsym(RTLD_NEXT, sym);
	if (strcmp(p, "/proc/swaps") == 0) { errno = EACCES; return NULL; }
	return real(p, m);
}
FILE *fopen(const char *p, const char *m) { return pick("fopen", p, m); }
FILE *fopen64(const char *p, const char *m) { return pick("fopen64", p, m); }
static int pick_open(const char *sym, const char *p, int f, va_list a)
{
	int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, sym);
	int m = (f & O_CREAT) ? va_arg(a, int) : 0;
	if (strcmp(p, "/proc/swaps") == 0) { errno = EACCES; return -1; }
	return real(p, f, m);
}
int open(const char *p, int f, ...) { va_list a; va_start(a, f); int r = pick_open("open", p, f, a); va_end(a); return r; }
int open64(const char *p, int f, ...) { va_list a; va_start(a, f); int r = pick_open("open64", p, f, a); va_end(a); return r; }'
	# Should the shim not take, a fake /proc/swaps and fstab keep swapoff -a
	# away from the machine's areas.
	fake_swaps "$SCRATCH/not-active.swap"
	: >"$SCRATCH/fstab"
	if [ "$(id -u)" -eq 0 ]; then
		run ns_run env LD_PRELOAD="$SCRATCH/noswaps.so" "$SWAPOFF" -a
	else
		run env LD_PRELOAD="$SCRATCH/noswaps.so" "$SWAPOFF" -a
	fi
	[ "$status" -eq 8 ]
	[[ "$output" == *"/proc/swaps"* ]]
}

# ---------------------------------------------------------------- --all

@test "-a swaps off every area of /proc/swaps, last first (fake /proc/swaps)" {
	require_root
	new_file "a1.swap"; a1=$AREA
	new_loop "a2"; a2=$AREA
	"$SWAPON" "$a1"
	"$SWAPON" "$a2"
	fake_swaps "$a1" "$a2"
	: >"$SCRATCH/fstab"
	run --separate-stderr ns_run "$SWAPOFF" -a -v
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'swapoff %s\nswapoff %s' "$a2" "$a1")" ]
	[ "$(active_count "$a1")" -eq 0 ]
	[ "$(active_count "$a2")" -eq 0 ]
}

@test "-a: 64 when some fail, 32 when all fail, failures quiet" {
	require_root
	new_file "s1.swap"; s1=$AREA
	"$SWAPON" "$s1"
	fake_swaps "$s1" "$SCRATCH/not-active.swap"
	: >"$SCRATCH/fstab"
	run ns_run "$SWAPOFF" -a
	[ "$status" -eq 64 ]
	[ -z "$output" ]
	[ "$(active_count "$s1")" -eq 0 ]
	fake_swaps "$SCRATCH/not-active.swap" "$s1"
	run ns_run "$SWAPOFF" -a
	[ "$status" -eq 32 ]
	[ -z "$output" ]
}

@test "-a then fstab: active entries go off, unknown tags are reported unless nofail" {
	require_root
	new_loop "fs1" 40M -L swtfstablbl; fs1=$AREA
	"$SWAPON" "$fs1"
	fake_swaps
	printf 'LABEL=swtfstablbl none swap sw 0 0\nLABEL=swt-missing none swap sw 0 0\nLABEL=swt-missing2 none swap nofail 0 0\n' \
		>"$SCRATCH/fstab"
	run ns_run "$SWAPOFF" -a
	[ "$status" -eq 0 ]
	[[ "$output" == *"cannot find the device for LABEL=swt-missing"* ]]
	[[ "$output" != *"swt-missing2"* ]]
	[ "$(active_count "$fs1")" -eq 0 ]
}

# ---------------------------------------------------------------- progress

@test "-v on a terminal shows the used size going down" {
	require_root
	require_cmd script
	[ -d /sys/fs/cgroup/memory ] || skip "no cgroup v1 memory controller to force pages out"
	require_cmd python3
	new_file "prog.swap" 256M
	"$SWAPON" -p 32767 "$AREA"
	CGROUP=/sys/fs/cgroup/memory/swaptools-test.$$
	mkdir "$CGROUP" || skip "cannot create a memory cgroup"
	echo 64M >"$CGROUP/memory.limit_in_bytes" || skip "cannot limit the cgroup"
	sh -c 'echo $$ >"$1/cgroup.procs"; exec python3 -c "
import os, time
b = bytearray(os.urandom(1 << 20) * 192)
open(\"$2/ready\", \"w\").close()
time.sleep(600)"' sh "$CGROUP" "$SCRATCH" &
	HOG=$!
	for i in $(seq 100); do [ -e "$SCRATCH/ready" ] && break; sleep 0.2; done
	used=$(awk -v n="$AREA" 'NR > 1 && $1 == n { print $4 }' /proc/swaps)
	[ "${used:-0}" -gt 65536 ] || skip "nothing was swapped out (used ${used:-0} KiB)"
	run script -qec "$SWAPOFF -v $AREA" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"swapoff $AREA"* ]]
	[ "$(active_count "$AREA")" -eq 0 ]
	if [[ "$output" != *"still in use"* ]]; then
		skip "swapoff finished before the first progress line"
	fi
	[[ "$output" == *"$AREA: done"* ]]
}

@test "-v on a terminal: progress lines while a slow swapoff(2) runs" {
	require_root
	require_cmd script
	new_file "slow.swap"
	"$SWAPON" "$AREA"
	preload slow '#define _GNU_SOURCE
#include <dlfcn.h>
#include <unistd.h>
int swapoff(const char *path)
{
	int (*real)(const char *) = (int (*)(const char *))dlsym(RTLD_NEXT, "swapoff");
	sleep(1);
	return real(path);
}'
	run script -qec "env LD_PRELOAD=$SCRATCH/slow.so $SWAPOFF -v $AREA" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"swapoff $AREA"* ]]
	[[ "$output" == *"swapoff: $AREA: 0B of 40M still in use"* ]]
	[[ "$output" == *"swapoff: $AREA: done"* ]]
	[ "$(active_count "$AREA")" -eq 0 ]
}

@test "-v without a terminal prints no progress line" {
	require_root
	new_file "noprog.swap"
	"$SWAPON" "$AREA"
	run "$SWAPOFF" -v "$AREA"
	[ "$status" -eq 0 ]
	[ "$output" = "swapoff $AREA" ]
}
