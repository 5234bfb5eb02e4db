// SPDX-License-Identifier: GPL-2.0
/*
 * XDP programs that change the frame, for vxdp_xdp_adjust.sh. Layouts and
 * constants are in xdp_test.h. xdp_seen[0] counts the frames a program
 * ran on; xdp_decap also counts decapsulated frames in xdp_seen[1] and
 * frames it left alone in xdp_seen[2].
 *
 *   xdp_encap_tx   push an outer Ethernet header + tag (bpf_xdp_adjust_head),
 *                  addressed back to the sender, XDP_TX
 *   xdp_decap      pop that outer header again, XDP_PASS
 *   xdp_grow_tx    swap MACs, append GROW_LEN pattern bytes
 *                  (bpf_xdp_adjust_tail), XDP_TX
 *   xdp_shrink_tx  swap MACs, cut SHRINK_LEN bytes, XDP_TX
 *   xdp_meta       write META_LEN bytes of metadata (bpf_xdp_adjust_meta):
 *                  META_MAGIC and the frame length, XDP_PASS
 */
#include <bpf/bpf_endian.h>
#include "xdp_test.h"

XDP_SEEN_MAP

SEC("xdp")
int xdp_encap_tx(struct xdp_md *ctx)
{
	struct ethhdr *outer, *inner;
	void *data, *data_end;
	__be32 *tag;

	seen_add(0);
	if (bpf_xdp_adjust_head(ctx, -ENCAP_LEN))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	outer = data;
	tag = data + ETH_HLEN;
	inner = data + ENCAP_LEN;
	if ((void *)(inner + 1) > data_end)
		return XDP_ABORTED;
	/* to the sender, from us */
	__builtin_memcpy(outer->h_dest, inner->h_source, ETH_ALEN);
	__builtin_memcpy(outer->h_source, inner->h_dest, ETH_ALEN);
	outer->h_proto = bpf_htons(ENCAP_ETH_P);
	*tag = bpf_htonl(ENCAP_MAGIC);
	return XDP_TX;
}

SEC("xdp")
int xdp_decap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *outer = data;
	__be32 *tag = data + ETH_HLEN;

	seen_add(0);
	if (data + ENCAP_LEN + ETH_HLEN > data_end ||
	    outer->h_proto != bpf_htons(ENCAP_ETH_P) ||
	    *tag != bpf_htonl(ENCAP_MAGIC)) {
		seen_add(2);
		return XDP_PASS;
	}
	if (bpf_xdp_adjust_head(ctx, ENCAP_LEN))
		return XDP_ABORTED;
	seen_add(1);
	return XDP_PASS;
}

SEC("xdp")
int xdp_grow_tx(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u8 pat[GROW_LEN];
	int i;

	seen_add(0);
	for (i = 0; i < GROW_LEN; i++)
		pat[i] = GROW_BYTE(i);
	if (!swap_macs(ctx))
		return XDP_ABORTED;
	if (bpf_xdp_adjust_tail(ctx, GROW_LEN))
		return XDP_ABORTED;
	if (bpf_xdp_store_bytes(ctx, len, pat, GROW_LEN))
		return XDP_ABORTED;
	return XDP_TX;
}

SEC("xdp")
int xdp_shrink_tx(struct xdp_md *ctx)
{
	seen_add(0);
	if (!swap_macs(ctx))
		return XDP_ABORTED;
	if (bpf_xdp_adjust_tail(ctx, -SHRINK_LEN))
		return XDP_ABORTED;
	return XDP_TX;
}

SEC("xdp")
int xdp_meta(struct xdp_md *ctx)
{
	void *data, *data_end;
	__u32 *meta;

	seen_add(0);
	if (bpf_xdp_adjust_meta(ctx, -META_LEN))
		return XDP_ABORTED;
	meta = (void *)(long)ctx->data_meta;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if ((void *)(meta + 2) > data)
		return XDP_ABORTED;
	meta[0] = META_MAGIC;
	meta[1] = data_end - data;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
