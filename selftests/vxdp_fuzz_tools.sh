#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed input besides rtnetlink (that is vxdp_fuzz.sh): every request
# must be refused with an error and change nothing (a snapshot of the
# devices, their attributes, ethtool settings and counters is the same
# after), and the kernel log must only hold what such requests are known
# to print.
#
#  - ethtool -L/-G/-X/-N/-U/-K/... with values out of range or unsupported;
#  - debugfs: malformed writes to rx_source and the vxdp_offload knobs;
#  - ip link set ... xdp obj with broken BPF objects (truncated and
#    corrupted ELF, bad instructions, wrong sections).

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$VXDP_SELFTESTS_DIR/xdp_lib.sh"	# RX_SOURCE, rx_source_run
source "$VXDP_SELFTESTS_DIR/fuzz_lib.sh"

# a pair vx0 (4 queues, up) - vx1 in netns NS, with state that a change
# would show: an ntuple rule to queue 3, a user RSS table, rings of 512
fuzz_pair()
{
	setup_ns NS
	# no IPv6 autoconfiguration: the counters must stand still
	must_quiet ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	must_quiet ip -n "$NS" link add vx0 numtxqueues 4 numrxqueues 4 type vxdp
	must_quiet ip -n "$NS" link set vxdp0 name vx1
	must_quiet ip -n "$NS" link set vx0 up
	must_quiet ip -n "$NS" link set vx1 up
	must_quiet ip netns exec "$NS" ethtool -G vx0 rx 512
	must_quiet ip netns exec "$NS" ethtool -N vx0 flow-type udp4 dst-port 4791 action 3 loc 5
	must_quiet ip netns exec "$NS" ethtool -X vx0 weight 1 1 0 1
}

# snap NS: the state of vx0 and vx1 (and the device list)
snap()
{
	ip netns exec "$1" "$FUZZ" snapshot vx0 vx1 vx2 vx3 lo ||
		fail "vxdp_fuzz snapshot"
}

# settle_snap: SNAP, once the devices brought up have settled (linkwatch
# sets their operstate asynchronously): the same snapshot 1 s apart
settle_snap()
{
	local a b i

	a=$(snap "$NS")
	for i in {1..30}; do
		sleep 1
		b=$(snap "$NS")
		if [[ "$a" == "$b" ]]; then
			SNAP=$b
			return
		fi
		a=$b
	done
	fail "the devices do not settle"
}

check_snap()
{
	local now

	now=$(snap "$NS")
	if [[ "$now" != "$SNAP" ]]; then
		diff <(echo "$SNAP") <(echo "$now") | sed 's/^/#   /'
		fail "$1 changed the state"
	fi
}

# Each line: an ethtool command that must fail; the state is compared
# after each group (blank lines) and at the end. In the netns, one shell.
ETHTOOL_BAD='
-L vx0 rx 0
-L vx0 tx 0
-L vx0 rx 5
-L vx0 tx 5
-L vx0 rx 65
-L vx0 rx 4294967295
-L vx0 combined 1
-L vx0 other 1
-L vx0 rx 2
-L vx0 rx 3

-G vx0 rx 0
-G vx0 rx 63
-G vx0 rx 100
-G vx0 rx 4095
-G vx0 rx 8192
-G vx0 rx 4294967295
-G vx0 tx 100
-G vx0 tx 8192
-G vx0 rx-mini 64
-G vx0 rx-jumbo 64

-X vx0 equal 0
-X vx0 equal 5
-X vx0 equal 4294967295
-X vx0 weight 1 1 1 1 1
-X vx0 weight 0 0 0 0
-X vx0 hfunc xor
-X vx0 hkey 01:02:03
-X vx0 hkey 6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa:01
-X vx0 context 1 equal 2
-X vx0 context new equal 2

-N vx0 flow-type udp4 action 4
-N vx0 flow-type udp4 action 64
-N vx0 flow-type udp4 action 1 loc 64
-N vx0 flow-type udp4 action 1 loc 1000
-N vx0 flow-type sctp4 action 1
-N vx0 flow-type ether action 1
-N vx0 flow-type ip4 action 1
-N vx0 flow-type udp4 tos 1 action 1
-N vx0 flow-type udp4 vlan 5 action 1
-N vx0 flow-type udp4 dst-mac 00:11:22:33:44:55 action 1
-N vx0 flow-type udp4 user-def 1 action 1
-N vx0 flow-type udp4 action 1 context 1

-U vx0 delete 6
-U vx0 delete 64
-U vx0 delete 4294967295

-K vx0 lro on
-K vx0 rx-fcs on
-K vx0 hw-tc-offload on
-K vx0 no-such-feature on
-K vx0 ntuple maybe

-C vx0 rx-usecs 10
-A vx0 rx on
-s vx0 speed 10 duplex full autoneg off
-s vx0 wol g
-E vx0 magic 0 offset 0 value 1
-W vx0 1
-T vx0 --set-phc 0
--set-priv-flags vx0 nosuch on
--reset vx0 all
'

test_ethtool()
{
	local out n

	require_cmd ethtool
	fuzz_pair
	settle_snap
	kmsg_mark
	# one shell in the netns for all of them: ethtool and a snapshot each
	out=$(ip netns exec "$NS" bash -c '
		snap=$("$1" snapshot vx0 vx1 lo)
		n=0
		check()
		{
			now=$("$1" snapshot vx0 vx1 lo)
			if [[ "$now" != "$snap" ]]; then
				echo "BAD ethtool ${cmd[*]} (or one before it) changed the state:"
				diff <(echo "$snap") <(echo "$now")
				snap=$now
			fi
		}
		while read -r -a cmd; do
			if ((${#cmd[@]} == 0)); then
				((n)) && check "$1"
				continue
			fi
			n=$((n + 1))
			msg=$(ethtool "${cmd[@]}" 2>&1)
			rc=$?
			# ethtool -N reports the kernel refusing a rule
			# and exits 0 when it picked the location itself
			if ((rc == 0)) && [[ "$msg" == *"Cannot insert"* ]]; then
				rc=1
			fi
			if ((rc == 0 || rc >= 128)); then
				echo "BAD ethtool ${cmd[*]}: status $rc: $msg"
			fi
		done <<<"$2"
		check "$1"
		echo "COUNT $n"' - "$FUZZ" "$ETHTOOL_BAD" 2>&1)
	printf '%s\n' "$out" | sed 's/^/# /'
	[[ "$out" =~ COUNT\ ([0-9]+) ]] || fail "ethtool loop did not finish"
	n=${BASH_REMATCH[1]}
	[[ "$out" != *BAD* ]] || fail "an ethtool request was not refused"
	check_snap "ethtool"
	log "$n ethtool requests refused"
	# 6.1's core leaves -L against a rule to the driver, which logs it
	klog_check "vxdp [^ ]+ vx0: ntuple rule 5 steers to rx queue 3: delete it before going down to [23] rx queues"
}

# Each line: a write to rx_source (printf format) that must fail.
# vx0 has 4 rx queues and is up; vx2 is a vxdp device that is down.
RX_SOURCE_BAD=(
	'\n'
	' \n'
	'vx0\n'
	'vx0 0\n'
	'vx0 0 \n'
	'nosuch 0 100\n'
	'lo 0 100\n'
	'vx2 0 100\n'
	'vx0 4 100\n'
	'vx0 64 100\n'
	'vx0 -1 100\n'
	'vx0 4294967296 100\n'
	'vx0 x 100\n'
	'vx0 0 0\n'
	'vx0 0 1000000001\n'
	'vx0 0 18446744073709551616\n'
	'vx0 0 -5\n'
	'vx0 0 abc\n'
	'vx0 0 0x\n'
	'vx0 0 1e3\n'
	'vx0 0 100 59\n'
	'vx0 0 100 0\n'
	'vx0 0 100 9019\n'
	'vx0 0 100 4294967296\n'
	'vx0 0 100 abc\n'
	'vx0 0 100 60x\n'
	'vx0 0 100 60 junk\n'
	'vx0 0 100 60 60\n'
	'vx0 0 stop junk\n'
	'vx0 0 stop 60\n'
	'vx0\0 0 100\n'
	'vx0 0\0 100\n'
	'vx0vx0vx0vx0vx0vx 0 100\n'
	'vx0vx0vx0vx0vx00 0 100\n'
	'vx0 0 100 60                                                                \n'
	'\xff\xfe\x01\x02 0 100\n'
)

# the offload knobs: writes each must refuse (printf formats)
BOOL_BAD=('\n' '2\n' 'maybe\n' '-1\n' 'ox\n' '\x01\n' ' 1\n' 'o\n')
U32_BAD=('\n' 'abc\n' '-1\n' '4294967296\n' '4294967297\n'
	 '18446744073709551616\n' '0x\n' '1.5\n' '1 2\n' '0x1ffffffff\n')

test_debugfs()
{
	local out

	rx_source_require
	[[ -d "$OFFLOAD_DIR" ]] || skip "no $OFFLOAD_DIR"
	fuzz_pair
	must_quiet ip -n "$NS" link add vx2 type vxdp
	must_quiet ip -n "$NS" link set vxdp0 name vx3
	settle_snap
	kmsg_mark
	# nsenter, not ip netns exec: that one mounts a sysfs without debugfs
	out=$(nsenter --net="/run/netns/$NS" bash -c '
		n=0
		[[ -e "$1" ]] || echo "BAD $1 missing"
		src=$1
		shift
		while (($#)); do
			[[ "$1" == -- ]] && break
			n=$((n + 1))
			if printf "$1" 2>/dev/null >"$src"; then
				echo "BAD rx_source accepted: $1"
			fi
			shift
		done
		[[ -z "$(cat "$src")" ]] || echo "BAD rx_source: $(cat "$src")"
		echo "COUNT $n"' - "$RX_SOURCE" "${RX_SOURCE_BAD[@]}" -- 2>&1)
	printf '%s\n' "$out" | sed 's/^/# /'
	[[ "$out" =~ COUNT\ ([0-9]+) ]] || fail "rx_source loop did not finish"
	[[ "$out" != *BAD* ]] || fail "a malformed write was accepted"
	check_snap "rx_source writes"
	knob_writes refuse_bind "${BOOL_BAD[@]}"
	knob_writes refuse_map_alloc "${BOOL_BAD[@]}"
	knob_writes refuse_helper "${U32_BAD[@]}"
	check_snap "vxdp_offload writes"
	# a valid request goes through: the refusals were the requests'
	rx_source_run "$NS" vx0 1 10 60
	log "${#RX_SOURCE_BAD[@]} rx_source writes, $((2 * ${#BOOL_BAD[@]} + ${#U32_BAD[@]})) vxdp_offload writes refused"
	klog_check
}

# knob_writes KNOB FORMAT...: each write refused, the value unchanged
knob_writes()
{
	local f=$OFFLOAD_DIR/$1 before after fmt
	shift

	before=$(<"$f")
	for fmt in "$@"; do
		# shellcheck disable=SC2059
		if printf "$fmt" 2>/dev/null >"$f"; then
			fail "$f accepted '$fmt' (now $(<"$f"), was $before)"
		fi
		after=$(<"$f")
		[[ "$after" == "$before" ]] ||
			fail "$f: '$fmt' refused but the value went from $before to $after"
	done
	# and a valid one is taken
	echo 1 >"$f" || fail "$f refused 1"
	[[ "$(<"$f")" == [1Y] ]] || fail "$f: 1 written, $(<"$f") read"
	echo 0 >"$f" || fail "$f refused 0"
	[[ "$(<"$f")" == [0N] ]] || fail "$f: 0 written, $(<"$f") read"
}

test_bpf()
{
	local tmp f name out rc n=0 mode
	local good=$PROGS/corpus_drop.bpf.o

	require_cmd ip
	[[ -r "$good" ]] || skip "$good not built"
	fuzz_pair
	tmp=$(mktemp -d) || fail "mktemp"
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" RETURN
	out=$("$FUZZ" bad-elf "$good" "$tmp") || fail "vxdp_fuzz bad-elf: $out"
	settle_snap
	kmsg_mark
	# the good object attaches: the refusals below are the objects'
	must_quiet ip -n "$NS" link set dev vx0 xdpdrv obj "$good" sec xdp
	[[ "$(snap "$NS")" != "$SNAP" ]] || fail "attaching changed nothing: the snapshot cannot see it"
	must_quiet ip -n "$NS" link set dev vx0 xdpdrv off
	check_snap "attach and detach"

	# every ip costs a second or so in the VM (libbpf): each variant once,
	# in native mode, and two in generic and offload mode too
	for name in $out; do
		for mode in xdpdrv xdpgeneric xdpoffload; do
			[[ $mode == xdpdrv || $name == insn_bad_opcode ||
			   $name == trunc_half ]] || continue
			n=$((n + 1))
			f=$tmp/$name.o
			out=$(ip -n "$NS" link set dev vx0 $mode obj "$f" sec xdp 2>&1)
			rc=$?
			((rc != 0)) || fail "$name ($mode) attached"
			((rc < 129 || rc == 255)) || fail "$name ($mode): ip died (status $rc): $out"
		done
	done
	for f in nosuch license .relxdp; do
		n=$((n + 1))
		out=$(ip -n "$NS" link set dev vx0 xdpdrv obj "$good" sec "$f" 2>&1)
		rc=$?
		((rc != 0)) || fail "section $f attached"
		((rc < 129 || rc == 255)) || fail "section $f: ip died (status $rc): $out"
	done
	# a tc program as XDP: its context is not xdp_md
	if [[ -r "$PROGS/tc_check.bpf.o" ]]; then
		n=$((n + 1))
		out=$(ip -n "$NS" link set dev vx0 xdpdrv obj "$PROGS/tc_check.bpf.o" sec tc 2>&1)
		(($? != 0)) || fail "a tc program attached as XDP"
	fi
	check_snap "broken BPF objects"
	log "$n broken BPF objects refused"
	# ip hashes objects with AF_ALG: af_alg may load
	klog_check "NET: Registered PF_ALG protocol family"
}

vxdp_init "$FUZZ" dmesg
ktap_run_tests \
	"ethtool: values out of range or unsupported refused, nothing changed" test_ethtool \
	"debugfs: malformed rx_source and vxdp_offload writes refused, nothing changed" test_debugfs \
	"BPF: broken objects refused by ip link set xdp, nothing attached" test_bpf
