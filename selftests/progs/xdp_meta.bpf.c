// SPDX-License-Identifier: GPL-2.0
/*
 * Device-bound XDP program of vxdp_xdp_meta: for every frame, call the rx
 * metadata kfuncs (6.8+) and record what they return, in arrival order, in
 * the "records" array; "count" (key 0) is the number of frames seen. Every
 * frame is dropped, so that nothing else reacts to the test's frames.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xdp_meta.h"

enum xdp_rss_hash_type {
	XDP_RSS_TYPE_NONE = 0,
};

extern int bpf_xdp_metadata_rx_timestamp(const struct xdp_md *ctx,
					 __u64 *timestamp) __ksym;
extern int bpf_xdp_metadata_rx_hash(const struct xdp_md *ctx, __u32 *hash,
				    enum xdp_rss_hash_type *rss_type) __ksym;
extern int bpf_xdp_metadata_rx_vlan_tag(const struct xdp_md *ctx,
					__be16 *vlan_proto,
					__u16 *vlan_tci) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, META_MAX_RECORDS);
	__type(key, __u32);
	__type(value, struct meta_record);
} records SEC(".maps");

SEC("xdp")
int xdp_meta(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	enum xdp_rss_hash_type type = XDP_RSS_TYPE_NONE;
	struct meta_record *r;
	__u32 zero = 0, idx;
	__u32 *n;

	n = bpf_map_lookup_elem(&count, &zero);
	if (!n)
		return XDP_ABORTED;
	idx = *n;
	*n = idx + 1;
	r = bpf_map_lookup_elem(&records, &idx);
	if (!r)
		return XDP_DROP;

	r->len = data_end - data;
	if ((void *)(eth + 1) <= data_end)
		r->eth_proto = bpf_ntohs(eth->h_proto);
	r->hash_ret = bpf_xdp_metadata_rx_hash(ctx, &r->hash, &type);
	r->hash_type = type;
	r->ts_ret = bpf_xdp_metadata_rx_timestamp(ctx, &r->ts);
	r->vlan_ret = bpf_xdp_metadata_rx_vlan_tag(ctx, &r->vlan_proto,
						   &r->vlan_tci);
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
