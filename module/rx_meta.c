// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: the emulated NIC's receive offloads. As the wire writes a frame
 * into the receiver's rx buffer it also fills the descriptor the way a
 * NIC's receive engine does:
 *
 *  - RSS hash (NETIF_F_RXHASH, "ethtool -K DEV rxhash on", the default):
 *    the Toeplitz hash that steering computed (rx_steer.c) goes into the
 *    descriptor;
 *  - VLAN stripping (NETIF_F_HW_VLAN_CTAG_RX / _STAG_RX, "rxvlan", off by
 *    default): the outer tag leaves the frame and goes into the descriptor;
 *  - rx hardware timestamp (SIOCSHWTSTAMP rx_filter != NONE): the time
 *    (CLOCK_REALTIME) at which the wire wrote the frame.
 *
 * PASS hands them to the stack in the skb (skb->hash, the hwaccel VLAN tag,
 * skb_hwtstamps()); XDP programs read them through the rx metadata kfuncs
 * (bpf_xdp_metadata_rx_hash/_timestamp/_vlan_tag) where the kernel has them.
 */
#include <linux/if_vlan.h>
#include <linux/skbuff.h>

#include "vxdp.h"

/**
 * vxdp_rx_meta - the receive engine's work on a frame just written
 * @rq: receiving queue (the wire holds its lock)
 * @desc: the frame's first descriptor, its buffer at VXDP_RX_HEADROOM
 * @h: the frame's RSS hash (vxdp_rx_steer())
 *
 * Sets desc->off, and the hash, VLAN tag and timestamp the receiver asked
 * for; a stripped tag shortens desc->len by VLAN_HLEN.
 */
void vxdp_rx_meta(struct vxdp_rq *rq, struct vxdp_rx_desc *desc,
		  const struct vxdp_rx_hash *h)
{
	const struct vxdp_priv *priv = netdev_priv(rq->dev);
	netdev_features_t features = READ_ONCE(rq->dev->features);
	u8 *data = desc->buf + VXDP_RX_HEADROOM;
	__be16 proto;

	desc->off = VXDP_RX_HEADROOM;
	desc->hash = h->hash;
	desc->hash_type = features & NETIF_F_RXHASH ? h->type : 0;
	desc->vlan_proto = 0;
	desc->tstamp = READ_ONCE(priv->rx_tstamp) ? ktime_get_real_ns() : 0;

	proto = ((struct ethhdr *)data)->h_proto;
	if (eth_type_vlan(proto) && desc->len >= VLAN_ETH_HLEN) {
		const struct vlan_ethhdr *veth = (const void *)data;
		netdev_features_t strip = proto == htons(ETH_P_8021Q) ?
			NETIF_F_HW_VLAN_CTAG_RX : NETIF_F_HW_VLAN_STAG_RX;

		if (features & strip) {
			desc->vlan_proto = proto;
			desc->vlan_tci = ntohs(veth->h_vlan_TCI);
			memmove(data + VLAN_HLEN, data, 2 * ETH_ALEN);
			desc->off += VLAN_HLEN;
			desc->len -= VLAN_HLEN;
		}
	}
}

/* PASS: hand the descriptor's offloads to the stack with the skb. */
void vxdp_rx_meta_skb(const struct vxdp_rx_desc *desc, struct sk_buff *skb)
{
	if (desc->hash_type)
		skb_set_hash(skb, desc->hash, desc->hash_type & VXDP_RSS_L4 ?
			     PKT_HASH_TYPE_L4 : PKT_HASH_TYPE_L3);
	if (desc->vlan_proto)
		__vlan_hwaccel_put_tag(skb, desc->vlan_proto, desc->vlan_tci);
	if (desc->tstamp)
		skb_hwtstamps(skb)->hwtstamp = ns_to_ktime(desc->tstamp);
}

/* Only "off" and "all" exist for this NIC's rx and tx timestamping. */
int vxdp_hwtstamp_set(struct net_device *dev, int tx_type, int *rx_filter)
{
	struct vxdp_priv *priv = netdev_priv(dev);

	if (tx_type != HWTSTAMP_TX_OFF)
		return -ERANGE;
	if (*rx_filter != HWTSTAMP_FILTER_NONE)
		*rx_filter = HWTSTAMP_FILTER_ALL;
	WRITE_ONCE(priv->rx_tstamp, *rx_filter == HWTSTAMP_FILTER_ALL);
	return 0;
}

void vxdp_hwtstamp_get(struct net_device *dev, int *tx_type, int *rx_filter)
{
	const struct vxdp_priv *priv = netdev_priv(dev);

	*tx_type = HWTSTAMP_TX_OFF;
	*rx_filter = READ_ONCE(priv->rx_tstamp) ? HWTSTAMP_FILTER_ALL :
						  HWTSTAMP_FILTER_NONE;
}

#ifdef VXDP_HAVE_XDP_METADATA_OPS
/*
 * The rx metadata kfuncs of device-bound XDP programs: the verifier
 * replaces bpf_xdp_metadata_rx_*() calls by these; @ctx is the xdp_buff
 * that vxdp_poll() embeds in struct vxdp_xdp_buff.
 */
static int vxdp_xmo_rx_timestamp(const struct xdp_md *ctx, u64 *timestamp)
{
	const struct vxdp_xdp_buff *vb = (const void *)ctx;

	if (!vb->desc->tstamp)
		return -ENODATA;
	*timestamp = vb->desc->tstamp;
	return 0;
}

static int vxdp_xmo_rx_hash(const struct xdp_md *ctx, u32 *hash,
			    enum xdp_rss_hash_type *rss_type)
{
	const struct vxdp_xdp_buff *vb = (const void *)ctx;

	if (!vb->desc->hash_type)
		return -ENODATA;
	*hash = vb->desc->hash;
	*rss_type = vb->desc->hash_type;
	return 0;
}

static int vxdp_xmo_rx_vlan_tag(const struct xdp_md *ctx, __be16 *vlan_proto,
				u16 *vlan_tci)
{
	const struct vxdp_xdp_buff *vb = (const void *)ctx;

	if (!vb->desc->vlan_proto)
		return -ENODATA;
	*vlan_proto = vb->desc->vlan_proto;
	*vlan_tci = vb->desc->vlan_tci;
	return 0;
}

const struct xdp_metadata_ops vxdp_xdp_metadata_ops = {
	.xmo_rx_timestamp	= vxdp_xmo_rx_timestamp,
	.xmo_rx_hash		= vxdp_xmo_rx_hash,
	.xmo_rx_vlan_tag	= vxdp_xmo_rx_vlan_tag,
};

/* the descriptor's hash type is enum xdp_rss_hash_type bit for bit */
static_assert(VXDP_RSS_L3_IPV4 == XDP_RSS_L3_IPV4);
static_assert(VXDP_RSS_L3_IPV6 == XDP_RSS_L3_IPV6);
static_assert(VXDP_RSS_L4 == XDP_RSS_L4);
static_assert(VXDP_RSS_L4_TCP == XDP_RSS_L4_TCP);
static_assert(VXDP_RSS_L4_UDP == XDP_RSS_L4_UDP);
#endif
