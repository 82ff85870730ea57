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

#include <blkid.h>	/* prototypes only: nothing is linked */

#include "cli.h"

#define BLKID_SONAME "libblkid.so.1"

/* libblkid's function @name, typed as blkid.h declares it, or NULL. */
#define BLKID_FN(name) ((__typeof__(&name))blkid_symbol(#name))

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
static blkid_cache fresh_cache(void)
{
	__typeof__(&blkid_get_cache) get_cache = BLKID_FN(blkid_get_cache);
	blkid_cache cache = NULL;

	if (!get_cache || get_cache(&cache, "/dev/null") != 0)
		return NULL;
	return cache;
}

static void drop_cache(blkid_cache cache)
{
	__typeof__(&blkid_put_cache) put_cache = BLKID_FN(blkid_put_cache);

	if (cache && put_cache)
		put_cache(cache);
}

char *cli_resolve_spec(const char *spec)
{
	__typeof__(&blkid_evaluate_spec) evaluate;
	blkid_cache cache;
	char *name;

	if (!spec)
		return NULL;
	if (!strchr(spec, '='))
		return strdup(spec);
	evaluate = BLKID_FN(blkid_evaluate_spec);
	if (!evaluate)
		return NULL;
	cache = fresh_cache();
	name = evaluate(spec, cache ? &cache : NULL);
	drop_cache(cache);
	return name;
}

size_t cli_resolve_all(const char *token, const char *value, char **names, size_t max)
{
	__typeof__(&blkid_probe_all) probe_all = BLKID_FN(blkid_probe_all);
	__typeof__(&blkid_dev_iterate_begin) begin = BLKID_FN(blkid_dev_iterate_begin);
	__typeof__(&blkid_dev_set_search) search = BLKID_FN(blkid_dev_set_search);
	__typeof__(&blkid_dev_next) next = BLKID_FN(blkid_dev_next);
	__typeof__(&blkid_dev_iterate_end) end = BLKID_FN(blkid_dev_iterate_end);
	__typeof__(&blkid_dev_devname) devname = BLKID_FN(blkid_dev_devname);
	blkid_cache cache;
	blkid_dev_iterate iter;
	blkid_dev dev;
	size_t n = 0;

	if (!probe_all || !begin || !search || !next || !end || !devname)
		return 0;
	cache = fresh_cache();
	if (!cache)
		return 0;
	probe_all(cache);
	iter = begin(cache);
	if (iter) {
		search(iter, token, value);
		while (next(iter, &dev) == 0) {
			if (n < max)
				names[n] = strdup(devname(dev));
			n++;
		}
		end(iter);
	}
	drop_cache(cache);
	return n;
}
