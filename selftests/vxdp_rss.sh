#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Receive steering, as a NIC does it (module/rx_steer.c): vx0 (ns0, one tx
# queue) sends flows to vx1 (ns1, 4 rx queues), which picks each frame's rx
# queue: ntuple rules first ("ethtool -N"), then the Toeplitz hash of the
# flow through the indirection table ("ethtool -X"), queue 0 for what is
# not IP. Every frame count is exact, per queue, against rss_flows.py's
# independent Toeplitz computation; bad ethtool input is refused and
# changes nothing.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

RSS_FLOWS=$VXDP_SELFTESTS_DIR/rss_flows.py
OBJ=xdp_rss.bpf.o
SRC=198.18.0.1
DST=198.18.0.2
COUNT=3			# frames per flow

# setup [vxdp_link options...]: vx0 (ns0, 1 tx queue) -> vx1 (ns1, 4 rx
# queues), quiet, up
setup()
{
	require_cmd python3
	setup_ns NS0 NS1
	setup_xdp_pair "$NS0" "$NS1" vx0 vx1 numtxqueues 1 numrxqueues 1 \
		peer-numtxqueues 1 peer-numrxqueues 4 "$@"
	VX1_MAC=$(dev_mac "$NS1" vx1)
}

# udp_flows FIRST N [DPORT]: N IPv4/UDP flows SRC:FIRST.. -> DST:DPORT (9)
udp_flows()
{
	local i

	for ((i = 0; i < $2; i++)); do
		echo "udp4,$SRC,$(($1 + i)),$DST,${3:-9}"
	done
}

# predict VAR [rss_flows.py predict options] -- FLOW...: the queue of each
# flow in the array VAR
predict()
{
	local -n _q=$1
	local opts=() out
	shift

	while [[ "$1" != -- ]]; do
		opts+=("$1")
		shift
	done
	shift
	out=$(python3 "$RSS_FLOWS" predict "${opts[@]}" "$@") ||
		fail "rss_flows.py predict failed"
	mapfile -t _q < <(awk '{ print $1 }' <<<"$out")
}

# rx_reaches N: vx1 has received (into its rings) N frames in all
rx_reaches()
{
	(($(sys_stat "$NS1" vx1 rx_packets) >= $1))
}

# send_check WHAT QUEUES FLOW...: COUNT frames of each FLOW from vx0; flow
# i must land on vx1's rx queue ${QUEUES[i]} (QUEUES: the name of an
# array), or be dropped by an ntuple rule if that is "drop". Every counter
# of both devices must change by exactly that (with SEND_XDP=1: and vx1's
# XDP program passes each frame).
send_check()
{
	local what=$1 qname=$2 b0 b1 out i rxq len n=0 pkts=0 bytes=0
	local -n _queues=$qname
	local -a lens want1=()
	shift 2

	b0=$(xdp_stats "$NS0" vx0)
	b1=$(xdp_stats "$NS1" vx1)
	out=$(nsexec "$NS0" python3 "$RSS_FLOWS" send vx0 "$VX1_MAC" $COUNT \
		"$@" 2>&1) || fail "rss_flows.py send: $out"
	mapfile -t lens <<<"$out"
	((${#lens[@]} == $#)) || fail "rss_flows.py send: $out"
	for ((i = 0; i < $#; i++)); do
		rxq=${_queues[i]}
		len=${lens[i]}
		pkts=$((pkts + COUNT))
		bytes=$((bytes + COUNT * len))
		if [[ "$rxq" == drop ]]; then
			want1+=(rx_ntuple_drops=$COUNT ip.rx.dropped=$COUNT
				sys.rx_dropped=$COUNT)
			continue
		fi
		n=$((n + COUNT))
		want1+=("rx_queue_${rxq}_packets=$COUNT"
			"rx_queue_${rxq}_bytes=$((COUNT * len))"
			ip.rx.packets=$COUNT ip.rx.bytes=$((COUNT * len))
			sys.rx_packets=$COUNT sys.rx_bytes=$((COUNT * len)))
		[[ "${SEND_XDP:-0}" == 0 ]] ||
			want1+=("rx_queue_${rxq}_xdp_packets=$COUNT"
				"rx_queue_${rxq}_xdp_bytes=$((COUNT * len))"
				"rx_queue_${rxq}_xdp_pass=$COUNT")
	done
	slowwait 30 rx_reaches $(($(snap_get "$b1" sys.rx_packets) + n)) ||
		fail "$what: vx1 did not receive $n frames"
	check_deltas "$what: vx0" "$b0" "$(xdp_stats "$NS0" vx0)" \
		ip.tx.packets=$pkts ip.tx.bytes=$bytes \
		sys.tx_packets=$pkts sys.tx_bytes=$bytes \
		tx_queue_0_packets=$pkts tx_queue_0_bytes=$bytes
	check_deltas "$what: vx1" "$b1" "$(xdp_stats "$NS1" vx1)" "${want1[@]}"
}

# indir_table NS DEV: the indirection table of "ethtool -x", comma-separated
indir_table()
{
	nsexec "$1" ethtool -x "$2" |
		awk '/^ *[0-9]+:/ { for (i = 2; i <= NF; i++) t = t (t == "" ? "" : ",") $i }
		     END { print t }'
}

# rss_key NS DEV: the key of "ethtool -x"
rss_key()
{
	nsexec "$1" ethtool -x "$2" | awk 'k { print; exit } /^RSS hash key:/ { k = 1 }'
}

# rss_state NS DEV: everything steering depends on, to compare before and
# after a refused change
rss_state()
{
	nsexec "$1" ethtool -x "$2"
	nsexec "$1" ethtool -n "$2"
	nsexec "$1" ethtool -l "$2"
}

# refused WHAT CMD...: CMD must fail: exit status, or for what ethtool
# 6.1 reports with status 0 (a rule refused by the driver, then by the
# legacy ntuple interface), its error message; its output in REFUSED_OUT
refused()
{
	local what=$1 out
	shift

	if out=$("$@" 2>&1) &&
	   ! grep -qE "Cannot|Invalid|not supported|No space|rror" <<<"$out"; then
		fail "$what: '$*' succeeded: $out"
	fi
	REFUSED_OUT=$out
}

# distinct ARRAY_NAME: the number of distinct values
distinct()
{
	local -n _a=$1

	printf '%s\n' "${_a[@]}" | sort -u | wc -l
}

# (a) flows spread as the reference Toeplitz computation predicts, IPv4 and
# IPv6, UDP and TCP; the default table follows ethtool -L
test_rss_spread()
{
	local flows q out f

	setup
	mapfile -t flows < <(udp_flows 1000 16
		echo "tcp4,$SRC,2000,$DST,80"
		echo "udp6,2001:db8::1,3000,2001:db8::2,53"
		echo "tcp6,3ffe:2501:200:1fff::7,2794,3ffe:2501:200:3::1,1766"
		echo "tcp6,2001:db8::1,3001,2001:db8::2,443")
	# the fields hashed, per flow type (ETHTOOL_GRXFH)
	out=$(nsexec "$NS1" ethtool -n vx1 rx-flow-hash udp6) ||
		fail "ethtool -n rx-flow-hash udp6: $out"
	for f in "IP SA" "IP DA" "L4 bytes 0 & 1" "L4 bytes 2 & 3"; do
		grep -qF "$f" <<<"$out" || fail "rx-flow-hash udp6: no '$f': $out"
	done
	out=$(nsexec "$NS1" ethtool -n vx1 rx-flow-hash sctp4) ||
		fail "ethtool -n rx-flow-hash sctp4: $out"
	! grep -q "L4 bytes" <<<"$out" || fail "rx-flow-hash sctp4 has ports: $out"

	predict q --queues 4 -- "${flows[@]}"
	(($(distinct q) == 4)) ||
		fail "the reference puts ${#flows[@]} flows on $(distinct q) queues only"
	send_check "RSS over 4 queues" q "${flows[@]}"

	# a default table is an equal spread over the queues there are
	must ip netns exec "$NS1" ethtool -L vx1 rx 3
	slowwait 5 carrier_is "$NS1" vx1 1 || fail "vx1: no carrier"
	predict q --queues 3 -- "${flows[@]}"
	send_check "RSS over 3 queues" q "${flows[@]}"
	check_eq "$(indir_table "$NS1" vx1)" \
		"$(python3 -c 'print(",".join(str(i % 3) for i in range(128)))')" \
		"default indirection table over 3 queues"
}

# (b) ethtool -X: equal, weight, hkey, default
test_rss_table_key()
{
	local flows q t key

	setup
	mapfile -t flows < <(udp_flows 1000 16)

	must ip netns exec "$NS1" ethtool -X vx1 equal 1
	q=()
	for ((i = 0; i < ${#flows[@]}; i++)); do q+=(0); done
	send_check "equal 1" q "${flows[@]}"

	must ip netns exec "$NS1" ethtool -X vx1 weight 0 1 0 3
	t=$(indir_table "$NS1" vx1)
	check_eq "$(tr , '\n' <<<"$t" | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" \
		"1:32 3:96 " "weight 0 1 0 3: queue:entries"
	predict q --indir "$t" -- "${flows[@]}"
	send_check "weight 0 1 0 3" q "${flows[@]}"

	key=$(python3 -c 'print(":".join("%02x" % ((i * 37 + 11) & 255) for i in range(40)))')
	must ip netns exec "$NS1" ethtool -X vx1 hkey "$key"
	check_eq "$(rss_key "$NS1" vx1)" "$key" "hash key read back"
	check_eq "$(indir_table "$NS1" vx1)" "$t" "table kept by a key change"
	predict q --key "$key" --indir "$t" -- "${flows[@]}"
	send_check "hkey and weight 0 1 0 3" q "${flows[@]}"

	must ip netns exec "$NS1" ethtool -X vx1 default
	predict q --key "$key" --queues 4 -- "${flows[@]}"
	send_check "hkey, default table" q "${flows[@]}"
}

# (c) ntuple rules: steer, drop, priority by location, list, delete, off
test_ntuple()
{
	local flows q i out

	setup
	# 8 flows to port 9, 4 to port 5000 (one of them from port 1001)
	mapfile -t flows < <(udp_flows 1000 8; udp_flows 1001 4 5000)
	predict q --queues 4 -- "${flows[@]}"
	for ((i = 8; i < 12; i++)); do q[i]=3; done
	must ip netns exec "$NS1" ethtool -N vx1 flow-type udp4 dst-port 5000 \
		action 3 loc 5
	send_check "udp4 dst-port 5000 -> queue 3" q "${flows[@]}"

	# a rule at a lower location comes first: port 1001 dropped, to
	# port 5000 as well
	must ip netns exec "$NS1" ethtool -N vx1 flow-type udp4 src-port 1001 \
		dst-ip $DST action -1 loc 2
	q[1]=drop
	q[8]=drop
	send_check "udp4 src-port 1001 dropped" q "${flows[@]}"

	out=$(nsexec "$NS1" ethtool -n vx1) || fail "ethtool -n"
	grep -q "Total 2 rules" <<<"$out" || fail "ethtool -n: $out"
	check_eq "$(awk '/^Filter:/ { printf "%s ", $2 }' <<<"$out")" "2 5 " \
		"rule locations"
	grep -q "Action: Drop" <<<"$out" || fail "ethtool -n: no drop rule: $out"
	grep -q "Action: Direct to queue 3" <<<"$out" ||
		fail "ethtool -n: no rule to queue 3: $out"

	# ntuple off: the rules stay, inactive
	must ip netns exec "$NS1" ethtool -K vx1 ntuple off
	predict q --queues 4 -- "${flows[@]}"
	send_check "ntuple off" q "${flows[@]}"
	must ip netns exec "$NS1" ethtool -K vx1 ntuple on

	must ip netns exec "$NS1" ethtool -U vx1 delete 2
	for ((i = 8; i < 12; i++)); do q[i]=3; done
	send_check "drop rule deleted" q "${flows[@]}"

	# without a location, the driver picks the lowest free one
	out=$(nsexec "$NS1" ethtool -N vx1 flow-type tcp6 dst-port 80 \
		action 1 2>&1) || fail "ethtool -N without loc: $out"
	grep -q "Added rule with ID 0" <<<"$out" || fail "ethtool -N: $out"
	q=(1)
	send_check "tcp6 dst-port 80 -> queue 1" q \
		"tcp6,2001:db8::1,4000,2001:db8::2,80"
	must ip netns exec "$NS1" ethtool -U vx1 delete 0
	must ip netns exec "$NS1" ethtool -U vx1 delete 5
	out=$(nsexec "$NS1" ethtool -n vx1)
	grep -q "Total 0 rules" <<<"$out" || fail "rules left: $out"
}

# (d) bad input is refused and changes nothing
test_bad_input()
{
	local before i out

	setup
	must ip netns exec "$NS1" ethtool -N vx1 flow-type udp4 dst-port 7 \
		action 3 loc 1
	before=$(rss_state "$NS1" vx1)

	refused "more weights than queues" \
		ip netns exec "$NS1" ethtool -X vx1 weight 1 1 1 1 1
	refused "equal beyond the queues" ip netns exec "$NS1" ethtool -X vx1 equal 5
	refused "short key" ip netns exec "$NS1" ethtool -X vx1 hkey 01:02:03
	refused "xor hash function" ip netns exec "$NS1" ethtool -X vx1 hfunc xor
	refused "sctp4 rule" ip netns exec "$NS1" ethtool -N vx1 flow-type sctp4 \
		dst-port 7 action 1
	refused "ether rule" ip netns exec "$NS1" ethtool -N vx1 flow-type ether \
		dst 02:00:00:00:00:01 action 1
	refused "tos mask" ip netns exec "$NS1" ethtool -N vx1 flow-type udp4 \
		tos 4 action 1
	refused "vlan extension" ip netns exec "$NS1" ethtool -N vx1 flow-type udp4 \
		vlan 5 action 1
	refused "queue beyond the rx queues" ip netns exec "$NS1" ethtool -N vx1 \
		flow-type udp4 dst-port 8 action 4
	refused "location beyond the table" ip netns exec "$NS1" ethtool -N vx1 \
		flow-type udp4 dst-port 8 action 1 loc 64
	refused "delete a rule that is not there" \
		ip netns exec "$NS1" ethtool -U vx1 delete 3
	# a rule steers to queue 3: 3 rx queues are too few
	refused "ethtool -L below a rule's queue" \
		ip netns exec "$NS1" ethtool -L vx1 rx 3
	# the message: the core's extack (6.3+), else the driver's (dmesg)
	grep -q "ntuple" <<<"$REFUSED_OUT" ||
		dmesg | tail -n 5 | grep -q "ntuple rule 1 steers to rx queue 3" ||
		fail "ethtool -L: no message about the ntuple rule: $REFUSED_OUT"
	check_eq "$(rss_state "$NS1" vx1)" "$before" "steering after refusals"

	# a user-set table that uses queue 3: refused by the core
	must ip netns exec "$NS1" ethtool -U vx1 delete 1
	must ip netns exec "$NS1" ethtool -X vx1 equal 4
	before=$(rss_state "$NS1" vx1)
	refused "ethtool -L below the table's queues" \
		ip netns exec "$NS1" ethtool -L vx1 rx 2
	check_eq "$(rss_state "$NS1" vx1)" "$before" "steering after refusals"

	# a full table: VXDP_NTUPLE_MAX (64) rules, then no location is free
	out=$(nsexec "$NS1" sh -c 'for i in $(seq 0 63); do
		ethtool -N vx1 flow-type udp4 dst-port $((100 + i)) action 0 loc $i ||
			exit 1; done' 2>&1) || fail "64 rules: $out"
	before=$(rss_state "$NS1" vx1)
	refused "a 65th rule" ip netns exec "$NS1" ethtool -N vx1 flow-type udp4 \
		dst-port 99 action 0
	grep -qi "no space" <<<"$REFUSED_OUT" ||
		fail "full table: '$REFUSED_OUT', expected ENOSPC"
	check_eq "$(rss_state "$NS1" vx1)" "$before" "steering after a full table"
}

# (e) rules survive ethtool -L while their queue exists
test_ntuple_channels()
{
	local flows q out

	setup
	mapfile -t flows < <(udp_flows 1000 4 6000)
	must ip netns exec "$NS1" ethtool -N vx1 flow-type udp4 dst-port 6000 \
		action 1 loc 10
	must ip netns exec "$NS1" ethtool -L vx1 rx 2
	slowwait 5 carrier_is "$NS1" vx1 1 || fail "vx1: no carrier"
	out=$(nsexec "$NS1" ethtool -n vx1)
	grep -q "Filter: 10" <<<"$out" || fail "rule lost by ethtool -L: $out"
	q=(1 1 1 1)
	send_check "rule after ethtool -L rx 2" q "${flows[@]}"
	must ip netns exec "$NS1" ethtool -L vx1 rx 4
	slowwait 5 carrier_is "$NS1" vx1 1 || fail "vx1: no carrier"
	send_check "rule after ethtool -L rx 4" q "${flows[@]}"
}

# (f) what programs see: ctx->rx_queue_index in XDP, skb->hash after PASS
test_prog_view()
{
	local flows q hash out map i want_q=(0 0 0 0) v

	xdp_require "$OBJ"
	setup
	mapfile -t flows < <(udp_flows 1000 12)
	out=$(python3 "$RSS_FLOWS" predict --queues 4 "${flows[@]}") ||
		fail "predict"
	mapfile -t q < <(awk '{ print $1 }' <<<"$out")
	mapfile -t hash < <(awk '{ print $2 }' <<<"$out")
	xdp_attach "$NS1" vx1 "$OBJ" xdp_queue_count
	tc_attach "$NS1" vx1 "$OBJ"
	SEND_XDP=1 send_check "with XDP and tc" q "${flows[@]}"

	map=$(xdp_map_id "$NS1" vx1 rss_queue) || fail "no map rss_queue"
	for i in "${q[@]}"; do
		want_q[i]=$((want_q[i] + COUNT))
	done
	for i in 0 1 2 3; do
		check_eq "$(map_get "$map" "$i")" "${want_q[i]}" \
			"frames the program saw on rx_queue_index $i"
	done
	map=$(tc_map_id "$NS1" vx1 rss_hash) || fail "no map rss_hash"
	for ((i = 0; i < ${#flows[@]}; i++)); do
		v=$(map_get "$map" "$i")
		check_eq "$(printf '%08x' "$v")" "${hash[i]}" "skb->hash of flow $i"
	done
}

vxdp_init
ktap_run_tests \
	"RSS: flows on the queues the Toeplitz reference predicts" test_rss_spread \
	"RSS: ethtool -X equal, weight, hkey, default" test_rss_table_key \
	"ntuple: steer, drop (rx_ntuple_drops), order, list, delete, off" test_ntuple \
	"bad ethtool input refused, nothing changed" test_bad_input \
	"ntuple rules survive ethtool -L" test_ntuple_channels \
	"XDP sees rx_queue_index, the stack skb->hash" test_prog_view
