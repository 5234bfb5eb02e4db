#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vxdp as the target of xdp_do_generic_redirect() and generic_xdp_tx():
# skbs that generic XDP on another device forwards into vxdp, which vxdp
# must transmit correctly (segmenting GSO skbs) or drop and count:
#  - from a veth whose generic program (bpf_fib_lookup forwarding) sees a
#    local TCP sender's GSO super-packets and UDP_SEGMENT GSO datagrams
#  - from another vxdp in generic mode (a TCP stream)
#  - as skb clones of UDP GSO super-packets (DEVMAP broadcast into two vxdp)
# Every stream is checked end to end (content), every frame counted.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/equiv_lib.sh"

PIN=/sys/fs/bpf/vxdp_generic_redirect

# The router topology:
#   NA: vA 10.1.0.1 --veth-- vB 10.1.0.2 :NR: vx1 10.2.0.1 ==vxdp== vx0 10.2.0.2 :NB
#   NC: vx3 10.3.0.1 ==vxdp== vx2 10.3.0.2 :NR
# In NR, vB and vx2 run corpus_fib in generic mode: what arrives there for
# 10.2.0.0/24 is redirected into vx1 by the program (bpf_fib_lookup), the
# rest dropped; the return path is NR's forwarding stack. vx1 has MTU 9000
# so that GSO super-packets up to vA's gso_max_size fit xdp_ok_fwd_dev().
MAC_VA=02:00:00:00:0a:01
MAC_VB=02:00:00:00:0a:02
router_setup()
{
	local vb_prog=${1:-corpus_fib}

	rm -rf "$PIN"*
	setup_ns NA NR NB NC
	must ip -n "$NA" link add vA type veth peer name vB netns "$NR"
	must "$VXDP_LINK" -n "$NR" add vx1 peer vx0 peer-netns "$NB" mtu 9000
	must "$VXDP_LINK" -n "$NR" add vx2 peer vx3 peer-netns "$NC"
	quiet_dev "$NA" vA $MAC_VA
	quiet_dev "$NR" vB $MAC_VB
	quiet_dev "$NR" vx1 $MAC_VX1
	quiet_dev "$NB" vx0 $MAC_VX0
	quiet_dev "$NR" vx2 $MAC_VX2
	quiet_dev "$NC" vx3 $MAC_VX3
	must ip -n "$NA" link set dev vA gso_max_size 8000
	must ip -n "$NA" addr add 10.1.0.1/24 dev vA
	must ip -n "$NR" addr add 10.1.0.2/24 dev vB
	must ip -n "$NR" addr add 10.2.0.1/24 dev vx1
	must ip -n "$NB" addr add 10.2.0.2/24 dev vx0
	must ip -n "$NR" addr add 10.3.0.2/24 dev vx2
	must ip -n "$NC" addr add 10.3.0.1/24 dev vx3
	must_quiet ip netns exec "$NR" sysctl -w net.ipv4.conf.all.forwarding=1
	local l
	for l in "$NA vA" "$NR vB" "$NR vx1" "$NB vx0" "$NR vx2" "$NC vx3"; do
		# shellcheck disable=SC2086
		must ip -n ${l% *} link set dev ${l#* } up
	done
	must ip -n "$NA" route add 10.0.0.0/8 via 10.1.0.2
	must ip -n "$NB" route add 10.0.0.0/8 via 10.2.0.1
	must ip -n "$NC" route add 10.0.0.0/8 via 10.3.0.2
	# the generic programs drop ARP: no resolution through vB and vx2
	must ip -n "$NA" neigh add 10.1.0.2 lladdr $MAC_VB dev vA nud permanent
	must ip -n "$NC" neigh add 10.3.0.2 lladdr $MAC_VX2 dev vx3 nud permanent
	must ip -n "$NR" neigh add 10.1.0.1 lladdr $MAC_VA dev vB nud permanent
	must ip -n "$NR" neigh add 10.3.0.1 lladdr $MAC_VX3 dev vx2 nud permanent
	must ip -n "$NR" neigh add 10.2.0.2 lladdr $MAC_VX0 dev vx1 nud permanent
	# (corpus_devmap_bcast's DEVMAP: vx1, vx2, vB)
	must "$XDP_EQUIV" attach --netns "$NR" --dev vB --mode generic \
		--obj "$(corpus_obj "$vb_prog")" --tgt vx1 --tgt6 vx2 --dut vB \
		--pin "$PIN-vB"
	must "$XDP_EQUIV" attach --netns "$NR" --dev vx2 --mode generic \
		--obj "$(corpus_obj corpus_fib)" --tgt vx1 --tgt6 vx1 --pin "$PIN-vx2"
}

router_cleanup()
{
	rm -rf "$PIN-vB" "$PIN-vx2"
}

# tcp_transfer SRC_NS DST_NS BYTES: a checked TCP stream to 10.2.0.2:5201
tcp_transfer()
{
	local sink

	ip netns exec "$2" "$XDP_EQUIV" tcp-sink --port 5201 --bytes "$3" \
		--timeout 120 >/tmp/generic_sink.out 2>&1 &
	sink=$!
	slowwait 30 grep -q listening /tmp/generic_sink.out ||
		{ sed 's/^/#   /' /tmp/generic_sink.out; fail "tcp-sink did not start"; }
	must ip netns exec "$1" "$XDP_EQUIV" tcp-source --dst 10.2.0.2 \
		--port 5201 --bytes "$3" --timeout 120
	wait $sink || { sed 's/^/#   /' /tmp/generic_sink.out; fail "tcp-sink"; }
	log "$(tail -n 1 /tmp/generic_sink.out)"
}

# vxdp's counters of a clean pass through vx1: nothing dropped, what vx1
# sent vx0 received
check_vx1_vx0()
{
	check_eq "$(eth "$NR" vx1 tx_queue_0_drops)" 0 "vx1 tx_queue_0_drops"
	check_eq "$(eth "$NB" vx0 rx_queue_0_drops)" 0 "vx0 rx_queue_0_drops"
	check_eq "$(eth "$NB" vx0 rx_queue_0_oversize)" 0 "vx0 rx_queue_0_oversize"
	slowwait 5 eval '[[ "$(sys_stat "$NB" vx0 rx_packets)" == "$(sys_stat "$NR" vx1 tx_packets)" ]]' ||
		fail "vx1 sent $(sys_stat "$NR" vx1 tx_packets) frames, vx0 received $(sys_stat "$NB" vx0 rx_packets)"
}

test_veth_redirect_gso()
{
	local out

	router_setup
	tcp_transfer "$NA" "$NB" 2000000
	log "veth program: $("$XDP_EQUIV" counters --pin "$PIN-vB" | tr '\n' ' ')"
	check_ge "$(prog_counter "$PIN-vB" max_len)" 2000 \
		"largest (GSO) packet the veth program redirected"
	check_ge "$(prog_counter "$PIN-vB" aux0)" 50 "packets forwarded by bpf_fib_lookup"
	check_eq "$(prog_counter "$PIN-vB" drop)" 0 "packets the veth program dropped"
	check_vx1_vx0

	# UDP_SEGMENT: 5 x 1400-byte datagrams per GSO skb
	ip netns exec "$NB" "$XDP_EQUIV" udp-sink --port 5300 --count 300 \
		--len 1400 --timeout 20 >/tmp/generic_usink.out 2>&1 &
	local sink=$!
	slowwait 30 grep -q listening /tmp/generic_usink.out ||
		{ sed 's/^/#   /' /tmp/generic_usink.out; fail "udp-sink did not start"; }
	must ip netns exec "$NA" "$XDP_EQUIV" udp-gso-send --dst 10.2.0.2 \
		--port 5300 --count 300 --len 1400 --gso 5
	wait $sink || { sed 's/^/#   /' /tmp/generic_usink.out; fail "udp-sink"; }
	log "$(tail -n 1 /tmp/generic_usink.out)"
	check_ge "$(prog_counter "$PIN-vB" max_len)" 7000 \
		"largest (UDP GSO) packet the veth program redirected"
	check_vx1_vx0
	router_cleanup
}

test_vxdp_redirect()
{
	router_setup
	tcp_transfer "$NC" "$NB" 1000000
	log "vx2 program: $("$XDP_EQUIV" counters --pin "$PIN-vx2" | tr '\n' ' ')"
	check_ge "$(prog_counter "$PIN-vx2" aux0)" 690 "packets forwarded by bpf_fib_lookup"
	check_eq "$(prog_counter "$PIN-vx2" drop)" 0 "packets the vx2 program dropped"
	# GRO is off behind a generic program: frame by frame
	check_ge 1514 "$(prog_counter "$PIN-vx2" max_len)" "1514 >= largest packet"
	check_vx1_vx0
	router_cleanup
}

# Broadcast through a DEVMAP in generic mode: every copy but the last is an
# skb_clone() of a UDP_SEGMENT GSO super-packet, into two vxdp devices,
# which segment them; every segment arrives, byte counts exact.
test_bcast_gso()
{
	local n=200 len=1400 rx0 rx3 tx1 tx2 out

	router_setup corpus_devmap_bcast
	must ip -n "$NR" link set dev vx2 mtu 9000
	rx0=$(sys_stat "$NB" vx0 rx_bytes)
	rx3=$(sys_stat "$NC" vx3 rx_bytes)
	tx1=$(sys_stat "$NR" vx1 tx_packets)
	tx2=$(sys_stat "$NR" vx2 tx_packets)
	must ip netns exec "$NA" "$XDP_EQUIV" udp-gso-send --dst 10.2.0.2 \
		--port 5300 --count $n --len $len --gso 5
	out=$((n * (14 + 20 + 8 + len)))
	slowwait 10 eval '[[ $(($(sys_stat "$NB" vx0 rx_bytes) - rx0)) == $out ]]' ||
		fail "vx0 received $(($(sys_stat "$NB" vx0 rx_bytes) - rx0)) bytes, expected $out"
	slowwait 10 eval '[[ $(($(sys_stat "$NC" vx3 rx_bytes) - rx3)) == $out ]]' ||
		fail "vx3 received $(($(sys_stat "$NC" vx3 rx_bytes) - rx3)) bytes, expected $out"
	check_eq $(($(sys_stat "$NR" vx1 tx_packets) - tx1)) $n "vx1 frames sent"
	check_eq $(($(sys_stat "$NR" vx2 tx_packets) - tx2)) $n "vx2 frames sent"
	check_eq "$(eth "$NR" vx1 tx_queue_0_drops)" 0 "vx1 tx_queue_0_drops"
	check_eq "$(eth "$NR" vx2 tx_queue_0_drops)" 0 "vx2 tx_queue_0_drops"
	check_eq "$(prog_counter "$PIN-vB" redirect)" $((n / 5)) "GSO packets broadcast"
	check_ge "$(prog_counter "$PIN-vB" max_len)" $((5 * len)) "largest packet broadcast"
	router_cleanup
}

vxdp_init bpftool jq "$XDP_EQUIV"
ktap_run_tests \
	"generic redirect veth -> vxdp: TCP and UDP GSO super-packets" test_veth_redirect_gso \
	"generic redirect vxdp -> vxdp: TCP stream" test_vxdp_redirect \
	"generic broadcast of cloned GSO super-packets into vxdp" test_bcast_gso
