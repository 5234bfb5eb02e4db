/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The consumer of XDP metadata: a tc ingress program (section "tc") that
 * xdp_equiv attaches to the DUT when an object has one. For every skb it
 * queues the metadata it finds in front of the MAC header (the skb's
 * metadata length as the stack sees it) and the skb length; xdp_equiv
 * pops the queue after the run.
 */
#ifndef __CORPUS_TC_META_H
#define __CORPUS_TC_META_H

struct meta_rec {
	__u32 metalen;
	__u32 len;
	__u8 meta[32];
};

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 16384);
	__type(value, struct meta_rec);
} tc_meta_q SEC(".maps");

SEC("tc")
int tc_meta(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	__u8 *meta = (void *)(long)skb->data_meta;
	struct meta_rec r = {};
	int i;

	r.len = skb->len;
#pragma unroll
	for (i = 0; i < 32; i++) {
		if ((void *)(meta + i + 1) > data)
			break;
		r.meta[i] = meta[i];
		r.metalen++;
	}
	bpf_map_push_elem(&tc_meta_q, &r, 0);
	return 0;	/* TC_ACT_OK */
}

#endif /* __CORPUS_TC_META_H */
