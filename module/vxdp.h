/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vxdp: a veth-like virtual NIC pair with a native XDP datapath built the
 * way a real NIC driver (i40e) builds it.
 *
 * The "wire" between the two devices of a pair is a copy: a transmitting
 * device writes each frame into buffers that the peer's rx ring has posted,
 * as a NIC's DMA engine would, and kicks the peer queue's NAPI. The receiver
 * never sees the sender's skb.
 *
 * The files are layers; each calls only those below it:
 *
 *   main.c       module init, rtnl_link_ops, the device's setup
 *   ethtool.c    ethtool_ops
 *   netdev.c     net_device_ops: open/stop, ndo_start_xmit
 *   rx.c         rx rings, NAPI poll, skb build
 *   xsk.c        AF_XDP zero-copy: rings of UMEM buffers, socket tx
 *   xdp.c        run_xdp, XDP tx rings, ndo_xdp_xmit, ndo_bpf
 *   offload.c    XDP offload: the bpf_offload_dev, its verifier callbacks,
 *                offloaded programs and maps (ndo_bpf's HW commands)
 *   offload_engine.c  the NIC's BPF engine ("firmware"): runs an
 *                offloaded program on rx buffers, holds offloaded maps
 *   rx_source.c  the built-in rx source (a DMA engine with a template)
 *   wire.c       the wire: copy engines, posting, doorbell, interrupt
 *   rx_steer.c   the receive engine's steering: ntuple rules, RSS
 *   rx_meta.c    the receive engine's offloads (RSS, VLAN, timestamps)
 *   fault.c      fault injection knobs (debugfs), for the datapath's
 *                failure paths
 *
 * Rx ring indices are free-running u32 counters, masked on use:
 *
 *   next_to_clean <= next_to_use <= wire_next <= next_to_alloc
 *		   <= next_to_clean + count
 *
 *   [next_to_clean, next_to_use)  filled by the wire, owned by NAPI
 *   [next_to_use, wire_next)      being filled by a wire burst, published
 *				   to NAPI at its end (the tail bump)
 *   [wire_next, next_to_alloc)    posted empty buffers, owned by the wire
 *   [next_to_alloc, ... + count)  slots refilled by NAPI: empty, or
 *                                 still holding the page of a dropped
 *                                 frame, which is posted again as it is
 *                                 (i40e's page reuse: no page_pool trip)
 *
 * NAPI is the only consumer and the only allocator; the wire side is
 * serialised by rq->lock because several CPUs may transmit into one queue.
 */
#ifndef _VXDP_H
#define _VXDP_H

#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <net/xdp.h>

#include "compat.h"
#include "vxdp_uapi.h"

#define VXDP_DRV_NAME		"vxdp"
#define VXDP_MAX_QUEUES		64
#define VXDP_MAX_MTU		9000

/* One rx buffer is one page: XDP headroom, data, room for skb_shared_info. */
#define VXDP_RX_HEADROOM	XDP_PACKET_HEADROOM
#define VXDP_RX_TAILROOM	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
#define VXDP_RX_BUF_LEN		(PAGE_SIZE - VXDP_RX_HEADROOM - VXDP_RX_TAILROOM)
/* Largest MTU whose frames (with one VLAN tag) fit a single rx buffer. */
#define VXDP_XDP_MAX_MTU	(VXDP_RX_BUF_LEN - ETH_HLEN - VLAN_HLEN)
/* Maximum frame the receiver of MTU @mtu accepts from the wire. */
#define VXDP_MAX_FRAME(mtu)	((mtu) + ETH_HLEN + VLAN_HLEN)

#define VXDP_DESC_EOP		BIT(0)	/* last buffer of a frame */
/* XDP_TX frames a poll collects before it takes the XDP tx ring's lock */
#define VXDP_XDP_TX_BULK	NAPI_POLL_WEIGHT
/* Rx buffers a frame of the largest MTU needs: the tx stop threshold. */
#define VXDP_WIRE_MAX_BUFS	DIV_ROUND_UP(VXDP_MAX_FRAME(VXDP_MAX_MTU), \
					     VXDP_RX_BUF_LEN)

/* Hash types of the emulated RSS: the bits of enum xdp_rss_hash_type. */
#define VXDP_RSS_L3_IPV4	BIT(0)
#define VXDP_RSS_L3_IPV6	BIT(1)
#define VXDP_RSS_L4		BIT(3)
#define VXDP_RSS_L4_TCP		BIT(4)
#define VXDP_RSS_L4_UDP		BIT(5)
#define VXDP_RSS_KEY_LEN	40
/* RSS indirection table entries, indexed by the hash's low bits */
#define VXDP_RSS_INDIR_SIZE	128
/* ntuple rule table: locations 0 .. VXDP_NTUPLE_MAX - 1 */
#define VXDP_NTUPLE_MAX		64
/* header bytes of a frame that steering reads (copied for an skb) */
#define VXDP_STEER_HDR_LEN	128

/**
 * struct vxdp_rx_hash - a frame's RSS hash, computed once by steering
 * @hash: the Toeplitz hash
 * @type: VXDP_RSS_* of @hash, 0 if the frame was not hashed
 */
struct vxdp_rx_hash {
	u32 hash;
	u16 type;
};

/**
 * struct vxdp_rx_desc - one rx ring slot
 * @page: page_pool page of the slot (NULL when the slot is empty)
 * @xsk: in zero-copy mode (rq->xsk_pool), the AF_XDP buffer of the slot
 * @buf: where the buffer starts (page_address(@page), or @xsk's
 *	 data_hard_start); the wire writes at @buf + VXDP_RX_HEADROOM
 * @len: bytes of frame data in the buffer, from @off
 * @flags: VXDP_DESC_*
 * @off: where the data starts in the buffer (VXDP_RX_HEADROOM, plus
 *	 VLAN_HLEN after the receive engine stripped a tag)
 *
 * The first descriptor of a frame also carries the receive offloads
 * (rx_meta.c):
 * @hash_type: VXDP_RSS_* of @hash, 0 if the frame was not hashed
 * @vlan_proto: the stripped VLAN tag's protocol, 0 if none was stripped
 * @vlan_tci: the stripped tag's TCI
 * @hash: the RSS hash
 * @tstamp: rx hardware timestamp (CLOCK_REALTIME ns), 0 if none
 */
struct vxdp_rx_desc {
	union {
		struct page *page;
		struct xdp_buff *xsk;
	};
	void *buf;
	u32 len;
	u16 flags;
	u16 off;
	u16 hash_type;
	__be16 vlan_proto;
	u16 vlan_tci;
	u32 hash;
	u64 tstamp;
};

/**
 * struct vxdp_xdp_buff - the xdp_buff of a native program run
 * @xdp: what the program sees as its context
 * @desc: the frame's first descriptor, for the rx metadata kfuncs
 */
struct vxdp_xdp_buff {
	struct xdp_buff xdp;
	const struct vxdp_rx_desc *desc;
};

/* Counters written by the queue's NAPI poll. */
enum vxdp_rq_stat {
	VXDP_RQ_PACKETS,
	VXDP_RQ_BYTES,
	VXDP_RQ_XDP_PACKETS,
	VXDP_RQ_XDP_BYTES,
	VXDP_RQ_XDP_PASS,
	VXDP_RQ_XDP_DROP,
	VXDP_RQ_XDP_TX,
	VXDP_RQ_XDP_TX_ERRORS,
	VXDP_RQ_XDP_REDIRECT,
	VXDP_RQ_XDP_REDIRECT_ERRORS,
	VXDP_RQ_XDP_ABORTED,
	VXDP_RQ_XDP_PAGE_REUSE,	/* pages of consumed frames posted again */
	VXDP_RQ_ALLOC_FAIL,	/* rx buffer allocations that failed */
	VXDP_RQ_SKB_ALLOC_FAIL,	/* frames dropped: no skb */
	VXDP_RQ_XSK_TX_PACKETS,	/* AF_XDP zero-copy tx: frames put on the wire */
	VXDP_RQ_XSK_TX_BYTES,
	VXDP_RQ_NR_STATS
};

/* Counters written by the wire (under rq->lock). */
enum vxdp_wire_stat {
	/* no posted buffer (ring full, queue down), or left in the ring
	 * when the queue closed
	 */
	VXDP_WIRE_DROPS,
	VXDP_WIRE_OVERSIZE,	/* frame larger than the receiver's MTU */
	VXDP_WIRE_NR_STATS
};

/* Counters of a driver-level XDP tx ring (under xdp_ring.lock). */
enum vxdp_xdpq_stat {
	VXDP_XDPQ_PACKETS,	/* frames put on the wire */
	VXDP_XDPQ_BYTES,
	VXDP_XDPQ_DROPS,	/* peer gone at flush time */
	VXDP_XDPQ_XMIT,		/* frames taken by ndo_xdp_xmit */
	VXDP_XDPQ_XMIT_ERRORS,	/* frames refused by ndo_xdp_xmit */
	VXDP_XDPQ_NR_STATS
};

/* Counters of a queue's offload engine, written by the queue's NAPI poll. */
enum vxdp_off_stat {
	VXDP_OFF_PACKETS,	/* frames the offloaded program ran on */
	VXDP_OFF_PASS,
	VXDP_OFF_DROP,
	VXDP_OFF_TX,
	VXDP_OFF_TX_ERRORS,
	VXDP_OFF_ABORTED,	/* incl. faults and the instruction budget */
	VXDP_OFF_INSNS,		/* instructions the engine executed */
	VXDP_OFF_NR_STATS
};

/* Counters of a stack tx queue (under its netdev_queue lock). */
enum vxdp_txq_stat {
	VXDP_TXQ_PACKETS,
	VXDP_TXQ_BYTES,
	VXDP_TXQ_DROPS,		/* no peer, or frame unusable */
	VXDP_TXQ_NR_STATS
};

#define VXDP_DECLARE_STATS(name, n)					\
	struct {							\
		struct u64_stats_sync syncp;				\
		u64_stats_t v[n];					\
	} name

/**
 * struct vxdp_xdp_ring - a queue pair's driver-level XDP tx ring
 * @lock: serialises XDP_TX from the queue's NAPI and ndo_xdp_xmit callers
 * @enabled: frames may be queued (device up)
 * @size: capacity
 * @count: frames queued, waiting for the doorbell (vxdp_xdp_ring_flush())
 * @frames: the ring
 * @stats: enum vxdp_xdpq_stat counters
 */
struct vxdp_xdp_ring {
	spinlock_t lock;	/* see @lock above */
	bool enabled;
	u32 size;
	u32 count;
	struct xdp_frame **frames;
	VXDP_DECLARE_STATS(stats, VXDP_XDPQ_NR_STATS);
};

/**
 * struct vxdp_rx_source - the built-in rx source of a queue (rx_source.c)
 * @task: the engine (kthread) of the current or last run; RTNL
 * @wq: the engine waits here for room and for NAPI to drain the ring; the
 *	queue's NAPI wakes it after each poll while @active
 * @active: a run is on (release/acquire with the fields below); the
 *	engine clears it when the run ends
 * @stop: asked to stop early
 * @cpu: the engine's CPU
 * @remaining: frames still to generate
 * @generated: frames generated by the current or last run
 * @deadline: jiffies at which the run stops whatever @remaining says
 * @start_ns: ktime of the run's start
 * @end_ns: ktime when the run ended
 * @busy_ns: time the engine spent writing batches (its waits left out)
 * @napi_polls: polls of the queue's NAPI during the run (written by NAPI)
 * @napi_ns: time those polls took (written by NAPI)
 * @len: template frame length
 * @bufs: rx buffers a template frame takes (more than one: multi-buffer)
 * @frame: the template frame
 */
struct vxdp_rx_source {
	struct task_struct *task;
	wait_queue_head_t wq;
	bool active;
	bool stop;
	int cpu;
	u64 remaining;
	u64 generated;
	unsigned long deadline;
	u64 start_ns;
	u64 end_ns;
	u64 busy_ns;
	u64 napi_polls;
	u64 napi_ns;
	u32 len;
	u32 bufs;
	u8 *frame;
};

/**
 * struct vxdp_rq - one queue pair: rx ring, its NAPI, its XDP tx ring
 */
struct vxdp_rq {
	/* NAPI (consumer) side */
	struct napi_struct napi;
	struct net_device *dev;
	struct page_pool *page_pool;
	/* AF_XDP zero-copy: buffers come from this pool (RTNL, queue closed) */
	struct xsk_buff_pool *xsk_pool;
	struct xdp_rxq_info xdp_rxq;
	struct vxdp_rx_desc *desc;
	u32 size;
	u32 wake_room;		/* free slots that wake a stopped sender */
	u32 buf_len;		/* frame bytes one buffer holds */
	bool xsk_tx_wait;	/* zero-copy tx waits for the peer's ring */
	u32 next_to_clean;
	u32 next_to_alloc;	/* written by NAPI, read by the wire */
	VXDP_DECLARE_STATS(stats, VXDP_RQ_NR_STATS);
	VXDP_DECLARE_STATS(off_stats, VXDP_OFF_NR_STATS);
	/* XDP_TX frames of the current poll, put on xdp_ring under one lock */
	u32 xdp_tx_bulk_n;
	struct xdp_frame *xdp_tx_bulk[VXDP_XDP_TX_BULK];
	struct vxdp_xdp_ring xdp_ring;
	struct vxdp_rx_source source;

	/* wire (producer) side */
	spinlock_t lock ____cacheline_aligned_in_smp;
	bool enabled;
	u32 next_to_use;	/* published by the wire, read by NAPI */
	u32 wire_next;		/* the wire's burst so far, under lock */
	VXDP_DECLARE_STATS(wire_stats, VXDP_WIRE_NR_STATS);
	/* the queue's interrupt (vxdp_wire_irq()), affine to irq_cpu */
	int irq_cpu;
	struct work_struct irq;
} ____cacheline_aligned_in_smp;

struct vxdp_txq {
	VXDP_DECLARE_STATS(stats, VXDP_TXQ_NR_STATS);
} ____cacheline_aligned_in_smp;

/**
 * struct vxdp_priv - per-device state
 * @peer: the other end of the wire (RCU; NULL while the pair is torn down)
 * @xdp_prog: native XDP program (RCU, replaced under RTNL)
 * @rq: num_rx_queues queue pairs
 * @txq: num_tx_queues stack tx queue counters
 * @ring_size: rx ring slots per queue (ethtool -G)
 * @rx_tstamp: rx hardware timestamps on (SIOCSHWTSTAMP), read by the wire
 * @rss: RSS key and indirection table (rx_steer.c; RCU, replaced under RTNL)
 * @ntuple: ntuple rules (rx_steer.c; RCU, replaced under RTNL; NULL: none)
 * @ntuple_drops: frames dropped by an ntuple rule (action -1)
 * @eng_prog: the offloaded program as the engine runs it (RCU, replaced
 *	      under RTNL), NULL if none
 * @offload: offload state (offload.c)
 */
struct vxdp_priv {
	struct net_device __rcu *peer;
	struct bpf_prog __rcu *xdp_prog;
	struct vxdp_eng_prog __rcu *eng_prog;
	struct vxdp_offload *offload;
	struct vxdp_rq *rq;
	struct vxdp_txq *txq;
	u32 ring_size;
	bool rx_tstamp;
	struct vxdp_rss __rcu *rss;
	struct vxdp_ntuple __rcu *ntuple;
	atomic64_t ntuple_drops;
};

static inline void vxdp_stat_add(struct u64_stats_sync *syncp, u64_stats_t *v,
				 u64 n)
{
	u64_stats_update_begin(syncp);
	u64_stats_add(v, n);
	u64_stats_update_end(syncp);
}

#define vxdp_stats_inc(s, idx)	vxdp_stat_add(&(s)->syncp, &(s)->v[idx], 1)
#define vxdp_stats_add(s, idx, n) vxdp_stat_add(&(s)->syncp, &(s)->v[idx], n)

/* Copy @n (<= ARRAY_SIZE((s)->v)) counters of @s into @out consistently. */
#define vxdp_stats_read(s, out)						\
	vxdp_stats_fetch(&(s)->syncp, (s)->v, out, ARRAY_SIZE((s)->v))

static inline void vxdp_stats_fetch(const struct u64_stats_sync *syncp,
				    const u64_stats_t *v, u64 *out,
				    unsigned int n)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(syncp);
		for (i = 0; i < n; i++)
			out[i] = u64_stats_read(&v[i]);
	} while (u64_stats_fetch_retry(syncp, start));
}

/* The other end of the wire: RCU, RCU-bh (NAPI, xmit) or RTNL. */
static inline struct net_device *vxdp_peer(const struct net_device *dev)
{
	const struct vxdp_priv *priv = netdev_priv(dev);

	return rcu_dereference_check(priv->peer, rcu_read_lock_bh_held() ||
				     lockdep_rtnl_is_held());
}

/* The queue pair's index in its device. */
static inline u32 vxdp_rq_qid(const struct vxdp_rq *rq)
{
	const struct vxdp_priv *priv = netdev_priv(rq->dev);

	return rq - priv->rq;
}

/* netdev.c */
extern const struct net_device_ops vxdp_netdev_ops;
int vxdp_reconfigure(struct net_device *dev, unsigned int rxq,
		     unsigned int txq, u32 ring_size,
		     struct netlink_ext_ack *extack);

/* rx.c */
int vxdp_rq_alloc(struct net_device *dev);
void vxdp_rq_free(struct net_device *dev);
int vxdp_rq_open(struct vxdp_rq *rq);
void vxdp_rq_close(struct vxdp_rq *rq);

/* xsk.c */
bool vxdp_xsk_refill(struct vxdp_rq *rq);
void vxdp_xsk_ring_init(struct vxdp_rq *rq);
void vxdp_xsk_put_bufs(struct vxdp_rq *rq);
int vxdp_xsk_clean_rx(struct vxdp_rq *rq, struct bpf_prog *prog,
		      const struct vxdp_eng_prog *eprog, int budget,
		      u64 *stats, u64 *off, unsigned int *xdp_res);
bool vxdp_xsk_xmit(struct vxdp_rq *rq, int budget, u64 *stats);
int vxdp_xsk_wakeup(struct net_device *dev, u32 qid, u32 flags);
int vxdp_xsk_dma_map(struct xsk_buff_pool *pool);
void vxdp_xsk_dma_unmap(struct xsk_buff_pool *pool);

/* xdp.c: what vxdp_run_xdp() or vxdp_run_offload() did with a buffer */
#define VXDP_XDP_PASS		0
#define VXDP_XDP_CONSUMED	BIT(0)	/* dropped: the caller reposts it */
#define VXDP_XDP_TX		BIT(1)	/* XDP tx ring needs its doorbell */
#define VXDP_XDP_REDIR		BIT(2)	/* xdp_do_flush() needed */

u32 vxdp_run_xdp(struct vxdp_rq *rq, struct bpf_prog *prog,
		 struct xdp_buff *xdp, u64 *stats);
u32 vxdp_run_offload(struct vxdp_rq *rq, const struct vxdp_eng_prog *ep,
		     struct xdp_buff *xdp, unsigned int nbufs, u64 *stats,
		     u64 *off);
void vxdp_xdp_ring_flush(struct vxdp_rq *rq);
int vxdp_xdp_ring_open(struct vxdp_xdp_ring *ring, u32 size);
void vxdp_xdp_ring_close(struct vxdp_xdp_ring *ring);
int vxdp_xdp_xmit(struct net_device *dev, int n, struct xdp_frame **frames,
		  u32 flags);
int vxdp_bpf(struct net_device *dev, struct netdev_bpf *bpf);

/* offload.c */
int vxdp_offload_init(struct net_device *dev);
void vxdp_offload_uninit(struct net_device *dev);
int vxdp_offload_bpf(struct net_device *dev, struct netdev_bpf *bpf);
void vxdp_offload_module_init(void);
void vxdp_offload_module_exit(void);

/* offload_engine.c */
struct vxdp_eng_prog;
struct vxdp_eng_map;

#define VXDP_ENG_MAX_MAPS	8	/* maps one offloaded program may use */

/*
 * Per-instruction facts the verifier callbacks record for the engine:
 * the helper a call names, whether a 64-bit immediate is a map.
 */
struct vxdp_eng_insn_aux {
	s32 helper;		/* BPF_FUNC_* of a helper call, else 0 */
	bool map;		/* ld_imm64 of a map */
};

struct vxdp_eng_prog *vxdp_eng_prog_alloc(struct bpf_prog *prog);
void vxdp_eng_prog_free(struct vxdp_eng_prog *ep);
struct vxdp_eng_insn_aux *vxdp_eng_prog_aux(struct vxdp_eng_prog *ep,
					    u32 *len);
void vxdp_eng_prog_remove_insns(struct vxdp_eng_prog *ep, u32 off, u32 cnt);
int vxdp_eng_prog_load(struct vxdp_eng_prog *ep, struct bpf_prog *prog);
bool vxdp_eng_prog_loaded(const struct vxdp_eng_prog *ep);
struct bpf_prog *vxdp_eng_prog_bpf(const struct vxdp_eng_prog *ep);
bool vxdp_eng_helper_ok(s32 helper);
u32 vxdp_eng_run(const struct vxdp_eng_prog *ep, struct xdp_buff *xdp,
		 u32 ifindex, u32 qid, u64 *insns);

struct vxdp_eng_map *vxdp_eng_map_alloc(const struct bpf_map *host);
void vxdp_eng_map_free(struct vxdp_eng_map *m);
int vxdp_eng_map_lookup(struct vxdp_eng_map *m, const void *key, void *value);
int vxdp_eng_map_update(struct vxdp_eng_map *m, const void *key,
			const void *value, u64 flags);
int vxdp_eng_map_delete(struct vxdp_eng_map *m, const void *key);
int vxdp_eng_map_next_key(struct vxdp_eng_map *m, const void *key,
			  void *next_key);

/* wire.c */
struct vxdp_rq *vxdp_wire_steer_skb(struct net_device *peer,
				    const struct sk_buff *skb,
				    struct vxdp_rx_hash *h);
struct vxdp_rq *vxdp_wire_steer_frame(struct net_device *peer,
				      const struct xdp_frame *xdpf,
				      struct vxdp_rx_hash *h);
struct vxdp_rq *vxdp_wire_steer_data(struct net_device *peer,
				     const void *data, unsigned int len,
				     struct vxdp_rx_hash *h);
void vxdp_wire_lock(struct vxdp_rq *rq) __acquires(&rq->lock);
bool vxdp_wire_put_skb(struct vxdp_rq *rq, const struct sk_buff *skb,
		       const struct vxdp_rx_hash *h);
bool vxdp_wire_put_frame(struct vxdp_rq *rq, struct xdp_frame *xdpf,
			 const struct vxdp_rx_hash *h);
bool vxdp_wire_put_data(struct vxdp_rq *rq, const void *data,
			unsigned int len, const struct vxdp_rx_hash *h);
u32 vxdp_wire_room(const struct vxdp_rq *rq);
void vxdp_wire_unlock_kick(struct vxdp_rq *rq, bool kick)
	__releases(&rq->lock);
void vxdp_wire_irq_init(struct vxdp_rq *rq);
void vxdp_wire_irq(struct vxdp_rq *rq);
void vxdp_wire_irq_sync(struct vxdp_rq *rq);
struct device *vxdp_wire_dma_dev(void);
int vxdp_wire_init(void);
void vxdp_wire_exit(void);

/* rx_steer.c */
int vxdp_rx_steer(struct net_device *dev, const void *hdr, unsigned int len,
		  struct vxdp_rx_hash *h);
void vxdp_rx_steer_hash(struct net_device *dev, const void *hdr,
			unsigned int len, struct vxdp_rx_hash *h);
int vxdp_rx_steer_init(struct net_device *dev);
void vxdp_rx_steer_free(struct net_device *dev);
void vxdp_rss_get(struct net_device *dev, u32 *indir, u8 *key);
int vxdp_rss_set(struct net_device *dev, const u32 *indir, const u8 *key);
unsigned int vxdp_ntuple_count(struct net_device *dev);
int vxdp_ntuple_locs(struct net_device *dev, u32 *locs, unsigned int n);
int vxdp_ntuple_get(struct net_device *dev, struct ethtool_rx_flow_spec *fs);
int vxdp_ntuple_max_queue(struct net_device *dev, u32 *loc);
int vxdp_ntuple_insert(struct net_device *dev, struct ethtool_rx_flow_spec *fs);
int vxdp_ntuple_delete(struct net_device *dev, u32 loc);

/* rx_meta.c */
void vxdp_rx_meta(struct vxdp_rq *rq, struct vxdp_rx_desc *desc,
		  const struct vxdp_rx_hash *h);
void vxdp_rx_meta_skb(const struct vxdp_rx_desc *desc, struct sk_buff *skb);

/* rx_source.c */
void vxdp_rx_source_stop(struct vxdp_rq *rq);
void vxdp_rx_source_init(void);
void vxdp_rx_source_exit(void);

/* ethtool.c */
extern const struct ethtool_ops vxdp_ethtool_ops;

/**
 * struct vxdp_fault - a fault injection point (fault.c)
 * @interval: fail every @interval-th call, 0: off
 * @probability: fail @probability % of calls, 0: off
 * @times: fail at most this many times from when it was set, 0: no limit
 * @calls: calls counted for @interval
 * @times_left: failures left of @times
 * @injected: failures injected
 */
struct vxdp_fault {
	u32 interval;
	u32 probability;
	u32 times;
	atomic_t calls;
	atomic_t times_left;
	atomic64_t injected;
};

/* fault.c */
extern struct vxdp_fault vxdp_fault_rx_buf_alloc;
extern struct vxdp_fault vxdp_fault_skb_alloc;
extern struct vxdp_fault vxdp_fault_xdp_xmit;
extern struct vxdp_fault vxdp_fault_ring_alloc;
extern u32 vxdp_fault_napi_delay_us;
bool __vxdp_fault_hit(struct vxdp_fault *f);
void vxdp_fault_napi_delay(void);
u32 vxdp_fault_rx_ring_size(u32 size);
void vxdp_fault_init(void);
void vxdp_fault_exit(void);

/* Whether this call of fault point @f must fail (almost never set). */
static inline bool vxdp_fault_hit(struct vxdp_fault *f)
{
	if (likely(!READ_ONCE(f->interval) && !READ_ONCE(f->probability)))
		return false;
	return __vxdp_fault_hit(f);
}

#endif /* _VXDP_H */
