# jira-credential: build, install, check, demo, fuzz, bench.
#
#   make                  build into build/ (bin/, libexec/ laid out as installed)
#   make check            install missing Debian packages, build, run every test
#   make check SANITIZE=1 the same, built with ASan and UBSan
#   make demo             the main job end to end: private keyring, fake Jira, curl
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
ifeq ($(SANITIZE),1)
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

B        = build
GLIB     = glib-2.0
MAIN_PKG = libsecret-1 json-glib-1.0 glib-2.0
VAL_PKG  = libcurl json-glib-1.0 glib-2.0

PROTO_SRC = proto/cred.c proto/domain.c proto/header.c proto/input.c proto/netrc.c
MAIN_SRC  = helper/main.c helper/keyring.c helper/output.c helper/validate.c helper/list.c \
	    helper/store.c helper/login.c helper/import.c
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

# The main program must not link libcurl: a plain get would pay for it.
$(BIN): $(MAIN_OBJ) $(LIBPROTO)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -Wl,--as-needed -o $@ $^ $(shell $(PKG) --libs $(MAIN_PKG))

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

# Every test: unit tests of proto/, the man pages, then the integration
# suite against an installed copy, on a private bus and keyring.
check: deps
	$(MAKE) all $(UNIT)
	$(UNIT)
	sh tests/check-man.sh
	bash tests/integration/run.sh

demo: deps all
	bash tests/demo.sh

format:
	clang-format -i proto/*.[ch] helper/*.[ch] tests/unit/*.c

clean:
	rm -rf $(B)

.PHONY: all install uninstall deps check demo format clean
