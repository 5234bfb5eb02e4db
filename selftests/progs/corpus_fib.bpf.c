// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_fib_lookup() forwarding of untagged IPv4 and IPv6: on success the
 * TTL / hop limit is decremented, the MACs come from the lookup and the
 * frame is redirected to the egress device; anything the FIB does not
 * forward (no route, no neighbour, TTL expiring, not IP) is dropped.
 * Counts: AUX0 forwarded, AUX1 no neighbour, AUX2 not forwarded, AUX3
 * other lookup results.
 */
#include "corpus_common.h"

#define AF_INET		2
#define AF_INET6	10

static __always_inline int count_rc(int rc)
{
	if (rc == BPF_FIB_LKUP_RET_NO_NEIGH)
		cnt_add(CNT_AUX1, 1);
	else if (rc == BPF_FIB_LKUP_RET_NOT_FWDED)
		cnt_add(CNT_AUX2, 1);
	else
		cnt_add(CNT_AUX3, 1);
	return XDP_DROP;
}

static __always_inline int fwd(struct bpf_fib_lookup *fib, struct ethhdr *eth)
{
	__builtin_memcpy(eth->h_dest, fib->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib->smac, ETH_ALEN);
	cnt_add(CNT_AUX0, 1);
	return bpf_redirect(fib->ifindex, 0);
}

static __always_inline int prog(struct xdp_md *ctx)
{
	struct bpf_fib_lookup fib = {};
	struct pkt p;
	int rc;

	if (parse_pkt(ctx, &p) < 0 || p.nvlan)
		return XDP_DROP;
	fib.ifindex = ctx->ingress_ifindex;

	if (p.l3_proto == ETH_P_IP) {
		struct iphdr *iph = L3(&p);

		if ((void *)(iph + 1) > p.end)
			return XDP_DROP;
		if (iph->ttl <= 1)
			return count_rc(-1);
		fib.family = AF_INET;
		fib.tos = iph->tos;
		fib.l4_protocol = iph->protocol;
		fib.tot_len = bpf_ntohs(iph->tot_len);
		fib.ipv4_src = iph->saddr;
		fib.ipv4_dst = iph->daddr;
		rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
		if (rc != BPF_FIB_LKUP_RET_SUCCESS)
			return count_rc(rc);
		/* TTL is the high byte of the 16-bit word TTL:protocol */
		csum_replace2(&iph->check, bpf_htons(iph->ttl << 8),
			      bpf_htons((iph->ttl - 1) << 8));
		iph->ttl--;
		return fwd(&fib, p.data);
	}
	if (p.l3_proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = L3(&p);

		if ((void *)(ip6 + 1) > p.end)
			return XDP_DROP;
		if (ip6->hop_limit <= 1)
			return count_rc(-1);
		fib.family = AF_INET6;
		fib.flowinfo = *(__be32 *)ip6 & bpf_htonl(0x0fffffff);
		fib.l4_protocol = ip6->nexthdr;
		fib.tot_len = bpf_ntohs(ip6->payload_len) + sizeof(*ip6);
		__builtin_memcpy(fib.ipv6_src, &ip6->saddr, 16);
		__builtin_memcpy(fib.ipv6_dst, &ip6->daddr, 16);
		rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
		if (rc != BPF_FIB_LKUP_RET_SUCCESS)
			return count_rc(rc);
		ip6->hop_limit--;
		return fwd(&fib, p.data);
	}
	return XDP_DROP;
}

CORPUS_PROG(prog);
