// SPDX-License-Identifier: GPL-2.0
/*
 * Offloaded verdicts (vxdp_offload.sh): each program is two instructions
 * (r0 = verdict; exit), so the engine runs exactly 2 per frame.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int off_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int off_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("xdp")
int off_tx(struct xdp_md *ctx)
{
	return XDP_TX;
}

SEC("xdp")
int off_aborted(struct xdp_md *ctx)
{
	return XDP_ABORTED;
}

/* an out-of-range verdict: aborted, traced with the value */
SEC("xdp")
int off_invalid(struct xdp_md *ctx)
{
	return 42;
}

char _license[] SEC("license") = "GPL";
