// SPDX-License-Identifier: GPL-2.0
/*
 * afp_tx: send COUNT copies of an IPv4/UDP frame out of IFNAME through an
 * AF_PACKET TX_RING with PACKET_QDISC_BYPASS, as fast as the device takes
 * them. Unlike pktgen, every frame is its own fresh skb (never shared), so
 * it may feed a veth running a generic XDP program.
 *
 *   afp_tx IFNAME COUNT LEN DST_MAC    prints "sent N elapsed_ns T"
 *   afp_tx --dump LEN FILE             writes the frame (for test runs)
 *   afp_tx --server                    reads commands, one a line, and
 *                                      answers each with one line:
 *     send IFNAME COUNT LEN DST_MAC    -> "sent N elapsed_ns T"
 *     sendfor IFNAME MS LEN DST_MAC    -> the same, sending for MS ms
 *     testrun PINNED_PROG FILE REPEAT  -> "testrun retval R runs N duration_ns T"
 *     testrunfor PINNED_PROG FILE MS   -> the same, test runs for MS ms
 *                                         (BPF_PROG_TEST_RUN on FILE's
 *                                         bytes; T = time in the program
 *                                         runs as the kernel measured it)
 *   Errors answer "error ...". The server saves an exec per run (costly
 *   under TCG); the bench pins it to the CPU it measures on.
 *
 * LEN is the frame length without FCS. The frame is the template of the
 * vxdp built-in rx source: 198.18.0.1:9 -> 198.18.0.2:9, from IFNAME's
 * address to DST_MAC. A frame the device refuses (ENOBUFS: the peer's
 * queue is full) stays in the ring and is sent again, so all COUNT frames
 * leave; the receiver's counters say how many it processed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define FRAME_SIZE	2048
#define FRAME_NR	256
#define BLOCK_SIZE	4096
#define MAX_LEN		(FRAME_SIZE - TPACKET_ALIGN(sizeof(struct tpacket2_hdr)))

static char errbuf[256];

/* record an error for the caller to report; returns -1 */
static int fail(const char *what)
{
	snprintf(errbuf, sizeof(errbuf), "%s: %s", what, strerror(errno));
	return -1;
}

static int fail_msg(const char *msg)
{
	snprintf(errbuf, sizeof(errbuf), "%s", msg);
	return -1;
}

static uint16_t csum(const void *p, size_t len)
{
	const uint16_t *w = p;
	uint32_t sum = 0;

	for (; len > 1; len -= 2)
		sum += *w++;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

static void build_frame(uint8_t *f, unsigned int len, const uint8_t *dst,
			const uint8_t *src)
{
	struct ether_header *eth = (struct ether_header *)f;
	struct iphdr *iph = (struct iphdr *)(eth + 1);
	struct udphdr *udph = (struct udphdr *)(iph + 1);

	memset(f, 0, len);
	memcpy(eth->ether_dhost, dst, ETH_ALEN);
	memcpy(eth->ether_shost, src, ETH_ALEN);
	eth->ether_type = htons(ETHERTYPE_IP);
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->tot_len = htons(len - ETH_HLEN);
	iph->saddr = htonl(0xc6120001);
	iph->daddr = htonl(0xc6120002);
	iph->check = csum(iph, sizeof(*iph));
	udph->source = htons(9);
	udph->dest = htons(9);
	udph->len = htons(len - ETH_HLEN - sizeof(*iph));
}

static int parse_len(const char *s, unsigned int *len)
{
	unsigned long v = strtoul(s, NULL, 0);

	if (v < ETH_ZLEN || v > MAX_LEN) {
		snprintf(errbuf, sizeof(errbuf), "LEN must be %d..%zu", ETH_ZLEN,
			 (size_t)MAX_LEN);
		return -1;
	}
	*len = v;
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int dump(const char *lenstr, const char *file)
{
	static const uint8_t dst[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };
	static const uint8_t src[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	uint8_t f[MAX_LEN];
	unsigned int len;
	FILE *out;

	if (parse_len(lenstr, &len))
		return -1;
	build_frame(f, len, dst, src);
	out = fopen(file, "w");
	if (!out)
		return fail(file);
	if (fwrite(f, 1, len, out) != len) {
		fclose(out);
		return fail(file);
	}
	if (fclose(out))
		return fail(file);
	return 0;
}

/*
 * Send COUNT frames of LEN bytes to MAC out of IFNAME, or (COUNT 0) as many
 * as fit in MAX_NS. 0 or -1 (errbuf).
 */
static int send_frames(const char *ifname, uint64_t count, uint64_t max_ns,
		       const char *lenstr, const char *macstr,
		       uint64_t *sent, uint64_t *elapsed)
{
	struct tpacket_req req = {
		.tp_block_size = BLOCK_SIZE,
		.tp_block_nr = FRAME_NR * FRAME_SIZE / BLOCK_SIZE,
		.tp_frame_size = FRAME_SIZE,
		.tp_frame_nr = FRAME_NR,
	};
	const size_t off = TPACKET_ALIGN(sizeof(struct tpacket2_hdr));
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	unsigned int len, idx = 0, i, pending;
	int fd, one = 1, ver = TPACKET_V2, ret = -1;
	uint8_t dst[ETH_ALEN], src[ETH_ALEN];
	uint8_t *ring = MAP_FAILED;
	uint64_t queued = 0, t0;
	struct ifreq ifr = {};

	if (!count)
		count = UINT64_MAX;
	if (parse_len(lenstr, &len))
		return -1;
	if (sscanf(macstr, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &dst[0], &dst[1],
		   &dst[2], &dst[3], &dst[4], &dst[5]) != 6)
		return fail_msg("bad DST_MAC");
	if (strlen(ifname) >= IFNAMSIZ)
		return fail_msg("bad IFNAME");

	/* protocol 0: a transmit-only socket, it receives nothing */
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0)
		return fail("socket");
	strcpy(ifr.ifr_name, ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr)) {
		fail("SIOCGIFHWADDR");
		goto out;
	}
	memcpy(src, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex) {
		fail("if_nametoindex");
		goto out;
	}
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &ver, sizeof(ver))) {
		fail("PACKET_VERSION");
		goto out;
	}
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one))) {
		fail("PACKET_QDISC_BYPASS");
		goto out;
	}
	if (setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req))) {
		fail("PACKET_TX_RING");
		goto out;
	}
	ring = mmap(NULL, (size_t)FRAME_NR * FRAME_SIZE, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_POPULATE, fd, 0);
	if (ring == MAP_FAILED) {
		fail("mmap");
		goto out;
	}
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		fail("bind");
		goto out;
	}

	/* every slot holds the frame once and for all */
	for (i = 0; i < FRAME_NR; i++)
		build_frame(ring + (size_t)i * FRAME_SIZE + off, len, dst, src);

	t0 = now_ns();
	for (;;) {
		/* hand every free slot to the kernel, up to COUNT in all */
		while (queued < count) {
			struct tpacket2_hdr *h = (void *)(ring + (size_t)idx * FRAME_SIZE);

			if (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) !=
			    TP_STATUS_AVAILABLE)
				break;
			h->tp_len = len;
			__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
					 __ATOMIC_RELEASE);
			idx = (idx + 1) % FRAME_NR;
			queued++;
		}
		/*
		 * Blocking: returns once the ring's frames have left. A frame
		 * the device refused (ENOBUFS) is left in the ring for the
		 * next call.
		 */
		if (send(fd, NULL, 0, 0) < 0 && errno != ENOBUFS &&
		    errno != EAGAIN && errno != EINTR) {
			fail("send");
			goto out;
		}

		pending = 0;
		for (i = 0; i < FRAME_NR; i++) {
			struct tpacket2_hdr *h = (void *)(ring + (size_t)i * FRAME_SIZE);
			unsigned int st = __atomic_load_n(&h->tp_status,
							  __ATOMIC_ACQUIRE);

			if (st == TP_STATUS_WRONG_FORMAT) {
				fail_msg("frame refused (wrong format)");
				goto out;
			}
			pending += st != TP_STATUS_AVAILABLE;
		}
		if (queued == count && !pending)
			break;
		/* time is up: send no more, let the ring drain */
		if (max_ns && queued < count && now_ns() - t0 >= max_ns)
			count = queued;
	}
	*elapsed = now_ns() - t0;
	*sent = queued;
	ret = 0;
out:
	if (ring != MAP_FAILED)
		munmap(ring, (size_t)FRAME_NR * FRAME_SIZE);
	close(fd);
	return ret;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/*
 * BPF_PROG_TEST_RUN of a pinned program on FILE's bytes: REPEAT runs, or
 * (REPEAT 0) runs for MAX_NS of wall time, in calls of about 20 ms each.
 * RUNS and DURATION (ns in the program runs, as the kernel measured them).
 */
static int testrun(const char *pin, const char *file, uint64_t repeat,
		   uint64_t max_ns, unsigned int *retval, uint64_t *runs,
		   uint64_t *duration)
{
	static uint8_t data[MAX_LEN];
	uint64_t t0 = now_ns(), t, r;
	union bpf_attr attr;
	int prog_fd, fd, ret = -1;
	ssize_t n;

	fd = open(file, O_RDONLY);
	if (fd < 0)
		return fail(file);
	n = read(fd, data, sizeof(data));
	close(fd);
	if (n <= 0)
		return fail_msg("empty data file");

	memset(&attr, 0, sizeof(attr));
	attr.pathname = (uintptr_t)pin;
	prog_fd = sys_bpf(BPF_OBJ_GET, &attr);
	if (prog_fd < 0)
		return fail(pin);

	*runs = 0;
	*duration = 0;
	r = repeat ? repeat : 1000;
	for (;;) {
		if (r > UINT32_MAX)
			r = UINT32_MAX;
		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = prog_fd;
		attr.test.data_in = (uintptr_t)data;
		attr.test.data_size_in = n;
		attr.test.repeat = r;
		t = now_ns();
		if (sys_bpf(BPF_PROG_TEST_RUN, &attr)) {
			fail("BPF_PROG_TEST_RUN");
			goto out;
		}
		t = now_ns() - t;
		*retval = attr.test.retval;
		*runs += r;
		*duration += (uint64_t)attr.test.duration * r;	/* average */
		if (repeat || now_ns() - t0 >= max_ns)
			break;
		/* next call: about 20 ms */
		r = t ? r * 20000000 / t : r * 10;
		if (r < 1000)
			r = 1000;
	}
	ret = 0;
out:
	close(prog_fd);
	return ret;
}

static int server(void)
{
	char line[512], *arg[6];
	uint64_t elapsed, sent, runs, duration, v;
	unsigned int retval = 0;
	int n, err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		char *save = NULL, *tok = strtok_r(line, " \t\n", &save);

		for (n = 0; tok && n < 6; n++) {
			arg[n] = tok;
			tok = strtok_r(NULL, " \t\n", &save);
		}
		if (n == 5 && (!strcmp(arg[0], "send") ||
			       !strcmp(arg[0], "sendfor"))) {
			v = strtoull(arg[2], NULL, 0);
			if (!v)
				err = fail_msg("COUNT/MS must be > 0");
			else if (arg[0][4])	/* sendfor */
				err = send_frames(arg[1], 0, v * 1000000, arg[3],
						  arg[4], &sent, &elapsed);
			else
				err = send_frames(arg[1], v, 0, arg[3], arg[4],
						  &sent, &elapsed);
			if (err)
				printf("error %s\n", errbuf);
			else
				printf("sent %llu elapsed_ns %llu\n",
				       (unsigned long long)sent,
				       (unsigned long long)elapsed);
		} else if (n == 4 && (!strcmp(arg[0], "testrun") ||
				      !strcmp(arg[0], "testrunfor"))) {
			v = strtoull(arg[3], NULL, 0);
			if (!v)
				err = fail_msg("REPEAT/MS must be > 0");
			else if (arg[0][7])	/* testrunfor */
				err = testrun(arg[1], arg[2], 0, v * 1000000,
					      &retval, &runs, &duration);
			else
				err = testrun(arg[1], arg[2], v, 0, &retval,
					      &runs, &duration);
			if (err)
				printf("error %s\n", errbuf);
			else
				printf("testrun retval %u runs %llu duration_ns %llu\n",
				       retval, (unsigned long long)runs,
				       (unsigned long long)duration);
		} else {
			printf("error bad command\n");
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t elapsed, sent, count;

	if (argc == 2 && !strcmp(argv[1], "--server"))
		return server();
	if (argc == 4 && !strcmp(argv[1], "--dump")) {
		if (dump(argv[2], argv[3])) {
			fprintf(stderr, "afp_tx: %s\n", errbuf);
			return 1;
		}
		return 0;
	}
	count = argc == 5 ? strtoull(argv[2], NULL, 0) : 0;
	if (argc != 5 || !count) {
		fprintf(stderr, "usage: afp_tx IFNAME COUNT LEN DST_MAC\n"
				"       afp_tx --dump LEN FILE\n"
				"       afp_tx --server\n");
		return 2;
	}
	if (send_frames(argv[1], count, 0, argv[3], argv[4], &sent, &elapsed)) {
		fprintf(stderr, "afp_tx: %s\n", errbuf);
		return 1;
	}
	printf("sent %llu elapsed_ns %llu\n", (unsigned long long)sent,
	       (unsigned long long)elapsed);
	return 0;
}
