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
# A splat on the console fails the run (scripts/vm).

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

SIZE=100
OBJ=xdp_actions.bpf.o
SWAPS=10
# frames each program (or the plain path) must handle before the next change
STEP=200

setup()
{
	xdp_require "$OBJ"
	pktgen_load
	setup_ns NS0 NS1
	setup_xdp_pair "$NS0" "$NS1" vx0 vx1
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
}

snap()
{
	S_VX0=$(xdp_stats "$NS0" vx0)
	S_VX1=$(xdp_stats "$NS1" vx1)
	S_NS0=$(ns_stats "$NS0")
	S_NS1=$(ns_stats "$NS1")
}

# d0 NAME / d1 NAME / dns0 NAME / dns1 NAME: change of a counter of vx0,
# vx1, ns0, ns1 since snap
d0()
{
	echo $(($(ethtool_stat "$NS0" vx0 "$1") - $(snap_get "$S_VX0" "$1")))
}

d1()
{
	echo $(($(ethtool_stat "$NS1" vx1 "$1") - $(snap_get "$S_VX1" "$1")))
}

dsys0()
{
	echo $(($(sys_stat "$NS0" vx0 "$1") - $(snap_get "$S_VX0" "sys.$1")))
}

dsys1()
{
	echo $(($(sys_stat "$NS1" vx1 "$1") - $(snap_get "$S_VX1" "sys.$1")))
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
	(($(d1 rx_queue_0_packets) + $(d1 rx_queue_0_drops) >= PKTGEN_SENT)) &&
	(($(d0 rx_queue_0_packets) + $(d0 rx_queue_0_drops) >= $(d1 rx_queue_0_xdp_ring_packets)))
}

# check_accounting: the invariants of the header, with vx1 handling frames
# with and without program (pass is where a frame without program goes)
check_accounting()
{
	local sent=$PKTGEN_SENT rx drops xdp pass drop tx aborted plain ring
	local rx0 drops0 out

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

vxdp_init
xdp_run_tests \
	"DROP <-> PASS swapped under traffic, counters add up" test_swap_drop_pass \
	"all verdicts swapped in turn under traffic, counters add up" test_swap_all_verdicts \
	"attach / detach under traffic, counters add up" test_attach_detach
