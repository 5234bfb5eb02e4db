#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Traffic over a vxdp pair, vx0 in netns ns0 <-> vx1 in netns ns1: IPv4 and
# IPv6 ping both ways, jumbo frames, 10000 frames from pktgen counted exactly
# on both sides, multi-queue: the receiver picks the rx queue whatever the
# sender's tx queue (RSS, ntuple rules, the indirection table; vxdp_rss.sh
# tests steering itself).

source "$(dirname "$(realpath "$0")")/lib.sh"

IP4_0=192.0.2.1
IP4_1=192.0.2.2
IP6_0=2001:db8::1
IP6_1=2001:db8::2

# setup_pair [vxdp_link options...]: vx0 in $NS0, vx1 in $NS1
setup_pair()
{
	setup_ns NS0 NS1
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1 peer-netns "$NS1" "$@"
}

# no_ipv6 NS DEV: no IPv6 on DEV, hence no ND/MLD frames of its own
no_ipv6()
{
	must_quiet ip netns exec "$1" sysctl -w "net.ipv6.conf.$2.disable_ipv6=1"
}

carrier_on()
{
	[[ "$(dev_attr "$1" "$2" carrier 2>/dev/null)" == 1 ]]
}

# pair_up: both up, carrier on
pair_up()
{
	must ip -n "$NS0" link set vx0 up
	must ip -n "$NS1" link set vx1 up
	carrier_on "$NS0" vx0 || fail "vx0: no carrier with both sides up"
	carrier_on "$NS1" vx1 || fail "vx1: no carrier with both sides up"
}

# setup_quiet_pair [vxdp_link options...]: a pair that sends nothing by
# itself (no IPv6, no IPv4 address), up
setup_quiet_pair()
{
	setup_pair "$@"
	no_ipv6 "$NS0" vx0
	no_ipv6 "$NS1" vx1
	pair_up
}

setup_ip_pair()
{
	setup_pair "$@"
	must ip -n "$NS0" addr add "$IP4_0/24" dev vx0
	must ip -n "$NS1" addr add "$IP4_1/24" dev vx1
	must ip -n "$NS0" addr add "$IP6_0/64" dev vx0 nodad
	must ip -n "$NS1" addr add "$IP6_1/64" dev vx1 nodad
	pair_up
}

# ping_ok NS ARGS...: ping -c 3 from NS, all 3 answered
ping_ok()
{
	local ns=$1 out
	shift

	out=$(ip netns exec "$ns" ping -c 3 -i 0.2 -W 2 "$@" 2>&1)
	if ! grep -q "3 packets transmitted, 3 received" <<<"$out"; then
		printf '%s\n' "$out" | sed 's/^/#   /'
		fail "ping $* from ${ns#"$VXDP_NS_PREFIX"}: not all answered"
	fi
}

test_ping4()
{
	setup_pair
	# IPv4 only: fewer frames sent by the stack itself
	no_ipv6 "$NS0" vx0
	no_ipv6 "$NS1" vx1
	must ip -n "$NS0" addr add "$IP4_0/24" dev vx0
	must ip -n "$NS1" addr add "$IP4_1/24" dev vx1
	pair_up
	ping_ok "$NS0" "$IP4_1"
	ping_ok "$NS1" "$IP4_0"
	# 3 requests and 3 replies each way at least (plus ARP)
	check_counters_consistent "$NS0" vx0 "$NS1" vx1 6
}

test_ping6()
{
	setup_ip_pair
	ping_ok "$NS0" -6 "$IP6_1"
	ping_ok "$NS1" -6 "$IP6_0"
	check_counters_consistent "$NS0" vx0 "$NS1" vx1 6
}

test_jumbo_ping()
{
	local before after

	setup_ip_pair mtu 9000 peer-mtu 9000
	before=$(sys_stat "$NS1" vx1 rx_bytes)
	# 8000 bytes of ICMP data: 8042-byte frames, several rx buffers each
	ping_ok "$NS0" -M do -s 8000 "$IP4_1"
	ping_ok "$NS1" -M do -s 8000 "$IP4_0"
	# the largest frame: 9000-byte IP packets
	ping_ok "$NS0" -M do -s 8972 "$IP4_1"
	ping_ok "$NS1" -M do -s 8972 "$IP4_0"
	ping_ok "$NS0" -6 -M do -s 8952 "$IP6_1"
	ping_ok "$NS1" -6 -M do -s 8952 "$IP6_0"
	after=$(sys_stat "$NS1" vx1 rx_bytes)
	# vx1 received at least the 6 requests/replies of each size
	check_ge $((after - before)) $((6 * 8042 + 6 * 9014 + 6 * 9014)) \
		"vx1 rx_bytes during the jumbo pings"
	check_counters_consistent "$NS0" vx0 "$NS1" vx1 18
}

# all_stats NS DEV: "name value" for every counter of DEV: ip -s -s
# (ip.rx.packets...), sysfs (sys.rx_packets...), ethtool -S (by its names);
# one process (lib.sh's dev_stats)
all_stats()
{
	dev_stats "$1" "$2"
}

rx_packets_reach()
{
	(($(sys_stat "$1" "$2" rx_packets) >= $3))
}

# pktgen_check SNS SDEV RNS RDEV COUNT SIZE TXQ RXQ: COUNT frames of SIZE
# bytes from SDEV's tx queue TXQ to its peer RDEV: exactly they must be
# counted, by SDEV on tx queue TXQ, by RDEV on rx queue RXQ, and no other
# counter of either may move (no drops, nothing the other way).
pktgen_check()
{
	local sns=$1 sdev=$2 rns=$3 rdev=$4 count=$5 size=$6 txq=$7 rxq=$8
	local bytes=$((count * size)) bs br

	bs=$(all_stats "$sns" "$sdev")
	br=$(all_stats "$rns" "$rdev")
	pktgen_run "$sns" "$sdev" "$count" "$size" "$(dev_mac "$rns" "$rdev")" "$txq"
	# NAPI may still be delivering the last ones
	slowwait 20 rx_packets_reach "$rns" "$rdev" \
		$(($(awk '$1 == "sys.rx_packets" { print $2 }' <<<"$br") + count))

	check_deltas "sender $sdev" "$bs" "$(all_stats "$sns" "$sdev")" \
		ip.tx.packets="$count" ip.tx.bytes="$bytes" \
		sys.tx_packets="$count" sys.tx_bytes="$bytes" \
		"tx_queue_${txq}_packets=$count" "tx_queue_${txq}_bytes=$bytes"
	check_deltas "receiver $rdev" "$br" "$(all_stats "$rns" "$rdev")" \
		ip.rx.packets="$count" ip.rx.bytes="$bytes" \
		sys.rx_packets="$count" sys.rx_bytes="$bytes" \
		"rx_queue_${rxq}_packets=$count" "rx_queue_${rxq}_bytes=$bytes"
}

test_pktgen()
{
	pktgen_load
	setup_quiet_pair
	pktgen_check "$NS0" vx0 "$NS1" vx1 10000 100 0 0
}

test_pktgen_jumbo()
{
	pktgen_load
	setup_quiet_pair mtu 9000 peer-mtu 9000
	# largest frame for MTU 9000: 9000 + Ethernet header
	pktgen_check "$NS0" vx0 "$NS1" vx1 1000 9014 0 0
}

# check_queue_stats NS DEV RXQ TXQ: ethtool -S has the per-queue counters of
# exactly RXQ rx queues and TXQ tx queues
check_queue_stats()
{
	local ns=$1 dev=$2 rxq=$3 txq=$4 names q s

	names=$(ethtool_stat_names "$ns" "$dev")
	for ((q = 0; q < rxq; q++)); do
		for s in packets bytes drops; do
			grep -qx "rx_queue_${q}_$s" <<<"$names" ||
				fail "$dev: no ethtool counter rx_queue_${q}_$s"
		done
	done
	for ((q = 0; q < txq; q++)); do
		for s in packets bytes drops; do
			grep -qx "tx_queue_${q}_$s" <<<"$names" ||
				fail "$dev: no ethtool counter tx_queue_${q}_$s"
		done
	done
	! grep -q "^rx_queue_${rxq}_" <<<"$names" ||
		fail "$dev: counters of rx queue $rxq but only $rxq rx queues"
	! grep -q "^tx_queue_${txq}_" <<<"$names" ||
		fail "$dev: counters of tx queue $txq but only $txq tx queues"
	check_eq "$(link_json "$ns" "$dev" .num_rx_queues)" "$rxq" "$dev numrxqueues"
	check_eq "$(link_json "$ns" "$dev" .num_tx_queues)" "$txq" "$dev numtxqueues"
}

test_multiqueue()
{
	pktgen_load
	setup_quiet_pair numtxqueues 4 numrxqueues 4 \
		peer-numtxqueues 4 peer-numrxqueues 4
	check_queue_stats "$NS0" vx0 4 4
	check_queue_stats "$NS1" vx1 4 4
	# tx queue 2 of vx0 -> rx queue 3 of vx1, by an ntuple rule of vx1
	must ip netns exec "$NS1" ethtool -N vx1 flow-type udp4 dst-port 9 \
		action 3
	pktgen_check "$NS0" vx0 "$NS1" vx1 10000 100 2 3
	# and the other way: tx queue 1 of vx1 -> vx0's RSS queue of the flow
	pktgen_check "$NS1" vx1 "$NS0" vx0 5000 100 1 "$(pg_rss_queue 4)"
}

test_multiqueue_indir()
{
	pktgen_load
	# vx0: 4 tx queues; vx1: 2 rx queues whose indirection table sends
	# everything to rx queue 1
	setup_quiet_pair numtxqueues 4 numrxqueues 1 \
		peer-numtxqueues 1 peer-numrxqueues 2
	check_queue_stats "$NS0" vx0 1 4
	check_queue_stats "$NS1" vx1 2 1
	must ip netns exec "$NS1" ethtool -X vx1 weight 0 1
	pktgen_check "$NS0" vx0 "$NS1" vx1 10000 100 3 1
}

vxdp_init
ktap_run_tests \
	"IPv4 ping both ways, tx and rx counters agree" test_ping4 \
	"IPv6 ping both ways, tx and rx counters agree" test_ping6 \
	"jumbo frames (MTU 9000) IPv4 and IPv6" test_jumbo_ping \
	"pktgen 10000 frames counted exactly on both sides" test_pktgen \
	"pktgen 1000 jumbo frames counted exactly" test_pktgen_jumbo \
	"multi-queue: ntuple rule and RSS pick the rx queue, both ways" test_multiqueue \
	"multi-queue: indirection table weight 0 1 -> rx queue 1 only" test_multiqueue_indir
