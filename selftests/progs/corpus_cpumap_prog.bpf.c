// SPDX-License-Identifier: GPL-2.0
/*
 * IP to a CPUMAP entry that runs a second program ("xdp/cpumap") on the
 * target CPU: it drops UDP with an odd destination port, swaps the MACs
 * of TCP (so the stack sees them as other-host) and passes the rest.
 * Non-IP frames are dropped by the main program.
 */
#include "corpus_common.h"

CORPUS_PARAM(cpu_target);

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
} cpumap SEC(".maps");

__u64 cpumap_cnt[3];	/* seen, dropped, rewritten */

SEC("xdp/cpumap")
int xdp_on_cpu(struct xdp_md *ctx)
{
	struct pkt p;

	__sync_fetch_and_add(&cpumap_cnt[0], 1);
	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l4_proto == IPPROTO_UDP && (p.dport & 1)) {
		__sync_fetch_and_add(&cpumap_cnt[1], 1);
		return XDP_DROP;
	}
	if (p.l4_proto == IPPROTO_TCP) {
		swap_macs(p.data);
		__sync_fetch_and_add(&cpumap_cnt[2], 1);
	}
	return XDP_PASS;
}

static __always_inline int prog(struct xdp_md *ctx)
{
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l3_proto != ETH_P_IP && p.l3_proto != ETH_P_IPV6)
		return XDP_DROP;
	return bpf_redirect_map(&cpumap, cpu_target, 0);
}

CORPUS_PROG(prog);
