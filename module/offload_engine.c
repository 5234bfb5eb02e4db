// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: the NIC's BPF engine, its "firmware". It runs the offloaded XDP
 * program on the raw rx buffer before the driver sees the frame, and holds
 * the offloaded maps in device memory (its own tables).
 *
 * The engine interprets the instructions the host verified, as the host
 * left them (offload.c): context loads are raw struct xdp_md offsets (the
 * verifier does not convert them for a device), helper calls carry their
 * BPF_FUNC_* id, a map's ld_imm64 carries the index of one of the device's
 * tables. It trusts the verifier for nothing a firmware could check: every
 * register carries what it points to (packet, stack, context, a map value
 * or nothing) and every load or store is checked against the bounds of
 * that region at run time; a frame runs at most VXDP_ENG_INSN_BUDGET
 * instructions. A check that fails aborts the frame (XDP_ABORTED).
 *
 * Maps: arrays and hash tables whose keys and values live in the device.
 * The datapath and the host (bpftool through bpf_map_dev_ops) take the
 * table's lock to look up, add or delete an entry; values are read and
 * written through pointers without it, as with the kernel's own maps.
 * Hash entries are freed after an RCU grace period (NAPI may hold a
 * pointer into one for the rest of its frame).
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/jhash.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/xdp.h>

#include "vxdp.h"

/* Instructions one frame may run; beyond, the frame is aborted. */
#define VXDP_ENG_INSN_BUDGET	8192
/* Limits of an offloaded map (device memory is small). */
#define VXDP_ENG_MAX_KEY	64
#define VXDP_ENG_MAX_VALUE	1024
#define VXDP_ENG_MAX_ENTRIES	65536

/* What a register (or a spilled stack slot) points to. */
enum vxdp_eng_kind {
	VXDP_ENG_SCALAR,
	VXDP_ENG_CTX,		/* v: offset in struct xdp_md */
	VXDP_ENG_PKT,		/* into [data_meta, data_end) */
	VXDP_ENG_PKT_END,	/* data_end: compared, never dereferenced */
	VXDP_ENG_STACK,		/* into the frame's stack */
	VXDP_ENG_MAP,		/* a map, for the map helpers */
	VXDP_ENG_MAPVAL,	/* into [base, base + size) */
};

struct vxdp_eng_reg {
	u64 v;
	u64 base;
	u32 size;
	u8 kind;
};

/* A frame's state, per CPU (NAPI polls do not nest on a CPU). */
struct vxdp_eng_frame {
	struct vxdp_eng_reg regs[MAX_BPF_REG];
	struct vxdp_eng_reg slots[MAX_BPF_STACK / 8];	/* spilled pointers */
	u64 stack[MAX_BPF_STACK / 8];
	u8 key[VXDP_ENG_MAX_KEY];
	struct xdp_buff *xdp;
	u32 ifindex;
	u32 qid;
};

static DEFINE_PER_CPU(struct vxdp_eng_frame, vxdp_eng_frame);

/**
 * struct vxdp_eng_prog - a program as the device holds it
 * @prog: the host's program, for traces
 * @aux: what the verifier callbacks recorded per instruction
 * @insns: the device copy of the instructions (NULL until loaded)
 * @len: number of instructions (of @aux before the load, of @insns after)
 * @nmaps: maps in @maps
 * @maps: the device tables the program's ld_imm64 name by index
 * @rcu: freed after the datapath is done with it
 */
struct vxdp_eng_prog {
	struct bpf_prog *prog;
	struct vxdp_eng_insn_aux *aux;
	struct bpf_insn *insns;
	u32 len;
	u32 nmaps;
	struct vxdp_eng_map *maps[VXDP_ENG_MAX_MAPS];
	struct rcu_head rcu;
};

struct vxdp_eng_elem {
	struct hlist_node node;
	struct rcu_head rcu;
	u32 hash;
	/* key, then the value at round_up(key_size, 8): 8-byte atomics */
	u8 data[] __aligned(8);
};

/**
 * struct vxdp_eng_map - an offloaded map in device memory
 * @lock: entries added, deleted or copied out (both sides)
 * @type: BPF_MAP_TYPE_ARRAY or BPF_MAP_TYPE_HASH
 * @key_size: key size
 * @value_size: value size
 * @max_entries: capacity
 * @count: hash entries in use
 * @nbuckets: hash buckets (power of 2)
 * @values: array values, round_up(value_size, 8) apart
 * @buckets: hash buckets
 * @host: the host's map this one is the device copy of
 * @list: in vxdp_eng_maps
 */
struct vxdp_eng_map {
	spinlock_t lock;	/* see above */
	u32 type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 count;
	u32 nbuckets;
	u8 *values;
	struct hlist_head *buckets;
	const struct bpf_map *host;
	struct list_head list;
};

/* Every device map, for the load to find a program's maps in the device. */
static LIST_HEAD(vxdp_eng_maps);
static DEFINE_MUTEX(vxdp_eng_maps_lock);

/* ---- maps ---------------------------------------------------------------- */

static u32 vxdp_eng_val_stride(const struct vxdp_eng_map *m)
{
	return round_up(m->value_size, 8);
}

static void *vxdp_eng_elem_value(const struct vxdp_eng_map *m,
				 struct vxdp_eng_elem *e)
{
	return e->data + round_up(m->key_size, 8);
}

/**
 * vxdp_eng_map_alloc - a map in device memory
 * @host: the host's (offloaded) map
 *
 * Return: the device copy, or an ERR_PTR() if the engine cannot hold it.
 */
struct vxdp_eng_map *vxdp_eng_map_alloc(const struct bpf_map *host)
{
	u32 type = host->map_type, key_size = host->key_size;
	u32 value_size = host->value_size, max_entries = host->max_entries;
	struct vxdp_eng_map *m;

	if (type != BPF_MAP_TYPE_ARRAY && type != BPF_MAP_TYPE_HASH)
		return ERR_PTR(-EOPNOTSUPP);
	if (!key_size || key_size > VXDP_ENG_MAX_KEY || !value_size ||
	    value_size > VXDP_ENG_MAX_VALUE || !max_entries ||
	    max_entries > VXDP_ENG_MAX_ENTRIES)
		return ERR_PTR(-E2BIG);
	if (type == BPF_MAP_TYPE_ARRAY && key_size != sizeof(u32))
		return ERR_PTR(-EINVAL);

	m = kzalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
	if (!m)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&m->lock);
	m->type = type;
	m->key_size = key_size;
	m->value_size = value_size;
	m->max_entries = max_entries;
	if (type == BPF_MAP_TYPE_ARRAY) {
		m->values = kvcalloc(max_entries, vxdp_eng_val_stride(m),
				     GFP_KERNEL_ACCOUNT);
		if (!m->values)
			goto err;
	} else {
		m->nbuckets = roundup_pow_of_two(max_entries);
		m->buckets = kvcalloc(m->nbuckets, sizeof(*m->buckets),
				      GFP_KERNEL_ACCOUNT);
		if (!m->buckets)
			goto err;
	}
	m->host = host;
	mutex_lock(&vxdp_eng_maps_lock);
	list_add(&m->list, &vxdp_eng_maps);
	mutex_unlock(&vxdp_eng_maps_lock);
	return m;
err:
	kfree(m);
	return ERR_PTR(-ENOMEM);
}

void vxdp_eng_map_free(struct vxdp_eng_map *m)
{
	struct vxdp_eng_elem *e;
	struct hlist_node *tmp;
	u32 i;

	mutex_lock(&vxdp_eng_maps_lock);
	list_del(&m->list);
	mutex_unlock(&vxdp_eng_maps_lock);
	if (m->buckets)
		for (i = 0; i < m->nbuckets; i++)
			hlist_for_each_entry_safe(e, tmp, &m->buckets[i], node)
				kfree_rcu(e, rcu);
	kvfree(m->buckets);
	kvfree(m->values);
	kfree(m);
}

static struct hlist_head *vxdp_eng_bucket(const struct vxdp_eng_map *m,
					  const void *key, u32 *hash)
{
	*hash = jhash(key, m->key_size, 0);
	return &m->buckets[*hash & (m->nbuckets - 1)];
}

/* RCU or m->lock */
static struct vxdp_eng_elem *vxdp_eng_hash_find(const struct vxdp_eng_map *m,
						const void *key)
{
	struct vxdp_eng_elem *e;
	struct hlist_head *head;
	u32 hash;

	head = vxdp_eng_bucket(m, key, &hash);
	hlist_for_each_entry_rcu(e, head, node, lockdep_is_held(&m->lock))
		if (e->hash == hash && !memcmp(e->data, key, m->key_size))
			return e;
	return NULL;
}

/* The value of @key in the device, or NULL: RCU (the datapath). */
static void *vxdp_eng_map_value(struct vxdp_eng_map *m, const void *key)
{
	struct vxdp_eng_elem *e;
	u32 idx;

	if (m->type == BPF_MAP_TYPE_ARRAY) {
		idx = *(const u32 *)key;
		if (idx >= m->max_entries)
			return NULL;
		return m->values + (size_t)idx * vxdp_eng_val_stride(m);
	}
	e = vxdp_eng_hash_find(m, key);
	return e ? vxdp_eng_elem_value(m, e) : NULL;
}

int vxdp_eng_map_lookup(struct vxdp_eng_map *m, const void *key, void *value)
{
	void *v;

	spin_lock_bh(&m->lock);
	v = vxdp_eng_map_value(m, key);
	if (v)
		memcpy(value, v, m->value_size);
	spin_unlock_bh(&m->lock);
	return v ? 0 : -ENOENT;
}

/* @gfp: how a new hash entry is allocated (the datapath cannot sleep) */
static int __vxdp_eng_map_update(struct vxdp_eng_map *m, const void *key,
				 const void *value, u64 flags, gfp_t gfp)
{
	struct vxdp_eng_elem *e, *ne = NULL;
	struct hlist_head *head;
	int err = 0;
	u32 hash;
	void *v;

	if (flags > BPF_EXIST)
		return -EINVAL;
	if (m->type == BPF_MAP_TYPE_ARRAY) {
		if (flags == BPF_NOEXIST)
			return -EEXIST;
		spin_lock_bh(&m->lock);
		v = vxdp_eng_map_value(m, key);
		if (v)
			memcpy(v, value, m->value_size);
		spin_unlock_bh(&m->lock);
		return v ? 0 : -E2BIG;
	}

	if (flags != BPF_EXIST) {
		ne = kzalloc(sizeof(*ne) + round_up(m->key_size, 8) +
			     m->value_size, gfp);
		if (!ne)
			return -ENOMEM;
	}

	spin_lock_bh(&m->lock);
	e = vxdp_eng_hash_find(m, key);
	if (e) {
		if (flags == BPF_NOEXIST)
			err = -EEXIST;
		else
			memcpy(vxdp_eng_elem_value(m, e), value,
			       m->value_size);
	} else if (flags == BPF_EXIST) {
		err = -ENOENT;
	} else if (m->count == m->max_entries) {
		err = -E2BIG;
	} else {
		head = vxdp_eng_bucket(m, key, &hash);
		ne->hash = hash;
		memcpy(ne->data, key, m->key_size);
		memcpy(vxdp_eng_elem_value(m, ne), value, m->value_size);
		hlist_add_tail_rcu(&ne->node, head);
		m->count++;
		ne = NULL;
	}
	spin_unlock_bh(&m->lock);
	kfree(ne);
	return err;
}

/* The host's update (bpftool, the bpf syscall): it may sleep. */
int vxdp_eng_map_update(struct vxdp_eng_map *m, const void *key,
			const void *value, u64 flags)
{
	return __vxdp_eng_map_update(m, key, value, flags, GFP_KERNEL_ACCOUNT);
}

int vxdp_eng_map_delete(struct vxdp_eng_map *m, const void *key)
{
	struct vxdp_eng_elem *e;

	if (m->type == BPF_MAP_TYPE_ARRAY)
		return -EINVAL;

	spin_lock_bh(&m->lock);
	e = vxdp_eng_hash_find(m, key);
	if (e) {
		hlist_del_rcu(&e->node);
		m->count--;
	}
	spin_unlock_bh(&m->lock);
	if (!e)
		return -ENOENT;
	kfree_rcu(e, rcu);
	return 0;
}

/* Hash order: bucket by bucket, each bucket in insertion order. */
static int vxdp_eng_hash_next_key(struct vxdp_eng_map *m, const void *key,
				  void *next_key)
{
	struct vxdp_eng_elem *e = key ? vxdp_eng_hash_find(m, key) : NULL;
	u32 b = 0;

	struct hlist_node *n;

	if (e) {
		n = rcu_dereference_protected(hlist_next_rcu(&e->node),
					      lockdep_is_held(&m->lock));
		if (n)
			goto found;
		b = (e->hash & (m->nbuckets - 1)) + 1;
	}
	for (; b < m->nbuckets; b++) {
		n = rcu_dereference_protected(hlist_first_rcu(&m->buckets[b]),
					      lockdep_is_held(&m->lock));
		if (n)
			goto found;
	}
	return -ENOENT;
found:
	e = hlist_entry(n, struct vxdp_eng_elem, node);
	memcpy(next_key, e->data, m->key_size);
	return 0;
}

int vxdp_eng_map_next_key(struct vxdp_eng_map *m, const void *key,
			  void *next_key)
{
	u32 idx;
	int err;

	if (m->type == BPF_MAP_TYPE_ARRAY) {
		idx = key ? *(const u32 *)key : U32_MAX;
		if (idx == m->max_entries - 1)
			return -ENOENT;
		*(u32 *)next_key = idx >= m->max_entries ? 0 : idx + 1;
		return 0;
	}

	spin_lock_bh(&m->lock);
	err = vxdp_eng_hash_next_key(m, key, next_key);
	spin_unlock_bh(&m->lock);
	return err;
}

/* ---- programs -------------------------------------------------------------- */

/**
 * vxdp_eng_prog_alloc - device state of a program about to be verified
 * @prog: the program, as the verifier's callbacks first see it
 *
 * Return: the state, with one zeroed aux slot per instruction, or NULL.
 */
struct vxdp_eng_prog *vxdp_eng_prog_alloc(struct bpf_prog *prog)
{
	struct vxdp_eng_prog *ep;

	ep = kzalloc(sizeof(*ep), GFP_KERNEL_ACCOUNT);
	if (!ep)
		return NULL;
	ep->aux = kvcalloc(prog->len, sizeof(*ep->aux), GFP_KERNEL_ACCOUNT);
	if (!ep->aux) {
		kfree(ep);
		return NULL;
	}
	ep->prog = prog;
	ep->len = prog->len;
	return ep;
}

static void vxdp_eng_prog_free_rcu(struct rcu_head *rcu)
{
	struct vxdp_eng_prog *ep = container_of(rcu, struct vxdp_eng_prog, rcu);

	kvfree(ep->insns);
	kvfree(ep->aux);
	kfree(ep);
}

/* Free once the datapath cannot be running it any more. */
void vxdp_eng_prog_free(struct vxdp_eng_prog *ep)
{
	call_rcu(&ep->rcu, vxdp_eng_prog_free_rcu);
}

struct vxdp_eng_insn_aux *vxdp_eng_prog_aux(struct vxdp_eng_prog *ep,
					    u32 *len)
{
	*len = ep->len;
	return ep->aux;
}

/* The verifier removed @cnt instructions at @off: keep the aux in step. */
void vxdp_eng_prog_remove_insns(struct vxdp_eng_prog *ep, u32 off, u32 cnt)
{
	memmove(&ep->aux[off], &ep->aux[off + cnt],
		(ep->len - off - cnt) * sizeof(*ep->aux));
	ep->len -= cnt;
}

bool vxdp_eng_prog_loaded(const struct vxdp_eng_prog *ep)
{
	return ep->insns;
}

struct bpf_prog *vxdp_eng_prog_bpf(const struct vxdp_eng_prog *ep)
{
	return ep->prog;
}

/* The helpers the engine implements. */
bool vxdp_eng_helper_ok(s32 helper)
{
	switch (helper) {
	case BPF_FUNC_map_lookup_elem:
	case BPF_FUNC_map_update_elem:
	case BPF_FUNC_map_delete_elem:
	case BPF_FUNC_ktime_get_ns:
	case BPF_FUNC_get_prandom_u32:
	case BPF_FUNC_xdp_adjust_head:
	case BPF_FUNC_xdp_adjust_meta:
	case BPF_FUNC_xdp_adjust_tail:
		return true;
	default:
		return false;
	}
}

static int vxdp_eng_map_index(struct vxdp_eng_prog *ep, u64 addr)
{
	struct vxdp_eng_map *m;
	u32 i;

	mutex_lock(&vxdp_eng_maps_lock);
	list_for_each_entry(m, &vxdp_eng_maps, list)
		if ((unsigned long)m->host == addr)
			goto found;
	mutex_unlock(&vxdp_eng_maps_lock);
	return -EINVAL;	/* not a map of a vxdp device */
found:
	mutex_unlock(&vxdp_eng_maps_lock);
	for (i = 0; i < ep->nmaps; i++)
		if (ep->maps[i] == m)
			return i;
	if (ep->nmaps == VXDP_ENG_MAX_MAPS)
		return -E2BIG;
	ep->maps[ep->nmaps] = m;
	return ep->nmaps++;
}

/**
 * vxdp_eng_prog_load - copy a verified program into the device
 * @ep: its device state, with the aux the verifier callbacks recorded
 * @prog: the program as the verifier left it
 *
 * The instructions are copied; helper calls get back the BPF_FUNC_* id
 * the verifier replaced, a map's ld_imm64 the index of the device table
 * (src_reg 1) instead of the host's map pointer.
 *
 * Return: 0, or -EINVAL if @prog and the recorded aux disagree.
 */
int vxdp_eng_prog_load(struct vxdp_eng_prog *ep, struct bpf_prog *prog)
{
	struct bpf_insn *insns;
	u32 i;
	int idx;

	if (prog->len != ep->len)
		return -EINVAL;	/* rewritten behind the callbacks' back */

	insns = kvmalloc_array(prog->len, sizeof(*insns), GFP_KERNEL_ACCOUNT);
	if (!insns)
		return -ENOMEM;
	memcpy(insns, prog->insnsi, prog->len * sizeof(*insns));

	for (i = 0; i < prog->len; i++) {
		struct bpf_insn *insn = &insns[i];

		if (insn->code == (BPF_JMP | BPF_CALL)) {
			insn->imm = ep->aux[i].helper;
		} else if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			if (i + 1 >= prog->len)
				goto err;
			if (ep->aux[i].map) {
				u64 addr = (u32)insn[0].imm |
					   ((u64)(u32)insn[1].imm << 32);

				idx = vxdp_eng_map_index(ep, addr);
				if (idx < 0)
					goto err;
				insn[0].src_reg = 1;
				insn[0].imm = idx;
				insn[1].imm = 0;
			} else {
				insn[0].src_reg = 0;
			}
			i++;
		}
	}
	prog->aux->offload->jited_image = insns;
	prog->aux->offload->jited_len = prog->len * sizeof(*insns);
	ep->insns = insns;
	ep->prog = prog;
	return 0;
err:
	kvfree(insns);
	return -EINVAL;
}

/* ---- the interpreter ----------------------------------------------------- */

static void vxdp_eng_set_scalar(struct vxdp_eng_reg *r, u64 v)
{
	r->v = v;
	r->kind = VXDP_ENG_SCALAR;
}

/*
 * Where @size bytes at @r + @off are in host memory, if @r points to a
 * region that holds them all; NULL otherwise.
 */
static void *vxdp_eng_mem(struct vxdp_eng_frame *f,
			  const struct vxdp_eng_reg *r, s64 off, u32 size)
{
	u64 lo, hi, a = r->v + off;

	switch (r->kind) {
	case VXDP_ENG_PKT:
		lo = (unsigned long)f->xdp->data_meta;
		hi = (unsigned long)f->xdp->data_end;
		break;
	case VXDP_ENG_STACK:
		lo = (unsigned long)f->stack;
		hi = lo + sizeof(f->stack);
		break;
	case VXDP_ENG_MAPVAL:
		lo = r->base;
		hi = r->base + r->size;
		break;
	default:
		return NULL;
	}
	if (a < lo || a > hi || size > hi - a)
		return NULL;
	return (void *)(unsigned long)a;
}

/* A store of @size bytes at stack address @p forgets spilled pointers. */
static void vxdp_eng_stack_clobber(struct vxdp_eng_frame *f, void *p,
				   u32 size)
{
	u32 first = ((u8 *)p - (u8 *)f->stack) / 8;
	u32 last = ((u8 *)p + size - 1 - (u8 *)f->stack) / 8;

	for (; first <= last; first++)
		f->slots[first].kind = VXDP_ENG_SCALAR;
}

static u64 vxdp_eng_load(const void *p, u32 size)
{
	switch (size) {
	case 1:
		return *(const u8 *)p;
	case 2:
		return get_unaligned((const u16 *)p);
	case 4:
		return get_unaligned((const u32 *)p);
	default:
		return get_unaligned((const u64 *)p);
	}
}

static void vxdp_eng_store(void *p, u32 size, u64 v)
{
	switch (size) {
	case 1:
		*(u8 *)p = v;
		break;
	case 2:
		put_unaligned((u16)v, (u16 *)p);
		break;
	case 4:
		put_unaligned((u32)v, (u32 *)p);
		break;
	default:
		put_unaligned(v, (u64 *)p);
		break;
	}
}

static const u32 vxdp_eng_sizes[] = {
	[BPF_W >> 3] = 4, [BPF_H >> 3] = 2, [BPF_B >> 3] = 1, [BPF_DW >> 3] = 8,
};

/* A load from the context: struct xdp_md's raw offsets. */
static bool vxdp_eng_ctx_load(struct vxdp_eng_frame *f,
			      struct vxdp_eng_reg *dst, s64 off, u32 size)
{
	struct xdp_buff *xdp = f->xdp;

	if (size != sizeof(u32))
		return false;
	switch (off) {
	case offsetof(struct xdp_md, data):
		dst->kind = VXDP_ENG_PKT;
		dst->v = (unsigned long)xdp->data;
		return true;
	case offsetof(struct xdp_md, data_end):
		dst->kind = VXDP_ENG_PKT_END;
		dst->v = (unsigned long)xdp->data_end;
		return true;
	case offsetof(struct xdp_md, data_meta):
		dst->kind = VXDP_ENG_PKT;
		dst->v = (unsigned long)xdp->data_meta;
		return true;
	case offsetof(struct xdp_md, ingress_ifindex):
		vxdp_eng_set_scalar(dst, f->ifindex);
		return true;
	case offsetof(struct xdp_md, rx_queue_index):
		vxdp_eng_set_scalar(dst, f->qid);
		return true;
	default:
		return false;
	}
}

static int vxdp_eng_adjust_head(struct xdp_buff *xdp, s32 offset)
{
	void *data_start = xdp->data_hard_start + sizeof(struct xdp_frame) +
			   (xdp->data - xdp->data_meta);
	void *data = xdp->data + offset;
	unsigned long metalen = xdp->data - xdp->data_meta;

	if (data < data_start || data > xdp->data_end - ETH_HLEN)
		return -EINVAL;
	if (metalen)
		memmove(xdp->data_meta + offset, xdp->data_meta, metalen);
	xdp->data_meta += offset;
	xdp->data = data;
	return 0;
}

static int vxdp_eng_adjust_meta(struct xdp_buff *xdp, s32 offset)
{
	void *meta = xdp->data_meta + offset;
	unsigned long metalen = xdp->data - meta;

	if (meta < xdp->data_hard_start + sizeof(struct xdp_frame) ||
	    meta > xdp->data)
		return -EINVAL;
	if (xdp_metalen_invalid(metalen))
		return -EACCES;
	xdp->data_meta = meta;
	return 0;
}

static int vxdp_eng_adjust_tail(struct xdp_buff *xdp, s32 offset)
{
	void *data_end = xdp->data_end + offset;

	if (data_end > xdp_data_hard_end(xdp) ||
	    data_end < xdp->data + ETH_HLEN)
		return -EINVAL;
	if (offset > 0)
		memset(xdp->data_end, 0, offset);
	xdp->data_end = data_end;
	return 0;
}

/* Run helper @id; false aborts the frame. */
static bool vxdp_eng_call(const struct vxdp_eng_prog *ep,
			  struct vxdp_eng_frame *f, s32 id)
{
	struct vxdp_eng_reg *r = f->regs;
	struct vxdp_eng_map *m = NULL;
	const void *key = NULL;
	void *p, *val;
	u64 ret = 0;

	switch (id) {
	case BPF_FUNC_map_lookup_elem:
	case BPF_FUNC_map_update_elem:
	case BPF_FUNC_map_delete_elem:
		if (r[1].kind != VXDP_ENG_MAP)
			return false;
		m = (struct vxdp_eng_map *)(unsigned long)r[1].v;
		key = vxdp_eng_mem(f, &r[2], 0, m->key_size);
		if (!key)
			return false;
		/* a key in the packet or a value may change under us */
		memcpy(f->key, key, m->key_size);
		key = f->key;
		break;
	}

	switch (id) {
	case BPF_FUNC_map_lookup_elem:
		val = vxdp_eng_map_value(m, key);
		r[0].kind = val ? VXDP_ENG_MAPVAL : VXDP_ENG_SCALAR;
		r[0].v = (unsigned long)val;
		r[0].base = r[0].v;
		r[0].size = m->value_size;
		goto clobber;
	case BPF_FUNC_map_update_elem:
		p = vxdp_eng_mem(f, &r[3], 0, m->value_size);
		if (!p)
			return false;
		ret = __vxdp_eng_map_update(m, key, p, r[4].v,
					    GFP_ATOMIC | __GFP_NOWARN);
		break;
	case BPF_FUNC_map_delete_elem:
		ret = vxdp_eng_map_delete(m, key);
		break;
	case BPF_FUNC_ktime_get_ns:
		ret = ktime_get_mono_fast_ns();
		break;
	case BPF_FUNC_get_prandom_u32:
		ret = get_random_u32();
		break;
	case BPF_FUNC_xdp_adjust_head:
		ret = vxdp_eng_adjust_head(f->xdp, r[2].v);
		break;
	case BPF_FUNC_xdp_adjust_meta:
		ret = vxdp_eng_adjust_meta(f->xdp, r[2].v);
		break;
	case BPF_FUNC_xdp_adjust_tail:
		ret = vxdp_eng_adjust_tail(f->xdp, r[2].v);
		break;
	default:
		return false;
	}
	vxdp_eng_set_scalar(&r[0], ret);	/* an int error sign-extended */
clobber:
	for (id = BPF_REG_1; id <= BPF_REG_5; id++)
		vxdp_eng_set_scalar(&r[id], 0);
	return true;
}

/* dst op src for ALU/ALU64 @code; false if the op is not one of BPF's. */
static bool vxdp_eng_alu(u8 code, struct vxdp_eng_reg *dst, u64 src,
			 const struct vxdp_eng_reg *srcr, s16 insn_off)
{
	bool is64 = BPF_CLASS(code) == BPF_ALU64;
	u8 op = BPF_OP(code), kind = VXDP_ENG_SCALAR;
	u64 d = dst->v, base = dst->base;
	u32 size = dst->size;

	if (insn_off)
		return false;	/* cpu v4 sign-extending and signed ops */

	/* pointer arithmetic: +/- a scalar keeps what the pointer is */
	if (is64 && (op == BPF_ADD || op == BPF_SUB) &&
	    dst->kind != VXDP_ENG_SCALAR &&
	    (!srcr || srcr->kind == VXDP_ENG_SCALAR))
		kind = dst->kind;
	if (is64 && op == BPF_ADD && srcr && srcr->kind != VXDP_ENG_SCALAR &&
	    dst->kind == VXDP_ENG_SCALAR) {
		kind = srcr->kind;
		base = srcr->base;
		size = srcr->size;
	}
	if (is64 && op == BPF_MOV && srcr) {
		*dst = *srcr;
		return true;
	}

	if (!is64) {
		d = (u32)d;
		src = (u32)src;
	}
	switch (op) {
	case BPF_ADD:
		d += src;
		break;
	case BPF_SUB:
		d -= src;
		break;
	case BPF_MUL:
		d *= src;
		break;
	case BPF_DIV:
		d = !src ? 0 : is64 ? div64_u64(d, src) : (u32)d / (u32)src;
		break;
	case BPF_MOD:
		if (src)
			d = is64 ? d - div64_u64(d, src) * src :
				   (u32)d % (u32)src;
		break;
	case BPF_OR:
		d |= src;
		break;
	case BPF_AND:
		d &= src;
		break;
	case BPF_XOR:
		d ^= src;
		break;
	case BPF_LSH:
		d <<= src & (is64 ? 63 : 31);
		break;
	case BPF_RSH:
		d >>= src & (is64 ? 63 : 31);
		break;
	case BPF_ARSH:
		d = is64 ? (u64)((s64)d >> (src & 63)) :
			   (u32)((s32)d >> (src & 31));
		break;
	case BPF_NEG:
		d = -d;
		break;
	case BPF_MOV:
		d = src;
		break;
	default:
		return false;
	}
	dst->v = is64 ? d : (u32)d;
	dst->kind = kind;
	dst->base = base;
	dst->size = size;
	return true;
}

static bool vxdp_eng_end(u8 code, struct vxdp_eng_reg *dst, s32 bits)
{
	u64 d = dst->v;

	if (BPF_CLASS(code) != BPF_ALU)
		return false;	/* cpu v4 bswap */
	if (BPF_SRC(code) == BPF_TO_BE) {
		switch (bits) {
		case 16:
			d = (__force u16)cpu_to_be16(d);
			break;
		case 32:
			d = (__force u32)cpu_to_be32(d);
			break;
		case 64:
			d = (__force u64)cpu_to_be64(d);
			break;
		default:
			return false;
		}
	} else {
		switch (bits) {
		case 16:
			d = (__force u16)cpu_to_le16(d);
			break;
		case 32:
			d = (__force u32)cpu_to_le32(d);
			break;
		case 64:
			d = (__force u64)cpu_to_le64(d);
			break;
		default:
			return false;
		}
	}
	vxdp_eng_set_scalar(dst, d);
	return true;
}

/* Whether conditional jump @code is taken; -1 if it is not one of BPF's. */
static int vxdp_eng_cond(u8 code, u64 a, u64 b)
{
	if (BPF_CLASS(code) == BPF_JMP32) {
		switch (BPF_OP(code)) {
		case BPF_JSGT:
		case BPF_JSGE:
		case BPF_JSLT:
		case BPF_JSLE:
			a = (s64)(s32)a;
			b = (s64)(s32)b;
			break;
		default:
			a = (u32)a;
			b = (u32)b;
			break;
		}
	}
	switch (BPF_OP(code)) {
	case BPF_JEQ:
		return a == b;
	case BPF_JNE:
		return a != b;
	case BPF_JGT:
		return a > b;
	case BPF_JGE:
		return a >= b;
	case BPF_JLT:
		return a < b;
	case BPF_JLE:
		return a <= b;
	case BPF_JSET:
		return !!(a & b);
	case BPF_JSGT:
		return (s64)a > (s64)b;
	case BPF_JSGE:
		return (s64)a >= (s64)b;
	case BPF_JSLT:
		return (s64)a < (s64)b;
	case BPF_JSLE:
		return (s64)a <= (s64)b;
	default:
		return -1;
	}
}

/* BPF_STX | BPF_ATOMIC: add, with or without fetch. */
static bool vxdp_eng_atomic(struct vxdp_eng_frame *f,
			    const struct bpf_insn *insn, u32 size)
{
	struct vxdp_eng_reg *dst = &f->regs[insn->dst_reg];
	struct vxdp_eng_reg *src = &f->regs[insn->src_reg];
	void *p = vxdp_eng_mem(f, dst, insn->off, size);
	u64 old;

	if (!p || !IS_ALIGNED((unsigned long)p, size) ||
	    (insn->imm != BPF_ADD && insn->imm != (BPF_ADD | BPF_FETCH)))
		return false;
	if (dst->kind == VXDP_ENG_STACK)
		vxdp_eng_stack_clobber(f, p, size);
	if (size == sizeof(u32))
		old = (u32)atomic_fetch_add((u32)src->v, (atomic_t *)p);
	else
		old = atomic64_fetch_add(src->v, (atomic64_t *)p);
	if (insn->imm & BPF_FETCH)
		vxdp_eng_set_scalar(src, old);
	return true;
}

/**
 * vxdp_eng_run - run an offloaded program on one rx buffer
 * @ep: the program, loaded
 * @xdp: the buffer; the program may move data, data_meta and data_end
 * @ifindex: the receiving device's ifindex
 * @qid: the receiving queue
 * @insns: instructions executed, added to
 *
 * Return: the program's verdict (r0, which may be out of enum xdp_action),
 * or XDP_ABORTED if it faulted or ran out of budget.
 */
u32 vxdp_eng_run(const struct vxdp_eng_prog *ep, struct xdp_buff *xdp,
		 u32 ifindex, u32 qid, u64 *insns)
{
	struct vxdp_eng_frame *f = this_cpu_ptr(&vxdp_eng_frame);
	struct vxdp_eng_reg *regs = f->regs;
	const struct bpf_insn *insn;
	u32 pc = 0, n = 0, size, act = XDP_ABORTED;
	int taken;
	void *p;

	memset(regs, 0, sizeof(f->regs));
	memset(f->slots, 0, sizeof(f->slots));
	f->xdp = xdp;
	f->ifindex = ifindex;
	f->qid = qid;
	regs[BPF_REG_1].kind = VXDP_ENG_CTX;
	regs[BPF_REG_10].kind = VXDP_ENG_STACK;
	regs[BPF_REG_10].v = (unsigned long)f->stack + sizeof(f->stack);

	while (pc < ep->len) {
		struct vxdp_eng_reg *dst, *src;
		u64 imm;

		if (++n > VXDP_ENG_INSN_BUDGET)
			goto out;
		insn = &ep->insns[pc++];
		if (insn->dst_reg >= MAX_BPF_REG || insn->src_reg >= MAX_BPF_REG)
			goto out;
		dst = &regs[insn->dst_reg];
		src = &regs[insn->src_reg];
		imm = (u64)(s64)insn->imm;
		size = vxdp_eng_sizes[BPF_SIZE(insn->code) >> 3];

		switch (BPF_CLASS(insn->code)) {
		case BPF_ALU:
		case BPF_ALU64:
			if (insn->dst_reg == BPF_REG_10)
				goto out;
			if (BPF_OP(insn->code) == BPF_END) {
				if (!vxdp_eng_end(insn->code, dst, insn->imm))
					goto out;
			} else if (BPF_SRC(insn->code) == BPF_X) {
				if (!vxdp_eng_alu(insn->code, dst, src->v, src,
						  insn->off))
					goto out;
			} else if (!vxdp_eng_alu(insn->code, dst, imm, NULL,
						 insn->off)) {
				goto out;
			}
			break;
		case BPF_LD:
			if (insn->code != (BPF_LD | BPF_IMM | BPF_DW) ||
			    pc >= ep->len || insn->dst_reg == BPF_REG_10)
				goto out;
			if (insn->src_reg == 1) {
				if ((u32)insn->imm >= ep->nmaps)
					goto out;
				dst->kind = VXDP_ENG_MAP;
				dst->v = (unsigned long)ep->maps[insn->imm];
			} else {
				vxdp_eng_set_scalar(dst, (u32)insn->imm |
						    ((u64)(u32)insn[1].imm << 32));
			}
			pc++;
			break;
		case BPF_LDX:
			if (BPF_MODE(insn->code) != BPF_MEM ||
			    insn->dst_reg == BPF_REG_10)
				goto out;
			if (src->kind == VXDP_ENG_CTX) {
				if (!vxdp_eng_ctx_load(f, dst,
						       src->v + insn->off, size))
					goto out;
				break;
			}
			p = vxdp_eng_mem(f, src, insn->off, size);
			if (!p)
				goto out;
			if (src->kind == VXDP_ENG_STACK && size == 8 &&
			    IS_ALIGNED((unsigned long)p, 8) &&
			    f->slots[((u64 *)p - f->stack)].kind) {
				*dst = f->slots[(u64 *)p - f->stack];
				break;
			}
			vxdp_eng_set_scalar(dst, vxdp_eng_load(p, size));
			break;
		case BPF_STX:
			if (BPF_MODE(insn->code) == BPF_ATOMIC) {
				if (size < 4 || !vxdp_eng_atomic(f, insn, size))
					goto out;
				break;
			}
			fallthrough;
		case BPF_ST:
			if (BPF_MODE(insn->code) != BPF_MEM)
				goto out;
			p = vxdp_eng_mem(f, dst, insn->off, size);
			if (!p)
				goto out;
			if (dst->kind == VXDP_ENG_STACK)
				vxdp_eng_stack_clobber(f, p, size);
			if (BPF_CLASS(insn->code) == BPF_ST) {
				vxdp_eng_store(p, size, imm);
				break;
			}
			vxdp_eng_store(p, size, src->v);
			/* a spilled pointer stays a pointer */
			if (dst->kind == VXDP_ENG_STACK && size == 8 &&
			    IS_ALIGNED((unsigned long)p, 8))
				f->slots[(u64 *)p - f->stack] = *src;
			break;
		case BPF_JMP:
		case BPF_JMP32:
			switch (BPF_OP(insn->code)) {
			case BPF_JA:
				if (BPF_CLASS(insn->code) == BPF_JMP32)
					pc += insn->imm;
				else
					pc += insn->off;
				continue;
			case BPF_CALL:
				if (BPF_CLASS(insn->code) != BPF_JMP ||
				    insn->src_reg ||
				    !vxdp_eng_call(ep, f, insn->imm))
					goto out;
				continue;
			case BPF_EXIT:
				if (BPF_CLASS(insn->code) != BPF_JMP)
					goto out;
				act = regs[BPF_REG_0].v;
				goto out;
			}
			taken = vxdp_eng_cond(insn->code, dst->v,
					      BPF_SRC(insn->code) == BPF_X ?
					      src->v : imm);
			if (taken < 0)
				goto out;
			if (taken)
				pc += insn->off;
			break;
		default:
			goto out;
		}
	}
out:
	*insns += min_t(u32, n, VXDP_ENG_INSN_BUDGET);
	return act;
}
