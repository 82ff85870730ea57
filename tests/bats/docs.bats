#!/usr/bin/env bats
# Documentation drift: every option a tool's --help prints must appear in its
# man page and in its bash completion file, every page must format without
# groff warnings, and --version must carry configure's version.
#
# A missing tool, page or completion file is a failure, never a skip: the
# point of these tests is that the three cannot drift apart.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers/common

# tool:section of every command we ship
TOOLS="mkswap:8 swapon:8 swapoff:8 swaplabel:8 free:1 lsswap:8"

setup() {
	: "${top_srcdir:?top_srcdir is not set (make check sets it)}"
	MANDIR=$top_srcdir/man
	COMPDIR=$top_srcdir/bash-completion
}

# section TOOL: the man section of TOOL
section() {
	local t
	for t in $TOOLS; do
		[ "${t%%:*}" = "$1" ] && { echo "${t#*:}"; return; }
	done
	return 1
}

# help_options TOOL: every short and long option of `TOOL --help`, one per
# line.  An option line starts with blanks and a dash; its leading words are
# options ("-a,", "--all", "--discard[=<policy>]") and their arguments
# ("<list>", "SIZE"); the first other word starts the description, so a
# "-1" inside a description is never taken for an option.
help_options() {
	local bin
	bin=$(tool "$1")
	[ -x "$bin" ] || { echo "no executable for $1 (looked for '$bin')" >&2; return 1; }
	"$bin" --help | awk '
		/^[ \t]+-/ {
			for (i = 1; i <= NF; i++) {
				w = $i
				sub(/,$/, "", w)
				if (w ~ /^-[A-Za-z?]$/ || w ~ /^--[a-z][a-z0-9-]*([[=].*)?$/) {
					sub(/[[=].*/, "", w)
					print w
					continue
				}
				if (w ~ /^<[^>]*>$/ || w ~ /^[A-Z][A-Z0-9_]*$/ || w ~ /^\[.*\]$/)
					continue
				break
			}
		}' | sort -u
}

# roff_text PAGE: the page source with font changes and escapes a reader
# never sees removed, so "\fB\-\-show\fR" reads "--show".
roff_text() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRPC]//g' -e 's/\\f([A-Z][A-Z]//g' \
	    -e 's/\\f\[[^]]*\]//g' -e 's/\\&//g' -e 's/\\%//g' -e 's/\\(en/-/g' "$1"
}

# mentions OPTION: a grep -E pattern for OPTION as a word of its own
# ("--show" matches "--show=" and "--show," but not "--show-all").
mentions() {
	printf '(^|[^A-Za-z0-9-])%s([^A-Za-z0-9-]|$)' "$1"
}

# check_options TOOL KIND FILE TEXT-COMMAND...: every --help option of TOOL
# must occur in the output of TEXT-COMMAND (the text of FILE).
check_options() {
	local t=$1 kind=$2 file=$3 opts opt missing=""
	shift 3
	if [ ! -f "$file" ]; then
		echo "$t: $kind $file does not exist"
		return 1
	fi
	opts=$(help_options "$t") || return 1
	if [ "$(wc -l <<<"$opts")" -lt 3 ]; then
		echo "$t --help: found only '$opts' as options; is the help text parseable?"
		return 1
	fi
	local text
	text=$("$@" "$file")
	for opt in $opts; do
		grep -qE -e "$(mentions "$opt")" <<<"$text" || missing="$missing $opt"
	done
	if [ -n "$missing" ]; then
		echo "$t: options of --help missing from $kind ${file#"$top_srcdir"/}:$missing"
		return 1
	fi
}

check_man() {
	local t=$1 sec
	sec=$(section "$t")
	check_options "$t" "man page" "$MANDIR/$t.$sec" roff_text
}

check_completion() {
	check_options "$1" "completion file" "$COMPDIR/$1" cat
}

@test "mkswap: every --help option is in man/mkswap.8" { check_man mkswap; }
@test "swapon: every --help option is in man/swapon.8" { check_man swapon; }
@test "swapoff: every --help option is in man/swapoff.8" { check_man swapoff; }
@test "swaplabel: every --help option is in man/swaplabel.8" { check_man swaplabel; }
@test "free: every --help option is in man/free.1" { check_man free; }
@test "lsswap: every --help option is in man/lsswap.8" { check_man lsswap; }

@test "mkswap: every --help option is in bash-completion/mkswap" { check_completion mkswap; }
@test "swapon: every --help option is in bash-completion/swapon" { check_completion swapon; }
@test "swapoff: every --help option is in bash-completion/swapoff" { check_completion swapoff; }
@test "swaplabel: every --help option is in bash-completion/swaplabel" { check_completion swaplabel; }
@test "free: every --help option is in bash-completion/free" { check_completion free; }
@test "lsswap: every --help option is in bash-completion/lsswap" { check_completion lsswap; }

@test "swapon: every --show column and discard policy of --help is in the page and the completion" {
	local help words w missing=""
	help=$("$(tool swapon)" --help)
	# "Available output columns:" and "Available discard policy types"
	# blocks: one " WORD  description" line each, up to a blank line.
	words=$(awk '/^Available (output columns|discard policy)/ { on = 1; next }
		     /^$/ { on = 0 }
		     on && /^[ \t]/ && $1 ~ /^[A-Za-z]+$/ { print $1 }' <<<"$help")
	[ "$(wc -w <<<"$words")" -ge 7 ] || { echo "no columns found in swapon --help"; false; }
	for w in $words; do
		grep -qw -e "$w" "$COMPDIR/swapon" || missing="$missing completion:$w"
		roff_text "$MANDIR/swapon.8" | grep -qw -e "$w" || missing="$missing man:$w"
	done
	[ -z "$missing" ] || { echo "missing:$missing"; false; }
}

@test "every completion file registers its tool and completes all long options" {
	local bc=/usr/share/bash-completion/bash_completion
	[ -f "$bc" ] || skip "bash-completion is not installed ($bc)"
	local t opt reply fails=""
	for t in mkswap swapon swapoff swaplabel free lsswap; do
		[ -f "$COMPDIR/$t" ] || { fails="$fails $t:no-file"; continue; }
		for opt in $(help_options "$t" | grep -e '^--'); do
			# Complete the whole option as the last word, as a user
			# pressing TAB after typing it would; the answer must
			# offer it (possibly as "--opt=").
			reply=$(bash --norc --noprofile -c '
				source "$1" && source "$2" || exit 90
				fn=$(complete -p "$3" 2>/dev/null | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
				[ -n "$fn" ] || exit 91
				COMP_WORDS=("$3" "$4"); COMP_CWORD=1
				COMP_LINE="$3 $4"; COMP_POINT=${#COMP_LINE}
				COMPREPLY=()
				"$fn" "$3" "$4" "$3"
				printf "%s\n" "${COMPREPLY[@]}"
			' sh "$bc" "$COMPDIR/$t" "$t" "$opt") || {
				fails="$fails $t:no-complete-F-function"
				break
			}
			grep -qxE -e "$opt(=.*)?" <<<"$reply" || fails="$fails $t:$opt"
		done
	done
	[ -z "$fails" ] || { echo "not completed:$fails"; false; }
}

# complete_line TOOL LINE: how LINE reads after accepting each candidate the
# tool's completion offers for its last word, one per line, as an interactive
# bash would show it.  Readline splits words at blanks and also makes every
# run of COMP_WORDBREAKS characters ("=", ":") a word of its own, and it
# replaces only the text after the last of them: so "--show=NAME,S" is the
# words "--show" "=" "NAME,S", and a candidate must be "NAME,SIZE", not
# "--show=NAME,SIZE".
COMPLETE_LINE='
	source "$1" && source "$2" || exit 90
	spec=$(complete -p "$3" 2>/dev/null) || exit 91
	fn=${spec#*-F }; fn=${fn%% *}
	line=$4
	words=(); w=""; prevc=""
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ $c == [[:blank:]] ]]; then
			[ -n "$w" ] && words+=("$w")
			w=""
		elif [[ $c == [=:] ]]; then
			if [[ -n $w && $prevc != [=:] ]]; then words+=("$w"); w=""; fi
			w+=$c
		else
			if [[ $prevc == [=:] ]]; then words+=("$w"); w=""; fi
			w+=$c
		fi
		prevc=$c
	done
	words+=("$w")
	COMP_WORDS=("${words[@]}"); COMP_CWORD=$((${#words[@]} - 1))
	COMP_LINE=$line; COMP_POINT=${#line}; COMP_TYPE=9; COMP_KEY=9
	COMPREPLY=()
	"$fn" "$3" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	stem=${line%"${line##*[[:blank:]=:]}"}
	for r in "${COMPREPLY[@]}"; do printf "%s\n" "$stem$r"; done
'
complete_line() {
	bash --norc --noprofile -c "$COMPLETE_LINE" sh \
		/usr/share/bash-completion/bash_completion "$COMPDIR/$1" "$1" "$2"
}

@test "completion of option values works as in an interactive bash" {
	[ -f /usr/share/bash-completion/bash_completion ] ||
		skip "bash-completion is not installed"
	local c t line want got fails="" cols col
	# LINE|a line the candidates must include
	while IFS='|' read -r line want; do
		[ -n "$line" ] || continue
		t=${line%% *}
		got=$(complete_line "$t" "$line" 2>/dev/null)
		grep -qxF -e "$want" <<<"$got" ||
			fails="$fails"$'\n'"  '$line' + TAB should give '$want', gives: $(echo $got | cut -c1-100)"
	done <<-'EOF'
	swapon --sh|swapon --show
	swapon --show=NAME,S|swapon --show=NAME,SIZE
	swapon --show=|swapon --show=NAME
	swapon --discard=o|swapon --discard=once
	swapon --discard=p|swapon --discard=pages
	swapon -o nof|swapon -o nofail
	swapon -o pri=1,dis|swapon -o pri=1,discard
	swapon -o discard=p|swapon -o discard=pages
	mkswap --lock=n|mkswap --lock=nonblock
	mkswap --endianness=l|mkswap --endianness=little
	mkswap -e b|mkswap -e big
	mkswap -U r|mkswap -U random
	swaplabel -U c|swaplabel -U clear
	swapoff --al|swapoff --all
	free --gi|free --gibi
	EOF
	# every output column of swapon --help
	cols=$("$(tool swapon)" --help | awk '/^Available output columns/ { on = 1; next }
		/^$/ { on = 0 } on && /^[ \t]/ { print $1 }')
	got=$(complete_line swapon "swapon --show=" 2>/dev/null)
	for col in $cols; do
		grep -qxF -e "swapon --show=$col" <<<"$got" ||
			fails="$fails"$'\n'"  'swapon --show=' + TAB does not offer $col"
	done
	[ -z "$fails" ] || { echo "completion problems:$fails"; false; }
}

@test "every completion file is valid bash" {
	local t fails=""
	for t in mkswap swapon swapoff swaplabel free lsswap; do
		[ -f "$COMPDIR/$t" ] || { fails="$fails $t:missing"; continue; }
		bash -n "$COMPDIR/$t" || fails="$fails $t"
	done
	[ -z "$fails" ] || { echo "bad completion files:$fails"; false; }
}

@test "every man page formats without groff warnings" {
	require_cmd groff
	local p out fails=""
	for p in mkswap.8 swapon.8 swapoff.8 swaplabel.8 free.1 lsswap.8 libswap.3; do
		[ -f "$MANDIR/$p" ] || { fails="$fails $p:missing"; continue; }
	done
	for p in "$MANDIR"/*.[1-8]; do
		out=$(LC_ALL=C groff -man -ww -z "$p" 2>&1)
		[ -z "$out" ] || { echo "$out"; fails="$fails ${p##*/}"; }
	done
	[ -z "$fails" ] || { echo "failed:$fails"; false; }
}

@test "every tool page has the sections a distribution expects" {
	local t sec page s heads missing=""
	for t in mkswap swapon swapoff swaplabel free lsswap; do
		sec=$(section "$t")
		page=$MANDIR/$t.$sec
		[ -f "$page" ] || { missing="$missing $t.$sec:missing"; continue; }
		heads=$(sed -n 's/^\.SH *//p' "$page" | tr -d '"')
		for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" "SEE ALSO"; do
			grep -qx -e "$s" <<<"$heads" || missing="$missing $t.$sec:'$s'"
		done
		grep -qxE 'EXAMPLES?' <<<"$heads" || missing="$missing $t.$sec:'EXAMPLES'"
		# what differs from util-linux / procps-ng
		grep -qE 'COMPATIBILITY|DIFFERENCES' <<<"$heads" ||
			missing="$missing $t.$sec:'DIFFERENCES or COMPATIBILITY'"
	done
	[ -z "$missing" ] || { echo "missing sections:$missing"; false; }
}

@test "pages name the files the tools read" {
	local missing=""
	# tool:file pairs: the files each tool reads
	local p t f
	for p in swapon:/etc/fstab swapon:/proc/swaps swapoff:/etc/fstab \
		 swapoff:/proc/swaps free:/proc/meminfo lsswap:/proc/swaps; do
		t=${p%%:*} f=${p#*:}
		roff_text "$MANDIR/$t.$(section "$t")" 2>/dev/null | grep -qF -e "$f" ||
			missing="$missing $t:$f"
	done
	[ -z "$missing" ] || { echo "not mentioned:$missing"; false; }
}

# header_functions: the functions libswap.h declares (a prototype line starts
# with its return type, never inside a comment), one per line, sorted
header_functions() {
	grep -E '^[a-z][a-z0-9_ ]*[ *]swap_[a-z]+_[a-z_]+\(' "$top_srcdir/lib/libswap.h" |
		grep -oE 'swap_[a-z]+_[a-z_]+\(' | tr -d '(' | sort -u
}

@test "libswap.3 and libswap.h declare the same functions, each one described" {
	local page=$MANDIR/libswap.3 declared synopsis described listed f missing=""
	[ -f "$page" ] || { echo "man/libswap.3 does not exist"; false; }
	declared=$(header_functions)
	[ "$(wc -l <<<"$declared")" -ge 20 ]
	# the SYNOPSIS prototypes (.BI lines) name exactly the header's functions
	synopsis=$(grep -E '^\.BI ' "$page" | grep -oE '\bswap_[a-z]+_[a-z_]+\(' | tr -d '(' | sort -u)
	[ "$declared" = "$synopsis" ] ||
		{ echo "libswap.h (<) and the SYNOPSIS of libswap.3 (>) differ:";
		  diff <(echo "$declared") <(echo "$synopsis"); false; }
	# every function the page names in its text (".BR swap_x_y ()", also
	# grouped: '.BR swap_x_open "(), " swap_x_next ()') ...
	described=$(grep -E '^\.BR? ' "$page" | grep -oE '\bswap_[a-z]+_[a-z_]+ "?\(\)' |
		awk '{ print $1 }' | sort -u)
	# ... covers every declared function (its description) ...
	for f in $declared; do
		grep -qx -e "$f" <<<"$described" || missing="$missing $f"
	done
	[ -z "$missing" ] || { echo "described nowhere in libswap.3:$missing"; false; }
	# ... and exists in the header and the .sym
	listed=$(grep -oE '^[[:space:]]+swap_[a-z]+_[a-z_]+;' "$top_srcdir/lib/libswap.sym" | tr -d ' \t;' | sort -u)
	for f in $described; do
		grep -qx -e "$f" <<<"$declared" || missing="$missing $f(header)"
		grep -qx -e "$f" <<<"$listed" || missing="$missing $f(.sym)"
	done
	[ -z "$missing" ] || { echo "libswap.3 documents functions that do not exist:$missing"; false; }
}

@test "every tool prints 'TOOL from swaptools VERSION' with configure's version" {
	: "${top_builddir:?top_builddir is not set (make check sets it)}"
	local version t bin fails=""
	version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
	[ -n "$version" ] || { echo "no PACKAGE_VERSION in $top_builddir/config.h"; false; }
	for t in mkswap swapon swapoff swaplabel free lsswap; do
		bin=$(tool "$t")
		for o in --version -V; do
			run "$bin" "$o"
			# mkswap and swaplabel keep util-linux's shape (tested there)
			[ "$status" -eq 0 ] && [[ "$output" == "$t from swaptools $version"?(", matching util-linux "*) ]] ||
				fails="$fails [$t $o: status $status, '$output']"
		done
	done
	[ -z "$fails" ] || { echo "expected 'TOOL from swaptools $version':$fails"; false; }
}

@test "free.1: the jq examples print as written and run against free --json" {
	require_cmd groff
	require_cmd jq
	local lines l n=0 fails=""
	# the page as a reader sees it on an 80-column terminal, plain ASCII
	lines=$(LC_ALL=C groff -man -Tascii -P-cbou "$MANDIR/free.1" 2>/dev/null |
		sed -n 's/^ *\(free .*| *jq .*\)$/\1/p')
	[ -n "$lines" ] || { echo "no 'free ... | jq ...' example in free.1"; false; }
	while IFS= read -r l; do
		# -s/-c sample forever: the one-shot examples run
		case " $l " in *" -s "* | *" -c "*) continue ;; esac
		n=$((n + 1))
		run bash -c "set -o pipefail; ${l/#free/\"\$1\"}" sh "$(tool free)"
		[ "$status" -eq 0 ] && [ -n "$output" ] && [[ "$output" != *error* ]] ||
			fails="$fails"$'\n'"  $l: status $status: $output"
	done <<<"$lines"
	[ "$n" -ge 2 ] || { echo "only $n runnable examples: $lines"; false; }
	[ -z "$fails" ] || { echo "examples that do not run:$fails"; false; }
}

@test "completing swap areas and tags (TAB after -L, -U, LABEL=) never writes the blkid cache" {
	require_root
	[ -f /usr/share/bash-completion/bash_completion ] || skip "bash-completion is not installed"
	require_cmd blkid
	local area cache line got fails=""
	area=$(scratch_dir)/tab.swap
	cache=$BATS_TEST_TMPDIR/blkid.tab
	make_file "$area" 40M
	track_swap "$area"
	"$(tool mkswap)" -L swt-tabcache "$area" >/dev/null
	"$(tool swapon)" "$area"
	# BLKID_FILE moves libblkid's cache (normally /run/blkid/blkid.tab)
	# to a file this test watches
	for line in "swapoff -L " "swapoff LABEL=" "swapoff -U " "swapoff " \
		"swapon -L " "swapon LABEL=" "swapon " "swaplabel "; do
		got=$(BLKID_FILE=$cache complete_line "${line%% *}" "$line" 2>/dev/null)
		if [ -e "$cache" ]; then
			fails="$fails"$'\n'"  '$line' + TAB wrote $cache"
			rm -f "$cache" "$cache.old"
		fi
		[ "$line" != "swapoff -L " ] || grep -qx 'swapoff -L swt-tabcache' <<<"$got" ||
			fails="$fails"$'\n'"  'swapoff -L ' + TAB does not offer swt-tabcache: $(echo $got)"
	done
	[ -z "$fails" ] || { echo "completion problems:$fails"; false; }
}
