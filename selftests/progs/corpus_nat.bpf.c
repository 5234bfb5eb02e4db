// SPDX-License-Identifier: GPL-2.0
/*
 * Destination NAT: untagged IPv4 UDP to NAT_IP4:NAT_PORT is rewritten to
 * DUT_IP4:DUT_UDP_PORT with incremental IPv4 and UDP checksum updates and
 * passed to the stack (the test's UDP socket); everything else is passed
 * unchanged.
 */
#include "corpus_common.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	struct iphdr *iph;
	struct udphdr *uh;
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l3_proto != ETH_P_IP || p.nvlan || p.l4_off < 0 ||
	    p.l4_proto != IPPROTO_UDP || p.dport != NAT_PORT)
		return XDP_PASS;
	iph = L3(&p);
	uh = L4(&p);
	if ((void *)(iph + 1) > p.end || (void *)(uh + 1) > p.end)
		return XDP_DROP;
	if (iph->daddr != bpf_htonl(NAT_IP4))
		return XDP_PASS;

	csum_replace4(&iph->check, iph->daddr, bpf_htonl(DUT_IP4));
	if (uh->check) {
		csum_replace4(&uh->check, iph->daddr, bpf_htonl(DUT_IP4));
		csum_replace2(&uh->check, uh->dest, bpf_htons(DUT_UDP_PORT));
		if (!uh->check)
			uh->check = 0xffff;
	}
	iph->daddr = bpf_htonl(DUT_IP4);
	uh->dest = bpf_htons(DUT_UDP_PORT);
	cnt_add(CNT_AUX0, 1);
	return XDP_PASS;
}

CORPUS_PROG(prog);
