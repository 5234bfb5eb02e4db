// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_equiv: the packet set. gen_set() builds n frames from a seed
 * (xorshift64*), the same frames for the same seed: UDP, TCP and ICMP over
 * IPv4 and IPv6 to the DUT, to routed and unrouted destinations and to the
 * AF_XDP ports, ARP, VLAN and QinQ, odd ethertypes and 802.3, IPIP,
 * multicast and broadcast, and malformed IPv4 (bad checksums and lengths,
 * options, fragments, TTL 1, bad version).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include <linux/if_ether.h>

#include "equiv.h"

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static uint32_t rnd_n(uint32_t n)
{
	return (uint32_t)(rnd() >> 33) % n;
}

static uint32_t csum_add(uint32_t sum, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* big-endian, like put16() and get16() (equiv.h) */
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

#define IP4(a, b, c, d)	(((uint32_t)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))

static const uint8_t ip6_src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x99, 0, 1,
				     0, 0, 0, 0, 0, 0, 0, 2 };

enum kind {
	K_U4_DUT, K_U4_FWD, K_U4_XSK, K_T4, K_I4, K_U6, K_T6, K_I6, K_ARP,
	K_VLAN, K_ODD, K_IPIP, K_NAT, K_MCAST, K_BAD, K_NR
};
static const int kind_weight[K_NR] = {
	14, 12, 6, 10, 5, 10, 5, 4, 5, 8, 5, 4, 4, 3, 5
};

struct gen {
	uint8_t dut[6], src[6];
	uint8_t *b;		/* frame being built */
	uint32_t seq;
};

static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t mac_other[6] = { 0x02, 0, 0, 0, 0x09, 0x09 };

static void fill_payload(struct gen *g, uint8_t *p, int n)
{
	uint8_t hdr[8] = { 'V', 'X', 'E', 'Q' };
	int i;

	put32(hdr + 4, g->seq);
	for (i = 0; i < n; i++)
		p[i] = i < 8 ? hdr[i] : (uint8_t)rnd();
}

/* Ethernet header, optional tags; returns the offset after it */
static int put_eth(struct gen *g, const uint8_t *dst, uint16_t type)
{
	memcpy(g->b, dst, 6);
	if (rnd_n(10) == 0) {	/* another sender */
		g->b[6] = 0x02;
		g->b[7] = 0x11;
		put32(g->b + 8, (uint32_t)rnd());
	} else {
		memcpy(g->b + 6, g->src, 6);
	}
	put16(g->b + 12, type);
	return 14;
}

/*
 * --jumbo N: 2 frames in 5 are multi-buffer ones at MTU 9000, 3500 to N
 * bytes, a quarter of them on the edges of the rx buffers (RX_BUF_LEN).
 */
static int jumbo_len(void)
{
	static const int edge[] = {
		RX_BUF_LEN, RX_BUF_LEN + 1, 2 * RX_BUF_LEN - 1,
		2 * RX_BUF_LEN, 2 * RX_BUF_LEN + 1, 9000,
	};
	int len;

	if (rnd_n(4) == 0)
		len = edge[rnd_n(sizeof(edge) / sizeof(edge[0]))];
	else
		len = 3500 + rnd_n(env.jumbo - 3500 + 1);
	return len > env.jumbo ? env.jumbo : len;
}

static int frame_len(int min)
{
	int r = rnd_n(100), len;

	if (env.jumbo > 3500 && rnd_n(5) < 2)
		len = jumbo_len();
	else if (r < 5)
		len = 60;
	else if (r < 8)
		len = 1514;
	else if (r < 10)
		len = 64;
	else if (r < 12)
		len = 1513;
	else
		len = 60 + rnd_n(1514 - 60 + 1);
	return len < min ? min : len;
}

/* IPv4 header at @p for @plen bytes of payload; returns its length */
static int put_ip4(uint8_t *p, uint32_t src, uint32_t dst, uint8_t proto,
		   int plen, int ihl_words)
{
	int hl = ihl_words * 4, i;

	p[0] = 0x40 | ihl_words;
	p[1] = rnd_n(4) == 0 ? (uint8_t)(rnd_n(64) << 2) : 0;
	put16(p + 2, hl + plen);
	put16(p + 4, (uint16_t)rnd());
	put16(p + 6, rnd_n(2) ? 0x4000 : 0);
	p[8] = rnd_n(8) == 0 ? 255 : 64;
	p[9] = proto;
	put16(p + 10, 0);
	put32(p + 12, src);
	put32(p + 16, dst);
	for (i = 20; i < hl; i++)
		p[i] = 1;	/* NOP options */
	put16(p + 10, csum_fold(csum_add(0, p, hl)));
	return hl;
}

static uint32_t pseudo4(const uint8_t *ip, uint8_t proto, int len)
{
	uint32_t sum = csum_add(0, ip + 12, 8);

	return sum + proto + len;
}

static uint32_t pseudo6(const uint8_t *ip6, uint8_t proto, int len)
{
	uint32_t sum = csum_add(0, ip6 + 8, 32);

	return sum + proto + len;
}

static uint16_t pick_port(void)
{
	static const uint16_t common[] = { 53, 80, 123, 443, 8080, 9, 7 };
	int r = rnd_n(10);

	if (r < 3)
		return common[rnd_n(sizeof(common) / sizeof(common[0]))];
	if (r < 4)
		return 4000 + rnd_n(100);	/* AF_XDP ports */
	return 1 + rnd_n(65535);
}

/* UDP header + payload at @l4; @ip is the IPv4/IPv6 header */
static void put_udp(struct gen *g, uint8_t *ip, bool v6, uint8_t *l4,
		    int l4len, uint16_t sport, uint16_t dport, bool csum)
{
	put16(l4, sport);
	put16(l4 + 2, dport);
	put16(l4 + 4, l4len);
	put16(l4 + 6, 0);
	fill_payload(g, l4 + 8, l4len - 8);
	if (csum || v6) {
		uint32_t s = v6 ? pseudo6(ip, 17, l4len) :
				  pseudo4(ip, 17, l4len);
		uint16_t c = csum_fold(csum_add(s, l4, l4len));

		put16(l4 + 6, c ? c : 0xffff);
	}
}

static void put_tcp(struct gen *g, uint8_t *ip, bool v6, uint8_t *l4,
		    int l4len, int doff)
{
	static const uint8_t flags[] = { 0x02, 0x12, 0x10, 0x18, 0x11, 0x04,
					 0x14, 0x19 };
	uint32_t s;
	int i;

	put16(l4, 1024 + rnd_n(60000));
	put16(l4 + 2, rnd_n(3) ? pick_port() : 32768 + rnd_n(32768));
	put32(l4 + 4, (uint32_t)rnd());
	put32(l4 + 8, (uint32_t)rnd());
	l4[12] = doff << 4;
	l4[13] = flags[rnd_n(sizeof(flags))];
	put16(l4 + 14, (uint16_t)rnd());
	put16(l4 + 16, 0);
	put16(l4 + 18, 0);
	for (i = 20; i < doff * 4; i++)
		l4[i] = 1;	/* NOP */
	if (doff >= 8) {	/* timestamps */
		l4[22] = 8;
		l4[23] = 10;
		put32(l4 + 24, (uint32_t)rnd());
		put32(l4 + 28, (uint32_t)rnd());
	}
	fill_payload(g, l4 + doff * 4, l4len - doff * 4);
	s = v6 ? pseudo6(ip, 6, l4len) : pseudo4(ip, 6, l4len);
	put16(l4 + 16, csum_fold(csum_add(s, l4, l4len)));
}

/* one IPv4 packet of @proto in a frame of @len bytes starting at @off */
static int build_ip4(struct gen *g, int off, int len, uint32_t src,
		     uint32_t dst, uint8_t proto, uint16_t dport)
{
	uint8_t *ip = g->b + off;
	int doff = rnd_n(10) == 0 ? 8 : 5;
	int min_l4 = proto == 6 ? doff * 4 + 8 : 16;
	int l4len, hl;

	if (len < off + 20 + min_l4)
		len = off + 20 + min_l4;
	l4len = len - off - 20;
	hl = put_ip4(ip, src, dst, proto, l4len, 5);
	if (proto == 17) {
		put_udp(g, ip, false, ip + hl, l4len, 1024 + rnd_n(64000),
			dport, rnd_n(10) != 0);
	} else if (proto == 6) {
		put_tcp(g, ip, false, ip + hl, l4len, doff);
	} else if (proto == 1) {
		uint8_t *ic = ip + hl;
		int r = rnd_n(20);

		ic[0] = r < 14 ? 8 : r < 17 ? 0 : 3;
		ic[1] = ic[0] == 3 ? 1 : 0;
		put16(ic + 2, 0);
		put32(ic + 4, (uint32_t)rnd());
		fill_payload(g, ic + 8, l4len - 8);
		put16(ic + 2, csum_fold(csum_add(0, ic, l4len)));
	} else {
		fill_payload(g, ip + hl, l4len);
	}
	return len;
}

static int build_ip6(struct gen *g, int off, int len, const uint8_t *dst,
		     uint8_t proto)
{
	uint8_t *ip6 = g->b + off, *l4 = ip6 + 40;
	int doff = rnd_n(10) == 0 ? 8 : 5;
	int min_l4 = proto == 6 ? doff * 4 + 8 : 16;
	int l4len;

	if (len < off + 40 + min_l4)
		len = off + 40 + min_l4;
	l4len = len - off - 40;
	put32(ip6, 0x60000000 | (rnd_n(4) == 0 ? rnd_n(1 << 20) : 0));
	put16(ip6 + 4, l4len);
	ip6[6] = proto;
	ip6[7] = rnd_n(10) == 0 ? 1 : 64;
	memcpy(ip6 + 8, ip6_src, 16);
	if (rnd_n(4) == 0)
		put32(ip6 + 20, (uint32_t)rnd() | 0x100);
	memcpy(ip6 + 24, dst, 16);
	if (proto == 17) {
		put_udp(g, ip6, true, l4, l4len, 1024 + rnd_n(64000),
			pick_port(), true);
	} else if (proto == 6) {
		put_tcp(g, ip6, true, l4, l4len, doff);
	} else {	/* ICMPv6 echo request / reply only */
		l4[0] = rnd_n(4) ? 128 : 129;
		l4[1] = 0;
		put16(l4 + 2, 0);
		put32(l4 + 4, (uint32_t)rnd());
		fill_payload(g, l4 + 8, l4len - 8);
		put16(l4 + 2, csum_fold(csum_add(pseudo6(ip6, 58, l4len),
						 l4, l4len)));
	}
	return len;
}

static void ip6_dst(uint8_t dst[16], uint8_t *mac, const uint8_t *dut)
{
	static const uint8_t base[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x99, 0, 3 };
	int r = rnd_n(10);

	memcpy(dst, base, 16);
	memcpy(mac, dut, 6);
	if (r < 4) {
		dst[15] = 1;		/* FIB: route + neighbour */
	} else if (r < 6) {
		dst[15] = 2;		/* FIB: route, no neighbour */
	} else if (r < 9) {
		dst[7] = 5;		/* no route */
		put32(dst + 12, (uint32_t)rnd());
	} else {			/* ff02::1 */
		memset(dst, 0, 16);
		dst[0] = 0xff;
		dst[1] = 0x02;
		dst[15] = 1;
		memcpy(mac, (uint8_t[6]){ 0x33, 0x33, 0, 0, 0, 1 }, 6);
	}
}

static uint32_t ip4_fwd_dst(void)
{
	int r = rnd_n(10);

	if (r < 4)
		return IP4(10, 99, 2, 3);	/* FIB: route + neighbour */
	if (r < 6)
		return IP4(10, 99, 2, 4);	/* FIB: route, no neighbour */
	return IP4(10, 99, 5, 1 + rnd_n(250));	/* no route */
}

#define SRC4	IP4(10, 99, 1, 2)
#define DUT4	IP4(10, 99, 1, 1)

/* Build frame number @seq of the set into @b; returns its length. */
static int gen_frame(struct gen *g, uint8_t *b)
{
	int r = rnd_n(100), k, acc = 0, off, len;
	const uint8_t *dmac = g->dut;
	uint8_t mac6[6], dst6[16];

	g->b = b;
	for (k = 0; k < K_NR; k++) {
		acc += kind_weight[k];
		if (r < acc)
			break;
	}
	/* a few IP frames to another host's MAC (PACKET_OTHERHOST) */
	if (k != K_ARP && k != K_MCAST && rnd_n(20) == 0)
		dmac = mac_other;

	switch (k) {
	case K_U4_DUT:
		off = put_eth(g, dmac, ETH_P_IP);
		if (rnd_n(10) == 0) {	/* short datagram, padded frame */
			int plen = 8 + rnd_n(10);
			uint8_t *ip = b + off;

			put_ip4(ip, SRC4, DUT4, 17, 8 + plen, 5);
			put_udp(g, ip, false, ip + 20, 8 + plen,
				1024 + rnd_n(64000), 7777, true);
			return 60;
		}
		return build_ip4(g, off, frame_len(0), SRC4, DUT4, 17, 7777);
	case K_U4_FWD:
		off = put_eth(g, dmac, ETH_P_IP);
		return build_ip4(g, off, frame_len(0), SRC4, ip4_fwd_dst(), 17,
				 pick_port());
	case K_U4_XSK:
		off = put_eth(g, dmac, ETH_P_IP);
		return build_ip4(g, off, frame_len(0), SRC4,
				 IP4(10, 99, 1, 50), 17, 4000 + rnd_n(100));
	case K_T4:
		off = put_eth(g, dmac, ETH_P_IP);
		return build_ip4(g, off, frame_len(0), SRC4, ip4_fwd_dst(), 6, 0);
	case K_I4:
		off = put_eth(g, dmac, ETH_P_IP);
		return build_ip4(g, off, frame_len(0), SRC4, ip4_fwd_dst(), 1, 0);
	case K_U6:
	case K_T6:
	case K_I6:
		ip6_dst(dst6, mac6, dmac);
		off = put_eth(g, mac6, ETH_P_IPV6);
		return build_ip6(g, off, frame_len(0), dst6,
				 k == K_U6 ? 17 : k == K_T6 ? 6 : 58);
	case K_ARP: {
		bool req = rnd_n(10) < 7;

		off = put_eth(g, req ? mac_bcast : g->dut, ETH_P_ARP);
		put16(b + off, 1);
		put16(b + off + 2, ETH_P_IP);
		b[off + 4] = 6;
		b[off + 5] = 4;
		put16(b + off + 6, req ? 1 : 2);
		memcpy(b + off + 8, b + 6, 6);
		put32(b + off + 14, IP4(10, 99, 1, 2 + rnd_n(200)));
		memcpy(b + off + 18, req ? (uint8_t[6]){} : g->dut, 6);
		put32(b + off + 24, req ? IP4(10, 99, 1, 2 + rnd_n(250)) :
					  IP4(10, 99, 1, 210 + rnd_n(40)));
		len = rnd_n(2) ? 60 : frame_len(60);
		fill_payload(g, b + off + 28, len - off - 28);
		return len;
	}
	case K_VLAN: {
		bool qinq = rnd_n(10) < 3;
		int inner = rnd_n(10);

		off = put_eth(g, dmac, qinq ? 0x88a8 : 0x8100);
		put16(b + off, (rnd_n(8) << 13) | (1 + rnd_n(4094)));
		off += 2;
		if (qinq) {
			put16(b + off, 0x8100);
			put16(b + off + 2, 1 + rnd_n(4094));
			off += 4;
		}
		if (inner < 5) {
			put16(b + off, ETH_P_IP);
			off += 2;
			return build_ip4(g, off, frame_len(0), SRC4,
					 inner < 1 ? DUT4 : ip4_fwd_dst(), 17,
					 inner < 1 ? 7777 : pick_port());
		}
		if (inner < 9) {
			ip6_dst(dst6, mac6, dmac);
			put16(b + off, ETH_P_IPV6);
			off += 2;
			return build_ip6(g, off, frame_len(0), dst6, 17);
		}
		put16(b + off, 0x88b5);
		off += 2;
		len = frame_len(off + 8);
		fill_payload(g, b + off, len - off);
		return len;
	}
	case K_ODD: {
		static const uint16_t types[] = { 0x88b5, 0x88b6, 0x9000,
						  0x88cc, 0x8847, 0x22f0,
						  0x0000 /* 802.3 */ };
		uint16_t t = types[rnd_n(sizeof(types) / sizeof(types[0]))];
		static const uint8_t lldp[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x0e };

		len = frame_len(60);
		off = put_eth(g, t == 0x88cc ? lldp : dmac, t ? t : len - 14);
		if (!t) {	/* LLC/SNAP */
			b[14] = 0xaa;
			b[15] = 0xaa;
			b[16] = 0x03;
			off = 17;
		}
		fill_payload(g, b + off, len - off);
		return len;
	}
	case K_IPIP: {
		uint8_t *outer;

		off = put_eth(g, g->dut, ETH_P_IP);
		outer = b + off;
		len = build_ip4(g, off + 20, frame_len(0), SRC4, DUT4, 17, 7777);
		put_ip4(outer, SRC4, IP4(10, 99, 1, 77), 4, len - off - 20, 5);
		return len;
	}
	case K_NAT:
		off = put_eth(g, g->dut, ETH_P_IP);
		len = build_ip4(g, off, frame_len(0), SRC4, IP4(10, 99, 9, 9),
				17, 5555);
		if (!get16(b + off + 26)) {	/* NAT needs a checksum */
			uint8_t *ip = b + off, *uh = ip + 20;
			int l = len - off - 20;
			uint16_t c = csum_fold(csum_add(pseudo4(ip, 17, l),
							uh, l));

			put16(uh + 6, c ? c : 0xffff);
		}
		return len;
	case K_MCAST: {
		bool bc = rnd_n(2);
		static const uint8_t mc[6] = { 0x01, 0, 0x5e, 1, 2, 3 };
		uint16_t port;

		do
			port = pick_port();
		while (port == 7777);
		off = put_eth(g, bc ? mac_bcast : mc, ETH_P_IP);
		return build_ip4(g, off, frame_len(0), SRC4,
				 bc ? IP4(255, 255, 255, 255) :
				      IP4(239, 1, 2, 3), 17, port);
	}
	default: {	/* K_BAD */
		int sub = rnd_n(8);
		uint8_t *ip;

		off = put_eth(g, g->dut, ETH_P_IP);
		ip = b + off;
		switch (sub) {
		case 0:		/* bad IPv4 header checksum */
			len = build_ip4(g, off, frame_len(0), SRC4,
					ip4_fwd_dst(), 17, pick_port());
			ip[10] ^= 0x5a;
			return len;
		case 1:		/* total length beyond the frame */
			len = build_ip4(g, off, frame_len(0), SRC4,
					ip4_fwd_dst(), 17, pick_port());
			put16(ip + 2, get16(ip + 2) + 100);
			put16(ip + 10, 0);
			put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
			return len;
		case 2: {	/* IPv4 options */
			int l4len, hl;

			len = frame_len(off + 24 + 16);
			l4len = len - off - 24;
			hl = put_ip4(ip, SRC4, ip4_fwd_dst(), 17, l4len, 6);
			put_udp(g, ip, false, ip + hl, l4len,
				1024 + rnd_n(60000), pick_port(), true);
			return len;
		}
		case 3:		/* a fragment */
			len = build_ip4(g, off, frame_len(0), SRC4,
					ip4_fwd_dst(), 17, pick_port());
			put16(ip + 6, rnd_n(2) ? 0x2000 : 0x0000 | (1 + rnd_n(100)));
			put16(ip + 10, 0);
			put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
			return len;
		case 4:		/* UDP to the DUT socket, bad checksum */
			len = build_ip4(g, off, frame_len(0), SRC4, DUT4, 17,
					7777);
			ip[26] ^= 0xa5;
			if (!get16(ip + 26))
				ip[27] = 1;
			return len;
		case 5:		/* TCP, bad checksum */
			len = build_ip4(g, off, frame_len(0), SRC4,
					ip4_fwd_dst(), 6, 0);
			ip[20 + 16] ^= 0x33;
			return len;
		case 6:		/* TTL 1 */
			len = build_ip4(g, off, frame_len(0), SRC4,
					ip4_fwd_dst(), 17, pick_port());
			ip[8] = 1;
			put16(ip + 10, 0);
			put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
			return len;
		default:	/* IP version 5 / IHL 3 */
			len = build_ip4(g, off, frame_len(0), SRC4,
					ip4_fwd_dst(), 17, pick_port());
			ip[0] = rnd_n(2) ? 0x55 : 0x43;
			return len;
		}
	}
	}
}

/**
 * gen_set() - build the packet set
 * @n: number of frames
 * @seed: the seed; the same seed, @dut and @src always give the same frames
 * @dut: the DUT's MAC address, the destination of most frames
 * @src: the sender's MAC address, the source of most frames
 *
 * Return: an array of @n frames, each in its own allocation.
 */
struct frame *gen_set(int n, uint64_t seed, const uint8_t dut[6],
		      const uint8_t src[6])
{
	struct frame *set = calloc(n, sizeof(*set));
	struct gen g = {};
	static uint8_t buf[9216];
	int i;

	memcpy(g.dut, dut, 6);
	memcpy(g.src, src, 6);
	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	for (i = 0; i < n; i++) {
		memset(buf, 0, sizeof(buf));
		g.seq = i;
		set[i].len = gen_frame(&g, buf);
		if (set[i].len < 60 ||
		    set[i].len > (env.jumbo > 1514 ? (uint32_t)env.jumbo : 1514))
			die("generator: frame %d has length %u", i, set[i].len);
		set[i].data = malloc(set[i].len);
		memcpy(set[i].data, buf, set[i].len);
	}
	return set;
}
