#!/usr/bin/env bats
# make install DESTDIR=... installs exactly what a distribution packages, the
# installed library exports only its API and is usable through pkg-config,
# and make uninstall removes every file again.
#
# Runs `make install` from $top_builddir into a directory under /tmp, so it
# also works in make distcheck (read-only source tree).  MAKEFLAGS and
# friends are dropped: this make is not a sub-make of the make running the
# tests, and must not try to share its jobserver.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common

# run_make TARGET...: make in the build tree with a clean environment
run_make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u GNUMAKEFLAGS \
		make -C "$top_builddir" --no-print-directory "$@" DESTDIR="$DEST"
}

# makevar NAME: the value of an installation variable of the build's
# Makefile (e.g. sbindir), with ${x} and $(x) references expanded.
makevar() {
	local v=$1 ref val guard=0
	val=$(sed -n "s/^$v = //p" "$top_builddir/Makefile" | head -n1)
	while [[ $val =~ \$[\{\(]([A-Za-z_]+)[\}\)] ]]; do
		ref=${BASH_REMATCH[1]}
		val=${val//"${BASH_REMATCH[0]}"/$(sed -n "s/^$ref = //p" "$top_builddir/Makefile" | head -n1)}
		guard=$((guard + 1))
		[ "$guard" -lt 20 ] || break
	done
	echo "$val"
}

setup_file() {
	: "${top_builddir:?top_builddir is not set (make check sets it)}"
	DEST=$(mktemp -d /tmp/swaptools-install.XXXXXX)
	export DEST
	suite_track "$DEST" "$DEST.log" "$DEST.status"
	run_make install >"$DEST.log" 2>&1
	echo $? >"$DEST.status"
}

teardown_file() {
	[ -n "${DEST:-}" ] && rm -rf "$DEST" "$DEST.log" "$DEST.status"
	return 0
}

setup() {
	for v in sbindir bindir includedir libdir mandir pkgconfigdir bashcompletiondir prefix; do
		eval "$v=\$(makevar $v)"
		[ -n "${!v}" ] || { echo "cannot read $v from $top_builddir/Makefile"; return 1; }
	done
	PC_LIBDIR=$DEST$libdir
}

# installed_files [DIR]: every file and symlink under DIR ($DEST), relative to it
installed_files() {
	(cd "${1:-$DEST}" && find . \( -type f -o -type l \) | sed 's/^\.//' | sort)
}

# expected_files: the exact list `make install` creates, as absolute paths
# of the configured layout, sorted.
expected_files() {
	local t info cur rev age
	info=$(makevar LIBSWAP_VERSION_INFO)
	IFS=: read -r cur rev age <<<"$info"
	{
		for t in mkswap swapon swapoff swaplabel lsswap; do
			echo "$sbindir/$t"
			echo "$mandir/man8/$t.8"
		done
		for t in mkswap swapon swapoff swaplabel free lsswap; do
			echo "$bashcompletiondir/$t"
		done
		echo "$bindir/free"
		echo "$mandir/man1/free.1"
		echo "$mandir/man3/libswap.3"
		echo "$includedir/libswap.h"
		echo "$pkgconfigdir/libswap.pc"
		echo "$libdir/libswap.la"
		echo "$libdir/libswap.so"
		echo "$libdir/libswap.so.$((cur - age))"
		echo "$libdir/libswap.so.$((cur - age)).$age.$rev"
	} | sort
}

# ro_make ARGS...: make ARGS in the build tree, in a private mount namespace
# where /usr, /etc and /var are read-only, so that any write outside the
# prefix or DESTDIR makes the install fail (EROFS) instead of changing the
# machine.  Exit 99: the namespace could not be set up.
ro_make() {
	unshare -m sh -c '
		for d in /usr /etc /var; do
			mount --bind "$d" "$d" && mount -o remount,bind,ro "$d" || exit 99
		done
		# the guard works: a write under /usr fails
		if touch /usr/.swaptools-ro-probe 2>/dev/null; then
			rm -f /usr/.swaptools-ro-probe
			echo "/usr is writable in the namespace" >&2
			exit 99
		fi
		exec "$@"
	' sh env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u GNUMAKEFLAGS \
		make -C "$top_builddir" --no-print-directory "$@"
}

# require_ro_namespace: root, unshare, and a build tree and /tmp outside
# the directories ro_make makes read-only.
require_ro_namespace() {
	require_root
	require_cmd unshare
	local d
	for d in "$top_builddir" "$BATS_FILE_TMPDIR"; do
		case $(readlink -f "$d")/ in
		/usr/* | /etc/* | /var/*) skip "$d lies under /usr, /etc or /var" ;;
		esac
	done
	unshare -m true 2>/dev/null || skip "unshare -m does not work here"
}

@test "make install DESTDIR succeeds" {
	if [ "$(cat "$DEST.status")" != 0 ]; then
		cat "$DEST.log"
		false
	fi
}

@test "make install installs exactly the tools, library, header, pc file, pages and completions" {
	local expected f missing="" extra=""
	expected="$sbindir/mkswap $sbindir/swapon $sbindir/swapoff $sbindir/swaplabel
		$bindir/free $includedir/libswap.h $pkgconfigdir/libswap.pc
		$mandir/man8/mkswap.8 $mandir/man8/swapon.8 $mandir/man8/swapoff.8
		$mandir/man8/swaplabel.8 $mandir/man1/free.1 $mandir/man3/libswap.3
		$bashcompletiondir/mkswap $bashcompletiondir/swapon
		$bashcompletiondir/swapoff $bashcompletiondir/swaplabel
		$bashcompletiondir/free $libdir/libswap.so
		$sbindir/lsswap $mandir/man8/lsswap.8 $bashcompletiondir/lsswap"
	for f in $expected; do
		[ -e "$DEST$f" ] || missing="$missing $f"
	done
	while IFS= read -r f; do
		case " $(echo $expected) " in *" $f "*) continue ;; esac
		case $f in "$libdir"/libswap.so.* | "$libdir"/libswap.la) continue ;; esac
		extra="$extra $f"
	done < <(installed_files)
	[ -z "$missing$extra" ] || { echo "missing:$missing"; echo "unexpected:$extra"; false; }
	# the tools are real programs, not the build tree's libtool scripts
	for f in $sbindir/mkswap $sbindir/swapon $sbindir/swapoff $sbindir/swaplabel $bindir/free $sbindir/lsswap; do
		[ "$(head -c4 "$DEST$f")" = $'\x7fELF' ] || { echo "$f is not an ELF file"; false; }
	done
}

@test "installed tools run from the staged library and print their version" {
	local t dir version
	version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
	for t in mkswap swapon swapoff swaplabel free lsswap; do
		dir=$sbindir
		[ "$t" = free ] && dir=$bindir
		run env LD_LIBRARY_PATH="$PC_LIBDIR" "$DEST$dir/$t" --version
		[ "$status" -eq 0 ] || { echo "$t: $output"; false; }
		# mkswap and swaplabel -V name the util-linux release they match
		[ "$output" = "$t from swaptools $version" ] ||
			[[ "$output" == "$t from swaptools $version, matching util-linux "* ]] ||
			{ echo "$t: '$output'"; false; }
		# nothing points back into the build tree
		run sh -c "readelf -d '$DEST$dir/$t' | grep -E 'R(UN)?PATH'"
		[[ "$output" != *"$top_builddir"* ]] || { echo "$t: $output"; false; }
	done
}

@test "installed libswap.so exports only swap_* symbols, all in LIBSWAP_1.x nodes" {
	require_cmd nm
	local so syms bad declared exported
	so=$(readlink -f "$DEST$libdir/libswap.so")
	[ -f "$so" ]
	syms=$(nm -D --defined-only "$so" | awk '{ print $NF }')
	bad=$(grep -vxE 'LIBSWAP_1\.[0-9]+|swap_[a-z]+_[a-z_]+@@LIBSWAP_1\.[0-9]+' <<<"$syms" || true)
	[ -z "$bad" ] || { echo "unexpected exports: $bad"; false; }
	# the same set as the installed header declares
	declared=$(grep -oE '\bswap_[a-z]+_[a-z_]+\(' "$DEST$includedir/libswap.h" | tr -d '(' | sort -u)
	exported=$(grep -v '^LIBSWAP' <<<"$syms" | sed 's/@@.*//' | sort -u)
	[ "$declared" = "$exported" ] ||
		{ diff <(echo "$declared") <(echo "$exported"); false; }
}

@test "libswap.sym lists every export by name, in the node nm -D shows it in" {
	local sym=$top_srcdir/lib/libswap.sym so listed exported
	so=$(readlink -f "$DEST$libdir/libswap.so")
	[ -f "$so" ]
	! grep -qE '^[[:space:]]*swap_[a-z_]*\*' "$sym" || { echo "a glob in libswap.sym"; false; }
	# "name@@NODE" for every name of every node of the version script
	listed=$(awk '/^[A-Z0-9_.]+ *\{/ { node = $1 } /^[[:space:]]+swap_[a-z0-9_]+;/ {
		gsub(/[[:space:];]/, ""); print $0 "@@" node }' "$sym" | sort)
	exported=$(nm -D --defined-only "$so" | awk '{ print $NF }' | grep -v '^LIBSWAP' | sort)
	[ -n "$listed" ]
	[ "$listed" = "$exported" ] ||
		{ diff <(echo "$listed") <(echo "$exported"); false; }
}

@test "a program using libswap builds with pkg-config and runs" {
	require_cmd pkg-config
	local dir=$BATS_TEST_TMPDIR cc=${CC:-cc} flags
	cat >"$dir/t.c" <<-'EOF'
	#include <errno.h>
	#include <libswap.h>
	int main(void) { static unsigned char page[65536]; struct swap_header h = { 0 }; return swap_header_decode(page, sizeof(page), &h) == -ENOENT ? 0 : 1; }
	EOF
	# PKG_CONFIG_SYSROOT_DIR maps the .pc file's /usr/... paths into DESTDIR,
	# as a distribution's staged build does.
	flags=$(PKG_CONFIG_PATH="$DEST$pkgconfigdir" PKG_CONFIG_LIBDIR="$DEST$pkgconfigdir" \
		PKG_CONFIG_SYSROOT_DIR="$DEST" pkg-config --cflags --libs libswap)
	[[ "$flags" == *"-I$DEST"* && "$flags" == *"-L$DEST"* ]] || { echo "flags: $flags"; false; }
	run $cc -Wall -Werror -o "$dir/t" "$dir/t.c" $flags
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	run env LD_LIBRARY_PATH="$PC_LIBDIR" "$dir/t"
	[ "$status" -eq 0 ]
	# and it really used the staged copy
	run env LD_LIBRARY_PATH="$PC_LIBDIR" ldd "$dir/t"
	[[ "$output" == *"$PC_LIBDIR/libswap.so.1"* ]] || { echo "$output"; false; }
	# the pc file's version is configure's
	run env PKG_CONFIG_PATH="$DEST$pkgconfigdir" pkg-config --modversion libswap
	[ "$output" = "$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")" ]
}

# ro_install_round VAR=DIR STRIP: make install VAR=DIR with /usr, /etc, /var
# read-only; DIR must then hold exactly expected_files (with the configured
# STRIP prefix cut off), and make uninstall VAR=DIR must empty it again.
ro_install_round() {
	local assign=$1 strip=$2 dir=${1#*=} want got
	run ro_make install "$assign"
	[ "$status" -ne 99 ] || skip "cannot make /usr, /etc, /var read-only: $output"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	want=$(expected_files | sed "s|^$strip/|/|")
	got=$(installed_files "$dir")
	[ "$want" = "$got" ] || { diff <(echo "$want") <(echo "$got"); return 1; }
	run ro_make uninstall "$assign"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	run installed_files "$dir"
	[ -z "$output" ] || { echo "left behind: $output"; return 1; }
}

# new_target NAME: a new empty directory /tmp/swaptools-NAME.*, removed in
# teardown
new_target() {
	TARGET=$(mktemp -d "/tmp/swaptools-$1.XXXXXX")
	suite_track "$TARGET"
	track_file "$TARGET"
}

@test "make install prefix=TMP writes only under TMP: /usr, /etc, /var read-only; exact file list; uninstall empties it" {
	require_ro_namespace
	local d
	# every installation directory must follow ${prefix} for the override
	for d in "$sbindir" "$bindir" "$includedir" "$libdir" "$mandir" "$pkgconfigdir" "$bashcompletiondir"; do
		[[ $d == "$prefix"/* ]] || skip "$d is configured outside the prefix $prefix"
	done
	new_target prefix
	ro_install_round prefix="$TARGET" "$prefix"
}

@test "make install DESTDIR writes only under DESTDIR: /usr, /etc, /var read-only; exact file list; uninstall empties it" {
	require_ro_namespace
	new_target destdir
	ro_install_round DESTDIR="$TARGET" ""
}

@test "the completions directory follows the prefix unless --with-bashcompletiondir is given" {
	local raw
	raw=$(sed -n 's/^bashcompletiondir = //p' "$top_builddir/Makefile")
	# configure's default, or an explicit choice recorded in config.status
	if grep -q -- '--with-bashcompletiondir' "$top_builddir/config.status"; then
		skip "configured with --with-bashcompletiondir=$raw"
	fi
	[ "$raw" = '${datadir}/bash-completion/completions' ] || { echo "bashcompletiondir = $raw"; false; }
}

@test "configure without pkg-config says that pkg-config is missing" {
	local bin f out
	[ -x "$top_srcdir/configure" ] || skip "no configure script in $top_srcdir"
	[ ! -f "$top_srcdir/config.status" ] || skip "the source tree is configured in place: a second build cannot be configured from it"
	# a PATH with every command of the machine except pkg-config
	bin=$BATS_TEST_TMPDIR/bin
	mkdir -p "$bin"
	for f in /usr/local/bin /usr/bin /bin; do
		ln -s "$f"/* "$bin/" 2>/dev/null || true	# the first of a name wins
	done
	rm -f "$bin"/*pkg-config* "$bin"/pkgconf*
	mkdir "$BATS_TEST_TMPDIR/b"
	run bash -c 'cd "$1" && PATH=$2 timeout 300 "$3/configure" --quiet 2>&1' sh \
		"$BATS_TEST_TMPDIR/b" "$bin" "$top_srcdir"
	[ "$status" -ne 0 ]
	[[ "$output" == *"pkg-config not found: install pkg-config"* ]] || { echo "$output"; false; }
	[[ "$output" != *"libblkid-dev"* ]] || { echo "$output"; false; }
}

# Keep this test last: it removes what the others look at.
@test "make uninstall DESTDIR leaves no file behind" {
	run run_make uninstall
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	run installed_files
	[ -z "$output" ] || { echo "left behind: $output"; false; }
}
