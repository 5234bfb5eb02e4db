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

vxdp_init "$FUZZ" dmesg
ktap_run_tests \
	"rtnetlink: 10000 fuzzed creates and changelinks refused, nothing changed; 40 valid creates exact" test_rtnl
