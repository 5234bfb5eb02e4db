#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The dkms-installed vxdp is the one modprobe loads, and it works.
#
# usage: tools/dkms-check.sh [VERSION]	(default: the tree's VERSION file)
#
# Run as root on a kernel that can load modules (the test VM), after
#   dkms add . && dkms install vxdp/VERSION -k KVER
# on the host for the kernel the VM boots. KTAP output; exit status 0 pass,
# 1 fail, 4 skip (dkms, or vxdp/VERSION for this kernel, not installed).
# Leaves vxdp unloaded.

dir=$(cd "$(dirname "$(realpath "$0")")/.." && pwd)
ver=${1:-$(cat "$dir/VERSION" 2>/dev/null)}
kver=$(uname -r)
dkms_ko=/var/lib/dkms/vxdp/$ver/$kver/$(uname -m)/module/vxdp.ko
tests=5 testno=0 failed=0

ok() { testno=$((testno + 1)); echo "ok $testno $*"; }
not_ok() { testno=$((testno + 1)); failed=$((failed + 1)); echo "not ok $testno $*"; }
# check DESCRIPTION CMD...: one test, CMD's output shown as diagnostics
check()
{
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$what"
	else
		not_ok "$what"
	fi
	[[ -z $out ]] || printf '%s\n' "$out" | sed 's/^/# /'
}

echo "TAP version 13"
if ((EUID)); then echo "1..0 # SKIP must be root"; exit 4; fi
if [[ ! -e /proc/modules ]]; then echo "1..0 # SKIP no module loading here"; exit 4; fi
if ! command -v dkms >/dev/null; then echo "1..0 # SKIP dkms not installed"; exit 4; fi
dkms_ko=$(compgen -G "$dkms_ko*" | head -n 1)	# maybe compressed
if [[ -z $ver || -z $dkms_ko ]]; then
	echo "1..0 # SKIP vxdp/${ver:-?} is not built by dkms for $kver"
	exit 4
fi
echo "1..$tests"

if [[ -e /sys/module/vxdp ]] && ! modprobe -r vxdp; then
	echo "Bail out! vxdp is loaded and cannot be unloaded"
	exit 1
fi

dkms_status()
{
	local st

	st=$(dkms status -m vxdp -v "$ver" -k "$kver")
	echo "$st"
	[[ $st == *": installed"* ]]
}
check "dkms: vxdp/$ver is installed for $kver" dkms_status

# modprobe resolves vxdp to dkms's copy (DEST_MODULE_LOCATION /updates/dkms)
modprobe_path()
{
	local path

	path=$(modinfo -n vxdp) || return 1
	echo "modinfo -n vxdp: $path"
	[[ $path == /lib/modules/$kver/updates/dkms/vxdp.ko* ]] || return 1
	cmp "$path" "$dkms_ko"
}
check "modprobe finds the dkms module" modprobe_path

# the GNU build ID of a module file, and of the loaded vxdp (its sysfs note:
# 12 bytes of header, "GNU\0", then the ID)
file_build_id() { readelf -n "$1" | awk '/Build ID:/ { print $3 }'; }
loaded_build_id()
{
	local note

	note=$(od -An -v -tx1 /sys/module/vxdp/notes/.note.gnu.build-id | tr -d ' \n')
	echo "${note:32}"
}

loaded()
{
	local want have

	modprobe vxdp || return 1
	[[ -d /sys/module/vxdp ]] || { echo "no /sys/module/vxdp"; return 1; }
	want=$(file_build_id "$dkms_ko")
	have=$(loaded_build_id)
	echo "build ID: loaded ${have:-?}, dkms ${want:-?}"
	[[ -n $want && $have == "$want" ]]
}
check "modprobe vxdp loads it" loaded

# without the ip plugin: the peer gets an automatic name
pair()
{
	local kind

	ip link add vxdkms0 type vxdp || return 1
	kind=$(ip -d -o link show dev vxdkms0 | grep -o ' vxdp ')
	ip link del vxdkms0 || return 1
	[[ $kind == " vxdp " ]] || { echo "vxdkms0 is not of kind vxdp"; return 1; }
	! ip link show dev vxdkms0 2>/dev/null
}
check "a pair can be created and deleted" pair

unload()
{
	modprobe -r vxdp && [[ ! -e /sys/module/vxdp ]]
}
check "modprobe -r vxdp unloads it" unload

echo "# Totals: pass:$((testno - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
((failed == 0 && testno == tests))
