#!/usr/bin/env bats
# The build: every tool runs and libswap exports only swap_* symbols.
load helpers/common

@test "libswap exports only swap_<module>_<verb> symbols" {
	lib=$(ls "$top_builddir"/lib/.libs/libswap.so.* | head -n1)
	# nm names versioned symbols swap_x@@LIBSWAP_1.0: drop the version first
	run sh -c "nm -D --defined-only '$lib' | awk '{print \$3}' | sed 's/@.*//' | grep -v '^LIBSWAP_' | grep -v '^swap_[a-z]*_[a-z_]*$'"
	[ -z "$output" ]
	run sh -c "nm -D --defined-only '$lib' | grep -c ' T swap_'"
	[ "$output" -ge 20 ]
}

@test "libswap links libc only" {
	lib=$(ls "$top_builddir"/lib/.libs/libswap.so.* | head -n1)
	run sh -c "readelf -d '$lib' | grep NEEDED"
	[ "$status" -eq 0 ]
	[[ "$output" == *libc.so* ]]
	[[ "$output" != *blkid* && "$output" != *uuid* && "$output" != *smartcols* ]]
}

@test "every tool answers --version" {
	for t in mkswap swapon swapoff swaplabel free; do
		run "$(tool $t)" --version
		[ "$status" -eq 0 ]
		[[ "$output" == "$t from swaptools "* ]]
	done
}
