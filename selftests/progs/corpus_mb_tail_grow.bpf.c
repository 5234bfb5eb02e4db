// SPDX-License-Identifier: GPL-2.0
/*
 * xdp.frags: bpf_xdp_adjust_tail() growing the last frag. A frame grows
 * by g = (len % 16) + 1 bytes where its last rx buffer (natively: the
 * frame's bytes after the first CORPUS_HEAD_MAX, by CORPUS_HEAD_MAX) has
 * room for them, and its new last byte is set to 0xa5:
 *  - a single-buffer frame goes back grown, MACs swapped (XDP_TX; AUX0);
 *  - a multi-buffer frame has its g new bytes read back (zeroes, then the
 *    mark), is cut by g again and goes back as it came but for the MACs
 *    (AUX3). A growth that fails (AUX1) sends it back the same way:
 *    generic XDP from 6.8 cannot grow frags (the core's rx queue has no
 *    frag size: -EOPNOTSUPP), EQUIVALENCE.md 10.
 * A frame without room goes back unchanged but for the MACs (AUX2).
 */
#include "corpus_common.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = bpf_xdp_get_buff_len(ctx);
	__u32 grow = (len % 16) + 1, last = len;
	__u8 mark = 0xa5, back[16];
	void *data, *end;
	int i;

	if (len > CORPUS_HEAD_MAX)
		last = ((len - CORPUS_HEAD_MAX - 1) % CORPUS_HEAD_MAX) + 1;
	if (last + grow > CORPUS_HEAD_MAX) {
		cnt_add(CNT_AUX2, 1);
	} else if (bpf_xdp_adjust_tail(ctx, (int)grow)) {
		cnt_add(CNT_AUX1, 1);
	} else {
		if (bpf_xdp_store_bytes(ctx, len + grow - 1, &mark, 1))
			return XDP_ABORTED;
		if (len <= CORPUS_HEAD_MAX) {
			cnt_add(CNT_AUX0, 1);
		} else {
			/* the last 16 bytes: the frame's, g - 1 zeroes, the mark */
			if (bpf_xdp_load_bytes(ctx, len + grow - 16, back, 16))
				return XDP_ABORTED;
			for (i = 0; i < 15; i++)
				if (i >= 16 - (int)grow && back[i])
					return XDP_ABORTED;
			if (back[15] != 0xa5)
				return XDP_ABORTED;
			if (bpf_xdp_adjust_tail(ctx, -(int)grow) ||
			    bpf_xdp_get_buff_len(ctx) != len)
				return XDP_ABORTED;
			cnt_add(CNT_AUX3, 1);
		}
	}
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if ((void *)((struct ethhdr *)data + 1) > end)
		return XDP_DROP;
	swap_macs(data);
	return XDP_TX;
}

CORPUS_FRAGS_PROG(prog);
