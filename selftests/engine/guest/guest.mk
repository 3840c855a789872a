# SPDX-License-Identifier: GPL-2.0
#
# guest.mk - how bare-metal AArch64 guests are built with the guest kit in
# this directory: compiler, flags, and the kit's own objects. Included by
# the engine corpus and the benchmarks. The includer sets O (its build
# directory) and may set GUEST_MARCH (default armv8-a) before including.

GUEST		:= $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

CROSS		?= aarch64-linux-gnu-
GCC		:= $(CROSS)gcc
GUEST_MARCH	?= armv8-a

# strict-align: with the MMU off every data access is Device memory, where
# an unaligned access faults on hardware.
ARCHFLAGS	:= -march=$(GUEST_MARCH) -mgeneral-regs-only -mstrict-align \
		   -mno-outline-atomics
GCFLAGS		:= -O2 -g -std=gnu11 -ffreestanding -nostdlib -fno-pic -fno-pie \
		   -static -fno-stack-protector -fno-asynchronous-unwind-tables \
		   -fno-tree-loop-distribute-patterns \
		   -Wall -Wextra -Werror -Wno-unused-parameter \
		   -Wno-missing-field-initializers \
		   $(ARCHFLAGS) -I$(GUEST)
LDFLAGS		:= -nostdlib -nostartfiles -static -no-pie -Wl,--build-id=none \
		   -Wl,-T,$(GUEST)/guest.ld -Wl,--no-warn-rwx-segments
LIBGCC		:= $(shell $(GCC) -print-libgcc-file-name)

KIT_SRCS	:= $(sort $(wildcard $(GUEST)/*.c $(GUEST)/*.S))
KIT_OBJS	:= $(patsubst $(GUEST)/%,$(O)/kit/%.o,$(KIT_SRCS))
KIT_DEPS	:= $(GUEST)/guest.ld $(wildcard $(GUEST)/*.h)

$(O)/kit/%.c.o: $(GUEST)/%.c $(KIT_DEPS)
	@mkdir -p $(dir $@)
	$(GCC) $(GCFLAGS) -c -o $@ $<

$(O)/kit/%.S.o: $(GUEST)/%.S $(KIT_DEPS)
	@mkdir -p $(dir $@)
	$(GCC) $(GCFLAGS) -c -o $@ $<
