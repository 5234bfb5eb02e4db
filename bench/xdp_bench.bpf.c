// SPDX-License-Identifier: GPL-2.0
/*
 * XDP programs of the benchmark (scripts/bench), one object, one section
 * each, loaded with "bpftool prog loadall" and attached by pinned path:
 *
 *   bench_drop      XDP_DROP, packet not touched
 *   bench_pass      XDP_PASS, packet not touched
 *   bench_tx        swap the Ethernet addresses, XDP_TX
 *   bench_redirect  swap the Ethernet addresses, XDP_REDIRECT through
 *                   bench_devmap slot 0 (filled with bpftool by the bench)
 *   bench_drop_mb   XDP_DROP, multi-buffer aware (xdp.frags: MTU 9000)
 *   bench_xsk       XDP_REDIRECT into the AF_XDP socket of the rx queue
 *                   (bench_xskmap, filled by bench/xsk_bench rx)
 *
 * Like xdp-bench's defaults: drop/pass do not touch the data, tx/redirect
 * write the header (as a forwarder would).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} bench_devmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} bench_xskmap SEC(".maps");

static __always_inline int swap_macs(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	unsigned char tmp[ETH_ALEN];

	if ((void *)(eth + 1) > data_end)
		return -1;
	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	return 0;
}

SEC("xdp")
int bench_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("xdp")
int bench_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int bench_tx(struct xdp_md *ctx)
{
	if (swap_macs(ctx))
		return XDP_ABORTED;
	return XDP_TX;
}

SEC("xdp")
int bench_redirect(struct xdp_md *ctx)
{
	if (swap_macs(ctx))
		return XDP_ABORTED;
	return bpf_redirect_map(&bench_devmap, 0, 0);
}

SEC("xdp.frags")
int bench_drop_mb(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("xdp")
int bench_xsk(struct xdp_md *ctx)
{
	return bpf_redirect_map(&bench_xskmap, ctx->rx_queue_index, XDP_DROP);
}

char _license[] SEC("license") = "GPL";
