# ogi — see README.md. `make demo` runs the whole pipeline on the embedded
# sample portals; `make test` runs every test.
GO      ?= go
BIN     ?= ./ogi
PKGS    := ./...
# Tests drive DuckDB, headless Chromium and pdftotext; give them room.
TESTFLAGS ?= -timeout 30m

.PHONY: all build test bench demo lint fuzz clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/ogi

test: build
	$(GO) test $(TESTFLAGS) $(PKGS)

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
