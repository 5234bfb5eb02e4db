// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: the built-in rx source, a NIC's receive DMA engine with a template
 * frame for traffic. It runs beside NAPI, as the engine runs beside the
 * host CPUs: a kthread per run, on a CPU other than the queue's interrupt
 * CPU when there is one, fills posted buffers in batches through the wire
 * (one next_to_use publish and one interrupt per batch) and waits for the
 * queue's NAPI to post more when the ring is full. No sender, no skb: XDP
 * is measured the way it runs on a NIC, and the NAPI CPU pays only for the
 * driver and the program. It is the DMA engine of one rx queue, after the
 * receive engine's steering: its frames go into that queue whatever the
 * ntuple rules and the RSS table say, with the template's RSS hash in
 * their descriptors.
 *
 * Root only, through debugfs (DEV is looked up in the writer's netns):
 *
 *   echo "DEV QUEUE COUNT [LEN]" > /sys/kernel/debug/vxdp/rx_source
 *   echo "DEV QUEUE stop"        > /sys/kernel/debug/vxdp/rx_source
 *   cat /sys/kernel/debug/vxdp/rx_source
 *	DEV QUEUE active|done generated N elapsed_ns T cpu C source_ns S
 *	irq_cpu I napi_polls P napi_ns X
 *
 * (one line per queue that ran a source). The template is an IPv4/UDP
 * frame of LEN bytes (default 60, without FCS; at most the MTU's frame, and
 * one longer than an rx buffer goes across several: multi-buffer) from
 * 198.18.0.1:9 to 198.18.0.2:9, addressed to DEV. A frame the ring refuses
 * (longer than an AF_XDP zero-copy chunk) is not counted as generated. A
 * run stops by itself after COUNT frames (at most VXDP_SRC_MAX_COUNT) once
 * NAPI has taken the last one, after VXDP_SRC_MAX_SECONDS, on "stop", or
 * when DEV goes down. T is the run's wall time; the engine ran on CPU C and
 * spent S ns writing frames (not counting its waits for room); the queue's
 * interrupt went to CPU I, where NAPI spent X ns in P polls during the run.
 */
#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/stat.h>
#include <linux/seq_file.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/rtnetlink.h>

#include "vxdp.h"

#define VXDP_SRC_MAX_COUNT	1000000000ULL
#define VXDP_SRC_MAX_SECONDS	60
/* frames per doorbell: a NAPI poll's worth */
#define VXDP_SRC_BATCH		NAPI_POLL_WEIGHT
/* how long the engine polls for room before it sleeps until NAPI's poll */
#define VXDP_SRC_SPIN_NS	(50 * NSEC_PER_USEC)
/* longest sleep before the engine looks again anyway */
#define VXDP_SRC_WAIT		(HZ / 10)

static struct dentry *vxdp_debugfs;

static void vxdp_src_end(struct vxdp_rx_source *src)
{
	src->end_ns = ktime_get_ns();
	/* pairs with the acquire in vxdp_src_start() and the reader */
	smp_store_release(&src->active, false);
}

static bool vxdp_src_should_end(const struct vxdp_rx_source *src)
{
	return READ_ONCE(src->stop) || kthread_should_stop() ||
	       time_after(jiffies, src->deadline);
}

/* NAPI has taken every frame the engine wrote. */
static bool vxdp_src_drained(const struct vxdp_rq *rq)
{
	return READ_ONCE(rq->next_to_clean) == READ_ONCE(rq->wire_next);
}

/* Room for @n frames, or time to end the run. */
static bool vxdp_src_room(const struct vxdp_rq *rq, u32 n)
{
	return vxdp_wire_room(rq) >= n || vxdp_src_should_end(&rq->source);
}

/*
 * Wait for room for @n frames: poll the ring a little, as a DMA engine
 * polls its descriptors, then sleep until a NAPI poll of the run wakes us.
 * Poll only while nothing else wants this CPU (as KVM's halt polling): it
 * may be another queue's interrupt CPU, whose NAPI must not wait for us.
 */
static void vxdp_src_wait_room(struct vxdp_rq *rq, u32 n)
{
	u64 until = ktime_get_ns() + VXDP_SRC_SPIN_NS;

	while (!vxdp_src_room(rq, n)) {
		if (ktime_get_ns() > until || need_resched() ||
		    !single_task_running() || local_softirq_pending()) {
			wait_event_interruptible_timeout(rq->source.wq,
							 vxdp_src_room(rq, n),
							 VXDP_SRC_WAIT);
			return;
		}
		cpu_relax();
	}
}

/* One batch: @n frames (room checked) published at once, one interrupt. */
static void vxdp_src_batch(struct vxdp_rq *rq, u32 n)
{
	struct vxdp_rx_source *src = &rq->source;
	u64 t0 = ktime_get_ns();
	struct vxdp_rx_hash hash;
	u32 i, put = 0;

	/* BHs off: NAPI and the peer's senders take the wire lock in softirq */
	local_bh_disable();
	/* the template's hash, with the device's current RSS key */
	vxdp_rx_steer_hash(rq->dev, src->frame, src->len, &hash);
	vxdp_wire_lock(rq);
	/* a frame larger than the whole ring is put, dropped and counted */
	n = min(n, src->bufs > rq->size ? 1 : vxdp_wire_room(rq) / src->bufs);
	for (i = 0; i < n; i++)
		put += vxdp_wire_put_data(rq, src->frame, src->len, &hash);
	vxdp_wire_unlock_kick(rq, false);
	vxdp_wire_irq(rq);
	local_bh_enable();

	/* a frame the ring refused (oversize for a zero-copy ring) is spent */
	src->remaining -= n;
	WRITE_ONCE(src->generated, src->generated + put);
	WRITE_ONCE(src->busy_ns, src->busy_ns + ktime_get_ns() - t0);
}

/*
 * The engine of one run. It waits for room on src->wq, which the queue's
 * NAPI wakes after each poll of the run, and ends the run once NAPI has
 * taken the last frame; then it waits for kthread_stop().
 */
static int vxdp_src_thread(void *arg)
{
	struct vxdp_rq *rq = arg;
	struct vxdp_rx_source *src = &rq->source;
	u32 batch;

	/* a multi-buffer frame takes src->bufs of the ring's buffers */
	src->bufs = DIV_ROUND_UP(src->len, rq->buf_len);
	batch = clamp_t(u32, rq->size / 2 / src->bufs, 1, VXDP_SRC_BATCH);
	WRITE_ONCE(src->start_ns, ktime_get_ns());
	while (src->remaining && !vxdp_src_should_end(src)) {
		u32 n = min_t(u64, src->remaining, batch);
		u32 need = min(n * src->bufs, rq->size);

		if (vxdp_wire_room(rq) < need) {
			vxdp_src_wait_room(rq, need);
			continue;
		}
		vxdp_src_batch(rq, n);
		cond_resched();
	}
	while (!vxdp_src_drained(rq) && !vxdp_src_should_end(src))
		wait_event_interruptible_timeout(src->wq, vxdp_src_drained(rq) ||
						 vxdp_src_should_end(src),
						 VXDP_SRC_WAIT);

	vxdp_src_end(src);

	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Reap the engine of the last run; RTNL held. */
static void vxdp_src_reap(struct vxdp_rx_source *src)
{
	if (!src->task)
		return;
	kthread_stop(src->task);
	src->task = NULL;
	/* a run whose engine never started is over too */
	if (src->active)
		vxdp_src_end(src);
}

/**
 * vxdp_rx_source_stop - end a run on a queue going down
 * @rq: the queue, under RTNL, its wire still open
 */
void vxdp_rx_source_stop(struct vxdp_rq *rq)
{
	vxdp_src_reap(&rq->source);
}

static void vxdp_src_build(u8 *frame, u32 len, const u8 *dst)
{
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct iphdr *iph = (struct iphdr *)(eth + 1);
	struct udphdr *udph = (struct udphdr *)(iph + 1);
	static const u8 src_mac[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

	memset(frame, 0, len);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, src_mac);
	eth->h_proto = htons(ETH_P_IP);

	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->tot_len = htons(len - ETH_HLEN);
	iph->saddr = htonl(0xc6120001);	/* 198.18.0.1, RFC 2544 */
	iph->daddr = htonl(0xc6120002);
	iph->check = ip_fast_csum(iph, iph->ihl);

	udph->source = htons(9);
	udph->dest = htons(9);
	udph->len = htons(len - ETH_HLEN - sizeof(*iph));
}

/* The CPU of a queue's engine: the next online one after its interrupt's. */
static int vxdp_src_engine_cpu(int irq_cpu)
{
	int cpu;

	for_each_online_cpu(cpu)
		if (cpu > irq_cpu)
			return cpu;
	for_each_online_cpu(cpu)
		if (cpu != irq_cpu)
			return cpu;
	return irq_cpu;
}

static int vxdp_src_start(struct net_device *dev, struct vxdp_rq *rq,
			  u64 count, u32 len)
{
	struct vxdp_rx_source *src = &rq->source;
	u32 min_len = ETH_HLEN + sizeof(struct iphdr) + sizeof(struct udphdr);
	struct vxdp_priv *priv = netdev_priv(dev);
	unsigned int qid = rq - priv->rq;
	struct task_struct *task;
	int irq_cpu, cpu;

	if (!count || count > VXDP_SRC_MAX_COUNT)
		return -ERANGE;
	if (len < max_t(u32, ETH_ZLEN, min_len) ||
	    len > VXDP_MAX_FRAME(dev->mtu))
		return -ERANGE;
	/* pairs with vxdp_src_end(): the engine is done with the template */
	if (smp_load_acquire(&src->active))
		return -EBUSY;
	vxdp_src_reap(src);

	if (!src->frame) {
		src->frame = kmalloc(VXDP_MAX_FRAME(VXDP_MAX_MTU), GFP_KERNEL);
		if (!src->frame)
			return -ENOMEM;
	}
	/* queue i's interrupt goes to the i-th online CPU, as i40e spreads them */
	irq_cpu = cpumask_local_spread(qid, NUMA_NO_NODE);
	cpu = vxdp_src_engine_cpu(irq_cpu);
	task = kthread_create(vxdp_src_thread, rq, "vxdp-src/%u", qid);
	if (IS_ERR(task))
		return PTR_ERR(task);
	set_cpus_allowed_ptr(task, cpumask_of(cpu));

	vxdp_src_build(src->frame, len, dev->dev_addr);
	src->len = len;
	src->remaining = count;
	src->generated = 0;
	src->start_ns = 0;
	src->end_ns = 0;
	src->busy_ns = 0;
	src->napi_ns = 0;
	src->napi_polls = 0;
	src->cpu = cpu;
	src->stop = false;
	src->deadline = jiffies + VXDP_SRC_MAX_SECONDS * HZ;
	src->task = task;
	WRITE_ONCE(rq->irq_cpu, irq_cpu);
	/* pairs with the acquire in vxdp_poll(): publish the fields above */
	smp_store_release(&src->active, true);
	wake_up_process(task);
	return 0;
}

/* By kind: the rtnl_link_ops of main.c are above this file. */
static bool vxdp_src_dev_is_vxdp(const struct net_device *dev)
{
	return dev->rtnl_link_ops &&
	       !strcmp(dev->rtnl_link_ops->kind, VXDP_DRV_NAME);
}

static ssize_t vxdp_src_write(struct file *file, const char __user *ubuf,
			      size_t size, loff_t *ppos)
{
	char buf[64], name[64], qarg[64], arg[64], larg[64], extra;
	struct net_device *dev;
	struct vxdp_priv *priv;
	u32 qid, len = ETH_ZLEN;
	u64 count;
	int n, err;

	if (size >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, size))
		return -EFAULT;
	buf[size] = '\0';

	/*
	 * Every word whole (no word of buf is longer than these) and
	 * checked: a name too long, a number out of range or followed by
	 * garbage, and words after the last one are refused, not cut or
	 * ignored.
	 */
	n = sscanf(buf, "%63s %63s %63s %63s %c", name, qarg, arg, larg,
		   &extra);
	if (n < 3 || n > 4 || strlen(name) >= IFNAMSIZ ||
	    kstrtou32(qarg, 0, &qid))
		return -EINVAL;
	if (n == 4 && (!strcmp(arg, "stop") || kstrtou32(larg, 0, &len)))
		return -EINVAL;

	rtnl_lock();
	dev = __dev_get_by_name(current->nsproxy->net_ns, name);
	err = -ENODEV;
	if (!dev || !vxdp_src_dev_is_vxdp(dev))
		goto out;
	err = -ENETDOWN;
	if (!netif_running(dev))
		goto out;
	err = -EINVAL;
	if (qid >= dev->real_num_rx_queues)
		goto out;
	priv = netdev_priv(dev);

	if (!strcmp(arg, "stop")) {
		WRITE_ONCE(priv->rq[qid].source.stop, true);
		err = 0;
	} else if (!kstrtou64(arg, 0, &count)) {
		err = vxdp_src_start(dev, &priv->rq[qid], count, len);
	}
out:
	rtnl_unlock();
	return err ?: size;
}

static int vxdp_src_show(struct seq_file *m, void *v)
{
	struct net_device *dev;
	unsigned int i;

	rtnl_lock();
	for_each_netdev(current->nsproxy->net_ns, dev) {
		struct vxdp_priv *priv = netdev_priv(dev);

		if (!vxdp_src_dev_is_vxdp(dev))
			continue;
		for (i = 0; i < dev->real_num_rx_queues; i++) {
			struct vxdp_rx_source *src = &priv->rq[i].source;
			/* pairs with vxdp_src_end(): see end_ns */
			bool active = smp_load_acquire(&src->active);
			u64 end = active ? ktime_get_ns() : src->end_ns;

			u64 start = READ_ONCE(src->start_ns);

			if (!active && !src->generated)
				continue;
			seq_printf(m, "%s %u %s generated %llu elapsed_ns %llu cpu %d source_ns %llu irq_cpu %d napi_polls %llu napi_ns %llu\n",
				   dev->name, i, active ? "active" : "done",
				   READ_ONCE(src->generated),
				   start ? end - start : 0, src->cpu,
				   READ_ONCE(src->busy_ns),
				   READ_ONCE(priv->rq[i].irq_cpu),
				   READ_ONCE(src->napi_polls),
				   READ_ONCE(src->napi_ns));
		}
	}
	rtnl_unlock();
	return 0;
}

static int vxdp_src_open(struct inode *inode, struct file *file)
{
	return single_open(file, vxdp_src_show, NULL);
}

static const struct file_operations vxdp_src_fops = {
	.owner		= THIS_MODULE,
	.open		= vxdp_src_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
	.write		= vxdp_src_write,
};

void vxdp_rx_source_init(void)
{
	vxdp_debugfs = debugfs_create_dir(VXDP_DRV_NAME, NULL);
	debugfs_create_file("rx_source", 0600, vxdp_debugfs, NULL,
			    &vxdp_src_fops);
}

void vxdp_rx_source_exit(void)
{
	debugfs_remove_recursive(vxdp_debugfs);
}
