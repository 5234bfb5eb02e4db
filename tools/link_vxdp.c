// SPDX-License-Identifier: GPL-2.0
/*
 * link_vxdp.so: iproute2 link plugin for kind "vxdp".
 *
 *   ip link add vx0 type vxdp [ring N] [peer [name] vx1 [OPTIONS]]
 *   ip -d link show vx0
 *   ip link help vxdp
 *
 * ip dlopen()s link_vxdp.so from $IP_LIB_DIR (default
 * /usr/lib/<multiarch>/ip) and looks up vxdp_link_util. iproute2 installs
 * no headers: the few types and helpers used here are declared as in
 * iproute2 6.1 (ip/ip_common.h, include/utils.h, include/json_print.h),
 * and the helpers resolve to the ones /usr/bin/ip exports. The layout of
 * struct link_util is iproute2's private business: the build refuses any
 * other ip version (tools/Makefile).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "../module/vxdp_uapi.h"

#define __vxdp_str(x)	#x
#define __stringify(x)	__vxdp_str(x)

/* ip/ip_common.h */
struct link_util {
	struct link_util	*next;
	const char		*id;
	int			maxattr;
	int			(*parse_opt)(struct link_util *, int, char **,
					     struct nlmsghdr *);
	void			(*print_opt)(struct link_util *, FILE *,
					     struct rtattr *[]);
	void			(*print_xstats)(struct link_util *, FILE *,
						struct rtattr *);
	void			(*print_help)(struct link_util *, int, char **,
					      FILE *);
	int			(*parse_ifla_xstats)(struct link_util *,
						     int, char **);
	int			(*print_ifla_xstats)(struct nlmsghdr *, void *);
};

struct iplink_req {
	struct nlmsghdr		n;
	struct ifinfomsg	i;
	char			buf[1024];
};

int iplink_parse(int argc, char **argv, struct iplink_req *req, char **type);

/* include/libnetlink.h, include/utils.h */
int addattr32(struct nlmsghdr *n, int maxlen, int type, __u32 data);
struct rtattr *addattr_nest(struct nlmsghdr *n, int maxlen, int type);
int addattr_nest_end(struct nlmsghdr *n, struct rtattr *nest);
int get_u32(__u32 *val, const char *arg, int base);
int matches(const char *prefix, const char *string);
void invarg(const char *msg, const char *arg);
void duparg(const char *key, const char *arg);
void incomplete_command(void);

/* include/json_print.h, include/color.h */
enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = 4,
};

#define COLOR_NONE	6	/* enum color_attr: COLOR_IFNAME = 0 ... */

int print_color_uint(enum output_type t, int color, const char *key,
		     const char *fmt, unsigned int value);

static void print_usage(FILE *f)
{
	fprintf(f,
		"Usage: ip link add DEVICE type vxdp [ ring SLOTS ]\n"
		"                  [ peer [ name ] PEER [ OPTIONS ] ]\n"
		"\n"
		"Where: SLOTS   := rx (and XDP tx) ring slots per queue of both\n"
		"                  devices, a power of 2 from "
		__stringify(VXDP_MIN_RING_SIZE) " to " __stringify(VXDP_MAX_RING_SIZE)
		" (default " __stringify(VXDP_DEF_RING_SIZE) ")\n"
		"       PEER    := name of the other end (default vxdp%%d)\n"
		"       OPTIONS := \"ip link add\" options for the peer: netns,\n"
		"                  numtxqueues, numrxqueues, mtu, address, ...\n"
		"\"peer\" takes the rest of the line: put \"ring\" before it.\n");
}

static int vxdp_parse_peer(int argc, char **argv, struct nlmsghdr *n)
{
	struct ifinfomsg *ifm = NLMSG_DATA(n), *peer_ifm;
	unsigned int ifi_flags, ifi_change, ifi_index;
	struct rtattr *data;
	char *type = NULL;
	int err;

	/* as ip/link_veth.c: the peer's ifinfomsg and IFLA_* attributes */
	ifi_flags = ifm->ifi_flags;
	ifi_change = ifm->ifi_change;
	ifi_index = ifm->ifi_index;
	ifm->ifi_flags = 0;
	ifm->ifi_change = 0;
	ifm->ifi_index = 0;

	data = addattr_nest(n, 1024, VXDP_INFO_PEER);

	n->nlmsg_len += sizeof(struct ifinfomsg);

	err = iplink_parse(argc, argv, (struct iplink_req *)n, &type);
	if (err < 0)
		return err;

	if (type)
		duparg("type", type);

	peer_ifm = RTA_DATA(data);
	peer_ifm->ifi_index = ifm->ifi_index;
	peer_ifm->ifi_flags = ifm->ifi_flags;
	peer_ifm->ifi_change = ifm->ifi_change;
	ifm->ifi_flags = ifi_flags;
	ifm->ifi_change = ifi_change;
	ifm->ifi_index = ifi_index;

	addattr_nest_end(n, data);
	return argc - err;
}

static int vxdp_parse_opt(struct link_util *lu, int argc, char **argv,
			  struct nlmsghdr *n)
{
	bool ring_set = false;
	__u32 ring;

	while (argc > 0) {
		if (strcmp(*argv, "peer") == 0)
			return vxdp_parse_peer(argc - 1, argv + 1, n);
		if (matches(*argv, "help") == 0) {
			print_usage(stdout);
			return -1;
		}
		if (strcmp(*argv, "ring") != 0) {
			fprintf(stderr, "vxdp: unknown option \"%s\"?\n", *argv);
			print_usage(stderr);
			return -1;
		}
		if (--argc <= 0)
			incomplete_command();
		argv++;
		if (ring_set)
			duparg("ring", *argv);
		if (get_u32(&ring, *argv, 0))
			invarg("ring must be a number of slots", *argv);
		addattr32(n, 1024, VXDP_INFO_RING_SIZE, ring);
		ring_set = true;
		argc--;
		argv++;
	}
	return 0;
}

static void vxdp_print_u32(struct rtattr *tb[], int type, const char *key,
			   const char *fmt)
{
	if (!tb[type] || RTA_PAYLOAD(tb[type]) < sizeof(__u32))
		return;
	print_color_uint(PRINT_ANY, COLOR_NONE, key, fmt,
			 *(__u32 *)RTA_DATA(tb[type]));
}

static void vxdp_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	if (!tb)
		return;
	vxdp_print_u32(tb, VXDP_INFO_RING_SIZE, "ring", "ring %u ");
	vxdp_print_u32(tb, VXDP_INFO_XDP_MAX_MTU, "xdp_max_mtu",
		       "xdp_max_mtu %u ");
}

static void vxdp_print_help(struct link_util *lu, int argc, char **argv,
			    FILE *f)
{
	print_usage(f);
}

struct link_util vxdp_link_util = {
	.id		= "vxdp",
	.maxattr	= VXDP_INFO_MAX,
	.parse_opt	= vxdp_parse_opt,
	.print_opt	= vxdp_print_opt,
	.print_help	= vxdp_print_help,
};
