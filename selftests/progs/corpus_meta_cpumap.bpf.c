// SPDX-License-Identifier: GPL-2.0
/*
 * XDP metadata (16 bytes: magic, length, EtherType, port) on IP frames,
 * which then go through a CPUMAP entry (cpu_target) to the stack; other
 * frames are dropped. The tc ingress consumer reports the skb's metadata:
 * native XDP carries it in the xdp_frame into the cpumap's skb, generic
 * XDP does not (see EQUIVALENCE.md).
 */
#include "corpus_common.h"
#include "corpus_tc_meta.h"

CORPUS_PARAM(cpu_target);

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
} cpumap SEC(".maps");

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u32 *meta;
	void *data;
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l3_proto != ETH_P_IP && p.l3_proto != ETH_P_IPV6)
		return XDP_DROP;
	if (bpf_xdp_adjust_meta(ctx, -16))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	meta = (void *)(long)ctx->data_meta;
	if ((void *)(meta + 4) > data)
		return XDP_ABORTED;
	meta[0] = 0xc0ffee10;
	meta[1] = len;
	meta[2] = p.l3_proto;
	meta[3] = p.dport;
	return bpf_redirect_map(&cpumap, cpu_target, 0);
}

CORPUS_PROG(prog);
