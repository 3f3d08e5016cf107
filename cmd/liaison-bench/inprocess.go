package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/liaison-project/liaison/internal/api"
	"github.com/liaison-project/liaison/internal/federation"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// With --cpuprofile the nodes run inside the bench process, wired as
// liaison serve wires them (store, node, federation, API), so that one
// profile shows where the nodes spend their time. Their numbers are then
// those of one process holding both nodes, not of two.

// nodeConfig is the part of DIR/liaison.toml the bench needs.
type nodeConfig struct {
	Party      string                `toml:"party"`
	Name       string                `toml:"name"`
	Store      string                `toml:"store"`
	API        struct{ Addr string } `toml:"api"`
	Federation struct{ Addr string } `toml:"federation"`
}

// serveInProcess starts the node in p.dir inside this process and returns
// the function that stops it.
func (p *proc) serveInProcess() (func() error, error) {
	var cfg nodeConfig
	if _, err := toml.DecodeFile(filepath.Join(p.dir, "liaison.toml"), &cfg); err != nil {
		return nil, err
	}
	logf, err := os.OpenFile(filepath.Join(p.dir, "serve.log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(logf, nil)).With("party", cfg.Party)
	keys, err := federation.LoadKeys(p.dir)
	if err != nil {
		logf.Close()
		return nil, err
	}
	store := cfg.Store
	if !filepath.IsAbs(store) {
		store = filepath.Join(p.dir, store)
	}
	s, err := sqlite.Open(store)
	if err != nil {
		logf.Close()
		return nil, err
	}
	n, err := node.New(node.Config{Party: cfg.Party, Name: cfg.Name, Store: s, Logger: log})
	if err != nil {
		s.Close()
		logf.Close()
		return nil, err
	}
	fed := federation.New(n, keys, federation.Options{Logger: log})
	apiLn, err := net.Listen("tcp", cfg.API.Addr)
	if err != nil {
		s.Close()
		logf.Close()
		return nil, err
	}
	fedLn, err := net.Listen("tcp", cfg.Federation.Addr)
	if err != nil {
		apiLn.Close()
		s.Close()
		logf.Close()
		return nil, err
	}
	apiSrv := &http.Server{Handler: api.New(n, log), ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelDebug)}
	go apiSrv.Serve(apiLn)
	go fed.Serve(fedLn)
	if err := fed.Start(context.Background()); err != nil {
		apiSrv.Close()
		fed.Close()
		s.Close()
		logf.Close()
		return nil, fmt.Errorf("start federation: %w", err)
	}
	return func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return errors.Join(apiSrv.Shutdown(ctx), fed.Close(), s.Close(), logf.Close())
	}, nil
}
