// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_equiv compare: run the program in both modes and compare the runs,
 * observer by observer and counter by counter. Everything must be equal
 * except the differences the kernel causes, which rules assert as such
 * (EQUIVALENCE.md; --expect asks for the per-program ones); each failure
 * is reported with what differs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_ether.h>

#include "equiv.h"

/* was --expect @name given? */
static bool expected(const char *name)
{
	int i;

	for (i = 0; i < env.nexpect; i++)
		if (!strcmp(env.expect[i], name))
			return true;
	return false;
}

static int failures;
/* the mode compared with native: "generic", or "offload" (--offload) */
static const char *other = "generic";

static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("# FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	failures++;
}

static void hexdump(const char *what, const struct rec *r)
{
	uint32_t i;

	printf("#   %s (%u bytes):", what, r->len);
	for (i = 0; i < r->len && i < 96; i++)
		printf("%s%02x", i % 32 ? " " : "\n#     ", r->data[i]);
	printf("%s\n", r->len > 96 ? " ..." : "");
}

static bool recs_equal(const struct recs *a, const struct recs *b)
{
	int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (!rec_eq(&a->r[i], &b->r[i]))
			return false;
	return true;
}

static void report_diff(const char *obs, const struct recs *a,
			const struct recs *b)
{
	int i, n = a->n < b->n ? a->n : b->n;

	fail("observer %s: native %d records, %s %d", obs, a->n, other, b->n);
	for (i = 0; i < n; i++)
		if (!rec_eq(&a->r[i], &b->r[i]))
			break;
	if (i < n || a->n != b->n) {
		msg("  first difference at record %d", i);
		if (i < a->n)
			hexdump("native", &a->r[i]);
		if (i < b->n)
			hexdump(other, &b->r[i]);
	}
}

/* is @sub a subsequence of @all? */
static bool subsequence(const struct recs *sub, const struct recs *all)
{
	int i = 0, j;

	for (j = 0; j < all->n && i < sub->n; j++)
		if (rec_eq(&sub->r[i], &all->r[j]))
			i++;
	return i == sub->n;
}

/*
 * Expected difference "meta-cpumap": the xdp_frame carries the metadata
 * into the skb the cpumap kthread builds (native); generic XDP's redirect
 * does not call skb_metadata_set(), so the skb arrives without it.
 */
static void rule_meta_cpumap(struct run *rn, struct run *rg)
{
	const struct recs *a = &rn->rec[O_TC], *b = &rg->rec[O_TC];
	int i, withmeta = 0;

	if (a->n != b->n) {
		fail("meta-cpumap: tc saw %d skbs native, %d generic", a->n, b->n);
		return;
	}
	for (i = 0; i < a->n; i++) {
		const struct meta_rec *ma = (void *)a->r[i].data;
		const struct meta_rec *mb = (void *)b->r[i].data;

		if (ma->len != mb->len) {
			fail("meta-cpumap: skb %d: length %u native, %u generic",
			     i, ma->len, mb->len);
			return;
		}
		if (ma->metalen == 16 && mb->metalen == 0)
			withmeta++;
		else if (ma->metalen || mb->metalen) {
			fail("meta-cpumap: skb %d: metadata %u bytes native, %u generic",
			     i, ma->metalen, mb->metalen);
			return;
		}
	}
	if (!withmeta)
		fail("meta-cpumap: no skb carried metadata in native mode");
	else
		msg("expected difference meta-cpumap: %d skbs from the cpumap carry 16 bytes of metadata in native mode, none in generic mode",
		    withmeta);
}

/*
 * What corpus_cpumap_prog's "xdp/cpumap" program does to a frame (its
 * parse_pkt() and verdicts, in C): 0 passes it, 1 drops it (UDP with an
 * odd destination port), 2 passes it with the MACs swapped (TCP).
 */
static int cpumap_prog_action(const uint8_t *p, uint32_t len)
{
	uint32_t off = 14;
	uint16_t type;
	uint8_t l4 = 0;
	int i;

	if (len < 14)
		return 1;
	type = get16(p + 12);
	for (i = 0; i < 2 && (type == 0x8100 || type == 0x88a8); i++) {
		if (off + 4 > len)
			return 1;
		type = get16(p + off + 2);
		off += 4;
	}
	if (type == ETH_P_IP) {
		if (off + 20 > len || (p[off] & 15) < 5)
			return 0;
		l4 = p[off + 9];
		if (get16(p + off + 6) & 0x1fff)
			return l4 == 6 ? 2 : 0;
		off += (p[off] & 15) * 4;
	} else if (type == ETH_P_IPV6) {
		if (off + 40 > len)
			return 0;
		l4 = p[off + 6];
		off += 40;
	} else {
		return 0;
	}
	if (l4 == 17 && off + 4 <= len && (get16(p + off + 2) & 1))
		return 1;
	return l4 == 6 ? 2 : 0;
}

static bool rec_eq_swapped(const struct rec *a, const struct rec *b)
{
	return a->len == b->len && a->len >= 12 &&
	       !memcmp(a->data, b->data + 6, 6) &&
	       !memcmp(a->data + 6, b->data, 6) &&
	       !memcmp(a->data + 12, b->data + 12, a->len - 12);
}

/*
 * Expected difference "cpumap-prog-skb" (a bug of 6.1's cpumap): for skbs
 * from generic XDP, cpu_map_bpf_prog_run_skb() returns after the first
 * skb of a batch that its program drops or redirects, so the rest of the
 * batch (up to 8 skbs) reaches the stack without the cpumap program ever
 * seeing it. Native's frames all go through the program. How many skbs
 * escape depends on how the kthread batches them, i.e. on timing.
 * Generic's stack frames must be native's plus escaped frames the program
 * would have dropped, with escaped TCP frames unswapped; the program's own
 * count must be short by exactly the escaped frames.
 */
static uint64_t escaped_unhandled;

static void rule_cpumap_prog_skb(struct run *rn, struct run *rg)
{
	const struct recs *n = &rn->rec[O_STACK], *g = &rg->rec[O_STACK];
	int i = 0, j = 0, dropped = 0, unswapped = 0;
	const uint64_t *cn, *cg;

	while (j < g->n) {
		int act;

		if (i < n->n && rec_eq(&n->r[i], &g->r[j])) {
			i++;
			j++;
			continue;
		}
		act = cpumap_prog_action(g->r[j].data, g->r[j].len);
		if (act == 1) {
			const uint8_t *f = g->r[j].data;

			dropped++;
			/* the stack has no handler for a frame still tagged
			 * after it took one tag off: it counts a drop
			 */
			if (g->r[j].len >= 18 &&
			    (get16(f + 12) == 0x8100 || get16(f + 12) == 0x88a8) &&
			    (get16(f + 16) == 0x8100 || get16(f + 16) == 0x88a8))
				escaped_unhandled++;
			j++;
			continue;
		}
		if (act == 2 && i < n->n && rec_eq_swapped(&n->r[i], &g->r[j])) {
			unswapped++;
			i++;
			j++;
			continue;
		}
		fail("cpumap-prog-skb: generic stack frame %d is neither native's frame %d nor one that escaped the cpumap program",
		     j, i);
		hexdump("generic", &g->r[j]);
		if (i < n->n)
			hexdump("native", &n->r[i]);
		return;
	}
	if (i != n->n) {
		fail("cpumap-prog-skb: generic stack lacks native frames from %d on", i);
		return;
	}
	if (!subsequence(&rn->rec[O_UDP], &rg->rec[O_UDP]) ||
	    rg->rec[O_UDP].n - rn->rec[O_UDP].n > dropped) {
		fail("cpumap-prog-skb: UDP socket: native %d datagrams, generic %d, %d frames escaped a drop",
		     rn->rec[O_UDP].n, rg->rec[O_UDP].n, dropped);
		return;
	}
	if (rn->cpumap_off < 0 || rg->cpumap_off != rn->cpumap_off) {
		fail("cpumap-prog-skb: no cpumap_cnt");
		return;
	}
	cn = (const uint64_t *)(rn->bss + rn->cpumap_off);
	cg = (const uint64_t *)(rg->bss + rg->cpumap_off);
	/* escaped frames it would have passed unchanged are not visible */
	if (cn[0] - cg[0] < (uint64_t)(dropped + unswapped) ||
	    cn[1] - cg[1] != (uint64_t)dropped ||
	    cn[2] - cg[2] != (uint64_t)unswapped) {
		fail("cpumap-prog-skb: cpumap program counted seen/dropped/rewritten %llu/%llu/%llu native, %llu/%llu/%llu generic; %d escaped drops, %d escaped rewrites",
		     (unsigned long long)cn[0], (unsigned long long)cn[1],
		     (unsigned long long)cn[2], (unsigned long long)cg[0],
		     (unsigned long long)cg[1], (unsigned long long)cg[2],
		     dropped, unswapped);
		return;
	}
	msg("expected difference cpumap-prog-skb: %llu skbs escaped the cpumap program in generic mode (%d it would have dropped, %d it would have rewritten)",
	    (unsigned long long)(cn[0] - cg[0]), dropped, unswapped);
}

/* the programs' .bss are equal, but for corpus_head (rule_mb_head()) */
static bool bss_equal(const struct run *rn, const struct run *rg)
{
	int h = rn->head_off;

	if (rn->bss_size != rg->bss_size || rg->head_off != h)
		return false;
	if (h < 0)
		return !memcmp(rn->bss, rg->bss, rn->bss_size);
	return !memcmp(rn->bss, rg->bss, h) &&
	       !memcmp(rn->bss + h + 8, rg->bss + h + 8,
		       rn->bss_size - h - 8);
}


/*
 * Expected difference "mb-head" (every xdp.frags program, found by its
 * corpus_head): what the program reaches directly (data_end - data).
 * Natively a frame's first rx buffer, at most RX_BUF_LEN bytes, the rest
 * in frags. Generic XDP before 6.8 linearises every skb
 * (netif_receive_generic_xdp(): skb_linearize()), so the program sees
 * whole frames; from 6.8, for an xdp.frags program, it copies a
 * non-linear skb into page_pool pages (skb_cow_data_for_xdp()) whose head
 * holds SKB_WITH_OVERHEAD(PAGE_SIZE - XDP_PACKET_HEADROOM) bytes, which
 * is vxdp's RX_BUF_LEN: the same as native.
 */
static void rule_mb_head(struct run *rn, struct run *rg, struct frame *set,
			 int n)
{
	uint64_t hn, hg, whole = 0, first = 0;
	bool linear = !kernel_at_least(6, 8);
	int i;

	if (rn->head_off < 0)
		return;
	memcpy(&hn, rn->bss + rn->head_off, 8);
	memcpy(&hg, rg->bss + rg->head_off, 8);
	for (i = 0; i < n; i++) {
		whole += set[i].len;
		first += set[i].len < RX_BUF_LEN ? set[i].len : RX_BUF_LEN;
	}
	if (hn != first)
		fail("mb-head: native program reached %llu bytes directly, expected %llu (the first rx buffer of each frame)",
		     (unsigned long long)hn, (unsigned long long)first);
	else if (hg != (linear ? whole : first))
		fail("mb-head: generic program reached %llu bytes directly, expected %llu (%s)",
		     (unsigned long long)hg,
		     (unsigned long long)(linear ? whole : first),
		     linear ? "linearised skbs" : "a head of RX_BUF_LEN");
	else if (linear && whole != first)
		msg("expected difference mb-head: generic XDP linearised the skbs: the program reached all %llu bytes directly, native %llu (first buffers)",
		    (unsigned long long)hg, (unsigned long long)hn);
	else
		msg("mb-head: both modes reached %llu of %llu bytes directly (the first %d bytes of each frame)",
		    (unsigned long long)hn, (unsigned long long)whole,
		    RX_BUF_LEN);
}

/*
 * What corpus_mb_tail_grow does to a frame of @len bytes (in C): 0 no
 * room in its last rx buffer, else the bytes it grows by.
 */
static uint32_t mb_grow_by(uint32_t len)
{
	uint32_t grow = len % 16 + 1, last = len;

	if (len > RX_BUF_LEN)
		last = (len - RX_BUF_LEN - 1) % RX_BUF_LEN + 1;
	return last + grow > RX_BUF_LEN ? 0 : grow;
}

/*
 * Expected difference "mb-grow" (corpus_mb_tail_grow, from 6.8): generic
 * XDP cannot grow frags. The skb's frags are page_pool pages
 * (skb_cow_data_for_xdp()) and the rx queue is the core's, registered
 * without a frag size: bpf_xdp_adjust_tail() fails with -EOPNOTSUPP
 * (bpf_xdp_frags_increase_tail()) for every multi-buffer frame, where
 * natively it grows the last frag within its rx buffer. The program sends
 * such a frame back as it came either way (natively after reading the
 * grown bytes back and cutting them again): the frames the packet set
 * has (mb_grow_by()) are exactly native's grown-and-restored count (AUX3)
 * and generic's failed one (AUX1). Before 6.8 generic XDP grows the
 * linearised skb: no difference, native's count asserted all the same.
 * Then the generic counters are completed (AUX1 to AUX3) and everything
 * compared as usual.
 */
static void rule_mb_grow(struct run *rn, struct run *rg, struct frame *set,
			 int n)
{
	bool eopnotsupp = kernel_at_least(6, 8);
	uint64_t nmb = 0;
	int i;

	for (i = 0; i < n; i++)
		if (set[i].len > RX_BUF_LEN && mb_grow_by(set[i].len))
			nmb++;
	if (rn->cnt[CNT_AUX3] != nmb || rn->cnt[CNT_AUX1]) {
		fail("mb-grow: native grew %llu multi-buffer frames and failed %llu, expected %llu and 0",
		     (unsigned long long)rn->cnt[CNT_AUX3],
		     (unsigned long long)rn->cnt[CNT_AUX1],
		     (unsigned long long)nmb);
		return;
	}
	if (!eopnotsupp) {
		msg("mb-grow: before 6.8 generic XDP grows the linearised skb: no difference (%llu multi-buffer frames grown in both modes)",
		    (unsigned long long)nmb);
		return;
	}
	if (rg->cnt[CNT_AUX1] != nmb || rg->cnt[CNT_AUX3]) {
		fail("mb-grow: generic failed to grow %llu multi-buffer frames and grew %llu, expected %llu and 0 (-EOPNOTSUPP)",
		     (unsigned long long)rg->cnt[CNT_AUX1],
		     (unsigned long long)rg->cnt[CNT_AUX3],
		     (unsigned long long)nmb);
		return;
	}
	msg("expected difference mb-grow: generic XDP could not grow the last frag of %llu multi-buffer frames native grew (-EOPNOTSUPP)",
	    (unsigned long long)nmb);
	rg->cnt[CNT_AUX1] = 0;
	rg->cnt[CNT_AUX3] = nmb;
	memcpy(rg->bss + rg->cnt_off, rg->cnt, CNT_NR * 8);
}

/* nonzero counters of a device, for the record */
static void dump_dev(const char *mode, int d, const struct devstats *ds)
{
	char line[1024];
	int i, o;

	o = snprintf(line, sizeof(line), "%s %s:", mode, dev_name(d));
	for (i = 0; i < (int)NSYS; i++)
		if (ds->sys[i] && o < (int)sizeof(line) - 40)
			o += snprintf(line + o, sizeof(line) - o, " %s=%llu",
				      sys_names[i],
				      (unsigned long long)ds->sys[i]);
	msg("%s", line);
	o = snprintf(line, sizeof(line), "%s %s ethtool:", mode, dev_name(d));
	for (i = 0; i < ds->eth.n; i++)
		if (ds->eth.v[i] && o < (int)sizeof(line) - 48)
			o += snprintf(line + o, sizeof(line) - o, " %s=%llu",
				      ds->eth.names[i],
				      (unsigned long long)ds->eth.v[i]);
	if (ds->eth.n)
		msg("%s", line);
}

/* the driver's verdict counters agree with the program's (native) */
static void check_driver_verdicts(struct run *rn)
{
	int i;

	{
		const struct ethstats *e = &rn->ds[D_DUT].eth;
		const uint64_t *c = rn->cnt;
		struct {
			const char *what;
			uint64_t drv, prog;
		} chk[] = {
			{ "xdp_packets", eth_sum(e, "rx_queue", "xdp_packets"), c[CNT_SEEN] },
			{ "xdp_bytes", eth_sum(e, "rx_queue", "xdp_bytes"), c[CNT_BYTES] },
			{ "xdp_pass", eth_sum(e, "rx_queue", "xdp_pass"), c[CNT_PASS] },
			{ "xdp_drop", eth_sum(e, "rx_queue", "xdp_drop"), c[CNT_DROP] },
			{ "xdp_tx(+errors)", eth_sum(e, "rx_queue", "xdp_tx") +
			  eth_sum(e, "rx_queue", "xdp_tx_errors"), c[CNT_TX] },
			{ "xdp_redirect(+errors)", eth_sum(e, "rx_queue", "xdp_redirect") +
			  eth_sum(e, "rx_queue", "xdp_redirect_errors"), c[CNT_REDIRECT] },
			{ "xdp_aborted", eth_sum(e, "rx_queue", "xdp_aborted"),
			  c[CNT_ABORTED] + c[CNT_OTHER] },
		};

		for (i = 0; i < (int)(sizeof(chk) / sizeof(chk[0])); i++)
			if (chk[i].drv != chk[i].prog)
				fail("native %s %s %llu, the program counted %llu",
				     env.dut, chk[i].what,
				     (unsigned long long)chk[i].drv,
				     (unsigned long long)chk[i].prog);
	}
}

static void compare_counters(struct run *rn, struct run *rg)
{
	int d, i, before = failures;

	/* the program's own counters, and all of its .bss */
	if (expected("cpumap-prog-skb")) {
		/* the cpumap program's counters: rule_cpumap_prog_skb() */
		if (memcmp(rn->bss + rn->cnt_off, rg->bss + rg->cnt_off,
			   CNT_NR * 8))
			for (i = 0; i < CNT_NR; i++)
				if (rn->cnt[i] != rg->cnt[i])
					fail("program counter %s: native %llu, generic %llu",
					     cnt_names[i],
					     (unsigned long long)rn->cnt[i],
					     (unsigned long long)rg->cnt[i]);
	} else if (!bss_equal(rn, rg)) {
		for (i = 0; i < CNT_NR; i++)
			if (rn->cnt[i] != rg->cnt[i])
				fail("program counter %s: native %llu, generic %llu",
				     cnt_names[i], (unsigned long long)rn->cnt[i],
				     (unsigned long long)rg->cnt[i]);
		for (i = 0; i < (int)rn->bss_size; i++)
			if (rn->bss[i] != rg->bss[i] &&
			    (rn->head_off < 0 || i < rn->head_off ||
			     i >= rn->head_off + 8))
				break;
		fail("program .bss differs (first at byte %d)", i);
	}

	for (d = 0; d < D_NR; d++) {
		const struct devstats *a = &rn->ds[d], *b = &rg->ds[d];
		const char *dev = dev_name(d);

		for (i = 0; i < (int)NSYS; i++) {
			uint64_t x = a->sys[i], y = b->sys[i];

			if (d == D_DUT && !strcmp(sys_names[i], "rx_dropped")) {
				/*
				 * Expected: native counts what XDP dropped
				 * (drop, aborted, failed tx/redirect) in
				 * rx_dropped; generic XDP drops skbs without
				 * counting them anywhere.
				 */
				uint64_t xdrops =
				    eth_sum(&a->eth, "rx_queue", "xdp_drop") +
				    eth_sum(&a->eth, "rx_queue", "xdp_aborted") +
				    eth_sum(&a->eth, "rx_queue", "xdp_tx_errors") +
				    eth_sum(&a->eth, "rx_queue", "xdp_redirect_errors");

				if (x + escaped_unhandled != y + xdrops)
					fail("%s rx_dropped: native %llu, generic %llu, native XDP drops %llu, unhandled frames that escaped the cpumap program %llu (expected native + escaped = generic + XDP drops)",
					     dev, (unsigned long long)x,
					     (unsigned long long)y,
					     (unsigned long long)xdrops,
					     (unsigned long long)escaped_unhandled);
				continue;
			}
			if ((d == D_TGT6 && !strcmp(sys_names[i], "tx_bytes")) ||
			    (d == D_TGT6_OBS && !strcmp(sys_names[i], "rx_bytes"))) {
				/*
				 * Expected: veth counts the bytes of an
				 * xdp_frame (ndo_xdp_xmit, native) with the
				 * Ethernet header, of an skb (ndo_start_xmit,
				 * generic) without: 14 bytes a frame.
				 */
				uint64_t pk = rn->ds[D_TGT6_OBS].sys[0];

				if (x != y + 14 * pk)
					fail("%s %s: native %llu, generic %llu, %llu frames (expected native = generic + 14 * frames)",
					     dev, sys_names[i],
					     (unsigned long long)x,
					     (unsigned long long)y,
					     (unsigned long long)pk);
				continue;
			}
			if (x != y)
				fail("%s %s: native %llu, generic %llu", dev,
				     sys_names[i], (unsigned long long)x,
				     (unsigned long long)y);
		}
		if (!dev_is_vxdp(d))
			continue;

		/* ethtool -S: same names, values compared by rule */
		for (i = 0; i < a->eth.n; i++) {
			const char *s = a->eth.names[i], *u;
			uint64_t x = a->eth.v[i], y = b->eth.v[i];

			if (strcmp(s, b->eth.names[i]))
				die("%s: ethtool names differ", dev);
			u = strchr(s, '_');
			u = u ? strchr(u + 1, '_') : NULL;	/* after <q>_ */
			u = u ? strchr(u + 1, '_') : NULL;
			u = u ? u + 1 : s;
			if (!strncmp(s, "rx_queue_", 9) &&
			    (!strncmp(u, "xdp_", 4) && strncmp(u, "xdp_ring_", 9))) {
				/* rx verdict counters and xdp_xmit: native only */
				if (y)
					fail("%s %s: %llu in generic mode (generic XDP does not reach the driver)",
					     dev, s, (unsigned long long)y);
				continue;
			}
			if (!strncmp(s, "rx_queue_", 9) &&
			    !strncmp(u, "xdp_ring_", 9)) {
				/* XDP tx ring: native only */
				if (y)
					fail("%s %s: %llu in generic mode (generic XDP transmits through ndo_start_xmit)",
					     dev, s, (unsigned long long)y);
				continue;
			}
			if (!strncmp(s, "tx_queue_", 9) &&
			    (!strcmp(u, "packets") || !strcmp(u, "bytes")))
				continue;	/* checked as sums below */
			if (x != y)
				fail("%s %s: native %llu, generic %llu", dev, s,
				     (unsigned long long)x, (unsigned long long)y);
		}
		/*
		 * What generic XDP sends (XDP_TX, redirects into this device)
		 * goes through ndo_start_xmit, i.e. the stack tx queues; native
		 * uses the XDP tx rings. Same totals.
		 */
		{
			const char *what[2] = { "packets", "bytes" };

			for (i = 0; i < 2; i++) {
				char ring[32];
				uint64_t nr, nq, gq;

				snprintf(ring, sizeof(ring), "xdp_ring_%s", what[i]);
				nr = eth_sum(&a->eth, "rx_queue", ring);
				nq = eth_sum(&a->eth, "tx_queue", what[i]);
				gq = eth_sum(&b->eth, "tx_queue", what[i]);
				if (nr + nq != gq)
					fail("%s: native XDP ring %s %llu + tx queue %llu, generic tx queue %llu",
					     dev, what[i], (unsigned long long)nr,
					     (unsigned long long)nq,
					     (unsigned long long)gq);
			}
		}
	}

	check_driver_verdicts(rn);
	if (failures != before || verbose)
		for (d = 0; d < D_NR; d++) {
			dump_dev("native", d, &rn->ds[d]);
			dump_dev(other, d, &rg->ds[d]);
		}
}

/* the part of an ethtool name after "rx_queue_<q>_" or "tx_queue_<q>_" */
static const char *stat_tail(const char *s)
{
	const char *u = strchr(s, '_');

	u = u ? strchr(u + 1, '_') : NULL;
	u = u ? strchr(u + 1, '_') : NULL;
	return u ? u + 1 : s;
}

/* a native verdict counter of the rx queues (the XDP hook's, not the ring's) */
static bool native_verdict_stat(const char *s)
{
	const char *u = stat_tail(s);

	return !strncmp(s, "rx_queue_", 9) && !strncmp(u, "xdp_", 4) &&
	       strncmp(u, "xdp_ring_", 9) && strncmp(u, "xdp_xmit", 8) &&
	       strcmp(u, "xdp_page_reuse");
}

/*
 * Offload vs native (compare --offload, EQUIVALENCE.md "Offload vs
 * native"): the same object built for the engine (its counters in an
 * offloaded array), attached in HW mode, then natively. Everything must
 * be equal but the driver's counters of the verdicts: natively the XDP
 * hook's (rx_queue_N_xdp_*), offloaded the engine's (rx_queue_N_offload_*),
 * the others 0 in each mode, and they must agree verdict by verdict. An
 * XDP_REDIRECT the engine cannot do is an abort (offload_aborted); the
 * native hook counts it as xdp_redirect_errors (no target).
 */
static void compare_offload(struct run *rn, struct run *ro)
{
	const struct ethstats *en = &rn->ds[D_DUT].eth, *eo = &ro->ds[D_DUT].eth;
	int d, i, before = failures;

	for (i = 0; i < CNT_NR; i++)
		if (rn->cnt[i] != ro->cnt[i])
			fail("program counter %s: native %llu, offload %llu",
			     cnt_names[i], (unsigned long long)rn->cnt[i],
			     (unsigned long long)ro->cnt[i]);

	for (d = 0; d < D_NR; d++) {
		const struct devstats *a = &rn->ds[d], *b = &ro->ds[d];
		const char *dev = dev_name(d);

		for (i = 0; i < (int)NSYS; i++)
			if (a->sys[i] != b->sys[i])
				fail("%s %s: native %llu, offload %llu", dev,
				     sys_names[i], (unsigned long long)a->sys[i],
				     (unsigned long long)b->sys[i]);
		if (!dev_is_vxdp(d))
			continue;
		for (i = 0; i < a->eth.n; i++) {
			const char *s = a->eth.names[i];
			uint64_t x = a->eth.v[i], y = b->eth.v[i];

			if (strcmp(s, b->eth.names[i]))
				die("%s: ethtool names differ", dev);
			if (native_verdict_stat(s)) {
				if (y)
					fail("%s %s: %llu in offload mode (no native program)",
					     dev, s, (unsigned long long)y);
				continue;
			}
			if (!strncmp(stat_tail(s), "offload_", 8)) {
				if (x)
					fail("%s %s: %llu in native mode (no offloaded program)",
					     dev, s, (unsigned long long)x);
				continue;
			}
			if (x != y)
				fail("%s %s: native %llu, offload %llu", dev, s,
				     (unsigned long long)x, (unsigned long long)y);
		}
	}

	/* the engine's verdicts are the native hook's, verdict by verdict */
	{
		struct {
			const char *off;
			uint64_t o, n;
		} chk[] = {
			{ "offload_packets = xdp_packets",
			  eth_sum(eo, "rx_queue", "offload_packets"),
			  eth_sum(en, "rx_queue", "xdp_packets") },
			{ "offload_pass = xdp_pass",
			  eth_sum(eo, "rx_queue", "offload_pass"),
			  eth_sum(en, "rx_queue", "xdp_pass") },
			{ "offload_drop = xdp_drop",
			  eth_sum(eo, "rx_queue", "offload_drop"),
			  eth_sum(en, "rx_queue", "xdp_drop") },
			{ "offload_tx = xdp_tx",
			  eth_sum(eo, "rx_queue", "offload_tx"),
			  eth_sum(en, "rx_queue", "xdp_tx") },
			{ "offload_tx_errors = xdp_tx_errors",
			  eth_sum(eo, "rx_queue", "offload_tx_errors"),
			  eth_sum(en, "rx_queue", "xdp_tx_errors") },
			{ "offload_aborted = xdp_aborted + xdp_redirect + xdp_redirect_errors",
			  eth_sum(eo, "rx_queue", "offload_aborted"),
			  eth_sum(en, "rx_queue", "xdp_aborted") +
			  eth_sum(en, "rx_queue", "xdp_redirect") +
			  eth_sum(en, "rx_queue", "xdp_redirect_errors") },
		};

		for (i = 0; i < (int)(sizeof(chk) / sizeof(chk[0])); i++)
			if (chk[i].o != chk[i].n)
				fail("%s %s: offload %llu, native %llu", env.dut,
				     chk[i].off, (unsigned long long)chk[i].o,
				     (unsigned long long)chk[i].n);
		if (eth_sum(en, "rx_queue", "xdp_redirect"))
			fail("%s: native xdp_redirect %llu: the program redirects",
			     env.dut, (unsigned long long)eth_sum(en, "rx_queue",
								  "xdp_redirect"));
		if (!eth_sum(eo, "rx_queue", "offload_insns"))
			fail("%s: offload_insns 0: the engine ran nothing", env.dut);
		else
			msg("offload: the engine ran %llu instructions for %llu frames",
			    (unsigned long long)eth_sum(eo, "rx_queue", "offload_insns"),
			    (unsigned long long)ro->cnt[CNT_SEEN]);
	}
	check_driver_verdicts(rn);
	/* single-buffer programs, native or offloaded: MTU up to 3502 */
	if (rn->mtu_err != EINVAL || ro->mtu_err != EINVAL)
		fail("MTU 3503 with the program attached: native %s, offload %s (expected EINVAL in both: one rx buffer's frame)",
		     rn->mtu_err ? strerror(rn->mtu_err) : "set",
		     ro->mtu_err ? strerror(ro->mtu_err) : "set");
	else
		msg("offload: MTU 3503 refused (EINVAL) with the program attached natively and offloaded");
	if (failures != before || verbose)
		for (d = 0; d < D_NR; d++) {
			dump_dev("native", d, &rn->ds[d]);
			dump_dev("offload", d, &ro->ds[d]);
		}
}

static void summary(const char *mode, struct run *r)
{
	const uint64_t *c = r->cnt;
	char obs[256] = "";
	int i, o = 0;

	for (i = 0; i < O_NR; i++)
		o += snprintf(obs + o, sizeof(obs) - o, " %s=%d", obs_names[i],
			      r->rec[i].n);
	msg("%-7s setup %.1fs inject %.1fs settle %.1fs teardown %.1fs",
	    mode, r->t_setup, r->t_inject, r->t_settle, r->t_teardown);
	msg("%-7s %.1fs seen=%llu pass=%llu drop=%llu tx=%llu redirect=%llu aborted=%llu other=%llu |%s",
	    mode, r->secs, (unsigned long long)c[CNT_SEEN],
	    (unsigned long long)c[CNT_PASS], (unsigned long long)c[CNT_DROP],
	    (unsigned long long)c[CNT_TX], (unsigned long long)c[CNT_REDIRECT],
	    (unsigned long long)c[CNT_ABORTED], (unsigned long long)c[CNT_OTHER],
	    obs);
	for (i = 0; i < O_NR; i++)
		if (r->noise[i])
			msg("%-7s %s: %llu kernel control frames (ND/MLD/IGMP) not counted",
			    mode, obs_names[i], (unsigned long long)r->noise[i]);
}

int cmd_compare(void)
{
	uint8_t dut[6], src[6];
	struct frame *set;
	struct run rn, rg;
	struct bench bench;
	int i;

	if (!env.obj)
		die("compare: --obj");
	dev_mac(env.dut, dut);
	dev_mac(env.peer, src);
	set = gen_set(env.count, env.seed, dut, src);
	pin_cpu(0);

	if (env.offload)
		other = "offload";
	bench_open(&bench);
	run_mode(&bench, MODE_NATIVE, set, env.count, &rn);
	run_mode(&bench, env.offload ? MODE_OFFLOAD : MODE_GENERIC, set,
		 env.count, &rg);
	bench_close(&bench);
	summary("native", &rn);
	summary(other, &rg);

	if (rn.cnt[CNT_SEEN] != (uint64_t)env.count)
		fail("native program saw %llu of %d frames",
		     (unsigned long long)rn.cnt[CNT_SEEN], env.count);
	if (env.offload) {
		compare_offload(&rn, &rg);
	} else {
		if (expected("cpumap-prog-skb"))
			rule_cpumap_prog_skb(&rn, &rg);
		if (expected("mb-grow"))
			rule_mb_grow(&rn, &rg, set, env.count);
		compare_counters(&rn, &rg);
		rule_mb_head(&rn, &rg, set, env.count);
	}

	for (i = 0; i < O_NR; i++) {
		if ((i == O_STACK || i == O_UDP) && expected("cpumap-prog-skb"))
			continue;	/* rule_cpumap_prog_skb() */
		if (i == O_TC && expected("meta-cpumap")) {
			rule_meta_cpumap(&rn, &rg);
			continue;
		}
		if (!recs_equal(&rn.rec[i], &rg.rec[i]))
			report_diff(obs_names[i], &rn.rec[i], &rg.rec[i]);
	}
	for (i = 0; i < env.nexpect; i++)
		if (strcmp(env.expect[i], "cpumap-prog-skb") &&
		    strcmp(env.expect[i], "meta-cpumap") &&
		    strcmp(env.expect[i], "mb-grow"))
			die("unknown --expect %s", env.expect[i]);

	for (i = 0; i < O_NR; i++) {
		recs_free(&rn.rec[i]);
		recs_free(&rg.rec[i]);
	}
	if (failures) {
		msg("%s: native and %s differ (%d)", env.obj, other, failures);
		return 1;
	}
	msg("%s: %d frames, native and %s equivalent", env.obj, env.count,
	    other);
	return 0;
}
