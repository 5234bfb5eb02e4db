// SPDX-License-Identifier: GPL-2.0
/* xdp.frags: XDP_TX every frame with its MAC addresses swapped */
#include "corpus_common.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;

	if ((void *)((struct ethhdr *)data + 1) > (void *)(long)ctx->data_end)
		return XDP_DROP;
	swap_macs(data);
	return XDP_TX;
}

CORPUS_FRAGS_PROG(prog);
