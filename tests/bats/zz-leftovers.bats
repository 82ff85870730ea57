#!/usr/bin/env bats
# Runs last: the suite must leave no active swap area, loop device, mount
# or temporary file behind.  Reading is enough, so it runs as any user.
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
	local e
	for e in /proc/[0-9]*/environ; do
		tr '\0' '\n' 2>/dev/null <"$e" | sed -n 's/^BATS_RUN_TMPDIR=//p'
	done | sort -u
	[ -n "${BATS_RUN_TMPDIR:-}" ] && echo "$BATS_RUN_TMPDIR"
}

# in_live_run PATH: PATH lies inside a running suite's directory.
in_live_run() {
	local d
	while IFS= read -r d; do
		[ -n "$d" ] && [[ "$1" == "$d"/* ]] && return 0
	done <"$LIVE"
	return 1
}

# ours PATH: a path our tests create (under /tmp or /var/tmp).
ours() {
	[[ "$1" == /tmp/* || "$1" == /var/tmp/* ]]
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
	LIVE=$(mktemp "${BATS_TEST_TMPDIR:-/tmp}/live.XXXXXX")
	live_run_dirs >"$LIVE"
	FOUND=$(mktemp "${BATS_TEST_TMPDIR:-/tmp}/found.XXXXXX")
}

# note PATH: keep PATH as a leftover, or list it when a live run owns it.
note() {
	if in_live_run "$1"; then
		echo "# in use by a running suite: $*"
	else
		echo "$*" >>"$FOUND"
	fi
}

@test "no active swap area on /tmp, /var/tmp or a loop device" {
	local name
	[ -r /proc/swaps ] || skip "/proc/swaps is not readable"
	while read -r name _; do
		name=$(printf '%b' "$name")
		name=${name% (deleted)}
		if ours "$name" || [[ "$name" == /dev/loop* ]]; then
			if [[ "$name" == /dev/loop* ]]; then
				back=$(losetup --noheadings -O BACK-FILE "$name" 2>/dev/null || true)
				note "$name${back:+ (backed by $back)}"
			else
				note "$name"
			fi
		fi
	done < <(tail -n +2 /proc/swaps)
	report "$FOUND" "active swap areas"
}

@test "no loop device backed by a file under /tmp or /var/tmp" {
	local dev back
	command -v losetup >/dev/null || skip "losetup is not installed"
	while read -r dev back; do
		back=${back% (deleted)}
		ours "$back" && note "$back" "on $dev"
	done < <(losetup --list --noheadings -O NAME,BACK-FILE 2>/dev/null)
	report "$FOUND" "loop devices"
}

@test "no partitions left on loop devices (partx -a outlives losetup -d)" {
	local part
	shopt -s nullglob
	# A stale loopNpM makes libblkid skip loopN in its scans, so LABEL=
	# lookups of later tests would fail.
	for part in /sys/block/loop*/loop*p*; do
		[ -e "/sys/block/${part##*/}" ] || [ -d "$part" ] && note "/dev/${part##*/}"
	done
	report "$FOUND" "loop partitions"
}

@test "no mount under /tmp or /var/tmp" {
	local mp
	# field 5 of mountinfo is the mount point, octal-escaped
	while read -r _ _ _ _ mp _; do
		mp=$(printf '%b' "$mp")
		[ "$mp" = /tmp ] || [ "$mp" = /var/tmp ] && continue
		ours "$mp" && note "$mp"
	done </proc/self/mountinfo
	report "$FOUND" "mounts"
}

@test "no temporary files of ours: /tmp/swaptools.*, registries, scratch dirs" {
	local p
	shopt -s nullglob
	for p in /tmp/swaptools.* /tmp/swaptools-* /var/tmp/swaptools.* /var/tmp/swaptools-*; do
		note "$p"
	done
	# a registry or scratch dir of our helpers outlives its test only when
	# teardown did not run (a killed suite)
	for p in /tmp/bats-run-*/test/*/.swaptools-registry /tmp/bats-run-*/test/*/scratch \
		/tmp/bats-run-*/file/*/.swaptools-registry; do
		note "$p"
	done
	report "$FOUND" "temporary files"
}
