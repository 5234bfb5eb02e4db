// SPDX-License-Identifier: GPL-2.0
/*
 * XDP metadata (16 bytes) on every frame; UDP to the AF_XDP ports goes to
 * the queue's AF_XDP socket (copy mode copies the metadata in front of
 * the data in the UMEM frame), everything else is passed with its
 * metadata to the stack (tc ingress consumer).
 */
#include "corpus_common.h"
#include "corpus_tc_meta.h"

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u32 *meta;
	void *data;
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (bpf_xdp_adjust_meta(ctx, -16))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	meta = (void *)(long)ctx->data_meta;
	if ((void *)(meta + 4) > data)
		return XDP_ABORTED;
	meta[0] = 0xc0ffee20;
	meta[1] = len;
	meta[2] = p.l3_proto;
	meta[3] = p.dport;
	if (p.l4_proto == IPPROTO_UDP && p.l4_off >= 0 &&
	    p.dport >= XSK_PORT_MIN && p.dport <= XSK_PORT_MAX)
		return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS);
	return XDP_PASS;
}

CORPUS_PROG(prog);
