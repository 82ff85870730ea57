#!/usr/bin/env bats
# The build: libswap needs nothing but libc.  (Its exported symbols are
# checked on the installed copy in install.bats, the tools' --version in
# docs.bats.)
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common

@test "libswap links libc only" {
	lib=$(ls "$top_builddir"/lib/.libs/libswap.so.* | head -n1)
	run sh -c "readelf -d '$lib' | grep NEEDED"
	[ "$status" -eq 0 ]
	[[ "$output" == *libc.so* ]]
	# a sanitizer build (--enable-sanitizers) adds its runtimes
	[ -z "$(grep -vE 'libc\.so|libasan|libubsan' <<<"$output")" ]
}
