# A thin Makefile: the commands CI runs, by name.
GO ?= go

.PHONY: build test race lint bench microbench fuzz ci

build:
	$(GO) build -o liaison ./cmd/liaison

test:
	$(GO) test ./...

race:
	$(GO) test -race ./internal/sqlite/... ./internal/postgres/... ./internal/storetest/... ./internal/federation/... ./internal/node/... ./cmd/liaison/...

lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || (gofmt -l .; exit 1)

# Two real nodes on this machine: delivery, latency, cold start, memory.
# BENCHFLAGS=--quick for seconds, --runs 3 for medians of three runs.
bench:
	$(GO) run ./cmd/liaison-bench $(BENCHFLAGS)

# The Go benchmarks of each package (sealing, the store, ...).
microbench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

ci:
	bash .ci/run
