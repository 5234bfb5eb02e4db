// SPDX-License-Identifier: GPL-2.0
/*
 * One XDP program per verdict, for vxdp_xdp_actions.sh and
 * vxdp_xdp_swap.sh. Each counts the frames it runs on in xdp_seen[0].
 * Attach with: ip link set dev DEV xdpdrv obj xdp_actions.bpf.o program NAME
 */
#include "xdp_test.h"

XDP_SEEN_MAP

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	seen_add(0);
	return XDP_PASS;
}

SEC("xdp")
int xdp_drop(struct xdp_md *ctx)
{
	seen_add(0);
	return XDP_DROP;
}

/* back to the sender, addressed to it */
SEC("xdp")
int xdp_tx(struct xdp_md *ctx)
{
	seen_add(0);
	if (!swap_macs(ctx))
		return XDP_ABORTED;
	return XDP_TX;
}

SEC("xdp")
int xdp_aborted(struct xdp_md *ctx)
{
	seen_add(0);
	return XDP_ABORTED;
}

/* a verdict that is none of enum xdp_action */
SEC("xdp")
int xdp_invalid(struct xdp_md *ctx)
{
	seen_add(0);
	return XDP_INVALID_ACT;
}

/*
 * Frame i gets verdict i % 5: PASS, DROP, TX, ABORTED, invalid; the
 * running index is xdp_seen[1]. Plain read-modify-write: the test uses one
 * rx queue, whose NAPI poll never runs on two CPUs at once.
 */
SEC("xdp")
int xdp_mix(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 *idx = bpf_map_lookup_elem(&xdp_seen, &key);
	__u64 i;

	seen_add(0);
	if (!idx)
		return XDP_ABORTED;
	i = *idx;
	*idx = i + 1;
	switch (i % 5) {
	case 0:
		return XDP_PASS;
	case 1:
		return XDP_DROP;
	case 2:
		if (!swap_macs(ctx))
			return XDP_ABORTED;
		return XDP_TX;
	case 3:
		return XDP_ABORTED;
	default:
		return XDP_INVALID_ACT;
	}
}

/* XDP_DROP, counting in xdp_seen[2 + cpu] the frames each of CPUs 0, 1 ran */
SEC("xdp")
int xdp_drop_cpu(struct xdp_md *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();

	seen_add(0);
	if (cpu < 2)
		seen_add(2 + cpu);
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
