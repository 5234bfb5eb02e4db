// SPDX-License-Identifier: GPL-2.0
/*
 * UDP (IPv4 or IPv6, tagged or not) to ports XSK_PORT_MIN..XSK_PORT_MAX
 * to the AF_XDP socket of the receive queue (XSKMAP filled by xdp_equiv,
 * copy mode); the rest passed. An empty XSKMAP slot falls back to
 * XDP_PASS.
 */
#include "corpus_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

static __always_inline int prog(struct xdp_md *ctx)
{
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.l4_proto == IPPROTO_UDP && p.l4_off >= 0 &&
	    p.dport >= XSK_PORT_MIN && p.dport <= XSK_PORT_MAX)
		return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS);
	return XDP_PASS;
}

CORPUS_PROG(prog);
