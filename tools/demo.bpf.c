// SPDX-License-Identifier: GPL-2.0
/*
 * XDP program of scripts/demo: count the frames it sees, pass them all.
 * The count is in the one-element array vxdp_demo_cnt (one slot, shared
 * by all CPUs: atomic adds), for "bpftool map dump name vxdp_demo_cnt".
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} vxdp_demo_cnt SEC(".maps");

SEC("xdp")
int vxdp_demo_pass(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *cnt = bpf_map_lookup_elem(&vxdp_demo_cnt, &key);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
