// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp_fuzz: malformed input for vxdp, one process for the whole run.
 *
 *   vxdp_fuzz rtnl [-s SEED] [-n COUNT] [-v VALID] [-c CHECK_EVERY]
 *	COUNT (default 10000) fuzzed RTM_NEWLINK requests, creates and
 *	changelinks of vxdp devices, each built to be invalid: each must be
 *	refused, and after every CHECK_EVERY-th (default 1) and the last the
 *	state of every netns involved must be the snapshot taken before
 *	(devices, their attributes, counters, channels and rings; a change
 *	stays, so it is found, and -c 1 with the seed tells which request
 *	made it). Then VALID (default 200) random valid creates,
 *	some with attributes the kernel ignores (unknown types, trailing
 *	bytes), each checked attribute by attribute and deleted from one
 *	side or the other, the snapshot restored. Runs in two network
 *	namespaces of its own; the initial netns's device list is checked too.
 *   vxdp_fuzz snapshot DEV...
 *	print the state of the devices DEV of the current netns (rtnetlink
 *	attributes, ethtool channels, rings, features, RSS table and key,
 *	ntuple rules, statistics), for the shell tests to compare
 *   vxdp_fuzz bad-elf IN.o OUTDIR
 *	write broken variants of the BPF object IN.o into OUTDIR, one name a
 *	line on stdout
 *   vxdp_fuzz failnth
 *	the kernel's fault injection (/proc/thread-self/fail-nth; debug
 *	kernels): for each control-plane request on a vxdp device (create,
 *	up, ethtool -G/-L, native and offloaded attach, program and map
 *	loads for the device, delete), allocation 1, 2, ...
 *	of the request fails, until one runs with no failure: each failed
 *	request must be refused with the state as it was (carrier and
 *	operational state aside: a restart with the old rings toggles them),
 *	or be done all the same; then the device carries 1000 frames.
 *	Exits 4 (skip) without fail-nth.
 *
 * How every fuzzed request is kept invalid: each carries one fault the
 * kernel must refuse whatever surrounds it (a value out of range, an
 * attribute too short for its type, a name too long or invalid or taken,
 * a bad MAC address, a namespace that does not exist, an attribute vxdp
 * rejects, a peer header too short). Noise is only added where it cannot
 * undo the fault: attributes of types no kernel knows, and bytes that
 * cannot parse as an attribute, at the end of a nest (the kernel's liberal
 * parser stops there, after the fault); never a second attribute of the
 * fault's type, never anything that moves a device to another netns. A
 * truncated request is cut after its fault, which is then at the top
 * level. Changelinks name their device last (a cut loses it: ENODEV) and
 * always carry IFLA_INFO_DATA, which vxdp, without changelink, refuses.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>

#include "vxdp_nl.h"
#include "vxdp_uapi.h"

#define MSG_MAX		65536
#define NR_LINKS	64

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64, deterministic from the seed printed */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* uniform in [0, n) */
static uint32_t rn(uint32_t n)
{
	return n ? rnd() % n : 0;
}

/* uniform in [lo, hi] */
static int64_t rr(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static bool coin(int percent)
{
	return rn(100) < (uint32_t)percent;
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# FAIL: ", stdout);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(1);
}

/* ------------------------------------------------------------------ */
/* message builder */

struct msg {
	unsigned char *buf;
	size_t len;
};

static struct nlmsghdr *msg_hdr(const struct msg *m)
{
	return (struct nlmsghdr *)m->buf;
}

static void msg_pad(struct msg *m)
{
	while (m->len & 3)
		m->buf[m->len++] = 0;
}

static void msg_room(struct msg *m, size_t n)
{
	if (m->len + n + 8 > MSG_MAX)
		die("message builder: %zu bytes do not fit", m->len + n);
}

static void msg_init(struct msg *m, int flags)
{
	struct ifinfomsg *ifi;

	memset(m->buf, 0, NLMSG_LENGTH(sizeof(*ifi)));
	msg_hdr(m)->nlmsg_type = RTM_NEWLINK;
	msg_hdr(m)->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	ifi = NLMSG_DATA(msg_hdr(m));
	ifi->ifi_family = AF_UNSPEC;
	m->len = NLMSG_LENGTH(sizeof(*ifi));
}

/* an attribute whose header claims @len payload bytes, @n given */
static void put_raw(struct msg *m, int type, const void *d, size_t n,
		    size_t len)
{
	struct nlattr *a;

	msg_room(m, NLA_HDRLEN + n);
	a = (struct nlattr *)(m->buf + m->len);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	m->len += NLA_HDRLEN;
	if (n)
		memcpy(m->buf + m->len, d, n);
	m->len += n;
	msg_pad(m);
}

static void put(struct msg *m, int type, const void *d, size_t n)
{
	put_raw(m, type, d, n, n);
}

static void put_u32(struct msg *m, int type, uint32_t v)
{
	put(m, type, &v, sizeof(v));
}

static void put_str(struct msg *m, int type, const char *s)
{
	put(m, type, s, strlen(s) + 1);
}

static size_t nest_start(struct msg *m, int type)
{
	size_t off = m->len;

	put(m, type, NULL, 0);
	return off;
}

static void nest_end(struct msg *m, size_t off)
{
	((struct nlattr *)(m->buf + off))->nla_len = m->len - off;
}

/* ------------------------------------------------------------------ */
/* noise: what the kernel's liberal parser must skip or stop at */

/* an attribute of a type above @min_unknown, random payload */
static void put_unknown(struct msg *m, int min_unknown, bool big)
{
	unsigned char d[8192];
	size_t n = big ? rr(1000, sizeof(d)) : rn(65);
	int type = rr(min_unknown, 0x3fff);	/* NLA_TYPE_MASK is ~flags */
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = rnd();
	if (coin(20))
		type |= NLA_F_NESTED;
	put(m, type, d, n);
}

/*
 * Bytes at the end of a nest that cannot parse as an attribute: fewer than
 * a header, or a header whose length is below the header's or beyond the
 * nest. The caller closes the nest right after.
 */
static void put_junk(struct msg *m)
{
	size_t n = rr(1, 12), i;
	uint16_t len;

	msg_room(m, n);
	for (i = 0; i < n; i++)
		m->buf[m->len + i] = rnd();
	if (n >= 2) {
		len = coin(50) ? rn(NLA_HDRLEN) : rr(n + 4, 0xffff);
		memcpy(m->buf + m->len, &len, sizeof(len));
	}
	m->len += n;
	/* no padding: the nest's length says where the junk ends */
}

/* 0..3 pieces of noise */
static void put_noise(struct msg *m, int min_unknown)
{
	int n = rn(4), i;

	for (i = 0; i < n; i++)
		put_unknown(m, min_unknown, coin(3));
	if (coin(25))
		put_junk(m);
}

/* type numbers no kernel knows, per nest (IFLA_MAX is about 70) */
#define UNK_IFLA	300
#define UNK_INFO	32
#define UNK_DATA	32

/* ------------------------------------------------------------------ */
/* the state: namespaces, sockets, snapshots */

static int ns_fd[2];		/* the fuzzer's netns: 0 (its own), 1 */
static int nl[2], nl_init;	/* rtnetlink in ns0, ns1, the initial netns */
static int ioc[2];		/* ioctl sockets in ns0, ns1 */

static void set_timeout(int fd)
{
	struct timeval tv = { .tv_sec = 10 };
	int one = 1;

	/* an answer that never comes fails the run instead of hanging it */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)))
		die("setsockopt: %s", strerror(errno));
}

struct text {
	char *s;
	size_t len, cap;
};

static void tprintf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < t->cap - t->len) {
			t->len += n;
			return;
		}
		t->cap = t->cap * 2 + 4096;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			die("out of memory");
	}
}

static void thex(struct text *t, const void *d, size_t n)
{
	const unsigned char *p = d;
	size_t i;

	for (i = 0; i < n; i++)
		tprintf(t, "%02x", p[i]);
}

struct dump_arg {
	struct text *t;
	const char *prefix;
	bool full;		/* every attribute, else name and kind */
	char vxdp[NR_LINKS][IF_NAMESIZE];
	int nr_vxdp;
	const char *only;	/* only this device, NULL: all */
};

/*
 * fail-nth: the carrier and operational state follow a restart (a device
 * that restarted with its old rings went down and up) and linkwatch sets
 * them later, asynchronously; left out of the snapshots there
 */
static bool no_link_state;
#define LINK_STATE_FLAGS	(IFF_RUNNING | 0x10000 | 0x20000) /* LOWER_UP, DORMANT */

static bool link_state_attr(int type)
{
	return type == IFLA_OPERSTATE || type == IFLA_CARRIER ||
	       type == IFLA_CARRIER_CHANGES || type == IFLA_CARRIER_UP_COUNT ||
	       type == IFLA_CARRIER_DOWN_COUNT;
}

static int dump_cb(const struct nlmsghdr *nh, void *arg)
{
	struct dump_arg *a = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(nh);
	const struct rtattr *rta;
	struct vxdp_nl_link l;
	int len;

	if (nh->nlmsg_type != RTM_NEWLINK)
		return 0;
	/* name and kind, the way vxdp_nl parses them */
	{
		struct vxdp_nl_link *lp = &l;

		memset(lp, 0, sizeof(*lp));
		len = nh->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));
		for (rta = IFLA_RTA(ifi); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
			if (rta->rta_type == IFLA_IFNAME)
				snprintf(lp->name, sizeof(lp->name), "%.*s",
					 (int)RTA_PAYLOAD(rta), (const char *)RTA_DATA(rta));
			if (rta->rta_type == IFLA_LINKINFO) {
				const struct rtattr *i = RTA_DATA(rta);
				int ilen = RTA_PAYLOAD(rta);

				for (; RTA_OK(i, ilen); i = RTA_NEXT(i, ilen))
					if (i->rta_type == IFLA_INFO_KIND)
						snprintf(lp->kind, sizeof(lp->kind), "%.*s",
							 (int)RTA_PAYLOAD(i),
							 (const char *)RTA_DATA(i));
			}
		}
	}
	if (a->only && strcmp(a->only, l.name))
		return 0;
	if (!strcmp(l.kind, "vxdp") && a->nr_vxdp < NR_LINKS)
		snprintf(a->vxdp[a->nr_vxdp++], IF_NAMESIZE, "%s", l.name);
	tprintf(a->t, "%s %s index %d kind %s", a->prefix, l.name,
		ifi->ifi_index, l.kind);
	if (!a->full) {
		tprintf(a->t, "\n");
		return 0;
	}
	tprintf(a->t, " type %u flags %#x\n", ifi->ifi_type,
		ifi->ifi_flags & ~(no_link_state ? LINK_STATE_FLAGS : 0));
	len = nh->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));
	for (rta = IFLA_RTA(ifi); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		/* per-protocol state (IPv6 timestamps...), not the device's */
		if (rta->rta_type == IFLA_AF_SPEC)
			continue;
		if (no_link_state && link_state_attr(rta->rta_type))
			continue;
		tprintf(a->t, "%s %s attr %u ", a->prefix, l.name, rta->rta_type);
		thex(a->t, RTA_DATA(rta), RTA_PAYLOAD(rta));
		tprintf(a->t, "\n");
	}
	return 0;
}

static int eth_ioctl(int fd, const char *dev, void *cmd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr) ? -errno : 0;
}

/* ethtool's view of a vxdp device: channels, rings, stats (+ steering) */
static void snap_ethtool(struct text *t, int fd, const char *prefix,
			 const char *dev, bool steering)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	struct ethtool_ringparam rp = { .cmd = ETHTOOL_GRINGPARAM };
	struct ethtool_drvinfo di = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_stats *st;
	int err;

	err = eth_ioctl(fd, dev, &ch);
	tprintf(t, "%s %s channels %d rx %u/%u tx %u/%u comb %u\n", prefix, dev,
		err, ch.rx_count, ch.max_rx, ch.tx_count, ch.max_tx,
		ch.combined_count);
	err = eth_ioctl(fd, dev, &rp);
	tprintf(t, "%s %s rings %d rx %u/%u tx %u/%u\n", prefix, dev, err,
		rp.rx_pending, rp.rx_max_pending, rp.tx_pending,
		rp.tx_max_pending);
	if (eth_ioctl(fd, dev, &di) == 0 && di.n_stats) {
		st = calloc(1, sizeof(*st) + di.n_stats * sizeof(uint64_t));
		if (!st)
			die("out of memory");
		st->cmd = ETHTOOL_GSTATS;
		st->n_stats = di.n_stats;
		err = eth_ioctl(fd, dev, st);
		tprintf(t, "%s %s stats %d ", prefix, dev, err);
		thex(t, st->data, di.n_stats * sizeof(uint64_t));
		tprintf(t, "\n");
		free(st);
	}
	if (steering) {
		struct ethtool_rxfh rh0 = { .cmd = ETHTOOL_GRSSH };
		struct ethtool_rxnfc cnt = { .cmd = ETHTOOL_GRXCLSRLCNT };
		struct ethtool_gfeatures *gf;
		struct ethtool_rxfh *rh;
		struct ethtool_rxnfc *all;
		size_t sz;
		uint32_t i;

		err = eth_ioctl(fd, dev, &rh0);
		tprintf(t, "%s %s rss %d hfunc %u", prefix, dev, err, rh0.hfunc);
		if (!err) {
			sz = sizeof(*rh) + rh0.indir_size * 4 + rh0.key_size;
			rh = calloc(1, sz);
			if (!rh)
				die("out of memory");
			rh->cmd = ETHTOOL_GRSSH;
			rh->indir_size = rh0.indir_size;
			rh->key_size = rh0.key_size;
			err = eth_ioctl(fd, dev, rh);
			tprintf(t, " %d ", err);
			thex(t, rh->rss_config, rh0.indir_size * 4 + rh0.key_size);
			free(rh);
		}
		tprintf(t, "\n");
		err = eth_ioctl(fd, dev, &cnt);
		tprintf(t, "%s %s ntuple %d count %u\n", prefix, dev, err,
			cnt.rule_cnt);
		if (!err && cnt.rule_cnt) {
			all = calloc(1, sizeof(*all) + cnt.rule_cnt * 4);
			if (!all)
				die("out of memory");
			all->cmd = ETHTOOL_GRXCLSRLALL;
			all->rule_cnt = cnt.rule_cnt;
			eth_ioctl(fd, dev, all);
			for (i = 0; i < cnt.rule_cnt; i++) {
				struct ethtool_rxnfc r = {
					.cmd = ETHTOOL_GRXCLSRULE,
					.fs.location = all->rule_locs[i],
				};

				err = eth_ioctl(fd, dev, &r);
				tprintf(t, "%s %s rule %u %d ", prefix, dev,
					all->rule_locs[i], err);
				thex(t, &r.fs, sizeof(r.fs));
				tprintf(t, "\n");
			}
			free(all);
		}
		gf = calloc(1, sizeof(*gf) + 8 * sizeof(gf->features[0]));
		if (!gf)
			die("out of memory");
		gf->cmd = ETHTOOL_GFEATURES;
		gf->size = 8;
		err = eth_ioctl(fd, dev, gf);
		tprintf(t, "%s %s features %d ", prefix, dev, err);
		thex(t, gf->features, 8 * sizeof(gf->features[0]));
		tprintf(t, "\n");
		free(gf);
	}
}

/* the state of the netns of @nlfd, vxdp devices with ethtool's view */
static void snap_ns(struct text *t, int nlfd, int iocfd, const char *prefix,
		    bool full, const char *only)
{
	struct dump_arg a = {
		.t = t, .prefix = prefix, .full = full, .only = only,
	};
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[64];
	} req;
	struct rtattr *rta;
	int err, i;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
	req.nh.nlmsg_type = RTM_GETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.ifi.ifi_family = AF_UNSPEC;
	rta = (struct rtattr *)((char *)&req + req.nh.nlmsg_len);
	rta->rta_type = IFLA_EXT_MASK;
	rta->rta_len = RTA_LENGTH(4);
	*(uint32_t *)RTA_DATA(rta) = RTEXT_FILTER_VF;
	req.nh.nlmsg_len += RTA_SPACE(4);
	err = vxdp_nl_request(nlfd, &req.nh, NULL, dump_cb, &a);
	if (err)
		die("link dump: %s", strerror(-err));
	if (!full)
		return;
	for (i = 0; i < a.nr_vxdp; i++)
		snap_ethtool(t, iocfd, prefix, a.vxdp[i], !!only);
}

static void snapshot(struct text *t)
{
	t->len = 0;
	if (t->s)
		t->s[0] = '\0';
	snap_ns(t, nl[0], ioc[0], "ns0", true, NULL);
	snap_ns(t, nl[1], ioc[1], "ns1", true, NULL);
	/* the initial netns: its devices (others may carry traffic there) */
	snap_ns(t, nl_init, -1, "init", false, NULL);
}

/* print the lines of @b that are not in @a and vice versa */
static void snap_diff(const struct text *a, const struct text *b)
{
	const struct text *x[2] = { a, b };
	int k;

	for (k = 0; k < 2; k++) {
		char *copy = strdup(x[k]->s), *save, *line;

		for (line = strtok_r(copy, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			const char *p = strstr(x[!k]->s, line);

			if (!p || (p != x[!k]->s && p[-1] != '\n') ||
			    (p[strlen(line)] != '\n' && p[strlen(line)]))
				printf("#   %s %.200s\n", k ? "after: " : "before:",
				       line);
		}
		free(copy);
	}
}

/* ------------------------------------------------------------------ */
/* the devices the fuzzer leaves alone: names taken in ns0 and ns1 */

static const char *const taken[2][4] = {
	{ "lo", "refa", "refc", "refd" },
	{ "lo", "refb", NULL, NULL },
};

static void must_add(int fd, struct vxdp_link_opts *o)
{
	char ext[VXDP_NL_EXTACK_LEN];
	int err = vxdp_nl_link_add(fd, o, ext);

	if (err)
		die("create %s: %s (%s)", o->name, strerror(-err), ext);
}

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		die("%s: %s", path, strerror(errno));
	close(fd);
}

static void link_up(int ns, const char *name)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[64];
	} req;
	struct rtattr *rta;
	char ext[VXDP_NL_EXTACK_LEN];
	int err;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
	req.nh.nlmsg_type = RTM_NEWLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_flags = IFF_UP;
	req.ifi.ifi_change = IFF_UP;
	rta = (struct rtattr *)((char *)&req + req.nh.nlmsg_len);
	rta->rta_type = IFLA_IFNAME;
	rta->rta_len = RTA_LENGTH(strlen(name) + 1);
	strcpy(RTA_DATA(rta), name);
	req.nh.nlmsg_len += RTA_ALIGN(rta->rta_len);
	err = vxdp_nl_request(nl[ns], &req.nh, ext, NULL, NULL);
	if (err)
		die("%s up: %s (%s)", name, strerror(-err), ext);
}

static void env_setup(void)
{
	struct vxdp_link_opts o;
	int i, self;

	nl_init = vxdp_nl_open();
	if (nl_init < 0)
		die("netlink: %s", strerror(-nl_init));
	set_timeout(nl_init);
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	for (i = 1; i >= 0; i--) {
		if (unshare(CLONE_NEWNET))
			die("unshare: %s", strerror(errno));
		ns_fd[i] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (ns_fd[i] < 0)
			die("netns: %s", strerror(errno));
		/* no IPv6 autoconfiguration: counters must stand still */
		write_file("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
		write_file("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
		nl[i] = vxdp_nl_open();
		ioc[i] = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (nl[i] < 0 || ioc[i] < 0)
			die("sockets: %s", strerror(errno));
		set_timeout(nl[i]);
	}
	close(self);

	/* refa (ns0) - refb (ns1): 4 queues, rings of 512, MTU 9000, up */
	vxdp_link_opts_init(&o);
	o.name = "refa";
	o.peer = "refb";
	o.peer_ns_fd = ns_fd[1];
	o.txq = o.rxq = o.peer_txq = o.peer_rxq = 4;
	o.mtu = o.peer_mtu = 9000;
	o.ring_size = 512;
	must_add(nl[0], &o);
	/* refc - refd, both in ns0, defaults; refc up */
	vxdp_link_opts_init(&o);
	o.name = "refc";
	o.peer = "refd";
	must_add(nl[0], &o);
	link_up(0, "refa");
	link_up(1, "refb");
	link_up(0, "refc");
}

/* ------------------------------------------------------------------ */
/* a valid create, as a spec */

struct side {
	char name[IFNAMSIZ];	/* "": not sent */
	long long txq, rxq, mtu;	/* -1: not sent */
	bool has_addr;
	unsigned char addr[6];
};

struct spec {
	struct side dev, peer;
	bool has_peer;		/* VXDP_INFO_PEER sent */
	int peer_ns;		/* 0 or 1 */
	long long ring;		/* -1: not sent */
};

static void rand_name(char *name, char first, int maxlen)
{
	static const char cs[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-=+@";
	int n = rr(1, maxlen), i;

	name[0] = first;
	for (i = 1; i < n; i++)
		name[i] = cs[rn(sizeof(cs) - 1)];
	name[n] = '\0';
}

static void rand_addr(unsigned char *a)
{
	int i;

	for (i = 0; i < 6; i++)
		a[i] = rnd();
	a[0] &= 0xfe;	/* unicast */
	a[0] |= 0x02;	/* local, and never all zero */
}

/*
 * Queue counts: registering a device costs per queue (sysfs), seconds in
 * the VM for 64: mostly a few, sometimes up to the limit.
 */
static long long rand_queues(void)
{
	if (coin(50))
		return -1;
	return coin(85) ? rr(1, 8) : rr(9, 64);
}

static void rand_side(struct side *s, char first)
{
	rand_name(s->name, first, IFNAMSIZ - 1);
	s->txq = rand_queues();
	s->rxq = rand_queues();
	s->mtu = coin(50) ? rr(68, 9000) : -1;
	s->has_addr = coin(30);
	if (s->has_addr)
		rand_addr(s->addr);
}

static void rand_spec(struct spec *s)
{
	memset(s, 0, sizeof(*s));
	rand_side(&s->dev, 'z');
	rand_side(&s->peer, 'y');
	s->has_peer = coin(85);
	if (!s->has_peer) {
		/* as veth's: the peer takes the device's attributes */
		s->peer = s->dev;
		s->peer.name[0] = '\0';	/* vxdp%d */
	} else if (coin(25)) {
		s->peer.name[0] = '\0';	/* vxdp%d */
	}
	s->peer_ns = s->has_peer && coin(30);
	s->ring = coin(50) ? 64 << rn(7) : -1;
}

/* ------------------------------------------------------------------ */
/* faults: each makes the create invalid whatever else it carries */

enum fault {
	/* top level, may be followed by a cut */
	F_MTU, F_TXQ, F_RXQ, F_NAME_LONG, F_NAME_BAD, F_NAME_TAKEN,
	F_ADDR_LEN, F_ADDR_BAD, F_SHORT, F_NSFD, F_NSPID,
	F_TOP_LAST = F_NSPID,
	/* in IFLA_INFO_DATA */
	F_RING, F_RING_SHORT, F_MAX_MTU,
	/* in VXDP_INFO_PEER */
	F_PEER_HDR, F_PEER_NAME_LONG, F_PEER_NAME_BAD, F_PEER_NAME_DEV,
	F_PEER_NAME_TAKEN, F_PEER_MTU, F_PEER_TXQ, F_PEER_RXQ,
	F_PEER_ADDR_LEN, F_PEER_ADDR_BAD, F_PEER_SHORT, F_PEER_NSFD,
	F_PEER_NSPID,
	/* the message */
	F_HDR_SHORT,
	NR_FAULTS
};

static const char *const fault_name[NR_FAULTS] = {
	"mtu", "txq", "rxq", "name_long", "name_bad", "name_taken",
	"addr_len", "addr_bad", "short_attr", "netns_fd", "netns_pid",
	"ring", "ring_short", "xdp_max_mtu",
	"peer_hdr", "peer_name_long", "peer_name_bad", "peer_name_dev",
	"peer_name_taken", "peer_mtu", "peer_txq", "peer_rxq",
	"peer_addr_len", "peer_addr_bad", "peer_short", "peer_netns_fd",
	"peer_netns_pid", "hdr_short",
};

static long long bad_mtu(void)
{
	switch (rn(3)) {
	case 0:
		return rr(0, 67);
	case 1:
		return rr(9001, 65535);
	default:
		return rr(65536, 0xffffffffLL);
	}
}

static long long bad_queues(void)
{
	switch (rn(3)) {
	case 0:
		return 0;
	case 1:
		return rr(65, 4096);
	default:
		return rr(4097, 0xffffffffLL);
	}
}

static long long bad_ring(void)
{
	long long v;

	switch (rn(4)) {
	case 0:
		return rr(0, 63);
	case 1:
		return 8192LL << rn(19);	/* powers of 2 above 4096 */
	case 2:
		return rr(4097, 0xffffffffLL);
	default:	/* in range, not a power of 2 */
		do {
			v = rr(65, 4095);
		} while (!(v & (v - 1)));
		return v;
	}
}

/* names dev_valid_name() or dev_alloc_name() refuse */
static void bad_name(char *name, bool allow_empty)
{
	static const char *const bad[] = {
		".", "..", "a/b", "/", "x:0", "sp ace", "tab\tx", "nl\n",
		"x%d%d", "%s", "x%", "%dx%d", "a%p",
	};
	int n = sizeof(bad) / sizeof(bad[0]);

	if (allow_empty && coin(10)) {
		name[0] = '\0';
		return;
	}
	snprintf(name, IFNAMSIZ, "%s", bad[rn(n)]);
}

/* the netns attributes' bad values: an fd that is no netns, a dead pid */
static uint32_t bad_nsfd(void)
{
	switch (rn(3)) {
	case 0:
		return nl[0];		/* a socket */
	case 1:
		return 1000 + rn(1000);	/* not open */
	default:
		return 0xffffffff;
	}
}

static uint32_t bad_pid(void)
{
	return rr(4194305, 0x7fffffff);	/* above PID_MAX_LIMIT */
}

/* a typed attribute of the IFLA policy, shorter than its type */
static void put_short(struct msg *m)
{
	static const int u32s[] = {
		IFLA_MTU, IFLA_TXQLEN, IFLA_NUM_TX_QUEUES, IFLA_NUM_RX_QUEUES,
		IFLA_GROUP, IFLA_NET_NS_PID, IFLA_NET_NS_FD, IFLA_GSO_MAX_SEGS,
		IFLA_GSO_MAX_SIZE, IFLA_PROMISCUITY,
	};
	static const int u8s[] = { IFLA_OPERSTATE, IFLA_LINKMODE, IFLA_CARRIER };
	unsigned char d[4];
	int i;

	for (i = 0; i < 4; i++)
		d[i] = rnd();
	if (coin(75))
		put(m, u32s[rn(sizeof(u32s) / sizeof(u32s[0]))], d, rn(4));
	else
		put(m, u8s[rn(sizeof(u8s) / sizeof(u8s[0]))], d, 0);
}

static void put_bad_addr(struct msg *m, bool len)
{
	unsigned char a[32];
	size_t n = 6;
	int i;

	for (i = 0; i < 32; i++)
		a[i] = rnd();
	if (len) {
		do {
			n = rn(33);
		} while (n == 6);
	} else if (coin(50)) {
		memset(a, 0, 6);	/* zero */
	} else {
		a[0] |= 1;		/* multicast */
	}
	put(m, IFLA_ADDRESS, a, n);
}

/* the faults a side (the device or its peer) carries as an attribute */
enum side_fault {
	SF_NONE, SF_NAME_LONG, SF_NAME_BAD, SF_ADDR_LEN, SF_ADDR_BAD,
	SF_SHORT, SF_NSFD, SF_NSPID,
};

/* the side fault of @f for the device (@peer false) or its peer */
static enum side_fault side_fault(int f, bool peer)
{
	switch (f) {
	case F_NAME_LONG:	return peer ? SF_NONE : SF_NAME_LONG;
	case F_ADDR_LEN:	return peer ? SF_NONE : SF_ADDR_LEN;
	case F_ADDR_BAD:	return peer ? SF_NONE : SF_ADDR_BAD;
	case F_SHORT:		return peer ? SF_NONE : SF_SHORT;
	case F_NSFD:		return peer ? SF_NONE : SF_NSFD;
	case F_NSPID:		return peer ? SF_NONE : SF_NSPID;
	case F_PEER_NAME_LONG:	return peer ? SF_NAME_LONG : SF_NONE;
	case F_PEER_NAME_BAD:	return peer ? SF_NAME_BAD : SF_NONE;
	case F_PEER_ADDR_LEN:	return peer ? SF_ADDR_LEN : SF_NONE;
	case F_PEER_ADDR_BAD:	return peer ? SF_ADDR_BAD : SF_NONE;
	case F_PEER_SHORT:	return peer ? SF_SHORT : SF_NONE;
	case F_PEER_NSFD:	return peer ? SF_NSFD : SF_NONE;
	case F_PEER_NSPID:	return peer ? SF_NSPID : SF_NONE;
	default:		return SF_NONE;
	}
}

/*
 * Put side fault @sf for side @sd, whose attribute it replaces (a name or
 * an address is then left out of put_side()). A bad device name goes
 * through the spec instead (F_NAME_BAD): an empty IFLA_IFNAME is no fault
 * for the device (rtnetlink names it vxdp%d), it is for the peer.
 */
static void put_fault(struct msg *m, struct side *sd, enum side_fault sf,
		      bool peer)
{
	char name[64];

	switch (sf) {
	case SF_NONE:
		break;
	case SF_NAME_LONG:
		rand_name(name, peer ? 'y' : 'z', rr(IFNAMSIZ, 40));
		while (strlen(name) < IFNAMSIZ)
			strcat(name, peer ? "y" : "z");
		put_str(m, IFLA_IFNAME, name);
		sd->name[0] = '\0';
		break;
	case SF_NAME_BAD:
		bad_name(name, peer);	/* "" too: sent, not left out */
		put_str(m, IFLA_IFNAME, name);
		sd->name[0] = '\0';
		break;
	case SF_ADDR_LEN:
	case SF_ADDR_BAD:
		put_bad_addr(m, sf == SF_ADDR_LEN);
		sd->has_addr = false;
		break;
	case SF_SHORT:
		put_short(m);
		break;
	case SF_NSFD:
		put_u32(m, IFLA_NET_NS_FD, bad_nsfd());
		break;
	case SF_NSPID:
		put_u32(m, IFLA_NET_NS_PID, bad_pid());
		break;
	}
}

static void put_side(struct msg *m, const struct side *s)
{
	if (s->name[0])
		put_str(m, IFLA_IFNAME, s->name);
	if (s->txq >= 0)
		put_u32(m, IFLA_NUM_TX_QUEUES, s->txq);
	if (s->rxq >= 0)
		put_u32(m, IFLA_NUM_RX_QUEUES, s->rxq);
	if (s->mtu >= 0)
		put_u32(m, IFLA_MTU, s->mtu);
	if (s->has_addr)
		put(m, IFLA_ADDRESS, s->addr, 6);
}

/* a name taken in netns @ns */
static const char *taken_name(int ns)
{
	const char *n;

	do {
		n = taken[ns][rn(4)];
	} while (!n);
	return n;
}

/*
 * Build the create request of @s with fault @f (NR_FAULTS: none) and noise
 * when @noise. Returns the offset after the fault's attribute when it is
 * at the top level (a cut may come after it), else 0.
 */
static size_t build_create(struct msg *m, struct spec *s, int f, bool noise)
{
	size_t linkinfo, data, peer, cut_after = 0;
	struct ifinfomsg *ifi;

	msg_init(m, NLM_F_CREATE | NLM_F_EXCL);

	/* the fault goes into the spec when it is one of its values */
	switch (f) {
	case F_MTU:
		s->dev.mtu = bad_mtu();
		break;
	case F_TXQ:
		s->dev.txq = bad_queues();
		break;
	case F_RXQ:
		s->dev.rxq = bad_queues();
		break;
	case F_PEER_MTU:
		s->peer.mtu = bad_mtu();
		break;
	case F_PEER_TXQ:
		s->peer.txq = bad_queues();
		break;
	case F_PEER_RXQ:
		s->peer.rxq = bad_queues();
		break;
	case F_PEER_NAME_DEV:
		s->peer_ns = 0;
		snprintf(s->peer.name, IFNAMSIZ, "%s", s->dev.name);
		break;
	case F_PEER_NAME_TAKEN:
		snprintf(s->peer.name, IFNAMSIZ, "%s", taken_name(s->peer_ns));
		break;
	case F_NAME_BAD:
		bad_name(s->dev.name, false);
		break;
	case F_NAME_TAKEN:
		snprintf(s->dev.name, IFNAMSIZ, "%s", taken_name(0));
		break;
	case F_RING:
		s->ring = bad_ring();
		break;
	}
	if (f >= F_PEER_HDR && f <= F_PEER_NSPID)
		s->has_peer = true;

	/* top level: the fault first, then the device's attributes */
	put_fault(m, &s->dev, side_fault(f, false), false);
	put_side(m, &s->dev);
	if (f <= F_TOP_LAST)
		cut_after = m->len;
	if (noise && coin(30))
		put_unknown(m, UNK_IFLA, coin(5));

	linkinfo = nest_start(m, IFLA_LINKINFO);
	put_str(m, IFLA_INFO_KIND, "vxdp");
	if (s->has_peer || s->ring >= 0 || f == F_RING_SHORT || f == F_MAX_MTU) {
		data = nest_start(m, IFLA_INFO_DATA);
		if (f == F_RING_SHORT) {
			uint32_t v = 256;

			put(m, VXDP_INFO_RING_SIZE, &v, rn(4));
		} else if (s->ring >= 0) {
			put_u32(m, VXDP_INFO_RING_SIZE, s->ring);
		}
		if (f == F_MAX_MTU) {
			uint32_t v = rnd();

			put(m, VXDP_INFO_XDP_MAX_MTU, &v, coin(80) ? 4 : rn(9));
		}
		if (s->has_peer) {
			peer = nest_start(m, VXDP_INFO_PEER);
			if (f == F_PEER_HDR) {
				unsigned char d[16];
				size_t n = rn(16), i;

				for (i = 0; i < n; i++)
					d[i] = rnd();
				memcpy(m->buf + m->len, d, n);
				m->len += n;
				nest_end(m, peer);
				msg_pad(m);
			} else {
				msg_room(m, sizeof(*ifi));
				ifi = (struct ifinfomsg *)(m->buf + m->len);
				memset(ifi, 0, sizeof(*ifi));
				m->len += NLMSG_ALIGN(sizeof(*ifi));
				put_fault(m, &s->peer, side_fault(f, true), true);
				put_side(m, &s->peer);
				if (s->peer_ns && f != F_PEER_NSFD &&
				    f != F_PEER_NSPID)
					put_u32(m, IFLA_NET_NS_FD, ns_fd[1]);
				if (noise)
					put_noise(m, UNK_IFLA);
				nest_end(m, peer);
				msg_pad(m);
			}
		}
		if (noise)
			put_noise(m, UNK_DATA);
		nest_end(m, data);
		msg_pad(m);
	}
	if (noise)
		put_noise(m, UNK_INFO);
	nest_end(m, linkinfo);
	msg_pad(m);
	if (noise)
		put_noise(m, UNK_IFLA);
	msg_hdr(m)->nlmsg_len = m->len;

	/*
	 * a header without its struct ifinfomsg (not without any payload:
	 * rtnetlink acks an empty message without looking at it)
	 */
	if (f == F_HDR_SHORT)
		msg_hdr(m)->nlmsg_len = rr(NLMSG_HDRLEN + 1,
					   NLMSG_LENGTH(sizeof(*ifi)) - 1);
	return cut_after;
}

/*
 * A changelink of the existing vxdp device @name: IFLA_LINKINFO with
 * IFLA_INFO_DATA (anything in it, even valid) first, other attributes
 * (even valid ones), the name last.
 */
static void build_changelink(struct msg *m, const char *name)
{
	size_t linkinfo, data, peer;
	struct spec s;
	int flags = coin(10) ? NLM_F_REPLACE : 0;

	msg_init(m, flags);
	rand_spec(&s);
	linkinfo = nest_start(m, IFLA_LINKINFO);
	if (coin(90))
		put_str(m, IFLA_INFO_KIND, "vxdp");
	data = nest_start(m, IFLA_INFO_DATA);
	if (coin(50))
		put_u32(m, VXDP_INFO_RING_SIZE, coin(50) ? 64 << rn(7) : bad_ring());
	if (coin(50)) {
		struct ifinfomsg *ifi;

		peer = nest_start(m, VXDP_INFO_PEER);
		ifi = (struct ifinfomsg *)(m->buf + m->len);
		memset(ifi, 0, sizeof(*ifi));
		m->len += NLMSG_ALIGN(sizeof(*ifi));
		put_side(m, &s.peer);
		put_noise(m, UNK_IFLA);
		nest_end(m, peer);
		msg_pad(m);
	}
	if (coin(10))
		put_u32(m, VXDP_INFO_XDP_MAX_MTU, rnd());
	put_noise(m, UNK_DATA);
	nest_end(m, data);
	msg_pad(m);
	put_noise(m, UNK_INFO);
	nest_end(m, linkinfo);
	msg_pad(m);
	/* valid values the device would take if it let them through */
	if (coin(50))
		put_u32(m, IFLA_MTU, rr(68, 9000));
	if (coin(30))
		put_u32(m, IFLA_TXQLEN, rr(0, 100000));
	if (coin(20)) {
		unsigned char a[6];

		rand_addr(a);
		put(m, IFLA_ADDRESS, a, 6);
	}
	if (coin(30))
		put_unknown(m, UNK_IFLA, coin(5));
	put_str(m, IFLA_IFNAME, name);
	msg_hdr(m)->nlmsg_len = m->len;
	if (coin(20))	/* cut: the name is lost */
		msg_hdr(m)->nlmsg_len = rr(NLMSG_HDRLEN + 1, m->len - 1);
}

/* ------------------------------------------------------------------ */
/* the run */

static struct text base, cur;
static unsigned int errno_seen[NR_FAULTS + 1][160];

/*
 * The baseline: once the devices brought up have settled (linkwatch sets
 * their operstate asynchronously), the same snapshot over 1.5 s twice.
 */
static void settle(void)
{
	struct timespec ts = { .tv_nsec = 500000000 };
	int same = 0, tries;

	snapshot(&base);
	for (tries = 0; same < 3 && tries < 120; tries++) {
		nanosleep(&ts, NULL);
		snapshot(&cur);
		if (cur.len == base.len && !memcmp(cur.s, base.s, base.len)) {
			same++;
		} else {
			same = 0;
			snapshot(&base);
		}
	}
	if (same < 3)
		die("the devices do not settle");
}

static void check_state(const char *what, unsigned int i)
{
	snapshot(&cur);
	if (cur.len != base.len || memcmp(cur.s, base.s, base.len)) {
		printf("# state changed after %s %u:\n", what, i);
		snap_diff(&base, &cur);
		die("%s %u changed the state", what, i);
	}
}

static void dump_msg(const struct msg *m)
{
	size_t i, n = msg_hdr(m)->nlmsg_len;

	printf("# request (%zu bytes):", n);
	for (i = 0; i < n && i < 512; i++)
		printf("%s%02x", i % 32 ? "" : "\n#  ", m->buf[i]);
	printf("\n");
}

/* full snapshots every check_every requests, and after the last */
static unsigned int check_every = 1;

static void fuzz_one(struct msg *m, unsigned int i, bool last)
{
	char ext[VXDP_NL_EXTACK_LEN];
	struct spec s;
	int f, err;
	size_t cut;
	const char *what;

	if (coin(20)) {
		/* changelink of a vxdp device of ns0 */
		static const char *const devs[] = { "refa", "refc", "refd" };

		f = NR_FAULTS;
		what = "changelink";
		build_changelink(m, devs[rn(3)]);
	} else {
		f = rn(NR_FAULTS);
		/*
		 * A bad device name is refused only when the device registers,
		 * after its peer did: the peer's unregistration costs a grace
		 * period or two, a lot in the VM. Ten times rarer.
		 */
		if (f == F_NAME_BAD && !coin(10))
			f = rn(F_NAME_BAD);
		what = fault_name[f];
		rand_spec(&s);
		cut = build_create(m, &s, f, coin(60));
		if (cut && coin(15))
			msg_hdr(m)->nlmsg_len = rr(cut, m->len);
	}
	err = vxdp_nl_request(nl[0], msg_hdr(m), ext, NULL, NULL);
	if (err == -EAGAIN || err == -EWOULDBLOCK) {
		dump_msg(m);
		die("request %u (%s): no answer", i, what);
	}
	if (err >= 0) {
		dump_msg(m);
		die("request %u (%s) accepted", i, what);
	}
	if (-err < 160)
		errno_seen[f][-err]++;
	if (last || (i + 1) % check_every == 0)
		check_state(what, i);
}

/* the peer of @dev (ifindex @peer_ifindex) in netns @ns, by its index */
static bool find_by_index(int ns, int ifindex, struct vxdp_nl_link *out)
{
	static struct vxdp_nl_link l[NR_LINKS];
	int n, i;

	n = vxdp_nl_link_list(nl[ns], "vxdp", l, NR_LINKS);
	for (i = 0; i < n && i < NR_LINKS; i++) {
		if (l[i].ifindex == ifindex) {
			*out = l[i];
			return true;
		}
	}
	return false;
}

static void check_side(const char *who, const struct vxdp_nl_link *l,
		       const struct side *s, long long ring, int peer_ifindex)
{
	if (strcmp(l->kind, "vxdp"))
		die("%s: kind '%s'", who, l->kind);
	if (s->name[0] && strcmp(l->name, s->name))
		die("%s: name '%s', expected '%s'", who, l->name, s->name);
	if (l->mtu != (s->mtu >= 0 ? s->mtu : 1500))
		die("%s: mtu %d, expected %lld", who, l->mtu, s->mtu);
	if (l->num_tx_queues != (s->txq >= 0 ? s->txq : 1))
		die("%s: %d tx queues, expected %lld", who, l->num_tx_queues,
		    s->txq);
	/* 0: no IFLA_NUM_RX_QUEUES, a kernel without CONFIG_RPS */
	if (l->num_rx_queues && l->num_rx_queues != (s->rxq >= 0 ? s->rxq : 1))
		die("%s: %d rx queues, expected %lld", who, l->num_rx_queues,
		    s->rxq);
	if (l->ring_size != (ring >= 0 ? ring : VXDP_DEF_RING_SIZE))
		die("%s: ring size %d, expected %lld", who, l->ring_size, ring);
	if (l->addr_len != 6)
		die("%s: address of %d bytes", who, l->addr_len);
	if (s->has_addr && memcmp(l->addr, s->addr, 6))
		die("%s: not the address asked for", who);
	if (!s->has_addr && ((l->addr[0] & 1) || !(l->addr[0] & 2)))
		die("%s: random address %02x... not local unicast", who,
		    l->addr[0]);
	if (l->iflink != peer_ifindex)
		die("%s: link %d, expected its peer %d", who, l->iflink,
		    peer_ifindex);
}

static void valid_one(struct msg *m, unsigned int i)
{
	char ext[VXDP_NL_EXTACK_LEN];
	struct vxdp_nl_link d, p;
	bool noise = coin(30);
	struct spec s;
	int err, nd[2], ns;

	rand_spec(&s);
	build_create(m, &s, NR_FAULTS, noise);
	nd[0] = vxdp_nl_link_list(nl[0], "vxdp", NULL, 0);
	nd[1] = vxdp_nl_link_list(nl[1], "vxdp", NULL, 0);
	err = vxdp_nl_request(nl[0], msg_hdr(m), ext, NULL, NULL);
	if (err) {
		dump_msg(m);
		die("valid create %u%s refused: %s (%s)", i,
		    noise ? " (with ignored attributes)" : "",
		    strerror(-err), ext);
	}
	err = vxdp_nl_link_get(nl[0], s.dev.name, &d);
	if (err)
		die("valid create %u: %s: %s", i, s.dev.name, strerror(-err));
	ns = s.peer_ns;
	if (!find_by_index(ns, d.iflink, &p))
		die("valid create %u: %s's peer %d not in ns%d", i, s.dev.name,
		    d.iflink, ns);
	if (!s.peer.name[0] && strncmp(p.name, "vxdp", 4))
		die("valid create %u: peer named '%s', expected vxdp%%d", i,
		    p.name);
	check_side(s.dev.name, &d, &s.dev, s.ring, p.ifindex);
	check_side(p.name, &p, &s.peer, s.ring, d.ifindex);
	if (ns && !d.has_link_netnsid)
		die("valid create %u: no link netnsid for a peer elsewhere", i);
	if (vxdp_nl_link_list(nl[0], "vxdp", NULL, 0) != nd[0] + 2 - ns ||
	    vxdp_nl_link_list(nl[1], "vxdp", NULL, 0) != nd[1] + ns)
		die("valid create %u: not exactly two devices more", i);
	if (coin(50))
		err = vxdp_nl_link_del(nl[0], d.name, ext);
	else
		err = vxdp_nl_link_del(nl[ns], p.name, ext);
	if (err)
		die("valid create %u: delete: %s (%s)", i, strerror(-err), ext);
	check_state("valid create and delete", i);
}

static int cmd_rtnl(int argc, char **argv)
{
	unsigned int count = 10000, valid = 200, i, j;
	time_t start = time(NULL);
	uint64_t seed = 0;
	struct msg m;
	int opt, err;

	seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	while ((opt = getopt(argc, argv, "s:n:v:c:")) != -1) {
		switch (opt) {
		case 'c':
			check_every = strtoul(optarg, NULL, 0) ?: 1;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 'v':
			valid = strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: vxdp_fuzz rtnl [-s SEED] [-n COUNT] [-v VALID] [-c CHECK_EVERY]\n");
			return 2;
		}
	}
	printf("# seed %" PRIu64 " (vxdp_fuzz rtnl -s %" PRIu64 " -n %u -v %u -c %u)\n",
	       seed, seed, count, valid, check_every);
	fflush(stdout);
	rng_state = seed;
	err = vxdp_module_load();
	if (err)
		die("cannot load vxdp: %s", strerror(-err));
	m.buf = malloc(MSG_MAX);
	if (!m.buf)
		die("out of memory");
	env_setup();
	settle();

	for (i = 0; i < count; i++) {
		fuzz_one(&m, i, i + 1 == count);
		if ((i + 1) % 1000 == 0)
			printf("# %u requests refused, %ld s\n", i + 1,
			       (long)(time(NULL) - start));
	}
	printf("# %u fuzzed requests refused, state unchanged; errors by fault:\n",
	       count);
	for (i = 0; i <= NR_FAULTS; i++) {
		char line[1024];
		int n = 0;

		for (j = 0; j < 160; j++)
			if (errno_seen[i][j])
				n += snprintf(line + n, sizeof(line) - n,
					      " %s:%u", strerrorname_np(j) ?: "?",
					      errno_seen[i][j]);
		if (n)
			printf("#   %s:%s\n", i < NR_FAULTS ? fault_name[i] :
			       "changelink", line);
	}

	for (i = 0; i < valid; i++)
		valid_one(&m, i);
	printf("# %u valid random creates checked and deleted, %ld s\n", valid,
	       (long)(time(NULL) - start));
	printf("# PASS\n");
	free(m.buf);
	return 0;
}

/* ------------------------------------------------------------------ */
/* failing allocations: every allocation of a request fails in turn */

static int fail_nth_fd = -1;

static void fail_nth_set(unsigned int n)
{
	char b[16];
	int len = snprintf(b, sizeof(b), "%u", n);

	if (pwrite(fail_nth_fd, b, len, 0) != len)
		die("fail-nth: %s", strerror(errno));
}

/* 0: the n-th allocation failed; else how many were still to come */
static unsigned int fail_nth_get(void)
{
	char b[16] = "";

	if (pread(fail_nth_fd, b, sizeof(b) - 1, 0) <= 0)
		die("fail-nth: %s", strerror(errno));
	return strtoul(b, NULL, 10);
}

static int fn_ifindex;		/* fna's */
static int fn_prog = -1;	/* native program: XDP_PASS */
static int fn_off_prog = -1;	/* XDP_PASS loaded for fna */
static int fn_fd = -1;		/* what the BPF requests made */

/* the link request of @name in @ns, with @flags/@change and @mtu_ns_fd */
struct link_req {
	struct nlmsghdr nh;
	struct ifinfomsg ifi;
	char attrs[128];
};

static struct rtattr *req_attr(struct link_req *r, int type, const void *d,
			       size_t n)
{
	struct rtattr *rta = (struct rtattr *)((char *)r +
					       NLMSG_ALIGN(r->nh.nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(n);
	if (n)
		memcpy(RTA_DATA(rta), d, n);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

static void req_init(struct link_req *r, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->nh.nlmsg_len = NLMSG_LENGTH(sizeof(r->ifi));
	r->nh.nlmsg_type = RTM_NEWLINK;
	r->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r->ifi.ifi_family = AF_UNSPEC;
	req_attr(r, IFLA_IFNAME, name, strlen(name) + 1);
}

static int set_up(int ns, const char *name, bool up)
{
	struct link_req r;

	req_init(&r, name);
	r.ifi.ifi_flags = up ? IFF_UP : 0;
	r.ifi.ifi_change = IFF_UP;
	return vxdp_nl_request(nl[ns], &r.nh, NULL, NULL, NULL);
}

/* attach @prog_fd (-1: detach) to fna in mode @flags (XDP_FLAGS_*) */
static int set_xdp(int prog_fd, uint32_t flags)
{
	struct link_req r;
	struct rtattr *nest;
	int32_t fd = prog_fd;

	req_init(&r, "fna");
	nest = req_attr(&r, IFLA_XDP | NLA_F_NESTED, NULL, 0);
	req_attr(&r, IFLA_XDP_FD, &fd, 4);
	req_attr(&r, IFLA_XDP_FLAGS, &flags, 4);
	nest->rta_len = (char *)&r + r.nh.nlmsg_len - (char *)nest;
	return vxdp_nl_request(nl[0], &r.nh, NULL, NULL, NULL);
}

static int xdp_attached_cb(const struct nlmsghdr *nh, void *arg)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nh);
	int len = nh->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));
	const struct rtattr *rta, *x;

	if (nh->nlmsg_type != RTM_NEWLINK)
		return 0;
	for (rta = IFLA_RTA(ifi); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		int xlen = RTA_PAYLOAD(rta);

		if ((rta->rta_type & NLA_TYPE_MASK) != IFLA_XDP)
			continue;
		for (x = RTA_DATA(rta); RTA_OK(x, xlen); x = RTA_NEXT(x, xlen))
			if (x->rta_type == IFLA_XDP_ATTACHED)
				*(int *)arg = *(const uint8_t *)RTA_DATA(x);
	}
	return 0;
}

/* fna's IFLA_XDP_ATTACHED: XDP_ATTACHED_NONE, _DRV, _HW, _MULTI */
static int xdp_attached(void)
{
	struct link_req r;
	int attached = -1, err;

	req_init(&r, "fna");
	r.nh.nlmsg_type = RTM_GETLINK;
	err = vxdp_nl_request(nl[0], &r.nh, NULL, xdp_attached_cb, &attached);
	if (err || attached < 0)
		die("fna's XDP state: %s", strerror(-err));
	return attached;
}

static int bpf_prog_xdp_pass(int ifindex)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0,
		  .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_XDP;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = 2;
	a.license = (uintptr_t)"GPL";
	a.prog_ifindex = ifindex;
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	return fd < 0 ? -errno : fd;
}

static int bpf_map_array(int ifindex)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 16;
	a.map_ifindex = ifindex;
	fd = syscall(__NR_bpf, BPF_MAP_CREATE, &a, sizeof(a));
	return fd < 0 ? -errno : fd;
}

/* ethtool -G / -L of fna: one request each (no read first under fail-nth) */
static struct ethtool_ringparam fn_rp;
static struct ethtool_channels fn_ch;

static int set_rings(uint32_t n)
{
	fn_rp.cmd = ETHTOOL_SRINGPARAM;
	fn_rp.rx_pending = fn_rp.tx_pending = n;
	return eth_ioctl(ioc[0], "fna", &fn_rp);
}

static uint32_t rings(void)
{
	struct ethtool_ringparam rp = { .cmd = ETHTOOL_GRINGPARAM };

	if (eth_ioctl(ioc[0], "fna", &rp))
		die("fna rings: %s", strerror(errno));
	return rp.rx_pending;
}

static int set_channels(uint32_t n)
{
	fn_ch.cmd = ETHTOOL_SCHANNELS;
	fn_ch.rx_count = fn_ch.tx_count = n;
	return eth_ioctl(ioc[0], "fna", &fn_ch);
}

static uint32_t channels(void)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };

	if (eth_ioctl(ioc[0], "fna", &ch))
		die("fna channels: %s", strerror(errno));
	return ch.rx_count;
}

static bool exists(int ns, const char *name)
{
	struct vxdp_nl_link l;

	return !vxdp_nl_link_get(nl[ns], name, &l);
}

static bool is_up(int ns, const char *name)
{
	struct vxdp_nl_link l;

	if (vxdp_nl_link_get(nl[ns], name, &l))
		die("%s: gone", name);
	return l.flags & IFF_UP;
}

/* fnc (ns0) - fnd (in netns @peer_ns), 2 queues, rings of 256 */
static int add_fnc(int peer_ns)
{
	struct vxdp_link_opts o;

	vxdp_link_opts_init(&o);
	o.name = "fnc";
	o.peer = "fnd";
	o.peer_ns_fd = ns_fd[peer_ns];
	o.txq = o.rxq = o.peer_txq = o.peer_rxq = 2;
	o.ring_size = 256;
	return vxdp_nl_link_add(nl[0], &o, NULL);
}

static void must(int err, const char *what)
{
	if (err < 0)
		die("%s: %s", what, strerror(-err));
}

/*
 * An operation: prep brings the devices to where it applies, run is the
 * one request every allocation of which fails in turn, took tells whether
 * it took effect, undo goes back to prep's state (nothing fails then).
 */
struct fn_op {
	const char *name;
	void (*prep)(void);
	int (*run)(void);
	bool (*took)(void);
	void (*undo)(void);
};

static void nop(void)
{
}

static int run_create(void)
{
	return add_fnc(1);
}

static bool took_create(void)
{
	bool c = exists(0, "fnc"), d = exists(1, "fnd");

	if (c != d)
		die("create: half a pair (fnc %d, fnd %d)", c, d);
	return c;
}

static void undo_create(void)
{
	must(vxdp_nl_link_del(nl[0], "fnc", NULL), "delete fnc");
}

static void prep_down(void)
{
	must(set_up(0, "fna", false), "fna down");
}

static int run_up(void)
{
	return set_up(0, "fna", true);
}

static bool took_up(void)
{
	return is_up(0, "fna");
}

static void prep_up(void)
{
	must(set_up(0, "fna", true), "fna up");
	fn_rp.cmd = ETHTOOL_GRINGPARAM;
	fn_ch.cmd = ETHTOOL_GCHANNELS;
	if (eth_ioctl(ioc[0], "fna", &fn_rp) || eth_ioctl(ioc[0], "fna", &fn_ch))
		die("fna rings or channels: %s", strerror(errno));
}

static int run_rings(void)
{
	return set_rings(1024);
}

static bool took_rings(void)
{
	return rings() == 1024;
}

static void undo_rings(void)
{
	must(set_rings(512), "fna rings back to 512");
}

static int run_channels(void)
{
	return set_channels(1);
}

static bool took_channels(void)
{
	return channels() == 1;
}

static void undo_channels(void)
{
	must(set_channels(2), "fna channels back to 2");
}

static int run_xdp(void)
{
	return set_xdp(fn_prog, XDP_FLAGS_DRV_MODE);
}

static bool took_xdp(void)
{
	return xdp_attached() == XDP_ATTACHED_DRV;
}

static void undo_xdp(void)
{
	must(set_xdp(-1, XDP_FLAGS_DRV_MODE), "fna: detach");
}

static int run_xdp_hw(void)
{
	return set_xdp(fn_off_prog, XDP_FLAGS_HW_MODE);
}

static bool took_xdp_hw(void)
{
	return xdp_attached() == XDP_ATTACHED_HW;
}

static void undo_xdp_hw(void)
{
	must(set_xdp(-1, XDP_FLAGS_HW_MODE), "fna: detach the offloaded program");
}

static int run_prog_dev(void)
{
	return fn_fd = bpf_prog_xdp_pass(fn_ifindex);
}

static int run_map_dev(void)
{
	return fn_fd = bpf_map_array(fn_ifindex);
}

static bool took_fd(void)
{
	return fn_fd >= 0;
}

static void undo_fd(void)
{
	close(fn_fd);
	fn_fd = -1;
}

static void prep_pair(void)
{
	must(add_fnc(0), "create fnc - fnd");
}

static int run_del(void)
{
	return vxdp_nl_link_del(nl[0], "fnc", NULL);
}

static bool took_del(void)
{
	bool c = exists(0, "fnc"), d = exists(0, "fnd");

	if (c != d)
		die("delete: half a pair (fnc %d, fnd %d)", c, d);
	return !c;
}

static const struct fn_op fn_ops[] = {
	{ "create a pair", nop, run_create, took_create, undo_create },
	{ "bring a device up", prep_down, run_up, took_up, prep_down },
	{ "ethtool -G (running)", prep_up, run_rings, took_rings, undo_rings },
	{ "ethtool -L (running)", prep_up, run_channels, took_channels,
	  undo_channels },
	{ "attach a native program", prep_up, run_xdp, took_xdp, undo_xdp },
	{ "load a program for the device", nop, run_prog_dev, took_fd,
	  undo_fd },
	{ "create a map for the device", nop, run_map_dev, took_fd, undo_fd },
	{ "attach an offloaded program", nop, run_xdp_hw, took_xdp_hw,
	  undo_xdp_hw },
	/*
	 * Not a netns move: past its point of no return the core WARNs when
	 * sysfs fails to allocate (__dev_change_net_namespace():
	 * WARN_ON(device_rename()), 6.12), whatever the device.
	 */
	{ "delete a pair", prep_pair, run_del, took_del, prep_pair },
};

#define FN_MAX_ALLOCS	20000

static void fail_nth_op(const struct fn_op *op)
{
	unsigned int n, refused = 0, took = 0, errs[160] = { 0 };
	char line[1024];
	int err, k, len = 0;

	op->prep();
	for (n = 1; n <= FN_MAX_ALLOCS; n++) {
		bool injected, effect;

		snapshot(&base);
		fail_nth_set(n);
		err = op->run();
		injected = !fail_nth_get();
		fail_nth_set(0);
		if (err > 0)
			err = 0;	/* a file descriptor */
		effect = op->took();
		if (!injected) {
			/* n - 1 allocations: the request ran them all */
			if (err || !effect)
				die("%s without a failure: %s, %s", op->name,
				    strerror(-err), effect ? "done" : "not done");
			op->undo();
			break;
		}
		if (-err > 0 && -err < 160)
			errs[-err]++;
		if (effect) {
			/* the ack (an skb) may be what failed */
			if (err && err != -ENOBUFS)
				die("%s: allocation %u failed, the request returned %s but took effect",
				    op->name, n, strerror(-err));
			took++;
			op->undo();
			continue;
		}
		if (!err)
			die("%s: allocation %u failed, the request returned 0 but did nothing",
			    op->name, n);
		refused++;
		check_state(op->name, n);
	}
	if (n > FN_MAX_ALLOCS)
		die("%s: more than %u allocations", op->name, FN_MAX_ALLOCS);
	for (k = 0; k < 160; k++)
		if (errs[k])
			len += snprintf(line + len, sizeof(line) - len, " %s:%u",
					strerrorname_np(k) ?: "?", errs[k]);
	printf("# %s: %u allocations; failed each: %u refused, state unchanged, %u done all the same;%s\n",
	       op->name, n - 1, refused, took, len ? line : " no error");
}

/* @n frames from fna reach fnb (packet sockets, an ethertype of their own) */
static void fn_traffic(unsigned int n)
{
	struct sockaddr_ll tx = {
		.sll_family = AF_PACKET, .sll_ifindex = fn_ifindex,
		.sll_halen = ETH_ALEN,
	};
	struct sockaddr_ll rx = {
		.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
	};
	struct timeval tv = { .tv_sec = 5 };
	unsigned char f[100], g[200];
	struct vxdp_nl_link b;
	unsigned int i, got = 0;
	int ts, rs;

	if (vxdp_nl_link_get(nl[0], "fnb", &b))
		die("fnb: gone");
	rs = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	ts = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	rx.sll_ifindex = b.ifindex;
	if (rs < 0 || ts < 0 || bind(rs, (void *)&rx, sizeof(rx)) ||
	    setsockopt(rs, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		die("packet sockets: %s", strerror(errno));
	memcpy(f, b.addr, ETH_ALEN);
	memset(f + 6, 0x02, ETH_ALEN);
	f[12] = 0x88;		/* local experimental ethertype 1 */
	f[13] = 0xb5;
	/* one at a time: the socket's receive buffer holds a few dozen */
	for (i = 0; i < n; i++) {
		memset(f + 14, i, sizeof(f) - 14);
		if (sendto(ts, f, sizeof(f), 0, (void *)&tx, sizeof(tx)) !=
		    sizeof(f))
			die("send: %s", strerror(errno));
		while (got == i) {
			ssize_t len = recv(rs, g, sizeof(g), 0);

			if (len < 0)
				die("fnb received %u of %u frames: %s", got,
				    n, strerror(errno));
			if (len != sizeof(f) || g[12] != 0x88 || g[13] != 0xb5)
				continue;
			if (g[14] != (unsigned char)i || g[99] != g[14])
				die("frame %u: wrong or out of order", i);
			got++;
		}
	}
	close(rs);
	close(ts);
}

static int cmd_failnth(void)
{
	struct vxdp_link_opts o;
	time_t start = time(NULL);
	unsigned int i;
	int err;

	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (fail_nth_fd < 0) {
		printf("# SKIP: no /proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION)\n");
		return 4;
	}
	err = vxdp_module_load();
	if (err)
		die("cannot load vxdp: %s", strerror(-err));
	env_setup();
	no_link_state = true;

	/* fna - fnb in ns0: 2 queues, rings of 512, fnb up */
	vxdp_link_opts_init(&o);
	o.name = "fna";
	o.peer = "fnb";
	o.txq = o.rxq = o.peer_txq = o.peer_rxq = 2;
	o.ring_size = 512;
	must_add(nl[0], &o);
	link_up(0, "fnb");
	{
		struct vxdp_nl_link a;

		if (vxdp_nl_link_get(nl[0], "fna", &a))
			die("fna: gone");
		fn_ifindex = a.ifindex;
	}
	fn_prog = bpf_prog_xdp_pass(0);
	must(fn_prog, "load an XDP program");
	fn_off_prog = bpf_prog_xdp_pass(fn_ifindex);
	must(fn_off_prog, "load an XDP program for fna");

	for (i = 0; i < sizeof(fn_ops) / sizeof(fn_ops[0]); i++)
		fail_nth_op(&fn_ops[i]);
	must(vxdp_nl_link_del(nl[0], "fnc", NULL), "delete fnc");

	/* what the failures left: fna as configured, carrying traffic */
	must(set_up(0, "fna", true), "fna up");
	if (rings() != 512 || channels() != 2 ||
	    xdp_attached() != XDP_ATTACHED_NONE)
		die("fna: rings %u, channels %u, XDP %d", rings(), channels(),
		    xdp_attached());
	fn_traffic(1000);
	printf("# fna -> fnb: 1000 frames, in order, %ld s\n",
	       (long)(time(NULL) - start));
	printf("# PASS\n");
	return 0;
}

/* ------------------------------------------------------------------ */

static int cmd_snapshot(int argc, char **argv)
{
	struct text t = { 0 };
	int i, nlfd, fd;

	nlfd = vxdp_nl_open();
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (nlfd < 0 || fd < 0)
		die("sockets");
	set_timeout(nlfd);
	for (i = 1; i < argc; i++)
		snap_ns(&t, nlfd, fd, "", true, argv[i]);
	if (t.s)
		fputs(t.s, stdout);
	return 0;
}

/* ------------------------------------------------------------------ */
/* broken BPF objects */

static unsigned char *elf;
static size_t elf_len;

static void write_variant(const char *dir, const char *name,
			  const unsigned char *d, size_t n)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s.o", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, d, n) != (ssize_t)n)
		die("%s: %s", path, strerror(errno));
	close(fd);
	printf("%s\n", name);
}

/* a copy of the object with @n bytes at @off replaced */
static void variant(const char *dir, const char *name, size_t off,
		    const void *d, size_t n)
{
	unsigned char *c = malloc(elf_len);

	if (!c)
		die("out of memory");
	memcpy(c, elf, elf_len);
	if (off + n > elf_len)
		die("%s: patch beyond the object", name);
	memcpy(c + off, d, n);
	write_variant(dir, name, c, elf_len);
	free(c);
}

static int cmd_bad_elf(int argc, char **argv)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh, *xdp = NULL;
	const char *strtab;
	struct stat st;
	size_t xdp_sh_off = 0;
	uint64_t v64;
	uint32_t v32;
	uint16_t v16;
	int fd, i;

	if (argc != 3) {
		fprintf(stderr, "usage: vxdp_fuzz bad-elf IN.o OUTDIR\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st))
		die("%s: %s", argv[1], strerror(errno));
	elf_len = st.st_size;
	elf = malloc(elf_len);
	if (!elf || read(fd, elf, elf_len) != (ssize_t)elf_len)
		die("%s: read", argv[1]);
	close(fd);
	eh = (const Elf64_Ehdr *)elf;
	if (elf_len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64)
		die("%s: not a 64-bit ELF object", argv[1]);
	sh = (const Elf64_Shdr *)(elf + eh->e_shoff);
	strtab = (const char *)elf + sh[eh->e_shstrndx].sh_offset;
	for (i = 0; i < eh->e_shnum; i++) {
		if (!strcmp(strtab + sh[i].sh_name, "xdp")) {
			xdp = &sh[i];
			xdp_sh_off = eh->e_shoff + i * sizeof(*sh);
		}
	}
	if (!xdp || xdp->sh_size < 16)
		die("%s: no xdp section", argv[1]);

	/* truncated */
	write_variant(argv[2], "trunc_16", elf, 16);
	write_variant(argv[2], "trunc_half", elf, elf_len / 2);
	write_variant(argv[2], "trunc_last", elf, elf_len - 1);
	write_variant(argv[2], "trunc_in_xdp", elf,
		      xdp->sh_offset + xdp->sh_size / 2);
	/* corrupted headers */
	variant(argv[2], "bad_magic", 0, "\x7f" "ELG", 4);
	v16 = EM_X86_64;
	variant(argv[2], "bad_machine", offsetof(Elf64_Ehdr, e_machine), &v16, 2);
	v64 = elf_len + 4096;
	variant(argv[2], "bad_shoff", offsetof(Elf64_Ehdr, e_shoff), &v64, 8);
	v16 = 0xffff;
	variant(argv[2], "bad_shnum", offsetof(Elf64_Ehdr, e_shnum), &v16, 2);
	v64 = elf_len * 4;
	variant(argv[2], "bad_xdp_offset",
		xdp_sh_off + offsetof(Elf64_Shdr, sh_offset), &v64, 8);
	v64 = xdp->sh_size - 3;
	variant(argv[2], "bad_xdp_size",
		xdp_sh_off + offsetof(Elf64_Shdr, sh_size), &v64, 8);
	v32 = 0xffffff;
	variant(argv[2], "bad_xdp_name",
		xdp_sh_off + offsetof(Elf64_Shdr, sh_name), &v32, 4);
	/* bad instructions, first of the program: the verifier's refusals */
	{
		/* opcode 0xff does not exist */
		const unsigned char bad_op[8] = { 0xff, 0, 0, 0, 0, 0, 0, 0 };
		/* r11 = 0: no register 11 */
		const unsigned char bad_reg[8] = { 0xb7, 0x0b, 0, 0, 0, 0, 0, 0 };
		/* goto +32767: out of the program */
		const unsigned char bad_jmp[8] = { 0x05, 0, 0xff, 0x7f, 0, 0, 0, 0 };
		/* r0 = r5: read of an uninitialized register, then exit */
		const unsigned char uninit[16] = {
			0xbf, 0x50, 0, 0, 0, 0, 0, 0,
			0x95, 0, 0, 0, 0, 0, 0, 0,
		};
		/* r0 = *(u64 *)(r10 + 8): above the stack */
		const unsigned char bad_stack[8] = { 0x79, 0xa0, 8, 0, 0, 0, 0, 0 };
		/* r1 = *(u64 *)(r1 + 4096): beyond struct xdp_md */
		const unsigned char bad_ctx[8] = { 0x79, 0x11, 0, 0x10, 0, 0, 0, 0 };
		unsigned char *noexit = malloc(xdp->sh_size);
		size_t k;

		variant(argv[2], "insn_bad_opcode", xdp->sh_offset, bad_op, 8);
		variant(argv[2], "insn_bad_reg", xdp->sh_offset, bad_reg, 8);
		variant(argv[2], "insn_bad_jump", xdp->sh_offset, bad_jmp, 8);
		variant(argv[2], "insn_uninit_reg", xdp->sh_offset, uninit, 16);
		variant(argv[2], "insn_bad_stack", xdp->sh_offset, bad_stack, 8);
		variant(argv[2], "insn_bad_ctx", xdp->sh_offset, bad_ctx, 8);
		/* every instruction "r0 = 0": no exit */
		if (!noexit)
			die("out of memory");
		for (k = 0; k + 8 <= xdp->sh_size; k += 8)
			memcpy(noexit + k, "\xb7\0\0\0\0\0\0\0", 8);
		variant(argv[2], "insn_no_exit", xdp->sh_offset, noexit,
			xdp->sh_size & ~7UL);
		free(noexit);
	}
	free(elf);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "rtnl"))
		return cmd_rtnl(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "snapshot"))
		return cmd_snapshot(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "bad-elf"))
		return cmd_bad_elf(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "failnth"))
		return cmd_failnth();
	fprintf(stderr, "usage: vxdp_fuzz rtnl|snapshot|bad-elf|failnth ...\n");
	return 2;
}
