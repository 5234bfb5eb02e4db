// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: ethtool_ops. Per-queue counters are named after the queue they
 * belong to: rx_queue_<i>_* for a queue pair (rx ring, its XDP program
 * verdicts, its XDP tx ring, its offload engine's verdicts),
 * tx_queue_<i>_* for a stack tx queue; the receive engine's
 * rx_ntuple_drops (frames an ntuple rule dropped before any queue) comes
 * first.
 *
 * Receive steering (rx_steer.c), as a NIC's: "ethtool -x/-X" (RSS key,
 * indirection table, Toeplitz only), "ethtool -n/-N/-U" (ntuple rules:
 * tcp4, udp4, tcp6, udp6 on addresses and ports, action a queue or -1).
 */
#include <linux/ethtool.h>
#include <linux/log2.h>
#include <linux/netdevice.h>
#include <linux/stringify.h>

#include "vxdp.h"

static const char vxdp_rq_stat_names[VXDP_RQ_NR_STATS][ETH_GSTRING_LEN] = {
	[VXDP_RQ_PACKETS]		= "packets",
	[VXDP_RQ_BYTES]			= "bytes",
	[VXDP_RQ_XDP_PACKETS]		= "xdp_packets",
	[VXDP_RQ_XDP_BYTES]		= "xdp_bytes",
	[VXDP_RQ_XDP_PASS]		= "xdp_pass",
	[VXDP_RQ_XDP_DROP]		= "xdp_drop",
	[VXDP_RQ_XDP_TX]		= "xdp_tx",
	[VXDP_RQ_XDP_TX_ERRORS]		= "xdp_tx_errors",
	[VXDP_RQ_XDP_REDIRECT]		= "xdp_redirect",
	[VXDP_RQ_XDP_REDIRECT_ERRORS]	= "xdp_redirect_errors",
	[VXDP_RQ_XDP_ABORTED]		= "xdp_aborted",
	[VXDP_RQ_XDP_PAGE_REUSE]	= "xdp_page_reuse",
	[VXDP_RQ_ALLOC_FAIL]		= "alloc_fail",
	[VXDP_RQ_SKB_ALLOC_FAIL]	= "skb_alloc_fail",
	[VXDP_RQ_XSK_TX_PACKETS]	= "xsk_tx_packets",
	[VXDP_RQ_XSK_TX_BYTES]		= "xsk_tx_bytes",
};

static const char vxdp_wire_stat_names[VXDP_WIRE_NR_STATS][ETH_GSTRING_LEN] = {
	[VXDP_WIRE_DROPS]		= "drops",
	[VXDP_WIRE_OVERSIZE]		= "oversize",
};

static const char vxdp_xdpq_stat_names[VXDP_XDPQ_NR_STATS][ETH_GSTRING_LEN] = {
	[VXDP_XDPQ_PACKETS]		= "xdp_ring_packets",
	[VXDP_XDPQ_BYTES]		= "xdp_ring_bytes",
	[VXDP_XDPQ_DROPS]		= "xdp_ring_drops",
	[VXDP_XDPQ_XMIT]		= "xdp_xmit",
	[VXDP_XDPQ_XMIT_ERRORS]		= "xdp_xmit_errors",
};

static const char vxdp_off_stat_names[VXDP_OFF_NR_STATS][ETH_GSTRING_LEN] = {
	[VXDP_OFF_PACKETS]		= "offload_packets",
	[VXDP_OFF_PASS]			= "offload_pass",
	[VXDP_OFF_DROP]			= "offload_drop",
	[VXDP_OFF_TX]			= "offload_tx",
	[VXDP_OFF_TX_ERRORS]		= "offload_tx_errors",
	[VXDP_OFF_ABORTED]		= "offload_aborted",
	[VXDP_OFF_INSNS]		= "offload_insns",
};

static const char vxdp_txq_stat_names[VXDP_TXQ_NR_STATS][ETH_GSTRING_LEN] = {
	[VXDP_TXQ_PACKETS]		= "packets",
	[VXDP_TXQ_BYTES]		= "bytes",
	[VXDP_TXQ_DROPS]		= "drops",
};

#define VXDP_RQ_ALL_STATS (VXDP_RQ_NR_STATS + VXDP_WIRE_NR_STATS + \
			   VXDP_XDPQ_NR_STATS + VXDP_OFF_NR_STATS)
/* device-level counters: rx_ntuple_drops */
#define VXDP_DEV_STATS	1

static void vxdp_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, VXDP_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, VXDP_VERSION, sizeof(info->version));
}

static int vxdp_get_sset_count(struct net_device *dev, int sset)
{
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return VXDP_DEV_STATS + dev->real_num_rx_queues * VXDP_RQ_ALL_STATS +
	       dev->real_num_tx_queues * VXDP_TXQ_NR_STATS;
}

static void vxdp_put_names(u8 **p, const char *prefix, unsigned int qid,
			   const char (*names)[ETH_GSTRING_LEN], unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		ethtool_sprintf(p, "%s_%u_%s", prefix, qid, names[i]);
}

static void vxdp_get_strings(struct net_device *dev, u32 sset, u8 *p)
{
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	ethtool_sprintf(&p, "rx_ntuple_drops");
	for (i = 0; i < dev->real_num_rx_queues; i++) {
		vxdp_put_names(&p, "rx_queue", i, vxdp_rq_stat_names,
			       VXDP_RQ_NR_STATS);
		vxdp_put_names(&p, "rx_queue", i, vxdp_wire_stat_names,
			       VXDP_WIRE_NR_STATS);
		vxdp_put_names(&p, "rx_queue", i, vxdp_xdpq_stat_names,
			       VXDP_XDPQ_NR_STATS);
		vxdp_put_names(&p, "rx_queue", i, vxdp_off_stat_names,
			       VXDP_OFF_NR_STATS);
	}
	for (i = 0; i < dev->real_num_tx_queues; i++)
		vxdp_put_names(&p, "tx_queue", i, vxdp_txq_stat_names,
			       VXDP_TXQ_NR_STATS);
}

static void vxdp_get_ethtool_stats(struct net_device *dev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	unsigned int i;

	*data++ = atomic64_read(&priv->ntuple_drops);
	for (i = 0; i < dev->real_num_rx_queues; i++) {
		struct vxdp_rq *rq = &priv->rq[i];

		vxdp_stats_read(&rq->stats, data);
		data += VXDP_RQ_NR_STATS;
		vxdp_stats_read(&rq->wire_stats, data);
		data += VXDP_WIRE_NR_STATS;
		vxdp_stats_read(&rq->xdp_ring.stats, data);
		data += VXDP_XDPQ_NR_STATS;
		vxdp_stats_read(&rq->off_stats, data);
		data += VXDP_OFF_NR_STATS;
	}
	for (i = 0; i < dev->real_num_tx_queues; i++) {
		vxdp_stats_read(&priv->txq[i].stats, data);
		data += VXDP_TXQ_NR_STATS;
	}
}

static void vxdp_get_channels(struct net_device *dev,
			      struct ethtool_channels *ch)
{
	ch->max_rx = dev->num_rx_queues;
	ch->max_tx = dev->num_tx_queues;
	ch->rx_count = dev->real_num_rx_queues;
	ch->tx_count = dev->real_num_tx_queues;
}

static void vxdp_get_ringparam(struct net_device *dev,
			       struct ethtool_ringparam *ring,
			       struct kernel_ethtool_ringparam *kring,
			       struct netlink_ext_ack *extack)
{
	struct vxdp_priv *priv = netdev_priv(dev);

	ring->rx_max_pending = VXDP_MAX_RING_SIZE;
	ring->rx_pending = priv->ring_size;
	ring->tx_max_pending = VXDP_MAX_RING_SIZE;
	ring->tx_pending = priv->ring_size;
}

static int vxdp_set_channels(struct net_device *dev,
			     struct ethtool_channels *ch)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	u32 loc;
	int q;

	/* the core has checked the counts against the maximums */
	if (!ch->rx_count || !ch->tx_count || ch->combined_count ||
	    ch->other_count)
		return -EINVAL;
	/*
	 * and against a user-set indirection table; a default one follows
	 * the queue count (rx_steer.c). Rules are checked by newer cores
	 * (6.12's, with an extack), not 6.1's: here, without an extack
	 * (set_channels has none), the message is logged, as i40e does.
	 */
	q = vxdp_ntuple_max_queue(dev, &loc);
	if (q >= 0 && q >= ch->rx_count) {
		netdev_err(dev, "ntuple rule %u steers to rx queue %d: delete it before going down to %u rx queues\n",
			   loc, q, ch->rx_count);
		return -EINVAL;
	}
	if (ch->rx_count == dev->real_num_rx_queues &&
	    ch->tx_count == dev->real_num_tx_queues)
		return 0;
	return vxdp_reconfigure(dev, ch->rx_count, ch->tx_count,
				priv->ring_size, NULL);
}

static int vxdp_set_ringparam(struct net_device *dev,
			      struct ethtool_ringparam *ring,
			      struct kernel_ethtool_ringparam *kring,
			      struct netlink_ext_ack *extack)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	u32 size = ring->rx_pending;

	if (ring->rx_mini_pending || ring->rx_jumbo_pending) {
		NL_SET_ERR_MSG_MOD(extack, "only rx and tx rings can be sized");
		return -EINVAL;
	}
	if (ring->tx_pending != priv->ring_size && ring->tx_pending != size) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the XDP tx ring has the size of its rx ring: set rx and tx alike");
		return -EINVAL;
	}
	if (size < VXDP_MIN_RING_SIZE || !is_power_of_2(size)) {
		NL_SET_ERR_MSG_MOD(extack, "ring size must be a power of 2 from "
				   __stringify(VXDP_MIN_RING_SIZE) " to "
				   __stringify(VXDP_MAX_RING_SIZE));
		return -EINVAL;
	}
	if (size == priv->ring_size)
		return 0;
	return vxdp_reconfigure(dev, dev->real_num_rx_queues,
				dev->real_num_tx_queues, size, extack);
}

/* rx hardware timestamps of every frame (rx_meta.c), no PHC, no tx ones */
static int vxdp_get_ts_info(struct net_device *dev,
			    struct vxdp_ethtool_ts_info *info)
{
	info->so_timestamping = SOF_TIMESTAMPING_RX_HARDWARE |
				SOF_TIMESTAMPING_RAW_HARDWARE |
				SOF_TIMESTAMPING_RX_SOFTWARE |
				SOF_TIMESTAMPING_TX_SOFTWARE |
				SOF_TIMESTAMPING_SOFTWARE;
	info->phc_index = -1;
	info->tx_types = BIT(HWTSTAMP_TX_OFF);
	info->rx_filters = BIT(HWTSTAMP_FILTER_NONE) | BIT(HWTSTAMP_FILTER_ALL);
	return 0;
}

static u32 vxdp_get_rxfh_key_size(struct net_device *dev)
{
	return VXDP_RSS_KEY_LEN;
}

static u32 vxdp_get_rxfh_indir_size(struct net_device *dev)
{
	return VXDP_RSS_INDIR_SIZE;
}

static int vxdp_rxfh_get(struct net_device *dev, u32 *indir, u8 *key,
			 u8 *hfunc)
{
	if (hfunc)
		*hfunc = ETH_RSS_HASH_TOP;
	vxdp_rss_get(dev, indir, key);
	return 0;
}

/*
 * The core has checked the sizes, and each entry of @indir against the rx
 * queue count (ETHTOOL_GRXRINGS); it sets or clears IFF_RXFH_CONFIGURED
 * afterwards ("equal"/"weight" set it, "default" clears it).
 */
static int vxdp_rxfh_set(struct net_device *dev, const u32 *indir,
			 const u8 *key, u8 hfunc,
			 struct netlink_ext_ack *extack)
{
	if (hfunc != ETH_RSS_HASH_NO_CHANGE && hfunc != ETH_RSS_HASH_TOP) {
		NL_SET_ERR_MSG_MOD(extack,
				   "only the Toeplitz hash function (toeplitz) is supported");
		return -EOPNOTSUPP;
	}
	if (!indir && !key)
		return 0;
	return vxdp_rss_set(dev, indir, key);
}

VXDP_DEFINE_RXFH(vxdp_get_rxfh, vxdp_set_rxfh, vxdp_rxfh_get, vxdp_rxfh_set)

/* The RXH_* fields RSS hashes for @flow_type (rx_steer.c). */
static u32 vxdp_rxfh_fields(u32 flow_type)
{
	switch (flow_type & ~(FLOW_EXT | FLOW_MAC_EXT | FLOW_RSS)) {
	case TCP_V4_FLOW:
	case UDP_V4_FLOW:
	case TCP_V6_FLOW:
	case UDP_V6_FLOW:
		return RXH_IP_SRC | RXH_IP_DST | RXH_L4_B_0_1 | RXH_L4_B_2_3;
	case SCTP_V4_FLOW:
	case AH_ESP_V4_FLOW:
	case AH_V4_FLOW:
	case ESP_V4_FLOW:
	case IPV4_FLOW:
	case SCTP_V6_FLOW:
	case AH_ESP_V6_FLOW:
	case AH_V6_FLOW:
	case ESP_V6_FLOW:
	case IPV6_FLOW:
		return RXH_IP_SRC | RXH_IP_DST;
	default:
		return 0;
	}
}

VXDP_ETHTOOL_RXFH_FIELDS(vxdp_get_rxfh_fields, vxdp_rxfh_fields)

/* The rx queues RSS and the rules may use (ETHTOOL_GRXRINGS). */
static u32 vxdp_rx_rings(struct net_device *dev)
{
	return dev->real_num_rx_queues;
}

VXDP_ETHTOOL_RX_RING_COUNT(vxdp_get_rx_ring_count, vxdp_rx_rings)

static int vxdp_get_rxnfc(struct net_device *dev, struct ethtool_rxnfc *nfc,
			  u32 *rule_locs)
{
	int n;

	switch (nfc->cmd) {
	case ETHTOOL_GRXRINGS:
		nfc->data = vxdp_rx_rings(dev);
		return 0;
	case ETHTOOL_GRXFH:
		nfc->data = vxdp_rxfh_fields(nfc->flow_type);
		return 0;
	case ETHTOOL_GRXCLSRLCNT:
		nfc->rule_cnt = vxdp_ntuple_count(dev);
		/* the driver chooses a location for RX_CLS_LOC_ANY */
		nfc->data = VXDP_NTUPLE_MAX | RX_CLS_LOC_SPECIAL;
		return 0;
	case ETHTOOL_GRXCLSRULE:
		return vxdp_ntuple_get(dev, &nfc->fs);
	case ETHTOOL_GRXCLSRLALL:
		n = vxdp_ntuple_locs(dev, rule_locs, nfc->rule_cnt);
		if (n < 0)
			return n;
		nfc->rule_cnt = n;
		nfc->data = VXDP_NTUPLE_MAX;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int vxdp_set_rxnfc(struct net_device *dev, struct ethtool_rxnfc *nfc)
{
	switch (nfc->cmd) {
	case ETHTOOL_SRXCLSRLINS:
		return vxdp_ntuple_insert(dev, &nfc->fs);
	case ETHTOOL_SRXCLSRLDEL:
		return vxdp_ntuple_delete(dev, nfc->fs.location);
	default:
		return -EOPNOTSUPP;
	}
}

const struct ethtool_ops vxdp_ethtool_ops = {
	.get_drvinfo		= vxdp_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= vxdp_get_sset_count,
	.get_strings		= vxdp_get_strings,
	.get_ethtool_stats	= vxdp_get_ethtool_stats,
	.get_channels		= vxdp_get_channels,
	.set_channels		= vxdp_set_channels,
	.get_ringparam		= vxdp_get_ringparam,
	.set_ringparam		= vxdp_set_ringparam,
	.get_ts_info		= vxdp_get_ts_info,
	.get_rxnfc		= vxdp_get_rxnfc,
	.set_rxnfc		= vxdp_set_rxnfc,
	.get_rxfh_key_size	= vxdp_get_rxfh_key_size,
	.get_rxfh_indir_size	= vxdp_get_rxfh_indir_size,
	.get_rxfh		= vxdp_get_rxfh,
	.set_rxfh		= vxdp_set_rxfh,
	VXDP_ETHTOOL_OPS_RXFH_FIELDS(vxdp_get_rxfh_fields)
	VXDP_ETHTOOL_OPS_RX_RING_COUNT(vxdp_get_rx_ring_count)
};
