// SPDX-License-Identifier: GPL-2.0
/*
 * TCP segments that carry data go back where they came from (XDP_TX) with
 * MACs, IP addresses and ports swapped; everything else (handshakes, pure
 * ACKs, other protocols) is passed. A TCP sender's data thus comes back to
 * it while its connection stays up. In generic mode the program sees what
 * GRO made of the segments: AUX1 counts reflected packets longer than
 * 1514 bytes (several segments merged), AUX0 all reflected ones.
 */
#include "corpus_common.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	struct tcphdr *th;
	struct pkt p;
	int payload;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l4_off < 0 || p.l4_proto != IPPROTO_TCP || p.nvlan)
		return XDP_PASS;
	th = L4(&p);
	if ((void *)(th + 1) > p.end)
		return XDP_PASS;

	if (p.l3_proto == ETH_P_IP) {
		struct iphdr *iph = L3(&p);
		__u32 t;

		if ((void *)(iph + 1) > p.end)
			return XDP_PASS;
		payload = bpf_ntohs(iph->tot_len) - iph->ihl * 4 - th->doff * 4;
		if (payload <= 0 || th->syn)
			return XDP_PASS;
		t = iph->saddr;
		iph->saddr = iph->daddr;
		iph->daddr = t;
	} else if (p.l3_proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = L3(&p);
		struct in6_addr t;

		if ((void *)(ip6 + 1) > p.end)
			return XDP_PASS;
		payload = bpf_ntohs(ip6->payload_len) - th->doff * 4;
		if (payload <= 0 || th->syn)
			return XDP_PASS;
		t = ip6->saddr;
		ip6->saddr = ip6->daddr;
		ip6->daddr = t;
	} else {
		return XDP_PASS;
	}
	{
		__u16 t = th->source;

		th->source = th->dest;
		th->dest = t;
	}
	swap_macs(p.data);
	cnt_add(CNT_AUX0, 1);
	if (len > 1514)
		cnt_add(CNT_AUX1, 1);
	return XDP_TX;
}

CORPUS_PROG(prog);
