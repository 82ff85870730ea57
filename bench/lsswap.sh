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
# Two machine states are measured, one after the other:
#   1. "no swap of ours": the N sleeps and whatever else runs;
#   2. "swap in use": a throwaway swap file (EAT_AREA_MIB, default 256, in
#      BENCH_TMPDIR, default /var/tmp) is turned on at priority 32767 and
#      EATERS (default 20) tests/helpers/swapeat processes put EAT_MIB
#      (default 4) of private and 1 MiB of shared memory each into it with
#      madvise(MADV_PAGEOUT); every 4th also forks a child that shares both.
#   State 2 needs root and swapeat (SWAPEAT, default the build directory's
#   tests/helpers/swapeat, built with make when missing); without them it
#   is skipped with a note.  On exit, error, INT or TERM the eaters are
#   killed, the file is turned off and removed.
# Target (issue 14): at least 20x faster than smem, no slower than the shell
# loop over /proc/*/status.
# lsswap, smem and the grep run interleaved, round after round (RUNS rounds,
# default 15, after one warm-up round): each round runs each command once
# and takes its wall time and its CPU time (user + system, getrusage of the
# child).  The figures are the medians; each ratio is the median of the
# per-round ratios, so a burst of load from a neighbour falls on every
# command of that round alike.  The shell loop (a minute a run under load)
# runs twice, its mean wall time.  Instructions: one lsswap run under
# callgrind.
set -eu

ours=${1:?usage: $0 PATH-OF-OUR-LSSWAP [N]}
n=${2:-1000}
runs=${RUNS:-15}

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
eaters=()
area=
cleanup() {
	[ ${#eaters[@]} -eq 0 ] || kill -9 "${eaters[@]}" 2>/dev/null || true
	[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	if [ -n "$area" ]; then
		# only our own file, by its path
		! grep -q "^$area " /proc/swaps || swapoff "$area" || true
		rm -f "$area"
	fi
	[ -z "${pids_cleanup_tmp:-}" ] || rm -rf "$pids_cleanup_tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
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
cat >"$tmp/rounds.py" <<'ROUNDS'
import resource, shlex, statistics, subprocess, sys, time
runs = int(sys.argv[1])
cmds = sys.argv[2:]
def one(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    # "exec CMD": CMD itself, no shell around it (nothing but CMD is timed)
    argv = shlex.split(cmd[5:]) if cmd.startswith("exec ") else ["bash", "-c", cmd]
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = (time.perf_counter() - t) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu
for c in cmds:
    one(c)	# warm-up round
walls = [[] for c in cmds]
cpus = [[] for c in cmds]
for r in range(runs):
    for i, c in enumerate(cmds):
        w, u = one(c)
        walls[i].append(w)
        cpus[i].append(u)
med = statistics.median
for i, c in enumerate(cmds):
    rw = med([walls[i][r] / walls[0][r] for r in range(runs)])
    rc = med([cpus[i][r] / cpus[0][r] if cpus[0][r] else 0 for r in range(runs)])
    print("%.1f %.0f %.1f %.1f" % (med(walls[i]), med(cpus[i]), rw, rc))
ROUNDS


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

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b != "-") printf "%.1f", b / a; else print "-" }'; }

# measure STATE: every command in the current machine state, one table
verdicts=
measure() {
	echo "== state: $1"
	echo "lsswap benchmark: $(ls -d /proc/[0-9]* | wc -l) processes ($n spawned), uid $(id -u), $(nproc) CPUs, kernel $(uname -r)"
	echo "$(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "areas: $(awk 'NR > 1' /proc/swaps | wc -l) active, $(awk 'NR > 1 { u += $4 } END { print u + 0 }' /proc/swaps) KiB used; $(grep -l 'VmSwap:[[:space:]]*[1-9]' /proc/[0-9]*/status 2>/dev/null | wc -l) processes with VmSwap > 0; lsswap: $("$ours" --noheadings 2>/dev/null | grep -cv total) processes with swap"
	echo
	local cmds=("exec $ours" "bash $tmp/grep.sh")
	command -v smem >/dev/null && cmds+=("exec $smem_cmd")
	python3 "$tmp/rounds.py" "$runs" "${cmds[@]}" >"$tmp/rounds"
	read -r t_ours c_ours _ _ < <(sed -n 1p "$tmp/rounds")
	read -r t_grep c_grep r_grep rc_grep < <(sed -n 2p "$tmp/rounds")
	if command -v smem >/dev/null; then
		read -r t_smem c_smem r_smem rc_smem < <(sed -n 3p "$tmp/rounds")
	else
		t_smem=- c_smem=- r_smem=- rc_smem=-
	fi
	t_loop=$(mean_ms "bash $tmp/loop.sh" 2)	# a minute a run: two are enough

	printf '%-44s %10s %10s %10s %10s\n' command "wall ms" "÷ lsswap" "CPU ms" "÷ lsswap"
	printf '%-44s %10s %10s %10s %10s\n' "lsswap" "$t_ours" 1.0 "$c_ours" 1.0
	printf '%-44s %10s %10s %10s %10s\n' "smem -s swap" "$t_smem" "$r_smem" "$c_smem" "$rc_smem"
	printf '%-44s %10s %10s %10s %10s\n' "shell loop: awk over each /proc/PID/status" "$t_loop" "$(ratio "$t_ours" "$t_loop")" - -
	printf '%-44s %10s %10s %10s %10s\n' "grep VmSwap /proc/*/status | sort" "$t_grep" "$r_grep" "$c_grep" "$rc_grep"

	if command -v valgrind >/dev/null; then
		ins=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$ours" 2>&1 >/dev/null |
			sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
		echo
		echo "lsswap instructions (callgrind, one run): $ins"
	fi
	local verdict=ok
	awk -v r="$r_smem" 'BEGIN { exit !(r == "-" || r >= 20) }' || verdict="MISSED: under 20x smem"
	awk -v a="$t_ours" -v l="$t_loop" 'BEGIN { exit !(a <= l) }' || verdict="$verdict; MISSED: slower than the shell loop"
	echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "targets (>= 20x smem, <= shell loop): $verdict"
	echo
	verdicts="$verdicts$1: $verdict; "
}

# start_swap: a throwaway swap file and EATERS processes with pages in it.
# Returns 1 (with a note) when that cannot be done here.
start_swap() {
	local dir=${BENCH_TMPDIR:-/var/tmp} eat=${SWAPEAT:-} i out j
	if [ "$(id -u)" -ne 0 ]; then echo "state 2 skipped: not root"; return 1; fi
	if [ -z "$eat" ]; then
		case $ours in
		*/lsswap/.libs/lsswap)
			local b=${ours%/lsswap/.libs/lsswap}
			eat=$b/tests/helpers/swapeat
			[ -x "$eat" ] || make -C "$b" tests/helpers/swapeat >/dev/null || true ;;
		esac
	fi
	if [ -z "$eat" ] || [ ! -x "$eat" ]; then
		echo "state 2 skipped: no swapeat (set SWAPEAT)"
		return 1
	fi
	area=$(mktemp "$dir/lsswap-bench.XXXXXX")
	dd if=/dev/zero of="$area" bs=1M count="${EAT_AREA_MIB:-256}" status=none
	chmod 600 "$area"
	mkswap "$area" >/dev/null
	swapon -p 32767 "$area"
	mkfifo "$tmp/fifo"
	exec 9<>"$tmp/fifo"	# held open: the eaters never see EOF until we exit
	for ((i = 0; i < ${EATERS:-20}; i++)); do
		out=$tmp/eat.$i
		if ((i % 4 == 3)); then
			"$eat" -p "${EAT_MIB:-4}" -s 1 -f <"$tmp/fifo" >"$out" 2>&1 &
		else
			"$eat" -p "${EAT_MIB:-4}" -s 1 <"$tmp/fifo" >"$out" 2>&1 &
		fi
		eaters+=($!)
		for ((j = 0; j < 300; j++)); do
			[ -s "$out" ] && break
			sleep 0.1
		done
		if ! grep -q '^ready' "$out"; then
			echo "state 2 skipped: swapeat: $(cat "$out")"
			return 1
		fi
	done
	echo "swap in use: $area at priority 32767, $(awk -v a="$area" '$1 == a { print $4 }' /proc/swaps) KiB used by ${EATERS:-20} swapeat processes (+ $(( ${EATERS:-20} / 4 )) forked children)"
}

measure "no swap of ours"
if start_swap; then
	measure "swap in use"
fi
echo "targets: $verdicts"
