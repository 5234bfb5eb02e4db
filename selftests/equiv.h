/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xdp_equiv: what its parts share (see xdp_equiv.c for the tool and its
 * commands). Each section names the file that defines it.
 */
#ifndef EQUIV_H
#define EQUIV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/ethtool.h>
#include <linux/if_xdp.h>

#include <bpf/libbpf.h>

/* ---- xdp_equiv.c: options, messages, devices ---- */

/* must match progs/corpus_common.h */
enum {
	CNT_SEEN, CNT_BYTES, CNT_MAX_LEN, CNT_ABORTED, CNT_DROP, CNT_PASS,
	CNT_TX, CNT_REDIRECT, CNT_OTHER, CNT_AUX0, CNT_AUX1, CNT_AUX2,
	CNT_AUX3, CNT_NR
};
extern const char *const cnt_names[CNT_NR];

struct meta_rec {		/* progs/corpus_tc_meta.h */
	uint32_t metalen;
	uint32_t len;
	uint8_t meta[32];
};

extern int verbose;

void msg(const char *fmt, ...);
void __attribute__((noreturn)) die(const char *fmt, ...);

struct env {
	const char *obj;
	const char *dut, *peer, *tgt, *tgt_obs, *tgt6, *tgt6_obs;
	const char *dev, *mode, *pin, *netns;
	const char *udp_addr;
	int udp_port;
	int cpu_target;
	int count;
	uint64_t seed;
	const char *dst_mac;
	const char *sysctl[8];
	int nsysctl;
	const char *expect[8];
	int nexpect;
	/* tcp/udp tools */
	const char *dst;
	int port;
	long long bytes;
	int len, gso, timeout;
	int tc;
	int prog_id;
	int offload;		/* compare: native vs offload */
	int jumbo;		/* the packet set: frames up to this length */
	const char *refused;	/* offload-refused: the log's message */
};

extern struct env env;

int ifindex_of(const char *dev);
bool kernel_at_least(int maj, int min);
void dev_mac(const char *dev, uint8_t mac[6]);

/* ---- equiv_gen.c: the packet set ---- */

struct frame {
	uint8_t *data;
	uint32_t len;
};

struct frame *gen_set(int n, uint64_t seed, const uint8_t dut[6],
		      const uint8_t src[6]);

/* the first rx buffer's bytes: vxdp's VXDP_RX_BUF_LEN on 4 KiB pages */
#define RX_BUF_LEN	3520

/* big-endian fields of a frame, for every part */
static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static inline uint16_t get16(const uint8_t *p)
{
	return (p[0] << 8) | p[1];
}

/* ---- equiv_observe.c: records, observers, counters ---- */

struct rec {
	uint32_t len;
	uint8_t *data;
};

struct recs {
	struct rec *r;
	int n, cap;
	uint64_t noise;		/* kernel control frames left out */
	uint64_t drops;		/* AF_PACKET drops */
};

void recs_add(struct recs *rs, const void *data, uint32_t len);
void recs_free(struct recs *rs);
bool rec_eq(const struct rec *a, const struct rec *b);

enum obs_id { O_PEER, O_STACK, O_TGT, O_TGT6, O_XSK, O_UDP, O_TC, O_NR };
extern const char *const obs_names[O_NR];

#define XSK_FRAMES	2048
#define XSK_FRAME_SIZE	2048

struct xsk {
	int fd;
	void *umem;
	struct xdp_ring_offset rx_off, fill_off;
	void *rx_map, *fill_map;
	size_t rx_map_len, fill_map_len;
	uint32_t nrx;
};

struct observers {
	int pkt_fd[4];		/* O_PEER..O_TGT6 */
	int shield_fd[4];
	int udp_fd;
	struct xsk xsk;
	bool has_xsk;
	struct recs rec[O_NR];
};

int open_shield(const char *dev);
int open_packet(const char *dev);
int open_udp(const char *addr, int port);
void xsk_open(struct xsk *x, int ifindex);
void xsk_close(struct xsk *x);
int drain_all(struct observers *o);

#define NSYS 9		/* the number of sys_names[] */
extern const char *const sys_names[];

enum dev_id { D_PEER, D_DUT, D_TGT, D_TGT_OBS, D_TGT6, D_TGT6_OBS, D_NR };

struct ethstats {
	int n;
	char (*names)[ETH_GSTRING_LEN];
	uint64_t *v;
};

struct devstats {
	uint64_t sys[NSYS];
	struct ethstats eth;
};

const char *dev_name(int d);
bool dev_is_vxdp(int d);
void snapshot(struct devstats ds[D_NR]);
void delta(struct devstats after[D_NR], struct devstats before[D_NR]);
uint64_t eth_sum(const struct ethstats *es, const char *prefix,
		 const char *name);

/* ---- equiv_run.c: the BPF object, one run ---- */

/*
 * A loaded corpus object. Its counters are corpus_cnt[] in its .bss
 * (mmapped), or for the offload variant (progs/corpus_*.off.o) the value
 * of the array corpus_cnt_map (read with lookups: an offloaded map lives
 * in the device).
 */
struct loaded {
	struct bpf_object *obj;
	struct bpf_program *main, *devmap_prog, *cpumap_prog, *tc_prog;
	struct bpf_map *bss, *devmap, *devmap_hash, *cpumap, *xsks, *tcq;
	struct bpf_map *cnt_map;
	uint8_t *bss_data;
	size_t bss_size;
	int cnt_off;
	int head_off;		/* corpus_head in .bss (xdp.frags), or -1 */
	int ifindex;		/* offloaded to this device, or 0 */
};

int var_offset(const struct btf *btf, const char *sec, const char *var);
int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap);
void load_obj(const char *path, struct loaded *l, int ifindex);
int load_obj_offload(const char *path, struct loaded *l, char *log,
		     size_t log_size);
void read_cnt(struct loaded *l, uint64_t cnt[CNT_NR]);
void fill_maps(struct loaded *l, int xsk_fd);

enum { MODE_NATIVE, MODE_GENERIC, MODE_OFFLOAD };
extern const char *const mode_names[];

struct run {
	struct recs rec[O_NR];
	uint8_t *bss;
	size_t bss_size;
	uint64_t cnt[CNT_NR];
	struct devstats ds[D_NR];
	uint64_t noise[O_NR];
	int cnt_off, cpumap_off, head_off;
	int mtu_err;		/* --offload: errno of setting MTU 3503 */
	double secs;
	double t_setup, t_inject, t_settle, t_teardown;
};

/*
 * What both runs share: the object (loaded once; its .bss is zeroed before
 * each run), its maps, the observers, the tc consumer, the injector.
 */
struct bench {
	struct loaded l;
	struct loaded lo;	/* compare --offload: the object for the device */
	bool has_off;
	struct observers o;
	struct bpf_tc_hook hook;
	int inj_fd;
};

void pin_cpu(int cpu);
void bench_open(struct bench *b);
void bench_close(struct bench *b);
void run_mode(struct bench *b, int mode, struct frame *set, int n,
	      struct run *r);

/* ---- equiv_compare.c: the comparison ---- */

int cmd_compare(void);

#endif /* EQUIV_H */
