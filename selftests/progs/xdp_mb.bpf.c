// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-buffer XDP programs (xdp.frags) of vxdp_xdp_mb.sh. Each counts in
 * xdp_seen: [0] frames, [1] their bytes (bpf_xdp_get_buff_len), [2] frames
 * carrying MB_LEN bytes of MB_BYTE at MB_OFF (across the first buffer's
 * end), [3] helper calls that failed.
 */
#include "xdp_test.h"

/* where mb_store_tx writes, straddling the first rx buffer's end (3520) */
#define MB_OFF	3490
#define MB_LEN	64
#define MB_BYTE	0x5a

XDP_SEEN_MAP

/* [0]: bytes mb_tail adds (> 0) or cuts (< 0); [1]: its verdict */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __s32);
} mb_cfg SEC(".maps");

static __always_inline void seen_bytes(struct xdp_md *ctx)
{
	__u32 slot = 1;
	__u64 *v = bpf_map_lookup_elem(&xdp_seen, &slot);

	seen_add(0);
	if (v)
		__sync_fetch_and_add(v, bpf_xdp_get_buff_len(ctx));
}

static __always_inline __s32 cfg(__u32 slot)
{
	__s32 *v = bpf_map_lookup_elem(&mb_cfg, &slot);

	return v ? *v : 0;
}

/* count the frame, its bytes and whether it carries the marker; PASS */
SEC("xdp.frags")
int mb_check(struct xdp_md *ctx)
{
	__u8 buf[MB_LEN];
	int i;

	seen_bytes(ctx);
	if (bpf_xdp_load_bytes(ctx, MB_OFF, buf, MB_LEN)) {
		seen_add(3);
		return XDP_PASS;
	}
	for (i = 0; i < MB_LEN; i++)
		if (buf[i] != MB_BYTE)
			return XDP_PASS;
	seen_add(2);
	return XDP_PASS;
}

SEC("xdp.frags")
int mb_drop(struct xdp_md *ctx)
{
	seen_bytes(ctx);
	return XDP_DROP;
}

/* write the marker across the buffers' boundary, send the frame back */
SEC("xdp.frags")
int mb_store_tx(struct xdp_md *ctx)
{
	__u8 buf[MB_LEN];
	int i;

	seen_bytes(ctx);
	for (i = 0; i < MB_LEN; i++)
		buf[i] = MB_BYTE;
	if (bpf_xdp_store_bytes(ctx, MB_OFF, buf, MB_LEN) || !swap_macs(ctx)) {
		seen_add(3);
		return XDP_ABORTED;
	}
	return XDP_TX;
}

/* grow or shrink the frame's end by mb_cfg[0] bytes; verdict mb_cfg[1] */
SEC("xdp.frags")
int mb_tail(struct xdp_md *ctx)
{
	seen_bytes(ctx);
	if (bpf_xdp_adjust_tail(ctx, cfg(0)) || !swap_macs(ctx)) {
		seen_add(3);
		return XDP_ABORTED;
	}
	return cfg(1);
}

/* filled with bpftool after attach: a device, a CPU */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} mb_port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
} mb_cpu SEC(".maps");

SEC("xdp.frags")
int mb_redirect_devmap(struct xdp_md *ctx)
{
	seen_bytes(ctx);
	return bpf_redirect_map(&mb_port, 0, 0);
}

SEC("xdp.frags")
int mb_redirect_cpumap(struct xdp_md *ctx)
{
	seen_bytes(ctx);
	return bpf_redirect_map(&mb_cpu, 0, 0);
}

char _license[] SEC("license") = "GPL";
