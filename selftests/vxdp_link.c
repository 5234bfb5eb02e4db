// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp_link: create/delete vxdp pairs with the peer attributes that
 * "ip link add ... type vxdp" cannot pass yet (no iproute2 plugin).  A tool
 * for the selftests, not a test.
 *
 *   vxdp_link [-n NETNS] add NAME [peer PEERNAME]
 *             [peer-netns NSNAME | peer-netns-pid PID]
 *             [numtxqueues N] [numrxqueues N]
 *             [peer-numtxqueues N] [peer-numrxqueues N]
 *             [mtu N] [peer-mtu N]
 *   vxdp_link [-n NETNS] del NAME
 *
 * -n NETNS runs the request in the named netns (/run/netns/NETNS), like
 * "ip -n".  Values are sent unchecked (0 queues, 20-char names...) so that
 * invalid requests reach the kernel.  Like ip, a kernel error is printed as
 * "Error: <extack message>." (or "RTNETLINK answers: <strerror>" without an
 * extack message) on stderr, and the exit status is 2; usage errors exit 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vxdp_nl.h"

static void usage(void)
{
	fprintf(stderr,
		"Usage: vxdp_link [-n NETNS] add NAME [peer PEERNAME]\n"
		"                 [peer-netns NSNAME | peer-netns-pid PID]\n"
		"                 [numtxqueues N] [numrxqueues N]\n"
		"                 [peer-numtxqueues N] [peer-numrxqueues N]\n"
		"                 [mtu N] [peer-mtu N]\n"
		"       vxdp_link [-n NETNS] del NAME\n");
	exit(1);
}

static long long number(const char *key, const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || !*s || *end || v < INT_MIN || v > UINT_MAX) {
		fprintf(stderr, "vxdp_link: invalid %s \"%s\"\n", key, s);
		exit(1);
	}
	return v;
}

static int open_netns(const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vxdp_link: cannot open netns \"%s\": %s\n",
			name, strerror(errno));
		exit(1);
	}
	return fd;
}

static int report(int err, const char *extack)
{
	size_t len = strlen(extack);

	if (!err)
		return 0;
	if (len)
		fprintf(stderr, "Error: %s%s\n", extack,
			extack[len - 1] == '.' ? "" : ".");
	else
		fprintf(stderr, "RTNETLINK answers: %s\n", strerror(-err));
	return 2;
}

int main(int argc, char **argv)
{
	char extack[VXDP_NL_EXTACK_LEN];
	struct vxdp_link_opts o;
	int fd, i;

	vxdp_link_opts_init(&o);
	argv++, argc--;
	if (argc >= 2 && !strcmp(argv[0], "-n")) {
		int ns = open_netns(argv[1]);

		fd = vxdp_nl_open_netns(ns);
		close(ns);
		argv += 2, argc -= 2;
	} else {
		fd = vxdp_nl_open();
	}
	if (fd < 0) {
		fprintf(stderr, "vxdp_link: netlink socket: %s\n",
			strerror(-fd));
		return 1;
	}
	if (argc < 2)
		usage();

	if (!strcmp(argv[0], "del")) {
		if (argc != 2)
			usage();
		return report(vxdp_nl_link_del(fd, argv[1], extack), extack);
	}
	if (strcmp(argv[0], "add"))
		usage();

	o.name = argv[1];
	for (i = 2; i < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (i + 1 >= argc)
			usage();
		if (!strcmp(k, "peer"))
			o.peer = v;
		else if (!strcmp(k, "peer-netns"))
			o.peer_ns_fd = open_netns(v);
		else if (!strcmp(k, "peer-netns-pid"))
			o.peer_ns_pid = number(k, v);
		else if (!strcmp(k, "numtxqueues"))
			o.txq = number(k, v);
		else if (!strcmp(k, "numrxqueues"))
			o.rxq = number(k, v);
		else if (!strcmp(k, "peer-numtxqueues"))
			o.peer_txq = number(k, v);
		else if (!strcmp(k, "peer-numrxqueues"))
			o.peer_rxq = number(k, v);
		else if (!strcmp(k, "mtu"))
			o.mtu = number(k, v);
		else if (!strcmp(k, "peer-mtu"))
			o.peer_mtu = number(k, v);
		else
			usage();
	}
	return report(vxdp_nl_link_add(fd, &o, extack), extack);
}
