#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Native XDP == generic XDP on vxdp, proven on a corpus of programs
# (progs/corpus_*.bpf.c): for each one, xdp_equiv injects the same
# deterministic set of crafted frames (IPv4/IPv6 UDP/TCP/ICMP, ARP, VLAN and
# QinQ, odd EtherTypes, IPIP, malformed IP; 60..1514 bytes) into the DUT in
# native mode, then in generic mode, and requires identical results at
# every observer (the DUT's peer, both redirect targets, the DUT's stack,
# an AF_XDP socket, a UDP socket, a tc metadata consumer) and agreeing
# counters. Differences the kernel causes are asserted as expected
# differences (see EQUIVALENCE.md): per program with xdp_equiv --expect,
# for every program in xdp_equiv's counter rules.
#
# Then the xdp.frags programs (MB_CORPUS) at MTU 9000, on a packet set
# that also has frames of 3500 to 9000 bytes (multi-buffer natively), and
# the offload variant of every corpus program (OFFLOAD): offload vs native
# where the engine accepts it, refused with the verifier log's message
# where it does not.
#
# EQUIV_COUNT=N frames per program (default 1200, at least 1000 for the
# claim), EQUIV_PROGS="corpus_x corpus_y" (or comma-separated) runs a
# subset: a program's name its native/generic test, "offload" all offload
# tests, "offload:corpus_x" one, "gro" the GRO test.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/equiv_lib.sh"

EQUIV_COUNT=${EQUIV_COUNT:-1200}

# program, extra xdp_equiv options
CORPUS=(
	corpus_pass		""
	corpus_drop		""
	corpus_aborted		""
	corpus_tx		""
	corpus_swap_tx		""
	corpus_verdicts		""
	corpus_redirect		""
	corpus_devmap		""
	corpus_devmap_hash	""
	corpus_devmap_bcast	""
	corpus_devmap_prog	""
	corpus_cpumap		"--no-gro"
	corpus_cpumap_prog	"--expect cpumap-prog-skb --no-gro"
	corpus_xsk		""
	corpus_encap		""
	corpus_decap		""
	corpus_tail_grow	""
	corpus_tail_shrink	""
	corpus_meta		""
	corpus_meta_cpumap	"--expect meta-cpumap --no-gro"
	corpus_meta_xsk		""
	corpus_load_store	""
	corpus_fib		"--sysctl net/ipv4/conf/vx1/forwarding=1 --sysctl net/ipv6/conf/vx1/forwarding=1"
	corpus_bad_ret		""
	corpus_nat		""
	corpus_tcp_reflect	""
	corpus_skb_len		""
)

# xdp.frags programs, at MTU 9000 on frames up to 9000 bytes (--jumbo)
MB_CORPUS=(
	corpus_mb_pass		""
	corpus_mb_drop		""
	corpus_mb_tx		""
	corpus_mb_load_store	""
	corpus_mb_tail_shrink	""
	corpus_mb_tail_grow	"--expect mb-grow"
	corpus_mb_cpumap	"--no-gro"
	corpus_mb_devmap	""
)
MB_MAX=9000

# The offload variants (progs/corpus_*.off.o, the counters in an offloaded
# array): "=" the engine accepts it and offload must equal native,
# otherwise the message the verifier log must have when the engine (or
# the kernel) refuses it. README "Offload" says why for each.
MISMATCH="offload device mismatch between prog and map"
OFFLOAD=(
	corpus_pass		"="
	corpus_drop		"="
	corpus_aborted		"="
	corpus_tx		"="
	corpus_swap_tx		"="
	corpus_verdicts		"="
	corpus_bad_ret		"="
	corpus_encap		"="
	corpus_decap		"="
	corpus_tail_shrink	"="
	corpus_meta		"="
	corpus_nat		"="
	corpus_tcp_reflect	"="
	corpus_skb_len		"="
	corpus_redirect		"helper 23: the offload engine cannot redirect (XDP_REDIRECT is not supported)"
	corpus_fib		"helper 69 is not supported by the offload engine"
	corpus_load_store	"helper 189 is not supported by the offload engine"
	corpus_tail_grow	"helper 190 is not supported by the offload engine"
	corpus_devmap		"$MISMATCH"
	corpus_devmap_hash	"$MISMATCH"
	corpus_devmap_bcast	"$MISMATCH"
	corpus_devmap_prog	"$MISMATCH"
	corpus_cpumap		"$MISMATCH"
	corpus_cpumap_prog	"$MISMATCH"
	corpus_meta_cpumap	"$MISMATCH"
	corpus_xsk		"$MISMATCH"
	corpus_meta_xsk		"$MISMATCH"
)

# equiv_one PROG OPTIONS...: native vs generic for one corpus program, on
# the topology set up once for all of them
#
# --no-gro (this script's, not xdp_equiv's): GRO off on the DUT for the run.
# From 7.x the cpumap kthread hands its skbs to GRO, which generic XDP
# elides on its device (netif_elide_gro(): dev->xdp_prog) and native XDP
# does not: TCP frames redirected through a CPUMAP are held and reach the
# stack after later UDP ones natively only. GRO off, both modes deliver in
# wire order, as every kernel does without GRO in the cpumap kthread.
equiv_one()
{
	local prog=$1 args=() a gro=
	shift

	for a in "$@"; do
		if [[ $a == --no-gro ]]; then gro=off; else args+=("$a"); fi
	done
	[[ -z $gro ]] || must_quiet eqx ethtool -K vx1 gro off
	eqx "$XDP_EQUIV" compare --obj "$(corpus_obj "$prog")" \
		--count "$EQUIV_COUNT" ${args[@]+"${args[@]}"} ||
		fail "$prog: native and generic differ"
	[[ -z $gro ]] || must_quiet eqx ethtool -K vx1 gro on
}

# offload_one PROG EXPECTED: the offload variant of PROG against native
# ("="), or refused with the message EXPECTED
offload_one()
{
	local obj=$PROGS_DIR/$1.off.o

	if [[ $2 == "=" ]]; then
		eqx "$XDP_EQUIV" compare --offload --obj "$obj" \
			--count "$EQUIV_COUNT" || fail "$1: offload and native differ"
	else
		eqx "$XDP_EQUIV" offload-refused --obj "$obj" --refused "$2" ||
			fail "$1: not refused by the offload engine with \"$2\""
	fi
}

# kernel_before MAJ MIN: the running kernel is older than MAJ.MIN
kernel_before()
{
	local maj min

	IFS=. read -r maj min _ <<<"$(uname -r)"
	((maj < $1 || (maj == $1 && min < $2)))
}

# The topology for the xdp.frags programs: MTU 9000 everywhere, and the
# veth target's peer runs an xdp.frags program (veth refuses an MTU above
# a page with a program that is not).
equiv_jumbo()
{
	must ip -n "$EQ" link set dev ve1 xdpdrv off
	must ip -n "$EQ" -batch - <<-EOF
		link set dev vx0 mtu $MB_MAX
		link set dev vx1 mtu $MB_MAX
		link set dev vx2 mtu $MB_MAX
		link set dev vx3 mtu $MB_MAX
		link set dev ve0 mtu $MB_MAX
		link set dev ve1 mtu $MB_MAX
		link set dev ve1 xdpdrv obj $(corpus_obj corpus_mb_pass) sec xdp.frags
	EOF
}

# tcp_closed: no socket of the GRO test's connection is left on either
# side but in TIME-WAIT (a side in LAST-ACK still waits for a frame)
tcp_closed()
{
	! ip netns exec "$NB" ss -Htan 'sport = :5201 or dport = :5201' |
		grep -qv TIME-WAIT &&
	! ip netns exec "$NA" ss -Htan 'sport = :5201 or dport = :5201' |
		grep -qv TIME-WAIT
}

# The kernel difference behind the packet set's equivalence: on 6.1 a
# generic XDP program turns GRO off for its device (netif_elide_gro()), so
# it sees what native XDP sees, frame by frame, while native XDP runs
# before the driver's GRO. A TCP stream into the DUT: both programs see
# every frame; the stack (a tc ingress counter) gets GRO-merged skbs with
# native XDP only.
test_gro()
{
	local mode rx0 sink seen skbs maxlen frames
	local pin=/sys/fs/bpf/vxdp_equiv_gro

	setup_ns NA NB
	must "$VXDP_LINK" -n "$NA" add vx0 peer vx1 peer-netns "$NB"
	quiet_dev "$NA" vx0 $MAC_VX0
	quiet_dev "$NB" vx1 $MAC_VX1
	must ip -n "$NA" addr add 10.99.7.1/24 dev vx0
	must ip -n "$NB" addr add 10.99.7.2/24 dev vx1
	must ip -n "$NA" link set vx0 up
	must ip -n "$NB" link set vx1 up
	must_quiet ip netns exec "$NB" ethtool -K vx1 gro on

	for mode in native generic; do
		rm -rf "$pin"
		must "$XDP_EQUIV" attach --netns "$NB" --dev vx1 --mode $mode \
			--tgt vx1 --tgt6 vx1 --obj "$(corpus_obj corpus_skb_len)" \
			--pin "$pin" --tc
		rx0=$(sys_stat "$NB" vx1 rx_packets)
		ip netns exec "$NB" "$XDP_EQUIV" tcp-sink --port 5201 \
			--bytes 3000000 >/tmp/equiv_sink.out 2>&1 &
		sink=$!
		slowwait 30 grep -q listening /tmp/equiv_sink.out ||
			fail "tcp-sink did not start"
		must ip netns exec "$NA" "$XDP_EQUIV" tcp-source --dst 10.99.7.2 \
			--port 5201 --bytes 3000000
		wait $sink || { cat /tmp/equiv_sink.out; fail "tcp-sink"; }
		# the connection's last frames (FIN, ACK) in before counting,
		# not in the next mode's window
		slowwait 30 tcp_closed || fail "the test connection did not close"
		frames=$(($(sys_stat "$NB" vx1 rx_packets) - rx0))
		seen=$(prog_counter $pin seen)
		skbs=$(prog_counter $pin tc_skbs)
		maxlen=$(prog_counter $pin tc_max_len)
		log "$mode: vx1 received $frames frames, the XDP program saw $seen, the stack got $skbs skbs of up to $maxlen bytes"
		check_eq "$seen" "$frames" "$mode: XDP program runs = frames received"
		if [[ $mode == native ]]; then
			((maxlen > 1514 && skbs < frames)) ||
				fail "native: no GRO-merged skb reached the stack"
			must ip -n "$NB" link set dev vx1 xdpdrv off
		else
			# expected difference: no GRO behind generic XDP
			((maxlen <= 1514 && skbs >= frames)) ||
				fail "generic: GRO merged skbs behind a generic XDP program"
			must ip -n "$NB" link set dev vx1 xdpgeneric off
		fi
		must ip netns exec "$NB" tc qdisc del dev vx1 clsact
		rm -rf "$pin"
	done
}

vxdp_init bpftool jq "$XDP_EQUIV"

sel=" ${EQUIV_PROGS//,/ } "
# selected NAME: EQUIV_PROGS is empty or names NAME
selected()
{
	[[ -z "${EQUIV_PROGS:-}" || $sel == *" $1 "* ]]
}

progs=()
for ((i = 0; i < ${#CORPUS[@]}; i += 2)); do
	p=${CORPUS[i]}
	selected "$p" || continue
	[[ -f "$(corpus_obj "$p")" ]] || ktap_exit_fail_msg "$(corpus_obj "$p") not built"
	progs+=("$p" "${CORPUS[i + 1]}")
done
mbprogs=()
for ((i = 0; i < ${#MB_CORPUS[@]}; i += 2)); do
	p=${MB_CORPUS[i]}
	selected "$p" || continue
	[[ -f "$(corpus_obj "$p")" ]] || ktap_exit_fail_msg "$(corpus_obj "$p") not built"
	mbprogs+=("$p" "${MB_CORPUS[i + 1]} --jumbo $MB_MAX")
done
offprogs=()
for ((i = 0; i < ${#OFFLOAD[@]}; i += 2)); do
	p=${OFFLOAD[i]}
	selected offload || selected "offload:$p" || continue
	[[ -f "$PROGS_DIR/$p.off.o" ]] || ktap_exit_fail_msg "$PROGS_DIR/$p.off.o not built"
	offprogs+=("$p" "${OFFLOAD[i + 1]}")
done
gro=0
selected gro && gro=1

# Not ktap_run_tests: the topology is built once and shared by the corpus
# subtests (building it takes longer than a comparison under TCG).
ktap_print_header
ktap_set_plan $(((${#progs[@]} + ${#offprogs[@]} + ${#mbprogs[@]}) / 2 + gro))
if ((${#progs[@]} + ${#offprogs[@]} + ${#mbprogs[@]})); then
	(equiv_setup) || ktap_exit_fail_msg "cannot build the equivalence topology"
	EQ=${VXDP_NS_PREFIX}eq
	for ((i = 0; i < ${#progs[@]}; i += 2)); do
		log "--- ${progs[i]} ($(date +%T))"
		# shellcheck disable=SC2086	# options are words
		(equiv_one "${progs[i]}" ${progs[i + 1]})
		ktap_test_result "${progs[i]}: native and generic XDP equivalent" $?
	done
	for ((i = 0; i < ${#offprogs[@]}; i += 2)); do
		log "--- offload ${offprogs[i]} ($(date +%T))"
		(offload_one "${offprogs[i]}" "${offprogs[i + 1]}")
		rc=$?
		if [[ ${offprogs[i + 1]} == "=" ]]; then
			ktap_test_result "${offprogs[i]}: offloaded and native XDP equivalent" $rc
		else
			ktap_test_result "${offprogs[i]}: refused by the offload engine" $rc
		fi
	done
	if ((${#mbprogs[@]})); then
		(equiv_jumbo) || ktap_exit_fail_msg "cannot set the topology to MTU $MB_MAX"
	fi
	for ((i = 0; i < ${#mbprogs[@]}; i += 2)); do
		if [[ ${mbprogs[i]} == corpus_mb_cpumap ]] && ! kernel_before 6 8; then
			ktap_test_skip "${mbprogs[i]}: from 6.8 a generic XDP CPUMAP redirect of a multi-buffer skb reaches the stack corrupted (EQUIVALENCE.md)"
			continue
		fi
		if [[ ${mbprogs[i]} == corpus_mb_devmap ]] && kernel_before 6 8; then
			ktap_test_skip "${mbprogs[i]}: before 6.8 xdp_do_redirect() refuses multi-buffer frames into devices (vxdp_xdp_mb.sh)"
			continue
		fi
		log "--- ${mbprogs[i]} at MTU $MB_MAX ($(date +%T))"
		# shellcheck disable=SC2086	# options are words
		(equiv_one "${mbprogs[i]}" ${mbprogs[i + 1]})
		ktap_test_result "${mbprogs[i]}: native (multi-buffer) and generic XDP equivalent at MTU $MB_MAX" $?
	done
	vxdp_cleanup_test
fi
if ((gro)); then
	log "--- test_gro ($(date +%T))"
	(test_gro)
	rc=$?
	vxdp_cleanup_test
	ktap_test_result "expected difference: GRO behind native XDP, none behind generic XDP" $rc
fi
ktap_finished
