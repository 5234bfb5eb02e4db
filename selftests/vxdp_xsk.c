// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp_xsk: AF_XDP traffic between the two ends of a pair with libxdp's
 * xsk API, every byte checked.
 *
 *   vxdp_xsk --tx DEV --rx DEV [--queue Q]... [--mode zc|copy]
 *            [--frames N] [--len L] [--poll] [--unaligned]
 *            [--headroom H] [--fill K] [--rx-hold] [--invalid M]
 *
 * For each queue Q (default 0) a socket on DEV --tx queue Q sends N frames
 * (IPv4/UDP to port 5000 + Q, a sequence number and a pattern filling L
 * bytes) and a socket on DEV --rx queue Q receives them through an XSKMAP
 * program (progs/xsk_redirect.bpf.o, attached in native mode). Every frame
 * must arrive once, in order, byte for byte. At most RING_SIZE / 2 frames
 * are in flight.
 *
 *   --poll       wait with poll() (POLLOUT/POLLIN) instead of spinning
 *   --fill K     give the rx fill ring K chunks only and never return any:
 *                the rest must find no buffer (counted by the device)
 *   --rx-hold    never consume the rx ring: it fills and the kernel counts
 *                the rest as rx_ring_full
 *   --invalid M  also submit M tx descriptors pointing outside the UMEM
 *   --hold       after the run (and its output), keep the sockets bound
 *                until SIGTERM
 *   --lossy      until SIGTERM (or N frames), no window: frames may be lost
 *                (the test counts them at the device); each one received
 *                must still be intact and later than the one before
 *
 * Prints "queue Q sent S completed C received R bytes B invalid_completed I"
 * (I: invalid descriptors the kernel returned through the completion ring,
 * as 6.12 does and 6.1 does not) and the XDP_STATISTICS of each socket
 * ("rx_stat Q name value", "tx_stat Q name value"); exits 1 on any
 * mismatch, with the reason on stderr.
 */
#include <errno.h>
#include <getopt.h>
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
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/xsk.h>

#define NUM_FRAMES	4096
#define FRAME_SIZE	XSK_UMEM__DEFAULT_FRAME_SIZE
#define RING_SIZE	2048
#define BATCH		64
#define MAX_QUEUES	8
#define STALL_SECS	20
#define WINDOW		(RING_SIZE / 2)

struct umem {
	struct xsk_umem *umem;
	struct xsk_ring_prod fq;
	struct xsk_ring_cons cq;
	void *area;
	size_t size;
};

struct queue {
	int qid;
	struct umem tu, ru;		/* tx and rx side UMEMs */
	struct xsk_socket *txs, *rxs;
	struct xsk_ring_prod tx;
	struct xsk_ring_cons rx;
	uint64_t free_tx[NUM_FRAMES];	/* tx chunk addresses not in flight */
	unsigned int nfree_tx;
	uint64_t sent, completed, received, invalid_sent, invalid_completed;
	uint64_t next_seq;		/* --lossy: lowest sequence number due */
	uint64_t bytes;
};

static struct {
	const char *tx_dev, *rx_dev;
	bool zc, poll, unaligned, rx_hold, lossy, hold;
	unsigned int headroom, len, fill, invalid;
	uint64_t frames;
	uint8_t tx_mac[ETH_ALEN], rx_mac[ETH_ALEN];
} opt = { .zc = true, .len = 64, .frames = 100000 };

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "vxdp_xsk: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void get_mac(const char *dev, uint8_t *mac)
{
	char path[128];
	unsigned int m[ETH_ALEN];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "/sys/class/net/%s/address", dev);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3],
			 &m[4], &m[5]) != ETH_ALEN)
		die("%s: no MAC address", dev);
	fclose(f);
	for (i = 0; i < ETH_ALEN; i++)
		mac[i] = m[i];
}

/* The frame of sequence number @seq for queue @qid, @len bytes. */
static void make_frame(uint8_t *p, unsigned int len, int qid, uint64_t seq)
{
	struct ethhdr *eth = (void *)p;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	uint8_t *pl = (uint8_t *)(udp + 1);
	unsigned int i, hl = pl - p;

	memcpy(eth->h_dest, opt.rx_mac, ETH_ALEN);
	memcpy(eth->h_source, opt.tx_mac, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(len - sizeof(*eth));
	ip->saddr = htonl(0x0a000001);
	ip->daddr = htonl(0x0a000002);
	udp->source = htons(4000);
	udp->dest = htons(5000 + qid);
	udp->len = htons(len - sizeof(*eth) - sizeof(*ip));
	udp->check = 0;
	memcpy(pl, &seq, sizeof(seq));
	for (i = hl + sizeof(seq); i < len; i++)
		p[i] = (uint8_t)(seq * 31 + i);
}

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	stop = 1;
}

static void check_frame(struct queue *q, const uint8_t *p, unsigned int len)
{
	uint8_t want[FRAME_SIZE];
	uint64_t seq = q->received;

	if (opt.lossy) {
		memcpy(&seq, p + sizeof(struct ethhdr) + sizeof(struct iphdr) +
		       sizeof(struct udphdr), sizeof(seq));
		if (seq < q->next_seq || seq >= q->sent)
			die("queue %d: frame %llu after %llu (%llu sent)",
			    q->qid, (unsigned long long)seq,
			    (unsigned long long)q->next_seq,
			    (unsigned long long)q->sent);
		q->next_seq = seq + 1;
	}

	if (len != opt.len)
		die("queue %d frame %llu: %u bytes, want %u", q->qid,
		    (unsigned long long)seq, len, opt.len);
	make_frame(want, len, q->qid, seq);
	if (memcmp(p, want, len)) {
		uint64_t got;

		memcpy(&got, p + sizeof(struct ethhdr) + sizeof(struct iphdr) +
		       sizeof(struct udphdr), sizeof(got));
		die("queue %d frame %llu: bytes differ (its sequence number %llu)",
		    q->qid, (unsigned long long)seq, (unsigned long long)got);
	}
}

static void umem_create(struct umem *u, unsigned int fill)
{
	struct xsk_umem_config cfg = {
		.fill_size = RING_SIZE,
		.comp_size = RING_SIZE,
		/* unaligned: 2 KiB chunks at 1 KiB into each page */
		.frame_size = opt.unaligned ? FRAME_SIZE / 2 : FRAME_SIZE,
		.frame_headroom = opt.headroom,
		.flags = opt.unaligned ? XDP_UMEM_UNALIGNED_CHUNK_FLAG : 0,
	};
	unsigned int i;
	uint32_t idx;
	int err;

	u->size = (size_t)NUM_FRAMES * FRAME_SIZE;
	u->area = mmap(NULL, u->size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (u->area == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	err = xsk_umem__create(&u->umem, u->area, u->size, &u->fq, &u->cq,
			       &cfg);
	if (err)
		die("xsk_umem__create: %s", strerror(-err));
	if (!fill)
		return;
	if (xsk_ring_prod__reserve(&u->fq, fill, &idx) != fill)
		die("fill ring: no room for %u", fill);
	/* the upper half of the UMEM: the lower half is for tx */
	for (i = 0; i < fill; i++)
		*xsk_ring_prod__fill_addr(&u->fq, idx + i) =
			(uint64_t)(NUM_FRAMES / 2 + i) * FRAME_SIZE +
			(opt.unaligned ? FRAME_SIZE / 4 : 0);
	xsk_ring_prod__submit(&u->fq, fill);
}

static struct xsk_socket *sock_create(const char *dev, int qid,
				      struct umem *u, struct xsk_ring_cons *rx,
				      struct xsk_ring_prod *tx)
{
	struct xsk_socket_config cfg = {
		.rx_size = RING_SIZE,
		.tx_size = RING_SIZE,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = (opt.zc ? XDP_ZEROCOPY : XDP_COPY) |
			      XDP_USE_NEED_WAKEUP,
	};
	struct xsk_socket *s;
	int err;

	if (opt.rx_hold && rx)
		cfg.rx_size = 64;
	err = xsk_socket__create(&s, dev, qid, u->umem, rx, tx, &cfg);
	if (err)
		die("%s queue %d: bind (%s): %s", dev, qid,
		    opt.zc ? "zero-copy" : "copy", strerror(-err));
	return s;
}

static void kick(struct xsk_socket *s, bool rx)
{
	if (rx)
		recvfrom(xsk_socket__fd(s), NULL, 0, MSG_DONTWAIT, NULL, NULL);
	else
		sendto(xsk_socket__fd(s), NULL, 0, MSG_DONTWAIT, NULL, 0);
}

/* Send what fits of the remaining frames; returns frames queued. */
static unsigned int do_tx(struct queue *q)
{
	unsigned int n, i, bad = 0;
	uint32_t idx;

	n = q->nfree_tx < BATCH ? q->nfree_tx : BATCH;
	if (n > opt.frames - q->sent)
		n = opt.frames - q->sent;
	/*
	 * A window, as a reliable sender keeps: the receiving ring drops what
	 * finds no buffer (a NIC would), so never have more frames in flight
	 * than the receiver's fill ring gave it. Not with --fill or --rx-hold,
	 * which are about those drops.
	 */
	if (!opt.fill && !opt.rx_hold && !opt.lossy) {
		uint64_t inflight = q->sent - q->received;

		if (inflight >= WINDOW)
			return 0;
		if (n > WINDOW - inflight)
			n = WINDOW - inflight;
	}
	if (q->invalid_sent < opt.invalid && n)
		bad = 1;
	if (!n || xsk_ring_prod__reserve(&q->tx, n + bad, &idx) != n + bad)
		return 0;
	for (i = 0; i < n; i++) {
		struct xdp_desc *d = xsk_ring_prod__tx_desc(&q->tx, idx + i);
		uint64_t addr = q->free_tx[--q->nfree_tx];

		make_frame(xsk_umem__get_data(q->tu.area,
					      addr + opt.headroom),
			   opt.len, q->qid, q->sent + i);
		d->addr = addr + opt.headroom;
		d->len = opt.len;
		d->options = 0;
	}
	if (bad) {
		struct xdp_desc *d = xsk_ring_prod__tx_desc(&q->tx, idx + n);

		d->addr = q->tu.size + FRAME_SIZE;	/* outside the UMEM */
		d->len = opt.len;
		d->options = 0;
		q->invalid_sent++;
	}
	xsk_ring_prod__submit(&q->tx, n + bad);
	q->sent += n;
	if (xsk_ring_prod__needs_wakeup(&q->tx))
		kick(q->txs, false);
	return n;
}

static unsigned int do_complete(struct queue *q)
{
	unsigned int n, i;
	uint32_t idx;

	n = xsk_ring_cons__peek(&q->tu.cq, RING_SIZE, &idx);
	for (i = 0; i < n; i++) {
		uint64_t addr = *xsk_ring_cons__comp_addr(&q->tu.cq, idx + i);

		if (addr == q->tu.size + FRAME_SIZE) {
			/* newer kernels complete invalid descriptors too */
			q->invalid_completed++;
			continue;
		}
		if (addr - opt.headroom >= (uint64_t)NUM_FRAMES / 2 * FRAME_SIZE ||
		    (addr - opt.headroom) % FRAME_SIZE)
			die("queue %d: completion of address %#llx, never sent",
			    q->qid, (unsigned long long)addr);
		q->free_tx[q->nfree_tx++] = addr - opt.headroom;
		q->completed++;
	}
	xsk_ring_cons__release(&q->tu.cq, n);
	/* copy mode sends from sendto(): kick until all are out */
	if (q->completed < q->sent && xsk_ring_prod__needs_wakeup(&q->tx))
		kick(q->txs, false);
	return n;
}

static unsigned int do_rx(struct queue *q)
{
	unsigned int n, i;
	uint32_t idx, fidx;

	if (opt.rx_hold)
		return 0;
	n = xsk_ring_cons__peek(&q->rx, BATCH, &idx);
	if (!n) {
		if (xsk_ring_prod__needs_wakeup(&q->ru.fq))
			kick(q->rxs, true);
		return 0;
	}
	for (i = 0; i < n; i++) {
		const struct xdp_desc *d = xsk_ring_cons__rx_desc(&q->rx,
								  idx + i);

		check_frame(q, xsk_umem__get_data(q->ru.area,
				xsk_umem__add_offset_to_addr(d->addr)), d->len);
		q->received++;
		q->bytes += d->len;
	}
	/* give the chunks back (unless --fill keeps the ring short) */
	if (!opt.fill) {
		if (xsk_ring_prod__reserve(&q->ru.fq, n, &fidx) != n)
			die("queue %d: fill ring full", q->qid);
		for (i = 0; i < n; i++) {
			uint64_t a = xsk_ring_cons__rx_desc(&q->rx,
							    idx + i)->addr;

			/* back to where the chunk started */
			*xsk_ring_prod__fill_addr(&q->ru.fq, fidx + i) =
				opt.unaligned ? xsk_umem__extract_addr(a) :
				a & ~(uint64_t)(FRAME_SIZE - 1);
		}
		xsk_ring_prod__submit(&q->ru.fq, n);
	}
	xsk_ring_cons__release(&q->rx, n);
	return n;
}

static void print_stats(const char *side, struct queue *q,
			struct xsk_socket *s)
{
	struct xdp_statistics st;
	socklen_t len = sizeof(st);

	if (getsockopt(xsk_socket__fd(s), SOL_XDP, XDP_STATISTICS, &st, &len))
		die("XDP_STATISTICS: %s", strerror(errno));
	printf("%s_stat %d rx_dropped %llu\n", side, q->qid,
	       (unsigned long long)st.rx_dropped);
	printf("%s_stat %d rx_invalid_descs %llu\n", side, q->qid,
	       (unsigned long long)st.rx_invalid_descs);
	printf("%s_stat %d tx_invalid_descs %llu\n", side, q->qid,
	       (unsigned long long)st.tx_invalid_descs);
	printf("%s_stat %d rx_ring_full %llu\n", side, q->qid,
	       (unsigned long long)st.rx_ring_full);
	printf("%s_stat %d rx_fill_ring_empty_descs %llu\n", side, q->qid,
	       (unsigned long long)st.rx_fill_ring_empty_descs);
}

static int attach_prog(int ifindex, struct bpf_object **objp)
{
	char path[4096];
	struct bpf_program *prog;
	struct bpf_object *obj;
	ssize_t n;
	char *dir;

	n = readlink("/proc/self/exe", path, sizeof(path) - 64);
	if (n < 0)
		die("readlink: %s", strerror(errno));
	path[n] = 0;
	dir = strrchr(path, '/');
	strcpy(dir, "/progs/xsk_redirect.bpf.o");
	obj = bpf_object__open_file(path, NULL);
	if (!obj || bpf_object__load(obj))
		die("%s: cannot load", path);
	prog = bpf_object__find_program_by_name(obj, "xsk_redirect");
	if (!prog || bpf_xdp_attach(ifindex, bpf_program__fd(prog),
				    XDP_FLAGS_DRV_MODE, NULL))
		die("attach xsk_redirect: %s", strerror(errno));
	*objp = obj;
	return bpf_object__find_map_fd_by_name(obj, "xsks");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "tx", required_argument, NULL, 't' },
		{ "rx", required_argument, NULL, 'r' },
		{ "queue", required_argument, NULL, 'q' },
		{ "mode", required_argument, NULL, 'm' },
		{ "frames", required_argument, NULL, 'n' },
		{ "len", required_argument, NULL, 'l' },
		{ "poll", no_argument, NULL, 'p' },
		{ "unaligned", no_argument, NULL, 'u' },
		{ "headroom", required_argument, NULL, 'h' },
		{ "fill", required_argument, NULL, 'f' },
		{ "rx-hold", no_argument, NULL, 'H' },
		{ "invalid", required_argument, NULL, 'i' },
		{ "lossy", no_argument, NULL, 'L' },
		{ "hold", no_argument, NULL, 'K' },
		{}
	};
	static struct queue qs[MAX_QUEUES];
	unsigned int nq = 0, i;
	struct bpf_object *obj;
	double last;
	int c, map_fd, rx_ifindex;
	bool busy;

	while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		switch (c) {
		case 't': opt.tx_dev = optarg; break;
		case 'r': opt.rx_dev = optarg; break;
		case 'q':
			if (nq == MAX_QUEUES)
				die("too many queues");
			qs[nq++].qid = atoi(optarg);
			break;
		case 'm':
			if (strcmp(optarg, "zc") && strcmp(optarg, "copy"))
				die("--mode zc|copy");
			opt.zc = !strcmp(optarg, "zc");
			break;
		case 'n': opt.frames = strtoull(optarg, NULL, 0); break;
		case 'l': opt.len = atoi(optarg); break;
		case 'p': opt.poll = true; break;
		case 'u': opt.unaligned = true; break;
		case 'h': opt.headroom = atoi(optarg); break;
		case 'f': opt.fill = atoi(optarg); break;
		case 'H': opt.rx_hold = true; break;
		case 'i': opt.invalid = atoi(optarg); break;
		case 'L': opt.lossy = true; break;
		case 'K': opt.hold = true; break;
		default: die("bad option");
		}
	}
	if (!opt.tx_dev || !opt.rx_dev)
		die("--tx DEV --rx DEV needed");
	if (opt.len < 60 || opt.len > FRAME_SIZE - 256 - opt.headroom)
		die("--len out of range");
	if (!nq)
		qs[nq++].qid = 0;
	signal(SIGTERM, on_term);
	get_mac(opt.tx_dev, opt.tx_mac);
	get_mac(opt.rx_dev, opt.rx_mac);

	rx_ifindex = if_nametoindex(opt.rx_dev);
	if (!rx_ifindex)
		die("%s: no such device", opt.rx_dev);
	map_fd = attach_prog(rx_ifindex, &obj);

	for (i = 0; i < nq; i++) {
		struct queue *q = &qs[i];
		unsigned int k;

		umem_create(&q->tu, 0);
		umem_create(&q->ru, opt.fill ? opt.fill : RING_SIZE);
		q->txs = sock_create(opt.tx_dev, q->qid, &q->tu, NULL, &q->tx);
		q->rxs = sock_create(opt.rx_dev, q->qid, &q->ru, &q->rx, NULL);
		if (xsk_socket__update_xskmap(q->rxs, map_fd))
			die("xskmap update: %s", strerror(errno));
		for (k = 0; k < NUM_FRAMES / 2; k++)
			q->free_tx[q->nfree_tx++] = (uint64_t)k * FRAME_SIZE;
	}

	last = now();
	do {
		struct pollfd pfd[2 * MAX_QUEUES];
		unsigned int np = 0;

		busy = false;
		for (i = 0; i < nq; i++) {
			struct queue *q = &qs[i];

			if (do_complete(q) | do_tx(q) | do_rx(q))
				last = now();
			if (q->completed < q->sent || q->sent < opt.frames)
				busy = true;
			if (!opt.fill && !opt.rx_hold && !opt.lossy &&
			    q->received < opt.frames)
				busy = true;
			if (stop)
				busy = false;
			if (opt.poll) {
				pfd[np].fd = xsk_socket__fd(q->txs);
				pfd[np++].events = POLLOUT;
				pfd[np].fd = xsk_socket__fd(q->rxs);
				pfd[np++].events = POLLIN;
			}
		}
		if (busy && opt.poll)
			poll(pfd, np, 100);
		if (busy && now() - last > STALL_SECS)
			break;
	} while (busy);

	/* what is still on its way arrives within a moment */
	if (opt.fill || opt.rx_hold)
		usleep(200000);
	if (opt.lossy) {
		/* drain: until nothing came for 2 s */
		last = now();
		while (now() - last < 2) {
			for (i = 0; i < nq; i++) {
				do_complete(&qs[i]);
				if (do_rx(&qs[i]))
					last = now();
			}
			usleep(1000);
		}
	}
	for (i = 0; i < nq; i++) {
		struct queue *q = &qs[i];

		do_rx(q);
		printf("queue %d sent %llu completed %llu received %llu bytes %llu invalid_completed %llu\n",
		       q->qid, (unsigned long long)q->sent,
		       (unsigned long long)q->completed,
		       (unsigned long long)q->received,
		       (unsigned long long)q->bytes,
		       (unsigned long long)q->invalid_completed);
		print_stats("tx", q, q->txs);
		print_stats("rx", q, q->rxs);
	}
	fflush(stdout);
	while (opt.hold && !stop)
		pause();

	for (i = 0; i < nq; i++) {
		struct queue *q = &qs[i];

		if ((!stop && q->sent != opt.frames) || q->completed != q->sent)
			die("queue %d: sent %llu of %llu, %llu completed",
			    q->qid, (unsigned long long)q->sent,
			    (unsigned long long)opt.frames,
			    (unsigned long long)q->completed);
		if (!opt.fill && !opt.rx_hold && !opt.lossy &&
		    q->received != opt.frames)
			die("queue %d: received %llu of %llu", q->qid,
			    (unsigned long long)q->received,
			    (unsigned long long)opt.frames);
		xsk_socket__delete(q->txs);
		xsk_socket__delete(q->rxs);
		xsk_umem__delete(q->tu.umem);
		xsk_umem__delete(q->ru.umem);
	}
	bpf_xdp_detach(rx_ifindex, XDP_FLAGS_DRV_MODE, NULL);
	bpf_object__close(obj);
	return 0;
}
