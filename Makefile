# SPDX-License-Identifier: GPL-2.0
#
# vxdp: build the module out of tree against an installed kernel.
#
#   make                 build vxdp.ko (W=1 and C=1 are passed to Kbuild)
#   make check           build module and selftests, run them in the test VM
#   make demo [HOST=1]   show a pair passing traffic (in the VM, or here)
#   make clean
#
# KVER defaults to the newest installed kernel with headers (scripts/kver);
# override with KVER=... or KDIR=...

KVER ?= $(shell scripts/kver)
KDIR ?= /lib/modules/$(KVER)/build

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C selftests clean

selftests: modules
	$(MAKE) -C selftests KVER=$(KVER)

check: modules selftests
	KVER=$(KVER) scripts/check

demo: modules
	KVER=$(KVER) scripts/demo $(if $(HOST),--host)

.PHONY: all modules clean selftests check demo

# Packaging: user tools, install/uninstall, dkms.
#
#   make tools [FORCE=1]         tools/link_vxdp.so (ip plugin), tools/demo.bpf.o
#   make install [DESTDIR=...]   vxdp.ko into /lib/modules/$(KVER)/extra and
#                                link_vxdp.so into /usr/lib/<multiarch>/ip
#   make uninstall [DESTDIR=...]
#   make dkms-install            add this source to dkms as vxdp/$(VXDP_VERSION)
#                                (/usr/src/vxdp-$(VXDP_VERSION)), build and install
#                                it for $(KVER); dkms rebuilds it for new kernels
#   make dkms-uninstall          remove vxdp/$(VXDP_VERSION) from dkms, all kernels
#
# The plugin is for iproute2 6.1 only: tools and install stop on any other
# "ip -V" unless FORCE=1. depmod runs unless DESTDIR is set (staging).

VXDP_VERSION := $(shell cat $(CURDIR)/VERSION)
MULTIARCH ?= $(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || \
			$(CC) -print-multiarch)
IPLIBDIR ?= /usr/lib/$(MULTIARCH)/ip
INSTALL_MOD_DIR ?= extra
DEPMOD ?= depmod
# Debian's headers have MODULE_SIG_ALL=y but no key: do not try to sign then
# (an unsigned module loads, and taints the kernel, when MODULE_SIG_FORCE=n).
MODSIGN = $(if $(wildcard $(KDIR)/certs/signing_key.x509),,CONFIG_MODULE_SIG_ALL=)
DKMS_SRC := /usr/src/vxdp-$(VXDP_VERSION)
DKMS_FILES := VERSION dkms.conf Kbuild Makefile scripts/kver \
	      $(wildcard module/*.[ch])

tools:
	$(MAKE) -C tools

install: modules tools
	$(MAKE) -C tools check-ip
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) $(MODSIGN) \
		modules_install
	$(if $(DESTDIR),,$(DEPMOD) -a $(KVER))
	install -D -m 0644 tools/link_vxdp.so $(DESTDIR)$(IPLIBDIR)/link_vxdp.so

uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KVER)/$(INSTALL_MOD_DIR)/vxdp.ko \
	      $(DESTDIR)/lib/modules/$(KVER)/$(INSTALL_MOD_DIR)/vxdp.ko.*
	-rmdir --ignore-fail-on-non-empty \
		$(DESTDIR)/lib/modules/$(KVER)/$(INSTALL_MOD_DIR)
	$(if $(DESTDIR),,$(DEPMOD) -a $(KVER))
	rm -f $(DESTDIR)$(IPLIBDIR)/link_vxdp.so
	-rmdir --ignore-fail-on-non-empty $(DESTDIR)$(IPLIBDIR)

# dkms builds with dkms.conf's MAKE, i.e. this Makefile's "modules" target,
# from a copy of just the module's sources (no build products, no tests).
dkms-install:
	@if [ -n "$$(dkms status vxdp/$(VXDP_VERSION))" ]; then \
		echo "vxdp/$(VXDP_VERSION) is in dkms already: make dkms-uninstall first" >&2; \
		exit 1; \
	fi
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)
	tar -cf - $(DKMS_FILES) | tar -xf - -C $(DKMS_SRC)
	dkms add vxdp/$(VXDP_VERSION)
	dkms install vxdp/$(VXDP_VERSION) -k $(KVER)

dkms-uninstall:
	-dkms remove vxdp/$(VXDP_VERSION) --all
	rm -rf $(DKMS_SRC)

tools-clean:
	$(MAKE) -C tools clean

clean: tools-clean

.PHONY: tools install uninstall dkms-install dkms-uninstall tools-clean

# Benchmarks: build the module and bench/ here, then measure XDP throughput
# of vxdp and veth in one VM boot (scripts/bench, bench/guest.sh). Results
# go to results/<date>-<host>/ and results/latest.md; nothing is asserted.
#
#   make bench [BENCH_ARGS="--reps 5 --run-ms 500 --no-perf ..."]
#   make bench-clean

bench: modules
	$(MAKE) -C bench
	$(if $(KVER),KVER=$(KVER)) scripts/bench $(BENCH_ARGS)

bench-clean:
	$(MAKE) -C bench clean

.PHONY: bench bench-clean
