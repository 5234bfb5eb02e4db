// SPDX-License-Identifier: GPL-2.0
/* XDP_TX everything, unchanged */
#include "corpus_common.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	return XDP_TX;
}

CORPUS_PROG(prog);
