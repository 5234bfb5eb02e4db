#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers of vxdp_fuzz.sh and vxdp_fuzz_tools.sh (sourced after lib.sh).

FUZZ=$VXDP_SELFTESTS_DIR/vxdp_fuzz
PROGS=$VXDP_SELFTESTS_DIR/progs
OFFLOAD_DIR=/sys/kernel/debug/vxdp_offload

############################################################################
# Kernel log: what the fuzzed requests may print, and nothing else

# kmsg_mark: a line in the kernel log that klog_check looks from
kmsg_mark()
{
	KMSG_MARK="vxdp_fuzz.sh: mark $$ $RANDOM$RANDOM"
	echo "$KMSG_MARK" >/dev/kmsg
}

# klog_check [ERE...]: the kernel's lines since kmsg_mark each match one of
# the netlink parser's warnings about malformed attributes (lib/nlattr.c:
# the kernel's liberal parsing of rtnetlink requests, ratelimited), the
# emulator's slowness (hrtimer, clocksource watchdog), or an ERE given
klog_check()
{
	local line seen= bad= re
	local -a ok=(
		"netlink: '[^']*': attribute type [0-9]+ has an invalid length\\."
		"netlink: [0-9]+ bytes leftover after parsing attributes in process \`[^']*'\\."
		"(validate_nla|__nla_validate_parse|nla_validate_parse): [0-9]+ callbacks suppressed"
		# the VM's emulation, slow under load, not the requests
		"hrtimer: interrupt took [0-9]+ ns"
		"clocksource: .*"	# the watchdog on the emulated clocks
		"CE: [a-z0-9_]+ increased min_delta_ns to [0-9]+ nsec"
		"$@"
	)

	while IFS= read -r line; do
		if [[ -z "$seen" ]]; then
			[[ "$line" == *"$KMSG_MARK"* ]] && seen=1
			continue
		fi
		line=${line#\[*\] }
		for re in "${ok[@]}"; do
			[[ "$line" =~ ^$re$ ]] && continue 2
		done
		bad+="$line"$'\n'
	done < <(dmesg)
	[[ -n "$seen" ]] || fail "kernel log: mark not found"
	if [[ -n "$bad" ]]; then
		printf '%s' "$bad" | sed 's/^/#   /'
		fail "unexpected kernel log lines"
	fi
}

############################################################################

