// SPDX-License-Identifier: GPL-2.0
/*
 * xdp.frags: XDP_PASS everything (vxdp_equiv.sh's MTU 9000 run: frames up
 * to 9000 bytes, multi-buffer natively). Also the XDP program of the veth
 * target's peer in that run (veth wants one for ndo_xdp_xmit).
 */
#include "corpus_common.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	return XDP_PASS;
}

CORPUS_FRAGS_PROG(prog);
