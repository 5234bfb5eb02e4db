#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Flows for vxdp_rss.sh: a reference RSS (Toeplitz hash, indirection
table) computed independently of the module, and a sender of exact frame
counts per flow.

A FLOW is PROTO,SRC,SPORT,DST,DPORT with PROTO one of udp4 tcp4 udp6 tcp6.

  rss_flows.py predict [--key HEX:HEX:..] [--indir Q,Q,.. | --queues N] FLOW..
      one line per flow: "QUEUE HASH" (HASH in hex), the queue that a NIC
      with that key and indirection table (128 entries, indexed by the
      hash's low 7 bits; default: entry i -> i % N) picks
  rss_flows.py send DEV DST_MAC COUNT FLOW..
      COUNT frames of each flow, round robin, out of DEV (AF_PACKET), each
      of frame_len(PROTO) bytes; prints those lengths, one per flow
"""
import argparse
import ipaddress
import socket
import struct
import sys

DEFAULT_KEY = bytes([
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
    0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
    0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
    0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
    0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
])
INDIR_SIZE = 128
MIN_FRAME = 64


def toeplitz(key, data):
    """The Toeplitz hash of data, bit by bit, as the RSS specification
    defines it: each set input bit XORs in the 32 key bits starting at its
    position."""
    k = int.from_bytes(key, "big")
    klen = len(key) * 8
    h = 0
    for i, byte in enumerate(data):
        for b in range(8):
            if byte & (0x80 >> b):
                pos = i * 8 + b
                h ^= (k >> (klen - 32 - pos)) & 0xffffffff
    return h


def parse_flow(s):
    proto, src, sport, dst, dport = s.split(",")
    if proto not in ("udp4", "tcp4", "udp6", "tcp6"):
        raise ValueError(f"bad flow type {proto}")
    return (proto, ipaddress.ip_address(src), int(sport),
            ipaddress.ip_address(dst), int(dport))


def hash_input(flow):
    proto, src, sport, dst, dport = flow
    return src.packed + dst.packed + struct.pack("!HH", sport, dport)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def frame_len(proto):
    hdr = 14 + (20 if proto.endswith("4") else 40) + \
        (8 if proto.startswith("udp") else 20)
    return max(MIN_FRAME, hdr)


def build(flow, dst_mac, src_mac):
    proto, src, sport, dst, dport = flow
    v4 = proto.endswith("4")
    l3len = 20 if v4 else 40
    l4len = 8 if proto.startswith("udp") else 20
    payload = b"\0" * (frame_len(proto) - 14 - l3len - l4len)
    ipproto = socket.IPPROTO_UDP if proto.startswith("udp") else \
        socket.IPPROTO_TCP
    seglen = l4len + len(payload)
    if ipproto == socket.IPPROTO_UDP:
        l4 = struct.pack("!HHHH", sport, dport, seglen, 0)
    else:
        l4 = struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, 0x02,
                         65535, 0, 0)
    if v4:
        pseudo = src.packed + dst.packed + struct.pack("!BBH", 0, ipproto,
                                                       seglen)
    else:
        pseudo = src.packed + dst.packed + struct.pack("!IxxxB", seglen,
                                                       ipproto)
    c = csum(pseudo + l4 + payload) or 0xffff
    off = 6 if ipproto == socket.IPPROTO_UDP else 16
    l4 = l4[:off] + struct.pack("!H", c) + l4[off + 2:]
    if v4:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, l3len + seglen, 0, 0, 64,
                         ipproto, 0, src.packed, dst.packed)
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        ethertype = 0x0800
    else:
        ip = struct.pack("!IHBB16s16s", 6 << 28, seglen, ipproto, 64,
                         src.packed, dst.packed)
        ethertype = 0x86dd
    return dst_mac + src_mac + struct.pack("!H", ethertype) + ip + l4 + \
        payload


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def cmd_predict(args):
    key = mac(args.key) if args.key else DEFAULT_KEY
    if args.indir:
        indir = [int(q) for q in args.indir.split(",")]
    else:
        indir = [i % args.queues for i in range(INDIR_SIZE)]
    if len(indir) != INDIR_SIZE:
        sys.exit(f"indirection table of {len(indir)} entries")
    for f in args.flows:
        h = toeplitz(key, hash_input(parse_flow(f)))
        print(indir[h & (INDIR_SIZE - 1)], f"{h:08x}")


def cmd_send(args):
    flows = [parse_flow(f) for f in args.flows]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((args.dev, 0))
    src_mac = s.getsockname()[4]
    frames = [build(f, mac(args.dst_mac), src_mac) for f in flows]
    for _ in range(args.count):
        for fr in frames:
            s.send(fr)
    for f in flows:
        print(frame_len(f[0]))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    pr = sub.add_parser("predict")
    pr.add_argument("--key")
    pr.add_argument("--indir")
    pr.add_argument("--queues", type=int, default=1)
    pr.add_argument("flows", nargs="+")
    se = sub.add_parser("send")
    se.add_argument("dev")
    se.add_argument("dst_mac")
    se.add_argument("count", type=int)
    se.add_argument("flows", nargs="+")
    args = p.parse_args()
    {"predict": cmd_predict, "send": cmd_send}[args.cmd](args)


if __name__ == "__main__":
    main()
