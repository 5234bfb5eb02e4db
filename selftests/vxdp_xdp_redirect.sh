#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# XDP_REDIRECT from vxdp to vxdp, by bpf_redirect(ifindex) and through a
# devmap, 10000 pktgen frames each, counted exactly at every hop:
#
#   vx0 (ns0) -> vx1 (ns1) ==redirect==> vx2 (ns1) -> vx3 (ns2)
#
# The redirect target transmits with ndo_xdp_xmit and needs no XDP program
# of its own: counted in rx_queue_<i>_xdp_xmit of the target, put on the
# wire by its XDP tx ring, delivered to its peer. vx3 has the MAC address
# the frames are sent to, so that its stack takes them. Also: the target's
# own program, several queue pairs, redirect to self, target or its peer
# down. (veth <-> vxdp: vxdp_xdp_veth.sh.)

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

N=10000
SIZE=100
BYTES=$((N * SIZE))
OBJ=xdp_redirect.bpf.o

setup_ns3()
{
	xdp_require "$OBJ" xdp_actions.bpf.o
	pktgen_load
	setup_ns NS0 NS1 NS2
}

# stat_sum NS DEV NAME: sum of rx_queue_*_NAME
stat_sum()
{
	nsexec "$1" ethtool -S "$2" |
		awk -F: -v re="^rx_queue_[0-9]+_$3\$" \
			'{ gsub(/ /, "") } $1 ~ re { s += $2 } END { print s + 0 }'
}

# wait_sum NS DEV NAME BASE SENT: wait until stat_sum reaches BASE + SENT
sum_reaches()
{
	(($(stat_sum "$1" "$2" "$3") >= $4))
}

wait_sum()
{
	slowwait 30 sum_reaches "$1" "$2" "$3" $(($4 + $5)) ||
		fail "$2: sum of rx_queue_*_$3 is $(stat_sum "$1" "$2" "$3"), expected $(($4 + $5))"
}

############################################################################
# vxdp -> vxdp

# setup_vxdp_vxdp [vx2 vxdp_link options...]
setup_vxdp_vxdp()
{
	setup_ns3
	setup_xdp_pair "$NS0" "$NS1" vx0 vx1
	setup_xdp_pair "$NS1" "$NS2" vx2 vx3 "$@"
	set_mac "$NS2" vx3 "$(dev_mac "$NS1" vx1)"
}

# vxdp_vxdp MODE: vx1 redirects to vx2, which has no program
vxdp_vxdp()
{
	setup_vxdp_vxdp
	xdp_redirect_to "$NS1" vx1 "$1" vx2
	snap_devs "$NS0:vx0" "$NS1:vx1" "$NS1:vx2" "$NS2:vx3"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
	send_frames $N wait_stat_delta "$NS2" vx3 rx_queue_0_packets "${S[$NS2:vx3]}"
	check_dev "$NS0:vx0" $(tx_counts $N $BYTES)
	check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect=$N
	check_dev "$NS1:vx2" rx_queue_0_xdp_xmit=$N $(ring_counts $N $BYTES)
	check_dev "$NS2:vx3" $(rx_counts $N $BYTES)
	check_ns "$NS0"
	check_ns "$NS1"
	check_ns "$NS2" $(stack_counts $N)
	check_prog_seen "$NS1" vx1 $N
	check_xdp_sum "$NS1" vx1
}

test_vxdp_vxdp_ifindex()
{
	vxdp_vxdp ifindex
}

test_vxdp_vxdp_devmap()
{
	vxdp_vxdp devmap
}

# the target's own program (here XDP_DROP) is for what it receives, not
# for what it transmits
test_target_with_prog()
{
	setup_vxdp_vxdp
	xdp_redirect_to "$NS1" vx1 devmap vx2
	xdp_attach "$NS1" vx2 xdp_actions.bpf.o xdp_drop
	snap_devs "$NS0:vx0" "$NS1:vx1" "$NS1:vx2" "$NS2:vx3"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
	send_frames $N wait_stat_delta "$NS2" vx3 rx_queue_0_packets "${S[$NS2:vx3]}"
	check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect=$N
	check_dev "$NS1:vx2" rx_queue_0_xdp_xmit=$N $(ring_counts $N $BYTES)
	check_dev "$NS2:vx3" $(rx_counts $N $BYTES)
	check_ns "$NS2" $(stack_counts $N)
}

# a target with 4 queue pairs: ndo_xdp_xmit picks an XDP tx ring by CPU,
# and the peer's RSS picks the rx queue of each frame from its flow: all on
# the one queue of pktgen's flow, whichever ring sent them. Half the frames
# are sent by CPU 0, half by CPU 1 (vx1's NAPI, hence ndo_xdp_xmit, mostly
# runs where the sender kicked it).
test_target_multiqueue()
{
	local q xmit ring rx rssq want

	setup_vxdp_vxdp numtxqueues 4 numrxqueues 4 peer-numtxqueues 4 \
		peer-numrxqueues 4
	xdp_redirect_to "$NS1" vx1 ifindex vx2
	rssq=$(pg_rss_queue 4)
	snap_devs "$NS1:vx2" "$NS2:vx3"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)" 0 0
	send_frames $((N / 2)) wait_sum "$NS2" vx3 packets 0
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)" 0 1
	send_frames $((N / 2)) wait_sum "$NS2" vx3 packets $((N / 2))
	check_eq "$(stat_sum "$NS1" vx2 xdp_xmit)" $N "vx2: sum of rx_queue_*_xdp_xmit"
	check_eq "$(stat_sum "$NS1" vx2 xdp_ring_packets)" $N \
		"vx2: sum of rx_queue_*_xdp_ring_packets"
	check_eq "$(stat_sum "$NS2" vx3 packets)" $N "vx3: sum of rx_queue_*_packets"
	check_eq "$(stat_sum "$NS2" vx3 drops)" 0 "vx3: sum of rx_queue_*_drops"
	for ((q = 0; q < 4; q++)); do
		xmit=$(ethtool_stat "$NS1" vx2 "rx_queue_${q}_xdp_xmit")
		ring=$(ethtool_stat "$NS1" vx2 "rx_queue_${q}_xdp_ring_packets")
		rx=$(ethtool_stat "$NS2" vx3 "rx_queue_${q}_packets")
		log "queue $q: vx2 xdp_xmit $xmit xdp_ring_packets $ring, vx3 rx $rx"
		check_eq "$ring" "$xmit" "vx2 queue $q: frames out of XDP ring = taken in"
		want=0
		((q != rssq)) || want=$N
		check_eq "$rx" "$want" "vx3 rx queue $q (the flow's RSS queue: $rssq)"
	done
	check_eq "$(sys_stat "$NS1" vx2 tx_packets)" $N "vx2 tx_packets"
	check_eq "$(sys_stat "$NS2" vx3 rx_packets)" $N "vx3 rx_packets"
}

# redirect out of the receiving device itself: back to the sender, through
# ndo_xdp_xmit rather than XDP_TX
test_redirect_to_self()
{
	setup_ns3
	setup_xdp_pair "$NS0" "$NS1" vx0 vx1
	xdp_redirect_to "$NS1" vx1 ifindex vx1
	snap_devs "$NS0:vx0" "$NS1:vx1"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
	send_frames $N wait_stat_delta "$NS0" vx0 rx_queue_0_packets "${S[$NS0:vx0]}"
	# addressed to vx1, not vx0: vx0's stack drops them as "otherhost"
	check_dev "$NS0:vx0" $(tx_counts $N $BYTES) $(rx_counts $N $BYTES) \
		ip.rx.otherhost=$N
	check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect=$N rx_queue_0_xdp_xmit=$N \
		$(ring_counts $N $BYTES)
	check_ns "$NS0"
	check_ns "$NS1"
}

# a target that is down refuses the frames (the core checks IFF_UP before
# ndo_xdp_xmit): redirect errors at the source, nothing moves on the target
test_target_down()
{
	setup_vxdp_vxdp
	xdp_redirect_to "$NS1" vx1 ifindex vx2
	must ip -n "$NS1" link set dev vx2 down
	snap_devs "$NS0:vx0" "$NS1:vx1" "$NS1:vx2" "$NS2:vx3"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
	send_frames $N wait_stat_delta "$NS1" vx1 rx_queue_0_xdp_packets "${S[$NS1:vx1]}"
	check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect_errors=$N $(xdp_dropped_counts $N)
	check_dev "$NS1:vx2"
	check_dev "$NS2:vx3"
	check_ns "$NS2"
}

# a target whose peer is down takes the frames and puts them on the wire,
# where the peer's rx queue, down, drops and counts them (as a NIC would
# lose them on a link without a partner)
test_target_peer_down()
{
	setup_vxdp_vxdp
	xdp_redirect_to "$NS1" vx1 ifindex vx2
	must ip -n "$NS2" link set dev vx3 down
	snap_devs "$NS0:vx0" "$NS1:vx1" "$NS1:vx2" "$NS2:vx3"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
	send_frames $N wait_stat_delta "$NS2" vx3 rx_queue_0_drops "${S[$NS2:vx3]}"
	check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect=$N
	check_dev "$NS1:vx2" rx_queue_0_xdp_xmit=$N $(ring_counts $N $BYTES)
	check_dev "$NS2:vx3" rx_queue_0_drops=$N $(dropped_counts $N)
	check_ns "$NS2"
}

vxdp_init
xdp_run_tests \
	"vxdp -> vxdp by bpf_redirect: target without program xmits all 10000" test_vxdp_vxdp_ifindex \
	"vxdp -> vxdp by devmap: target without program xmits all 10000" test_vxdp_vxdp_devmap \
	"vxdp -> vxdp: the target's own XDP program does not affect xmit" test_target_with_prog \
	"vxdp -> vxdp, 4 queue pairs: XDP rings by CPU, peer rx queue by RSS" test_target_multiqueue \
	"redirect out of the receiving vxdp itself" test_redirect_to_self \
	"redirect to a vxdp that is down: redirect errors" test_target_down \
	"redirect to a vxdp whose peer is down: drops at the peer" test_target_peer_down
