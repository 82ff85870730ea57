#!/bin/bash
# Benchmark of lsswap against smem and the usual shell answers to "which
# process uses my swap", on the same machine state with N extra processes.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: bench/lsswap.sh PATH-OF-OUR-LSSWAP [N]
#   PATH must be a real binary: an installed one (make install DESTDIR=...),
#   or build-dir/lsswap/.libs/lsswap, for which LD_LIBRARY_PATH is set to
#   build-dir/lib/.libs (the build tree's lsswap/lsswap is a libtool script:
#   timing it measures bash).
#   N extra processes are spawned (default 1000: sleep, no swap) and killed
#   at the end.  Run it as root: smem and lsswap then read every process.
# Target (issue 14): at least 20x faster than smem, no slower than the shell
# loop over /proc/*/status.
# Wall time with hyperfine when installed (else a loop over date +%s%N);
# instructions of one lsswap run with callgrind.
set -eu

ours=${1:?usage: $0 PATH-OF-OUR-LSSWAP [N]}
n=${2:-1000}
runs=${RUNS:-10}

if [ "$(head -c 4 "$ours" | tail -c 3)" != ELF ]; then
	echo "$0: $ours is not an ELF binary (a libtool wrapper?)" >&2
	exit 2
fi
case $ours in
*/.libs/lsswap)
	libdir=$(cd "$(dirname "$ours")/../../lib/.libs" 2>/dev/null && pwd || true)
	[ -n "${LD_LIBRARY_PATH:-}" ] || [ -z "$libdir" ] || export LD_LIBRARY_PATH=$libdir ;;
esac

pids=()
cleanup() {
	[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	[ -z "${pids_cleanup_tmp:-}" ] || rm -rf "$pids_cleanup_tmp"
}
trap cleanup EXIT
for ((i = 0; i < n; i++)); do
	sleep 3600 &
	pids+=($!)
done

# The commands measured: the same question, asked four ways.  The shell
# answers are scripts in a temporary directory, so no quoting gets in the way.
tmp=$(mktemp -d)
pids_cleanup_tmp=$tmp
cat >"$tmp/loop.sh" <<'LOOP'
for f in /proc/[0-9]*/status; do
	awk '/^(Name|VmSwap)/ { printf "%s ", $2 } END { print "" }' "$f"
done | sort -k2 -n -r
LOOP
cat >"$tmp/grep.sh" <<'GREP'
grep -H VmSwap /proc/[0-9]*/status | sort -k2 -n -r
GREP
smem_cmd='smem -s swap'

echo "lsswap benchmark: $(ls -d /proc/[0-9]* | wc -l) processes ($n spawned), uid $(id -u), $(nproc) CPUs, kernel $(uname -r)"
echo "$(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "areas: $(awk 'NR > 1' /proc/swaps | wc -l) active; $(grep -l 'VmSwap:[[:space:]]*[1-9]' /proc/[0-9]*/status 2>/dev/null | wc -l) processes with VmSwap > 0"
echo

# mean_ms CMD [RUNS]: mean wall time of CMD in ms
mean_ms() {
	local runs=${2:-$runs}
	if command -v hyperfine >/dev/null; then
		local j
		j=$(mktemp)
		hyperfine -N --warmup 1 --runs "$runs" --export-json "$j" "$1" >/dev/null 2>&1 ||
			hyperfine --warmup 1 --runs "$runs" --export-json "$j" "$1" >/dev/null 2>&1
		python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["mean"] * 1000))' "$j"
		rm -f "$j"
	else
		local s e
		s=$(date +%s%N)
		for ((r = 0; r < runs; r++)); do bash -c "$1" >/dev/null 2>&1; done
		e=$(date +%s%N)
		awk -v d=$((e - s)) -v r="$runs" 'BEGIN { printf "%.1f", d / r / 1e6 }'
	fi
}

t_ours=$(mean_ms "$ours")
t_loop=$(mean_ms "bash $tmp/loop.sh" 2)	# a minute a run: two are enough
t_grep=$(mean_ms "bash $tmp/grep.sh")
if command -v smem >/dev/null; then t_smem=$(mean_ms "$smem_cmd"); else t_smem=-; fi

# cpu_ms CMD: user + system CPU time of one run in ms, the mean of 5 (less
# sensitive than wall time to other load on the machine)
cpu_ms() {
	local r t=0 one
	for r in 1 2 3 4 5; do
		/usr/bin/time -o "$tmp/time" -f '%U %S' bash -c "exec $1" >/dev/null 2>&1 || true
		one=$(tail -n 1 "$tmp/time")
		t=$(awk -v t="$t" -v o="$one" 'BEGIN { split(o, a, " "); print t + (a[1] + a[2]) * 1000 }')
	done
	awk -v t="$t" 'BEGIN { printf "%.0f", t / 5 }'
}
c_ours=$(cpu_ms "$ours")
c_grep=$(cpu_ms "bash $tmp/grep.sh")
if command -v smem >/dev/null; then c_smem=$(cpu_ms "$smem_cmd"); else c_smem=-; fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b != "-") printf "%.1f", b / a; else print "-" }'; }
printf '%-44s %10s %10s %10s %10s\n' command "wall ms" "÷ lsswap" "CPU ms" "÷ lsswap"
printf '%-44s %10s %10s %10s %10s\n' "lsswap" "$t_ours" 1.0 "$c_ours" 1.0
printf '%-44s %10s %10s %10s %10s\n' "smem -s swap" "$t_smem" "$(ratio "$t_ours" "$t_smem")" "$c_smem" "$(ratio "$c_ours" "$c_smem")"
printf '%-44s %10s %10s %10s %10s\n' "shell loop: awk over each /proc/PID/status" "$t_loop" "$(ratio "$t_ours" "$t_loop")" - -
printf '%-44s %10s %10s %10s %10s\n' "grep VmSwap /proc/*/status | sort" "$t_grep" "$(ratio "$t_ours" "$t_grep")" "$c_grep" "$(ratio "$c_ours" "$c_grep")"

if command -v valgrind >/dev/null; then
	ins=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$ours" 2>&1 >/dev/null |
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
	echo
	echo "lsswap instructions (callgrind, one run): $ins"
fi
verdict=ok
awk -v a="$t_ours" -v s="$t_smem" 'BEGIN { exit !(s == "-" || s / a >= 20) }' || verdict="MISSED: under 20x smem"
awk -v a="$t_ours" -v l="$t_loop" 'BEGIN { exit !(a <= l) }' || verdict="$verdict; MISSED: slower than the shell loop"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "targets (>= 20x smem, <= shell loop): $verdict"
