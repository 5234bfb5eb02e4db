// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_redirect_map() through a DEVMAP filled by xdp_equiv:
 *   [0] = the IPv4 target (vxdp), [1] = the IPv6 target (veth),
 *   [2] = the receiving device itself, [3] = empty.
 * Untagged IPv4 -> 0, untagged IPv6 -> 1, VLAN-tagged -> 2 (back out of
 * the DUT), ARP -> 3 (empty: the fallback action XDP_PASS applies), other
 * frames -> 3 with fallback XDP_DROP.
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
	if (p.nvlan)
		return bpf_redirect_map(&devmap, 2, 0);
	if (p.l3_proto == ETH_P_IP)
		return bpf_redirect_map(&devmap, 0, 0);
	if (p.l3_proto == ETH_P_IPV6)
		return bpf_redirect_map(&devmap, 1, 0);
	if (p.l3_proto == ETH_P_ARP)
		return bpf_redirect_map(&devmap, 3, XDP_PASS);
	return bpf_redirect_map(&devmap, 3, XDP_DROP);
}

CORPUS_PROG(prog);
