# jira-credential: build, install, check, demo, fuzz, bench.
#
#   make                  build into build/ (bin/, libexec/ laid out as installed)
#   make check            install missing Debian packages, build, run every test
#   make check SANITIZE=1 the same, built with ASan and UBSan
#   make demo             the main job end to end: private keyring, fake Jira, curl
#   make fuzz             libFuzzer on the protocol, domain and netrc parsers
#                         (FUZZ_SECONDS each, default 60); fails on any finding
#   make check-valgrind   the integration flows under valgrind's memcheck
#   make bench            timings beside git-credential-libsecret (BENCH_PAIRS)
#   make install          PREFIX=/usr/local, DESTDIR honoured

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
LIBEXEC  = $(PREFIX)/libexec/jira-credential
MANDIR   = $(PREFIX)/share/man
COMPDIR  = $(PREFIX)/share/bash-completion/completions

CC      ?= cc
PKG     ?= pkg-config
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Werror -D_FORTIFY_SOURCE=2 -fstack-protector-strong
B        = build
ifeq ($(SANITIZE),1)
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
B        = build-sanitize
# glib has no frame pointers: the slow unwinder gives LeakSanitizer the
# whole stack, which tests/lsan.supp needs to name libsecret's own leak.
export ASAN_OPTIONS = fast_unwind_on_malloc=0
endif
GLIB     = glib-2.0
MAIN_PKG = libsecret-1 json-glib-1.0 glib-2.0
# json-glib's headers only: the main program loads it when JSON is asked for
MAIN_LIBS = libsecret-1 glib-2.0
VAL_PKG  = libcurl json-glib-1.0 glib-2.0

PROTO_SRC = proto/cred.c proto/domain.c proto/header.c proto/input.c proto/netrc.c
MAIN_SRC  = helper/main.c helper/keyring.c helper/output.c helper/validate.c helper/list.c \
	    helper/store.c helper/login.c helper/import.c helper/jsonw.c
VAL_SRC   = helper/validator.c

PROTO_OBJ = $(PROTO_SRC:%.c=$(B)/%.o)
MAIN_OBJ  = $(MAIN_SRC:%.c=$(B)/%.o)
VAL_OBJ   = $(VAL_SRC:%.c=$(B)/%.o)

BIN       = $(B)/bin/jira-credential
GITBIN    = $(B)/bin/git-credential-jira
VALIDATOR = $(B)/libexec/jira-credential/jira-credential-validate
LIBPROTO  = $(B)/libjcproto.a
UNIT      = $(B)/tests/unit-proto

all: $(BIN) $(GITBIN) $(VALIDATOR)

$(B)/proto/%.o: proto/%.c proto/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(GLIB)) -c -o $@ $<

$(B)/helper/validator.o: helper/validator.c helper/*.h proto/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(VAL_PKG)) -c -o $@ $<

$(B)/helper/%.o: helper/%.c helper/*.h proto/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(MAIN_PKG)) -c -o $@ $<

$(LIBPROTO): $(PROTO_OBJ)
	rm -f $@
	ar rcs $@ $^

# The main program links neither libcurl nor json-glib: a plain get would pay for them.
$(BIN): $(MAIN_OBJ) $(LIBPROTO)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -Wl,--as-needed -o $@ $^ $(shell $(PKG) --libs $(MAIN_LIBS)) -ldl

$(GITBIN): $(BIN)
	ln -sf jira-credential $@

$(VALIDATOR): $(VAL_OBJ) $(LIBPROTO)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -Wl,--as-needed -o $@ $^ $(shell $(PKG) --libs $(VAL_PKG))

$(UNIT): tests/unit/test_proto.c $(LIBPROTO)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(GLIB) cmocka) -o $@ $^ \
		$(LDFLAGS) $(shell $(PKG) --libs $(GLIB) cmocka)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXEC) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(COMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/jira-credential
	ln -sf jira-credential $(DESTDIR)$(BINDIR)/git-credential-jira
	install -m 755 $(VALIDATOR) $(DESTDIR)$(LIBEXEC)/jira-credential-validate
	install -m 644 man/jira-credential.1 $(DESTDIR)$(MANDIR)/man1/jira-credential.1
	install -m 644 man/jira-credential.5 $(DESTDIR)$(MANDIR)/man5/jira-credential.5
	install -m 644 completion/jira-credential.bash $(DESTDIR)$(COMPDIR)/jira-credential

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/jira-credential $(DESTDIR)$(BINDIR)/git-credential-jira \
		$(DESTDIR)$(LIBEXEC)/jira-credential-validate \
		$(DESTDIR)$(MANDIR)/man1/jira-credential.1 $(DESTDIR)$(MANDIR)/man5/jira-credential.5 \
		$(DESTDIR)$(COMPDIR)/jira-credential

deps:
	sh scripts/deps.sh

FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZERS       = proto domain netrc
FUZZ_FLAGS    = -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(PROTO_SRC) proto/*.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(shell $(PKG) --cflags $(GLIB)) -o $@ $< $(PROTO_SRC) \
		$(shell $(PKG) --libs $(GLIB))

# Each fuzzer runs FUZZ_SECONDS on a scratch copy of its seed corpus; a
# crash, leak or broken property leaves its input in $(B)/fuzz/ and fails.
fuzz: deps $(FUZZERS:%=$(B)/fuzz/fuzz_%)
	@set -e; for f in $(FUZZERS); do \
		work=$$(mktemp -d); \
		echo "fuzz_$$f: $(FUZZ_SECONDS) s"; \
		$(B)/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -max_len=70000 \
			-rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=$(B)/fuzz/$$f- \
			$$work tests/fuzz/corpus/$$f 2>$(B)/fuzz/$$f.log \
			|| { tail -n 40 $(B)/fuzz/$$f.log; rm -rf $$work; exit 1; }; \
		grep -E '^stat::number_of_executed_units' $(B)/fuzz/$$f.log; \
		rm -rf $$work; \
	done

check-valgrind: deps all
	JC_VALGRIND=1 bash tests/integration/run.sh

# Every test: unit tests of proto/, the man pages, then the integration
# suite against an installed copy, on a private bus and keyring.
export LSAN_OPTIONS = suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
check: deps check-format
	$(MAKE) all $(UNIT)
	$(UNIT)
	sh tests/check-man.sh
	sh tests/check-install.sh
	bash tests/integration/run.sh

demo: deps all
	bash tests/demo.sh

# Speed, side by side with git-credential-libsecret (docs/performance.md).
BENCH_PAIRS ?= 40
bench: deps all
	bash tests/bench/bench.sh $(BENCH_PAIRS)

C_SOURCES = proto/*.[ch] helper/*.[ch] tests/unit/*.c tests/fuzz/*.c
format:
	clang-format -i $(C_SOURCES)

# The committed .clang-format is the style; make check holds the code to it.
check-format:
	clang-format --dry-run --Werror $(C_SOURCES)

clean:
	rm -rf build build-sanitize

.PHONY: all install uninstall deps check check-format check-valgrind fuzz demo bench format clean

# ---- the integration suite on the other Secret Services (docs/backends.md)
#
#   make check-keepassxc  the suite on KeePassXC (Xvfb, keepassxc-cli database)
#   make check-kwallet    the suite on kwalletd5 (Xvfb, wallet opened the PAM way)
check-keepassxc:
	sh scripts/deps.sh keepassxc
	$(MAKE) all
	JC_BACKEND=keepassxc bash tests/integration/run.sh

check-kwallet:
	sh scripts/deps.sh kwallet
	$(MAKE) all
	JC_BACKEND=kwallet bash tests/integration/run.sh

.PHONY: check-keepassxc check-kwallet
