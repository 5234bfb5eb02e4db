// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_equiv: where frames end up, and the counters. The records of what an
 * observer received (kernel control frames left out), the observers (an
 * AF_PACKET socket behind a shield socket per device, a UDP socket, an
 * AF_XDP socket in copy mode) and the device counters (sysfs statistics,
 * ethtool -S) with their snapshots and deltas.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/ethtool.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>
#include <linux/sockios.h>

#include "equiv.h"

#ifndef SOL_XDP
#define SOL_XDP 283
#endif
#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

/* ------------------------------------------------------------------ */
/* Records */

void recs_add(struct recs *rs, const void *data, uint32_t len)
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

void recs_free(struct recs *rs)
{
	int i;

	for (i = 0; i < rs->n; i++)
		free(rs->r[i].data);
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

bool rec_eq(const struct rec *a, const struct rec *b)
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

const char *const obs_names[O_NR] = {
	"peer", "stack", "tgt", "tgt6", "xsk", "udp", "tc",
};

/*
 * A packet socket that takes nothing (its filter rejects every frame),
 * bound before the observer: the receive path hands a frame to all taps of
 * a device in turn, except the last one, which it may defer (a frame of a
 * protocol nobody else handles goes to the last tap only after the rest of
 * its list-receive batch). Being the first tap keeps the observer in wire
 * order; the shield is the one that waits.
 */
int open_shield(const char *dev)
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

int open_packet(const char *dev)
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

int open_udp(const char *addr, int port)
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

void xsk_open(struct xsk *x, int ifindex)
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

void xsk_close(struct xsk *x)
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

int drain_all(struct observers *o)
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

const char *const sys_names[] = {
	"rx_packets", "rx_bytes", "rx_dropped", "rx_errors",
	"rx_length_errors", "tx_packets", "tx_bytes", "tx_dropped",
	"tx_errors",
};

static_assert(sizeof(sys_names) / sizeof(sys_names[0]) == NSYS,
	      "NSYS (equiv.h) is the number of sys_names[]");

const char *dev_name(int d)
{
	const char *n[D_NR] = { env.peer, env.dut, env.tgt, env.tgt_obs,
				env.tgt6, env.tgt6_obs };

	return n[d];
}

bool dev_is_vxdp(int d)
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

void snapshot(struct devstats ds[D_NR])
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
void delta(struct devstats after[D_NR], struct devstats before[D_NR])
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
uint64_t eth_sum(const struct ethstats *es, const char *prefix,
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
