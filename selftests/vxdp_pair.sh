#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vxdp pairs: create and delete from either side, peer names (automatic and
# explicit), peer in another netns (at creation and moved later), iflink,
# driver name, MAC addresses, carrier and operstate, MTU.

source "$(dirname "$(realpath "$0")")/lib.sh"

# a vxdp pair NS:DEV0 <-> PEERNS:DEV1 exists and is linked both ways
# (few processes: each one costs under emulation)
check_pair()
{
	local ns0=$1 dev0=$2 ns1=$3 dev1=$4 j0 j1 k s0 s1 idx0 idx1 l0 l1

	j0=$(ipn "$ns0" -d -j link show dev "$dev0" 2>/dev/null) ||
		fail "$dev0 missing in netns ${ns0:-init}"
	j1=$(ipn "$ns1" -d -j link show dev "$dev1" 2>/dev/null) ||
		fail "$dev1 missing in netns ${ns1:-init}"
	# kind and link-netnsid of both, one jq
	mapfile -t k < <(jq -rn --argjson a "$j0" --argjson b "$j1" \
		'$a[0], $b[0] | .linkinfo.info_kind, .link_netnsid')
	check_eq "${k[0]}" vxdp "$dev0 kind"
	check_eq "${k[2]}" vxdp "$dev1 kind"
	# ifindex and iflink (sysfs), one cat per device
	mapfile -t s0 < <(nsexec "$ns0" cat "/sys/class/net/$dev0/ifindex" \
			  "/sys/class/net/$dev0/iflink")
	mapfile -t s1 < <(nsexec "$ns1" cat "/sys/class/net/$dev1/ifindex" \
			  "/sys/class/net/$dev1/iflink")
	idx0=${s0[0]:-} idx1=${s1[0]:-}
	[[ -n "$idx0" && -n "$idx1" ]] || fail "no ifindex of $dev0 or $dev1 in sysfs"
	check_eq "${s0[1]:-}" "$idx1" "$dev0 iflink (peer ifindex)"
	check_eq "${s1[1]:-}" "$idx0" "$dev1 iflink (peer ifindex)"
	l0=$(ipn "$ns0" -o link show dev "$dev0")
	l1=$(ipn "$ns1" -o link show dev "$dev1")
	if [[ "$ns0" == "$ns1" ]]; then
		[[ "$l0" == "$idx0: $dev0@$dev1:"* ]] ||
			fail "ip link does not show $dev0@$dev1: $l0"
		[[ "$l1" == "$idx1: $dev1@$dev0:"* ]] ||
			fail "ip link does not show $dev1@$dev0: $l1"
	else
		[[ "$l0" == "$idx0: $dev0@if$idx1:"* ]] ||
			fail "ip link does not show $dev0@if$idx1: $l0"
		[[ "$l1" == "$idx1: $dev1@if$idx0:"* ]] ||
			fail "ip link does not show $dev1@if$idx0: $l1"
		# the peer's netns is reported (rtnl_link_ops.get_link_net)
		check_ne "${k[1]}" null "$dev0 link-netnsid"
		check_ne "${k[3]}" null "$dev1 link-netnsid"
	fi
}

test_create_delete()
{
	local peer

	setup_ns NS0
	must ip -n "$NS0" link add vx0 type vxdp
	# the peer gets the first free vxdp%d name of the netns
	peer=$(vxdp_links "$NS0" | grep -v '^vx0$')
	check_eq "$peer" vxdp0 "automatic peer name"
	check_pair "$NS0" vx0 "$NS0" vxdp0

	# a second pair: the next free name
	must ip -n "$NS0" link add vx1 type vxdp
	check_pair "$NS0" vx1 "$NS0" vxdp1

	must ip -n "$NS0" link del vx0
	! dev_exists "$NS0" vx0 || fail "vx0 still exists after deleting it"
	! dev_exists "$NS0" vxdp0 || fail "peer vxdp0 still exists after deleting vx0"
	check_pair "$NS0" vx1 "$NS0" vxdp1

	# delete from the peer's side
	must ip -n "$NS0" link del vxdp1
	! dev_exists "$NS0" vxdp1 || fail "vxdp1 still exists after deleting it"
	! dev_exists "$NS0" vx1 || fail "vx1 still exists after deleting its peer"
	check_no_vxdp "$NS0"
}

test_auto_names()
{
	local devs

	setup_ns NS0
	# no name at all: both sides are named vxdp%d
	must ip -n "$NS0" link add type vxdp
	devs=$(vxdp_links "$NS0" | sort | tr '\n' ' ')
	check_eq "$devs" "vxdp0 vxdp1 " "devices of 'ip link add type vxdp'"
	check_pair "$NS0" vxdp0 "$NS0" vxdp1
	must ip -n "$NS0" link del vxdp1
	check_no_vxdp "$NS0"
}

test_explicit_peer()
{
	setup_ns NS0
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1
	check_eq "$(vxdp_links "$NS0" | sort | tr '\n' ' ')" "vx0 vx1 " "devices"
	check_pair "$NS0" vx0 "$NS0" vx1
	must ip -n "$NS0" link del vx1
	check_no_vxdp "$NS0"
}

test_peer_netns_at_create()
{
	local pid

	setup_ns NS0 NS1
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1 peer-netns "$NS1"
	check_eq "$(vxdp_links "$NS0" | tr '\n' ' ')" "vx0 " "devices in ns0"
	check_eq "$(vxdp_links "$NS1" | tr '\n' ' ')" "vx1 " "devices in ns1"
	check_pair "$NS0" vx0 "$NS1" vx1
	# deleting the peer (other netns) deletes the device
	must ip -n "$NS1" link del vx1
	check_no_vxdp "$NS0" "$NS1"

	# the same name on both sides is fine in different netns
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx0 peer-netns "$NS1"
	check_pair "$NS0" vx0 "$NS1" vx0
	must ip -n "$NS0" link del vx0
	check_no_vxdp "$NS0" "$NS1"

	# IFLA_NET_NS_PID
	ip netns exec "$NS1" sleep 600 &
	pid=$!
	# wait until the child has entered the netns
	slowwait 5 bash -c "[[ \$(ip netns identify $pid) == $NS1 ]]" ||
		{ kill "$pid"; fail "sleep did not enter $NS1"; }
	"$VXDP_LINK" -n "$NS0" add vx0 peer vx1 peer-netns-pid "$pid"
	local rc=$?
	kill "$pid"
	wait "$pid" 2>/dev/null
	((rc == 0)) || fail "vxdp_link add vx0 peer vx1 peer-netns-pid failed"
	check_pair "$NS0" vx0 "$NS1" vx1
	must ip -n "$NS0" link del vx0
	check_no_vxdp "$NS0" "$NS1"

	# device in the initial netns, peer in a netns
	must "$VXDP_LINK" add vx0 peer vx1 peer-netns "$NS1"
	check_pair "" vx0 "$NS1" vx1
	must ip -n "$NS1" link del vx1
	! dev_exists "" vx0 || fail "vx0 still exists in the initial netns"
	check_no_vxdp "" "$NS1"
}

test_peer_netns_move()
{
	setup_ns NS0 NS1 NS2
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1
	check_pair "$NS0" vx0 "$NS0" vx1
	must ip -n "$NS0" link set vx1 netns "$NS1"
	! dev_exists "$NS0" vx1 || fail "vx1 still in ns0 after moving it"
	check_pair "$NS0" vx0 "$NS1" vx1

	# both up across netns: carrier
	must ip -n "$NS0" link set vx0 up
	must ip -n "$NS1" link set vx1 up
	check_eq "$(dev_attr "$NS0" vx0 carrier)" 1 "vx0 carrier, both up"
	check_eq "$(dev_attr "$NS1" vx1 carrier)" 1 "vx1 carrier, both up"

	# move the device side too, then the peer back
	must ip -n "$NS0" link set vx0 netns "$NS2"
	check_pair "$NS2" vx0 "$NS1" vx1
	must ip -n "$NS1" link set vx1 netns "$NS2"
	check_pair "$NS2" vx0 "$NS2" vx1
	check_no_vxdp "$NS0" "$NS1"

	must ip -n "$NS2" link del vx0
	check_no_vxdp "$NS0" "$NS1" "$NS2"
}

test_driver_info()
{
	setup_ns NS0 NS1
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1 peer-netns "$NS1"
	ip netns exec "$NS0" ethtool -i vx0 | grep -qx "driver: vxdp" ||
		fail "ethtool -i vx0: $(ip netns exec "$NS0" ethtool -i vx0 2>&1 | head -1)"
	ip netns exec "$NS1" ethtool -i vx1 | grep -qx "driver: vxdp" ||
		fail "ethtool -i vx1: $(ip netns exec "$NS1" ethtool -i vx1 2>&1 | head -1)"
}

test_mac()
{
	local macs mac first dev

	setup_ns NS0
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1
	must "$VXDP_LINK" -n "$NS0" add vx2 peer vx3
	for dev in vx0 vx1 vx2 vx3; do
		mac=$(dev_mac "$NS0" "$dev")
		[[ "$mac" =~ ^[0-9a-f]{2}(:[0-9a-f]{2}){5}$ ]] ||
			fail "$dev MAC '$mac' is not an Ethernet address"
		check_ne "$mac" 00:00:00:00:00:00 "$dev MAC"
		first=$((16#${mac%%:*}))
		((first & 1)) && fail "$dev MAC $mac is multicast"
		((first & 2)) || fail "$dev MAC $mac is not locally administered"
		macs+="$mac "
		log "$dev $mac"
	done
	check_eq "$(tr ' ' '\n' <<<"$macs" | sort -u | grep -c .)" 4 \
		"distinct MACs among 2 pairs"
}

# carrier NS DEV: 0/1, readable only when DEV is up
carrier()
{
	dev_attr "$1" "$2" carrier
}

operstate()
{
	dev_attr "$1" "$2" operstate
}

operstate_is()
{
	[[ "$(operstate "$1" "$2")" == "$3" ]]
}

operstate_not_up()
{
	local s

	s=$(operstate "$1" "$2")
	[[ "$s" == down || "$s" == lowerlayerdown ]]
}

# link_flags NS DEV: ",FLAG,FLAG," from "ip link show"
link_flags()
{
	ipn "$1" -o link show dev "$2" | sed -n 's/^[^<]*<\([^>]*\)>.*/,\1,/p'
}

# check_link NS DEV up|down CARRIER: admin state, carrier, operstate
check_link()
{
	local ns=$1 dev=$2 admin=$3 want=$4 flags

	flags=$(link_flags "$ns" "$dev")
	[[ -n "$flags" ]] || fail "no flags for $dev"
	if [[ "$admin" == down ]]; then
		[[ "$flags" != *,UP,* ]] || fail "$dev is admin up: $flags"
		[[ "$flags" != *,LOWER_UP,* ]] || fail "$dev is LOWER_UP: $flags"
		# operstate settles through linkwatch
		slowwait 5 operstate_is "$ns" "$dev" down ||
			fail "$dev down: operstate '$(operstate "$ns" "$dev")', expected down"
		return
	fi
	[[ "$flags" == *,UP,* ]] || fail "$dev is not admin up: $flags"
	check_eq "$(carrier "$ns" "$dev")" "$want" "$dev carrier"
	if ((want)); then
		[[ "$flags" == *,LOWER_UP,* ]] || fail "$dev not LOWER_UP: $flags"
		slowwait 5 operstate_is "$ns" "$dev" up ||
			fail "$dev: operstate '$(operstate "$ns" "$dev")', expected up"
	else
		[[ "$flags" == *,NO-CARRIER,* ]] || fail "$dev not NO-CARRIER: $flags"
		[[ "$flags" != *,LOWER_UP,* ]] || fail "$dev is LOWER_UP: $flags"
		slowwait 5 operstate_not_up "$ns" "$dev" ||
			fail "$dev: operstate '$(operstate "$ns" "$dev")', expected down or lowerlayerdown"
	fi
}

carrier_sequence()
{
	local n0=$1 n1=$2

	check_link "$n0" vx0 down 0
	check_link "$n1" vx1 down 0

	must ip -n "$n0" link set vx0 up
	check_link "$n0" vx0 up 0
	check_link "$n1" vx1 down 0

	must ip -n "$n1" link set vx1 up
	check_link "$n0" vx0 up 1
	check_link "$n1" vx1 up 1

	must ip -n "$n1" link set vx1 down
	check_link "$n0" vx0 up 0
	check_link "$n1" vx1 down 0

	must ip -n "$n0" link set vx0 down
	must ip -n "$n1" link set vx1 up
	check_link "$n0" vx0 down 0
	check_link "$n1" vx1 up 0

	must ip -n "$n0" link set vx0 up
	check_link "$n0" vx0 up 1
	check_link "$n1" vx1 up 1

	must ip -n "$n0" link set vx0 down
	check_link "$n0" vx0 down 0
	check_link "$n1" vx1 up 0
}

test_carrier()
{
	setup_ns NS0
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1
	carrier_sequence "$NS0" "$NS0"
}

test_carrier_netns()
{
	setup_ns NS0 NS1
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1 peer-netns "$NS1"
	carrier_sequence "$NS0" "$NS1"
}

check_mtu()
{
	check_eq "$(dev_attr "$1" "$2" mtu)" "$3" "$2 mtu"
}

test_mtu()
{
	local dev

	setup_ns NS0
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1
	for dev in vx0 vx1; do
		check_mtu "$NS0" "$dev" 1500
		check_eq "$(link_json "$NS0" "$dev" .min_mtu)" 68 "$dev min_mtu"
		check_eq "$(link_json "$NS0" "$dev" .max_mtu)" 9000 "$dev max_mtu"
	done

	must ip -n "$NS0" link set vx0 mtu 9000
	check_mtu "$NS0" vx0 9000
	check_mtu "$NS0" vx1 1500
	must ip -n "$NS0" link set vx1 mtu 68
	check_mtu "$NS0" vx1 68
	check_mtu "$NS0" vx0 9000

	for dev in vx0 vx1; do
		must ip -n "$NS0" link set "$dev" mtu 1280
		must_fail_msg "mtu greater than device maximum" \
			ip -n "$NS0" link set "$dev" mtu 9001
		must_fail_msg "mtu less than device minimum" \
			ip -n "$NS0" link set "$dev" mtu 67
		check_mtu "$NS0" "$dev" 1280
	done

	# up, then changed while up
	must ip -n "$NS0" link set vx0 up
	must ip -n "$NS0" link set vx1 up
	must ip -n "$NS0" link set vx0 mtu 9000
	must ip -n "$NS0" link set vx1 mtu 9000
	check_mtu "$NS0" vx0 9000
	check_mtu "$NS0" vx1 9000
	must_fail_msg "mtu greater than device maximum" \
		ip -n "$NS0" link set vx0 mtu 65535
	check_mtu "$NS0" vx0 9000

	# at creation
	must "$VXDP_LINK" -n "$NS0" add vx2 peer vx3 mtu 9000 peer-mtu 68
	check_mtu "$NS0" vx2 9000
	check_mtu "$NS0" vx3 68
	must_fail_msg "mtu greater than device maximum" \
		"$VXDP_LINK" -n "$NS0" add vx4 peer vx5 mtu 9001
	must_fail_msg "mtu less than device minimum" \
		"$VXDP_LINK" -n "$NS0" add vx4 peer vx5 peer-mtu 67
	check_eq "$(vxdp_links "$NS0" | sort | tr '\n' ' ')" "vx0 vx1 vx2 vx3 " \
		"devices after failed creations"
}

vxdp_init
ktap_run_tests \
	"create and delete from either side, automatic peer name" test_create_delete \
	"device and peer both named automatically" test_auto_names \
	"explicit peer name" test_explicit_peer \
	"peer in another netns at creation" test_peer_netns_at_create \
	"peer moved to another netns" test_peer_netns_move \
	"ethtool -i reports driver vxdp" test_driver_info \
	"random, distinct, locally administered MACs" test_mac \
	"carrier only when both sides are up" test_carrier \
	"carrier with the peer in another netns" test_carrier_netns \
	"MTU range 68..9000, default 1500" test_mtu
