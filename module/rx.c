// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: the rx ring. The wire (wire.c) writes frames into posted page_pool
 * buffers like a NIC's DMA engine; the NAPI poll runs XDP on the raw
 * buffer, builds skbs around the buffers it passes and refills the ring.
 * See the index invariants in vxdp.h.
 */
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <net/xdp.h>

#include "vxdp.h"

/*
 * Flow control of the senders that feed this queue: a stack tx queue stops
 * when the receiving ring cannot take a maximum-size frame
 * (vxdp_xmit_one()), a zero-copy socket's tx waits (vxdp_xsk_xmit()); the
 * receiving NAPI wakes them once it has refilled. Any sender queue may
 * feed any rx queue (steering is by flow): all of them.
 */
static void vxdp_wake_senders(struct vxdp_rq *rq)
{
	struct net_device *peer = vxdp_peer(rq->dev);
	struct vxdp_priv *ppriv;
	unsigned int i;

	if (!peer)
		return;
	/* a waiting socket looks at the ring again after every poll */
	ppriv = netdev_priv(peer);
	for (i = 0; i < peer->real_num_rx_queues; i++) {
		struct vxdp_rq *prq = &ppriv->rq[i];

		if (unlikely(READ_ONCE(prq->xsk_tx_wait))) {
			WRITE_ONCE(prq->xsk_tx_wait, false);
			napi_schedule(&prq->napi);
		}
	}

	if (vxdp_wire_room(rq) < rq->wake_room)
		return;
	smp_mb();	/* pairs with vxdp_xmit_one(): refill before the test */
	for (i = 0; i < peer->real_num_tx_queues; i++) {
		struct netdev_queue *nq = netdev_get_tx_queue(peer, i);

		if (unlikely(netif_tx_queue_stopped(nq)))
			netif_tx_wake_queue(nq);
	}
}

/*
 * Post buffers up to a full ring: a slot that still holds the page of a
 * frame XDP consumed posts it again, an empty one gets a new page. From
 * NAPI (@napi) the allocations are atomic and the rx_buf_alloc fault
 * applies; ndo_open's first fill sleeps and never fails on purpose.
 * Return false if allocation failed.
 */
static bool vxdp_rq_refill(struct vxdp_rq *rq, bool napi)
{
	u32 nta = rq->next_to_alloc, end = rq->next_to_clean + rq->size;
	gfp_t gfp = napi ? GFP_ATOMIC | __GFP_NOWARN : GFP_KERNEL;
	u32 mask = rq->size - 1;
	bool ok = true;

	for (; nta != end; nta++) {
		struct vxdp_rx_desc *desc = &rq->desc[nta & mask];

		if (desc->page)
			continue;
		if (unlikely(napi &&
			     vxdp_fault_hit(&vxdp_fault_rx_buf_alloc))) {
			ok = false;
			break;
		}
		desc->page = page_pool_alloc_pages(rq->page_pool, gfp);
		if (unlikely(!desc->page)) {
			ok = false;
			break;
		}
		desc->buf = page_address(desc->page);
	}
	/* the page pointers before the index: the wire writes into them */
	smp_store_release(&rq->next_to_alloc, nta);
	return ok;
}

/*
 * Give every buffer the ring holds back to the page_pool or the xsk pool.
 *
 * NAPI is disabled: the pool's alloc cache has no other user, so pages go
 * there directly, the rest into the pool's ring, all with BHs off. Put
 * from process context, each page would take the ring's producer lock
 * with spin_lock_bh(), and each unlock would run the softirqs pending on
 * this CPU: under an rx flood on the CPU's other queues, a NET_RX slice
 * per page, a soft lockup of the closing task on a slow machine.
 */
static void vxdp_rq_put_pages(struct vxdp_rq *rq)
{
	u32 i;

	if (rq->xsk_pool) {
		vxdp_xsk_put_bufs(rq);
		return;
	}
	local_bh_disable();
	for (i = 0; i < rq->size; i++) {
		if (rq->desc[i].page)
			page_pool_put_full_page(rq->page_pool,
						rq->desc[i].page, true);
		rq->desc[i].page = NULL;
	}
	local_bh_enable();
}

/*
 * Make the buffers after the first of a multi-buffer frame the xdp_buff's
 * frags (i40e_add_xdp_frag()): in the first page's skb_shared_info, where
 * an skb built around that page finds them.
 */
static void vxdp_add_frags(struct vxdp_rq *rq, struct xdp_buff *xdp, u32 first,
			   unsigned int nbufs)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);
	u32 mask = rq->size - 1;
	unsigned int i, size = 0;

	for (i = 1; i < nbufs; i++) {
		const struct vxdp_rx_desc *frag = &rq->desc[(first + i) & mask];

		__skb_fill_page_desc_noacc(sinfo, i - 1, frag->page,
					   VXDP_RX_HEADROOM, frag->len);
		size += frag->len;
		if (page_is_pfmemalloc(frag->page))
			xdp_buff_set_frag_pfmemalloc(xdp);
	}
	sinfo->nr_frags = nbufs - 1;
	sinfo->xdp_frags_size = size;
	xdp_buff_set_frags_flag(xdp);
}

/*
 * After a multi-buffer frame: @keep (the frame was consumed, or no skb
 * could be built) leaves the pages of the frags the frame still has in
 * their slots, to be posted again; the program may have released the last
 * ones (bpf_xdp_adjust_tail() shrinking), and a frame handed on took them
 * all: those slots are empty. Return the number of pages kept.
 */
static unsigned int vxdp_frags_done(struct vxdp_rq *rq, struct xdp_buff *xdp,
				    u32 first, unsigned int nbufs, bool keep)
{
	unsigned int i, nr = 0;
	u32 mask = rq->size - 1;

	if (keep && xdp_buff_has_frags(xdp))
		nr = xdp_get_shared_info_from_buff(xdp)->nr_frags;
	for (i = nr + 1; i < nbufs; i++)
		rq->desc[(first + i) & mask].page = NULL;
	return nr;
}

/*
 * Build an skb around the frame's first page, with the frags the xdp_buff
 * holds (as XDP left them): headroom and metadata as XDP left them too.
 * Pages go back to the page_pool when the skb is freed.
 */
static struct sk_buff *vxdp_build_skb(struct vxdp_rq *rq,
				      struct xdp_buff *xdp,
				      const struct vxdp_rx_desc *desc)
{
	unsigned int metasize = xdp->data - xdp->data_meta;
	struct skb_shared_info *sinfo;
	unsigned int nr_frags = 0;
	struct sk_buff *skb;

	if (unlikely(xdp_buff_has_frags(xdp))) {
		sinfo = xdp_get_shared_info_from_buff(xdp);
		nr_frags = sinfo->nr_frags;
	}

	if (unlikely(vxdp_fault_hit(&vxdp_fault_skb_alloc)))
		return NULL;
	skb = napi_build_skb(xdp->data_hard_start, PAGE_SIZE);
	if (unlikely(!skb))
		return NULL;

	skb_reserve(skb, xdp->data - xdp->data_hard_start);
	__skb_put(skb, xdp->data_end - xdp->data);
	if (metasize)
		skb_metadata_set(skb, metasize);
	skb_mark_for_recycle(skb);
	/* the frags are in place: the skb's shared info is the xdp_buff's */
	if (unlikely(nr_frags))
		vxdp_xdp_update_skb_frags(skb, xdp, nr_frags,
					  sinfo->xdp_frags_size,
					  nr_frags * PAGE_SIZE);

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
 * Clean up to @budget frames of a page_pool ring: run the offloaded
 * program (@eprog), then the native one (@prog) on each, build skbs for
 * those they pass. Return the number of frames.
 */
static int vxdp_clean_rx(struct vxdp_rq *rq, struct bpf_prog *prog,
			 const struct vxdp_eng_prog *eprog, int budget,
			 u64 *stats, u64 *off, unsigned int *xdp_res)
{
	u32 ntc = rq->next_to_clean, mask = rq->size - 1;
	struct vxdp_xdp_buff vb;
	int done = 0;
	u32 ntu;

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

		xdp_prepare_buff(&vb.xdp, desc->buf, desc->off, desc->len, true);
		xdp_buff_clear_frags_flag(&vb.xdp);
		if (unlikely(nbufs > 1))
			vxdp_add_frags(rq, &vb.xdp, first, nbufs);
		vb.desc = desc;
		if (eprog) {
			res = vxdp_run_offload(rq, eprog, &vb.xdp, nbufs, stats,
					       off);
			if (res != VXDP_XDP_PASS) {
				if (res & VXDP_XDP_TX)
					desc->page = NULL;
				*xdp_res |= res;
				continue;
			}
		}
		if (prog) {
			/* only from before attach: see vxdp_bpf() */
			if (unlikely(nbufs > 1 && !prog->aux->xdp_has_frags)) {
				stats[VXDP_RQ_XDP_ABORTED]++;
				/* the pages stay in their slots */
				stats[VXDP_RQ_XDP_PAGE_REUSE] += nbufs;
				continue;
			}
			res = vxdp_run_xdp(rq, prog, &vb.xdp, stats);
			if (res != VXDP_XDP_PASS) {
				/* consumed: the pages stay for the refill */
				if (res & VXDP_XDP_CONSUMED) {
					stats[VXDP_RQ_XDP_PAGE_REUSE] += 1 +
						vxdp_frags_done(rq, &vb.xdp,
								first, nbufs,
								true);
				} else {
					vxdp_frags_done(rq, &vb.xdp, first,
							nbufs, false);
					desc->page = NULL;
				}
				*xdp_res |= res;
				continue;
			}
		}

		skb = vxdp_build_skb(rq, &vb.xdp, desc);
		if (unlikely(!skb)) {
			stats[VXDP_RQ_SKB_ALLOC_FAIL]++;
			/* the pages stay in their slots */
			vxdp_frags_done(rq, &vb.xdp, first, nbufs, true);
			continue;
		}
		vxdp_frags_done(rq, &vb.xdp, first, nbufs, false);
		desc->page = NULL;
		napi_gro_receive(&rq->napi, skb);
	}
	WRITE_ONCE(rq->next_to_clean, ntc);	/* read by the rx source */
	return done;
}

/*
 * The queue pair's NAPI poll, as i40e_napi_poll(): in AF_XDP zero-copy
 * mode the socket's tx ring goes on the wire first, then the rx ring is
 * cleaned (xsk.c); otherwise the page_pool ring is.
 */
static int vxdp_poll(struct napi_struct *napi, int budget)
{
	struct vxdp_rq *rq = container_of(napi, struct vxdp_rq, napi);
	struct vxdp_priv *priv = netdev_priv(rq->dev);
	u64 stats[VXDP_RQ_NR_STATS] = {}, off[VXDP_OFF_NR_STATS] = {};
	struct vxdp_eng_prog *eprog;
	unsigned int xdp_res = 0, i;
	struct bpf_prog *prog;
	bool tx_done = true;
	u64 source_t0 = 0;
	int done;

	/* the built-in rx source's runs account NAPI's time */
	if (unlikely(READ_ONCE(rq->source.active)))
		source_t0 = ktime_get_ns();
	if (unlikely(READ_ONCE(vxdp_fault_napi_delay_us)))
		vxdp_fault_napi_delay();

	/*
	 * BH off is an RCU read-side section for the XDP core, but helpers a
	 * program calls (bpf_xdp_fib_lookup(), a devmap broadcast excluding
	 * the ingress device's uppers) check rcu_read_lock_held(): the
	 * programs run, and their redirects are flushed, under rcu_read_lock()
	 * as in veth.
	 */
	rcu_read_lock();
	prog = rcu_dereference(priv->xdp_prog);
	eprog = rcu_dereference(priv->eng_prog);
	if (rq->xsk_pool) {
		tx_done = vxdp_xsk_xmit(rq, budget, stats);
		done = vxdp_xsk_clean_rx(rq, prog, eprog, budget, stats, off,
					 &xdp_res);
	} else {
		done = vxdp_clean_rx(rq, prog, eprog, budget, stats, off,
				     &xdp_res);
	}

	if (xdp_res & VXDP_XDP_REDIR)
		xdp_do_flush();
	if (xdp_res & VXDP_XDP_TX)
		vxdp_xdp_ring_flush(rq);
	rcu_read_unlock();

	if (rq->xsk_pool) {
		/* an empty fill ring: i40e polls again unless need_wakeup */
		if (unlikely(!vxdp_xsk_refill(rq)))
			done = budget;
	} else if (unlikely(!vxdp_rq_refill(rq, true))) {
		stats[VXDP_RQ_ALLOC_FAIL]++;
		/* try again soon rather than leave the ring without buffers */
		done = budget;
	}
	vxdp_wake_senders(rq);
	if (!tx_done)
		done = budget;

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
		if (unlikely(smp_load_acquire(&rq->next_to_use) !=
			     rq->next_to_clean))
			napi_schedule(napi);
	}

	if (unlikely(source_t0))
		vxdp_poll_source(rq, source_t0);
	return min(done, budget);
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
		VXDP_PAGE_POOL_NETDEV(rq->dev)
	};
	struct xsk_buff_pool *xsk_pool = rq->xsk_pool;
	int err;

	if (unlikely(vxdp_fault_hit(&vxdp_fault_ring_alloc)))
		return -ENOMEM;
	rq->size = vxdp_fault_rx_ring_size(priv->ring_size);
	/* the stack's tx stops until the ring has room for a largest frame */
	rq->wake_room = min_t(u32, VXDP_WIRE_MAX_BUFS, rq->size);
	rq->desc = kvcalloc(rq->size, sizeof(*rq->desc), GFP_KERNEL);
	if (!rq->desc)
		return -ENOMEM;

	if (!xsk_pool) {
		rq->page_pool = page_pool_create(&pp);
		if (IS_ERR(rq->page_pool)) {
			err = PTR_ERR(rq->page_pool);
			rq->page_pool = NULL;
			goto err_desc;
		}
	}

	/* a frag may grow to the end of its buffer (bpf_xdp_adjust_tail) */
	err = __xdp_rxq_info_reg(&rq->xdp_rxq, rq->dev, vxdp_rq_qid(rq),
				 rq->napi.napi_id,
				 VXDP_RX_HEADROOM + VXDP_RX_BUF_LEN);
	if (err)
		goto err_pool;
	if (xsk_pool)
		err = xdp_rxq_info_reg_mem_model(&rq->xdp_rxq,
						 MEM_TYPE_XSK_BUFF_POOL, NULL);
	else
		err = xdp_rxq_info_reg_mem_model(&rq->xdp_rxq,
						 MEM_TYPE_PAGE_POOL,
						 rq->page_pool);
	if (err)
		goto err_rxq;

	err = vxdp_xdp_ring_open(&rq->xdp_ring, priv->ring_size);
	if (err)
		goto err_rxq;

	rq->next_to_clean = 0;
	rq->next_to_use = 0;
	rq->wire_next = 0;
	rq->next_to_alloc = 0;
	if (xsk_pool) {
		vxdp_xsk_ring_init(rq);
	} else {
		rq->buf_len = VXDP_RX_BUF_LEN;
		if (!vxdp_rq_refill(rq, false)) {
			err = -ENOMEM;
			goto err_bufs;
		}
	}

	napi_enable(&rq->napi);
	spin_lock_bh(&rq->lock);
	rq->enabled = true;
	spin_unlock_bh(&rq->lock);
	local_bh_disable();
	/* senders that stopped on this queue while it was closed */
	vxdp_wake_senders(rq);
	if (xsk_pool)
		napi_schedule(&rq->napi);
	local_bh_enable();
	return 0;

err_bufs:
	vxdp_rq_put_pages(rq);
	vxdp_xdp_ring_close(&rq->xdp_ring);
err_rxq:
	xdp_rxq_info_unreg(&rq->xdp_rxq);
err_pool:
	if (rq->page_pool)
		page_pool_destroy(rq->page_pool);
	rq->page_pool = NULL;
err_desc:
	kvfree(rq->desc);
	rq->desc = NULL;
	return err;
}

/*
 * Frames the wire delivered that NAPI will not see (the queue is closing):
 * dropped, and counted where the wire counts a frame without a buffer.
 */
static void vxdp_rq_drop_pending(struct vxdp_rq *rq)
{
	u32 i, n = 0, mask = rq->size - 1;

	for (i = rq->next_to_clean; i != rq->next_to_use; i++)
		n += !!(rq->desc[i & mask].flags & VXDP_DESC_EOP);
	if (n)
		vxdp_stats_add(&rq->wire_stats, VXDP_WIRE_DROPS, n);
}

/**
 * vxdp_rq_close - take a queue pair down, freeing every buffer it holds
 * @rq: the queue
 *
 * The rx source stops first, then the wire is shut (under its lock, so no
 * writer is left in a buffer), then NAPI and its interrupt, then the XDP
 * tx ring and the buffers; frames still in the ring count as drops.
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

	vxdp_rq_drop_pending(rq);
	vxdp_rq_put_pages(rq);

	xdp_rxq_info_unreg(&rq->xdp_rxq);
	if (rq->page_pool)
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
	if (vxdp_rx_steer_init(dev))
		return -ENOMEM;
	priv->rq = kvcalloc(dev->num_rx_queues, sizeof(*priv->rq), GFP_KERNEL);
	priv->txq = kvcalloc(dev->num_tx_queues, sizeof(*priv->txq),
			     GFP_KERNEL);
	if (!priv->rq || !priv->txq) {
		kvfree(priv->rq);
		kvfree(priv->txq);
		priv->rq = NULL;
		priv->txq = NULL;
		vxdp_rx_steer_free(dev);
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
	vxdp_rx_steer_free(dev);
}
