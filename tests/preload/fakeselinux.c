/*
 * fakeselinux - LD_PRELOAD stand-in for the libselinux functions mkswap
 * uses, so the SELinux relabelling of a swap file can be tested on a
 * machine where SELinux is off.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   FAKESELINUX_ENABLED   is_selinux_enabled() returns this (default 1)
 *   FAKESELINUX_CONTEXT   what fgetfilecon() reports (unset: fails with
 *                         ENODATA, and the default label comes from
 *                         selabel_lookup: FAKESELINUX_DEFAULT, default
 *                         "system_u:object_r:default_t:s0")
 *   FAKESELINUX_LOG       append "fgetfilecon CONTEXT", "selabel_lookup
 *                         PATH CONTEXT" and "fsetfilecon CONTEXT" lines
 *
 * Contexts are "user:role:type[:level]"; context_type_set replaces the type.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libselinux's prototypes (its headers need not be installed) */
int is_selinux_enabled(void);
int fgetfilecon(int fd, char **con);
int fsetfilecon(int fd, const char *con);
void freecon(char *con);
void *context_new(const char *con);
int context_type_set(void *ctx, const char *type);
const char *context_str(void *ctx);
void context_free(void *ctx);
void *selabel_open(unsigned backend, const void *opts, unsigned nopts);
int selabel_lookup(void *hnd, char **con, const char *key, int type);
void selabel_close(void *hnd);

static void logf_(const char *what, const char *a, const char *b)
{
	const char *path = getenv("FAKESELINUX_LOG");
	FILE *f;

	if (!path || !(f = fopen(path, "a")))
		return;
	fprintf(f, "%s %s%s%s\n", what, a, b ? " " : "", b ? b : "");
	fclose(f);
}

int is_selinux_enabled(void)
{
	const char *v = getenv("FAKESELINUX_ENABLED");

	return v ? atoi(v) : 1;
}

int fgetfilecon(int fd, char **con)
{
	const char *v = getenv("FAKESELINUX_CONTEXT");

	(void)fd;
	if (!v) {
		errno = ENODATA;
		return -1;
	}
	*con = strdup(v);
	logf_("fgetfilecon", v, NULL);
	return *con ? (int)strlen(v) + 1 : -1;
}

int fsetfilecon(int fd, const char *con)
{
	(void)fd;
	logf_("fsetfilecon", con, NULL);
	return 0;
}

void freecon(char *con)
{
	free(con);
}

struct fake_context {
	char *str;
};

void *context_new(const char *con)
{
	struct fake_context *c = calloc(1, sizeof(*c));

	if (c && !(c->str = strdup(con))) {
		free(c);
		c = NULL;
	}
	return c;
}

int context_type_set(void *ctx, const char *type)
{
	struct fake_context *c = ctx;
	char *p1 = strchr(c->str, ':'), *p2 = p1 ? strchr(p1 + 1, ':') : NULL;
	char *p3, *n;

	if (!p2)
		return -1;
	p3 = strchr(p2 + 1, ':');
	if (asprintf(&n, "%.*s%s%s", (int)(p2 + 1 - c->str), c->str, type,
		     p3 ? p3 : "") < 0)
		return -1;
	free(c->str);
	c->str = n;
	return 0;
}

const char *context_str(void *ctx)
{
	return ((struct fake_context *)ctx)->str;
}

void context_free(void *ctx)
{
	struct fake_context *c = ctx;

	if (c)
		free(c->str);
	free(c);
}

void *selabel_open(unsigned backend, const void *opts, unsigned nopts)
{
	static int handle;

	(void)backend;
	(void)opts;
	(void)nopts;
	return &handle;
}

int selabel_lookup(void *hnd, char **con, const char *key, int type)
{
	const char *v = getenv("FAKESELINUX_DEFAULT");

	(void)hnd;
	(void)type;
	*con = strdup(v ? v : "system_u:object_r:default_t:s0");
	logf_("selabel_lookup", key, *con);
	return *con ? 0 : -1;
}

void selabel_close(void *hnd)
{
	(void)hnd;
}
