// SPDX-License-Identifier: GPL-2.0
/*
 * Verdicts by protocol and port:
 *   ARP                   PASS
 *   IPv4 UDP to DUT:7777  PASS; other IPv4 UDP by dport % 4:
 *                         0 DROP, 1 PASS, 2 TX (MACs swapped), 3 ABORTED
 *   IPv4 TCP              SYN without ACK: DROP; dport >= 32768: TX; else PASS
 *   ICMP                  echo request: TX (MACs swapped); else DROP
 *   IPv6 UDP              dport even: PASS, odd: DROP
 *   IPv6 TCP              TX (MACs swapped)
 *   ICMPv6                DROP
 *   double-tagged (QinQ)  DROP; single VLAN tag: by the inner packet
 *   802.3 length field    ABORTED
 *   any other EtherType   DROP
 */
#include "corpus_common.h"

static __always_inline int tx(struct pkt *p)
{
	swap_macs(p->data);
	return XDP_TX;
}

static __always_inline int prog(struct xdp_md *ctx)
{
	struct pkt p;

	if (parse_pkt(ctx, &p) < 0)
		return XDP_DROP;
	if (p.nvlan > 1)
		return XDP_DROP;
	if (p.l3_proto < ETH_P_802_3_MIN)
		return XDP_ABORTED;

	switch (p.l3_proto) {
	case ETH_P_ARP:
		return XDP_PASS;
	case ETH_P_IP:
		if (p.l4_off < 0)
			return XDP_PASS;	/* fragments */
		if (p.l4_proto == IPPROTO_UDP) {
			if (p.dport == DUT_UDP_PORT)
				return XDP_PASS;
			switch (p.dport & 3) {
			case 0: return XDP_DROP;
			case 1: return XDP_PASS;
			case 2: return tx(&p);
			default: return XDP_ABORTED;
			}
		}
		if (p.l4_proto == IPPROTO_TCP) {
			struct tcphdr *th = L4(&p);

			if ((void *)(th + 1) > p.end)
				return XDP_DROP;
			if (th->syn && !th->ack)
				return XDP_DROP;
			return p.dport >= 32768 ? tx(&p) : XDP_PASS;
		}
		if (p.l4_proto == IPPROTO_ICMP) {
			struct icmphdr *ih = L4(&p);

			if ((void *)(ih + 1) > p.end)
				return XDP_DROP;
			return ih->type == ICMP_ECHO ? tx(&p) : XDP_DROP;
		}
		return XDP_PASS;
	case ETH_P_IPV6:
		if (p.l4_proto == IPPROTO_UDP)
			return p.dport & 1 ? XDP_DROP : XDP_PASS;
		if (p.l4_proto == IPPROTO_TCP)
			return tx(&p);
		if (p.l4_proto == IPPROTO_ICMPV6)
			return XDP_DROP;
		return XDP_PASS;
	default:
		return XDP_DROP;
	}
}

CORPUS_PROG(prog);
