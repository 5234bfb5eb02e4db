// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_xdp_adjust_tail() growth: every frame grows by (len % 61) + 1 bytes
 * (zeroed by the helper) and its new last byte is set to 0xa5; frames whose
 * length is a multiple of 7 first try to grow by 4000 bytes, more than any
 * buffer's tailroom: the helper fails and the frame is dropped. Grown
 * frames of even original length go back with XDP_TX (MACs swapped; those
 * now beyond the peer's MTU are dropped by the wire), the others are
 * passed (the stack trims the padding).
 */
#include "corpus_common.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u32 grow = (len % 61) + 1;
	__u8 mark = 0xa5;
	void *data, *end;

	if (len % 7 == 0) {
		if (!bpf_xdp_adjust_tail(ctx, 4000))
			return XDP_ABORTED;	/* not expected */
		cnt_add(CNT_AUX1, 1);
		return XDP_DROP;
	}
	if (bpf_xdp_adjust_tail(ctx, (int)grow)) {
		cnt_add(CNT_AUX2, 1);
		return XDP_ABORTED;
	}
	cnt_add(CNT_AUX0, 1);
	if (bpf_xdp_store_bytes(ctx, len + grow - 1, &mark, 1))
		return XDP_ABORTED;
	if (len & 1)
		return XDP_PASS;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if ((void *)((struct ethhdr *)data + 1) > end)
		return XDP_DROP;
	swap_macs(data);
	return XDP_TX;
}

CORPUS_PROG(prog);
