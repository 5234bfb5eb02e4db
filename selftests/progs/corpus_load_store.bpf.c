// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_xdp_load_bytes() / bpf_xdp_store_bytes():
 *  - untagged IPv4 UDP to the DUT's socket port with at least 8 bytes of
 *    payload: the first 8 payload bytes are reversed and the frame passed.
 *    With an even source port the UDP checksum is updated (bpf_csum_diff);
 *    with an odd one it is deliberately left stale and the stack drops the
 *    datagram, in both modes: on 6.1 generic XDP turns GRO off for the
 *    device, so no checksum was verified before the program ran (see
 *    EQUIVALENCE.md).
 *  - other frames of at least 64 bytes: their last 4 bytes are copied over
 *    the first 4 bytes of the source MAC, the MACs swapped, XDP_TX.
 *  - shorter frames are passed.
 */
#include "corpus_common.h"

static __always_inline int udp_payload(struct xdp_md *ctx, struct pkt *p)
{
	__u32 off = (p->l4_off & 0xff) + sizeof(struct udphdr);
	__u8 in[8], out[8];
	struct udphdr *uh;
	__s64 diff;
	int i;

	if (bpf_xdp_load_bytes(ctx, off, in, sizeof(in)))
		return XDP_PASS;
#pragma unroll
	for (i = 0; i < 8; i++)
		out[i] = in[7 - i];
	if (bpf_xdp_store_bytes(ctx, off, out, sizeof(out)))
		return XDP_ABORTED;
	cnt_add(CNT_AUX0, 1);
	if (p->sport & 1)
		return XDP_PASS;	/* checksum left stale */

	uh = (void *)(long)ctx->data + (p->l4_off & 0xff);
	if ((void *)(uh + 1) > (void *)(long)ctx->data_end)
		return XDP_ABORTED;
	if (!uh->check)
		return XDP_PASS;
	diff = bpf_csum_diff((__be32 *)in, sizeof(in), (__be32 *)out,
			     sizeof(out), (__u16)~uh->check);
	if (diff < 0)
		return XDP_ABORTED;
	uh->check = csum_fold32((__u32)diff);
	if (!uh->check)
		uh->check = 0xffff;
	cnt_add(CNT_AUX1, 1);
	return XDP_PASS;
}

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u8 tail[4];
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l3_proto == ETH_P_IP && !p.nvlan && p.l4_off >= 0 &&
	    p.l4_proto == IPPROTO_UDP && p.dport == DUT_UDP_PORT &&
	    len >= (__u32)(p.l4_off & 0xff) + sizeof(struct udphdr) + 8)
		return udp_payload(ctx, &p);
	if (len < 64)
		return XDP_PASS;
	if (bpf_xdp_load_bytes(ctx, len - 4, tail, sizeof(tail)))
		return XDP_ABORTED;
	if (bpf_xdp_store_bytes(ctx, ETH_ALEN, tail, sizeof(tail)))
		return XDP_ABORTED;
	cnt_add(CNT_AUX2, 1);
	{
		void *data = (void *)(long)ctx->data;

		if ((void *)((struct ethhdr *)data + 1) >
		    (void *)(long)ctx->data_end)
			return XDP_DROP;
		swap_macs(data);
	}
	return XDP_TX;
}

CORPUS_PROG(prog);
