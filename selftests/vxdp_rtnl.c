// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp rtnetlink interface: RTM_NEWLINK of kind "vxdp" with the peer
 * described by VXDP_INFO_PEER (struct ifinfomsg + IFLA_IFNAME,
 * IFLA_NET_NS_FD, IFLA_NUM_TX_QUEUES, IFLA_NUM_RX_QUEUES, IFLA_MTU),
 * RTM_DELLINK from either side, and every invalid request: each must fail
 * with the expected errno and extack message and leave nothing behind.
 *
 * Each test runs in its own pair of fresh network namespaces (the harness
 * forks a child per test; the child unshares), so the host is untouched.
 * The module is loaded from $VXDP_KO, else ../vxdp.ko next to this program,
 * when not loaded yet, and unloaded at the end in that case.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "vxdp_nl.h"

#define TEST_MAX_LINKS 16

struct env {
	int ns0, ns1;	/* netns fds: the test's own, and a second one */
	int nl0, nl1;	/* rtnetlink sockets in ns0, ns1 */
};

static void env_setup(struct __test_metadata *_metadata, struct env *e)
{
	e->ns0 = e->ns1 = e->nl0 = e->nl1 = -1;
	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("unshare: %s", strerror(errno));
	e->ns0 = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, e->ns0);
	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("unshare: %s", strerror(errno));
	e->ns1 = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, e->ns1);
	ASSERT_EQ(0, setns(e->ns0, CLONE_NEWNET));
	e->nl0 = vxdp_nl_open();
	ASSERT_LE(0, e->nl0) TH_LOG("netlink: %s", strerror(-e->nl0));
	e->nl1 = vxdp_nl_open_netns(e->ns1);
	ASSERT_LE(0, e->nl1) TH_LOG("netlink: %s", strerror(-e->nl1));
}

static void del_all(int nl)
{
	struct vxdp_nl_link l[TEST_MAX_LINKS];
	int n, i;

	n = vxdp_nl_link_list(nl, "vxdp", l, TEST_MAX_LINKS);
	for (i = 0; i < n && i < TEST_MAX_LINKS; i++)
		vxdp_nl_link_del(nl, l[i].name, NULL);	/* peer may be gone */
}

static void env_teardown(struct env *e)
{
	if (e->nl0 >= 0)
		del_all(e->nl0);
	if (e->nl1 >= 0)
		del_all(e->nl1);
	/* the namespaces go away with this process */
}

/* number of vxdp devices / of all devices in the netns of @nl */
static int nr_vxdp(int nl)
{
	return vxdp_nl_link_list(nl, "vxdp", NULL, 0);
}

static int nr_links(int nl)
{
	return vxdp_nl_link_list(nl, NULL, NULL, 0);
}

/* only lo in both netns */
#define ASSERT_NOTHING_LEFT(e) do {					\
	ASSERT_EQ(0, nr_vxdp((e)->nl0));				\
	ASSERT_EQ(0, nr_vxdp((e)->nl1));				\
	ASSERT_EQ(1, nr_links((e)->nl0)) TH_LOG("devices left in ns0");	\
	ASSERT_EQ(1, nr_links((e)->nl1)) TH_LOG("devices left in ns1");	\
} while (0)

static int add(int nl, const struct vxdp_link_opts *o, char *extack)
{
	return vxdp_nl_link_add(nl, o, extack);
}

/* create must succeed */
#define ASSERT_ADD_OK(nl, o) do {					\
	char __ext[VXDP_NL_EXTACK_LEN];					\
	int __r = add(nl, o, __ext);					\
	ASSERT_EQ(0, __r) TH_LOG("create %s: %s (%s)",			\
				 (o)->name ?: "(no name)",		\
				 strerror(-__r), __ext);		\
} while (0)

/* create must fail with -@err and extack @msg */
#define ASSERT_ADD_FAILS(nl, o, err, msg) do {				\
	char __ext[VXDP_NL_EXTACK_LEN];					\
	int __r = add(nl, o, __ext);					\
	ASSERT_EQ(-(err), __r) TH_LOG("create %s: got \"%s\" (%s), expected \"%s\"", \
				      (o)->name ?: "(no name)",		\
				      strerror(-__r), __ext, strerror(err)); \
	ASSERT_STREQ(msg, __ext);					\
} while (0)

/* @name exists in the netns of @nl, and is a vxdp device */
static void get_vxdp(struct __test_metadata *_metadata, int nl,
		     const char *name, struct vxdp_nl_link *l)
{
	int err = vxdp_nl_link_get(nl, name, l);

	ASSERT_EQ(0, err) TH_LOG("%s: %s", name, strerror(-err));
	ASSERT_STREQ("vxdp", l->kind);
}

static bool exists(int nl, const char *name)
{
	struct vxdp_nl_link l;

	return !vxdp_nl_link_get(nl, name, &l);
}

/* @a and @b are each other's peer (IFLA_LINK), maybe in different netns */
static void assert_peers(struct __test_metadata *_metadata,
			 const struct vxdp_nl_link *a,
			 const struct vxdp_nl_link *b, bool same_netns)
{
	ASSERT_EQ(b->ifindex, a->iflink);
	ASSERT_EQ(a->ifindex, b->iflink);
	/* the peer's netns (rtnl_link_ops.get_link_net) */
	if (!same_netns) {
		ASSERT_TRUE(a->has_link_netnsid);
		ASSERT_TRUE(b->has_link_netnsid);
	}
}

FIXTURE(rtnl) {
	struct env e;
};

FIXTURE_SETUP(rtnl)
{
	env_setup(_metadata, &self->e);
}

FIXTURE_TEARDOWN(rtnl)
{
	env_teardown(&self->e);
}

TEST_F(rtnl, create_default)
{
	struct vxdp_nl_link l[TEST_MAX_LINKS], a, b;
	struct vxdp_link_opts o;

	vxdp_link_opts_init(&o);
	o.name = "vx0";
	ASSERT_ADD_OK(self->e.nl0, &o);
	ASSERT_EQ(2, vxdp_nl_link_list(self->e.nl0, "vxdp", l, TEST_MAX_LINKS));
	get_vxdp(_metadata, self->e.nl0, "vx0", &a);
	/* automatic peer name, first free vxdp%d */
	get_vxdp(_metadata, self->e.nl0, "vxdp0", &b);
	assert_peers(_metadata, &a, &b, true);
	EXPECT_EQ(1500, a.mtu);
	EXPECT_EQ(1500, b.mtu);
	EXPECT_EQ(68, a.min_mtu);
	EXPECT_EQ(9000, a.max_mtu);
	EXPECT_EQ(68, b.min_mtu);
	EXPECT_EQ(9000, b.max_mtu);
	EXPECT_EQ(1, a.num_tx_queues);
	EXPECT_EQ(1, a.num_rx_queues);
	EXPECT_EQ(1, b.num_tx_queues);
	EXPECT_EQ(1, b.num_rx_queues);
	EXPECT_EQ(6, a.addr_len);
	EXPECT_EQ(6, b.addr_len);
	EXPECT_NE(0, memcmp(a.addr, b.addr, 6));
	EXPECT_EQ(0, nr_vxdp(self->e.nl1));

	ASSERT_EQ(0, vxdp_nl_link_del(self->e.nl0, "vx0", NULL));
	ASSERT_NOTHING_LEFT(&self->e);
}

TEST_F(rtnl, create_peer_attrs)
{
	struct vxdp_nl_link a, b;
	struct vxdp_link_opts o;

	vxdp_link_opts_init(&o);
	o.name = "vx0";
	o.peer = "vx1";
	o.txq = 3;
	o.rxq = 5;
	o.mtu = 9000;
	o.peer_txq = 7;
	o.peer_rxq = 2;
	o.peer_mtu = 68;
	ASSERT_ADD_OK(self->e.nl0, &o);
	ASSERT_EQ(2, nr_vxdp(self->e.nl0));
	get_vxdp(_metadata, self->e.nl0, "vx0", &a);
	get_vxdp(_metadata, self->e.nl0, "vx1", &b);
	assert_peers(_metadata, &a, &b, true);
	EXPECT_EQ(3, a.num_tx_queues);
	EXPECT_EQ(5, a.num_rx_queues);
	EXPECT_EQ(9000, a.mtu);
	EXPECT_EQ(7, b.num_tx_queues);
	EXPECT_EQ(2, b.num_rx_queues);
	EXPECT_EQ(68, b.mtu);

	/* delete from the peer's side */
	ASSERT_EQ(0, vxdp_nl_link_del(self->e.nl0, "vx1", NULL));
	ASSERT_NOTHING_LEFT(&self->e);
}

TEST_F(rtnl, create_queue_limits)
{
	struct vxdp_nl_link a, b;
	struct vxdp_link_opts o;

	vxdp_link_opts_init(&o);
	o.name = "vx0";
	o.peer = "vx1";
	o.txq = o.rxq = o.peer_txq = o.peer_rxq = 64;
	ASSERT_ADD_OK(self->e.nl0, &o);
	get_vxdp(_metadata, self->e.nl0, "vx0", &a);
	get_vxdp(_metadata, self->e.nl0, "vx1", &b);
	EXPECT_EQ(64, a.num_tx_queues);
	EXPECT_EQ(64, a.num_rx_queues);
	EXPECT_EQ(64, b.num_tx_queues);
	EXPECT_EQ(64, b.num_rx_queues);

	o.name = "vx2";
	o.peer = "vx3";
	o.txq = o.rxq = o.peer_txq = o.peer_rxq = 1;
	o.mtu = 68;
	o.peer_mtu = 9000;
	ASSERT_ADD_OK(self->e.nl0, &o);
	get_vxdp(_metadata, self->e.nl0, "vx2", &a);
	get_vxdp(_metadata, self->e.nl0, "vx3", &b);
	EXPECT_EQ(1, a.num_tx_queues);
	EXPECT_EQ(1, b.num_rx_queues);
	EXPECT_EQ(68, a.mtu);
	EXPECT_EQ(9000, b.mtu);
	ASSERT_EQ(4, nr_vxdp(self->e.nl0));
}

TEST_F(rtnl, create_peer_netns_fd)
{
	struct vxdp_nl_link a, b;
	struct vxdp_link_opts o;

	vxdp_link_opts_init(&o);
	o.name = "vx0";
	o.peer = "vx1";
	o.peer_ns_fd = self->e.ns1;
	ASSERT_ADD_OK(self->e.nl0, &o);
	ASSERT_EQ(1, nr_vxdp(self->e.nl0));
	ASSERT_EQ(1, nr_vxdp(self->e.nl1));
	get_vxdp(_metadata, self->e.nl0, "vx0", &a);
	get_vxdp(_metadata, self->e.nl1, "vx1", &b);
	ASSERT_FALSE(exists(self->e.nl0, "vx1"));
	assert_peers(_metadata, &a, &b, false);

	/* delete from the peer's netns */
	ASSERT_EQ(0, vxdp_nl_link_del(self->e.nl1, "vx1", NULL));
	ASSERT_NOTHING_LEFT(&self->e);

	/* the same name on both sides is fine across netns */
	o.peer = "vx0";
	ASSERT_ADD_OK(self->e.nl0, &o);
	get_vxdp(_metadata, self->e.nl0, "vx0", &a);
	get_vxdp(_metadata, self->e.nl1, "vx0", &b);
	assert_peers(_metadata, &a, &b, false);
	ASSERT_EQ(0, vxdp_nl_link_del(self->e.nl0, "vx0", NULL));
	ASSERT_NOTHING_LEFT(&self->e);

	/* automatic peer name in the peer's netns */
	o.peer = NULL;
	ASSERT_ADD_OK(self->e.nl0, &o);
	get_vxdp(_metadata, self->e.nl0, "vx0", &a);
	get_vxdp(_metadata, self->e.nl1, "vxdp0", &b);
	assert_peers(_metadata, &a, &b, false);
	ASSERT_EQ(0, vxdp_nl_link_del(self->e.nl1, "vxdp0", NULL));
	ASSERT_NOTHING_LEFT(&self->e);
}

TEST_F(rtnl, dev_name_exists)
{
	struct vxdp_link_opts o;

	vxdp_link_opts_init(&o);
	o.name = "vx0";
	o.peer = "vx1";
	ASSERT_ADD_OK(self->e.nl0, &o);

	/* the core refuses an existing name with EEXIST */
	o.peer = "vx2";
	ASSERT_EQ(-EEXIST, add(self->e.nl0, &o, NULL));
	o.name = "lo";
	ASSERT_EQ(-EEXIST, add(self->e.nl0, &o, NULL));
	ASSERT_FALSE(exists(self->e.nl0, "vx2"));
	ASSERT_EQ(2, nr_vxdp(self->e.nl0));
	ASSERT_EQ(3, nr_links(self->e.nl0));
	ASSERT_EQ(1, nr_links(self->e.nl1));
}

TEST_F(rtnl, peer_name_too_long)
{
	struct vxdp_link_opts o;

	vxdp_link_opts_init(&o);
	o.name = "vx0";
	o.peer = "vxdp_peer_name_20chr";	/* 20 characters */
	ASSERT_ADD_FAILS(self->e.nl0, &o, ENAMETOOLONG,
			 "vxdp: peer name too long");
	ASSERT_NOTHING_LEFT(&self->e);

	o.peer = "vxdp_peer_15chr";		/* IFNAMSIZ - 1 = 15: fits */
	ASSERT_EQ(15, (int)strlen(o.peer));
	ASSERT_ADD_OK(self->e.nl0, &o);
	ASSERT_TRUE(exists(self->e.nl0, "vxdp_peer_15chr"));
	ASSERT_EQ(0, vxdp_nl_link_del(self->e.nl0, "vx0", NULL));

	o.peer = "vxdp_peer_16chrs";		/* 16: one too many */
	ASSERT_EQ(16, (int)strlen(o.peer));
	ASSERT_ADD_FAILS(self->e.nl0, &o, ENAMETOOLONG,
			 "vxdp: peer name too long");
	/* also in another netns */
	o.peer_ns_fd = self->e.ns1;
	ASSERT_ADD_FAILS(self->e.nl0, &o, ENAMETOOLONG,
			 "vxdp: peer name too long");
	ASSERT_NOTHING_LEFT(&self->e);
}

TEST_F(rtnl, peer_name_equals_dev)
{
	struct vxdp_link_opts o;

	vxdp_link_opts_init(&o);
	o.name = "vx0";
	o.peer = "vx0";
	ASSERT_ADD_FAILS(self->e.nl0, &o, EEXIST,
			 "vxdp: peer name equals device name");
	ASSERT_NOTHING_LEFT(&self->e);
}

TEST_F(rtnl, peer_name_in_use)
{
	struct vxdp_link_opts o;

	/* another device of the netns */
	vxdp_link_opts_init(&o);
	o.name = "vx0";
	o.peer = "lo";
	ASSERT_ADD_FAILS(self->e.nl0, &o, EEXIST,
			 "vxdp: peer name already in use");
	ASSERT_NOTHING_LEFT(&self->e);

	/* a device of another pair */
	o.peer = "vx1";
	ASSERT_ADD_OK(self->e.nl0, &o);
	o.name = "vx2";
	ASSERT_ADD_FAILS(self->e.nl0, &o, EEXIST,
			 "vxdp: peer name already in use");
	o.peer = "vx0";
	ASSERT_ADD_FAILS(self->e.nl0, &o, EEXIST,
			 "vxdp: peer name already in use");
	ASSERT_FALSE(exists(self->e.nl0, "vx2"));
	ASSERT_EQ(2, nr_vxdp(self->e.nl0));
	ASSERT_EQ(3, nr_links(self->e.nl0));
	ASSERT_EQ(0, vxdp_nl_link_del(self->e.nl0, "vx0", NULL));
	ASSERT_NOTHING_LEFT(&self->e);

	/* a device of the peer's netns */
	vxdp_link_opts_init(&o);
	o.name = "taken0";
	o.peer = "taken1";
	ASSERT_ADD_OK(self->e.nl1, &o);
	o.name = "vx0";
	o.peer = "taken1";
	o.peer_ns_fd = self->e.ns1;
	ASSERT_ADD_FAILS(self->e.nl0, &o, EEXIST,
			 "vxdp: peer name already in use");
	o.peer = "lo";
	ASSERT_ADD_FAILS(self->e.nl0, &o, EEXIST,
			 "vxdp: peer name already in use");
	ASSERT_EQ(0, nr_vxdp(self->e.nl0));
	ASSERT_EQ(1, nr_links(self->e.nl0));
	ASSERT_EQ(2, nr_vxdp(self->e.nl1));
	ASSERT_EQ(3, nr_links(self->e.nl1));
}

/*
 * Device and peer in the same netns, which is not the requester's: the
 * device goes to ns1 by the top-level IFLA_NET_NS_FD, the peer by its own.
 */
TEST_F(rtnl, peer_name_equals_dev_other_netns)
{
	struct vxdp_link_opts o;

	vxdp_link_opts_init(&o);
	o.name = "vx0";
	o.ns_fd = self->e.ns1;
	o.peer = "vx0";
	o.peer_ns_fd = self->e.ns1;
	ASSERT_ADD_FAILS(self->e.nl0, &o, EEXIST,
			 "vxdp: peer name equals device name");
	ASSERT_NOTHING_LEFT(&self->e);

	/* and with different names it works */
	o.peer = "vx1";
	ASSERT_ADD_OK(self->e.nl0, &o);
	ASSERT_EQ(0, nr_vxdp(self->e.nl0));
	ASSERT_EQ(2, nr_vxdp(self->e.nl1));
	ASSERT_TRUE(exists(self->e.nl1, "vx0"));
	ASSERT_TRUE(exists(self->e.nl1, "vx1"));
}

/* Invalid queue counts and MTUs, for the device and for the peer */
FIXTURE(bad) {
	struct env e;
};

FIXTURE_VARIANT(bad) {
	const char *field;	/* which attribute */
	long long value;
	int err;
	const char *msg;
};

#define BAD(_name, _field, _value, _err, _msg)				\
	FIXTURE_VARIANT_ADD(bad, _name) {				\
		.field = #_field, .value = _value,			\
		.err = _err, .msg = _msg,				\
	}

#define QMSG(who, dir) "vxdp: " who "num" dir "queues must be between 1 and 64"
BAD(txq_0, txq, 0, EINVAL, QMSG("", "tx"));
BAD(txq_65, txq, 65, EINVAL, QMSG("", "tx"));
BAD(txq_4096, txq, 4096, EINVAL, QMSG("", "tx"));
BAD(rxq_0, rxq, 0, EINVAL, QMSG("", "rx"));
BAD(rxq_65, rxq, 65, EINVAL, QMSG("", "rx"));
BAD(rxq_u32_max, rxq, 0xffffffffLL, EINVAL, QMSG("", "rx"));
BAD(peer_txq_0, peer_txq, 0, EINVAL, QMSG("peer ", "tx"));
BAD(peer_txq_65, peer_txq, 65, EINVAL, QMSG("peer ", "tx"));
BAD(peer_rxq_0, peer_rxq, 0, EINVAL, QMSG("peer ", "rx"));
BAD(peer_rxq_65, peer_rxq, 65, EINVAL, QMSG("peer ", "rx"));
BAD(mtu_9001, mtu, 9001, EINVAL, "mtu greater than device maximum");
BAD(mtu_65535, mtu, 65535, EINVAL, "mtu greater than device maximum");
BAD(mtu_67, mtu, 67, EINVAL, "mtu less than device minimum");
BAD(mtu_0, mtu, 0, EINVAL, "mtu less than device minimum");
BAD(peer_mtu_9001, peer_mtu, 9001, EINVAL, "mtu greater than device maximum");
BAD(peer_mtu_67, peer_mtu, 67, EINVAL, "mtu less than device minimum");

FIXTURE_SETUP(bad)
{
	env_setup(_metadata, &self->e);
}

FIXTURE_TEARDOWN(bad)
{
	env_teardown(&self->e);
}

static void set_field(struct vxdp_link_opts *o, const char *field,
		      long long v)
{
	if (!strcmp(field, "txq"))
		o->txq = v;
	else if (!strcmp(field, "rxq"))
		o->rxq = v;
	else if (!strcmp(field, "mtu"))
		o->mtu = v;
	else if (!strcmp(field, "peer_txq"))
		o->peer_txq = v;
	else if (!strcmp(field, "peer_rxq"))
		o->peer_rxq = v;
	else if (!strcmp(field, "peer_mtu"))
		o->peer_mtu = v;
	else
		abort();
}

/* peer in the same netns, named */
TEST_F(bad, same_netns)
{
	struct vxdp_link_opts o;

	vxdp_link_opts_init(&o);
	o.name = "vx0";
	o.peer = "vx1";
	set_field(&o, variant->field, variant->value);
	ASSERT_ADD_FAILS(self->e.nl0, &o, variant->err, variant->msg);
	ASSERT_NOTHING_LEFT(&self->e);
}

/* peer in another netns, automatic name */
TEST_F(bad, peer_netns)
{
	struct vxdp_link_opts o;

	vxdp_link_opts_init(&o);
	o.name = "vx0";
	o.peer_ns_fd = self->e.ns1;
	set_field(&o, variant->field, variant->value);
	ASSERT_ADD_FAILS(self->e.nl0, &o, variant->err, variant->msg);
	ASSERT_NOTHING_LEFT(&self->e);
}

int main(int argc, char **argv)
{
	int err;

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
