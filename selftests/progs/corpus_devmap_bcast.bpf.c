// SPDX-License-Identifier: GPL-2.0
/*
 * Broadcast through a DEVMAP ([0] vxdp target, [1] veth target, [2] the
 * DUT itself): IPv4 UDP to every entry but the ingress device
 * (BPF_F_EXCLUDE_INGRESS), IPv6 UDP to every entry including the DUT;
 * everything else passed. In generic mode every copy but the last is an
 * skb_clone().
 */
#include "corpus_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} devmap SEC(".maps");

static __always_inline int prog(struct xdp_md *ctx)
{
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l4_proto != IPPROTO_UDP || p.l4_off < 0)
		return XDP_PASS;
	if (p.l3_proto == ETH_P_IP)
		return bpf_redirect_map(&devmap, 0, BPF_F_BROADCAST |
					BPF_F_EXCLUDE_INGRESS);
	if (p.l3_proto == ETH_P_IPV6)
		return bpf_redirect_map(&devmap, 0, BPF_F_BROADCAST);
	return XDP_PASS;
}

CORPUS_PROG(prog);
