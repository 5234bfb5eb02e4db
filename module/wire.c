// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: the wire, the bottom layer. It does what a NIC's DMA engines do
 * between two hosts' memory: a sender's frame is copied into buffers the
 * receiving rx ring has posted (with the transmit checksum and the receive
 * engine's offloads, rx_meta.c, applied on the way), the ring's producer
 * index is published once per burst (the tail bump) and the queue's
 * "interrupt" schedules its NAPI.
 *
 * Senders: ndo_start_xmit (netdev.c), the XDP tx rings and ndo_xdp_xmit
 * (xdp.c), the built-in rx source (rx_source.c). The receiving device
 * chooses each frame's queue (vxdp_wire_steer_*(), rx_source.c excepted:
 * it is a queue's own engine); a burst to one queue is
 *
 *	vxdp_wire_lock(rq);
 *	vxdp_wire_put_*(rq, ..., &hash);	as many as vxdp_wire_room() allows
 *	vxdp_wire_unlock_kick(rq, kick);
 *
 * and a sender whose frames go to several queues ends the burst to one
 * before it locks the next.
 *
 * The wire calls nothing above it; its counters are the receiver's
 * enum vxdp_wire_stat.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/platform_device.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <linux/workqueue.h>
#include <net/xdp.h>

#include "vxdp.h"

/*
 * Steering: the receiving device chooses the queue from the frame's headers
 * (rx_steer.c), read here from the sender's frame before any queue is
 * locked.
 */
static struct vxdp_rq *vxdp_wire_steer(struct net_device *peer,
				       const void *hdr, unsigned int len,
				       struct vxdp_rx_hash *h)
{
	struct vxdp_priv *priv = netdev_priv(peer);
	int q = vxdp_rx_steer(peer, hdr, min_t(unsigned int, len, VXDP_STEER_HDR_LEN), h);

	return q < 0 ? NULL : &priv->rq[q];
}

/**
 * vxdp_wire_steer_skb - the peer rx queue an skb goes to
 * @peer: the receiving device
 * @skb: the frame
 * @h: out: its RSS hash, for vxdp_wire_put_skb()
 *
 * Return: the queue, or NULL if the receiver's ntuple rules drop the frame
 * (the receiver counted it).
 */
struct vxdp_rq *vxdp_wire_steer_skb(struct net_device *peer,
				    const struct sk_buff *skb,
				    struct vxdp_rx_hash *h)
{
	u8 buf[VXDP_STEER_HDR_LEN];
	unsigned int len = min_t(unsigned int, skb->len, VXDP_STEER_HDR_LEN);
	const void *hdr = skb_header_pointer(skb, 0, len, buf);

	return vxdp_wire_steer(peer, hdr, hdr ? len : 0, h);
}

/**
 * vxdp_wire_steer_frame - the peer rx queue an xdp_frame goes to
 * @peer: the receiving device
 * @xdpf: the frame; its headers are in its first buffer
 * @h: out: its RSS hash, for vxdp_wire_put_frame()
 *
 * Return: the queue, or NULL if the receiver's ntuple rules drop the frame
 * (the receiver counted it).
 */
struct vxdp_rq *vxdp_wire_steer_frame(struct net_device *peer,
				      const struct xdp_frame *xdpf,
				      struct vxdp_rx_hash *h)
{
	return vxdp_wire_steer(peer, xdpf->data, xdpf->len, h);
}

/**
 * vxdp_wire_steer_data - the peer rx queue @len linear bytes go to
 * @peer: the receiving device
 * @data: the frame
 * @len: its length
 * @h: out: its RSS hash, for vxdp_wire_put_data()
 *
 * Return: the queue, or NULL if the receiver's ntuple rules drop the frame
 * (the receiver counted it).
 */
struct vxdp_rq *vxdp_wire_steer_data(struct net_device *peer,
				     const void *data, unsigned int len,
				     struct vxdp_rx_hash *h)
{
	return vxdp_wire_steer(peer, data, len, h);
}

/*
 * The copy engines: copy @len bytes at offset @off of the frame @src into
 * the rx buffer @to.
 */

/**
 * struct vxdp_skb_src - an skb being put on the wire
 * @skb: the sender's skb, read only: it may be shared or cloned
 * @csum_at: where the emulated hardware writes @csum (CHECKSUM_PARTIAL), or
 *	     0 for nothing to write
 * @csum: the checksum NETIF_F_HW_CSUM offloaded to us
 */
struct vxdp_skb_src {
	const struct sk_buff *skb;
	unsigned int csum_at;
	__sum16 csum;
};

static void vxdp_copy_skb(const void *src, unsigned int off, void *to,
			  unsigned int len)
{
	const struct vxdp_skb_src *s = src;

	/* cannot fail: __vxdp_wire_put() stays within skb->len */
	(void)skb_copy_bits(s->skb, off, to, len);
	if (s->csum_at && s->csum_at >= off &&
	    s->csum_at + sizeof(s->csum) <= off + len)
		memcpy(to + s->csum_at - off, &s->csum, sizeof(s->csum));
}

static void vxdp_copy_frame(const void *src, unsigned int off, void *to,
			    unsigned int len)
{
	/* read only; older kernels' helpers take no const */
	struct xdp_frame *xdpf = (struct xdp_frame *)src;
	struct skb_shared_info *sinfo;
	unsigned int i, n;

	if (off < xdpf->len) {
		n = min(len, xdpf->len - off);
		memcpy(to, xdpf->data + off, n);
		to += n;
		len -= n;
		off = 0;
	} else {
		off -= xdpf->len;
	}
	if (!len)
		return;

	/* a multi-buffer frame from another device's redirect */
	sinfo = xdp_get_shared_info_from_frame(xdpf);
	for (i = 0; i < sinfo->nr_frags && len; i++) {
		const skb_frag_t *frag = &sinfo->frags[i];
		unsigned int fsize = skb_frag_size(frag);

		if (off >= fsize) {
			off -= fsize;
			continue;
		}
		n = min(len, fsize - off);
		memcpy(to, skb_frag_address(frag) + off, n);
		to += n;
		len -= n;
		off = 0;
	}
}

static void vxdp_copy_linear(const void *src, unsigned int off, void *to,
			     unsigned int len)
{
	memcpy(to, src + off, len);
}

void vxdp_wire_lock(struct vxdp_rq *rq)
	__acquires(&rq->lock)
{
	spin_lock(&rq->lock);
}

/*
 * Put one frame on the wire towards @rq (locked): write it into as many
 * posted buffers as it needs, after those of the burst so far. NAPI sees
 * the burst's frames, whole, when vxdp_wire_unlock_kick() publishes them.
 * A frame that does not fit is dropped and counted by the receiver, as a
 * NIC would. @copy is one of the copy engines above: always inlined, each
 * caller below gets a direct call.
 */
static __always_inline bool
__vxdp_wire_put(struct vxdp_rq *rq,
		void (*copy)(const void *src, unsigned int off, void *to,
			     unsigned int len),
		const void *src, unsigned int len, const struct vxdp_rx_hash *h)
{
	unsigned int max = VXDP_MAX_FRAME(READ_ONCE(rq->dev->mtu));
	u32 ntu = rq->wire_next, mask = rq->size - 1;
	struct vxdp_rx_desc *first = &rq->desc[ntu & mask];
	unsigned int off, chunk, buf_len = rq->buf_len;
	u32 nta;

	/* an AF_XDP zero-copy ring takes single-buffer frames only */
	if (unlikely(len > max || len < ETH_HLEN ||
		     (rq->xsk_pool && len > buf_len))) {
		vxdp_stats_inc(&rq->wire_stats, VXDP_WIRE_OVERSIZE);
		return false;
	}
	/* pairs with the release in vxdp_rq_refill(): see the buffers */
	nta = smp_load_acquire(&rq->next_to_alloc);
	if (unlikely(!rq->enabled || nta == ntu ||
		     (len > buf_len &&
		      nta - ntu < DIV_ROUND_UP(len, buf_len)))) {
		vxdp_stats_inc(&rq->wire_stats, VXDP_WIRE_DROPS);
		return false;
	}

	for (off = 0; off < len; off += chunk) {
		struct vxdp_rx_desc *desc = &rq->desc[ntu++ & mask];

		chunk = min(len - off, buf_len);
		copy(src, off, desc->buf + VXDP_RX_HEADROOM, chunk);
		desc->len = chunk;
		desc->flags = off + chunk == len ? VXDP_DESC_EOP : 0;
	}
	vxdp_rx_meta(rq, first, h);
	WRITE_ONCE(rq->wire_next, ntu);
	return true;
}

/*
 * The emulated hardware checksums on transmit (NETIF_F_HW_CSUM): the sum
 * goes into the copy, never into the sender's skb.
 */
static void vxdp_tx_csum(struct vxdp_skb_src *s)
{
	const struct sk_buff *skb = s->skb;
	unsigned int start = skb_checksum_start_offset(skb);
	unsigned int at = start + skb->csum_offset;

	if (at + sizeof(s->csum) > skb->len)
		return;
	s->csum = csum_fold(skb_checksum(skb, start, skb->len - start, 0));
	if (s->csum == 0 && skb->csum_offset == offsetof(struct udphdr, check))
		s->csum = CSUM_MANGLED_0;
	s->csum_at = at;
}

/**
 * vxdp_wire_put_skb - put a linear or paged, non-GSO skb on the wire
 * @rq: receiving queue, locked with vxdp_wire_lock()
 * @skb: the frame; read only, the caller still owns it
 * @h: its RSS hash (vxdp_wire_steer_skb())
 *
 * CHECKSUM_PARTIAL is completed in the copy.
 *
 * Return: true if the frame went into the ring.
 */
bool vxdp_wire_put_skb(struct vxdp_rq *rq, const struct sk_buff *skb,
		       const struct vxdp_rx_hash *h)
{
	struct vxdp_skb_src src = { .skb = skb };

	if (skb->ip_summed == CHECKSUM_PARTIAL)
		vxdp_tx_csum(&src);
	return __vxdp_wire_put(rq, vxdp_copy_skb, &src, skb->len, h);
}

/**
 * vxdp_wire_put_frame - put an xdp_frame (single or multi-buffer) on the wire
 * @rq: receiving queue, locked with vxdp_wire_lock()
 * @xdpf: the frame; the caller still owns it
 * @h: its RSS hash (vxdp_wire_steer_frame())
 *
 * Return: true if the frame went into the ring.
 */
bool vxdp_wire_put_frame(struct vxdp_rq *rq, struct xdp_frame *xdpf,
			 const struct vxdp_rx_hash *h)
{
	return __vxdp_wire_put(rq, vxdp_copy_frame, xdpf,
			       xdp_get_frame_len(xdpf), h);
}

/**
 * vxdp_wire_put_data - put @len linear bytes at @data on the wire
 * @rq: receiving queue, locked with vxdp_wire_lock()
 * @data: the frame
 * @len: its length
 * @h: its RSS hash
 *
 * Return: true if the frame went into the ring.
 */
bool vxdp_wire_put_data(struct vxdp_rq *rq, const void *data,
			unsigned int len, const struct vxdp_rx_hash *h)
{
	return __vxdp_wire_put(rq, vxdp_copy_linear, data, len, h);
}

/*
 * Posted buffers the wire may still fill: exact under vxdp_wire_lock(), a
 * snapshot without it.
 */
u32 vxdp_wire_room(const struct vxdp_rq *rq)
{
	/* pairs with the release in vxdp_rq_refill() */
	return smp_load_acquire(&rq->next_to_alloc) - READ_ONCE(rq->wire_next);
}

/**
 * vxdp_wire_unlock_kick - end a burst on the wire
 * @rq: receiving queue
 * @kick: schedule its NAPI on this CPU (the frames' "interrupt")
 *
 * Publishes the burst's frames to NAPI with one store of next_to_use.
 */
void vxdp_wire_unlock_kick(struct vxdp_rq *rq, bool kick)
	__releases(&rq->lock)
{
	if (rq->next_to_use != rq->wire_next)
		/* descriptors before the index: NAPI uses them once it sees it */
		smp_store_release(&rq->next_to_use, rq->wire_next);
	spin_unlock(&rq->lock);
	if (kick)
		napi_schedule(&rq->napi);
}

/*
 * The queue's interrupt, arriving on rq->irq_cpu: a work item on that CPU
 * (high priority, bound to it) schedules NAPI there; the softirq runs when
 * it enables BHs again.
 */
static void vxdp_wire_irq_handler(struct work_struct *work)
{
	struct vxdp_rq *rq = container_of(work, struct vxdp_rq, irq);

	local_bh_disable();
	napi_schedule(&rq->napi);
	local_bh_enable();
}

void vxdp_wire_irq_init(struct vxdp_rq *rq)
{
	INIT_WORK(&rq->irq, vxdp_wire_irq_handler);
}

/**
 * vxdp_wire_irq - raise the queue's interrupt on its CPU (rq->irq_cpu)
 * @rq: receiving queue, with frames published
 *
 * What a NIC's MSI-X vector does: NAPI runs on the CPU the interrupt is
 * affine to, not on the CPU of the DMA engine that wrote the frames. A
 * scheduled NAPI needs no interrupt: vxdp_poll() looks at next_to_use
 * again after napi_complete_done(). Called with BHs disabled.
 */
void vxdp_wire_irq(struct vxdp_rq *rq)
{
	int cpu = READ_ONCE(rq->irq_cpu);

	/* the published index before the test; pairs with vxdp_poll() */
	smp_mb();
	if (test_bit(NAPI_STATE_SCHED, &rq->napi.state))
		return;
	if (cpu >= 0 && cpu != raw_smp_processor_id())
		queue_work_on(cpu, system_highpri_wq, &rq->irq); /* or pending */
	else
		napi_schedule(&rq->napi);
}

/* Wait until no interrupt of @rq is pending or running. */
void vxdp_wire_irq_sync(struct vxdp_rq *rq)
{
	cancel_work_sync(&rq->irq);
}

/*
 * The DMA device of the emulated NIC: what AF_XDP zero-copy UMEM is mapped
 * for (xsk_pool_dma_map()), as a PCI NIC's pool is mapped for its PCI
 * device. A platform device with a 64-bit mask: direct mapping, no sync.
 */
static struct platform_device *vxdp_dma_pdev;

struct device *vxdp_wire_dma_dev(void)
{
	return &vxdp_dma_pdev->dev;
}

int vxdp_wire_init(void)
{
	int err;

	vxdp_dma_pdev = platform_device_register_simple(VXDP_DRV_NAME,
							PLATFORM_DEVID_NONE,
							NULL, 0);
	if (IS_ERR(vxdp_dma_pdev))
		return PTR_ERR(vxdp_dma_pdev);
	err = dma_coerce_mask_and_coherent(&vxdp_dma_pdev->dev,
					   DMA_BIT_MASK(64));
	if (err)
		platform_device_unregister(vxdp_dma_pdev);
	return err;
}

void vxdp_wire_exit(void)
{
	platform_device_unregister(vxdp_dma_pdev);
}
