// SPDX-License-Identifier: GPL-2.0
/*
 * XDP redirect programs for vxdp_xdp_redirect.sh (and a redirect to a
 * missing device in vxdp_xdp_actions.sh). Each counts the frames it runs
 * on in xdp_seen[0].
 *
 *   xdp_redirect_ifindex  bpf_redirect(redirect_cfg[0], 0)
 *   xdp_redirect_devmap   bpf_redirect_map(&tx_port, 0, 0)
 *   xdp_pass_count        XDP_PASS (the receiver behind a veth target)
 *
 * redirect_cfg and tx_port are filled with bpftool after attach.
 */
#include "xdp_test.h"

XDP_SEEN_MAP

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} redirect_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

SEC("xdp")
int xdp_redirect_ifindex(struct xdp_md *ctx)
{
	__u32 key = 0, *ifindex;

	seen_add(0);
	ifindex = bpf_map_lookup_elem(&redirect_cfg, &key);
	if (!ifindex)
		return XDP_ABORTED;
	return bpf_redirect(*ifindex, 0);
}

SEC("xdp")
int xdp_redirect_devmap(struct xdp_md *ctx)
{
	seen_add(0);
	return bpf_redirect_map(&tx_port, 0, 0);
}

SEC("xdp")
int xdp_pass_count(struct xdp_md *ctx)
{
	seen_add(0);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
