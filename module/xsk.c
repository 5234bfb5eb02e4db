// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: AF_XDP zero-copy, shaped like i40e_xsk.c.
 *
 * A queue pair with an xsk_buff_pool (XDP_SETUP_XSK_POOL, netdev.c) posts
 * UMEM chunks taken from the socket's fill ring instead of page_pool pages:
 * the wire writes frames straight into them, the program runs on the xsk
 * buffer, and XDP_REDIRECT into the socket's XSKMAP slot hands the chunk
 * over without a copy. XDP_PASS copies the frame into an skb (as i40e
 * does); XDP_DROP, XDP_ABORTED and PASS leave the chunk in its ring slot to
 * be posted again; XDP_TX and redirects elsewhere copy it into an
 * xdp_frame (xdp_convert_buff_to_frame()), which frees the chunk.
 *
 * The socket's tx ring is read by the queue's NAPI: descriptors go on the
 * wire towards the peer's rx queue, batched, and complete at once (the copy
 * is done when the wire returns).
 */
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <net/xdp_sock_drv.h>

#include "vxdp.h"

#define VXDP_XSK_ALLOC_BATCH	32

/* Map the UMEM for the emulated NIC's DMA device, as i40e maps it for PCI. */
int vxdp_xsk_dma_map(struct xsk_buff_pool *pool)
{
	return xsk_pool_dma_map(pool, vxdp_wire_dma_dev(), 0);
}

void vxdp_xsk_dma_unmap(struct xsk_buff_pool *pool)
{
	xsk_pool_dma_unmap(pool, 0);
}

/**
 * vxdp_xsk_refill - post UMEM chunks from the fill ring up to a full ring
 * @rq: a zero-copy queue
 *
 * Slots that still hold a chunk (dropped or passed frames) post it again.
 * Sets or clears the socket's rx need_wakeup flag as i40e does.
 *
 * Return: false if the fill ring ran out before the ring was full.
 */
bool vxdp_xsk_refill(struct vxdp_rq *rq)
{
	struct xsk_buff_pool *pool = rq->xsk_pool;
	u32 nta = rq->next_to_alloc, end = rq->next_to_clean + rq->size;
	struct xdp_buff *bufs[VXDP_XSK_ALLOC_BATCH];
	u32 mask = rq->size - 1, i = 0, n = 0;
	bool ok = true;

	for (; nta != end; nta++) {
		struct vxdp_rx_desc *desc = &rq->desc[nta & mask];

		if (desc->xsk)
			continue;
		if (i == n) {
			n = xsk_buff_alloc_batch(pool, bufs,
						 min_t(u32, end - nta,
						       VXDP_XSK_ALLOC_BATCH));
			i = 0;
			if (!n) {
				ok = false;
				break;
			}
		}
		desc->xsk = bufs[i++];
		desc->buf = desc->xsk->data_hard_start;
	}
	/* more than the empty slots needed: chunks of reposted slots */
	while (i < n)
		xsk_buff_free(bufs[i++]);

	/* the buffers before the index: the wire writes into them */
	smp_store_release(&rq->next_to_alloc, nta);

	/* an empty fill ring is the socket's XDP_STATISTICS count */
	if (xsk_uses_need_wakeup(pool)) {
		if (!ok || nta == rq->next_to_clean)
			xsk_set_rx_need_wakeup(pool);
		else
			xsk_clear_rx_need_wakeup(pool);
		ok = true;	/* the socket wakes us */
	}
	return ok;
}

/**
 * vxdp_xsk_ring_init - post the first chunks of a zero-copy ring
 * @rq: the queue, being opened with rq->xsk_pool set
 *
 * The fill ring may still be empty: the poll vxdp_rq_open() schedules
 * refills it.
 */
void vxdp_xsk_ring_init(struct vxdp_rq *rq)
{
	xsk_pool_set_rxq_info(rq->xsk_pool, &rq->xdp_rxq);
	rq->buf_len = xsk_pool_get_rx_frame_size(rq->xsk_pool);
	vxdp_xsk_refill(rq);
}

/* Give every chunk the ring holds back to the pool (queue closed). */
void vxdp_xsk_put_bufs(struct vxdp_rq *rq)
{
	u32 i;

	for (i = 0; i < rq->size; i++) {
		if (rq->desc[i].xsk)
			xsk_buff_free(rq->desc[i].xsk);
		rq->desc[i].xsk = NULL;
	}
}

/*
 * XDP_PASS in zero-copy mode: copy the frame and its metadata into a new
 * skb (i40e_construct_skb_zc()); the chunk stays with the ring.
 */
static struct sk_buff *vxdp_xsk_build_skb(struct vxdp_rq *rq,
					  const struct xdp_buff *xdp,
					  const struct vxdp_rx_desc *desc)
{
	unsigned int metasize = xdp->data - xdp->data_meta;
	unsigned int len = xdp->data_end - xdp->data_meta;
	struct sk_buff *skb;

	if (unlikely(vxdp_fault_hit(&vxdp_fault_skb_alloc)))
		return NULL;
	skb = napi_alloc_skb(&rq->napi, len);
	if (unlikely(!skb))
		return NULL;

	skb_put_data(skb, xdp->data_meta, len);
	if (metasize) {
		__skb_pull(skb, metasize);
		skb_metadata_set(skb, metasize);
	}
	vxdp_rx_meta_skb(desc, skb);
	skb->protocol = eth_type_trans(skb, rq->dev);
	skb_record_rx_queue(skb, vxdp_rq_qid(rq));
	return skb;
}

/* The rx metadata kfuncs find the descriptor through the buffer's cb. */
static void vxdp_xsk_set_desc(struct xdp_buff *xdp,
			      const struct vxdp_rx_desc *desc)
{
#ifdef VXDP_HAVE_XDP_METADATA_OPS
	XSK_CHECK_PRIV_TYPE(struct vxdp_xdp_buff);
	container_of(xdp, struct vxdp_xdp_buff, xdp)->desc = desc;
#endif
}

/**
 * vxdp_xsk_clean_rx - clean up to @budget frames of a zero-copy rx ring
 * @rq: the queue
 * @prog: its XDP program, or NULL
 * @eprog: the device's offloaded program, or NULL: it runs first
 * @budget: NAPI budget
 * @stats: the poll's counters
 * @off: the poll's offload engine counters
 * @xdp_res: VXDP_XDP_* flags of the frames, for the poll's finalize
 *
 * Return: the number of frames cleaned.
 */
int vxdp_xsk_clean_rx(struct vxdp_rq *rq, struct bpf_prog *prog,
		      const struct vxdp_eng_prog *eprog, int budget,
		      u64 *stats, u64 *off, unsigned int *xdp_res)
{
	u32 ntc = rq->next_to_clean, mask = rq->size - 1;
	int done = 0;
	u32 ntu;

	/* pairs with the release in vxdp_wire_unlock_kick() */
	ntu = smp_load_acquire(&rq->next_to_use);

	while (done < budget && ntc != ntu) {
		struct vxdp_rx_desc *desc = &rq->desc[ntc++ & mask];
		struct xdp_buff *xdp = desc->xsk;
		unsigned int shift = desc->off - VXDP_RX_HEADROOM;
		struct sk_buff *skb;
		u32 res;

		done++;
		stats[VXDP_RQ_PACKETS]++;
		stats[VXDP_RQ_BYTES] += desc->len;

		xsk_buff_set_size(xdp, desc->len + shift);
		xdp->data += shift;	/* after a stripped VLAN tag */
		xdp->data_meta = xdp->data;
		vxdp_xsk_set_desc(xdp, desc);

		if (eprog) {
			res = vxdp_run_offload(rq, eprog, xdp, 1, stats, off);
			if (res != VXDP_XDP_PASS) {
				/* XDP_TX copied the frame and freed the chunk */
				if (res & VXDP_XDP_TX)
					desc->xsk = NULL;
				*xdp_res |= res;
				continue;
			}
		}
		if (prog) {
			res = vxdp_run_xdp(rq, prog, xdp, stats);
			if (res != VXDP_XDP_PASS) {
				/* consumed: the chunk stays for the refill */
				if (res & VXDP_XDP_CONSUMED)
					stats[VXDP_RQ_XDP_PAGE_REUSE]++;
				else
					desc->xsk = NULL;
				*xdp_res |= res;
				continue;
			}
		}

		skb = vxdp_xsk_build_skb(rq, xdp, desc);
		if (unlikely(!skb)) {
			stats[VXDP_RQ_SKB_ALLOC_FAIL]++;
			continue;
		}
		napi_gro_receive(&rq->napi, skb);
	}
	WRITE_ONCE(rq->next_to_clean, ntc);	/* read by the rx source */
	return done;
}

/*
 * How many frames the peer can take now: the most room among its rx queues
 * that will post buffers again. Steering picks a queue per frame; one that
 * is full when the others are not drops what it gets and counts it, as a
 * NIC's receiver does, so that a queue kept full (by the rx source, say)
 * does not hold back frames for the others. A queue that is down, or has
 * no buffer at all (its own fill ring ran dry), takes no part: if no queue
 * does, everything goes (and is dropped and counted).
 */
static u32 vxdp_xsk_peer_room(struct net_device *peer)
{
	struct vxdp_priv *ppriv = netdev_priv(peer);
	u32 i, room, most = 0;
	bool any = false;

	for (i = 0; i < READ_ONCE(peer->real_num_rx_queues); i++) {
		struct vxdp_rq *prq = &ppriv->rq[i];

		if (!READ_ONCE(prq->enabled))
			continue;
		room = vxdp_wire_room(prq);
		if (!room && READ_ONCE(prq->next_to_clean) ==
			     READ_ONCE(prq->next_to_use))
			continue;
		most = max(most, room);
		any = true;
	}
	return any ? most : U32_MAX;
}

/*
 * Put @n tx descriptors on the wire to @peer, which steers each frame to
 * one of its rx queues: consecutive frames to the same queue make one
 * burst. Return their bytes.
 */
static u64 vxdp_xsk_put(struct xsk_buff_pool *pool, struct net_device *peer,
			const struct xdp_desc *descs, u32 n)
{
	bool steered = false;	/* next and hash are those of descs[i] */
	struct vxdp_rq *rq, *next = NULL;
	struct vxdp_rx_hash hash;
	u64 bytes = 0;
	void *data;
	u32 i = 0;

	while (i < n) {
		data = xsk_buff_raw_get_data(pool, descs[i].addr);
		if (!steered)
			next = vxdp_wire_steer_data(peer, data, descs[i].len,
						    &hash);
		steered = false;
		bytes += descs[i].len;
		if (!next) {		/* dropped by the peer's ntuple rules */
			i++;
			continue;
		}
		rq = next;
		vxdp_wire_lock(rq);
		vxdp_wire_put_data(rq, data, descs[i++].len, &hash);
		for (; i < n; i++) {
			data = xsk_buff_raw_get_data(pool, descs[i].addr);
			next = vxdp_wire_steer_data(peer, data, descs[i].len,
						    &hash);
			if (next && next != rq) {
				steered = true;
				break;
			}
			bytes += descs[i].len;
			if (next)
				vxdp_wire_put_data(rq, data, descs[i].len,
						   &hash);
		}
		vxdp_wire_unlock_kick(rq, true);
	}
	return bytes;
}

/**
 * vxdp_xsk_xmit - put the socket's tx descriptors on the wire
 * @rq: a zero-copy queue pair, from its NAPI poll
 * @budget: most frames to send
 * @stats: the poll's counters
 *
 * Frames go to the peer as far as its rx queues have posted buffers, and
 * complete at once: the wire has copied them when it returns. When the
 * peer's ring is full, the peer's NAPI schedules ours after its next poll.
 *
 * Return: true if NAPI may complete: nothing more to send for now, or
 * waiting for the peer.
 */
bool vxdp_xsk_xmit(struct vxdp_rq *rq, int budget, u64 *stats)
{
	struct xsk_buff_pool *pool = rq->xsk_pool;
	struct net_device *peer = vxdp_peer(rq->dev);
	u32 n, max, room;

	if (unlikely(!peer))
		return true;

	room = vxdp_xsk_peer_room(peer);
	max = min_t(u32, budget, room);
	n = max ? xsk_tx_peek_release_desc_batch(pool, max) : 0;
	if (n) {
		stats[VXDP_RQ_XSK_TX_BYTES] += vxdp_xsk_put(pool, peer,
							    pool->tx_descs, n);
		stats[VXDP_RQ_XSK_TX_PACKETS] += n;
		xsk_tx_completed(pool, n);
	}
	if (xsk_uses_need_wakeup(pool))
		xsk_set_tx_need_wakeup(pool);
	if (n < max || max == budget)
		return n < max;

	/*
	 * The peer's ring is full: like a stopped tx queue, wait for its next
	 * poll (vxdp_wake_senders() schedules us), unless it already ran.
	 */
	WRITE_ONCE(rq->xsk_tx_wait, true);
	smp_mb();	/* pairs with vxdp_wake_senders(): flag before the test */
	return vxdp_xsk_peer_room(peer) == room;
}

/**
 * vxdp_xsk_wakeup - ndo_xsk_wakeup: the socket has work for queue @qid
 * @dev: the device
 * @qid: the queue pair
 * @flags: XDP_WAKEUP_RX / XDP_WAKEUP_TX (one NAPI does both)
 *
 * Return: 0, -ENETDOWN, or -EINVAL if the queue has no zero-copy pool.
 */
int vxdp_xsk_wakeup(struct net_device *dev, u32 qid, u32 flags)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct vxdp_rq *rq;

	if (!netif_running(dev))
		return -ENETDOWN;
	if (qid >= dev->real_num_rx_queues)
		return -EINVAL;
	rq = &priv->rq[qid];
	if (!READ_ONCE(rq->xsk_pool))
		return -EINVAL;

	/* the queue's "interrupt": NAPI runs, or runs again if it is running */
	if (!napi_if_scheduled_mark_missed(&rq->napi)) {
		local_bh_disable();
		napi_schedule(&rq->napi);
		local_bh_enable();
	}
	return 0;
}
