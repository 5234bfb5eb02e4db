/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the corpus_*.bpf.c XDP programs of the native/generic
 * equivalence test (vxdp_equiv.sh, xdp_equiv.c).
 *
 * Every corpus object has exactly one program in section "xdp", defined
 * with CORPUS_PROG(fn): it counts what it saw and what it returned in the
 * .bss array corpus_cnt[], which xdp_equiv reads (and paces injection on).
 * Optional extra programs: "xdp/devmap" (a devmap entry's egress program),
 * "xdp/cpumap" (a cpumap entry's program), "tc" (an ingress consumer of
 * XDP metadata).
 *
 * Parameters come from .rodata, set by xdp_equiv before load (by name):
 *   tgt_ifindex   the IPv4 redirect target (vx2)
 *   tgt6_ifindex  the IPv6 redirect target (ve0)
 *   cpu_target    the cpumap CPU
 * and from maps xdp_equiv fills by name: devmap, devmap_hash, cpumap, xsks.
 *
 * The addresses below are those of the equivalence topology
 * (equiv_lib.sh) and of the generated packet set (xdp_equiv.c).
 */
#ifndef __CORPUS_COMMON_H
#define __CORPUS_COMMON_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <linux/icmpv6.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* linux/icmp.h pulls in libc headers: the part needed here */
struct icmphdr {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be32 un;
};
/* struct vlan_hdr is not UAPI */
struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};
#ifndef ETH_P_8021Q
#define ETH_P_8021Q 0x8100
#endif

#define ICMP_ECHOREPLY	0
#define ICMP_ECHO	8

#ifndef ETH_P_8021AD
#define ETH_P_8021AD 0x88A8
#endif

/* the DUT's IPv4 address and the UDP port the test's socket listens on */
#define DUT_IP4		0x0a630101	/* 10.99.1.1 */
#define DUT_UDP_PORT	7777
/* IPIP packets the decap program unwraps are sent to this outer address */
#define DECAP_IP4	0x0a63014d	/* 10.99.1.77 */
/* the NAT program's public address:port, rewritten to DUT_IP4:DUT_UDP_PORT */
#define NAT_IP4		0x0a630909	/* 10.99.9.9 */
#define NAT_PORT	5555
/* UDP destination ports steered to the AF_XDP socket */
#define XSK_PORT_MIN	4000
#define XSK_PORT_MAX	4099

enum corpus_cnt_idx {
	CNT_SEEN,	/* program runs */
	CNT_BYTES,	/* bytes seen (data_end - data at entry) */
	CNT_MAX_LEN,	/* largest packet seen */
	CNT_ABORTED,	/* verdicts, by value */
	CNT_DROP,
	CNT_PASS,
	CNT_TX,
	CNT_REDIRECT,
	CNT_OTHER,	/* out-of-range verdicts */
	CNT_AUX0,	/* program-specific */
	CNT_AUX1,
	CNT_AUX2,
	CNT_AUX3,
	CNT_NR
};

#ifndef CORPUS_OFFLOAD
__u64 corpus_cnt[CNT_NR];

static __always_inline __u64 *corpus_cnts(void)
{
	return corpus_cnt;
}

/* a program parameter, set by xdp_equiv in .rodata before load */
#define CORPUS_PARAM(name)	const volatile __u32 name
#else
/*
 * The offload variant (progs/corpus_*.off.o, built with -DCORPUS_OFFLOAD):
 * the same program for the device's engine, which has no global data
 * (.bss, .rodata). The counters are the value of an offloaded array
 * (xdp_equiv reads it with bpf_map_lookup_elem()); the parameters are
 * constants: only redirecting programs use them, and the engine refuses
 * those anyway.
 */
struct corpus_cnt_val {
	__u64 c[CNT_NR];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct corpus_cnt_val);
} corpus_cnt_map SEC(".maps");

static __always_inline __u64 *corpus_cnts(void)
{
	__u32 key = 0;
	struct corpus_cnt_val *v = bpf_map_lookup_elem(&corpus_cnt_map, &key);

	return v ? v->c : (__u64 *)0;
}

#define CORPUS_PARAM(name)	static const __u32 name = 0
#endif

static __always_inline void cnt_add(int idx, __u64 v)
{
	__u64 *c = corpus_cnts();

	if (c && idx >= 0 && idx < CNT_NR)
		__sync_fetch_and_add(&c[idx], v);
}

static __always_inline void cnt_max(__u64 len)
{
	__u64 *c = corpus_cnts();

	if (c && len > c[CNT_MAX_LEN])
		c[CNT_MAX_LEN] = len;
}

static __always_inline int cnt_verdict(int act)
{
	switch (act) {
	case XDP_ABORTED: cnt_add(CNT_ABORTED, 1); break;
	case XDP_DROP: cnt_add(CNT_DROP, 1); break;
	case XDP_PASS: cnt_add(CNT_PASS, 1); break;
	case XDP_TX: cnt_add(CNT_TX, 1); break;
	case XDP_REDIRECT: cnt_add(CNT_REDIRECT, 1); break;
	default: cnt_add(CNT_OTHER, 1); break;
	}
	return act;
}

/* CORPUS_PROG(fn): the object's "xdp" program, running fn(ctx) */
#define CORPUS_PROG(fn)							\
SEC("xdp")								\
int xdp_corpus(struct xdp_md *ctx)					\
{									\
	__u64 len = ctx->data_end - ctx->data;				\
									\
	cnt_add(CNT_SEEN, 1);						\
	cnt_add(CNT_BYTES, len);					\
	cnt_max(len);							\
	return cnt_verdict(fn(ctx));					\
}									\
char _license[] SEC("license") = "GPL"

/*
 * CORPUS_FRAGS_PROG(fn): the object's "xdp.frags" program (multi-buffer
 * frames, vxdp_equiv.sh's MTU 9000 run), running fn(ctx). Bytes and the
 * largest frame count the whole frame (bpf_xdp_get_buff_len());
 * corpus_head adds up what the program can reach directly (data_end -
 * data), which is where the modes may differ (xdp_equiv's rule
 * "mb-head", EQUIVALENCE.md).
 */
#define CORPUS_HEAD_MAX	3520	/* vxdp's rx buffer: the first one's bytes */

#define CORPUS_FRAGS_PROG(fn)						\
__u64 corpus_head;							\
SEC("xdp.frags")							\
int xdp_corpus(struct xdp_md *ctx)					\
{									\
	__u64 len = bpf_xdp_get_buff_len(ctx);				\
									\
	cnt_add(CNT_SEEN, 1);						\
	cnt_add(CNT_BYTES, len);					\
	cnt_max(len);							\
	__sync_fetch_and_add(&corpus_head, ctx->data_end - ctx->data);	\
	return cnt_verdict(fn(ctx));					\
}									\
char _license[] SEC("license") = "GPL"

/* A parsed packet: offsets are from ctx->data, -1 when absent. */
struct pkt {
	void *data;
	void *end;
	__u16 l3_proto;		/* host order, after up to two VLAN tags */
	__u8 l4_proto;
	__u8 nvlan;
	int l3_off;
	int l4_off;
	__u16 sport;		/* host order, UDP/TCP only */
	__u16 dport;
};

static __always_inline int parse_pkt(struct xdp_md *ctx, struct pkt *p)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	int off = sizeof(*eth);
	__u16 proto;
	int i;

	p->data = data;
	p->end = end;
	p->l3_off = -1;
	p->l4_off = -1;
	p->l4_proto = 0;
	p->nvlan = 0;
	p->sport = 0;
	p->dport = 0;
	if ((void *)(eth + 1) > end)
		return -1;
	proto = bpf_ntohs(eth->h_proto);

#pragma unroll
	for (i = 0; i < 2; i++) {
		struct vlan_hdr *vh = data + off;

		if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
			break;
		if ((void *)(vh + 1) > end)
			return -1;
		proto = bpf_ntohs(vh->h_vlan_encapsulated_proto);
		off += sizeof(*vh);
		p->nvlan++;
	}
	p->l3_proto = proto;
	p->l3_off = off;

	if (proto == ETH_P_IP) {
		struct iphdr *iph = data + off;

		if ((void *)(iph + 1) > end || iph->ihl < 5)
			return 0;
		p->l4_proto = iph->protocol;
		/* first fragments and unfragmented packets only */
		if (iph->frag_off & bpf_htons(0x1fff))
			return 0;
		off += iph->ihl * 4;
	} else if (proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = data + off;

		if ((void *)(ip6 + 1) > end)
			return 0;
		p->l4_proto = ip6->nexthdr;
		off += sizeof(*ip6);
	} else {
		return 0;
	}
	p->l4_off = off;

	if (p->l4_proto == IPPROTO_UDP || p->l4_proto == IPPROTO_TCP) {
		__u16 *ports = data + off;

		if ((void *)(ports + 2) > end)
			return 0;
		p->sport = bpf_ntohs(ports[0]);
		p->dport = bpf_ntohs(ports[1]);
	}
	return 0;
}

/* bounded offsets, so the verifier accepts pointer arithmetic */
#define L3(p)	((p)->data + ((p)->l3_off & 0xff))
#define L4(p)	((p)->data + ((p)->l4_off & 0xff))

static __always_inline void swap_macs(struct ethhdr *eth)
{
	__u8 tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
}

static __always_inline __u16 csum_fold32(__u32 csum)
{
	csum = (csum & 0xffff) + (csum >> 16);
	csum = (csum & 0xffff) + (csum >> 16);
	return (__u16)~csum;
}

/* RFC 1624 incremental update of a 16-bit checksum field */
static __always_inline void csum_replace4(__u16 *sum, __u32 from, __u32 to)
{
	__u32 c = (__u16)~*sum;

	c += (__u16)~from + (__u16)~(from >> 16);
	c += (to & 0xffff) + (to >> 16);
	c = (c & 0xffff) + (c >> 16);
	c = (c & 0xffff) + (c >> 16);
	*sum = (__u16)~c;
}

static __always_inline void csum_replace2(__u16 *sum, __u16 from, __u16 to)
{
	__u32 c = (__u16)~*sum;

	c += (__u16)~from;
	c += to;
	c = (c & 0xffff) + (c >> 16);
	c = (c & 0xffff) + (c >> 16);
	*sum = (__u16)~c;
}

#endif /* __CORPUS_COMMON_H */
