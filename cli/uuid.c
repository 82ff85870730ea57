/*
 * The -U argument of mkswap and swaplabel: a UUID or a keyword (in
 * libcli-uuid.a, so that only the tools that take -U link libuuid).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <string.h>

#include <uuid.h>

#include "cli.h"
#include "libswap.h"

int cli_uuid_parse(const char *arg, unsigned char uuid[16])
{
	if (!strcmp(arg, "clear"))
		memset(uuid, 0, 16);
	else if (!strcmp(arg, "random"))
		uuid_generate_random(uuid);
	else if (!strcmp(arg, "time"))
		uuid_generate_time(uuid);
	else
		return swap_uuid_parse(arg, uuid);
	return 0;
}
