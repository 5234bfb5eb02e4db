// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_xdp_adjust_head() encapsulation, sent back with XDP_TX:
 *   untagged IPv4 -> IPIP: a new outer IPv4 header (10.99.1.1 -> the inner
 *                    source, protocol 4, checksummed) in front of it
 *   untagged IPv6 -> a pushed 802.1Q tag (VID 100, PCP 3)
 *   anything else -> passed unchanged
 * MACs are swapped in both cases.
 */
#include "corpus_common.h"

static __always_inline __u16 ip_csum(struct iphdr *iph)
{
	__u16 *w = (__u16 *)iph;
	__u32 sum = 0;
	int i;

#pragma unroll
	for (i = 0; i < 10; i++)
		sum += w[i];
	return csum_fold32(sum);
}

static __always_inline int encap_ipip(struct xdp_md *ctx)
{
	struct ethhdr *eth, old;
	struct iphdr *outer, *inner;
	void *data, *end;

	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	old = *eth;

	if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct iphdr)))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	outer = data + sizeof(*eth);
	inner = (void *)(outer + 1);
	if ((void *)(inner + 1) > end)
		return XDP_ABORTED;

	__builtin_memcpy(eth->h_dest, old.h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, old.h_dest, ETH_ALEN);
	eth->h_proto = bpf_htons(ETH_P_IP);

	outer->version = 4;
	outer->ihl = 5;
	outer->tos = 0;
	outer->tot_len = bpf_htons(bpf_ntohs(inner->tot_len) + sizeof(*outer));
	outer->id = inner->id;
	outer->frag_off = bpf_htons(0x4000);	/* DF */
	outer->ttl = 64;
	outer->protocol = IPPROTO_IPIP;
	outer->check = 0;
	outer->saddr = bpf_htonl(DUT_IP4);
	outer->daddr = inner->saddr;
	outer->check = ip_csum(outer);
	cnt_add(CNT_AUX0, 1);
	return XDP_TX;
}

static __always_inline int push_vlan(struct xdp_md *ctx)
{
	struct ethhdr *eth, old;
	struct vlan_hdr *vh;
	void *data, *end;

	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	old = *eth;

	if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct vlan_hdr)))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	vh = (void *)(eth + 1);
	if ((void *)(vh + 1) > end)
		return XDP_ABORTED;

	__builtin_memcpy(eth->h_dest, old.h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, old.h_dest, ETH_ALEN);
	eth->h_proto = bpf_htons(ETH_P_8021Q);
	vh->h_vlan_TCI = bpf_htons((3 << 13) | 100);
	vh->h_vlan_encapsulated_proto = old.h_proto;
	cnt_add(CNT_AUX1, 1);
	return XDP_TX;
}

static __always_inline int prog(struct xdp_md *ctx)
{
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.nvlan)
		return XDP_PASS;
	if (p.l3_proto == ETH_P_IP)
		return encap_ipip(ctx);
	if (p.l3_proto == ETH_P_IPV6)
		return push_vlan(ctx);
	return XDP_PASS;
}

CORPUS_PROG(prog);
