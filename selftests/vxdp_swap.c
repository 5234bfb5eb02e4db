// SPDX-License-Identifier: GPL-2.0
/*
 * vxdp_swap: replace the native XDP program of a device every PERIOD_MS
 * milliseconds, cycling through a list, until SIGTERM; one process, so the
 * period is not a process spawn.
 *
 *   vxdp_swap DEV PERIOD_MS OBJ:PROG [OBJ:PROG...]
 *
 * Each object is loaded once (its programs share its maps). An object
 * with a "redirect_cfg" array gets DEV's ifindex in entry 0, so that
 * progs/xdp_redirect.bpf.o's xdp_redirect_ifindex sends frames back out of
 * DEV (ndo_xdp_xmit). Prints "swaps N" at the end; the last program stays
 * attached. Exits 1 on any failure, with the reason on stderr.
 */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define MAX_PROGS	16

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	stop = 1;
}

static struct bpf_object *load_obj(const char *path, int ifindex)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_map *map;
	__u32 key = 0, val = ifindex;

	if (!obj || libbpf_get_error(obj)) {
		fprintf(stderr, "vxdp_swap: cannot open %s\n", path);
		exit(1);
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "vxdp_swap: cannot load %s\n", path);
		exit(1);
	}
	map = bpf_object__find_map_by_name(obj, "redirect_cfg");
	if (map && bpf_map_update_elem(bpf_map__fd(map), &key, &val, 0)) {
		fprintf(stderr, "vxdp_swap: redirect_cfg of %s: %s\n", path,
			strerror(errno));
		exit(1);
	}
	return obj;
}

int main(int argc, char **argv)
{
	struct bpf_object *objs[MAX_PROGS];
	const char *paths[MAX_PROGS];
	int fds[MAX_PROGS], nobj = 0, n = 0, i, j, ifindex;
	struct timespec period;
	unsigned long swaps = 0;
	long ms;

	if (argc < 4 || argc - 3 > MAX_PROGS) {
		fprintf(stderr, "usage: vxdp_swap DEV PERIOD_MS OBJ:PROG...\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex) {
		fprintf(stderr, "vxdp_swap: no device %s\n", argv[1]);
		return 1;
	}
	ms = strtol(argv[2], NULL, 0);
	period.tv_sec = ms / 1000;
	period.tv_nsec = (ms % 1000) * 1000000L;

	for (i = 3; i < argc; i++, n++) {
		char *spec = argv[i], *colon = strchr(spec, ':');
		struct bpf_program *prog;

		if (!colon) {
			fprintf(stderr, "vxdp_swap: %s is not OBJ:PROG\n", spec);
			return 2;
		}
		*colon = '\0';
		for (j = 0; j < nobj && strcmp(paths[j], spec); j++)
			;
		if (j == nobj) {
			paths[nobj] = spec;
			objs[nobj++] = load_obj(spec, ifindex);
		}
		prog = bpf_object__find_program_by_name(objs[j], colon + 1);
		if (!prog) {
			fprintf(stderr, "vxdp_swap: no program %s in %s\n",
				colon + 1, spec);
			return 1;
		}
		fds[n] = bpf_program__fd(prog);
	}

	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	while (!stop) {
		int err = bpf_xdp_attach(ifindex, fds[swaps % n],
					 XDP_FLAGS_DRV_MODE, NULL);

		if (err) {
			fprintf(stderr, "vxdp_swap: attach #%lu: %s\n", swaps,
				strerror(-err));
			return 1;
		}
		swaps++;
		nanosleep(&period, NULL);
	}
	printf("swaps %lu\n", swaps);
	return 0;
}
