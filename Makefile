# A thin Makefile: the commands CI runs, by name.
GO ?= go

.PHONY: build test race lint bench fuzz ci

build:
	$(GO) build -o liaison ./cmd/liaison

test:
	$(GO) test ./...

race:
	$(GO) test -race ./internal/sqlite/... ./internal/postgres/... ./internal/storetest/... ./internal/federation/... ./internal/node/... ./cmd/liaison/...

lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || (gofmt -l .; exit 1)

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

ci:
	bash .ci/run
