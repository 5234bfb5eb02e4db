#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Generic (skb) mode XDP on vxdp, and vxdp as the egress of generic XDP:
#  - ip link set ... xdpgeneric obj ...: attach, report, detach
#  - native and generic exclude each other (the kernel's extack); detaching
#    one mode leaves the other alone; ip -d link tells the modes apart
#  - XDP_TX in generic mode goes out through ndo_start_xmit (stack tx queue
#    counters), nothing through the driver's XDP path
#  - generic XDP has no MTU limit: jumbo frames (several rx buffers) reach
#    the program linearized and can be sent back
#  (vxdp as the target of xdp_do_generic_redirect(): vxdp_generic_redirect.sh)
#  (pktgen into vxdp with a generic program: vxdp_generic_pktgen.sh)

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/equiv_lib.sh"

PIN=/sys/fs/bpf/vxdp_generic

NATIVE_GENERIC_MSG="Native and generic XDP can't be active at the same time"

# a pair vx0 ($NS0) - vx1 ($NS1), quiet, up; vxdp_link options
generic_pair()
{
	setup_ns NS0 NS1
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1 peer-netns "$NS1" "$@"
	quiet_dev "$NS0" vx0 $MAC_VX0
	quiet_dev "$NS1" vx1 $MAC_VX1
	must ip -n "$NS0" link set vx0 up
	must ip -n "$NS1" link set vx1 up
}

# xdp_shown NS DEV xdp|xdpgeneric ID: "ip link show" and "ip -d link show"
# name the mode on the first line and the program on a "prog/xdp id" line;
# "ip -j" reports the mode number of the one attached program
xdp_shown()
{
	local ns=$1 dev=$2 kw=$3 id=$4 out d mode

	for d in "" -d; do
		out=$(ip -n "$ns" $d link show dev "$dev")
		head -n 1 <<<"$out" | grep -q " $kw qdisc " ||
			fail "ip $d link show: no '$kw' on: $(head -n 1 <<<"$out")"
		grep -q "prog/xdp id $id " <<<"$out" ||
			fail "ip $d link show: no 'prog/xdp id $id' in: $(tr '\n' '|' <<<"$out")"
	done
	mode=$([[ $kw == xdp ]] && echo 1 || echo 2)
	out=$(ip -n "$ns" -d -j link show dev "$dev" |
	      jq -r '.[0].xdp.attached | map("\(.mode):\(.prog.id)") | join(" ")')
	check_eq "$out" "$mode:$id" "ip -j: attached programs (mode:id)"
}

test_ip_xdpgeneric()
{
	local id out seen

	generic_pair
	must ip -n "$NS1" link set dev vx1 xdpgeneric obj \
		"$(corpus_obj corpus_pass)" sec xdp
	id=$(xdp_prog_id "$NS1" vx1)
	[[ "$id" =~ ^[0-9]+$ ]] || fail "no XDP program id on vx1"
	check_eq "$(xdp_mode "$NS1" vx1)" 2 "IFLA_XDP_ATTACHED (2 = generic)"
	xdp_shown "$NS1" vx1 xdpgeneric "$id"
	check_eq "$(bpftool -j prog show id "$id" | jq -r .type)" xdp "program type"

	# frames reach the program, in the stack's receive path, not the driver
	must ip netns exec "$NS0" "$XDP_EQUIV" inject --dev vx0 --dut vx1 \
		--dst-mac $MAC_VX1 --count 300
	slowwait 10 eval '[[ "$(bss_counter "$NS1" vx1 seen)" == 300 ]]' ||
		fail "generic program saw $(bss_counter "$NS1" vx1 seen) of 300 frames"
	check_eq "$(bss_counter "$NS1" vx1 pass)" 300 "XDP_PASS verdicts"
	check_eq "$(eth "$NS1" vx1 rx_queue_0_packets)" 300 "vx1 rx_queue_0_packets"
	check_eq "$(eth "$NS1" vx1 rx_queue_0_xdp_packets)" 0 \
		"vx1 rx_queue_0_xdp_packets (native XDP path unused)"

	must ip -n "$NS1" link set dev vx1 xdpgeneric off
	check_eq "$(xdp_mode "$NS1" vx1)" 0 "XDP mode after xdpgeneric off"
	check_eq "$(xdp_prog_id "$NS1" vx1)" "" "program after xdpgeneric off"
	bpftool prog show id "$id" >/dev/null 2>&1 &&
		fail "program $id still loaded after detach"
	return 0
}

test_mode_rules()
{
	local nid gid out

	generic_pair

	# native first: generic is refused, in every way of asking
	must ip -n "$NS1" link set dev vx1 xdpdrv obj "$(corpus_obj corpus_pass)" sec xdp
	nid=$(xdp_prog_id "$NS1" vx1)
	check_eq "$(xdp_mode "$NS1" vx1)" 1 "IFLA_XDP_ATTACHED (1 = native)"
	xdp_shown "$NS1" vx1 xdp "$nid"
	must_fail_msg "$NATIVE_GENERIC_MSG" \
		ip -n "$NS1" link set dev vx1 xdpgeneric obj "$(corpus_obj corpus_drop)" sec xdp
	check_eq "$(xdp_prog_id "$NS1" vx1)" "$nid" "native program after refused generic"
	check_eq "$(xdp_mode "$NS1" vx1)" 1 "mode after refused generic"
	# detaching generic (none) leaves native alone
	must ip -n "$NS1" link set dev vx1 xdpgeneric off
	check_eq "$(xdp_prog_id "$NS1" vx1)" "$nid" "native program after xdpgeneric off"
	must ip -n "$NS1" link set dev vx1 xdpdrv off
	check_eq "$(xdp_mode "$NS1" vx1)" 0 "mode after xdpdrv off"

	# generic first: native is refused, explicitly or by default mode
	must ip -n "$NS1" link set dev vx1 xdpgeneric obj "$(corpus_obj corpus_pass)" sec xdp
	gid=$(xdp_prog_id "$NS1" vx1)
	xdp_shown "$NS1" vx1 xdpgeneric "$gid"
	must_fail_msg "$NATIVE_GENERIC_MSG" \
		ip -n "$NS1" link set dev vx1 xdpdrv obj "$(corpus_obj corpus_drop)" sec xdp
	must_fail_msg "$NATIVE_GENERIC_MSG" \
		ip -n "$NS1" link set dev vx1 xdp obj "$(corpus_obj corpus_drop)" sec xdp
	check_eq "$(xdp_prog_id "$NS1" vx1)" "$gid" "generic program after refused native"
	check_eq "$(xdp_mode "$NS1" vx1)" 2 "mode after refused native"
	# detaching native (none) leaves generic alone, also by default mode
	must ip -n "$NS1" link set dev vx1 xdpdrv off
	must ip -n "$NS1" link set dev vx1 xdp off
	check_eq "$(xdp_prog_id "$NS1" vx1)" "$gid" "generic program after xdpdrv/xdp off"
	check_eq "$(xdp_mode "$NS1" vx1)" 2 "mode after xdpdrv/xdp off"
	# replacing the generic program (-force: ip asks for "only if none"
	# by default, "XDP program already attached") keeps it generic
	must_fail_msg "XDP program already attached" \
		ip -n "$NS1" link set dev vx1 xdpgeneric obj "$(corpus_obj corpus_drop)" sec xdp
	must ip -force -n "$NS1" link set dev vx1 xdpgeneric obj "$(corpus_obj corpus_drop)" sec xdp
	[[ "$(xdp_prog_id "$NS1" vx1)" != "$gid" ]] || fail "generic program not replaced"
	check_eq "$(xdp_mode "$NS1" vx1)" 2 "mode after replacing generic"
	must ip -n "$NS1" link set dev vx1 xdpgeneric off
	check_eq "$(xdp_mode "$NS1" vx1)" 0 "mode after xdpgeneric off"

	# the peer is independent: native on one end, generic on the other
	must ip -n "$NS0" link set dev vx0 xdpdrv obj "$(corpus_obj corpus_pass)" sec xdp
	must ip -n "$NS1" link set dev vx1 xdpgeneric obj "$(corpus_obj corpus_pass)" sec xdp
	check_eq "$(xdp_mode "$NS0" vx0) $(xdp_mode "$NS1" vx1)" "1 2" "modes of vx0 vx1"
	return 0
}

test_generic_tx()
{
	local tx n=400

	rm -rf "$PIN"*
	equiv_setup
	must "$XDP_EQUIV" attach --netns "$EQ" --dev vx1 --mode generic \
		--obj "$(corpus_obj corpus_swap_tx)" --pin "$PIN"
	must eqx "$XDP_EQUIV" inject --dev vx0 --count $n
	slowwait 10 eval '[[ "$(prog_counter $PIN seen)" == $n ]]' ||
		fail "program saw $(prog_counter $PIN seen) of $n frames"
	tx=$(prog_counter $PIN tx)
	log "generic XDP_TX of $tx of $n frames"
	check_ge "$tx" 100 "XDP_TX verdicts"
	slowwait 10 eval '[[ "$(eth "$EQ" vx0 rx_queue_0_packets)" == $tx ]]' ||
		fail "vx0 received $(eth "$EQ" vx0 rx_queue_0_packets) of $tx frames sent back"
	check_eq "$(eth "$EQ" vx1 tx_queue_0_packets)" "$tx" "vx1 tx_queue_0_packets"
	check_eq "$(eth "$EQ" vx1 tx_queue_0_drops)" 0 "vx1 tx_queue_0_drops"
	check_eq "$(eth "$EQ" vx1 rx_queue_0_xdp_tx)" 0 "vx1 rx_queue_0_xdp_tx (driver path)"
	check_eq "$(eth "$EQ" vx1 rx_queue_0_xdp_ring_packets)" 0 "vx1 XDP ring"
	check_eq "$(sys_stat "$EQ" vx1 tx_packets)" "$tx" "vx1 tx_packets"
	check_eq "$(eth "$EQ" vx0 rx_queue_0_drops)" 0 "vx0 rx_queue_0_drops"
	rm -rf "$PIN"
}

test_generic_jumbo()
{
	local out

	rm -rf "$PIN"*
	generic_pair mtu 9000 peer-mtu 9000
	must ip -n "$NS0" addr add 10.99.8.1/24 dev vx0
	must ip -n "$NS1" addr add 10.99.8.2/24 dev vx1
	# native XDP refuses frames beyond one rx buffer, generic does not
	out=$(ip -n "$NS1" link set dev vx1 xdpdrv obj "$(corpus_obj corpus_pass)" sec xdp 2>&1) &&
		fail "native XDP attached with MTU 9000"
	grep -q "MTU too large for XDP" <<<"$out" ||
		fail "native XDP with MTU 9000: unexpected error: $out"
	must "$XDP_EQUIV" attach --netns "$NS1" --dev vx1 --mode generic \
		--obj "$(corpus_obj corpus_swap_tx)" --tgt vx1 --tgt6 vx1 --pin "$PIN"
	# the reflector sends the 8000-byte echo requests back, and vx0's
	# replies too: the ping is answered by vx0 itself through vx1
	out=$(ip netns exec "$NS0" ping -c 3 -i 0.2 -W 3 -M do -s 8000 10.99.8.2 2>&1)
	grep -q "3 packets transmitted, 3 received" <<<"$out" ||
		{ printf '%s\n' "$out" | sed 's/^/#   /'; fail "jumbo ping through generic XDP_TX"; }
	check_ge "$(prog_counter $PIN max_len)" 8042 "largest frame the program saw"
	check_ge "$(prog_counter $PIN tx)" 6 "XDP_TX verdicts"
	check_eq "$(eth "$NS1" vx1 tx_queue_0_drops)" 0 "vx1 tx_queue_0_drops"
	rm -rf "$PIN"
}

vxdp_init bpftool jq "$XDP_EQUIV"
ktap_run_tests \
	"ip link set xdpgeneric obj: attached, reported, detached" test_ip_xdpgeneric \
	"native and generic XDP exclude each other, detach independently" test_mode_rules \
	"generic XDP_TX leaves through ndo_start_xmit" test_generic_tx \
	"generic XDP on jumbo frames, beyond native's MTU limit" test_generic_jumbo
