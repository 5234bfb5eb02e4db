// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal rtnetlink client shared by vxdp_link and vxdp_rtnl, see vxdp_nl.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libgen.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>

#include "vxdp_nl.h"
#include "vxdp_uapi.h"	/* VXDP_INFO_PEER */

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define REQ_SIZE 4096
#define RCV_SIZE 65536

struct req {
	struct nlmsghdr *nh;
	size_t cap;
};

void vxdp_link_opts_init(struct vxdp_link_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->txq = o->rxq = o->mtu = o->ns_fd = VXDP_NL_UNSET;
	o->peer_ns_fd = o->peer_ns_pid = VXDP_NL_UNSET;
	o->peer_txq = o->peer_rxq = o->peer_mtu = VXDP_NL_UNSET;
	o->ring_size = VXDP_NL_UNSET;
}

int vxdp_nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int vxdp_nl_open_netns(int ns_fd)
{
	int self, fd, err;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -errno;
	if (setns(ns_fd, CLONE_NEWNET)) {
		err = -errno;
		close(self);
		return err;
	}
	fd = vxdp_nl_open();
	if (setns(self, CLONE_NEWNET)) {
		/* cannot go back: better die than act in the wrong netns */
		perror("setns back to the original netns");
		exit(1);
	}
	close(self);
	return fd;
}

static void *req_tail(struct req *r)
{
	return (char *)r->nh + NLMSG_ALIGN(r->nh->nlmsg_len);
}

static struct rtattr *put_attr(struct req *r, int type, const void *data,
			       size_t len)
{
	struct rtattr *rta = req_tail(r);
	size_t need = NLMSG_ALIGN(r->nh->nlmsg_len) + RTA_SPACE(len);

	if (need > r->cap) {
		fprintf(stderr, "netlink request too large\n");
		exit(1);
	}
	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	r->nh->nlmsg_len = need;
	return rta;
}

static void put_u32(struct req *r, int type, uint32_t v)
{
	put_attr(r, type, &v, sizeof(v));
}

static void put_str(struct req *r, int type, const char *s)
{
	put_attr(r, type, s, strlen(s) + 1);
}

static struct rtattr *nest_start(struct req *r, int type)
{
	return put_attr(r, type, NULL, 0);
}

static void nest_end(struct req *r, struct rtattr *nest)
{
	nest->rta_len = (char *)req_tail(r) - (char *)nest;
}

static void req_init(struct req *r, void *buf, size_t cap, int type,
		     int flags)
{
	struct ifinfomsg *ifi;

	memset(buf, 0, cap);
	r->nh = buf;
	r->cap = cap;
	r->nh->nlmsg_type = type;
	r->nh->nlmsg_flags = NLM_F_REQUEST | flags;
	r->nh->nlmsg_len = NLMSG_LENGTH(sizeof(*ifi));
	ifi = NLMSG_DATA(r->nh);
	ifi->ifi_family = AF_UNSPEC;
}

static void extack_msg(const struct nlmsghdr *nh, char *extack)
{
	const struct nlmsgerr *err = NLMSG_DATA(nh);
	const struct rtattr *rta;
	size_t off;
	int len;

	if (!extack || !(nh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = sizeof(*err);
	if (!(nh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	if (NLMSG_HDRLEN + off > nh->nlmsg_len)
		return;
	rta = (const struct rtattr *)((const char *)err + NLMSG_ALIGN(off));
	len = nh->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(off);
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type != NLMSGERR_ATTR_MSG)
			continue;
		snprintf(extack, VXDP_NL_EXTACK_LEN, "%.*s",
			 (int)RTA_PAYLOAD(rta), (const char *)RTA_DATA(rta));
		/* strip the trailing NUL/newline if any */
		extack[strcspn(extack, "\n")] = '\0';
	}
}

typedef int (*msg_cb)(const struct nlmsghdr *nh, void *arg);

/*
 * Send @r and process the answer: @cb for each non-error message, until the
 * ACK (NLMSG_ERROR) or NLMSG_DONE.  Returns 0 or -errno.
 */
static int transact(int fd, struct req *r, char *extack, msg_cb cb, void *arg)
{
	return vxdp_nl_request(fd, r->nh, extack, cb, arg);
}

int vxdp_nl_request(int fd, struct nlmsghdr *req, char *extack, msg_cb cb,
		    void *arg)
{
	static unsigned int seq;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char *buf;
	int ret = -EPROTO;

	if (extack)
		extack[0] = '\0';
	req->nlmsg_seq = ++seq;
	if (sendto(fd, req, req->nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		return -errno;

	buf = malloc(RCV_SIZE);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		struct nlmsghdr *nh;
		ssize_t n;

		n = recv(fd, buf, RCV_SIZE, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, n);
		     nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_seq != req->nlmsg_seq)
				continue;
			if (nh->nlmsg_type == NLMSG_DONE) {
				ret = 0;
				goto out;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nh);

				ret = e->error;
				if (ret)
					extack_msg(nh, extack);
				goto out;
			}
			if (cb) {
				ret = cb(nh, arg);
				if (ret)
					goto out;
			}
		}
	}
out:
	free(buf);
	return ret;
}

int vxdp_nl_link_add(int fd, const struct vxdp_link_opts *o, char *extack)
{
	char buf[REQ_SIZE];
	struct rtattr *linkinfo, *data = NULL, *peer;
	struct ifinfomsg *ifi;
	struct req r;

	req_init(&r, buf, sizeof(buf), RTM_NEWLINK,
		 NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK);
	if (o->name)
		put_str(&r, IFLA_IFNAME, o->name);
	if (o->txq != VXDP_NL_UNSET)
		put_u32(&r, IFLA_NUM_TX_QUEUES, o->txq);
	if (o->rxq != VXDP_NL_UNSET)
		put_u32(&r, IFLA_NUM_RX_QUEUES, o->rxq);
	if (o->mtu != VXDP_NL_UNSET)
		put_u32(&r, IFLA_MTU, o->mtu);
	if (o->ns_fd != VXDP_NL_UNSET)
		put_u32(&r, IFLA_NET_NS_FD, o->ns_fd);

	linkinfo = nest_start(&r, IFLA_LINKINFO);
	put_str(&r, IFLA_INFO_KIND, o->kind ? o->kind : "vxdp");
	if (o->with_peer || o->peer || o->peer_ns_fd != VXDP_NL_UNSET ||
	    o->peer_ns_pid != VXDP_NL_UNSET || o->peer_txq != VXDP_NL_UNSET ||
	    o->peer_rxq != VXDP_NL_UNSET || o->peer_mtu != VXDP_NL_UNSET ||
	    o->ring_size != VXDP_NL_UNSET) {
		data = nest_start(&r, IFLA_INFO_DATA);
		if (o->ring_size != VXDP_NL_UNSET)
			put_u32(&r, VXDP_INFO_RING_SIZE, o->ring_size);
	}
	if (o->with_peer || o->peer || o->peer_ns_fd != VXDP_NL_UNSET ||
	    o->peer_ns_pid != VXDP_NL_UNSET || o->peer_txq != VXDP_NL_UNSET ||
	    o->peer_rxq != VXDP_NL_UNSET || o->peer_mtu != VXDP_NL_UNSET) {
		peer = nest_start(&r, VXDP_INFO_PEER);
		/* struct ifinfomsg, then the peer's IFLA_* attributes */
		ifi = req_tail(&r);
		memset(ifi, 0, sizeof(*ifi));
		ifi->ifi_family = AF_UNSPEC;
		r.nh->nlmsg_len = NLMSG_ALIGN(r.nh->nlmsg_len) +
				  NLMSG_ALIGN(sizeof(*ifi));
		if (o->peer)
			put_str(&r, IFLA_IFNAME, o->peer);
		if (o->peer_ns_fd != VXDP_NL_UNSET)
			put_u32(&r, IFLA_NET_NS_FD, o->peer_ns_fd);
		if (o->peer_ns_pid != VXDP_NL_UNSET)
			put_u32(&r, IFLA_NET_NS_PID, o->peer_ns_pid);
		if (o->peer_txq != VXDP_NL_UNSET)
			put_u32(&r, IFLA_NUM_TX_QUEUES, o->peer_txq);
		if (o->peer_rxq != VXDP_NL_UNSET)
			put_u32(&r, IFLA_NUM_RX_QUEUES, o->peer_rxq);
		if (o->peer_mtu != VXDP_NL_UNSET)
			put_u32(&r, IFLA_MTU, o->peer_mtu);
		nest_end(&r, peer);
	}
	if (data)
		nest_end(&r, data);
	nest_end(&r, linkinfo);

	return transact(fd, &r, extack, NULL, NULL);
}

int vxdp_nl_link_del(int fd, const char *name, char *extack)
{
	char buf[REQ_SIZE];
	struct req r;

	req_init(&r, buf, sizeof(buf), RTM_DELLINK, NLM_F_ACK);
	put_str(&r, IFLA_IFNAME, name);
	return transact(fd, &r, extack, NULL, NULL);
}

static void parse_info_data(const struct rtattr *data, struct vxdp_nl_link *l)
{
	const struct rtattr *a = RTA_DATA(data);
	int len = RTA_PAYLOAD(data);

	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == VXDP_INFO_RING_SIZE && RTA_PAYLOAD(a) >= 4)
			l->ring_size = *(const uint32_t *)RTA_DATA(a);
}

static void parse_link(const struct nlmsghdr *nh, struct vxdp_nl_link *l)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nh);
	const struct rtattr *rta;
	int len;

	memset(l, 0, sizeof(*l));
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	len = nh->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));
	for (rta = IFLA_RTA(ifi); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		const void *d = RTA_DATA(rta);
		unsigned int u = RTA_PAYLOAD(rta) >= 4 ? *(const uint32_t *)d : 0;

		switch (rta->rta_type) {
		case IFLA_IFNAME:
			snprintf(l->name, sizeof(l->name), "%.*s",
				 (int)RTA_PAYLOAD(rta), (const char *)d);
			break;
		case IFLA_LINK:
			l->iflink = u;
			break;
		case IFLA_LINK_NETNSID:
			l->has_link_netnsid = true;
			l->link_netnsid = u;
			break;
		case IFLA_MTU:
			l->mtu = u;
			break;
		case IFLA_MIN_MTU:
			l->min_mtu = u;
			break;
		case IFLA_MAX_MTU:
			l->max_mtu = u;
			break;
		case IFLA_NUM_TX_QUEUES:
			l->num_tx_queues = u;
			break;
		case IFLA_NUM_RX_QUEUES:
			l->num_rx_queues = u;
			break;
		case IFLA_ADDRESS:
			l->addr_len = RTA_PAYLOAD(rta) < sizeof(l->addr) ?
				      (int)RTA_PAYLOAD(rta) : (int)sizeof(l->addr);
			memcpy(l->addr, d, l->addr_len);
			break;
		case IFLA_LINKINFO: {
			const struct rtattr *i = d;
			int ilen = RTA_PAYLOAD(rta);

			for (; RTA_OK(i, ilen); i = RTA_NEXT(i, ilen)) {
				if (i->rta_type == IFLA_INFO_KIND)
					snprintf(l->kind, sizeof(l->kind),
						 "%.*s", (int)RTA_PAYLOAD(i),
						 (const char *)RTA_DATA(i));
				if (i->rta_type == IFLA_INFO_DATA)
					parse_info_data(i, l);
			}
			break;
		}
		}
	}
}

struct get_arg {
	struct vxdp_nl_link *link;
	bool found;
};

static int get_cb(const struct nlmsghdr *nh, void *arg)
{
	struct get_arg *a = arg;

	if (nh->nlmsg_type != RTM_NEWLINK)
		return 0;
	parse_link(nh, a->link);
	a->found = true;
	return 0;
}

int vxdp_nl_link_get(int fd, const char *name, struct vxdp_nl_link *link)
{
	struct get_arg a = { .link = link };
	char buf[REQ_SIZE];
	struct req r;
	int err;

	req_init(&r, buf, sizeof(buf), RTM_GETLINK, 0);
	put_str(&r, IFLA_IFNAME, name);
	put_u32(&r, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	/* a GETLINK that finds the link answers RTM_NEWLINK without an ACK:
	 * ask for one so that transact() knows when it is done
	 */
	r.nh->nlmsg_flags |= NLM_F_ACK;
	err = transact(fd, &r, NULL, get_cb, &a);
	if (err)
		return err;
	return a.found ? 0 : -ENODEV;
}

struct list_arg {
	const char *kind;
	struct vxdp_nl_link *links;
	int max, count;
};

static int list_cb(const struct nlmsghdr *nh, void *arg)
{
	struct list_arg *a = arg;
	struct vxdp_nl_link l;

	if (nh->nlmsg_type != RTM_NEWLINK)
		return 0;
	parse_link(nh, &l);
	if (a->kind && strcmp(l.kind, a->kind))
		return 0;
	if (a->count < a->max)
		a->links[a->count] = l;
	a->count++;
	return 0;
}

int vxdp_nl_link_list(int fd, const char *kind, struct vxdp_nl_link *links,
		      int max)
{
	struct list_arg a = { .kind = kind, .links = links, .max = max };
	char buf[REQ_SIZE];
	struct req r;
	int err;

	req_init(&r, buf, sizeof(buf), RTM_GETLINK, NLM_F_DUMP);
	put_u32(&r, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	err = transact(fd, &r, NULL, list_cb, &a);
	return err ? err : a.count;
}

static void vxdp_module_unload(void)
{
	if (syscall(SYS_delete_module, "vxdp", O_NONBLOCK))
		fprintf(stderr, "# rmmod vxdp: %s\n", strerror(errno));
}

int vxdp_module_load(void)
{
	const char *env = getenv("VXDP_KO");
	char exe[PATH_MAX], ko[PATH_MAX + 16];
	ssize_t n;
	int fd;

	if (access("/sys/module/vxdp", F_OK) == 0)
		return 0;
	if (env && *env) {
		snprintf(ko, sizeof(ko), "%s", env);
	} else {
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n < 0)
			return -errno;
		exe[n] = '\0';
		snprintf(ko, sizeof(ko), "%s/../vxdp.ko", dirname(exe));
	}
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "# %s: %s\n", ko, strerror(errno));
		return -errno;
	}
	if (syscall(SYS_finit_module, fd, "", 0)) {
		int err = -errno;

		fprintf(stderr, "# insmod %s: %s\n", ko, strerror(errno));
		close(fd);
		return err;
	}
	close(fd);
	atexit(vxdp_module_unload);
	return 0;
}
