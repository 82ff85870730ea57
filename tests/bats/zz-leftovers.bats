#!/usr/bin/env bats
# Runs last: the suite must leave no active swap area, loop device, mount
# or temporary file behind, and no file of the machine's packages changed.
# Reading is enough, so it runs as any user.
#
# Only what the suite itself creates counts: the paths listed in the
# suite's registry (helpers/common.bash: the bats run directory of every
# test file, where the helpers put everything, and what suite_track adds).
# Other files, such as a /tmp/swaptools-0.1.0 unpacked from the release
# tarball, another checkout's bats runs, or another program's loop devices,
# are not ours.
#
# What belongs to a test suite that is still running (a bats run directory
# whose BATS_RUN_TMPDIR some live process carries, e.g. a sibling test file
# under make -j check) is not a leftover yet and is only listed.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common
bats_require_minimum_version 1.5.0

teardown() {
	:
}

# live_run_dirs: the bats run directories of running processes (ours too).
live_run_dirs() {
	# one grep over every environment (a loop forking per process takes
	# minutes on a busy machine)
	grep -hz '^BATS_RUN_TMPDIR=' /proc/[0-9]*/environ 2>/dev/null |
		tr '\0' '\n' | sed -n 's/^BATS_RUN_TMPDIR=//p' | sort -u
	[ -n "${BATS_RUN_TMPDIR:-}" ] && echo "$BATS_RUN_TMPDIR"
}

# in_live_run PATH [RUNDIR]: PATH lies inside a running suite's directory,
# or was registered by the running suite RUNDIR.
in_live_run() {
	local d
	while IFS= read -r d; do
		[ -n "$d" ] || continue
		[[ "$1" == "$d"/* || "${2:-}" == "$d" ]] && return 0
	done <"$LIVE"
	return 1
}

# registered PATH: the bats run directory that registered PATH (or a
# directory holding it) in the suite registry; false when none did.
registered() {
	local p run
	[ -f "$REG" ] || return 1
	while IFS=$'\t' read -r p run; do
		[ -n "$p" ] || continue
		if [[ "$1" == "$p" || "$1" == "$p"/* ]]; then
			echo "$run"
			return 0
		fi
	done <"$REG"
	return 1
}

# ours PATH: a path the suite created (registered, or inside a registered
# directory such as a bats run directory).
ours() {
	registered "$1" >/dev/null
}

# report LIST-FILE WHAT: fail listing LIST-FILE's lines when it is not empty.
report() {
	if [ -s "$1" ]; then
		echo "left behind ($2):"
		sed 's/^/  /' "$1"
		return 1
	fi
}

setup() {
	REG=$(suite_registry)
	LIVE=$(mktemp "${BATS_TEST_TMPDIR:-/tmp}/live.XXXXXX")
	live_run_dirs >"$LIVE"
	FOUND=$(mktemp "${BATS_TEST_TMPDIR:-/tmp}/found.XXXXXX")
}

# note PATH [WHAT...]: keep PATH as a leftover, or list it when a live run
# owns it.
note() {
	if in_live_run "$1" "$(registered "$1")"; then
		echo "# in use by a running suite: $*"
	else
		echo "$*" >>"$FOUND"
	fi
}

# loop_back DEV: the file behind loop device DEV
loop_back() {
	local b
	b=$(losetup --noheadings -O BACK-FILE "$1" 2>/dev/null) || return 0
	echo "${b% (deleted)}"
}

@test "no active swap area of ours (a file or a loop device on one)" {
	local name back
	[ -r /proc/swaps ] || skip "/proc/swaps is not readable"
	while read -r name _; do
		name=$(printf '%b' "$name")
		name=${name% (deleted)}
		if [[ "$name" == /dev/loop* ]]; then
			back=$(loop_back "$name")
			[ -n "$back" ] && ours "$back" && note "$back" "(active as $name)"
		elif ours "$name"; then
			note "$name"
		fi
	done < <(tail -n +2 /proc/swaps)
	report "$FOUND" "active swap areas"
}

@test "no loop device on a file of ours" {
	local dev back
	command -v losetup >/dev/null || skip "losetup is not installed"
	while read -r dev back; do
		back=${back% (deleted)}
		[ -n "$back" ] && ours "$back" && note "$back" "on $dev"
	done < <(losetup --list --noheadings -O NAME,BACK-FILE 2>/dev/null)
	report "$FOUND" "loop devices"
}

@test "no partitions left on loop devices of ours (partx -a outlives losetup -d)" {
	local part loop back
	shopt -s nullglob
	# A stale loopNpM makes libblkid skip loopN in its scans, so LABEL=
	# lookups of later tests would fail.  Ours: its loop device is on a
	# file of ours, or detached (a partition without its device).
	for part in /sys/block/loop*/loop*p*; do
		[ -d "$part" ] || continue
		loop=${part%/*}
		loop=${loop##*/}
		back=$(loop_back "/dev/$loop")
		if [ -z "$back" ] || ours "$back"; then
			note "/dev/${part##*/}${back:+ (on $back)}"
		fi
	done
	report "$FOUND" "loop partitions"
}

@test "no mount of ours" {
	local mp
	# field 5 of mountinfo is the mount point, octal-escaped
	while read -r _ _ _ _ mp _; do
		mp=$(printf '%b' "$mp")
		ours "$mp" && note "$mp"
	done </proc/self/mountinfo
	report "$FOUND" "mounts"
}

@test "no file or directory the suite registered is left (a killed bats run's directory, install trees)" {
	local p run keep
	if [ -f "$REG" ]; then
		keep=$(mktemp "${BATS_TEST_TMPDIR:-/tmp}/keep.XXXXXX")
		while IFS=$'\t' read -r p run; do
			[ -n "$p" ] || continue
			[ -e "$p" ] || [ -L "$p" ] || continue
			printf '%s\t%s\n' "$p" "$run" >>"$keep"
			note "$p"
		done <"$REG"
		# what is gone need not be checked again
		if [ -s "$keep" ]; then cat "$keep" >"$REG"; else rm -f "$REG"; fi
	fi
	report "$FOUND" "temporary files"
}

@test "no file of util-linux, mount or procps changed (dpkg -V)" {
	command -v dpkg >/dev/null || skip "not a dpkg system"
	local pkgs="" p out
	for p in util-linux mount procps; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && pkgs="$pkgs $p"
	done
	[ -n "$pkgs" ] || skip "none of util-linux, mount, procps is installed"
	# shellcheck disable=SC2086
	out=$(dpkg -V $pkgs 2>&1)
	if [ -n "$out" ]; then
		echo "files of the machine's packages were changed or removed:"
		echo "$out" | sed 's/^/  /'
		echo "restore them with: apt-get install --reinstall$pkgs"
		echo "(if they were already changed before the suite ran, the suite is not the cause)"
		false
	fi
}
