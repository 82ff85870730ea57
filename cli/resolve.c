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

typedef char *(*evaluate_tag_fn)(const char *token, const char *value, void **cache);
typedef char *(*evaluate_spec_fn)(const char *spec, void **cache);
typedef int (*get_cache_fn)(void **cache, const char *filename);
typedef void (*put_cache_fn)(void *cache);

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

/*
 * An empty cache, so that a scan probes every device afresh.  libblkid's
 * default cache (/run/blkid/blkid.tab) re-probes only device numbers it has
 * not seen: a loop device detached and attached again with another area
 * keeps its old LABEL/UUID there, and the tag is not found (or found on the
 * wrong device).  udev's /dev/disk/by-* links are still tried first.
 */
static void *fresh_cache(void)
{
	get_cache_fn get_cache = (get_cache_fn)blkid_symbol("blkid_get_cache");
	void *cache = NULL;

	if (!get_cache || get_cache(&cache, "/dev/null") != 0)
		return NULL;
	return cache;
}

static void drop_cache(void *cache)
{
	put_cache_fn put_cache = (put_cache_fn)blkid_symbol("blkid_put_cache");

	if (cache && put_cache)
		put_cache(cache);
}

char *cli_resolve_tag(const char *token, const char *value)
{
	evaluate_tag_fn evaluate = (evaluate_tag_fn)blkid_symbol("blkid_evaluate_tag");
	void *cache;
	char *name;

	if (!evaluate)
		return NULL;
	cache = fresh_cache();
	name = evaluate(token, value, cache ? &cache : NULL);
	drop_cache(cache);
	return name;	/* malloc'ed, or NULL */
}

char *cli_resolve_spec(const char *spec)
{
	evaluate_spec_fn evaluate;
	void *cache;
	char *name;

	if (!spec)
		return NULL;
	if (!strchr(spec, '='))
		return strdup(spec);
	evaluate = (evaluate_spec_fn)blkid_symbol("blkid_evaluate_spec");
	if (!evaluate)
		return NULL;
	cache = fresh_cache();
	name = evaluate(spec, cache ? &cache : NULL);
	drop_cache(cache);
	return name;
}
