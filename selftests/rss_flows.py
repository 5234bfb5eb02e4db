#!/usr/bin/python3 -S
# SPDX-License-Identifier: GPL-2.0
"""Flows for vxdp_rss.sh: a reference RSS (Toeplitz hash, indirection
table) computed independently of the module, and a sender of exact frame
counts per flow.

A FLOW is PROTO,SRC,SPORT,DST,DPORT with PROTO one of udp4 tcp4 udp6 tcp6,
or arp,SRC,0,DST,0 (an ARP request from SRC for DST: not hashed, queue 0).

  rss_flows.py predict [--key HEX:HEX:..] [--indir Q,Q,.. | --queues N] FLOW..
      one line per flow: "QUEUE HASH" (HASH in hex), the queue that a NIC
      with that key and indirection table (128 entries, indexed by the
      hash's low 7 bits; default: entry i -> i % N) picks
  rss_flows.py send DEV DST_MAC COUNT FLOW..
      COUNT frames of each flow, round robin, out of DEV (AF_PACKET), each
      of frame_len(PROTO) bytes; prints those lengths, one per flow
  rss_flows.py fill-rules DEV N QUEUE
      ntuple rules "flow-type udp4 dst-port 100+i action QUEUE loc i" for
      i < N, through the ethtool ioctl: one process, not N ethtools

Run it with python3 -S: the tests run it under emulation, where every
import costs (no argparse, no ipaddress).
"""
import ctypes
import fcntl
import socket
import sys
import struct

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
    """(proto, source address, source port, destination address,
    destination port), the addresses as bytes in network order"""
    proto, src, sport, dst, dport = s.split(",")
    if proto not in ("udp4", "tcp4", "udp6", "tcp6", "arp"):
        raise ValueError(f"bad flow type {proto}")
    af = socket.AF_INET6 if proto.endswith("6") else socket.AF_INET
    return (proto, socket.inet_pton(af, src), int(sport),
            socket.inet_pton(af, dst), int(dport))


def hash_input(flow):
    proto, src, sport, dst, dport = flow
    return src + dst + struct.pack("!HH", sport, dport)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def frame_len(proto):
    if proto == "arp":
        return MIN_FRAME
    hdr = 14 + (20 if proto.endswith("4") else 40) + \
        (8 if proto.startswith("udp") else 20)
    return max(MIN_FRAME, hdr)


def build(flow, dst_mac, src_mac):
    proto, src, sport, dst, dport = flow
    if proto == "arp":
        arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, src_mac, src,
                          bytes(6), dst)
        frame = dst_mac + src_mac + struct.pack("!H", 0x0806) + arp
        return frame + bytes(MIN_FRAME - len(frame))
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
        pseudo = src + dst + struct.pack("!BBH", 0, ipproto,
                                                       seglen)
    else:
        pseudo = src + dst + struct.pack("!IxxxB", seglen,
                                                       ipproto)
    c = csum(pseudo + l4 + payload) or 0xffff
    off = 6 if ipproto == socket.IPPROTO_UDP else 16
    l4 = l4[:off] + struct.pack("!H", c) + l4[off + 2:]
    if v4:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, l3len + seglen, 0, 0, 64,
                         ipproto, 0, src, dst)
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        ethertype = 0x0800
    else:
        ip = struct.pack("!IHBB16s16s", 6 << 28, seglen, ipproto, 64,
                         src, dst)
        ethertype = 0x86dd
    return dst_mac + src_mac + struct.pack("!H", ethertype) + ip + l4 + \
        payload


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def cmd_predict(argv):
    key, indir, queues = DEFAULT_KEY, None, 1
    while argv and argv[0].startswith("--"):
        opt, val, argv = argv[0], argv[1], argv[2:]
        if opt == "--key":
            key = mac(val)
        elif opt == "--indir":
            indir = [int(q) for q in val.split(",")]
        elif opt == "--queues":
            queues = int(val)
        else:
            sys.exit(f"unknown option {opt}")
    if indir is None:
        indir = [i % queues for i in range(INDIR_SIZE)]
    if len(indir) != INDIR_SIZE:
        sys.exit(f"indirection table of {len(indir)} entries")
    for f in argv:
        flow = parse_flow(f)
        if flow[0] == "arp":		# not IP: queue 0, no hash
            print(0, "00000000")
            continue
        h = toeplitz(key, hash_input(flow))
        print(indir[h & (INDIR_SIZE - 1)], f"{h:08x}")


def cmd_send(argv):
    dev, dst_mac, count = argv[0], mac(argv[1]), int(argv[2])
    flows = [parse_flow(f) for f in argv[3:]]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((dev, 0))
    src_mac = s.getsockname()[4]
    frames = [build(f, dst_mac, src_mac) for f in flows]
    for _ in range(count):
        for fr in frames:
            s.send(fr)
    for f in flows:
        print(frame_len(f[0]))


# <linux/sockios.h>, <linux/ethtool.h>
SIOCETHTOOL = 0x8946
ETHTOOL_SRXCLSRLINS = 0x32
UDP_V4_FLOW = 0x02
# struct ethtool_rxnfc (x86_64): cmd, flow_type, data, then fs (struct
# ethtool_rx_flow_spec: flow_type, h_u[52], h_ext[20], m_u[52], m_ext[20],
# 4 bytes of padding, ring_cookie, location), rule_cnt
RXNFC_FS = 16
FS_H_U, FS_M_U, FS_RING_COOKIE, FS_LOCATION = 4, 76, 152, 160
RXNFC_SIZE = 192
# struct ethtool_tcpip4_spec: ip4src, ip4dst, psrc, pdst, tos
TCPIP4_PDST = 10


def cmd_fill_rules(argv):
    dev, n, queue = argv[0].encode(), int(argv[1]), int(argv[2])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(n):
        nfc = bytearray(RXNFC_SIZE)
        struct.pack_into("=II", nfc, 0, ETHTOOL_SRXCLSRLINS, 0)
        fs = RXNFC_FS
        struct.pack_into("=I", nfc, fs, UDP_V4_FLOW)
        struct.pack_into("!H", nfc, fs + FS_H_U + TCPIP4_PDST, 100 + i)
        struct.pack_into("!H", nfc, fs + FS_M_U + TCPIP4_PDST, 0xffff)
        struct.pack_into("=QI", nfc, fs + FS_RING_COOKIE, queue, i)
        buf = bytes(nfc)
        # struct ifreq: the name, then a pointer to the buffer
        cbuf = ctypes.create_string_buffer(buf, len(buf))
        ifr = struct.pack("16sP", dev, ctypes.addressof(cbuf)) + \
            bytes(40 - 16 - struct.calcsize("P"))
        fcntl.ioctl(s.fileno(), SIOCETHTOOL, ifr)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmds = {"predict": cmd_predict, "send": cmd_send,
            "fill-rules": cmd_fill_rules}
    if sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
