#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# AF_XDP on a vxdp pair (vx0 <-> vx1, both in netns ns0), with libxdp's xsk
# API (vxdp_xsk): zero-copy (the queue's rx ring filled from the UMEM, the
# socket's tx ring read by NAPI, as i40e_xsk.c) and copy mode. Every frame
# is checked byte for byte by vxdp_xsk; here every counter of both devices
# and the sockets' XDP_STATISTICS must say exactly what happened.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

VXDP_XSK=$VXDP_SELFTESTS_DIR/vxdp_xsk
declare -A S
LEN=64

setup()
{
	xdp_require xsk_redirect.bpf.o
	[[ -x "$VXDP_XSK" ]] || skip "$VXDP_XSK not built"
	setup_ns NS0
	setup_xdp_pair "$NS0" "$NS0" vx0 vx1 "$@"
	snap_devs "$NS0:vx0" "$NS0:vx1"
}

# steer DEV QUEUE...: an ntuple rule on DEV for each QUEUE, sending the
# frames vxdp_xsk sends to that queue (UDP port 5000 + QUEUE) there
steer()
{
	local dev=$1 q
	shift

	for q in "$@"; do
		must_quiet ip netns exec "$NS0" ethtool -N "$dev" flow-type udp4 \
			dst-port $((5000 + q)) action "$q"
	done
}

# xsk ARGS...: run vxdp_xsk in ns0; its output in $OUT
xsk()
{
	OUT=$(ip netns exec "$NS0" "$VXDP_XSK" "$@" 2>&1) ||
		fail "vxdp_xsk $*: $OUT"
	log "$OUT"
}

# xsk_stat SIDE QUEUE NAME: a socket's XDP_STATISTICS counter from $OUT
xsk_stat()
{
	awk -v s="$1_stat" -v q="$2" -v n="$3" \
		'$1 == s && $2 == q && $3 == n { print $4 }' <<<"$OUT"
}

# check_xsk_stats SIDE QUEUE NAME=VALUE...: those counters, the others 0
# (VALUE "+": more than 0). rx_fill_ring_empty_descs counts every failed
# allocation from the fill ring, so it is only checked when named.
check_xsk_stats()
{
	local side=$1 q=$2 name kv v
	local -A want=()
	shift 2

	for kv in "$@"; do
		want[${kv%%=*}]=${kv#*=}
	done
	for name in rx_dropped rx_invalid_descs tx_invalid_descs rx_ring_full \
		    ${want[rx_fill_ring_empty_descs]:+rx_fill_ring_empty_descs}; do
		v=$(xsk_stat "$side" "$q" "$name")
		if [[ "${want[$name]:-0}" == +* ]]; then
			((v > 0)) || fail "$side socket $q: $name is $v, want > 0"
		else
			check_eq "$v" "${want[$name]:-0}" "$side socket $q $name"
		fi
	done
}

# received QUEUE: the frames vxdp_xsk received on QUEUE
received()
{
	awk -v q="$1" '$1 == "queue" && $2 == q { print $8 }' <<<"$OUT"
}

# zc_counts N BYTES Q: N frames from vx0's zero-copy socket on queue Q into
# vx1's socket on queue Q
zc_counts_tx()
{
	echo "rx_queue_$3_xsk_tx_packets=$1" "rx_queue_$3_xsk_tx_bytes=$2" \
		ip.tx.packets="$1" ip.tx.bytes="$2" sys.tx_packets="$1" \
		sys.tx_bytes="$2"
}

# copy mode: the socket transmits through the stack's tx queue Q
copy_counts_tx()
{
	tx_counts "$1" "$2" "$3"
}

# the receiving side: the program redirected every frame into the socket
xsk_counts_rx()
{
	echo $(rx_counts "$1" "$2" "$3") $(xdp_counts "$1" "$2" "$3") \
		"rx_queue_$3_xdp_redirect=$1"
}

# both MODE N LEN: N frames each way, vx0 -> vx1 then vx1 -> vx0
both()
{
	local mode=$1 n=$2 len=$3 txc

	[[ $mode == zc ]] && txc=zc_counts_tx || txc=copy_counts_tx
	setup
	xsk --mode "$mode" --tx vx0 --rx vx1 --frames "$n" --len "$len"
	check_xsk_stats tx 0
	check_xsk_stats rx 0
	xsk --mode "$mode" --tx vx1 --rx vx0 --frames "$n" --len "$len"
	check_xsk_stats rx 0
	check_dev "$NS0:vx0" $($txc "$n" $((n * len)) 0) \
		$(xsk_counts_rx "$n" $((n * len)) 0)
	check_dev "$NS0:vx1" $($txc "$n" $((n * len)) 0) \
		$(xsk_counts_rx "$n" $((n * len)) 0)
}

test_zc()
{
	both zc 100000 $LEN
}

test_copy()
{
	both copy 100000 $LEN
}

# poll() for POLLOUT and POLLIN instead of spinning, 1000-byte frames
test_zc_poll()
{
	local n=20000 len=1000

	setup
	xsk --tx vx0 --rx vx1 --frames $n --len $len --poll
	check_dev "$NS0:vx0" $(zc_counts_tx $n $((n * len)) 0)
	check_dev "$NS0:vx1" $(xsk_counts_rx $n $((n * len)) 0)
}

# unaligned chunks (2 KiB at 1 KiB into a page) and 128 bytes of headroom
test_zc_unaligned_headroom()
{
	local n=20000 len=1400

	setup
	xsk --tx vx0 --rx vx1 --frames $n --len $len --unaligned --headroom 128
	check_dev "$NS0:vx0" $(zc_counts_tx $n $((n * len)) 0)
	check_dev "$NS0:vx1" $(xsk_counts_rx $n $((n * len)) 0)
}

# the fill ring gets 1000 chunks, never refilled: 1000 frames of 3000 reach
# the socket, the rest find no buffer on vx1 (rx_queue_0_drops)
test_zc_fill_empty()
{
	local n=3000 k=1000

	setup
	xsk --tx vx0 --rx vx1 --frames $n --len $LEN --fill $k
	check_eq "$(received 0)" $k "frames received"
	check_xsk_stats rx 0 rx_fill_ring_empty_descs=+
	check_dev "$NS0:vx0" $(zc_counts_tx $n $((n * LEN)) 0)
	check_dev "$NS0:vx1" $(xsk_counts_rx $k $((k * LEN)) 0) \
		rx_queue_0_drops=$((n - k)) $(dropped_counts $((n - k)))
}

# A zero-copy queue without buffers (its socket's fill ring ran dry) does
# not stop the stack's transmit towards it: pktgen's frames from vx0 are
# dropped and counted by vx1. Once the socket is gone, the queue (back to
# page_pool buffers) wakes the senders and takes every frame.
test_zc_no_buffers_stack_tx()
{
	local n=1000 k=16 pid out

	setup
	out=$(mktemp)
	ip netns exec "$NS0" "$VXDP_XSK" --tx vx0 --rx vx1 --frames $k \
		--len $LEN --fill $k --hold >"$out" 2>&1 &
	pid=$!
	slowwait 60 grep -q "^queue 0 sent $k" "$out" ||
		{ kill "$pid"; fail "vxdp_xsk: $(cat "$out")"; }
	snap_devs "$NS0:vx0" "$NS0:vx1"
	pktgen_load
	pktgen_setup "$NS0" vx0 60 "$(dev_mac "$NS0" vx1)"
	send_frames $n wait_stat_delta "$NS0" vx1 rx_queue_0_drops \
		"${S[$NS0:vx1]}"
	check_dev "$NS0:vx0" $(tx_counts $n $((n * 60)))
	check_dev "$NS0:vx1" rx_queue_0_drops=$n $(dropped_counts $n)
	kill "$pid"
	wait "$pid"
	rm -f "$out"
	snap_devs "$NS0:vx0" "$NS0:vx1"
	send_frames $n wait_stat_delta "$NS0" vx1 rx_queue_0_packets \
		"${S[$NS0:vx1]}"
	check_dev "$NS0:vx0" $(tx_counts $n $((n * 60)))
	check_dev "$NS0:vx1" $(rx_counts $n $((n * 60)))
}

# the socket never reads its 64-entry rx ring: the rest is rx_ring_full,
# failed redirects for vx1, whose chunks it posts again
test_zc_rx_ring_full()
{
	local n=1000 r=64

	setup
	xsk --tx vx0 --rx vx1 --frames $n --len $LEN --rx-hold
	check_xsk_stats rx 0 rx_ring_full=$((n - r))
	check_dev "$NS0:vx0" $(zc_counts_tx $n $((n * LEN)) 0)
	check_dev "$NS0:vx1" $(rx_counts $n $((n * LEN)) 0) \
		$(xdp_counts $n $((n * LEN)) 0) rx_queue_0_xdp_redirect=$r \
		rx_queue_0_xdp_redirect_errors=$((n - r)) \
		rx_queue_0_xdp_page_reuse=$((n - r)) $(dropped_counts $((n - r)))
}

# 10 tx descriptors outside the UMEM among 20000 good ones: counted by the
# socket, skipped; the good ones all arrive
test_zc_invalid_tx()
{
	local n=20000 ic

	setup
	xsk --tx vx0 --rx vx1 --frames $n --len $LEN --invalid 10
	check_xsk_stats tx 0 tx_invalid_descs=10
	# 6.1 keeps an invalid descriptor's buffer, 6.12 completes it: all
	# or none, never a valid frame's
	ic=$(awk '$1 == "queue" && $2 == 0 { print $12 }' <<<"$OUT")
	[[ "$ic" == 0 || "$ic" == 10 ]] ||
		fail "$ic of 10 invalid descriptors completed"
	check_dev "$NS0:vx0" $(zc_counts_tx $n $((n * LEN)) 0)
	check_dev "$NS0:vx1" $(xsk_counts_rx $n $((n * LEN)) 0)
}

# one socket on each of two queues of a device, both zero-copy
test_zc_two_queues()
{
	local n=20000 b=$((20000 * LEN))

	setup numtxqueues 2 numrxqueues 2 peer-numtxqueues 2 peer-numrxqueues 2
	steer vx1 0 1
	xsk --tx vx0 --rx vx1 --frames $n --len $LEN --queue 0 --queue 1
	check_dev "$NS0:vx0" $(zc_counts_tx $n $b 0) $(zc_counts_tx $n $b 1)
	check_dev "$NS0:vx1" $(xsk_counts_rx $n $b 0) \
		$(xsk_counts_rx $n $b 1)
}

# An ntuple rule steers UDP port 5003 to queue 3 of 4, where a zero-copy
# socket receives exactly that flow: the other queues see nothing
test_zc_ntuple_queue3()
{
	local n=20000 b=$((20000 * LEN))

	setup numtxqueues 4 numrxqueues 4 peer-numtxqueues 4 peer-numrxqueues 4
	steer vx1 3
	xsk --tx vx0 --rx vx1 --frames $n --len $LEN --queue 3
	check_dev "$NS0:vx0" $(zc_counts_tx $n $b 3)
	check_dev "$NS0:vx1" $(xsk_counts_rx $n $b 3)
}

# rx_source_taken Q: the run on vx1 queue Q is done and vx1 received every
# frame it generated; its count in $GEN
rx_source_taken()
{
	local st

	read -r st GEN <<<"$(rx_source_state "$NS0" vx1 "$1")"
	[[ $st == "done" ]] || return 1
	[[ "$(ethtool_stat "$NS0" vx1 "rx_queue_$1_packets")" == \
	   $(($(snap_get "${S[$NS0:vx1]}" "rx_queue_$1_packets") + GEN)) ]]
}

# The pool on queue 1 of 4: binding and unbinding it restarts queue 1 only.
# vx1's built-in rx source writes into queues 0, 2 and 3 meanwhile (until
# stopped after the sockets closed, or its 60 s are up): every frame it
# wrote was received, none dropped (a restart of those queues would have
# dropped what was in their rings), and queue 1 carried exactly the
# socket's frames.
test_zc_one_queue_of_four()
{
	local n=20000 q

	setup numtxqueues 4 numrxqueues 4 peer-numtxqueues 4 peer-numrxqueues 4
	rx_source_require
	steer vx1 1
	for q in 0 2 3; do
		rx_source "$NS0" "vx1 $q 1000000000 60"
	done
	xsk --tx vx0 --rx vx1 --frames $n --len $LEN --queue 1
	# a run lasts at most 60 s (VXDP_SRC_MAX_SECONDS): it may have ended
	for q in 0 2 3; do
		log "queue $q: $(rx_source_line "$NS0" vx1 $q)"
		rx_source "$NS0" "vx1 $q stop"
	done
	for q in 0 2 3; do
		slowwait 60 rx_source_taken $q ||
			fail "queue $q: $(rx_source_line "$NS0" vx1 $q), $(ethtool_stat "$NS0" vx1 "rx_queue_${q}_packets") received"
		((GEN > 0)) || fail "queue $q: the rx source wrote nothing"
		check_eq "$(ethtool_stat "$NS0" vx1 "rx_queue_${q}_drops")" \
			"$(snap_get "${S[$NS0:vx1]}" "rx_queue_${q}_drops")" \
			"vx1 rx_queue_${q}_drops"
	done
	check_eq "$(ethtool_stat "$NS0" vx0 rx_queue_1_xsk_tx_packets)" $n \
		"vx0 rx_queue_1_xsk_tx_packets"
	for kv in packets=$n xdp_redirect=$n drops=0 xdp_redirect_errors=0; do
		check_eq "$(ethtool_stat "$NS0" vx1 "rx_queue_1_${kv%%=*}")" \
			"${kv#*=}" "vx1 rx_queue_1_${kv%%=*}"
	done
}

# Bad binds are refused and change nothing: a queue the device lacks, a
# second pool on a queue, chunks too small for the MTU's frames.
test_zc_bad_bind()
{
	local n=1000

	setup numtxqueues 2 numrxqueues 2 peer-numtxqueues 2 peer-numrxqueues 2
	steer vx1 0 1
	OUT=$(ip netns exec "$NS0" "$VXDP_XSK" --tx vx0 --rx vx1 --queue 5 \
		--frames 10 2>&1) && fail "bind to queue 5 of 2: $OUT"
	[[ "$OUT" == *"queue 5: bind (zero-copy): Invalid argument"* ]] ||
		fail "bind to queue 5: $OUT"
	# 4 KiB chunks less XDP's 256 bytes: 3840 < the 4018 bytes of MTU 4000
	must ip -n "$NS0" link set dev vx0 mtu 4000
	OUT=$(ip netns exec "$NS0" "$VXDP_XSK" --tx vx0 --rx vx1 \
		--frames 10 2>&1) && fail "chunks smaller than the MTU: $OUT"
	[[ "$OUT" == *"vx0 queue 0: bind (zero-copy): Invalid argument"* ]] ||
		fail "chunks smaller than the MTU: $OUT"
	# 6.1 asks the driver, which says why; 6.12 refuses such a bind in the
	# AF_XDP core already, without asking the driver (measured)
	if ! dmesg | grep -q "vx0: AF_XDP zero-copy on queue 0: 3840-byte frames (chunk size less headroom) cannot hold the 4018-byte frames of MTU 4000"; then
		[[ "$(printf '%s\n' 6.12 "$(uname -r)" | sort -V | head -n 1)" == 6.12 ]] ||
			fail "no kernel message for the small chunks"
	fi
	must ip -n "$NS0" link set dev vx0 mtu 1500
	# nothing changed: the queues carry traffic as before
	xsk --tx vx0 --rx vx1 --frames $n --len $LEN --queue 0 --queue 1
	check_dev "$NS0:vx0" $(zc_counts_tx $n $((n * LEN)) 0) \
		$(zc_counts_tx $n $((n * LEN)) 1)
	check_dev "$NS0:vx1" $(xsk_counts_rx $n $((n * LEN)) 0) \
		$(xsk_counts_rx $n $((n * LEN)) 1)
}

# A second socket binding zero-copy to a queue that has a pool: EBUSY.
test_zc_busy_queue()
{
	local pid

	setup
	ip netns exec "$NS0" "$VXDP_XSK" --tx vx0 --rx vx1 --frames 100000000 \
		--len $LEN >/dev/null 2>&1 &
	pid=$!
	slowwait 30 bash -c "ip netns exec $NS0 ethtool -S vx0 | grep -q 'rx_queue_0_xsk_tx_packets: [1-9]'" ||
		fail "first socket sends nothing"
	kill -0 "$pid" || fail "the first socket's vxdp_xsk ended"
	OUT=$(ip netns exec "$NS0" "$VXDP_XSK" --tx vx0 --rx vx1 --frames 10 2>&1) &&
		fail "second bind: $OUT"
	[[ "$OUT" == *"bind (zero-copy): Device or resource busy"* ]] ||
		fail "second bind: $OUT"
	kill "$pid"
	wait "$pid" || true
}

# Under zero-copy traffic both ways: close a socket (kill), then delete the
# device with the other side's sockets still bound. No splat (the VM's
# console is checked), the pair is gone.
test_zc_teardown()
{
	local pid

	setup
	ip netns exec "$NS0" "$VXDP_XSK" --tx vx0 --rx vx1 --frames 100000000 \
		--len $LEN >/dev/null 2>&1 &
	pid=$!
	slowwait 30 bash -c "ip netns exec $NS0 ethtool -S vx1 | grep -q 'rx_queue_0_xdp_redirect: [1-9]'" ||
		fail "no traffic"
	kill -9 "$pid"
	wait "$pid"
	ip netns exec "$NS0" "$VXDP_XSK" --tx vx1 --rx vx0 --frames 100000000 \
		--len $LEN >/dev/null 2>&1 &
	pid=$!
	slowwait 30 bash -c "ip netns exec $NS0 ethtool -S vx0 | grep -q 'rx_queue_0_xdp_redirect: [1-9]'" ||
		fail "no traffic"
	must ip -n "$NS0" link del vx0
	kill -9 "$pid"
	wait "$pid"
	! dev_exists "$NS0" vx1 || fail "vx1 still exists"
}

# An offloaded program on vx1 runs on its zero-copy queue before the
# native one, as on page_pool rings: XDP_PASS hands every frame on to the
# socket (byte for byte), XDP_DROP drops them in the device (the socket
# and the native program see none), XDP_TX sends them back to vx0, whose
# queue 0 (the sending socket's pool, no fill ring) has no buffer for them
test_zc_offload()
{
	local n=2000 b=$((2000 * LEN)) obj=offload_verdicts.bpf.o

	xdp_require $obj
	setup
	off_attach "$NS0" vx1 $obj off_pass
	xsk --tx vx0 --rx vx1 --frames $n --len $LEN
	check_xsk_stats rx 0
	check_dev "$NS0:vx0" $(zc_counts_tx $n $b 0)
	check_dev "$NS0:vx1" $(xsk_counts_rx $n $b 0) \
		$(off_counts $n pass $((2 * n)))

	off_attach "$NS0" vx1 $obj off_drop
	snap_devs "$NS0:vx0" "$NS0:vx1"
	xsk --tx vx0 --rx vx1 --frames $n --len $LEN --lossy
	check_eq "$(received 0)" 0 "frames at the socket"
	check_xsk_stats rx 0
	check_dev "$NS0:vx0" $(zc_counts_tx $n $b 0)
	check_dev "$NS0:vx1" $(rx_counts $n $b) $(off_counts $n drop $((2 * n))) \
		$(xdp_dropped_counts $n)

	off_attach "$NS0" vx1 $obj off_tx
	snap_devs "$NS0:vx0" "$NS0:vx1"
	xsk --tx vx0 --rx vx1 --frames $n --len $LEN --lossy
	check_eq "$(received 0)" 0 "frames at the socket"
	slowwait 30 stat_reaches "$NS0" vx0 rx_queue_0_drops \
		$(($(snap_get "${S[$NS0:vx0]}" rx_queue_0_drops) + n)) ||
		fail "vx0: $(stat_delta "$NS0" vx0 rx_queue_0_drops) of $n frames back"
	check_dev "$NS0:vx0" $(zc_counts_tx $n $b 0) rx_queue_0_drops=$n \
		$(dropped_counts $n)
	check_dev "$NS0:vx1" $(rx_counts $n $b) $(off_counts $n tx $((2 * n))) \
		$(ring_counts $n $b)
}

# stat NS DEV NAME: an ethtool counter's change since setup's snapshot
stat_delta()
{
	echo $(($(ethtool_stat "$1" "$2" "$3") - $(snap_get "${S[$1:$2]}" "$3")))
}

# Live reconfiguration of vx1 (2 queues, a zero-copy socket on queue 0)
# under zero-copy traffic from vx0: ethtool -G, then -L down to the pool's
# queue. The program and the pool stay, traffic resumes after each
# restart; what vx0 sent vx1 received or counted as dropped (the wire met
# the queue down, or frames were left in the ring when it closed), and
# every frame vx1 redirected reached the socket intact and in order.
test_zc_reconfigure()
{
	local pid prog sent redir out

	out=$(mktemp)

	setup numtxqueues 2 numrxqueues 2 peer-numtxqueues 2 peer-numrxqueues 2
	steer vx1 0
	ip netns exec "$NS0" "$VXDP_XSK" --tx vx0 --rx vx1 --lossy \
		--frames 1000000000 --len $LEN >"$out" 2>&1 &
	pid=$!
	wait_redirects 1000
	prog=$(xdp_prog_id "$NS0" vx1)
	must ip netns exec "$NS0" ethtool -G vx1 rx 1024 tx 1024
	wait_redirects $(($(stat_delta "$NS0" vx1 rx_queue_0_xdp_redirect) + 1000))
	must ip netns exec "$NS0" ethtool -L vx1 rx 1 tx 1
	wait_redirects $(($(stat_delta "$NS0" vx1 rx_queue_0_xdp_redirect) + 1000))
	check_eq "$(xdp_prog_id "$NS0" vx1)" "$prog" "vx1's program"
	kill -TERM "$pid"
	wait "$pid" || fail "vxdp_xsk: $(cat "$out")"
	OUT=$(cat "$out")
	rm -f "$out"
	log "$OUT"
	sent=$(awk '$1 == "queue" && $2 == 0 { print $4 }' <<<"$OUT")
	check_eq "$(stat_delta "$NS0" vx0 rx_queue_0_xsk_tx_packets)" "$sent" \
		"vx0 xsk_tx_packets"
	slowwait 30 rx_accounts "$sent" ||
		fail "vx1: $(stat_delta "$NS0" vx1 rx_queue_0_packets) received + $(stat_delta "$NS0" vx1 rx_queue_0_drops) dropped != $sent sent"
	redir=$(stat_delta "$NS0" vx1 rx_queue_0_xdp_redirect)
	check_eq "$(received 0)" "$redir" "frames at the socket"
	check_eq "$(stat_delta "$NS0" vx1 rx_queue_0_xdp_redirect_errors)" 0 \
		"vx1 xdp_redirect_errors"
	check_eq "$(stat_delta "$NS0" vx1 rx_queue_0_xdp_packets)" "$redir" \
		"vx1 xdp_packets"
	log "sent $sent, received $redir, dropped $(stat_delta "$NS0" vx1 rx_queue_0_drops) during the restarts"
}

wait_redirects()
{
	slowwait 60 stat_reaches "$NS0" vx1 rx_queue_0_xdp_redirect \
		$(($(snap_get "${S[$NS0:vx1]}" rx_queue_0_xdp_redirect) + $1)) ||
		fail "vx1: traffic does not flow ($(stat_delta "$NS0" vx1 rx_queue_0_xdp_redirect) redirected)"
}

# rx_accounts SENT: vx1 received or dropped (counted) all SENT frames
rx_accounts()
{
	(($(stat_delta "$NS0" vx1 rx_queue_0_packets) +
	  $(stat_delta "$NS0" vx1 rx_queue_0_drops) == $1))
}

vxdp_init
xdp_run_tests \
	"zero-copy: 100000 frames each way, every byte and counter" test_zc \
	"copy mode: 100000 frames each way, every byte and counter" test_copy \
	"zero-copy with poll(): 20000 frames of 1000 bytes" test_zc_poll \
	"zero-copy, unaligned chunks, 128 B headroom: 20000 frames" test_zc_unaligned_headroom \
	"zero-copy: fill ring empty, the rest dropped and counted" test_zc_fill_empty \
	"zero-copy queue without buffers: stack tx to it not stopped, woken after" test_zc_no_buffers_stack_tx \
	"zero-copy: rx ring full, counted by socket and device" test_zc_rx_ring_full \
	"zero-copy: invalid tx descriptors counted and skipped" test_zc_invalid_tx \
	"zero-copy: two sockets on two queues" test_zc_two_queues \
	"zero-copy on queue 1 of 4, rx source on 0, 2, 3 loses nothing" test_zc_one_queue_of_four \
	"ntuple rule: UDP port 5003 to queue 3, its zero-copy socket gets exactly it" test_zc_ntuple_queue3 \
	"zero-copy: bad binds refused, nothing changed" test_zc_bad_bind \
	"zero-copy: second pool on a queue refused (EBUSY)" test_zc_busy_queue \
	"zero-copy: socket closed, device deleted under traffic" test_zc_teardown \
	"zero-copy under ethtool -G and -L: program, pool kept, every frame counted" test_zc_reconfigure \
	"zero-copy with an offloaded program: pass, drop, tx, every counter" test_zc_offload
