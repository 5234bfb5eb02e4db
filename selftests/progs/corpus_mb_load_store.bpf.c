// SPDX-License-Identifier: GPL-2.0
/*
 * xdp.frags: bpf_xdp_load_bytes() / bpf_xdp_store_bytes() across the
 * frags. Frames of at least 64 bytes: their last 4 bytes (in the last
 * frag) are copied over the first 4 bytes of the source MAC; in frames of
 * more than CORPUS_HEAD_MAX + 16 bytes the 16 bytes around the first rx
 * buffer's end (CORPUS_HEAD_MAX - 8 on) are reversed in place, and so are
 * the 16 bytes around the second buffer's end in frames long enough; then
 * the MACs are swapped and the frame goes back (XDP_TX). Shorter frames
 * are passed.
 */
#include "corpus_common.h"

static __always_inline int reverse16(struct xdp_md *ctx, __u32 off)
{
	__u8 in[16], out[16];
	int i;

	if (bpf_xdp_load_bytes(ctx, off, in, sizeof(in)))
		return -1;
#pragma unroll
	for (i = 0; i < 16; i++)
		out[i] = in[15 - i];
	if (bpf_xdp_store_bytes(ctx, off, out, sizeof(out)))
		return -1;
	return 0;
}

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = bpf_xdp_get_buff_len(ctx);
	void *data, *end;
	__u8 tail[4];

	if (len < 64)
		return XDP_PASS;
	if (bpf_xdp_load_bytes(ctx, len - 4, tail, sizeof(tail)))
		return XDP_ABORTED;
	if (bpf_xdp_store_bytes(ctx, ETH_ALEN, tail, sizeof(tail)))
		return XDP_ABORTED;
	cnt_add(CNT_AUX0, 1);
	if (len > CORPUS_HEAD_MAX + 16) {
		if (reverse16(ctx, CORPUS_HEAD_MAX - 8))
			return XDP_ABORTED;
		cnt_add(CNT_AUX1, 1);
	}
	if (len > 2 * CORPUS_HEAD_MAX + 16) {
		if (reverse16(ctx, 2 * CORPUS_HEAD_MAX - 8))
			return XDP_ABORTED;
		cnt_add(CNT_AUX2, 1);
	}
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if ((void *)((struct ethhdr *)data + 1) > end)
		return XDP_DROP;
	swap_macs(data);
	return XDP_TX;
}

CORPUS_FRAGS_PROG(prog);
