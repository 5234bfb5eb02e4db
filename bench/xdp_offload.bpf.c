// SPDX-License-Identifier: GPL-2.0
/*
 * XDP programs of the benchmark for vxdp's offload engine (no maps: the
 * engine runs them on the device), attached with "ip link set dev DEV
 * xdpoffload obj xdp_offload.bpf.o program NAME":
 *
 *   off_drop   XDP_DROP, packet not touched (bench_drop of xdp_bench.bpf.c)
 *   off_tx     swap the Ethernet addresses, XDP_TX (bench_tx)
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int off_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("xdp")
int off_tx(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	unsigned char tmp[ETH_ALEN];

	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
