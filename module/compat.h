/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where vxdp adapts to kernel versions (6.1 to 7.2). The rest
 * of the module is written against one API; each difference is tested
 * here by the release that made it (sparse has no __has_include):
 *
 *   6.3   advertised XDP features (xdp_set_features_flag); device-bound
 *         programs that are not offloaded (bpf_prog_is_offloaded())
 *   6.4   skb_gso_segment() moved to <net/gso.h>
 *   6.6   <net/page_pool.h> split; ndo_hwtstamp_get/set
 *   6.8   XDP rx metadata kfuncs with their current signatures
 *         (xmo_rx_timestamp, xmo_rx_hash with the hash type, xmo_rx_vlan_tag);
 *         ethtool_ops.get_rxfh/set_rxfh take struct ethtool_rxfh_param
 *         (and set_rxfh an extack)
 *   6.11  ethtool_ops.get_ts_info() takes struct kernel_ethtool_ts_info
 *   6.15  rtnl_link_ops.newlink() takes struct rtnl_newlink_params, and the
 *         core resolves the peer's netns (rtnl_link_ops.peer_type)
 *   6.16  ethtool_ops.get_rxfh_fields() answers ETHTOOL_GRXFH (Debian's
 *         6.12.117 has it too, backported)
 *   6.18  xdp_update_skb_frags_info() (was xdp_update_skb_shared_info())
 *   6.19  ethtool_ops.get_rx_ring_count() (new in late 2025; the core asks
 *         get_rxnfc(ETHTOOL_GRXRINGS) without it)
 *   7.0   struct bpf_reg_state without the fixed offset "off" (var_off
 *         only), read by the offload verifier hooks
 */
#ifndef _VXDP_COMPAT_H
#define _VXDP_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <linux/net_tstamp.h>
#include <net/rtnetlink.h>
#include <net/xdp.h>
#include <linux/bpf.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "vxdp needs Linux 6.1 or newer"
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#include <net/gso.h>
#endif

/* Advertised XDP features (NETDEV_XDP_ACT_*, read by the netdev family). */
static inline void vxdp_set_xdp_features(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	xdp_set_features_flag(dev, NETDEV_XDP_ACT_BASIC |
				   NETDEV_XDP_ACT_REDIRECT |
				   NETDEV_XDP_ACT_NDO_XMIT |
				   NETDEV_XDP_ACT_NDO_XMIT_SG |
				   NETDEV_XDP_ACT_XSK_ZEROCOPY |
				   NETDEV_XDP_ACT_RX_SG |
				   NETDEV_XDP_ACT_HW_OFFLOAD);
#endif
}

/*
 * A program loaded for the device's offload engine: since 6.3 a program
 * may also be bound to a device only for its XDP metadata kfuncs, and
 * aux->offload no longer says which.
 */
static inline bool vxdp_prog_is_offloaded(const struct bpf_prog *prog)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	return bpf_prog_is_offloaded(prog->aux);
#else
	return bpf_prog_is_dev_bound(prog->aux);
#endif
}

/*
 * The constant offset the verifier knows a pointer register to have: its
 * fixed reg->off up to 6.12; 7.2's bpf_reg_state keeps it in var_off only
 * (a constant there; the field went in between, 7.0 is the boundary used
 * here). The offload verifier hooks read context offsets with it.
 */
#include <linux/bpf_verifier.h>
#include <linux/tnum.h>

static inline s64 vxdp_reg_const_off(const struct bpf_reg_state *reg)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
	return tnum_is_const(reg->var_off) ? (s64)reg->var_off.value : -1;
#else
	return tnum_is_const(reg->var_off) ? reg->off + (s64)reg->var_off.value
					   : -1;
#endif
}

/*
 * An skb built around a multi-buffer xdp_buff takes its frags' count and
 * sizes, and the frags' pfmemalloc flag: xdp_update_skb_shared_info() on
 * 6.12 and before, xdp_update_skb_frags_info() with the xdp_buff's flags
 * on 7.2 (the rename landed in between; 6.18 is the boundary used here).
 */
static inline void vxdp_xdp_update_skb_frags(struct sk_buff *skb,
					     struct xdp_buff *xdp, u8 nr_frags,
					     unsigned int size,
					     unsigned int truesize)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
	xdp_update_skb_frags_info(skb, nr_frags, size, truesize,
				  xdp_buff_get_skb_flags(xdp));
#else
	xdp_update_skb_shared_info(skb, nr_frags, size, truesize,
				   xdp_buff_is_frag_pfmemalloc(xdp));
#endif
}

/*
 * A page_pool that names its device (6.8) is listed for it by the netdev
 * netlink family (page-pool-get: inflight pages, detach time), and its
 * pages still in flight when the device goes are shown under loopback.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define VXDP_PAGE_POOL_NETDEV(dev)	.netdev = (dev),
#else
#define VXDP_PAGE_POOL_NETDEV(dev)
#endif

/*
 * XDP rx metadata kfuncs (xmo_*): xdp_meta.c builds only where the kernel
 * has them with the signatures it implements.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define VXDP_HAVE_XDP_METADATA_OPS	1
extern const struct xdp_metadata_ops vxdp_xdp_metadata_ops;

static inline void vxdp_set_xdp_metadata_ops(struct net_device *dev)
{
	dev->xdp_metadata_ops = &vxdp_xdp_metadata_ops;
}
#else
static inline void vxdp_set_xdp_metadata_ops(struct net_device *dev)
{
}
#endif

/*
 * Hardware timestamping configuration: ndo_hwtstamp_get/set (6.6+), the
 * SIOCGHWTSTAMP/SIOCSHWTSTAMP ioctls through ndo_eth_ioctl before. Both
 * end in vxdp_hwtstamp_get/set() on (tx_type, rx_filter).
 */
int vxdp_hwtstamp_set(struct net_device *dev, int tx_type, int *rx_filter);
void vxdp_hwtstamp_get(struct net_device *dev, int *tx_type, int *rx_filter);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
static inline int vxdp_ndo_hwtstamp_get(struct net_device *dev,
					struct kernel_hwtstamp_config *cfg)
{
	vxdp_hwtstamp_get(dev, &cfg->tx_type, &cfg->rx_filter);
	return 0;
}

static inline int vxdp_ndo_hwtstamp_set(struct net_device *dev,
					struct kernel_hwtstamp_config *cfg,
					struct netlink_ext_ack *extack)
{
	return vxdp_hwtstamp_set(dev, cfg->tx_type, &cfg->rx_filter);
}

#define VXDP_NDO_HWTSTAMP					\
	.ndo_hwtstamp_get	= vxdp_ndo_hwtstamp_get,	\
	.ndo_hwtstamp_set	= vxdp_ndo_hwtstamp_set,
#else
static inline int vxdp_ndo_eth_ioctl(struct net_device *dev,
				     struct ifreq *ifr, int cmd)
{
	struct hwtstamp_config cfg;
	int err;

	switch (cmd) {
	case SIOCSHWTSTAMP:
		if (copy_from_user(&cfg, ifr->ifr_data, sizeof(cfg)))
			return -EFAULT;
		if (cfg.flags)
			return -EINVAL;
		err = vxdp_hwtstamp_set(dev, cfg.tx_type, &cfg.rx_filter);
		if (err)
			return err;
		break;
	case SIOCGHWTSTAMP:
		memset(&cfg, 0, sizeof(cfg));
		vxdp_hwtstamp_get(dev, &cfg.tx_type, &cfg.rx_filter);
		break;
	default:
		return -EOPNOTSUPP;
	}
	return copy_to_user(ifr->ifr_data, &cfg, sizeof(cfg)) ? -EFAULT : 0;
}

#define VXDP_NDO_HWTSTAMP					\
	.ndo_eth_ioctl		= vxdp_ndo_eth_ioctl,
#endif

/* 6.11 gave ethtool_ops.get_ts_info() a kernel-internal struct */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define vxdp_ethtool_ts_info	kernel_ethtool_ts_info
#else
#define vxdp_ethtool_ts_info	ethtool_ts_info
#endif

/*
 * ethtool_ops.get_rxfh/set_rxfh: vxdp's are written once as
 *   int get(struct net_device *dev, u32 *indir, u8 *key, u8 *hfunc)
 *   int set(struct net_device *dev, const u32 *indir, const u8 *key,
 *	     u8 hfunc, struct netlink_ext_ack *extack)
 * (NULL: not asked for / no change; @extack may be NULL);
 * VXDP_DEFINE_RXFH(get_name, set_name, get, set) wraps them in the
 * kernel's signatures.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define VXDP_DEFINE_RXFH(get_name, set_name, get, set)			\
static int get_name(struct net_device *dev, struct ethtool_rxfh_param *p) \
{									\
	return get(dev, p->indir, p->key, &p->hfunc);			\
}									\
static int set_name(struct net_device *dev, struct ethtool_rxfh_param *p, \
		    struct netlink_ext_ack *extack)			\
{									\
	return set(dev, p->indir, p->key, p->hfunc, extack);		\
}
#else
#define VXDP_DEFINE_RXFH(get_name, set_name, get, set)			\
static int get_name(struct net_device *dev, u32 *indir, u8 *key,	\
		    u8 *hfunc)						\
{									\
	return get(dev, indir, key, hfunc);				\
}									\
static int set_name(struct net_device *dev, const u32 *indir,		\
		    const u8 *key, const u8 hfunc)			\
{									\
	return set(dev, indir, key, hfunc, NULL);			\
}
#endif

/*
 * Which header fields RSS hashes, per flow type: vxdp's is written once as
 *   u32 fn(u32 flow_type)	(RXH_* bits)
 * and answers ETHTOOL_GRXFH in get_rxnfc; where the kernel asks
 * get_rxfh_fields() instead, VXDP_ETHTOOL_RXFH_FIELDS(name, fn) defines it
 * and VXDP_ETHTOOL_OPS_RXFH_FIELDS(name) puts it into ethtool_ops.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0) || \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 117) && \
	 LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0))
#define VXDP_ETHTOOL_RXFH_FIELDS(name, fn)				\
static int name(struct net_device *dev, struct ethtool_rxfh_fields *f)	\
{									\
	f->data = fn(f->flow_type);					\
	return 0;							\
}

#define VXDP_ETHTOOL_OPS_RXFH_FIELDS(name)	.get_rxfh_fields = name,
#else
#define VXDP_ETHTOOL_RXFH_FIELDS(name, fn)
#define VXDP_ETHTOOL_OPS_RXFH_FIELDS(name)
#endif

/*
 * The rx ring count for RSS and rules: vxdp's is written once as
 *   u32 fn(struct net_device *dev)
 * and answers ETHTOOL_GRXRINGS in get_rxnfc; VXDP_ETHTOOL_RX_RING_COUNT(name,
 * fn) defines get_rx_ring_count() where the kernel has it and
 * VXDP_ETHTOOL_OPS_RX_RING_COUNT(name) puts it into ethtool_ops.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
#define VXDP_ETHTOOL_RX_RING_COUNT(name, fn)				\
static u32 name(struct net_device *dev)					\
{									\
	return fn(dev);							\
}

#define VXDP_ETHTOOL_OPS_RX_RING_COUNT(name)	.get_rx_ring_count = name,
#else
#define VXDP_ETHTOOL_RX_RING_COUNT(name, fn)
#define VXDP_ETHTOOL_OPS_RX_RING_COUNT(name)
#endif

/*
 * rtnl_link_ops.newlink(): vxdp's is written once as
 *   int fn(struct net_device *dev, struct net *src_net, struct net *peer_net,
 *          struct nlattr *tb[], struct nlattr *data[], extack)
 * where @peer_net is the peer's netns when the core resolved it (6.15+),
 * else NULL; VXDP_DEFINE_NEWLINK(name, fn) wraps it in the kernel's
 * signature, and vxdp_get_peer_net() resolves it where the core did not.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
#define VXDP_DEFINE_NEWLINK(name, fn)					\
static int name(struct net_device *dev, struct rtnl_newlink_params *p,	\
		struct netlink_ext_ack *extack)				\
{									\
	return fn(dev, p->src_net, rtnl_newlink_peer_net(p), p->tb,	\
		  p->data, extack);					\
}

#define VXDP_LINK_OPS_PEER_TYPE(type)	.peer_type = (type),

static inline struct net *vxdp_get_peer_net(struct net *src_net,
					    struct net *peer_net,
					    struct nlattr *peer_tb[])
{
	return get_net(peer_net);
}
#else
#define VXDP_DEFINE_NEWLINK(name, fn)					\
static int name(struct net *src_net, struct net_device *dev,		\
		struct nlattr *tb[], struct nlattr *data[],		\
		struct netlink_ext_ack *extack)				\
{									\
	return fn(dev, src_net, NULL, tb, data, extack);		\
}

#define VXDP_LINK_OPS_PEER_TYPE(type)

static inline struct net *vxdp_get_peer_net(struct net *src_net,
					    struct net *peer_net,
					    struct nlattr *peer_tb[])
{
	return rtnl_link_get_net(src_net, peer_tb);
}
#endif

#endif /* _VXDP_COMPAT_H */
