// SPDX-License-Identifier: GPL-2.0
/* XDP_DROP everything */
#include "corpus_common.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	return XDP_DROP;
}

CORPUS_PROG(prog);
