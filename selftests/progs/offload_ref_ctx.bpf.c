// SPDX-License-Identifier: GPL-2.0
/*
 * A construct the offload engine refuses at load (vxdp_offload.sh): valid
 * XDP, one program per object (a loader loads every program of one).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int ref_ctx(struct xdp_md *ctx)
{
	ctx->rx_queue_index = 0;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
