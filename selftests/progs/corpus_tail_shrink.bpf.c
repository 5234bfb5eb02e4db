// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_xdp_adjust_tail() shrinking by len % 53 bytes; the helper refuses to
 * leave less than an Ethernet header (short frames: XDP_ABORTED). Frames
 * of even new length go back with XDP_TX (MACs swapped), the others are
 * passed (the stack drops IP packets shorter than their header says).
 */
#include "corpus_common.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	void *data, *end;

	if (bpf_xdp_adjust_tail(ctx, -(int)(len % 53))) {
		cnt_add(CNT_AUX1, 1);
		return XDP_ABORTED;
	}
	cnt_add(CNT_AUX0, 1);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if ((void *)((struct ethhdr *)data + 1) > end)
		return XDP_DROP;
	if ((end - data) & 1)
		return XDP_PASS;
	swap_macs(data);
	return XDP_TX;
}

CORPUS_PROG(prog);
