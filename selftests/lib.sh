#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers of the vxdp selftests; source it from a test script:
#
#   source "$(dirname "$(realpath "$0")")/lib.sh"
#   test_foo() { ...; check_eq "$(...)" 42 "what"; }
#   vxdp_init			# root, tools, module, cleanup trap
#   ktap_run_tests "foo does X" test_foo  "bar does Y" test_bar
#
# Each subtest runs in a subshell: fail/skip end it (exit 1 / exit 4), and
# whatever it created (netns named by setup_ns, vxdp devices in the initial
# netns, pktgen devices) is removed after it, pass or fail, and again at exit.
# The module is left loaded or unloaded as it was found.
#
# KTAP helpers follow tools/testing/selftests/kselftest/ktap_helpers.sh of
# later kernels (not in 6.1).

# C locale: with C.UTF-8 (the VM's LANG) every exec of a locale-aware tool
# (bash, coreutils, grep, awk) first opens the locale's dozen files, each a
# few 9p round trips in the VM: several times the cost of the exec itself.
# Every tool the tests parse prints ASCII.
export LC_ALL=C

KSFT_PASS=0
KSFT_FAIL=1
KSFT_XFAIL=2
KSFT_XPASS=3
KSFT_SKIP=4

VXDP_SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# the module under test: $VXDP_KO (exported by the Makefile), else ../vxdp.ko
: "${VXDP_KO:=$(realpath -m "$VXDP_SELFTESTS_DIR/../vxdp.ko")}"
VXDP_LINK=$VXDP_SELFTESTS_DIR/vxdp_link
# every counter of devices and netns in one process (see vxdp_stats.c)
VXDP_STATS=$VXDP_SELFTESTS_DIR/vxdp_stats

# netns created by setup_ns: vxdpt<pid>-<name>, so cleanup finds them all
VXDP_NS_PREFIX="vxdpt$$-"

############################################################################
# KTAP output

KTAP_TESTNO=1
KTAP_CNT_PASS=0
KTAP_CNT_FAIL=0
KTAP_CNT_SKIP=0
KSFT_NUM_TESTS=0

ktap_print_header()
{
	echo "TAP version 13"
}

ktap_print_msg()
{
	echo "# $*"
}

ktap_set_plan()
{
	KSFT_NUM_TESTS=$1
	echo "1..$KSFT_NUM_TESTS"
}

ktap_skip_all()
{
	echo "1..0 # SKIP $*"
}

__ktap_test()
{
	local result=$1 description=$2 directive=${3:-}

	echo "$result $KTAP_TESTNO $description${directive:+ # $directive}"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
}

ktap_test_pass()
{
	__ktap_test "ok" "$1"
	KTAP_CNT_PASS=$((KTAP_CNT_PASS + 1))
}

ktap_test_skip()
{
	__ktap_test "ok" "$1" "SKIP${2:+ $2}"
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
}

ktap_test_fail()
{
	__ktap_test "not ok" "$1"
	KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1))
}

# ktap_test_result DESCRIPTION RC: pass (0), skip ($KSFT_SKIP) or fail
ktap_test_result()
{
	case $2 in
	0) ktap_test_pass "$1" ;;
	"$KSFT_SKIP") ktap_test_skip "$1" ;;
	*) ktap_test_fail "$1" ;;
	esac
}

ktap_print_totals()
{
	echo "# Totals: pass:$KTAP_CNT_PASS fail:$KTAP_CNT_FAIL xfail:0 xpass:0 skip:$KTAP_CNT_SKIP error:0"
}

# Exit: fail if anything failed or the plan was not completed, skip if
# everything was skipped, else pass.
ktap_finished()
{
	ktap_print_totals
	if ((KTAP_CNT_FAIL)) ||
	   ((KTAP_CNT_PASS + KTAP_CNT_SKIP != KSFT_NUM_TESTS)); then
		exit "$KSFT_FAIL"
	fi
	if ((KTAP_CNT_PASS == 0 && KTAP_CNT_SKIP > 0)); then
		exit "$KSFT_SKIP"
	fi
	exit "$KSFT_PASS"
}

ktap_exit_fail_msg()
{
	echo "Bail out! $*"
	ktap_print_totals
	exit "$KSFT_FAIL"
}

############################################################################
# Subtest control (inside a subtest, i.e. the subshell run by run_test)

log()
{
	echo "# $*"
}

# fail MSG: end the current subtest as failed
fail()
{
	log "FAIL: $*"
	exit "$KSFT_FAIL"
}

# skip MSG: end the current subtest as skipped
skip()
{
	log "SKIP: $*"
	exit "$KSFT_SKIP"
}

# check_eq ACTUAL EXPECTED WHAT
check_eq()
{
	[[ "$1" == "$2" ]] || fail "$3: got '$1', expected '$2'"
}

check_ne()
{
	[[ "$1" != "$2" ]] || fail "$3: got '$1', expected anything else"
}

# check_ge ACTUAL MIN WHAT (integers)
check_ge()
{
	[[ "$1" =~ ^[0-9]+$ ]] || fail "$3: got '$1', not a number"
	(($1 >= $2)) || fail "$3: got $1, expected at least $2"
}

# check_deltas WHAT BEFORE AFTER NAME=VALUE...: between two snapshots, each
# NAME changed by exactly VALUE (the sum of its VALUEs if given several
# times) and every other counter by 0
check_deltas()
{
	local what=$1 before=$2 after=$3 kv d exp name v bad=
	local -A want was seen
	shift 3

	# shell builtins only: this runs for every check, and every process
	# costs under emulation
	while read -r name v; do
		[[ -z "$name" ]] || was[$name]=$v
	done <<<"$before"
	for kv in "$@"; do
		want[${kv%%=*}]=$((${want[${kv%%=*}]:-0} + ${kv#*=}))
	done
	while read -r name v; do
		[[ -n "$name" ]] || continue
		[[ "$v" =~ ^-?[0-9]+$ ]] || fail "$what: counter $name is '$v'"
		seen[$name]=1
		d=$((v - ${was[$name]:-0}))
		exp=${want[$name]:-0}
		[[ "$d" == "$exp" ]] || bad+=" $name=$d (expected $exp)"
	done <<<"$after"
	for name in "${!want[@]}"; do
		[[ -n "${seen[$name]:-}" ]] || fail "$what: no counter $name"
	done
	[[ -z "$bad" ]] || fail "$what counter changes:$bad"
}

# must CMD...: run CMD, end the subtest if it fails (shows its output)
must()
{
	local out rc

	out=$("$@" 2>&1)
	rc=$?
	if ((rc)); then
		log "command failed (rc $rc): $*"
		[[ -z "$out" ]] || printf '%s\n' "$out" | sed 's/^/#   /'
		fail "'$*' failed"
	fi
	[[ -z "$out" ]] || printf '%s\n' "$out"
	return 0
}

# must_quiet CMD...: like must, output only shown on failure
must_quiet()
{
	must "$@" >/dev/null
}

# must_fail_msg MSG CMD...: CMD (ip or vxdp_link) must fail with exit
# status 2 and print exactly "Error: MSG." (ip's rendering of the kernel's
# extack message MSG) on stderr.
must_fail_msg()
{
	local msg=$1 out rc
	shift

	out=$("$@" 2>&1 >/dev/null)
	rc=$?
	((rc == 0)) && fail "'$*' succeeded, expected failure '$msg'"
	((rc == 2)) || fail "'$*': exit status $rc, expected 2 (output: $out)"
	[[ "$out" == "Error: $msg." || "$out" == "Error: $msg" ]] ||
		fail "'$*': message '$out', expected 'Error: $msg.'"
	return 0
}

# slowwait SECONDS CMD...: retry CMD every 0.1s until it succeeds; fails
# (status 1) when it still fails after SECONDS (wall clock: under emulation
# one try may take long).  For state that settles asynchronously (linkwatch,
# NAPI, stray ARP/ND frames): not a timing assertion.
slowwait()
{
	local end=$((SECONDS + $1))
	shift

	until "$@"; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}

require_cmd()
{
	local cmd

	for cmd in "$@"; do
		command -v "$cmd" >/dev/null ||
			skip "$cmd not found"
	done
}

############################################################################
# Test script driver

# ktap_run_tests DESC FUNC [DESC FUNC...]: KTAP header and plan, run each
# FUNC as a subtest reported as DESC, cleanup after each, exit.
ktap_run_tests()
{
	local desc func rc start

	(($# % 2 == 0)) || ktap_exit_fail_msg "ktap_run_tests: DESC FUNC pairs"
	ktap_print_header
	ktap_set_plan $(($# / 2))
	while (($#)); do
		desc=$1 func=$2
		shift 2
		log "--- $func: $desc"
		start=$SECONDS
		("$func")
		rc=$?
		vxdp_cleanup_test
		log "$func: $((SECONDS - start))s"
		ktap_test_result "$desc" "$rc"
	done
	ktap_finished
}

# vxdp_init: common preconditions and the cleanup trap; loads the module
# (when not loaded).  Skips the whole test when not root or a tool is missing.
vxdp_init()
{
	local cmd

	if ((EUID != 0)); then
		ktap_print_header
		ktap_skip_all "need root"
		exit "$KSFT_SKIP"
	fi
	for cmd in ip ethtool jq insmod rmmod modprobe "$VXDP_LINK" "$VXDP_STATS" "$@"; do
		if ! command -v "$cmd" >/dev/null; then
			ktap_print_header
			ktap_skip_all "$cmd not found"
			exit "$KSFT_SKIP"
		fi
	done

	VXDP_WAS_LOADED=0
	vxdp_module_loaded && VXDP_WAS_LOADED=1
	PKTGEN_WAS_LOADED=0
	[[ -d /proc/net/pktgen ]] && PKTGEN_WAS_LOADED=1
	# vxdp devices of the initial netns that are not ours
	VXDP_INIT_NS_DEVS=" $(vxdp_links "" | tr '\n' ' ') "

	trap vxdp_cleanup_exit EXIT
	trap 'exit 130' INT TERM HUP

	if ! vxdp_module_loaded; then
		if ! vxdp_load_module; then
			ktap_print_header
			ktap_exit_fail_msg "cannot load $VXDP_KO"
		fi
	fi
}

############################################################################
# Module

vxdp_module_loaded()
{
	[[ -d /sys/module/vxdp ]]
}

vxdp_load_module()
{
	if [[ ! -f "$VXDP_KO" ]]; then
		log "$VXDP_KO not found: build it first (make)"
		return 1
	fi
	insmod "$VXDP_KO"
}

vxdp_unload_module()
{
	rmmod vxdp
}

############################################################################
# Network namespaces and devices

# setup_ns VAR...: create a netns per VAR (named $VXDP_NS_PREFIX<var>, lo up)
# and set VAR to its name, like setup_ns of later kernels' net/lib.sh.
setup_ns()
{
	local var name

	for var in "$@"; do
		name="$VXDP_NS_PREFIX${var,,}"
		if [[ -e "/run/netns/$name" ]]; then
			ip netns del "$name"
		fi
		ip netns add "$name" || fail "ip netns add $name"
		ip -n "$name" link set lo up || fail "lo up in $name"
		eval "$var=\$name"
	done
}

# nsexec NS CMD...: run CMD in netns NS ("" = the current netns)
nsexec()
{
	local ns=$1
	shift

	if [[ -n "$ns" ]]; then
		ip netns exec "$ns" "$@"
	else
		"$@"
	fi
}

# ipn NS ARGS...: ip in netns NS ("" = the current netns)
ipn()
{
	local ns=$1
	shift

	ip ${ns:+-n "$ns"} "$@"
}

# vxdp_links NS: names of the vxdp devices of netns NS, one a line (the
# kernel and ip select them by IFLA_INFO_KIND; one process, no jq)
vxdp_links()
{
	local l name

	while IFS= read -r l; do
		name=${l#*: }		# "5: vx0@vx1: <..." -> vx0
		name=${name%%: *}
		echo "${name%%@*}"
	done < <(ipn "$1" -o link show type vxdp)
}

# check_no_vxdp NS...: no vxdp device in these netns ("" = initial netns,
# where pre-existing devices that are not ours are ignored)
check_no_vxdp()
{
	local ns left

	for ns in "$@"; do
		left=$(vxdp_links "$ns" | tr '\n' ' ')
		if [[ -z "$ns" ]]; then
			left=$(for d in $left; do
				[[ "$VXDP_INIT_NS_DEVS" == *" $d "* ]] || echo "$d"
			done | tr '\n' ' ')
		fi
		[[ -z "${left// /}" ]] ||
			fail "vxdp devices left in netns '${ns:-init}': $left"
	done
}

dev_exists()
{
	ipn "$1" link show dev "$2" >/dev/null 2>&1
}

# link_json NS DEV JQFILTER: a field of "ip -d -s -j link show"
link_json()
{
	ipn "$1" -d -s -j link show dev "$2" | jq -r ".[0]$3"
}

# dev_attr NS DEV ATTR: /sys/class/net/DEV/ATTR seen from netns NS
dev_attr()
{
	nsexec "$1" cat "/sys/class/net/$2/$3"
}

dev_ifindex()
{
	dev_attr "$1" "$2" ifindex
}

dev_mac()
{
	dev_attr "$1" "$2" address
}

# dev_kind NS DEV: IFLA_INFO_KIND
dev_kind()
{
	link_json "$1" "$2" '.linkinfo.info_kind'
}

# vxdp_del NS DEV: delete a device if it exists
vxdp_del()
{
	ipn "$1" link del dev "$2" 2>/dev/null
}

# our_netns: the netns created by setup_ns, one a line
our_netns()
{
	local f

	for f in "/run/netns/$VXDP_NS_PREFIX"*; do
		[[ -e "$f" ]] && echo "${f##*/}"
	done
	return 0
}

# fault_off: every fault injection knob of vxdp (fault.c) off
fault_off()
{
	local d=/sys/kernel/debug/vxdp_fault f

	[[ -d $d ]] || return 0
	for f in $d/*/interval $d/*/probability $d/*/times $d/ring_size \
		 $d/napi_delay_us; do
		echo 0 >"$f"
	done
}

# vxdp_cleanup_test: remove what a subtest left behind
vxdp_cleanup_test()
{
	local ns dev

	pktgen_reset_all
	fault_off
	for ns in $(our_netns); do
		# delete the devices first: netns teardown is asynchronous
		# and would remove their peers elsewhere later
		for dev in $(vxdp_links "$ns" 2>/dev/null); do
			vxdp_del "$ns" "$dev"
		done
		ip netns del "$ns"
	done
	for dev in $(vxdp_links "" 2>/dev/null); do
		[[ "$VXDP_INIT_NS_DEVS" == *" $dev "* ]] || vxdp_del "" "$dev"
	done
}

vxdp_cleanup_exit()
{
	local rc=$?

	trap - EXIT
	vxdp_cleanup_test
	if ((VXDP_WAS_LOADED)); then
		vxdp_module_loaded || vxdp_load_module ||
			log "cannot reload $VXDP_KO"
	else
		vxdp_module_loaded && { vxdp_unload_module ||
			log "cannot unload vxdp"; }
	fi
	if ((!PKTGEN_WAS_LOADED)) && [[ -d /proc/net/pktgen ]]; then
		modprobe -r pktgen || log "cannot unload pktgen"
	fi
	exit "$rc"
}

############################################################################
# Counters

# ip_stat NS DEV rx|tx FIELD: ndo_get_stats64 via "ip -s -j link",
# FIELD = packets, bytes, errors, dropped...
ip_stat()
{
	link_json "$1" "$2" ".stats64.$3.$4"
}

# dev_stats NS DEV: every counter of DEV, "name value" a line: ip.rx.*,
# ip.tx.* (ndo_get_stats64 through rtnetlink, named as ip -s -s -j names
# them), sys.* (/sys/class/net/DEV/statistics/*) and the driver's (ethtool
# -S, by its names); one process, see vxdp_stats.c
dev_stats()
{
	"$VXDP_STATS" "$1/$2"
}

# sys_stat NS DEV NAME: /sys/class/net/DEV/statistics/NAME (rx_packets...)
sys_stat()
{
	"$VXDP_STATS" -g "sys.$3" "$1/$2"
}

# ethtool_stat NS DEV NAME: a counter of "ethtool -S", "" if absent
# (status 1)
ethtool_stat()
{
	[[ "$3" != *.* ]] || return 1	# ip.* and sys.* are not ethtool's
	"$VXDP_STATS" -g "$3" "$1/$2"
}

# stats_split VAR SPEC...: "$VXDP_STATS" SPEC..., the output of the i-th
# SPEC in ${VAR[i]} (an indexed array)
stats_split()
{
	local -n _arr=$1
	local out line i=-1
	shift

	out=$("$VXDP_STATS" "$@") || fail "vxdp_stats $*"
	if (($# == 1)); then
		_arr=("$out")
		return
	fi
	_arr=()
	while IFS= read -r line; do
		if [[ "$line" == @* ]]; then
			i=$((i + 1))
			_arr[i]=
		else
			_arr[i]+=$line$'\n'
		fi
	done <<<"$out"
	((i + 1 == $#)) || fail "vxdp_stats $*: $((i + 1)) outputs"
}

# ethtool_stat_names NS DEV: the names of "ethtool -S", one a line
ethtool_stat_names()
{
	nsexec "$1" ethtool -S "$2" | awk -F: 'NR > 1 { gsub(/ /, "", $1); print $1 }'
}

# dev_counters NS DEV: "rx_packets rx_bytes rx_dropped tx_packets tx_bytes
# tx_dropped" from "ip -s" (ndo_get_stats64)
dev_counters()
{
	ipn "$1" -s -j link show dev "$2" |
		jq -r '.[0].stats64 | "\(.rx.packets) \(.rx.bytes) \(.rx.dropped) \(.tx.packets) \(.tx.bytes) \(.tx.dropped)"'
}

# counters3 NS DEV: the six counters of dev_counters, three times, a line
# each: from ip -s (ndo_get_stats64), from /sys/class/net/DEV/statistics,
# and summed over the counters of ethtool -S (rx_queue_<i>_packets, _bytes,
# _drops, tx_queue_<i>_..., rx_ntuple_drops).  One process (vxdp_stats): cheap.
counters3()
{
	local out name v
	local -A c
	local -a q=(0 0 0 0 0 0)

	out=$(dev_stats "$1" "$2") || return 1
	while read -r name v; do
		c[$name]=$v
		if [[ "$name" == rx_ntuple_drops ]]; then
			q[2]=$((q[2] + v))	# dropped before any queue
		elif [[ "$name" =~ ^(rx|tx)_queue_[0-9]+_(packets|bytes|drops)$ ]]; then
			case ${BASH_REMATCH[1]}_${BASH_REMATCH[2]} in
			rx_packets) q[0]=$((q[0] + v)) ;;
			rx_bytes) q[1]=$((q[1] + v)) ;;
			rx_drops) q[2]=$((q[2] + v)) ;;
			tx_packets) q[3]=$((q[3] + v)) ;;
			tx_bytes) q[4]=$((q[4] + v)) ;;
			tx_drops) q[5]=$((q[5] + v)) ;;
			esac
		fi
	done <<<"$out"
	echo "${c[ip.rx.packets]} ${c[ip.rx.bytes]} ${c[ip.rx.dropped]} ${c[ip.tx.packets]} ${c[ip.tx.bytes]} ${c[ip.tx.dropped]}"
	echo "${c[sys.rx_packets]} ${c[sys.rx_bytes]} ${c[sys.rx_dropped]} ${c[sys.tx_packets]} ${c[sys.tx_bytes]} ${c[sys.tx_dropped]}"
	echo "${q[*]}"
}

# counters_consistent NS0 DEV0 NS1 DEV1 MIN: at this moment, what DEV0 sent
# DEV1 received and vice versa (packets and bytes), at least MIN packets
# each way, nothing dropped, and ip -s, sysfs and the per-queue sums of
# ethtool -S say the same.  Status only; the reason goes to $COUNTERS_ERR.
counters_consistent()
{
	local min=$5 c0 c1 a b

	mapfile -t c0 < <(counters3 "$1" "$2")
	mapfile -t c1 < <(counters3 "$3" "$4")
	COUNTERS_ERR="rx packets bytes dropped, tx packets bytes dropped,"
	COUNTERS_ERR+=" from ip -s | sysfs | ethtool -S:"
	COUNTERS_ERR+=" $2: $(IFS='|'; echo "${c0[*]}"); $4: $(IFS='|'; echo "${c1[*]}")"
	# the three sources agree, per device
	((${#c0[@]} == 3 && ${#c1[@]} == 3)) || return 1
	[[ "${c0[0]}" == "${c0[1]}" && "${c0[0]}" == "${c0[2]}" &&
	   "${c1[0]}" == "${c1[1]}" && "${c1[0]}" == "${c1[2]}" ]] || return 1
	read -r -a a <<<"${c0[0]}"
	read -r -a b <<<"${c1[0]}"
	((${#a[@]} == 6 && ${#b[@]} == 6)) || return 1
	# one's tx is the other's rx
	((a[3] == b[0] && a[4] == b[1] && b[3] == a[0] && b[4] == a[1])) ||
		return 1
	((a[2] == 0 && a[5] == 0 && b[2] == 0 && b[5] == 0)) || return 1
	((a[0] >= min && b[0] >= min)) || return 1
	COUNTERS_ERR=
}

# check_counters_consistent NS0 DEV0 NS1 DEV1 [MIN]: counters_consistent,
# once the wire is idle: frames in flight are counted by the sender first,
# and the stack may send ARP/ND/MLD frames by itself; retried for a while.
check_counters_consistent()
{
	slowwait 60 counters_consistent "$1" "$2" "$3" "$4" "${5:-0}" ||
		fail "counters disagree: $COUNTERS_ERR"
}

############################################################################
# pktgen (net/core/pktgen.c; per netns, see Documentation/networking/pktgen.rst)

pktgen_load()
{
	[[ -d /proc/net/pktgen ]] || modprobe pktgen 2>/dev/null ||
		skip "pktgen not available"
	[[ -d /proc/net/pktgen ]] || skip "pktgen not available"
}

# pg_set NS FILE CMD: write CMD to /proc/net/pktgen/FILE in netns NS, check
# pktgen's "Result: OK"
pg_set()
{
	local out

	out=$(nsexec "$1" sh -c "$PG_SH"'
		pg "$1" "$2"' - "$2" "$3" 2>&1) || fail "$out"
}

# shell functions for pktgen scripts run in a netns: "pg FILE CMD" writes
# CMD to /proc/net/pktgen/FILE and checks the result (builtins only)
PG_SH='
pg()
{
	echo "$2" > /proc/net/pktgen/$1 || { echo "pktgen: \"$2\" > $1 failed"; exit 1; }
	[ "$1" = pgctrl ] && return 0
	while IFS= read -r l; do
		case $l in
		"Result: OK"*) return 0 ;;
		Result:*) echo "pktgen: \"$2\" > $1: $l"; exit 1 ;;
		esac
	done < /proc/net/pktgen/$1
	echo "pktgen: \"$2\" > $1: no result"
	exit 1
}
'

# pktgen_reset_all: stop and forget pktgen devices in our netns
pktgen_reset_all()
{
	local ns

	[[ -d /proc/net/pktgen ]] || return 0
	for ns in $(our_netns); do
		ip netns exec "$ns" sh -c \
			'[ -e /proc/net/pktgen/pgctrl ] &&
			 echo stop > /proc/net/pktgen/pgctrl &&
			 echo reset > /proc/net/pktgen/pgctrl' \
			2>/dev/null
	done
}

# pg_rss_queue N: the rx queue a vxdp device with N rx queues and the
# default RSS key and indirection table gives pktgen_run's flow (IPv4/UDP
# 198.51.100.1:9 -> 198.51.100.2:9), by rss_flows.py's reference Toeplitz
pg_rss_queue()
{
	local q h

	read -r q h < <(python3 -S "$VXDP_SELFTESTS_DIR/rss_flows.py" predict \
		--queues "$1" udp4,198.51.100.1,9,198.51.100.2,9)
	echo "$q"
}

# pktgen_run NS DEV COUNT SIZE DST_MAC [QUEUE]: send COUNT UDP frames of
# SIZE bytes (Ethernet header included, no FCS) from DEV to DST_MAC, on tx
# queue QUEUE (default 0), as fast as possible; returns when done and checks
# that pktgen sent them all without errors.
pktgen_run()
{
	local ns=$1 dev=$2 count=$3 size=$4 dst_mac=$5 queue=${6:-0} out

	# one process in the netns for the whole run
	out=$(nsexec "$ns" sh -c "$PG_SH"'
		dev=$1
		pg kpktgend_0 "rem_device_all"
		pg kpktgend_0 "add_device $dev"
		pg $dev "count $2"
		pg $dev "clone_skb 0"
		pg $dev "burst 1"
		pg $dev "pkt_size $3"
		pg $dev "delay 0"
		pg $dev "dst 198.51.100.2"
		pg $dev "src_min 198.51.100.1"
		pg $dev "src_max 198.51.100.1"
		pg $dev "dst_mac $4"
		# min = max with QUEUE_MAP_RND: all on that queue (the default
		# round robin starts at the previous queue + 1, not at min)
		pg $dev "queue_map_min $5"
		pg $dev "queue_map_max $5"
		pg $dev "flag QUEUE_MAP_RND"
		pg pgctrl "start"	# returns when all are sent
		while IFS= read -r l; do echo "$l"; done < /proc/net/pktgen/$dev
		pg kpktgend_0 "rem_device_all"' \
		- "$dev" "$count" "$size" "$dst_mac" "$queue" 2>&1) ||
		{ printf '%s\n' "$out" | sed 's/^/#   /'; fail "pktgen on $dev failed"; }
	if ! [[ "$out" =~ pkts-sofar:\ $count\ +errors:\ 0 ]] ||
	   ! [[ "$out" =~ (^|$'\n')"Result: OK: "[^$'\n']*" usec, $count ($size" ]]; then
		printf '%s\n' "$out" | sed 's/^/#   /'
		fail "pktgen did not send $count frames without errors"
	fi
}
