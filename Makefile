# agora: a terminal program for civic forums.
#
#   make run     install what is missing, build, open a scratch copy of the sample
#   make test    install what is missing, build, run every test
#   make asan    the tests again under AddressSanitizer and UBSan
#   make valgrind  the unit tests, the commands and the interface under valgrind
#   make bench   the speed and memory measures (bench/results.json)
#   make pot     extract the interface's messages (po/agora.pot), merge po/*.po
#   make V=1     show the commands

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS := ncursesw sqlite3 uuid pangocairo pango cairo libzip xlsxwriter

# The Debian packages the project needs: to build, to test, and the readers
# the tests use.  `make deps` installs those that are missing.
DEB_BUILD := gcc make pkg-config gettext libc6-dev libncurses-dev libsqlite3-dev uuid-dev libpango1.0-dev libcairo2-dev fonts-liberation libzip-dev libstemmer-dev libxlsxwriter-dev
DEB_TEST := libcmocka-dev tmux sqlite3 valgrind time locales poppler-utils pandoc libxml2-utils libreoffice-writer-nogui unzip libreoffice-calc-nogui python3 jq
DEB_PACKAGES := $(DEB_BUILD) $(DEB_TEST)

WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wvla -Wpointer-arith \
	-Wundef -Wold-style-definition -Wmissing-declarations
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_PREUPDATE_HOOK \
	$(WARNINGS) $(CFLAGS) $(EXTRA_CFLAGS) \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) -MMD -MP
LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lstemmer -lm

# Build directory: objects for each flavour live apart so that `make asan`
# never mixes with the normal build.
B ?= build

MODEL_SRC := $(wildcard model/*.c)
EXPORT_SRC := $(wildcard exports/*.c)
IMPORT_SRC := $(wildcard imports/*.c)
TUI_SRC := $(wildcard tui/*.c)
CLI_SRC := $(wildcard cli/*.c)
LIB_SRC := $(MODEL_SRC) $(EXPORT_SRC) $(IMPORT_SRC)
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o)
APP_OBJ := $(TUI_SRC:%.c=$(B)/%.o) $(CLI_SRC:%.c=$(B)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_SRC := sample/mksample.c bench/gen.c
TOOL_BIN := $(B)/mksample $(B)/bench-gen
# Small programs the end-to-end tests run (a writer, a reader).
TEST_TOOL_SRC := $(wildcard tests/tools/*.c)
TEST_TOOL_BIN := $(TEST_TOOL_SRC:tests/tools/%.c=$(B)/tools/%)

ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all deps run test check asan valgrind fuzz bench sample install \
	uninstall clean format lint compdb unit e2e mo pot

all: agora mo

agora: $(B)/agora
	$(Q)cp $< $@.tmp && mv -f $@.tmp $@

$(B)/agora: $(APP_OBJ) $(B)/libagora.a
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/libagora.a: $(LIB_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/libagora.a
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libagora.a $(LIBS) -lcmocka

$(B)/tools/%: tests/tools/%.c $(B)/libagora.a
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libagora.a $(LIBS)

$(B)/mksample: sample/mksample.c $(B)/libagora.a
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(B)/bench-gen: bench/gen.c $(B)/libagora.a
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# The messages in the user's language (gettext): po/LANG.po compiled into
# build/locale/LANG/LC_MESSAGES/agora.mo, where the program finds them
# when they are not installed (cli/main.c; every build flavour shares
# them).  `make pot` extracts the marked strings of po/POTFILES into
# po/agora.pot and merges them into each po/LANG.po.
PO := $(wildcard po/*.po)
LANGS := $(PO:po/%.po=%)
MO := $(LANGS:%=build/locale/%/LC_MESSAGES/agora.mo)
$(B)/cli/main.o: ALL_CFLAGS += -DLOCALEDIR='"$(LOCALEDIR)"' \
	-DBUILD_LOCALEDIR='"$(CURDIR)/build/locale"'
# main.o again when LOCALEDIR changes (make PREFIX=/usr install).
LOCALEDIR_STAMP := $(B)/localedir
$(shell mkdir -p $(B) && { echo '$(LOCALEDIR)' | cmp -s - $(LOCALEDIR_STAMP) || \
	echo '$(LOCALEDIR)' >$(LOCALEDIR_STAMP); })
$(B)/cli/main.o: $(LOCALEDIR_STAMP)

mo: $(MO)

build/locale/%/LC_MESSAGES/agora.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $<"
	$(Q)msgfmt --check -o $@.tmp $< && mv -f $@.tmp $@

pot:
	$(Q)xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kP_:1,2 \
		--add-comments=TRANSLATORS: --package-name=agora \
		--msgid-bugs-address="the agora maintainers" --sort-by-file \
		-f po/POTFILES -o po/agora.pot
	@echo "  XGETTEXT po/agora.pot"
	$(Q)for p in $(PO); do \
		msgmerge --quiet --update --backup=none $$p po/agora.pot || exit 1; \
		echo "  MSGMERGE $$p"; \
	done

# Installs the missing Debian packages (as root); prints what it installs.
deps:
	$(Q)sh tests/deps.sh $(DEB_PACKAGES)
	$(Q)sh tests/locales.sh ru_RU.UTF-8

run: deps
	$(Q)$(MAKE) --no-print-directory agora mo
	$(Q)mkdir -p run && cp sample_forum.db run/forum.db && rm -f run/forum.db-wal run/forum.db-shm
	@echo "Opening a scratch copy of the sample forum: run/forum.db"
	./agora run/forum.db

unit: $(UNIT_BIN)
	$(Q)sh tests/run.sh unit $(B) $(UNIT_BIN)

test check: deps
	$(Q)$(MAKE) --no-print-directory agora mo $(UNIT_BIN) $(TOOL_BIN) $(TEST_TOOL_BIN)
	$(Q)sh tests/run.sh all $(B)

# The unit tests (but the 100,000-proposal timing of test_search), every
# command, the model's writer and an interface session under valgrind
# (tests/valgrind.sh): no invalid access, no uninitialised value, no
# definite leak.  About four minutes, so not part of `make test`.
valgrind: deps
	$(Q)$(MAKE) --no-print-directory agora mo $(UNIT_BIN) $(TOOL_BIN) $(TEST_TOOL_BIN)
	$(Q)sh tests/valgrind.sh $(B)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer,
# built apart in build/asan.
asan: deps
	$(Q)$(MAKE) --no-print-directory mo
	$(Q)$(MAKE) --no-print-directory B=build/asan CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" build/asan/agora $(patsubst $(B)/%,build/asan/%,$(UNIT_BIN) $(TOOL_BIN) $(TEST_TOOL_BIN))
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		AGORA_BIN=build/asan/agora sh tests/run.sh all build/asan

# libFuzzer harnesses for the import readers (tests/fuzz/fuzz.c over
# tests/fuzz/targets.c): CSV, a resolution as plain text, JSON, the main
# part of a Word document (in a package made by the harness).  Each runs
# FUZZ_SECONDS seconds from its seed corpus tests/fuzz/corpus/NAME, with
# ASan and UBSan, built with clang apart in build/fuzz; the inputs it finds
# go to build/fuzz/corpus/NAME, a crash to build/fuzz/crash-*.  `make test`
# replays the seed corpora through the same targets (test_import_fuzz).
#
# And for the forum file itself, untrusted when it comes from elsewhere:
# open (tests/fuzz/fuzz_open.c: a file opened, assembled, exported, written
# to) and merge (fuzz_merge.c: a copy merged into
# tests/fuzz/corpus/merge-master.agora), seeded with real files and damaged
# ones; `make test` replays them (test_open_fuzz).
FUZZ_SECONDS ?= 60
FUZZ_FORUM_TARGETS := open merge
FUZZ_TARGETS := csv text json docx
DEB_FUZZ := clang libclang-rt-14-dev
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
fuzz:
	$(Q)sh tests/deps.sh $(DEB_BUILD) $(DEB_FUZZ)
	$(Q)$(MAKE) --no-print-directory B=build/fuzz CC=clang \
		CFLAGS="$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link" build/fuzz/libagora.a
	$(Q)for t in $(FUZZ_TARGETS); do \
		echo "  FUZZ    $$t, $(FUZZ_SECONDS) s"; \
		clang $(filter-out -MMD -MP,$(subst $(CFLAGS),,$(ALL_CFLAGS))) \
		    $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_TARGET=fuzz_$$t \
		    -o build/fuzz/fuzz_$$t tests/fuzz/fuzz.c build/fuzz/libagora.a \
		    $(LIBS) || exit 1; \
		mkdir -p build/fuzz/corpus/$$t; \
		ASAN_OPTIONS=detect_leaks=1 build/fuzz/fuzz_$$t \
		    -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
		    -print_final_stats=1 -artifact_prefix=build/fuzz/ \
		    build/fuzz/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done
	$(Q)for t in $(FUZZ_FORUM_TARGETS); do \
		echo "  FUZZ    $$t, $(FUZZ_SECONDS) s"; \
		clang $(filter-out -MMD -MP,$(subst $(CFLAGS),,$(ALL_CFLAGS))) \
		    $(FUZZ_CFLAGS) -fsanitize=fuzzer -o build/fuzz/fuzz_$$t \
		    tests/fuzz/fuzz_$$t.c build/fuzz/libagora.a $(LIBS) || exit 1; \
		mkdir -p build/fuzz/corpus/$$t; \
		ASAN_OPTIONS=detect_leaks=1 build/fuzz/fuzz_$$t \
		    -max_total_time=$(FUZZ_SECONDS) -max_len=262144 -timeout=30 \
		    -rss_limit_mb=4096 -print_final_stats=1 \
		    -artifact_prefix=build/fuzz/ \
		    build/fuzz/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

bench: deps
	$(Q)$(MAKE) --no-print-directory agora $(TOOL_BIN)
	$(Q)sh bench/bench.sh $(B)

sample: $(B)/mksample
	$(Q)rm -f sample_forum.db.tmp
	$(Q)AGORA_NOW=2018-01-30T12:00:00 $(B)/mksample sample/forum.txt sample_forum.db.tmp
	$(Q)mv sample_forum.db.tmp sample_forum.db
	@echo "  SAMPLE  sample_forum.db"

install: agora mo
	@echo "  INSTALL $(DESTDIR)$(BINDIR)/agora"
	$(Q)install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1"
	$(Q)install -m 755 agora "$(DESTDIR)$(BINDIR)/agora"
	@echo "  INSTALL $(DESTDIR)$(MANDIR)/man1/agora.1"
	$(Q)install -m 644 agora.1 "$(DESTDIR)$(MANDIR)/man1/agora.1"
	$(Q)for l in $(LANGS); do \
		echo "  INSTALL $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/agora.mo"; \
		install -d "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES" && \
		install -m 644 build/locale/$$l/LC_MESSAGES/agora.mo \
		    "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/agora.mo" || exit 1; \
	done

uninstall:
	@echo "  RM      $(DESTDIR)$(BINDIR)/agora $(DESTDIR)$(MANDIR)/man1/agora.1"
	$(Q)rm -f "$(DESTDIR)$(BINDIR)/agora" "$(DESTDIR)$(MANDIR)/man1/agora.1"
	$(Q)for l in $(LANGS); do \
		echo "  RM      $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/agora.mo"; \
		rm -f "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/agora.mo"; \
	done

# The tools of the targets below, installed when missing like `make deps`.
DEB_LINT := cppcheck clang-tidy groff-base

# Formats FORMAT_FILES (default: every C file) in place by .clang-format:
#   make format FORMAT_FILES=tui/list.c
FORMAT_FILES ?= $(LIB_SRC) $(TUI_SRC) $(CLI_SRC) $(UNIT_SRC) $(TOOL_SRC) \
	$(TEST_TOOL_SRC) $(wildcard model/*.h exports/*.h imports/*.h tui/*.h \
	cli/*.h tests/unit/*.h)
format:
	$(Q)sh tests/deps.sh clang-format
	$(Q)clang-format -i $(FORMAT_FILES)

# Static analysis of the program's C (model/, exports/, imports/, tui/,
# cli/): cppcheck, clang-tidy (the checks and why are in .clang-tidy) with
# the build's flags, and the man page through groff's warnings.  Prints
# nothing when all is clean;
# otherwise prints every finding of the three and fails.  clang-tidy runs
# once per file, as many at a time as there are processors: given several
# files, clang-tidy 14 carries analyser state from one to the next and
# reports false va_list findings.  cppcheck's variableScope is off: the
# house declares variables at the top of a function (STYLE.md, tmux).
LINT_SRC = $(MODEL_SRC) $(EXPORT_SRC) $(IMPORT_SRC) $(TUI_SRC) $(CLI_SRC)
TIDY_FLAGS = $(filter-out -MMD -MP,$(ALL_CFLAGS)) -Wno-unknown-warning-option
lint:
	$(Q)sh tests/deps.sh $(DEB_BUILD) $(DEB_LINT)
	$(Q)fail=0; \
	cppcheck --quiet --error-exitcode=1 --std=c11 \
	    --enable=warning,style,performance,portability --inline-suppr \
	    --suppress=missingIncludeSystem --suppress=variableScope \
	    -I model -I exports -I imports -I tui -I cli model exports \
	    imports tui cli || fail=1; \
	printf '%s\n' $(LINT_SRC) | xargs -P "$$(nproc)" -I{} sh -c \
	    'out=$$(clang-tidy --quiet --warnings-as-errors="*" "$$1" -- $$2 2>&1) \
	    || { printf "%s\n" "$$out"; exit 1; }' tidy {} "$(TIDY_FLAGS)" || fail=1; \
	out=$$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z agora.1 2>&1); \
	[ -z "$$out" ] || { printf 'agora.1: %s\n' "$$out"; fail=1; }; \
	exit $$fail

# compile_commands.json for clangd and other tools: bear records a complete
# build (the program, the unit tests, the tools) made apart in build/compdb,
# so the normal build is neither cleaned nor touched.  The build keeps going
# past errors: a tree that does not build yet is when clangd is most needed.
compdb: deps
	$(Q)sh tests/deps.sh bear
	$(Q)bear --output compile_commands.json -- $(MAKE) --no-print-directory \
		-k -B B=build/compdb build/compdb/agora \
		$(patsubst $(B)/%,build/compdb/%,$(UNIT_BIN) $(TOOL_BIN) $(TEST_TOOL_BIN)) || \
		echo "compdb: the build failed (above); the file lists what it compiled" >&2
	@echo "  COMPDB  compile_commands.json"

clean:
	rm -rf build agora run tests/out bench/work
