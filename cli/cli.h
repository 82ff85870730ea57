/*
 * Helpers shared by the swaptools commands.  They know the command line,
 * never the swap format (that is libswap's).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SWAPTOOLS_CLI_H
#define SWAPTOOLS_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>

/* Exit status for usage errors; tools with other conventions pass their own. */
#define CLI_EXIT_USAGE 1

/* Program name as invoked (basename of argv[0]). */
const char *cli_progname(void);

/* cli_init - record the program name, set the locale and register
 * cli_close_stdout() with atexit(). */
void cli_init(int argc, char **argv);
/* cli_init_nolocale - cli_init() without setlocale(): for a tool whose
 * output must not follow the locale and that runs in monitoring loops,
 * where loading the locale costs more than the rest of the run (free). */
void cli_init_nolocale(int argc, char **argv);

/* cli_print_version - "NAME from swaptools VERSION" on stdout, exit 0. */
__attribute__((noreturn)) void cli_print_version(void);
/* The util-linux release whose behaviour mkswap and swaplabel match. */
#define CLI_UTIL_LINUX_RELEASE "2.42.2"
/* cli_print_version_ul - util-linux's -V shape for the tools that have
 * it: "NAME from swaptools VERSION, matching util-linux 2.42.2" and, with
 * a NULL-terminated @features list, " (features: a, b)"; exit 0. */
__attribute__((noreturn)) void cli_print_version_ul(const char *const *features);

/* cli_warnx - "prog: message" on stderr. */
__attribute__((format(printf, 1, 2))) void cli_warnx(const char *fmt, ...);
/* cli_warn - "prog: message: strerror(errnum)" on stderr (errnum > 0). */
__attribute__((format(printf, 2, 3))) void cli_warn(int errnum, const char *fmt, ...);
/* cli_errx / cli_err - as above, then exit(status). */
__attribute__((noreturn, format(printf, 2, 3))) void cli_errx(int status, const char *fmt, ...);
__attribute__((noreturn, format(printf, 3, 4))) void cli_err(int status, int errnum, const char *fmt, ...);

/* cli_try_help - "Try 'prog --help' for more information." on stderr, exit. */
__attribute__((noreturn)) void cli_try_help(int status);
/* cli_bad_usage - "prog: message" + try-help line, exit(status). */
__attribute__((noreturn, format(printf, 2, 3))) void cli_bad_usage(int status, const char *fmt, ...);

/*
 * cli_strtoll_or_die - parse a whole decimal integer in [min, max]; on failure
 * print "prog: <what>: '<text>'" (garbage) or "prog: <what>: '<text>':
 * Numerical result out of range" (util-linux and procps wording), exit(status).
 */
long long cli_strtoll_or_die(const char *text, long long min, long long max,
			     const char *what, int status);

/* cli_set_oom_status - the exit status cli_xrealloc/cli_xstrdup use when
 * memory runs out (default 1). */
void cli_set_oom_status(int status);
/* cli_xrealloc, cli_xstrdup - realloc/strdup, or "cannot allocate memory"
 * and exit. */
void *cli_xrealloc(void *ptr, size_t size);
char *cli_xstrdup(const char *s);
/* cli_print_setup - mkswap's two lines on a new header ("Setting up
 * swapspace version 1, size = ...", then the label or "no label" and the
 * UUID), with util-linux's warning between them when the label was cut. */
void cli_print_setup(uint64_t bytes, const char *label, const unsigned char uuid[16],
		     int label_truncated);
/* cli_reopen_rw - open the file behind the checked descriptor @fd again
 * for writing (through /proc/self/fd; @path when there is no /proc), with
 * O_CLOEXEC and @flags (O_EXCL for a device), and make sure it is still the
 * file @info describes.  Returns: the descriptor, -ESTALE when it is
 * another file, or -errno from open. */
struct swap_area_info;
int cli_reopen_rw(int fd, const char *path, const struct swap_area_info *info, int flags);
/* The areas named on a command line (swapon, swapoff), in order: -L and -U
 * values as "LABEL=x"/"UUID=x" with tag 'L'/'U', operands with tag 0. */
struct cli_specs {
	char **spec;
	unsigned char *tag;
	size_t n;
};
void cli_specs_add(struct cli_specs *l, const char *tag, const char *value);
void cli_specs_free(struct cli_specs *l);
/* cli_fstab_path - the fstab to read, as libmount picks it: $LIBMOUNT_FSTAB
 * when set and not empty, else NULL (libswap's default, /etc/fstab). */
const char *cli_fstab_path(void);

/* cli_uuid_parse - in libcli-uuid.a: the -U argument of mkswap and
 * swaplabel: "clear" (all zero), "random", "time" or a UUID.
 * Returns: 0 with @uuid set, or -EINVAL (@uuid untouched). */
int cli_uuid_parse(const char *arg, unsigned char uuid[16]);

/* cli_selinux_label_swapfile - when SELinux is enabled (libselinux is
 * then loaded with dlopen), give the file @fd (@path, of @mode) the type
 * swapfile_t, as util-linux mkswap does; failures are util-linux's
 * messages and exit 1.  Without SELinux it does nothing. */
void cli_selinux_label_swapfile(int fd, const char *path, mode_t mode);

/* cli_close_stdout - flush stdout at exit; a write error (e.g. ENOSPC, EPIPE
 * is ignored) becomes "prog: write error" and exit status 1. */
void cli_close_stdout(void);

/*
 * cli_json_text - a copy of @s that is valid UTF-8, for a JSON cell: each
 * byte of a sequence that is not well-formed UTF-8 (RFC 3629) becomes the
 * four characters "\xNN" (lower-case hex, as util-linux's table output
 * escapes bytes), so nothing is lost and a strict parser accepts the
 * output; quotes and control characters are left to libsmartcols.
 * Returns: a malloc'ed string, or NULL (@s NULL, or out of memory).
 */
char *cli_json_text(const char *s);

/* cli_json_put - @s as the body of a JSON string on @f (the caller writes
 * the quotes): cli_json_text, then the JSON escapes of quotes, backslashes
 * and control characters.  Out of memory exits. */
void cli_json_put(FILE *f, const char *s);

/* cli_memcg_root - the root of the memory cgroup hierarchy: the v1 memory
 * controller's mount when it is there, else the v2 root; NULL for none.
 * A swap_process memcg path is relative to it. */
const char *cli_memcg_root(void);

/* cli_warn_skipped - util-linux's "PATH: parse error at line N -- ignored"
 * for each line the /proc/swaps iterator @it skipped (@path NULL:
 * /proc/swaps). */
struct swap_procswaps;
void cli_warn_skipped(const struct swap_procswaps *it, const char *path);

/*
 * cli_resolve_spec - in libcli-blkid.a: turn "LABEL=x", "UUID=x",
 * "PARTLABEL=x", "PARTUUID=x" into a device path through libblkid (a plain
 * path is returned as a copy).  Returns: a malloc'ed path, or NULL when no
 * device carries that tag.
 */
char *cli_resolve_spec(const char *spec);
/* cli_resolve_all - every device libblkid finds with the tag @token=@value
 * (after probing all devices): up to @max malloc'ed names into @names.
 * Returns: how many devices carry it (may exceed @max). */
size_t cli_resolve_all(const char *token, const char *value, char **names, size_t max);

#endif
