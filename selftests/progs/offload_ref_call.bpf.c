// SPDX-License-Identifier: GPL-2.0
/*
 * A construct the offload engine refuses at load (vxdp_offload.sh): valid
 * XDP, one program per object (a loader loads every program of one).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int subprog(struct xdp_md *ctx)
{
	return ctx->rx_queue_index ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int ref_call(struct xdp_md *ctx)
{
	return subprog(ctx);
}

char _license[] SEC("license") = "GPL";
