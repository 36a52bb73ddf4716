# pg_dunning: PGXS build of the extension, plus the README's `make test`, `make demo`.
EXTENSION   = dunning
EXTVERSION  = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" extension/dunning.control)

MODULE_big  = dunning
CORE_SRCS   = $(sort $(wildcard src/core/*.cpp))
GLUE_SRCS   = $(sort $(wildcard src/pg/*.cpp))
OBJS        = $(CORE_SRCS:.cpp=.o) $(GLUE_SRCS:.cpp=.o)
# PGXS installs these into the server's extension directory. The install script of the current
# version is built from the sources by concern in extension/src/; the scripts of older versions and
# the update scripts live in extension/versions/. Every script starts with extension/guard.sql.
EXTENSION   := extension/dunning
DATA        = $(sort $(wildcard extension/dunning--*.control))
SQL_SOURCES = $(sort $(wildcard extension/src/*.sql))
SQL_VERSIONS = $(sort $(wildcard extension/versions/dunning--*.sql))
DATA_built  = build/extension/dunning--$(EXTVERSION).sql $(SQL_VERSIONS:extension/versions/%=build/extension/%)

REGRESS      = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=dunning --dbname=dunning_regress

# The extension is C++20; PostgreSQL's headers come in as system headers so that our warning
# flags judge our own code. CI (CI=true) turns warnings into errors.
PG_CPPFLAGS = -Isrc
# -MMD -MP: PGXS does not track header dependencies; a stale object after a header change
# would link two layouts of one class.
PG_CXXFLAGS = -std=c++20 -Wall -Wextra -MMD -MP
ifeq ($(CI),true)
PG_CXXFLAGS += -Werror
endif
# ICU formats letter amounts and dates per locale (src/core/locale_format.cpp).
SHLIB_LINK  = -lfmt -licui18n -licuuc -lstdc++

# No LLVM bitcode for JIT inlining: nothing here benefits, and clang would need our C++ flags.
override with_llvm = no

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# The shipped letter texts (templates/, one file per letter or phrase) become the SQL that loads
# them, which takes its place among the sources by its name (42_).
TEMPLATE_TEXTS = $(sort $(shell find templates -name '*.txt'))
TEMPLATE_SQL   = build/gen/42_template_texts.sql
$(TEMPLATE_SQL): scripts/templates_sql.py $(TEMPLATE_TEXTS)
	@mkdir -p $(@D)
	python3 scripts/templates_sql.py templates >$@

build/extension/dunning--$(EXTVERSION).sql: extension/guard.sql $(SQL_SOURCES) $(TEMPLATE_SQL)
	@mkdir -p $(@D)
	{ echo '\\echo Use "CREATE EXTENSION dunning" to load this file. \\quit'; cat extension/guard.sql; \
	  printf '%s\n' $(SQL_SOURCES) $(TEMPLATE_SQL) | awk -F/ '{print $$NF "\t" $$0}' | sort | cut -f2 | xargs cat; } >$@

# Older install scripts and update scripts: extension/versions/ with the guard and the \ir and
# \replace directives resolved (scripts/sql_script.sh).
build/extension/%.sql: extension/versions/%.sql extension/guard.sql $(SQL_SOURCES) $(TEMPLATE_SQL) scripts/sql_script.sh
	@mkdir -p $(@D)
	scripts/sql_script.sh $< >$@

-include $(OBJS:.o=.d)
EXTRA_CLEAN = $(OBJS:.o=.d) $(TEMPLATE_SQL) build/client build/pg_dunning

# The delivery client pg_dunning (SPEC §14, docs/delivery.md): a program linked with libpq, libcurl,
# cairo + pango and libqrencode, built with the extension and installed beside PostgreSQL's
# programs ($(bindir), e.g. /usr/lib/postgresql/15/bin).
CLIENT_SRCS = $(sort $(wildcard src/client/*.cpp))
CLIENT_OBJS = $(CLIENT_SRCS:src/client/%.cpp=build/client/%.o)
CLIENT_PKGS = libcurl pangocairo cairo-pdf libqrencode
CLIENT_CXXFLAGS = -std=c++20 -O2 -g -Wall -Wextra -MMD -MP -Isrc -I$(shell $(PG_CONFIG) --includedir) \
	$(shell pkg-config --cflags $(CLIENT_PKGS)) -DPG_DUNNING_VERSION='"$(EXTVERSION)"'
ifeq ($(CI),true)
CLIENT_CXXFLAGS += -Werror
endif
CLIENT_LIBS = -L$(shell $(PG_CONFIG) --libdir) -lpq $(shell pkg-config --libs $(CLIENT_PKGS))

# NO_CLIENT=1: the extension alone (a database server without libcurl, cairo, pango).
ifneq ($(NO_CLIENT),1)
all: build/pg_dunning
install: install-client
uninstall: uninstall-client
endif

build/client/%.o: src/client/%.cpp
	@mkdir -p $(@D)
	$(CXX) $(CLIENT_CXXFLAGS) -c -o $@ $<

build/pg_dunning: $(CLIENT_OBJS)
	$(CXX) -o $@ $^ $(CLIENT_LIBS)

-include $(CLIENT_OBJS:.o=.d)

.PHONY: install-client uninstall-client
install-client: build/pg_dunning
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	$(INSTALL_PROGRAM) build/pg_dunning '$(DESTDIR)$(bindir)/pg_dunning'

uninstall-client:
	rm -f '$(DESTDIR)$(bindir)/pg_dunning'

# PGXS passes server headers with -I; make them system headers for C++.
override CPPFLAGS := $(subst -I$(includedir_server),-isystem $(includedir_server),$(CPPFLAGS))

.PHONY: test demo deps unit lint sanitize fuzz valgrind

deps:
	@scripts/deps.sh

test:
	@scripts/test.sh

demo:
	@scripts/demo.sh

unit:
	@scripts/unit.sh

.PHONY: bench
bench:
	@bench/run.sh

# Robustness (docs/robustness.md): the unit tests under ASan+UBSan, every fuzz target for 60 s,
# the extension under valgrind. make test runs all three, with a 10 s fuzz smoke run.
sanitize:
	@scripts/sanitize.sh

fuzz:
	@scripts/fuzz.sh $(or $(FUZZ_SECONDS),60)

valgrind:
	@scripts/valgrind.sh
