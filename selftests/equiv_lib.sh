#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the generic-XDP and native/generic equivalence tests
# (vxdp_generic.sh, vxdp_equiv.sh); source it after lib.sh.
#
# equiv_setup builds the equivalence topology in one netns ($EQ):
#
#   vx0 ==== vx1 (DUT, 10.99.1.1/24): frames are injected on vx0 and the
#   |        |                        corpus program runs on vx1; vx0 sees
#   inject   program                  what vx1 sends back
#   vx2 ==== vx3   the IPv4 redirect target (vxdp) and its observer
#   ve0 ==== ve1   the IPv6 redirect target (veth) and its observer; ve1
#                  runs a native XDP_PASS program, without which veth
#                  refuses ndo_xdp_xmit
#
#   10.99.2.0/24 -> vx2, neighbour 10.99.2.3 = vx3 (permanent)
#   2001:db8:99:3::/64 -> ve0, neighbour 2001:db8:99:3::1 = ve1 (permanent)
#
# Nothing in it sends frames by itself: IPv6 is off everywhere but on ve0
# (which has no address at all), vx1 ignores pings.

EQUIV_DIR=$VXDP_SELFTESTS_DIR
XDP_EQUIV=$EQUIV_DIR/xdp_equiv
PROGS_DIR=$EQUIV_DIR/progs

MAC_VX0=02:00:00:00:01:00
MAC_VX1=02:00:00:00:01:01
MAC_VX2=02:00:00:00:02:02
MAC_VX3=02:00:00:00:02:03
MAC_VE0=02:00:00:00:03:00
MAC_VE1=02:00:00:00:03:01

# eqx CMD...: run CMD in the equivalence netns
eqx()
{
	ip netns exec "$EQ" "$@"
}

# corpus_obj NAME: path of progs/NAME.bpf.o
corpus_obj()
{
	echo "$PROGS_DIR/$1.bpf.o"
}

# quiet_dev NS DEV MAC: set the MAC and keep IPv6 off (no ND/MLD), before up
quiet_dev()
{
	must ip -n "$1" link set dev "$2" address "$3"
	must_quiet ip netns exec "$1" sysctl -w "net.ipv6.conf.$2.disable_ipv6=1"
}

equiv_setup()
{
	setup_ns EQ
	must "$VXDP_LINK" -n "$EQ" add vx0 peer vx1
	must "$VXDP_LINK" -n "$EQ" add vx2 peer vx3
	# few commands: each one costs under TCG
	must ip -n "$EQ" -batch - <<-EOF
		link add ve0 type veth peer name ve1
		link set dev vx0 address $MAC_VX0
		link set dev vx1 address $MAC_VX1
		link set dev vx2 address $MAC_VX2
		link set dev vx3 address $MAC_VX3
		link set dev ve1 address $MAC_VE1
		link set dev ve0 address $MAC_VE0 addrgenmode none
	EOF
	# ve0 carries the IPv6 route: IPv6 on, but no address, hence silent
	must eqx sh -c '
		for d in vx0 vx1 vx2 vx3 ve1; do
			echo 1 > /proc/sys/net/ipv6/conf/$d/disable_ipv6 || exit 1
		done
		echo 1 > /proc/sys/net/ipv4/icmp_echo_ignore_all'
	must ip -n "$EQ" -batch - <<-EOF
		addr add 10.99.1.1/24 dev vx1
		link set dev ve1 xdpdrv obj $(corpus_obj corpus_pass) sec xdp
		link set dev vx0 up
		link set dev vx1 up
		link set dev vx2 up
		link set dev vx3 up
		link set dev ve0 up
		link set dev ve1 up
		route add 10.99.2.0/24 dev vx2
		neigh add 10.99.2.3 lladdr $MAC_VX3 dev vx2 nud permanent
		route add 2001:db8:99:3::/64 dev ve0
		neigh add 2001:db8:99:3::1 lladdr $MAC_VE1 dev ve0 nud permanent
	EOF
	slowwait 10 equiv_carriers || fail "no carrier on the equivalence topology"
}

equiv_carriers()
{
	local d

	for d in vx0 vx1 vx2 vx3 ve0 ve1; do
		[[ "$(dev_attr "$EQ" $d carrier 2>/dev/null)" == 1 ]] || return 1
	done
}

# xdp_prog_id NS DEV: id of the XDP program attached to DEV (any mode), or ""
xdp_prog_id()
{
	ipn "$1" -d -j link show dev "$2" |
		jq -r '.[0].xdp.prog.id // empty'
}

# xdp_mode NS DEV: the IFLA_XDP_ATTACHED mode number (0 none, 1 drv,
# 2 skb/generic, 3 hw), as "ip -j -d link" reports it
xdp_mode()
{
	ipn "$1" -d -j link show dev "$2" | jq -r '.[0].xdp.mode // 0'
}

# prog_counter PIN NAME: a corpus_cnt[] counter of a program attached with
# "xdp_equiv attach --pin PIN"
prog_counter()
{
	"$XDP_EQUIV" counters --pin "$1" | awk -v n="$2" '$1 == n { print $2 }'
}

# bss_counter NS DEV NAME: a corpus_cnt[] counter of the program attached
# to DEV by ip (read from its .bss map)
bss_counter()
{
	local id

	id=$(xdp_prog_id "$1" "$2")
	[[ -n "$id" ]] || return 1
	"$XDP_EQUIV" counters --prog-id "$id" | awk -v n="$3" '$1 == n { print $2 }'
}

# eth NS DEV NAME: an ethtool -S counter
eth()
{
	ethtool_stat "$1" "$2" "$3"
}

# eth_snap NS DEV: all counters of DEV, "name value" a line: those of
# ethtool -S by their names, and ip.* and sys.* (lib.sh's dev_stats)
eth_snap()
{
	dev_stats "$1" "$2"
}

# snap_get SNAP NAME, snap_delta BEFORE AFTER NAME (shell builtins only)
snap_get()
{
	local name v

	while read -r name v; do
		if [[ "$name" == "$2" ]]; then
			echo "$v"
			return
		fi
	done <<<"$1"
}

snap_delta()
{
	echo $(($(snap_get "$2" "$3") - $(snap_get "$1" "$3")))
}
