/*
 * Strings a lookup hands back beyond the life of its iterator: kept per
 * thread until the same kind of lookup runs again in that thread, freed
 * when the thread ends.  (A plain __thread pointer would leak the last
 * ones of every thread; a pthread key frees them through its destructor.)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "internal.h"

struct kept {
	char *s[KEPT_SLOTS];
};

static pthread_key_t kept_key;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;
static int kept_ready;

static void kept_free(void *data)
{
	struct kept *k = data;
	int i;

	for (i = 0; i < KEPT_SLOTS; i++)
		free(k->s[i]);
	free(k);
}

static void kept_init(void)
{
	kept_ready = pthread_key_create(&kept_key, kept_free) == 0;
}

char *kept_string(enum kept_slot slot, char *s)
{
	struct kept *k;

	pthread_once(&kept_once, kept_init);
	k = kept_ready ? pthread_getspecific(kept_key) : NULL;
	if (kept_ready && !k) {
		k = calloc(1, sizeof(*k));
		if (k && pthread_setspecific(kept_key, k) != 0) {
			free(k);
			k = NULL;
		}
	}
	if (!k) {
		free(s);
		return NULL;
	}
	free(k->s[slot]);
	k->s[slot] = s;
	return s;
}

const char *kept_string_get(enum kept_slot slot)
{
	struct kept *k = kept_ready ? pthread_getspecific(kept_key) : NULL;

	return k ? k->s[slot] : NULL;
}
