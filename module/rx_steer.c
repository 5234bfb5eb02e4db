// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: the receive engine's steering. Before the wire writes a frame, the
 * receiving device chooses the rx queue, as a NIC's flow director and RSS
 * engine do:
 *
 *  1. ntuple rules ("ethtool -N DEV flow-type udp4 ... action Q|-1", with
 *     NETIF_F_NTUPLE on, the default), in the order of their locations: the
 *     first that matches sends the frame to queue Q, or drops it (action -1,
 *     counted as rx_ntuple_drops);
 *  2. RSS: the Toeplitz hash of the flow (IPv4/IPv6 source and destination
 *     address, and for TCP/UDP that is not an IP fragment the ports) with
 *     the device's key ("ethtool -X DEV hkey ...") indexes the indirection
 *     table (VXDP_RSS_INDIR_SIZE entries, low bits of the hash): an equal
 *     spread over the rx queues unless the user set one ("ethtool -X DEV
 *     equal N | weight ...", IFF_RXFH_CONFIGURED);
 *  3. a frame that is not IP (ARP...) goes to queue 0.
 *
 * The hash is computed once, from the sender's headers, and the wire writes
 * it into the frame's descriptor (rx_meta.c). The configuration lives in
 * RCU-protected copies replaced under RTNL by ethtool.c, so that the
 * datapath reads one consistent key, table and rule set without a lock.
 */
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>

#include "vxdp.h"

/* The longest hash input: IPv6 source and destination, two ports. */
#define VXDP_RSS_MAX_INPUT	(2 * sizeof(struct in6_addr) + 4)

/* The standard Toeplitz key (Microsoft's RSS verification suite). */
static const u8 vxdp_rss_default_key[VXDP_RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/**
 * struct vxdp_rss - the RSS configuration of a device
 * @rcu: freed after the readers
 * @key: the Toeplitz key
 * @indir: the user's indirection table (used with IFF_RXFH_CONFIGURED)
 * @tbl: the hash is linear in its input: per input byte position and
 *	 value, the part @key makes it XOR in (one lookup per input byte)
 */
struct vxdp_rss {
	struct rcu_head rcu;
	u8 key[VXDP_RSS_KEY_LEN];
	u8 indir[VXDP_RSS_INDIR_SIZE];
	u32 tbl[VXDP_RSS_MAX_INPUT][256];
};

/**
 * struct vxdp_flow - the fields of a frame that steering looks at
 * @in: the hash input as on the wire: source and destination address,
 *	then source and destination port when @l4 is set
 * @n: bytes of @in
 * @alen: address length (4 or 16)
 * @l4: IPPROTO_TCP or IPPROTO_UDP with ports in @in, else 0
 * @type: VXDP_RSS_* of the hash
 */
struct vxdp_flow {
	u8 in[VXDP_RSS_MAX_INPUT];
	u8 n;
	u8 alen;
	u8 l4;
	u16 type;
};

/**
 * struct vxdp_ntuple_rule - one ntuple rule
 * @fs: the rule as the user gave it (ETHTOOL_GRXCLSRULE returns it)
 * @alen: address length of the flow type
 * @l4: its L4 protocol
 * @val: the values to match, laid out as struct vxdp_flow's @in
 * @mask: the bits of @val that must match
 */
struct vxdp_ntuple_rule {
	struct ethtool_rx_flow_spec fs;
	u8 alen;
	u8 l4;
	u8 val[VXDP_RSS_MAX_INPUT];
	u8 mask[VXDP_RSS_MAX_INPUT];
};

/**
 * struct vxdp_ntuple - the ntuple rules of a device
 * @rcu: freed after the readers
 * @count: rules in @rule
 * @rule: the rules, by increasing location (their priority)
 */
struct vxdp_ntuple {
	struct rcu_head rcu;
	unsigned int count;
	struct vxdp_ntuple_rule rule[VXDP_NTUPLE_MAX];
};

/* The key's 32 bits that start at bit @bit of @key. */
static u32 vxdp_key_window(const u8 *key, unsigned int bit)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < 5; i++) {
		unsigned int k = bit / 8 + i;

		v = v << 8 | (k < VXDP_RSS_KEY_LEN ? key[k] : 0);
	}
	return v >> (8 - bit % 8);
}

/* Fill @rss->tbl for @rss->key: each set input bit XORs in its key window. */
static void vxdp_rss_build(struct vxdp_rss *rss)
{
	unsigned int i, b, bit;
	u32 w[8];

	for (i = 0; i < VXDP_RSS_MAX_INPUT; i++) {
		/* w[bit]: the window of input bit @bit (0 = the byte's LSB) */
		for (bit = 0; bit < 8; bit++)
			w[bit] = vxdp_key_window(rss->key, i * 8 + 7 - bit);
		rss->tbl[i][0] = 0;
		for (b = 1; b < 256; b++)
			rss->tbl[i][b] = rss->tbl[i][b & (b - 1)] ^
					 w[__ffs(b)];
	}
}

static u32 vxdp_toeplitz(const struct vxdp_rss *rss, const u8 *in,
			 unsigned int len)
{
	u32 hash = 0;
	unsigned int i;

	for (i = 0; i < len; i++)
		hash ^= rss->tbl[i][in[i]];
	return hash;
}

/*
 * Parse the headers at @data (@len bytes, from the Ethernet header; one
 * VLAN tag may follow it) into @f. Return false if the frame is not IP.
 */
static bool vxdp_flow_parse(const u8 *data, unsigned int len,
			    struct vxdp_flow *f)
{
	const struct ethhdr *eth = (const void *)data;
	unsigned int l3off = ETH_HLEN, l4off;
	__be16 proto;
	u8 l4;

	if (len < ETH_HLEN)
		return false;
	proto = eth->h_proto;
	if (eth_type_vlan(proto) && len >= VLAN_ETH_HLEN) {
		proto = ((const struct vlan_ethhdr *)data)->h_vlan_encapsulated_proto;
		l3off = VLAN_ETH_HLEN;
	}

	if (proto == htons(ETH_P_IP)) {
		const struct iphdr *iph = (const void *)(data + l3off);

		if (len < l3off + sizeof(*iph) || iph->ihl < 5)
			return false;
		f->alen = sizeof(iph->saddr);
		l4 = ip_is_fragment(iph) ? 0 : iph->protocol;
		l4off = l3off + iph->ihl * 4;
		f->type = VXDP_RSS_L3_IPV4;
		memcpy(f->in, &iph->addrs, sizeof(iph->addrs));
	} else if (proto == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h = (const void *)(data + l3off);

		if (len < l3off + sizeof(*ip6h))
			return false;
		f->alen = sizeof(ip6h->saddr);
		l4 = ip6h->nexthdr;
		l4off = l3off + sizeof(*ip6h);
		f->type = VXDP_RSS_L3_IPV6;
		memcpy(f->in, &ip6h->addrs, sizeof(ip6h->addrs));
	} else {
		return false;
	}

	f->n = 2 * f->alen;
	f->l4 = 0;
	if ((l4 == IPPROTO_TCP || l4 == IPPROTO_UDP) && len >= l4off + 4) {
		memcpy(f->in + f->n, data + l4off, 4);	/* source, dest port */
		f->n += 4;
		f->l4 = l4;
		f->type |= VXDP_RSS_L4 |
			   (l4 == IPPROTO_TCP ? VXDP_RSS_L4_TCP : VXDP_RSS_L4_UDP);
	}
	return true;
}

static bool vxdp_ntuple_match(const struct vxdp_ntuple_rule *r,
			      const struct vxdp_flow *f)
{
	unsigned int i;

	if (r->l4 != f->l4 || r->alen != f->alen)
		return false;
	for (i = 0; i < f->n; i++)
		if ((f->in[i] ^ r->val[i]) & r->mask[i])
			return false;
	return true;
}

/**
 * vxdp_rx_steer - choose the rx queue of a frame, and hash it
 * @dev: the receiving device
 * @hdr: the frame's first bytes, from its Ethernet header
 * @len: bytes at @hdr (at most VXDP_STEER_HDR_LEN are looked at)
 * @h: the frame's RSS hash, for its descriptor
 *
 * Called with BHs disabled (RCU-bh read side), before any queue is locked.
 *
 * Return: the rx queue, or -1 if an ntuple rule dropped the frame (counted
 * in rx_ntuple_drops).
 */
int vxdp_rx_steer(struct net_device *dev, const void *hdr, unsigned int len,
		  struct vxdp_rx_hash *h)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	unsigned int n = READ_ONCE(dev->real_num_rx_queues);
	const struct vxdp_ntuple *nt;
	const struct vxdp_rss *rss;
	struct vxdp_flow f;
	u32 idx, q;

	h->hash = 0;
	h->type = 0;
	if (!vxdp_flow_parse(hdr, len, &f))
		return 0;

	rss = rcu_dereference_bh(priv->rss);
	h->hash = vxdp_toeplitz(rss, f.in, f.n);
	h->type = f.type;

	nt = rcu_dereference_bh(priv->ntuple);
	if (nt && (READ_ONCE(dev->features) & NETIF_F_NTUPLE)) {
		unsigned int i;

		for (i = 0; i < nt->count; i++) {
			const struct vxdp_ntuple_rule *r = &nt->rule[i];

			if (!vxdp_ntuple_match(r, &f))
				continue;
			if (r->fs.ring_cookie == RX_CLS_FLOW_DISC) {
				atomic64_inc(&priv->ntuple_drops);
				return -1;
			}
			q = r->fs.ring_cookie;
			/* set_channels keeps rules within the queues */
			return likely(q < n) ? q : 0;
		}
	}

	idx = h->hash & (VXDP_RSS_INDIR_SIZE - 1);
	if (netif_is_rxfh_configured(dev))
		q = rss->indir[idx];
	else
		q = ethtool_rxfh_indir_default(idx, n);
	/* the core keeps a user's table within the queues */
	return likely(q < n) ? q : q % n;
}

/**
 * vxdp_rx_steer_hash - the RSS hash of a frame, without steering it
 * @dev: the receiving device
 * @hdr: the frame's first bytes
 * @len: bytes at @hdr
 * @h: the hash
 *
 * For the rx source, which writes into its own queue (rx_source.c).
 */
void vxdp_rx_steer_hash(struct net_device *dev, const void *hdr,
			unsigned int len, struct vxdp_rx_hash *h)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct vxdp_flow f;

	h->hash = 0;
	h->type = 0;
	if (!vxdp_flow_parse(hdr, len, &f))
		return;
	h->hash = vxdp_toeplitz(rcu_dereference_bh(priv->rss), f.in, f.n);
	h->type = f.type;
}

/*
 * Configuration, under RTNL: ethtool.c's get_rxfh/set_rxfh, get_rxnfc and
 * set_rxnfc. A change builds a new copy and replaces the old one, which is
 * freed after an RCU grace period.
 */

/**
 * vxdp_rx_steer_init - default steering: standard key, equal spread, no rule
 * @dev: the device, from ndo_init
 *
 * Return: 0 or -ENOMEM.
 */
int vxdp_rx_steer_init(struct net_device *dev)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct vxdp_rss *rss;

	rss = kvzalloc(sizeof(*rss), GFP_KERNEL);
	if (!rss)
		return -ENOMEM;
	memcpy(rss->key, vxdp_rss_default_key, sizeof(rss->key));
	vxdp_rss_build(rss);
	RCU_INIT_POINTER(priv->rss, rss);
	RCU_INIT_POINTER(priv->ntuple, NULL);
	atomic64_set(&priv->ntuple_drops, 0);
	return 0;
}

/* The device is gone: no reader is left. */
void vxdp_rx_steer_free(struct net_device *dev)
{
	struct vxdp_priv *priv = netdev_priv(dev);

	kvfree(rcu_access_pointer(priv->rss));
	kvfree(rcu_access_pointer(priv->ntuple));
	RCU_INIT_POINTER(priv->rss, NULL);
	RCU_INIT_POINTER(priv->ntuple, NULL);
}

/**
 * vxdp_rss_get - read the RSS configuration
 * @dev: the device, under RTNL
 * @indir: VXDP_RSS_INDIR_SIZE entries, or NULL
 * @key: VXDP_RSS_KEY_LEN bytes, or NULL
 */
void vxdp_rss_get(struct net_device *dev, u32 *indir, u8 *key)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	const struct vxdp_rss *rss = rtnl_dereference(priv->rss);
	unsigned int i;

	if (indir)
		for (i = 0; i < VXDP_RSS_INDIR_SIZE; i++)
			indir[i] = netif_is_rxfh_configured(dev) ?
				rss->indir[i] :
				ethtool_rxfh_indir_default(i,
							   dev->real_num_rx_queues);
	if (key)
		memcpy(key, rss->key, VXDP_RSS_KEY_LEN);
}

/**
 * vxdp_rss_set - change the indirection table and/or the key
 * @dev: the device, under RTNL
 * @indir: VXDP_RSS_INDIR_SIZE entries, each checked by the core to be a
 *	   queue of @dev, or NULL for no change
 * @key: VXDP_RSS_KEY_LEN bytes, or NULL for no change
 *
 * Return: 0 or -ENOMEM.
 */
int vxdp_rss_set(struct net_device *dev, const u32 *indir, const u8 *key)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct vxdp_rss *old = rtnl_dereference(priv->rss), *rss;
	unsigned int i;

	rss = kvmalloc(sizeof(*rss), GFP_KERNEL);
	if (!rss)
		return -ENOMEM;
	memcpy(rss, old, sizeof(*rss));
	if (indir)
		for (i = 0; i < VXDP_RSS_INDIR_SIZE; i++)
			rss->indir[i] = indir[i];
	if (key) {
		memcpy(rss->key, key, VXDP_RSS_KEY_LEN);
		vxdp_rss_build(rss);
	}
	rcu_assign_pointer(priv->rss, rss);
	kvfree_rcu(old, rcu);
	return 0;
}

/**
 * vxdp_ntuple_count - the number of ntuple rules
 * @dev: the device, under RTNL
 *
 * Return: the rules installed.
 */
unsigned int vxdp_ntuple_count(struct net_device *dev)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	const struct vxdp_ntuple *nt = rtnl_dereference(priv->ntuple);

	return nt ? nt->count : 0;
}

/**
 * vxdp_ntuple_locs - the locations of the ntuple rules
 * @dev: the device, under RTNL
 * @locs: room for @n locations
 * @n: how many fit
 *
 * Return: the number of rules, or -EMSGSIZE if more than @n.
 */
int vxdp_ntuple_locs(struct net_device *dev, u32 *locs, unsigned int n)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	const struct vxdp_ntuple *nt = rtnl_dereference(priv->ntuple);
	unsigned int i;

	if (!nt)
		return 0;
	if (nt->count > n)
		return -EMSGSIZE;
	for (i = 0; i < nt->count; i++)
		locs[i] = nt->rule[i].fs.location;
	return nt->count;
}

/* The index in @nt of the rule at @loc, or where it would go. */
static unsigned int vxdp_ntuple_find(const struct vxdp_ntuple *nt, u32 loc)
{
	unsigned int i;

	for (i = 0; i < nt->count && nt->rule[i].fs.location < loc; i++)
		;
	return i;
}

/**
 * vxdp_ntuple_get - read the ntuple rule at @fs->location
 * @dev: the device, under RTNL
 * @fs: in: the location; out: the rule
 *
 * Return: 0, or -ENOENT if there is no rule there.
 */
int vxdp_ntuple_get(struct net_device *dev, struct ethtool_rx_flow_spec *fs)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	const struct vxdp_ntuple *nt = rtnl_dereference(priv->ntuple);
	unsigned int i;

	if (!nt)
		return -ENOENT;
	i = vxdp_ntuple_find(nt, fs->location);
	if (i == nt->count || nt->rule[i].fs.location != fs->location)
		return -ENOENT;
	*fs = nt->rule[i].fs;
	return 0;
}

/**
 * vxdp_ntuple_max_queue - the highest rx queue an ntuple rule steers to
 * @dev: the device, under RTNL
 * @loc: the location of that rule
 *
 * Return: the queue, or -1 if no rule steers to a queue.
 */
int vxdp_ntuple_max_queue(struct net_device *dev, u32 *loc)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	const struct vxdp_ntuple *nt = rtnl_dereference(priv->ntuple);
	unsigned int i;
	int max = -1;

	for (i = 0; nt && i < nt->count; i++) {
		u64 q = nt->rule[i].fs.ring_cookie;

		if (q != RX_CLS_FLOW_DISC && (int)q > max) {
			max = q;
			*loc = nt->rule[i].fs.location;
		}
	}
	return max;
}

/* Replace the rules by @nt (NULL: none). */
static void vxdp_ntuple_replace(struct vxdp_priv *priv, struct vxdp_ntuple *nt)
{
	struct vxdp_ntuple *old = rtnl_dereference(priv->ntuple);

	rcu_assign_pointer(priv->ntuple, nt);
	if (old)
		kvfree_rcu(old, rcu);
}

/* A copy of the current rules to change, or an empty set. */
static struct vxdp_ntuple *vxdp_ntuple_copy(struct vxdp_priv *priv)
{
	const struct vxdp_ntuple *old = rtnl_dereference(priv->ntuple);
	struct vxdp_ntuple *nt;

	nt = kvmalloc(sizeof(*nt), GFP_KERNEL);
	if (!nt)
		return NULL;
	if (old)
		memcpy(nt, old, sizeof(*nt));
	else
		nt->count = 0;
	return nt;
}

/*
 * Compile @fs into @r, in the layout of struct vxdp_flow's @in. Masks are
 * bitwise: any mask on the addresses and ports; the TOS / traffic class,
 * the extensions (VLAN, MAC, user data) and RSS contexts are not supported.
 */
static int vxdp_ntuple_compile(const struct ethtool_rx_flow_spec *fs,
			       struct vxdp_ntuple_rule *r)
{
	u32 type = fs->flow_type & ~(FLOW_EXT | FLOW_MAC_EXT | FLOW_RSS);

	if (fs->flow_type != type)
		return -EOPNOTSUPP;
	memset(r, 0, sizeof(*r));
	r->fs = *fs;

	switch (type) {
	case TCP_V4_FLOW:
	case UDP_V4_FLOW: {
		const struct ethtool_tcpip4_spec *v = &fs->h_u.tcp_ip4_spec;
		const struct ethtool_tcpip4_spec *m = &fs->m_u.tcp_ip4_spec;

		if (m->tos)
			return -EOPNOTSUPP;
		r->alen = 4;
		memcpy(r->val, &v->ip4src, 4);
		memcpy(r->val + 4, &v->ip4dst, 4);
		memcpy(r->val + 8, &v->psrc, 2);
		memcpy(r->val + 10, &v->pdst, 2);
		memcpy(r->mask, &m->ip4src, 4);
		memcpy(r->mask + 4, &m->ip4dst, 4);
		memcpy(r->mask + 8, &m->psrc, 2);
		memcpy(r->mask + 10, &m->pdst, 2);
		r->l4 = type == TCP_V4_FLOW ? IPPROTO_TCP : IPPROTO_UDP;
		break;
	}
	case TCP_V6_FLOW:
	case UDP_V6_FLOW: {
		const struct ethtool_tcpip6_spec *v = &fs->h_u.tcp_ip6_spec;
		const struct ethtool_tcpip6_spec *m = &fs->m_u.tcp_ip6_spec;

		if (m->tclass)
			return -EOPNOTSUPP;
		r->alen = 16;
		memcpy(r->val, v->ip6src, 16);
		memcpy(r->val + 16, v->ip6dst, 16);
		memcpy(r->val + 32, &v->psrc, 2);
		memcpy(r->val + 34, &v->pdst, 2);
		memcpy(r->mask, m->ip6src, 16);
		memcpy(r->mask + 16, m->ip6dst, 16);
		memcpy(r->mask + 32, &m->psrc, 2);
		memcpy(r->mask + 34, &m->pdst, 2);
		r->l4 = type == TCP_V6_FLOW ? IPPROTO_TCP : IPPROTO_UDP;
		break;
	}
	default:
		return -EOPNOTSUPP;
	}
	return 0;
}

/* A free location for RX_CLS_LOC_ANY/FIRST (lowest) or LAST (highest). */
static int vxdp_ntuple_free_loc(const struct vxdp_ntuple *nt, u32 special)
{
	DECLARE_BITMAP(used, VXDP_NTUPLE_MAX) = {};
	unsigned int i;

	for (i = 0; i < nt->count; i++)
		__set_bit(nt->rule[i].fs.location, used);
	if (special == RX_CLS_LOC_LAST) {
		for (i = VXDP_NTUPLE_MAX; i--;)
			if (!test_bit(i, used))
				return i;
		return -ENOSPC;
	}
	i = find_first_zero_bit(used, VXDP_NTUPLE_MAX);
	return i < VXDP_NTUPLE_MAX ? i : -ENOSPC;
}

/**
 * vxdp_ntuple_insert - add or replace an ntuple rule
 * @dev: the device, under RTNL
 * @fs: the rule; a special location (RX_CLS_LOC_ANY/FIRST/LAST) is
 *	replaced by the one chosen
 *
 * Return: 0; -EOPNOTSUPP for a flow type or field that cannot be matched;
 * -EINVAL for a location beyond the table or a queue beyond the rx queues;
 * -ENOSPC when the table is full; -ENOMEM.
 */
int vxdp_ntuple_insert(struct net_device *dev, struct ethtool_rx_flow_spec *fs)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct vxdp_ntuple_rule rule;
	struct vxdp_ntuple *nt;
	unsigned int i;
	int err, loc;

	if (fs->ring_cookie != RX_CLS_FLOW_DISC &&
	    fs->ring_cookie >= dev->real_num_rx_queues)
		return -EINVAL;	/* also a VF in the upper bits */

	nt = vxdp_ntuple_copy(priv);
	if (!nt)
		return -ENOMEM;
	loc = fs->location;
	if (fs->location & RX_CLS_LOC_SPECIAL) {
		loc = vxdp_ntuple_free_loc(nt, fs->location);
		err = loc;
		if (loc < 0)
			goto err_free;
	} else if (fs->location >= VXDP_NTUPLE_MAX) {
		err = -EINVAL;
		goto err_free;
	}
	fs->location = loc;
	err = vxdp_ntuple_compile(fs, &rule);
	if (err)
		goto err_free;

	i = vxdp_ntuple_find(nt, loc);
	if (i == nt->count || nt->rule[i].fs.location != loc) {
		memmove(&nt->rule[i + 1], &nt->rule[i],
			(nt->count - i) * sizeof(nt->rule[0]));
		nt->count++;
	}
	nt->rule[i] = rule;
	vxdp_ntuple_replace(priv, nt);
	return 0;

err_free:
	kvfree(nt);
	return err;
}

/**
 * vxdp_ntuple_delete - remove the ntuple rule at @loc
 * @dev: the device, under RTNL
 * @loc: its location
 *
 * Return: 0, -ENOENT if there is none, or -ENOMEM.
 */
int vxdp_ntuple_delete(struct net_device *dev, u32 loc)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct vxdp_ntuple *nt;
	unsigned int i;

	nt = vxdp_ntuple_copy(priv);
	if (!nt)
		return -ENOMEM;
	i = vxdp_ntuple_find(nt, loc);
	if (i == nt->count || nt->rule[i].fs.location != loc) {
		kvfree(nt);
		return -ENOENT;
	}
	nt->count--;
	memmove(&nt->rule[i], &nt->rule[i + 1],
		(nt->count - i) * sizeof(nt->rule[0]));
	if (!nt->count) {
		kvfree(nt);
		nt = NULL;
	}
	vxdp_ntuple_replace(priv, nt);
	return 0;
}
