#!/usr/bin/env bats
# libswap's ABI can grow: a program built against an older libswap.h, whose
# structs lack the fields added since, still gets right values from today's
# library and nothing written past its structs (the size rule of libswap.h);
# and no public struct is big (the 64 KiB swap_header must not come back).
#
# Needs a C compiler and the built library only: no root, no devices.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common

setup() {
	: "${top_srcdir:?top_srcdir is not set (make check sets it)}"
	: "${top_builddir:?top_builddir is not set (make check sets it)}"
	require_cmd "${CC:-cc}"
	LIBDIR=$top_builddir/lib/.libs
	[ -f "$LIBDIR/libswap.so" ] || { echo "no $LIBDIR/libswap.so: build first"; false; }
}

# build_against INCLUDEDIR OUT: compile $BATS_TEST_TMPDIR/t.c against the
# libswap.h in INCLUDEDIR and today's libswap.so
build_against() {
	"${CC:-cc}" -Wall -Wextra -Werror -I"$1" -o "$2" "$BATS_TEST_TMPDIR/t.c" \
		-L"$LIBDIR" -lswap -Wl,-rpath,"$LIBDIR"
}

@test "a program built against an older libswap.h runs against today's libswap" {
	local dir=$BATS_TEST_TMPDIR old new
	mkdir -p "$dir/old"
	# The "old" header: swap_meminfo without its last three fields (the
	# Total row's, added last), and swap_procswaps_entry without its last two.
	awk '
		/^struct swap_meminfo \{/ { in_mi = 1 }
		/^struct swap_procswaps_entry \{/ { in_pe = 1 }
		in_mi && /^[[:space:]]+uint64_t sum_(total|used|free);/ { next }
		in_pe && /^[[:space:]]+int (priority|deleted);/ { next }
		/^\};/ { in_mi = 0; in_pe = 0 }
		{ print }
	' "$top_srcdir/lib/libswap.h" >"$dir/old/libswap.h"
	# the five fields are really gone, nothing else (else the test proves
	# nothing), and they were the last ones of their structs
	run diff "$top_srcdir/lib/libswap.h" "$dir/old/libswap.h"
	[ "$(grep -c '^<' <<<"$output")" -eq 5 ] && [ "$(grep -c '^>' <<<"$output")" -eq 0 ] ||
		{ echo "$output"; false; }
	grep -q 'sum_total;' <<<"$output" && grep -q 'sum_free;' <<<"$output"
	awk '/^struct swap_meminfo \{/ { f = 1 } f && /^\};/ { print prev; exit } f { prev = $0 }' \
		"$top_srcdir/lib/libswap.h" | grep -q 'sum_free;'
	grep -q 'int priority;' <<<"$output" && grep -q 'int deleted;' <<<"$output"

	printf 'MemTotal:       16000000 kB\nMemFree:         4000000 kB\nMemAvailable:    9000000 kB\nSwapTotal:       2097148 kB\nSwapFree:        1048576 kB\nCommitLimit:    10000000 kB\nCommitted_AS:   12000000 kB\n' >"$dir/meminfo"
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/zram0                              partition\t8388604\t\t1234\t\t-2\n' >"$dir/swaps"
	cat >"$dir/t.c" <<-'EOF'
	#include <stdint.h>
	#include <stdio.h>
	#include <string.h>
	#include <libswap.h>

	#define CANARY 0x5a5a5a5a5a5a5a5aull

	/* a canary right after each struct: the library must not touch it */
	struct mi_box { struct swap_meminfo mi; uint64_t canary; };
	struct pe_box { struct swap_procswaps_entry e; uint64_t canary; };

	int main(int argc, char **argv)
	{
		struct mi_box m = { SWAP_MEMINFO_INIT, CANARY };
		struct pe_box p = { SWAP_PROCSWAPS_ENTRY_INIT, CANARY };
		struct swap_procswaps *it;
		int rc;

		if (argc != 3)
			return 2;
		rc = swap_meminfo_read(argv[1], &m.mi);
		printf("meminfo %d size %zu total %llu avail %llu swap_used %llu canary %s\n",
		       rc, m.mi.size, (unsigned long long)m.mi.mem_total,
		       (unsigned long long)m.mi.mem_available,
		       (unsigned long long)m.mi.swap_used,
		       m.canary == CANARY ? "intact" : "overwritten");
		if (swap_procswaps_open(argv[2], &it) < 0)
			return 1;
		rc = swap_procswaps_next(it, &p.e);
		printf("procswaps %d name %s type %s size %llu used %llu canary %s\n",
		       rc, p.e.name, p.e.type, (unsigned long long)p.e.size_kib,
		       (unsigned long long)p.e.used_kib,
		       p.canary == CANARY ? "intact" : "overwritten");
		swap_procswaps_close(it);
		return 0;
	}
	EOF
	build_against "$dir/old" "$dir/t-old"
	build_against "$top_srcdir/lib" "$dir/t-new"
	run "$dir/t-old" "$dir/meminfo" "$dir/swaps"
	[ "$status" -eq 0 ]
	old=$output
	run "$dir/t-new" "$dir/meminfo" "$dir/swaps"
	[ "$status" -eq 0 ]
	new=$output
	# the old build's structs are smaller: that is the point
	[ "$(sed -n 's/.* size \([0-9]*\) .*/\1/p' <<<"${old%%$'\n'*}")" -lt \
	  "$(sed -n 's/.* size \([0-9]*\) .*/\1/p' <<<"${new%%$'\n'*}")" ]
	# right values, canaries intact, in both builds
	local want_mi="total 16000000 avail 9000000 swap_used 1048572 canary intact"
	local want_pe="procswaps 1 name /dev/zram0 type partition size 8388604 used 1234 canary intact"
	[[ ${old%%$'\n'*} == "meminfo 0 size "*" $want_mi" ]] || { echo "old: $old"; false; }
	[[ ${new%%$'\n'*} == "meminfo 0 size "*" $want_mi" ]] || { echo "new: $new"; false; }
	[ "${old#*$'\n'}" = "$want_pe" ] || { echo "old: $old"; false; }
	[ "${new#*$'\n'}" = "$want_pe" ] || { echo "new: $new"; false; }
}

@test "no public struct of libswap.h is larger than 512 bytes" {
	local dir=$BATS_TEST_TMPDIR structs s n=0
	structs=$(grep -oE '^struct swap_[a-z_]+ \{' "$top_srcdir/lib/libswap.h" | awk '{ print $2 }' | sort -u)
	[ "$(wc -l <<<"$structs")" -ge 10 ]
	{
		echo '#include <stdio.h>'
		echo '#include <libswap.h>'
		echo 'int main(void) {'
		for s in $structs; do
			echo "	printf(\"%s %zu\\n\", \"$s\", sizeof(struct $s));"
		done
		echo '	return 0; }'
	} >"$dir/t.c"
	build_against "$top_srcdir/lib" "$dir/sizes"
	run "$dir/sizes"
	[ "$status" -eq 0 ]
	echo "$output"
	while read -r s size; do
		n=$((n + 1))
		[ "$size" -le 512 ] || { echo "struct $s is $size bytes"; false; }
	done <<<"$output"
	[ "$n" -eq "$(wc -l <<<"$structs")" ]
}

@test "the libswap(3) EXAMPLE builds against today's header and reads an area" {
	local dir=$BATS_TEST_TMPDIR
	# the program is the page's second .EX block (the first is the cc line)
	awk '/^\.EX/ { n++; if (n == 2) { f = 1; next } } /^\.EE/ { f = 0 } f' \
		"$top_srcdir/man/libswap.3" | sed 's/\\e/\\/g; s/\\-/-/g' >"$dir/t.c"
	grep -q 'int main' "$dir/t.c"
	build_against "$top_srcdir/lib" "$dir/example"
	truncate -s 1M "$dir/area"
	"$MKSWAP" -L hello "$dir/area" >/dev/null 2>&1
	run "$dir/example" "$dir/area"
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "$dir/area: swap, page size "* ]] || { echo "$output"; false; }
	[[ ${lines[1]} == '  label "hello", UUID '* ]] || { echo "$output"; false; }
}
