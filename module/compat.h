/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where vxdp adapts to kernel versions. Everything else is
 * written against the 6.1 API; each difference is a feature test here.
 */
#ifndef _VXDP_COMPAT_H
#define _VXDP_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "vxdp needs Linux 6.1 or newer"
#endif

/* 6.6 split net/page_pool.h into net/page_pool/{types,helpers}.h */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

/* 6.3 added advertised XDP features (NETDEV_XDP_ACT_*) */
static inline void vxdp_set_xdp_features(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	xdp_set_features_flag(dev, NETDEV_XDP_ACT_BASIC |
				   NETDEV_XDP_ACT_REDIRECT |
				   NETDEV_XDP_ACT_NDO_XMIT);
#endif
}

#endif /* _VXDP_COMPAT_H */
