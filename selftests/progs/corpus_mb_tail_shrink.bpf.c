// SPDX-License-Identifier: GPL-2.0
/*
 * xdp.frags: bpf_xdp_adjust_tail() shrinking the last frag. Every frame
 * of more than 128 bytes loses (len % 61) + 1 bytes; with frag_release
 * (set by xdp_equiv), a frame that spans rx buffers natively and whose
 * length is a multiple of 3 loses its whole last buffer and 10 bytes more
 * (the last frag released, the one before shrunk). Its new last byte is
 * then set to 0xa5 and the frame goes back with its MACs swapped
 * (XDP_TX). Frames of up to 128 bytes are passed.
 *
 * Without frag_release (6.8 and later, EQUIVALENCE.md 11) no frag is
 * released in either mode: a frame is cut only by less than its last
 * frag holds both natively (rx buffers of CORPUS_HEAD_MAX bytes) and in
 * generic mode (pages of 4096 bytes after a head of CORPUS_HEAD_MAX);
 * the others go back unchanged but for the MACs (AUX3).
 */
#include "corpus_common.h"

CORPUS_PARAM(frag_release);

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = bpf_xdp_get_buff_len(ctx);
	__u32 cut = (len % 61) + 1;
	__u8 mark = 0xa5;
	void *data, *end;

	if (len <= 128)
		return XDP_PASS;
	if (len > CORPUS_HEAD_MAX && frag_release && len % 3 == 0) {
		cut = ((len - CORPUS_HEAD_MAX - 1) % CORPUS_HEAD_MAX) + 1 + 10;
		cnt_add(CNT_AUX1, 1);
	} else if (len > CORPUS_HEAD_MAX && !frag_release &&
		   (cut >= ((len - CORPUS_HEAD_MAX - 1) % CORPUS_HEAD_MAX) + 1 ||
		    cut >= ((len - CORPUS_HEAD_MAX - 1) % 4096) + 1)) {
		cut = 0;
		cnt_add(CNT_AUX3, 1);
	}
	if (cut && bpf_xdp_adjust_tail(ctx, -(int)cut)) {
		cnt_add(CNT_AUX2, 1);
		return XDP_ABORTED;
	}
	if (cut) {
		cnt_add(CNT_AUX0, 1);
		if (bpf_xdp_get_buff_len(ctx) != len - cut)
			return XDP_ABORTED;
		if (bpf_xdp_store_bytes(ctx, len - cut - 1, &mark, 1))
			return XDP_ABORTED;
	}
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if ((void *)((struct ethhdr *)data + 1) > end)
		return XDP_DROP;
	swap_macs(data);
	return XDP_TX;
}

CORPUS_FRAGS_PROG(prog);
