#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# XDP_REDIRECT into and out of vxdp, by bpf_redirect(ifindex) and through a
# devmap, 10000 pktgen frames each, counted exactly at every hop:
#
#   vxdp -> vxdp   vx0 (ns0) -> vx1 (ns1) ==redirect==> vx2 (ns1) -> vx3 (ns2)
#   vxdp -> veth   vx0 (ns0) -> vx1 (ns1) ==redirect==> ve0 (ns1) -> ve1 (ns2)
#   veth -> vxdp   ve0 (ns0) -> ve1 (ns1) ==redirect==> vx2 (ns1) -> vx3 (ns2)
#
# The redirect target transmits with ndo_xdp_xmit: on vxdp it needs no XDP
# program of its own (counted in rx_queue_<i>_xdp_xmit of the target, put
# on the wire by its XDP tx ring, delivered to its peer). On veth (6.1) the
# frames are queued for the target's peer, which must run an XDP program
# (xdp_pass_count) to take them. The last device of each path has the MAC
# address the frames are sent to, so that its stack takes them.

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

# set_mac NS DEV MAC
set_mac()
{
	must ip -n "$1" link set dev "$2" address "$3"
}

# redirect NS DEV MODE TARGET: XDP on NS/DEV redirects every frame to
# device TARGET (of NS) by MODE: ifindex (bpf_redirect) or devmap
# (bpf_redirect_map)
redirect()
{
	local ns=$1 dev=$2 mode=$3 target=$4 map ifindex

	ifindex=$(dev_ifindex "$ns" "$target")
	case $mode in
	ifindex)
		xdp_attach "$ns" "$dev" "$OBJ" xdp_redirect_ifindex
		map=$(xdp_map_id "$ns" "$dev" redirect_cfg) || fail "no redirect_cfg"
		;;
	devmap)
		xdp_attach "$ns" "$dev" "$OBJ" xdp_redirect_devmap
		map=$(xdp_map_id "$ns" "$dev" tx_port) || fail "no tx_port"
		;;
	esac
	map_set_u32 "$map" 0 "$ifindex" "$ns"
}

# check_seen NS DEV COUNT: the program of DEV ran COUNT times
check_seen()
{
	local map

	map=$(xdp_map_id "$1" "$2" xdp_seen) || fail "no xdp_seen map on $2"
	check_eq "$(map_get "$map" 0)" "$3" "frames $2's program ran on"
}

# snap NS:DEV...: counters of devices (S[NS:DEV]) and netns (S[NS])
declare -A S
snap()
{
	local nd

	for nd in "$@"; do
		S[$nd]=$(xdp_stats "${nd%%:*}" "${nd#*:}")
		S[${nd%%:*}]=$(ns_stats "${nd%%:*}")
	done
}

# check_dev NS:DEV NAME=VALUE...: counter changes of a device since snap
check_dev()
{
	local nd=$1
	shift

	check_deltas "${nd#*:}" "${S[$nd]}" "$(xdp_stats "${nd%%:*}" "${nd#*:}")" "$@"
}

# check_ns NS NAME=VALUE...
check_ns()
{
	local ns=$1
	shift

	check_deltas "stack of ${ns#"$VXDP_NS_PREFIX"}" "${S[$ns]}" \
		"$(ns_stats "$ns")" "$@"
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
	redirect "$NS1" vx1 "$1" vx2
	snap "$NS0:vx0" "$NS1:vx1" "$NS1:vx2" "$NS2:vx3"
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
	check_seen "$NS1" vx1 $N
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
	redirect "$NS1" vx1 devmap vx2
	xdp_attach "$NS1" vx2 xdp_actions.bpf.o xdp_drop
	snap "$NS0:vx0" "$NS1:vx1" "$NS1:vx2" "$NS2:vx3"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
	send_frames $N wait_stat_delta "$NS2" vx3 rx_queue_0_packets "${S[$NS2:vx3]}"
	check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect=$N
	check_dev "$NS1:vx2" rx_queue_0_xdp_xmit=$N $(ring_counts $N $BYTES)
	check_dev "$NS2:vx3" $(rx_counts $N $BYTES)
	check_ns "$NS2" $(stack_counts $N)
}

# a target with 4 queue pairs: ndo_xdp_xmit picks an XDP tx ring by CPU,
# ring i feeds the peer's rx queue i. Half the frames are sent by CPU 0,
# half by CPU 1 (vx1's NAPI, hence ndo_xdp_xmit, mostly runs where the
# sender kicked it).
test_target_multiqueue()
{
	local q xmit ring rx

	setup_vxdp_vxdp numtxqueues 4 numrxqueues 4 peer-numtxqueues 4 \
		peer-numrxqueues 4
	redirect "$NS1" vx1 ifindex vx2
	snap "$NS1:vx2" "$NS2:vx3"
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
		check_eq "$rx" "$ring" "vx3 rx queue $q = vx2 XDP ring $q"
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
	redirect "$NS1" vx1 ifindex vx1
	snap "$NS0:vx0" "$NS1:vx1"
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
	redirect "$NS1" vx1 ifindex vx2
	must ip -n "$NS1" link set dev vx2 down
	snap "$NS0:vx0" "$NS1:vx1" "$NS1:vx2" "$NS2:vx3"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
	send_frames $N wait_stat_delta "$NS1" vx1 rx_queue_0_xdp_packets "${S[$NS1:vx1]}"
	check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect_errors=$N $(dropped_counts $N)
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
	redirect "$NS1" vx1 ifindex vx2
	must ip -n "$NS2" link set dev vx3 down
	snap "$NS0:vx0" "$NS1:vx1" "$NS1:vx2" "$NS2:vx3"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
	send_frames $N wait_stat_delta "$NS2" vx3 rx_queue_0_drops "${S[$NS2:vx3]}"
	check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect=$N
	check_dev "$NS1:vx2" rx_queue_0_xdp_xmit=$N $(ring_counts $N $BYTES)
	check_dev "$NS2:vx3" rx_queue_0_drops=$N $(dropped_counts $N)
	check_ns "$NS2"
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
	redirect "$NS1" vx1 "$1" ve0
	snap "$NS0:vx0" "$NS1:vx1" "$NS1:ve0" "$NS2:ve1"
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
	check_seen "$NS2" ve1 $N
	check_ns "$NS1"
	check_ns "$NS2" $(stack_counts $N)
	check_seen "$NS1" vx1 $N
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
	redirect "$NS1" ve1 "$1" vx2
	snap "$NS0:ve0" "$NS1:ve1" "$NS1:vx2" "$NS2:vx3"
	pktgen_setup "$NS0" ve0 $SIZE "$(dev_mac "$NS1" ve1)"
	# at most a veth ring (256) in flight
	PG_BATCH=256 send_frames $N \
		wait_stat_delta "$NS2" vx3 rx_queue_0_packets "${S[$NS2:vx3]}"
	check_eq "$(sys_stat "$NS0" ve0 tx_packets)" \
		$(($(snap_get "${S[$NS0:ve0]}" sys.tx_packets) + N)) "ve0 tx_packets"
	check_eq "$(ethtool_stat "$NS1" ve1 rx_queue_0_xdp_redirect)" $N \
		"ve1 rx_queue_0_xdp_redirect"
	check_seen "$NS1" ve1 $N
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
	"vxdp -> vxdp by bpf_redirect: target without program xmits all 10000" test_vxdp_vxdp_ifindex \
	"vxdp -> vxdp by devmap: target without program xmits all 10000" test_vxdp_vxdp_devmap \
	"vxdp -> vxdp: the target's own XDP program does not affect xmit" test_target_with_prog \
	"vxdp -> vxdp, 4 queue pairs: XDP ring i -> peer rx queue i" test_target_multiqueue \
	"redirect out of the receiving vxdp itself" test_redirect_to_self \
	"redirect to a vxdp that is down: redirect errors" test_target_down \
	"redirect to a vxdp whose peer is down: drops at the peer" test_target_peer_down \
	"vxdp -> veth by bpf_redirect: 10000 at the veth peer" test_vxdp_veth_ifindex \
	"vxdp -> veth by devmap: 10000 at the veth peer" test_vxdp_veth_devmap \
	"veth -> vxdp by bpf_redirect: 10000 at the vxdp peer" test_veth_vxdp_ifindex \
	"veth -> vxdp by devmap: 10000 at the vxdp peer" test_veth_vxdp_devmap
