// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_redirect() by ifindex: IPv4 to tgt_ifindex (a vxdp), IPv6 to
 * tgt6_ifindex (a veth); ARP passed, everything else dropped.
 */
#include "corpus_common.h"

CORPUS_PARAM(tgt_ifindex);
CORPUS_PARAM(tgt6_ifindex);

static __always_inline int prog(struct xdp_md *ctx)
{
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l3_proto == ETH_P_IP)
		return bpf_redirect(tgt_ifindex, 0);
	if (p.l3_proto == ETH_P_IPV6)
		return bpf_redirect(tgt6_ifindex, 0);
	if (p.l3_proto == ETH_P_ARP)
		return XDP_PASS;
	return XDP_DROP;
}

CORPUS_PROG(prog);
