#!/bin/sh
# Run the libFuzzer harnesses for a bounded number of runs or seconds, as TAP.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# `make check` (with --enable-fuzzing) runs this with no settings: each
# harness does FUZZ_RUNS (20000) runs from its seeds with a fixed seed, so the
# result is repeatable.  `make fuzz` sets FUZZ_SECONDS: each harness then runs
# that long with a random seed.  Harnesses run one after the other, each on
# a copy of its seeds in a temporary directory: the source tree (read-only
# under distcheck) is never written.
#
# Environment: top_srcdir, top_builddir (set by make); FUZZ_SECONDS; FUZZ_RUNS;
# FUZZ_SEED (libFuzzer -seed, 0 = random); FUZZ_HARNESSES (names to run, e.g.
# "fstab uuid"); FUZZ_KEEP=1 keeps the work directory (grown corpus, logs);
# FUZZ_ARGS (more libFuzzer options).  A crash keeps the work directory,
# with the reproducer in it, and fails the test.

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}

# name and -max_len: a header page is up to 64 KiB, text inputs 4 KiB,
# area: 40 control bytes and a 64 KiB page with room past it; badpages:
# 8 control bytes and a bitmap of 8128 pages.
all="header-decode:65536 size-parse:4096 procswaps:4096 meminfo:4096 fstab:4096 uuid:4096
	area:70000 badpages:1024 zram:4096 process:65536"

if [ -n "$FUZZ_SECONDS" ]; then
	budget="-max_total_time=$FUZZ_SECONDS"
	seed=${FUZZ_SEED:-0}
else
	budget="-runs=${FUZZ_RUNS:-20000}"
	seed=${FUZZ_SEED:-1}
fi

n=0
failed=0
for entry in $all; do
	name=${entry%%:*}
	maxlen=${entry#*:}
	if [ -n "$FUZZ_HARNESSES" ]; then
		case " $FUZZ_HARNESSES " in *" $name "*) ;; *) continue ;; esac
	fi
	n=$((n + 1))
	prog=$top_builddir/tests/fuzz/fuzz-$name
	if [ ! -x "$prog" ]; then
		echo "not ok $n - $name: $prog not built"
		failed=1
		continue
	fi
	work=$(mktemp -d "${TMPDIR:-/tmp}/swaptools-fuzz-$name.XXXXXX") || exit 99
	mkdir "$work/corpus"
	cp "$top_srcdir/tests/fuzz/corpus/$name"/* "$work/corpus/"
	# shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
	if "$prog" -max_len="$maxlen" $budget -seed="$seed" -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$work/" $FUZZ_ARGS \
		"$work/corpus" >"$work/log" 2>&1; then
		echo "ok $n - $name"
		keep=${FUZZ_KEEP:-0}
	else
		echo "not ok $n - $name"
		failed=1
		keep=1
		grep -E 'ERROR|SUMMARY|property violated|runtime error|Test unit written' \
			"$work/log" | head -20 | sed 's/^/# /'
	fi
	# The last status line (runs, coverage, features, corpus) and the totals.
	grep -E '^#[0-9]+' "$work/log" | tail -1 | sed 's/^/# /'
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
		"$work/log" | sed 's/^/# /'
	if [ "$keep" = 1 ]; then
		echo "# kept $work (log, corpus, artifacts)"
	else
		rm -rf "$work"
	fi
done
echo "1..$n"
exit $failed
