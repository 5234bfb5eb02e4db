#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The sequence that panics Debian 6.1's veth -- pktgen's shared skbs into a
# device whose peer runs a generic XDP program (pskb_expand_head() BUG on a
# shared skb) -- aimed at vxdp: pktgen on vx0, a generic program on vx1
# (XDP_PASS, XDP_TX, XDP_REDIRECT to another vxdp), plain and with shared
# skbs (clone_skb, burst). vxdp copies every frame into its own buffers, so
# the program only ever sees vxdp's fresh skbs: vxdp survives, and the
# counters account for every frame (received or ring-full, program verdicts,
# sent on or dropped at a stopped queue, delivered or ring-full).

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/equiv_lib.sh"

PIN=/sys/fs/bpf/vxdp_generic_pktgen

# pktgen_gen NS DEV COUNT DST_MAC CLONE BURST: COUNT 200-byte UDP frames
# from DEV, each skb sent CLONE+1 times, BURST at a time (one shell for the
# whole configuration: every process costs under TCG)
pktgen_gen()
{
	local ns=$1 dev=$2 count=$3 mac=$4 clone=$5 burst=$6 out

	pktgen_load
	out=$(ip netns exec "$ns" sh -c '
		pg() {
			echo "$2" > /proc/net/pktgen/$1 || exit 1
			[ "$1" = pgctrl ] ||
				grep -q "^Result: OK" /proc/net/pktgen/$1 ||
				{ echo "pktgen: $2: $(grep ^Result: /proc/net/pktgen/$1)"; exit 1; }
		}
		dev=$1
		pg kpktgend_0 "rem_device_all"
		pg kpktgend_0 "add_device $dev"
		pg $dev "count $2"
		pg $dev "clone_skb $4"
		pg $dev "burst $5"
		pg $dev "pkt_size 200"
		pg $dev "delay 0"
		pg $dev "dst 10.99.2.3"
		pg $dev "src_min 10.99.1.2"
		pg $dev "src_max 10.99.1.2"
		pg $dev "dst_mac $3"
		pg pgctrl "start"
		# "start" returns early if the thread was slow to start: wait
		i=0
		while ! grep -q "^Result: OK" /proc/net/pktgen/$dev && [ $i -lt 600 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		cat /proc/net/pktgen/$dev
		pg kpktgend_0 "rem_device_all"' sh "$dev" "$count" "$mac" "$clone" "$burst" 2>&1)
	# a burst may overshoot the count
	PKTGEN_SENT=$(sed -n 's/.*pkts-sofar: \([0-9]*\)  *errors: 0.*/\1/p' <<<"$out")
	if ! grep -q "^Result: OK" <<<"$out" || [[ -z "$PKTGEN_SENT" ]] ||
	   ((PKTGEN_SENT < count)); then
		printf '%s\n' "$out" | sed 's/^/#   /'
		fail "pktgen did not send $count frames without errors"
	fi
}

# pktgen_variant PROG VERDICT CLONE BURST: pktgen on vx0 -> vx1 running
# PROG in generic mode; every frame is accounted for (counter deltas)
pktgen_variant()
{
	local prog=$1 verdict=$2 clone=$3 burst=$4 n=3200
	local b0 b1 b2 b3 a0 a1 a2 a3 rx drops seen out_rx out_drops d
	local td1 td2 sent stopped

	must "$XDP_EQUIV" attach --netns "$EQ" --dev vx1 --mode generic \
		--obj "$(corpus_obj "$prog")" --pin "$PIN"
	b0=$(eth_snap "$EQ" vx0) b1=$(eth_snap "$EQ" vx1)
	b2=$(eth_snap "$EQ" vx2) b3=$(eth_snap "$EQ" vx3)
	td1=$(sys_stat "$EQ" vx1 tx_dropped) td2=$(sys_stat "$EQ" vx2 tx_dropped)
	pktgen_gen "$EQ" vx0 $n $MAC_VX1 "$clone" "$burst"
	n=$PKTGEN_SENT
	slowwait 10 eval '[[ "$(prog_counter $PIN seen)" == \
		$(($(eth "$EQ" vx1 rx_queue_0_packets) - $(snap_get "$b1" rx_queue_0_packets))) ]]' ||
		fail "$prog: program saw $(prog_counter $PIN seen) frames, vx1 received more"
	# what the program sent on: allow the wire to settle
	d=$([[ $verdict == redirect ]] && echo vx3 || echo vx0)
	slowwait 5 eval '[[ "$(eth_snap "$EQ" $d)" == "$(sleep 0.5; eth_snap "$EQ" $d)" ]]'
	a0=$(eth_snap "$EQ" vx0) a1=$(eth_snap "$EQ" vx1)
	a2=$(eth_snap "$EQ" vx2) a3=$(eth_snap "$EQ" vx3)

	rx=$(snap_delta "$b1" "$a1" rx_queue_0_packets)
	drops=$(snap_delta "$b1" "$a1" rx_queue_0_drops)
	seen=$(prog_counter $PIN seen)
	check_eq $((rx + drops)) $n "$prog: vx1 frames received + ring-full drops"
	check_eq "$seen" "$rx" "$prog: program runs"
	check_eq "$(prog_counter $PIN "$verdict")" "$seen" "$prog: $verdict verdicts"
	check_eq "$(snap_delta "$b1" "$a1" rx_queue_0_xdp_packets)" 0 \
		"$prog: vx1 native XDP counters"
	case $verdict in
	pass)
		out_rx=$seen out_drops=0
		;;
	tx)
		# generic_xdp_tx() drops (and counts in tx_dropped) what
		# meets a stopped queue: the peer's ring was full
		sent=$(snap_delta "$b1" "$a1" tx_queue_0_packets)
		stopped=$(($(sys_stat "$EQ" vx1 tx_dropped) - td1))
		check_eq $((sent + stopped)) "$seen" \
			"$prog: vx1 tx_queue_0_packets + tx_dropped (queue stopped)"
		check_eq "$(snap_delta "$b1" "$a1" tx_queue_0_drops)" 0 \
			"$prog: vx1 tx_queue_0_drops"
		out_rx=$(snap_delta "$b0" "$a0" rx_queue_0_packets)
		out_drops=$(snap_delta "$b0" "$a0" rx_queue_0_drops)
		check_eq $((out_rx + out_drops)) "$sent" \
			"$prog: vx0 frames received + ring-full drops"
		;;
	redirect)
		sent=$(snap_delta "$b2" "$a2" tx_queue_0_packets)
		stopped=$(($(sys_stat "$EQ" vx2 tx_dropped) - td2))
		check_eq $((sent + stopped)) "$seen" \
			"$prog: vx2 tx_queue_0_packets + tx_dropped (queue stopped)"
		check_eq "$(snap_delta "$b2" "$a2" tx_queue_0_drops)" 0 \
			"$prog: vx2 tx_queue_0_drops"
		out_rx=$(snap_delta "$b3" "$a3" rx_queue_0_packets)
		out_drops=$(snap_delta "$b3" "$a3" rx_queue_0_drops)
		check_eq $((out_rx + out_drops)) "$sent" \
			"$prog: vx3 frames received + ring-full drops"
		;;
	esac
	log "pktgen $n (clone_skb $clone, burst $burst): vx1 received $rx (ring full: $drops), $prog $verdict $seen, sent on ${sent:-0} (queue stopped: ${stopped:-0}), delivered $out_rx (ring full: $out_drops)"
	must ip -n "$EQ" link set dev vx1 xdpgeneric off
	rm -rf "$PIN"
}

# The sequence that panics 6.1's veth (pktgen's shared skbs into a device
# whose peer runs generic XDP), aimed at vxdp, in all its variants.
test_pktgen()
{
	rm -rf "$PIN"*
	equiv_setup
	pktgen_variant corpus_pass pass 0 1
	pktgen_variant corpus_tx tx 0 1
	pktgen_variant corpus_redirect redirect 0 1
	# one skb sent 1000 times, 16 at a time (skb->users up to 17)
	pktgen_variant corpus_tx tx 999 16
	pktgen_variant corpus_redirect redirect 999 16
}

vxdp_init bpftool jq "$XDP_EQUIV"
ktap_run_tests \
	"pktgen -> vxdp with generic XDP PASS, TX, REDIRECT (shared skbs too)" test_pktgen
