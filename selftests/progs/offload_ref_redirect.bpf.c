// SPDX-License-Identifier: GPL-2.0
/*
 * A construct the offload engine refuses at load (vxdp_offload.sh): valid
 * XDP, one program per object (a loader loads every program of one).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int ref_redirect(struct xdp_md *ctx)
{
	return bpf_redirect(1, 0);
}

char _license[] SEC("license") = "GPL";
