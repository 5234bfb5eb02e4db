/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal rtnetlink client for the vxdp selftests (vxdp_link, vxdp_rtnl):
 * RTM_NEWLINK for kind "vxdp" with a VXDP_INFO_PEER nest (veth's
 * VETH_INFO_PEER layout), RTM_DELLINK, RTM_GETLINK, with extended ACK
 * messages returned to the caller.
 *
 * Values are sent as given, unchecked, so that invalid requests reach the
 * kernel.
 */
#ifndef _VXDP_NL_H
#define _VXDP_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/netlink.h>

#define VXDP_NL_UNSET	(-1LL)	/* attribute not sent */
#define VXDP_NL_EXTACK_LEN 256

struct vxdp_link_opts {
	const char *name;	/* IFLA_IFNAME, NULL: not sent */
	const char *kind;	/* IFLA_INFO_KIND, NULL: "vxdp" */
	long long txq;		/* IFLA_NUM_TX_QUEUES */
	long long rxq;		/* IFLA_NUM_RX_QUEUES */
	long long mtu;		/* IFLA_MTU */
	long long ns_fd;	/* IFLA_NET_NS_FD: create the device there */

	/* VXDP_INFO_PEER: sent when peer is set or any peer_* is not UNSET */
	bool with_peer;
	const char *peer;	/* peer IFLA_IFNAME, NULL: not sent */
	long long peer_ns_fd;	/* peer IFLA_NET_NS_FD */
	long long peer_ns_pid;	/* peer IFLA_NET_NS_PID */
	long long peer_txq;
	long long peer_rxq;
	long long peer_mtu;

	long long ring_size;	/* VXDP_INFO_RING_SIZE */
};

/* All attributes unset, kind "vxdp". */
void vxdp_link_opts_init(struct vxdp_link_opts *o);

struct vxdp_nl_link {
	int ifindex;
	int iflink;		/* IFLA_LINK, 0 if absent */
	bool has_link_netnsid;
	int link_netnsid;	/* IFLA_LINK_NETNSID */
	int mtu;
	int min_mtu, max_mtu;
	int num_tx_queues, num_rx_queues;
	unsigned int flags;	/* ifi_flags */
	char name[IF_NAMESIZE];
	char kind[32];		/* IFLA_INFO_KIND, "" if none */
	int ring_size;		/* VXDP_INFO_RING_SIZE, 0 if absent */
	unsigned char addr[32];
	int addr_len;
};

/* Open an rtnetlink socket with NETLINK_EXT_ACK; -errno on error. */
int vxdp_nl_open(void);
/* Same, in the network namespace of @ns_fd (the caller's netns is kept). */
int vxdp_nl_open_netns(int ns_fd);

/*
 * The requests return 0 or -errno (the kernel's error); on error @extack
 * (VXDP_NL_EXTACK_LEN bytes, may be NULL) receives the kernel's extended ACK
 * message, "" if none.
 */
int vxdp_nl_link_add(int fd, const struct vxdp_link_opts *o, char *extack);
int vxdp_nl_link_del(int fd, const char *name, char *extack);
/* Look @name up; -ENODEV if it does not exist. */
int vxdp_nl_link_get(int fd, const char *name, struct vxdp_nl_link *link);
/*
 * Dump the links of kind @kind (NULL: all); up to @max go to @links.
 * Returns how many there are, or -errno.
 */
int vxdp_nl_link_list(int fd, const char *kind, struct vxdp_nl_link *links,
		      int max);

/*
 * Send the request @nh (nlmsg_len bytes, as is: it may be malformed; its
 * nlmsg_seq is set here) and process the answer: @cb, if not NULL, for each
 * message that is not the ACK, until the ACK or NLMSG_DONE. Returns 0 or
 * -errno, with @extack as above.
 */
int vxdp_nl_request(int fd, struct nlmsghdr *nh, char *extack,
		    int (*cb)(const struct nlmsghdr *nh, void *arg), void *arg);

/*
 * Load the module under test from $VXDP_KO, else ../vxdp.ko next to the
 * running program, unless it is loaded already; then it is unloaded at
 * exit. Returns 0 or -errno.
 */
int vxdp_module_load(void);

#endif /* _VXDP_NL_H */
