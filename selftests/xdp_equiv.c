// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_equiv: native XDP vs generic XDP on vxdp, on a deterministic packet
 * set, observed everywhere a frame can end up.
 *
 *   xdp_equiv compare --obj P.bpf.o [topology] [--count N] [--seed S]
 *                     [--sysctl PATH=VAL]... [--expect NAME]... [-v]
 *	Run the program's "xdp" program on the DUT in native mode, then in
 *	generic mode, each time injecting the same packet set on the DUT's
 *	peer (AF_PACKET, one frame per NAPI poll) and recording, frame by
 *	frame and byte by byte, what reaches each observer:
 *	  peer   frames the DUT sent back (AF_PACKET rx on the peer)
 *	  stack  frames the DUT's stack received (AF_PACKET rx on the DUT)
 *	  tgt    frames the IPv4 redirect target sent (AF_PACKET on its peer)
 *	  tgt6   frames the IPv6 redirect target sent (AF_PACKET on its peer)
 *	  xsk    frames an AF_XDP socket (copy mode) on DUT queue 0 received,
 *		 with the 32 bytes in front of them (metadata), if the object
 *		 has an XSKMAP "xsks"
 *	  udp    datagrams a UDP socket on the DUT's address received
 *	  tc     metadata length, bytes and skb length seen by the object's
 *		 "tc" program on the DUT's ingress, if it has one
 *	and the counters: the program's whole .bss (its own counters), every
 *	device's sysfs statistics and every vxdp device's ethtool -S deltas.
 *	Then compare the two runs: everything must be identical except the
 *	differences the kernel causes, which are asserted as such (rules
 *	below and EQUIVALENCE.md). Exit 0 when equivalent, 1 otherwise.
 *
 *   xdp_equiv attach --obj P.bpf.o --dev DEV --mode native|generic
 *                    [topology] [--pin DIR] [--tc]
 *	Load, parameterize and attach like compare does, and leave it
 *	attached; --pin pins the object's .bss map as DIR/bss; --tc also
 *	attaches the object's "tc" program to DEV's ingress.
 *   xdp_equiv counters --pin DIR | --prog-id ID
 *	Print the corpus_cnt[] counters of an attached program ("name value"),
 *	by its pinned .bss or by program id (a program ip loaded).
 *   --netns NAME (attach, counters, inject) enters netns NAME first, without
 *	"ip netns exec" remounting /sys (which hides /sys/fs/bpf).
 *   xdp_equiv inject --dev DEV [--count N] [--seed S] [--dst-mac MAC]
 *	Send the packet set from DEV (no pacing, no observers).
 *   xdp_equiv tcp-sink --port P --bytes N
 *   xdp_equiv tcp-source --dst IP --port P --bytes N
 *	A TCP stream of N bytes of a known pattern; the sink checks it.
 *   xdp_equiv udp-sink --port P --count K --len L [--timeout S]
 *   xdp_equiv udp-gso-send --dst IP --port P --count K --len L [--gso S]
 *	UDP_SEGMENT sends of K datagrams of L bytes (one GSO skb per
 *	sendmsg of S segments, default 5); the sink checks K datagrams.
 *
 * Topology options (defaults: equiv_lib.sh's names):
 *   --dut vx1 --peer vx0 --tgt vx2 --tgt-obs vx3 --tgt6 ve0 --tgt6-obs ve1
 *   --udp-addr 10.99.1.1 --udp-port 7777 --cpu-target 1
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/bpf.h>
#include <linux/ethtool.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>
#include <linux/sockios.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#ifndef SOL_XDP
#define SOL_XDP 283
#endif
#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

/* must match progs/corpus_common.h */
enum {
	CNT_SEEN, CNT_BYTES, CNT_MAX_LEN, CNT_ABORTED, CNT_DROP, CNT_PASS,
	CNT_TX, CNT_REDIRECT, CNT_OTHER, CNT_AUX0, CNT_AUX1, CNT_AUX2,
	CNT_AUX3, CNT_NR
};
static const char *const cnt_names[CNT_NR] = {
	"seen", "bytes", "max_len", "aborted", "drop", "pass", "tx",
	"redirect", "other", "aux0", "aux1", "aux2", "aux3",
};

struct meta_rec {		/* progs/corpus_tc_meta.h */
	uint32_t metalen;
	uint32_t len;
	uint8_t meta[32];
};

static int verbose;

static void msg(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static void __attribute__((noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	fputs("# xdp_equiv: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	exit(2);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ */
/* Options */

struct env {
	const char *obj;
	const char *dut, *peer, *tgt, *tgt_obs, *tgt6, *tgt6_obs;
	const char *dev, *mode, *pin, *netns;
	const char *udp_addr;
	int udp_port;
	int cpu_target;
	int count;
	uint64_t seed;
	const char *dst_mac;
	const char *sysctl[8];
	int nsysctl;
	const char *expect[8];
	int nexpect;
	/* tcp/udp tools */
	const char *dst;
	int port;
	long long bytes;
	int len, gso, timeout;
	int tc;
	int prog_id;
};

static struct env env = {
	.dut = "vx1", .peer = "vx0", .tgt = "vx2", .tgt_obs = "vx3",
	.tgt6 = "ve0", .tgt6_obs = "ve1",
	.udp_addr = "10.99.1.1", .udp_port = 7777, .cpu_target = 1,
	.count = 1500, .seed = 1, .gso = 5, .timeout = 20,
};

static bool expected(const char *name)
{
	int i;

	for (i = 0; i < env.nexpect; i++)
		if (!strcmp(env.expect[i], name))
			return true;
	return false;
}

static int ifindex_of(const char *dev)
{
	int idx = if_nametoindex(dev);

	if (!idx)
		die("no device %s", dev);
	return idx;
}

static void dev_mac(const char *dev, uint8_t mac[6])
{
	struct ifreq ifr = {};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &ifr))
		die("SIOCGIFHWADDR %s: %s", dev, strerror(errno));
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	close(fd);
}

static void parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int m[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3],
		   &m[4], &m[5]) != 6)
		die("bad MAC %s", s);
	for (i = 0; i < 6; i++)
		mac[i] = m[i];
}

/* ------------------------------------------------------------------ */
/* The packet set */

struct frame {
	uint8_t *data;
	uint32_t len;
};

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

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint16_t get16(const uint8_t *p)
{
	return (p[0] << 8) | p[1];
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

static int frame_len(int min)
{
	int r = rnd_n(100), len;

	if (r < 5)
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

static struct frame *gen_set(int n, uint64_t seed, const uint8_t dut[6],
			     const uint8_t src[6])
{
	struct frame *set = calloc(n, sizeof(*set));
	struct gen g = {};
	uint8_t buf[2048];
	int i;

	memcpy(g.dut, dut, 6);
	memcpy(g.src, src, 6);
	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	for (i = 0; i < n; i++) {
		memset(buf, 0, sizeof(buf));
		g.seq = i;
		set[i].len = gen_frame(&g, buf);
		if (set[i].len < 60 || set[i].len > 1514)
			die("generator: frame %d has length %u", i, set[i].len);
		set[i].data = malloc(set[i].len);
		memcpy(set[i].data, buf, set[i].len);
	}
	return set;
}

/* ------------------------------------------------------------------ */
/* Records */

struct rec {
	uint32_t len;
	uint8_t *data;
};

struct recs {
	struct rec *r;
	int n, cap;
	uint64_t noise;		/* kernel control frames left out */
	uint64_t drops;		/* AF_PACKET drops */
};

static void recs_add(struct recs *rs, const void *data, uint32_t len)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 256;
		rs->r = realloc(rs->r, rs->cap * sizeof(*rs->r));
	}
	rs->r[rs->n].len = len;
	rs->r[rs->n].data = malloc(len ? len : 1);
	memcpy(rs->r[rs->n].data, data, len);
	rs->n++;
}

static void recs_free(struct recs *rs)
{
	int i;

	for (i = 0; i < rs->n; i++)
		free(rs->r[i].data);
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

static bool rec_eq(const struct rec *a, const struct rec *b)
{
	return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

/*
 * Frames the kernel sends by itself (IPv6 neighbour discovery and MLD,
 * IGMP); the packet set never contains them.
 */
static bool is_noise(const uint8_t *p, uint32_t len)
{
	uint16_t type;

	if (len < 14)
		return false;
	type = get16(p + 12);
	if (type == ETH_P_IPV6 && len >= 14 + 40 + 1) {
		const uint8_t *ip6 = p + 14;
		uint8_t nh = ip6[6];
		const uint8_t *l4 = ip6 + 40;

		if (nh == 0 && len >= 14 + 48 + 1) {	/* hop-by-hop (MLD) */
			nh = l4[0];
			l4 += (l4[1] + 1) * 8;
		}
		if (nh == 58 && l4 < p + len &&
		    ((*l4 >= 130 && *l4 <= 137) || *l4 == 143))
			return true;
	}
	if (type == ETH_P_IP && len >= 14 + 20 && p[14 + 9] == 2)
		return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Observers */

enum obs_id { O_PEER, O_STACK, O_TGT, O_TGT6, O_XSK, O_UDP, O_TC, O_NR };
static const char *const obs_names[O_NR] = {
	"peer", "stack", "tgt", "tgt6", "xsk", "udp", "tc",
};

#define XSK_FRAMES	2048
#define XSK_FRAME_SIZE	2048

struct xsk {
	int fd;
	void *umem;
	struct xdp_ring_offset rx_off, fill_off;
	void *rx_map, *fill_map;
	size_t rx_map_len, fill_map_len;
	uint32_t nrx;
};

struct observers {
	int pkt_fd[4];		/* O_PEER..O_TGT6 */
	int shield_fd[4];
	int udp_fd;
	struct xsk xsk;
	bool has_xsk;
	struct recs rec[O_NR];
};

/*
 * A packet socket that takes nothing (its filter rejects every frame),
 * bound before the observer: the receive path hands a frame to all taps of
 * a device in turn, except the last one, which it may defer (a frame of a
 * protocol nobody else handles goes to the last tap only after the rest of
 * its list-receive batch). Being the first tap keeps the observer in wire
 * order; the shield is the one that waits.
 */
static int open_shield(const char *dev)
{
	struct sock_filter reject = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog fprog = { .len = 1, .filter = &reject };
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = ifindex_of(dev),
	};
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof(fprog)) ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("shield socket on %s: %s", dev, strerror(errno));
	return fd;
}

static int open_packet(const char *dev)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = ifindex_of(dev),
	};
	int one = 1, buf = 64 << 20;
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));

	if (fd < 0)
		die("AF_PACKET socket: %s", strerror(errno));
	if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)))
		die("PACKET_IGNORE_OUTGOING: %s", strerror(errno));
	if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)))
		die("PACKET_AUXDATA: %s", strerror(errno));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)))
		die("SO_RCVBUFFORCE: %s", strerror(errno));
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind AF_PACKET to %s: %s", dev, strerror(errno));
	return fd;
}

static uint8_t rxbuf[1 << 17];

static int drain_packet(int fd, struct recs *rs)
{
	int got = 0;

	for (;;) {
		char cbuf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
		struct iovec iov = { rxbuf + 4, sizeof(rxbuf) - 4 };
		struct msghdr mh = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};
		struct cmsghdr *c;
		uint8_t *p = rxbuf + 4;
		ssize_t n = recvmsg(fd, &mh, MSG_TRUNC);

		if (n < 0) {
			if (errno == EAGAIN)
				return got;
			die("recvmsg: %s", strerror(errno));
		}
		if ((size_t)n > sizeof(rxbuf) - 4)
			die("frame of %zd bytes truncated", n);
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			struct tpacket_auxdata *a = (void *)CMSG_DATA(c);

			if (c->cmsg_level != SOL_PACKET ||
			    c->cmsg_type != PACKET_AUXDATA)
				continue;
			/* put a stripped VLAN tag back: the frame as sent */
			if ((a->tp_status & TP_STATUS_VLAN_VALID) && n >= 12) {
				uint16_t tpid = (a->tp_status &
						 TP_STATUS_VLAN_TPID_VALID) ?
						a->tp_vlan_tpid : ETH_P_8021Q;

				memmove(p - 4, p, 12);
				p -= 4;
				put16(p + 12, tpid);
				put16(p + 14, a->tp_vlan_tci);
				n += 4;
			}
		}
		if (is_noise(p, n))
			rs->noise++;
		else
			recs_add(rs, p, n);
		got++;
	}
}

static int open_udp(const char *addr, int port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET, .sin_port = htons(port),
	};
	int buf = 64 << 20, fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)))
		die("UDP socket: %s", strerror(errno));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("bind UDP %s:%d: %s", addr, port, strerror(errno));
	return fd;
}

static int drain_udp(int fd, struct recs *rs)
{
	int got = 0;

	for (;;) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, rxbuf + 6, sizeof(rxbuf) - 6, 0,
				     (struct sockaddr *)&from, &fl);

		if (n < 0) {
			if (errno == EAGAIN)
				return got;
			die("recvfrom: %s", strerror(errno));
		}
		/* source address and port, then the payload */
		memcpy(rxbuf, &from.sin_addr, 4);
		memcpy(rxbuf + 4, &from.sin_port, 2);
		recs_add(rs, rxbuf, n + 6);
		got++;
	}
}

static void xsk_open(struct xsk *x, int ifindex)
{
	struct xdp_umem_reg mr = {};
	struct xdp_mmap_offsets off;
	struct sockaddr_xdp sxdp = {};
	socklen_t ol = sizeof(off);
	uint32_t nfill = XSK_FRAMES, ncomp = 64, i;
	uint64_t *fill;
	uint32_t *prod;

	x->nrx = XSK_FRAMES;
	x->fd = socket(AF_XDP, SOCK_RAW, 0);
	if (x->fd < 0)
		die("AF_XDP socket: %s", strerror(errno));
	x->umem = mmap(NULL, (size_t)XSK_FRAMES * XSK_FRAME_SIZE,
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (x->umem == MAP_FAILED)
		die("umem: %s", strerror(errno));
	mr.addr = (uintptr_t)x->umem;
	mr.len = (uint64_t)XSK_FRAMES * XSK_FRAME_SIZE;
	mr.chunk_size = XSK_FRAME_SIZE;
	if (setsockopt(x->fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_FILL_RING, &nfill, 4) ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &ncomp, 4) ||
	    setsockopt(x->fd, SOL_XDP, XDP_RX_RING, &x->nrx, 4))
		die("AF_XDP setup: %s", strerror(errno));
	if (getsockopt(x->fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &ol))
		die("XDP_MMAP_OFFSETS: %s", strerror(errno));
	x->rx_off = off.rx;
	x->fill_off = off.fr;
	x->rx_map_len = off.rx.desc + x->nrx * sizeof(struct xdp_desc);
	x->fill_map_len = off.fr.desc + nfill * sizeof(uint64_t);
	x->rx_map = mmap(NULL, x->rx_map_len, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_POPULATE, x->fd, XDP_PGOFF_RX_RING);
	x->fill_map = mmap(NULL, x->fill_map_len, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_POPULATE, x->fd,
			   XDP_UMEM_PGOFF_FILL_RING);
	if (x->rx_map == MAP_FAILED || x->fill_map == MAP_FAILED)
		die("AF_XDP ring mmap: %s", strerror(errno));

	/* every frame is posted once: a frame is never reused in a run */
	fill = (uint64_t *)((char *)x->fill_map + off.fr.desc);
	for (i = 0; i < nfill; i++)
		fill[i] = (uint64_t)i * XSK_FRAME_SIZE;
	prod = (uint32_t *)((char *)x->fill_map + off.fr.producer);
	__atomic_store_n(prod, nfill, __ATOMIC_RELEASE);

	sxdp.sxdp_family = AF_XDP;
	sxdp.sxdp_ifindex = ifindex;
	sxdp.sxdp_queue_id = 0;
	sxdp.sxdp_flags = XDP_COPY;
	if (bind(x->fd, (struct sockaddr *)&sxdp, sizeof(sxdp)))
		die("bind AF_XDP (copy mode) to queue 0: %s", strerror(errno));
}

static int xsk_drain(struct xsk *x, struct recs *rs)
{
	uint32_t *prod = (uint32_t *)((char *)x->rx_map + x->rx_off.producer);
	uint32_t *cons = (uint32_t *)((char *)x->rx_map + x->rx_off.consumer);
	struct xdp_desc *ring = (void *)((char *)x->rx_map + x->rx_off.desc);
	uint32_t c = *cons, p = __atomic_load_n(prod, __ATOMIC_ACQUIRE);
	int got = 0;

	for (; c != p; c++, got++) {
		struct xdp_desc *d = &ring[c & (x->nrx - 1)];
		uint8_t *data = (uint8_t *)x->umem + d->addr;

		/* 32 bytes in front of the data: the metadata, or zeroes */
		if (d->addr % XSK_FRAME_SIZE < 32 ||
		    d->len > XSK_FRAME_SIZE)
			die("AF_XDP descriptor %llx/%u out of its frame",
			    (unsigned long long)d->addr, d->len);
		recs_add(rs, data - 32, d->len + 32);
	}
	__atomic_store_n(cons, c, __ATOMIC_RELEASE);
	return got;
}

static void xsk_close(struct xsk *x)
{
	struct xdp_statistics st;
	socklen_t sl = sizeof(st);

	if (!getsockopt(x->fd, SOL_XDP, XDP_STATISTICS, &st, &sl) &&
	    (st.rx_dropped || st.rx_invalid_descs || st.rx_ring_full))
		msg("AF_XDP socket: rx_dropped %llu rx_invalid_descs %llu rx_ring_full %llu",
		    (unsigned long long)st.rx_dropped,
		    (unsigned long long)st.rx_invalid_descs,
		    (unsigned long long)st.rx_ring_full);
	munmap(x->rx_map, x->rx_map_len);
	munmap(x->fill_map, x->fill_map_len);
	close(x->fd);
	munmap(x->umem, (size_t)XSK_FRAMES * XSK_FRAME_SIZE);
}

static int drain_all(struct observers *o)
{
	int i, got = 0;

	for (i = 0; i < 4; i++)
		got += drain_packet(o->pkt_fd[i], &o->rec[i]);
	got += drain_udp(o->udp_fd, &o->rec[O_UDP]);
	if (o->has_xsk)
		got += xsk_drain(&o->xsk, &o->rec[O_XSK]);
	return got;
}

/* ------------------------------------------------------------------ */
/* Counters */

static const char *const sys_names[] = {
	"rx_packets", "rx_bytes", "rx_dropped", "rx_errors",
	"rx_length_errors", "tx_packets", "tx_bytes", "tx_dropped",
	"tx_errors",
};
#define NSYS (sizeof(sys_names) / sizeof(sys_names[0]))

enum dev_id { D_PEER, D_DUT, D_TGT, D_TGT_OBS, D_TGT6, D_TGT6_OBS, D_NR };

struct ethstats {
	int n;
	char (*names)[ETH_GSTRING_LEN];
	uint64_t *v;
};

struct devstats {
	uint64_t sys[NSYS];
	struct ethstats eth;
};

static const char *dev_name(int d)
{
	const char *n[D_NR] = { env.peer, env.dut, env.tgt, env.tgt_obs,
				env.tgt6, env.tgt6_obs };

	return n[d];
}

static bool dev_is_vxdp(int d)
{
	return d <= D_TGT_OBS;
}

static uint64_t read_sys(const char *dev, const char *name)
{
	char path[256];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s", dev,
		 name);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%llu", &v) != 1)
		die("cannot read %s", path);
	fclose(f);
	return v;
}

static void read_ethtool(const char *dev, struct ethstats *es)
{
	struct {
		struct ethtool_sset_info hdr;
		uint32_t buf[1];
	} sset = { .hdr = { .cmd = ETHTOOL_GSSET_INFO,
			    .sset_mask = 1ULL << ETH_SS_STATS } };
	struct ethtool_gstrings *gs;
	struct ethtool_stats *st;
	struct ifreq ifr = {};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), n;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ifr.ifr_data = (void *)&sset;
	if (ioctl(fd, SIOCETHTOOL, &ifr))
		die("ETHTOOL_GSSET_INFO %s: %s", dev, strerror(errno));
	n = sset.hdr.data[0];
	gs = calloc(1, sizeof(*gs) + n * ETH_GSTRING_LEN);
	gs->cmd = ETHTOOL_GSTRINGS;
	gs->string_set = ETH_SS_STATS;
	gs->len = n;
	ifr.ifr_data = (void *)gs;
	if (ioctl(fd, SIOCETHTOOL, &ifr))
		die("ETHTOOL_GSTRINGS %s: %s", dev, strerror(errno));
	st = calloc(1, sizeof(*st) + n * sizeof(uint64_t));
	st->cmd = ETHTOOL_GSTATS;
	st->n_stats = n;
	ifr.ifr_data = (void *)st;
	if (ioctl(fd, SIOCETHTOOL, &ifr))
		die("ETHTOOL_GSTATS %s: %s", dev, strerror(errno));
	close(fd);

	es->n = n;
	es->names = malloc(n * ETH_GSTRING_LEN);
	memcpy(es->names, gs->data, n * ETH_GSTRING_LEN);
	es->v = malloc(n * sizeof(uint64_t));
	memcpy(es->v, st->data, n * sizeof(uint64_t));
	free(gs);
	free(st);
}

static void snapshot(struct devstats ds[D_NR])
{
	unsigned int d, i;

	for (d = 0; d < D_NR; d++) {
		for (i = 0; i < NSYS; i++)
			ds[d].sys[i] = read_sys(dev_name(d), sys_names[i]);
		if (dev_is_vxdp(d))
			read_ethtool(dev_name(d), &ds[d].eth);
	}
}

/* after -= before */
static void delta(struct devstats after[D_NR], struct devstats before[D_NR])
{
	int d, i;

	for (d = 0; d < D_NR; d++) {
		for (i = 0; i < (int)NSYS; i++)
			after[d].sys[i] -= before[d].sys[i];
		if (!dev_is_vxdp(d))
			continue;
		if (after[d].eth.n != before[d].eth.n)
			die("%s: ethtool -S changed size", dev_name(d));
		for (i = 0; i < after[d].eth.n; i++)
			after[d].eth.v[i] -= before[d].eth.v[i];
		free(before[d].eth.names);
		free(before[d].eth.v);
	}
}

/* sum of ethtool counters "<prefix>_<q>_<name>" over all queues q */
static uint64_t eth_sum(const struct ethstats *es, const char *prefix,
			const char *name)
{
	uint64_t sum = 0;
	size_t pl = strlen(prefix);
	int i;

	for (i = 0; i < es->n; i++) {
		const char *s = es->names[i], *u;

		if (strncmp(s, prefix, pl) || s[pl] != '_')
			continue;
		u = s + pl + 1;
		while (*u >= '0' && *u <= '9')
			u++;
		if (u == s + pl + 1 || *u != '_' || strcmp(u + 1, name))
			continue;
		sum += es->v[i];
	}
	return sum;
}

/* ------------------------------------------------------------------ */
/* BPF object */

struct loaded {
	struct bpf_object *obj;
	struct bpf_program *main, *devmap_prog, *cpumap_prog, *tc_prog;
	struct bpf_map *bss, *devmap, *devmap_hash, *cpumap, *xsks, *tcq;
	uint8_t *bss_data;
	size_t bss_size;
	int cnt_off;
};

static struct bpf_map *map_by_suffix(struct bpf_object *obj, const char *sfx)
{
	struct bpf_map *m;
	size_t sl = strlen(sfx);

	bpf_object__for_each_map(m, obj) {
		const char *n = bpf_map__name(m);
		size_t nl = strlen(n);

		if (nl >= sl && !strcmp(n + nl - sl, sfx))
			return m;
	}
	return NULL;
}

/* offset of variable @var in DATASEC @sec, or -1 */
static int var_offset(const struct btf *btf, const char *sec, const char *var)
{
	const struct btf_var_secinfo *vsi;
	const struct btf_type *t;
	int id, i;

	id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id < 0)
		return -1;
	t = btf__type_by_id(btf, id);
	vsi = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vsi++) {
		const struct btf_type *v = btf__type_by_id(btf, vsi->type);

		if (!strcmp(btf__name_by_offset(btf, v->name_off), var))
			return vsi->offset;
	}
	return -1;
}

static void set_rodata(struct loaded *l, const char *var, uint32_t val)
{
	struct bpf_map *ro = map_by_suffix(l->obj, ".rodata");
	int off;
	size_t sz;
	uint8_t *data;

	if (!ro)
		return;
	off = var_offset(bpf_object__btf(l->obj), ".rodata", var);
	if (off < 0)
		return;
	data = (uint8_t *)bpf_map__initial_value(ro, &sz);
	if (!data || off + 4 > (int)sz)
		die("cannot set .rodata %s", var);
	memcpy(data + off, &val, 4);
	if (verbose)
		msg("  .rodata %s = %u", var, val);
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level == LIBBPF_WARN || verbose)
		return vfprintf(stdout, fmt, ap);
	return 0;
}

static void load_obj(const char *path, struct loaded *l)
{
	struct bpf_program *p;
	int err;

	memset(l, 0, sizeof(*l));
	l->obj = bpf_object__open_file(path, NULL);
	if (!l->obj)
		die("cannot open %s: %s", path, strerror(errno));
	bpf_object__for_each_program(p, l->obj) {
		const char *sec = bpf_program__section_name(p);

		if (!strcmp(sec, "xdp"))
			l->main = p;
		else if (!strcmp(sec, "xdp/devmap"))
			l->devmap_prog = p;
		else if (!strcmp(sec, "xdp/cpumap"))
			l->cpumap_prog = p;
		else if (!strcmp(sec, "tc"))
			l->tc_prog = p;
	}
	if (!l->main)
		die("%s has no program in section \"xdp\"", path);

	set_rodata(l, "tgt_ifindex", ifindex_of(env.tgt));
	set_rodata(l, "tgt6_ifindex", ifindex_of(env.tgt6));
	set_rodata(l, "cpu_target", env.cpu_target);

	err = bpf_object__load(l->obj);
	if (err)
		die("cannot load %s: %s", path, strerror(-err));

	l->bss = map_by_suffix(l->obj, ".bss");
	if (!l->bss)
		die("%s has no .bss", path);
	/* libbpf 1.1 only maps it for skeletons: map the live .bss here */
	l->bss_size = bpf_map__value_size(l->bss);
	l->bss_data = mmap(NULL, (l->bss_size + 4095) & ~4095UL,
			   PROT_READ | PROT_WRITE, MAP_SHARED,
			   bpf_map__fd(l->bss), 0);
	if (l->bss_data == MAP_FAILED)
		die("%s: cannot mmap .bss: %s", path, strerror(errno));
	l->cnt_off = var_offset(bpf_object__btf(l->obj), ".bss", "corpus_cnt");
	if (!l->bss_data || l->cnt_off < 0 ||
	    l->cnt_off + CNT_NR * 8 > (int)l->bss_size)
		die("%s: no corpus_cnt in a mmapable .bss", path);

	l->devmap = bpf_object__find_map_by_name(l->obj, "devmap");
	l->devmap_hash = bpf_object__find_map_by_name(l->obj, "devmap_hash");
	l->cpumap = bpf_object__find_map_by_name(l->obj, "cpumap");
	l->xsks = bpf_object__find_map_by_name(l->obj, "xsks");
	l->tcq = bpf_object__find_map_by_name(l->obj, "tc_meta_q");
}

static void map_set(struct bpf_map *m, uint32_t key, const void *val)
{
	if (bpf_map_update_elem(bpf_map__fd(m), &key, val, 0))
		die("map %s[%u]: %s", bpf_map__name(m), key, strerror(errno));
}

/* Fill the maps the corpus programs use, by name. */
static void fill_maps(struct loaded *l, int xsk_fd)
{
	if (l->devmap) {
		uint32_t devs[3] = { ifindex_of(env.tgt), ifindex_of(env.tgt6),
				     ifindex_of(env.dut) };
		uint32_t i;

		for (i = 0; i < 3; i++) {
			struct bpf_devmap_val v = { .ifindex = devs[i] };

			if (l->devmap_prog)
				v.bpf_prog.fd = bpf_program__fd(l->devmap_prog);
			map_set(l->devmap, i, &v);
		}
	}
	if (l->devmap_hash) {
		uint32_t devs[2] = { ifindex_of(env.tgt), ifindex_of(env.tgt6) };
		int i;

		for (i = 0; i < 2; i++)
			map_set(l->devmap_hash, devs[i], &devs[i]);
	}
	if (l->cpumap) {
		struct bpf_cpumap_val v = { .qsize = 2048 };

		if (l->cpumap_prog)
			v.bpf_prog.fd = bpf_program__fd(l->cpumap_prog);
		map_set(l->cpumap, env.cpu_target, &v);
	}
	if (l->xsks && xsk_fd >= 0)
		map_set(l->xsks, 0, &xsk_fd);
}

static uint64_t *prog_cnt(struct loaded *l)
{
	return (uint64_t *)(l->bss_data + l->cnt_off);
}

/* ------------------------------------------------------------------ */
/* sysctl */

struct sysctl_save {
	char path[256];
	char old[64];
};

static void write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, val, strlen(val)) < 0)
		die("cannot write %s: %s", path, strerror(errno));
	close(fd);
}

static void sysctl_apply(struct sysctl_save *s)
{
	int i;

	for (i = 0; i < env.nsysctl; i++) {
		const char *eq = strchr(env.sysctl[i], '=');
		FILE *f;

		if (!eq)
			die("--sysctl PATH=VALUE");
		snprintf(s[i].path, sizeof(s[i].path), "/proc/sys/%.*s",
			 (int)(eq - env.sysctl[i]), env.sysctl[i]);
		f = fopen(s[i].path, "r");
		if (!f || !fgets(s[i].old, sizeof(s[i].old), f))
			die("cannot read %s", s[i].path);
		fclose(f);
		write_file(s[i].path, eq + 1);
	}
}

static void sysctl_restore(struct sysctl_save *s)
{
	int i;

	for (i = env.nsysctl - 1; i >= 0; i--)
		write_file(s[i].path, s[i].old);
}

/* ------------------------------------------------------------------ */
/* One run */

enum { MODE_NATIVE, MODE_GENERIC };
static const char *const mode_names[] = { "native", "generic" };

struct run {
	struct recs rec[O_NR];
	uint8_t *bss;
	size_t bss_size;
	uint64_t cnt[CNT_NR];
	struct devstats ds[D_NR];
	uint64_t noise[O_NR];
	int cnt_off, cpumap_off;
	double secs;
	double t_setup, t_inject, t_settle, t_teardown;
};

static void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity: %s", strerror(errno));
}

/*
 * What both runs share: the object (loaded once; its .bss is zeroed before
 * each run), its maps, the observers, the tc consumer, the injector.
 */
struct bench {
	struct loaded l;
	struct observers o;
	struct bpf_tc_hook hook;
	int inj_fd;
};

static void bench_open(struct bench *b)
{
	int dut = ifindex_of(env.dut), err, i;
	const char *odev[4] = { env.peer, env.dut, env.tgt_obs, env.tgt6_obs };

	memset(b, 0, sizeof(*b));
	load_obj(env.obj, &b->l);
	if (b->l.xsks) {
		xsk_open(&b->o.xsk, dut);
		b->o.has_xsk = true;
	}
	fill_maps(&b->l, b->o.has_xsk ? b->o.xsk.fd : -1);
	b->o.udp_fd = open_udp(env.udp_addr, env.udp_port);
	if (b->l.tc_prog) {
		DECLARE_LIBBPF_OPTS(bpf_tc_opts, tcopts);

		b->hook.sz = sizeof(b->hook);
		b->hook.ifindex = dut;
		b->hook.attach_point = BPF_TC_INGRESS;
		err = bpf_tc_hook_create(&b->hook);
		if (err && err != -EEXIST)
			die("tc hook on %s: %s", env.dut, strerror(-err));
		tcopts.prog_fd = bpf_program__fd(b->l.tc_prog);
		err = bpf_tc_attach(&b->hook, &tcopts);
		if (err)
			die("tc attach on %s: %s", env.dut, strerror(-err));
	}
	for (i = 0; i < 4; i++) {
		b->o.shield_fd[i] = open_shield(odev[i]);
		b->o.pkt_fd[i] = open_packet(odev[i]);
	}
	b->inj_fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (b->inj_fd < 0)
		die("AF_PACKET: %s", strerror(errno));
}

static void bench_close(struct bench *b)
{
	int i;

	if (b->l.tc_prog)
		bpf_tc_hook_destroy(&b->hook);
	for (i = 0; i < 4; i++) {
		close(b->o.pkt_fd[i]);
		close(b->o.shield_fd[i]);
	}
	close(b->o.udp_fd);
	close(b->inj_fd);
	if (b->o.has_xsk)
		xsk_close(&b->o.xsk);
	munmap(b->l.bss_data, (b->l.bss_size + 4095) & ~4095UL);
	bpf_object__close(b->l.obj);
}

static void run_mode(struct bench *b, int mode, struct frame *set, int n,
		     struct run *r)
{
	uint32_t flags = XDP_FLAGS_UPDATE_IF_NOEXIST |
			 (mode == MODE_NATIVE ? XDP_FLAGS_DRV_MODE :
						XDP_FLAGS_SKB_MODE);
	int dut = ifindex_of(env.dut), i, err, quiet;
	struct sysctl_save saved[8];
	struct observers *o = &b->o;
	struct devstats before[D_NR] = {};
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = ifindex_of(env.peer),
		.sll_halen = 6,
	};
	uint64_t *cnt = prog_cnt(&b->l);
	double t0, deadline, ts = now_s();

	memset(r, 0, sizeof(*r));
	memset(b->l.bss_data, 0, b->l.bss_size);
	drain_all(o);
	for (i = 0; i < O_NR; i++) {
		if (o->rec[i].n)
			die("%s: %d frames at observer %s before the run",
			    mode_names[mode], o->rec[i].n, obs_names[i]);
		o->rec[i].noise = 0;
	}
	sysctl_apply(saved);
	snapshot(before);

	err = bpf_xdp_attach(dut, bpf_program__fd(b->l.main), flags, NULL);
	if (err)
		die("attach %s XDP to %s: %s", mode_names[mode], env.dut,
		    strerror(-err));

	/*
	 * One frame per NAPI poll: on this CPU the DUT's poll runs in the
	 * sender's softirq (or ksoftirqd) before the next frame goes out, so
	 * the program count says when a frame has been handled.
	 */
	t0 = now_s();
	r->t_setup = t0 - ts;
	for (i = 0; i < n; i++) {
		double until;
		int spins = 0;

		memcpy(sll.sll_addr, set[i].data, 6);
		sll.sll_protocol = htons(get16(set[i].data + 12));
		if (sendto(b->inj_fd, set[i].data, set[i].len, 0,
			   (struct sockaddr *)&sll, sizeof(sll)) !=
		    (ssize_t)set[i].len)
			die("send frame %d: %s", i, strerror(errno));
		until = 0;
		while (__atomic_load_n(&cnt[CNT_SEEN], __ATOMIC_ACQUIRE) <
		       (uint64_t)i + 1) {
			if (++spins < 100)
				continue;
			if (!until)
				until = now_s() + 5;
			if (now_s() > until)
				die("%s: frame %d (length %u) never reached the program (it saw %llu)",
				    mode_names[mode], i, set[i].len,
				    (unsigned long long)cnt[CNT_SEEN]);
			usleep(20);
		}
		if (i % 32 == 31)
			drain_all(o);
	}
	r->t_inject = now_s() - t0;

	/* settle: until nothing arrives anywhere for a while */
	deadline = now_s() + 20;
	for (quiet = 0; quiet < 3 && now_s() < deadline;) {
		usleep(100000);
		quiet = drain_all(o) ? 0 : quiet + 1;
	}
	r->secs = now_s() - t0;
	r->t_settle = r->secs - r->t_inject;
	ts = now_s();

	err = bpf_xdp_detach(dut, flags & ~XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (err)
		die("detach %s XDP: %s", mode_names[mode], strerror(-err));
	drain_all(o);
	if (b->l.tcq) {
		struct meta_rec m;

		while (!bpf_map_lookup_and_delete_elem(bpf_map__fd(b->l.tcq),
						       NULL, &m))
			recs_add(&o->rec[O_TC], &m, sizeof(m));
	}
	sysctl_restore(saved);
	snapshot(r->ds);
	delta(r->ds, before);

	for (i = 0; i < 4; i++) {
		struct tpacket_stats st;
		socklen_t sl = sizeof(st);

		/* reading the statistics resets them */
		if (!getsockopt(o->pkt_fd[i], SOL_PACKET, PACKET_STATISTICS,
				&st, &sl) && st.tp_drops)
			die("%s observer dropped %u frames", obs_names[i],
			    st.tp_drops);
	}

	/* the records move to the run */
	memcpy(r->rec, o->rec, sizeof(r->rec));
	memset(o->rec, 0, sizeof(o->rec));
	for (i = 0; i < O_NR; i++)
		r->noise[i] = r->rec[i].noise;
	memcpy(r->cnt, cnt, sizeof(r->cnt));
	r->bss_size = b->l.bss_size;
	r->cnt_off = b->l.cnt_off;
	r->cpumap_off = var_offset(bpf_object__btf(b->l.obj), ".bss",
				   "cpumap_cnt");
	r->bss = malloc(b->l.bss_size);
	memcpy(r->bss, b->l.bss_data, b->l.bss_size);
	r->t_teardown = now_s() - ts;
}

/* ------------------------------------------------------------------ */
/* Comparison */

static int failures;

static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("# FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	failures++;
}

static void hexdump(const char *what, const struct rec *r)
{
	uint32_t i;

	printf("#   %s (%u bytes):", what, r->len);
	for (i = 0; i < r->len && i < 96; i++)
		printf("%s%02x", i % 32 ? " " : "\n#     ", r->data[i]);
	printf("%s\n", r->len > 96 ? " ..." : "");
}

static bool recs_equal(const struct recs *a, const struct recs *b)
{
	int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (!rec_eq(&a->r[i], &b->r[i]))
			return false;
	return true;
}

static void report_diff(const char *obs, const struct recs *a,
			const struct recs *b)
{
	int i, n = a->n < b->n ? a->n : b->n;

	fail("observer %s: native %d records, generic %d", obs, a->n, b->n);
	for (i = 0; i < n; i++)
		if (!rec_eq(&a->r[i], &b->r[i]))
			break;
	if (i < n || a->n != b->n) {
		msg("  first difference at record %d", i);
		if (i < a->n)
			hexdump("native", &a->r[i]);
		if (i < b->n)
			hexdump("generic", &b->r[i]);
	}
}

/* is @sub a subsequence of @all? */
static bool subsequence(const struct recs *sub, const struct recs *all)
{
	int i = 0, j;

	for (j = 0; j < all->n && i < sub->n; j++)
		if (rec_eq(&sub->r[i], &all->r[j]))
			i++;
	return i == sub->n;
}

/*
 * Expected difference "meta-cpumap": the xdp_frame carries the metadata
 * into the skb the cpumap kthread builds (native); generic XDP's redirect
 * does not call skb_metadata_set(), so the skb arrives without it.
 */
static void rule_meta_cpumap(struct run *rn, struct run *rg)
{
	const struct recs *a = &rn->rec[O_TC], *b = &rg->rec[O_TC];
	int i, withmeta = 0;

	if (a->n != b->n) {
		fail("meta-cpumap: tc saw %d skbs native, %d generic", a->n, b->n);
		return;
	}
	for (i = 0; i < a->n; i++) {
		const struct meta_rec *ma = (void *)a->r[i].data;
		const struct meta_rec *mb = (void *)b->r[i].data;

		if (ma->len != mb->len) {
			fail("meta-cpumap: skb %d: length %u native, %u generic",
			     i, ma->len, mb->len);
			return;
		}
		if (ma->metalen == 16 && mb->metalen == 0)
			withmeta++;
		else if (ma->metalen || mb->metalen) {
			fail("meta-cpumap: skb %d: metadata %u bytes native, %u generic",
			     i, ma->metalen, mb->metalen);
			return;
		}
	}
	if (!withmeta)
		fail("meta-cpumap: no skb carried metadata in native mode");
	else
		msg("expected difference meta-cpumap: %d skbs from the cpumap carry 16 bytes of metadata in native mode, none in generic mode",
		    withmeta);
}

/*
 * What corpus_cpumap_prog's "xdp/cpumap" program does to a frame (its
 * parse_pkt() and verdicts, in C): 0 passes it, 1 drops it (UDP with an
 * odd destination port), 2 passes it with the MACs swapped (TCP).
 */
static int cpumap_prog_action(const uint8_t *p, uint32_t len)
{
	uint32_t off = 14;
	uint16_t type;
	uint8_t l4 = 0;
	int i;

	if (len < 14)
		return 1;
	type = get16(p + 12);
	for (i = 0; i < 2 && (type == 0x8100 || type == 0x88a8); i++) {
		if (off + 4 > len)
			return 1;
		type = get16(p + off + 2);
		off += 4;
	}
	if (type == ETH_P_IP) {
		if (off + 20 > len || (p[off] & 15) < 5)
			return 0;
		l4 = p[off + 9];
		if (get16(p + off + 6) & 0x1fff)
			return l4 == 6 ? 2 : 0;
		off += (p[off] & 15) * 4;
	} else if (type == ETH_P_IPV6) {
		if (off + 40 > len)
			return 0;
		l4 = p[off + 6];
		off += 40;
	} else {
		return 0;
	}
	if (l4 == 17 && off + 4 <= len && (get16(p + off + 2) & 1))
		return 1;
	return l4 == 6 ? 2 : 0;
}

static bool rec_eq_swapped(const struct rec *a, const struct rec *b)
{
	return a->len == b->len && a->len >= 12 &&
	       !memcmp(a->data, b->data + 6, 6) &&
	       !memcmp(a->data + 6, b->data, 6) &&
	       !memcmp(a->data + 12, b->data + 12, a->len - 12);
}

/*
 * Expected difference "cpumap-prog-skb" (a bug of 6.1's cpumap): for skbs
 * from generic XDP, cpu_map_bpf_prog_run_skb() returns after the first
 * skb of a batch that its program drops or redirects, so the rest of the
 * batch (up to 8 skbs) reaches the stack without the cpumap program ever
 * seeing it. Native's frames all go through the program. How many skbs
 * escape depends on how the kthread batches them, i.e. on timing.
 * Generic's stack frames must be native's plus escaped frames the program
 * would have dropped, with escaped TCP frames unswapped; the program's own
 * count must be short by exactly the escaped frames.
 */
static uint64_t escaped_unhandled;

static void rule_cpumap_prog_skb(struct run *rn, struct run *rg)
{
	const struct recs *n = &rn->rec[O_STACK], *g = &rg->rec[O_STACK];
	int i = 0, j = 0, dropped = 0, unswapped = 0;
	const uint64_t *cn, *cg;

	while (j < g->n) {
		int act;

		if (i < n->n && rec_eq(&n->r[i], &g->r[j])) {
			i++;
			j++;
			continue;
		}
		act = cpumap_prog_action(g->r[j].data, g->r[j].len);
		if (act == 1) {
			const uint8_t *f = g->r[j].data;

			dropped++;
			/* the stack has no handler for a frame still tagged
			 * after it took one tag off: it counts a drop
			 */
			if (g->r[j].len >= 18 &&
			    (get16(f + 12) == 0x8100 || get16(f + 12) == 0x88a8) &&
			    (get16(f + 16) == 0x8100 || get16(f + 16) == 0x88a8))
				escaped_unhandled++;
			j++;
			continue;
		}
		if (act == 2 && i < n->n && rec_eq_swapped(&n->r[i], &g->r[j])) {
			unswapped++;
			i++;
			j++;
			continue;
		}
		fail("cpumap-prog-skb: generic stack frame %d is neither native's frame %d nor one that escaped the cpumap program",
		     j, i);
		hexdump("generic", &g->r[j]);
		if (i < n->n)
			hexdump("native", &n->r[i]);
		return;
	}
	if (i != n->n) {
		fail("cpumap-prog-skb: generic stack lacks native frames from %d on", i);
		return;
	}
	if (!subsequence(&rn->rec[O_UDP], &rg->rec[O_UDP]) ||
	    rg->rec[O_UDP].n - rn->rec[O_UDP].n > dropped) {
		fail("cpumap-prog-skb: UDP socket: native %d datagrams, generic %d, %d frames escaped a drop",
		     rn->rec[O_UDP].n, rg->rec[O_UDP].n, dropped);
		return;
	}
	if (rn->cpumap_off < 0 || rg->cpumap_off != rn->cpumap_off) {
		fail("cpumap-prog-skb: no cpumap_cnt");
		return;
	}
	cn = (const uint64_t *)(rn->bss + rn->cpumap_off);
	cg = (const uint64_t *)(rg->bss + rg->cpumap_off);
	/* escaped frames it would have passed unchanged are not visible */
	if (cn[0] - cg[0] < (uint64_t)(dropped + unswapped) ||
	    cn[1] - cg[1] != (uint64_t)dropped ||
	    cn[2] - cg[2] != (uint64_t)unswapped) {
		fail("cpumap-prog-skb: cpumap program counted seen/dropped/rewritten %llu/%llu/%llu native, %llu/%llu/%llu generic; %d escaped drops, %d escaped rewrites",
		     (unsigned long long)cn[0], (unsigned long long)cn[1],
		     (unsigned long long)cn[2], (unsigned long long)cg[0],
		     (unsigned long long)cg[1], (unsigned long long)cg[2],
		     dropped, unswapped);
		return;
	}
	msg("expected difference cpumap-prog-skb: %llu skbs escaped the cpumap program in generic mode (%d it would have dropped, %d it would have rewritten)",
	    (unsigned long long)(cn[0] - cg[0]), dropped, unswapped);
}

/* nonzero counters of a device, for the record */
static void dump_dev(const char *mode, int d, const struct devstats *ds)
{
	char line[1024];
	int i, o;

	o = snprintf(line, sizeof(line), "%s %s:", mode, dev_name(d));
	for (i = 0; i < (int)NSYS; i++)
		if (ds->sys[i] && o < (int)sizeof(line) - 40)
			o += snprintf(line + o, sizeof(line) - o, " %s=%llu",
				      sys_names[i],
				      (unsigned long long)ds->sys[i]);
	msg("%s", line);
	o = snprintf(line, sizeof(line), "%s %s ethtool:", mode, dev_name(d));
	for (i = 0; i < ds->eth.n; i++)
		if (ds->eth.v[i] && o < (int)sizeof(line) - 48)
			o += snprintf(line + o, sizeof(line) - o, " %s=%llu",
				      ds->eth.names[i],
				      (unsigned long long)ds->eth.v[i]);
	if (ds->eth.n)
		msg("%s", line);
}

static void compare_counters(struct run *rn, struct run *rg)
{
	int d, i, before = failures;

	/* the program's own counters, and all of its .bss */
	if (expected("cpumap-prog-skb")) {
		/* the cpumap program's counters: rule_cpumap_prog_skb() */
		if (memcmp(rn->bss + rn->cnt_off, rg->bss + rg->cnt_off,
			   CNT_NR * 8))
			for (i = 0; i < CNT_NR; i++)
				if (rn->cnt[i] != rg->cnt[i])
					fail("program counter %s: native %llu, generic %llu",
					     cnt_names[i],
					     (unsigned long long)rn->cnt[i],
					     (unsigned long long)rg->cnt[i]);
	} else if (rn->bss_size != rg->bss_size ||
	    memcmp(rn->bss, rg->bss, rn->bss_size)) {
		for (i = 0; i < CNT_NR; i++)
			if (rn->cnt[i] != rg->cnt[i])
				fail("program counter %s: native %llu, generic %llu",
				     cnt_names[i], (unsigned long long)rn->cnt[i],
				     (unsigned long long)rg->cnt[i]);
		for (i = 0; i < (int)rn->bss_size; i++)
			if (rn->bss[i] != rg->bss[i])
				break;
		fail("program .bss differs (first at byte %d)", i);
	}

	for (d = 0; d < D_NR; d++) {
		const struct devstats *a = &rn->ds[d], *b = &rg->ds[d];
		const char *dev = dev_name(d);

		for (i = 0; i < (int)NSYS; i++) {
			uint64_t x = a->sys[i], y = b->sys[i];

			if (d == D_DUT && !strcmp(sys_names[i], "rx_dropped")) {
				/*
				 * Expected: native counts what XDP dropped
				 * (drop, aborted, failed tx/redirect) in
				 * rx_dropped; generic XDP drops skbs without
				 * counting them anywhere.
				 */
				uint64_t xdrops =
				    eth_sum(&a->eth, "rx_queue", "xdp_drop") +
				    eth_sum(&a->eth, "rx_queue", "xdp_aborted") +
				    eth_sum(&a->eth, "rx_queue", "xdp_tx_errors") +
				    eth_sum(&a->eth, "rx_queue", "xdp_redirect_errors");

				if (x + escaped_unhandled != y + xdrops)
					fail("%s rx_dropped: native %llu, generic %llu, native XDP drops %llu, unhandled frames that escaped the cpumap program %llu (expected native + escaped = generic + XDP drops)",
					     dev, (unsigned long long)x,
					     (unsigned long long)y,
					     (unsigned long long)xdrops,
					     (unsigned long long)escaped_unhandled);
				continue;
			}
			if ((d == D_TGT6 && !strcmp(sys_names[i], "tx_bytes")) ||
			    (d == D_TGT6_OBS && !strcmp(sys_names[i], "rx_bytes"))) {
				/*
				 * Expected: veth counts the bytes of an
				 * xdp_frame (ndo_xdp_xmit, native) with the
				 * Ethernet header, of an skb (ndo_start_xmit,
				 * generic) without: 14 bytes a frame.
				 */
				uint64_t pk = rn->ds[D_TGT6_OBS].sys[0];

				if (x != y + 14 * pk)
					fail("%s %s: native %llu, generic %llu, %llu frames (expected native = generic + 14 * frames)",
					     dev, sys_names[i],
					     (unsigned long long)x,
					     (unsigned long long)y,
					     (unsigned long long)pk);
				continue;
			}
			if (x != y)
				fail("%s %s: native %llu, generic %llu", dev,
				     sys_names[i], (unsigned long long)x,
				     (unsigned long long)y);
		}
		if (!dev_is_vxdp(d))
			continue;

		/* ethtool -S: same names, values compared by rule */
		for (i = 0; i < a->eth.n; i++) {
			const char *s = a->eth.names[i], *u;
			uint64_t x = a->eth.v[i], y = b->eth.v[i];

			if (strcmp(s, b->eth.names[i]))
				die("%s: ethtool names differ", dev);
			u = strchr(s, '_');
			u = u ? strchr(u + 1, '_') : NULL;	/* after <q>_ */
			u = u ? strchr(u + 1, '_') : NULL;
			u = u ? u + 1 : s;
			if (!strncmp(s, "rx_queue_", 9) &&
			    (!strncmp(u, "xdp_", 4) && strncmp(u, "xdp_ring_", 9))) {
				/* rx verdict counters and xdp_xmit: native only */
				if (y)
					fail("%s %s: %llu in generic mode (generic XDP does not reach the driver)",
					     dev, s, (unsigned long long)y);
				continue;
			}
			if (!strncmp(s, "rx_queue_", 9) &&
			    !strncmp(u, "xdp_ring_", 9)) {
				/* XDP tx ring: native only */
				if (y)
					fail("%s %s: %llu in generic mode (generic XDP transmits through ndo_start_xmit)",
					     dev, s, (unsigned long long)y);
				continue;
			}
			if (!strncmp(s, "tx_queue_", 9) &&
			    (!strcmp(u, "packets") || !strcmp(u, "bytes")))
				continue;	/* checked as sums below */
			if (x != y)
				fail("%s %s: native %llu, generic %llu", dev, s,
				     (unsigned long long)x, (unsigned long long)y);
		}
		/*
		 * What generic XDP sends (XDP_TX, redirects into this device)
		 * goes through ndo_start_xmit, i.e. the stack tx queues; native
		 * uses the XDP tx rings. Same totals.
		 */
		{
			const char *what[2] = { "packets", "bytes" };

			for (i = 0; i < 2; i++) {
				char ring[32];
				uint64_t nr, nq, gq;

				snprintf(ring, sizeof(ring), "xdp_ring_%s", what[i]);
				nr = eth_sum(&a->eth, "rx_queue", ring);
				nq = eth_sum(&a->eth, "tx_queue", what[i]);
				gq = eth_sum(&b->eth, "tx_queue", what[i]);
				if (nr + nq != gq)
					fail("%s: native XDP ring %s %llu + tx queue %llu, generic tx queue %llu",
					     dev, what[i], (unsigned long long)nr,
					     (unsigned long long)nq,
					     (unsigned long long)gq);
			}
		}
	}

	/* the driver's verdict counters agree with the program's (native) */
	{
		const struct ethstats *e = &rn->ds[D_DUT].eth;
		const uint64_t *c = rn->cnt;
		struct {
			const char *what;
			uint64_t drv, prog;
		} chk[] = {
			{ "xdp_packets", eth_sum(e, "rx_queue", "xdp_packets"), c[CNT_SEEN] },
			{ "xdp_bytes", eth_sum(e, "rx_queue", "xdp_bytes"), c[CNT_BYTES] },
			{ "xdp_pass", eth_sum(e, "rx_queue", "xdp_pass"), c[CNT_PASS] },
			{ "xdp_drop", eth_sum(e, "rx_queue", "xdp_drop"), c[CNT_DROP] },
			{ "xdp_tx(+errors)", eth_sum(e, "rx_queue", "xdp_tx") +
			  eth_sum(e, "rx_queue", "xdp_tx_errors"), c[CNT_TX] },
			{ "xdp_redirect(+errors)", eth_sum(e, "rx_queue", "xdp_redirect") +
			  eth_sum(e, "rx_queue", "xdp_redirect_errors"), c[CNT_REDIRECT] },
			{ "xdp_aborted", eth_sum(e, "rx_queue", "xdp_aborted"),
			  c[CNT_ABORTED] + c[CNT_OTHER] },
		};

		for (i = 0; i < (int)(sizeof(chk) / sizeof(chk[0])); i++)
			if (chk[i].drv != chk[i].prog)
				fail("native %s %s %llu, the program counted %llu",
				     env.dut, chk[i].what,
				     (unsigned long long)chk[i].drv,
				     (unsigned long long)chk[i].prog);
	}
	if (failures != before || verbose)
		for (d = 0; d < D_NR; d++) {
			dump_dev("native", d, &rn->ds[d]);
			dump_dev("generic", d, &rg->ds[d]);
		}
}

static void summary(const char *mode, struct run *r)
{
	const uint64_t *c = r->cnt;
	char obs[256] = "";
	int i, o = 0;

	for (i = 0; i < O_NR; i++)
		o += snprintf(obs + o, sizeof(obs) - o, " %s=%d", obs_names[i],
			      r->rec[i].n);
	msg("%-7s setup %.1fs inject %.1fs settle %.1fs teardown %.1fs",
	    mode, r->t_setup, r->t_inject, r->t_settle, r->t_teardown);
	msg("%-7s %.1fs seen=%llu pass=%llu drop=%llu tx=%llu redirect=%llu aborted=%llu other=%llu |%s",
	    mode, r->secs, (unsigned long long)c[CNT_SEEN],
	    (unsigned long long)c[CNT_PASS], (unsigned long long)c[CNT_DROP],
	    (unsigned long long)c[CNT_TX], (unsigned long long)c[CNT_REDIRECT],
	    (unsigned long long)c[CNT_ABORTED], (unsigned long long)c[CNT_OTHER],
	    obs);
	for (i = 0; i < O_NR; i++)
		if (r->noise[i])
			msg("%-7s %s: %llu kernel control frames (ND/MLD/IGMP) not counted",
			    mode, obs_names[i], (unsigned long long)r->noise[i]);
}

static int cmd_compare(void)
{
	uint8_t dut[6], src[6];
	struct frame *set;
	struct run rn, rg;
	struct bench bench;
	int i;

	if (!env.obj)
		die("compare: --obj");
	dev_mac(env.dut, dut);
	dev_mac(env.peer, src);
	set = gen_set(env.count, env.seed, dut, src);
	pin_cpu(0);

	bench_open(&bench);
	run_mode(&bench, MODE_NATIVE, set, env.count, &rn);
	run_mode(&bench, MODE_GENERIC, set, env.count, &rg);
	bench_close(&bench);
	summary("native", &rn);
	summary("generic", &rg);

	if (rn.cnt[CNT_SEEN] != (uint64_t)env.count)
		fail("native program saw %llu of %d frames",
		     (unsigned long long)rn.cnt[CNT_SEEN], env.count);
	if (expected("cpumap-prog-skb"))
		rule_cpumap_prog_skb(&rn, &rg);
	compare_counters(&rn, &rg);

	for (i = 0; i < O_NR; i++) {
		if ((i == O_STACK || i == O_UDP) && expected("cpumap-prog-skb"))
			continue;	/* rule_cpumap_prog_skb() */
		if (i == O_TC && expected("meta-cpumap")) {
			rule_meta_cpumap(&rn, &rg);
			continue;
		}
		if (!recs_equal(&rn.rec[i], &rg.rec[i]))
			report_diff(obs_names[i], &rn.rec[i], &rg.rec[i]);
	}
	for (i = 0; i < env.nexpect; i++)
		if (strcmp(env.expect[i], "cpumap-prog-skb") &&
		    strcmp(env.expect[i], "meta-cpumap"))
			die("unknown --expect %s", env.expect[i]);

	for (i = 0; i < O_NR; i++) {
		recs_free(&rn.rec[i]);
		recs_free(&rg.rec[i]);
	}
	if (failures) {
		msg("%s: native and generic differ (%d)", env.obj, failures);
		return 1;
	}
	msg("%s: %d frames, native and generic equivalent", env.obj, env.count);
	return 0;
}

/* ------------------------------------------------------------------ */
/* attach / counters / inject */

static int cmd_attach(void)
{
	struct loaded l;
	uint32_t flags;
	int err;

	if (!env.obj || !env.dev || !env.mode)
		die("attach: --obj --dev --mode");
	flags = !strcmp(env.mode, "native") ? XDP_FLAGS_DRV_MODE :
		!strcmp(env.mode, "generic") ? XDP_FLAGS_SKB_MODE : 0;
	if (!flags)
		die("--mode native|generic");
	load_obj(env.obj, &l);
	if (l.xsks)
		die("attach: AF_XDP programs are for compare only");
	fill_maps(&l, -1);
	if (env.pin) {
		char path[512];

		mkdir(env.pin, 0700);
		snprintf(path, sizeof(path), "%s/bss", env.pin);
		err = bpf_map__pin(l.bss, path);
		if (err)
			die("pin %s: %s", path, strerror(-err));
	}
	err = bpf_xdp_attach(ifindex_of(env.dev), bpf_program__fd(l.main),
			     flags, NULL);
	if (err)
		die("attach to %s: %s", env.dev, strerror(-err));
	if (env.tc) {
		DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook,
				    .ifindex = ifindex_of(env.dev),
				    .attach_point = BPF_TC_INGRESS);
		DECLARE_LIBBPF_OPTS(bpf_tc_opts, tcopts);

		if (!l.tc_prog)
			die("%s has no \"tc\" program", env.obj);
		err = bpf_tc_hook_create(&hook);
		if (err && err != -EEXIST)
			die("tc hook on %s: %s", env.dev, strerror(-err));
		tcopts.prog_fd = bpf_program__fd(l.tc_prog);
		err = bpf_tc_attach(&hook, &tcopts);
		if (err)
			die("tc attach on %s: %s", env.dev, strerror(-err));
	}
	bpf_object__close(l.obj);	/* the attachments keep it alive */
	return 0;
}

/* the .bss map of program @id (one loaded by ip, say), or -1 */
static int prog_bss_fd(uint32_t id)
{
	struct bpf_prog_info pinfo = {};
	uint32_t il = sizeof(pinfo), ids[16], i;
	int pfd = bpf_prog_get_fd_by_id(id);

	if (pfd < 0)
		die("no program %u: %s", id, strerror(errno));
	pinfo.nr_map_ids = 16;
	pinfo.map_ids = (uintptr_t)ids;
	if (bpf_obj_get_info_by_fd(pfd, &pinfo, &il))
		die("program %u: %s", id, strerror(errno));
	close(pfd);
	for (i = 0; i < pinfo.nr_map_ids && i < 16; i++) {
		struct bpf_map_info minfo = {};
		uint32_t ml = sizeof(minfo);
		int fd = bpf_map_get_fd_by_id(ids[i]);
		size_t nl;

		if (fd < 0 || bpf_obj_get_info_by_fd(fd, &minfo, &ml))
			continue;
		nl = strlen(minfo.name);
		if (nl >= 4 && !strcmp(minfo.name + nl - 4, ".bss"))
			return fd;
		close(fd);
	}
	return -1;
}

static int cmd_counters(void)
{
	struct bpf_map_info info = {};
	uint32_t il = sizeof(info), key = 0;
	char path[512];
	struct btf *btf;
	uint8_t *val;
	int fd, off, i;

	if (env.prog_id) {
		snprintf(path, sizeof(path), "program %d", env.prog_id);
		fd = prog_bss_fd(env.prog_id);
	} else if (env.pin) {
		snprintf(path, sizeof(path), "%s/bss", env.pin);
		fd = bpf_obj_get(path);
	} else {
		die("counters: --pin DIR or --prog-id ID");
	}
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &il))
		die("%s: no .bss: %s", path, strerror(errno));
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf)
		die("no BTF for %s", path);
	off = var_offset(btf, ".bss", "corpus_cnt");
	val = calloc(1, info.value_size);
	if (off < 0 || bpf_map_lookup_elem(fd, &key, val))
		die("cannot read corpus_cnt from %s", path);
	for (i = 0; i < CNT_NR; i++)
		printf("%s %llu\n", cnt_names[i],
		       (unsigned long long)((uint64_t *)(val + off))[i]);
	off = var_offset(btf, ".bss", "tc_cnt");
	if (off >= 0)
		printf("tc_skbs %llu\ntc_max_len %llu\n",
		       (unsigned long long)((uint64_t *)(val + off))[0],
		       (unsigned long long)((uint64_t *)(val + off))[1]);
	return 0;
}

static int cmd_inject(void)
{
	uint8_t dst[6], src[6];
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_halen = 6 };
	struct frame *set;
	int fd, i;

	if (!env.dev)
		die("inject: --dev");
	dev_mac(env.dev, src);
	if (env.dst_mac)
		parse_mac(env.dst_mac, dst);
	else
		dev_mac(env.dut, dst);
	set = gen_set(env.count, env.seed, dst, src);
	sll.sll_ifindex = ifindex_of(env.dev);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	for (i = 0; i < env.count; i++)
		if (sendto(fd, set[i].data, set[i].len, 0,
			   (struct sockaddr *)&sll, sizeof(sll)) < 0)
			die("send: %s", strerror(errno));
	return 0;
}

static int cmd_gen(void)
{
	uint8_t dst[6] = { 2, 0, 0, 0, 1, 1 }, src[6] = { 2, 0, 0, 0, 1, 0 };
	struct frame *set = gen_set(env.count, env.seed, dst, src);
	FILE *f = env.pin ? fopen(env.pin, "w") : NULL;
	uint64_t sum = 0;
	int i;

	if (f) {	/* pcap */
		uint32_t gh[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };

		fwrite(gh, sizeof(gh), 1, f);
	}
	for (i = 0; i < env.count; i++) {
		uint32_t j;

		sum += set[i].len;
		for (j = 0; j < set[i].len; j++)
			sum = sum * 31 + set[i].data[j];
		if (f) {
			uint32_t ph[4] = { i, 0, set[i].len, set[i].len };

			fwrite(ph, sizeof(ph), 1, f);
			fwrite(set[i].data, set[i].len, 1, f);
		}
	}
	if (f)
		fclose(f);
	printf("%d frames, digest %016llx\n", env.count,
	       (unsigned long long)sum);
	return 0;
}

/* ------------------------------------------------------------------ */
/* TCP / UDP tools */

static uint8_t pattern(long long off)
{
	return (uint8_t)(off * 7 + (off >> 8) * 13);
}

static int cmd_tcp_sink(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(env.port) };
	int one = 1, ls = socket(AF_INET, SOCK_STREAM, 0), s;
	long long got = 0;
	static uint8_t buf[65536];

	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&sin, sizeof(sin)) || listen(ls, 1))
		die("tcp-sink: %s", strerror(errno));
	printf("listening\n");
	fflush(stdout);
	alarm(env.timeout);
	s = accept(ls, NULL, NULL);
	if (s < 0)
		die("accept: %s", strerror(errno));
	for (;;) {
		ssize_t n = read(s, buf, sizeof(buf)), i;

		if (n < 0)
			die("tcp-sink read: %s", strerror(errno));
		if (!n)
			break;
		for (i = 0; i < n; i++)
			if (buf[i] != pattern(got + i))
				die("tcp-sink: byte %lld is %02x, expected %02x",
				    got + i, buf[i], pattern(got + i));
		got += n;
	}
	if (got != env.bytes)
		die("tcp-sink: got %lld bytes, expected %lld", got, env.bytes);
	printf("received %lld bytes intact\n", got);
	return 0;
}

static int cmd_tcp_source(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(env.port) };
	int s = socket(AF_INET, SOCK_STREAM, 0);
	static uint8_t buf[65536];
	long long off = 0;

	inet_pton(AF_INET, env.dst, &sin.sin_addr);
	alarm(env.timeout);
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)))
		die("connect %s:%d: %s", env.dst, env.port, strerror(errno));
	while (off < env.bytes) {
		long long n = env.bytes - off, i;
		ssize_t w;

		if (n > (long long)sizeof(buf))
			n = sizeof(buf);
		for (i = 0; i < n; i++)
			buf[i] = pattern(off + i);
		w = write(s, buf, n);
		if (w < 0)
			die("tcp-source write: %s", strerror(errno));
		off += w;
	}
	shutdown(s, SHUT_WR);
	while (read(s, buf, sizeof(buf)) > 0)
		;
	close(s);
	return 0;
}

static int cmd_udp_sink(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(env.port) };
	int s = socket(AF_INET, SOCK_DGRAM, 0), got = 0, bad = 0;
	int buf = 16 << 20;
	static uint8_t b[65536];

	setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf));
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)))
		die("udp-sink: %s", strerror(errno));
	printf("listening\n");
	fflush(stdout);
	while (got < env.count) {
		struct pollfd pfd = { .fd = s, .events = POLLIN };
		ssize_t n, i;

		if (poll(&pfd, 1, env.timeout * 1000) <= 0)
			break;
		n = recv(s, b, sizeof(b), 0);
		if (n != env.len) {
			bad++;
			continue;
		}
		for (i = 0; i < n; i++)
			if (b[i] != pattern(i))
				break;
		if (i != n)
			bad++;
		else
			got++;
	}
	printf("received %d datagrams of %d bytes intact, %d bad\n", got,
	       env.len, bad);
	return got == env.count && !bad ? 0 : 1;
}

static int cmd_udp_gso_send(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(env.port) };
	int s = socket(AF_INET, SOCK_DGRAM, 0), sent = 0, gso = env.len;
	int batch = env.gso > 0 && env.gso <= 64 ? env.gso : 5;
	static uint8_t b[65536];
	int i;

	inet_pton(AF_INET, env.dst, &sin.sin_addr);
	if (setsockopt(s, IPPROTO_UDP, UDP_SEGMENT, &gso, sizeof(gso)))
		die("UDP_SEGMENT: %s", strerror(errno));
	if (batch * env.len > (int)sizeof(b))
		die("udp-gso-send: --gso * --len too large");
	for (i = 0; i < batch * env.len; i++)
		b[i] = pattern(i % env.len);
	while (sent < env.count) {
		int k = env.count - sent < batch ? env.count - sent : batch;

		if (sendto(s, b, k * env.len, 0, (struct sockaddr *)&sin,
			   sizeof(sin)) != k * env.len)
			die("udp-gso-send: %s", strerror(errno));
		sent += k;
		usleep(2000);
	}
	printf("sent %d datagrams of %d bytes in GSO batches of %d\n", sent,
	       env.len, batch);
	return 0;
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "obj", 1, 0, 'o' }, { "dut", 1, 0, 'D' }, { "peer", 1, 0, 'P' },
		{ "tgt", 1, 0, 't' }, { "tgt-obs", 1, 0, 'T' },
		{ "tgt6", 1, 0, '6' }, { "tgt6-obs", 1, 0, '7' },
		{ "dev", 1, 0, 'd' }, { "mode", 1, 0, 'm' }, { "pin", 1, 0, 'p' },
		{ "udp-addr", 1, 0, 'a' }, { "udp-port", 1, 0, 'u' },
		{ "cpu-target", 1, 0, 'c' }, { "count", 1, 0, 'n' },
		{ "seed", 1, 0, 's' }, { "dst-mac", 1, 0, 'M' },
		{ "sysctl", 1, 0, 'S' }, { "expect", 1, 0, 'e' },
		{ "dst", 1, 0, 'x' }, { "port", 1, 0, 'r' },
		{ "bytes", 1, 0, 'b' }, { "len", 1, 0, 'l' }, { "gso", 1, 0, 'g' },
		{ "timeout", 1, 0, 'w' }, { "verbose", 0, 0, 'v' },
		{ "netns", 1, 0, 'N' }, { "tc", 0, 0, 'C' },
		{ "prog-id", 1, 0, 'I' },
		{}
	};
	const char *cmd;
	int c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		die("usage: xdp_equiv compare|attach|counters|inject|gen|tcp-sink|tcp-source|udp-sink|udp-gso-send [options]");
	cmd = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
		switch (c) {
		case 'o': env.obj = optarg; break;
		case 'D': env.dut = optarg; break;
		case 'P': env.peer = optarg; break;
		case 't': env.tgt = optarg; break;
		case 'T': env.tgt_obs = optarg; break;
		case '6': env.tgt6 = optarg; break;
		case '7': env.tgt6_obs = optarg; break;
		case 'd': env.dev = optarg; break;
		case 'm': env.mode = optarg; break;
		case 'p': env.pin = optarg; break;
		case 'a': env.udp_addr = optarg; break;
		case 'u': env.udp_port = atoi(optarg); break;
		case 'c': env.cpu_target = atoi(optarg); break;
		case 'n': env.count = atoi(optarg); break;
		case 's': env.seed = strtoull(optarg, NULL, 0); break;
		case 'M': env.dst_mac = optarg; break;
		case 'S':
			if (env.nsysctl == 8)
				die("too many --sysctl");
			env.sysctl[env.nsysctl++] = optarg;
			break;
		case 'e':
			if (env.nexpect == 8)
				die("too many --expect");
			env.expect[env.nexpect++] = optarg;
			break;
		case 'x': env.dst = optarg; break;
		case 'r': env.port = atoi(optarg); break;
		case 'b': env.bytes = atoll(optarg); break;
		case 'l': env.len = atoi(optarg); break;
		case 'g': env.gso = atoi(optarg); break;
		case 'w': env.timeout = atoi(optarg); break;
		case 'v': verbose++; break;
		case 'N': env.netns = optarg; break;
		case 'C': env.tc = 1; break;
		case 'I': env.prog_id = atoi(optarg); break;
		default: die("bad option");
		}
	}
	libbpf_set_print(libbpf_quiet);
	if (env.netns) {
		char path[256];
		int fd;

		snprintf(path, sizeof(path), "/run/netns/%s", env.netns);
		fd = open(path, O_RDONLY);
		if (fd < 0 || setns(fd, CLONE_NEWNET))
			die("netns %s: %s", env.netns, strerror(errno));
		close(fd);
	}

	if (!strcmp(cmd, "compare"))
		return cmd_compare();
	if (!strcmp(cmd, "attach"))
		return cmd_attach();
	if (!strcmp(cmd, "counters"))
		return cmd_counters();
	if (!strcmp(cmd, "inject"))
		return cmd_inject();
	if (!strcmp(cmd, "gen"))
		return cmd_gen();
	if (!strcmp(cmd, "tcp-sink"))
		return cmd_tcp_sink();
	if (!strcmp(cmd, "tcp-source"))
		return cmd_tcp_source();
	if (!strcmp(cmd, "udp-sink"))
		return cmd_udp_sink();
	if (!strcmp(cmd, "udp-gso-send"))
		return cmd_udp_gso_send();
	die("unknown command %s", cmd);
}
