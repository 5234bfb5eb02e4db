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
