// SPDX-License-Identifier: GPL-2.0
/*
 * Offloaded maps (vxdp_offload.sh): off_count counts every frame in an
 * array (slot 0), records the context fields it sees (slots 1 and 2),
 * and counts frames and bytes per IP protocol in a hash; then it swaps
 * the MAC addresses and sends the frame back (XDP_TX), or drops it if it
 * is not IPv4. off_budget loops past the engine's instruction budget.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} off_stats SEC(".maps");

struct proto_count {
	__u64 frames;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct proto_count);
} off_protos SEC(".maps");

static __always_inline void stat_set(__u32 slot, __u64 v)
{
	bpf_map_update_elem(&off_stats, &slot, &v, BPF_ANY);
}

SEC("xdp")
int off_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct proto_count *pc, zero = {};
	struct ethhdr *eth = data;
	__u8 tmp[ETH_ALEN];
	struct iphdr *iph;
	__u32 key = 0;
	__u64 *v;

	v = bpf_map_lookup_elem(&off_stats, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	stat_set(1, ctx->ingress_ifindex);
	stat_set(2, ctx->rx_queue_index);

	iph = data + sizeof(*eth);
	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_DROP;

	key = iph->protocol;
	pc = bpf_map_lookup_elem(&off_protos, &key);
	if (!pc) {
		bpf_map_update_elem(&off_protos, &key, &zero, BPF_NOEXIST);
		pc = bpf_map_lookup_elem(&off_protos, &key);
		if (!pc)
			return XDP_ABORTED;
	}
	__sync_fetch_and_add(&pc->frames, 1);
	__sync_fetch_and_add(&pc->bytes, data_end - data);

	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	return XDP_TX;
}

/* 3000 iterations of a few instructions each: past the 8192 budget */
SEC("xdp")
int off_budget(struct xdp_md *ctx)
{
	volatile __u32 x = 0;
	int i;

#pragma clang loop unroll(disable)
	for (i = 0; i < 3000; i++)
		x += i;
	return x ? XDP_DROP : XDP_PASS;
}

/*
 * Pushes 4 bytes in front of the frame and pulls them back, then grows
 * and shrinks the tail: the frame leaves as it came (XDP_PASS). Any
 * failure aborts.
 */
SEC("xdp")
int off_adjust(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_head(ctx, -4) || bpf_xdp_adjust_head(ctx, 4))
		return XDP_ABORTED;
	if (bpf_xdp_adjust_tail(ctx, 16) || bpf_xdp_adjust_tail(ctx, -16))
		return XDP_ABORTED;
	/* a head past the end of the frame is refused */
	if (!bpf_xdp_adjust_head(ctx, 4096))
		return XDP_ABORTED;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
