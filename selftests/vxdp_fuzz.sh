#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed rtnetlink input: vxdp_fuzz sends 10,000 fuzzed creates and
# changelinks of vxdp devices (one process; the seed is printed,
# VXDP_FUZZ_SEED replays a run, VXDP_FUZZ_COUNT / VXDP_FUZZ_VALID size it,
# VXDP_FUZZ_CHECK=1 compares the state after every request instead of
# every 100th and the last), each of which must be refused with an error
# and change nothing (a snapshot of the devices of every netns involved,
# their attributes, channels, rings and counters), then 40 valid random
# creates checked attribute by attribute and deleted; the kernel log may
# only hold the netlink parser's warnings about malformed attributes.
# On a kernel with fault injection (scripts/debug-kernel), the allocations
# of each control-plane request fail one by one (vxdp_fuzz failnth).
# ethtool, debugfs and BPF objects: vxdp_fuzz_tools.sh.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$VXDP_SELFTESTS_DIR/fuzz_lib.sh"

test_rtnl()
{
	local log rc

	log=$(mktemp) || fail "mktemp"
	# shellcheck disable=SC2064
	trap "rm -f '$log'" RETURN
	kmsg_mark
	# its progress as it goes
	"$FUZZ" rtnl ${VXDP_FUZZ_SEED:+-s "$VXDP_FUZZ_SEED"} \
		-n "${VXDP_FUZZ_COUNT:-10000}" -v "${VXDP_FUZZ_VALID:-40}" \
		-c "${VXDP_FUZZ_CHECK:-100}" 2>&1 | tee "$log" | sed -u 's/^\([^#]\)/# \1/'
	rc=${PIPESTATUS[0]}
	((rc == 0)) || fail "vxdp_fuzz rtnl: status $rc"
	grep -qx '# PASS' "$log" || fail "vxdp_fuzz rtnl did not finish"
	klog_check
}

# fault_attr DIR NAME VALUE: set a knob of the kernel's fault injection,
# the old value restored at the end of the test
fault_attr()
{
	FAULT_SAVED+=("$1/$2=$(cat "$1/$2")")
	echo "$3" >"$1/$2" || fail "$1/$2: cannot set $3"
}

fault_attrs_restore()
{
	local kv

	for kv in "${FAULT_SAVED[@]}"; do
		echo "${kv#*=}" >"${kv%%=*}"
	done
}

# The kernel's fault injection (CONFIG_FAULT_INJECTION, a debug kernel's:
# scripts/debug-kernel): every slab and page allocation of each
# control-plane request on a vxdp device fails in turn (fail-nth, this
# process only), sleeping ones included; refused with the state as it
# was, or done all the same; the device carries traffic after. The
# debug kernel's KASAN and kmemleak watch the error paths.
test_failnth()
{
	local dbg=/sys/kernel/debug log rc

	[[ -e /proc/self/fail-nth ]] ||
		skip "no /proc/self/fail-nth: a kernel with CONFIG_FAULT_INJECTION (scripts/debug-kernel)"
	[[ -d $dbg/failslab && -d $dbg/fail_page_alloc ]] ||
		skip "no failslab or fail_page_alloc in $dbg"
	log=$(mktemp) || fail "mktemp"
	FAULT_SAVED=()
	# shellcheck disable=SC2064
	trap "rm -f '$log'; fault_attrs_restore" RETURN
	fault_attr $dbg/failslab ignore-gfp-wait N
	fault_attr $dbg/failslab verbose 0
	fault_attr $dbg/fail_page_alloc ignore-gfp-wait N
	fault_attr $dbg/fail_page_alloc min-order 0
	fault_attr $dbg/fail_page_alloc verbose 0
	"$FUZZ" failnth 2>&1 | tee "$log" | sed -u 's/^\([^#]\)/# \1/'
	rc=${PIPESTATUS[0]}
	((rc == 0)) || fail "vxdp_fuzz failnth: status $rc"
	grep -qx '# PASS' "$log" || fail "vxdp_fuzz failnth did not finish"
}

vxdp_init "$FUZZ" dmesg
ktap_run_tests \
	"rtnetlink: 10000 fuzzed creates and changelinks refused, nothing changed; 40 valid creates exact" test_rtnl \
	"every allocation of each control-plane request failing in turn (fail-nth; debug kernels)" test_failnth
