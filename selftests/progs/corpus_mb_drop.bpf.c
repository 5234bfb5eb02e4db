// SPDX-License-Identifier: GPL-2.0
/*
 * xdp.frags: XDP_DROP frames of an odd length and every frame that spans
 * rx buffers natively (bpf_xdp_get_buff_len() above CORPUS_HEAD_MAX);
 * XDP_PASS the others.
 */
#include "corpus_common.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = bpf_xdp_get_buff_len(ctx);

	if ((len & 1) || len > CORPUS_HEAD_MAX)
		return XDP_DROP;
	return XDP_PASS;
}

CORPUS_FRAGS_PROG(prog);
