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

typedef int (*probe_all_fn)(void *cache);
typedef void *(*dev_iterate_begin_fn)(void *cache);
typedef int (*dev_set_search_fn)(void *iter, const char *type, const char *value);
typedef int (*dev_next_fn)(void *iter, void **dev);
typedef void (*dev_iterate_end_fn)(void *iter);
typedef const char *(*dev_devname_fn)(void *dev);

size_t cli_resolve_all(const char *token, const char *value, char **names, size_t max)
{
	probe_all_fn probe_all = (probe_all_fn)blkid_symbol("blkid_probe_all");
	dev_iterate_begin_fn begin = (dev_iterate_begin_fn)blkid_symbol("blkid_dev_iterate_begin");
	dev_set_search_fn search = (dev_set_search_fn)blkid_symbol("blkid_dev_set_search");
	dev_next_fn next = (dev_next_fn)blkid_symbol("blkid_dev_next");
	dev_iterate_end_fn end = (dev_iterate_end_fn)blkid_symbol("blkid_dev_iterate_end");
	dev_devname_fn devname = (dev_devname_fn)blkid_symbol("blkid_dev_devname");
	void *cache, *iter, *dev;
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
