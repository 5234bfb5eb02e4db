// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: the built-in rx source. A queue's NAPI poll fills its own rx ring
 * from a template frame as fast as it consumes it, with no sender and no
 * skb, so that XDP is measured the way it runs on a NIC.
 *
 * Root only, through debugfs (DEV is looked up in the writer's netns):
 *
 *   echo "DEV QUEUE COUNT [LEN]" > /sys/kernel/debug/vxdp/rx_source
 *   echo "DEV QUEUE stop"        > /sys/kernel/debug/vxdp/rx_source
 *   cat /sys/kernel/debug/vxdp/rx_source
 *	DEV QUEUE active|done generated N elapsed_ns T
 *
 * The template is an IPv4/UDP frame of LEN bytes (default 60, without FCS)
 * from 198.18.0.1:9 to 198.18.0.2:9, addressed to DEV. A run stops by
 * itself after COUNT frames (at most VXDP_SRC_MAX_COUNT), after
 * VXDP_SRC_MAX_SECONDS, on "stop", or when DEV goes down.
 */
#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/seq_file.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/rtnetlink.h>

#include "vxdp.h"

#define VXDP_SRC_MAX_COUNT	1000000000ULL
#define VXDP_SRC_MAX_SECONDS	60

static struct dentry *vxdp_debugfs;

void vxdp_copy_linear(const void *src, unsigned int off, void *to,
		      unsigned int len)
{
	memcpy(to, src + off, len);
}

static void vxdp_src_end(struct vxdp_rx_source *src)
{
	src->end_ns = ktime_get_ns();
	/* pairs with the acquire in vxdp_src_start() and the reader */
	smp_store_release(&src->active, false);
}

/**
 * vxdp_rx_source_fill - generate up to @budget frames into the queue's ring
 * @rq: the queue, from its NAPI poll while its source is active
 * @budget: the poll's budget
 *
 * The poll keeps itself scheduled while the source is active; the poll
 * after the last frame ends the run, so the elapsed time covers them all.
 */
void vxdp_rx_source_fill(struct vxdp_rq *rq, int budget)
{
	struct vxdp_rx_source *src = &rq->source;
	u64 n, i;

	if (!src->remaining || READ_ONCE(src->stop) ||
	    time_after(jiffies, src->deadline)) {
		vxdp_src_end(src);
		return;
	}
	if (!src->start_ns)
		src->start_ns = ktime_get_ns();

	vxdp_wire_lock(rq);
	n = min3((u64)budget, src->remaining, (u64)vxdp_wire_room(rq));
	for (i = 0; i < n; i++)
		vxdp_wire_put(rq, vxdp_copy_linear, src->frame, src->len);
	vxdp_wire_unlock_kick(rq, false);

	src->remaining -= n;
	src->generated += n;
}

/* The queue is going down (NAPI disabled): end a run in progress. */
void vxdp_rx_source_close(struct vxdp_rq *rq)
{
	if (rq->source.active)
		vxdp_src_end(&rq->source);
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

static int vxdp_src_start(struct net_device *dev, struct vxdp_rq *rq,
			  u64 count, u32 len)
{
	struct vxdp_rx_source *src = &rq->source;
	u32 min_len = ETH_HLEN + sizeof(struct iphdr) + sizeof(struct udphdr);

	if (!count || count > VXDP_SRC_MAX_COUNT)
		return -ERANGE;
	if (len < max_t(u32, ETH_ZLEN, min_len) ||
	    len > min_t(u32, VXDP_RX_BUF_LEN, VXDP_MAX_FRAME(dev->mtu)))
		return -ERANGE;
	/* pairs with vxdp_src_end(): NAPI is done with the template */
	if (smp_load_acquire(&src->active))
		return -EBUSY;

	if (!src->frame) {
		src->frame = kmalloc(VXDP_RX_BUF_LEN, GFP_KERNEL);
		if (!src->frame)
			return -ENOMEM;
	}
	vxdp_src_build(src->frame, len, dev->dev_addr);
	src->len = len;
	src->remaining = count;
	src->generated = 0;
	src->start_ns = 0;
	src->end_ns = 0;
	src->stop = false;
	src->deadline = jiffies + VXDP_SRC_MAX_SECONDS * HZ;
	/* pairs with the acquire in vxdp_poll(): publish the fields above */
	smp_store_release(&src->active, true);

	local_bh_disable();
	napi_schedule(&rq->napi);
	local_bh_enable();
	return 0;
}

static ssize_t vxdp_src_write(struct file *file, const char __user *ubuf,
			      size_t size, loff_t *ppos)
{
	char buf[64], name[IFNAMSIZ], arg[24];
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

	n = sscanf(buf, "%15s %u %23s %u", name, &qid, arg, &len);
	if (n < 3)
		return -EINVAL;

	rtnl_lock();
	dev = __dev_get_by_name(current->nsproxy->net_ns, name);
	err = -ENODEV;
	if (!dev || dev->rtnl_link_ops != &vxdp_link_ops)
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

		if (dev->rtnl_link_ops != &vxdp_link_ops)
			continue;
		for (i = 0; i < dev->real_num_rx_queues; i++) {
			struct vxdp_rx_source *src = &priv->rq[i].source;
			/* pairs with vxdp_src_end(): see end_ns */
			bool active = smp_load_acquire(&src->active);
			u64 end = active ? ktime_get_ns() : src->end_ns;

			if (!active && !src->generated)
				continue;
			seq_printf(m, "%s %u %s generated %llu elapsed_ns %llu\n",
				   dev->name, i, active ? "active" : "done",
				   src->generated,
				   src->start_ns ? end - src->start_ns : 0);
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
