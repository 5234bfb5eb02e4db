#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fault injection (module/fault.c, /sys/kernel/debug/vxdp_fault): failed rx
# buffer and skb allocations, ndo_xdp_xmit refusing frames, rx rings of one
# descriptor, slow NAPI, rings that cannot be allocated. Each degrades cleanly: traffic goes on, every
# frame sent is received or counted in a named counter (exact sums, the
# injected failures equal to the counter that shows them), and once the
# fault is off the queue works as before (a full ring again).
# vx0 in ns0 <-> vx1 in ns1, pktgen on vx0 or the rx source of vx1.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

N=10000
SIZE=100
OBJ=xdp_actions.bpf.o
FAULT=/sys/kernel/debug/vxdp_fault

setup()
{
	xdp_require "$OBJ" xdp_redirect.bpf.o
	[[ -d $FAULT ]] || skip "no $FAULT (debugfs not mounted?)"
	require_cmd nsenter
	setup_pair_ns "$@"
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)"
}

# drop_run N LEN: vx1's program drops N frames of LEN bytes from its rx
# source, every counter exact
drop_run()
{
	xdp_attach "$NS1" vx1 "$OBJ" xdp_drop
	snap
	rx_source_run "$NS1" vx1 0 "$1" "$2" 60
	check_vx1 $(rx_counts "$1" $(($1 * $2))) $(xdp_counts "$1" $(($1 * $2))) \
		rx_queue_0_xdp_drop="$1" rx_queue_0_xdp_page_reuse="$1" \
		$(dropped_counts "$1")
	xdp_detach "$NS1" vx1
}

# injected POINT: failures POINT injected so far
injected()
{
	cat "$FAULT/$1/injected"
}

# got SENT: vx1 took SENT frames since snap, or counted them as drops
got()
{
	local s

	s=$(xdp_stats "$NS1" vx1)
	(($(snap_get "$s" rx_queue_0_packets) - $(snap_get "$S_VX1" rx_queue_0_packets) +
	  $(snap_get "$s" rx_queue_0_drops) - $(snap_get "$S_VX1" rx_queue_0_drops) >= $1))
}

wait_got()
{
	slowwait 60 got "$1" || fail "vx1 did not account for $1 frames"
}

# d1 NAME: change of vx1's counter NAME since snap
d1()
{
	echo $(($("$VXDP_STATS" -g "$1" "$NS1/vx1") - $(snap_get "$S_VX1" "$1")))
}

# check_clean COUNT: with every fault off, COUNT more frames all arrive
# (the ring is whole again)
check_clean()
{
	fault_off
	snap
	send "$1" $SIZE 0 wait_vx1 rx_queue_0_packets
	check_vx1 $(rx_counts "$1" $(($1 * SIZE)))
	check_ns1 $(stack_counts "$1")
}

# Every 3rd rx buffer allocation of NAPI's refills fails: the ring posts
# fewer buffers for a while. Frames that found no buffer are drops; none
# is lost uncounted; alloc_fail = failures injected.
test_rx_buf_alloc()
{
	local inj rx drops

	setup
	echo 3 >$FAULT/rx_buf_alloc/interval
	inj=$(injected rx_buf_alloc)
	snap
	send $N $SIZE 0 wait_got
	inj=$(($(injected rx_buf_alloc) - inj))
	rx=$(d1 rx_queue_0_packets) drops=$(d1 rx_queue_0_drops)
	log "injected $inj, vx1 rx $rx wire drops $drops"
	check_ge "$inj" 1 "failures injected"
	check_vx1 $(rx_counts "$rx" $((rx * SIZE))) rx_queue_0_drops="$drops" \
		sys.rx_dropped="$drops" ip.rx.dropped="$drops" \
		rx_queue_0_alloc_fail="$inj"
	check_eq $((rx + drops)) $N "vx1 rx + drops = frames sent"
	check_ns1 $(stack_counts "$rx")
	check_clean 2000
}

# Every 7th skb is not built: 1 frame in 7 is dropped and counted in
# skb_alloc_fail and rx_dropped, without and with an XDP_PASS program.
test_skb_alloc()
{
	local n=7000

	setup
	echo 7 >$FAULT/skb_alloc/interval
	snap
	send $n $SIZE 0 wait_vx1 rx_queue_0_packets
	check_vx1 $(rx_counts $n $((n * SIZE))) rx_queue_0_skb_alloc_fail=1000 \
		sys.rx_dropped=1000 ip.rx.dropped=1000
	check_ns1 $(stack_counts 6000)
	check_eq "$(injected skb_alloc)" 1000 "skb failures injected"

	xdp_attach "$NS1" vx1 "$OBJ" xdp_pass
	echo 0 >$FAULT/skb_alloc/injected
	echo 7 >$FAULT/skb_alloc/interval
	snap
	send $n $SIZE 0 wait_vx1 rx_queue_0_packets
	check_vx1 $(rx_counts $n $((n * SIZE))) $(xdp_counts $n $((n * SIZE))) \
		rx_queue_0_xdp_pass=$n rx_queue_0_skb_alloc_fail=1000 \
		sys.rx_dropped=1000 ip.rx.dropped=1000
	check_ns1 $(stack_counts 6000)
	check_eq "$(injected skb_alloc)" 1000 "skb failures injected"
	xdp_detach "$NS1" vx1
	check_clean 2000
}

# vx1 redirects every frame to itself (ndo_xdp_xmit of vx1, back to vx0);
# ndo_xdp_xmit refuses 20 % of the frames (and the rest of their bulk):
# refused frames are xdp_xmit_errors, the others reach vx0.
test_xdp_xmit()
{
	local inj xmit err ring rx0 drops0

	setup
	xdp_redirect_to "$NS1" vx1 ifindex vx1
	echo 20 >$FAULT/xdp_xmit/probability
	inj=$(injected xdp_xmit)
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_redirect
	echo 0 >$FAULT/xdp_xmit/probability
	inj=$(($(injected xdp_xmit) - inj))
	xmit=$(d1 rx_queue_0_xdp_xmit) err=$(d1 rx_queue_0_xdp_xmit_errors)
	ring=$(d1 rx_queue_0_xdp_ring_packets)
	log "injected $inj, xdp_xmit $xmit, xdp_xmit_errors $err"
	check_ge "$inj" 1 "failures injected"
	check_ge "$err" "$inj" "xdp_xmit_errors"
	check_eq $((xmit + err)) $N "xdp_xmit + xdp_xmit_errors = redirected"
	check_eq "$ring" "$xmit" "vx1 XDP ring = frames taken"
	wait_vx0 rx_queue_0_packets "$xmit"
	# addressed to vx1, not vx0: vx0's stack drops them as "otherhost"
	check_vx0 $(tx_counts $N $((N * SIZE))) \
		$(rx_counts "$xmit" $((xmit * SIZE))) ip.rx.otherhost="$xmit"
	check_vx1 $(rx_counts $N $((N * SIZE))) $(xdp_counts $N $((N * SIZE))) \
		rx_queue_0_xdp_redirect=$N rx_queue_0_xdp_xmit="$xmit" \
		rx_queue_0_xdp_xmit_errors="$err" \
		$(ring_counts "$xmit" $((xmit * SIZE))) \
		sys.tx_dropped="$err" ip.tx.dropped="$err"
	check_ns0
	check_ns1
}

# vx1's rx ring shrunk to one descriptor: frames still flow (stack,
# XDP_TX, rx source), a jumbo frame that needs two buffers can never be
# taken and is counted as a drop, and pktgen never hangs on a stopped queue.
test_ring_one()
{
	local rx drops n=2000 len=60 big=5000

	setup
	echo 1 >$FAULT/ring_size
	must ip -n "$NS1" link set dev vx1 down
	must ip -n "$NS1" link set dev vx1 up
	fault_off
	slowwait 10 carrier_is "$NS0" vx0 1 || fail "no carrier"
	snap
	send $n $SIZE 0 wait_got
	rx=$(d1 rx_queue_0_packets) drops=$(d1 rx_queue_0_drops)
	log "one descriptor: vx1 rx $rx wire drops $drops"
	check_ge "$rx" 1 "frames received"
	check_vx1 $(rx_counts "$rx" $((rx * SIZE))) rx_queue_0_drops="$drops" \
		sys.rx_dropped="$drops" ip.rx.dropped="$drops"
	check_eq $((rx + drops)) $n "vx1 rx + drops = frames sent"

	drop_run $n $len

	must ip -n "$NS0" link set dev vx0 mtu 9000
	must ip -n "$NS1" link set dev vx1 mtu 9000
	pktgen_setup "$NS0" vx0 $big "$(dev_mac "$NS1" vx1)"
	snap
	pktgen_send 100
	wait_vx1 rx_queue_0_drops 100
	check_vx1 rx_queue_0_drops=100 $(dropped_counts 100)

	must ip -n "$NS1" link set dev vx1 down
	must ip -n "$NS1" link set dev vx1 up
	slowwait 10 carrier_is "$NS0" vx0 1 || fail "no carrier"
	snap
	pktgen_send 100
	wait_vx1 rx_queue_0_packets 100
	check_vx1 $(rx_counts 100 $((100 * big)))
}

# Every NAPI poll first spins 2 ms: frames wait, none is lost uncounted.
test_napi_delay()
{
	local n=2000 len=60 rx drops

	setup
	echo 2000 >$FAULT/napi_delay_us
	drop_run $n $len
	snap
	send $n $SIZE 0 wait_got
	rx=$(d1 rx_queue_0_packets) drops=$(d1 rx_queue_0_drops)
	check_eq $((rx + drops)) $n "vx1 rx + drops = frames sent"
	check_ns1 $(stack_counts "$rx")
	check_clean 1000
}

# cur_ring / cur_rxq: vx1's rx ring size and rx queue count (ethtool)
cur_ring()
{
	ip netns exec "$NS1" ethtool -g vx1 |
		awk '/^Current/ { c = 1 } c && $1 == "RX:" { print $2; exit }'
}

cur_rxq()
{
	ip netns exec "$NS1" ethtool -l vx1 |
		awk '/^Current/ { c = 1 } c && $1 == "RX:" { print $2; exit }'
}

# up_clean STATE RING RXQ INJECTED: vx1 is up (1) or down (0), with RING
# slots and RXQ queues, ring_alloc injected INJECTED failures; once up,
# it carries traffic
up_clean()
{
	check_eq $(($(dev_attr "$NS1" vx1 flags) & 1)) "$1" "vx1 up (IFF_UP)"
	check_eq "$(cur_ring)" "$2" "vx1 ring size"
	check_eq "$(cur_rxq)" "$3" "vx1 rx queues"
	check_eq "$(injected ring_alloc)" "$4" "ring_alloc failures injected"
	echo 0 >$FAULT/ring_alloc/injected
	fault_off
	[[ $1 == 1 ]] || must ip -n "$NS1" link set dev vx1 up
	slowwait 10 carrier_is "$NS0" vx0 1 || fail "no carrier"
	check_clean 1000
}

# A queue's ring finds no memory when it opens (ring_alloc, once): ethtool
# -G and -L fail with ENOMEM and vx1 keeps its old rings and queues,
# running (as i40e keeps its old rings); when the old ones cannot open
# again either, vx1 is down, and comes up once memory is back; bringing
# vx1 up fails and leaves it down. Each time, traffic flows after.
test_ring_alloc()
{
	local ring new out

	setup numtxqueues 2 numrxqueues 2 peer-numtxqueues 2 peer-numrxqueues 2
	must ip netns exec "$NS1" ethtool -L vx1 rx 1 tx 1
	ring=$(cur_ring)
	# another size (the pair's rings may be the largest already)
	new=$((ring == 4096 ? 2048 : ring * 2))
	echo 0 >$FAULT/ring_alloc/injected

	echo 1 >$FAULT/ring_alloc/times
	echo 1 >$FAULT/ring_alloc/interval
	out=$(ip netns exec "$NS1" ethtool -G vx1 rx $new tx $new 2>&1) &&
		fail "ethtool -G succeeded"
	grep -q "the new queues or rings could not be set up: the old ones are kept" <<<"$out" ||
		fail "ethtool -G: message '$out'"
	up_clean 1 "$ring" 1 1

	echo 1 >$FAULT/ring_alloc/times
	echo 1 >$FAULT/ring_alloc/interval
	ip netns exec "$NS1" ethtool -L vx1 rx 2 tx 2 >/dev/null 2>&1 &&
		fail "ethtool -L succeeded"
	up_clean 1 "$ring" 1 1

	# no limit: the old ring fails too
	echo 1 >$FAULT/ring_alloc/interval
	ip netns exec "$NS1" ethtool -G vx1 rx $new tx $new >/dev/null 2>&1 &&
		fail "ethtool -G succeeded"
	up_clean 0 "$ring" 1 2

	must ip -n "$NS1" link set dev vx1 down
	echo 1 >$FAULT/ring_alloc/times
	echo 1 >$FAULT/ring_alloc/interval
	ip -n "$NS1" link set dev vx1 up 2>/dev/null && fail "vx1 up succeeded"
	up_clean 0 "$ring" 1 1
}

# Each knob reads back what was written; bad values are refused and
# change nothing.
test_bad_knobs()
{
	local f ok v

	[[ -d $FAULT ]] || skip "no $FAULT (debugfs not mounted?)"
	# KNOB GOOD BAD: GOOD is read back, then BAD refused, GOOD kept
	for f in "rx_buf_alloc/probability 5 101" "skb_alloc/probability 6 -1" \
		 "xdp_xmit/interval 7 4294967296" "ring_size 64 3" \
		 "ring_size 128 8192" "napi_delay_us 10 10001" \
		 "xdp_xmit/probability 8 abc" "ring_alloc/times 3 -1" \
		 "ring_alloc/times 4 2147483648" "ring_alloc/interval 9 x"; do
		read -r f ok v <<<"$f"
		echo "$ok" >"$FAULT/$f" || fail "writing '$ok' to $f failed"
		check_eq "$(cat "$FAULT/$f")" "$ok" "$f after writing '$ok'"
		echo "$v" >"$FAULT/$f" 2>/dev/null &&
			fail "writing '$v' to $f succeeded"
		check_eq "$(cat "$FAULT/$f")" "$ok" "$f after writing '$v'"
		fault_off
	done
}

vxdp_init
xdp_run_tests \
	"rx buffer allocations fail: drops counted, ring refills" test_rx_buf_alloc \
	"skb allocations fail: skb_alloc_fail and rx_dropped" test_skb_alloc \
	"ndo_xdp_xmit refuses frames: xdp_xmit_errors" test_xdp_xmit \
	"rx ring of one descriptor" test_ring_one \
	"slow NAPI" test_napi_delay \
	"no memory for a ring: ethtool -G/-L keep the old ones, up fails cleanly" test_ring_alloc \
	"knobs read back, bad values refused" test_bad_knobs
