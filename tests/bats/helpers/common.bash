# Shared helpers for the swaptools bats tests.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Tools under test come from $SWAPTOOLS_BIN (the build tree; make check sets
# it) or, when SWAPTOOLS_BIN is unset, from PATH.  Set MKSWAP=/sbin/mkswap etc.
# to run the same tests against another implementation.
#
# Every area a test creates is registered with track_*; teardown undoes them
# in order (swapoff, losetup -d, rm), whatever the test did.

: "${SWAPTOOLS_BIN:=}"
tool() {
	# tool NAME -> path of our NAME
	if [ -n "$SWAPTOOLS_BIN" ]; then
		echo "$SWAPTOOLS_BIN/$1/$1"
	else
		command -v "$1"
	fi
}
MKSWAP=${MKSWAP:-$(tool mkswap)}
SWAPON=${SWAPON:-$(tool swapon)}
SWAPOFF=${SWAPOFF:-$(tool swapoff)}
SWAPLABEL=${SWAPLABEL:-$(tool swaplabel)}
FREE=${FREE:-$(tool free)}

# The reference implementations installed on the machine.
UL_MKSWAP=/sbin/mkswap
UL_SWAPON=/sbin/swapon
UL_SWAPOFF=/sbin/swapoff
UL_SWAPLABEL=/sbin/swaplabel
PP_FREE=/usr/bin/free

# Everything a test creates is written to a registry file, so helpers called
# in a command substitution ($(make_loop f), $(scratch_dir)) are tracked too:
# a subshell cannot change the caller's variables, but it can append to a file.
_registry() {
	echo "${BATS_TEST_TMPDIR:-${BATS_TMPDIR:-/tmp}}/.swaptools-registry"
}

_register() {
	# _register KIND PATH  (KIND: swap, loop, file)
	printf '%s %s\n' "$1" "$2" >>"$(_registry)"
}

_registered() {
	# _registered KIND: the paths of that kind, one per line
	local reg
	reg=$(_registry)
	[ -f "$reg" ] || return 0
	awk -v k="$1" '$1 == k { sub(/^[^ ]+ /, ""); print }' "$reg"
}

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (real swapon/losetup)"
}

require_cmd() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed"
}

# scratch_dir: this test's private directory (the same one on every call,
# also from a subshell), removed in teardown.
scratch_dir() {
	local d="${BATS_TEST_TMPDIR:-${BATS_TMPDIR:-/tmp}}/scratch"
	if [ ! -d "$d" ]; then
		mkdir -p "$d"
		_register file "$d"
	fi
	SCRATCH=$d
	echo "$d"
}

# make_file PATH SIZE: a fully allocated file (no holes), mode 0600.
make_file() {
	_register file "$1"
	rm -f "$1"
	fallocate -l "$2" "$1" 2>/dev/null ||
		dd if=/dev/zero of="$1" bs=1M count=$(( $(numfmt --from=iec "$2") / 1048576 )) status=none
	chmod 600 "$1"
}

# make_loop FILE [LOSETUP-OPTIONS...]: attach FILE to a new loop device,
# print its path (-P: the kernel scans partitions and drops them at detach).
make_loop() {
	local dev file=$1
	shift
	dev=$(losetup --find --show "$@" "$file") || return 1
	_register loop "$dev"
	echo "$dev"
}

# track_file PATH: remove PATH (file or directory) in teardown.
track_file() {
	_register file "$1"
}

# The suite's own registry: the run directory of every bats file (where the
# helpers create everything), and what a test creates elsewhere (e.g.
# /tmp/swaptools-install.*), one "PATH<TAB>BATS_RUN_TMPDIR" a line, kept in
# the build tree across the bats files of one make check.
# zz-leftovers.bats reports what of it is left, and nothing else of /tmp:
# a /tmp/swaptools-0.1.0 unpacked from the tarball, or another checkout's
# bats run, is not ours.
suite_registry() {
	echo "${top_builddir:-${BATS_RUN_TMPDIR:-/tmp}}/tests/bats/suite-registry"
}

# suite_track PATH...: note PATHs in the suite's registry (the test or file
# still removes them itself, e.g. with track_file).
suite_track() {
	local reg p
	reg=$(suite_registry)
	mkdir -p "${reg%/*}"
	for p in "$@"; do
		printf '%s\t%s\n' "$p" "${BATS_RUN_TMPDIR:-}" >>"$reg"
	done
}

# runnable_as UID TOOL: a path that user UID can run TOOL by.  TOOL itself
# when UID can reach it; else (a clone in a home directory of mode 0700, or
# in mktemp -d) a copy of the real program and the build's libswap in a new
# directory anyone can enter, started by a small script there that sets
# LD_LIBRARY_PATH.  The copy goes in teardown.
runnable_as() {
	local uid=$1 bin=$2 real lib d
	if setpriv --reuid="$uid" --regid="$uid" --clear-groups test -x "$bin" 2>/dev/null &&
		setpriv --reuid="$uid" --regid="$uid" --clear-groups test -r "$bin" 2>/dev/null; then
		echo "$bin"
		return 0
	fi
	real=$bin
	# a libtool wrapper script: the program is in .libs next to it
	if [ "$(head -c4 "$bin")" != $'\x7fELF' ] && [ -x "${bin%/*}/.libs/${bin##*/}" ]; then
		real=${bin%/*}/.libs/${bin##*/}
	fi
	d=$(mktemp -d /tmp/swaptools-runnable.XXXXXX) || return 1
	track_file "$d"
	suite_track "$d"
	chmod 755 "$d"
	cp "$real" "$d/${bin##*/}.bin"
	for lib in "${top_builddir:-/nonexistent}"/lib/.libs/libswap.so.*; do
		[ -e "$lib" ] && cp -L "$lib" "$d/"
	done
	printf '#!/bin/sh\nLD_LIBRARY_PATH=%s${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} exec %s "$@"\n' \
		"$d" "$d/${bin##*/}.bin" >"$d/${bin##*/}"
	chmod 755 "$d"/*
	echo "$d/${bin##*/}"
}

# this bats run, once
if [ -n "${BATS_RUN_TMPDIR:-}" ] &&
	! grep -qsxF "$BATS_RUN_TMPDIR	$BATS_RUN_TMPDIR" "$(suite_registry)"; then
	suite_track "$BATS_RUN_TMPDIR"
fi

# track_swap AREA: remember an area that may get activated.
track_swap() {
	_register swap "$1"
}

# active_count AREA: how many /proc/swaps lines name AREA (names there
# escape blanks as \040: printf %b decodes that form).  A block device also
# matches by its name under /dev: an area enabled in another mount
# namespace with its own /dev is listed that way (/dev/loop3 as "/loop3").
active_count() {
	local real alt name n=0
	real=$(readlink -f "$1")
	alt=$real
	[ -b "$real" ] && alt=${real#/dev}
	while read -r name _; do
		name=$(printf '%b' "$name")
		if [ "$name" = "$real" ] || [ "$name" = "$alt" ]; then
			n=$((n + 1))
		fi
	done < <(tail -n +2 /proc/swaps)
	echo "$n"
}

# is_active AREA: true when /proc/swaps lists AREA.
is_active() {
	[ "$(active_count "$1")" -gt 0 ]
}

# strace is helpers/bin/strace, also when timeout, unshare or script start
# it: that wrapper turns LeakSanitizer off, which cannot run under ptrace.
PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")/bin" && pwd):$PATH"

# The fault-injection libraries make check builds (tests/preload/).
FAILIO=${top_builddir:-.}/tests/preload/.libs/failio.so
FAILSYS=${top_builddir:-.}/tests/preload/.libs/failsys.so
FAKESELINUX=${top_builddir:-.}/tests/preload/.libs/fakeselinux.so

# memory_cap KIB: sets MEMORY_CAP to the words that, put before a
# command, run it with its memory capped at KIB (usable inside env,
# timeout or a namespace).  An ASan build reserves terabytes of shadow
# memory at start, which no ulimit -v allows: there the sanitizer's own
# cap on any one allocation stands in.
memory_cap() {
	if [ "${SWAPTOOLS_SANITIZERS:-no}" = yes ]; then
		MEMORY_CAP=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_allocation_size_mb=$(($1 / 1024)):allocator_may_return_null=1")
	else
		MEMORY_CAP=(sh -c "ulimit -v $1 && exec \"\$@\"" sh)
	fi
}

sha() {
	sha256sum "$1" | cut -d' ' -f1
}

# swaptools_teardown: swapoff, losetup -d, rm, in that order, for everything
# registered, whatever state the test left it in.
swaptools_teardown() {
	local a
	# swapoff by path whether or not /proc/swaps seems to list it: names
	# there are escaped (\040), so a lookup could miss an active area.
	while IFS= read -r a; do
		[ -n "$a" ] && [ -e "$a" ] && /sbin/swapoff "$a" 2>/dev/null
	done < <(_registered swap; _registered loop; _registered file)
	# Partitions added with partx outlive losetup -d, and libblkid then
	# skips the whole loop device in its scans: delete them first.
	while IFS= read -r a; do
		[ -n "$a" ] || continue
		partx -d "$a" 2>/dev/null
		losetup -d "$a" 2>/dev/null
	done < <(_registered loop)
	while IFS= read -r a; do
		[ -n "$a" ] && rm -rf "$a"
	done < <(_registered file)
	rm -f "$(_registry)"
	return 0
}

teardown() {
	swaptools_teardown
}

# require_mount_ns: skip unless in_namespace works here (root, or a normal
# user with unprivileged user namespaces).
require_mount_ns() {
	in_namespace true 2>/dev/null ||
		skip "no private mount namespace (needs root or unprivileged unshare -rm)"
}

# in_namespace CMD...: run CMD in a private mount namespace, after the
# bind mounts listed in NS_BINDS ("src:dst" pairs).  Nothing leaks out.
# A normal user gets a user namespace too (unshare -rm), where it is root
# enough to bind-mount; exit 99 means a bind mount failed.
in_namespace() {
	local binds="${NS_BINDS:-}" flags=-m
	[ "$(id -u)" -eq 0 ] || flags=-rm
	unshare "$flags" sh -c '
		binds=$1; shift
		for b in $binds; do
			mount --bind "${b%%:*}" "${b#*:}" || exit 99
		done
		exec "$@"
	' sh "$binds" "$@"
}

# live_pair REF OURS ARGS...: stdout and stderr of the reference tool and of ours on
# the live /proc/swaps, into $theirs and $ours (exit statuses into
# $theirs_rc and $ours_rc).  The kernel may page something out between the
# two runs (the machine is shared), which changes the Used figures: the
# pair is run again, up to five times, while /proc/swaps was not the same
# before and after it, so a real difference still shows.
live_pair() {
	local ref=$1 mine=$2 try before after
	shift 2
	for try in 1 2 3 4 5; do
		before=$(cat /proc/swaps)
		theirs_rc=0 ours_rc=0
		theirs=$("$ref" "$@" 2>&1) || theirs_rc=$?
		ours=$("$mine" "$@" 2>&1) || ours_rc=$?
		after=$(cat /proc/swaps)
		[ "$before" != "$after" ] || return 0
	done
}

# pair_run DIR REF OURS ARGS...: the reference tool in DIR/ul and ours in
# DIR/our, each run inside its directory so that the messages name the same
# relative path; stdout and stderr go to out and err there, the exit
# statuses to $ul_rc and $our_rc.
pair_run() {
	local dir=$1 ref=$2 ours=$3
	shift 3
	ul_rc=0 our_rc=0
	(cd "$dir/ul" && "$ref" "$@" >out 2>err) || ul_rc=$?
	(cd "$dir/our" && "$ours" "$@" >out 2>err) || our_rc=$?
}

# pair_same DIR: after pair_run, the same exit status, stdout and stderr,
# and DIR/ul/area and DIR/our/area hold the same bytes.
pair_same() {
	if [ "$ul_rc" -ne "$our_rc" ]; then
		echo "exit status: util-linux $ul_rc, ours $our_rc"
		cat "$1/ul/err" "$1/our/err"
		return 1
	fi
	diff -u "$1/ul/out" "$1/our/out"
	diff -u "$1/ul/err" "$1/our/err"
	cmp "$1/ul/area" "$1/our/area"
}
