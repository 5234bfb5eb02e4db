#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The real user tools on a vxdp pair vx0 <-> vx1 (initial netns, 4 rx and
# 4 tx queues each, no IPv6, no address: quiet): ethtool -i/-S/-l/-L/-g/-G/-k
# (queue count and ring size changes under traffic), bpftool net/prog show
# of a native XDP program, xdp-tools (xdp-loader with its multi-program
# dispatcher, xdpdump).  pktgen sends the traffic from vx0.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

N=1000
SIZE=100
OBJ=xdp_actions.bpf.o		# program xdp_pass
OBJ2=corpus_pass.bpf.o		# program xdp_corpus (XDP_PASS)

# setup [-r RING]: vx0 <-> vx1 in the initial netns, 4+4 queues, quiet, up
# (rings of RING slots, default XDP_RING_SIZE: batches of N never fill them)
setup()
{
	local ring=$XDP_RING_SIZE dev

	[[ "${1:-}" == -r ]] && ring=$2
	must_quiet "$VXDP_LINK" add vx0 peer vx1 numtxqueues 4 numrxqueues 4 \
		peer-numtxqueues 4 peer-numrxqueues 4
	for dev in vx0 vx1; do
		[[ -z "$ring" ]] || must_quiet ethtool -G "$dev" rx "$ring" tx "$ring"
		must_quiet sysctl -w "net.ipv6.conf.$dev.disable_ipv6=1"
		must_quiet ip link set dev "$dev" up
	done
	for dev in vx0 vx1; do
		slowwait 5 carrier_is "" "$dev" 1 || fail "$dev: no carrier"
	done
}

# traffic QUEUE: pktgen sends N frames from vx0 tx queue QUEUE to vx1
# (vx1 rx queue QUEUE folded onto its queue count), waits until vx1 counted
# them on rx queue RXQ (default QUEUE) in counter NAME (default packets)
traffic()
{
	local q=$1 rxq=${2:-$1} name=${3:-packets} before

	pktgen_load
	before=$(ethtool_stat "" vx1 "rx_queue_${rxq}_$name") ||
		fail "vx1 has no rx_queue_${rxq}_$name"
	pktgen_setup "" vx0 "$SIZE" "$(dev_mac "" vx1)" "$q"
	pktgen_send "$N"
	wait_stat "" vx1 "rx_queue_${rxq}_$name" $((before + N))
}

# ethtool_field DEV OPTION SECTION FIELD: a value of "ethtool -l/-g DEV",
# SECTION "max" (Pre-set maximums) or "cur" (Current hardware settings)
ethtool_field()
{
	ethtool "$2" "$1" | awk -v s="$3" -v f="$4:" '
		/^Pre-set maximums:/ { cur = "max"; next }
		/^Current hardware settings:/ { cur = "cur"; next }
		cur == s && $1 == f { print $2; exit }'
}

# expected ethtool -S names of a device with RXQ rx and TXQ tx queues
stat_names()
{
	local q n

	for ((q = 0; q < $1; q++)); do
		for n in packets bytes xdp_packets xdp_bytes xdp_pass xdp_drop \
			 xdp_tx xdp_tx_errors xdp_redirect xdp_redirect_errors \
			 xdp_aborted xdp_page_reuse alloc_fail drops oversize xdp_ring_packets \
			 xdp_ring_bytes xdp_ring_drops xdp_xmit xdp_xmit_errors; do
			echo "rx_queue_${q}_$n"
		done
	done
	for ((q = 0; q < $2; q++)); do
		for n in packets bytes drops; do
			echo "tx_queue_${q}_$n"
		done
	done
}

check_stat_names()
{
	local got exp

	got=$(ethtool_stat_names "" "$1" | sort)
	exp=$(stat_names "$2" "$3" | sort)
	[[ "$got" == "$exp" ]] ||
		fail "$1: ethtool -S names differ from $2 rx / $3 tx queues: $(diff <(echo "$exp") <(echo "$got") | grep '^[<>]' | head -5 | tr '\n' ' ')"
}

############################################################################

test_info()
{
	local out

	setup
	out=$(ethtool -i vx1) || fail "ethtool -i failed"
	check_eq "$(awk '$1 == "driver:" { print $2 }' <<<"$out")" vxdp "ethtool -i driver"
	check_eq "$(awk '$1 == "version:" { print $2 }' <<<"$out")" \
		"$(cat /sys/module/vxdp/version)" \
		"ethtool -i version (= /sys/module/vxdp/version)"
}

test_features()
{
	local out

	setup
	out=$(ethtool -k vx1) || fail "ethtool -k failed"
	grep -q '^tx-checksumming: on' <<<"$out" ||
		fail "tx-checksumming not on: $(grep '^tx-checksumming' <<<"$out")"
	grep -q '^scatter-gather: on' <<<"$out" ||
		fail "scatter-gather not on: $(grep '^scatter-gather' <<<"$out")"
}

test_stat_names()
{
	setup
	check_stat_names vx0 4 4
	check_stat_names vx1 4 4
	# every queue counts its own frames
	traffic 2
	check_eq "$(ethtool_stat "" vx0 tx_queue_2_packets)" "$N" "vx0 tx_queue_2_packets"
	check_eq "$(ethtool_stat "" vx1 rx_queue_2_packets)" "$N" "vx1 rx_queue_2_packets"
	check_eq "$(ethtool_stat "" vx1 rx_queue_0_packets)" 0 "vx1 rx_queue_0_packets"
}

test_channels()
{
	local what

	setup
	for what in "max RX 4" "max TX 4" "cur RX 4" "cur TX 4"; do
		set -- $what
		check_eq "$(ethtool_field vx1 -l "$1" "$2")" "$3" "ethtool -l vx1: $1 $2"
	done
	ethtool -L vx1 rx 0 >/dev/null 2>&1 && fail "ethtool -L vx1 rx 0 accepted"
	ethtool -L vx1 rx 5 >/dev/null 2>&1 && fail "ethtool -L vx1 rx 5 accepted"
	ethtool -L vx1 tx 5 >/dev/null 2>&1 && fail "ethtool -L vx1 tx 5 accepted"
	check_eq "$(ethtool_field vx1 -l cur RX)" 4 "RX after refused -L"
	check_eq "$(ethtool_field vx1 -l cur TX)" 4 "TX after refused -L"
	check_stat_names vx1 4 4
}

# rx_total DEV: rx packets + rx dropped of ip -s (all queues, also the
# ones no longer in use)
rx_total()
{
	ipn "" -s -j link show dev "$1" | jq -r '.[0].stats64.rx | .packets + .dropped'
}

rx_total_is()
{
	[[ "$(rx_total "$1")" == "$2" ]]
}

# pktgen stops when its device loses carrier, and vx0 does while vx1
# restarts: loop_start sends from vx0 as set up (pktgen_setup), restarting
# pktgen whenever it stops, until loop_stop, which sets LOOP_SENT to the
# frames pktgen sent in all its runs
LOOP_STOP=/tmp/vxdp_tools_loop_stop.$$
LOOP_SENT_FILE=/tmp/vxdp_tools_loop_sent.$$

loop_start()
{
	rm -f "$LOOP_STOP" "$LOOP_SENT_FILE"
	echo "count 0" >"/proc/net/pktgen/$PG_DEV" || fail "pktgen count 0"
	sh -c '
		total=0
		while [ ! -e "$2" ]; do
			echo start > /proc/net/pktgen/pgctrl
			n=$(sed -n "s/.*pkts-sofar: \([0-9]*\).*/\1/p" /proc/net/pktgen/$1)
			total=$((total + ${n:-0}))
			echo $total > "$3"
		done' - "$PG_DEV" "$LOOP_STOP" "$LOOP_SENT_FILE" &
	LOOP_PID=$!
}

loop_stop()
{
	touch "$LOOP_STOP"
	while kill -0 "$LOOP_PID" 2>/dev/null; do
		echo stop >/proc/net/pktgen/pgctrl
		sleep 0.2
	done
	wait "$LOOP_PID"
	LOOP_SENT=$(cat "$LOOP_SENT_FILE")
	rm -f "$LOOP_STOP" "$LOOP_SENT_FILE"
}

test_channels_traffic()
{
	local q1 drops rx tx

	setup
	pktgen_load
	# vx0 tx queue 3 -> vx1 rx queue 3, then (2 queues) 3 % 2 = 1
	pktgen_setup "" vx0 "$SIZE" "$(dev_mac "" vx1)" 3
	loop_start
	slowwait 30 stat_reaches "" vx1 rx_queue_3_packets 1000 ||
		{ loop_stop; fail "vx1 rx_queue_3_packets does not grow"; }
	ethtool -L vx1 rx 2 tx 2 ||
		{ loop_stop; fail "ethtool -L vx1 rx 2 tx 2 failed"; }
	# traffic goes on, now on rx queue 1
	if ! slowwait 30 stat_reaches "" vx1 rx_queue_1_packets 1000; then
		loop_stop
		ethtool -S vx1 | awk 'NR > 1 && $2 != 0 { print "#   " $0 }'
		sed 's/^/#   /' /proc/net/pktgen/vx0
		fail "vx1 rx_queue_1_packets does not grow after -L rx 2 tx 2"
	fi
	loop_stop
	check_eq "$(ethtool_field vx1 -l cur RX)" 2 "ethtool -l RX after -L"
	check_eq "$(ethtool_field vx1 -l cur TX)" 2 "ethtool -l TX after -L"
	check_eq "$(ethtool_field vx1 -l max RX)" 4 "ethtool -l max RX after -L"
	check_stat_names vx1 2 2
	# what was sent was received or dropped (counted) by vx1
	slowwait 30 rx_total_is vx1 "$LOOP_SENT" ||
		fail "vx1 rx packets + dropped $(rx_total vx1) != $LOOP_SENT sent: $(ipn "" -s -j link show dev vx1 | jq -c '.[0].stats64.rx')"
	drops=$(ipn "" -s -j link show dev vx1 | jq -r '.[0].stats64.rx.dropped')
	log "pktgen sent $LOOP_SENT, vx1 dropped $drops during the restart"
	check_eq $(($(ethtool_stat "" vx0 tx_queue_3_packets) + $(ethtool_stat "" vx0 tx_queue_3_drops))) \
		"$LOOP_SENT" "vx0 tx_queue_3_packets + tx_queue_3_drops"
	# and traffic still flows, on the right queues
	q1=$(ethtool_stat "" vx1 rx_queue_0_packets)
	traffic 3 1
	traffic 2 0
	traffic 1 1
	check_eq "$(ethtool_stat "" vx1 rx_queue_0_packets)" $((q1 + N)) "vx1 rx_queue_0_packets"
	# and back to 4
	must_quiet ethtool -L vx1 rx 4 tx 4
	check_stat_names vx1 4 4
	traffic 3
}

test_rings()
{
	local out rc

	setup -r ""
	check_eq "$(ethtool_field vx1 -g cur RX)" 256 "ethtool -g RX default"
	check_eq "$(ethtool_field vx1 -g cur TX)" 256 "ethtool -g TX default"
	check_eq "$(ethtool_field vx1 -g max RX)" 4096 "ethtool -g RX max"
	check_eq "$(ethtool_field vx1 -g max TX)" 4096 "ethtool -g TX max"
	must_quiet ethtool -G vx1 rx 512 tx 512
	check_eq "$(ethtool_field vx1 -g cur RX)" 512 "ethtool -g RX after -G"
	check_eq "$(ethtool_field vx1 -g cur TX)" 512 "ethtool -g TX after -G"
	out=$(ethtool -G vx1 rx 100 2>&1)
	rc=$?
	((rc)) || fail "ethtool -G vx1 rx 100 accepted"
	grep -q "ring size must be a power of 2 from 64 to 4096" <<<"$out" ||
		fail "ethtool -G vx1 rx 100: message '$out'"
	ethtool -G vx1 rx 8192 >/dev/null 2>&1 && fail "ethtool -G vx1 rx 8192 accepted"
	check_eq "$(ethtool_field vx1 -g cur RX)" 512 "ethtool -g RX after refused -G"
	# traffic flows on the new rings (batches of 500 < 512 slots)
	N=500
	traffic 0
	traffic 3
}

test_bpftool()
{
	local id j

	xdp_require "$OBJ"
	setup
	must_quiet ip -force link set dev vx1 xdpdrv obj "$XDP_PROGS_DIR/$OBJ" program xdp_pass
	id=$(xdp_prog_id "" vx1)
	[[ -n "$id" ]] || fail "no XDP program id in ip link"
	j=$(bpftool -j net show dev vx1) || fail "bpftool net show failed"
	check_eq "$(jq -r '.[0].xdp[0].devname' <<<"$j")" vx1 "bpftool net show: devname"
	check_eq "$(jq -r '.[0].xdp[0].mode' <<<"$j")" driver "bpftool net show: mode"
	check_eq "$(jq -r '.[0].xdp[0].id' <<<"$j")" "$id" "bpftool net show: id"
	bpftool net show dev vx1 | grep -q "^vx1(.*) driver id $id\$" ||
		fail "bpftool net show (plain): $(bpftool net show dev vx1 | tr '\n' ' ')"
	j=$(bpftool -j prog show id "$id") || fail "bpftool prog show id $id failed"
	check_eq "$(jq -r .type <<<"$j")" xdp "bpftool prog show: type"
	check_eq "$(jq -r .name <<<"$j")" xdp_pass "bpftool prog show: name"
	bpftool -j prog show | jq -e --argjson id "$id" \
		'.[] | select(.id == $id and .name == "xdp_pass")' >/dev/null ||
		fail "bpftool prog show does not list program $id"
	traffic 0 0 xdp_pass
	must_quiet ip link set dev vx1 xdpdrv off
	[[ -z "$(jq -r '.[0].xdp[]?' <<<"$(bpftool -j net show dev vx1)")" ]] ||
		fail "bpftool net show: XDP program still listed after detach"
}

test_xdp_loader()
{
	local out before

	require_cmd xdp-loader
	xdp_require "$OBJ" "$OBJ2"
	setup
	must_quiet xdp-loader load -m native vx1 "$XDP_PROGS_DIR/$OBJ" -p xdp_pass
	out=$(xdp-loader load -m native vx1 "$XDP_PROGS_DIR/$OBJ2" 2>&1) ||
		fail "second xdp-loader load (dispatcher) failed: $out"
	out=$(xdp-loader status vx1) || fail "xdp-loader status failed: $out"
	printf '%s\n' "$out" | sed 's/^/#   /'
	grep -Eq '^vx1 +xdp_dispatcher +native ' <<<"$out" ||
		fail "xdp-loader status: no dispatcher in native mode"
	grep -Eq '^ => +[0-9]+ +xdp_pass ' <<<"$out" ||
		fail "xdp-loader status: xdp_pass not listed"
	grep -Eq '^ => +[0-9]+ +xdp_corpus ' <<<"$out" ||
		fail "xdp-loader status: xdp_corpus not listed"
	check_eq "$(link_json "" vx1 '.xdp.mode')" "$XDP_ATTACHED_DRV" "ip link: XDP mode"
	check_eq "$(link_json "" vx1 '.xdp.prog.name')" xdp_dispatcher "ip link: XDP program"
	before=$(ethtool_stat "" vx1 rx_queue_0_packets)
	traffic 0 0 xdp_pass
	check_eq "$(ethtool_stat "" vx1 rx_queue_0_xdp_packets)" "$N" "rx_queue_0_xdp_packets"
	check_eq "$(ethtool_stat "" vx1 rx_queue_0_packets)" $((before + N)) "rx_queue_0_packets"
	check_xdp_sum "" vx1
	must_quiet xdp-loader unload vx1 --all
	[[ -z "$(link_json "" vx1 '.xdp // empty')" ]] ||
		fail "ip link still shows XDP after xdp-loader unload --all"
	ip link show dev vx1 | grep -qw xdp && fail "ip link show vx1 still says xdp"
	traffic 0
	check_eq "$(ethtool_stat "" vx1 rx_queue_0_xdp_packets)" "$N" \
		"rx_queue_0_xdp_packets after unload"
}

test_xdpdump()
{
	local out=/tmp/vxdp_tools_xdpdump.$$ pid n

	require_cmd xdpdump
	xdp_require "$OBJ"
	setup
	must_quiet ip -force link set dev vx1 xdpdrv obj "$XDP_PROGS_DIR/$OBJ" program xdp_pass
	rm -f /tmp/vxdp_tools.pcap
	timeout -s INT 120 xdpdump -i vx1 --rx-capture entry \
		-w /tmp/vxdp_tools.pcap >"$out" 2>&1 &
	pid=$!
	if ! slowwait 30 grep -q "^listening on vx1" "$out"; then
		sed 's/^/#   /' "$out"
		kill "$pid" 2>/dev/null
		fail "xdpdump did not start"
	fi
	pktgen_load
	pktgen_setup "" vx0 "$SIZE" "$(dev_mac "" vx1)" 0
	pg_set "" vx0 "delay 100000"	# 10k frames/s: the perf ring keeps up
	pktgen_send "$N"
	wait_stat "" vx1 rx_queue_0_xdp_pass "$N"
	sleep 1
	kill -INT "$pid"
	wait "$pid"
	sed 's/^/#   /' "$out"
	n=$(sed -n 's/^\([0-9]*\) packets captured$/\1/p' "$out")
	check_eq "$n" "$N" "xdpdump: packets captured"
	grep -q "^0 packets dropped by perf ring" "$out" ||
		fail "xdpdump dropped packets"
	# pcapng: N enhanced packet blocks of SIZE bytes, at least
	check_ge "$(stat -c %s /tmp/vxdp_tools.pcap)" $((N * SIZE)) "pcap file size"
	[[ "$(xdp_prog_id "" vx1)" != "" ]] || fail "xdp_pass gone after xdpdump"
	rm -f "$out" /tmp/vxdp_tools.pcap
}

vxdp_init bpftool

ktap_run_tests \
	"ethtool -i: driver vxdp, version of the module" test_info \
	"ethtool -k: tx-checksumming and scatter-gather on" test_features \
	"ethtool -S: counters per queue, counting their queue" test_stat_names \
	"ethtool -l: maximums of creation; -L rx 0, rx 5 refused" test_channels \
	"ethtool -L rx 2 tx 2 under traffic: nothing lost uncounted, traffic on the right queues" test_channels_traffic \
	"ethtool -g/-G: 256 default, 4096 max, 512 applied, 100 and 8192 refused" test_rings \
	"bpftool net show / prog show: native XDP program" test_bpftool \
	"xdp-loader: two programs through the dispatcher, native, status, unload" test_xdp_loader \
	"xdpdump: captures every frame at the XDP entry" test_xdpdump
