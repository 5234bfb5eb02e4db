// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp: XDP offload, the host side. Each vxdp device is its own offload
 * device (one bpf_offload_dev per net_device, as a NIC with one engine per
 * port): a program or map bound to vx1 lives in vx1's engine and can only
 * be attached to vx1, and goes away with it.
 *
 * The verifier's callbacks decide what the engine (offload_engine.c) can
 * run: anything else is refused at load time with a message in the
 * verifier log, never at run time. What they record per instruction
 * (helper ids, which ld_imm64 are maps) is kept in step with the
 * verifier's dead code and nop removal; translate copies the final
 * instructions into the device.
 *
 * Root-only debugfs knobs in /sys/kernel/debug/vxdp_offload/ make the
 * error paths testable, as netdevsim's do: refuse_bind (the device
 * refuses to take programs), refuse_map_alloc (offloaded maps cannot be
 * created), refuse_helper (a BPF_FUNC_* id the engine refuses, 0: none).
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/debugfs.h>
#include <linux/filter.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "vxdp.h"

#define vxdp_vlog(env, fmt, ...)					\
	bpf_verifier_log_write(env, "vxdp: " fmt, ##__VA_ARGS__)

static struct dentry *vxdp_offload_debugfs;
static bool vxdp_refuse_bind;
static bool vxdp_refuse_map_alloc;
static u32 vxdp_refuse_helper;

/**
 * struct vxdp_offload - a device's offload state
 * @offdev: the bpf offload device
 * @hw_prog: the attached program (RTNL); holds the reference ndo_bpf got
 */
struct vxdp_offload {
	struct bpf_offload_dev *offdev;
	struct bpf_prog *hw_prog;
};

static struct vxdp_eng_prog *vxdp_env_prog(struct bpf_verifier_env *env)
{
	return env->prog->aux->offload->dev_priv;
}

static int vxdp_check_call(struct bpf_verifier_env *env, int idx,
			   const struct bpf_insn *insn,
			   const struct vxdp_eng_insn_aux *aux)
{
	if (insn->src_reg == BPF_PSEUDO_CALL) {
		vxdp_vlog(env,
			  "insn %d: bpf-to-bpf calls are not supported by the offload engine\n",
			  idx);
		return -EOPNOTSUPP;
	}
	if (insn->src_reg) {
		vxdp_vlog(env,
			  "insn %d: kfunc calls are not supported by the offload engine\n",
			  idx);
		return -EOPNOTSUPP;
	}
	switch (aux->helper) {
	case BPF_FUNC_redirect:
	case BPF_FUNC_redirect_map:
		vxdp_vlog(env,
			  "insn %d: helper %d: the offload engine cannot redirect (XDP_REDIRECT is not supported)\n",
			  idx, aux->helper);
		return -EOPNOTSUPP;
	case BPF_FUNC_tail_call:
		vxdp_vlog(env,
			  "insn %d: tail calls are not supported by the offload engine\n",
			  idx);
		return -EOPNOTSUPP;
	}
	if (!vxdp_eng_helper_ok(aux->helper) ||
	    aux->helper == READ_ONCE(vxdp_refuse_helper)) {
		vxdp_vlog(env,
			  "insn %d: helper %d is not supported by the offload engine\n",
			  idx, aux->helper);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* The memory a load or store goes through: @reg with @off added. */
static int vxdp_check_mem(struct bpf_verifier_env *env, int idx,
			  const struct bpf_reg_state *reg, s32 off, u32 size,
			  bool store)
{
	s64 cst;

	switch (base_type(reg->type)) {
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_STACK:
	case PTR_TO_MAP_VALUE:
		return 0;
	case PTR_TO_CTX:
		if (store) {
			vxdp_vlog(env,
				  "insn %d: stores to the context (struct xdp_md) are not supported by the offload engine\n",
				  idx);
			return -EOPNOTSUPP;
		}
		cst = vxdp_reg_const_off(reg);
		if (cst < 0 || cst > INT_MAX - off) {
			vxdp_vlog(env,
				  "insn %d: context access at a variable offset is not supported by the offload engine\n",
				  idx);
			return -EOPNOTSUPP;
		}
		off += cst;
		if (size != 4 || off < 0 ||
		    off > offsetof(struct xdp_md, rx_queue_index) || off % 4) {
			vxdp_vlog(env,
				  "insn %d: context field at offset %d (size %u) is not supported by the offload engine\n",
				  idx, off, size);
			return -EOPNOTSUPP;
		}
		return 0;
	default:
		vxdp_vlog(env,
			  "insn %d: memory access through a register of type %u is not supported by the offload engine\n",
			  idx, base_type(reg->type));
		return -EOPNOTSUPP;
	}
}

static int vxdp_cpuv4(struct bpf_verifier_env *env, int idx,
		      const struct bpf_insn *insn)
{
	vxdp_vlog(env,
		  "insn %d: instruction 0x%02x (off %d) is not supported by the offload engine (no cpu v4)\n",
		  idx, insn->code, insn->off);
	return -EOPNOTSUPP;
}

/* Called for each instruction the verifier walks, before it checks it. */
static int vxdp_insn_hook(struct bpf_verifier_env *env, int idx, int prev)
{
	const struct bpf_insn *insn = &env->prog->insnsi[idx];
	struct vxdp_eng_prog *ep = vxdp_env_prog(env);
	struct bpf_reg_state *regs = cur_regs(env);
	struct vxdp_eng_insn_aux *aux;
	u8 code = insn->code;
	u32 size, len;

	aux = vxdp_eng_prog_aux(ep, &len);
	if (WARN_ON_ONCE(idx >= len))
		return -EFAULT;
	size = bpf_size_to_bytes(BPF_SIZE(code));

	switch (BPF_CLASS(code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_OP(code) == BPF_END)
			return BPF_CLASS(code) == BPF_ALU ? 0 :
			       vxdp_cpuv4(env, idx, insn);
		if (insn->off)
			return vxdp_cpuv4(env, idx, insn);
		if ((BPF_OP(code) == BPF_DIV || BPF_OP(code) == BPF_MOD) &&
		    BPF_SRC(code) == BPF_X) {
			vxdp_vlog(env,
				  "insn %d: division or modulo by a register is not supported by the offload engine (only by a constant)\n",
				  idx);
			return -EOPNOTSUPP;
		}
		return 0;
	case BPF_LD:
		if (code != (BPF_LD | BPF_IMM | BPF_DW)) {
			vxdp_vlog(env,
				  "insn %d: packet loads (LD_ABS/LD_IND) are not supported by the offload engine\n",
				  idx);
			return -EOPNOTSUPP;
		}
		if (insn->src_reg && !aux[idx].map) {
			vxdp_vlog(env,
				  "insn %d: ld_imm64 of kind %u (map value, BTF object or function) is not supported by the offload engine\n",
				  idx, insn->src_reg);
			return -EOPNOTSUPP;
		}
		return 0;
	case BPF_LDX:
		if (BPF_MODE(code) != BPF_MEM)
			return vxdp_cpuv4(env, idx, insn);
		return vxdp_check_mem(env, idx, &regs[insn->src_reg],
				      insn->off, size, false);
	case BPF_STX:
		if (BPF_MODE(code) == BPF_ATOMIC &&
		    insn->imm != BPF_ADD && insn->imm != (BPF_ADD | BPF_FETCH)) {
			vxdp_vlog(env,
				  "insn %d: atomic operation 0x%x is not supported by the offload engine (only add)\n",
				  idx, insn->imm);
			return -EOPNOTSUPP;
		}
		fallthrough;
	case BPF_ST:
		return vxdp_check_mem(env, idx, &regs[insn->dst_reg],
				      insn->off, size, true);
	case BPF_JMP:
		if (BPF_OP(code) == BPF_CALL)
			return vxdp_check_call(env, idx, insn, &aux[idx]);
		fallthrough;
	case BPF_JMP32:
		switch (BPF_OP(code)) {
		case BPF_JA:
			return BPF_CLASS(code) == BPF_JMP ? 0 :
			       vxdp_cpuv4(env, idx, insn);
		case BPF_EXIT:
		case BPF_JEQ:
		case BPF_JNE:
		case BPF_JGT:
		case BPF_JGE:
		case BPF_JLT:
		case BPF_JLE:
		case BPF_JSET:
		case BPF_JSGT:
		case BPF_JSGE:
		case BPF_JSLT:
		case BPF_JSLE:
			return 0;
		}
		fallthrough;
	default:
		vxdp_vlog(env,
			  "insn %d: instruction 0x%02x is not supported by the offload engine\n",
			  idx, code);
		return -EOPNOTSUPP;
	}
}

static int vxdp_finalize(struct bpf_verifier_env *env)
{
	if (env->used_map_cnt > VXDP_ENG_MAX_MAPS) {
		vxdp_vlog(env,
			  "%u maps: the offload engine runs programs of at most %u maps\n",
			  env->used_map_cnt, VXDP_ENG_MAX_MAPS);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* A conditional jump the verifier proved constant became a ja. */
static int vxdp_replace_insn(struct bpf_verifier_env *env, u32 off,
			     struct bpf_insn *insn)
{
	return 0;
}

static int vxdp_remove_insns(struct bpf_verifier_env *env, u32 off, u32 cnt)
{
	vxdp_eng_prog_remove_insns(vxdp_env_prog(env), off, cnt);
	return 0;
}

/*
 * Before verification: the device state of the program, with the facts
 * the verifier rewrites later (helper ids, ld_imm64 of maps).
 */
static int vxdp_prepare(struct bpf_prog *prog)
{
	struct vxdp_eng_insn_aux *aux;
	struct vxdp_eng_prog *ep;
	u32 i, len;

	if (READ_ONCE(vxdp_refuse_bind))
		return -EOPNOTSUPP;
	ep = vxdp_eng_prog_alloc(prog);
	if (!ep)
		return -ENOMEM;
	aux = vxdp_eng_prog_aux(ep, &len);
	for (i = 0; i < len; i++) {
		const struct bpf_insn *insn = &prog->insnsi[i];

		if (insn->code == (BPF_JMP | BPF_CALL) && !insn->src_reg)
			aux[i].helper = insn->imm;
		else if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
			aux[i].map = insn->src_reg == BPF_PSEUDO_MAP_FD ||
				     insn->src_reg == BPF_PSEUDO_MAP_IDX;
	}
	prog->aux->offload->dev_priv = ep;
	return 0;
}

static int vxdp_translate(struct bpf_prog *prog)
{
	return vxdp_eng_prog_load(prog->aux->offload->dev_priv, prog);
}

static void vxdp_destroy(struct bpf_prog *prog)
{
	vxdp_eng_prog_free(prog->aux->offload->dev_priv);
	prog->aux->offload->dev_priv = NULL;
}

static const struct bpf_prog_offload_ops vxdp_offload_ops = {
	.insn_hook	= vxdp_insn_hook,
	.finalize	= vxdp_finalize,
	.replace_insn	= vxdp_replace_insn,
	.remove_insns	= vxdp_remove_insns,
	.prepare	= vxdp_prepare,
	.translate	= vxdp_translate,
	.destroy	= vxdp_destroy,
};

/* ---- offloaded maps: the host's view of the device tables ---------------- */

static int vxdp_map_get_next_key(struct bpf_offloaded_map *offmap, void *key,
				 void *next_key)
{
	return vxdp_eng_map_next_key(offmap->dev_priv, key, next_key);
}

static int vxdp_map_lookup_elem(struct bpf_offloaded_map *offmap, void *key,
				void *value)
{
	return vxdp_eng_map_lookup(offmap->dev_priv, key, value);
}

static int vxdp_map_update_elem(struct bpf_offloaded_map *offmap, void *key,
				void *value, u64 flags)
{
	return vxdp_eng_map_update(offmap->dev_priv, key, value, flags);
}

static int vxdp_map_delete_elem(struct bpf_offloaded_map *offmap, void *key)
{
	return vxdp_eng_map_delete(offmap->dev_priv, key);
}

static const struct bpf_map_dev_ops vxdp_map_dev_ops = {
	.map_get_next_key	= vxdp_map_get_next_key,
	.map_lookup_elem	= vxdp_map_lookup_elem,
	.map_update_elem	= vxdp_map_update_elem,
	.map_delete_elem	= vxdp_map_delete_elem,
};

static int vxdp_map_alloc(struct bpf_offloaded_map *offmap)
{
	struct bpf_map *map = &offmap->map;
	struct vxdp_eng_map *m;

	if (map->map_flags)
		return -EINVAL;
	if (READ_ONCE(vxdp_refuse_map_alloc))
		return -ENOMEM;
	m = vxdp_eng_map_alloc(map);
	if (IS_ERR(m))
		return PTR_ERR(m);
	offmap->dev_priv = m;
	offmap->dev_ops = &vxdp_map_dev_ops;
	return 0;
}

/* ---- attach ---------------------------------------------------------------- */

static int vxdp_offload_setup(struct net_device *dev, struct netdev_bpf *bpf)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct vxdp_offload *off = priv->offload;
	struct bpf_prog *prog = bpf->prog;
	struct vxdp_eng_prog *ep = NULL;

	if (prog) {
		if (!vxdp_prog_is_offloaded(prog)) {
			NL_SET_ERR_MSG_MOD(bpf->extack,
					   "xdpoffload of a program not loaded for the device (load it with its ifindex)");
			return -EINVAL;
		}
		if (!bpf_offload_dev_match(prog, dev)) {
			NL_SET_ERR_MSG_MOD(bpf->extack,
					   "program loaded for another device");
			return -EINVAL;
		}
		ep = prog->aux->offload->dev_priv;
		if (!ep || !vxdp_eng_prog_loaded(ep)) {
			NL_SET_ERR_MSG_MOD(bpf->extack,
					   "program not translated for the offload engine");
			return -EINVAL;
		}
	}

	rcu_assign_pointer(priv->eng_prog, ep);
	if (off->hw_prog)
		bpf_prog_put(off->hw_prog);	/* freed after a grace period */
	off->hw_prog = prog;
	return 0;
}

/**
 * vxdp_offload_bpf - ndo_bpf's offload commands
 * @dev: the device
 * @bpf: XDP_SETUP_PROG_HW, BPF_OFFLOAD_MAP_ALLOC or BPF_OFFLOAD_MAP_FREE
 *
 * Return: 0 or a negative errno.
 */
int vxdp_offload_bpf(struct net_device *dev, struct netdev_bpf *bpf)
{
	ASSERT_RTNL();

	switch (bpf->command) {
	case XDP_SETUP_PROG_HW:
		return vxdp_offload_setup(dev, bpf);
	case BPF_OFFLOAD_MAP_ALLOC:
		return vxdp_map_alloc(bpf->offmap);
	case BPF_OFFLOAD_MAP_FREE:
		vxdp_eng_map_free(bpf->offmap->dev_priv);
		bpf->offmap->dev_priv = NULL;
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * vxdp_offload_init - make the device an offload device
 * @dev: the device, from ndo_init
 *
 * Return: 0 or a negative errno.
 */
int vxdp_offload_init(struct net_device *dev)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct vxdp_offload *off;
	int err;

	off = kzalloc(sizeof(*off), GFP_KERNEL);
	if (!off)
		return -ENOMEM;
	off->offdev = bpf_offload_dev_create(&vxdp_offload_ops, off);
	if (IS_ERR(off->offdev)) {
		err = PTR_ERR(off->offdev);
		goto err_free;
	}
	err = bpf_offload_dev_netdev_register(off->offdev, dev);
	if (err)
		goto err_destroy;
	priv->offload = off;
	return 0;

err_destroy:
	bpf_offload_dev_destroy(off->offdev);
err_free:
	kfree(off);
	return err;
}

/**
 * vxdp_offload_uninit - the device goes away
 * @dev: the device, from ndo_uninit (its XDP programs already detached)
 *
 * The programs and maps still bound to the device lose it: the core
 * destroys their device state (vxdp_destroy(), BPF_OFFLOAD_MAP_FREE).
 */
void vxdp_offload_uninit(struct net_device *dev)
{
	struct vxdp_priv *priv = netdev_priv(dev);
	struct vxdp_offload *off = priv->offload;

	if (!off)
		return;
	/* the core detached it already (dev_xdp_uninstall()) */
	if (off->hw_prog) {
		RCU_INIT_POINTER(priv->eng_prog, NULL);
		bpf_prog_put(off->hw_prog);
	}
	bpf_offload_dev_netdev_unregister(off->offdev, dev);
	bpf_offload_dev_destroy(off->offdev);
	kfree(off);
	priv->offload = NULL;
}

static int vxdp_u32_get(void *data, u64 *val)
{
	*val = *(u32 *)data;
	return 0;
}

/* a value beyond u32 is refused, where debugfs_create_u32() truncates it */
static int vxdp_u32_set(void *data, u64 val)
{
	if (val > U32_MAX)
		return -ERANGE;
	*(u32 *)data = val;
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(vxdp_u32_fops, vxdp_u32_get, vxdp_u32_set, "%llu\n");

/* debugfs_create_bool()'s write ignores what it cannot parse: refuse it */
static ssize_t vxdp_bool_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	bool v;
	int err = kstrtobool_from_user(ubuf, count, &v);

	if (err)
		return err;
	WRITE_ONCE(*(bool *)file->private_data, v);
	return count;
}

static const struct file_operations vxdp_bool_fops = {
	.open	= simple_open,
	.read	= debugfs_read_file_bool,
	.write	= vxdp_bool_write,
	.llseek	= default_llseek,
};

/* The debugfs knobs: module-wide, for every vxdp device. */
void vxdp_offload_module_init(void)
{
	struct dentry *dir = debugfs_create_dir("vxdp_offload", NULL);

	debugfs_create_file("refuse_bind", 0600, dir, &vxdp_refuse_bind,
			    &vxdp_bool_fops);
	debugfs_create_file("refuse_map_alloc", 0600, dir,
			    &vxdp_refuse_map_alloc, &vxdp_bool_fops);
	debugfs_create_file_unsafe("refuse_helper", 0600, dir,
				   &vxdp_refuse_helper, &vxdp_u32_fops);
	vxdp_offload_debugfs = dir;
}

void vxdp_offload_module_exit(void)
{
	debugfs_remove_recursive(vxdp_offload_debugfs);
}
