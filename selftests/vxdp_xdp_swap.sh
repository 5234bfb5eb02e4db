#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Native XDP programs replaced, attached and detached on vx1 while pktgen
# sends from vx0 without pause (vx0 in ns0 <-> vx1 in ns1). After each
# change the test waits until the new program (or the plain path) has
# handled frames, so each one really ran under traffic. Whatever the
# timing, the counters must add up at the end:
#   vx0 tx = what pktgen sent = vx1 rx + vx1 wire drops (full ring);
#   vx1 rx = xdp_packets (+ frames without program) = sum of verdicts;
#   XDP_TX'd = vx1's XDP ring = vx0 rx + vx0 wire drops;
#   the stacks got exactly the passed (and plain) frames.
# Also devices going down, or away, under redirected traffic (the XDP
# rings and rx rings torn down while frames are in flight). A splat on the
# console fails the run (scripts/vm).

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

SIZE=100
OBJ=xdp_actions.bpf.o
SWAPS=10
# frames each program (or the plain path) must handle before the next change
STEP=200

setup()
{
	xdp_require "$OBJ" xdp_redirect.bpf.o
	setup_pair_ns
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
}

# d0 NAME / d1 NAME / dns0 NAME / dns1 NAME: change of a counter of vx0,
# vx1, ns0, ns1 since snap: to now, or once the frames have settled
# (check_accounting), to the snapshot of both devices A_VX0, A_VX1
d0()
{
	if [[ -n "${A_VX0:-}" ]]; then
		echo $(($(snap_get "$A_VX0" "$1") - $(snap_get "$S_VX0" "$1")))
	else
		echo $(($("$VXDP_STATS" -g "$1" "$NS0/vx0") - $(snap_get "$S_VX0" "$1")))
	fi
}

d1()
{
	if [[ -n "${A_VX1:-}" ]]; then
		echo $(($(snap_get "$A_VX1" "$1") - $(snap_get "$S_VX1" "$1")))
	else
		echo $(($("$VXDP_STATS" -g "$1" "$NS1/vx1") - $(snap_get "$S_VX1" "$1")))
	fi
}

dsys0()
{
	d0 "sys.$1"
}

dsys1()
{
	d1 "sys.$1"
}

dns()
{
	local ns=$1 snap=$2 name=$3

	echo $(($(snap_get "$(ns_stats "$ns")" "$name") - $(snap_get "$snap" "$name")))
}

# wait_more NAME: vx1's ethtool counter NAME grows by STEP from now on
wait_more()
{
	local from

	from=$(ethtool_stat "$NS1" vx1 "$1")
	wait_stat "$NS1" vx1 "$1" $((from + STEP))
}

plain_more_than()
{
	local plain

	plain=$(($(ethtool_stat "$NS1" vx1 rx_queue_0_packets) -
		 $(ethtool_stat "$NS1" vx1 rx_queue_0_xdp_packets)))
	((plain >= $1))
}

# wait_plain_more: frames without a program grow by STEP from now on
wait_plain_more()
{
	local plain

	plain=$(($(ethtool_stat "$NS1" vx1 rx_queue_0_packets) -
		 $(ethtool_stat "$NS1" vx1 rx_queue_0_xdp_packets)))
	slowwait 30 plain_more_than $((plain + STEP)) ||
		fail "no frames on the plain path after detach"
}

# stop_and_settle: stop pktgen, wait until vx1 (and vx0 for XDP_TX) has
# accounted for every frame sent
stop_and_settle()
{
	pktgen_stop
	log "pktgen sent $PKTGEN_SENT frames"
	slowwait 30 settled || fail "frames sent: $PKTGEN_SENT, vx1 rx $(d1 rx_queue_0_packets) + drops $(d1 rx_queue_0_drops)"
}

settled()
{
	local s A_VX0 A_VX1	# d0 and d1 read this snapshot

	stats_split s "$NS0/vx0" "$NS1/vx1"
	A_VX0=${s[0]} A_VX1=${s[1]}
	(($(d1 rx_queue_0_packets) + $(d1 rx_queue_0_drops) >= PKTGEN_SENT)) &&
	(($(d0 rx_queue_0_packets) + $(d0 rx_queue_0_drops) >= $(d1 rx_queue_0_xdp_ring_packets)))
}

# check_accounting: the invariants of the header, with vx1 handling frames
# with and without program (pass is where a frame without program goes)
check_accounting()
{
	local sent=$PKTGEN_SENT rx drops xdp pass drop tx aborted plain ring
	local rx0 drops0 out s

	# settled: every counter from one snapshot of both devices
	stats_split s "$NS0/vx0" "$NS1/vx1"
	A_VX0=${s[0]} A_VX1=${s[1]}
	rx=$(d1 rx_queue_0_packets)
	drops=$(d1 rx_queue_0_drops)
	xdp=$(d1 rx_queue_0_xdp_packets)
	pass=$(d1 rx_queue_0_xdp_pass)
	drop=$(d1 rx_queue_0_xdp_drop)
	tx=$(d1 rx_queue_0_xdp_tx)
	aborted=$(d1 rx_queue_0_xdp_aborted)
	ring=$(d1 rx_queue_0_xdp_ring_packets)
	plain=$((rx - xdp))
	rx0=$(d0 rx_queue_0_packets)
	drops0=$(d0 rx_queue_0_drops)
	log "vx1: rx $rx wire drops $drops xdp $xdp (pass $pass drop $drop tx $tx aborted $aborted) without program $plain; vx0: rx $rx0 wire drops $drops0"

	check_eq "$(d0 tx_queue_0_packets)" "$sent" "vx0 tx_queue_0_packets = frames sent"
	check_eq "$(dsys0 tx_packets)" "$sent" "vx0 tx_packets = frames sent"
	check_eq $((rx + drops)) "$sent" "vx1 rx + wire drops = frames sent"
	check_eq "$(dsys1 rx_packets)" "$rx" "vx1 rx_packets"
	check_eq "$(d1 rx_queue_0_bytes)" $((rx * SIZE)) "vx1 rx bytes"
	check_eq "$(d1 rx_queue_0_xdp_bytes)" $((xdp * SIZE)) "vx1 xdp bytes"
	out=$(xdp_sum_ok "$NS1" vx1) || fail "vx1: $out"
	check_eq "$(d1 rx_queue_0_xdp_tx_errors)" 0 "vx1 xdp_tx_errors"
	check_eq "$(d1 rx_queue_0_xdp_redirect)" 0 "vx1 xdp_redirect"
	check_eq "$(d1 rx_queue_0_alloc_fail)" 0 "vx1 alloc_fail"
	check_eq "$(d1 rx_queue_0_oversize)" 0 "vx1 oversize"
	check_eq "$(dsys1 rx_dropped)" $((drops + drop + aborted)) \
		"vx1 rx_dropped = wire drops + XDP_DROP + ABORTED"
	# each page of a frame XDP consumed stays in its ring slot
	check_eq "$(d1 rx_queue_0_xdp_page_reuse)" $((drop + aborted)) \
		"vx1 xdp_page_reuse = XDP_DROP + ABORTED"
	# XDP_TX: out of vx1's XDP ring, into vx0
	check_eq "$ring" "$tx" "vx1 xdp_ring_packets = xdp_tx"
	check_eq "$(d1 rx_queue_0_xdp_ring_drops)" 0 "vx1 xdp_ring_drops"
	check_eq "$(dsys1 tx_packets)" "$ring" "vx1 tx_packets = XDP ring"
	check_eq $((rx0 + drops0)) "$ring" "vx0 rx + wire drops = vx1 XDP_TX"
	check_eq "$(dsys0 rx_packets)" "$rx0" "vx0 rx_packets"
	# the stacks
	check_eq "$(dns "$NS1" "$S_NS1" Ip.InReceives)" $((pass + plain)) \
		"ns1 IPv4 InReceives = XDP_PASS + frames without program"
	check_eq "$(dns "$NS0" "$S_NS0" Ip.InReceives)" "$rx0" \
		"ns0 IPv4 InReceives = frames vx0 got back"
	PASS=$pass DROP=$drop TX=$tx ABORTED=$aborted PLAIN=$plain
}

# DROP <-> PASS, SWAPS times
test_swap_drop_pass()
{
	local i prog verdict

	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_pass
	snap
	pktgen_start
	wait_more rx_queue_0_xdp_pass
	for ((i = 0; i < SWAPS; i++)); do
		if ((i % 2)); then
			prog=xdp_pass verdict=xdp_pass
		else
			prog=xdp_drop verdict=xdp_drop
		fi
		xdp_attach "$NS1" vx1 "$OBJ" $prog
		wait_more rx_queue_0_$verdict
	done
	stop_and_settle
	check_accounting
	((PASS > 0 && DROP > 0)) || fail "pass $PASS, drop $DROP"
	check_eq "$PLAIN" 0 "frames without program"
	check_eq "$TX$ABORTED" 00 "XDP_TX and ABORTED"
}

# every verdict in turn: PASS, DROP, TX, ABORTED, invalid, the mix
test_swap_all_verdicts()
{
	local i prog

	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_pass
	snap
	pktgen_start
	for ((i = 0; i < 2; i++)); do
		for prog in xdp_drop xdp_tx xdp_aborted xdp_invalid xdp_mix xdp_pass; do
			xdp_attach "$NS1" vx1 "$OBJ" $prog
			wait_more rx_queue_0_xdp_packets
		done
	done
	stop_and_settle
	check_accounting
	((PASS > 0 && DROP > 0 && TX > 0 && ABORTED > 0)) ||
		fail "pass $PASS, drop $DROP, tx $TX, aborted $ABORTED"
	check_eq "$PLAIN" 0 "frames without program"
}

# attach and detach in turn: frames with and without a program
test_attach_detach()
{
	local i

	setup
	snap
	pktgen_start
	for ((i = 0; i < SWAPS / 2; i++)); do
		xdp_attach "$NS1" vx1 "$OBJ" xdp_drop
		wait_more rx_queue_0_xdp_drop
		xdp_detach "$NS1" vx1
		wait_plain_more
	done
	stop_and_settle
	check_accounting
	((DROP > 0 && PLAIN > 0)) || fail "drop $DROP, without program $PLAIN"
	check_eq "$PASS$TX$ABORTED" 000 "XDP_PASS, XDP_TX and ABORTED"
}

# dn NS DEV NAME: change of ethtool counter NAME of DEV since snap_dev
declare -A SD
snap_dev()
{
	SD[$1:$2]=$(xdp_stats "$1" "$2")
}

dn()
{
	echo $(($(ethtool_stat "$1" "$2" "$3") - $(snap_get "${SD[$1:$2]}" "$3")))
}

# setup_chain: vx0 (ns0) -> vx1 (ns1) redirects to vx2 (ns1) -> vx3 (ns2)
setup_chain()
{
	local map

	setup
	setup_ns NS2
	setup_xdp_pair "$NS1" "$NS2" vx2 vx3
	xdp_attach "$NS1" vx1 xdp_redirect.bpf.o xdp_redirect_ifindex
	map=$(xdp_map_id "$NS1" vx1 redirect_cfg) || fail "no redirect_cfg"
	map_set_u32 "$map" 0 "$(dev_ifindex "$NS1" vx2)"
}

# grows NS DEV NAME: ethtool counter NAME of DEV grows by STEP from now on
grows()
{
	local from

	from=$(ethtool_stat "$1" "$2" "$3")
	wait_stat "$1" "$2" "$3" $((from + STEP))
}

chain_settled()
{
	(($(dn "$NS1" vx1 rx_queue_0_packets) + $(dn "$NS1" vx1 rx_queue_0_drops) >= PKTGEN_SENT)) &&
	(($(dn "$NS2" vx3 rx_queue_0_packets) + $(dn "$NS2" vx3 rx_queue_0_drops) >= $(dn "$NS1" vx2 rx_queue_0_xdp_ring_packets))) &&
	(($(dn "$NS1" vx2 rx_queue_0_packets) + $(dn "$NS1" vx2 rx_queue_0_drops) >= $(dn "$NS2" vx3 rx_queue_0_xdp_ring_packets)))
}

# vx3 bounces everything back (XDP_TX) and goes down and up repeatedly
# while vx1 redirects into vx2: vx3's rings are torn down and rebuilt under
# vx2's ndo_xdp_xmit traffic. Every frame is accounted for, hop by hop.
test_peer_flap_under_redirect()
{
	local i dev rx1 redir xmit ring2 rx3 drops3 xdp3 tx3 ring3 rdrops3 rx2 drops2

	setup_chain
	xdp_attach "$NS2" vx3 "$OBJ" xdp_tx
	for dev in "$NS0 vx0" "$NS1 vx1" "$NS1 vx2" "$NS2 vx3"; do
		snap_dev $dev
	done
	pktgen_start
	grows "$NS2" vx3 rx_queue_0_xdp_tx
	for ((i = 0; i < SWAPS / 2; i++)); do
		must ip -n "$NS2" link set dev vx3 down
		grows "$NS2" vx3 rx_queue_0_drops
		must ip -n "$NS2" link set dev vx3 up
		grows "$NS2" vx3 rx_queue_0_xdp_tx
	done
	pktgen_stop
	log "pktgen sent $PKTGEN_SENT frames"
	slowwait 30 chain_settled || fail "frames still missing after 30 s"

	rx1=$(dn "$NS1" vx1 rx_queue_0_packets)
	redir=$(dn "$NS1" vx1 rx_queue_0_xdp_redirect)
	xmit=$(dn "$NS1" vx2 rx_queue_0_xdp_xmit)
	ring2=$(dn "$NS1" vx2 rx_queue_0_xdp_ring_packets)
	rx3=$(dn "$NS2" vx3 rx_queue_0_packets)
	drops3=$(dn "$NS2" vx3 rx_queue_0_drops)
	xdp3=$(dn "$NS2" vx3 rx_queue_0_xdp_packets)
	tx3=$(dn "$NS2" vx3 rx_queue_0_xdp_tx)
	ring3=$(dn "$NS2" vx3 rx_queue_0_xdp_ring_packets)
	rdrops3=$(dn "$NS2" vx3 rx_queue_0_xdp_ring_drops)
	rx2=$(dn "$NS1" vx2 rx_queue_0_packets)
	drops2=$(dn "$NS1" vx2 rx_queue_0_drops)
	log "vx1 rx $rx1 redirect $redir; vx2 xdp_xmit $xmit ring $ring2; vx3 rx $rx3 wire drops $drops3 xdp $xdp3 tx $tx3 ring $ring3 ring drops $rdrops3; vx2 rx $rx2 wire drops $drops2"

	check_eq "$(dn "$NS0" vx0 tx_queue_0_packets)" "$PKTGEN_SENT" "vx0 tx = frames sent"
	check_eq $((rx1 + $(dn "$NS1" vx1 rx_queue_0_drops))) "$PKTGEN_SENT" \
		"vx1 rx + wire drops = frames sent"
	check_eq "$(dn "$NS1" vx1 rx_queue_0_xdp_packets)" "$rx1" "vx1 xdp_packets"
	check_eq "$redir" "$rx1" "vx1 xdp_redirect"
	check_eq "$xmit" "$redir" "vx2 xdp_xmit = vx1 xdp_redirect"
	check_eq "$(dn "$NS1" vx2 rx_queue_0_xdp_xmit_errors)" 0 "vx2 xdp_xmit_errors"
	check_eq $((ring2 + $(dn "$NS1" vx2 rx_queue_0_xdp_ring_drops))) "$xmit" \
		"vx2 XDP ring: packets + drops = xdp_xmit"
	check_eq $((rx3 + drops3)) "$ring2" "vx3 rx + wire drops = vx2 XDP ring"
	check_eq "$xdp3" "$rx3" "vx3 xdp_packets"
	check_eq "$tx3" "$xdp3" "vx3 xdp_tx"
	check_eq $((ring3 + rdrops3)) "$tx3" "vx3 XDP ring: packets + drops = xdp_tx"
	check_eq $((rx2 + drops2)) "$ring3" "vx2 rx + wire drops = vx3 XDP ring"
	check_xdp_sum "$NS1" vx1
	check_xdp_sum "$NS2" vx3
	((drops3 > 0)) || fail "no frame found vx3 down"
}

vx1_got_all()
{
	(($(dn "$NS1" vx1 rx_queue_0_packets) + $(dn "$NS1" vx1 rx_queue_0_drops) >= PKTGEN_SENT))
}

# the redirect target is deleted (with its peer) under traffic: from then
# on the redirects fail; nothing is lost unaccounted, no splat
test_target_deleted_under_redirect()
{
	local rx1 xdp1 redir errs

	setup_chain
	snap_dev "$NS1" vx1
	pktgen_start
	grows "$NS2" vx3 rx_queue_0_packets
	must ip -n "$NS1" link del dev vx2
	grows "$NS1" vx1 rx_queue_0_xdp_redirect_errors
	pktgen_stop
	log "pktgen sent $PKTGEN_SENT frames"
	slowwait 30 vx1_got_all || fail "vx1 did not get all frames"
	rx1=$(dn "$NS1" vx1 rx_queue_0_packets)
	xdp1=$(dn "$NS1" vx1 rx_queue_0_xdp_packets)
	redir=$(dn "$NS1" vx1 rx_queue_0_xdp_redirect)
	errs=$(dn "$NS1" vx1 rx_queue_0_xdp_redirect_errors)
	log "vx1 rx $rx1 xdp $xdp1 redirect $redir redirect_errors $errs"
	check_eq "$xdp1" "$rx1" "vx1 xdp_packets = rx"
	check_eq $((redir + errs)) "$rx1" "vx1 redirect + redirect_errors = rx"
	check_xdp_sum "$NS1" vx1
	! dev_exists "$NS2" vx3 || fail "vx3 still exists after deleting vx2"
}

vxdp_init
xdp_run_tests \
	"DROP <-> PASS swapped under traffic, counters add up" test_swap_drop_pass \
	"all verdicts swapped in turn under traffic, counters add up" test_swap_all_verdicts \
	"attach / detach under traffic, counters add up" test_attach_detach \
	"redirect target's peer down/up under traffic, every frame accounted" test_peer_flap_under_redirect \
	"redirect target deleted under traffic, no frame unaccounted" test_target_deleted_under_redirect
