# jira-credential: build, install, package, check, demo, fuzz, bench.
#
#   make                  build into build/ (bin/, libexec/ laid out as installed)
#   make check            install missing Debian packages, build, run every test
#   make check SANITIZE=1 the same, built with ASan and UBSan
#   make check-unit       the unit tests alone (no bus, keyring or network)
#   make demo             the main job end to end: private keyring, fake Jira, curl
#   make fuzz             libFuzzer on the protocol, domain and netrc parsers and on
#                         the validator's reading of Jira's and token endpoints' replies
#                         (FUZZ_SECONDS each, default 60); fails on any finding
#   make check-valgrind   the integration flows under valgrind's memcheck
#   make bench            timings beside git-credential-libsecret (BENCH_PAIRS)
#   make install          PREFIX=/usr/local, DESTDIR honoured
#   make deb              the Debian package, jira-credential_VERSION_ARCH.deb
#   make check-deb        lint, install, run and purge that package (root)
#   make dist             jira-credential-VERSION.tar.gz from git HEAD
#   make distcheck        make check inside the unpacked tarball

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
# ASan sets the soft core limit to 0 at start on 64-bit (disable_coredump),
# which exec would hand its command; the programs' own guard is
# PR_SET_DUMPABLE, so ASan leaves the limit as the caller set it.
export ASAN_OPTIONS = fast_unwind_on_malloc=0:disable_coredump=0
endif
GLIB     = glib-2.0
# libsecret's header only: libsecret is loaded with dlopen() when a Secret
# Service call needs it (helper/store/secretservice/ss_lib.c), so a get that finds nothing
# never loads it and libgcrypt; the program itself links GIO.
MAIN_PKG = libsecret-1 glib-2.0
MAIN_LIBS = gio-2.0 glib-2.0
# gpgme.h only: libgpgme is loaded with dlopen() when the password store is used.
GPGME_CFLAGS = $(shell $(PKG) --cflags gpgme 2>/dev/null)
# libcrypto: doctor's look at a client certificate (helper/validator/cert_check.c),
# the OpenSSL that libcurl's TLS loads anyway.
VAL_PKG  = libcurl json-glib-1.0 glib-2.0 libcrypto

# proto/: pure code, no keyring, no network (unit-tested and fuzzed); its
# readers of Jira's answers need json-glib's headers, and only the validator
# links them.
PROTO_SRC = $(wildcard proto/*.c)
# jira-credential: the command line and its actions (cli/), the store seam
# and one folder per store (store/), validation as seen from here
# (validate/), the system layer (sys/).  Each folder's files are its part.
MAIN_SRC  = $(wildcard helper/cli/*.c helper/store/*.c helper/store/*/*.c helper/validate/*.c \
	    helper/sys/*.c)
# jira-credential-validate: the one program that links libcurl (validator/),
# with the system layer and the client certificate's file rules.
VAL_SRC   = $(wildcard helper/validator/*.c) helper/sys/msg.c helper/sys/trust.c \
	    helper/validate/clientcert.c
VAL_CURL_OBJ = $(patsubst %.c,$(B)/%.o,$(wildcard helper/validator/*.c))
HEADERS   = proto/*.h helper/*/*.h helper/store/*/*.h
CFLAGS   += -I. -Ihelper

PROTO_OBJ = $(PROTO_SRC:%.c=$(B)/%.o)
MAIN_OBJ  = $(MAIN_SRC:%.c=$(B)/%.o)
VAL_OBJ   = $(VAL_SRC:%.c=$(B)/%.o)

BIN       = $(B)/bin/jira-credential
GITBIN    = $(B)/bin/git-credential-jira
VALIDATOR = $(B)/libexec/jira-credential/jira-credential-validate
LIBPROTO  = $(B)/libjcproto.a
# One cmocka binary per tests/unit/test_NAME.c, built as $(B)/tests/unit-NAME.
UNIT_TESTS = $(patsubst tests/unit/test_%.c,%,$(wildcard tests/unit/test_*.c))
UNIT      = $(UNIT_TESTS:%=$(B)/tests/unit-%)

all: $(BIN) $(GITBIN) $(VALIDATOR)

$(B)/proto/%.o: proto/%.c proto/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags json-glib-1.0 $(GLIB)) -c -o $@ $<

$(VAL_CURL_OBJ): $(B)/helper/%.o: helper/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(VAL_PKG)) -c -o $@ $<

GPGME_OBJ = $(B)/helper/store/pass/store_pass_gpg.o $(B)/helper/store/pass/store_pass_gpgopts.o
$(GPGME_OBJ): $(B)/helper/%.o: helper/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(GPGME_CFLAGS) $(shell $(PKG) --cflags $(GLIB)) -c -o $@ $<

$(B)/helper/%.o: helper/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(MAIN_PKG)) -c -o $@ $<

$(LIBPROTO): $(PROTO_OBJ)
	rm -f $@
	ar rcs $@ $^

# The main program links neither libcurl nor json-glib: a plain get would pay for them.
$(BIN): $(MAIN_OBJ) $(LIBPROTO)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -Wl,--as-needed -o $@ $^ $(shell $(PKG) --libs $(MAIN_LIBS))

$(GITBIN): $(BIN)
	ln -sf jira-credential $@

$(VALIDATOR): $(VAL_OBJ) $(LIBPROTO)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -Wl,--as-needed -o $@ $^ $(shell $(PKG) --libs $(VAL_PKG))

$(B)/tests/unit-%: tests/unit/test_%.c $(LIBPROTO)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags json-glib-1.0 $(GLIB) cmocka) -o $@ $^ \
		$(LDFLAGS) $(shell $(PKG) --libs json-glib-1.0 $(GLIB) cmocka)

# The session's cryptography (store/secretservice/ss_crypto.c) against
# known answers (tests/unit/crypto_vectors.py).
CRYPTO_SRC = helper/store/secretservice/ss_crypto.c helper/sys/dl.c
$(B)/tests/unit-crypto: tests/unit/test_crypto.c tests/unit/crypto_vectors.h $(CRYPTO_SRC) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(GLIB) cmocka) -o $@ tests/unit/test_crypto.c \
		$(CRYPTO_SRC) $(LDFLAGS) $(shell $(PKG) --libs $(GLIB) cmocka) -ldl

# helper/cli/'s pure rules, each test with its one file: the six output
# formats (output.c) and what may be saved (save_rules.c).
$(B)/tests/unit-output: tests/unit/test_output.c helper/cli/output.c $(LIBPROTO) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(GLIB) cmocka) -o $@ tests/unit/test_output.c \
		helper/cli/output.c $(LIBPROTO) $(LDFLAGS) \
		$(shell $(PKG) --libs json-glib-1.0 $(GLIB) cmocka)

$(B)/tests/unit-save: tests/unit/test_save.c helper/cli/save_rules.c $(LIBPROTO) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(GLIB) cmocka) -o $@ tests/unit/test_save.c \
		helper/cli/save_rules.c $(LIBPROTO) $(LDFLAGS) \
		$(shell $(PKG) --libs json-glib-1.0 $(GLIB) cmocka)
# The cache entries' names (validate/vcache.c), with the one way to warn it uses.
VCACHE_SRC = helper/validate/vcache.c helper/sys/msg.c helper/sys/trust.c
$(B)/tests/unit-vcache: tests/unit/test_vcache.c $(VCACHE_SRC) $(LIBPROTO) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(GLIB) cmocka) -o $@ tests/unit/test_vcache.c \
		$(VCACHE_SRC) $(LIBPROTO) $(LDFLAGS) $(shell $(PKG) --libs json-glib-1.0 $(GLIB) cmocka)
# The one "this file is mine" rule (helper/sys/trust.c) on real files.
$(B)/tests/unit-trust: tests/unit/test_trust.c helper/sys/trust.c helper/sys/trust.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(GLIB) cmocka) -o $@ tests/unit/test_trust.c \
		helper/sys/trust.c $(LDFLAGS) $(shell $(PKG) --libs $(GLIB) cmocka)
# The store choice (store/store.c) on stores the test plays itself.
$(B)/tests/unit-store_choice: tests/unit/test_store_choice.c helper/store/store.c $(HEADERS) \
		$(LIBPROTO)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell $(PKG) --cflags $(GLIB) cmocka) -o $@ tests/unit/test_store_choice.c \
		helper/store/store.c $(LIBPROTO) $(LDFLAGS) $(shell $(PKG) --libs $(GLIB) cmocka)

# ---- Version ----------------------------------------------------------------
# The file VERSION is the version's one place: the programs get it as
# JC_VERSION, make dist names the tarball after it, and check-deb fails
# when debian/changelog says otherwise.
VERSION := $(shell cat $(CURDIR)/VERSION)
CFLAGS  += -DJC_VERSION='"$(VERSION)"'
$(MAIN_OBJ) $(VAL_OBJ): VERSION

# ---- zsh and fish completion, beside bash's COMPDIR --------------------------
ZSHCOMPDIR  = $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXEC) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(COMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/jira-credential
	ln -sf jira-credential $(DESTDIR)$(BINDIR)/git-credential-jira
	install -m 755 $(VALIDATOR) $(DESTDIR)$(LIBEXEC)/jira-credential-validate
	install -m 644 man/jira-credential.1 $(DESTDIR)$(MANDIR)/man1/jira-credential.1
	install -m 644 man/jira-credential.5 $(DESTDIR)$(MANDIR)/man5/jira-credential.5
	install -m 644 completion/jira-credential.bash $(DESTDIR)$(COMPDIR)/jira-credential
	install -d $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 644 completion/_jira-credential $(DESTDIR)$(ZSHCOMPDIR)/_jira-credential
	install -m 644 completion/jira-credential.fish $(DESTDIR)$(FISHCOMPDIR)/jira-credential.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/jira-credential $(DESTDIR)$(BINDIR)/git-credential-jira \
		$(DESTDIR)$(LIBEXEC)/jira-credential-validate \
		$(DESTDIR)$(MANDIR)/man1/jira-credential.1 $(DESTDIR)$(MANDIR)/man5/jira-credential.5 \
		$(DESTDIR)$(COMPDIR)/jira-credential
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_jira-credential $(DESTDIR)$(FISHCOMPDIR)/jira-credential.fish

deps:
	sh scripts/deps.sh

FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZERS       = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS    = -g -O1 -std=c11 -Wall -Wextra -Werror -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

# Every parser is proto/'s: each fuzzer links it whole, json-glib included.
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(PROTO_SRC) proto/*.h tests/fuzz/*.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -I. $(shell $(PKG) --cflags json-glib-1.0 $(GLIB)) -o $@ $< \
		$(PROTO_SRC) $(shell $(PKG) --libs json-glib-1.0 $(GLIB))

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
	$(MAKE) all check-unit
	sh tests/check-man.sh
	bash tests/check-completion.sh $(CURDIR)/$(BIN)
	sh tests/check-install.sh
	sh tests/check-demo.sh
	bash tests/integration/run.sh

# The unit tests alone: no bus, no keyring, no network (debian/rules runs them).
check-unit: $(UNIT)
	@set -e; for t in $(UNIT); do echo "$$t"; $$t; done

demo: deps all
	bash tests/demo.sh

# Speed, side by side with git-credential-libsecret (docs/performance.md).
BENCH_PAIRS ?= 40
bench: deps all
	bash tests/bench/bench.sh $(BENCH_PAIRS)

C_SOURCES = proto/*.[ch] helper/*/*.[ch] helper/store/*/*.[ch] tests/unit/*.c tests/fuzz/*.[ch] \
	    tests/freecheck/*.c tests/ssproxy/*.c
format:
	clang-format -i $(C_SOURCES)

# The committed .clang-format is the style; make check holds the code to it.
check-format:
	clang-format --dry-run --Werror $(C_SOURCES)

clean:
	rm -rf build build-sanitize

# ---- Debian package -----------------------------------------------------------
# make deb builds the .deb with dpkg-buildpackage in a copy of this tree under
# build/deb/ (dpkg-buildpackage writes beside the tree it builds, and its
# debian/ scratch stays out of yours), then copies it here.  The copy is of
# the working tree: uncommitted changes are in it.  check-deb lints, installs,
# runs and purges that package (tests/check-deb.sh; it needs root).
DEBDIR   = build/deb
DEBARCH := $(shell dpkg --print-architecture 2>/dev/null)
DEBFILE  = jira-credential_$(VERSION)_$(DEBARCH).deb

deb:
	sh scripts/deps.sh deb
	sh tests/check-deb.sh versions
	rm -rf $(DEBDIR)
	mkdir -p $(DEBDIR)/jira-credential-$(VERSION)
	tar -cf - --exclude-vcs --exclude=./build --exclude=./build-sanitize \
		--exclude='./jira-credential[-_]*' --exclude=./debian/jira-credential \
		--exclude=./debian/.debhelper --exclude=./debian/files \
		--exclude='./debian/*.substvars' --exclude='./debian/*.debhelper.log' \
		--exclude=./debian/debhelper-build-stamp . | \
		tar -xf - -C $(DEBDIR)/jira-credential-$(VERSION)
	cd $(DEBDIR)/jira-credential-$(VERSION) && dpkg-buildpackage -us -uc -b
	cp $(DEBDIR)/$(DEBFILE) .
	@echo "deb: $(DEBFILE)"

check-deb: deb
	sh tests/check-deb.sh $(DEBDIR) $(VERSION)

.PHONY: deb check-deb

# ---- Release tarball ------------------------------------------------------------
# make dist writes jira-credential-VERSION.tar.gz with git archive of HEAD:
# every committed file, so a file added to the repository is never left
# out, and no .git or build output.  Uncommitted changes are NOT in it:
# commit first (it refuses an uncommitted VERSION, which names the tarball).
# make distcheck unpacks it in a scratch directory and runs make check there.
DISTNAME = jira-credential-$(VERSION)

dist:
	@git diff --quiet HEAD -- VERSION debian/changelog || \
		{ echo "dist: VERSION or debian/changelog has uncommitted changes" >&2; exit 1; }
	sh tests/check-deb.sh versions
	@git diff --quiet HEAD || echo "dist: uncommitted changes are not in the tarball"
	git archive --format=tar.gz --prefix=$(DISTNAME)/ -o $(DISTNAME).tar.gz HEAD
	@echo "dist: $(DISTNAME).tar.gz"

distcheck: dist
	rm -rf build/distcheck
	mkdir -p build/distcheck
	tar -xzf $(DISTNAME).tar.gz -C build/distcheck
	$(MAKE) -C build/distcheck/$(DISTNAME) check
	@echo "distcheck: $(DISTNAME).tar.gz builds and passes make check"

.PHONY: dist distcheck

.PHONY: all install uninstall deps check check-unit check-format check-valgrind fuzz demo bench format clean

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
