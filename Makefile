# SPDX-License-Identifier: GPL-2.0
#
# xvm top-level Makefile. `make help` lists the targets.

VERSION		:= $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
TOP		:= $(CURDIR)
BUILD		:= $(TOP)/build
XVM_CACHE	?= /var/cache/xvm
export XVM_CACHE

# The kernel build tree: KDIR if given, else the running kernel's, else the
# newest installed Debian generic (-amd64) headers.
RUNNING_KDIR	:= $(wildcard /lib/modules/$(shell uname -r)/build)
DEBIAN_KDIR	:= $(shell ls -d /usr/src/linux-headers-*[0-9]-amd64 2>/dev/null | sort -V | tail -n1)
ifeq ($(origin KDIR),undefined)
KDIR		:= $(or $(RUNNING_KDIR),$(DEBIAN_KDIR))
KDIR_NOTE	:= $(if $(RUNNING_KDIR),,no build tree for the running kernel $(shell uname -r); using $(KDIR))
endif

# Files of the module source tree (what DKMS and the rig builds copy):
# sources only, never objects of an earlier in-place build.
MODULE_TREE	:= Kbuild Makefile dkms.conf \
		   $(shell find module uapi -name '*.[chS]' -o -name '*.def' | sort)

all: module userland selftests

help:
	@echo 'xvm $(VERSION) targets:'
	@echo '  all            module, userland and selftests (default)'
	@echo '  module         xvm.ko against KDIR (now: $(KDIR))'
	@echo '  rig-modules    xvm.ko for each Debian 6.1 kernel the rigs boot'
	@echo '  userland       user-space tools and the soft accelerator'
	@echo '  demo           boot the demo guest with vmctl, best accelerator here'
	@echo '  selftests      the kselftest suite and the engine unit tests'
	@echo '  check          everything CI runs: build, lint, unit tests, both rigs'
	@echo '  checkpatch     scripts/checkpatch.pl over the C sources'
	@echo '  dkms-install   add, build and install the module with DKMS'
	@echo '  dkms-remove    remove every DKMS build of xvm $(VERSION)'
	@echo '  udev-install   /dev/xvm mode 0660, group xvm (creates the group)'
	@echo '  udev-remove    take the udev rule out again'
	@echo '  bench          soft accelerator vs qemu-system-aarch64 (not a test)'
	@echo '  fuzz           FUZZ_BLOCKS random A64 blocks, soft vs QEMU'
	@echo '  clean          remove build outputs'

# ---- the module ------------------------------------------------------------

module:
	@test -n "$(KDIR)" || { echo 'xvm: no kernel build tree; run scripts/deps.sh or set KDIR=' >&2; exit 1; }
	$(if $(KDIR_NOTE),@echo 'xvm: $(KDIR_NOTE)')
	$(MAKE) -C $(KDIR) M=$(TOP) modules

# One build per rig kernel, each in its own copy of the module tree so that
# the flavours' objects never mix.
rig-modules:
	@test -f $(XVM_CACHE)/kernels.env || { echo 'xvm: $(XVM_CACHE)/kernels.env missing; run scripts/deps.sh' >&2; exit 1; }
	@set -e; . $(XVM_CACHE)/kernels.env; \
	for kver in $$XVM_KVER_amd64 $$XVM_KVER_cloud_amd64; do \
		d=$(BUILD)/kmod/$$kver; mkdir -p $$d; \
		tar -cf - $(MODULE_TREE) | tar -xf - -C $$d; \
		$(MAKE) -C /usr/src/linux-headers-$$kver M=$$d modules; \
	done

# ---- user space ------------------------------------------------------------

$(BUILD)/kernel-src/.stamp:
	scripts/kernel-src.sh $(BUILD)/kernel-src

kernel-src: $(BUILD)/kernel-src/.stamp

userland:
	$(MAKE) -C userland

# The demo guest on the best accelerator available (vmctl says which); in
# colour and zooming when the output is a terminal.
VMCTL		:= $(BUILD)/vmctl/vmctl
demo: userland
	@if [ -t 1 ]; then \
		$(VMCTL) run --kernel $(BUILD)/vmctl/demo.elf --append 'color zoom=60'; \
	else \
		$(VMCTL) run --kernel $(BUILD)/vmctl/demo.elf; \
	fi

selftests: kernel-src
	$(MAKE) -C selftests/xvm
	$(MAKE) -C selftests/engine

# ---- checks ----------------------------------------------------------------

check:
	scripts/check.sh

checkpatch: kernel-src
	scripts/checkpatch.sh

# QEMU vs the soft accelerator on CPU-bound guests (not a test: it reports
# the speed target but fails only on wrong results). BENCH_ARGS=--runs 5...
bench:
	selftests/bench/run.sh $(BENCH_ARGS)

# Random A64 blocks against QEMU, far more than make check runs: fresh
# seeds each time (printed), FUZZ_BLOCKS of them.
FUZZ_BLOCKS	?= 1000000
fuzz: userland
	$(MAKE) -C selftests/engine/corpus
	selftests/engine/randtest.sh --seed random --blocks $(FUZZ_BLOCKS) --lint

.PHONY: bench fuzz

# ---- DKMS ------------------------------------------------------------------

DKMS_SRC	:= /usr/src/xvm-$(VERSION)
# The kernel release of KDIR, whether it is /lib/modules/<kver>/build or
# /usr/src/linux-headers-<kver>.
DKMS_KVER	?= $(if $(filter %/build,$(KDIR)),$(notdir $(patsubst %/build,%,$(KDIR))),$(patsubst linux-headers-%,%,$(notdir $(KDIR))))

dkms-install:
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	tar -cf - $(MODULE_TREE) | tar -xf - -C $(DKMS_SRC)
	dkms add -m xvm -v $(VERSION)
	dkms build -m xvm -v $(VERSION) -k $(DKMS_KVER)
	dkms install -m xvm -v $(VERSION) -k $(DKMS_KVER)

print-kver:
	@echo $(DKMS_KVER)

print-version:
	@echo $(VERSION)

dkms-remove:
	-dkms remove -m xvm -v $(VERSION) --all
	rm -rf $(DKMS_SRC)

# ---- udev ------------------------------------------------------------------

# The rule gives /dev/xvm to group xvm. With DESTDIR (packaging) only the
# file is installed; the package then creates the group and reloads udev.
UDEV_RULES_DIR	?= /etc/udev/rules.d
UDEV_RULE	:= 99-xvm.rules

udev-install:
	install -D -m 0644 scripts/udev/$(UDEV_RULE) $(DESTDIR)$(UDEV_RULES_DIR)/$(UDEV_RULE)
ifeq ($(DESTDIR),)
	getent group xvm >/dev/null || groupadd --system xvm
	-udevadm control --reload
	-udevadm trigger --action=change --subsystem-match=misc --sysname-match=xvm
endif

udev-remove:
	rm -f $(DESTDIR)$(UDEV_RULES_DIR)/$(UDEV_RULE)
ifeq ($(DESTDIR),)
	-udevadm control --reload
endif

clean:
	-$(if $(KDIR),$(MAKE) -C $(KDIR) M=$(TOP) clean)
	-$(MAKE) -C userland clean
	rm -rf $(BUILD)

.PHONY: all help module rig-modules kernel-src userland demo selftests check \
	checkpatch dkms-install dkms-remove udev-install udev-remove \
	print-kver print-version clean
