# ogi — see README.md. `make demo` runs the whole pipeline on the embedded
# sample portals; `make test` runs every test.
GO      ?= go
BIN     ?= ./ogi
PKGS    := ./...
# Tests drive DuckDB, headless Chromium and pdftotext; give them room.
TESTFLAGS ?= -timeout 30m

# make test runs every package once: those whose code or tests run
# concurrently under the race detector, the rest plain. A package is
# concurrent when any of its files starts goroutines (go statements,
# errgroup, WaitGroup.Go), runs parallel subtests, serves or fetches over
# HTTP (net/http or the project's fetcher: servers answer on goroutines,
# the fetcher keeps per-host state across them), or shares state under
# sync or sync/atomic. The lists come from the sources, so a new
# package is raced as soon as it does any of these. RACE= turns the
# detector off (e.g. on a platform without it).
RACE       ?= -race
CONCURRENT := ^[[:space:]]*go [A-Za-z_(]|[.]Go[(]|t[.]Parallel[(]|errgroup|net/http|"ogi/scrapers/fetch"|"sync"|"sync/atomic"
ALL_PKGS    = $(shell $(GO) list $(PKGS))
RACE_PKGS   = $(shell $(GO) list -f '{{.ImportPath}} {{.Dir}}' $(PKGS) | while read -r p d; do grep -qsE '$(CONCURRENT)' "$$d"/*.go && echo "$$p"; done)
PLAIN_PKGS  = $(filter-out $(RACE_PKGS),$(ALL_PKGS))

.PHONY: all build test test-lists bench demo lint fuzz clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/ogi

test: build
	@race='$(strip $(RACE_PKGS))'; plain='$(strip $(PLAIN_PKGS))'; \
	echo "== $(or $(RACE),without -race) $$(echo $$race | wc -w) packages: $$race"; \
	[ -z "$$race" ] || $(GO) test $(TESTFLAGS) $(RACE) $$race || exit 1; \
	echo "== plain $$(echo $$plain | wc -w) packages: $$plain"; \
	[ -z "$$plain" ] || $(GO) test $(TESTFLAGS) $$plain

# The two lists make test runs.
test-lists:
	@echo "race:  $(strip $(RACE_PKGS))"; echo "plain: $(strip $(PLAIN_PKGS))"

bench:
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m $(PKGS)

demo: build
	$(BIN) demo

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

# Each fuzz target for a while (FUZZTIME=30s by default).
FUZZTIME ?= 30s
fuzz:
	@for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
	  d=$$(dirname $$f); \
	  for t in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/func //'); do \
	    echo "== $$d $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 0s ./$$d || exit 1; \
	  done; \
	done

clean:
	rm -f $(BIN)
