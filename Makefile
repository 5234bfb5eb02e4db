# SPDX-License-Identifier: GPL-2.0
#
# vxdp: build the module out of tree against an installed kernel.
#
#   make [KVER=K]          build vxdp.ko for one kernel (W=1 and C=1 are passed
#                          to Kbuild); it says which kernel and why, and checks
#                          that module/*.c are layers (scripts/layers)
#   make check             build module and selftests and run them in the test
#                          VM, once per CI kernel installed (6.1 and 6.12), one
#                          after the other; ends with one "N passed, N failed,
#                          N skipped" line over all of them
#   make check KVER=K      the same on kernel K only
#   make check-kernels     the same on every supported kernel installed: 6.1,
#                          6.12, 6.12-rt and Debian sid's (7.x); by hand, not CI
#   make stress [KVER=K]   the reliability suite at full scale (churn, leaks,
#                          fault injection, program swaps) on every supported
#                          kernel installed (or K), panic_on_warn=1; by hand
#   make demo [HOST=1]     show a pair passing traffic (in the VM, or here)
#   make clean
#
# K is a full version (6.12.117+deb12-amd64) or a short name: 6.1, 6.12,
# 6.12-rt, 7.2, 7.x, sid, 6.12-debug (scripts/debug-kernel) (scripts/kver
# resolves it to the newest installed match). KVER defaults to the newest installed kernel with image and headers.
# scripts/install-deps [--kernel K] installs them. A kernel whose headers need
# a compiler the host lacks (sid's, gcc-16) is built in the sid chroot
# (scripts/kbuild). KDIR=... builds against that headers tree on the host.
# vxdp.ko in this directory is the last build's, for one kernel.

# KV: the full version KVER names, worked out once, when first needed.
ifneq ($(KDIR),)
KV = $(eval KV := $$(or $(KVER),$$(shell scripts/kver)))$(KV)
else
KV = $(eval KV := $$(shell scripts/kver $(KVER)))$(or $(KV),$(error \
	vxdp: no kernel to build for, see the message above))
endif
KBUILD = $(if $(KDIR),KDIR=$(KDIR)) scripts/kbuild
why = $(if $(KDIR),KDIR=$(KDIR),$(if $(KVER),KVER=$(KVER),newest installed; set KVER= to choose))

all: modules

modules:
	@echo "vxdp: building for $(KV) ($(why))"
	+$(KBUILD) $(KV) M=$(CURDIR) modules
	scripts/layers

clean:
	+$(KBUILD) $(KV) M=$(CURDIR) clean
	$(MAKE) -C selftests clean

selftests: modules
	$(MAKE) -C selftests KVER=$(KV)

# scripts/check builds (make modules selftests KVER=V) and runs each kernel.
check:
	+MAKE="$(MAKE)" scripts/check --kernels \
		"$(if $(KVER)$(KDIR),$(KV),$(shell scripts/kver --list ci))"

check-kernels:
	+MAKE="$(MAKE)" scripts/check --kernels "$(shell scripts/kver --list all)"

# The reliability suite at full scale (selftests' run_stress) on KVER, or on
# every supported kernel installed, booted with panic_on_warn=1 on top of
# the VM's slub_debug=FZPU page_poison=1 init_on_free=1; by hand, not CI.
stress:
	+VXDP_CHECK_RUN="make -s -C selftests run_stress" MAKE="$(MAKE)" \
		scripts/check --kernels "$(if $(KVER)$(KDIR),$(KV),$(shell \
		scripts/kver --list all))" --append panic_on_warn=1

demo: modules
	KVER=$(KV) scripts/demo $(if $(HOST),--host)

.PHONY: all modules clean selftests check check-kernels stress demo

# Packaging: user tools, install/uninstall, dkms.
#
#   make tools [FORCE=1]         tools/link_vxdp.so (ip plugin), tools/demo.bpf.o
#   make install [DESTDIR=...]   vxdp.ko into /lib/modules/<KVER>/extra and
#                                link_vxdp.so into /usr/lib/<multiarch>/ip
#   make uninstall [DESTDIR=...]
#   make dkms-install            add this source to dkms as vxdp/$(VXDP_VERSION)
#                                (/usr/src/vxdp-$(VXDP_VERSION)), build and install
#                                it for KVER; dkms rebuilds it for new kernels
#                                (not for sid's: dkms cannot use the chroot)
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
HDRS = $(or $(KDIR),$(shell scripts/kver --kdir $(KV)))
MODSIGN = $(if $(wildcard $(HDRS)/certs/signing_key.x509),,CONFIG_MODULE_SIG_ALL=)
DKMS_SRC := /usr/src/vxdp-$(VXDP_VERSION)
DKMS_FILES := VERSION dkms.conf Kbuild Makefile scripts/kver scripts/kbuild \
	      $(wildcard module/*.[ch])

tools:
	$(MAKE) -C tools

install: modules tools
	$(MAKE) -C tools check-ip
	$(if $(DESTDIR),mkdir -p $(DESTDIR))
	+$(KBUILD) --bind $(if $(DESTDIR),$(DESTDIR),/lib/modules/$(KV)) $(KV) \
		M=$(CURDIR) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(abspath $(DESTDIR))) $(MODSIGN) \
		modules_install
	$(if $(DESTDIR),,$(DEPMOD) -a $(KV))
	install -D -m 0644 tools/link_vxdp.so $(DESTDIR)$(IPLIBDIR)/link_vxdp.so

uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KV)/$(INSTALL_MOD_DIR)/vxdp.ko \
	      $(DESTDIR)/lib/modules/$(KV)/$(INSTALL_MOD_DIR)/vxdp.ko.*
	-rmdir --ignore-fail-on-non-empty \
		$(DESTDIR)/lib/modules/$(KV)/$(INSTALL_MOD_DIR)
	$(if $(DESTDIR),,$(DEPMOD) -a $(KV))
	rm -f $(DESTDIR)$(IPLIBDIR)/link_vxdp.so
	-rmdir --ignore-fail-on-non-empty $(DESTDIR)$(IPLIBDIR)

# dkms builds with dkms.conf's MAKE, i.e. this Makefile's "modules" target,
# from a copy of just the module's sources (no build products, no tests).
dkms-install:
	@if [ "$(HDRS)" != /lib/modules/$(KV)/build ]; then \
		echo "dkms cannot build for $(KV): its headers are in the sid chroot" >&2; \
		exit 1; \
	fi
	@if [ -n "$$(dkms status vxdp/$(VXDP_VERSION))" ]; then \
		echo "vxdp/$(VXDP_VERSION) is in dkms already: make dkms-uninstall first" >&2; \
		exit 1; \
	fi
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)
	tar -cf - $(DKMS_FILES) | tar -xf - -C $(DKMS_SRC)
	dkms add vxdp/$(VXDP_VERSION)
	dkms install vxdp/$(VXDP_VERSION) -k $(KV)

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
#   make bench [KVER=K] [BENCH_ARGS="--reps 5 --run-ms 500 --no-perf ..."]
#   make bench-clean

bench: modules
	$(MAKE) -C bench
	KVER=$(KV) scripts/bench $(BENCH_ARGS)

bench-clean:
	$(MAKE) -C bench clean

.PHONY: bench bench-clean
