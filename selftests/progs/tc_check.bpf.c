// SPDX-License-Identifier: GPL-2.0
/*
 * tc ingress (clsact, direct action) checker for vxdp_xdp_adjust.sh: looks
 * at every frame the stack gets from the device, as the XDP program left
 * it, and counts those that are as expected. Never drops anything.
 *
 *   tc qdisc add dev DEV clsact
 *   tc filter add dev DEV ingress bpf da obj tc_check.bpf.o sec tc
 *
 * tc_cfg[0] = mode (TC_MODE_*), tc_cfg[1] = expected frame length
 * (Ethernet header included; the skb at tc ingress starts there), set
 * with bpftool before traffic. tc_cnt[TC_CNT_*]: frames seen, as
 * expected, not as expected, without metadata (TC_MODE_META).
 *
 * The frames are pktgen's IPv4/UDP ones, 198.51.100.1 -> 198.51.100.2
 * (see pktgen_run in lib.sh).
 */
#include <linux/pkt_cls.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_endian.h>
#include "xdp_test.h"

enum {
	TC_MODE_LEN,	/* pktgen frame of the expected length */
	TC_MODE_META,	/* xdp_meta's metadata, matching the frame */
	TC_MODE_ENCAP,	/* xdp_encap_tx's outer header + a pktgen frame */
	TC_MODE_GROW,	/* pktgen frame + xdp_grow_tx's pattern */
};

enum {
	TC_CNT_SEEN,
	TC_CNT_OK,
	TC_CNT_BAD,
	TC_CNT_NO_META,
	TC_CNT_NR
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} tc_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TC_CNT_NR);
	__type(key, __u32);
	__type(value, __u64);
} tc_cnt SEC(".maps");

static __always_inline void cnt_add(__u32 slot)
{
	__u64 *v = bpf_map_lookup_elem(&tc_cnt, &slot);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline __u32 cfg_get(__u32 slot)
{
	__u32 *v = bpf_map_lookup_elem(&tc_cfg, &slot);

	return v ? *v : 0;
}

/* a pktgen frame (Ethernet header at @off) */
static __always_inline int is_pktgen(struct __sk_buff *skb, __u32 off)
{
	struct iphdr iph;
	__be16 proto;

	if (bpf_skb_load_bytes(skb, off + 12, &proto, sizeof(proto)) ||
	    bpf_skb_load_bytes(skb, off + ETH_HLEN, &iph, sizeof(iph)))
		return 0;
	return proto == bpf_htons(ETH_P_IP) && iph.version == 4 &&
	       iph.protocol == IPPROTO_UDP &&
	       iph.saddr == bpf_htonl(0xc6336401) &&	/* 198.51.100.1 */
	       iph.daddr == bpf_htonl(0xc6336402);	/* 198.51.100.2 */
}

static __always_inline int check_meta(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	__u32 *meta = (void *)(long)skb->data_meta;

	if ((void *)(meta + 2) > data) {
		cnt_add(TC_CNT_NO_META);
		return 0;
	}
	return data - (void *)meta == META_LEN && meta[0] == META_MAGIC &&
	       meta[1] == skb->len && is_pktgen(skb, 0);
}

static __always_inline int mac_eq(const __u8 *a, const __u8 *b)
{
	int i;

	for (i = 0; i < ETH_ALEN; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static __always_inline int check_encap(struct __sk_buff *skb)
{
	struct ethhdr outer, inner;
	__be32 tag;

	if (bpf_skb_load_bytes(skb, 0, &outer, sizeof(outer)) ||
	    bpf_skb_load_bytes(skb, ETH_HLEN, &tag, sizeof(tag)) ||
	    bpf_skb_load_bytes(skb, ENCAP_LEN, &inner, sizeof(inner)))
		return 0;
	return outer.h_proto == bpf_htons(ENCAP_ETH_P) &&
	       tag == bpf_htonl(ENCAP_MAGIC) &&
	       mac_eq(outer.h_dest, inner.h_source) &&
	       mac_eq(outer.h_source, inner.h_dest) &&
	       is_pktgen(skb, ENCAP_LEN);
}

static __always_inline int check_grow(struct __sk_buff *skb)
{
	__u8 tail[GROW_LEN];
	int i;

	if (skb->len < GROW_LEN ||
	    bpf_skb_load_bytes(skb, skb->len - GROW_LEN, tail, GROW_LEN))
		return 0;
	for (i = 0; i < GROW_LEN; i++)
		if (tail[i] != GROW_BYTE(i))
			return 0;
	return is_pktgen(skb, 0);
}

SEC("tc")
int tc_check(struct __sk_buff *skb)
{
	__u32 mode = cfg_get(0), len = cfg_get(1);
	int ok;

	cnt_add(TC_CNT_SEEN);
	switch (mode) {
	case TC_MODE_META:
		ok = check_meta(skb);
		break;
	case TC_MODE_ENCAP:
		ok = check_encap(skb);
		break;
	case TC_MODE_GROW:
		ok = check_grow(skb);
		break;
	default:
		ok = is_pktgen(skb, 0);
		break;
	}
	cnt_add(ok && skb->len == len ? TC_CNT_OK : TC_CNT_BAD);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
