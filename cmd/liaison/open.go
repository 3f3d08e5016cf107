package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
	"github.com/liaison-project/liaison/internal/federation"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/policy"
)

// handle is an opened node directory: configuration, keys, store and the
// service layer over them.
type handle struct {
	dir   string
	cfg   *Config
	keys  *federation.Keys
	store liaison.Store
	node  *node.Node
	rules *policy.Watcher
}

// openNode opens the node in dir.
func openNode(dir string, log *slog.Logger) (*handle, error) {
	if dir == "" {
		return nil, fmt.Errorf("--dir is required")
	}
	cfg, err := loadConfig(dir)
	if err != nil {
		return nil, err
	}
	keys, err := federation.LoadKeys(dir)
	if err != nil {
		return nil, err
	}
	s, err := openStore(context.Background(), cfg, dir)
	if err != nil {
		return nil, err
	}
	// Checkpoints are signed with the card's signing key under the origin
	// naming the party and certificate, which a peer rebuilds from the card.
	signer, err := auditlog.NewSigner(auditlog.Origin(cfg.Party, federation.Fingerprint(keys.TLS.Leaf.Raw)), keys.Signing)
	if err != nil {
		s.Close()
		return nil, err
	}
	// The party's own rules: a node does not start with rules it cannot
	// read, and keeps its last good rules when an edit breaks them.
	rules, err := policy.NewWatcher(filepath.Join(dir, policyDir))
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("policies: %w", err)
	}
	n, err := node.New(node.Config{
		Party: cfg.Party, Name: cfg.Name, Store: s, Logger: log, Signer: signer, Policies: rules,
		TokenAuditInterval: cfg.API.tokenAuditInterval(),
	})
	if err != nil {
		s.Close()
		return nil, err
	}
	n.SetNotify(cfg.Notify.nodeConfig())
	return &handle{dir: dir, cfg: cfg, keys: keys, store: s, node: n, rules: rules}, nil
}

func (h *handle) Close() error { return h.store.Close() }
