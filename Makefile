# SPDX-License-Identifier: GPL-2.0
#
# make              module for KDIR + the mmscope tool
# make modules-all  one module per supported kernel, in build/<release>/
# make selftests    the selftests and their helper programs
# make check        setup, build for every supported kernel, run all tests
#                   in a VM on each kernel
# make demo         setup, build, show mmscope on a demo process in a VM
#                   (KERNEL=5.10|6.1|6.12|6.12-rt|7.N, default 6.12)
# make bench        benchmarks against /proc in a VM (BENCH_KERNEL=6.1|6.12|7.3|...)
# make soak         stress and fuzz at full size under the debug kernel (~1 h)
# make style        checkpatch on module/
# make spec         check everything that restates the protocol against
#                   the YNL spec (make uapi: regenerate the uAPI header,
#                   the module's policies and ops, the tests' requests)
# make install      module into /lib/modules/$(uname -r)/extra + tool
# make deb          Debian packages mmscope and mmscope-dkms in build/deb/
#                   (lintian clean; make check installs them in a chroot)

CC       ?= cc
CFLAGS   ?= -O2 -g
CFLAGS   += -Wall -Wextra -Wno-unused-parameter -std=gnu11
BUILD    := build
KSRC_TAR := /usr/src/linux-source-6.1.tar.xz
KSRC     := $(BUILD)/linux-source-6.1
HARNESS  := $(KSRC)/tools/testing/selftests/kselftest_harness.h
PREFIX   ?= /usr/local

# The running kernel's build tree when it has one, else the newest
# supported Debian tree.
KDIR ?= $(shell scripts/kernels kdir)

NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null || echo -I/usr/include/libnl3)
# STATIC=0 links the tool against the system's libnl (the Debian package).
STATIC ?= 1
ifeq ($(STATIC),1)
NL_LIBS   := $(shell pkg-config --static --libs libnl-genl-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-3 -lpthread)
TOOL_STATIC := -static
else
NL_LIBS   := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-3) -lpthread
TOOL_STATIC :=
endif

# libnl's static archive references glibc's NSS lookups (getaddrinfo...),
# which mmscope never calls; ld warns about them at every static link.
STATIC_LDFLAGS := -Wl,--no-warnings

# Every source of a directory: a new command is a new file, not a new line.
LIB_SRCS := $(sort $(wildcard tools/lib/*.c))
LIB_HDRS := $(wildcard tools/lib/*.h) module/uapi/linux/mmscope.h \
	module/uapi/linux/mmscope_records.h
TOOL     := tools/mmscope
# The release, one place: the module's (dkms.conf and debian/changelog
# must say the same; scripts/deb build checks).
VERSION  := $(shell sed -n 's/^\#define MMSCOPE_VERSION "\(.*\)"$$/\1/p' module/mmscope.h)

SELFTESTS := $(patsubst %.c,%,$(wildcard selftests/*_test.c))
BENCHES   := $(patsubst %.c,%,$(wildcard selftests/bench/bench_*.c))
HELPERS   := selftests/mmscope_target $(BENCHES)
ST_LIB    := $(wildcard selftests/lib/*.h)
# The harness compares signed and unsigned in its macros: as the kernel
# builds its selftests, no -Wsign-compare for them.
ST_CFLAGS  = $(CFLAGS) -Wno-sign-compare -isystem $(dir $(HARNESS)) -Itools $(NL_CFLAGS) -static

.PHONY: all module tool modules-all selftests check demo style install clean \
	setup distclean bench soak spec uapi man deb

all: module tool

setup:
	scripts/setup

# FORCE=1 builds for a kernel outside the supported range (5.10 to 7.x).
FORCE ?= 0
module:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || { echo "no kernel build tree: install linux-headers or set KDIR (scripts/setup)"; exit 2; }
	@FORCE=$(FORCE) scripts/kernel-check $(KDIR)
	$(MAKE) -C $(KDIR) M=$(CURDIR)/module $(if $(filter 1,$(FORCE)),KCFLAGS=-DMMSCOPE_FORCE) modules

tool: $(TOOL)

TOOL_SRCS := $(sort $(wildcard tools/*.c))

$(TOOL): $(TOOL_SRCS) $(wildcard tools/*.h) $(LIB_SRCS) $(LIB_HDRS)
	$(CC) $(CPPFLAGS) -DMMSCOPE_RELEASE='"$(VERSION)"' $(CFLAGS) $(NL_CFLAGS) $(TOOL_STATIC) $(LDFLAGS) -o $@ $(TOOL_SRCS) $(LIB_SRCS) $(NL_LIBS) -lm $(STATIC_LDFLAGS)

# One module per supported kernel, each built from its own copy of the
# sources so that the builds never share objects.
# Kernels that Debian 12's compiler cannot build for are built in a chroot
# of their own suite (scripts/build-module, scripts/chroot).
modules-all:
	@set -e; for k in $$(scripts/kernels names); do \
		scripts/build-module $$k; \
	done

$(HARNESS):
	@test -f $(KSRC_TAR) || { echo "missing $(KSRC_TAR): run scripts/setup"; exit 2; }
	mkdir -p $(BUILD)
	tar -C $(BUILD) -xJf $(KSRC_TAR) \
		linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
		linux-source-6.1/tools/testing/selftests/kselftest.h \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	touch $@

selftests: $(SELFTESTS) $(HELPERS)

# svg_test decodes the PNGs it has rendered: zlib
selftests/svg_test: ST_LIBS = -lz

selftests/%_test: selftests/%_test.c $(ST_LIB) $(LIB_SRCS) $(LIB_HDRS) $(HARNESS)
	$(CC) $(ST_CFLAGS) -pthread -o $@ $< $(LIB_SRCS) $(NL_LIBS) $(ST_LIBS) $(STATIC_LDFLAGS)

selftests/mmscope_target: selftests/mmscope_target.c
	$(CC) $(CFLAGS) -static -pthread -o $@ $<

selftests/bench/bench_faults: selftests/bench/bench_faults.c selftests/bench/bench.h $(LIB_SRCS) $(LIB_HDRS)
	$(CC) $(CFLAGS) -Itools $(NL_CFLAGS) -static -pthread -o $@ $< $(LIB_SRCS) $(NL_LIBS) $(STATIC_LDFLAGS)

selftests/bench/bench_%: selftests/bench/bench_%.c selftests/bench/bench.h
	$(CC) $(CFLAGS) -static -pthread -o $@ $<

# The YNL spec is the contract: module/uapi/linux/mmscope.h, the module's
# policies and ops (module/netlink-gen.[ch]) and the tests' request table
# (selftests/lib/spec-gen.h) are generated from it (make uapi), and
# everything else that restates the protocol is checked against it (make
# spec; make check runs it too).  The generated uAPI header is not
# checkpatch'ed, as the kernel's are not.
uapi:
	scripts/spec gen

# mmscope(8) is tools/mmscope.8.in with each command's --help in its
# COMMANDS section, as the tool prints it (help --man): a new command
# documents itself.  make spec checks that tools/mmscope.8 is current.
man: $(TOOL)
	awk '/^@COMMANDS@$$/ { system("$(TOOL) help --man"); next } { print }' \
		tools/mmscope.8.in > tools/mmscope.8

spec:
	scripts/spec check

deb:
	scripts/deb build

check:
	scripts/setup
	scripts/debug-kernel build
	$(MAKE) modules-all tool selftests
	$(MAKE) -s style > $(BUILD)/style.log 2>&1 || { cat $(BUILD)/style.log; exit 1; }
	scripts/check

# The stress suite and the fuzzer at full size under the debug kernel
# (KASAN, lockdep, kmemleak...): 10,000 requests of each kind from 64
# clients with 20 unload cycles in one VM, 1,000,000 fuzzed messages in a
# second one beside it, each ending with a kmemleak scan.  Not part of
# make check: it takes hours on two cores without KVM.  The logs are
# $(BUILD)/soak-stress.log and $(BUILD)/soak-fuzz.log.
SOAK_KERNEL ?= 7-debug
SOAK_VM = scripts/vm --kernel $(SOAK_KERNEL) --mem 3072 --timeout 21600 --
soak:
	scripts/setup
	scripts/debug-kernel build $(if $(filter 6.1-debug,$(SOAK_KERNEL)),6.1,7)
	$(MAKE) modules-all tool selftests
	@t0=$$(date +%s); \
	$(SOAK_VM) sh -c 'MMSCOPE_STRESS_REQUESTS=10000 MMSCOPE_STRESS_UNLOAD=20 \
		exec /selftests/run.sh debug /selftests/stress_test' \
		> $(BUILD)/soak-stress.log 2>&1 & s=$$!; \
	$(SOAK_VM) sh -c 'MMSCOPE_FUZZ_MESSAGES=1000000 \
		exec /selftests/run.sh debug /selftests/fuzz_test' \
		> $(BUILD)/soak-fuzz.log 2>&1 & f=$$!; \
	wait $$s; rs=$$?; wait $$f; rf=$$?; \
	for l in stress fuzz; do echo "== $(BUILD)/soak-$$l.log"; \
		grep -E '^(ok|not ok|# [a-z_]+_test: )|passed|requests in|messages|kmemleak|BUG|WARN' \
			$(BUILD)/soak-$$l.log | tail -n 25; done; \
	echo "soak: stress exit $$rs, fuzz exit $$rf, $$(( ($$(date +%s) - t0) / 60 )) min"; \
	[ $$rs = 0 ] && [ $$rf = 0 ]

# Benchmarks (not tests): ratios against the kernel's own interfaces,
# measured in one VM run; then the fault rows again in a VM on
# instruction counting, where they repeat to about 0.02 (under TCG's
# wall time they move by 0.1 from run to run).  BENCH_KERNEL=6.1, 7.3...
# for the others.
BENCH_KERNEL ?= 6.12
bench:
	scripts/setup
	$(MAKE) modules-all tool selftests
	scripts/vm --kernel $(BENCH_KERNEL) --mem 3072 --timeout 2700 -- /selftests/run.sh bench
	scripts/vm --icount --kernel $(BENCH_KERNEL) --mem 3072 --timeout 2700 -- /selftests/run.sh bench-icount

# make demo KERNEL=5.10|6.1|6.12|6.12-rt|7.N|7.N-debug|6.1-debug
KERNEL ?= 6.12
# The demo's output goes to $(BUILD)/demo/demo.txt as well; its two
# pictures (the address space, the fault heat map) to map.svg and
# faults.svg beside it, rendered to PNG by rsvg-convert.
demo:
	scripts/setup
	$(MAKE) modules-all tool selftests
	@mkdir -p $(BUILD)/demo
	@rc=0; scripts/vm --kernel $(KERNEL) -- /selftests/demo.sh > $(BUILD)/demo/demo.txt 2>&1 || rc=$$?; \
		sed '/^---- BEGIN .*\.svg/,/^---- END .*\.svg/d' $(BUILD)/demo/demo.txt; exit $$rc
	@for f in map faults; do \
		sed -n "/^---- BEGIN $$f.svg/,/^---- END $$f.svg/p" $(BUILD)/demo/demo.txt | \
			sed '1d;$$d' | tr -d '\r' > $(BUILD)/demo/$$f.svg; \
		rsvg-convert -o $(BUILD)/demo/$$f.png $(BUILD)/demo/$$f.svg && \
			echo "demo: $(BUILD)/demo/$$f.svg, $(BUILD)/demo/$$f.png"; \
	done

# module/wrapper/ is the one place that compares kernel versions:
# checkpatch's LINUX_VERSION_CODE advice is for in-tree code, so it is
# waived there only, and so are CAMELCASE (it wraps the kernel's PageAnon
# & co. by name) and DEPRECATED_API (old kernels have only the old APIs).
CHECKPATCH = perl $(KSRC)/scripts/checkpatch.pl --no-tree --strict \
	--show-types --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG
style: $(HARNESS)
	$(CHECKPATCH) -f $(filter-out %.mod.c,$(wildcard module/*.c module/*.h)) \
		module/uapi/linux/mmscope_records.h
	$(CHECKPATCH) --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,CAMELCASE,DEPRECATED_API -f $(wildcard module/wrapper/*.h)

install: module tool
	$(MAKE) -C $(KDIR) M=$(CURDIR)/module modules_install
	depmod -a
	install -D -m 0755 $(TOOL) $(DESTDIR)$(PREFIX)/sbin/mmscope
	install -D -m 0644 tools/mmscope.8 $(DESTDIR)$(PREFIX)/share/man/man8/mmscope.8
	install -D -m 0644 tools/mmscope.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/mmscope

clean:
	-test -n "$(KDIR)" -a -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR)/module clean
	rm -f $(TOOL) $(SELFTESTS) $(HELPERS)
	rm -rf $(BUILD)/[0-9]* $(BUILD)/vm

distclean: clean
	rm -rf $(BUILD)
