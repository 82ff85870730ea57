# Run a reference tool and ours on the same fresh input and compare what the
# compatibility contract covers (docs/DESIGN.md): exit status, stdout, stderr
# (when the reference succeeds), the swapon(2)/swapoff(2) calls strace sees
# (path and flags, in order, with their results) and the lines of
# /proc/swaps that belong to this test afterwards.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   COMPAT_SETUP='shell code'   makes the fresh input; run before each tool
#   COMPAT_RESET='shell code'   undoes a run (default: swapoff every area
#                               this test registered with track_swap)
#   COMPAT_STDERR=always        compare stderr even when the reference fails
#   compare_tools REF OURS ARGS...
#
# After a call, $COMPAT_DIR holds ref.{out,err,rc,calls,swaps} and the same
# for ours.* for further assertions; on a mismatch the diffs are printed
# (bats shows them) and compare_tools returns 1.

COMPAT_SETUP=${COMPAT_SETUP:-}
COMPAT_RESET=${COMPAT_RESET:-}
COMPAT_STDERR=${COMPAT_STDERR:-}
COMPAT_DIR="${BATS_TEST_TMPDIR:-${BATS_TMPDIR:-/tmp}}/compat"

# Only this test's areas: the machine is shared, others' lines are noise.
_compat_swaps() {
	local a real
	while IFS= read -r a; do
		[ -n "$a" ] || continue
		real=$(readlink -f "$a" 2>/dev/null) || continue
		# a priority the kernel chose (negative) depends on the order of
		# activations on the whole machine: only "auto" is compared
		awk -v n="$real" 'NR > 1 && $1 == n { print $1, $2, $3, ($5 < 0 ? "auto" : $5) }' /proc/swaps
	done < <(_registered swap | sort -u)
}

_compat_reset() {
	local a
	if [ -n "$COMPAT_RESET" ]; then
		eval "$COMPAT_RESET"
		return
	fi
	while IFS= read -r a; do
		[ -n "$a" ] && /sbin/swapoff "$a" 2>/dev/null
	done < <(_registered swap)
	return 0
}

# _compat_run NAME TOOL ARGS...: one traced run into $COMPAT_DIR/NAME.*
_compat_run() {
	local name=$1 tool=$2 d=$COMPAT_DIR
	shift 2
	if [ -n "$COMPAT_SETUP" ]; then
		eval "$COMPAT_SETUP" || { echo "compat: setup failed"; return 1; }
	fi
	timeout 60 strace -f -qq -e trace=swapon,swapoff -e signal=none \
		-o "$d/$name.trace" "$tool" "$@" >"$d/$name.out" 2>"$d/$name.err"
	echo $? >"$d/$name.rc"
	# "swapon("/x", SWAP_FLAG_PREFER|5) = 0": pid and timing dropped
	sed -n 's/^[0-9]* *//; /^\(swapon\|swapoff\)(/p' "$d/$name.trace" >"$d/$name.calls"
	_compat_swaps >"$d/$name.swaps"
	_compat_reset
}

compare_tools() {
	local ref=$1 ours=$2 bad=0 f
	shift 2
	rm -rf "$COMPAT_DIR"
	mkdir -p "$COMPAT_DIR"
	_compat_run ref "$ref" "$@" || return 1
	_compat_run ours "$ours" "$@" || return 1
	for f in rc out calls swaps; do
		if ! cmp -s "$COMPAT_DIR/ref.$f" "$COMPAT_DIR/ours.$f"; then
			echo "compat: $f differs for: $*"
			diff "$COMPAT_DIR/ref.$f" "$COMPAT_DIR/ours.$f"
			bad=1
		fi
	done
	if [ "$(cat "$COMPAT_DIR/ref.rc")" = 0 ] || [ "$COMPAT_STDERR" = always ]; then
		if ! cmp -s "$COMPAT_DIR/ref.err" "$COMPAT_DIR/ours.err"; then
			echo "compat: stderr differs for: $*"
			diff "$COMPAT_DIR/ref.err" "$COMPAT_DIR/ours.err"
			bad=1
		fi
	fi
	[ "$bad" -eq 0 ] || { echo "(reference stderr:)"; cat "$COMPAT_DIR/ref.err"; }
	return "$bad"
}
