// SPDX-License-Identifier: GPL-2.0
/*
 * A reflector: unicast IPv4/IPv6 UDP, TCP and ICMP go back where they came
 * from with MAC, IP addresses and ports swapped (checksums stay valid:
 * swapping never changes a one's complement sum); other unicast frames go
 * back with only the MACs swapped; multicast/broadcast frames are passed.
 */
#include "corpus_common.h"

static __always_inline void swap4(__u32 *a, __u32 *b)
{
	__u32 t = *a;

	*a = *b;
	*b = t;
}

static __always_inline int prog(struct xdp_md *ctx)
{
	struct ethhdr *eth;
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	eth = p.data;
	if (eth->h_dest[0] & 1)
		return XDP_PASS;

	if (p.l3_proto == ETH_P_IP) {
		struct iphdr *iph = L3(&p);

		if ((void *)(iph + 1) > p.end)
			return XDP_DROP;
		swap4(&iph->saddr, &iph->daddr);
		cnt_add(CNT_AUX0, 1);
	} else if (p.l3_proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = L3(&p);
		struct in6_addr t;

		if ((void *)(ip6 + 1) > p.end)
			return XDP_DROP;
		t = ip6->saddr;
		ip6->saddr = ip6->daddr;
		ip6->daddr = t;
		cnt_add(CNT_AUX1, 1);
	}
	if (p.l4_off >= 0 &&
	    (p.l4_proto == IPPROTO_UDP || p.l4_proto == IPPROTO_TCP)) {
		__u16 *ports = L4(&p);

		if ((void *)(ports + 2) <= p.end) {
			__u16 t = ports[0];

			ports[0] = ports[1];
			ports[1] = t;
		}
	}
	swap_macs(eth);
	return XDP_TX;
}

CORPUS_PROG(prog);
