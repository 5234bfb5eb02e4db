// SPDX-License-Identifier: GPL-2.0
/*
 * xdp.frags: bpf_redirect_map() of multi-buffer frames into devices
 * through a DEVMAP (filled by xdp_equiv): IPv4 to entry 0 (the vxdp
 * target), IPv6 to entry 1 (the veth target), ARP passed, the rest
 * dropped. 6.1's xdp_do_redirect() refuses multi-buffer frames into
 * devices (only a CPUMAP takes them): vxdp_equiv.sh runs it from 6.8 on.
 */
#include "corpus_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} devmap SEC(".maps");

static __always_inline int prog(struct xdp_md *ctx)
{
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l3_proto == ETH_P_IP)
		return bpf_redirect_map(&devmap, 0, 0);
	if (p.l3_proto == ETH_P_IPV6)
		return bpf_redirect_map(&devmap, 1, 0);
	if (p.l3_proto == ETH_P_ARP)
		return XDP_PASS;
	return XDP_DROP;
}

CORPUS_FRAGS_PROG(prog);
