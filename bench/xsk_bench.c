// SPDX-License-Identifier: GPL-2.0
/*
 * xsk_bench: the AF_XDP source and sink of the benchmark (bench/guest.sh),
 * one socket on queue 0, with libxdp's xsk API. 64 B frames.
 *
 *   xsk_bench rx DEV zc|copy XSKMAP
 *	bind to DEV queue 0, put the socket into slot 0 of the pinned
 *	XSKMAP (the bench's bench_xsk program redirects there), print
 *	"ready", then receive until SIGTERM, returning every chunk to the
 *	fill ring at once; print "received N elapsed_ns T" (T from the
 *	first frame received to SIGTERM)
 *   xsk_bench tx DEV zc|copy MS LEN DST_MAC
 *	bind to DEV queue 0 and send LEN-byte IPv4/UDP frames to DST_MAC as
 *	fast as the tx ring takes them for MS ms; print "sent N completed C
 *	elapsed_ns T"
 *
 * Both wait in poll() when the ring has nothing for them, so that on a
 * CPU shared with the queue's NAPI the driver, not the spinning socket,
 * gets the time.
 */
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_xdp.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf.h>
#include <xdp/xsk.h>

#define NUM_FRAMES	4096
#define FRAME_SIZE	XSK_UMEM__DEFAULT_FRAME_SIZE
#define RING_SIZE	2048
#define BATCH		64

struct umem {
	struct xsk_umem *umem;
	struct xsk_ring_prod fq;
	struct xsk_ring_cons cq;
	void *area;
};

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	stop = 1;
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("xsk_bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* A UMEM of NUM_FRAMES chunks; @fill of them go into the fill ring. */
static void umem_create(struct umem *u, unsigned int fill)
{
	struct xsk_umem_config cfg = {
		.fill_size = NUM_FRAMES,
		.comp_size = RING_SIZE,
		.frame_size = FRAME_SIZE,
		.frame_headroom = 0,
	};
	size_t size = (size_t)NUM_FRAMES * FRAME_SIZE;
	unsigned int i;
	__u32 idx;
	int err;

	u->area = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (u->area == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	err = xsk_umem__create(&u->umem, u->area, size, &u->fq, &u->cq, &cfg);
	if (err)
		die("xsk_umem__create: %s", strerror(-err));
	if (!fill)
		return;
	if (xsk_ring_prod__reserve(&u->fq, fill, &idx) != fill)
		die("fill ring reserve");
	for (i = 0; i < fill; i++)
		*xsk_ring_prod__fill_addr(&u->fq, idx + i) =
			(uint64_t)i * FRAME_SIZE;
	xsk_ring_prod__submit(&u->fq, fill);
}

static struct xsk_socket *sock_create(const char *dev, bool zc, struct umem *u,
				      struct xsk_ring_cons *rx,
				      struct xsk_ring_prod *tx)
{
	struct xsk_socket_config cfg = {
		.rx_size = RING_SIZE,
		.tx_size = RING_SIZE,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = (zc ? XDP_ZEROCOPY : XDP_COPY) |
			      XDP_USE_NEED_WAKEUP,
	};
	struct xsk_socket *s;
	int err;

	err = xsk_socket__create(&s, dev, 0, u->umem, rx, tx, &cfg);
	if (err)
		die("%s queue 0: bind (%s): %s", dev, zc ? "zero-copy" : "copy",
		    strerror(-err));
	return s;
}

static int run_rx(const char *dev, bool zc, const char *map_path)
{
	struct xsk_ring_cons rx;
	struct xsk_socket *s;
	uint64_t received = 0, t0 = 0, t1;
	struct pollfd pfd;
	struct umem u;
	int map_fd;

	umem_create(&u, NUM_FRAMES);
	s = sock_create(dev, zc, &u, &rx, NULL);
	map_fd = bpf_obj_get(map_path);
	if (map_fd < 0)
		die("%s: %s", map_path, strerror(errno));
	if (xsk_socket__update_xskmap(s, map_fd))
		die("xskmap update");
	pfd.fd = xsk_socket__fd(s);
	pfd.events = POLLIN;
	printf("ready\n");
	fflush(stdout);

	while (!stop) {
		__u32 idx, fidx, i, n;

		n = xsk_ring_cons__peek(&rx, BATCH, &idx);
		if (!n) {
			if (xsk_ring_prod__needs_wakeup(&u.fq))
				recvfrom(pfd.fd, NULL, 0, MSG_DONTWAIT, NULL,
					 NULL);
			/*
			 * short: a wakeup the driver asks for after poll()
			 * looked (the fill ring ran dry) costs 1 ms at most
			 */
			poll(&pfd, 1, 1);
			continue;
		}
		if (!t0)
			t0 = now_ns();
		/* the fill ring holds every chunk: room for these */
		while (xsk_ring_prod__reserve(&u.fq, n, &fidx) != n)
			;
		for (i = 0; i < n; i++)
			*xsk_ring_prod__fill_addr(&u.fq, fidx + i) =
				xsk_umem__extract_addr(
					xsk_ring_cons__rx_desc(&rx, idx + i)->addr);
		xsk_ring_prod__submit(&u.fq, n);
		xsk_ring_cons__release(&rx, n);
		received += n;
		/* the queue waits for these chunks: let it refill now */
		if (xsk_ring_prod__needs_wakeup(&u.fq))
			recvfrom(pfd.fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
	}
	t1 = now_ns();
	printf("received %llu elapsed_ns %llu\n", (unsigned long long)received,
	       (unsigned long long)(t0 ? t1 - t0 : 0));
	xsk_socket__delete(s);
	xsk_umem__delete(u.umem);
	return 0;
}

static void make_frame(uint8_t *p, unsigned int len, const uint8_t *dst,
		       const uint8_t *src)
{
	struct ethhdr *eth = (void *)p;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);

	memset(p, 0, len);
	memcpy(eth->h_dest, dst, ETH_ALEN);
	memcpy(eth->h_source, src, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(len - ETH_HLEN);
	ip->saddr = htonl(0xc6120001);	/* 198.18.0.1 */
	ip->daddr = htonl(0xc6120002);	/* 198.18.0.2 */
	udp->source = htons(9);
	udp->dest = htons(9);
	udp->len = htons(len - ETH_HLEN - sizeof(*ip));
}

static int run_tx(const char *dev, bool zc, unsigned int ms, unsigned int len,
		  const char *mac)
{
	static const uint8_t src[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	uint64_t free_addr[NUM_FRAMES], t0, t1, end;
	uint64_t sent = 0, completed = 0;
	unsigned int nfree = 0, i;
	uint8_t dst[ETH_ALEN];
	struct xsk_ring_prod tx;
	struct xsk_socket *s;
	struct pollfd pfd;
	struct umem u;

	if (sscanf(mac, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &dst[0], &dst[1],
		   &dst[2], &dst[3], &dst[4], &dst[5]) != ETH_ALEN)
		die("bad MAC %s", mac);
	umem_create(&u, 0);
	s = sock_create(dev, zc, &u, NULL, &tx);
	/* every chunk holds the frame: only descriptors go round */
	for (i = 0; i < NUM_FRAMES; i++) {
		make_frame(xsk_umem__get_data(u.area, (uint64_t)i * FRAME_SIZE),
			   len, dst, src);
		free_addr[nfree++] = (uint64_t)i * FRAME_SIZE;
	}
	pfd.fd = xsk_socket__fd(s);
	pfd.events = POLLOUT;

	t0 = now_ns();
	end = t0 + ms * 1000000ULL;
	while ((t1 = now_ns()) < end) {
		__u32 idx, n;

		n = xsk_ring_cons__peek(&u.cq, RING_SIZE, &idx);
		for (i = 0; i < n; i++)
			free_addr[nfree++] = *xsk_ring_cons__comp_addr(&u.cq,
								       idx + i);
		xsk_ring_cons__release(&u.cq, n);
		completed += n;

		n = nfree < BATCH ? nfree : BATCH;
		if (n)
			n = xsk_ring_prod__reserve(&tx, n, &idx);
		for (i = 0; i < n; i++) {
			struct xdp_desc *d = xsk_ring_prod__tx_desc(&tx, idx + i);

			d->addr = free_addr[--nfree];
			d->len = len;
			d->options = 0;
		}
		if (n) {
			xsk_ring_prod__submit(&tx, n);
			sent += n;
		}
		if (xsk_ring_prod__needs_wakeup(&tx))
			sendto(pfd.fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
		if (!n)
			poll(&pfd, 1, 1);
	}
	printf("sent %llu completed %llu elapsed_ns %llu\n",
	       (unsigned long long)sent, (unsigned long long)completed,
	       (unsigned long long)(t1 - t0));
	xsk_socket__delete(s);
	xsk_umem__delete(u.umem);
	return 0;
}

int main(int argc, char **argv)
{
	bool zc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 4)
		goto usage;
	if (!strcmp(argv[3], "zc"))
		zc = true;
	else if (!strcmp(argv[3], "copy"))
		zc = false;
	else
		goto usage;
	if (!if_nametoindex(argv[2]))
		die("no device %s", argv[2]);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	if (!strcmp(argv[1], "rx") && argc == 5)
		return run_rx(argv[2], zc, argv[4]);
	if (!strcmp(argv[1], "tx") && argc == 7) {
		unsigned int len = atoi(argv[5]);

		if (len < 60 || len > FRAME_SIZE)
			die("LEN out of range");
		return run_tx(argv[2], zc, atoi(argv[4]), len, argv[6]);
	}
usage:
	fprintf(stderr, "usage: xsk_bench rx DEV zc|copy XSKMAP\n"
			"       xsk_bench tx DEV zc|copy MS LEN DST_MAC\n");
	return 2;
}
