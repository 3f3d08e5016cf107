package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/postgres"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// isPostgres reports whether a store setting is a PostgreSQL DSN rather
// than a SQLite file.
func isPostgres(store string) bool {
	return strings.HasPrefix(store, "postgres://") || strings.HasPrefix(store, "postgresql://")
}

// openStore opens the store a node's configuration names: the SQLite file
// in dir (the default), or the PostgreSQL database of a DSN, which several
// liaison serve processes may share.
func openStore(ctx context.Context, cfg *Config, dir string) (liaison.Store, error) {
	if isPostgres(cfg.Store) {
		s, err := postgres.Open(ctx, cfg.Store)
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL store: %w", err)
		}
		return s, nil
	}
	s, err := sqlite.Open(cfg.storePath(dir))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return s, nil
}
