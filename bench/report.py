#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the output of bench/guest.sh into CSV files, a markdown report and a
bar chart; scripts/bench runs it on the host after the VM.

usage: bench/report.py RAW OUTDIR [--latest FILE] [--host-... S]

RAW is the VM's stdout (INFO/CSV/COST/FAIL/PROF lines). Writes into OUTDIR:
  runs.csv      every run (rep 0 = warm-up round, not in the statistics)
  cost.csv      built-in source runs: NAPI and engine ns per frame
  summary.csv   per configuration: n, median, min, max, q1, q3 of pps
  ratios.csv    paired ratios (per round, rounds are interleaved)
  targets.csv   the report-only targets and whether they held
  profile.csv   perf top symbols per profile (if profiled)
  report.md     the markdown report (also printed, and copied to --latest)
  chart-<len>.dat, chart.png   the bar chart (chart.png needs gnuplot)
  curves-size.dat, curves-ring.dat, curves.png   the cost curves
Only the standard library is used.
"""
import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict

ACTIONS = ["drop", "pass", "tx", "redir_vxdp", "redir_veth"]
ACTION_LABEL = {
    "drop": "DROP", "pass": "PASS", "tx": "TX",
    "redir_vxdp": "REDIR→vxdp", "redir_veth": "REDIR→veth",
}
# the chart's series and the overview's columns, in order
SERIES = [
    ("builtin", "vxdp", "native"),
    ("builtin", "vxdp", "generic"),
    ("pktgen", "vxdp", "native"),
    ("pktgen", "vxdp", "generic"),
    ("pktgen", "veth", "native"),
    ("afp", "vxdp", "native"),
    ("afp", "vxdp", "generic"),
    ("afp", "veth", "native"),
    ("afp", "veth", "generic"),
    ("testrun", "prog", "testrun"),
]
RUN_FIELDS = ["rep", "source", "dut", "mode", "queues", "action", "frame_len",
              "count", "delivered", "elapsed_ns", "pps"]
INT_FIELDS = ["rep", "queues", "frame_len", "count", "delivered",
              "elapsed_ns", "pps"]
COST_FIELDS = ["rep", "dut", "mode", "queues", "action", "frame_len",
               "frames", "napi_ns", "napi_polls", "engine_ns"]


def short(s):
    if s[0] == "testrun":
        return "test-run limit"
    return f"{s[0]} {s[1]} {s[2][0].upper()}"


def long_label(s):
    if s[0] == "testrun":
        return "BPF_PROG_TEST_RUN (program only)"
    return f"{s[0]} → {s[1]} {s[2]}"


def parse(raw):
    info, runs, fails, prof, costs = {}, [], [], [], []
    with open(raw, errors="replace") as f:
        for line in f:
            kind, _, rest = line.rstrip("\n").partition(",")
            if kind == "INFO":
                k, _, v = rest.partition(",")
                info[k] = v
            elif kind == "CSV":
                vals = rest.split(",")
                if len(vals) != len(RUN_FIELDS):
                    continue
                r = dict(zip(RUN_FIELDS, vals))
                try:
                    for k in INT_FIELDS:
                        r[k] = int(r[k])
                except ValueError:
                    continue
                runs.append(r)
            elif kind == "COST":
                vals = rest.split(",")
                if len(vals) != len(COST_FIELDS):
                    continue
                c = dict(zip(COST_FIELDS, vals))
                try:
                    for k in COST_FIELDS:
                        if k not in ("dut", "mode", "action"):
                            c[k] = int(c[k])
                except ValueError:
                    continue
                if c["frames"] > 0:
                    costs.append(c)
            elif kind == "FAIL":
                fails.append(rest)
            elif kind == "PROF":
                parts = rest.split(",", 3)
                if len(parts) == 4:
                    try:
                        prof.append((parts[0], parts[1], float(parts[2]),
                                     parts[3]))
                    except ValueError:
                        pass
    return info, runs, fails, prof, costs


def key(source, dut, mode, action, length, queues=1):
    return (source, dut, mode, queues, action, length)


def run_key(r):
    return key(r["source"], r["dut"], r["mode"], r["action"], r["frame_len"],
               r["queues"])


def stats(vals):
    vals = sorted(vals)
    if len(vals) >= 2:
        q1, _, q3 = statistics.quantiles(vals, n=4, method="inclusive")
    else:
        q1 = q3 = vals[0]
    return {"n": len(vals), "median": statistics.median(vals),
            "min": vals[0], "max": vals[-1], "q1": q1, "q3": q3}


def fmt_pps(v):
    if v is None:
        return "–"
    if v >= 1e6:
        return f"{v / 1e6:.2f}M"
    if v >= 1e3:
        return f"{v / 1e3:.1f}k"
    return f"{v:.0f}"


def fmt_x(x):
    return f"{x:.2f}" if x >= 0.095 else f"{x:.3f}"


def fmt_ratio(r):
    if r is None:
        return "–"
    return f"{fmt_x(r['median'])}× ({fmt_x(r['min'])}–{fmt_x(r['max'])})"


def paired_ratio(ra, rb):
    """Median and range of the per-round ratios ra/rb (round -> value):
    the rounds are interleaved, so both runs of a round saw the same
    conditions."""
    if not ra or not rb:
        return None
    paired = [ra[i] / rb[i] for i in sorted(ra) if i in rb and rb[i]]
    if not paired:
        return None
    s = stats(paired)
    s["of_medians"] = (statistics.median(ra.values()) /
                       statistics.median(rb.values()))
    return s


class Bench:
    def __init__(self, runs, costs):
        self.by_rep = defaultdict(dict)     # key -> round -> pps
        for r in runs:
            if r["rep"] >= 1:
                self.by_rep[run_key(r)][r["rep"]] = r["pps"]
        self.summary = {kk: stats(list(v.values()))
                        for kk, v in self.by_rep.items()}
        # ns per frame, key -> round -> ns: the driver's (NAPI) and the
        # engine's for built-in source runs, the program's for test runs
        self.napi = defaultdict(dict)
        self.engine = defaultdict(dict)
        for c in costs:
            if c["rep"] >= 1:
                # AF_XDP rx runs (zc, copy) take the built-in source too
                src = "xsk" if c["mode"] in ("zc", "copy") else "builtin"
                kk = key(src, c["dut"], c["mode"], c["action"],
                         c["frame_len"], c["queues"])
                self.napi[kk][c["rep"]] = c["napi_ns"] / c["frames"]
                self.engine[kk][c["rep"]] = c["engine_ns"] / c["frames"]
        for r in runs:
            if r["rep"] >= 1 and r["source"] == "testrun" and r["count"]:
                self.napi[run_key(r)][r["rep"]] = r["elapsed_ns"] / r["count"]

    def cost(self, kk, engine=False):
        v = (self.engine if engine else self.napi).get(kk)
        return statistics.median(v.values()) if v else None

    def cost_ratio(self, a, b):
        """Per-round ratios of the ns per frame of a and b."""
        return paired_ratio(self.napi.get(a), self.napi.get(b))

    def median(self, kk):
        s = self.summary.get(kk)
        return s["median"] if s else None

    def ratio(self, a, b):
        """Per-round ratios of the pps of a and b."""
        return paired_ratio(self.by_rep.get(a), self.by_rep.get(b))


def build_ratios(b, lengths):
    """[(group, what, action, length, stats)] for every pair measured"""
    out = []

    def add(group, what, action, length, a, bb):
        r = b.ratio(a, bb)
        if r:
            out.append((group, what, action, length, r))

    for length in lengths:
        for a in ACTIONS:
            for mode, src in (("native", "pktgen"), ("native", "afp"),
                              ("generic", "afp")):
                add("vxdp ÷ veth", f"{mode}, {src}", a, length,
                    key(src, "vxdp", mode, a, length),
                    key(src, "veth", mode, a, length))
    for length in lengths:
        for a in ACTIONS:
            for src, dut in (("builtin", "vxdp"), ("pktgen", "vxdp"),
                             ("afp", "vxdp"), ("afp", "veth")):
                add("native ÷ generic", f"{dut}, {src}", a, length,
                    key(src, dut, "native", a, length),
                    key(src, dut, "generic", a, length))
    for length in lengths:
        for a in ACTIONS:
            prog = "redir_vxdp" if a.startswith("redir") else a
            for mode in ("native", "generic"):
                add("built-in source ÷ test-run limit", f"vxdp {mode}", a,
                    length, key("builtin", "vxdp", mode, a, length),
                    key("testrun", "prog", "testrun", prog, length))
    add("2 queues ÷ 1 queue", "vxdp native, built-in source, CPUs 0+1",
        "drop", 60, key("builtin", "vxdp-mq", "native", "drop", 60, 2),
        key("builtin", "vxdp-mq", "native", "drop", 60, 1))
    return out


def held(r, thr):
    """A target holds if the ratio is at least thr, or at most -thr."""
    return r["median"] >= thr if thr > 0 else r["median"] <= -thr


def build_targets(b):
    """[(target, measured as, threshold, stats or None)]; a negative
    threshold is an upper bound"""
    def r(a, bb):
        return b.ratio(a, bb)
    return [
        ("vxdp native DROP ≥ 1.25× veth native DROP",
         "pktgen, 60 B", 1.25,
         r(key("pktgen", "vxdp", "native", "drop", 60),
           key("pktgen", "veth", "native", "drop", 60))),
        ("vxdp native DROP ≥ 1.25× veth native DROP",
         "afp (same sender for both), 60 B", 1.25,
         r(key("afp", "vxdp", "native", "drop", 60),
           key("afp", "veth", "native", "drop", 60))),
        ("native ≥ 2× generic",
         "vxdp, built-in source, DROP, 60 B", 2.0,
         r(key("builtin", "vxdp", "native", "drop", 60),
           key("builtin", "vxdp", "generic", "drop", 60))),
        ("built-in source DROP ≥ 50 % of the test-run limit",
         "vxdp native, 60 B", 0.5,
         r(key("builtin", "vxdp", "native", "drop", 60),
           key("testrun", "prog", "testrun", "drop", 60))),
        ("2 queues ≥ 1.7× one queue",
         "vxdp native, built-in source, DROP, 60 B, 2 vCPUs", 1.7,
         r(key("builtin", "vxdp-mq", "native", "drop", 60, 2),
           key("builtin", "vxdp-mq", "native", "drop", 60, 1))),
        ("AF_XDP zero-copy rx ≥ 2× copy mode rx (pps)",
         "vxdp, built-in source into queue 0, one socket, 60 B", 2.0,
         r(key("xsk", "vxdp", "zc", "rx", 60),
           key("xsk", "vxdp", "copy", "rx", 60))),
        ("offloaded DROP ≤ 10× the JIT-ed native DROP per frame",
         "vxdp, built-in source, NAPI ns per frame, 60 B", -10,
         b.cost_ratio(key("builtin", "vxdp", "offload", "drop", 60),
                      key("builtin", "vxdp", "native", "drop", 60))),
        ("driver's NAPI ns per DROP frame: 1496 B ≤ 1.2× 60 B",
         "vxdp native, built-in source (NAPI CPU time ÷ frames)", -1.2,
         b.cost_ratio(key("builtin", "vxdp", "native", "drop", 1496),
                      key("builtin", "vxdp", "native", "drop", 60))),
    ]


def extra_sections(b, lengths):
    """AF_XDP, the offload engine's cost, multi-buffer: markdown lines"""
    def ns(v):
        return "–" if v is None else f"{v:.0f}"
    md = []
    rows = []
    for a in ("rx", "tx"):
        zc = key("xsk", "vxdp", "zc", a, 60)
        cp = key("xsk", "vxdp", "copy", a, 60)
        if b.median(zc) is None and b.median(cp) is None:
            continue
        rows.append([a, fmt_pps(b.median(zc)), fmt_pps(b.median(cp)),
                     fmt_ratio(b.ratio(zc, cp)), ns(b.cost(zc)),
                     ns(b.cost(cp))])
    if rows:
        md += ["## AF_XDP, queue 0, 60 B frames (medians)", "",
               "rx: the built-in source writes into queue 0, bench_xsk "
               "redirects every frame to the socket (bench/xsk_bench rx, on "
               "CPU 0), which returns each chunk to the fill ring at once; "
               "counted: frames the socket received ÷ the source's run time. "
               "tx: bench/xsk_bench tx sends 60 B frames on queue 0 as fast "
               "as the tx ring takes them; counted: the peer's rx_packets "
               "(XDP_DROP) ÷ the sender's run time. NAPI ns/frame: rx only "
               "(the built-in source's accounting).", ""]
        md += md_table(["direction", "zero-copy pps", "copy pps",
                        "zero-copy ÷ copy", "NAPI ns/frame zc",
                        "NAPI ns/frame copy"], rows)
        md.append("")
    rows = []
    for length in lengths:
        for a in ("drop", "tx"):
            off = key("builtin", "vxdp", "offload", a, length)
            nat = key("builtin", "vxdp", "native", a, length)
            tr = key("testrun", "prog", "testrun", a, length)
            o, n = b.cost(off), b.cost(nat)
            if o is None:
                continue
            rows.append([f"{length} B", ACTION_LABEL[a],
                         fmt_pps(b.median(off)), fmt_pps(b.median(nat)), ns(o), ns(n), ns(b.cost(tr)),
                         fmt_ratio(b.cost_ratio(off, nat)),
                         ns(o - n) if n is not None else "–"])
    if rows:
        md += ["## Offload engine: ns per frame against the JIT-ed native "
               "program (medians)", "",
               "The same program (bench/xdp_offload.bpf.c, bench_drop / "
               "bench_tx of xdp_bench.bpf.c) offloaded (`xdpoffload`: "
               "interpreted by vxdp's engine, module/offload_engine.c, in the "
               "queue's NAPI) and native (JIT-ed), built-in source; NAPI "
               "ns/frame is the whole driver path, the test run the JIT-ed "
               "program alone.", ""]
        md += md_table(["frame", "action", "offload pps", "native pps",
                        "NAPI ns/frame offload", "NAPI ns/frame native",
                        "program alone (test run)", "offload ÷ native (ns)",
                        "engine's extra ns/frame"], rows)
        md.append("")
    rows = []
    for length in (1496, 8996):
        kk = key("builtin", "vxdp-mb", "native", "drop", length)
        m = b.median(kk)
        if m is None:
            continue
        rows.append([f"{length} B", fmt_pps(m),
                     f"{m * (length + 4) * 8 / 1e9:.1f}", ns(b.cost(kk))])
    if rows:
        md += ["## Multi-buffer DROP (medians)", "",
               "Pair with MTU 9000 and an xdp.frags XDP_DROP program "
               "(bench_drop_mb), built-in source: 8996 B frames (9000 B on "
               "the wire) take three rx buffers (multi-buffer XDP), 1496 B "
               "one.", ""]
        md += md_table(["frame", "DROP pps", "Gbit/s (with FCS)",
                        "NAPI ns/frame"], rows)
        r = b.cost_ratio(key("builtin", "vxdp-mb", "native", "drop", 8996),
                         key("builtin", "vxdp-mb", "native", "drop", 1496))
        if r:
            md += ["", f"NAPI ns per frame, 8996 B ÷ 1496 B: {fmt_ratio(r)}"]
        md.append("")
    return md


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


COLORS = ["#1b9e77", "#66c2a5", "#d95f02", "#fc8d62", "#7570b3",
          "#e7298a", "#f4a6cf", "#66a61e", "#a6d854", "#555555"]


def write_chart(b, lengths, od, plot):
    """One gnuplot data file per frame length, with the series that have
    data; then bench/plot.gp draws one panel per file."""
    panels = []
    for length in lengths:
        present = []
        rows = {a: [] for a in ACTIONS}
        for i, s in enumerate(SERIES):
            cols = {}
            for a in ACTIONS:
                act = a
                if s[0] == "testrun" and a == "redir_veth":
                    act = None      # one redirect program: shown once
                st = b.summary.get(key(s[0], s[1], s[2], act, length)) \
                    if act else None
                cols[a] = ([f"{st['median']:.0f}", str(st["min"]),
                            str(st["max"])] if st else ["NaN"] * 3)
            if any(c[0] != "NaN" for c in cols.values()):
                present.append(i)
                for a in ACTIONS:
                    rows[a] += cols[a]
        if not present:
            continue
        path = os.path.join(od, f"chart-{length}.dat")
        with open(path, "w") as f:
            head = ['"action"']
            for i in present:
                head += [f'"{long_label(SERIES[i])}"', '"min"', '"max"']
            f.write(" ".join(head) + "\n")
            for a in ACTIONS:
                f.write(" ".join([f'"{ACTION_LABEL[a]}"'] + rows[a]) + "\n")
        panels.append((str(length), path,
                       " ".join(COLORS[i] for i in present)))
    if not panels:
        return None, "nothing to chart"
    if not shutil.which("gnuplot"):
        return None, "gnuplot not found (apt-get install gnuplot-nox): no chart"
    png = os.path.join(od, "chart.png")
    cmd = ["gnuplot", "-c", plot, png] + [x for p in panels for x in p]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0 or not os.path.exists(png):
        return None, "gnuplot failed: " + res.stderr.strip()[-500:]
    return png, None


def write_curves(b, runs, info, od, plot):
    """The cost curves of the built-in source (vxdp native): pps and NAPI ns
    per frame against frame size (DROP, TX), ring size (DROP 60 B) and
    queues; memory per pair. Returns (markdown lines, png or None)."""
    def ns(v):
        return "–" if v is None else f"{v:.0f}"
    md = []
    sizes = sorted({r["frame_len"] for r in runs
                    if r["source"] == "builtin" and r["dut"] == "vxdp"})
    rings = sorted({int(r["dut"][len("vxdp-ring"):]) for r in runs
                    if r["dut"].startswith("vxdp-ring")})
    if not sizes and not rings:
        return md, None
    md += ["## Cost curves (built-in source, vxdp native, medians)", ""]
    size_rows, dat = [], []
    for length in sizes:
        d = b.median(key("builtin", "vxdp", "native", "drop", length))
        t = b.median(key("builtin", "vxdp", "native", "tx", length))
        size_rows.append([f"{length} B", fmt_pps(d), fmt_pps(t),
                          ns(b.cost(key("builtin", "vxdp", "native", "drop",
                                        length))),
                          ns(b.cost(key("builtin", "vxdp", "native", "tx",
                                        length)))])
        dat.append(f"{length} {d if d else 'NaN'} {t if t else 'NaN'}")
    if size_rows:
        md += ["Against frame size:", ""]
        md += md_table(["frame", "DROP pps", "TX pps", "DROP NAPI ns/frame",
                        "TX NAPI ns/frame"], size_rows)
        md.append("")
        with open(os.path.join(od, "curves-size.dat"), "w") as f:
            f.write("\n".join(['"frame" "DROP" "TX"'] + dat) + "\n")
    ring_rows, dat = [], []
    for n in rings:
        kk = key("builtin", f"vxdp-ring{n}", "native", "drop", 60)
        d = b.median(kk)
        ring_rows.append([n, fmt_pps(d), ns(b.cost(kk))])
        dat.append(f"{n} {d if d else 'NaN'}")
    if ring_rows:
        md += ["Against rx ring size (DROP, 60 B; `ethtool -G DEV rx N`):",
               ""]
        md += md_table(["ring slots", "DROP pps", "NAPI ns/frame"], ring_rows)
        md.append("")
        with open(os.path.join(od, "curves-ring.dat"), "w") as f:
            f.write("\n".join(['"ring" "DROP"'] + dat) + "\n")
    q_rows = []
    for q in (1, 2):
        m = b.median(key("builtin", "vxdp-mq", "native", "drop", 60, q))
        if m:
            q_rows.append([q, fmt_pps(m)])
    if q_rows:
        md += ["Against queues (DROP, 60 B, one source per queue):", ""]
        md += md_table(["queues", "DROP pps (sum)"], q_rows)
        md.append("")
    ring = int(info.get("ring_default", "0") or 0)
    if ring:
        # per queue: ring pages, descriptors (40 B), XDP tx ring and the
        # page_pool's ring (8 B pointers); two devices, one queue each
        per_q = ring * 4096 + ring * (40 + 8 + 8)
        md += [f"Memory per pair, computed (both devices up, 1 queue each, "
               f"{ring}-slot rings): {2 * per_q // 1024} KiB, of which the "
               f"rx buffers (one page per slot) are {2 * ring * 4} KiB; each "
               "more queue or ring slot adds the same per device. MemAvailable "
               "does not show it reliably: the page allocator's per-CPU lists "
               "hide freed pages.", ""]
    png = None
    if shutil.which("gnuplot") and (size_rows or ring_rows):
        png = os.path.join(od, "curves.png")
        res = subprocess.run(["gnuplot", "-c", plot, png,
                              os.path.join(od, "curves-size.dat"),
                              os.path.join(od, "curves-ring.dat")],
                             capture_output=True, text=True)
        if res.returncode != 0 or not os.path.exists(png):
            png = None
    return md, png


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("raw")
    ap.add_argument("outdir")
    ap.add_argument("--latest")
    ap.add_argument("--date", default="?")
    ap.add_argument("--host-name", default="?")
    ap.add_argument("--host-cpu", default="?")
    ap.add_argument("--host-cpus", default="?")
    ap.add_argument("--host-load-before", default="?")
    ap.add_argument("--host-load-after", default="?")
    ap.add_argument("--vm-seconds", default="?")
    ap.add_argument("--vm-rc", default="?")
    ap.add_argument("--plot", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "plot.gp"))
    ap.add_argument("--curves-plot", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "curves.gp"))
    args = ap.parse_args()

    info, runs, fails, prof, costs = parse(args.raw)
    od = args.outdir
    os.makedirs(od, exist_ok=True)
    b = Bench(runs, costs)
    # the matrix's frame lengths; the curves' own (512 B) only in the curves
    lengths = sorted({r["frame_len"] for r in runs
                      if r["source"] != "builtin"}) or \
        sorted({r["frame_len"] for r in runs if r["dut"] == "vxdp"})

    with open(os.path.join(od, "runs.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(RUN_FIELDS + ["warmup"])
        for r in runs:
            w.writerow([r[x] for x in RUN_FIELDS] + [int(r["rep"] == 0)])
    with open(os.path.join(od, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "dut", "mode", "queues", "action", "frame_len",
                    "n", "median_pps", "min_pps", "max_pps", "q1_pps",
                    "q3_pps"])
        for kk in sorted(b.summary):
            s = b.summary[kk]
            w.writerow(list(kk) + [s["n"], round(s["median"]), s["min"],
                                   s["max"], round(s["q1"]), round(s["q3"])])
    with open(os.path.join(od, "cost.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COST_FIELDS + ["napi_ns_per_frame", "engine_ns_per_frame",
                                  "warmup"])
        for c in costs:
            w.writerow([c[x] for x in COST_FIELDS] +
                       [f"{c['napi_ns'] / c['frames']:.1f}",
                        f"{c['engine_ns'] / c['frames']:.1f}",
                        int(c["rep"] == 0)])
    ratios = build_ratios(b, lengths)
    with open(os.path.join(od, "ratios.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["ratio", "configuration", "action", "frame_len", "n",
                    "median", "min", "max", "of_medians"])
        for g, what, a, length, r in ratios:
            w.writerow([g, what, a, length, r["n"], f"{r['median']:.4f}",
                        f"{r['min']:.4f}", f"{r['max']:.4f}",
                        f"{r['of_medians']:.4f}"])
    targets = build_targets(b)
    with open(os.path.join(od, "targets.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["target", "measured_as", "threshold", "median_ratio",
                    "min", "max", "held"])
        for t, how, thr, r in targets:
            w.writerow([t, how, thr] + ([f"{r['median']:.4f}",
                                         f"{r['min']:.4f}", f"{r['max']:.4f}",
                                         int(held(r, thr))]
                                        if r else ["", "", "", ""]))
    if prof:
        with open(os.path.join(od, "profile.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["profile", "kind", "percent", "symbol"])
            for p in prof:
                w.writerow(p)
    png, chart_err = write_chart(b, lengths, od, args.plot)
    curves_md, curves_png = write_curves(b, runs, info, od, args.curves_plot)

    # ---------------------------------------------------------------- report
    accel = "TCG" if "TCG" in info.get("guest_cpu", "") else "KVM"
    reps = sorted({r["rep"] for r in runs if r["rep"] >= 1})
    md = [f"# vxdp benchmark, {args.date}", ""]
    md += [
        f"- machine: {args.host_name}, host CPU {args.host_cpu} "
        f"({args.host_cpus} CPUs); VM: QEMU {accel}, {info.get('vcpus', '?')} "
        f"vCPUs ({info.get('guest_cpu', '?')}), kernel {info.get('kernel', '?')}",
        f"- host load average (1/5/15 min) before: {args.host_load_before}; "
        f"after: {args.host_load_after} (other VMs on the host skew results: "
        "compare only ratios of one run)",
        f"- guest kernel command line: `{info.get('cmdline', '?')}` (the VM's "
        "allocator debugging switched off again for the benchmark)",
        f"- {len(reps)} interleaved rounds (round-robin over "
        f"{info.get('configs', '?')} configurations) of "
        f"{info.get('run_ms', '?')} ms runs, after one warm-up round of "
        f"{info.get('warmup_ms', '?')} ms runs; VM wall time "
        f"{args.vm_seconds} s",
        "- frame lengths exclude the FCS (60 B = 64 B on the wire, "
        "1496 B = 1500 B on the wire); pps = frames the measured counter saw "
        "÷ the source's own run time",
        "- counted at: DROP/PASS the receiver's rx_packets, TX the sender's "
        "rx_packets (frames that came back), REDIRECT the target's peer's "
        "rx_packets",
        "- sources: **builtin** = vxdp's built-in rx source (a DMA-engine "
        "kthread fills the ring, no sender: the NIC-like number); **pktgen** (clone_skb = count "
        "into vxdp; clone_skb 0 into veth, which refuses shared skbs); "
        "**afp** = bench/afp_tx, AF_PACKET TX_RING + PACKET_QDISC_BYPASS "
        "(fresh skb per frame, the only source veth generic can take); "
        "**test-run** = BPF_PROG_TEST_RUN repeat N of the same program "
        "(program-only limit: 1e9 ÷ ns per run)",
        "- pktgen's kpktgend_0 and afp_tx on CPU 0, hence their receive "
        "path too; the built-in source of queue q interrupts CPU q (its NAPI) "
        "and writes from its engine on the other CPU; the driver script waits "
        "on CPU 1",
        "",
    ]
    spreads = sorted((st["max"] - st["min"]) / st["median"]
                     for st in b.summary.values() if st["median"])
    if spreads:
        md += [f"Noise: over all configurations, the median (max − min) ÷ "
               f"median of a configuration's rounds is "
               f"{statistics.median(spreads) * 100:.0f} %. Ratios pair the "
               "two configurations' runs of the same round (minutes apart at "
               "most), which cancels the host's slow drift but not its "
               "second-to-second jitter. The 2-queue ratio needs the host to "
               "give both vCPU threads a core at once: on a busy host it "
               "measures the host, not vxdp.", ""]
    if fails:
        md += [f"**{len(fails)} failed runs** (left out):", ""]
        md += [f"- {x}" for x in fails[:20]]
        if len(fails) > 20:
            md.append(f"- … {len(fails) - 20} more")
        md.append("")

    md += ["## Targets (report only, never asserted)", ""]
    rows = []
    for t, how, thr, r in targets:
        ok = "–" if r is None else ("**held**" if held(r, thr)
                                    else "missed")
        rows.append([t, how, fmt_ratio(r), ok])
    md += md_table(["target", "measured as", "ratio: median of rounds "
                    "(min–max)", "held?"], rows)
    md.append("")

    for length in lengths:
        md += [f"## Median pps, {length} B frames (overview)", ""]
        rows = []
        for a in ACTIONS:
            row = [ACTION_LABEL[a]]
            for s in SERIES:
                act = a
                if s[0] == "testrun" and a == "redir_veth":
                    act = "redir_vxdp"
                row.append(fmt_pps(b.median(key(s[0], s[1], s[2], act,
                                                length))))
            rows.append(row)
        md += md_table(["action"] + [short(s) for s in SERIES], rows)
        md.append("")
    md += ["(N = native, G = generic; the test-run limit of REDIR runs "
           "the one redirect program, without the transmit)", ""]

    md += ["## Driver cost: ns per frame on the NAPI CPU", "",
           "Built-in source runs: the time the queue's NAPI polls took "
           "(per-poll accounting in vxdp_poll(), on the interrupt CPU) ÷ the "
           "frames, next to the program alone (BPF_PROG_TEST_RUN ns per "
           "run) and the source's engine (the time its kthread spent writing ÷ frames, "
           "on the other CPU: a NIC's DMA engine, not the driver). Medians "
           "of the rounds.", ""]
    rows = []
    for length in lengths:
        for a in ACTIONS:
            prog = "redir_vxdp" if a.startswith("redir") else a
            nat = b.cost(key("builtin", "vxdp", "native", a, length))
            gen = b.cost(key("builtin", "vxdp", "generic", a, length))
            eng = b.cost(key("builtin", "vxdp", "native", a, length), True)
            tr = b.cost(key("testrun", "prog", "testrun", prog, length))
            if nat is None and gen is None:
                continue

            def ns(v):
                return "–" if v is None else f"{v:.0f}"
            rows.append([f"{length} B", ACTION_LABEL[a], ns(nat), ns(gen),
                         ns(tr), ns(eng),
                         f"{nat / tr:.1f}×" if nat and tr else "–"])
    md += md_table(["frame", "action", "NAPI native", "NAPI generic",
                    "program alone (test run)", "engine (native run)",
                    "NAPI native ÷ program"], rows)
    md.append("")

    md += extra_sections(b, lengths)
    md += curves_md
    md += ["## Per configuration: median and spread", ""]
    rows = []
    for kk in sorted(b.summary, key=lambda x: (
            x[5], ACTIONS.index(x[4]) if x[4] in ACTIONS else 9,
            [s for s in SERIES].index(x[:3]) if x[:3] in SERIES else 99,
            x[1], x[3])):
        s = b.summary[kk]
        src, dut, mode, q, a, length = kk
        spread = (s["max"] - s["min"]) / s["median"] * 100 if s["median"] else 0
        rows.append([length, ACTION_LABEL.get(a, a), src, dut, mode, q,
                     fmt_pps(s["median"]),
                     f"{fmt_pps(s['min'])}–{fmt_pps(s['max'])}",
                     f"{fmt_pps(s['q1'])}–{fmt_pps(s['q3'])}",
                     f"{spread:.0f} %", s["n"]])
    md += md_table(["frame", "action", "source", "dut", "mode", "queues",
                    "median pps", "min–max", "IQR", "range/median", "n"],
                   rows)
    md.append("")

    md += ["## Ratios (median of the per-round ratios, min–max over rounds)",
           ""]
    groups = []
    for g, *_ in ratios:
        if g not in groups:
            groups.append(g)
    for g in groups:
        md += [f"### {g}", ""]
        sel = [x for x in ratios if x[0] == g]
        whats = []
        for _, what, *_ in sel:
            if what not in whats:
                whats.append(what)
        lens = sorted({x[3] for x in sel})
        acts = [a for a in ACTIONS if any(x[2] == a for x in sel)]
        rows = []
        for length in lens:
            for what in whats:
                row = [f"{length} B", what]
                for a in acts:
                    m = [x[4] for x in sel if x[1] == what and x[2] == a and
                         x[3] == length]
                    row.append(fmt_ratio(m[0]) if m else "–")
                rows.append(row)
        md += md_table(["frame", "configuration"] +
                       [ACTION_LABEL[a] for a in acts], rows)
        md.append("")

    names = []
    for n, *_ in prof:
        if n not in names:
            names.append(n)
    for n in names:
        md += [f"## Profile: {n}, built-in source, 60 B: perf record -C 0 -g "
               "(CPU 0: queue 0's NAPI)", ""]
        if f"profile_pps.{n}" in info:
            md.append(f"(source rate while profiled: "
                      f"{fmt_pps(int(info[f'profile_pps.{n}']))} pps)")
            md.append("")
        mine = sorted((x for x in prof if x[0] == n), key=lambda x: -x[2])
        self_rows = [[f"{p:.2f} %", f"`{sym}`"] for _, h, p, sym in mine
                     if h == "self"][:20]
        md += ["Self time (top 20):", ""]
        md += md_table(["self", "symbol"], self_rows)
        md.append("")
        ch_rows = [[f"{p:.2f} %", f"`{sym}`"] for _, h, p, sym in mine
                   if h == "children"][:20]
        if ch_rows:
            md += ["Including callees (top 20):", ""]
            md += md_table(["total", "symbol"], ch_rows)
            md.append("")

    md.append(f"Chart: {png}" if png else f"Chart: {chart_err}")
    if curves_png:
        md.append(f"Curves: {curves_png}")
    md.append("")
    text = "\n".join(md)
    with open(os.path.join(od, "report.md"), "w") as f:
        f.write(text)
    if args.latest:
        with open(args.latest, "w") as f:
            f.write(text.replace(f"Chart: {png}", "Chart: " + (
                os.path.relpath(png, os.path.dirname(
                    os.path.abspath(args.latest))) if png else "none")))
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
