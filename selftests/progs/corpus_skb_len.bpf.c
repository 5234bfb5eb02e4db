// SPDX-License-Identifier: GPL-2.0
/*
 * XDP_PASS everything; the tc ingress program counts the skbs the stack
 * then gets and the longest (tc_cnt: skbs, max length). With native XDP
 * the driver's GRO runs after the program and the stack may get merged
 * skbs; with generic XDP on 6.1 GRO is off for the device
 * (netif_elide_gro()), so it never does (vxdp_equiv.sh's GRO test).
 */
#include "corpus_common.h"

__u64 tc_cnt[2];

SEC("tc")
int tc_len(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&tc_cnt[0], 1);
	if (skb->len > tc_cnt[1])
		tc_cnt[1] = skb->len;
	return 0;	/* TC_ACT_OK */
}

static __always_inline int prog(struct xdp_md *ctx)
{
	return XDP_PASS;
}

CORPUS_PROG(prog);
