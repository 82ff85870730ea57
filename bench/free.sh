#!/bin/sh
# Benchmark of free: callgrind instruction counts of one whole run (dynamic
# loading included) of our free against procps-ng free and busybox free.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: bench/free.sh PATH-OF-OUR-FREE
#   PATH must be a real binary: an installed one (make install DESTDIR=...)
#   or build-dir/free/free, which links libswap statically and so is no
#   libtool wrapper.  (Trees where free linked libswap.so had the binary in
#   build-dir/free/.libs/free, for which LD_LIBRARY_PATH is set to
#   build-dir/lib/.libs unless it is set already; measuring their wrapper
#   script measures bash.)
# Targets (issue): at most 0.35 x procps-ng free, and no more than busybox.
# Environment: PP_FREE (default /usr/bin/free), BUSYBOX (default busybox).
set -eu

ours=${1:?usage: $0 PATH-OF-OUR-FREE (an installed binary, not the libtool wrapper)}
pp=${PP_FREE:-/usr/bin/free}
bb=${BUSYBOX:-$(command -v busybox || true)}

command -v valgrind >/dev/null || { echo "$0: valgrind is not installed" >&2; exit 2; }
if [ "$(head -c 4 "$ours" | tail -c 3)" != ELF ]; then
	echo "$0: $ours is not an ELF binary (a libtool wrapper?); use an installed free" >&2
	exit 2
fi
case $ours in
*/.libs/free)
	libdir=$(cd "$(dirname "$ours")/../../lib/.libs" 2>/dev/null && pwd || true)
	if [ -z "${LD_LIBRARY_PATH:-}" ] && [ -n "$libdir" ]; then
		LD_LIBRARY_PATH=$libdir
		export LD_LIBRARY_PATH
	fi ;;
esac
if ldd "$ours" | grep -q 'not found'; then
	echo "$0: $ours cannot find its libraries:" >&2
	ldd "$ours" | grep 'not found' >&2
	exit 2
fi

# instructions CMD...: the callgrind instruction count of one run
instructions() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

# ratio A B: A / B with 3 decimals
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'
}

echo "free benchmark: callgrind instructions of one run (LANG=${LANG:-unset} LC_ALL=${LC_ALL:-unset})"
echo "ours:    $ours"
echo "         $(ldd "$ours" | awk '/=>/ { printf "%s ", $1 }')"
echo "procps:  $pp ($("$pp" -V 2>/dev/null || echo missing))"
echo "busybox: ${bb:-missing}"
echo
printf '%-16s %10s %10s %10s %9s %9s  %s\n' command ours procps busybox /procps /busybox "targets (<=0.35, <=1)"
status=0
for args in "" "-h -w -t" "--json"; do
	o=$(instructions "$ours" $args)
	# the peers have no --json: their plain table is the comparison
	peer_args=$args
	[ "$args" != --json ] || peer_args=
	p=$([ -x "$pp" ] && instructions "$pp" $peer_args || echo 0)
	# busybox free reads argv[1] only: "-h -w -t" is "-h" there
	b=$([ -n "$bb" ] && instructions "$bb" free $peer_args || echo 0)
	rp=$(ratio "$o" "$p")
	rb=$(ratio "$o" "$b")
	verdict=$(awk -v rp="$rp" -v rb="$rb" 'BEGIN {
		v = (rp == "-" || rp <= 0.35) ? "ok" : "OVER"
		w = (rb == "-" || rb <= 1.0) ? "ok" : "OVER"
		print v " " w }')
	case $verdict in *OVER*) status=1 ;; esac
	printf '%-16s %10s %10s %10s %9s %9s  %s\n' "free ${args:-(none)}" "$o" "$p" "$b" "$rp" "$rb" "$verdict"
done
exit "$status"
