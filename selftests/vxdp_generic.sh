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
#  - vxdp as the target of xdp_do_generic_redirect(): from a veth whose
#    generic program forwards a local TCP sender's GSO super-packets and
#    UDP_SEGMENT GSO datagrams (vxdp segments them), and from another vxdp
#  - pktgen's shared skbs into vxdp's peer with a generic program on vxdp
#    (PASS, TX, REDIRECT; the sequence that panics veth on 6.1): vxdp copies
#    every frame, so the program only ever sees vxdp's own skbs; counters
#    account for every frame

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

eth()
{
	ethtool_stat "$1" "$2" "$3"
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
	# replacing the generic program keeps it generic
	must ip -n "$NS1" link set dev vx1 xdpgeneric obj "$(corpus_obj corpus_drop)" sec xdp
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
	must "$XDP_EQUIV" attach --netns "$NR" --dev vB --mode generic \
		--obj "$(corpus_obj corpus_fib)" --tgt vx1 --tgt6 vx1 --pin "$PIN-vB"
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
	tcp_transfer "$NA" "$NB" 4000000
	log "veth program: $("$XDP_EQUIV" counters --pin "$PIN-vB" | tr '\n' ' ')"
	check_ge "$(prog_counter "$PIN-vB" max_len)" 2000 \
		"largest (GSO) packet the veth program redirected"
	check_ge "$(prog_counter "$PIN-vB" aux0)" 100 "packets forwarded by bpf_fib_lookup"
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
	tcp_transfer "$NC" "$NB" 2000000
	log "vx2 program: $("$XDP_EQUIV" counters --pin "$PIN-vx2" | tr '\n' ' ')"
	check_ge "$(prog_counter "$PIN-vx2" aux0)" 1000 "packets forwarded by bpf_fib_lookup"
	check_eq "$(prog_counter "$PIN-vx2" drop)" 0 "packets the vx2 program dropped"
	# GRO is off behind a generic program: frame by frame
	check_ge 1514 "$(prog_counter "$PIN-vx2" max_len)" "1514 >= largest packet"
	check_vx1_vx0
	router_cleanup
}

# pktgen_gen NS DEV COUNT DST_MAC CLONE BURST: COUNT 200-byte UDP frames
# from DEV, each skb sent CLONE+1 times, BURST at a time
pktgen_gen()
{
	local ns=$1 dev=$2 count=$3 mac=$4 clone=$5 burst=$6 out

	pktgen_load
	pg_set "$ns" kpktgend_0 "rem_device_all"
	pg_set "$ns" kpktgend_0 "add_device $dev"
	pg_set "$ns" "$dev" "count $count"
	pg_set "$ns" "$dev" "clone_skb $clone"
	pg_set "$ns" "$dev" "burst $burst"
	pg_set "$ns" "$dev" "pkt_size 200"
	pg_set "$ns" "$dev" "delay 0"
	pg_set "$ns" "$dev" "dst 10.99.2.3"
	pg_set "$ns" "$dev" "src_min 10.99.1.2"
	pg_set "$ns" "$dev" "src_max 10.99.1.2"
	pg_set "$ns" "$dev" "dst_mac $mac"
	pg_set "$ns" pgctrl "start"
	out=$(nsexec "$ns" cat "/proc/net/pktgen/$dev")
	grep -q "pkts-sofar: $count  *errors: 0" <<<"$out" ||
		{ printf '%s\n' "$out" | sed 's/^/#   /'; fail "pktgen did not send $count frames"; }
	pg_set "$ns" kpktgend_0 "rem_device_all"
}

# pktgen_case PROG VERDICT [CLONE BURST]: pktgen on vx0 -> vx1 running PROG
# in generic mode; every frame is accounted for
pktgen_case()
{
	local prog=$1 verdict=$2 clone=${3:-0} burst=${4:-1} n=3000
	local rx drops seen out_rx out_drops

	rm -rf "$PIN"*
	equiv_setup
	must "$XDP_EQUIV" attach --netns "$EQ" --dev vx1 --mode generic \
		--obj "$(corpus_obj "$prog")" --pin "$PIN"
	pktgen_gen "$EQ" vx0 $n $MAC_VX1 "$clone" "$burst"
	slowwait 10 eval '[[ $(($(eth "$EQ" vx1 rx_queue_0_packets) + $(eth "$EQ" vx1 rx_queue_0_drops))) == $n ]]' ||
		fail "vx1: $(eth "$EQ" vx1 rx_queue_0_packets) received + $(eth "$EQ" vx1 rx_queue_0_drops) ring drops != $n sent"
	rx=$(eth "$EQ" vx1 rx_queue_0_packets)
	drops=$(eth "$EQ" vx1 rx_queue_0_drops)
	slowwait 10 eval '[[ "$(prog_counter $PIN seen)" == $rx ]]' ||
		fail "program saw $(prog_counter $PIN seen) of $rx frames"
	seen=$(prog_counter $PIN seen)
	check_eq "$(prog_counter $PIN "$verdict")" "$seen" "$verdict verdicts"
	case $verdict in
	pass)
		out_rx=$seen out_drops=0
		;;
	tx)
		slowwait 10 eval '[[ $(($(eth "$EQ" vx0 rx_queue_0_packets) + $(eth "$EQ" vx0 rx_queue_0_drops))) == $seen ]]' ||
			fail "vx0 got $(eth "$EQ" vx0 rx_queue_0_packets) + $(eth "$EQ" vx0 rx_queue_0_drops) dropped of $seen sent back"
		check_eq "$(eth "$EQ" vx1 tx_queue_0_packets)" "$seen" "vx1 tx_queue_0_packets"
		check_eq "$(eth "$EQ" vx1 tx_queue_0_drops)" 0 "vx1 tx_queue_0_drops"
		out_rx=$(eth "$EQ" vx0 rx_queue_0_packets)
		out_drops=$(eth "$EQ" vx0 rx_queue_0_drops)
		;;
	redirect)
		slowwait 10 eval '[[ $(($(eth "$EQ" vx3 rx_queue_0_packets) + $(eth "$EQ" vx3 rx_queue_0_drops))) == $seen ]]' ||
			fail "vx3 got $(eth "$EQ" vx3 rx_queue_0_packets) + $(eth "$EQ" vx3 rx_queue_0_drops) dropped of $seen redirected"
		check_eq "$(eth "$EQ" vx2 tx_queue_0_packets)" "$seen" "vx2 tx_queue_0_packets"
		check_eq "$(eth "$EQ" vx2 tx_queue_0_drops)" 0 "vx2 tx_queue_0_drops"
		out_rx=$(eth "$EQ" vx3 rx_queue_0_packets)
		out_drops=$(eth "$EQ" vx3 rx_queue_0_drops)
		;;
	esac
	log "pktgen $n (clone_skb $clone, burst $burst): vx1 received $rx (ring full: $drops), program $verdict $seen, delivered $out_rx (ring full: $out_drops)"
	check_eq "$(eth "$EQ" vx1 rx_queue_0_xdp_packets)" 0 "vx1 native XDP counters"
	rm -rf "$PIN"
}

test_pktgen_pass()
{
	pktgen_case corpus_pass pass
}

test_pktgen_tx()
{
	pktgen_case corpus_tx tx
}

test_pktgen_redirect()
{
	pktgen_case corpus_redirect redirect
}

test_pktgen_shared()
{
	# one skb sent 1000 times, 16 at a time (skb->users up to 17)
	pktgen_case corpus_tx tx 999 16
}

vxdp_init bpftool jq "$XDP_EQUIV"
ktap_run_tests \
	"ip link set xdpgeneric obj: attached, reported, detached" test_ip_xdpgeneric \
	"native and generic XDP exclude each other, detach independently" test_mode_rules \
	"generic XDP_TX leaves through ndo_start_xmit" test_generic_tx \
	"generic XDP on jumbo frames, beyond native's MTU limit" test_generic_jumbo \
	"generic redirect veth -> vxdp: TCP and UDP GSO super-packets" test_veth_redirect_gso \
	"generic redirect vxdp -> vxdp: TCP stream" test_vxdp_redirect \
	"pktgen -> vxdp with generic XDP_PASS" test_pktgen_pass \
	"pktgen -> vxdp with generic XDP_TX" test_pktgen_tx \
	"pktgen -> vxdp with generic XDP_REDIRECT" test_pktgen_redirect \
	"pktgen shared skbs (clone_skb, burst) -> vxdp with generic XDP_TX" test_pktgen_shared
