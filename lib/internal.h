/*
 * libswap private helpers, never installed.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef LIBSWAP_INTERNAL_H
#define LIBSWAP_INTERNAL_H

#include "libswap.h"

/* Mark a function as part of the public ABI (everything else is hidden). */
#define SWAP_EXPORT __attribute__((visibility("default")))

#define SWAP_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
