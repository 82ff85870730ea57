#!/usr/bin/env bats
# free: the output for /proc/meminfo fixtures (bind-mounted in a private
# mount namespace) against procps-ng free, -L, --json, errors, repeat mode.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common

MEMINFO_DIR=${TESTDATA:-$BATS_TEST_DIRNAME/../data}/meminfo

# Fixtures every option set is compared on (see tests/data/meminfo/README).
FIXTURES=(
	desktop-6.18-noswap server-64g-swap laptop-16g-zswap highmem-i686-4.19
	rhel6-2.6.32-nomemavailable rhel5-2.6.18-noslab-noswap unknown-keys
	minimal-two-keys zero-available overcommit human-edges huge-12t
	huge-8p lxc-distorted
)

setup() {
	export LC_ALL=C
	[ -x "$FREE" ] || skip "free is not built ($FREE)"
}

# The fixtures, and a private mount namespace to show them as /proc/meminfo.
require_namespace() {
	local fixture=$MEMINFO_DIR/desktop-6.18-noswap
	[ -r "$fixture" ] || skip "fixtures not found in $MEMINFO_DIR"
	with_meminfo "$fixture" true 2>/dev/null ||
		skip "no private mount namespace (needs root or unprivileged unshare -rm)"
}

# with_meminfo FIXTURE CMD...: run CMD with FIXTURE as /proc/meminfo.
with_meminfo() {
	NS_BINDS="$1:/proc/meminfo" in_namespace "${@:2}"
}

# The comparisons are written against procps-ng 4.0.1 .. 4.0.5: 4.0.0 and
# older compute "used" differently, 4.0.6 wraps a negative Comm free.
require_procps() {
	[ -x "$PP_FREE" ] || skip "procps-ng free is not installed ($PP_FREE)"
	local v
	v=$("$PP_FREE" -V 2>/dev/null)
	[[ "$v" =~ procps-ng\ 4\.0\.[1-5]$ ]] || skip "needs procps-ng 4.0.1-4.0.5, found: $v"
}

# wider_than_columns FILE: procps printed a value wider than 11 characters.
wider_than_columns() {
	awk '{ for (i = 1; i <= NF; i++) if (length($i) > 11) w = 1 } END { exit !w }' "$1"
}

# same_as_procps FIXTURE OPTS...: our output (and exit status) is byte for
# byte that of procps-ng, values wider than their column included.  FIXTURE
# is a name in $MEMINFO_DIR or a path.  Prints a diff otherwise.
same_as_procps() {
	local fixture=$1 dir=$BATS_TEST_TMPDIR
	[[ "$fixture" == /* ]] || fixture=$MEMINFO_DIR/$fixture
	shift
	with_meminfo "$fixture" "$PP_FREE" "$@" >"$dir/want" 2>&1
	echo "exit $?" >>"$dir/want"
	with_meminfo "$fixture" "$FREE" "$@" >"$dir/got" 2>&1
	echo "exit $?" >>"$dir/got"
	cmp -s "$dir/want" "$dir/got" && return 0
	echo "--- $(basename "$fixture"): free $*  (procps-ng, then ours)"
	diff -u "$dir/want" "$dir/got" | sed -n '3,$p'
	return 1
}

# compare_all "OPTION SET" ...: every option set on every fixture.
compare_all() {
	local f o failed=0
	for f in "${FIXTURES[@]}"; do
		for o in "$@"; do
			# word splitting of $o is wanted: "-h --si" is two options
			# shellcheck disable=SC2086
			same_as_procps "$f" $o || failed=1
		done
	done
	return "$failed"
}

@test "free: units are byte-identical to procps-ng on every fixture" {
	require_namespace
	require_procps
	compare_all "" -b -k -m -g --tebi --pebi --kilo --mega --giga --tera --peta \
		--si "--si -m" "--si --giga" --bytes --kibi --mebi --gibi
}

@test "free: -w -l -t -v and their combinations are byte-identical to procps-ng" {
	require_namespace
	require_procps
	compare_all -w -l -t -v "-w -l" "-t -v" "-w -l -t -v" "-b -w -l -t -v" \
		"-m -t" "--si -l" "-g --si -w" "--wide --lohi --total --committed" \
		"-lt" "-wv"
}

@test "free: -h and --si are byte-identical to procps-ng" {
	require_namespace
	require_procps
	compare_all -h "-h --si" "-h -w -t" "-h -w -l -t -v" "--si -h -l -v" \
		"-m -h" "-h -b" "--kilo -h" "--human --si --wide"
}

@test "free: repeat mode (-c, -s) is byte-identical to procps-ng" {
	require_namespace
	require_procps
	local f failed=0
	for f in desktop-6.18-noswap server-64g-swap highmem-i686-4.19; do
		for o in "-c 1" "-c 3 -s 0.01" "-w -t -c 2 -s 0,01" "-h -c 2 --seconds 0.01" \
			"--count=2 --seconds=0.01 -l -v"; do
			# shellcheck disable=SC2086
			same_as_procps "$f" $o || failed=1
		done
	done
	[ "$failed" -eq 0 ]
}

@test "free: values wider than the columns push the line out, byte for byte as procps-ng" {
	require_namespace
	require_procps
	local dir=$BATS_TEST_TMPDIR failed=0 o
	# 200 GiB: bytes are 12 digits, one more than the column (issue 11)
	printf 'MemTotal: 209715200 kB\nMemFree: 1048576 kB\nMemAvailable: 104857600 kB\n' >"$dir/200g"
	with_meminfo "$dir/200g" "$PP_FREE" -b >"$dir/wide"
	wider_than_columns "$dir/wide"
	for o in -b "-b -w -t" "-b -l -v"; do
		# shellcheck disable=SC2086
		same_as_procps "$dir/200g" $o || failed=1
	done
	# the header keeps its place whatever the values
	with_meminfo "$dir/200g" "$FREE" -b >"$dir/ours"
	[ "$(head -1 "$dir/ours")" = "               total        used        free      shared  buff/cache   available" ]
	[ "$(sed -n 2p "$dir/ours")" = "Mem:     214748364800 107374182400  1073741824           0           0 107374182400" ]
	same_as_procps huge-8p -b -t || failed=1
	same_as_procps huge-12t -b -w || failed=1
	[ "$failed" -eq 0 ]
}

# line_from FIXTURE: the -L line in KiB computed from the fixture's keys.
line_from() {
	awk '
	{ v[$1] = $2 }
	END {
		total = v["MemTotal:"]; free = v["MemFree:"]; avail = v["MemAvailable:"]
		if (avail == 0 || avail > total) avail = free
		used = total - avail
		if (used < 0) used = total - free
		swap = v["SwapFree:"] < v["SwapTotal:"] ? v["SwapTotal:"] - v["SwapFree:"] : 0
		cache = v["Buffers:"] + v["Cached:"] + v["SReclaimable:"]
		printf "SwapUse %11s CachUse %11s  MemUse %11s MemFree %11s \n", swap, cache, used, free
	}' "$1"
}

@test "free -L: one line computed from the fixture, with the trailing space" {
	require_namespace
	local f dir=$BATS_TEST_TMPDIR failed=0
	for f in desktop-6.18-noswap server-64g-swap laptop-16g-zswap highmem-i686-4.19 \
		rhel6-2.6.32-nomemavailable rhel5-2.6.18-noslab-noswap unknown-keys \
		zero-available overcommit; do
		line_from "$MEMINFO_DIR/$f" >"$dir/want"
		with_meminfo "$MEMINFO_DIR/$f" "$FREE" -L >"$dir/got"
		cmp -s "$dir/want" "$dir/got" || {
			echo "--- $f"
			diff -u "$dir/want" "$dir/got" | sed -n '3,$p'
			failed=1
		}
	done
	[ "$failed" -eq 0 ]
}

@test "free -L: in every unit, the figures of procps-ng's table" {
	require_namespace
	require_procps
	local f o dir=$BATS_TEST_TMPDIR failed=0
	for f in server-64g-swap laptop-16g-zswap human-edges; do
		for o in "" -b -m -g --mega -h "-h --si"; do
			# SwapUse = Swap used, CachUse = buff/cache, MemUse = Mem used
			# shellcheck disable=SC2086
			with_meminfo "$MEMINFO_DIR/$f" "$PP_FREE" $o | awk '
				/^Mem:/ { used = $3; free = $4; cache = $6 }
				/^Swap:/ { swap = $3 }
				END { printf "SwapUse %11s CachUse %11s  MemUse %11s MemFree %11s \n",
					     swap, cache, used, free }' >"$dir/want"
			# shellcheck disable=SC2086
			with_meminfo "$MEMINFO_DIR/$f" "$FREE" -L $o >"$dir/got"
			cmp -s "$dir/want" "$dir/got" || {
				echo "--- $f: -L $o"
				diff -u "$dir/want" "$dir/got" | sed -n '3,$p'
				failed=1
			}
		done
	done
	[ "$failed" -eq 0 ]
}

@test "free -L: repeat mode prints one line per sample, no blank lines" {
	require_namespace
	run with_meminfo "$MEMINFO_DIR/server-64g-swap" "$FREE" -L -c 3 -s 0.01
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "$(grep -c '^SwapUse ' <<<"$output")" -eq 3 ]
}

@test "free --json: jq reads the figures, in bytes, equal to procps-ng -b" {
	require_namespace
	require_cmd jq
	require_procps
	local f dir=$BATS_TEST_TMPDIR failed=0
	for f in "${FIXTURES[@]}"; do
		# jq reads numbers as doubles: past 2^53 it rounds them
		[ "$f" != huge-8p ] || continue
		with_meminfo "$MEMINFO_DIR/$f" "$PP_FREE" -b -w -l -t -v | awk '
			/^Mem:/ { printf "mem %s %s %s %s %s %s %s\n", $2, $3, $4, $5, $6, $7, $8 }
			/:/ && !/^Mem:/ { sub(":", "", $1); printf "%s %s %s %s\n", tolower($1), $2, $3, $4 }
			' >"$dir/want"
		with_meminfo "$MEMINFO_DIR/$f" "$FREE" --json -l -t -v >"$dir/json"
		jq -r '.memory[] | if .type == "mem" then
				"mem \(.total) \(.used) \(.free) \(.shared) \(.buffers) \(.cache) \(.available)"
			else "\(.type) \(.total) \(.used) \(.free)" end' "$dir/json" >"$dir/got" || failed=1
		cmp -s "$dir/want" "$dir/got" || {
			echo "--- $f"
			diff -u "$dir/want" "$dir/got" | sed -n '3,$p'
			failed=1
		}
	done
	[ "$failed" -eq 0 ]
	# the text itself is exact there
	with_meminfo "$MEMINFO_DIR/huge-8p" "$FREE" --json >"$dir/json"
	grep -q '"total": 288230376151711744,' "$dir/json"
}

@test "free --json: the schema (keys, types, buff_cache, rows by option)" {
	require_namespace
	require_cmd jq
	local json=$BATS_TEST_TMPDIR/json
	with_meminfo "$MEMINFO_DIR/server-64g-swap" "$FREE" --json >"$json"
	# only mem and swap without -l -t -v
	[ "$(jq -r '[.memory[].type] | join(",")' "$json")" = mem,swap ]
	jq -e '.memory[0] | keys == (["available","buff_cache","buffers","cache","free","shared","total","type","used"])' "$json"
	jq -e '.memory[0] | [.total, .used, .free, .shared, .buffers, .cache, .buff_cache, .available] | all(type == "number")' "$json"
	jq -e '.memory[0] | .buff_cache == .buffers + .cache' "$json"
	jq -e '.memory[0].total == 65842596 * 1024' "$json"
	jq -e '.memory[1] | .total == 8388604 * 1024 and .used == 2097152 * 1024 and .shared == null and .available == null' "$json"
	# units and -h do not change it; -l -t -v add rows
	with_meminfo "$MEMINFO_DIR/server-64g-swap" "$FREE" --json -m -h >"$json.2"
	cmp "$json" "$json.2"
	with_meminfo "$MEMINFO_DIR/server-64g-swap" "$FREE" --json --lohi --total --committed >"$json"
	[ "$(jq -r '[.memory[].type] | join(",")' "$json")" = mem,low,high,swap,total,comm ]
	# a negative Comm free stays a signed number
	with_meminfo "$MEMINFO_DIR/overcommit" "$FREE" --json -v >"$json"
	jq -e '.memory[] | select(.type == "comm") | .free == -2000000 * 1024' "$json"
	# repeat mode: one object per sample
	with_meminfo "$MEMINFO_DIR/server-64g-swap" "$FREE" --json -c 2 -s 0.01 >"$json"
	[ "$(jq -s length "$json")" -eq 2 ]
}

@test "free: bad arguments exit like procps-ng, with a message on stderr" {
	require_procps
	local a dir=$BATS_TEST_TMPDIR failed=0
	# argument set | a word the message must contain
	local cases=(
		"-s -1|seconds" "-s 0|seconds" "-s abc|seconds" "-s 1e-7|seconds"
		"-s 0.0000001|seconds" "-c 0|count" "-c abc|count" "-c -5|count"
		"-c 2147483648|count" "--bogus|unrecognized" "extra|extra" "-x|invalid"
		"-k -m|unit" "-b --mega|unit" "--kilo --kilo|unit" "-s|requires"
		"-c|requires"
	)
	for a in "${cases[@]}"; do
		local want=0 got=0
		# shellcheck disable=SC2086
		"$PP_FREE" ${a%|*} >/dev/null 2>&1 || want=$?
		# shellcheck disable=SC2086
		"$FREE" ${a%|*} >"$dir/out" 2>"$dir/err" || got=$?
		if [ "$got" -ne "$want" ] || [ -s "$dir/out" ] || ! grep -qi -- "${a#*|}" "$dir/err"; then
			echo "free ${a%|*}: exit $got (procps-ng $want), stderr: $(cat "$dir/err")"
			failed=1
		fi
	done
	[ "$failed" -eq 0 ]
}

@test "free: usage messages are procps-ng's words (review regression)" {
	# strerror only for a count out of range; procps-ng's wording for -s and units
	run --separate-stderr "$FREE" -c abc
	[ "$status" -eq 1 ]
	[ "$stderr" = "free: failed to parse count argument: 'abc'" ]
	run --separate-stderr "$FREE" -c 3x
	[ "$stderr" = "free: failed to parse count argument: '3x'" ]
	run --separate-stderr "$FREE" -c 0
	[ "$stderr" = "free: failed to parse count argument: '0': Numerical result out of range" ]
	run --separate-stderr "$FREE" -s 0
	[ "$status" -eq 1 ]
	[ "$stderr" = "free: seconds argument \`0' is not positive number" ]
	run --separate-stderr "$FREE" -m -g
	[ "$status" -eq 1 ]
	[ "$stderr" = "free: Multiple unit options don't make sense." ]
	if [ -x "$PP_FREE" ] && [[ "$("$PP_FREE" -V 2>/dev/null)" == *procps-ng* ]]; then
		local a
		for a in "-c abc" "-c 0" "-s 0" "-s -1" "-m -g" "--kilo --mega"; do
			# shellcheck disable=SC2086
			[ "$("$FREE" $a 2>&1 | sed 's/^[^:]*: //')" = \
			  "$("$PP_FREE" $a 2>&1 | sed 's/^[^:]*: //')" ] || { echo "free $a differs"; false; }
		done
	fi
}

# odd_meminfo DIR: write the hand-made odd /proc/meminfo texts into DIR.
odd_meminfo() {
	local d=$1
	printf 'MemTotal: 1000 kB\nMemFree: 500 kB' >"$d/no-newline"
	printf 'MemTotal: 1000 kB\nMemFree: 500 kB\nSwapTotal: 10 kB\nSwapFree: 4 kB\n' >"$d/no-available"
	printf 'MemTotal: 1000 kB\nMemFree: 500 kB\nMemAvailable: 2000 kB\n' >"$d/available-above-total"
	printf 'MemTotal: 1000 kB\nMemFree: 1500 kB\nMemAvailable: 2000 kB\n' >"$d/free-above-total"
	printf 'MemTotal: abc kB\nMemFree: 500 kB\nBuffers: 12x4 kB\nCached: -7 kB\n' >"$d/garbage"
	printf 'MemFree: 500 kB\nMemAvailable: 400 kB\n' >"$d/no-memtotal"
	printf 'MemTotal: 18446744073709551615 kB\nMemFree: 500 kB\nMemAvailable: 600 kB\n' >"$d/memtotal-max"
	printf 'MemTotal: 99999999999999999999999 kB\nMemFree: -5 kB\nSwapTotal: 18446744073709551615 kB\n' >"$d/over-u64"
	printf 'MemTotal: 9007199254740993 kB\nMemFree: 9007199254740991 kB\nShmem: 4611686018427387904 kB\n' >"$d/huge"
	printf 'junk\nMemTotal: 1000 kB\nMemFree: 500 kB\nMemTotal:\n 7 kB\n' >"$d/odd-lines"
	printf 'MemTotal: 1000 kB\r\nMemFree: 500 kB\n\0MemAvailable: 7 kB\n' >"$d/crlf-nul"
	printf 'MemTotal: 1000 kB\nMemFree: 500 kB\nCommitLimit: 5 kB\nCommitted_AS: 18446744073709551615 kB\n' >"$d/commit-max"
	: >"$d/empty"
}

@test "free: an odd /proc/meminfo prints what procps-ng prints, byte for byte (issue 11, 17)" {
	require_namespace
	require_procps
	local dir=$BATS_TEST_TMPDIR/odd f o failed=0
	mkdir "$dir"
	odd_meminfo "$dir"
	for f in "$dir"/* "$MEMINFO_DIR"/bad-truncated "$MEMINFO_DIR"/bad-garbage-value \
		"$MEMINFO_DIR"/bad-no-memtotal "$MEMINFO_DIR"/free-above-total; do
		[ "$(basename "$f")" != empty ] || continue
		for o in "" -b -h "-h --si" -g "-w -l -t -v" "-b -t -v" --tera; do
			# shellcheck disable=SC2086
			same_as_procps "$f" $o || failed=1
		done
	done
	[ "$failed" -eq 0 ]
	# used is negative where procps' formula makes it so (lxcfs)
	run with_meminfo "$dir/free-above-total" "$FREE"
	[ "$status" -eq 0 ]
	[ "$(awk '/^Mem:/ { print $3 }' <<<"$output")" = -500 ]
	# MemTotal = 2^64-1: total - available is negative as a signed long,
	# so procps takes total - free (issue 17)
	run with_meminfo "$dir/memtotal-max" "$FREE"
	[ "$(awk '/^Mem:/ { print $2, $3 }' <<<"$output")" = "-1 -501" ]
}

@test "free: an empty /proc/meminfo fails as procps-ng does, with our message" {
	require_namespace
	local dir=$BATS_TEST_TMPDIR
	: >"$dir/empty"
	run --separate-stderr with_meminfo "$dir/empty" "$FREE"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == *"/proc/meminfo: empty"* ]]
	if [ -x "$PP_FREE" ]; then
		run with_meminfo "$dir/empty" "$PP_FREE"
		[ "$status" -eq 1 ]
	fi
}

@test "free --json: valid JSON whatever /proc/meminfo holds (negative, huge values)" {
	require_namespace
	require_cmd python3
	local dir=$BATS_TEST_TMPDIR/odd f failed=0
	mkdir "$dir"
	odd_meminfo "$dir"
	for f in "$dir"/* "$MEMINFO_DIR"/huge-8p "$MEMINFO_DIR"/lxc-distorted; do
		[ "$(basename "$f")" != empty ] || continue
		with_meminfo "$f" "$FREE" --json -l -t -v >"$dir.json" || failed=1
		python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$dir.json" ||
			{ echo "invalid JSON for $(basename "$f"):"; cat "$dir.json"; failed=1; }
	done
	[ "$failed" -eq 0 ]
	# the figures are procps' -b figures, signed
	with_meminfo "$dir/free-above-total" "$FREE" --json >"$dir.json"
	python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))["memory"][0]
assert m["used"] == -512000 and m["total"] == 1024000, m' "$dir.json"
}

@test "free: a missing /proc/meminfo is an error naming it" {
	require_namespace
	local dir=$BATS_TEST_TMPDIR rc=0
	# an empty directory over /proc: the file is gone
	mkdir "$dir/noproc"
	NS_BINDS="$dir/noproc:/proc" in_namespace "$FREE" >"$dir/out" 2>&1 || rc=$?
	[ "$rc" -ne 99 ] || skip "cannot bind-mount a directory over /proc here"
	cat "$dir/out"
	[ "$rc" -eq 1 ]
	grep -q '/proc/meminfo: No such file or directory' "$dir/out"
}

@test "free -c: works without -s (one-second interval) and separates blocks by a blank line" {
	require_namespace
	SECONDS=0
	run with_meminfo "$MEMINFO_DIR/server-64g-swap" "$FREE" -c 2
	[ "$status" -eq 0 ]
	[ "$SECONDS" -ge 1 ]
	[ "${#lines[@]}" -eq 6 ]	# run drops the blank line from lines[]
	[ "$(grep -c '^$' <<<"$output")" -eq 1 ]
}

@test "free -s: a closed pipe ends it promptly and silently" {
	local dir=$BATS_TEST_TMPDIR
	run bash -c '"$1" -s 0.05 2>"$2" | head -n 1; echo "${PIPESTATUS[0]}"' sh "$FREE" "$dir/err"
	[ "${lines[0]}" = "               total        used        free      shared  buff/cache   available" ]
	[ "${lines[1]}" -eq 141 ] || [ "${lines[1]}" -eq 0 ]
	[ ! -s "$dir/err" ]
	# with SIGPIPE ignored, EPIPE ends it just as well
	run timeout 10 bash -c 'trap "" PIPE; "$1" -s 0.05 2>"$2" | head -n 1; echo "${PIPESTATUS[0]}"' sh "$FREE" "$dir/err"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" -eq 0 ]
	[ ! -s "$dir/err" ]
}

@test "free -s: SIGINT ends it between blocks, as a death by SIGINT" {
	local dir=$BATS_TEST_TMPDIR pid rc
	# background jobs of a script ignore SIGINT: restore the default
	env --default-signal=INT "$FREE" -s 0.02 >"$dir/out" 2>"$dir/err" &
	pid=$!
	sleep 0.3
	kill -INT "$pid"
	wait "$pid" && rc=0 || rc=$?
	[ "$rc" -eq 130 ]
	[ ! -s "$dir/err" ]
	# the last block is whole
	[ "$(grep -v '^$' "$dir/out" | tail -n 1 | cut -c1-5)" = "Swap:" ]
}

@test "free --help and --version" {
	run "$FREE" --help
	[ "$status" -eq 0 ]
	local o
	for o in --bytes --kilo --mega --giga --tera --peta --kibi --mebi --gibi --tebi \
		--pebi --human --si --lohi --line --total --committed --seconds --count \
		--wide --json --help --version; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
	done
	run "$FREE" -V
	[ "$status" -eq 0 ]
	[[ "$output" == "free from swaptools "* ]]
}

@test "free links only libsmartcols and libc (libswap is linked in statically)" {
	require_cmd ldd
	local bin=$FREE
	[ "$(head -c 4 "$bin" | tail -c 3)" = ELF ] || skip "$bin is not an ELF binary"
	run ldd "$bin"
	[ "$status" -eq 0 ]
	echo "$output"
	[[ "$output" == *libsmartcols.so* ]]
	local allowed='linux-vdso|libsmartcols\.so|libc\.so|ld-linux'
	# a sanitizer build adds its runtimes and what they need
	[[ "$output" == *libasan* ]] && allowed+='|libasan|libubsan|libstdc\+\+|libgcc_s|libm\.so'
	[ -z "$(grep -vE "$allowed" <<<"$output")" ]
}
