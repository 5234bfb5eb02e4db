#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Churn and leaks: what users, tests and fuzzers do to a NIC driver, while
# traffic is in flight. Nothing may crash (a splat on the console fails
# the run: scripts/vm), hang or leak; counters still add up exactly.
#
#   VXDP_STRESS=full   make stress's scale: 10^6 frames under program swaps,
#                      200 create/delete and 200 load/unload cycles, the
#                      churn rounds three times
#   (unset)            make check's quick scale: 10^5 frames, 10 and 10
#                      cycles, the churns in two sequences
#
# Topology of the churn tests (one netns per side):
#   ns1: vx1 (rx source, native program redirecting via a devmap to vx2)
#        ve1 (veth, native program redirecting to vx2 by ifindex)
#        vx2 ----- vx3 in ns2 (an offloaded program with a bound map)
#   ns0: vx0 (vx1's peer), ve0 (pktgen into ve1)
#   ns2: vx4 ----- vx5 (AF_XDP zero-copy sockets both ways, lossy)

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

if [[ ${VXDP_STRESS:-} == full ]]; then
	FRAMES=1000000 CYCLES=200 MOD_CYCLES=200 ROUNDS=3
else
	FRAMES=100000 CYCLES=10 MOD_CYCLES=10 ROUNDS=1
fi
OBJ=xdp_actions.bpf.o
RED_OBJ=xdp_redirect.bpf.o
OFF_OBJ=offload_count.bpf.o
VXDP_SWAP=$VXDP_SELFTESTS_DIR/vxdp_swap
VXDP_XSK=$VXDP_SELFTESTS_DIR/vxdp_xsk
# frames per rx source run (a run ends after 60 s at most)
SRC_RUN=100000
# slab (kB) and free page (kB) growth allowed over the cycles: free pages
# vary by up to 15 MiB between two readings (per-CPU page lists), one
# leaked rx ring of the cycles is 16 MiB per cycle
SLAB_TOL_KB=4096
PAGES_TOL_KB=32768

setup()
{
	xdp_require "$OBJ" "$RED_OBJ" "$OFF_OBJ"
	rx_source_require
	setup_pair_ns "$@"
}

# d0 / d1 NAME: change of vx0's / vx1's counter NAME since snap
d0()
{
	echo $(($("$VXDP_STATS" -g "$1" "$NS0/vx0") - $(snap_get "$S_VX0" "$1")))
}

d1()
{
	echo $(($("$VXDP_STATS" -g "$1" "$NS1/vx1") - $(snap_get "$S_VX1" "$1")))
}

# every frame vx1 put on the wire reached vx0 or was counted there
vx0_settled()
{
	(($(d0 rx_queue_0_packets) + $(d0 rx_queue_0_drops) >= $(d1 rx_queue_0_xdp_ring_packets)))
}

# FRAMES frames from vx1's rx source through PASS, DROP, TX, ABORTED, an
# invalid verdict, a mix of them and REDIRECT (back out of vx1, through
# ndo_xdp_xmit), the program replaced every 10 ms by one process. Every
# frame ran a program (the first is attached before the source starts);
# frames in = sum of the verdicts; what vx1 transmitted reached vx0.
test_swap_storm()
{
	local out pid done=0 n swaps rx xdp pass drop tx txerr redir rederr
	local aborted ring xmit xmiterr consumed

	setup
	require_cmd timeout
	out=$(mktemp)
	snap
	ip netns exec "$NS1" "$VXDP_SWAP" vx1 10 \
		"$XDP_PROGS_DIR/$OBJ:xdp_pass" "$XDP_PROGS_DIR/$OBJ:xdp_drop" \
		"$XDP_PROGS_DIR/$OBJ:xdp_tx" "$XDP_PROGS_DIR/$OBJ:xdp_aborted" \
		"$XDP_PROGS_DIR/$OBJ:xdp_invalid" "$XDP_PROGS_DIR/$OBJ:xdp_mix" \
		"$XDP_PROGS_DIR/$RED_OBJ:xdp_redirect_ifindex" >"$out" 2>&1 &
	pid=$!
	slowwait 30 has_xdp_prog "$NS1" vx1 || fail "no program: $(cat "$out")"
	while ((done < FRAMES)); do
		n=$((FRAMES - done))
		((n <= SRC_RUN)) || n=$SRC_RUN
		rx_source_run "$NS1" vx1 0 $n 60 120
		done=$((done + n))
	done
	kill -TERM $pid
	wait $pid || fail "vxdp_swap: $(cat "$out")"
	swaps=$(awk '$1 == "swaps" { print $2 }' "$out")
	rm -f "$out"
	slowwait 60 vx0_settled || fail "vx0 did not get what vx1 sent"

	rx=$(d1 rx_queue_0_packets) xdp=$(d1 rx_queue_0_xdp_packets)
	pass=$(d1 rx_queue_0_xdp_pass) drop=$(d1 rx_queue_0_xdp_drop)
	tx=$(d1 rx_queue_0_xdp_tx) txerr=$(d1 rx_queue_0_xdp_tx_errors)
	redir=$(d1 rx_queue_0_xdp_redirect) rederr=$(d1 rx_queue_0_xdp_redirect_errors)
	aborted=$(d1 rx_queue_0_xdp_aborted) ring=$(d1 rx_queue_0_xdp_ring_packets)
	xmit=$(d1 rx_queue_0_xdp_xmit) xmiterr=$(d1 rx_queue_0_xdp_xmit_errors)
	consumed=$((drop + aborted + txerr + rederr))
	log "$swaps swaps; vx1: rx $rx pass $pass drop $drop tx $tx (errors $txerr) redirect $redir (errors $rederr) aborted $aborted; ring $ring, xdp_xmit $xmit (errors $xmiterr)"
	check_ge "$swaps" 2 "program swaps"
	check_eq "$rx" "$FRAMES" "vx1 rx = frames the source sent"
	check_eq "$(d1 rx_queue_0_bytes)" $((FRAMES * 60)) "vx1 rx bytes"
	check_eq "$(d1 rx_queue_0_drops)" 0 "vx1 wire drops"
	check_eq "$xdp" "$FRAMES" "frames a program ran on"
	check_eq $((pass + drop + tx + txerr + redir + rederr + aborted)) "$xdp" \
		"sum of the verdicts"
	check_eq "$(d1 sys.rx_dropped)" "$consumed" "vx1 rx_dropped"
	check_eq "$(d1 rx_queue_0_xdp_page_reuse)" "$consumed" "vx1 page reuse"
	check_eq $((xmit + xmiterr)) "$redir" "vx1 xdp_xmit + errors = redirected"
	check_eq "$ring" $((tx + xmit)) "vx1 XDP ring = XDP_TX + xdp_xmit"
	check_eq "$(d1 rx_queue_0_xdp_ring_drops)" 0 "vx1 xdp_ring_drops"
	check_eq $(($(d0 rx_queue_0_packets) + $(d0 rx_queue_0_drops))) "$ring" \
		"vx0 rx + drops = what vx1 sent"
	check_eq "$(dns "$NS1" Ip.InReceives)" "$pass" "ns1 IPv4 InReceives = XDP_PASS"
	out=$(xdp_sum_ok "$NS1" vx1) || fail "vx1: $out"
	check_eq "$(d1 rx_queue_0_alloc_fail)$(d1 rx_queue_0_skb_alloc_fail)" 00 \
		"allocation failures"
}

dns()
{
	echo $(($(snap_get "$(ns_stats "$1")" "$2") - $(snap_get "$S_NS1" "$2")))
}

############################################################################
# Churn

bpffs()
{
	mountpoint -q /sys/fs/bpf || must mount -t bpf bpf /sys/fs/bpf
}

# churn_setup: the topology of the header, all traffic running
churn_setup()
{
	local ifindex

	setup_ns NS0 NS1 NS2
	setup_xdp_pair "$NS0" "$NS1" vx0 vx1
	setup_xdp_pair "$NS1" "$NS2" vx2 vx3 numtxqueues 2 numrxqueues 2 \
		peer-numtxqueues 2 peer-numrxqueues 2
	setup_xdp_pair "$NS2" "$NS2" vx4 vx5
	setup_veth_pair "$NS0" "$NS1" ve0 ve1
	bpffs
	xdp_redirect_to "$NS1" vx1 devmap vx2
	xdp_redirect_to "$NS1" ve1 ifindex vx2
	must_quiet ip -force -n "$NS2" link set dev vx3 xdpoffload \
		obj "$XDP_PROGS_DIR/$OFF_OBJ" program off_count
	rx_source "$NS1" "vx1 0 1000000000 60"
	pktgen_setup "$NS0" ve0 100 "$(dev_mac "$NS1" ve1)"
	pktgen_start
	ip netns exec "$NS2" "$VXDP_XSK" --tx vx4 --rx vx5 --mode zc --lossy \
		--frames 1000000000 --len 64 >/dev/null 2>&1 &
	XSK_PID=$!
	ifindex=$(dev_ifindex "$NS2" vx3)
	wait_flow "$NS1" vx2 rx_queue_0_xdp_xmit
	wait_flow "$NS2" vx5 rx_queue_0_xdp_redirect
	[[ -n $ifindex ]] || fail "no vx3"
}

# src_keep: vx1's rx source runs (a run ends after 60 s, or when a
# restart of vx1's queues stops it): start another if it ended; before
# each churn and during each wait for traffic (a slow host takes minutes
# for a sequence)
src_keep()
{
	[[ "$(rx_source_state "$NS1" vx1 0)" == active* ]] ||
		rx_source "$NS1" "vx1 0 1000000000 60"
}

# flow_reaches NS DEV NAME VALUE: stat_reaches, vx1's rx source kept on:
# a run that reaches its 60 s limit during a wait is restarted (a source
# still active but stalled is not, and fails the wait)
flow_reaches()
{
	stat_reaches "$@" && return
	src_keep
	return 1
}

# wait_flow NS DEV NAME: DEV's counter NAME grows (traffic flows); if not,
# what vx1's rx source and queue 0 show
wait_flow()
{
	local v

	v=$(ethtool_stat "$1" "$2" "$3")
	slowwait 60 flow_reaches "$1" "$2" "$3" $((v + 100)) && return
	log "$2: $3 is $(ethtool_stat "$1" "$2" "$3"), was $v"
	log "vx1's rx source: $(rx_source_line "$NS1" vx1 0)"
	"$VXDP_STATS" "$NS1/vx1" | grep -E '^rx_queue_0_' | sed 's/^/# vx1 /'
	fail "$2: $3 does not grow"
}

# churn_stop: stop all traffic; what is left must go away cleanly
churn_stop()
{
	# pktgen's own error count is not asserted here: veth may drop
	nsexec "$PG_NS" sh -c 'echo stop > /proc/net/pktgen/pgctrl'
	wait "$PKTGEN_PID"
	kill -TERM "$XSK_PID" 2>/dev/null
	wait "$XSK_PID"
	if [[ -d /sys/module/vxdp ]] && nsenter --net="/run/netns/$NS1" true 2>/dev/null &&
	   ip -n "$NS1" link show vx1 >/dev/null 2>&1; then
		rx_source "$NS1" "vx1 0 stop"
	fi
}

# the redirect target's peer moves to another netns, which is deleted
churn_move_peer()
{
	setup_ns NS3
	must ip -n "$NS2" link set dev vx3 netns "$NS3"
	wait_flow "$NS1" vx1 rx_queue_0_xdp_redirect
	must ip netns del "$NS3"
	slowwait 30 vx2_gone || fail "vx2 still exists after its peer's netns went"
	# the devmap entry went with vx2: the program aborts, frames still flow
	wait_flow "$NS1" vx1 rx_queue_0_xdp_packets
}

vx2_gone()
{
	! ip -n "$NS1" link show vx2 >/dev/null 2>&1
}

# the redirect target's peer (with its offloaded program) is deleted
churn_del_peer()
{
	must ip -n "$NS2" link del vx3
	vx2_gone || fail "vx2 still exists"
	wait_flow "$NS1" vx1 rx_queue_0_xdp_packets
}

# the netns of the target's peer and of the AF_XDP pair is deleted
churn_del_netns()
{
	must ip netns del "$NS2"
	# the AF_XDP process keeps the netns alive until it exits
	kill -TERM "$XSK_PID"
	slowwait 30 vx2_gone || fail "vx2 still exists after its peer's netns went"
	wait_flow "$NS1" vx1 rx_queue_0_xdp_packets
}

# MTU changes of the redirect target and its peer
churn_mtu()
{
	local i

	must_quiet ip -n "$NS2" link set dev vx3 xdpoffload off
	for i in 1 2; do
		must ip -n "$NS2" link set dev vx3 mtu 3000
		must ip -n "$NS1" link set dev vx2 mtu 3000
		must ip -n "$NS1" link set dev vx2 mtu 1500
		must ip -n "$NS2" link set dev vx3 mtu 1500
		must ip -n "$NS2" link set dev vx5 mtu 1600
		must ip -n "$NS2" link set dev vx5 mtu 1500
	done
	wait_flow "$NS1" vx2 rx_queue_0_xdp_xmit
}

# channels and rings of the target, its peer and the AF_XDP pair
churn_ethtool()
{
	must ip netns exec "$NS1" ethtool -L vx2 rx 1 tx 1
	must ip netns exec "$NS2" ethtool -L vx3 rx 1 tx 1
	must ip netns exec "$NS1" ethtool -G vx2 rx 512 tx 512
	must ip netns exec "$NS2" ethtool -G vx3 rx 1024 tx 1024
	must ip netns exec "$NS2" ethtool -G vx5 rx 512 tx 512
	must ip netns exec "$NS1" ethtool -L vx2 rx 2 tx 2
	must ip netns exec "$NS1" ethtool -G vx1 rx 1024 tx 1024
	wait_flow "$NS1" vx2 rx_queue_0_xdp_xmit
	wait_flow "$NS2" vx5 rx_queue_0_xdp_redirect
}

# programs detached and attached: native on vx1 and ve1, offloaded on vx3
churn_attach()
{
	local i

	for i in 1 2 3; do
		xdp_detach "$NS1" vx1
		must_quiet ip -force -n "$NS2" link set dev vx3 xdpoffload off
		xdp_redirect_to "$NS1" vx1 devmap vx2
		xdp_detach "$NS1" ve1
		must_quiet ip -force -n "$NS2" link set dev vx3 xdpoffload \
			obj "$XDP_PROGS_DIR/$OFF_OBJ" program off_count
		xdp_redirect_to "$NS1" ve1 ifindex vx2
	done
	wait_flow "$NS1" vx2 rx_queue_0_xdp_xmit
}

# the module goes with everything running, and comes back
churn_rmmod()
{
	must rmmod vxdp
	check_no_vxdp
	[[ ! -e /sys/kernel/debug/vxdp && ! -e /sys/kernel/debug/vxdp_fault &&
	   ! -e /sys/kernel/debug/vxdp_offload ]] || fail "debugfs left after rmmod"
	must vxdp_load_module
}

# Full scale: each churn on a fresh topology, ROUNDS times. Quick scale:
# the same churns in two sequences, one topology each.
test_churn()
{
	local r seq a seqs=()

	pktgen_load	# before churn_setup's netns: each gets its threads
	if [[ ${VXDP_STRESS:-} == full ]]; then
		for ((r = 0; r < ROUNDS; r++)); do
			seqs+=(churn_move_peer churn_del_peer churn_del_netns \
			       churn_mtu churn_ethtool churn_attach churn_rmmod)
		done
	else
		seqs=("churn_mtu churn_ethtool churn_attach churn_move_peer churn_rmmod"
		      "churn_del_peer churn_del_netns")
	fi
	for seq in "${seqs[@]}"; do
		churn_setup
		for a in $seq; do
			log "$a"
			src_keep
			"$a"
		done
		churn_stop
		vxdp_cleanup_test
	done
}

############################################################################
# Leaks

# mem_kb: "slab_kB free_kB" now (unreclaimable slab; free pages, after the
# RCU callbacks and per-CPU lists had their chance)
mem_kb()
{
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	awk '/^SUnreclaim:/ { s = $2 } /^MemFree:/ { f = $2 }
	     END { print s, f }' /proc/meminfo
}

# check_mem WHAT SLAB0 FREE0: no growth of slab or use of pages beyond the
# tolerance since mem_kb printed SLAB0 FREE0
check_mem()
{
	local what=$1 s0=$2 f0=$3 s1 f1

	read -r s1 f1 <<<"$(mem_kb)"
	log "$what: unreclaimable slab $s0 -> $s1 kB, free $f0 -> $f1 kB"
	(((s1 - s0) <= SLAB_TOL_KB)) ||
		fail "$what: slab grew by $((s1 - s0)) kB (tolerance $SLAB_TOL_KB)"
	(((f0 - f1) <= PAGES_TOL_KB)) ||
		fail "$what: free memory fell by $((f0 - f1)) kB (tolerance $PAGES_TOL_KB)"
}

# page_pools NS: "POOLS INFLIGHT DETACHED" of netns NS (vxdp_stats -p:
# its devices' page pools, their pages in flight, the pools of devices
# gone); nothing where the kernel does not list page pools (before 6.8)
page_pools()
{
	local s

	s=$("$VXDP_STATS" -p "$1/") || fail "vxdp_stats -p $1/"
	snap_get "$s" pp.pools >/dev/null || return 0
	echo "$(snap_get "$s" pp.pools) $(snap_get "$s" pp.inflight)" \
	     "$(snap_get "$s" pp.detached)"
}

no_page_pools()
{
	local ns p

	for ns in "$@"; do
		p=$(page_pools "$ns")
		[[ -z "$p" || "$p" == "0 "* ]] || return 1
	done
}

# check_page_pools NS...: no page pool left in these netns within 10 s
# (a pool whose device is gone lives on, listed, until its last page is
# back: a leaked page keeps it forever)
check_page_pools()
{
	local ns

	slowwait 10 no_page_pools "$@" && return 0
	for ns in "$@"; do
		log "netns $ns: page pools, pages in flight, pools of deleted devices: $(page_pools "$ns")"
	done
	fail "page pools of deleted vxdp devices still hold pages"
}

# one create/traffic/delete cycle: a pair with rings of 4096 pages (16 MiB
# each: one leaked ring per cycle is far beyond the tolerance) and a native
# program, frames through it, then deleted. With "listed": vx1's page
# pools must be listed while it is up (one per rx queue), so that
# check_page_pools looks at vxdp's pools.
cycle()
{
	local pp rxq

	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1 peer-netns "$NS1"
	must ip netns exec "$NS0" ethtool -G vx0 rx 4096 tx 4096
	must ip netns exec "$NS1" ethtool -G vx1 rx 4096 tx 4096
	must ip -n "$NS0" link set dev vx0 up
	must ip -n "$NS1" link set dev vx1 up
	xdp_attach "$NS1" vx1 "$OBJ" xdp_mix
	rx_source_run "$NS1" vx1 0 1000 60
	pp=$(page_pools "$NS1")
	if [[ "${1:-}" == listed && -n "$pp" ]]; then
		rxq=$(ip netns exec "$NS1" sh -c 'ls -d /sys/class/net/vx1/queues/rx-*' | wc -l)
		log "vx1 up, $rxq rx queues: page pools, pages in flight, detached: $pp"
		[[ "$pp" == "$rxq "*" 0" ]] ||
			fail "vx1's page pools not listed: $pp (pools, pages in flight, detached) for $rxq rx queues"
	fi
	must ip -n "$NS0" link del vx0
}

test_cycles()
{
	local i s0 f0

	xdp_require "$OBJ"
	rx_source_require
	pktgen_load
	setup_ns NS0 NS1
	cycle listed
	for i in 2 3; do cycle; done	# warm up the caches
	read -r s0 f0 <<<"$(mem_kb)"
	for ((i = 0; i < CYCLES; i++)); do cycle; done
	check_mem "$CYCLES create/delete cycles" "$s0" "$f0"
	check_page_pools "$NS0" "$NS1"
	check_no_vxdp
}

test_module_cycles()
{
	local i s0 f0

	setup_ns NS0 NS1
	for i in 1 2; do
		must rmmod vxdp
		must vxdp_load_module
	done
	read -r s0 f0 <<<"$(mem_kb)"
	for ((i = 0; i < MOD_CYCLES; i++)); do
		must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1 peer-netns "$NS1"
		must ip netns exec "$NS0" ethtool -G vx0 rx 4096 tx 4096
		must ip -n "$NS0" link set dev vx0 up
		must ip -n "$NS1" link set dev vx1 up
		must rmmod vxdp
		[[ ! -e /sys/module/vxdp ]] || fail "/sys/module/vxdp after rmmod"
		[[ ! -e /sys/kernel/debug/vxdp && ! -e /sys/kernel/debug/vxdp_fault &&
		   ! -e /sys/kernel/debug/vxdp_offload ]] ||
			fail "debugfs left after rmmod"
		! ip -n "$NS0" link show vx0 >/dev/null 2>&1 || fail "vx0 after rmmod"
		must vxdp_load_module
	done
	check_mem "$MOD_CYCLES load/unload cycles" "$s0" "$f0"
	check_page_pools "$NS0" "$NS1"
}

vxdp_init
xdp_run_tests \
	"$FRAMES frames through every verdict, program swapped every 10 ms" test_swap_storm \
	"churn under traffic: peer moved/deleted, netns, MTU, ethtool, attach, rmmod" test_churn \
	"$CYCLES create/delete cycles with traffic: no slab or page growth" test_cycles \
	"$MOD_CYCLES load/unload cycles with devices: nothing left" test_module_cycles
