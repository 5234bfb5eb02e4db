#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Native XDP verdicts on a vxdp pair, vx0 in netns ns0 <-> vx1 in netns ns1:
# pktgen sends 10000 frames from vx0, vx1 runs the program; every counter of
# both devices and the IPv4 counters of both netns must change by exactly
# what the verdicts imply (and nothing else), xdp_packets = sum of verdicts.
# Also: XDP_TX to a peer without a program, the xdp:xdp_exception
# tracepoint, detach, drv mode in ip link, MTU limits of attach.

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
	pktgen_load
	setup_ns NS0 NS1
	setup_xdp_pair "$NS0" "$NS1" vx0 vx1 "$@"
}

# snap: counters of both devices and both netns (S_VX0 S_VX1 S_NS0 S_NS1)
snap()
{
	S_VX0=$(xdp_stats "$NS0" vx0)
	S_VX1=$(xdp_stats "$NS1" vx1)
	S_NS0=$(ns_stats "$NS0")
	S_NS1=$(ns_stats "$NS1")
}

# send COUNT SIZE QUEUE WAIT_CMD...: pktgen frames from vx0 (tx queue
# QUEUE) to vx1, in batches, each waited for with WAIT_CMD (send_frames)
send()
{
	local count=$1 size=$2 queue=$3
	shift 3

	pktgen_setup "$NS0" vx0 "$size" "$(dev_mac "$NS1" vx1)" "$queue"
	send_frames "$count" "$@"
}

# wait_vx1 NAME SENT: vx1's counter NAME grew by SENT since snap
wait_vx1()
{
	wait_stat_delta "$NS1" vx1 "$1" "$S_VX1" "$2"
}

wait_vx0()
{
	wait_stat_delta "$NS0" vx0 "$1" "$S_VX0" "$2"
}

# check_vx0 NAME=VALUE...: counter changes of vx0 since snap
check_vx0()
{
	check_deltas "vx0" "$S_VX0" "$(xdp_stats "$NS0" vx0)" "$@"
}

check_vx1()
{
	check_deltas "vx1" "$S_VX1" "$(xdp_stats "$NS1" vx1)" "$@"
}

check_ns0()
{
	check_deltas "stack of ns0" "$S_NS0" "$(ns_stats "$NS0")" "$@"
}

check_ns1()
{
	check_deltas "stack of ns1" "$S_NS1" "$(ns_stats "$NS1")" "$@"
}

# check_seen COUNT: the program attached to vx1 ran COUNT times
check_seen()
{
	local map

	map=$(xdp_map_id "$NS1" vx1 xdp_seen) || fail "no xdp_seen map on vx1"
	check_eq "$(map_get "$map" 0)" "$1" "frames vx1's program ran on"
}

test_drv_mode()
{
	local id out

	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_pass
	id=$(xdp_prog_id "$NS1" vx1)
	[[ -n "$id" ]] || fail "no program id in ip -j link"
	check_eq "$(link_json "$NS1" vx1 .xdp.mode)" "$XDP_ATTACHED_DRV" \
		"IFLA_XDP_ATTACHED (1 = XDP_ATTACHED_DRV)"
	check_eq "$(link_json "$NS1" vx1 '.xdp.attached | length')" 1 \
		"number of attached programs"
	check_eq "$(link_json "$NS1" vx1 '.xdp.attached[0].mode')" \
		"$XDP_ATTACHED_DRV" "mode of the attached program"
	check_eq "$(link_json "$NS1" vx1 '.xdp.attached[0].prog.id')" "$id" \
		"id of the attached program"
	check_eq "$(link_json "$NS1" vx1 .xdp.prog.name)" xdp_pass "program name"
	out=$(ip -n "$NS1" -d link show dev vx1)
	grep -q "prog/xdp id $id name xdp_pass" <<<"$out" ||
		fail "ip -d link does not show 'prog/xdp id $id': $out"
	# "xdp" after the MTU: native mode (xdpgeneric, xdpoffload otherwise)
	head -n 1 <<<"$out" | grep -q " mtu 1500 xdp " ||
		fail "ip link does not show drv mode ('xdp'): $(head -n 1 <<<"$out")"
	check_eq "$(ip netns exec "$NS1" bpftool net show dev vx1 -j |
		    jq -r '.[0].xdp[0].mode')" driver "bpftool net: XDP mode"
	# the peer has no program
	check_eq "$(xdp_prog_id "$NS0" vx0)" "" "program on vx0"

	xdp_detach "$NS1" vx1
	check_eq "$(xdp_prog_id "$NS1" vx1)" "" "program after detach"
	out=$(ip -n "$NS1" -d link show dev vx1)
	! grep -q "prog/xdp" <<<"$out" || fail "ip -d link still shows a program: $out"
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
		rx_queue_0_xdp_drop=$N $(dropped_counts $N)
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
# out of its XDP tx ring 1 and arrive on vx0's rx queue 1
test_tx_multiqueue()
{
	setup numtxqueues 2 numrxqueues 2 peer-numtxqueues 2 peer-numrxqueues 2
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
	local src=/sys/kernel/debug/vxdp/rx_source len=60

	setup
	[[ -e $src ]] || skip "no $src"
	xdp_attach "$NS1" vx1 "$OBJ" xdp_tx
	must ip -n "$NS0" link set dev vx0 down
	snap
	xmust ip netns exec "$NS1" sh -c "echo 'vx1 0 $N $len' > $src"
	wait_vx0 rx_queue_0_drops $N
	slowwait 30 grep -q "^vx1 0 done generated $N " "$src" ||
		fail "rx source: $(cat "$src")"
	check_vx1 $(rx_counts $N $((N * len))) $(xdp_counts $N $((N * len))) \
		rx_queue_0_xdp_tx=$N $(ring_counts $N $((N * len)))
	check_vx0 rx_queue_0_drops=$N $(dropped_counts $N)
	check_ns0
	check_ns1
	check_seen $N
}

# a NIC reset (ethtool -L / -G: queues and rings rebuilt) keeps the program,
# which then runs on the new queues
test_reconfigure()
{
	local id

	setup numtxqueues 2 numrxqueues 2 peer-numtxqueues 2 peer-numrxqueues 2
	must ip netns exec "$NS1" ethtool -L vx1 rx 1 tx 1
	xdp_attach "$NS1" vx1 "$OBJ" xdp_drop
	id=$(xdp_prog_id "$NS1" vx1)
	must ip netns exec "$NS1" ethtool -L vx1 rx 2 tx 2
	must ip netns exec "$NS1" ethtool -G vx1 rx 2048 tx 2048
	check_eq "$(xdp_prog_id "$NS1" vx1)" "$id" "program after ethtool -L and -G"
	check_eq "$(link_json "$NS1" vx1 .xdp.mode)" "$XDP_ATTACHED_DRV" "XDP mode"
	check_ne "$(link_json "$NS1" vx1 .max_mtu)" 9000 "max_mtu with a program"
	slowwait 10 carrier_is "$NS0" vx0 1 || fail "vx0: no carrier after the reset"
	snap
	PG_BATCH=2000 send $N $SIZE 1 wait_vx1 rx_queue_1_xdp_packets
	check_vx0 $(tx_counts $N $BYTES 1)
	check_vx1 $(rx_counts $N $BYTES 1) $(xdp_counts $N $BYTES 1) \
		rx_queue_1_xdp_drop=$N $(dropped_counts $N)
	check_seen $N
	check_xdp_sum "$NS1" vx1
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

# XDP_ABORTED: dropped, counted, and reported on xdp:xdp_exception
test_aborted()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_aborted
	snap
	trace_start xdp/xdp_exception
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	trace_stop
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_aborted=$N $(dropped_counts $N)
	check_ns1
	check_ns0
	check_seen $N
	check_xdp_sum "$NS1" vx1
	check_exceptions ABORTED $N
}

# a verdict out of enum xdp_action: handled as XDP_ABORTED, reported with
# the verdict the program returned
test_invalid_action()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_invalid
	snap
	trace_start xdp/xdp_exception
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	trace_stop
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_aborted=$N $(dropped_counts $N)
	check_ns1
	check_ns0
	check_seen $N
	check_xdp_sum "$NS1" vx1
	# __print_symbolic() of an unknown value: hex
	check_exceptions 0x2a $N
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
		rx_queue_0_xdp_redirect_errors=$N $(dropped_counts $N)
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
		$(dropped_counts $((3 * k))) $(ring_counts $k $kb)
	check_ns1 $(stack_counts $k)
	check_ns0 $(stack_counts $k)
	check_seen $N
	check_xdp_sum "$NS1" vx1
}

# after detach, frames take the plain path: no XDP counter moves, all
# reach the stack
test_detach()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_drop
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_drop=$N $(dropped_counts $N)
	check_ns1

	xdp_detach "$NS1" vx1
	check_eq "$(xdp_prog_id "$NS1" vx1)" "" "program after detach"
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_packets
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES)
	check_ns1 $(stack_counts $N)
	check_ns0
}

# ip_fails_with MSG CMD...: CMD (ip) fails with exit status 2 and an
# "Error: ..." line that contains MSG
ip_fails_with()
{
	local msg=$1 out rc
	shift

	out=$("$@" 2>&1 >/dev/null)
	rc=$?
	((rc == 0)) && fail "'$*' succeeded, expected failure '$msg'"
	((rc == 2)) || fail "'$*': exit status $rc, expected 2 (output: $out)"
	grep -q "^Error: .*$msg" <<<"$out" ||
		fail "'$*': message '$out', expected 'Error: ...$msg...'"
	log "as expected: $out"
}

# a native program needs frames that fit one rx buffer: attach is refused
# above the device's XDP MTU limit, and while a program is attached the
# MTU cannot go above it
test_mtu_limits()
{
	local max

	setup mtu 9000 peer-mtu 9000
	check_eq "$(link_json "$NS1" vx1 .max_mtu)" 9000 "max_mtu without a program"
	ip_fails_with "MTU too large for XDP" \
		ip -n "$NS1" link set dev vx1 xdpdrv obj "$XDP_PROGS_DIR/$OBJ" program xdp_pass
	check_eq "$(xdp_prog_id "$NS1" vx1)" "" "program after the refused attach"
	check_eq "$(link_json "$NS1" vx1 .mtu)" 9000 "MTU after the refused attach"

	must ip -n "$NS1" link set dev vx1 mtu 1500
	xdp_attach "$NS1" vx1 "$OBJ" xdp_pass
	max=$(link_json "$NS1" vx1 .max_mtu)
	log "max_mtu with a program: $max"
	((max >= 1500 && max < 9000)) || fail "max_mtu with a program: $max"
	ip_fails_with "mtu greater than device maximum" \
		ip -n "$NS1" link set dev vx1 mtu 9000
	ip_fails_with "mtu greater than device maximum" \
		ip -n "$NS1" link set dev vx1 mtu $((max + 1))
	check_eq "$(link_json "$NS1" vx1 .mtu)" 1500 "MTU after the refused changes"
	must ip -n "$NS1" link set dev vx1 mtu "$max"

	# the largest frames go through XDP, one buffer each
	snap
	send 1000 $((max + 14)) 0 wait_vx1 rx_queue_0_xdp_packets
	check_vx1 $(rx_counts 1000 $((1000 * (max + 14)))) \
		$(xdp_counts 1000 $((1000 * (max + 14)))) rx_queue_0_xdp_pass=1000
	check_ns1 $(stack_counts 1000)

	# attach at exactly the limit works, one above does not
	xdp_detach "$NS1" vx1
	check_eq "$(link_json "$NS1" vx1 .max_mtu)" 9000 "max_mtu after detach"
	xdp_attach "$NS1" vx1 "$OBJ" xdp_pass
	xdp_detach "$NS1" vx1
	must ip -n "$NS1" link set dev vx1 mtu $((max + 1))
	ip_fails_with "MTU too large for XDP" \
		ip -n "$NS1" link set dev vx1 xdpdrv obj "$XDP_PROGS_DIR/$OBJ" program xdp_pass
	must ip -n "$NS1" link set dev vx1 mtu 9000
}

vxdp_init
xdp_run_tests \
	"native attach shows in ip link (drv mode, prog id) and detaches" test_drv_mode \
	"XDP_PASS: 10000 frames reach the stack, counted exactly" test_pass \
	"XDP_DROP: 10000 frames dropped, counted exactly" test_drop \
	"XDP_TX to a peer without a program: all 10000 arrive back" test_tx_peer_without_prog \
	"XDP_TX to a peer with a program: all 10000 arrive back" test_tx_peer_with_prog \
	"XDP_TX on queue pair 1: rx queue 1 -> XDP ring 1 -> peer rx queue 1" test_tx_multiqueue \
	"XDP_TX to a peer that is down: counted as drops by the peer" test_tx_peer_down \
	"ethtool -L/-G with a program: kept, runs on the new queues" test_reconfigure \
	"XDP_ABORTED: dropped, counted, xdp_exception events" test_aborted \
	"out-of-range verdict: handled as aborted, xdp_exception events" test_invalid_action \
	"XDP_REDIRECT to a missing device: redirect_errors, xdp_exception" test_redirect_error \
	"mixed verdicts: xdp_packets = sum of the verdicts, exact" test_mixed_verdicts \
	"detach: back to the plain path, XDP counters stop" test_detach \
	"MTU limits: attach refused above the XDP MTU, MTU capped while attached" test_mtu_limits
