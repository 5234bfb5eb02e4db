// SPDX-License-Identifier: GPL-2.0
/*
 * A construct the offload engine refuses at load (vxdp_offload.sh): valid
 * XDP, one program per object (a loader loads every program of one).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int ref_helper(struct xdp_md *ctx)
{
	return bpf_get_smp_processor_id() ? XDP_PASS : XDP_DROP;
}

char _license[] SEC("license") = "GPL";
