# berth: hand-written Makefile. `make` builds ./berth; `make test` runs every
# test tier; `make help` lists the targets.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/berth
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
DESTDIR	?=

CC	?= cc
PKG_CONFIG ?= pkg-config
VERSION	:= 0.1.0

ifeq ($(SAN),1)
BUILD	:= build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	    -fno-sanitize-recover=all
OPT	:= -O1 -g
else
BUILD	:= build/default
SANFLAGS :=
OPT	?= -O2 -g
endif

WARN	:= -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wmissing-declarations -Wold-style-definition \
	   -Wpointer-arith -Wcast-qual -Wwrite-strings -Wformat=2 -Wundef \
	   -Wvla -Wredundant-decls -Wnested-externs -Wimplicit-fallthrough \
	   -Wno-unused-parameter

# pkg-config is asked only when a compile needs it, so `make deps` can run on
# a machine that lacks the libraries.
PKG_CFLAGS = $(filter-out -D_XOPEN_SOURCE=%,$(shell $(PKG_CONFIG) --cflags ncursesw libcurl jansson libarchive))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs ncursesw libcurl jansson) -ldl
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

CPPFLAGS += -I. -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -DNCURSES_WIDECHAR=1 \
	    -DBERTH_VERSION='"$(VERSION)"' -DBERTH_DATADIR='"$(DATADIR)"'
CFLAGS	+= -std=c11 $(OPT) $(WARN) $(SANFLAGS) -MMD -MP
LDFLAGS	+= $(SANFLAGS)

ifneq ($(V),1)
Q	:= @
E	:= @printf '  %-6s %s\n'
else
Q	:=
E	:= @true
endif

LIB_SRC	:= $(sort $(wildcard api/*.c themes/*.c widgets/*.c tui/*/*.c tui/*.c))
LIB_SRC	:= $(filter-out tui/main.c,$(LIB_SRC))
LIB_OBJ	:= $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/tui/main.o

TEST_SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
TEST_SUPPORT_OBJ := $(TEST_SUPPORT_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c tests/screen/test_*.c))
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)
INTEG_SRC := $(sort $(wildcard tests/integration/test_*.c))
INTEG_BIN := $(INTEG_SRC:%.c=$(BUILD)/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:%.c=$(BUILD)/%)
BENCH_SRC := $(sort $(wildcard tests/bench/bench_*.c))
BENCH_BIN := $(BENCH_SRC:%.c=$(BUILD)/%)
# Many fake engines on loopback ports (bench, e2e and integration tests).
FLEET_BIN := $(BUILD)/tests/bench/fake_fleet

BIN	:= $(BUILD)/berth

.PHONY: all run test _test test-unit test-integration test-e2e test-fuzz \
	deps install uninstall clean format format-check check-layers bench \
	_bench fuzz tidy cppcheck help engine-start engine-stop test-bins

# ./berth is always the default build: `make SAN=1` (or any other BUILD)
# builds $(BIN) and leaves ./berth alone, so that `make install` never
# ships a sanitizer binary.
DEFAULT_BUILD := build/default

ifeq ($(BUILD),$(DEFAULT_BUILD))
all: berth

berth: $(BIN)
	$(Q)cp $(BIN) berth
else
all: $(BIN)

.PHONY: berth
berth:
	$(Q)$(MAKE) --no-print-directory SAN= BUILD=$(DEFAULT_BUILD) berth
endif

$(BIN): $(MAIN_OBJ) $(LIB_OBJ)
	$(E) LINK $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(E) CC $<
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

$(UNIT_BIN) $(INTEG_BIN): %: %.o $(LIB_OBJ) $(TEST_SUPPORT_OBJ)
	$(E) LINK $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(FUZZ_BIN): %: %.o $(BUILD)/tests/fuzz/driver.o $(LIB_OBJ)
	$(E) LINK $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BENCH_BIN): %: %.o $(LIB_OBJ)
	$(E) LINK $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(FLEET_BIN): %: %.o $(BUILD)/tests/support/fake_fleet.o $(BUILD)/api/buf.o \
    $(BUILD)/api/xalloc.o
	$(E) LINK $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

test-bins: $(BIN) $(UNIT_BIN) $(INTEG_BIN) $(FUZZ_BIN) $(FLEET_BIN)

# Installs missing packages (as root on Debian/Ubuntu), then builds.
deps:
	$(Q)scripts/deps build

run:
	$(Q)scripts/deps run
	$(Q)$(MAKE) --no-print-directory berth
	$(Q)scripts/run-berth ./berth $(ARGS)

# Everything CI runs: installs what is missing, starts the test engine and
# runs every tier (unit + screen, fuzz corpora, integration, end-to-end).
test:
	$(Q)scripts/deps test
	$(Q)$(MAKE) --no-print-directory _test

_test: test-bins
	$(Q)BUILD=$(BUILD) BERTH_BIN=$(BIN) tests/run all

test-unit: test-bins
	$(Q)BUILD=$(BUILD) BERTH_BIN=$(BIN) tests/run unit

test-fuzz: test-bins
	$(Q)BUILD=$(BUILD) BERTH_BIN=$(BIN) tests/run fuzz

test-integration: test-bins
	$(Q)BUILD=$(BUILD) BERTH_BIN=$(BIN) tests/run integration

test-e2e: test-bins
	$(Q)BUILD=$(BUILD) BERTH_BIN=$(BIN) tests/run e2e

engine-start:
	$(Q)tests/engine/start

engine-stop:
	$(Q)tests/engine/stop

bench:
	$(Q)scripts/deps test
	$(Q)$(MAKE) --no-print-directory _bench

_bench: $(BIN) $(BENCH_BIN) $(FLEET_BIN)
	$(Q)BUILD=$(BUILD) BERTH_BIN=$(BIN) tests/bench/run

# Coverage-guided fuzzing with libFuzzer (clang): make fuzz TARGET=decode
fuzz:
	$(Q)tests/fuzz/run-libfuzzer $(TARGET)

install: berth
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/themes \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 berth $(DESTDIR)$(BINDIR)/berth
	install -m 644 themes/*.theme $(DESTDIR)$(DATADIR)/themes/
	install -m 644 doc/berth.1 $(DESTDIR)$(MANDIR)/man1/berth.1
	install -m 644 completions/berth.bash $(DESTDIR)$(BASHCOMPDIR)/berth
	install -m 644 completions/_berth $(DESTDIR)$(ZSHCOMPDIR)/_berth

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/berth $(DESTDIR)$(MANDIR)/man1/berth.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/berth $(DESTDIR)$(ZSHCOMPDIR)/_berth
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build berth

FORMAT_SRC = $(wildcard api/*.[ch] themes/*.[ch] widgets/*.[ch] tui/*.[ch] tui/*/*.[ch] \
	     tests/*/*.[ch])

format:
	clang-format -i $(FORMAT_SRC)

format-check:
	clang-format --dry-run --Werror $(FORMAT_SRC)

check-layers:
	$(Q)scripts/check-layers

tidy:
	clang-tidy $(LIB_SRC) tui/main.c -- $(CPPFLAGS) $(PKG_CFLAGS) -std=c11

cppcheck:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    --std=c11 -I. --suppress=missingIncludeSystem api themes widgets tui

help:
	@echo "make            build ./berth"
	@echo "make run        install what is missing, build, open the console"
	@echo "make test       every test tier (SAN=1 for ASan+UBSan)"
	@echo "make bench      benchmarks against the docker CLI"
	@echo "make install    PREFIX=... DESTDIR=..."
	@echo "make check-layers format format-check tidy cppcheck clean"

-include $(shell find build -name '*.d' 2>/dev/null)
