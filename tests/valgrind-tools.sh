#!/bin/sh
# valgrind memcheck of each tool on its common paths (make check-valgrind).
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs the build tree's tools (through libtool, which runs valgrind on the
# real binary) on a scratch swap file of their own: mkswap and swaplabel
# write it, swapon --show/-s and free read /proc, and the failure paths
# (bad usage, too small, not active) run too.  valgrind does not implement
# swapon(2)/swapoff(2), so activation itself is covered by the ASan build.
# Any memcheck error or leak fails; the tools' own exit codes do not matter.
set -u
: "${top_builddir:?}" "${LIBTOOL:=libtool}" "${VALGRIND:=valgrind}"
scratch=$(mktemp -d /tmp/swaptools-valgrind.XXXXXX) || exit 1
trap 'rm -rf "$scratch"' EXIT INT TERM
area=$scratch/area
failed=0

vg() {
	# vg TOOL ARGS...: one memcheck run; its log is kept only on failure
	tool=$1
	shift
	log=$scratch/log
	if "$LIBTOOL" --mode=execute "$VALGRIND" --quiet --leak-check=full \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
		"$top_builddir/$tool/$tool" "$@" >"$log" 2>&1 || [ $? -ne 99 ]; then
		echo "PASS: $tool $* (valgrind)"
	else
		echo "FAIL: $tool $* (valgrind):"
		sed 's/^/  /' "$log"
		failed=1
	fi
}

vg mkswap -F -s 1M -L vglabel "$area"
vg mkswap -q -U 4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb "$area"
vg mkswap -p 8192 -e big "$area"
vg mkswap "$area" 8			# too small: refused
vg mkswap --bogus			# usage error
vg mkswap "$area"
vg swaplabel "$area"
vg swaplabel -L newlabel -U random "$area"
vg swaplabel -U not-a-uuid "$area"	# refused
vg swapon --show
vg swapon --show=NAME,UUID,LABEL --bytes --raw
vg swapon --json --output-all
vg swapon -s
vg swapon -T "$scratch/no-fstab" -a	# unreadable fstab
vg swapon -p 99999 "$area"		# usage error
vg swapoff "$area"			# not active: exit 4
vg swapoff LABEL=no-such-label-here
vg swapoff				# usage error
vg free
vg free -h -w -t -l -v
vg free --json
vg free -b -c 2 -s 0.01
vg free -s -1				# usage error
exit $failed
