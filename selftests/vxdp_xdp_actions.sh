#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Native XDP verdicts on a vxdp pair, vx0 in netns ns0 <-> vx1 in netns ns1:
# pktgen sends 10000 frames from vx0, vx1 runs the program; every counter of
# both devices and the IPv4 counters of both netns must change by exactly
# what the verdicts imply (and nothing else), xdp_packets = sum of verdicts.
# Also: XDP_TX to a peer with and without a program, or down, on another
# queue pair; the xdp:xdp_exception tracepoint. (Attach, detach, MTU
# limits: vxdp_xdp_attach.sh.)

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

N=10000
SIZE=100
BYTES=$((N * SIZE))
OBJ=xdp_actions.bpf.o

# setup [vxdp_link options...]: vx0 (ns0) <-> vx1 (ns1), quiet, up
setup()
{
	xdp_require "$OBJ" xdp_redirect.bpf.o
	setup_pair_ns "$@"
}


test_pass()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_pass
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_pass=$N
	# passed up to the stack: all of them reached IPv4
	check_ns1 $(stack_counts $N)
	check_ns0
	check_seen $N
	check_xdp_sum "$NS1" vx1
}

test_drop()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_drop
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_drop=$N $(xdp_dropped_counts $N)
	check_ns1
	check_ns0
	check_seen $N
	check_xdp_sum "$NS1" vx1
}

# XDP_TX: the frames go back out of vx1 (its XDP tx ring) to vx0, which
# has no XDP program and must get all of them (veth would drop them all:
# it needs a program on the peer); vx0's stack gets them.
test_tx_peer_without_prog()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_tx
	snap
	send $N $SIZE 0 wait_vx0 rx_queue_0_packets
	check_vx0 $(tx_counts $N $BYTES) $(rx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_tx=$N $(ring_counts $N $BYTES)
	check_ns0 $(stack_counts $N)
	check_ns1
	check_seen $N
	check_xdp_sum "$NS1" vx1
}

# the same with a program (XDP_PASS) on vx0: it runs on the returned frames
test_tx_peer_with_prog()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_tx
	xdp_attach "$NS0" vx0 "$OBJ" xdp_pass
	snap
	send $N $SIZE 0 wait_vx0 rx_queue_0_xdp_packets
	check_vx0 $(tx_counts $N $BYTES) $(rx_counts $N $BYTES) \
		$(xdp_counts $N $BYTES) rx_queue_0_xdp_pass=$N
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_tx=$N $(ring_counts $N $BYTES)
	check_ns0 $(stack_counts $N)
	check_ns1
	check_seen $N
	check_xdp_sum "$NS0" vx0
	check_xdp_sum "$NS1" vx1
}

# XDP_TX on queue pair 1 of 2: the frames come in on vx1's rx queue 1, go
# out of its XDP tx ring 1 and arrive on vx0's rx queue 1 (ntuple rules on
# both put the flow there; sent from vx0's tx queue 1)
test_tx_multiqueue()
{
	setup numtxqueues 2 numrxqueues 2 peer-numtxqueues 2 peer-numrxqueues 2
	must ip netns exec "$NS1" ethtool -N vx1 flow-type udp4 dst-port 9 action 1
	must ip netns exec "$NS0" ethtool -N vx0 flow-type udp4 dst-port 9 action 1
	xdp_attach "$NS1" vx1 "$OBJ" xdp_tx
	snap
	send $N $SIZE 1 wait_vx0 rx_queue_1_packets
	check_vx0 $(tx_counts $N $BYTES 1) $(rx_counts $N $BYTES 1)
	check_vx1 $(rx_counts $N $BYTES 1) $(xdp_counts $N $BYTES 1) \
		rx_queue_1_xdp_tx=$N $(ring_counts $N $BYTES 1)
	check_ns0 $(stack_counts $N)
	check_ns1
	check_xdp_sum "$NS1" vx1
}

# XDP_TX towards a peer that is down: the frames leave vx1's XDP ring and
# the peer's rx queue, down, drops and counts them. The frames come from
# vx1's built-in rx source (pktgen cannot send from a device that is down).
test_tx_peer_down()
{
	local len=60

	setup
	rx_source_require
	xdp_attach "$NS1" vx1 "$OBJ" xdp_tx
	must ip -n "$NS0" link set dev vx0 down
	snap
	rx_source "$NS1" "vx1 0 $N $len"
	wait_vx0 rx_queue_0_drops $N
	rx_source_wait "$NS1" vx1 0 $N
	check_vx1 $(rx_counts $N $((N * len))) $(xdp_counts $N $((N * len))) \
		rx_queue_0_xdp_tx=$N $(ring_counts $N $((N * len)))
	check_vx0 rx_queue_0_drops=$N $(dropped_counts $N)
	check_ns0
	check_ns1
	check_seen $N
}

# The rx source runs like a NIC's DMA engine (rx_source.c): a kthread on a
# CPU other than the queue's interrupt CPU writes the frames; NAPI and the
# program run on the interrupt CPU only, at most a poll's budget (64) per
# poll; the engine waits for room instead of overrunning the ring, so the
# wire drops nothing; and the run reports both sides' time.
test_rx_source_engine()
{
	local len=60 line map
	local cpu irq polls napi_ns src_ns

	setup
	rx_source_require
	(($(nproc) == 2)) || skip "needs 2 CPUs (the program counts per CPU)"
	xdp_attach "$NS1" vx1 "$OBJ" xdp_drop_cpu
	snap
	rx_source_run "$NS1" vx1 0 $N $len 60
	line=$(rx_source_line "$NS1" vx1 0)
	log "$line"
	[[ $line =~ \ cpu\ ([0-9]+)\ source_ns\ ([0-9]+)\ irq_cpu\ ([0-9]+)\ napi_polls\ ([0-9]+)\ napi_ns\ ([0-9]+)$ ]] ||
		fail "rx_source line: $line"
	cpu=${BASH_REMATCH[1]} src_ns=${BASH_REMATCH[2]} irq=${BASH_REMATCH[3]}
	polls=${BASH_REMATCH[4]} napi_ns=${BASH_REMATCH[5]}
	check_ne "$cpu" "$irq" "engine CPU vs interrupt CPU"
	check_ge "$polls" $(((N + 63) / 64)) "NAPI polls (64 frames at most each)"
	check_ge "$napi_ns" 1 "NAPI ns"
	check_ge "$src_ns" 1 "engine busy ns"

	check_vx1 $(rx_counts $N $((N * len))) $(xdp_counts $N $((N * len))) \
		rx_queue_0_xdp_drop=$N $(xdp_dropped_counts $N)
	check_ns1
	check_ns0
	check_seen $N
	map=$(xdp_map_id "$NS1" vx1 xdp_seen) || fail "no xdp_seen map on vx1"
	check_eq "$(map_get "$map" $((2 + irq)))" $N "frames run on CPU $irq (interrupt)"
	check_eq "$(map_get "$map" $((2 + cpu)))" 0 "frames run on CPU $cpu (engine)"
}

# A run's engine stopped by the device going down, then by its deletion,
# in the middle of a run: the run ends, the queue comes back up and runs
# an exact run again, and nothing is left behind (no splat, the module
# unloads in vxdp_load.sh).
test_rx_source_stopped()
{
	local len=60 st map seen

	setup
	rx_source_require
	xdp_attach "$NS1" vx1 "$OBJ" xdp_drop
	rx_source "$NS1" "vx1 0 1000000000 $len"
	slowwait 30 rx_source_running "$NS1" vx1 0 ||
		fail "rx source: $(rx_source_state "$NS1" vx1 0)"
	must ip -n "$NS1" link set dev vx1 down
	read -r -a st <<<"$(rx_source_state "$NS1" vx1 0)"
	check_eq "${st[0]}" done "rx source state after vx1 went down"
	((st[1] < 1000000000)) || fail "rx source generated ${st[1]}: ran to its end"

	# up again: an exact run
	must ip -n "$NS1" link set dev vx1 up
	map=$(xdp_map_id "$NS1" vx1 xdp_seen) || fail "no xdp_seen map on vx1"
	seen=$(map_get "$map" 0)
	snap
	rx_source_run "$NS1" vx1 0 $N $len
	check_vx1 $(rx_counts $N $((N * len))) $(xdp_counts $N $((N * len))) \
		rx_queue_0_xdp_drop=$N $(xdp_dropped_counts $N)
	check_eq "$(map_get "$map" 0)" $((seen + N)) "frames vx1's program ran on"

	# deleted while a run is on
	rx_source "$NS1" "vx1 0 1000000000 $len"
	slowwait 30 rx_source_running "$NS1" vx1 0 ||
		fail "rx source: $(rx_source_state "$NS1" vx1 0)"
	must ip -n "$NS1" link del dev vx1
	check_eq "$(rx_source_state "$NS1" vx1 0)" none "rx source of the deleted vx1"
}

# check_exceptions ACTION COUNT: the trace has COUNT xdp_exception events
# of vx1's program with ACTION, and nothing else
check_exceptions()
{
	local act=$1 count=$2 id ifindex lines

	id=$(xdp_prog_id "$NS1" vx1)
	ifindex=$(dev_ifindex "$NS1" vx1)
	check_trace_complete
	lines=$(trace_lines)
	check_eq "$(grep -c "xdp_exception: prog_id=$id action=$act ifindex=$ifindex\$" <<<"$lines")" \
		"$count" "xdp_exception events of vx1 with action=$act"
	check_eq "$(grep -c . <<<"$lines")" "$count" "trace events in all"
}

# check_aborting PROG ACTION: every frame PROG returns its verdict for is
# dropped and counted as aborted, and traced on xdp:xdp_exception with
# ACTION as the tracepoint prints it
check_aborting()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" "$1"
	snap
	trace_start xdp/xdp_exception
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	trace_stop
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_aborted=$N $(xdp_dropped_counts $N)
	check_ns1
	check_ns0
	check_seen $N
	check_xdp_sum "$NS1" vx1
	check_exceptions "$2" $N
}

# XDP_ABORTED: dropped, counted, and reported on xdp:xdp_exception
test_aborted()
{
	check_aborting xdp_aborted ABORTED
}

# a verdict out of enum xdp_action: handled as XDP_ABORTED, reported with
# the verdict the program returned (__print_symbolic() of an unknown
# value: hex)
test_invalid_action()
{
	check_aborting xdp_invalid 0x2a
}

# XDP_REDIRECT to an ifindex that does not exist: redirect_errors, dropped,
# and an xdp_exception with action REDIRECT
test_redirect_error()
{
	local cfg

	setup
	xdp_attach "$NS1" vx1 xdp_redirect.bpf.o xdp_redirect_ifindex
	cfg=$(xdp_map_id "$NS1" vx1 redirect_cfg) || fail "no redirect_cfg map"
	map_set_u32 "$cfg" 0 1000000
	snap
	trace_start xdp/xdp_exception
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	trace_stop
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_redirect_errors=$N $(xdp_dropped_counts $N)
	check_ns1
	check_ns0
	check_seen $N
	check_xdp_sum "$NS1" vx1
	check_exceptions REDIRECT $N
}

# wait_mix SENT: vx1 ran its program on SENT frames, vx0 got SENT / 5 back
wait_mix()
{
	wait_vx1 rx_queue_0_xdp_packets "$1"
	wait_vx0 rx_queue_0_packets $(($1 / 5))
}

# frame i gets verdict i % 5: PASS, DROP, TX, ABORTED, invalid
test_mixed_verdicts()
{
	local k=$((N / 5)) kb=$((N / 5 * SIZE))

	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_mix
	snap
	send $N $SIZE 0 wait_mix
	check_vx0 $(tx_counts $N $BYTES) $(rx_counts $k $kb)
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_pass=$k rx_queue_0_xdp_drop=$k \
		rx_queue_0_xdp_tx=$k rx_queue_0_xdp_aborted=$((2 * k)) \
		$(xdp_dropped_counts $((3 * k))) $(ring_counts $k $kb)
	check_ns1 $(stack_counts $k)
	check_ns0 $(stack_counts $k)
	check_seen $N
	check_xdp_sum "$NS1" vx1
}




vxdp_init
xdp_run_tests \
	"XDP_PASS: 10000 frames reach the stack, counted exactly" test_pass \
	"XDP_DROP: 10000 frames dropped, counted exactly" test_drop \
	"XDP_TX to a peer without a program: all 10000 arrive back" test_tx_peer_without_prog \
	"XDP_TX to a peer with a program: all 10000 arrive back" test_tx_peer_with_prog \
	"XDP_TX on queue pair 1: rx queue 1 -> XDP ring 1 -> peer rx queue 1" test_tx_multiqueue \
	"XDP_TX to a peer that is down: counted as drops by the peer" test_tx_peer_down \
	"rx source: engine on its own CPU, NAPI on the interrupt CPU, no drop" test_rx_source_engine \
	"rx source stopped by its device going down or deleted mid-run" test_rx_source_stopped \
	"XDP_ABORTED: dropped, counted, xdp_exception events" test_aborted \
	"out-of-range verdict: handled as aborted, xdp_exception events" test_invalid_action \
	"XDP_REDIRECT to a missing device: redirect_errors, xdp_exception" test_redirect_error \
	"mixed verdicts: xdp_packets = sum of the verdicts, exact" test_mixed_verdicts
