#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The real user tools on a vxdp pair vx0 <-> vx1 (initial netns, 4 rx and
# 4 tx queues each, no IPv6, no address: quiet): ethtool -i/-S/-l/-L/-g/-G/-k
# (queue count and ring size changes under traffic), bpftool net/prog show
# of a native XDP program, xdp-tools (xdp-loader with its multi-program
# dispatcher, xdpdump).  pktgen sends the traffic from vx0.  xdp-bench
# (drop, tx, redirect, redirect-map) runs in netns, fed by vx1's built-in rx
# source, and must count what vxdp counts (see test_xdp_bench_drop).

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

# The rx queue vx1's RSS (default key and table) gives pktgen's flow, with
# 4 and with 2 rx queues (rss_flows.py, lib.sh's pg_rss_queue); vx1 has
# VX1_RXQ rx queues
RSSQ4=$(pg_rss_queue 4)
RSSQ2=$(pg_rss_queue 2)
VX1_RXQ=4

# vx1's RSS queue of pktgen's flow with its VX1_RXQ queues
rssq()
{
	if ((VX1_RXQ == 4)); then echo "$RSSQ4"; else echo "$RSSQ2"; fi
}

# traffic QUEUE [RXQ [NAME]]: pktgen sends N frames from vx0 tx queue QUEUE
# to vx1, waits until vx1 counted them on rx queue RXQ (default: where its
# RSS puts pktgen's flow) in counter NAME (default packets)
traffic()
{
	local q=$1 rxq=${2:-$(rssq)} name=${3:-packets} before

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

	echo rx_ntuple_drops
	for ((q = 0; q < $1; q++)); do
		for n in packets bytes xdp_packets xdp_bytes xdp_pass xdp_drop \
			 xdp_tx xdp_tx_errors xdp_redirect xdp_redirect_errors \
			 xdp_aborted xdp_page_reuse alloc_fail skb_alloc_fail \
			 xsk_tx_packets xsk_tx_bytes drops oversize xdp_ring_packets \
			 xdp_ring_bytes xdp_ring_drops xdp_xmit xdp_xmit_errors \
			 offload_packets offload_pass offload_drop offload_tx \
			 offload_tx_errors offload_aborted offload_insns; do
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
	# every queue counts its own frames: the sender's tx queue 1, the
	# receiver's RSS queue of the flow
	traffic 1
	check_eq "$(ethtool_stat "" vx0 tx_queue_1_packets)" "$N" "vx0 tx_queue_1_packets"
	check_eq "$(ethtool_stat "" vx1 rx_queue_${RSSQ4}_packets)" "$N" \
		"vx1 rx_queue_${RSSQ4}_packets"
	check_eq "$(ethtool_stat "" vx1 rx_queue_$(((RSSQ4 + 1) % 4))_packets)" 0 \
		"vx1 rx_queue_$(((RSSQ4 + 1) % 4))_packets"
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
	# vx0 tx queue 3 -> vx1's RSS queue of the flow with 4 queues, then
	# with 2 (the default indirection table follows the queue count)
	((RSSQ4 != RSSQ2)) || fail "pktgen's flow on queue $RSSQ4 with 4 and 2 queues"
	pktgen_setup "" vx0 "$SIZE" "$(dev_mac "" vx1)" 3
	loop_start
	slowwait 30 stat_reaches "" vx1 rx_queue_${RSSQ4}_packets 1000 ||
		{ loop_stop; fail "vx1 rx_queue_${RSSQ4}_packets does not grow"; }
	ethtool -L vx1 rx 2 tx 2 ||
		{ loop_stop; fail "ethtool -L vx1 rx 2 tx 2 failed"; }
	VX1_RXQ=2
	# traffic goes on, now on rx queue RSSQ2
	if ! slowwait 30 stat_reaches "" vx1 rx_queue_${RSSQ2}_packets 1000; then
		loop_stop
		ethtool -S vx1 | awk 'NR > 1 && $2 != 0 { print "#   " $0 }'
		sed 's/^/#   /' /proc/net/pktgen/vx0
		fail "vx1 rx_queue_${RSSQ2}_packets does not grow after -L rx 2 tx 2"
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
	# and traffic still flows, on the flow's queue whatever the tx queue
	q1=$(ethtool_stat "" vx1 rx_queue_$((1 - RSSQ2))_packets)
	traffic 1
	traffic 0
	check_eq "$(ethtool_stat "" vx1 rx_queue_$((1 - RSSQ2))_packets)" "$q1" \
		"vx1 rx_queue_$((1 - RSSQ2))_packets"
	# and back to 4
	must_quiet ethtool -L vx1 rx 4 tx 4
	VX1_RXQ=4
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
	traffic 0 "" xdp_pass
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
	before=$(ethtool_stat "" vx1 rx_queue_${RSSQ4}_packets)
	traffic 0 "" xdp_pass
	check_eq "$(ethtool_stat "" vx1 rx_queue_${RSSQ4}_xdp_packets)" "$N" \
		"rx_queue_${RSSQ4}_xdp_packets"
	check_eq "$(ethtool_stat "" vx1 rx_queue_${RSSQ4}_packets)" $((before + N)) \
		"rx_queue_${RSSQ4}_packets"
	check_xdp_sum "" vx1
	must_quiet xdp-loader unload vx1 --all
	[[ -z "$(link_json "" vx1 '.xdp // empty')" ]] ||
		fail "ip link still shows XDP after xdp-loader unload --all"
	ip link show dev vx1 | grep -qw xdp && fail "ip link show vx1 still says xdp"
	traffic 0
	check_eq "$(ethtool_stat "" vx1 rx_queue_${RSSQ4}_xdp_packets)" "$N" \
		"rx_queue_${RSSQ4}_xdp_packets after unload"
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
	wait_stat "" vx1 "rx_queue_${RSSQ4}_xdp_pass" "$N"
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

############################################################################
# xdp-bench (xdp-tools 1.3.1) in native mode on vx1 (netns ns1, peer vx0 in
# ns0; redirect: to vx2 in ns1, whose peer vx3 is in ns2), while vx1's
# built-in rx source writes exactly XB_N frames of XB_LEN bytes into its rx
# queue 0 (no sender). xdp-bench prints a line of rates per interval (-i 1:
# every second) and, when SIGINT stops it, totals:
#
#   Dropping packets on vx1 (ifindex 2; driver vxdp)
#   Summary                      9979 rx/s                  0 err/s
#   ...
#     Packets received    : 9979
#     Average packets/s   : 1109
#     Rx dropped          : 9979
#
# (tx: "Hairpinning (XDP_TX) packets on vx1 ...", "err,drop/s", no "Rx
# dropped"; redirect and redirect-map with -s: "Redirecting from vx1
# (ifindex 2; driver vxdp) to vx2 (ifindex 3; driver vxdp)", lines
# "vx1->vx2  N rx/s  N redir/s  0 err,drop/s  N xmit/s", and the totals
# "Packets redirected" and "Packets transmitted", from xdp:xdp_redirect and
# xdp:xdp_devmap_xmit.)
#
# A total is the sum of the rates printed in its column (so a number of
# frames only with -i 1), and a rate is the frames xdp-bench's programs
# counted in the interval divided by the time xdp-bench measured between
# two reads of its counters, not by the interval. The VM's timer is late
# now and then, by up to a second when the host is busy: that interval's
# rate is then too low, the next one's too high, and the total of frames
# that all came in one interval is off by as much (5925 for 10000 seen).
# The totals are N only give or take that timing, so, not to assert on
# timing, the tests check:
#  - exactly: the counters of xdp-bench's programs (its BPF maps, from
#    which it computes every rate) are N, all others 0; vxdp's counters
#    are N on every device on the way, every other counter unchanged;
#    xdp-bench's programs are attached in native mode while it runs and
#    nothing is left attached after SIGINT;
#  - exactly, in its output: the device, its ifindex and driver vxdp;
#    each total is the sum of its column of rates (Rx dropped = Packets
#    received, for XDP_DROP); no error, no other drop.

XB_N=10000
XB_LEN=60
XB_OUT=/tmp/vxdp_tools_xdp_bench.$$

# xb_setup [redirect]: vx0 (ns0) <-> vx1 (ns1), and vx2 (ns1) <-> vx3 (ns2)
# for redirect; rings of XDP_RING_SIZE
xb_setup()
{
	local ev

	require_cmd xdp-bench nsenter stdbuf
	rx_source_require
	# Debian 12's xdp-bench (xdp-tools 1.3) loads a program on the
	# xdp_redirect_map_err tracepoint, which 7.2 no longer has
	for ev in /sys/kernel/tracing/events/xdp \
		  /sys/kernel/debug/tracing/events/xdp; do
		[[ -d $ev ]] || continue
		[[ -d $ev/xdp_redirect_map_err ]] ||
			skip "no xdp_redirect_map_err tracepoint, which this xdp-bench needs"
		break
	done
	setup_pair_ns
	if [[ "${1:-}" == redirect ]]; then
		setup_ns NS2
		setup_xdp_pair "$NS1" "$NS2" vx2 vx3
	fi
}

# xb_lines: the lines of rates xdp-bench has printed so far (builtins only:
# polled)
xb_lines()
{
	local l n=0

	if [[ -e "$XB_OUT" ]]; then
		while IFS= read -r l; do
			[[ "$l" != *" rx/s "* ]] || n=$((n + 1))
		done <"$XB_OUT"
	fi
	echo "$n"
}

xb_lines_min()
{
	(($(xb_lines) >= $1))
}

xb_show()
{
	[[ ! -e "$XB_OUT" ]] || sed 's/^/#   /' "$XB_OUT"
}

# xb_start ARGS...: "xdp-bench ARGS" in ns1 (nsenter, not ip netns exec:
# libxdp needs the bpffs under /sys), in the background, its output
# line-buffered into XB_OUT; returns once it printed its first rates: its
# programs are attached and it has read its counters
xb_start()
{
	rm -f "$XB_OUT"
	trap xb_kill EXIT
	nsenter --net="/run/netns/$NS1" stdbuf -oL xdp-bench "$@" >"$XB_OUT" 2>&1 &
	XB_PID=$!
	if ! slowwait 60 xb_lines_min 1; then
		xb_show
		fail "xdp-bench $* printed no rates"
	fi
}

# the end of the subtest, whatever happened: no xdp-bench left running
xb_kill()
{
	[[ -z "${XB_PID:-}" ]] || { kill -INT "$XB_PID" 2>/dev/null; wait "$XB_PID"; }
	rm -f "$XB_OUT"
}

# xb_stop: SIGINT, as a user's ^C; xdp-bench prints its totals, detaches
# its programs and exits with status 0
xb_stop()
{
	local rc

	kill -INT "$XB_PID"
	wait "$XB_PID"
	rc=$?
	XB_PID=''
	xb_show
	check_eq "$rc" 0 "xdp-bench exit status after SIGINT"
}

# xb_traffic WAIT_CMD...: XB_N frames from vx1's rx source; WAIT_CMD waits
# until the last device on their way counted them all. Then waits for two
# more lines of rates: the next read of xdp-bench's counters may have come
# before the last frames and its line still be on its way, the one after
# it has them all.
xb_traffic()
{
	local k

	rx_source "$NS1" "vx1 0 $XB_N $XB_LEN"
	"$@"
	rx_source_wait "$NS1" vx1 0 $XB_N
	k=$(xb_lines)
	if ! slowwait 30 xb_lines_min $((k + 2)); then
		xb_show
		fail "xdp-bench printed no more rates"
	fi
}

# xb_counters: the counters of xdp-bench's BPF programs, in the maps whose
# fds the process holds (those named *_cnt, all of struct datarec), summed
# over CPUs and entries: "MAP.FIELD value" a line for FIELD processed,
# dropped and issue; the per-CPU hash of devmap_xmit events, keyed by
# (from ifindex << 32 | to ifindex), as devmap_xmit_multi.FROM-TO.FIELD.
# One bpftool (batch) and one jq.
xb_counters()
{
	local f k v cmds=''

	for f in /proc/"$XB_PID"/fdinfo/*; do
		{ while read -r k v; do
			[[ "$k" != map_id: ]] ||
				cmds+="map show id $v"$'\n'"map dump id $v"$'\n'
		done <"$f"; } 2>/dev/null
	done
	[[ -n "$cmds" ]] || fail "xdp-bench (pid $XB_PID) holds no BPF map"
	bpftool -j batch file - <<<"$cmds" | jq -r '
		def add($p; $v): .[$p + ".processed"] += $v.processed |
			.[$p + ".dropped"] += $v.dropped |
			.[$p + ".issue"] += $v.issue;
		[.[].output] as $out |
		reduce (range(0; $out | length; 2) |
			select($out[.].name | endswith("_cnt"))) as $i ({};
			$out[$i] as $map |
			reduce ($out[$i + 1][] |
				.formatted // error("map \($map.name): no BTF")) as $e (.;
				(if $map.type == "percpu_hash" then
					($e.key / 4294967296 | floor) as $from |
					"devmap_xmit_multi.\($from)-\($e.key - $from * 4294967296)"
				 else $map.name end) as $p |
				if $e | has("values") then
					reduce $e.values[].value as $v (.; add($p; $v))
				else add($p; $e.value) end)) |
		if length == 0 then error("no *_cnt map") else . end |
		to_entries[] | "\(.key) \(.value)"'
}

# xb_check_counters NAME=VALUE...: xdp-bench's counters are these, every
# other one 0
xb_check_counters()
{
	local c

	c=$(xb_counters) || fail "cannot read xdp-bench's counters"
	log "xdp-bench's counters: ${c//$'\n'/, }"
	check_deltas "xdp-bench's counters" "" "$c" "$@"
}

# xb_xdp DEV...: "DEV MODE" for each DEV of ns1, MODE the XDP attach mode
# of "ip link" (1: native) or none (one ip, one jq)
xb_xdp()
{
	ip -n "$NS1" -j link show | jq -r --arg devs "$*" '
		. as $links | ($devs | split(" "))[] as $dev |
		[$links[] | select(.ifname == $dev)][0] |
		"\($dev) \(if . then .xdp.mode // "none" else "missing" end)"'
}

# xb_check_xdp MODE DEV...: the XDP attach mode of each DEV: 1 (native)
# while xdp-bench runs (its programs, through libxdp's dispatcher), none
# after it exited
xb_check_xdp()
{
	local mode=$1 out exp='' dev
	shift

	out=$(xb_xdp "$@")
	for dev in "$@"; do
		exp+="$dev $mode"$'\n'
	done
	[[ "$out"$'\n' == "$exp" ]] ||
		fail "XDP attach modes: $(tr '\n' ' ' <<<"$out"), expected $(tr '\n' ' ' <<<"$exp")"
}

# xb_check_printed HEADER TOTAL...: what xdp-bench printed (see above):
# a first line HEADER; the totals TOTAL ("Packets received", "Rx dropped",
# ...), each the sum of its column of rates; no other total but the
# averages, no error
xb_check_printed()
{
	local header=$1 first name v t col out received
	local -A p
	shift

	read -r first <"$XB_OUT"
	[[ "$first" == "$header" ]] ||
		fail "xdp-bench's first line: '$first', expected '$header'"
	# "rate.UNIT sum" for every column of rates, "total.NAME value" for
	# every total (numbers possibly with thousands separators)
	out=$(awk '
		function num(s) { gsub(/,/, "", s); return s + 0 }
		/ rx\/s / {
			for (i = 2; i < NF; i++) {
				u = $(i + 1)
				if (u ~ /\/s$/)
					rate[u] += num($i)
			}
		}
		/^  [A-Z][a-z]+ [a-z\/]+ *: / {
			split($0, kv, ":")
			name = kv[1]
			gsub(/^ +| +$/, "", name)
			gsub(/ /, "_", name)
			total[name] = num(kv[2])
		}
		END {
			for (u in rate)
				printf "rate.%s %d\n", u, rate[u]
			for (t in total)
				print "total." t, total[t]
		}' "$XB_OUT")
	log "xdp-bench printed: ${out//$'\n'/, }"
	while read -r name v; do
		[[ -z "$name" ]] || p[$name]=$v
	done <<<"$out"
	received=${p[total.Packets_received]:-}
	for t in "$@"; do
		name=total.${t// /_}
		[[ -n "${p[$name]:-}" ]] || fail "xdp-bench printed no '$t'"
		case $t in
		"Packets received") col=rx/s ;;
		"Packets redirected") col=redir/s ;;
		"Packets transmitted") col=xmit/s ;;
		"Rx dropped")
			# XDP_DROP: dropped = received, read and timed together
			check_eq "${p[$name]}" "$received" \
				"xdp-bench's 'Rx dropped' = 'Packets received'"
			unset "p[$name]"
			continue
			;;
		*) fail "xb_check_printed: total '$t'" ;;
		esac
		check_eq "${p[$name]}" "${p[rate.$col]:-}" \
			"xdp-bench's '$t' = sum of its $col"
		unset "p[$name]"
	done
	for name in "${!p[@]}"; do
		case $name in
		total.Average_*) ;;
		total.*) fail "xdp-bench printed '${name#total.}: ${p[$name]}'" ;;
		rate.err/s|rate.err,drop/s)
			check_eq "${p[$name]}" 0 "xdp-bench's ${name#rate.} in all" ;;
		esac
	done
}

# xb_after NS:DEV...: the counters of the devices (and their netns) of
# the last snap_devs, now, in AFTER[] (one process for all), for
# xb_check_dev and xb_check_ns
declare -A AFTER
xb_after()
{
	local -A before
	local k

	for k in "${!S[@]}"; do
		before["$k"]=${S["$k"]}
	done
	snap_devs "$@"
	for k in "${!S[@]}"; do
		AFTER["$k"]=${S["$k"]}
		S["$k"]=${before["$k"]}
	done
}

# xb_check_dev NS:DEV NAME=VALUE...: counter changes of a device from
# snap_devs to xb_after (exactly these, every other counter unchanged)
xb_check_dev()
{
	local nd=$1
	shift

	check_deltas "${nd#*:}" "${S[$nd]}" "${AFTER[$nd]}" "$@"
}

# xb_check_ns NS: nothing reached the IPv4 stack of NS
xb_check_ns()
{
	check_deltas "stack of ${1#"$VXDP_NS_PREFIX"}" "${S[$1]}" "${AFTER[$1]}"
}

# XDP_DROP: xdp-bench's program drops every frame
test_xdp_bench_drop()
{
	local bytes=$((XB_N * XB_LEN))

	xb_setup
	snap_devs "$NS0:vx0" "$NS1:vx1"
	xb_start drop -m native -i 1 vx1
	xb_check_xdp 1 vx1
	xb_traffic wait_stat_delta "$NS1" vx1 rx_queue_0_xdp_drop "${S[$NS1:vx1]}" "$XB_N"
	xb_check_counters rx_cnt.processed="$XB_N" rx_cnt.dropped="$XB_N"
	xb_stop
	xb_check_xdp none vx1
	xb_check_printed "Dropping packets on vx1 (ifindex $(dev_ifindex "$NS1" vx1); driver vxdp)" \
		"Packets received" "Rx dropped"
	xb_after "$NS0:vx0" "$NS1:vx1"
	xb_check_dev "$NS1:vx1" $(rx_counts "$XB_N" $bytes) $(xdp_counts "$XB_N" $bytes) \
		rx_queue_0_xdp_drop="$XB_N" $(xdp_dropped_counts "$XB_N")
	xb_check_dev "$NS0:vx0"
	xb_check_ns "$NS0"
	xb_check_ns "$NS1"
}

# XDP_TX: xdp-bench's program sends every frame back out of vx1 (MACs
# swapped: addressed to the rx source's 02:00:00:00:00:01, vx0's stack
# drops them as "otherhost")
test_xdp_bench_tx()
{
	local bytes=$((XB_N * XB_LEN))

	xb_setup
	snap_devs "$NS0:vx0" "$NS1:vx1"
	xb_start tx -m native -i 1 vx1
	xb_check_xdp 1 vx1
	xb_traffic wait_stat_delta "$NS0" vx0 rx_queue_0_packets "${S[$NS0:vx0]}" "$XB_N"
	xb_check_counters rx_cnt.processed="$XB_N"
	xb_stop
	xb_check_xdp none vx1
	xb_check_printed "Hairpinning (XDP_TX) packets on vx1 (ifindex $(dev_ifindex "$NS1" vx1); driver vxdp)" \
		"Packets received"
	xb_after "$NS0:vx0" "$NS1:vx1"
	xb_check_dev "$NS1:vx1" $(rx_counts "$XB_N" $bytes) $(xdp_counts "$XB_N" $bytes) \
		rx_queue_0_xdp_tx="$XB_N" $(ring_counts "$XB_N" $bytes)
	xb_check_dev "$NS0:vx0" $(rx_counts "$XB_N" $bytes) ip.rx.otherhost="$XB_N"
	xb_check_ns "$NS0"
	xb_check_ns "$NS1"
}

# XDP_REDIRECT vx1 -> vx2 by bpf_redirect() (redirect) or a devmap
# (redirect-map), with -s: xdp-bench counts the redirects and vx2's
# transmits (xdp:xdp_redirect, xdp:xdp_devmap_xmit); it puts a program of
# its own on vx2 too, which must not see the frames vx2 transmits
xb_redirect()
{
	local cmd=$1 bytes=$((XB_N * XB_LEN)) if1 if2

	xb_setup redirect
	if1=$(dev_ifindex "$NS1" vx1)
	if2=$(dev_ifindex "$NS1" vx2)
	snap_devs "$NS0:vx0" "$NS1:vx1" "$NS1:vx2" "$NS2:vx3"
	xb_start "$cmd" -m native -s -i 1 vx1 vx2
	xb_check_xdp 1 vx1 vx2
	xb_traffic wait_stat_delta "$NS2" vx3 rx_queue_0_packets "${S[$NS2:vx3]}" "$XB_N"
	xb_check_counters rx_cnt.processed="$XB_N" redir_err_cnt.processed="$XB_N" \
		"devmap_xmit_multi.$if1-$if2.processed=$XB_N"
	xb_stop
	xb_check_xdp none vx1 vx2
	xb_check_printed "Redirecting from vx1 (ifindex $if1; driver vxdp) to vx2 (ifindex $if2; driver vxdp)" \
		"Packets received" "Packets redirected" "Packets transmitted"
	xb_after "$NS0:vx0" "$NS1:vx1" "$NS1:vx2" "$NS2:vx3"
	xb_check_dev "$NS1:vx1" $(rx_counts "$XB_N" $bytes) $(xdp_counts "$XB_N" $bytes) \
		rx_queue_0_xdp_redirect="$XB_N"
	xb_check_dev "$NS1:vx2" rx_queue_0_xdp_xmit="$XB_N" $(ring_counts "$XB_N" $bytes)
	# addressed to vx1: "otherhost" for vx3's stack
	xb_check_dev "$NS2:vx3" $(rx_counts "$XB_N" $bytes) ip.rx.otherhost="$XB_N"
	xb_check_dev "$NS0:vx0"
	xb_check_ns "$NS0"
	xb_check_ns "$NS1"
	xb_check_ns "$NS2"
}

test_xdp_bench_redirect()
{
	xb_redirect redirect
}

test_xdp_bench_redirect_map()
{
	xb_redirect redirect-map
}

vxdp_init bpftool

xdp_run_tests \
	"ethtool -i: driver vxdp, version of the module" test_info \
	"ethtool -k: tx-checksumming and scatter-gather on" test_features \
	"ethtool -S: counters per queue, counting their queue" test_stat_names \
	"ethtool -l: maximums of creation; -L rx 0, rx 5 refused" test_channels \
	"ethtool -L rx 2 tx 2 under traffic: nothing lost uncounted, traffic on the right queues" test_channels_traffic \
	"ethtool -g/-G: 256 default, 4096 max, 512 applied, 100 and 8192 refused" test_rings \
	"bpftool net show / prog show: native XDP program" test_bpftool \
	"xdp-loader: two programs through the dispatcher, native, status, unload" test_xdp_loader \
	"xdpdump: captures every frame at the XDP entry" test_xdpdump \
	"xdp-bench drop, native: counts the frames vxdp dropped" test_xdp_bench_drop \
	"xdp-bench tx, native: counts the frames vxdp sent back to its peer" test_xdp_bench_tx \
	"xdp-bench redirect, native: counts the frames vxdp redirected and the target sent" test_xdp_bench_redirect \
	"xdp-bench redirect-map, native: the same through a devmap" test_xdp_bench_redirect_map
