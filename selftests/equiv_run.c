// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_equiv: one run. Load the corpus object, set its .rodata and fill its
 * maps, apply --sysctl; run_mode() attaches the program in native or
 * generic mode, injects the packet set one frame per NAPI poll, waits until
 * nothing arrives, detaches, and moves what each observer recorded, the
 * program's .bss and the counter deltas into a struct run.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "equiv.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ */
/* BPF object */

static struct bpf_map *map_by_suffix(struct bpf_object *obj, const char *sfx)
{
	struct bpf_map *m;
	size_t sl = strlen(sfx);

	bpf_object__for_each_map(m, obj) {
		const char *n = bpf_map__name(m);
		size_t nl = strlen(n);

		if (nl >= sl && !strcmp(n + nl - sl, sfx))
			return m;
	}
	return NULL;
}

/* offset of variable @var in DATASEC @sec, or -1 */
int var_offset(const struct btf *btf, const char *sec, const char *var)
{
	const struct btf_var_secinfo *vsi;
	const struct btf_type *t;
	int id, i;

	id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id < 0)
		return -1;
	t = btf__type_by_id(btf, id);
	vsi = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vsi++) {
		const struct btf_type *v = btf__type_by_id(btf, vsi->type);

		if (!strcmp(btf__name_by_offset(btf, v->name_off), var))
			return vsi->offset;
	}
	return -1;
}

static void set_rodata(struct loaded *l, const char *var, uint32_t val)
{
	struct bpf_map *ro = map_by_suffix(l->obj, ".rodata");
	int off;
	size_t sz;
	uint8_t *data;

	if (!ro)
		return;
	off = var_offset(bpf_object__btf(l->obj), ".rodata", var);
	if (off < 0)
		return;
	data = (uint8_t *)bpf_map__initial_value(ro, &sz);
	if (!data || off + 4 > (int)sz)
		die("cannot set .rodata %s", var);
	memcpy(data + off, &val, 4);
	if (verbose)
		msg("  .rodata %s = %u", var, val);
}

int libbpf_quiet(enum libbpf_print_level level, const char *fmt,
		 va_list ap)
{
	if (level == LIBBPF_WARN || verbose)
		return vfprintf(stdout, fmt, ap);
	return 0;
}

/*
 * Open @path and find its programs; @ifindex: bind the main program and
 * the maps the engine can hold (arrays and hashes without flags, not
 * libbpf's global data maps) to that device. Return the error of
 * bpf_object__load(), the object still open.
 */
static int open_load(const char *path, struct loaded *l, int ifindex,
		     char *log, size_t log_size)
{
	struct bpf_program *p;
	struct bpf_map *m;

	memset(l, 0, sizeof(*l));
	l->ifindex = ifindex;
	l->obj = bpf_object__open_file(path, NULL);
	if (!l->obj)
		die("cannot open %s: %s", path, strerror(errno));
	bpf_object__for_each_program(p, l->obj) {
		const char *sec = bpf_program__section_name(p);

		if (!strcmp(sec, "xdp") || !strcmp(sec, "xdp.frags"))
			l->main = p;
		else if (!strcmp(sec, "xdp/devmap"))
			l->devmap_prog = p;
		else if (!strcmp(sec, "xdp/cpumap"))
			l->cpumap_prog = p;
		else if (!strcmp(sec, "tc"))
			l->tc_prog = p;
	}
	if (!l->main)
		die("%s has no program in section \"xdp\" or \"xdp.frags\"", path);
	if (log)
		bpf_program__set_log_buf(l->main, log, log_size);
	if (ifindex) {
		bpf_program__set_ifindex(l->main, ifindex);
		bpf_object__for_each_map(m, l->obj) {
			enum bpf_map_type t = bpf_map__type(m);

			if ((t == BPF_MAP_TYPE_ARRAY || t == BPF_MAP_TYPE_HASH) &&
			    !bpf_map__map_flags(m) && bpf_map__name(m)[0] != '.')
				bpf_map__set_ifindex(m, ifindex);
		}
	}

	set_rodata(l, "tgt_ifindex", ifindex_of(env.tgt));
	set_rodata(l, "tgt6_ifindex", ifindex_of(env.tgt6));
	set_rodata(l, "cpu_target", env.cpu_target);
	set_rodata(l, "frag_release", !kernel_at_least(6, 8));

	return bpf_object__load(l->obj);
}

static void find_maps(const char *path, struct loaded *l)
{
	l->cnt_map = bpf_object__find_map_by_name(l->obj, "corpus_cnt_map");
	l->bss = map_by_suffix(l->obj, ".bss");
	l->head_off = -1;
	if (l->cnt_map) {
		if (bpf_map__value_size(l->cnt_map) != CNT_NR * 8)
			die("%s: corpus_cnt_map is not %d counters", path, CNT_NR);
	} else {
		if (!l->bss)
			die("%s has no .bss", path);
		/* libbpf 1.1 only maps it for skeletons: map the live .bss */
		l->bss_size = bpf_map__value_size(l->bss);
		l->bss_data = mmap(NULL, (l->bss_size + 4095) & ~4095UL,
				   PROT_READ | PROT_WRITE, MAP_SHARED,
				   bpf_map__fd(l->bss), 0);
		if (l->bss_data == MAP_FAILED)
			die("%s: cannot mmap .bss: %s", path, strerror(errno));
		l->cnt_off = var_offset(bpf_object__btf(l->obj), ".bss",
					"corpus_cnt");
		if (!l->bss_data || l->cnt_off < 0 ||
		    l->cnt_off + CNT_NR * 8 > (int)l->bss_size)
			die("%s: no corpus_cnt in a mmapable .bss", path);
		l->head_off = var_offset(bpf_object__btf(l->obj), ".bss",
					 "corpus_head");
	}

	l->devmap = bpf_object__find_map_by_name(l->obj, "devmap");
	l->devmap_hash = bpf_object__find_map_by_name(l->obj, "devmap_hash");
	l->cpumap = bpf_object__find_map_by_name(l->obj, "cpumap");
	l->xsks = bpf_object__find_map_by_name(l->obj, "xsks");
	l->tcq = bpf_object__find_map_by_name(l->obj, "tc_meta_q");
}

/* load @path (bound to device @ifindex if not 0), or die */
void load_obj(const char *path, struct loaded *l, int ifindex)
{
	int err = open_load(path, l, ifindex, NULL, 0);

	if (err)
		die("cannot load %s%s: %s", path, ifindex ? " for offload" : "",
		    strerror(-err));
	find_maps(path, l);
}

static int libbpf_none(enum libbpf_print_level level, const char *fmt,
		       va_list ap)
{
	return 0;
}

/*
 * Load @path for offload to the DUT, keeping the verifier's log of the
 * main program in @log. Return 0 (loaded: @l is usable) or the error
 * (@l's object is closed).
 */
int load_obj_offload(const char *path, struct loaded *l, char *log,
		     size_t log_size)
{
	int err;

	log[0] = 0;
	libbpf_set_print(libbpf_none);
	err = open_load(path, l, ifindex_of(env.dut), log, log_size);
	libbpf_set_print(libbpf_quiet);
	if (err) {
		bpf_object__close(l->obj);
		l->obj = NULL;
		return err;
	}
	find_maps(path, l);
	return 0;
}

/* the program's counters, now */
void read_cnt(struct loaded *l, uint64_t cnt[CNT_NR])
{
	uint32_t key = 0;

	if (!l->cnt_map) {
		uint64_t *c = (uint64_t *)(l->bss_data + l->cnt_off);
		int i;

		for (i = 0; i < CNT_NR; i++)
			cnt[i] = __atomic_load_n(&c[i], __ATOMIC_ACQUIRE);
		return;
	}
	if (bpf_map_lookup_elem(bpf_map__fd(l->cnt_map), &key, cnt))
		die("%s: corpus_cnt_map: %s", l->ifindex ? "offload" : "host",
		    strerror(errno));
}

static void zero_cnt(struct loaded *l)
{
	uint64_t zero[CNT_NR] = {};
	uint32_t key = 0;

	if (!l->cnt_map) {
		memset(l->bss_data, 0, l->bss_size);
		return;
	}
	if (bpf_map_update_elem(bpf_map__fd(l->cnt_map), &key, zero, 0))
		die("corpus_cnt_map: %s", strerror(errno));
}

static void map_set(struct bpf_map *m, uint32_t key, const void *val)
{
	if (bpf_map_update_elem(bpf_map__fd(m), &key, val, 0))
		die("map %s[%u]: %s", bpf_map__name(m), key, strerror(errno));
}

/* Fill the maps the corpus programs use, by name. */
void fill_maps(struct loaded *l, int xsk_fd)
{
	if (l->devmap) {
		uint32_t devs[3] = { ifindex_of(env.tgt), ifindex_of(env.tgt6),
				     ifindex_of(env.dut) };
		uint32_t i;

		for (i = 0; i < 3; i++) {
			struct bpf_devmap_val v = { .ifindex = devs[i] };

			if (l->devmap_prog)
				v.bpf_prog.fd = bpf_program__fd(l->devmap_prog);
			map_set(l->devmap, i, &v);
		}
	}
	if (l->devmap_hash) {
		uint32_t devs[2] = { ifindex_of(env.tgt), ifindex_of(env.tgt6) };
		int i;

		for (i = 0; i < 2; i++)
			map_set(l->devmap_hash, devs[i], &devs[i]);
	}
	if (l->cpumap) {
		struct bpf_cpumap_val v = { .qsize = 2048 };

		if (l->cpumap_prog)
			v.bpf_prog.fd = bpf_program__fd(l->cpumap_prog);
		map_set(l->cpumap, env.cpu_target, &v);
	}
	if (l->xsks && xsk_fd >= 0)
		map_set(l->xsks, 0, &xsk_fd);
}

/* ------------------------------------------------------------------ */
/* sysctl */

struct sysctl_save {
	char path[256];
	char old[64];
};

static void write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, val, strlen(val)) < 0)
		die("cannot write %s: %s", path, strerror(errno));
	close(fd);
}

static void sysctl_apply(struct sysctl_save *s)
{
	int i;

	for (i = 0; i < env.nsysctl; i++) {
		const char *eq = strchr(env.sysctl[i], '=');
		FILE *f;

		if (!eq)
			die("--sysctl PATH=VALUE");
		snprintf(s[i].path, sizeof(s[i].path), "/proc/sys/%.*s",
			 (int)(eq - env.sysctl[i]), env.sysctl[i]);
		f = fopen(s[i].path, "r");
		if (!f || !fgets(s[i].old, sizeof(s[i].old), f))
			die("cannot read %s", s[i].path);
		fclose(f);
		write_file(s[i].path, eq + 1);
	}
}

static void sysctl_restore(struct sysctl_save *s)
{
	int i;

	for (i = env.nsysctl - 1; i >= 0; i--)
		write_file(s[i].path, s[i].old);
}

/* ------------------------------------------------------------------ */
/* One run */

const char *const mode_names[] = { "native", "generic", "offload" };

void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity: %s", strerror(errno));
}

void bench_open(struct bench *b)
{
	int dut = ifindex_of(env.dut), err, i;
	const char *odev[4] = { env.peer, env.dut, env.tgt_obs, env.tgt6_obs };

	memset(b, 0, sizeof(*b));
	load_obj(env.obj, &b->l, 0);
	if (env.offload) {
		static char log[1 << 20];

		err = load_obj_offload(env.obj, &b->lo, log, sizeof(log));
		if (err) {
			const char *v = strstr(log, "vxdp:");

			die("%s: offload load refused (%s): %s", env.obj,
			    strerror(-err), v ? v : log);
		}
		b->has_off = true;
	}
	if (b->l.xsks) {
		xsk_open(&b->o.xsk, dut);
		b->o.has_xsk = true;
	}
	fill_maps(&b->l, b->o.has_xsk ? b->o.xsk.fd : -1);
	b->o.udp_fd = open_udp(env.udp_addr, env.udp_port);
	if (b->l.tc_prog) {
		DECLARE_LIBBPF_OPTS(bpf_tc_opts, tcopts);

		b->hook.sz = sizeof(b->hook);
		b->hook.ifindex = dut;
		b->hook.attach_point = BPF_TC_INGRESS;
		err = bpf_tc_hook_create(&b->hook);
		if (err && err != -EEXIST)
			die("tc hook on %s: %s", env.dut, strerror(-err));
		tcopts.prog_fd = bpf_program__fd(b->l.tc_prog);
		err = bpf_tc_attach(&b->hook, &tcopts);
		if (err)
			die("tc attach on %s: %s", env.dut, strerror(-err));
	}
	for (i = 0; i < 4; i++) {
		b->o.shield_fd[i] = open_shield(odev[i]);
		b->o.pkt_fd[i] = open_packet(odev[i]);
	}
	b->inj_fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (b->inj_fd < 0)
		die("AF_PACKET: %s", strerror(errno));
}

void bench_close(struct bench *b)
{
	int i;

	if (b->l.tc_prog)
		bpf_tc_hook_destroy(&b->hook);
	for (i = 0; i < 4; i++) {
		close(b->o.pkt_fd[i]);
		close(b->o.shield_fd[i]);
	}
	close(b->o.udp_fd);
	close(b->inj_fd);
	if (b->o.has_xsk)
		xsk_close(&b->o.xsk);
	if (b->l.bss_data)
		munmap(b->l.bss_data, (b->l.bss_size + 4095) & ~4095UL);
	bpf_object__close(b->l.obj);
	if (b->has_off)
		bpf_object__close(b->lo.obj);
}

/*
 * --offload: with a single-buffer program attached, natively or offloaded,
 * the DUT refuses an MTU above one rx buffer's frame (3502). Return the
 * errno of setting 3503 (0: it was set, and the MTU is put back).
 */
static int mtu_above_buffer(void)
{
	struct ifreq ifr = {};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), err = 0, old;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", env.dut);
	if (fd < 0 || ioctl(fd, SIOCGIFMTU, &ifr))
		die("SIOCGIFMTU %s: %s", env.dut, strerror(errno));
	old = ifr.ifr_mtu;
	ifr.ifr_mtu = 3503;
	if (ioctl(fd, SIOCSIFMTU, &ifr)) {
		err = errno;
	} else {
		ifr.ifr_mtu = old;
		if (ioctl(fd, SIOCSIFMTU, &ifr))
			die("SIOCSIFMTU %s %d: %s", env.dut, old, strerror(errno));
	}
	close(fd);
	return err;
}

/**
 * run_mode() - run the program in one XDP mode over the packet set
 * @b: the bench: the object loaded, its maps filled, the observers open
 * @mode: MODE_NATIVE, MODE_GENERIC or MODE_OFFLOAD (the object loaded for
 *	  the device, b->lo)
 * @set: the packet set, injected in order on the DUT's peer
 * @n: number of frames in @set
 * @r: the run, filled with what the observers recorded, the program's .bss,
 *     the counter deltas and the timings
 *
 * The --sysctl settings hold for the run only. Dies if a frame never
 * reaches the program or an observer drops frames.
 */
void run_mode(struct bench *b, int mode, struct frame *set, int n,
	      struct run *r)
{
	uint32_t flags = XDP_FLAGS_UPDATE_IF_NOEXIST |
			 (mode == MODE_NATIVE ? XDP_FLAGS_DRV_MODE :
			  mode == MODE_OFFLOAD ? XDP_FLAGS_HW_MODE :
						 XDP_FLAGS_SKB_MODE);
	struct loaded *l = mode == MODE_OFFLOAD ? &b->lo : &b->l;
	int dut = ifindex_of(env.dut), i, err, quiet;
	struct sysctl_save saved[8];
	struct observers *o = &b->o;
	struct devstats before[D_NR] = {};
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = ifindex_of(env.peer),
		.sll_halen = 6,
	};
	uint64_t cnt[CNT_NR];
	double t0, deadline, ts = now_s();

	memset(r, 0, sizeof(*r));
	zero_cnt(l);
	drain_all(o);
	for (i = 0; i < O_NR; i++) {
		if (o->rec[i].n)
			die("%s: %d frames at observer %s before the run",
			    mode_names[mode], o->rec[i].n, obs_names[i]);
		o->rec[i].noise = 0;
	}
	sysctl_apply(saved);
	snapshot(before);

	err = bpf_xdp_attach(dut, bpf_program__fd(l->main), flags, NULL);
	if (err)
		die("attach %s XDP to %s: %s", mode_names[mode], env.dut,
		    strerror(-err));

	/*
	 * One frame per NAPI poll: on this CPU the DUT's poll runs in the
	 * sender's softirq (or ksoftirqd) before the next frame goes out, so
	 * the program count says when a frame has been handled.
	 */
	t0 = now_s();
	r->t_setup = t0 - ts;
	for (i = 0; i < n; i++) {
		double until;
		int spins = 0;

		memcpy(sll.sll_addr, set[i].data, 6);
		sll.sll_protocol = htons(get16(set[i].data + 12));
		if (sendto(b->inj_fd, set[i].data, set[i].len, 0,
			   (struct sockaddr *)&sll, sizeof(sll)) !=
		    (ssize_t)set[i].len)
			die("send frame %d: %s", i, strerror(errno));
		until = 0;
		for (;;) {
			read_cnt(l, cnt);
			if (cnt[CNT_SEEN] >= (uint64_t)i + 1)
				break;
			if (++spins < 100)
				continue;
			if (!until)
				until = now_s() + 5;
			if (now_s() > until)
				die("%s: frame %d (length %u) never reached the program (it saw %llu)",
				    mode_names[mode], i, set[i].len,
				    (unsigned long long)cnt[CNT_SEEN]);
			usleep(20);
		}
		if (i % 32 == 31)
			drain_all(o);
	}
	r->t_inject = now_s() - t0;

	/* settle: until nothing arrives anywhere for a while */
	deadline = now_s() + 20;
	for (quiet = 0; quiet < 3 && now_s() < deadline;) {
		usleep(100000);
		quiet = drain_all(o) ? 0 : quiet + 1;
	}
	r->secs = now_s() - t0;
	r->t_settle = r->secs - r->t_inject;
	ts = now_s();
	if (env.offload)
		r->mtu_err = mtu_above_buffer();

	err = bpf_xdp_detach(dut, flags & ~XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (err)
		die("detach %s XDP: %s", mode_names[mode], strerror(-err));
	drain_all(o);
	if (b->l.tcq) {
		struct meta_rec m;

		while (!bpf_map_lookup_and_delete_elem(bpf_map__fd(b->l.tcq),
						       NULL, &m))
			recs_add(&o->rec[O_TC], &m, sizeof(m));
	}
	sysctl_restore(saved);
	snapshot(r->ds);
	delta(r->ds, before);

	for (i = 0; i < 4; i++) {
		struct tpacket_stats st;
		socklen_t sl = sizeof(st);

		/* reading the statistics resets them */
		if (!getsockopt(o->pkt_fd[i], SOL_PACKET, PACKET_STATISTICS,
				&st, &sl) && st.tp_drops)
			die("%s observer dropped %u frames", obs_names[i],
			    st.tp_drops);
	}

	/* the records move to the run */
	memcpy(r->rec, o->rec, sizeof(r->rec));
	memset(o->rec, 0, sizeof(o->rec));
	for (i = 0; i < O_NR; i++)
		r->noise[i] = r->rec[i].noise;
	read_cnt(l, r->cnt);
	r->head_off = l->head_off;
	if (l->cnt_map) {
		/* the counters are all the program's data */
		r->bss_size = CNT_NR * 8;
		r->cnt_off = 0;
		r->cpumap_off = -1;
		r->bss = malloc(r->bss_size);
		memcpy(r->bss, r->cnt, r->bss_size);
	} else {
		r->bss_size = l->bss_size;
		r->cnt_off = l->cnt_off;
		r->cpumap_off = var_offset(bpf_object__btf(l->obj), ".bss",
					   "cpumap_cnt");
		r->bss = malloc(l->bss_size);
		memcpy(r->bss, l->bss_data, l->bss_size);
	}
	r->t_teardown = now_s() - ts;
}
