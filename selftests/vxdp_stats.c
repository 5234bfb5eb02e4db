// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp_stats: every counter of network devices and netns in one process, for
 * the selftests (under emulation each process the tests spawn costs more
 * than the kernel work they check). A tool for the selftests, not a test.
 *
 *   vxdp_stats [-p] [-g NAME] [-w NAME -v MIN [-t SECONDS]] SPEC...
 *
 * SPEC is NS/DEV, the counters of device DEV of netns NS (/run/netns/NS; an
 * empty NS is the netns vxdp_stats runs in), or NS/, the IPv4 counters of
 * netns NS. A device's counters, one "name value" a line:
 *   ip.rx.NAME ip.tx.NAME  ndo_get_stats64 through rtnetlink (IFLA_STATS64,
 *                          and IFLA_CARRIER_CHANGES as ip.tx.carrier_changes),
 *                          named as "ip -s -s -j link show" names them (all
 *                          of them, also those ip shows only when non-zero)
 *   sys.NAME               every /sys/class/net/DEV/statistics/NAME, as
 *                          DEV's netns shows it (like "ip netns exec")
 *   NAME                   the driver's counters, as "ethtool -S" prints them
 *                          (ETHTOOL_GSTRINGS / ETHTOOL_GSTATS), spaces removed
 * and of a netns: Ip.NAME, the "Ip:" line of its /proc/net/snmp.
 * With several SPECs, each one's lines follow a line "@SPEC".
 *
 * -p:      a netns's page pools instead of its Ip counters, where the kernel
 *          lists them (netdev netlink family, page-pool-get: 6.8 and later;
 *          else nothing): pp.pools, pp.inflight and pp.detached, the pools
 *          of the netns's devices, the pages they have in flight, and how
 *          many of them belong to devices gone (listed under loopback until
 *          their pages are back).
 * -g NAME: print only the value of counter NAME of the first SPEC (status 1
 *          if it has none).
 * -w NAME -v MIN: first wait, polling every 10 ms for up to -t SECONDS
 *          (default 30), until counter NAME of the first SPEC is at least
 *          MIN; status 3 (after printing) if it never got there.
 * Status 2 on any error (message on stderr).
 */
#define _GNU_SOURCE
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
#include <dirent.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <linux/ethtool.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("vxdp_stats: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* the output of one SPEC */
struct out {
	char *buf;
	size_t len, cap;
};

static void put(struct out *o, const char *name, uint64_t v)
{
	int n;

	for (;;) {
		n = snprintf(o->buf + o->len, o->cap - o->len, "%s %" PRIu64 "\n",
			     name, v);
		if (n >= 0 && (size_t)n < o->cap - o->len)
			break;
		o->cap = o->cap ? 2 * o->cap : 65536;
		o->buf = realloc(o->buf, o->cap);
		if (!o->buf)
			die("out of memory");
	}
	o->len += n;
}

/* ------------------------------------------------------------------ */
/* netns: switch, and a /sys that shows the current one */

static int self_ns = -1;	/* the netns we started in */
static char cur_ns[256];	/* "" = self_ns */
static char sys_ns[256];	/* whose devices /sys shows */
static int own_mount_ns;
static int want_pools;		/* -p */

static void enter_ns(const char *ns)
{
	char path[300];
	int fd;

	if (!strcmp(ns, cur_ns))
		return;
	if (self_ns < 0) {
		self_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (self_ns < 0)
			die("/proc/self/ns/net: %s", strerror(errno));
	}
	if (*ns) {
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			die("netns %s: %s", ns, strerror(errno));
	} else {
		fd = self_ns;
	}
	if (setns(fd, CLONE_NEWNET))
		die("setns %s: %s", ns, strerror(errno));
	if (fd != self_ns)
		close(fd);
	snprintf(cur_ns, sizeof(cur_ns), "%s", ns);
}

/* as "ip netns exec" does: a private mount of sysfs for the current netns */
static void sysfs_for_ns(void)
{
	if (!strcmp(sys_ns, cur_ns))
		return;
	if (!own_mount_ns) {
		if (unshare(CLONE_NEWNS))
			die("unshare(CLONE_NEWNS): %s", strerror(errno));
		if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL))
			die("mount --make-rslave /: %s", strerror(errno));
		own_mount_ns = 1;
	}
	if (umount2("/sys", MNT_DETACH) && errno != EINVAL)
		die("umount /sys: %s", strerror(errno));
	if (mount(cur_ns, "/sys", "sysfs", 0, NULL))
		die("mount sysfs: %s", strerror(errno));
	snprintf(sys_ns, sizeof(sys_ns), "%s", cur_ns);
}

/* ------------------------------------------------------------------ */
/* rtnetlink: IFLA_STATS64, IFLA_CARRIER_CHANGES */

static int rtnl_stats(const char *dev, struct rtnl_link_stats64 *st,
		      uint32_t *carrier_changes)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[64];
	} req = {
		.nh.nlmsg_type = RTM_GETLINK,
		.nh.nlmsg_flags = NLM_F_REQUEST,
		.nh.nlmsg_seq = 1,
		.ifi.ifi_family = AF_UNSPEC,
	};
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	static char buf[65536];
	struct rtattr *rta;
	struct nlmsghdr *nh;
	int fd, len, alen, found = 0;

	rta = (struct rtattr *)req.attrs;
	rta->rta_type = IFLA_IFNAME;
	rta->rta_len = RTA_LENGTH(strlen(dev) + 1);
	memcpy(RTA_DATA(rta), dev, strlen(dev) + 1);
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi)) + RTA_ALIGN(rta->rta_len);

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("rtnetlink socket: %s", strerror(errno));
	if (send(fd, &req, req.nh.nlmsg_len, 0) < 0)
		die("RTM_GETLINK %s: %s", dev, strerror(errno));
	len = recv(fd, buf, sizeof(buf), 0);
	if (len < 0)
		die("RTM_GETLINK %s: %s", dev, strerror(errno));
	close(fd);
	for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (unsigned int)len);
	     nh = NLMSG_NEXT(nh, len)) {
		if (nh->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = NLMSG_DATA(nh);

			errno = -e->error;
			return -1;
		}
		if (nh->nlmsg_type != RTM_NEWLINK)
			continue;
		alen = IFLA_PAYLOAD(nh);
		for (rta = IFLA_RTA(NLMSG_DATA(nh)); RTA_OK(rta, alen);
		     rta = RTA_NEXT(rta, alen)) {
			if (rta->rta_type == IFLA_STATS64) {
				size_t n = RTA_PAYLOAD(rta);

				if (n > sizeof(*st))
					n = sizeof(*st);
				memcpy(st, RTA_DATA(rta), n);
				found |= 1;
			} else if (rta->rta_type == IFLA_CARRIER_CHANGES) {
				memcpy(carrier_changes, RTA_DATA(rta), 4);
				found |= 2;
			}
		}
	}
	if (found != 3)
		die("RTM_GETLINK %s: no IFLA_STATS64 or IFLA_CARRIER_CHANGES", dev);
	return 0;
}

/* ------------------------------------------------------------------ */
/* ethtool -S */

static void ethtool_stats(const char *dev, struct out *o)
{
	struct {
		struct ethtool_sset_info hdr;
		uint32_t len;
	} sset = { .hdr.cmd = ETHTOOL_GSSET_INFO,
		   .hdr.sset_mask = 1ULL << ETH_SS_STATS };
	struct ethtool_gstrings *strs;
	struct ethtool_stats *stats;
	struct ifreq ifr = {};
	uint32_t n, i;
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ifr.ifr_data = (void *)&sset;
	if (ioctl(fd, SIOCETHTOOL, &ifr) || !sset.hdr.sset_mask) {
		close(fd);	/* no driver counters ("no stats available") */
		return;
	}
	n = sset.len;
	strs = calloc(1, sizeof(*strs) + (size_t)n * ETH_GSTRING_LEN);
	stats = calloc(1, sizeof(*stats) + (size_t)n * sizeof(uint64_t));
	if (!strs || !stats)
		die("out of memory");
	strs->cmd = ETHTOOL_GSTRINGS;
	strs->string_set = ETH_SS_STATS;
	strs->len = n;
	ifr.ifr_data = (void *)strs;
	if (ioctl(fd, SIOCETHTOOL, &ifr))
		die("%s: ETHTOOL_GSTRINGS: %s", dev, strerror(errno));
	stats->cmd = ETHTOOL_GSTATS;
	stats->n_stats = n;
	ifr.ifr_data = (void *)stats;
	if (ioctl(fd, SIOCETHTOOL, &ifr))
		die("%s: ETHTOOL_GSTATS: %s", dev, strerror(errno));
	close(fd);
	for (i = 0; i < n && i < strs->len && i < stats->n_stats; i++) {
		char name[ETH_GSTRING_LEN + 1], *s, *d;

		memcpy(name, strs->data + (size_t)i * ETH_GSTRING_LEN,
		       ETH_GSTRING_LEN);
		name[ETH_GSTRING_LEN] = 0;
		for (s = d = name; *s; s++)	/* as the tests' awk did */
			if (*s != ' ')
				*d++ = *s;
		*d = 0;
		put(o, name, stats->data[i]);
	}
	free(strs);
	free(stats);
}

/* ------------------------------------------------------------------ */

static void dev_stats(const char *dev, struct out *o)
{
	struct rtnl_link_stats64 st = {};
	uint32_t cc = 0;
	char dir[128], path[384], name[300], val[32];
	struct dirent **ents;
	int i, n;
	FILE *f;

	if (rtnl_stats(dev, &st, &cc))
		die("device %s%s%s: %s", dev, *cur_ns ? " in netns " : "",
		    cur_ns, strerror(errno));
#define IP(dir, n, v) put(o, "ip." dir "." n, st.v)
	IP("rx", "bytes", rx_bytes);
	IP("rx", "packets", rx_packets);
	IP("rx", "errors", rx_errors);
	IP("rx", "dropped", rx_dropped);
	IP("rx", "over_errors", rx_over_errors);
	IP("rx", "multicast", multicast);
	IP("rx", "compressed", rx_compressed);
	IP("rx", "length_errors", rx_length_errors);
	IP("rx", "crc_errors", rx_crc_errors);
	IP("rx", "frame_errors", rx_frame_errors);
	IP("rx", "fifo_errors", rx_fifo_errors);
	IP("rx", "missed_errors", rx_missed_errors);
	IP("rx", "nohandler", rx_nohandler);
	IP("rx", "otherhost", rx_otherhost_dropped);
	IP("tx", "bytes", tx_bytes);
	IP("tx", "packets", tx_packets);
	IP("tx", "errors", tx_errors);
	IP("tx", "dropped", tx_dropped);
	IP("tx", "carrier_errors", tx_carrier_errors);
	IP("tx", "collisions", collisions);
	IP("tx", "compressed", tx_compressed);
	IP("tx", "aborted_errors", tx_aborted_errors);
	IP("tx", "fifo_errors", tx_fifo_errors);
	IP("tx", "window_errors", tx_window_errors);
	IP("tx", "heartbeat_errors", tx_heartbeat_errors);
#undef IP
	put(o, "ip.tx.carrier_changes", cc);

	sysfs_for_ns();
	snprintf(dir, sizeof(dir), "/sys/class/net/%s/statistics", dev);
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		die("%s: %s", dir, strerror(errno));
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		f = fopen(path, "re");
		if (!f || !fgets(val, sizeof(val), f))
			die("%s: %s", path, strerror(errno));
		fclose(f);
		snprintf(name, sizeof(name), "sys.%s", ents[i]->d_name);
		put(o, name, strtoull(val, NULL, 10));
		free(ents[i]);
	}
	free(ents);
	ethtool_stats(dev, o);
}

/* ------------------------------------------------------------------ */
/* page pools: the netdev family's page-pool-get dump */

/* include/uapi/linux/netdev.h of 6.8 and later (not in 6.1's headers) */
#define VXDP_NETDEV_CMD_PAGE_POOL_GET		5
#define VXDP_NETDEV_A_PAGE_POOL_INFLIGHT	4
#define VXDP_NETDEV_A_PAGE_POOL_DETACH_TIME	6

/* send one request, then read its replies to the end: cb for each message */
static int genl_talk(int fd, struct nlmsghdr *nh, char *buf, size_t size,
		     void (*cb)(struct nlmsghdr *nh, void *arg), void *arg)
{
	int len, err = 0, done = 0;

	if (send(fd, nh, nh->nlmsg_len, 0) < 0)
		die("generic netlink: %s", strerror(errno));
	while (!done) {
		len = recv(fd, buf, size, 0);
		if (len < 0)
			die("generic netlink: %s", strerror(errno));
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (unsigned int)len);
		     nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = 1;
			} else if (nh->nlmsg_type == NLMSG_ERROR) {
				err = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
				done = 1;
			} else {
				cb(nh, arg);
				if (!(nh->nlmsg_flags & NLM_F_MULTI))
					done = 1;
			}
		}
	}
	return err;
}

/* each attribute A of generic netlink message NH (REM: bytes left) */
#define genl_for_each_attr(a, rem, nh)					\
	for (a = (void *)((char *)NLMSG_DATA(nh) + GENL_HDRLEN),	\
	     rem = (int)(nh)->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);	\
	     rem >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&	\
	     a->nla_len <= rem;						\
	     rem -= NLA_ALIGN(a->nla_len),				\
	     a = (void *)((char *)a + NLA_ALIGN(a->nla_len)))

static void family_id_cb(struct nlmsghdr *nh, void *arg)
{
	struct nlattr *a;
	int rem;

	genl_for_each_attr(a, rem, nh)
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			memcpy(arg, (char *)a + NLA_HDRLEN, 2);
}

struct pp_sum {
	uint64_t pools, inflight, detached;
};

/* a "uint" attribute: 4 or 8 bytes */
static uint64_t nla_uint(const struct nlattr *a)
{
	uint32_t v32;
	uint64_t v64;

	if (a->nla_len - NLA_HDRLEN >= 8) {
		memcpy(&v64, (char *)a + NLA_HDRLEN, 8);
		return v64;
	}
	memcpy(&v32, (char *)a + NLA_HDRLEN, 4);
	return v32;
}

static void page_pool_cb(struct nlmsghdr *nh, void *arg)
{
	struct pp_sum *sum = arg;
	struct nlattr *a;
	int rem;

	sum->pools++;
	genl_for_each_attr(a, rem, nh) {
		if (a->nla_type == VXDP_NETDEV_A_PAGE_POOL_INFLIGHT)
			sum->inflight += nla_uint(a);
		else if (a->nla_type == VXDP_NETDEV_A_PAGE_POOL_DETACH_TIME)
			sum->detached++;
	}
}

/* pp.pools, pp.inflight, pp.detached of the current netns, if listed */
static void page_pool_stats(struct out *o)
{
	struct {
		struct nlmsghdr nh;
		struct genlmsghdr g;
		char attrs[32];
	} req = {
		.nh.nlmsg_type = GENL_ID_CTRL,
		.nh.nlmsg_flags = NLM_F_REQUEST,
		.nh.nlmsg_seq = 1,
		.g.cmd = CTRL_CMD_GETFAMILY,
		.g.version = 1,
	};
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	static char buf[65536];
	struct pp_sum sum = {};
	struct nlattr *a = (void *)req.attrs;
	uint16_t id = 0;
	int fd;

	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof("netdev");
	memcpy((char *)a + NLA_HDRLEN, "netdev", sizeof("netdev"));
	req.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(a->nla_len);

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("generic netlink socket: %s", strerror(errno));
	/* no netdev family (before 6.3), or no page-pool-get in it (6.3-6.7) */
	if (genl_talk(fd, &req.nh, buf, sizeof(buf), family_id_cb, &id) || !id)
		goto out;
	req.nh.nlmsg_type = id;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = 2;
	req.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req.g.cmd = VXDP_NETDEV_CMD_PAGE_POOL_GET;
	if (genl_talk(fd, &req.nh, buf, sizeof(buf), page_pool_cb, &sum))
		goto out;
	put(o, "pp.pools", sum.pools);
	put(o, "pp.inflight", sum.inflight);
	put(o, "pp.detached", sum.detached);
out:
	close(fd);
}

/* the "Ip:" lines of /proc/net/snmp (names, then values) */
static void ns_stats(struct out *o)
{
	char names[4096], vals[4096], *sn, *sv, *n, *v, key[128];
	FILE *f;

	f = fopen("/proc/net/snmp", "re");
	if (!f)
		die("/proc/net/snmp: %s", strerror(errno));
	while (fgets(names, sizeof(names), f)) {
		if (strncmp(names, "Ip: ", 4))
			continue;
		if (!fgets(vals, sizeof(vals), f) || strncmp(vals, "Ip: ", 4))
			die("/proc/net/snmp: no Ip: values");
		n = strtok_r(names + 4, " \n", &sn);
		v = strtok_r(vals + 4, " \n", &sv);
		for (; n && v; n = strtok_r(NULL, " \n", &sn),
			       v = strtok_r(NULL, " \n", &sv)) {
			snprintf(key, sizeof(key), "Ip.%s", n);
			put(o, key, (uint64_t)strtoll(v, NULL, 10));
		}
		break;
	}
	fclose(f);
}

static void spec_stats(const char *spec, struct out *o)
{
	char ns[256];
	const char *slash = strchr(spec, '/');

	if (!slash || (size_t)(slash - spec) >= sizeof(ns))
		die("bad SPEC '%s' (NS/DEV or NS/)", spec);
	memcpy(ns, spec, slash - spec);
	ns[slash - spec] = 0;
	o->len = 0;
	if (o->buf)
		o->buf[0] = 0;
	enter_ns(ns);
	if (slash[1])
		dev_stats(slash + 1, o);
	else if (want_pools)
		page_pool_stats(o);
	else
		ns_stats(o);
}

/* value of NAME in an output, -1 if absent */
static int lookup(const struct out *o, const char *name, uint64_t *v)
{
	size_t nl = strlen(name);
	const char *p = o->buf, *end = o->buf + o->len;

	while (p && p < end) {
		if (!strncmp(p, name, nl) && p[nl] == ' ') {
			*v = strtoull(p + nl + 1, NULL, 10);
			return 0;
		}
		p = memchr(p, '\n', end - p);
		if (p)
			p++;
	}
	return -1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *get = NULL, *wait = NULL;
	unsigned long long min = 0;
	double timeout = 30, end;
	struct out o = {};
	int c, i, rc = 0;
	uint64_t v;

	while ((c = getopt(argc, argv, "pg:w:v:t:")) != -1) {
		switch (c) {
		case 'g': get = optarg; break;
		case 'w': wait = optarg; break;
		case 'v': min = strtoull(optarg, NULL, 0); break;
		case 't': timeout = strtod(optarg, NULL); break;
		case 'p': want_pools = 1; break;
		default:
			fprintf(stderr, "usage: vxdp_stats [-p] [-g NAME] [-w NAME -v MIN [-t SECONDS]] NS/DEV|NS/...\n");
			return 2;
		}
	}
	if (optind >= argc)
		die("no SPEC");

	if (wait) {
		end = now() + timeout;
		for (;;) {
			spec_stats(argv[optind], &o);
			if (lookup(&o, wait, &v))
				die("%s: no counter %s", argv[optind], wait);
			if (v >= min)
				break;
			if (now() > end) {
				rc = 3;
				break;
			}
			usleep(10000);
		}
	}
	if (get) {
		if (!wait || rc)	/* else: the last poll is the answer */
			spec_stats(argv[optind], &o);
		if (lookup(&o, get, &v))
			return 1;
		printf("%" PRIu64 "\n", v);
		return rc;
	}
	for (i = optind; i < argc; i++) {
		if (!wait || i > optind || rc)
			spec_stats(argv[i], &o);
		if (argc - optind > 1)
			printf("@%s\n", argv[i]);
		fwrite(o.buf, 1, o.len, stdout);
	}
	return rc;
}
