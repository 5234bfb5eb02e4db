#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Loading and unloading the module: rtnl kind registered and gone, rmmod
# with pairs present (in the initial netns, across netns, up and passing
# traffic) removes them all, reloading works.  The module is left loaded or
# unloaded as it was found.

source "$(dirname "$(realpath "$0")")/lib.sh"

ensure_unloaded()
{
	if vxdp_module_loaded; then
		must rmmod vxdp
	fi
	! vxdp_module_loaded || fail "vxdp still loaded after rmmod"
}

ensure_loaded()
{
	vxdp_module_loaded || must insmod "$VXDP_KO"
}

# check_gone NS DEV...: the devices do not exist in NS
check_gone()
{
	local ns=$1 dev
	shift

	for dev in "$@"; do
		! dev_exists "$ns" "$dev" ||
			fail "$dev still exists in netns ${ns:-init}"
	done
}

test_load_unload()
{
	setup_ns NS0
	ensure_unloaded
	must insmod "$VXDP_KO"
	vxdp_module_loaded || fail "/sys/module/vxdp missing after insmod"
	must ip -n "$NS0" link add vx0 type vxdp
	check_eq "$(dev_kind "$NS0" vx0)" vxdp "kind of vx0"
	must ip -n "$NS0" link del vx0
	check_no_vxdp "$NS0"

	must rmmod vxdp
	! vxdp_module_loaded || fail "/sys/module/vxdp still there after rmmod"
	# kind gone (the module is not installed: no autoload either)
	if ip -n "$NS0" link add vx0 type vxdp 2>/dev/null; then
		fail "'ip link add type vxdp' works without the module"
	fi
	check_gone "$NS0" vx0 vxdp0
}

test_rmmod_init_netns()
{
	ensure_unloaded
	must insmod "$VXDP_KO"
	must ip link add vx0 type vxdp
	must "$VXDP_LINK" add vx2 peer vx3
	must "$VXDP_LINK" add vx4 peer vx5 numtxqueues 4 numrxqueues 4
	must ip link set vx2 up
	must ip link set vx3 up
	must ip link set vx4 up
	check_eq "$(vxdp_links "" | grep -c '^vx[0-5]$')" 5 "vxdp devices named vx*"

	must rmmod vxdp
	! vxdp_module_loaded || fail "vxdp still loaded"
	check_gone "" vx0 vx2 vx3 vx4 vx5
	check_no_vxdp ""
}

test_rmmod_netns()
{
	setup_ns NS1 NS2
	ensure_unloaded
	must insmod "$VXDP_KO"
	# device in the initial netns, peer in ns1
	must "$VXDP_LINK" add vx0 peer vx1 peer-netns "$NS1"
	# a pair inside ns1
	must "$VXDP_LINK" -n "$NS1" add vx2 peer vx3
	# ns1 -> ns2
	must "$VXDP_LINK" -n "$NS1" add vx4 peer vx5 peer-netns "$NS2"
	must ip link set vx0 up
	must ip -n "$NS1" link set vx1 up
	must ip -n "$NS1" link set vx4 up
	must ip -n "$NS2" link set vx5 up

	must rmmod vxdp
	! vxdp_module_loaded || fail "vxdp still loaded"
	check_gone "" vx0
	check_gone "$NS1" vx1 vx2 vx3 vx4
	check_gone "$NS2" vx5
	check_no_vxdp "" "$NS1" "$NS2"
	# the netns can go away normally
	must ip netns del "$NS2"
}

test_rmmod_traffic()
{
	local pid

	setup_ns NS0 NS1
	ensure_unloaded
	must insmod "$VXDP_KO"
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1 peer-netns "$NS1" \
		numtxqueues 2 numrxqueues 2 peer-numtxqueues 2 peer-numrxqueues 2
	must ip -n "$NS0" addr add 192.0.2.1/24 dev vx0
	must ip -n "$NS1" addr add 192.0.2.2/24 dev vx1
	must ip -n "$NS0" link set vx0 up
	must ip -n "$NS1" link set vx1 up
	must_quiet ip netns exec "$NS0" ping -c 1 -W 2 192.0.2.2
	# unload while a flood ping is running
	ip netns exec "$NS0" ping -f -q -w 60 192.0.2.2 >/dev/null 2>&1 &
	pid=$!
	# wait until the flood is under way: vx1 keeps receiving
	local rx0
	rx0=$(sys_stat "$NS1" vx1 rx_packets)
	slowwait 10 bash -c "(( \$(ip netns exec $NS1 cat /sys/class/net/vx1/statistics/rx_packets) > $rx0 + 100 ))" ||
		{ kill "$pid"; fail "flood ping does not get through"; }
	rmmod vxdp
	local rc=$?
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	((rc == 0)) || fail "rmmod vxdp failed during traffic"
	! vxdp_module_loaded || fail "vxdp still loaded"
	check_gone "$NS0" vx0
	check_gone "$NS1" vx1
	check_no_vxdp "$NS0" "$NS1"
}

test_reload()
{
	setup_ns NS0
	ensure_unloaded
	must insmod "$VXDP_KO"
	must rmmod vxdp
	must insmod "$VXDP_KO"
	must "$VXDP_LINK" -n "$NS0" add vx0 peer vx1
	must ip -n "$NS0" link set vx0 up
	must ip -n "$NS0" link set vx1 up
	check_eq "$(dev_attr "$NS0" vx0 carrier)" 1 "vx0 carrier after reload"
	ip netns exec "$NS0" ethtool -i vx0 | grep -qx "driver: vxdp" ||
		fail "ethtool -i vx0 after reload"
	must ip -n "$NS0" link del vx0
	check_no_vxdp "$NS0"
	# a second insmod of the loaded module fails, and changes nothing
	if insmod "$VXDP_KO" 2>/dev/null; then
		fail "insmod of a loaded module succeeded"
	fi
	vxdp_module_loaded || fail "vxdp unloaded by a failed insmod"
	must rmmod vxdp
}

vxdp_init
ktap_run_tests \
	"insmod registers kind vxdp, rmmod removes it" test_load_unload \
	"rmmod removes pairs of the initial netns" test_rmmod_init_netns \
	"rmmod removes pairs spanning netns" test_rmmod_netns \
	"rmmod while traffic flows" test_rmmod_traffic \
	"reload" test_reload
