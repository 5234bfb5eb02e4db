#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Multi-buffer XDP at MTU 9000 (vx0 in ns0 <-> vx1 in ns1, pktgen on vx0):
# a 9000-byte frame fills three rx buffers (3520 + 3520 + 1960 bytes) and
# an xdp.frags program sees them as one frame, a head and two frags
# (progs/xdp_mb.bpf.c): bpf_xdp_get_buff_len, bpf_xdp_load_bytes and
# bpf_xdp_store_bytes across the buffers, bpf_xdp_adjust_tail growing and
# shrinking the last frag; PASS builds an skb with frags, TX sends the
# whole frame back; every page goes back to the ring or the page_pool
# (xdp_page_reuse counts the pages posted again). Programs without frags
# support stay refused above the single-buffer MTU.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

N=2000
SIZE=9000
BYTES=$((N * SIZE))
OBJ=xdp_mb.bpf.o
MTU_MSG="vxdp: MTU too large for XDP without frags support: frames must fit one rx buffer (load the program as xdp.frags for multi-buffer)"

setup()
{
	xdp_require "$OBJ" xdp_actions.bpf.o
	setup_pair_ns "$@"
	must ip -n "$NS0" link set dev vx0 mtu 9000
	must ip -n "$NS1" link set dev vx1 mtu 9000
}

# seen NS DEV SLOT: xdp_seen[SLOT] of the program on DEV
seen()
{
	map_get "$(xdp_map_id "$1" "$2" xdp_seen)" "$3"
}

# check_seen_mb NS DEV FRAMES BYTES MARKED: the program on DEV ran on FRAMES
# frames of BYTES bytes in all, MARKED of them carried the marker, and no
# helper failed
check_seen_mb()
{
	check_eq "$(seen "$1" "$2" 0)" "$3" "$2: frames its program ran on"
	check_eq "$(seen "$1" "$2" 1)" "$4" "$2: bytes (bpf_xdp_get_buff_len)"
	check_eq "$(seen "$1" "$2" 2)" "$5" "$2: frames with the marker"
	check_eq "$(seen "$1" "$2" 3)" 0 "$2: failed helper calls"
}

# mb_cfg NS DEV DELTA VERDICT: mb_tail's tail change and verdict
mb_cfg()
{
	local map

	map=$(xdp_map_id "$1" "$2" mb_cfg) || fail "no mb_cfg map on $2"
	map_set_u32 "$map" 0 "$3" "$1"
	map_set_u32 "$map" 1 "$4" "$1"
}

# XDP_PASS: 9000-byte frames reach the stack as skbs with two frags
test_mb_pass()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" mb_check
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_pass=$N
	check_ns1 $(stack_counts $N)
	check_ns0
	check_seen_mb "$NS1" vx1 $N $BYTES 0
}

# XDP_DROP: the three pages of every frame are posted again
test_mb_drop()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" mb_drop
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_drop=$N $(dropped_counts $N) \
		rx_queue_0_xdp_page_reuse=$((3 * N))
	check_ns1
	check_ns0
	check_seen_mb "$NS1" vx1 $N $BYTES 0
}

# bpf_xdp_store_bytes across the first buffer's end, XDP_TX: vx0's program
# finds the marker in every frame, at full length
test_mb_store_tx()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" mb_store_tx
	xdp_attach "$NS0" vx0 "$OBJ" mb_check
	snap
	send $N $SIZE 0 wait_vx0 rx_queue_0_xdp_packets
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_tx=$N $(ring_counts $N $BYTES)
	check_vx0 $(tx_counts $N $BYTES) $(rx_counts $N $BYTES) \
		$(xdp_counts $N $BYTES) rx_queue_0_xdp_pass=$N
	check_ns0 $(stack_counts $N)
	check_ns1
	check_seen_mb "$NS1" vx1 $N $BYTES 0
	check_seen_mb "$NS0" vx0 $N $BYTES $N
}

# tail DELTA VERDICT SIZE: mb_tail on vx1 changes SIZE-byte frames by DELTA
# and returns VERDICT (XDP_DROP 1, XDP_TX 3); vx0 counts what comes back
tail_test()
{
	local delta=$1 verdict=$2 size=$3 bytes out

	bytes=$((N * size))
	out=$((N * (size + delta)))
	setup
	xdp_attach "$NS1" vx1 "$OBJ" mb_tail
	xdp_attach "$NS0" vx0 "$OBJ" mb_check
	mb_cfg "$NS1" vx1 "$delta" "$verdict"
	snap
	send $N "$size" 0 wait_vx1 rx_queue_0_xdp_packets
	check_seen_mb "$NS1" vx1 $N $bytes 0
	if ((verdict == 3)); then
		slowwait 30 wait_stat_delta "$NS0" vx0 rx_queue_0_packets \
			"$S_VX0" $N || fail "vx0: frames did not come back"
		check_vx1 $(rx_counts $N $bytes) $(xdp_counts $N $bytes) \
			rx_queue_0_xdp_tx=$N $(ring_counts $N $out)
		check_vx0 $(tx_counts $N $bytes) $(rx_counts $N $out) \
			$(xdp_counts $N $out) rx_queue_0_xdp_pass=$N
		if ((delta > 0)); then
			check_ns0 $(stack_counts $N)
		else
			# shorter than their IP total length: truncated
			check_ns0 Ip.InReceives=$N
		fi
		check_seen_mb "$NS0" vx0 $N $out 0
	else
		# the kernel gave the released frag's page back to the
		# page_pool; the other two are posted again
		check_vx1 $(rx_counts $N $bytes) $(xdp_counts $N $bytes) \
			rx_queue_0_xdp_drop=$N $(dropped_counts $N) \
			rx_queue_0_xdp_page_reuse=$((2 * N))
		check_vx0 $(tx_counts $N $bytes)
		check_ns0
	fi
	check_ns1
}

# 8000 bytes (3520 + 3520 + 960) grow by 500 in the last frag
test_mb_tail_grow_tx()
{
	tail_test 500 3 8000
}

# 9000 bytes shrink by 5000: the last frag (1960) goes, the middle one
# keeps 480 bytes
test_mb_tail_shrink_tx()
{
	tail_test -5000 3 9000
}

test_mb_tail_shrink_drop()
{
	tail_test -5000 1 9000
}

# devmap_takes_frags: the kernel lets XDP_REDIRECT hand multi-buffer
# frames to a device (6.12: yes; 6.1's xdp_do_redirect() takes them only
# into a cpumap and fails the others with -EOPNOTSUPP)
devmap_takes_frags()
{
	[[ "$(printf '%s\n' 6.12 "$(uname -r)" | sort -V | head -n 1)" == 6.12 ]]
}

# devmap_refused: 6.1's refusal, counted exactly on vx1: every page of
# every frame posted again
devmap_refused()
{
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect_errors=$N $(dropped_counts $N) \
		rx_queue_0_xdp_page_reuse=$((3 * N))
}

# mb_redirect_devmap on vx1 (ns1) towards TARGET (in ns1), after
# setup_pair_ns; each device MTU 9000
redirect_devmap_to()
{
	xdp_attach "$NS1" vx1 "$OBJ" mb_redirect_devmap
	map_set_u32 "$(xdp_map_id "$NS1" vx1 mb_port)" 0 \
		"$(dev_ifindex "$NS1" "$1")" "$NS1"
}

# REDIRECT into another vxdp pair: vx1 -> devmap -> vx2 (ndo_xdp_xmit, the
# wire copies the frags) -> vx3, whose xdp.frags program sees them whole
test_mb_redirect_vxdp()
{
	declare -A S

	setup
	setup_ns NS2
	setup_xdp_pair "$NS1" "$NS2" vx2 vx3
	must ip -n "$NS1" link set dev vx2 mtu 9000
	must ip -n "$NS2" link set dev vx3 mtu 9000
	set_mac "$NS2" vx3 "$(dev_mac "$NS1" vx1)"
	xdp_attach "$NS2" vx3 "$OBJ" mb_check
	redirect_devmap_to vx2
	if ! devmap_takes_frags; then
		snap
		devmap_refused
		return
	fi
	snap_devs "$NS0:vx0" "$NS1:vx1" "$NS1:vx2" "$NS2:vx3"
	send $N $SIZE 0 wait_stat_delta "$NS1" vx1 rx_queue_0_xdp_packets \
		"${S[$NS1:vx1]}"
	slowwait 30 stat_reaches "$NS2" vx3 rx_queue_0_xdp_packets \
		$(($(snap_get "${S[$NS2:vx3]}" rx_queue_0_xdp_packets) + N)) ||
		fail "vx3 did not get them; vx1:" $(nsexec "$NS1" ethtool -S vx1 | grep -v ': 0$')
	check_dev "$NS1:vx1" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect=$N
	check_dev "$NS1:vx2" rx_queue_0_xdp_xmit=$N $(ring_counts $N $BYTES)
	check_dev "$NS2:vx3" $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_pass=$N
	check_ns "$NS2" $(stack_counts $N)
	check_seen_mb "$NS1" vx1 $N $BYTES 0
	check_seen_mb "$NS2" vx3 $N $BYTES 0
}

# REDIRECT into a veth: its peer's xdp.frags program sees the frames whole
test_mb_redirect_veth()
{
	setup
	setup_ns NS2
	setup_veth_pair "$NS1" "$NS2" ve0 ve1
	must ip -n "$NS1" link set dev ve0 mtu 9000
	must ip -n "$NS2" link set dev ve1 mtu 9000
	xdp_attach "$NS2" ve1 "$OBJ" mb_check
	redirect_devmap_to ve0
	snap
	if ! devmap_takes_frags; then
		devmap_refused
		return
	fi
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	slowwait 30 bash -c "(($(seen "$NS2" ve1 0) >= $N))" ||
		fail "ve1: $(seen "$NS2" ve1 0) frames; vx1:" $(nsexec "$NS1" ethtool -S vx1 | grep -v ': 0$')
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect=$N
	check_seen_mb "$NS1" vx1 $N $BYTES 0
	check_seen_mb "$NS2" ve1 $N $BYTES 0
}

# REDIRECT into a cpumap: CPU 0 builds skbs with the frags for the stack
test_mb_redirect_cpumap()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" mb_redirect_cpumap
	# struct bpf_cpumap_val: qsize 8192 (all N fit: none dropped because
	# the CPU's kthread runs late), no program
	must_quiet bpftool map update id "$(xdp_map_id "$NS1" vx1 mb_cpu)" \
		key 0 0 0 0 value 0 32 0 0 0 0 0 0
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	slowwait 30 ns_counter_is "$NS1" Ip.InReceives \
		$(($(snap_get "$S_NS1" Ip.InReceives) + N)) ||
		fail "ns1: IPv4 did not get $N frames; vx1:" $(nsexec "$NS1" ethtool -S vx1 | grep -v ': 0$')
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect=$N
	check_ns1 $(stack_counts $N)
	check_seen_mb "$NS1" vx1 $N $BYTES 0
}

# ns_counter_is NS NAME VALUE
ns_counter_is()
{
	[[ "$(snap_get "$(ns_stats "$1")" "$2")" == "$3" ]]
}

# A program without frags support: refused at MTU 9000, and it keeps the
# MTU within one buffer once attached; an xdp.frags program does not.
test_mb_mtu_rules()
{
	local max

	setup
	must_fail_msg "$MTU_MSG" ip -force -n "$NS1" link set dev vx1 xdpdrv \
		obj "$XDP_PROGS_DIR/xdp_actions.bpf.o" program xdp_pass
	check_eq "$(xdp_prog_id "$NS1" vx1)" "" "vx1: program after the refusal"
	xdp_attach "$NS1" vx1 "$OBJ" mb_check
	check_eq "$(link_json "$NS1" vx1 .max_mtu)" 9000 "max_mtu, xdp.frags"
	must ip -n "$NS1" link set dev vx1 mtu 1500
	xdp_attach "$NS1" vx1 xdp_actions.bpf.o xdp_pass
	max=$(link_json "$NS1" vx1 .max_mtu)
	((max < 9000)) || fail "max_mtu with a single-buffer program: $max"
	xdp_attach "$NS1" vx1 "$OBJ" mb_check
	must ip -n "$NS1" link set dev vx1 mtu 9000
}

vxdp_init
xdp_run_tests \
	"xdp.frags PASS: 9000-byte frames reach the stack" test_mb_pass \
	"xdp.frags DROP: every page of every frame posted again" test_mb_drop \
	"xdp.frags store_bytes across buffers, TX: marker and length at vx0" test_mb_store_tx \
	"xdp.frags adjust_tail +500 in the last frag, TX" test_mb_tail_grow_tx \
	"xdp.frags adjust_tail -5000 releasing a frag, TX" test_mb_tail_shrink_tx \
	"xdp.frags adjust_tail -5000 releasing a frag, DROP: pages accounted" test_mb_tail_shrink_drop \
	"xdp.frags REDIRECT by devmap into vxdp: whole frames at vx3 (6.1: refused)" test_mb_redirect_vxdp \
	"xdp.frags REDIRECT by devmap into veth: whole frames at its peer (6.1: refused)" test_mb_redirect_veth \
	"xdp.frags REDIRECT into a cpumap: skbs with frags to the stack" test_mb_redirect_cpumap \
	"MTU rules: single-buffer programs refused at 9000, xdp.frags allowed" test_mb_mtu_rules
