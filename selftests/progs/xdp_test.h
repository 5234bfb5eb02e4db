/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the BPF programs of the vxdp XDP selftests and mirrored by the
 * test scripts (xdp_lib.sh): frame layouts and magic values.
 */
#ifndef _VXDP_XDP_TEST_H
#define _VXDP_XDP_TEST_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

/* outer header pushed by xdp_encap_tx: Ethernet + a 4-byte tag */
#define ENCAP_ETH_P	0x88B5		/* IEEE local experimental 1 */
#define ENCAP_MAGIC	0x76786470	/* "vxdp", network order on the wire */
#define ENCAP_LEN	(ETH_HLEN + 4)

/* bytes added by xdp_grow_tx, filled with GROW_BYTE(i) */
#define GROW_LEN	16
#define GROW_BYTE(i)	(0xa0 + (i))
/* bytes cut by xdp_shrink_tx */
#define SHRINK_LEN	20

/* metadata written by xdp_meta: META_MAGIC, then the frame length */
#define META_MAGIC	0xfeedf00d
#define META_LEN	8

/* the out-of-range verdict returned by xdp_invalid */
#define XDP_INVALID_ACT	42

/*
 * "frames the program ran on", slot 0; the other slots are free for
 * the program. A plain array shared by all CPUs: atomic adds.
 */
#define XDP_SEEN_MAP							\
struct {								\
	__uint(type, BPF_MAP_TYPE_ARRAY);				\
	__uint(max_entries, 4);						\
	__type(key, __u32);						\
	__type(value, __u64);						\
} xdp_seen SEC(".maps");						\
									\
static __always_inline void seen_add(__u32 slot)			\
{									\
	__u64 *v = bpf_map_lookup_elem(&xdp_seen, &slot);		\
									\
	if (v)								\
		__sync_fetch_and_add(v, 1);				\
}

/* swap the Ethernet addresses; false if the frame is too short */
static __always_inline int swap_macs(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u8 tmp[ETH_ALEN];

	if ((void *)(eth + 1) > data_end)
		return 0;
	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	return 1;
}

#endif /* _VXDP_XDP_TEST_H */
