// SPDX-License-Identifier: GPL-2.0
/*
 * For vxdp_rss.sh: where receive steering put each frame, as the programs
 * see it.
 *
 * xdp_queue_count (XDP, native): counts frames per ctx->rx_queue_index in
 * rss_queue[], passes them.
 *
 * tc_hash (tc ingress, direct action): for IPv4/UDP frames with source
 * port 1000..1063, rss_hash[port - 1000] = skb->hash, the hash the driver
 * set from its descriptor (0 if none); never drops anything.
 */
#include <linux/pkt_cls.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include "xdp_test.h"

#define RSS_MAX_QUEUES	64
#define RSS_PORT_BASE	1000

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, RSS_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u64);
} rss_queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} rss_hash SEC(".maps");

SEC("xdp")
int xdp_queue_count(struct xdp_md *ctx)
{
	__u32 q = ctx->rx_queue_index;
	__u64 *v = bpf_map_lookup_elem(&rss_queue, &q);

	if (v)
		__sync_fetch_and_add(v, 1);
	return XDP_PASS;
}

SEC("tc")
int tc_hash(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct udphdr *udph = (void *)(iph + 1);
	__u32 slot, *v;

	if ((void *)(udph + 1) > data_end ||
	    eth->h_proto != bpf_htons(ETH_P_IP) || iph->ihl != 5 ||
	    iph->protocol != IPPROTO_UDP)
		return TC_ACT_OK;
	slot = bpf_ntohs(udph->source) - RSS_PORT_BASE;
	v = bpf_map_lookup_elem(&rss_hash, &slot);
	if (v)
		*v = skb->hash;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
