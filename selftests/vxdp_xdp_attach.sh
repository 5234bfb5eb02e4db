#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Attaching native XDP to vxdp (vx0 in ns0 <-> vx1 in ns1): drv mode as ip
# link and bpftool show it, detach back to the plain path (XDP counters
# stop, frames reach the stack), the MTU limit of a program (attach refused
# above it, MTU capped while attached), a NIC reset (ethtool -L / -G)
# keeping the program, the other attach modes.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

N=10000
SIZE=100
BYTES=$((N * SIZE))
OBJ=xdp_actions.bpf.o
MTU_MSG="vxdp: MTU too large for XDP without frags support: frames must fit one rx buffer (load the program as xdp.frags for multi-buffer)"

# setup [vxdp_link options...]: vx0 (ns0) <-> vx1 (ns1), quiet, up
setup()
{
	xdp_require "$OBJ"
	setup_pair_ns "$@"
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

# after detach, frames take the plain path: no XDP counter moves, all
# reach the stack
test_detach()
{
	setup
	xdp_attach "$NS1" vx1 "$OBJ" xdp_drop
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	check_vx1 $(rx_counts $N $BYTES) $(xdp_counts $N $BYTES) \
		rx_queue_0_xdp_drop=$N $(xdp_dropped_counts $N)
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

# a native program needs frames that fit one rx buffer: attach is refused
# above the device's XDP MTU limit, and while a program is attached the
# MTU cannot go above it
test_mtu_limits()
{
	local max

	setup mtu 9000 peer-mtu 9000
	check_eq "$(link_json "$NS1" vx1 .max_mtu)" 9000 "max_mtu without a program"
	must_fail_msg "$MTU_MSG" \
		ip -n "$NS1" link set dev vx1 xdpdrv obj "$XDP_PROGS_DIR/$OBJ" program xdp_pass
	check_eq "$(xdp_prog_id "$NS1" vx1)" "" "program after the refused attach"
	check_eq "$(link_json "$NS1" vx1 .mtu)" 9000 "MTU after the refused attach"

	must ip -n "$NS1" link set dev vx1 mtu 1500
	xdp_attach "$NS1" vx1 "$OBJ" xdp_pass
	max=$(link_json "$NS1" vx1 .max_mtu)
	log "max_mtu with a program: $max"
	((max >= 1500 && max < 9000)) || fail "max_mtu with a program: $max"
	must_fail_msg "mtu greater than device maximum" \
		ip -n "$NS1" link set dev vx1 mtu 9000
	must_fail_msg "mtu greater than device maximum" \
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
	must_fail_msg "$MTU_MSG" \
		ip -n "$NS1" link set dev vx1 xdpdrv obj "$XDP_PROGS_DIR/$OBJ" program xdp_pass
	must ip -n "$NS1" link set dev vx1 mtu 9000
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
	# the flow on the new rx queue 1
	must ip netns exec "$NS1" ethtool -N vx1 flow-type udp4 dst-port 9 action 1
	snap
	PG_BATCH=2000 send $N $SIZE 1 wait_vx1 rx_queue_1_xdp_packets
	check_vx0 $(tx_counts $N $BYTES 1)
	check_vx1 $(rx_counts $N $BYTES 1) $(xdp_counts $N $BYTES 1) \
		rx_queue_1_xdp_drop=$N $(xdp_dropped_counts $N 1)
	check_seen $N
	check_xdp_sum "$NS1" vx1
}

# offload mode needs a program loaded for the device (vxdp_offload.sh
# tests the mode): a plain one is refused; generic (the core's skb mode)
# works but not together with a native program
test_other_modes()
{
	local id pin

	setup
	# a bpffs of our own: ip -n hides the one under /sys
	pin=$(mktemp -d)
	# expanded now: the trap runs when the subtest's subshell exits,
	# after this function's locals are gone
	trap "umount '$pin'; rmdir '$pin'" EXIT
	must mount -t bpf bpf "$pin"
	must_quiet bpftool prog load "$XDP_PROGS_DIR/$OBJ" "$pin/plain" type xdp
	must_fail_msg "vxdp: xdpoffload of a program not loaded for the device (load it with its ifindex)" \
		ip -n "$NS1" link set dev vx1 xdpoffload pinned "$pin/plain"
	rm -f "$pin/plain"
	check_eq "$(xdp_prog_id "$NS1" vx1)" "" "program after the offload attempt"

	xdp_attach "$NS1" vx1 "$OBJ" xdp_pass
	id=$(xdp_prog_id "$NS1" vx1)
	must_fail_msg "Native and generic XDP can't be active at the same time" \
		ip -n "$NS1" link set dev vx1 xdpgeneric obj "$XDP_PROGS_DIR/$OBJ" program xdp_drop
	check_eq "$(xdp_prog_id "$NS1" vx1)" "$id" "native program after the refused generic attach"
	check_eq "$(link_json "$NS1" vx1 .xdp.mode)" "$XDP_ATTACHED_DRV" "XDP mode"
	xdp_detach "$NS1" vx1

	# generic alone: the core's, with the device's own max_mtu
	must_quiet ip -n "$NS1" link set dev vx1 xdpgeneric \
		obj "$XDP_PROGS_DIR/$OBJ" program xdp_pass
	check_eq "$(link_json "$NS1" vx1 .xdp.mode)" 2 "IFLA_XDP_ATTACHED (2 = XDP_ATTACHED_SKB)"
	check_eq "$(link_json "$NS1" vx1 .max_mtu)" 9000 "max_mtu with a generic program"
	must_quiet ip -n "$NS1" link set dev vx1 xdpgeneric off
	check_eq "$(xdp_prog_id "$NS1" vx1)" "" "program after generic detach"
}

vxdp_init
xdp_run_tests \
	"native attach shows in ip link (drv mode, prog id) and detaches" test_drv_mode \
	"detach: back to the plain path, XDP counters stop" test_detach \
	"MTU limits: attach refused above the XDP MTU, MTU capped while attached" test_mtu_limits \
	"ethtool -L/-G with a program: kept, runs on the new queues" test_reconfigure \
	"offload of a plain program refused, generic not with native" test_other_modes
