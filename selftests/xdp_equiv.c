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
 *   xdp_equiv compare --offload --obj P.off.o [same options]
 *	The same with the program's offload variant (-DCORPUS_OFFLOAD: its
 *	counters in an offloaded array): native (the object loaded for the
 *	host), then offload (loaded for the DUT, attached in HW mode), and
 *	the offload rules (EQUIVALENCE.md, "Offload vs native").
 *   xdp_equiv offload-refused --obj P.off.o --refused MSG
 *	Loading the program for offload to the DUT fails and the verifier
 *	log says MSG.
 *   --jumbo N (compare, inject, gen): the packet set also has frames of
 *	3500 to N bytes (multi-buffer at MTU 9000: N at most 9000).
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
 *
 * The source, by concern: this file (options, main, the small commands),
 * equiv_gen.c (the packet set), equiv_observe.c (observers, records,
 * counters), equiv_run.c (one run), equiv_compare.c (compare and its
 * rules), equiv.h (what they share).
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "equiv.h"

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

/* the names of the CNT_* counters (equiv.h) */
const char *const cnt_names[CNT_NR] = {
	"seen", "bytes", "max_len", "aborted", "drop", "pass", "tx",
	"redirect", "other", "aux0", "aux1", "aux2", "aux3",
};

int verbose;

void msg(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

void __attribute__((noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	fputs("# xdp_equiv: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	exit(2);
}

/* ------------------------------------------------------------------ */
/* Options */

struct env env = {
	.dut = "vx1", .peer = "vx0", .tgt = "vx2", .tgt_obs = "vx3",
	.tgt6 = "ve0", .tgt6_obs = "ve1",
	.udp_addr = "10.99.1.1", .udp_port = 7777, .cpu_target = 1,
	.count = 1500, .seed = 1, .gso = 5, .timeout = 20,
};

int ifindex_of(const char *dev)
{
	int idx = if_nametoindex(dev);

	if (!idx)
		die("no device %s", dev);
	return idx;
}

void dev_mac(const char *dev, uint8_t mac[6])
{
	struct ifreq ifr = {};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &ifr))
		die("SIOCGIFHWADDR %s: %s", dev, strerror(errno));
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	close(fd);
}

/* the running kernel is @maj.@min or newer */
bool kernel_at_least(int maj, int min)
{
	struct utsname u;
	int a = 0, b = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &a, &b) != 2)
		die("uname");
	return a > maj || (a == maj && b >= min);
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
	load_obj(env.obj, &l, 0);
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

/*
 * offload-refused: loading the object for offload to the DUT fails, and
 * the verifier's log has --refused's message.
 */
static int cmd_offload_refused(void)
{
	static char log[1 << 20];
	struct loaded l;
	const char *m, *eol;
	int err;

	if (!env.obj || !env.refused)
		die("offload-refused: --obj --refused MSG");
	err = load_obj_offload(env.obj, &l, log, sizeof(log));
	if (!err) {
		bpf_object__close(l.obj);
		msg("%s: loaded for offload, expected refused: %s", env.obj,
		    env.refused);
		return 1;
	}
	m = strstr(log, env.refused);
	if (!m) {
		size_t n = strlen(log);

		msg("%s: refused (%s) without \"%s\"; the log ends:\n%s",
		    env.obj, strerror(-err), env.refused,
		    n > 600 ? log + n - 600 : log);
		return 1;
	}
	while (m > log && m[-1] != '\n')
		m--;
	eol = strchr(m, '\n');
	msg("%s: refused for offload (%s): %.*s", env.obj, strerror(-err),
	    (int)(eol ? eol - m : (long)strlen(m)), m);
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
		{ "prog-id", 1, 0, 'I' }, { "offload", 0, 0, 'F' },
		{ "jumbo", 1, 0, 'J' }, { "refused", 1, 0, 'R' },
		{}
	};
	const char *cmd;
	int c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		die("usage: xdp_equiv compare|offload-refused|attach|counters|inject|gen|tcp-sink|tcp-source|udp-sink|udp-gso-send [options]");
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
		case 'F': env.offload = 1; break;
		case 'J': env.jumbo = atoi(optarg); break;
		case 'R': env.refused = optarg; break;
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
	if (!strcmp(cmd, "offload-refused"))
		return cmd_offload_refused();
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
