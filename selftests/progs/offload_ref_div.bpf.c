// SPDX-License-Identifier: GPL-2.0
/*
 * A construct the offload engine refuses at load (vxdp_offload.sh): valid
 * XDP, one program per object (a loader loads every program of one).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int ref_div(struct xdp_md *ctx)
{
	__u64 d = ctx->rx_queue_index + 1;
	__u64 n = ctx->ingress_ifindex;

	/* the compiler may not turn it into a comparison */
	asm volatile("%[n] /= %[d]" : [n] "+r"(n) : [d] "r"(d));
	return n ? XDP_PASS : XDP_DROP;
}

char _license[] SEC("license") = "GPL";
