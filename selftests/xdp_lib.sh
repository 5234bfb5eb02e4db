#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the vxdp native XDP selftests (vxdp_xdp_*.sh). Source it after
# lib.sh:
#
#   source "$(dirname "$(realpath "$0")")/lib.sh"
#   source "$(dirname "$(realpath "$0")")/xdp_lib.sh"
#
# BPF objects are built on the host into progs/ (make -C selftests); the
# tests only load them. Programs are attached with iproute2 (native mode:
# xdpdrv), tc programs with tc, maps are read and written with bpftool by
# id (found from the attached program), so nothing is pinned.

XDP_PROGS_DIR=$VXDP_SELFTESTS_DIR/progs

# enum xdp_attached (if_link.h): IFLA_XDP_ATTACHED of a native program
XDP_ATTACHED_DRV=1

# the pktgen frames of lib.sh's pktgen_run
PG_SRC_IP=198.51.100.1
PG_DST_IP=198.51.100.2

# xdp_require OBJ...: tools of the XDP tests, and the BPF objects progs/OBJ
xdp_require()
{
	local f

	require_cmd bpftool tc
	for f in "$@"; do
		[[ -f "$XDP_PROGS_DIR/$f" ]] ||
			fail "$XDP_PROGS_DIR/$f missing: build with make -C selftests"
	done
}

############################################################################
# Devices

# Every vxdp device of the XDP tests has rings of XDP_RING_SIZE slots, and
# frames are sent in batches of at most XDP_BATCH (<= XDP_RING_SIZE),
# each batch through before the next goes (send_frames): a ring that NAPI
# has emptied has all its slots posted, so no frame can find the ring
# full, however slowly NAPI runs (a full ring drops and counts the frame,
# as a NIC does: right, but not what these tests count).
XDP_RING_SIZE=4096
XDP_BATCH=4000

# setup_xdp_pair NS0 NS1 DEV0 DEV1 [vxdp_link options...]: a vxdp pair
# DEV0 (in NS0) <-> DEV1 (in NS1) that sends nothing by itself (no IPv6, no
# address), rings of XDP_RING_SIZE, both up with carrier
setup_xdp_pair()
{
	local ns0=$1 ns1=$2 dev0=$3 dev1=$4
	shift 4

	must "$VXDP_LINK" -n "$ns0" add "$dev0" peer "$dev1" peer-netns "$ns1" "$@"
	must ip netns exec "$ns0" ethtool -G "$dev0" rx $XDP_RING_SIZE tx $XDP_RING_SIZE
	must ip netns exec "$ns1" ethtool -G "$dev1" rx $XDP_RING_SIZE tx $XDP_RING_SIZE
	quiet_dev "$ns0" "$dev0"
	quiet_dev "$ns1" "$dev1"
	slowwait 5 carrier_is "$ns0" "$dev0" 1 || fail "$dev0: no carrier"
	slowwait 5 carrier_is "$ns1" "$dev1" 1 || fail "$dev1: no carrier"
}

# setup_veth_pair NS0 NS1 DEV0 DEV1: the same with a veth pair
setup_veth_pair()
{
	local ns0=$1 ns1=$2 dev0=$3 dev1=$4

	must ip -n "$ns0" link add "$dev0" type veth peer name "$dev1" netns "$ns1"
	quiet_dev "$ns0" "$dev0"
	quiet_dev "$ns1" "$dev1"
	slowwait 5 carrier_is "$ns0" "$dev0" 1 || fail "$dev0: no carrier"
	slowwait 5 carrier_is "$ns1" "$dev1" 1 || fail "$dev1: no carrier"
}

# quiet_dev NS DEV: no IPv6 (no ND/MLD frames of its own), up
quiet_dev()
{
	must_quiet ip netns exec "$1" sysctl -w "net.ipv6.conf.$2.disable_ipv6=1"
	must ip -n "$1" link set dev "$2" up
}

carrier_is()
{
	[[ "$(dev_attr "$1" "$2" carrier 2>/dev/null)" == "$3" ]]
}

############################################################################
# XDP and tc programs

# xdp_attach NS DEV OBJ PROG: attach program PROG of progs/OBJ in native
# mode, replacing whatever native program is there
xdp_attach()
{
	must_quiet ip -force -n "$1" link set dev "$2" xdpdrv \
		obj "$XDP_PROGS_DIR/$3" program "$4"
}

# off_attach NS DEV OBJ PROG: load progs/OBJ's PROG for DEV (verified for
# its offload engine), attach it in offload mode, replacing the one there
off_attach()
{
	must_quiet ip -force -n "$1" link set dev "$2" xdpoffload \
		obj "$XDP_PROGS_DIR/$3" program "$4"
}

# xdp_detach NS DEV
xdp_detach()
{
	must_quiet ip -n "$1" link set dev "$2" xdpdrv off
}

# xdp_prog_id NS DEV: id of the attached XDP program, "" if none
xdp_prog_id()
{
	link_json "$1" "$2" '.xdp.prog.id // empty'
}

# has_xdp_prog NS DEV: an XDP program is attached (for slowwait)
has_xdp_prog()
{
	[[ -n "$(xdp_prog_id "$1" "$2")" ]]
}

# prog_map_id PROG_ID MAP_NAME: id of map MAP_NAME used by a program
prog_map_id()
{
	local id

	# one jq over the program and every map
	id=$({ bpftool prog show id "$1" -j && bpftool map show -j; } |
	     jq -rs --arg n "$2" '.[0].map_ids as $ids |
		first(.[1][] | select(.name == $n and (.id as $i | $ids | index($i))) |
		      .id) // empty')
	if [[ -z "$id" ]]; then
		echo "# program $1 has no map $2" >&2
		return 1
	fi
	echo "$id"
}

# xdp_map_id NS DEV MAP_NAME: a map of the XDP program attached to DEV.
# For $(...): on error, a message on stderr and status 1, e.g.
#   map=$(xdp_map_id "$NS1" vx1 xdp_seen) || fail "no map"
xdp_map_id()
{
	local prog

	prog=$(xdp_prog_id "$1" "$2")
	if [[ -z "$prog" ]]; then
		echo "# $2: no XDP program attached" >&2
		return 1
	fi
	prog_map_id "$prog" "$3"
}

# u32_bytes N: N as 4 bytes, little endian (x86), for bpftool
u32_bytes()
{
	echo $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}

# map_get MAP_ID KEY: value at u32 key KEY of an array map, as a number
# (values of 4 or 8 bytes, little endian)
map_get()
{
	bpftool map lookup id "$1" key $(u32_bytes "$2") -j |
		jq -r '[.value | to_entries[] | (.value | ltrimstr("0x") |
			explode | map(if . >= 97 then . - 87 else . - 48 end) |
			.[0] * 16 + .[1]) * pow(256; .key)] | add'
}

# map_set_u32 MAP_ID KEY VALUE [NS]: u32 value at u32 key, written from
# netns NS (a devmap resolves its ifindex values in the writer's netns)
map_set_u32()
{
	must_quiet nsexec "${4:-}" bpftool map update id "$1" key $(u32_bytes "$2") \
		value $(u32_bytes "$3")
}

# tc_attach NS DEV OBJ: clsact on DEV and progs/OBJ (section "tc") as a
# direct-action ingress filter
tc_attach()
{
	must_quiet tc -n "$1" qdisc replace dev "$2" clsact
	must_quiet tc -n "$1" filter add dev "$2" ingress bpf da \
		obj "$XDP_PROGS_DIR/$3" sec tc
}

# tc_prog_id NS DEV: id of the (first) tc ingress program of DEV
tc_prog_id()
{
	ip netns exec "$1" bpftool net show dev "$2" -j |
		jq -r '[.[0].tc[] | select(.kind == "clsact/ingress") | .id][0] // empty'
}

# tc_map_id NS DEV MAP_NAME: like xdp_map_id, for the tc ingress program
tc_map_id()
{
	local prog

	prog=$(tc_prog_id "$1" "$2")
	if [[ -z "$prog" ]]; then
		echo "# $2: no tc ingress program" >&2
		return 1
	fi
	prog_map_id "$prog" "$3"
}

############################################################################
# Counters

# xdp_stats NS DEV: "name value" for every counter of DEV: ip -s -s
# (ip.rx.packets...), sysfs (sys.rx_packets...), ethtool -S (by its names);
# one process (lib.sh's dev_stats)
xdp_stats()
{
	dev_stats "$1" "$2"
}

# ns_stats NS: the IPv4 counters (Ip: line of /proc/net/snmp) of netns NS,
# as "Ip.<Name> value": what the stack of that netns got
ns_stats()
{
	"$VXDP_STATS" "$1/"
}

# snap_get SNAPSHOT NAME: a counter of a snapshot (shell builtins only)
snap_get()
{
	local name v

	while read -r name v; do
		if [[ "$name" == "$2" ]]; then
			echo "$v"
			return 0
		fi
	done <<<"$1"
	return 1
}

# stat_reaches NS DEV NAME VALUE: ethtool counter NAME >= VALUE
stat_reaches()
{
	local v

	v=$(ethtool_stat "$1" "$2" "$3") || return 1
	((v >= $4))
}

# wait_stat NS DEV NAME VALUE: wait until ethtool counter NAME of DEV
# reaches VALUE (NAPI may still be working on frames already sent);
# vxdp_stats polls it every 10 ms, for up to 30 s
wait_stat()
{
	[[ "$3" != *.* ]] || fail "wait_stat: $3 is not an ethtool counter"
	if ! "$VXDP_STATS" -w "$3" -v "$4" -t 30 "$1/$2" >/dev/null; then
		log "$2: non-zero ethtool counters:"
		nsexec "$1" ethtool -S "$2" | awk 'NR > 1 && $2 != 0 { print "#   " $0 }'
		fail "$2: $3 is $(ethtool_stat "$1" "$2" "$3"), expected $4"
	fi
}

# wait_stat_delta NS DEV NAME SNAPSHOT DELTA: wait until ethtool counter
# NAME of DEV is DELTA more than in SNAPSHOT (an xdp_stats of DEV)
wait_stat_delta()
{
	wait_stat "$1" "$2" "$3" $(($(snap_get "$4" "$3") + $5))
}

# xdp_sum_ok NS DEV: on every rx queue, xdp_packets is the sum of the
# verdict counters (pass drop tx tx_errors redirect redirect_errors
# aborted). Prints the mismatch, status 1, if not.
xdp_sum_ok()
{
	dev_stats "$1" "$2" | awk '
		{ v[$1] = $2 }
		END {
			bad = 0
			n = split("pass drop tx tx_errors redirect redirect_errors aborted", verdicts, " ")
			for (q = 0; ; q++) {
				p = "rx_queue_" q "_"
				if (!((p "xdp_packets") in v))
					break
				s = 0
				for (i = 1; i <= n; i++)
					s += v[p "xdp_" verdicts[i]]
				if (s != v[p "xdp_packets"]) {
					print p "xdp_packets " v[p "xdp_packets"] " != sum of verdicts " s
					bad = 1
				}
			}
			exit bad
		}'
}

check_xdp_sum()
{
	local out

	out=$(xdp_sum_ok "$1" "$2") || fail "$2: $out"
}

############################################################################
# pktgen: the frames of lib.sh's pktgen_run (IPv4/UDP 198.51.100.1:9 ->
# 198.51.100.2:9), configured once, sent in batches or in the background

# the shell function "pg FILE CMD" for scripts run in a netns (sh -c):
# writes CMD to /proc/net/pktgen/FILE, checks pktgen's "Result: OK"
XDP_PG_SH='
pg()
{
	echo "$2" > /proc/net/pktgen/$1 || { echo "pktgen: \"$2\" > $1 failed"; exit 1; }
	[ "$1" = pgctrl ] && return 0
	pg_result $1 && return 0
	echo "pktgen: \"$2\" > $1: $PG_RESULT"
	exit 1
}
# pg_result FILE: the "Result:" line of FILE in $PG_RESULT, status 0 if OK
# (shell builtins only)
pg_result()
{
	PG_RESULT=
	while IFS= read -r l; do
		case $l in
		Result:*) PG_RESULT=$l; break ;;
		esac
	done < /proc/net/pktgen/$1
	case $PG_RESULT in
	"Result: OK"*) return 0 ;;
	esac
	return 1
}
'

# pktgen_setup NS DEV SIZE DST_MAC [QUEUE [CPU]]: frames of SIZE bytes
# from DEV (tx queue QUEUE, default 0) to DST_MAC, sent by the pktgen
# thread of CPU (default 0), for pktgen_send / pktgen_start
pktgen_setup()
{
	local ns=$1 dev=$2 size=$3 dst_mac=$4 queue=${5:-0} cpu=${6:-0} out

	[[ -e /proc/net/pktgen/kpktgend_$cpu ]] || skip "no pktgen thread for CPU $cpu"
	# one process in the netns
	out=$(nsexec "$ns" sh -c "$XDP_PG_SH"'
		for t in /proc/net/pktgen/kpktgend_*; do
			pg ${t##*/} "rem_device_all"
		done
		pg kpktgend_$6 "add_device $1"
		pg $1 "clone_skb 0"
		pg $1 "burst 1"
		pg $1 "pkt_size $2"
		pg $1 "delay 0"
		pg $1 "dst $7"
		pg $1 "src_min $8"
		pg $1 "src_max $8"
		pg $1 "dst_mac $3"
		# min = max with QUEUE_MAP_RND: all on that queue
		pg $1 "queue_map_min $4"
		pg $1 "queue_map_max $4"
		pg $1 "flag QUEUE_MAP_RND"' \
		- "$dev" "$size" "$dst_mac" "$queue" "" "$cpu" "$PG_DST_IP" \
		"$PG_SRC_IP" 2>&1) || fail "pktgen setup on $dev: $out"
	PG_NS=$ns
	PG_DEV=$dev
	PG_SIZE=$size
}

# pktgen_send COUNT: send COUNT frames as set up; returns when they are
# sent, fails unless all went out without errors
pktgen_send()
{
	local count=$1 out

	# "start" returns when the threads are done, but takes a thread that
	# has not picked the run up within 125 ms (a busy VM) for done: wait
	# for the result of this run ("count" reset it to "OK: count=...")
	out=$(nsexec "$PG_NS" sh -c "$XDP_PG_SH"'
		pg $1 "count $2"
		pg pgctrl "start"
		i=0
		while :; do
			pg_result $1
			case $PG_RESULT in
			"Result: OK: "*" usec"*) break ;;
			esac
			[ $i -lt 6000 ] || break
			sleep 0.02
			i=$((i + 1))
		done
		while IFS= read -r l; do echo "$l"; done < /proc/net/pktgen/$1' \
		- "$PG_DEV" "$count" 2>&1)
	if ! [[ "$out" =~ pkts-sofar:\ $count\ +errors:\ 0 ]] ||
	   ! [[ "$out" =~ (^|$'\n')"Result: OK: "[^$'\n']*" usec, $count ($PG_SIZE" ]]; then
		printf '%s\n' "$out" | sed 's/^/#   /'
		fail "pktgen did not send $count frames without errors"
	fi
}

# send_frames COUNT WAIT_CMD...: send COUNT frames as set up, in batches of
# at most XDP_BATCH (or $PG_BATCH if set); after each batch, run WAIT_CMD
# with the number of frames sent so far as last argument: it must wait
# until the last device on the path has got them all (e.g.
# wait_stat_delta NS DEV NAME SNAPSHOT)
send_frames()
{
	local count=$1 sent=0 n batch=${PG_BATCH:-$XDP_BATCH}
	shift

	while ((sent < count)); do
		n=$((count - sent))
		((n <= batch)) || n=$batch
		pktgen_send "$n"
		sent=$((sent + n))
		"$@" "$sent"
	done
}

# pktgen_start: send frames as set up until pktgen_stop, in the background
pktgen_start()
{
	nsexec "$PG_NS" sh -c 'echo "count 0" > /proc/net/pktgen/$1 &&
		echo start > /proc/net/pktgen/pgctrl' - "$PG_DEV" &
	PKTGEN_PID=$!
	# running once it counts frames
	slowwait 20 pktgen_sent_min 1 || fail "pktgen did not start"
}

# pktgen_sent: frames sent so far by the pktgen_start run
pktgen_sent()
{
	nsexec "$PG_NS" cat "/proc/net/pktgen/$PG_DEV" |
		sed -n 's/.*pkts-sofar: \([0-9]*\).*/\1/p'
}

pktgen_sent_min()
{
	local n

	n=$(pktgen_sent)
	[[ -n "$n" ]] && ((n >= $1))
}

# pktgen_stop: stop the pktgen_start run, set PKTGEN_SENT to the frames
# it sent; fails the test if pktgen counted errors. Not in $(...): it waits
# for the background writer.
pktgen_stop()
{
	local out

	nsexec "$PG_NS" sh -c 'echo stop > /proc/net/pktgen/pgctrl'
	wait "$PKTGEN_PID"
	out=$(nsexec "$PG_NS" cat "/proc/net/pktgen/$PG_DEV")
	if ! grep -q "pkts-sofar: [0-9]*  *errors: 0" <<<"$out"; then
		printf '%s\n' "$out" | sed 's/^/#   /'
		fail "pktgen counted errors"
	fi
	PKTGEN_SENT=$(sed -n 's/.*pkts-sofar: \([0-9]*\).*/\1/p' <<<"$out")
}

############################################################################
# The built-in rx source (module/rx_source.c): a queue's DMA engine,
# started by writing "DEV QUEUE COUNT [LEN]" to RX_SOURCE, stopped by
# "DEV QUEUE stop"; reading it gives a line a run, "DEV QUEUE active|done
# generated N elapsed_ns ...". DEV is looked up in the writer's netns and
# a reader sees its own netns' runs: both go through nsenter into the
# device's netns (ip netns exec mounts a sysfs without debugfs).

RX_SOURCE=/sys/kernel/debug/vxdp/rx_source

# rx_source_require: skip without the rx source
rx_source_require()
{
	require_cmd nsenter
	[[ -e $RX_SOURCE ]] || skip "no $RX_SOURCE (debugfs not mounted?)"
}

# rx_source NS LINE: write LINE ("DEV QUEUE COUNT [LEN]", "DEV QUEUE stop")
# from netns NS; a refused write fails the test
rx_source()
{
	must_quiet nsenter --net="/run/netns/$1" \
		sh -c 'echo "$1" > "$2"' - "$2" "$RX_SOURCE"
}

# rx_source_line NS DEV QUEUE: the line of the run on DEV's queue QUEUE
# ("" if none)
rx_source_line()
{
	nsenter --net="/run/netns/$1" cat "$RX_SOURCE" |
		awk -v d="$2" -v q="$3" '$1 == d && $2 == q'
}

# rx_source_state NS DEV QUEUE: "active N" or "done N" (N frames generated
# so far), "none" if DEV's queue QUEUE has no run
rx_source_state()
{
	local line

	line=$(rx_source_line "$@")
	[[ $line =~ ^[^\ ]+\ [0-9]+\ ([a-z]+)\ generated\ ([0-9]+)(\ |$) ]] ||
		{ echo none; return; }
	echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
}

# rx_source_running NS DEV QUEUE: a run is on and has generated frames
rx_source_running()
{
	local st

	read -r -a st <<<"$(rx_source_state "$@")"
	[[ ${st[0]} == active ]] && ((st[1] > 0))
}

# rx_source_done NS DEV QUEUE COUNT: the run ended having generated COUNT
rx_source_done()
{
	[[ "$(rx_source_state "$1" "$2" "$3")" == "done $4" ]]
}

# rx_source_wait NS DEV QUEUE COUNT [SECS]: wait (up to SECS, default 30)
# until the run ended having generated COUNT; fails the test otherwise
rx_source_wait()
{
	local line

	slowwait "${5:-30}" rx_source_done "$1" "$2" "$3" "$4" && return 0
	line=$(rx_source_line "$1" "$2" "$3")
	fail "rx source: ${line:-no run on $2 queue $3}, expected done generated $4"
}

# rx_source_run NS DEV QUEUE COUNT LEN [SECS]: COUNT frames of LEN bytes
# into DEV's queue QUEUE, written from netns NS; returns once the run is
# done (rx_source_wait)
rx_source_run()
{
	rx_source "$1" "$2 $3 $4 $5"
	rx_source_wait "$1" "$2" "$3" "$4" "${6:-30}"
}

############################################################################
# Tracing

TRACING=/sys/kernel/tracing

# trace_start EVENT...: empty the trace buffer and record EVENTs
# (subsystem/name) until trace_stop; the end of the subtest stops and
# empties it in any case
trace_start()
{
	local ev

	[[ -d $TRACING/events ]] || skip "no tracefs at $TRACING"
	for ev in "$@"; do
		[[ -e "$TRACING/events/$ev/enable" ]] || skip "no trace event $ev"
	done
	TRACE_EVENTS=("$@")
	# "N" or "N (expanded: M)" (the buffer is not allocated yet)
	TRACE_BUF_KB=$(sed 's/.*expanded: \([0-9]*\).*/\1/; s/ .*//' \
		       "$TRACING/buffer_size_kb")
	trap 'trace_stop; trace_reset' EXIT
	echo 0 >"$TRACING/tracing_on"
	# room for some 10^5 events per CPU
	echo 8192 >"$TRACING/buffer_size_kb"
	echo >"$TRACING/trace"
	for ev in "$@"; do
		echo 1 >"$TRACING/events/$ev/enable"
	done
	echo 1 >"$TRACING/tracing_on"
}

# trace_stop: stop recording (the buffer stays readable until the next
# trace_start)
trace_stop()
{
	local ev

	for ev in "${TRACE_EVENTS[@]}"; do
		echo 0 >"$TRACING/events/$ev/enable"
	done
	TRACE_EVENTS=()
}

# trace_lines: the recorded events
trace_lines()
{
	grep -v '^#' "$TRACING/trace"
}

# check_trace_complete: the buffer lost no events
check_trace_complete()
{
	! grep -q "LOST.*EVENTS" "$TRACING/trace" || fail "the trace buffer lost events"
}

# trace_reset: back to the buffer size trace_start found, buffer emptied
trace_reset()
{
	echo >"$TRACING/trace"
	[[ -z "${TRACE_BUF_KB:-}" ]] || echo "$TRACE_BUF_KB" >"$TRACING/buffer_size_kb"
}

############################################################################
# Expected counter changes, for check_deltas

# tx_counts PACKETS BYTES [QUEUE]: a vxdp device sent frames from the stack
# (pktgen) on tx queue QUEUE (default 0)
tx_counts()
{
	local q=${3:-0}

	echo ip.tx.packets="$1" ip.tx.bytes="$2" sys.tx_packets="$1" \
		sys.tx_bytes="$2" "tx_queue_${q}_packets=$1" "tx_queue_${q}_bytes=$2"
}

# rx_counts PACKETS BYTES [QUEUE]: a vxdp device received frames on rx
# queue QUEUE
rx_counts()
{
	local q=${3:-0}

	echo ip.rx.packets="$1" ip.rx.bytes="$2" sys.rx_packets="$1" \
		sys.rx_bytes="$2" "rx_queue_${q}_packets=$1" "rx_queue_${q}_bytes=$2"
}

# xdp_counts PACKETS BYTES [QUEUE]: ... and ran its XDP program on them
xdp_counts()
{
	local q=${3:-0}

	echo "rx_queue_${q}_xdp_packets=$1" "rx_queue_${q}_xdp_bytes=$2"
}

# off_counts PACKETS VERDICT INSNS [QUEUE]: the offload engine of rx queue
# QUEUE ran on PACKETS frames, returned VERDICT (pass drop tx aborted) for
# all, ran INSNS instructions
off_counts()
{
	local q=${4:-0}

	echo "rx_queue_${q}_offload_packets=$1" "rx_queue_${q}_offload_$2=$1" \
		"rx_queue_${q}_offload_insns=$3"
}

# dropped_counts PACKETS: rx frames dropped (XDP_DROP, ABORTED, failed
# XDP_TX or redirect: ndo_get_stats64's rx_dropped)
dropped_counts()
{
	echo ip.rx.dropped="$1" sys.rx_dropped="$1"
}

# xdp_dropped_counts PACKETS [QUEUE]: frames XDP consumed on rx queue QUEUE
# (XDP_DROP, ABORTED, failed XDP_TX or redirect): dropped, and their pages
# kept in their ring slots to be posted again (page reuse)
xdp_dropped_counts()
{
	echo "$(dropped_counts "$1")" "rx_queue_${2:-0}_xdp_page_reuse=$1"
}

# ring_counts PACKETS BYTES [QUEUE]: a vxdp device put frames on the wire
# from the XDP tx ring of queue pair QUEUE (XDP_TX or ndo_xdp_xmit); they
# count as device tx
ring_counts()
{
	local q=${3:-0}

	echo "rx_queue_${q}_xdp_ring_packets=$1" "rx_queue_${q}_xdp_ring_bytes=$2" \
		ip.tx.packets="$1" ip.tx.bytes="$2" sys.tx_packets="$1" \
		sys.tx_bytes="$2"
}

# stack_counts PACKETS: the stack of a netns got PACKETS of pktgen's IPv4
# frames, not for a local address (dropped by IPv4: InAddrErrors)
stack_counts()
{
	echo Ip.InReceives="$1" Ip.InAddrErrors="$1"
}

############################################################################
# Topologies of several devices (redirect tests)

# set_mac NS DEV MAC
set_mac()
{
	must ip -n "$1" link set dev "$2" address "$3"
}

# xdp_redirect_to NS DEV MODE TARGET: XDP on DEV (in NS) redirects every
# frame to device TARGET (of NS) by MODE: ifindex (bpf_redirect) or devmap
# (bpf_redirect_map); programs of progs/xdp_redirect.bpf.o
xdp_redirect_to()
{
	local ns=$1 dev=$2 mode=$3 target=$4 obj=xdp_redirect.bpf.o map ifindex

	ifindex=$(dev_ifindex "$ns" "$target")
	case $mode in
	ifindex)
		xdp_attach "$ns" "$dev" $obj xdp_redirect_ifindex
		map=$(xdp_map_id "$ns" "$dev" redirect_cfg) || fail "no redirect_cfg"
		;;
	devmap)
		xdp_attach "$ns" "$dev" $obj xdp_redirect_devmap
		map=$(xdp_map_id "$ns" "$dev" tx_port) || fail "no tx_port"
		;;
	*)
		fail "xdp_redirect_to: mode $mode"
		;;
	esac
	map_set_u32 "$map" 0 "$ifindex" "$ns"
}

# check_prog_seen NS DEV COUNT: the XDP program of DEV (one of progs/,
# with its xdp_seen map) ran COUNT times
check_prog_seen()
{
	local map

	map=$(xdp_map_id "$1" "$2" xdp_seen) || fail "no xdp_seen map on $2"
	check_eq "$(map_get "$map" 0)" "$3" "frames $2's program ran on"
}

# snap_devs NS:DEV...: counters of devices (in S[NS:DEV]) and of their
# netns (S[NS])
declare -A S
snap_devs()
{
	local nd specs=() keys=() s i

	for nd in "$@"; do
		specs+=("${nd%%:*}/${nd#*:}" "${nd%%:*}/")
		keys+=("$nd" "${nd%%:*}")
	done
	stats_split s "${specs[@]}"
	for i in "${!keys[@]}"; do
		S[${keys[i]}]=${s[i]}
	done
}

# check_dev NS:DEV NAME=VALUE...: counter changes of a device since snap_devs
check_dev()
{
	local nd=$1
	shift

	check_deltas "${nd#*:}" "${S[$nd]}" "$(xdp_stats "${nd%%:*}" "${nd#*:}")" "$@"
}

# check_ns NS NAME=VALUE...: changes of the IPv4 counters of NS since snap_devs
check_ns()
{
	local ns=$1
	shift

	check_deltas "stack of ${ns#"$VXDP_NS_PREFIX"}" "${S[$ns]}" \
		"$(ns_stats "$ns")" "$@"
}

############################################################################
# One pair: vx0 (in netns $NS0) <-> vx1 (in netns $NS1), pktgen on vx0

# setup_pair_ns [vxdp_link options...]: netns NS0 NS1 and the pair in them
setup_pair_ns()
{
	pktgen_load
	setup_ns NS0 NS1
	setup_xdp_pair "$NS0" "$NS1" vx0 vx1 "$@"
}

# snap: counters of both devices and both netns (S_VX0 S_VX1 S_NS0 S_NS1)
snap()
{
	local s

	stats_split s "$NS0/vx0" "$NS1/vx1" "$NS0/" "$NS1/"
	S_VX0=${s[0]} S_VX1=${s[1]} S_NS0=${s[2]} S_NS1=${s[3]}
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
	check_prog_seen "$NS1" vx1 "$1"
}

############################################################################
# Test selection

# xdp_run_tests DESC FUNC [DESC FUNC...]: ktap_run_tests, restricted to the
# FUNCs listed in $XDP_TESTS (space separated) when it is set, e.g.
#   XDP_TESTS="test_pass test_drop" ./vxdp_xdp_actions.sh
xdp_run_tests()
{
	local args=()

	if [[ -z "${XDP_TESTS:-}" ]]; then
		ktap_run_tests "$@"
	fi
	while (($# >= 2)); do
		[[ " $XDP_TESTS " != *" $2 "* ]] || args+=("$1" "$2")
		shift 2
	done
	((${#args[@]})) || ktap_exit_fail_msg "no test of XDP_TESTS='$XDP_TESTS' here"
	ktap_run_tests "${args[@]}"
}
