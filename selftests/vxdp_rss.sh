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

# setup [vxdp_link options...]: vx0 (ns0, 1 tx queue, VX0_RXQ rx queues,
# default 1) -> vx1 (ns1, 4 rx queues), quiet, up
setup()
{
	require_cmd python3
	setup_ns NS0 NS1
	setup_xdp_pair "$NS0" "$NS1" vx0 vx1 numtxqueues 1 \
		numrxqueues "${VX0_RXQ:-1}" peer-numtxqueues 1 peer-numrxqueues 4 "$@"
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
# flow in the array VAR (a nameref: the locals here start with _)
predict()
{
	local -n _q=$1
	local _opts=() _out _pq _ph
	shift

	while [[ "$1" != -- ]]; do
		_opts+=("$1")
		shift
	done
	shift
	_out=$(python3 -S "$RSS_FLOWS" predict "${_opts[@]}" "$@") ||
		fail "rss_flows.py predict failed"
	_q=()
	while read -r _pq _ph; do
		_q+=("$_pq")
	done <<<"$_out"
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
	out=$(nsexec "$NS0" python3 -S "$RSS_FLOWS" send vx0 "$VX1_MAC" $COUNT \
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
	   ! [[ "$out" =~ Cannot|Invalid|not\ supported|No\ space|rror ]]; then
		fail "$what: '$*' succeeded: $out"
	fi
	REFUSED_OUT=$out
}

# distinct ARRAY_NAME: the number of distinct values
distinct()
{
	local -n _a=$1
	local -A _d
	local v

	for v in "${_a[@]}"; do
		_d[$v]=1
	done
	echo "${#_d[@]}"
}

# histogram LIST: "value:count " for each value of the comma-separated
# LIST, by increasing value
histogram()
{
	local -a n=()
	local v out=

	for v in ${1//,/ }; do
		n[v]=$((${n[v]:-0} + 1))
	done
	for v in "${!n[@]}"; do
		out+="$v:${n[v]} "
	done
	echo "$out"
}

# mkkey A B: a 40-byte RSS key, byte i = (i * A + B) mod 256, as ethtool
# -X hkey takes it
mkkey()
{
	local i k=

	for ((i = 0; i < 40; i++)); do
		k+=$(printf '%s%02x' "${k:+:}" $(((i * $1 + $2) & 255)))
	done
	echo "$k"
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
		[[ "$out" == *"$f"* ]] || fail "rx-flow-hash udp6: no '$f': $out"
	done
	out=$(nsexec "$NS1" ethtool -n vx1 rx-flow-hash sctp4) ||
		fail "ethtool -n rx-flow-hash sctp4: $out"
	[[ "$out" != *"L4 bytes"* ]] || fail "rx-flow-hash sctp4 has ports: $out"

	predict q --queues 4 -- "${flows[@]}"
	(($(distinct q) == 4)) ||
		fail "the reference puts ${#flows[@]} flows on $(distinct q) queues only"
	send_check "RSS over 4 queues" q "${flows[@]}"

	# a default table is an equal spread over the queues there are
	must ip netns exec "$NS1" ethtool -L vx1 rx 3
	slowwait 5 carrier_is "$NS1" vx1 1 || fail "vx1: no carrier"
	predict q --queues 3 -- "${flows[@]}"
	send_check "RSS over 3 queues" q "${flows[@]}"
	check_eq "$(histogram "$(indir_table "$NS1" vx1)")" "0:43 1:43 2:42 " \
		"default indirection table over 3 queues"
}

# (b) ethtool -X: equal, weight, hkey, default; ARP (not IP) on queue 0
# whatever the table says
test_rss_table_key()
{
	local flows q t key

	setup
	mapfile -t flows < <(udp_flows 1000 16; echo "arp,$SRC,0,$DST,0")

	must ip netns exec "$NS1" ethtool -X vx1 equal 1
	q=()
	for ((i = 0; i < ${#flows[@]}; i++)); do q+=(0); done
	send_check "equal 1" q "${flows[@]}"

	must ip netns exec "$NS1" ethtool -X vx1 weight 0 1 0 3
	t=$(indir_table "$NS1" vx1)
	check_eq "$(histogram "$t")" "1:32 3:96 " "weight 0 1 0 3: queue:entries"
	predict q --indir "$t" -- "${flows[@]}"
	send_check "weight 0 1 0 3" q "${flows[@]}"

	key=$(mkkey 37 11)
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
	[[ "$out" == *"Total 2 rules"* ]] || fail "ethtool -n: $out"
	[[ "$out" =~ Filter:\ 2.*Filter:\ 5 ]] || fail "rule locations: $out"
	[[ "$out" == *"Action: Drop"* ]] || fail "ethtool -n: no drop rule: $out"
	[[ "$out" == *"Action: Direct to queue 3"* ]] ||
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
	[[ "$out" == *"Added rule with ID 0"* ]] || fail "ethtool -N: $out"
	q=(1)
	send_check "tcp6 dst-port 80 -> queue 1" q \
		"tcp6,2001:db8::1,4000,2001:db8::2,80"
	must ip netns exec "$NS1" ethtool -U vx1 delete 5

	# (e) rules survive ethtool -L while their queue exists
	must ip netns exec "$NS1" ethtool -L vx1 rx 2
	slowwait 5 carrier_is "$NS1" vx1 1 || fail "vx1: no carrier"
	out=$(nsexec "$NS1" ethtool -n vx1)
	[[ "$out" == *"Filter: 0"* && "$out" == *"Total 1 rules"* ]] ||
		fail "rule lost by ethtool -L: $out"
	send_check "tcp6 rule after ethtool -L rx 2" q \
		"tcp6,2001:db8::1,4000,2001:db8::2,80"
	must ip netns exec "$NS1" ethtool -U vx1 delete 0
	out=$(nsexec "$NS1" ethtool -n vx1)
	[[ "$out" == *"Total 0 rules"* ]] || fail "rules left: $out"
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
	# the message: the core's extack (6.12), else the driver's (dmesg, 6.1)
	[[ "$REFUSED_OUT" == *ntuple* ]] ||
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

	# a full table: VXDP_NTUPLE_MAX (64) rules (one process: the ioctl
	# ethtool -N uses), then no location is free
	out=$(nsexec "$NS1" python3 -S "$RSS_FLOWS" fill-rules vx1 64 0 2>&1) ||
		fail "64 rules: $out"
	before=$(rss_state "$NS1" vx1)
	[[ "$before" == *"Total 64 rules"* ]] || fail "64 rules: $before"
	refused "a 65th rule" ip netns exec "$NS1" ethtool -N vx1 flow-type udp4 \
		dst-port 99 action 0
	[[ "$REFUSED_OUT" == *"No space"* ]] ||
		fail "full table: '$REFUSED_OUT', expected ENOSPC"
	check_eq "$(rss_state "$NS1" vx1)" "$before" "steering after a full table"
}

# map_values MAP_ID: the values of an array map, in key order, one a line
# (little-endian bytes, as xdp_lib.sh's map_get reads one); one bpftool,
# one jq
map_values()
{
	bpftool map dump id "$1" -j |
		jq -r '.[] | [.value | to_entries[] | (.value | ltrimstr("0x") |
			explode | map(if . >= 97 then . - 87 else . - 48 end) |
			.[0] * 16 + .[1]) * pow(256; .key)] | add'
}

# (f) what programs see: ctx->rx_queue_index in XDP, skb->hash after PASS
test_prog_view()
{
	local flows q hash out map i want_q=(0 0 0 0) v got

	xdp_require "$OBJ"
	setup
	mapfile -t flows < <(udp_flows 1000 12)
	out=$(python3 -S "$RSS_FLOWS" predict --queues 4 "${flows[@]}") ||
		fail "predict"
	q=() hash=()
	while read -r i v; do
		q+=("$i")
		hash+=("$v")
	done <<<"$out"
	xdp_attach "$NS1" vx1 "$OBJ" xdp_queue_count
	tc_attach "$NS1" vx1 "$OBJ"
	SEND_XDP=1 send_check "with XDP and tc" q "${flows[@]}"

	map=$(xdp_map_id "$NS1" vx1 rss_queue) || fail "no map rss_queue"
	for i in "${q[@]}"; do
		want_q[i]=$((want_q[i] + COUNT))
	done
	mapfile -t got < <(map_values "$map")
	for i in 0 1 2 3; do
		check_eq "${got[i]}" "${want_q[i]}" \
			"frames the program saw on rx_queue_index $i"
	done
	map=$(tc_map_id "$NS1" vx1 rss_hash) || fail "no map rss_hash"
	mapfile -t got < <(map_values "$map")
	for ((i = 0; i < ${#flows[@]}; i++)); do
		printf -v v '%08x' "${got[i]}"
		check_eq "$v" "${hash[i]}" "skb->hash of flow $i"
	done
}

# XDP_TX bursts split by the receiver's steering: vx1 reflects 16 flows
# from its 4 queues; vx0, with another key, spreads each XDP tx ring's
# burst over several of its 4 rx queues
test_xdp_tx_steer()
{
	local flows q0 q1 key i out lens b0 b1 n len split=0 want0=() want1=()
	local -A seen

	xdp_require xdp_actions.bpf.o
	VX0_RXQ=4 setup
	key=$(mkkey 91 5)
	must ip netns exec "$NS0" ethtool -X vx0 hkey "$key"
	mapfile -t flows < <(udp_flows 1000 16)
	predict q1 --queues 4 -- "${flows[@]}"
	predict q0 --key "$key" --queues 4 -- "${flows[@]}"
	for ((i = 0; i < ${#flows[@]}; i++)); do
		[[ -z "${seen[${q1[i]}]:-}" || "${seen[${q1[i]}]}" == "${q0[i]}" ]] ||
			split=1
		seen[${q1[i]}]=${q0[i]}
	done
	((split)) || fail "no vx1 queue whose flows go to two vx0 queues"
	xdp_attach "$NS1" vx1 xdp_actions.bpf.o xdp_tx

	b0=$(xdp_stats "$NS0" vx0)
	b1=$(xdp_stats "$NS1" vx1)
	out=$(nsexec "$NS0" python3 -S "$RSS_FLOWS" send vx0 "$VX1_MAC" $COUNT \
		"${flows[@]}" 2>&1) || fail "rss_flows.py send: $out"
	mapfile -t lens <<<"$out"
	n=$((${#flows[@]} * COUNT))
	len=${lens[0]}
	want0=($(tx_counts $n $((n * len))))
	for ((i = 0; i < ${#flows[@]}; i++)); do
		want1+=($(rx_counts $COUNT $((COUNT * len)) "${q1[i]}")
			$(xdp_counts $COUNT $((COUNT * len)) "${q1[i]}")
			"rx_queue_${q1[i]}_xdp_tx=$COUNT"
			$(ring_counts $COUNT $((COUNT * len)) "${q1[i]}"))
		want0+=($(rx_counts $COUNT $((COUNT * len)) "${q0[i]}"))
	done
	slowwait 30 eval '(($(sys_stat "$NS0" vx0 rx_packets) >= $(snap_get "$b0" sys.rx_packets) + n))' ||
		fail "vx0 did not get the $n frames back"
	check_deltas "vx1" "$b1" "$(xdp_stats "$NS1" vx1)" "${want1[@]}"
	check_deltas "vx0" "$b0" "$(xdp_stats "$NS0" vx0)" "${want0[@]}"
}

vxdp_init
ktap_run_tests \
	"RSS: flows on the queues the Toeplitz reference predicts" test_rss_spread \
	"RSS: ethtool -X equal, weight, hkey, default" test_rss_table_key \
	"ntuple: steer, drop, order, list, delete, off, across ethtool -L" test_ntuple \
	"bad ethtool input refused, nothing changed" test_bad_input \
	"XDP sees rx_queue_index, the stack skb->hash" test_prog_view \
	"XDP_TX bursts split over the peer's RSS queues" test_xdp_tx_steer
