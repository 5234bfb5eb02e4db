// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: net_device_ops. The stack's transmit path puts each frame on the
 * wire, i.e. copies it into a buffer posted by the peer's rx ring, and
 * consumes the skb at once.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/skbuff.h>
#include <net/xdp_sock_drv.h>

#include "vxdp.h"

/*
 * Put one linear or paged frame on the wire, into the peer rx queue the
 * peer's steering chose; the caller frees @skb. Like a NIC whose tx ring
 * fills, stop the queue when that ring has no room for another frame of
 * the largest size; the peer's NAPI wakes us.
 */
static void vxdp_xmit_one(struct vxdp_txq *txq, struct net_device *peer,
			  struct sk_buff *skb, bool kick)
{
	struct netdev_queue *nq = skb_get_tx_queue(skb->dev, skb);
	struct vxdp_rx_hash hash;
	struct vxdp_rq *rq;
	bool full;

	rq = vxdp_wire_steer_skb(peer, skb, &hash);
	if (unlikely(!rq))	/* dropped by the peer's ntuple rules */
		goto out;
	vxdp_wire_lock(rq);
	vxdp_wire_put_skb(rq, skb, &hash);
	/*
	 * Stop only for a ring that will refill: it has frames for NAPI to
	 * clean. A zero-copy ring whose fill ring ran dry has none; it drops
	 * (and counts) what it cannot take, as a NIC's receiver would.
	 */
	full = rq->enabled && vxdp_wire_room(rq) < rq->wake_room &&
	       rq->wire_next != READ_ONCE(rq->next_to_clean);
	if (unlikely(full)) {
		netif_tx_stop_queue(nq);
		smp_mb__after_atomic();	/* pairs with vxdp_wake_senders() */
		if (vxdp_wire_room(rq) >= rq->wake_room)
			netif_tx_wake_queue(nq);
	}
	vxdp_wire_unlock_kick(rq, kick || full);
out:
	/* Like a NIC, the frame left; whether the peer had room is its count. */
	u64_stats_update_begin(&txq->stats.syncp);
	u64_stats_inc(&txq->stats.v[VXDP_TXQ_PACKETS]);
	u64_stats_add(&txq->stats.v[VXDP_TXQ_BYTES], skb->len);
	u64_stats_update_end(&txq->stats.syncp);
}

/*
 * A GSO skb only gets here through paths that skip validate_xmit_skb(),
 * e.g. generic XDP's XDP_TX or redirect. vxdp has no TSO: segment it as the
 * stack would have, unless it is shared and may not be touched.
 */
static void vxdp_xmit_gso(struct vxdp_txq *txq, struct net_device *peer,
			  struct sk_buff *skb)
{
	struct sk_buff *segs, *seg, *next;

	segs = skb_shared(skb) ? NULL : skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		vxdp_stats_inc(&txq->stats, VXDP_TXQ_DROPS);
		dev_kfree_skb_any(skb);
		return;
	}
	consume_skb(skb);

	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		vxdp_xmit_one(txq, peer, seg, !next && !netdev_xmit_more());
		consume_skb(seg);
	}
}

static netdev_tx_t vxdp_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct vxdp_txq *txq = &priv->txq[skb_get_queue_mapping(skb)];
	/* BH off: __dev_queue_xmit() holds rcu_read_lock_bh(), pktgen nothing */
	struct net_device *peer = rcu_dereference_bh(priv->peer);

	if (unlikely(!peer || skb->len < ETH_HLEN)) {
		vxdp_stats_inc(&txq->stats, VXDP_TXQ_DROPS);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	if (unlikely(skb_is_gso(skb))) {
		vxdp_xmit_gso(txq, peer, skb);
		return NETDEV_TX_OK;
	}

	vxdp_xmit_one(txq, peer, skb, !netdev_xmit_more());
	consume_skb(skb);
	return NETDEV_TX_OK;
}

static int vxdp_open(struct net_device *dev)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);
	unsigned int i;
	int err;

	if (!peer)
		return -ENOTCONN;

	for (i = 0; i < dev->real_num_rx_queues; i++) {
		err = vxdp_rq_open(&priv->rq[i]);
		if (err)
			goto err_close;
	}

	netif_tx_wake_all_queues(dev);
	if (peer->flags & IFF_UP) {
		/* the peer's queues may have stopped on our closed rings */
		netif_tx_wake_all_queues(peer);
		netif_carrier_on(dev);
		netif_carrier_on(peer);
	}
	return 0;

err_close:
	while (i--)
		vxdp_rq_close(&priv->rq[i]);
	return err;
}

static int vxdp_stop(struct net_device *dev)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);
	unsigned int i;

	netif_carrier_off(dev);
	if (peer)
		netif_carrier_off(peer);

	for (i = 0; i < dev->real_num_rx_queues; i++)
		vxdp_rq_close(&priv->rq[i]);
	return 0;
}

/* Queue counts and ring size of a device that is down. */
static int vxdp_set_queues(struct net_device *dev, unsigned int rxq,
			   unsigned int txq, u32 ring_size)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	unsigned int old_rxq = dev->real_num_rx_queues;
	int err;

	err = netif_set_real_num_rx_queues(dev, rxq);
	if (err)
		return err;
	err = netif_set_real_num_tx_queues(dev, txq);
	if (err) {
		netif_set_real_num_rx_queues(dev, old_rxq);
		return err;
	}
	priv->ring_size = ring_size;
	return 0;
}

/**
 * vxdp_reconfigure - change queue counts and ring size, like a NIC reset
 * @dev: the device, under RTNL
 * @rxq: rx queues (queue pairs) to use
 * @txq: stack tx queues to use
 * @ring_size: rx and XDP tx ring slots per queue
 * @extack: netlink extended ack, or NULL
 *
 * A running device is stopped and restarted around the change: frames on
 * the wire meanwhile are dropped and counted by the queue that missed them.
 * When the new configuration cannot be set up (no memory for its rings),
 * the old one is restored and restarted, as i40e keeps its old rings; only
 * if that fails too does the device stay down.
 *
 * Return: 0 or a negative errno.
 */
int vxdp_reconfigure(struct net_device *dev, unsigned int rxq,
		     unsigned int txq, u32 ring_size,
		     struct netlink_ext_ack *extack)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	unsigned int old_rxq = dev->real_num_rx_queues;
	unsigned int old_txq = dev->real_num_tx_queues;
	bool running = netif_running(dev);
	u32 old_size = priv->ring_size;
	int err;

	if (running)
		vxdp_stop(dev);

	err = vxdp_set_queues(dev, rxq, txq, ring_size);
	if (!err && running)
		err = vxdp_open(dev);
	if (!err)
		return 0;

	NL_SET_ERR_MSG_MOD(extack,
			   "the new queues or rings could not be set up: the old ones are kept");
	if (vxdp_set_queues(dev, old_rxq, old_txq, old_size) ||
	    (running && vxdp_open(dev))) {
		/* like a NIC that failed its reset: stays down */
		netdev_err(dev, "restart failed: %d\n", err);
		if (running)
			dev_close(dev);
	}
	return err;
}

/**
 * vxdp_xsk_pool_setup - XDP_SETUP_XSK_POOL: a queue pair goes zero-copy
 * @dev: the device, under RTNL
 * @pool: the AF_XDP socket's pool, or NULL to leave zero-copy mode
 * @qid: the queue pair
 *
 * As i40e_xsk_pool_enable()/disable(): only that queue pair restarts, the
 * others keep their traffic. A bind whose chunks cannot hold a frame of the
 * device's MTU (zero-copy rings take single-buffer frames) is refused.
 *
 * Return: 0 or a negative errno.
 */
static int vxdp_xsk_pool_setup(struct net_device *dev,
			       struct xsk_buff_pool *pool, u16 qid)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	bool running = netif_running(dev);
	struct xsk_buff_pool *old;
	struct vxdp_rq *rq;
	int err;

	if (qid >= dev->real_num_rx_queues) {
		netdev_err(dev, "AF_XDP zero-copy: no queue %u (%u queues)\n",
			   qid, dev->real_num_rx_queues);
		return -EINVAL;
	}
	rq = &priv->rq[qid];
	old = rq->xsk_pool;
	if (pool) {
		u32 frame = xsk_pool_get_rx_frame_size(pool);

		if (old)
			return -EBUSY;
		if (frame < VXDP_MAX_FRAME(dev->mtu)) {
			netdev_err(dev,
				   "AF_XDP zero-copy on queue %u: %u-byte frames (chunk size less headroom) cannot hold the %u-byte frames of MTU %u\n",
				   qid, frame, VXDP_MAX_FRAME(dev->mtu),
				   dev->mtu);
			return -EINVAL;
		}
		err = vxdp_xsk_dma_map(pool);
		if (err)
			return err;
	} else if (!old) {
		return 0;
	}

	if (running)
		vxdp_rq_close(rq);
	rq->xsk_pool = pool;
	rq->xsk_tx_wait = false;
	err = running ? vxdp_rq_open(rq) : 0;
	if (err && pool) {
		/* the queue goes back to its page_pool ring */
		rq->xsk_pool = old;
		vxdp_xsk_dma_unmap(pool);
		if (vxdp_rq_open(rq)) {
			/* like a NIC that failed its queue reset */
			netdev_err(dev, "queue %u restart failed: %d\n", qid,
				   err);
			dev_close(dev);
		}
		return err;
	}
	if (err) {
		/* the pool is going away: the queue cannot keep it */
		netdev_err(dev, "queue %u restart failed: %d\n", qid, err);
		dev_close(dev);
	}
	if (old)
		vxdp_xsk_dma_unmap(old);
	return err;
}

static int vxdp_ndo_bpf(struct net_device *dev, struct netdev_bpf *bpf)
{
	if (bpf->command == XDP_SETUP_XSK_POOL)
		return vxdp_xsk_pool_setup(dev, bpf->xsk.pool,
					   bpf->xsk.queue_id);
	return vxdp_bpf(dev, bpf);
}

static int vxdp_dev_init(struct net_device *dev)
{
	int err = vxdp_rq_alloc(dev);

	if (err)
		return err;
	err = vxdp_offload_init(dev);
	if (err)
		vxdp_rq_free(dev);
	return err;
}

static void vxdp_dev_uninit(struct net_device *dev)
{
	vxdp_offload_uninit(dev);
}

static int vxdp_get_iflink(const struct net_device *dev)
{
	struct net_device *peer;
	int iflink;

	rcu_read_lock();
	peer = vxdp_peer(dev);
	iflink = peer ? peer->ifindex : 0;
	rcu_read_unlock();
	return iflink;
}

static void vxdp_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *tot)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	u64 rx[VXDP_RQ_NR_STATS], wire[VXDP_WIRE_NR_STATS];
	u64 xdpq[VXDP_XDPQ_NR_STATS], tx[VXDP_TXQ_NR_STATS];
	u64 off[VXDP_OFF_NR_STATS];
	unsigned int i;

	for (i = 0; i < dev->num_rx_queues; i++) {
		struct vxdp_rq *rq = &priv->rq[i];

		vxdp_stats_read(&rq->stats, rx);
		vxdp_stats_read(&rq->wire_stats, wire);
		vxdp_stats_read(&rq->xdp_ring.stats, xdpq);
		vxdp_stats_read(&rq->off_stats, off);

		tot->rx_packets += rx[VXDP_RQ_PACKETS];
		tot->rx_bytes += rx[VXDP_RQ_BYTES];
		tot->rx_dropped += wire[VXDP_WIRE_DROPS] +
				   rx[VXDP_RQ_XDP_DROP] +
				   rx[VXDP_RQ_XDP_ABORTED] +
				   rx[VXDP_RQ_XDP_TX_ERRORS] +
				   rx[VXDP_RQ_XDP_REDIRECT_ERRORS] +
				   rx[VXDP_RQ_SKB_ALLOC_FAIL] +
				   off[VXDP_OFF_DROP] + off[VXDP_OFF_ABORTED] +
				   off[VXDP_OFF_TX_ERRORS];
		tot->rx_length_errors += wire[VXDP_WIRE_OVERSIZE];
		tot->rx_errors += wire[VXDP_WIRE_OVERSIZE];

		tot->tx_packets += xdpq[VXDP_XDPQ_PACKETS] +
				   rx[VXDP_RQ_XSK_TX_PACKETS];
		tot->tx_bytes += xdpq[VXDP_XDPQ_BYTES] +
				 rx[VXDP_RQ_XSK_TX_BYTES];
		tot->tx_dropped += xdpq[VXDP_XDPQ_DROPS] +
				   xdpq[VXDP_XDPQ_XMIT_ERRORS];
	}

	tot->rx_dropped += atomic64_read(&priv->ntuple_drops);

	for (i = 0; i < dev->num_tx_queues; i++) {
		vxdp_stats_read(&priv->txq[i].stats, tx);
		tot->tx_packets += tx[VXDP_TXQ_PACKETS];
		tot->tx_bytes += tx[VXDP_TXQ_BYTES];
		tot->tx_dropped += tx[VXDP_TXQ_DROPS];
	}
}

static void vxdp_set_rx_mode(struct net_device *dev)
{
	/* the wire delivers everything; nothing to filter */
}

const struct net_device_ops vxdp_netdev_ops = {
	.ndo_init		= vxdp_dev_init,
	.ndo_uninit		= vxdp_dev_uninit,
	.ndo_open		= vxdp_open,
	.ndo_stop		= vxdp_stop,
	.ndo_start_xmit		= vxdp_xmit,
	.ndo_get_stats64	= vxdp_get_stats64,
	.ndo_set_rx_mode	= vxdp_set_rx_mode,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_get_iflink		= vxdp_get_iflink,
	.ndo_bpf		= vxdp_ndo_bpf,
	.ndo_xdp_xmit		= vxdp_xdp_xmit,
	.ndo_xsk_wakeup		= vxdp_xsk_wakeup,
	VXDP_NDO_HWTSTAMP
};
