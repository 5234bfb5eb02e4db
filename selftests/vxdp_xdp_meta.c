// SPDX-License-Identifier: GPL-2.0
/*
 * What vxdp tells XDP programs and the stack about a received frame, as a
 * NIC does:
 *
 *  - advertised XDP features and rx metadata features, read back through
 *    the netdev generic netlink family (6.3+);
 *  - the rx metadata kfuncs of a device-bound program (6.8+):
 *    bpf_xdp_metadata_rx_hash() against the published Toeplitz test
 *    vectors (IPv4/IPv6, TCP/UDP, L3-only for fragments and ICMP, none for
 *    ARP or with rxhash off), bpf_xdp_metadata_rx_timestamp() between the
 *    times before and after sending once SIOCSHWTSTAMP enabled it, and
 *    bpf_xdp_metadata_rx_vlan_tag() for a stripped 802.1Q tag (rxvlan on);
 *  - the same offloads in the skb of a passed frame, seen by an AF_PACKET
 *    socket (hardware timestamp, hwaccel VLAN tag), on every kernel.
 *
 * Each test runs in its own network namespace with a fresh pair va <-> vb;
 * frames are sent on va with an AF_PACKET socket and received on vb. The
 * module is loaded from $VXDP_KO (else ../vxdp.ko) when not loaded yet.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/errqueue.h>
#include <linux/ethtool.h>
#include <linux/genetlink.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/net_tstamp.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"
#include "vxdp_nl.h"
#include "progs/xdp_meta.h"

/* uapi of kernels newer than the 6.1 headers these tests build with */
#define XDP_F_DEV_BOUND_ONLY		(1U << 6)	/* BPF_F_XDP_DEV_BOUND_ONLY */
#define NETDEV_CMD_DEV_GET		1
#define NETDEV_A_DEV_IFINDEX		1
#define NETDEV_A_DEV_XDP_FEATURES	3
#define NETDEV_A_DEV_XDP_RX_METADATA_FEATURES 5
#define NETDEV_XDP_ACT_BASIC		1
#define NETDEV_XDP_ACT_REDIRECT		2
#define NETDEV_XDP_ACT_NDO_XMIT		4
#define NETDEV_XDP_ACT_XSK_ZEROCOPY	8
#define NETDEV_XDP_ACT_HW_OFFLOAD	16
#define NETDEV_XDP_ACT_RX_SG		32
#define NETDEV_XDP_ACT_NDO_XMIT_SG	64
#define NETDEV_XDP_RX_METADATA_TIMESTAMP 1
#define NETDEV_XDP_RX_METADATA_HASH	2
#define NETDEV_XDP_RX_METADATA_VLAN_TAG	4
/* enum xdp_rss_hash_type */
#define RSS_L3_IPV4	(1 << 0)
#define RSS_L3_IPV6	(1 << 1)
#define RSS_L4		(1 << 3)
#define RSS_L4_TCP	(1 << 4)
#define RSS_L4_UDP	(1 << 5)

#define TCI		0x2005	/* priority 1, VLAN 5 */

/* The Toeplitz test vectors of Microsoft's RSS verification suite. */
static const unsigned char rss_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};
#define V4_SRC		"66.9.149.187"
#define V4_DST		"161.142.100.80"
#define V6_SRC		"3ffe:2501:200:1fff::7"
#define V6_DST		"3ffe:2501:200:3::1"
#define SPORT		2794
#define DPORT		1766
#define V4_L4_HASH	0x51ccc178U
#define V4_L3_HASH	0x323e8fc2U
#define V6_L4_HASH	0x40207d3dU
#define V6_L3_HASH	0x2cc18cd5U

static uint32_t toeplitz(const unsigned char *in, int len)
{
	uint32_t v = rss_key[0] << 24 | rss_key[1] << 16 |
		     rss_key[2] << 8 | rss_key[3], hash = 0;
	int i, bit;

	for (i = 0; i < len; i++) {
		for (bit = 7; bit >= 0; bit--) {
			if (in[i] & (1 << bit))
				hash ^= v;
			v = v << 1 | ((rss_key[i + 4] >> bit) & 1);
		}
	}
	return hash;
}

enum frame_kind { UDP4, TCP4, UDP6, TCP6, FRAG4, ICMP4, ARP };

static uint16_t frame_sport = SPORT;	/* source port of the next frames */

/*
 * Build a frame of @kind (vector addresses and ports), with an outer VLAN
 * tag of @tpid (0: none); @seq goes into the payload. Returns its length.
 */
static int make_frame(unsigned char *f, enum frame_kind kind, uint16_t tpid,
		      uint16_t seq)
{
	static const unsigned char dst[6] = { 0x02, 0, 0, 0, 0, 0xbb };
	static const unsigned char src[6] = { 0x02, 0, 0, 0, 0, 0xaa };
	bool v6 = kind == UDP6 || kind == TCP6;
	int l3, l4, plen = 32, n;
	uint16_t proto;

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	n = 12;
	if (tpid) {
		*(uint16_t *)(f + n) = htons(tpid);
		*(uint16_t *)(f + n + 2) = htons(TCI);
		n += 4;
	}
	proto = kind == ARP ? ETH_P_ARP : v6 ? ETH_P_IPV6 : ETH_P_IP;
	*(uint16_t *)(f + n) = htons(proto);
	l3 = n + 2;
	if (kind == ARP) {
		memset(f + l3, 0, 28);
		f[l3 + 1] = 1;		/* Ethernet */
		f[l3 + 2] = 8;		/* IPv4 */
		f[l3 + 4] = 6;
		f[l3 + 5] = 4;
		f[l3 + 7] = 1;		/* request */
		return l3 + 28;
	}
	if (v6) {
		memset(f + l3, 0, 40);
		f[l3] = 0x60;
		*(uint16_t *)(f + l3 + 4) = htons(8 + plen);
		f[l3 + 6] = kind == TCP6 ? 6 : 17;
		f[l3 + 7] = 64;
		inet_pton(AF_INET6, V6_SRC, f + l3 + 8);
		inet_pton(AF_INET6, V6_DST, f + l3 + 24);
		l4 = l3 + 40;
	} else {
		memset(f + l3, 0, 20);
		f[l3] = 0x45;
		*(uint16_t *)(f + l3 + 2) = htons(20 + 8 + plen);
		if (kind == FRAG4)
			*(uint16_t *)(f + l3 + 6) = htons(0x2000);	/* MF */
		f[l3 + 8] = 64;
		f[l3 + 9] = kind == TCP4 ? 6 : kind == ICMP4 ? 1 : 17;
		inet_pton(AF_INET, V4_SRC, f + l3 + 12);
		inet_pton(AF_INET, V4_DST, f + l3 + 16);
		l4 = l3 + 20;
	}
	memset(f + l4, 0, 8 + plen);
	if (kind == ICMP4) {
		f[l4] = 8;		/* echo request */
	} else {
		*(uint16_t *)(f + l4) = htons(frame_sport);
		*(uint16_t *)(f + l4 + 2) = htons(DPORT);
	}
	*(uint16_t *)(f + l4 + 8) = htons(seq);
	return l4 + 8 + plen;
}

/* ---- netdev generic netlink: advertised XDP features ------------------ */

static int genl_request(int fd, uint16_t type, uint8_t cmd, uint16_t attr,
			const void *val, int vlen, char *buf, int cap)
{
	struct {
		struct nlmsghdr nh;
		struct genlmsghdr g;
		char attrs[64];
	} req = {};
	struct nlattr *a = (struct nlattr *)req.attrs;
	int n;

	req.nh.nlmsg_type = type;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.g.cmd = cmd;
	req.g.version = 1;
	a->nla_type = attr;
	a->nla_len = NLA_HDRLEN + vlen;
	memcpy((char *)a + NLA_HDRLEN, val, vlen);
	req.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(a->nla_len);
	if (send(fd, &req, req.nh.nlmsg_len, 0) < 0)
		return -errno;
	n = recv(fd, buf, cap, 0);
	if (n < 0)
		return -errno;
	if (((struct nlmsghdr *)buf)->nlmsg_type == NLMSG_ERROR)
		return ((struct nlmsgerr *)NLMSG_DATA(buf))->error;
	return n;
}

/* Walk the attributes of a generic netlink reply: the one of @type. */
static struct nlattr *genl_attr(char *buf, int len, uint16_t type)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	char *p = (char *)NLMSG_DATA(nh) + GENL_HDRLEN;
	char *end = buf + ((int)nh->nlmsg_len < len ? (int)nh->nlmsg_len : len);

	while (p + NLA_HDRLEN <= end) {
		struct nlattr *a = (struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		p += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

/*
 * Read the XDP features of @ifindex: 0, -ENOENT if the kernel has no
 * netdev family (before 6.3), else -errno. *rx_meta is 0 if the kernel
 * does not report rx metadata features.
 */
static int netdev_xdp_features(int ifindex, uint64_t *xdp, uint64_t *rx_meta)
{
	char buf[4096];
	struct nlattr *a;
	uint16_t family;
	int fd, n;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	n = genl_request(fd, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
			 CTRL_ATTR_FAMILY_NAME, "netdev", 7, buf, sizeof(buf));
	if (n < 0)
		goto out;
	a = genl_attr(buf, n, CTRL_ATTR_FAMILY_ID);
	if (!a) {
		n = -EPROTO;
		goto out;
	}
	family = *(uint16_t *)((char *)a + NLA_HDRLEN);
	n = genl_request(fd, family, NETDEV_CMD_DEV_GET, NETDEV_A_DEV_IFINDEX,
			 &ifindex, 4, buf, sizeof(buf));
	if (n < 0)
		goto out;
	a = genl_attr(buf, n, NETDEV_A_DEV_XDP_FEATURES);
	if (!a) {
		n = -EPROTO;
		goto out;
	}
	memcpy(xdp, (char *)a + NLA_HDRLEN, 8);
	a = genl_attr(buf, n, NETDEV_A_DEV_XDP_RX_METADATA_FEATURES);
	*rx_meta = 0;
	if (a)
		memcpy(rx_meta, (char *)a + NLA_HDRLEN, 8);
	n = 0;
out:
	close(fd);
	return n;
}

/* ---- the pair, the program, the frames -------------------------------- */

static char selfdir[PATH_MAX];

/* Do the running kernel's rx metadata kfuncs include the VLAN tag (6.8)? */
static bool have_meta_kfuncs(void)
{
	struct btf *btf = btf__load_vmlinux_btf();
	bool ok;

	if (!btf)
		return false;
	ok = btf__find_by_name_kind(btf, "bpf_xdp_metadata_rx_vlan_tag",
				    BTF_KIND_FUNC) > 0;
	btf__free(btf);
	return ok;
}

static int sysctl_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -errno;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -EIO;
}

static int set_up(int sock, const char *dev)
{
	struct ifreq ifr = {};

	strncpy(ifr.ifr_name, dev, IFNAMSIZ - 1);
	if (ioctl(sock, SIOCGIFFLAGS, &ifr))
		return -errno;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(sock, SIOCSIFFLAGS, &ifr) ? -errno : 0;
}

/* ethtool's legacy flags: ETH_FLAG_RXHASH, ETH_FLAG_RXVLAN on or off */
static int eth_flag(int sock, const char *dev, uint32_t flag, bool on,
		    uint32_t *before)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_GFLAGS };
	struct ifreq ifr = {};

	strncpy(ifr.ifr_name, dev, IFNAMSIZ - 1);
	ifr.ifr_data = (void *)&ev;
	if (ioctl(sock, SIOCETHTOOL, &ifr))
		return -errno;
	if (before)
		*before = ev.data;
	ev.cmd = ETHTOOL_SFLAGS;
	ev.data = on ? ev.data | flag : ev.data & ~flag;
	return ioctl(sock, SIOCETHTOOL, &ifr) ? -errno : 0;
}

static int hwtstamp(int sock, const char *dev, unsigned long req,
		    struct hwtstamp_config *cfg)
{
	struct ifreq ifr = {};

	strncpy(ifr.ifr_name, dev, IFNAMSIZ - 1);
	ifr.ifr_data = (void *)cfg;
	return ioctl(sock, req, &ifr) ? -errno : 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

FIXTURE(meta) {
	int sock;		/* AF_INET dgram, for ioctls */
	int tx;			/* AF_PACKET on va */
	int va, vb;		/* ifindexes */
	struct bpf_object *obj;
	int count_fd, records_fd;
	unsigned int seen;	/* records already checked */
};

FIXTURE_SETUP(meta)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	struct vxdp_link_opts o;
	char extack[VXDP_NL_EXTACK_LEN];
	int nl;

	self->obj = NULL;
	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("unshare: %s", strerror(errno));
	nl = vxdp_nl_open();
	ASSERT_LE(0, nl);
	vxdp_link_opts_init(&o);
	o.name = "va";
	o.peer = "vb";
	ASSERT_EQ(0, vxdp_nl_link_add(nl, &o, extack)) TH_LOG("add: %s", extack);
	close(nl);
	self->va = if_nametoindex("va");
	self->vb = if_nametoindex("vb");
	ASSERT_NE(0, self->va);
	ASSERT_NE(0, self->vb);

	/* nothing but the test's frames: no IPv6 of the devices' own */
	ASSERT_EQ(0, sysctl_write("/proc/sys/net/ipv6/conf/va/disable_ipv6", "1"));
	ASSERT_EQ(0, sysctl_write("/proc/sys/net/ipv6/conf/vb/disable_ipv6", "1"));
	self->sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->sock);
	ASSERT_EQ(0, set_up(self->sock, "va"));
	ASSERT_EQ(0, set_up(self->sock, "vb"));

	self->tx = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->tx);
	sll.sll_ifindex = self->va;
	ASSERT_EQ(0, bind(self->tx, (struct sockaddr *)&sll, sizeof(sll)));
	self->seen = 0;
}

FIXTURE_TEARDOWN(meta)
{
	if (self->obj) {
		bpf_xdp_detach(self->vb, XDP_FLAGS_DRV_MODE, NULL);
		bpf_object__close(self->obj);
	}
	/* the pair goes with the namespace, when this process exits */
}

static int send_frame(int tx, const unsigned char *f, int len)
{
	return send(tx, f, len, 0) == len ? 0 : -errno;
}

/* Load progs/xdp_meta.bpf.o bound to vb and attach it in native mode. */
static int attach_meta(FIXTURE_DATA(meta) *self)
{
	char path[PATH_MAX + 32];
	struct bpf_program *prog;
	int err;

	snprintf(path, sizeof(path), "%s/progs/xdp_meta.bpf.o", selfdir);
	self->obj = bpf_object__open_file(path, NULL);
	if (!self->obj)
		return -errno;
	prog = bpf_object__find_program_by_name(self->obj, "xdp_meta");
	if (!prog)
		return -ENOENT;
	bpf_program__set_ifindex(prog, self->vb);
	bpf_program__set_flags(prog, XDP_F_DEV_BOUND_ONLY);
	err = bpf_object__load(self->obj);
	if (err)
		return err;
	self->count_fd = bpf_object__find_map_fd_by_name(self->obj, "count");
	self->records_fd = bpf_object__find_map_fd_by_name(self->obj, "records");
	return bpf_xdp_attach(self->vb, bpf_program__fd(prog),
			      XDP_FLAGS_DRV_MODE, NULL);
}

/*
 * Wait (at most 10 s: a condition, not a timing assertion) until the
 * program has seen @n more frames, then return the first new record.
 */
static int next_records(FIXTURE_DATA(meta) *self, unsigned int n,
			struct meta_record *r)
{
	uint32_t zero = 0, count = 0;
	unsigned int i;
	int tries;

	for (tries = 0; tries < 1000; tries++) {
		if (bpf_map_lookup_elem(self->count_fd, &zero, &count))
			return -errno;
		if (count >= self->seen + n)
			break;
		usleep(10000);
	}
	if (count != self->seen + n)
		return -ETIMEDOUT;
	for (i = 0; i < n; i++) {
		uint32_t k = self->seen + i;

		if (bpf_map_lookup_elem(self->records_fd, &k, &r[i]))
			return -errno;
	}
	self->seen += n;
	return 0;
}

#define SKIP_WITHOUT_KFUNCS()						\
	do {								\
		if (!have_meta_kfuncs())				\
			SKIP(return, "XDP rx metadata kfuncs need Linux 6.8+"); \
	} while (0)

TEST_F(meta, xdp_features)
{
	uint64_t xdp = 0, rx_meta = 0;
	int err;

	err = netdev_xdp_features(self->vb, &xdp, &rx_meta);
	if (err == -ENOENT)
		SKIP(return, "no netdev netlink family: XDP features are advertised since Linux 6.3");
	ASSERT_EQ(0, err) TH_LOG("netdev DEV_GET: %s", strerror(-err));
	EXPECT_EQ((uint64_t)(NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			     NETDEV_XDP_ACT_NDO_XMIT | NETDEV_XDP_ACT_NDO_XMIT_SG |
			     NETDEV_XDP_ACT_XSK_ZEROCOPY | NETDEV_XDP_ACT_RX_SG |
			     NETDEV_XDP_ACT_HW_OFFLOAD),
		  xdp);
	if (have_meta_kfuncs()) {
		EXPECT_EQ((uint64_t)(NETDEV_XDP_RX_METADATA_TIMESTAMP |
				     NETDEV_XDP_RX_METADATA_HASH |
				     NETDEV_XDP_RX_METADATA_VLAN_TAG), rx_meta);
	} else {
		EXPECT_EQ(0U, rx_meta);
	}
}

TEST_F(meta, xdp_rx_hash)
{
	static const struct {
		enum frame_kind kind;
		int ret;
		uint32_t hash, type;
	} want[] = {
		{ TCP4, 0, V4_L4_HASH, RSS_L3_IPV4 | RSS_L4 | RSS_L4_TCP },
		{ UDP4, 0, V4_L4_HASH, RSS_L3_IPV4 | RSS_L4 | RSS_L4_UDP },
		{ TCP6, 0, V6_L4_HASH, RSS_L3_IPV6 | RSS_L4 | RSS_L4_TCP },
		{ UDP6, 0, V6_L4_HASH, RSS_L3_IPV6 | RSS_L4 | RSS_L4_UDP },
		{ FRAG4, 0, V4_L3_HASH, RSS_L3_IPV4 },
		{ ICMP4, 0, V4_L3_HASH, RSS_L3_IPV4 },
		{ ARP, -ENODATA, 0, 0 },
	};
	struct meta_record r[8];
	unsigned char f[256];
	uint32_t flags;
	unsigned int i;

	SKIP_WITHOUT_KFUNCS();
	ASSERT_EQ(0, attach_meta(self));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ASSERT_EQ(0, send_frame(self->tx, f, make_frame(f, want[i].kind, 0, i)));
	ASSERT_EQ(0, next_records(self, i, r));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		EXPECT_EQ(want[i].ret, r[i].hash_ret) TH_LOG("frame %u", i);
		if (want[i].ret)
			continue;
		EXPECT_EQ(want[i].hash, r[i].hash) TH_LOG("frame %u", i);
		EXPECT_EQ(want[i].type, r[i].hash_type) TH_LOG("frame %u", i);
	}

	/* more flows, against this file's own Toeplitz */
	for (i = 0; i < 8; i++) {
		frame_sport = 1024 + 4099 * i;
		ASSERT_EQ(0, send_frame(self->tx, f, make_frame(f, UDP4, 0, i)));
	}
	ASSERT_EQ(0, next_records(self, 8, r));
	for (i = 0; i < 8; i++) {
		unsigned char in[12];

		inet_pton(AF_INET, V4_SRC, in);
		inet_pton(AF_INET, V4_DST, in + 4);
		*(uint16_t *)(in + 8) = htons(1024 + 4099 * i);
		*(uint16_t *)(in + 10) = htons(DPORT);
		EXPECT_EQ(0, r[i].hash_ret);
		EXPECT_EQ(toeplitz(in, sizeof(in)), r[i].hash) TH_LOG("port %u", 1024 + 4099 * i);
	}
	frame_sport = SPORT;

	/* rxhash is on by default; off, no frame is hashed */
	ASSERT_EQ(0, eth_flag(self->sock, "vb", ETH_FLAG_RXHASH, false, &flags));
	EXPECT_NE(0U, flags & ETH_FLAG_RXHASH);
	ASSERT_EQ(0, send_frame(self->tx, f, make_frame(f, UDP4, 0, 0)));
	ASSERT_EQ(0, next_records(self, 1, r));
	EXPECT_EQ(-ENODATA, r[0].hash_ret);
}

TEST_F(meta, xdp_rx_timestamp)
{
	struct hwtstamp_config cfg = { .rx_filter = HWTSTAMP_FILTER_NONE };
	struct meta_record r[8];
	unsigned char f[256];
	uint64_t t0, t1;
	int i;

	SKIP_WITHOUT_KFUNCS();
	ASSERT_EQ(0, attach_meta(self));

	/* off by default */
	ASSERT_EQ(0, hwtstamp(self->sock, "vb", SIOCGHWTSTAMP, &cfg));
	EXPECT_EQ(HWTSTAMP_FILTER_NONE, cfg.rx_filter);
	ASSERT_EQ(0, send_frame(self->tx, f, make_frame(f, UDP4, 0, 0)));
	ASSERT_EQ(0, next_records(self, 1, r));
	EXPECT_EQ(-ENODATA, r[0].ts_ret);

	/* tx timestamps are not offered; any rx filter becomes "all" */
	cfg.tx_type = HWTSTAMP_TX_ON;
	EXPECT_EQ(-ERANGE, hwtstamp(self->sock, "vb", SIOCSHWTSTAMP, &cfg));
	cfg.tx_type = HWTSTAMP_TX_OFF;
	cfg.rx_filter = HWTSTAMP_FILTER_PTP_V2_EVENT;
	ASSERT_EQ(0, hwtstamp(self->sock, "vb", SIOCSHWTSTAMP, &cfg));
	EXPECT_EQ(HWTSTAMP_FILTER_ALL, cfg.rx_filter);
	memset(&cfg, 0, sizeof(cfg));
	ASSERT_EQ(0, hwtstamp(self->sock, "vb", SIOCGHWTSTAMP, &cfg));
	EXPECT_EQ(HWTSTAMP_FILTER_ALL, cfg.rx_filter);

	t0 = now_ns();
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, send_frame(self->tx, f, make_frame(f, UDP4, 0, i)));
	ASSERT_EQ(0, next_records(self, 8, r));
	t1 = now_ns();
	for (i = 0; i < 8; i++) {
		EXPECT_EQ(0, r[i].ts_ret) TH_LOG("frame %d", i);
		EXPECT_LE(t0, r[i].ts) TH_LOG("frame %d", i);
		EXPECT_GE(t1, r[i].ts) TH_LOG("frame %d", i);
		if (i)
			EXPECT_LE(r[i - 1].ts, r[i].ts) TH_LOG("frame %d", i);
	}

	cfg.rx_filter = HWTSTAMP_FILTER_NONE;
	ASSERT_EQ(0, hwtstamp(self->sock, "vb", SIOCSHWTSTAMP, &cfg));
	ASSERT_EQ(0, send_frame(self->tx, f, make_frame(f, UDP4, 0, 0)));
	ASSERT_EQ(0, next_records(self, 1, r));
	EXPECT_EQ(-ENODATA, r[0].ts_ret);
}

TEST_F(meta, xdp_rx_vlan_tag)
{
	struct meta_record r[4];
	unsigned char f[256];
	int len, tagged;
	uint32_t flags;

	SKIP_WITHOUT_KFUNCS();
	ASSERT_EQ(0, attach_meta(self));
	len = make_frame(f, UDP4, 0, 0);

	/* rxvlan off (the default): the tag stays in the frame */
	ASSERT_EQ(0, eth_flag(self->sock, "vb", ETH_FLAG_RXVLAN, false, &flags));
	EXPECT_EQ(0U, flags & ETH_FLAG_RXVLAN);
	tagged = make_frame(f, UDP4, ETH_P_8021Q, 0);
	EXPECT_EQ(len + 4, tagged);
	ASSERT_EQ(0, send_frame(self->tx, f, tagged));
	ASSERT_EQ(0, next_records(self, 1, r));
	EXPECT_EQ(-ENODATA, r[0].vlan_ret);
	EXPECT_EQ(ETH_P_8021Q, r[0].eth_proto);
	EXPECT_EQ((uint32_t)tagged, r[0].len);
	EXPECT_EQ(V4_L4_HASH, r[0].hash);	/* hashed past the tag */

	/* rxvlan on: 802.1Q stripped into the descriptor, 802.1ad kept */
	ASSERT_EQ(0, eth_flag(self->sock, "vb", ETH_FLAG_RXVLAN, true, NULL));
	ASSERT_EQ(0, send_frame(self->tx, f, make_frame(f, UDP4, ETH_P_8021Q, 1)));
	ASSERT_EQ(0, send_frame(self->tx, f, make_frame(f, UDP4, ETH_P_8021AD, 2)));
	ASSERT_EQ(0, next_records(self, 2, r));
	EXPECT_EQ(0, r[0].vlan_ret);
	EXPECT_EQ(htons(ETH_P_8021Q), r[0].vlan_proto);
	EXPECT_EQ(TCI, r[0].vlan_tci);
	EXPECT_EQ(ETH_P_IP, r[0].eth_proto);
	EXPECT_EQ((uint32_t)len, r[0].len);
	EXPECT_EQ(V4_L4_HASH, r[0].hash);
	EXPECT_EQ(-ENODATA, r[1].vlan_ret);
	EXPECT_EQ(ETH_P_8021AD, r[1].eth_proto);
	EXPECT_EQ((uint32_t)tagged, r[1].len);
}

/* No program: the stack gets the hardware timestamp and the VLAN tag. */
TEST_F(meta, skb_offloads)
{
	int flags = SOF_TIMESTAMPING_RX_HARDWARE | SOF_TIMESTAMPING_RAW_HARDWARE;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(ETH_P_ALL) };
	struct hwtstamp_config cfg = { .rx_filter = HWTSTAMP_FILTER_ALL };
	unsigned char f[256], want[256], got[256];
	struct tpacket_auxdata *aux = NULL;
	struct scm_timestamping *tss = NULL;
	char ctl[512];
	struct iovec iov = { got, sizeof(got) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct pollfd pfd;
	struct cmsghdr *c;
	uint64_t t0, t1, ts;
	int one = 1, rx, len, n;

	ASSERT_EQ(0, hwtstamp(self->sock, "vb", SIOCSHWTSTAMP, &cfg));
	ASSERT_EQ(0, eth_flag(self->sock, "vb", ETH_FLAG_RXVLAN, true, NULL));
	rx = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	ASSERT_LE(0, rx);
	sll.sll_ifindex = self->vb;
	ASSERT_EQ(0, bind(rx, (struct sockaddr *)&sll, sizeof(sll)));
	ASSERT_EQ(0, setsockopt(rx, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)));
	ASSERT_EQ(0, setsockopt(rx, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof(flags)));

	len = make_frame(want, UDP4, 0, 7);
	t0 = now_ns();
	ASSERT_EQ(0, send_frame(self->tx, f, make_frame(f, UDP4, ETH_P_8021Q, 7)));
	pfd.fd = rx;
	pfd.events = POLLIN;
	ASSERT_EQ(1, poll(&pfd, 1, 10000));
	t1 = now_ns();
	n = recvmsg(rx, &msg, 0);
	ASSERT_EQ(len, n);
	EXPECT_EQ(0, memcmp(want, got, len));	/* the tag left the frame */
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA)
			aux = (struct tpacket_auxdata *)CMSG_DATA(c);
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPING)
			tss = (struct scm_timestamping *)CMSG_DATA(c);
	}
	ASSERT_NE(NULL, aux);
	EXPECT_NE(0U, aux->tp_status & TP_STATUS_VLAN_VALID);
	EXPECT_EQ(TCI, aux->tp_vlan_tci);
	EXPECT_NE(0U, aux->tp_status & TP_STATUS_VLAN_TPID_VALID);
	EXPECT_EQ(ETH_P_8021Q, aux->tp_vlan_tpid);
	ASSERT_NE(NULL, tss);
	ts = tss->ts[2].tv_sec * 1000000000ULL + tss->ts[2].tv_nsec;
	EXPECT_LE(t0, ts);
	EXPECT_GE(t1, ts);
	close(rx);
}

int main(int argc, char **argv)
{
	char exe[PATH_MAX];
	ssize_t n;
	int err;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		snprintf(selfdir, sizeof(selfdir), "%s", dirname(exe));
	}
	if (geteuid()) {
		ksft_print_header();
		ksft_set_plan(0);
		ksft_exit_skip("need root\n");
	}
	err = vxdp_module_load();
	if (err) {
		ksft_print_header();
		ksft_exit_fail_msg("cannot load vxdp: %s\n", strerror(-err));
	}
	return test_harness_run(argc, argv);
}
