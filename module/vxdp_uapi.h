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
	__VXDP_INFO_MAX
};

#define VXDP_INFO_MAX (__VXDP_INFO_MAX - 1)

#endif /* _UAPI_VXDP_H */
