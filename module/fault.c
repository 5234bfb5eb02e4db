// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: fault injection, in the spirit of netdevsim's debugfs knobs and of
 * the kernel's fault_attr (which Debian's kernels do not build).
 *
 * Root-only files in /sys/kernel/debug/vxdp_fault/, module-wide (every
 * vxdp device):
 *
 *   rx_buf_alloc/  an rx buffer allocation of a NAPI refill fails
 *   skb_alloc/     the skb of an XDP_PASS (or program-less) frame is not
 *                  built: the frame is dropped
 *   xdp_xmit/      ndo_xdp_xmit refuses a frame (and the rest of its bulk,
 *                  as a full ring does)
 *   ring_alloc/    opening an rx queue (up, ethtool -G/-L, an AF_XDP pool)
 *                  finds no memory for its ring
 *
 * each with "interval" (fail every Nth call from now on, 0: off),
 * "probability" (fail N % of calls, 0: off; interval wins when both are
 * set), "times" (fail at most this many times more, 0: no limit) and
 * "injected" (failures injected so far; write anything to reset it). What
 * the datapath loses is counted where real failures are: alloc_fail,
 * skb_alloc_fail and xdp_xmit_errors of the queue (ethtool -S); a ring
 * that cannot open fails its request.
 *
 *   ring_size      if not 0, rx rings opened from now on have this many
 *                  descriptors (1 to the configured size, a power of 2)
 *                  instead of the device's; down/up or ethtool -G applies it
 *   napi_delay_us  every NAPI poll first spins this long (at most 10000)
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/random.h>

#include "vxdp.h"

struct vxdp_fault vxdp_fault_rx_buf_alloc;
struct vxdp_fault vxdp_fault_skb_alloc;
struct vxdp_fault vxdp_fault_xdp_xmit;
struct vxdp_fault vxdp_fault_ring_alloc;
static u32 vxdp_fault_ring_size;
u32 vxdp_fault_napi_delay_us;

static struct dentry *vxdp_fault_debugfs;

/**
 * __vxdp_fault_hit - decide whether this call of a fault point fails
 * @f: the fault point, with interval or probability set
 *
 * Return: true if the caller must fail; counted in @f->injected.
 */
bool __vxdp_fault_hit(struct vxdp_fault *f)
{
	u32 interval = READ_ONCE(f->interval);
	u32 probability = READ_ONCE(f->probability);
	bool hit;

	if (interval)
		hit = (u32)atomic_inc_return(&f->calls) % interval == 0;
	else
		hit = get_random_u32() % 100 < probability;
	/* times: a budget of failures, spent from the knob's write on */
	if (hit && READ_ONCE(f->times) &&
	    atomic_dec_if_positive(&f->times_left) < 0)
		hit = false;
	if (hit)
		atomic64_inc(&f->injected);
	return hit;
}

/* The NAPI delay knob, at the start of every poll. */
void vxdp_fault_napi_delay(void)
{
	u32 us = min_t(u32, READ_ONCE(vxdp_fault_napi_delay_us), 10000);

	if (us >= 1000)
		mdelay(us / 1000);
	udelay(us % 1000);
}

/**
 * vxdp_fault_rx_ring_size - the size of an rx ring being opened
 * @size: the device's configured size
 *
 * Return: @size, or the ring_size knob's if it is set and smaller.
 */
u32 vxdp_fault_rx_ring_size(u32 size)
{
	u32 s = READ_ONCE(vxdp_fault_ring_size);

	return s && s < size ? s : size;
}

static int vxdp_fault_injected_get(void *data, u64 *val)
{
	*val = atomic64_read(data);
	return 0;
}

static int vxdp_fault_injected_set(void *data, u64 val)
{
	atomic64_set(data, 0);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(vxdp_fault_injected_fops, vxdp_fault_injected_get,
			 vxdp_fault_injected_set, "%llu\n");

static int vxdp_fault_probability_set(void *data, u64 val)
{
	if (val > 100)
		return -EINVAL;
	*(u32 *)data = val;
	return 0;
}

static int vxdp_fault_u32_get(void *data, u64 *val)
{
	*val = *(u32 *)data;
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(vxdp_fault_probability_fops, vxdp_fault_u32_get,
			 vxdp_fault_probability_set, "%llu\n");

/* A new interval counts calls from now on. */
static int vxdp_fault_interval_set(void *data, u64 val)
{
	struct vxdp_fault *f = data;

	if (val > U32_MAX)
		return -EINVAL;
	atomic_set(&f->calls, 0);
	WRITE_ONCE(f->interval, val);
	return 0;
}

static int vxdp_fault_interval_get(void *data, u64 *val)
{
	*val = READ_ONCE(((struct vxdp_fault *)data)->interval);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(vxdp_fault_interval_fops, vxdp_fault_interval_get,
			 vxdp_fault_interval_set, "%llu\n");

/* A new budget of failures. */
static int vxdp_fault_times_set(void *data, u64 val)
{
	struct vxdp_fault *f = data;

	if (val > INT_MAX)
		return -EINVAL;
	atomic_set(&f->times_left, val);
	WRITE_ONCE(f->times, val);
	return 0;
}

static int vxdp_fault_times_get(void *data, u64 *val)
{
	*val = READ_ONCE(((struct vxdp_fault *)data)->times);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(vxdp_fault_times_fops, vxdp_fault_times_get,
			 vxdp_fault_times_set, "%llu\n");

static int vxdp_fault_ring_size_set(void *data, u64 val)
{
	if (val > VXDP_MAX_RING_SIZE || (val && !is_power_of_2(val)))
		return -EINVAL;
	*(u32 *)data = val;
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(vxdp_fault_ring_size_fops, vxdp_fault_u32_get,
			 vxdp_fault_ring_size_set, "%llu\n");

static int vxdp_fault_delay_set(void *data, u64 val)
{
	if (val > 10000)
		return -EINVAL;
	*(u32 *)data = val;
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(vxdp_fault_delay_fops, vxdp_fault_u32_get,
			 vxdp_fault_delay_set, "%llu\n");

static void vxdp_fault_point(struct dentry *parent, const char *name,
			     struct vxdp_fault *f)
{
	struct dentry *dir = debugfs_create_dir(name, parent);

	debugfs_create_file_unsafe("interval", 0600, dir, f,
				   &vxdp_fault_interval_fops);
	debugfs_create_file_unsafe("probability", 0600, dir, &f->probability,
				   &vxdp_fault_probability_fops);
	debugfs_create_file_unsafe("times", 0600, dir, f,
				   &vxdp_fault_times_fops);
	debugfs_create_file_unsafe("injected", 0600, dir, &f->injected,
				   &vxdp_fault_injected_fops);
}

void vxdp_fault_init(void)
{
	struct dentry *dir = debugfs_create_dir("vxdp_fault", NULL);

	vxdp_fault_point(dir, "rx_buf_alloc", &vxdp_fault_rx_buf_alloc);
	vxdp_fault_point(dir, "skb_alloc", &vxdp_fault_skb_alloc);
	vxdp_fault_point(dir, "xdp_xmit", &vxdp_fault_xdp_xmit);
	vxdp_fault_point(dir, "ring_alloc", &vxdp_fault_ring_alloc);
	debugfs_create_file_unsafe("ring_size", 0600, dir,
				   &vxdp_fault_ring_size,
				   &vxdp_fault_ring_size_fops);
	debugfs_create_file_unsafe("napi_delay_us", 0600, dir,
				   &vxdp_fault_napi_delay_us,
				   &vxdp_fault_delay_fops);
	vxdp_fault_debugfs = dir;
}

void vxdp_fault_exit(void)
{
	debugfs_remove_recursive(vxdp_fault_debugfs);
}
