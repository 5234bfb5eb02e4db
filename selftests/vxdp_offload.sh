#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# XDP offload on vxdp (vx0 in ns0 <-> vx1 in ns1): programs loaded for
# vx1 are verified for its engine, attached in offload mode (xdpoffload)
# and run by the engine on every frame before the native hook. Verdicts
# with every counter exact, offloaded maps read and written by bpftool
# while the program runs, constructs the engine refuses (with the verifier
# log's message), the instruction budget, offload and native together,
# replacement under traffic, device removal and rmmod with programs and
# maps bound.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$(dirname "$(realpath "$0")")/xdp_lib.sh"

N=2000
SIZE=100
BYTES=$((N * SIZE))
OBJ=offload_verdicts.bpf.o
COUNT_OBJ=offload_count.bpf.o
# a bpffs of our own: ip netns exec hides the one under /sys
PIN=/tmp/vxdp_offload_bpffs
# enum xdp_attached (if_link.h)
XDP_ATTACHED_HW=3
XDP_ATTACHED_MULTI=4
# instructions the engine runs per frame at most (offload_engine.c)
ENGINE_BUDGET=8192
# the offload device's error knobs (module/offload.c)
KNOBS=/sys/kernel/debug/vxdp_offload

# end of a subtest: knobs back to normal, our bpffs gone
off_cleanup()
{
	local k

	for k in refuse_bind refuse_map_alloc refuse_helper; do
		[[ ! -e $KNOBS/$k ]] || echo 0 >"$KNOBS/$k"
	done
	if mountpoint -q "$PIN"; then
		rm -rf "${PIN:?}"/*
		umount "$PIN"
	fi
	rmdir "$PIN" 2>/dev/null
}

setup()
{
	xdp_require "$OBJ" "$COUNT_OBJ"
	setup_pair_ns "$@"
	mkdir -p "$PIN"
	mountpoint -q "$PIN" || must mount -t bpf bpf "$PIN"
	# (ip's BPF loader may add its tc/globals there)
	trap off_cleanup EXIT
}

# off_prog_id NS DEV: id of the offloaded program, "" if none
off_prog_id()
{
	link_json "$1" "$2" \
		".xdp.attached // [] | map(select(.mode == $XDP_ATTACHED_HW))[0].prog.id // empty"
}

test_attach()
{
	local id nid out max

	setup
	off_attach "$NS1" vx1 "$OBJ" off_drop
	id=$(off_prog_id "$NS1" vx1)
	[[ -n "$id" ]] || fail "no offloaded program in ip -j link"
	check_eq "$(link_json "$NS1" vx1 .xdp.mode)" "$XDP_ATTACHED_HW" \
		"IFLA_XDP_ATTACHED (3 = XDP_ATTACHED_HW)"
	out=$(ip -n "$NS1" -d link show dev vx1)
	head -n 1 <<<"$out" | grep -q " mtu 1500 xdpoffload " ||
		fail "ip link does not show offload mode: $(head -n 1 <<<"$out")"
	grep -q "prog/xdp id $id name off_drop" <<<"$out" ||
		fail "ip -d link does not show 'prog/xdp id $id': $out"
	# the program is the device's: bpftool shows where it lives
	check_eq "$(ip netns exec "$NS1" bpftool prog show id "$id" -j | jq -r .dev.ifname)" \
		vx1 "bpftool prog show: device of the program"
	check_eq "$(ip netns exec "$NS1" bpftool net show dev vx1 -j |
		    jq -r '.[0].xdp[0].mode')" offload "bpftool net: XDP mode"
	# MTU capped while an offloaded program is attached
	max=$(link_json "$NS1" vx1 .max_mtu)
	((max >= 1500 && max < 9000)) || fail "max_mtu with an offloaded program: $max"

	# native at the same time: both shown
	xdp_attach "$NS1" vx1 xdp_actions.bpf.o xdp_pass
	nid=$(link_json "$NS1" vx1 \
	      ".xdp.attached | map(select(.mode == $XDP_ATTACHED_DRV))[0].prog.id")
	check_eq "$(link_json "$NS1" vx1 .xdp.mode)" "$XDP_ATTACHED_MULTI" \
		"IFLA_XDP_ATTACHED with both (4 = XDP_ATTACHED_MULTI)"
	check_eq "$(off_prog_id "$NS1" vx1)" "$id" "offloaded program with a native one"
	out=$(ip -n "$NS1" -d link show dev vx1)
	grep -q "prog/xdpdrv id $nid name xdp_pass" <<<"$out" &&
		grep -q "prog/xdpoffload id $id name off_drop" <<<"$out" ||
		fail "ip -d link does not show both programs: $out"
	check_eq "$(ip netns exec "$NS1" bpftool net show dev vx1 -j |
		    jq -r '[.[0].xdp[0].multi_attachments[]?.mode] | sort | join(",")')" \
		driver,offload \
		"bpftool net: both modes"

	must_quiet ip -n "$NS1" link set dev vx1 xdpoffload off
	xdp_detach "$NS1" vx1
	check_eq "$(link_json "$NS1" vx1 '.xdp.attached | length')" 0 "programs after detach"
	check_eq "$(link_json "$NS1" vx1 .max_mtu)" 9000 "max_mtu after detach"
}

# a program loaded for vx0 cannot go on vx1 (each device is its own
# offload device), nor a plain one in offload mode, nor an offloaded one
# in native mode
test_bound_elsewhere()
{
	setup
	must_quiet ip netns exec "$NS0" bpftool prog load "$XDP_PROGS_DIR/$OBJ" \
		"$PIN/p" type xdp dev vx0
	check_eq "$(ip netns exec "$NS0" bpftool prog show pinned "$PIN/p" -j |
		    jq -r .dev.ifname)" vx0 \
		"device of the program loaded for vx0"
	! ip -n "$NS1" link set dev vx1 xdpoffload pinned "$PIN/p" 2>/dev/null ||
		fail "a program loaded for vx0 attached to vx1"
	! ip -n "$NS0" link set dev vx0 xdpdrv pinned "$PIN/p" 2>/dev/null ||
		fail "an offloaded program attached in native mode"
	must_quiet ip -n "$NS0" link set dev vx0 xdpoffload pinned "$PIN/p"
	must_quiet ip -n "$NS0" link set dev vx0 xdpoffload off
	rm -f "$PIN/p"
	must_quiet bpftool prog load "$XDP_PROGS_DIR/$OBJ" "$PIN/q" type xdp
	must_fail_msg "vxdp: xdpoffload of a program not loaded for the device (load it with its ifindex)" \
		ip -n "$NS1" link set dev vx1 xdpoffload pinned "$PIN/q"
	rm -f "$PIN/q"
	check_eq "$(link_json "$NS1" vx1 '.xdp.attached | length')" 0 \
		"programs after the refused attaches"
}

test_pass()
{
	setup
	off_attach "$NS1" vx1 "$OBJ" off_pass
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_offload_packets
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(off_counts $N pass $((2 * N)))
	check_ns1 $(stack_counts $N)
	check_ns0
}

test_drop()
{
	setup
	off_attach "$NS1" vx1 "$OBJ" off_drop
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_offload_packets
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(off_counts $N drop $((2 * N))) \
		$(xdp_dropped_counts $N)
	check_ns1
	check_ns0
}

# XDP_TX in the engine: back out of vx1's XDP tx ring to vx0, as they
# came (to vx1's MAC address: vx0's stack drops them as not for it)
test_tx()
{
	setup
	off_attach "$NS1" vx1 "$OBJ" off_tx
	snap
	send $N $SIZE 0 wait_vx0 rx_queue_0_packets
	check_vx0 $(tx_counts $N $BYTES) $(rx_counts $N $BYTES) ip.rx.otherhost=$N
	check_vx1 $(rx_counts $N $BYTES) $(off_counts $N tx $((2 * N))) \
		$(ring_counts $N $BYTES)
	check_ns0
	check_ns1
}

# check_off_aborting OBJ PROG ACTION INSNS: every frame is dropped, counted
# as aborted and traced on xdp:xdp_exception with ACTION, INSNS
# instructions per frame
check_off_aborting()
{
	local id ifindex lines

	setup
	off_attach "$NS1" vx1 "$1" "$2"
	shift
	id=$(off_prog_id "$NS1" vx1)
	ifindex=$(dev_ifindex "$NS1" vx1)
	snap
	trace_start xdp/xdp_exception
	trap 'trace_stop; trace_reset; off_cleanup' EXIT
	send $N $SIZE 0 wait_vx1 rx_queue_0_offload_packets
	trace_stop
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(off_counts $N aborted $(($3 * N))) \
		$(xdp_dropped_counts $N)
	check_ns1
	check_ns0
	check_trace_complete
	lines=$(trace_lines)
	check_eq "$(grep -c "xdp_exception: prog_id=$id action=$2 ifindex=$ifindex\$" <<<"$lines")" \
		"$N" "xdp_exception events of vx1 with action=$2"
	check_eq "$(grep -c . <<<"$lines")" "$N" "trace events in all"
}

test_aborted()
{
	check_off_aborting "$OBJ" off_aborted ABORTED 2
}

test_invalid_action()
{
	check_off_aborting "$OBJ" off_invalid 0x2a 2
}

# a loop the verifier accepts but that runs past the engine's budget
test_budget()
{
	check_off_aborting "$COUNT_OBJ" off_budget ABORTED $ENGINE_BUDGET
}

# bpf_xdp_adjust_head/tail in the engine: the frame moves and comes back
test_adjust()
{
	local insns

	setup
	off_attach "$NS1" vx1 "$COUNT_OBJ" off_adjust
	snap
	send 1 $SIZE 0 wait_vx1 rx_queue_0_offload_packets
	insns=$(($(stat_of "$NS1" vx1 rx_queue_0_offload_insns) -
		 $(snap_get "$S_VX1" rx_queue_0_offload_insns)))
	check_ge "$insns" 10 "instructions of one off_adjust run"
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_offload_packets
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(off_counts $N pass $((insns * N)))
	check_ns1 $(stack_counts $N)
	check_ns0
}

# stat_of NS DEV NAME: one counter of a device now
stat_of()
{
	snap_get "$(xdp_stats "$1" "$2")" "$3"
}

# u64_at MAP_ID KEY_BYTES OFF: the u64 at byte OFF of the value of a key
u64_at()
{
	ip netns exec "$NS1" bpftool map lookup id "$1" key $2 -j |
		jq -r --argjson o "$3" '[.value[$o:$o + 8][] | ltrimstr("0x") |
			explode | map(if . >= 97 then . - 87 else . - 48 end) |
			.[0] * 16 + .[1]] | to_entries |
			map(.value * pow(256; .key)) | add'
}

# offloaded maps: the program counts in the device, bpftool reads and
# writes the device's copy while it runs
test_maps()
{
	local id stats protos first insns udp="17 0 0 0" ifindex

	setup
	off_attach "$NS1" vx1 "$COUNT_OBJ" off_count
	id=$(off_prog_id "$NS1" vx1)
	stats=$(prog_map_id "$id" off_stats)
	protos=$(prog_map_id "$id" off_protos)
	[[ -n "$stats" && -n "$protos" ]] || fail "maps of the offloaded program not found"
	check_eq "$(ip netns exec "$NS1" bpftool map show id "$protos" -j | jq -r .dev.ifname)" \
		vx1 "device of the offloaded map"
	check_eq "$(ip netns exec "$NS1" bpftool map dump id "$protos" -j | jq length)" 0 \
		"hash entries before traffic"

	# how many instructions the engine runs: for the first UDP frame
	# (which adds the hash entry), for the others
	snap
	send 1 $SIZE 0 wait_vx0 rx_queue_0_packets
	first=$(($(stat_of "$NS1" vx1 rx_queue_0_offload_insns) -
		 $(snap_get "$S_VX1" rx_queue_0_offload_insns)))
	snap
	send 1 $SIZE 0 wait_vx0 rx_queue_0_packets
	insns=$(($(stat_of "$NS1" vx1 rx_queue_0_offload_insns) -
		 $(snap_get "$S_VX1" rx_queue_0_offload_insns)))
	log "off_count: $first instructions for the first frame, $insns for the next"
	check_ge "$insns" 50 "instructions of one off_count run"
	check_ge "$first" $((insns + 1)) "instructions of the run that adds the entry"

	snap
	send $N $SIZE 0 wait_vx0 rx_queue_0_packets
	check_vx0 $(tx_counts $N $BYTES) $(rx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(off_counts $N tx $((insns * N))) \
		$(ring_counts $N $BYTES)
	check_ns0 $(stack_counts $N)
	check_ns1
	ifindex=$(dev_ifindex "$NS1" vx1)
	check_eq "$(u64_at "$stats" "0 0 0 0" 0)" $((N + 2)) "frames counted by the program"
	check_eq "$(u64_at "$stats" "1 0 0 0" 0)" "$ifindex" "ingress_ifindex the program saw"
	check_eq "$(u64_at "$stats" "2 0 0 0" 0)" 0 "rx_queue_index the program saw"
	check_eq "$(u64_at "$protos" "$udp" 0)" $((N + 2)) "UDP frames in the hash"
	check_eq "$(u64_at "$protos" "$udp" 8)" $(((N + 2) * SIZE)) "UDP bytes in the hash"
	check_eq "$(ip netns exec "$NS1" bpftool map dump id "$protos" -j | jq length)" 1 \
		"hash entries"

	# the host writes the device copy: the program goes on from there
	must_quiet ip netns exec "$NS1" bpftool map update id "$stats" key 0 0 0 0 \
		value 0 0 0 0 0 0 0 0
	must_quiet ip netns exec "$NS1" bpftool map delete id "$protos" key $udp
	check_eq "$(ip netns exec "$NS1" bpftool map dump id "$protos" -j | jq length)" 0 \
		"hash entries after delete"
	must_quiet ip netns exec "$NS1" bpftool map update id "$protos" key 6 0 0 0 \
		value 1 0 0 0 0 0 0 0 2 0 0 0 0 0 0 0
	snap
	send $N $SIZE 0 wait_vx0 rx_queue_0_packets
	check_vx1 $(rx_counts $N $BYTES) \
		$(off_counts $N tx $((first + insns * (N - 1)))) $(ring_counts $N $BYTES)
	check_eq "$(u64_at "$stats" "0 0 0 0" 0)" "$N" "frames counted after the reset"
	check_eq "$(u64_at "$protos" "$udp" 0)" "$N" "UDP frames after the delete"
	check_eq "$(u64_at "$protos" "6 0 0 0" 8)" 2 "the entry the host added"
	check_eq "$(ip netns exec "$NS1" bpftool map dump id "$protos" -j | jq length)" 2 \
		"hash entries at the end"
	# an array has no deletes and no new keys
	! ip netns exec "$NS1" bpftool map delete id "$stats" key 0 0 0 0 2>/dev/null ||
		fail "delete from an offloaded array succeeded"
}

# check_refused OBJ PROG MSG: loading PROG for vx1 fails, the verifier log
# says MSG, nothing attached
check_refused()
{
	local out

	out=$(ip -n "$NS1" link set dev vx1 xdpoffload obj "$XDP_PROGS_DIR/$1" \
		program "$2" 2>&1) && fail "$2 loaded for the offload engine"
	grep -qF "vxdp: insn" <<<"$out" && grep -qF "$3" <<<"$out" ||
		fail "$2: no '$3' in the output: $(grep vxdp <<<"$out" | head -3)"
	check_eq "$(link_json "$NS1" vx1 '.xdp.attached | length')" 0 \
		"programs after refusing $2"
}

test_refused()
{
	xdp_require offload_ref_redirect.bpf.o offload_ref_helper.bpf.o \
		offload_ref_ctx.bpf.o offload_ref_div.bpf.o offload_ref_call.bpf.o
	setup
	check_refused offload_ref_redirect.bpf.o ref_redirect \
		"helper 23: the offload engine cannot redirect (XDP_REDIRECT is not supported)"
	check_refused offload_ref_helper.bpf.o ref_helper \
		"helper 8 is not supported by the offload engine"
	check_refused offload_ref_ctx.bpf.o ref_ctx \
		"stores to the context (struct xdp_md) are not supported by the offload engine"
	check_refused offload_ref_div.bpf.o ref_div \
		"division or modulo by a register is not supported by the offload engine (only by a constant)"
	check_refused offload_ref_call.bpf.o ref_call \
		"bpf-to-bpf calls are not supported by the offload engine"
	# the same programs still run natively
	must_quiet ip -n "$NS1" link set dev vx1 xdpdrv \
		obj "$XDP_PROGS_DIR/offload_ref_div.bpf.o" program ref_div
}

# knob NAME VALUE: set one of the offload device's error knobs
knob()
{
	[[ -e $KNOBS/$1 ]] || fail "no $KNOBS/$1"
	echo "$2" >"$KNOBS/$1" || fail "cannot write $KNOBS/$1"
}

# objects NS: number of BPF programs and maps
objects()
{
	echo "$(bpftool prog show -j | jq length) $(bpftool map show -j | jq length)"
}

# the device refuses programs, maps, a helper (debugfs knobs): loads fail
# cleanly, nothing is left behind, and work again once the knob is off
test_error_paths()
{
	local before out

	setup
	before=$(objects)
	knob refuse_bind 1
	! ip -n "$NS1" link set dev vx1 xdpoffload obj "$XDP_PROGS_DIR/$OBJ" \
		program off_drop 2>/dev/null || fail "loaded with refuse_bind"
	check_eq "$(objects)" "$before" "programs and maps after the refused bind"
	knob refuse_bind 0

	knob refuse_map_alloc 1
	! ip -n "$NS1" link set dev vx1 xdpoffload obj "$XDP_PROGS_DIR/$COUNT_OBJ" \
		program off_count 2>/dev/null || fail "loaded with refuse_map_alloc"
	check_eq "$(objects)" "$before" "programs and maps after the refused maps"
	knob refuse_map_alloc 0

	# bpf_map_lookup_elem (1) refused by the engine
	knob refuse_helper 1
	out=$(ip -n "$NS1" link set dev vx1 xdpoffload obj "$XDP_PROGS_DIR/$COUNT_OBJ" \
		program off_count 2>&1) && fail "loaded with helper 1 refused"
	grep -qE "vxdp: insn [0-9]+: helper 1 is not supported by the offload engine" <<<"$out" ||
		fail "no refusal of helper 1 in the output: $(grep vxdp <<<"$out" | head -3)"
	check_eq "$(objects)" "$before" "programs and maps after the refused helper"
	knob refuse_helper 0

	check_eq "$(link_json "$NS1" vx1 '.xdp.attached | length')" 0 \
		"programs attached after the refusals"
	off_attach "$NS1" vx1 "$COUNT_OBJ" off_count
	check_ne "$(off_prog_id "$NS1" vx1)" "" "offloaded program once the knobs are off"
}

# offload first, then the native program on what it passed
test_with_native()
{
	setup
	off_attach "$NS1" vx1 "$OBJ" off_pass
	xdp_attach "$NS1" vx1 xdp_actions.bpf.o xdp_drop
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_xdp_packets
	check_vx0 $(tx_counts $N $BYTES)
	check_vx1 $(rx_counts $N $BYTES) $(off_counts $N pass $((2 * N))) \
		$(xdp_counts $N $BYTES) rx_queue_0_xdp_drop=$N $(xdp_dropped_counts $N)
	check_ns1
	check_ns0

	# and a drop in the engine: the native program never sees the frames
	off_attach "$NS1" vx1 "$OBJ" off_drop
	snap
	send $N $SIZE 0 wait_vx1 rx_queue_0_offload_packets
	check_vx1 $(rx_counts $N $BYTES) $(off_counts $N drop $((2 * N))) \
		$(xdp_dropped_counts $N)
}

# d1 NAME: change of vx1's counter NAME since snap (vx1 read once: V1)
d1()
{
	echo $(($(snap_get "$V1" "$1") - $(snap_get "$S_VX1" "$1")))
}

# every frame pktgen sent reached vx1's ring or was dropped by the wire
off_settled()
{
	V1=$(xdp_stats "$NS1" vx1)
	(($(d1 rx_queue_0_packets) + $(d1 rx_queue_0_drops) >= PKTGEN_SENT))
}

# the offloaded program replaced while frames arrive: each frame gets one
# of the two verdicts, all are accounted for
test_replace_under_traffic()
{
	local rx drops pass drop i

	setup
	off_attach "$NS1" vx1 "$OBJ" off_drop
	snap
	pktgen_setup "$NS0" vx0 $SIZE "$(dev_mac "$NS1" vx1)" 0
	pktgen_start
	for i in 1 2 3; do
		off_attach "$NS1" vx1 "$OBJ" off_pass
		off_attach "$NS1" vx1 "$OBJ" off_drop
	done
	pktgen_stop
	log "pktgen sent $PKTGEN_SENT frames"
	slowwait 30 off_settled || fail "vx1 did not account for the $PKTGEN_SENT frames sent"
	rx=$(d1 rx_queue_0_packets) drops=$(d1 rx_queue_0_drops)
	pass=$(d1 rx_queue_0_offload_pass) drop=$(d1 rx_queue_0_offload_drop)
	log "vx1: rx $rx wire drops $drops, offloaded pass $pass drop $drop"
	check_eq $((rx + drops)) "$PKTGEN_SENT" "vx1 rx + wire drops = frames sent"
	check_eq $((pass + drop)) "$rx" "verdicts = frames received"
	check_vx1 $(rx_counts "$rx" $((rx * SIZE))) rx_queue_0_drops="$drops" \
		$(dropped_counts "$drops") rx_queue_0_offload_packets="$rx" \
		rx_queue_0_offload_pass="$pass" rx_queue_0_offload_drop="$drop" \
		rx_queue_0_offload_insns=$((2 * rx)) $(xdp_dropped_counts "$drop")
	check_ns1 $(stack_counts "$pass")
}

# the device goes away with a program attached and its maps bound: they
# lose the device; then rmmod with the same on a new pair
test_remove()
{
	local id stats

	setup
	off_attach "$NS1" vx1 "$COUNT_OBJ" off_count
	id=$(off_prog_id "$NS1" vx1)
	stats=$(prog_map_id "$id" off_stats)
	must_quiet bpftool prog pin id "$id" "$PIN/p"
	must_quiet bpftool map pin id "$stats" "$PIN/m"
	send 10 $SIZE 0 wait_vx0 rx_queue_0_packets
	must ip -n "$NS1" link del vx1
	# the objects stay, without their device
	check_ne "$(bpftool prog show pinned "$PIN/p" -j 2>/dev/null |
		    jq -r '.dev.ifname // "none"')" vx1 \
		"device of the program after the device is gone"
	! bpftool map lookup pinned "$PIN/m" key 0 0 0 0 2>/dev/null ||
		fail "lookup in a map whose device is gone succeeded"
	rm -f "$PIN/p" "$PIN/m"

	setup_xdp_pair "$NS0" "$NS1" vx0 vx1
	off_attach "$NS1" vx1 "$COUNT_OBJ" off_count
	xdp_attach "$NS1" vx1 xdp_actions.bpf.o xdp_pass
	id=$(off_prog_id "$NS1" vx1)
	must_quiet bpftool prog pin id "$id" "$PIN/p"
	send 10 $SIZE 0 wait_vx0 rx_queue_0_packets
	must rmmod vxdp
	! vxdp_module_loaded || fail "vxdp still loaded after rmmod"
	check_ne "$(bpftool prog show pinned "$PIN/p" -j 2>/dev/null |
		    jq -r '.dev.ifname // "none"')" vx1 \
		"device of the program after rmmod"
	rm -f "$PIN/p"
	must insmod "$VXDP_KO"
}

vxdp_init
xdp_run_tests \
	"offload attach: ip link and bpftool show it, with a native program too" test_attach \
	"programs bound to another device or to none refused" test_bound_elsewhere \
	"offloaded XDP_PASS: frames reach the stack, counted exactly" test_pass \
	"offloaded XDP_DROP: dropped in the device, counted exactly" test_drop \
	"offloaded XDP_TX: all frames back to the peer" test_tx \
	"offloaded XDP_ABORTED: dropped, counted, xdp_exception events" test_aborted \
	"offloaded out-of-range verdict: aborted, xdp_exception events" test_invalid_action \
	"a frame past the engine's instruction budget is aborted" test_budget \
	"bpf_xdp_adjust_head/tail in the engine" test_adjust \
	"offloaded array and hash: the program counts, bpftool reads and writes" test_maps \
	"unsupported constructs refused at load with the verifier's message" test_refused \
	"the device refusing programs, maps, a helper: clean failures" test_error_paths \
	"offload runs first, then the native program" test_with_native \
	"offloaded program replaced under traffic: every frame accounted" test_replace_under_traffic \
	"device removal and rmmod with programs and maps bound" test_remove
