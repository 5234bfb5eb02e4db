// SPDX-License-Identifier: GPL-2.0
/*
 * XDP metadata: bpf_xdp_adjust_meta() reserves 8 (odd length) or 16 (even
 * length) bytes in front of the frame, filled with a magic, the frame
 * length, the EtherType and the UDP/TCP destination port; every frame is
 * passed. The tc ingress consumer (corpus_tc_meta.h) reports what the
 * stack's skb carries.
 */
#include "corpus_common.h"
#include "corpus_tc_meta.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	int metalen = len & 1 ? 8 : 16;
	__u32 *meta;
	void *data;
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (bpf_xdp_adjust_meta(ctx, -metalen)) {
		cnt_add(CNT_AUX1, 1);
		return XDP_PASS;
	}
	data = (void *)(long)ctx->data;
	meta = (void *)(long)ctx->data_meta;
	if ((void *)(meta + 2) > data)
		return XDP_ABORTED;
	meta[0] = 0xc0ffee00 | metalen;
	meta[1] = len;
	if ((void *)(meta + 4) <= data) {
		meta[2] = p.l3_proto;
		meta[3] = p.dport;
	}
	cnt_add(CNT_AUX0, 1);
	return XDP_PASS;
}

CORPUS_PROG(prog);
