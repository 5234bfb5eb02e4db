#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# XDP_REDIRECT between vxdp and veth, by bpf_redirect(ifindex) and through a
# devmap, 10000 pktgen frames each, counted at every hop:
#
#   vxdp -> veth   vx0 (ns0) -> vx1 (ns1) ==redirect==> ve0 (ns1) -> ve1 (ns2)
#                  (and to a ve0 that takes no ndo_xdp_xmit frames)
#   veth -> vxdp   ve0 (ns0) -> ve1 (ns1) ==redirect==> vx2 (ns1) -> vx3 (ns2)
#
# Redirected into veth ve0 (its ndo_xdp_xmit), frames are queued for its
# peer ve1, which in 6.1 must run an XDP program (xdp_pass_count) to take
# them. Redirected into vxdp vx2, frames need no program on vx2. The last
# device of each path has the MAC address the frames are sent to, so that
# its stack takes them. At most a veth ring (256 frames) is sent at a time.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

N=10000
SIZE=100
BYTES=$((N * SIZE))
OBJ=xdp_redirect.bpf.o

setup_ns3()
{
	xdp_require "$OBJ"
	pktgen_load
	setup_ns NS0 NS1 NS2
}

############################################################################
# vxdp -> veth

# vxdp_veth MODE: vx1 redirects into ve0, whose peer ve1 runs XDP_PASS
vxdp_veth()
{
	setup_ns3
	setup_xdp_pair "$NS0" "$NS1" vx0 vx1
	setup_veth_pair "$NS1" "$NS2" ve0 ve1
	set_mac "$NS2" ve1 "$(dev_mac "$NS1" vx1)"
	xdp_attach "$NS2" ve1 "$OBJ" xdp_pass_count
	xdp_redirect_to "$NS1" vx1 "$1" ve0
	snap_devs "$NS0:vx0" "$NS1:vx1" "$NS1:ve0" "$NS2:ve1"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
	# at most a veth ring (256) in flight
	PG_BATCH=256 send_frames $N \
		wait_stat_delta "$NS2" ve1 rx_queue_0_xdp_packets "${S[$NS2:ve1]}"
	check_dev "$NS0:vx0" $(tx_counts $N $BYTES)
	check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect=$N
	# veth: the sender reports its peer's counters of ndo_xdp_xmit
	check_eq "$(ethtool_stat "$NS1" ve0 tx_queue_0_xdp_xmit)" $N \
		"ve0 tx_queue_0_xdp_xmit"
	check_eq "$(ethtool_stat "$NS1" ve0 tx_queue_0_xdp_xmit_errors)" 0 \
		"ve0 tx_queue_0_xdp_xmit_errors"
	check_eq "$(ethtool_stat "$NS2" ve1 rx_queue_0_xdp_packets)" $N \
		"ve1 rx_queue_0_xdp_packets"
	check_eq "$(ethtool_stat "$NS2" ve1 rx_queue_0_xdp_bytes)" $BYTES \
		"ve1 rx_queue_0_xdp_bytes"
	check_prog_seen "$NS2" ve1 $N
	check_ns "$NS1"
	check_ns "$NS2" $(stack_counts $N)
	check_prog_seen "$NS1" vx1 $N
	check_xdp_sum "$NS1" vx1
}

test_vxdp_veth_ifindex()
{
	vxdp_veth ifindex
}

test_vxdp_veth_devmap()
{
	vxdp_veth devmap
}

# vxdp -> veth ve0 whose peer ve1 runs no program and has no GRO: ve0 does
# not take ndo_xdp_xmit frames (veth advertises no "ndo-xmit" then). Since
# 6.3 the core reads the target's advertised XDP features and refuses the
# redirect: vxdp counts xdp_redirect_errors and traces xdp_exception. 6.1
# has no such check: the redirect succeeds for vxdp and veth's ndo_xdp_xmit
# drops the frames. Either way nothing reaches ve1.
test_vxdp_veth_no_xmit()
{
	local gated

	setup_ns3
	setup_xdp_pair "$NS0" "$NS1" vx0 vx1
	setup_veth_pair "$NS1" "$NS2" ve0 ve1
	must ip netns exec "$NS2" ethtool -K ve1 gro off
	xdp_redirect_to "$NS1" vx1 ifindex ve0
	snap_devs "$NS0:vx0" "$NS1:vx1" "$NS2:ve1"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
	send_frames $N wait_stat_delta "$NS1" vx1 rx_queue_0_xdp_packets "${S[$NS1:vx1]}"
	check_dev "$NS0:vx0" $(tx_counts $N $BYTES)
	gated=$(printf '%s\n' 6.3 "$(uname -r)" | sort -V | head -n 1)
	if [[ $gated == 6.3 ]]; then
		log "6.3+: the core refuses the redirect (no ndo-xmit on ve0)"
		check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
			rx_queue_0_xdp_redirect_errors=$N $(xdp_dropped_counts $N)
	else
		log "6.1: the redirect succeeds, veth's ndo_xdp_xmit drops"
		check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
			rx_queue_0_xdp_redirect=$N
	fi
	check_dev "$NS2:ve1"
	check_prog_seen "$NS1" vx1 $N
	check_xdp_sum "$NS1" vx1
}

############################################################################
# veth -> vxdp

# veth_vxdp MODE: pktgen on ve0, ve1 (native XDP on veth) redirects into
# vx2, which has no program
veth_vxdp()
{
	setup_ns3
	setup_veth_pair "$NS0" "$NS1" ve0 ve1
	setup_xdp_pair "$NS1" "$NS2" vx2 vx3
	set_mac "$NS2" vx3 "$(dev_mac "$NS1" ve1)"
	xdp_redirect_to "$NS1" ve1 "$1" vx2
	snap_devs "$NS0:ve0" "$NS1:ve1" "$NS1:vx2" "$NS2:vx3"
	pktgen_setup "$NS0" ve0 $SIZE "$(dev_mac "$NS1" ve1)"
	# at most a veth ring (256) in flight
	PG_BATCH=256 send_frames $N \
		wait_stat_delta "$NS2" vx3 rx_queue_0_packets "${S[$NS2:vx3]}"
	check_eq "$(sys_stat "$NS0" ve0 tx_packets)" \
		$(($(snap_get "${S[$NS0:ve0]}" sys.tx_packets) + N)) "ve0 tx_packets"
	check_eq "$(ethtool_stat "$NS1" ve1 rx_queue_0_xdp_redirect)" $N \
		"ve1 rx_queue_0_xdp_redirect"
	check_prog_seen "$NS1" ve1 $N
	check_dev "$NS1:vx2" rx_queue_0_xdp_xmit=$N $(ring_counts $N $BYTES)
	check_dev "$NS2:vx3" $(rx_counts $N $BYTES)
	check_ns "$NS1"
	check_ns "$NS2" $(stack_counts $N)
}

test_veth_vxdp_ifindex()
{
	veth_vxdp ifindex
}

test_veth_vxdp_devmap()
{
	veth_vxdp devmap
}

vxdp_init
xdp_run_tests \
	"vxdp -> veth by bpf_redirect: 10000 at the veth peer" test_vxdp_veth_ifindex \
	"vxdp -> veth by devmap: 10000 at the veth peer" test_vxdp_veth_devmap \
	"vxdp -> veth without ndo-xmit: refused (6.3+) or dropped by veth (6.1)" test_vxdp_veth_no_xmit \
	"veth -> vxdp by bpf_redirect: 10000 at the vxdp peer" test_veth_vxdp_ifindex \
	"veth -> vxdp by devmap: 10000 at the vxdp peer" test_veth_vxdp_devmap
