/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by progs/xdp_meta.bpf.c and vxdp_xdp_meta.c. */
#ifndef _XDP_META_H
#define _XDP_META_H

#include <linux/types.h>

#define META_MAX_RECORDS 256

/* what the rx metadata kfuncs returned for one frame */
struct meta_record {
	__u32 len;		/* data_end - data as the program saw it */
	__u16 eth_proto;	/* h_proto as the program saw it */
	__u16 vlan_tci;
	__be16 vlan_proto;
	__u16 pad;
	__u32 hash;
	__u32 hash_type;	/* enum xdp_rss_hash_type */
	__s32 hash_ret;
	__s32 ts_ret;
	__s32 vlan_ret;
	__u64 ts;
};

#endif /* _XDP_META_H */
