// SPDX-License-Identifier: GPL-2.0
/*
 * Everything but ARP (dropped) to another CPU through a CPUMAP entry
 * (cpu_target, filled by xdp_equiv): the frames reach the DUT's stack from
 * the cpumap kthread.
 */
#include "corpus_common.h"

CORPUS_PARAM(cpu_target);

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
} cpumap SEC(".maps");

static __always_inline int prog(struct xdp_md *ctx)
{
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l3_proto == ETH_P_ARP)
		return XDP_DROP;
	return bpf_redirect_map(&cpumap, cpu_target, 0);
}

CORPUS_PROG(prog);
