// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: the emulated NIC's receive offloads. As the wire writes a frame
 * into the receiver's rx buffer it also fills the descriptor the way a
 * NIC's receive engine does:
 *
 *  - RSS hash (NETIF_F_RXHASH, "ethtool -K DEV rxhash on", the default):
 *    Toeplitz over the IPv4/IPv6 addresses and, for TCP/UDP that is not an
 *    IP fragment, the ports, with the standard default key;
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
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include "vxdp.h"

/* The standard Toeplitz key (Microsoft's RSS verification suite). */
static const u8 vxdp_rss_key[VXDP_RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* The longest hash input: IPv6 source and destination, two ports. */
#define VXDP_RSS_MAX_INPUT	(2 * sizeof(struct in6_addr) + 4)

/*
 * Toeplitz hash of @len (<= VXDP_RSS_KEY_LEN - 4) bytes of @in, bit by bit:
 * each set input bit XORs in the 32 key bits that start at its position.
 */
static u32 vxdp_toeplitz_bits(const u8 *key, const u8 *in, unsigned int len)
{
	u32 v = (u32)key[0] << 24 | key[1] << 16 | key[2] << 8 | key[3];
	u32 hash = 0;
	unsigned int i;
	int bit;

	for (i = 0; i < len; i++) {
		for (bit = 7; bit >= 0; bit--) {
			if (in[i] & BIT(bit))
				hash ^= v;
			v = (v << 1) | ((key[i + 4] >> bit) & 1);
		}
	}
	return hash;
}

/*
 * The hash is linear in its input: per input byte position and value, the
 * part it XORs in, so that hashing takes one lookup per byte.
 */
static u32 vxdp_rss_tbl[VXDP_RSS_MAX_INPUT][256];

void vxdp_rx_meta_init(void)
{
	u8 in[VXDP_RSS_MAX_INPUT] = {};
	unsigned int i, b;

	BUILD_BUG_ON(VXDP_RSS_MAX_INPUT + 4 > VXDP_RSS_KEY_LEN);
	for (i = 0; i < VXDP_RSS_MAX_INPUT; i++) {
		for (b = 0; b < 256; b++) {
			in[i] = b;
			vxdp_rss_tbl[i][b] = vxdp_toeplitz_bits(vxdp_rss_key, in,
								i + 1);
		}
		in[i] = 0;
	}
}

static u32 vxdp_toeplitz(const u8 *in, unsigned int len)
{
	u32 hash = 0;
	unsigned int i;

	for (i = 0; i < len; i++)
		hash ^= vxdp_rss_tbl[i][in[i]];
	return hash;
}

/*
 * Hash the flow of the frame at @data (@len bytes, the L2 header at
 * @l3off's start already skipped): set desc->hash and desc->hash_type.
 */
static void vxdp_rx_hash(struct vxdp_rx_desc *desc, const u8 *data,
			 unsigned int len, unsigned int l3off, __be16 proto)
{
	u8 in[VXDP_RSS_MAX_INPUT];
	unsigned int alen, l4off, n;
	u16 type;
	u8 l4;

	if (proto == htons(ETH_P_IP)) {
		const struct iphdr *iph = (const void *)(data + l3off);

		if (len < l3off + sizeof(*iph) || iph->ihl < 5)
			return;
		alen = sizeof(iph->saddr);
		l4 = iph->protocol;
		l4off = l3off + iph->ihl * 4;
		type = VXDP_RSS_L3_IPV4;
		if (ip_is_fragment(iph))
			l4 = 0;
		memcpy(in, &iph->addrs, sizeof(iph->addrs));
	} else if (proto == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h = (const void *)(data + l3off);

		if (len < l3off + sizeof(*ip6h))
			return;
		alen = sizeof(ip6h->saddr);
		l4 = ip6h->nexthdr;
		l4off = l3off + sizeof(*ip6h);
		type = VXDP_RSS_L3_IPV6;
		memcpy(in, &ip6h->addrs, sizeof(ip6h->addrs));
	} else {
		return;
	}

	n = 2 * alen;
	if ((l4 == IPPROTO_TCP || l4 == IPPROTO_UDP) && len >= l4off + 4) {
		memcpy(in + n, data + l4off, 4);	/* source, dest port */
		n += 4;
		type |= VXDP_RSS_L4 |
			(l4 == IPPROTO_TCP ? VXDP_RSS_L4_TCP : VXDP_RSS_L4_UDP);
	}
	desc->hash = vxdp_toeplitz(in, n);
	desc->hash_type = type;
}

/**
 * vxdp_rx_meta - the receive engine's work on a frame just written
 * @rq: receiving queue (the wire holds its lock)
 * @desc: the frame's first descriptor, its buffer at VXDP_RX_HEADROOM
 *
 * Sets desc->off, and the hash, VLAN tag and timestamp the receiver asked
 * for; a stripped tag shortens desc->len by VLAN_HLEN.
 */
void vxdp_rx_meta(struct vxdp_rq *rq, struct vxdp_rx_desc *desc)
{
	const struct vxdp_priv *priv = netdev_priv(rq->dev);
	netdev_features_t features = READ_ONCE(rq->dev->features);
	u8 *data = desc->buf + VXDP_RX_HEADROOM;
	unsigned int l3off = ETH_HLEN;
	__be16 proto;

	desc->off = VXDP_RX_HEADROOM;
	desc->hash_type = 0;
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
			proto = veth->h_vlan_encapsulated_proto;
			memmove(data + VLAN_HLEN, data, 2 * ETH_ALEN);
			data += VLAN_HLEN;
			desc->off += VLAN_HLEN;
			desc->len -= VLAN_HLEN;
		} else {
			proto = veth->h_vlan_encapsulated_proto;
			l3off = VLAN_ETH_HLEN;
		}
	}

	if (features & NETIF_F_RXHASH)
		vxdp_rx_hash(desc, data, desc->len, l3off, proto);
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
