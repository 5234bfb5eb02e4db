// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: the rx ring. The wire (wire.c) writes frames into posted page_pool
 * buffers like a NIC's DMA engine; the NAPI poll runs XDP on the raw
 * buffer, builds skbs around the buffers it passes and refills the ring.
 * See the index invariants in vxdp.h.
 */
#include <linux/bpf_trace.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <net/xdp.h>

#include "vxdp.h"

static inline u32 vxdp_rq_qid(const struct vxdp_rq *rq)
{
	const struct vxdp_priv *priv = netdev_priv(rq->dev);

	return rq - priv->rq;
}

/*
 * Flow control of the stack's tx queues: a sender stops its queue when the
 * receiving ring cannot take a maximum-size frame (vxdp_xmit_one()); the
 * receiving NAPI wakes the sender queues that feed it once it has refilled.
 */
static void vxdp_wake_senders(struct vxdp_rq *rq)
{
	struct net_device *peer = vxdp_peer(rq->dev);
	unsigned int i, n = rq->dev->real_num_rx_queues;

	if (!peer || vxdp_wire_room(rq) < VXDP_WIRE_MAX_BUFS)
		return;
	smp_mb();	/* pairs with vxdp_xmit_one(): refill before the test */
	for (i = vxdp_rq_qid(rq); i < peer->real_num_tx_queues; i += n) {
		struct netdev_queue *nq = netdev_get_tx_queue(peer, i);

		if (unlikely(netif_tx_queue_stopped(nq)))
			netif_tx_wake_queue(nq);
	}
}

/*
 * Post buffers up to a full ring: a slot that still holds the page of a
 * frame XDP consumed posts it again, an empty one gets a new page. Return
 * false if allocation failed.
 */
static bool vxdp_rq_refill(struct vxdp_rq *rq, gfp_t gfp)
{
	u32 nta = rq->next_to_alloc, end = rq->next_to_clean + rq->size;
	u32 mask = rq->size - 1;
	bool ok = true;

	for (; nta != end; nta++) {
		struct vxdp_rx_desc *desc = &rq->desc[nta & mask];

		if (desc->page)
			continue;
		desc->page = page_pool_alloc_pages(rq->page_pool, gfp);
		if (unlikely(!desc->page)) {
			ok = false;
			break;
		}
	}
	/* the page pointers before the index: the wire writes into them */
	smp_store_release(&rq->next_to_alloc, nta);
	return ok;
}

/* Give every page the ring holds back to the page_pool. */
static void vxdp_rq_put_pages(struct vxdp_rq *rq)
{
	u32 i;

	for (i = 0; i < rq->size; i++) {
		if (rq->desc[i].page)
			page_pool_put_full_page(rq->page_pool,
						rq->desc[i].page, false);
		rq->desc[i].page = NULL;
	}
}

/*
 * Build an skb around the buffers of one frame: the first buffer becomes
 * the linear part (headroom and metadata as XDP left them), the others
 * page fragments. Pages go back to the page_pool when the skb is freed.
 */
static struct sk_buff *vxdp_build_skb(struct vxdp_rq *rq,
				      const struct xdp_buff *xdp,
				      u32 first, unsigned int nbufs)
{
	u32 mask = rq->size - 1;
	const struct vxdp_rx_desc *desc = &rq->desc[first & mask];
	unsigned int metasize = xdp->data - xdp->data_meta;
	struct sk_buff *skb;
	unsigned int i;

	skb = napi_build_skb(xdp->data_hard_start, PAGE_SIZE);
	if (unlikely(!skb))
		return NULL;

	skb_reserve(skb, xdp->data - xdp->data_hard_start);
	__skb_put(skb, xdp->data_end - xdp->data);
	if (metasize)
		skb_metadata_set(skb, metasize);
	skb_mark_for_recycle(skb);

	for (i = 1; i < nbufs; i++) {
		struct vxdp_rx_desc *frag = &rq->desc[(first + i) & mask];

		skb_add_rx_frag(skb, i - 1, frag->page, VXDP_RX_HEADROOM,
				frag->len, PAGE_SIZE);
		frag->page = NULL;
	}

	vxdp_rx_meta_skb(desc, skb);
	skb->protocol = eth_type_trans(skb, rq->dev);
	skb_record_rx_queue(skb, vxdp_rq_qid(rq));
	return skb;
}

/*
 * End of a poll during an rx source run: account its time and let the
 * source's engine, which may wait for room or for the ring to drain, see
 * the refilled ring.
 */
static void vxdp_poll_source(struct vxdp_rq *rq, u64 t0)
{
	struct vxdp_rx_source *src = &rq->source;

	WRITE_ONCE(src->napi_ns, src->napi_ns + ktime_get_ns() - t0);
	WRITE_ONCE(src->napi_polls, src->napi_polls + 1);
	if (wq_has_sleeper(&src->wq))
		wake_up(&src->wq);
}

/*
 * The offload engine's verdict on a frame, before the native program:
 * VXDP_XDP_PASS goes on to it (or the stack), anything else consumed the
 * frame. Counted in @off (enum vxdp_off_stat).
 */
static u32 vxdp_rx_offload(struct vxdp_rq *rq, const struct vxdp_eng_prog *ep,
			   struct xdp_buff *xdp, unsigned int nbufs,
			   u64 *stats, u64 *off)
{
	u32 act = XDP_ABORTED;

	off[VXDP_OFF_PACKETS]++;
	/* frames above VXDP_XDP_MAX_MTU: only from before attach */
	if (likely(nbufs == 1))
		act = vxdp_eng_run(ep, xdp, rq->dev->ifindex, vxdp_rq_qid(rq),
				   &off[VXDP_OFF_INSNS]);
	switch (act) {
	case XDP_PASS:
		off[VXDP_OFF_PASS]++;
		return VXDP_XDP_PASS;
	case XDP_TX:
		if (likely(vxdp_xdp_tx(rq, xdp))) {
			off[VXDP_OFF_TX]++;
			return VXDP_XDP_TX;
		}
		off[VXDP_OFF_TX_ERRORS]++;
		break;
	case XDP_DROP:
		off[VXDP_OFF_DROP]++;
		/* the pages stay in their slots */
		stats[VXDP_RQ_XDP_PAGE_REUSE] += nbufs;
		return VXDP_XDP_CONSUMED;
	default:
		off[VXDP_OFF_ABORTED]++;
		break;
	}
	trace_xdp_exception(rq->dev, vxdp_eng_prog_bpf(ep), act);
	stats[VXDP_RQ_XDP_PAGE_REUSE] += nbufs;
	return VXDP_XDP_CONSUMED;
}

static int vxdp_poll(struct napi_struct *napi, int budget)
{
	struct vxdp_rq *rq = container_of(napi, struct vxdp_rq, napi);
	struct vxdp_priv *priv = netdev_priv(rq->dev);
	u32 ntc = rq->next_to_clean, mask = rq->size - 1;
	u64 stats[VXDP_RQ_NR_STATS] = {}, off[VXDP_OFF_NR_STATS] = {};
	unsigned int xdp_res = 0, i;
	struct vxdp_eng_prog *eprog;
	struct vxdp_xdp_buff vb;
	struct bpf_prog *prog;
	u64 source_t0 = 0;
	int done = 0;
	u32 ntu;

	/* the built-in rx source's runs account NAPI's time */
	if (unlikely(READ_ONCE(rq->source.active)))
		source_t0 = ktime_get_ns();

	prog = rcu_dereference(priv->xdp_prog);
	eprog = rcu_dereference(priv->eng_prog);
	xdp_init_buff(&vb.xdp, PAGE_SIZE, &rq->xdp_rxq);
	/* pairs with the release in vxdp_wire_unlock_kick(): see the descriptors */
	ntu = smp_load_acquire(&rq->next_to_use);

	while (done < budget && ntc != ntu) {
		struct vxdp_rx_desc *desc = &rq->desc[ntc & mask];
		unsigned int nbufs = 1, len = desc->len;
		struct sk_buff *skb;
		u32 first = ntc;
		u32 res;

		while (!(rq->desc[(first + nbufs - 1) & mask].flags &
			 VXDP_DESC_EOP)) {
			len += rq->desc[(first + nbufs) & mask].len;
			nbufs++;
		}
		ntc += nbufs;
		done++;
		stats[VXDP_RQ_PACKETS]++;
		stats[VXDP_RQ_BYTES] += len;

		xdp_prepare_buff(&vb.xdp, page_address(desc->page), desc->off,
				 desc->len, true);
		vb.desc = desc;
		if (eprog) {
			res = vxdp_rx_offload(rq, eprog, &vb.xdp, nbufs, stats,
					      off);
			if (res != VXDP_XDP_PASS) {
				if (res & VXDP_XDP_TX)
					desc->page = NULL;
				xdp_res |= res;
				continue;
			}
		}
		if (prog) {
			/* frames above VXDP_XDP_MAX_MTU: only from before attach */
			if (unlikely(nbufs > 1)) {
				stats[VXDP_RQ_XDP_ABORTED]++;
				/* the pages stay in their slots */
				stats[VXDP_RQ_XDP_PAGE_REUSE] += nbufs;
				continue;
			}
			res = vxdp_run_xdp(rq, prog, &vb.xdp, stats);
			if (res != VXDP_XDP_PASS) {
				/* consumed: the page stays for the refill */
				if (res & VXDP_XDP_CONSUMED)
					stats[VXDP_RQ_XDP_PAGE_REUSE]++;
				else
					desc->page = NULL;
				xdp_res |= res;
				continue;
			}
		}

		skb = vxdp_build_skb(rq, &vb.xdp, first, nbufs);
		if (unlikely(!skb)) {
			stats[VXDP_RQ_ALLOC_FAIL]++;
			continue;	/* pages stay in their slots */
		}
		desc->page = NULL;
		napi_gro_receive(napi, skb);
	}
	WRITE_ONCE(rq->next_to_clean, ntc);	/* read by the rx source */

	if (xdp_res & VXDP_XDP_REDIR)
		xdp_do_flush();
	if (xdp_res & VXDP_XDP_TX)
		vxdp_xdp_ring_flush(rq);

	if (unlikely(!vxdp_rq_refill(rq, GFP_ATOMIC | __GFP_NOWARN))) {
		stats[VXDP_RQ_ALLOC_FAIL]++;
		/* try again soon rather than leave the ring without buffers */
		done = budget;
	}
	vxdp_wake_senders(rq);

	u64_stats_update_begin(&rq->stats.syncp);
	for (i = 0; i < VXDP_RQ_NR_STATS; i++)
		u64_stats_add(&rq->stats.v[i], stats[i]);
	u64_stats_update_end(&rq->stats.syncp);
	if (eprog) {
		u64_stats_update_begin(&rq->off_stats.syncp);
		for (i = 0; i < VXDP_OFF_NR_STATS; i++)
			u64_stats_add(&rq->off_stats.v[i], off[i]);
		u64_stats_update_end(&rq->off_stats.syncp);
	}

	if (done < budget && napi_complete_done(napi, done)) {
		/*
		 * A frame published after we read next_to_use may have found
		 * NAPI still scheduled; look again now that it is not.
		 */
		smp_mb();	/* order NAPI_STATE_SCHED clear vs reading the index */
		if (unlikely(smp_load_acquire(&rq->next_to_use) != ntc))
			napi_schedule(napi);
	}

	if (unlikely(source_t0))
		vxdp_poll_source(rq, source_t0);
	return done;
}

/**
 * vxdp_rq_open - bring up a queue pair: page_pool, xdp_rxq, posted buffers
 * @rq: the queue
 *
 * Called under RTNL from ndo_open, with NAPI disabled.
 *
 * Return: 0 or a negative errno.
 */
int vxdp_rq_open(struct vxdp_rq *rq)
{
	struct vxdp_priv *priv = netdev_priv(rq->dev);
	struct page_pool_params pp = {
		.order		= 0,
		.pool_size	= priv->ring_size,
		.nid		= NUMA_NO_NODE,
		.dma_dir	= DMA_BIDIRECTIONAL,
	};
	int err;

	rq->size = priv->ring_size;
	rq->desc = kvcalloc(rq->size, sizeof(*rq->desc), GFP_KERNEL);
	if (!rq->desc)
		return -ENOMEM;

	rq->page_pool = page_pool_create(&pp);
	if (IS_ERR(rq->page_pool)) {
		err = PTR_ERR(rq->page_pool);
		goto err_desc;
	}

	err = xdp_rxq_info_reg(&rq->xdp_rxq, rq->dev, vxdp_rq_qid(rq),
			       rq->napi.napi_id);
	if (err)
		goto err_pool;
	err = xdp_rxq_info_reg_mem_model(&rq->xdp_rxq, MEM_TYPE_PAGE_POOL,
					 rq->page_pool);
	if (err)
		goto err_rxq;

	err = vxdp_xdp_ring_open(&rq->xdp_ring, rq->size);
	if (err)
		goto err_rxq;

	rq->next_to_clean = 0;
	rq->next_to_use = 0;
	rq->wire_next = 0;
	rq->next_to_alloc = 0;
	if (!vxdp_rq_refill(rq, GFP_KERNEL)) {
		err = -ENOMEM;
		goto err_bufs;
	}

	napi_enable(&rq->napi);
	spin_lock_bh(&rq->lock);
	rq->enabled = true;
	spin_unlock_bh(&rq->lock);
	return 0;

err_bufs:
	vxdp_rq_put_pages(rq);
	vxdp_xdp_ring_close(&rq->xdp_ring);
err_rxq:
	xdp_rxq_info_unreg(&rq->xdp_rxq);
err_pool:
	page_pool_destroy(rq->page_pool);
err_desc:
	kvfree(rq->desc);
	rq->desc = NULL;
	return err;
}

/**
 * vxdp_rq_close - take a queue pair down, freeing every buffer it holds
 * @rq: the queue
 *
 * The rx source stops first, then the wire is shut (under its lock, so no
 * writer is left in a buffer), then NAPI and its interrupt, then the XDP
 * tx ring and the buffers.
 */
void vxdp_rq_close(struct vxdp_rq *rq)
{
	if (!rq->desc)		/* never opened, e.g. after a failed restart */
		return;

	vxdp_rx_source_stop(rq);
	spin_lock_bh(&rq->lock);
	rq->enabled = false;
	spin_unlock_bh(&rq->lock);

	napi_disable(&rq->napi);
	vxdp_wire_irq_sync(rq);
	vxdp_xdp_ring_close(&rq->xdp_ring);

	vxdp_rq_put_pages(rq);

	xdp_rxq_info_unreg(&rq->xdp_rxq);
	page_pool_destroy(rq->page_pool);
	rq->page_pool = NULL;
	kvfree(rq->desc);
	rq->desc = NULL;
}

/**
 * vxdp_rq_alloc - allocate queue state for all queues the device may use
 * @dev: the device, from ndo_init
 *
 * Return: 0 or -ENOMEM.
 */
int vxdp_rq_alloc(struct net_device *dev)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	unsigned int i;

	priv->ring_size = VXDP_DEF_RING_SIZE;
	priv->rq = kvcalloc(dev->num_rx_queues, sizeof(*priv->rq), GFP_KERNEL);
	priv->txq = kvcalloc(dev->num_tx_queues, sizeof(*priv->txq),
			     GFP_KERNEL);
	if (!priv->rq || !priv->txq) {
		kvfree(priv->rq);
		kvfree(priv->txq);
		priv->rq = NULL;
		priv->txq = NULL;
		return -ENOMEM;
	}

	for (i = 0; i < dev->num_rx_queues; i++) {
		struct vxdp_rq *rq = &priv->rq[i];

		rq->dev = dev;
		rq->irq_cpu = -1;
		vxdp_wire_irq_init(rq);
		init_waitqueue_head(&rq->source.wq);
		spin_lock_init(&rq->lock);
		spin_lock_init(&rq->xdp_ring.lock);
		u64_stats_init(&rq->stats.syncp);
		u64_stats_init(&rq->off_stats.syncp);
		u64_stats_init(&rq->wire_stats.syncp);
		u64_stats_init(&rq->xdp_ring.stats.syncp);
		netif_napi_add(dev, &rq->napi, vxdp_poll);
	}
	for (i = 0; i < dev->num_tx_queues; i++)
		u64_stats_init(&priv->txq[i].stats.syncp);
	return 0;
}

void vxdp_rq_free(struct net_device *dev)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	unsigned int i;

	if (!priv->rq)
		return;
	for (i = 0; i < dev->num_rx_queues; i++) {
		netif_napi_del(&priv->rq[i].napi);
		kfree(priv->rq[i].source.frame);
	}
	kvfree(priv->rq);
	kvfree(priv->txq);
	priv->rq = NULL;
	priv->txq = NULL;
}
