#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# XDP programs that change frames on vxdp (vx0 in ns0 <-> vx1 in ns1,
# pktgen on vx0, 10000 frames of 100 bytes):
#  - bpf_xdp_adjust_head: vx1 pushes an outer header (Ethernet + tag) and
#    sends the frame back (XDP_TX); vx0 gets exactly those bytes (tc ingress
#    checker, tcpdump), or pops the header again with its own program;
#  - bpf_xdp_adjust_tail: vx1 grows (with a pattern) or shrinks the frames
#    and sends them back: byte counters follow the new length;
#  - bpf_xdp_adjust_meta: vx1's program writes metadata and passes the
#    frame; a tc ingress program on vx1 finds it in skb->data_meta.
# The tc checker is progs/tc_check.bpf.c; layouts are in progs/xdp_test.h.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

N=10000
SIZE=100
BYTES=$((N * SIZE))
OBJ=xdp_adjust.bpf.o

# progs/xdp_test.h
ENCAP_LEN=18
ENCAP_ETH_P=88b5
ENCAP_MAGIC=76786470
GROW_LEN=16
SHRINK_LEN=20
META_LEN=8

# tc_check.bpf.c
TC_MODE_LEN=0
TC_MODE_META=1
TC_MODE_ENCAP=2
TC_MODE_GROW=3
TC_CNT_SEEN=0
TC_CNT_OK=1
TC_CNT_BAD=2
TC_CNT_NO_META=3

setup()
{
	xdp_require "$OBJ" tc_check.bpf.o
	setup_pair_ns
}

# tc_checker NS DEV MODE LEN: tc_check on DEV's ingress, expecting frames
# of LEN bytes checked by MODE; sets TC_CNT (its counter map)
tc_checker()
{
	local cfg

	tc_attach "$1" "$2" tc_check.bpf.o
	cfg=$(tc_map_id "$1" "$2" tc_cfg) || fail "no tc_cfg map"
	TC_CNT=$(tc_map_id "$1" "$2" tc_cnt) || fail "no tc_cnt map"
	map_set_u32 "$cfg" 0 "$3"
	map_set_u32 "$cfg" 1 "$4"
}

# check_tc SEEN OK BAD [NO_META]: the tc checker's counts
check_tc()
{
	check_eq "$(map_get "$TC_CNT" $TC_CNT_SEEN)" "$1" "frames seen by tc"
	check_eq "$(map_get "$TC_CNT" $TC_CNT_OK)" "$2" "frames as expected at tc"
	check_eq "$(map_get "$TC_CNT" $TC_CNT_BAD)" "$3" "frames not as expected at tc"
	check_eq "$(map_get "$TC_CNT" $TC_CNT_NO_META)" "${4:-0}" \
		"frames without metadata at tc"
}

# check_slot NS DEV SLOT COUNT: xdp_seen[SLOT] of DEV's program
check_slot()
{
	local map

	map=$(xdp_map_id "$1" "$2" xdp_seen) || fail "no xdp_seen map on $2"
	check_eq "$(map_get "$map" "$3")" "$4" "xdp_seen[$3] of $2's program"
}

# hex_frames PCAP: one line per frame, its bytes in hex
hex_frames()
{
	tcpdump -r "$1" -n -xx 2>/dev/null |
		awk '$1 ~ /^0x[0-9a-f]+:$/ { for (i = 2; i <= NF; i++) f = f $i; next }
		     { if (f != "") print f; f = "" }
		     END { if (f != "") print f }'
}

# mac_hex NS DEV: DEV's MAC address as 12 hex digits
mac_hex()
{
	dev_mac "$1" "$2" | tr -d :
}

# the frames pktgen_run sends from vx0 to vx1, as a regular expression on
# their hex bytes (IP id and checksum vary)
pktgen_frame_re()
{
	local len=$1 tot

	tot=$(printf %04x $((len - 14)))
	echo "$(mac_hex "$NS1" vx1)$(mac_hex "$NS0" vx0)08004500${tot}.{8}..11.{4}c6336401c633640200090009.{$((2 * (len - 38)))}"
}

# bpf_xdp_adjust_head: 18 bytes pushed in front, XDP_TX back to vx0
test_encap()
{
	local tot=$((SIZE + ENCAP_LEN))

	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_encap_tx
	tc_checker "$NS0" vx0 $TC_MODE_ENCAP $tot
	snap
	send $N $SIZE 0 wait_vx0 rx_queue_0_packets
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_tx=$N $(ring_counts $N $((N * tot)))
	# an ethertype nobody handles: the stack drops them
	check_vx0 $(tx_counts $N $BYTES) $(rx_counts $N $((N * tot))) \
		$(dropped_counts $N)
	check_ns0
	check_ns1
	check_tc $N $N 0
	check_slot "$NS1" vx1 0 $N
}

# the same frames captured by tcpdump on vx0, byte by byte
test_encap_bytes()
{
	local tot=$((SIZE + ENCAP_LEN)) pid re frames n

	require_cmd tcpdump
	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_encap_tx
	snap
	ip netns exec "$NS0" tcpdump -i vx0 -n -B 8192 -c 100 \
		-w /tmp/vxdp_encap.pcap 2>/tmp/vxdp_encap.err &
	pid=$!
	slowwait 30 grep -q "listening on" /tmp/vxdp_encap.err ||
		fail "tcpdump did not start: $(cat /tmp/vxdp_encap.err)"
	send 100 $SIZE 0 wait_vx0 rx_queue_0_packets
	# tcpdump stops after 100 frames
	wait "$pid" || fail "tcpdump failed: $(cat /tmp/vxdp_encap.err)"
	frames=$(hex_frames /tmp/vxdp_encap.pcap)
	rm -f /tmp/vxdp_encap.pcap /tmp/vxdp_encap.err
	check_eq "$(grep -c . <<<"$frames")" 100 "frames captured"
	log "first frame: $(head -n 1 <<<"$frames")"
	# outer: to vx0, from vx1, ENCAP_ETH_P, the tag; then the sent frame
	re="^$(mac_hex "$NS0" vx0)$(mac_hex "$NS1" vx1)${ENCAP_ETH_P}${ENCAP_MAGIC}$(pktgen_frame_re $SIZE)\$"
	n=$(grep -cE "$re" <<<"$frames")
	check_eq "$n" 100 "captured frames that are the expected $tot bytes"
}

# bpf_xdp_adjust_head both ways: vx1 pushes the header, vx0's program pops
# it and passes the original frame to the stack
test_decap()
{
	local tot=$((SIZE + ENCAP_LEN))

	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_encap_tx
	xdp_attach "$NS0" vx0 "$OBJ" xdp_decap
	tc_checker "$NS0" vx0 $TC_MODE_LEN $SIZE
	snap
	send $N $SIZE 0 wait_vx0 rx_queue_0_xdp_pass
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_tx=$N $(ring_counts $N $((N * tot)))
	# the original frames, addressed to vx1: "otherhost" for vx0's stack
	check_vx0 $(tx_counts $N $BYTES) $(rx_counts $N $((N * tot))) \
		$(xdp_counts $N $((N * tot))) rx_queue_0_xdp_pass=$N \
		ip.rx.otherhost=$N
	check_ns0
	check_ns1
	check_tc $N $N 0
	check_slot "$NS0" vx0 0 $N
	check_slot "$NS0" vx0 1 $N
	check_slot "$NS0" vx0 2 0
}

# bpf_xdp_adjust_tail +16 (pattern bytes), XDP_TX back to vx0
test_tail_grow()
{
	local tot=$((SIZE + GROW_LEN))

	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_grow_tx
	tc_checker "$NS0" vx0 $TC_MODE_GROW $tot
	snap
	send $N $SIZE 0 wait_vx0 rx_queue_0_packets
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_tx=$N $(ring_counts $N $((N * tot)))
	check_vx0 $(tx_counts $N $BYTES) $(rx_counts $N $((N * tot)))
	# IPv4 takes them (it trims what follows the datagram)
	check_ns0 $(stack_counts $N)
	check_ns1
	check_tc $N $N 0
	check_slot "$NS1" vx1 0 $N
}

# bpf_xdp_adjust_tail -20, XDP_TX back to vx0
test_tail_shrink()
{
	local tot=$((SIZE - SHRINK_LEN))

	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_shrink_tx
	tc_checker "$NS0" vx0 $TC_MODE_LEN $tot
	snap
	send $N $SIZE 0 wait_vx0 rx_queue_0_packets
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_tx=$N $(ring_counts $N $((N * tot)))
	check_vx0 $(tx_counts $N $BYTES) $(rx_counts $N $((N * tot)))
	# shorter than their IP total length: IPv4 drops them as truncated
	check_ns0 Ip.InReceives=$N
	check_ns1
	check_tc $N $N 0
	check_slot "$NS1" vx1 0 $N
}

# bpf_xdp_adjust_meta: XDP writes metadata, tc ingress on the same device
# reads it from skb->data_meta; without the program, no metadata
test_metadata()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_meta
	tc_checker "$NS1" vx1 $TC_MODE_META $SIZE
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_pass
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_pass=$N
	check_ns1 $(stack_counts $N)
	check_tc $N $N 0 0
	check_slot "$NS1" vx1 0 $N

	xdp_detach "$NS1" vx1
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_packets
	check_vx1 $(rx_counts $N $BYTES)
	check_ns1 $(stack_counts $N)
	check_tc $((2 * N)) $N $N $N
}

vxdp_init
xdp_run_tests \
	"adjust_head: pushed outer header arrives at the peer (tc check)" test_encap \
	"adjust_head: pushed outer header arrives at the peer (tcpdump bytes)" test_encap_bytes \
	"adjust_head: peer's program pops the header, stack gets the original" test_decap \
	"adjust_tail: grown frames (pattern) arrive, byte counters follow" test_tail_grow \
	"adjust_tail: shrunk frames arrive, byte counters follow" test_tail_shrink \
	"adjust_meta: XDP metadata reaches tc ingress in skb->data_meta" test_metadata
