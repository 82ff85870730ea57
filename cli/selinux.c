/*
 * The SELinux type of a swap file (mkswap), as util-linux sets it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * libselinux is loaded with dlopen, and only when SELinux is on: a system
 * without selinuxfs never maps it.  Functions already in the process (a
 * program linked with libselinux, or a library preloaded by the tests)
 * are used as they are.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define SELINUX_SONAME		"libselinux.so.1"
#define SELINUX_SWAPFILE_TYPE	"swapfile_t"
#define SELINUXFS		"/sys/fs/selinux"
#define SELABEL_CTX_FILE	0

struct selinux_api {
	int (*is_selinux_enabled)(void);
	int (*fgetfilecon)(int fd, char **con);
	int (*fsetfilecon)(int fd, const char *con);
	void (*freecon)(char *con);
	void *(*context_new)(const char *con);
	int (*context_type_set)(void *ctx, const char *type);
	const char *(*context_str)(void *ctx);
	void (*context_free)(void *ctx);
	void *(*selabel_open)(unsigned backend, const void *opts, unsigned nopts);
	int (*selabel_lookup)(void *hnd, char **con, const char *key, int type);
	void (*selabel_close)(void *hnd);
};

/* Fill @api from @handle (RTLD_DEFAULT: what the process has already).
 * Returns: 1 when every function was found. */
static int load_api(void *handle, struct selinux_api *api)
{
	static const char *const names[] = {
		"is_selinux_enabled", "fgetfilecon", "fsetfilecon", "freecon",
		"context_new", "context_type_set", "context_str", "context_free",
		"selabel_open", "selabel_lookup", "selabel_close",
	};
	void **slot = (void **)api;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!(slot[i] = dlsym(handle, names[i])))
			return 0;
	return 1;
}

/* libselinux's functions when SELinux is enabled, else NULL. */
static const struct selinux_api *selinux(void)
{
	static struct selinux_api api;
	void *handle;

	if (!load_api(RTLD_DEFAULT, &api)) {
		if (access(SELINUXFS, F_OK) != 0)
			return NULL;	/* no selinuxfs: SELinux is off */
		handle = dlopen(SELINUX_SONAME, RTLD_NOW | RTLD_LOCAL);
		if (!handle || !load_api(handle, &api))
			return NULL;
	}
	return api.is_selinux_enabled() > 0 ? &api : NULL;
}

void cli_selinux_label_swapfile(int fd, const char *path, mode_t mode)
{
	const struct selinux_api *se = selinux();
	char *old = NULL;
	const char *new;
	void *ctx;

	if (!se)
		return;
	if (se->fgetfilecon(fd, &old) < 0) {
		void *hnd;
		int rc = -1;

		if (errno != ENODATA)
			cli_err(EXIT_FAILURE, errno, "%s: unable to obtain selinux file label", path);
		hnd = se->selabel_open(SELABEL_CTX_FILE, NULL, 0);
		if (hnd) {
			rc = se->selabel_lookup(hnd, &old, path, (int)mode);
			se->selabel_close(hnd);
		}
		if (rc != 0)
			cli_errx(EXIT_FAILURE, "%s: unable to obtain default selinux file label", path);
	}
	ctx = se->context_new(old);
	if (!ctx)
		cli_errx(EXIT_FAILURE, "unable to create new selinux context");
	if (se->context_type_set(ctx, SELINUX_SWAPFILE_TYPE))
		cli_errx(EXIT_FAILURE, "couldn't compute selinux context");
	new = se->context_str(ctx);
	if (strcmp(new, old) != 0 && se->fsetfilecon(fd, new) != 0 && errno != ENOTSUP)
		cli_err(EXIT_FAILURE, errno, "unable to relabel %s to %s", path, new);
	se->context_free(ctx);
	se->freecon(old);
}
