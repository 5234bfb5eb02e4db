#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The in-VM half of scripts/bench: set up every device pair once, then
# measure all configurations round-robin, REPS times (plus one warm-up
# round). Every run lasts RUN_MS: the source runs until stopped (pktgen
# "count 0" then "stop", afp_tx "sendfor", the built-in source's "stop",
# test runs for RUN_MS), and times itself. Runs as root in the VM that scripts/vm boots; writes nothing to
# the (read-only) tree. Its stdout is machine-readable, one record a line:
#
#   INFO,key,value
#   CSV,rep,source,dut,mode,queues,action,frame_len,count,delivered,elapsed_ns,pps
#   COST,rep,dut,mode,queues,action,frame_len,frames,napi_ns,napi_polls,engine_ns
#   FAIL,rep,config,reason
#   PROF,profile,self|children,percent,symbol
#   LOG,text
#
# rep 0 is the warm-up round (WARMUP_MS runs; not for statistics).
# count = frames the source sent (test runs: program runs), delivered =
# frames the counting device saw, elapsed_ns = the source's own run time
# (test runs: time in the program, as the kernel measured it). COST
# follows a built-in source's CSV line (AF_XDP rx runs' too, which the
# built-in source feeds): the frames its engine wrote, the
# time the queue's NAPI polls took meanwhile, their number, and the
# engine's busy time, writing frames (summed over queues).
#
# usage: bench/guest.sh [--reps N] [--run-ms MS] [--warmup-ms MS]
#                       [--sizes "60 1496"] [--no-perf] [--no-curves]
#                       [--only REGEX]
#
# Configurations (source dut mode action frame_len):
#   pktgen  vxdp native|generic, veth native   (veth: clone_skb 0, see below)
#   afp     vxdp native|generic, veth native|generic   (bench/afp_tx)
#   builtin vxdp native|generic   (vxdp's built-in rx source, queue 0)
#   testrun prog                  (BPF_PROG_TEST_RUN, repeat N: the limit)
#   builtin vxdp native, 1 and 2 queues, drop, 60 B (the scaling pair,
#                                reported as dut vxdp-mq, queues 1 or 2)
#   builtin vxdp offload          (drop and tx run by the offload engine)
#   builtin vxdp-mb native drop   1496 and 8996 B (MTU 9000, an xdp.frags
#                                program: 8996 B frames are multi-buffer)
#   xsk     vxdp zc|copy rx|tx 60 (AF_XDP on queue 0, bench/xsk_bench: rx
#                                from the built-in source through an XSKMAP
#                                program, counted by the socket; tx as fast
#                                as the ring takes, counted by the peer)
# Cost curves (built-in source, vxdp native; --no-curves leaves them out):
#   drop and tx at CURVE_SIZES too (512 B), next to SIZES
#   drop 60 B on rings of 64 ... 4096 slots (pair xr, "ethtool -G" before
#                                each run; reported as dut vxdp-ring<N>)
# and INFO ring_default, for the memory a pair takes.
# actions: drop pass tx redir_vxdp redir_veth. Frame lengths exclude the FCS.
#
# pktgen's kpktgend_0 and the AF_PACKET sender run on CPU 0, so the
# receive path runs there too. The built-in source of queue q interrupts
# CPU q, where its NAPI runs; its engine (a kthread) runs on the other
# CPU, as a NIC's DMA engine works beside the CPUs. This script waits on
# CPU 1.
#
# Who counts what ("delivered"):
#   drop, pass   rx_packets of the receiving device R
#   tx           rx_packets of the sending device S (the frames came back)
#   redir_*      rx_packets of the redirect target's peer
# S, and every counting peer, run an XDP_DROP program of the same mode as R
# (veth needs one on the receiving side of XDP_TX / ndo_xdp_xmit anyway).
set -u

REPS=5
RUN_MS=500
WARMUP_MS=150
SIZES="60 1496"
CURVE_SIZES="512"
RING_SIZES="64 128 256 512 1024 2048 4096"
PERF=1
CURVES=1
ONLY=
while (($#)); do
	case $1 in
	--reps) REPS=$2; shift 2 ;;
	--run-ms) RUN_MS=$2; shift 2 ;;
	--warmup-ms) WARMUP_MS=$2; shift 2 ;;
	--sizes) SIZES=$2; shift 2 ;;
	--no-perf) PERF=0; shift ;;
	--no-curves) CURVES=0; shift ;;
	--only) ONLY=$2; shift 2 ;;
	*) echo "FAIL,0,args,unknown option $1"; exit 2 ;;
	esac
done

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
VXDP_KO=${VXDP_KO:-$ROOT/vxdp.ko}
BPF_OBJ=$BENCH_DIR/xdp_bench.bpf.o
AFP_TX=$BENCH_DIR/afp_tx
XSK_BENCH=$BENCH_DIR/xsk_bench
OFF_OBJ=$BENCH_DIR/xdp_offload.bpf.o
SRC=/sys/kernel/debug/vxdp/rx_source
PIN=/sys/fs/bpf/vxdp_bench
WORK=/tmp/vxdp_bench

ACTIONS="drop pass tx redir_vxdp redir_veth"

T0=$EPOCHREALTIME
log() { echo "LOG,[$(( (${EPOCHREALTIME/./} - ${T0/./}) / 1000000 ))s] $*"; }
info() { echo "INFO,$1,$2"; }
die() { echo "FAIL,0,setup,$*"; exit 1; }

############################################################################
# Fork-free helpers: under TCG every exec costs tenths of a second.

mkdir -p "$WORK"
mkfifo "$WORK/nap"
exec {NAPFD}<>"$WORK/nap"
nap() { read -r -t "$1" -u "$NAPFD" _ || true; }

# A long-lived shell per CPU runs what must run there (and what it execs
# inherits the CPU): on_cpu CPU CMD sets OUT (array of output lines) and
# returns CMD's exit status.
for c in 0 1; do
	mkfifo "$WORK/cpu$c.in" "$WORK/cpu$c.out"
	taskset -c "$c" bash <"$WORK/cpu$c.in" >"$WORK/cpu$c.out" 2>&1 &
done
exec {CPU0_IN}<>"$WORK/cpu0.in" {CPU0_OUT}<>"$WORK/cpu0.out"
exec {CPU1_IN}<>"$WORK/cpu1.in" {CPU1_OUT}<>"$WORK/cpu1.out"
# the sender / test-run server on CPU 0 (bench/afp_tx --server)
mkfifo "$WORK/afp.in" "$WORK/afp.out"
taskset -c 0 "$AFP_TX" --server <"$WORK/afp.in" >"$WORK/afp.out" 2>&1 &
exec {AFP_IN}<>"$WORK/afp.in" {AFP_OUT}<>"$WORK/afp.out"
# the AF_XDP receiver's output (bench/xsk_bench rx, one per run)
mkfifo "$WORK/xsk.out"
exec {XSK_OUT}<>"$WORK/xsk.out"
NCPUS=$(nproc)
taskset -p -c 1 $$ >/dev/null || die "taskset"

# on_cpu_start CPU CMD / on_cpu_wait CPU: the two halves of on_cpu
on_cpu_start()
{
	local in=CPU$1_IN

	printf '%s\necho "__done $?"\n' "$2" >&"${!in}"
}

on_cpu_wait()
{
	local outfd=CPU$1_OUT line

	OUT=()
	while IFS= read -r line <&"${!outfd}"; do
		if [[ $line == "__done "* ]]; then
			return "${line#__done }"
		fi
		OUT+=("$line")
	done
	return 255
}

on_cpu()
{
	on_cpu_start "$1" "$2"
	on_cpu_wait "$1"
}

# rd VAR FILE: first line of FILE into VAR
rd() { read -r "$1" <"$2"; }

# afp CMD: one command to the afp_tx server, its one-line answer in REPLY
afp()
{
	echo "$1" >&"$AFP_IN"
	read -r REPLY <&"$AFP_OUT"
}

rx_packets() { rd "$1" "/sys/class/net/$2/statistics/rx_packets"; }

############################################################################
# Setup

[[ -f $VXDP_KO && -f $BPF_OBJ && -f $OFF_OBJ && -x $AFP_TX && -x $XSK_BENCH ]] ||
	die "build first: $VXDP_KO $BPF_OBJ $OFF_OBJ $AFP_TX $XSK_BENCH"
insmod "$VXDP_KO" || die "insmod $VXDP_KO"
modprobe veth || die "modprobe veth"
modprobe pktgen || die "modprobe pktgen"
[[ -w $SRC ]] || die "no $SRC"
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

info kernel "$(uname -r)"
info guest_cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
info vcpus "$NCPUS"
info cmdline "$(cat /proc/cmdline)"
info clocksource "$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
info bpf_jit_enable "$(cat /proc/sys/net/core/bpf_jit_enable)"

# Device pairs: NAME_r receives (the device under test), NAME_s sends.
# NAME = <x|e><n|g>_<action>: x vxdp, e veth; n native, g generic.
# Redirect targets: tv_a -> tv_b (vxdp), te_a -> te_b (veth).
# Scaling pair: xq_r / xq_s, 2 queues. Offload: xo_drop, xo_tx. AF_XDP:
# xk (rx), xt (tx). Multi-buffer: xm (MTU 9000).
declare -A MODE_KW=([n]=xdpdrv [g]=xdpgeneric)
batch=$WORK/ip.batch
: >"$batch"
add_vxdp()	# R S [ip link options]
{
	# the peer is created first, as vxdp<N> with the lowest free N
	echo "link add $1 ${*:3} type vxdp" >>"$batch"
	echo "link set dev vxdp0 name $2" >>"$batch"
}
add_veth() { echo "link add $1 type veth peer name $2" >>"$batch"; }

PAIRS=()
for d in x e; do
	for m in n g; do
		for a in $ACTIONS; do
			PAIRS+=("$d$m"_"$a")
		done
	done
done
for p in "${PAIRS[@]}"; do
	case $p in
	x*) add_vxdp "${p}_r" "${p}_s" ;;
	e*) add_veth "${p}_r" "${p}_s" ;;
	esac
done
add_vxdp tv_a tv_b
add_veth te_a te_b
add_vxdp xq_r xq_s numtxqueues 2 numrxqueues 2
add_vxdp xr_r xr_s
add_vxdp xo_drop_r xo_drop_s
add_vxdp xo_tx_r xo_tx_s
add_vxdp xk_r xk_s
add_vxdp xt_r xt_s
add_vxdp xm_r xm_s
ip -batch "$batch" || die "creating the devices"

# every vxdp _s must be the peer of its _r
for p in "${PAIRS[@]}" tv xq xr xo_drop xo_tx xk xt xm; do
	case $p in tv) r=tv_a s=tv_b ;; *) r=${p}_r s=${p}_s ;; esac
	[[ $p == e* ]] && continue
	rd il "/sys/class/net/$r/iflink" && rd ix "/sys/class/net/$s/ifindex" &&
		((il == ix)) || die "$s is not the peer of $r"
done

# Programs: one loadall per redirect target (each has its own devmap).
mkdir -p "$PIN"
bpftool prog loadall "$BPF_OBJ" "$PIN/vx" type xdp pinmaps "$PIN/vx_maps" ||
	die "bpftool prog loadall"
bpftool prog loadall "$BPF_OBJ" "$PIN/ve" type xdp pinmaps "$PIN/ve_maps" ||
	die "bpftool prog loadall"
le32() { printf '%d %d %d %d' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
rd tv_idx /sys/class/net/tv_a/ifindex
rd te_idx /sys/class/net/te_a/ifindex
bpftool map update pinned "$PIN/vx_maps/bench_devmap" key 0 0 0 0 value $(le32 "$tv_idx") ||
	die "devmap update"
bpftool map update pinned "$PIN/ve_maps/bench_devmap" key 0 0 0 0 value $(le32 "$te_idx") ||
	die "devmap update"

: >"$batch"
for p in "${PAIRS[@]}"; do
	kw=${MODE_KW[${p:1:1}]}
	a=${p#*_}
	case $a in
	redir_vxdp) prog=$PIN/vx/bench_redirect ;;
	redir_veth) prog=$PIN/ve/bench_redirect ;;
	*) prog=$PIN/vx/bench_$a ;;
	esac
	echo "link set dev ${p}_r $kw pinned $prog" >>"$batch"
	[[ $a == tx ]] && echo "link set dev ${p}_s $kw pinned $PIN/vx/bench_drop" >>"$batch"
done
echo "link set dev tv_b xdpdrv pinned $PIN/vx/bench_drop" >>"$batch"
echo "link set dev te_b xdpdrv pinned $PIN/vx/bench_drop" >>"$batch"
echo "link set dev xq_r xdpdrv pinned $PIN/vx/bench_drop" >>"$batch"
echo "link set dev xr_r xdpdrv pinned $PIN/vx/bench_drop" >>"$batch"
echo "link set dev xo_tx_s xdpdrv pinned $PIN/vx/bench_drop" >>"$batch"
echo "link set dev xk_r xdpdrv pinned $PIN/vx/bench_xsk" >>"$batch"
echo "link set dev xt_r xdpdrv pinned $PIN/vx/bench_drop" >>"$batch"
echo "link set dev xm_r mtu 9000" >>"$batch"
echo "link set dev xm_s mtu 9000" >>"$batch"
echo "link set dev xm_r xdpdrv pinned $PIN/vx/bench_drop_mb" >>"$batch"
for p in "${PAIRS[@]}"; do
	echo "link set dev ${p}_r up" >>"$batch"
	echo "link set dev ${p}_s up" >>"$batch"
done
for d in tv_a tv_b te_a te_b xq_r xq_s xr_r xr_s xo_drop_r xo_drop_s xo_tx_r \
	 xo_tx_s xk_r xk_s xt_r xt_s xm_r xm_s; do
	echo "link set dev $d up" >>"$batch"
done
ip -batch "$batch" || die "attaching the programs"
# offloaded: loaded for the device (its engine verifies them), no maps
ip link set dev xo_drop_r xdpoffload obj "$OFF_OBJ" program off_drop ||
	die "offloading off_drop"
ip link set dev xo_tx_r xdpoffload obj "$OFF_OBJ" program off_tx ||
	die "offloading off_tx"

# Test-run input: the same frame as the senders'.
for len in $SIZES; do
	"$AFP_TX" --dump "$len" "$WORK/frame$len" || die "afp_tx --dump"
done
# The default ring size, for the memory per pair the report computes
((CURVES)) &&
	info ring_default "$(ethtool -g xr_r | awk '/^RX:/ { n++ } n == 2 { print $2; exit }')"
log "setup done"

############################################################################
# One run of each kind. Each sets DELIVERED, ELAPSED (ns), SENT, or
# returns non-zero with WHY set.

pg() { echo "$2" >"/proc/net/pktgen/$1"; }

# pg_wait_gone DEV: pktgen's thread removes devices asynchronously (a
# "rem_device_all" not yet carried out when the next "start" comes would
# remove the new device while it runs): wait until DEV's entry is gone
pg_wait_gone()
{
	local i

	for ((i = 0; i < 500; i++)); do
		[[ -e /proc/net/pktgen/$1 ]] || return 0
		nap 0.02
	done
	return 1
}

# pg_wait_stopped: until kpktgend_0 runs no device
pg_wait_stopped()
{
	local i line running

	for ((i = 0; i < 500; i++)); do
		running=
		while IFS= read -r line; do
			[[ $line =~ ^Running:\ *(.*)$ ]] && running=${BASH_REMATCH[1]}
		done </proc/net/pktgen/kpktgend_0
		[[ -z ${running// /} ]] && return 0
		nap 0.02
	done
	return 1
}

# counter_dev PAIR ACTION: CDEV = the device whose rx_packets count the run
counter_dev()
{
	case $2 in
	drop|pass) CDEV=$1_r ;;
	tx) CDEV=$1_s ;;
	redir_vxdp) CDEV=tv_b ;;
	redir_veth) CDEV=te_b ;;
	*) CDEV= ;;
	esac
}

# secs MS: "S.mmm" for nap
secs() { printf -v SECS '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

# pg_wait_running DEV: until kpktgend_0 runs DEV (it starts asynchronously)
pg_wait_running()
{
	local i line

	for ((i = 0; i < 1000; i++)); do
		while IFS= read -r line; do
			[[ $line =~ ^Running:.*\ $1(\ |$) || $line == "Running: $1" ]] && return 0
		done </proc/net/pktgen/kpktgend_0
		nap 0.01
	done
	return 1
}

run_pktgen()	# S R CDEV MS LEN
{
	local s=$1 r=$2 cdev=$3 ms=$4 len=$5 mac clone=0 a b i line usec= sent=

	rd mac "/sys/class/net/$r/address"
	# "clone_skb high": one skb sent over and over. veth clears
	# IFF_TX_SKB_SHARING, pktgen refuses clone_skb > 0 there.
	[[ $s == x* ]] && clone=1000000000
	pg kpktgend_0 "add_device $s" || { WHY="pktgen add_device"; return 1; }
	pg "$s" "count 0"	# until stopped
	pg "$s" "clone_skb $clone"
	pg "$s" "burst 1"
	pg "$s" "pkt_size $len"
	pg "$s" "delay 0"
	pg "$s" "dst 198.18.0.2"
	pg "$s" "src_min 198.18.0.1"
	pg "$s" "src_max 198.18.0.1"
	pg "$s" "udp_src_min 9"
	pg "$s" "udp_src_max 9"
	pg "$s" "udp_dst_min 9"
	pg "$s" "udp_dst_max 9"
	pg "$s" "dst_mac $mac"
	rx_packets a "$cdev"
	# "start" blocks until the run is over: write it from CPU 1's shell
	on_cpu_start 1 "echo start >/proc/net/pktgen/pgctrl"
	if pg_wait_running "$s"; then
		secs "$ms"
		nap "$SECS"
	else
		WHY="pktgen: $s did not start"
	fi
	pg pgctrl stop
	on_cpu_wait 1
	pg_wait_stopped
	for ((i = 0; i < 100; i++)); do
		while IFS= read -r line; do
			if [[ $line =~ ^Result:\ OK:\ ([0-9]+)\(.*usec,\ ([0-9]+)\  ]]; then
				usec=${BASH_REMATCH[1]} sent=${BASH_REMATCH[2]}
			fi
		done <"/proc/net/pktgen/$s"
		[[ $usec ]] && break
		nap 0.05
	done
	nap 0.05
	rx_packets b "$cdev"
	pg kpktgend_0 rem_device_all
	pg_wait_gone "$s" || { WHY="pktgen: $s not removed"; return 1; }
	[[ $WHY ]] && return 1
	[[ $usec ]] || { WHY="pktgen: no result"; return 1; }
	SENT=$sent DELIVERED=$((b - a)) ELAPSED=$((usec * 1000))
}

run_afp()	# S R CDEV MS LEN
{
	local s=$1 r=$2 cdev=$3 ms=$4 len=$5 mac a b

	rd mac "/sys/class/net/$r/address"
	rx_packets a "$cdev"
	afp "sendfor $s $ms $len $mac"
	nap 0.05
	rx_packets b "$cdev"
	[[ $REPLY =~ ^sent\ ([0-9]+)\ elapsed_ns\ ([0-9]+) ]] ||
		{ WHY="afp_tx: $REPLY"; return 1; }
	SENT=${BASH_REMATCH[1]} DELIVERED=$((b - a)) ELAPSED=${BASH_REMATCH[2]}
}

# src_state DEV QUEUE: STATE GEN NS of the built-in source, and its
# ENGINE_NS (busy time), NAPI_POLLS and NAPI_NS
src_state()
{
	local line re

	STATE=none GEN=0 NS=0 ENGINE_NS=0 NAPI_POLLS=0 NAPI_NS=0
	re="^$1 $2 ([a-z]+) generated ([0-9]+) elapsed_ns ([0-9]+)"
	re+=" cpu [0-9]+ source_ns ([0-9]+) irq_cpu [0-9]+"
	re+=" napi_polls ([0-9]+) napi_ns ([0-9]+)"
	while IFS= read -r line; do
		if [[ $line =~ $re ]]; then
			STATE=${BASH_REMATCH[1]} GEN=${BASH_REMATCH[2]} NS=${BASH_REMATCH[3]}
			ENGINE_NS=${BASH_REMATCH[4]} NAPI_POLLS=${BASH_REMATCH[5]}
			NAPI_NS=${BASH_REMATCH[6]}
		fi
	done <"$SRC"
}

run_builtin()	# R CDEV MS LEN QUEUES
{
	local r=$1 cdev=$2 ms=$3 len=$4 queues=$5 q a b i sent=0 rate=0

	COST_NAPI_NS=0 COST_POLLS=0 COST_ENGINE_NS=0
	rx_packets a "$cdev"
	# written from CPU q, though the queue picks its CPUs itself
	for ((q = 0; q < queues; q++)); do
		on_cpu_start "$q" "echo '$r $q 1000000000 $len' >$SRC"
	done
	for ((q = 0; q < queues; q++)); do
		on_cpu_wait "$q" || WHY="rx_source start: ${OUT[*]}"
	done
	secs "$ms"
	nap "$SECS"
	for ((q = 0; q < queues; q++)); do
		echo "$r $q stop" >"$SRC"
	done
	for ((q = 0; q < queues; q++)); do
		for ((i = 0; i < 1000; i++)); do
			src_state "$r" "$q"
			[[ $STATE == active ]] || break
			nap 0.01
		done
		[[ $STATE == done ]] || { WHY="rx_source: state $STATE"; return 1; }
		# the sum of the queues' rates (they run side by side)
		rate=$((rate + GEN * 1000000000 / (NS ? NS : 1)))
		sent=$((sent + GEN))
		COST_NAPI_NS=$((COST_NAPI_NS + NAPI_NS))
		COST_POLLS=$((COST_POLLS + NAPI_POLLS))
		COST_ENGINE_NS=$((COST_ENGINE_NS + ENGINE_NS))
	done
	[[ $WHY ]] && return 1
	nap 0.05
	rx_packets b "$cdev"
	SENT=$sent DELIVERED=$((b - a))
	# so that DELIVERED / ELAPSED is the rate (summed over queues)
	ELAPSED=$((rate ? DELIVERED * 1000000000 / rate : 0))
	((queues == 1)) && ELAPSED=$NS
	return 0
}

# AF_XDP receive: a socket (zc or copy) on R's queue 0 takes what the
# built-in source writes there (bench_xsk redirects into it); DELIVERED =
# frames the socket received, ELAPSED = the source's run time. The socket
# runs on CPU 0 beside the queue's NAPI, waiting in poll() when idle.
run_xsk_rx()	# R MODE MS LEN
{
	local r=$1 mode=$2 ms=$3 len=$4 line= res= pid

	taskset -c 0 "$XSK_BENCH" rx "$r" "$mode" "$PIN/vx_maps/bench_xskmap" \
		>&"$XSK_OUT" 2>&1 &
	pid=$!
	read -r -t 60 -u "$XSK_OUT" line
	if [[ $line == ready ]]; then
		run_builtin "$r" "$r" "$ms" "$len" 1
	else
		WHY="xsk_bench rx: $line"
	fi
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	# it has written all it will: the fifo holds the rest
	while read -r -t 0.2 -u "$XSK_OUT" line; do
		[[ $line == received* ]] && res=$line
	done
	[[ $WHY ]] && return 1
	[[ $res =~ ^received\ ([0-9]+)\ elapsed_ns ]] ||
		{ WHY="xsk_bench rx: no result"; return 1; }
	DELIVERED=${BASH_REMATCH[1]}
}

# AF_XDP transmit: a socket (zc or copy) on S's queue 0 sends for MS;
# DELIVERED = frames R received (its XDP_DROP program), ELAPSED = the
# sender's run time.
run_xsk_tx()	# S R MODE MS LEN
{
	local s=$1 r=$2 mode=$3 ms=$4 len=$5 mac a b line

	rd mac "/sys/class/net/$r/address"
	rx_packets a "$r"
	on_cpu 0 "$XSK_BENCH tx $s $mode $ms $len $mac"
	nap 0.05
	rx_packets b "$r"
	for line in "${OUT[@]}"; do
		if [[ $line =~ ^sent\ ([0-9]+)\ completed\ [0-9]+\ elapsed_ns\ ([0-9]+) ]]; then
			SENT=${BASH_REMATCH[1]} DELIVERED=$((b - a))
			ELAPSED=${BASH_REMATCH[2]}
			return 0
		fi
	done
	WHY="xsk_bench tx: ${OUT[*]}"
	return 1
}

# set_ring DEV N: DEV's rx ring to N slots (a restart, like a NIC's)
RING_NOW=
set_ring()
{
	[[ $RING_NOW == "$1 $2" ]] && return 0
	ethtool -G "$1" rx "$2" || { WHY="ethtool -G $1 rx $2"; return 1; }
	RING_NOW="$1 $2"
}

run_testrun()	# ACTION LEN MS
{
	local prog=$PIN/vx/bench_$1

	case $1 in redir_vxdp) prog=$PIN/vx/bench_redirect ;; esac
	afp "testrunfor $prog $WORK/frame$2 $3"
	[[ $REPLY =~ ^testrun\ retval\ [0-9]+\ runs\ ([0-9]+)\ duration_ns\ ([0-9]+) ]] ||
		{ WHY="test run: $REPLY"; return 1; }
	SENT=${BASH_REMATCH[1]} DELIVERED=${BASH_REMATCH[1]} ELAPSED=${BASH_REMATCH[2]}
}

############################################################################
# Configurations: "source dut mode queues action len"

CONFIGS=()
for len in $SIZES; do
	for a in $ACTIONS; do
		CONFIGS+=("pktgen vxdp native 1 $a $len"
			  "pktgen vxdp generic 1 $a $len"
			  "pktgen veth native 1 $a $len"
			  "afp vxdp native 1 $a $len"
			  "afp vxdp generic 1 $a $len"
			  "afp veth native 1 $a $len"
			  "afp veth generic 1 $a $len"
			  "builtin vxdp native 1 $a $len"
			  "builtin vxdp generic 1 $a $len")
		# the program alone (redir: the devmap lookup, no transmit)
		[[ $a == redir_veth ]] || CONFIGS+=("testrun prog testrun 1 $a $len")
	done
done
CONFIGS+=("builtin vxdp native 1q drop 60" "builtin vxdp native 2q drop 60")
for len in $SIZES; do
	CONFIGS+=("builtin vxdp offload 1 drop $len" "builtin vxdp offload 1 tx $len")
done
CONFIGS+=("builtin vxdp-mb native 1 drop 1496" "builtin vxdp-mb native 1 drop 8996")
for a in rx tx; do
	CONFIGS+=("xsk vxdp zc 1 $a 60" "xsk vxdp copy 1 $a 60")
done
if ((CURVES)); then
	for len in $CURVE_SIZES; do
		CONFIGS+=("builtin vxdp native 1 drop $len" "builtin vxdp native 1 tx $len")
	done
	for n in $RING_SIZES; do
		CONFIGS+=("builtin vxdp-ring$n native 1 drop 60")
	done
fi
if [[ $ONLY ]]; then
	sel=()
	for c in "${CONFIGS[@]}"; do [[ $c =~ $ONLY ]] && sel+=("$c"); done
	CONFIGS=("${sel[@]}")
fi
info configs "${#CONFIGS[@]}"
info reps "$REPS"
info run_ms "$RUN_MS"
info warmup_ms "$WARMUP_MS"

run_config()	# REP CONFIG
{
	local rep=$1 cfg=$2 src dut mode q a len p r s cdev ms=$RUN_MS queues=1 rc

	((rep == 0)) && ms=$WARMUP_MS
	read -r src dut mode q a len <<<"$cfg"
	p=x${mode:0:1}_$a
	[[ $dut == veth ]] && p=e${mode:0:1}_$a
	r=${p}_r s=${p}_s
	counter_dev "$p" "$a"
	cdev=$CDEV
	WHY= ELAPSED=0 DELIVERED=0
	case $src in
	pktgen) run_pktgen "$s" "$r" "$cdev" "$ms" "$len" ;;
	afp) run_afp "$s" "$r" "$cdev" "$ms" "$len" ;;
	builtin)
		if [[ $dut == vxdp-ring* ]]; then
			set_ring xr_r "${dut#vxdp-ring}" &&
				run_builtin xr_r xr_r "$ms" "$len" 1
		elif [[ $dut == vxdp-mb ]]; then
			run_builtin xm_r xm_r "$ms" "$len" 1
		elif [[ $q == [12]q ]]; then
			# the 2-queue pair: reported as dut vxdp-mq
			queues=${q%q} dut=vxdp-mq
			run_builtin xq_r xq_r "$ms" "$len" "$queues"
		else
			run_builtin "$r" "$cdev" "$ms" "$len" 1
		fi ;;
	testrun) run_testrun "$a" "$len" "$ms" ;;
	xsk)
		case $a in
		rx) run_xsk_rx xk_r "$mode" "$ms" "$len" ;;
		tx) run_xsk_tx xt_s xt_r "$mode" "$ms" "$len" ;;
		esac ;;
	esac
	rc=$?
	if ((rc)) || ((ELAPSED <= 0 || DELIVERED <= 0)); then
		echo "FAIL,$rep,$cfg,${WHY:-nothing delivered}"
		return
	fi
	echo "CSV,$rep,$src,$dut,$mode,$queues,$a,$len,$SENT,$DELIVERED,$ELAPSED,$((DELIVERED * 1000000000 / ELAPSED))"
	[[ $src == builtin || $src$a == xskrx ]] &&
		echo "COST,$rep,$dut,$mode,$queues,$a,$len,$SENT,$COST_NAPI_NS,$COST_POLLS,$COST_ENGINE_NS"
}

############################################################################
# Round-robin: every configuration once per round; round 0 warms up.

for ((rep = 0; rep <= REPS; rep++)); do
	log "round $rep of $REPS"
	for cfg in "${CONFIGS[@]}"; do
		run_config "$rep" "$cfg"
	done
done

############################################################################
# Profiles: perf on CPU 0 (queue 0's NAPI: the driver's work, not the
# engine's) during built-in source runs of 60 B frames: native XDP_DROP,
# and XDP_PASS native and generic (where native PASS's time goes).

# perf starts slowly under TCG (minutes on a loaded host): start it with its
# events disabled, wait for its answer on the control fifo, then start the
# source and enable the events for PROF_SECONDS. Bounded at every step.
PROF_SECONDS=3
profile()	# NAME DEV
{
	local name=$1 dev=$2 ack= perf_pid pctl pack

	log "profiling $name"
	rm -f "$WORK/perf.ctl" "$WORK/perf.ack" "$WORK/perf.data"
	mkfifo "$WORK/perf.ctl" "$WORK/perf.ack"
	exec {pctl}<>"$WORK/perf.ctl" {pack}<>"$WORK/perf.ack"
	perf record -q -C 0 -F 999 -g --no-buildid --no-buildid-cache -D -1 \
		--control "fifo:$WORK/perf.ctl,$WORK/perf.ack" \
		-o "$WORK/perf.data" -- sleep 3600 >/dev/null 2>&1 &
	perf_pid=$!
	echo disable >&"$pctl"
	read -r -t 300 -u "$pack" ack
	if [[ $ack == ack ]]; then
		on_cpu 0 "echo '$dev 0 900000000 60' >$SRC"
		echo enable >&"$pctl"
		read -r -t 60 -u "$pack" ack
		nap "$PROF_SECONDS"
		echo disable >&"$pctl"
		read -r -t 60 -u "$pack" ack
		echo "$dev 0 stop" >"$SRC"
		while src_state "$dev" 0; [[ $STATE == active ]]; do nap 0.1; done
		info "profile_pps.$name" "$((GEN * 1000000000 / (NS ? NS : 1)))"
	else
		log "perf did not start in 300 s: no profile"
	fi
	kill -INT "$perf_pid" 2>/dev/null
	wait "$perf_pid"
	exec {pctl}>&- {pack}>&-
	# one pass: the Children and Self columns, top entries by Children
	# (an entry's self time is at most its children time, so the top
	# self entries are all there)
	[[ $ack == ack ]] &&
	timeout 300 perf report -i "$WORK/perf.data" --children --sort symbol \
		--stdio -g none -q --percent-limit 0.3 2>/dev/null |
		awk -v n="$name" '$1 ~ /%$/ && $2 ~ /%$/ {
			c = $1; s = $2; sub(/%$/, "", c); sub(/%$/, "", s)
			$1 = ""; $2 = ""
			sub(/^ +/, ""); sub(/^\[[k.]\] +/, ""); sub(/( +-)+ *$/, "")
			print "PROF," n ",children," c "," $0
			if (s + 0 > 0) print "PROF," n ",self," s "," $0 }'
}

if ((PERF)) && command -v perf >/dev/null; then
	profile "native DROP" xn_drop_r
	profile "native PASS" xn_pass_r
	profile "generic PASS" xg_pass_r
fi
log "done"
