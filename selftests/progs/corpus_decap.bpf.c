// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_xdp_adjust_head() decapsulation, then XDP_PASS to the stack:
 *   802.1Q/802.1ad-tagged frames lose their outer tag
 *   IPIP to DECAP_IP4 (outer header without options) loses the outer
 *   IPv4 header (its inner UDP to the DUT reaches the test's socket)
 * Everything else is passed unchanged.
 */
#include "corpus_common.h"

static __always_inline int pop(struct xdp_md *ctx, int len, __u16 proto)
{
	struct ethhdr *eth, old;
	void *data, *end;

	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	old = *eth;

	if (bpf_xdp_adjust_head(ctx, len))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	if ((void *)(eth + 1) > end)
		return XDP_ABORTED;
	__builtin_memcpy(eth->h_dest, old.h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_source, old.h_source, ETH_ALEN);
	if (proto)
		eth->h_proto = bpf_htons(proto);
	return XDP_PASS;
}

static __always_inline int prog(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u16 proto;

	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	proto = bpf_ntohs(eth->h_proto);

	if (proto == ETH_P_8021Q || proto == ETH_P_8021AD) {
		struct vlan_hdr *vh = (void *)(eth + 1);

		if ((void *)(vh + 1) > end)
			return XDP_DROP;
		cnt_add(CNT_AUX0, 1);
		return pop(ctx, sizeof(*vh),
			   bpf_ntohs(vh->h_vlan_encapsulated_proto));
	}
	if (proto == ETH_P_IP) {
		struct iphdr *iph = (void *)(eth + 1);

		if ((void *)(iph + 1) > end)
			return XDP_DROP;
		if (iph->protocol == IPPROTO_IPIP && iph->ihl == 5 &&
		    iph->daddr == bpf_htonl(DECAP_IP4)) {
			cnt_add(CNT_AUX1, 1);
			return pop(ctx, sizeof(*iph), 0);
		}
	}
	return XDP_PASS;
}

CORPUS_PROG(prog);
