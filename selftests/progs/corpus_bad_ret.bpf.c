// SPDX-License-Identifier: GPL-2.0
/*
 * Return values outside enum xdp_action, and XDP_REDIRECT without a
 * target, by frame length % 6: 0 -> 5, 1 -> 0x7fffffff, 2 -> -1 (all
 * handled as XDP_ABORTED, with one "Illegal XDP return value" warning),
 * 3 -> XDP_REDIRECT without a bpf_redirect*() call (a redirect error),
 * 4 -> XDP_PASS, 5 -> XDP_TX.
 */
#include "corpus_common.h"

static __always_inline int prog(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	switch (len % 6) {
	case 0:
		return 5;
	case 1:
		return 0x7fffffff;
	case 2:
		return -1;
	case 3:
		return XDP_REDIRECT;
	case 4:
		return XDP_PASS;
	default:
		return XDP_TX;
	}
}

CORPUS_PROG(prog);
