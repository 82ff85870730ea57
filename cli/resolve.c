/*
 * LABEL=/UUID=/PARTLABEL=/PARTUUID= resolution through libblkid, for the
 * tools that accept such specs (swapon, swapoff).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * libblkid is loaded only when a tag has to be resolved: swapon --show,
 * swapon -a on paths and swapoff -a never need it, and linking it costs
 * every run about 190K instructions of relocation work at start-up
 * (measured with callgrind, see bench/README.md).
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define BLKID_SONAME "libblkid.so.1"

typedef char *(*evaluate_tag_fn)(const char *token, const char *value, void *cache);
typedef char *(*evaluate_spec_fn)(const char *spec, void *cache);

static void *blkid_symbol(const char *name)
{
	static void *handle;
	static int failed;

	if (!handle && !failed) {
		handle = dlopen(BLKID_SONAME, RTLD_NOW | RTLD_LOCAL);
		if (!handle) {
			failed = 1;
			cli_warnx("cannot load %s to resolve tags: %s (install libblkid1)",
				  BLKID_SONAME, dlerror());
		}
	}
	return handle ? dlsym(handle, name) : NULL;
}

char *cli_resolve_tag(const char *token, const char *value)
{
	evaluate_tag_fn evaluate = (evaluate_tag_fn)blkid_symbol("blkid_evaluate_tag");

	/* udev's /dev/disk/by-* links first, then a probe; a malloc'ed name */
	return evaluate ? evaluate(token, value, NULL) : NULL;
}

char *cli_resolve_spec(const char *spec)
{
	evaluate_spec_fn evaluate;

	if (!spec)
		return NULL;
	if (!strchr(spec, '='))
		return strdup(spec);
	evaluate = (evaluate_spec_fn)blkid_symbol("blkid_evaluate_spec");
	return evaluate ? evaluate(spec, NULL) : NULL;
}
