// SPDX-License-Identifier: GPL-2.0
/*
 * DEVMAP entries with an egress program (BPF_XDP_DEVMAP): xdp_equiv puts
 * the "xdp/devmap" program of this object in every entry it fills.
 * The main program sends IPv4 to [0] (vxdp), IPv6 to [1] (veth), and
 * passes the rest. The egress program stamps its own source MAC, drops
 * UDP with an odd source port and writes the egress ifindex' low byte
 * into the last byte of the destination MAC.
 */
#include "corpus_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} devmap SEC(".maps");

__u64 egress_cnt[2];	/* passed, dropped */

SEC("xdp/devmap")
int xdp_egress(struct xdp_md *ctx)
{
	static const __u8 mac[ETH_ALEN] = { 0x02, 0xee, 0xee, 0xee, 0xee, 0xee };
	struct ethhdr *eth;
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l4_proto == IPPROTO_UDP && (p.sport & 1)) {
		__sync_fetch_and_add(&egress_cnt[1], 1);
		return XDP_DROP;
	}
	eth = p.data;
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	eth->h_dest[5] = ctx->egress_ifindex & 0xff;
	__sync_fetch_and_add(&egress_cnt[0], 1);
	return XDP_PASS;
}

static __always_inline int prog(struct xdp_md *ctx)
{
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l3_proto == ETH_P_IP)
		return bpf_redirect_map(&devmap, 0, 0);
	if (p.l3_proto == ETH_P_IPV6)
		return bpf_redirect_map(&devmap, 1, 0);
	return XDP_PASS;
}

CORPUS_PROG(prog);
