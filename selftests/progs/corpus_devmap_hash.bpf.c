// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_redirect_map() through a DEVMAP_HASH keyed by ifindex (xdp_equiv
 * adds the two targets under their ifindex): IPv4 UDP to the veth target,
 * other IPv4 to the vxdp target, IPv6 UDP to the vxdp target, other IPv6
 * to a key that is not in the map (fallback XDP_DROP), the rest passed.
 */
#include "corpus_common.h"

CORPUS_PARAM(tgt_ifindex);
CORPUS_PARAM(tgt6_ifindex);

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} devmap_hash SEC(".maps");

static __always_inline int prog(struct xdp_md *ctx)
{
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l3_proto == ETH_P_IP)
		return bpf_redirect_map(&devmap_hash,
					p.l4_proto == IPPROTO_UDP ?
					tgt6_ifindex : tgt_ifindex, 0);
	if (p.l3_proto == ETH_P_IPV6)
		return bpf_redirect_map(&devmap_hash,
					p.l4_proto == IPPROTO_UDP ?
					tgt_ifindex : 0xfffff, XDP_DROP);
	return XDP_PASS;
}

CORPUS_PROG(prog);
