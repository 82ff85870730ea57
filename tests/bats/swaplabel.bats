#!/usr/bin/env bats
# swaplabel: util-linux's output and exit codes, only the UUID and label
# bytes change, and refusals change nothing.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common

UUID=4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb
UUID2=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
SRCDIR=${top_srcdir:-$BATS_TEST_DIRNAME/../..}

# scratch: $d becomes this test's scratch directory.
scratch() {
	d=$(scratch_dir)
}

# pair MKSWAP-ARGS...: $d/ul/area and $d/our/area, one swap area made by
# util-linux mkswap on a 1 MiB file, copied.
pair() {
	scratch
	mkdir -p "$d/ul" "$d/our"
	make_file "$d/ul/area" 1M
	"$UL_MKSWAP" -q "$@" "$d/ul/area"
	make_file "$d/our/area" 1M
	cp "$d/ul/area" "$d/our/area"
}

# run_pair ARGS...: util-linux and our swaplabel, each in its directory.
run_pair() {
	ul_rc=0 our_rc=0
	(cd "$d/ul" && "$UL_SWAPLABEL" "$@" >out 2>err) || ul_rc=$?
	(cd "$d/our" && "$SWAPLABEL" "$@" >out 2>err) || our_rc=$?
}

same_pair() {
	if [ "$ul_rc" -ne "$our_rc" ]; then
		echo "exit status: util-linux $ul_rc, ours $our_rc"
		cat "$d/ul/err" "$d/our/err"
		return 1
	fi
	diff -u "$d/ul/out" "$d/our/out"
	diff -u "$d/ul/err" "$d/our/err"
	cmp "$d/ul/area" "$d/our/area"
}

refused() {
	local area=$1 before
	shift
	before=$(sha "$area")
	run "$@"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$(sha "$area")" = "$before" ]
}

@test "swaplabel --help and --version" {
	run "$SWAPLABEL" --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Usage:" ]
	[ "${lines[1]}" = " swaplabel [options] <device>" ]
	[ "${lines[-1]}" = "For more details see swaplabel(8)." ]
	for o in "-L, --label" "-U, --uuid" "-h, --help" "-V, --version"; do
		[[ "$output" == *" $o"* ]] || { echo "missing $o"; return 1; }
	done
	run "$SWAPLABEL" -V
	[[ "$output" == "swaplabel from swaptools "* ]]
}

@test "swaplabel man page and bash completion know every option" {
	[ -f "$SRCDIR/man/swaplabel.8" ] || skip "no source tree"
	man=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$SRCDIR/man/swaplabel.8")
	comp=$(cat "$SRCDIR/bash-completion/swaplabel")
	for o in --label --uuid --help --version; do
		[[ "$man" == *"$o"* ]] || { echo "man page lacks $o"; return 1; }
		[[ "$comp" == *"$o"* ]] || { echo "completion lacks $o"; return 1; }
	done
	run bash -c "source '$SRCDIR/bash-completion/swaplabel' && complete -p swaplabel"
	[ "$status" -eq 0 ]
}

@test "swaplabel DEV prints label and UUID as util-linux" {
	for args in "-L lab -U $UUID" "-U $UUID" "-U clear" "-L only -U clear" \
		    "-p 65536 -L big -U $UUID" "-p 8192 -U $UUID"; do
		eval pair "$args"
		run_pair area
		same_pair || { echo "mkswap $args"; return 1; }
	done
}

@test "swaplabel -L/-U: util-linux's bytes, only bytes 1036..1067 change" {
	for args in "-L newlabel" "-U $UUID2" "-L both -U $UUID2" "-L ''" "-L 0123456789abcdefghij"; do
		pair -L old -U "$UUID" -p 8192
		cp "$d/our/area" "$d/before"
		eval run_pair "$args" area
		same_pair || { echo "swaplabel $args"; return 1; }
		[ "$our_rc" -eq 0 ]
		# every changed byte (cmp -l counts from 1) lies in 1037..1068
		cmp -l "$d/before" "$d/our/area" | awk '$1 < 1037 || $1 > 1068 { bad = 1 } END { exit bad }'
	done
	grep -q "label is too long. Truncating it to '0123456789abcde'" "$d/our/err"
}

@test "swaplabel: blkid sees the new label and UUID" {
	pair -L old -U "$UUID"
	run "$SWAPLABEL" -L fresh -U "$UUID2" "$d/our/area"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(blkid -p -o value -s LABEL "$d/our/area")" = fresh ]
	[ "$(blkid -p -o value -s UUID "$d/our/area")" = "$UUID2" ]
	[ "$(blkid -p -o value -s TYPE "$d/our/area")" = swap ]
}

@test "swaplabel -U clear / random / time" {
	pair -L keep -U "$UUID"
	"$SWAPLABEL" -U clear "$d/our/area"
	run "$SWAPLABEL" "$d/our/area"
	[ "$output" = "LABEL: keep" ]
	for k in random time; do
		"$SWAPLABEL" -U $k "$d/our/area"
		run "$SWAPLABEL" "$d/our/area"
		[[ "${lines[1]}" =~ ^UUID:\ \ [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]]
	done
}

@test "swaplabel on a big-endian area changes the same bytes" {
	[ -x "$MKSWAP" ] || skip "no mkswap"
	scratch
	make_file "$d/be" 1M
	"$MKSWAP" -q -e big -L be -U "$UUID" "$d/be"
	cp "$d/be" "$d/before"
	"$SWAPLABEL" -L changed -U "$UUID2" "$d/be"
	run "$SWAPLABEL" "$d/be"
	[ "${lines[0]}" = "LABEL: changed" ]
	[ "${lines[1]}" = "UUID:  $UUID2" ]
	cmp -l "$d/before" "$d/be" | awk '$1 < 1037 || $1 > 1068 { bad = 1 } END { exit bad }'
}

@test "swaplabel: an invalid UUID is an error (util-linux exits 0), unchanged" {
	pair -L old -U "$UUID"
	refused "$d/our/area" "$SWAPLABEL" -U not-a-uuid "$d/our/area"
	[[ "$output" == *"failed to parse UUID: not-a-uuid"* ]]
	refused "$d/our/area" "$SWAPLABEL" -L new -U 4c08e1cd-3c82-46bf-a55b "$d/our/area"
}

@test "swaplabel: no swap signature, v0 and suspend areas are refused as util-linux" {
	scratch
	mkdir -p "$d/ul" "$d/our"
	for sig in none SWAP-SPACE S1SUSPEND; do
		make_file "$d/ul/area" 1M
		[ $sig = none ] || printf '%s' "$sig" |
			dd of="$d/ul/area" bs=1 seek=$((4096 - 10)) conv=notrunc status=none
		make_file "$d/our/area" 1M
		cp "$d/ul/area" "$d/our/area"
		for args in "" "-L x" "-U $UUID"; do
			before=$(sha "$d/our/area")
			eval run_pair "$args" area
			same_pair || { echo "$sig, swaplabel $args"; return 1; }
			[ "$our_rc" -eq 1 ]
			[ "$(sha "$d/our/area")" = "$before" ]
		done
	done
}

@test "swaplabel: usage errors as util-linux" {
	scratch
	mkdir -p "$d/ul" "$d/our"
	touch "$d/ul/area" "$d/our/area"
	for args in "" "-L" "--bogus area" "missing"; do
		eval run_pair "$args"
		same_pair || { echo "swaplabel $args"; return 1; }
	done
	# a second device is an error here (util-linux silently ignores it)
	run "$SWAPLABEL" "$d/our/area" "$d/ul/area"
	[ "$status" -eq 1 ]
}

@test "swaplabel: an active swap area is refused as active, unchanged" {
	require_root
	scratch
	make_file "$d/a" 1M
	"$UL_MKSWAP" -q -L act "$d/a"
	track_swap "$d/a"
	"$UL_SWAPON" "$d/a"
	refused "$d/a" "$SWAPLABEL" -L other "$d/a"
	[[ "$output" == *"$d/a: is an active swap area"* ]]
	# showing it still works
	run "$SWAPLABEL" "$d/a"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "LABEL: act" ]
}

@test "swaplabel on a loop device: same bytes as util-linux" {
	require_root
	pair -L old -U "$UUID"
	make_loop "$d/ul/area" >"$d/l1"
	make_loop "$d/our/area" >"$d/l2"
	"$UL_SWAPLABEL" -L new -U "$UUID2" "$(cat "$d/l1")"
	"$SWAPLABEL" -L new -U "$UUID2" "$(cat "$d/l2")"
	cmp "$d/ul/area" "$d/our/area"
	[ "$(blkid -p -o value -s LABEL "$(cat "$d/l2")")" = new ]
}
