#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unprivileged use: a user (uid 65534) in a user namespace of its own, with
# its own network namespace (unshare -Urnm), the module loaded by root
# beforehand.
#
#  - what veth allows there works the same for vxdp: a pair, up, one end in
#    a child netns, addresses, ping, MTU, ethtool, attaching XDP (whatever
#    the kernel decides for veth, it decides for vxdp), deleting; the same
#    commands on both kinds, their exit statuses compared;
#  - what stays root's is refused: the debugfs knobs (rx_source,
#    vxdp_offload), the module's parameters, loading and unloading the
#    module, and other namespaces' devices: a peer, a device or a move into
#    the initial netns, deleting a device of the initial netns.

source "$(dirname "$(realpath "$0")")/lib.sh"
source "$VXDP_SELFTESTS_DIR/xdp_lib.sh"	# RX_SOURCE

UNPRIV_UID=65534
PROG=$VXDP_SELFTESTS_DIR/progs/corpus_pass.bpf.o
OFFLOAD_DIR=/sys/kernel/debug/vxdp_offload

# unpriv SCRIPT ARGS...: bash -c SCRIPT as uid 65534 in new user, network
# and mount namespaces where it is root
unpriv()
{
	local script=$1
	shift

	setpriv --reuid="$UNPRIV_UID" --regid="$UNPRIV_UID" --clear-groups \
		--inh-caps=-all \
		unshare -Urnm bash -c "$script" - "$@"
}

# The unprivileged side: prints "R STEP KIND STATUS" a line, and the
# output of commands that failed as "# ..." lines.
INNER='
export LC_ALL=C
vxdp_link=$1 prog=$2 ko=$3 rx_source=$4 offload=$5

r()	# r STEP KIND CMD...: run CMD, report its status
{
	local step=$1 kind=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	echo "R $step $kind $rc"
	if ((rc)) && [[ -n "$out" ]]; then
		printf "%s\n" "$out" | head -n 5 | sed "s/^/#   $step $kind: /"
	fi
	return $rc
}

# the child netns of this user namespace: a process that waits
unshare -n sleep 600 &
child=$!
for i in $(seq 50); do
	[[ "$(readlink /proc/$child/ns/net)" != "$(readlink /proc/self/ns/net)" ]] && break
	sleep 0.1
done
c() { nsenter -t "$child" -n "$@"; }

# uid 0 here, 65534 outside, without any capability there
echo "R id - $(id -u)"

net=1
for kind in veth vxdp; do
	a=${kind}a b=${kind}b
	r create $kind ip link add $a type $kind
	r rename $kind ip link set ${kind}0 name $b
	r up $kind ip link set $a up
	r to_child $kind ip link set $b netns $child
	r child_up $kind c ip link set $b up
	r addr $kind ip addr add 10.99.$net.1/24 dev $a
	r child_addr $kind c ip addr add 10.99.$net.2/24 dev $b
	r ping $kind ping -c 3 -i 0.2 -W 10 10.99.$net.2
	# what the pings left in the counters: ours sent, the child got
	tx=$(awk -v d="$a:" "\$1 == d { print \$11 }" /proc/net/dev)
	rx=$(c awk -v d="$b:" "\$1 == d { print \$3 }" /proc/net/dev)
	echo "R counted $kind $(( tx >= 3 && rx >= 3 ? 0 : 1 ))"
	r mtu $kind ip link set $a mtu 4000
	r ethtool_l $kind ethtool -l $a
	r ethtool_S $kind ethtool -S $a
	r xdpgeneric $kind ip link set $a xdpgeneric obj "$prog" sec xdp
	r xdpgeneric_off $kind ip link set $a xdpgeneric off
	r xdpdrv $kind ip link set $a xdpdrv obj "$prog" sec xdp
	r xdp_off $kind ip link set $a xdp off
	# other namespaces: the initial one is pid 1s
	r peer_in_init $kind ip link add x$kind type $kind peer name y$kind netns 1
	r dev_in_init $kind ip link add z$kind netns 1 type $kind
	r move_to_init $kind ip link set $a netns 1
	r del_root_dev $kind ip link del root$kind
	r del $kind ip link del $a
	r child_gone $kind bash -c "! nsenter -t $child -n ip link show $b"
	net=$((net + 1))
done
# vxdp peers in the initial netns, by the attribute veth uses in ip
r peer_in_init_link vxdp "$vxdp_link" add xl peer yl peer-netns-pid 1

# root only
r debugfs_read vxdp cat "$rx_source"
r debugfs_write vxdp bash -c "echo \"vxdpa 0 100\" > $rx_source"
for k in refuse_bind refuse_map_alloc refuse_helper; do
	r offload_read_$k vxdp cat "$offload/$k"
	r offload_write_$k vxdp bash -c "echo 1 > $offload/$k"
done
for p in /sys/module/vxdp/parameters/*; do
	[[ -e "$p" ]] || continue
	r param_${p##*/} vxdp bash -c "cat $p > $p"
done
r insmod vxdp insmod "$ko"
r rmmod vxdp rmmod vxdp
kill $child
wait
echo "R done - 0"
'

test_userns()
{
	local out line step kind rc v left
	local -A st

	require_cmd setpriv unshare nsenter ping
	[[ -r "$PROG" ]] || skip "$PROG not built"
	unpriv 'true' 2>/dev/null || skip "no unprivileged user namespaces"
	# devices of the initial netns that the user must not touch
	must_quiet ip link add rootvxdp type vxdp
	must_quiet ip link add rootveth type veth
	before=$(cat "$OFFLOAD_DIR"/refuse_bind "$OFFLOAD_DIR"/refuse_map_alloc \
		"$OFFLOAD_DIR"/refuse_helper 2>&1)

	out=$(unpriv "$INNER" "$VXDP_SELFTESTS_DIR/vxdp_link" "$PROG" \
		"$VXDP_KO" "$RX_SOURCE" "$OFFLOAD_DIR" 2>&1)
	# iproute2 makes its pinning directory tc/ (and ip, xdp: symlinks to
	# it) as the user in the shared bpffs, whose root is sticky and
	# world-writable. Left there, root may not follow the user's xdp
	# symlink (protected_symlinks) and libxdp cannot take its lock in
	# /sys/fs/bpf/xdp: "Permission denied".
	while IFS= read -r left; do
		log "the user left $left in the bpffs"
		rm -rf "$left"
	done < <(find /sys/fs/bpf -mindepth 1 -maxdepth 1 -user "$UNPRIV_UID")
	# whatever got into the initial netns goes
	for dev in xveth yveth xvxdp yvxdp zveth zvxdp xl yl vxdpa veth_a; do
		ip link del "$dev" 2>/dev/null && log "$dev in the initial netns"
	done
	while IFS= read -r line; do
		case $line in
		"R "*)
			read -r _ step kind rc <<<"$line"
			st[$step.$kind]=$rc
			;;
		*) log "$line" ;;
		esac
	done <<<"$out"
	[[ "${st[done.-]}" == 0 ]] || fail "the unprivileged script did not finish"
	check_eq "${st[id.-]}" 0 "uid in the user namespace"

	# what veth allows, vxdp allows; what veth refuses, vxdp refuses
	for step in create rename up to_child child_up addr child_addr ping \
		    counted mtu ethtool_l ethtool_S xdpgeneric xdpgeneric_off \
		    xdpdrv xdp_off dev_in_init move_to_init del_root_dev del \
		    child_gone; do
		log "$step: veth ${st[$step.veth]}, vxdp ${st[$step.vxdp]}"
		[[ -n "${st[$step.veth]}" ]] || fail "$step: no result"
		[[ "$(( !${st[$step.veth]} ))" == "$(( !${st[$step.vxdp]} ))" ]] ||
			fail "$step: veth status ${st[$step.veth]}, vxdp ${st[$step.vxdp]}"
	done
	# the pair, the child, traffic and deletion work for the user
	for step in create rename up to_child child_up addr child_addr ping \
		    counted mtu ethtool_l ethtool_S del child_gone; do
		check_eq "${st[$step.vxdp]}" 0 "$step by the user"
	done

	# other namespaces' devices stay out of reach
	for step in peer_in_init dev_in_init move_to_init del_root_dev; do
		check_ne "${st[$step.vxdp]}" 0 "$step by the user (vxdp)"
	done
	check_ne "${st[peer_in_init_link.vxdp]}" 0 "a vxdp peer in the initial netns (VXDP_INFO_PEER, IFLA_NET_NS_PID)"
	((${st[peer_in_init.veth]})) ||
		log "note: this kernel's veth puts a user's peer into the initial netns"
	dev_exists "" rootvxdp || fail "rootvxdp deleted by the user"
	dev_exists "" rootveth || fail "rootveth deleted by the user"

	# root's: debugfs, module parameters, the module
	for step in debugfs_read debugfs_write insmod rmmod; do
		check_ne "${st[$step.vxdp]}" 0 "$step by the user"
	done
	for v in refuse_bind refuse_map_alloc refuse_helper; do
		check_ne "${st[offload_read_$v.vxdp]}" 0 "reading $v by the user"
		check_ne "${st[offload_write_$v.vxdp]}" 0 "writing $v by the user"
	done
	for v in "${!st[@]}"; do
		[[ $v != param_* ]] || check_ne "${st[$v]}" 0 "writing ${v%.vxdp} by the user"
	done
	[[ -e /sys/module/vxdp/parameters ]] || log "vxdp has no module parameters"
	vxdp_module_loaded || fail "the user unloaded vxdp"
	check_eq "$(cat "$OFFLOAD_DIR"/refuse_bind "$OFFLOAD_DIR"/refuse_map_alloc \
		"$OFFLOAD_DIR"/refuse_helper 2>&1)" "$before" "vxdp_offload knobs"
	ip link del rootvxdp
	ip link del rootveth
}

vxdp_init setpriv unshare nsenter
ktap_run_tests \
	"unprivileged user and network namespace: vxdp as veth; debugfs, module and other netns refused" test_userns
