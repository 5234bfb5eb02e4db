// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: native XDP, shaped like i40e_run_xdp() / i40e_finalize_xdp_rx().
 *
 * The program runs in the rx NAPI poll on the raw buffer. XDP_TX frames go
 * onto the queue pair's own XDP tx ring (not the stack's tx queues);
 * ndo_xdp_xmit uses the same rings. A ring's doorbell,
 * vxdp_xdp_ring_flush(), puts its frames on the wire: once per poll for
 * XDP_TX, on XDP_XMIT_FLUSH for ndo_xdp_xmit.
 */
#include <linux/bpf_trace.h>
#include <linux/filter.h>
#include <net/xdp.h>

#include "vxdp.h"

/*
 * Put @n frames on the wire to @peer, which steers each to one of its rx
 * queues: consecutive frames to the same queue make one burst (one lock,
 * one publish, one kick). Whether the peer kept a frame is its count.
 */
static void vxdp_xdp_frames_put(struct net_device *peer,
				struct xdp_frame **frames, u32 n)
{
	struct vxdp_rq *rq, *next = NULL;
	struct vxdp_rx_hash hash;
	bool steered = false;	/* next and hash are those of frames[i] */
	u32 i = 0;

	while (i < n) {
		if (!steered)
			next = vxdp_wire_steer_frame(peer, frames[i], &hash);
		steered = false;
		if (!next) {		/* dropped by the peer's ntuple rules */
			i++;
			continue;
		}
		rq = next;
		vxdp_wire_lock(rq);
		vxdp_wire_put_frame(rq, frames[i++], &hash);
		for (; i < n; i++) {
			next = vxdp_wire_steer_frame(peer, frames[i], &hash);
			if (next && next != rq) {
				steered = true;
				break;
			}
			if (next)
				vxdp_wire_put_frame(rq, frames[i], &hash);
		}
		vxdp_wire_unlock_kick(rq, true);
	}
}

/* Put a queue pair's XDP tx ring on the wire; ring->lock held. */
static void __vxdp_xdp_ring_flush(struct vxdp_rq *rq)
{
	struct vxdp_xdp_ring *ring = &rq->xdp_ring;
	struct net_device *peer = vxdp_peer(rq->dev);
	u64 bytes = 0, packets = ring->count;
	struct xdp_frame_bulk bq;
	u32 i;

	if (!ring->count)
		return;

	rcu_read_lock();	/* xdp_return_frame_bulk()'s mem allocator lookup */
	xdp_frame_bulk_init(&bq);
	if (unlikely(!peer)) {
		for (i = 0; i < ring->count; i++)
			xdp_return_frame_bulk(ring->frames[i], &bq);
		vxdp_stats_add(&ring->stats, VXDP_XDPQ_DROPS, ring->count);
		goto out;
	}

	vxdp_xdp_frames_put(peer, ring->frames, ring->count);
	for (i = 0; i < ring->count; i++) {
		bytes += xdp_get_frame_len(ring->frames[i]);
		xdp_return_frame_bulk(ring->frames[i], &bq);
	}

	u64_stats_update_begin(&ring->stats.syncp);
	u64_stats_add(&ring->stats.v[VXDP_XDPQ_PACKETS], packets);
	u64_stats_add(&ring->stats.v[VXDP_XDPQ_BYTES], bytes);
	u64_stats_update_end(&ring->stats.syncp);
out:
	xdp_flush_frame_bulk(&bq);
	rcu_read_unlock();
	ring->count = 0;
}

/*
 * Move the poll's XDP_TX frames onto the XDP tx ring; ring->lock held. The
 * ring holds at least a poll's worth once emptied, and it is enabled while
 * NAPI runs (vxdp_rq_close() disables NAPI first): no frame is refused.
 */
static void vxdp_xdp_tx_bulk_move(struct vxdp_rq *rq)
{
	struct vxdp_xdp_ring *ring = &rq->xdp_ring;
	u32 i, n = rq->xdp_tx_bulk_n;

	if (unlikely(ring->size - ring->count < n))
		__vxdp_xdp_ring_flush(rq);
	if (unlikely(!ring->enabled)) {
		for (i = 0; i < n; i++)
			xdp_return_frame(rq->xdp_tx_bulk[i]);
		vxdp_stats_add(&ring->stats, VXDP_XDPQ_DROPS, n);
	} else {
		memcpy(&ring->frames[ring->count], rq->xdp_tx_bulk,
		       n * sizeof(*rq->xdp_tx_bulk));
		ring->count += n;
	}
	rq->xdp_tx_bulk_n = 0;
}

/**
 * vxdp_xdp_ring_flush - ring the XDP tx doorbell of a queue pair
 * @rq: the queue pair, from its NAPI poll
 *
 * The poll's XDP_TX frames join the ring and the ring goes on the wire,
 * under one lock per poll.
 */
void vxdp_xdp_ring_flush(struct vxdp_rq *rq)
{
	spin_lock(&rq->xdp_ring.lock);
	vxdp_xdp_tx_bulk_move(rq);
	__vxdp_xdp_ring_flush(rq);
	spin_unlock(&rq->xdp_ring.lock);
}

/*
 * XDP_TX (of the native program or the offload engine): keep the frame
 * for this poll's doorbell, as veth's veth_xdp_tx_bq; a full bulk joins
 * the ring at once.
 */
static bool vxdp_xdp_tx(struct vxdp_rq *rq, struct xdp_buff *xdp)
{
	struct xdp_frame *xdpf = xdp_convert_buff_to_frame(xdp);

	if (unlikely(!xdpf))
		return false;

	if (unlikely(rq->xdp_tx_bulk_n == VXDP_XDP_TX_BULK)) {
		spin_lock(&rq->xdp_ring.lock);
		vxdp_xdp_tx_bulk_move(rq);
		spin_unlock(&rq->xdp_ring.lock);
	}
	rq->xdp_tx_bulk[rq->xdp_tx_bulk_n++] = xdpf;
	return true;
}

/**
 * vxdp_run_xdp - run the native program on one rx buffer
 * @rq: receiving queue
 * @prog: the program
 * @xdp: the buffer, as the wire wrote it
 * @stats: the poll's enum vxdp_rq_stat counters
 *
 * Return: VXDP_XDP_PASS (build an skb from @xdp as the program left it),
 * VXDP_XDP_CONSUMED (drop: the caller reposts the buffer), or
 * VXDP_XDP_TX / VXDP_XDP_REDIR (the buffer was handed on; finalize the
 * poll with the XDP tx doorbell / xdp_do_flush()).
 */
u32 vxdp_run_xdp(struct vxdp_rq *rq, struct bpf_prog *prog,
		 struct xdp_buff *xdp, u64 *stats)
{
	struct net_device *dev = rq->dev;
	u32 act;

	stats[VXDP_RQ_XDP_PACKETS]++;
	stats[VXDP_RQ_XDP_BYTES] += xdp_get_buff_len(xdp);

	act = bpf_prog_run_xdp(prog, xdp);
	switch (act) {
	case XDP_PASS:
		stats[VXDP_RQ_XDP_PASS]++;
		return VXDP_XDP_PASS;
	case XDP_TX:
		if (unlikely(!vxdp_xdp_tx(rq, xdp))) {
			stats[VXDP_RQ_XDP_TX_ERRORS]++;
			goto out_failure;
		}
		stats[VXDP_RQ_XDP_TX]++;
		return VXDP_XDP_TX;
	case XDP_REDIRECT:
		if (unlikely(xdp_do_redirect(dev, xdp, prog))) {
			stats[VXDP_RQ_XDP_REDIRECT_ERRORS]++;
			goto out_failure;
		}
		stats[VXDP_RQ_XDP_REDIRECT]++;
		return VXDP_XDP_REDIR;
	default:
		bpf_warn_invalid_xdp_action(dev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		stats[VXDP_RQ_XDP_ABORTED]++;
out_failure:
		trace_xdp_exception(dev, prog, act);
		return VXDP_XDP_CONSUMED;
	case XDP_DROP:
		stats[VXDP_RQ_XDP_DROP]++;
		return VXDP_XDP_CONSUMED;
	}
}

/**
 * vxdp_run_offload - the offload engine's verdict on one rx buffer
 * @rq: receiving queue
 * @ep: the offloaded program, as the engine runs it
 * @xdp: the buffer (page_pool pages or an AF_XDP chunk), as the wire
 *	 wrote it
 * @nbufs: descriptors of the frame: the engine runs single-buffer frames,
 *	   larger ones (only from before attach) are aborted
 * @stats: the poll's enum vxdp_rq_stat counters
 * @off: the poll's enum vxdp_off_stat counters
 *
 * Runs before the native program, as a SmartNIC's does: on every frame of
 * every rx ring, zero-copy ones included.
 *
 * Return: VXDP_XDP_PASS (on to the native program, or the stack),
 * VXDP_XDP_CONSUMED (dropped or aborted: the caller reposts the buffer) or
 * VXDP_XDP_TX (the frame was converted for the XDP tx ring, an AF_XDP
 * chunk freed; the poll rings the doorbell).
 */
u32 vxdp_run_offload(struct vxdp_rq *rq, const struct vxdp_eng_prog *ep,
		     struct xdp_buff *xdp, unsigned int nbufs, u64 *stats,
		     u64 *off)
{
	u32 act = XDP_ABORTED;

	off[VXDP_OFF_PACKETS]++;
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
		/* the buffers stay in their slots */
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

/**
 * vxdp_xdp_xmit - ndo_xdp_xmit: transmit frames redirected to this device
 * @dev: this device
 * @n: number of frames
 * @frames: the frames
 * @flags: XDP_XMIT_FLUSH rings the doorbell
 *
 * The XDP tx ring is chosen by CPU; its lock is only contended when CPUs
 * outnumber queues. Frames that do not fit are left to the caller.
 *
 * Return: the number of frames taken, or a negative errno (none taken).
 */
int vxdp_xdp_xmit(struct net_device *dev, int n, struct xdp_frame **frames,
		  u32 flags)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct vxdp_xdp_ring *ring;
	struct vxdp_rq *rq;
	int nxmit;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;

	rq = &priv->rq[smp_processor_id() % dev->real_num_rx_queues];
	ring = &rq->xdp_ring;

	spin_lock(&ring->lock);
	if (unlikely(!ring->enabled || !rcu_access_pointer(priv->peer))) {
		nxmit = -ENETDOWN;
		vxdp_stats_add(&ring->stats, VXDP_XDPQ_XMIT_ERRORS, n);
		goto out;
	}

	nxmit = min_t(int, n, ring->size - ring->count);
	if (unlikely(READ_ONCE(vxdp_fault_xdp_xmit.interval) ||
		     READ_ONCE(vxdp_fault_xdp_xmit.probability))) {
		int i;

		/* the frames taken are a prefix: a failure ends the bulk */
		for (i = 0; i < nxmit; i++)
			if (vxdp_fault_hit(&vxdp_fault_xdp_xmit))
				break;
		nxmit = i;
	}
	memcpy(&ring->frames[ring->count], frames, nxmit * sizeof(*frames));
	ring->count += nxmit;

	u64_stats_update_begin(&ring->stats.syncp);
	u64_stats_add(&ring->stats.v[VXDP_XDPQ_XMIT], nxmit);
	u64_stats_add(&ring->stats.v[VXDP_XDPQ_XMIT_ERRORS], n - nxmit);
	u64_stats_update_end(&ring->stats.syncp);

	if (flags & XDP_XMIT_FLUSH)
		__vxdp_xdp_ring_flush(rq);
out:
	spin_unlock(&ring->lock);
	return nxmit;
}

int vxdp_xdp_ring_open(struct vxdp_xdp_ring *ring, u32 size)
{
	ring->frames = kvcalloc(size, sizeof(*ring->frames), GFP_KERNEL);
	if (!ring->frames)
		return -ENOMEM;

	spin_lock_bh(&ring->lock);
	ring->size = size;
	ring->count = 0;
	ring->enabled = true;
	spin_unlock_bh(&ring->lock);
	return 0;
}

/* Stop taking frames and free those not yet on the wire. */
void vxdp_xdp_ring_close(struct vxdp_xdp_ring *ring)
{
	u32 i;

	spin_lock_bh(&ring->lock);
	ring->enabled = false;
	for (i = 0; i < ring->count; i++)
		xdp_return_frame(ring->frames[i]);
	vxdp_stats_add(&ring->stats, VXDP_XDPQ_DROPS, ring->count);
	ring->count = 0;
	spin_unlock_bh(&ring->lock);

	kvfree(ring->frames);
	ring->frames = NULL;
}

static int vxdp_xdp_setup(struct net_device *dev, struct bpf_prog *prog,
			  struct netlink_ext_ack *extack)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct bpf_prog *old;

	old = rtnl_dereference(priv->xdp_prog);
	rcu_assign_pointer(priv->xdp_prog, prog);
	if (old)
		bpf_prog_put(old);	/* freed after an RCU grace period */
	return 0;
}

int vxdp_bpf(struct net_device *dev, struct netdev_bpf *bpf)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct bpf_prog *prog;
	int err;

	switch (bpf->command) {
	case XDP_SETUP_PROG:
	case XDP_SETUP_PROG_HW:
		/* the engine runs single-buffer frames only */
		if (bpf->prog && dev->mtu > VXDP_XDP_MAX_MTU &&
		    bpf->command == XDP_SETUP_PROG_HW) {
			NL_SET_ERR_MSG_MOD(bpf->extack,
					   "MTU too large for offloaded XDP: the engine runs on frames that fit one rx buffer");
			return -EOPNOTSUPP;
		}
		if (bpf->prog && dev->mtu > VXDP_XDP_MAX_MTU &&
		    !bpf->prog->aux->xdp_has_frags) {
			NL_SET_ERR_MSG_MOD(bpf->extack,
					   "MTU too large for XDP without frags support: frames must fit one rx buffer (load the program as xdp.frags for multi-buffer)");
			return -EOPNOTSUPP;
		}
		if (bpf->command == XDP_SETUP_PROG)
			err = vxdp_xdp_setup(dev, bpf->prog, bpf->extack);
		else
			err = vxdp_offload_bpf(dev, bpf);
		if (err)
			return err;
		/*
		 * frames within one buffer while an offloaded program or a
		 * native one without frags support is attached
		 */
		prog = rtnl_dereference(priv->xdp_prog);
		dev->max_mtu = (prog && !prog->aux->xdp_has_frags) ||
			       rtnl_dereference(priv->eng_prog) ?
			       VXDP_XDP_MAX_MTU : VXDP_MAX_MTU;
		return 0;
	case BPF_OFFLOAD_MAP_ALLOC:
	case BPF_OFFLOAD_MAP_FREE:
		return vxdp_offload_bpf(dev, bpf);
	default:
		return -EINVAL;
	}
}
