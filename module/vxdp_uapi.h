/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vxdp netlink attributes, carried in IFLA_INFO_DATA of an RTM_NEWLINK
 * request for kind "vxdp". Shared with user space (iproute2 plugin, tests).
 */
#ifndef _UAPI_VXDP_H
#define _UAPI_VXDP_H

enum {
	VXDP_INFO_UNSPEC,
	/* nested: struct ifinfomsg followed by IFLA_* attributes of the peer,
	 * the same layout as veth's VETH_INFO_PEER
	 */
	VXDP_INFO_PEER,
	/* u32: rx (and XDP tx) ring slots per queue, a power of 2; set at
	 * create for both devices, reported per device. ethtool -G changes it.
	 */
	VXDP_INFO_RING_SIZE,
	/* u32, reported only: largest MTU a native XDP program accepts */
	VXDP_INFO_XDP_MAX_MTU,
	__VXDP_INFO_MAX
};

#define VXDP_INFO_MAX (__VXDP_INFO_MAX - 1)

/* VXDP_INFO_RING_SIZE: default and limits */
#define VXDP_DEF_RING_SIZE	256
#define VXDP_MIN_RING_SIZE	64
#define VXDP_MAX_RING_SIZE	4096

#endif /* _UAPI_VXDP_H */
