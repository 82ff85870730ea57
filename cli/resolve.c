/*
 * LABEL=/UUID=/PARTLABEL=/PARTUUID= resolution through libblkid, for the
 * tools that accept such specs (swapon, swapoff).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <blkid.h>

#include "cli.h"

char *cli_resolve_tag(const char *token, const char *value)
{
	/* blkid_evaluate_tag consults udev's /dev/disk/by-* links first and
	 * falls back to probing; it returns a malloc'ed devname or NULL. */
	return blkid_evaluate_tag(token, value, NULL);
}

char *cli_resolve_spec(const char *spec)
{
	if (!spec)
		return NULL;
	if (!strchr(spec, '='))
		return strdup(spec);
	return blkid_evaluate_spec(spec, NULL);
}
