package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/liaison-project/liaison/internal/federation"
	"github.com/liaison-project/liaison/internal/policy"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "serve", "--dir DIR [--api ADDR] [--federation ADDR]",
		"Run the node: the officers' API and the federation listener, and a sender per peer.\nFlags override the configuration. Stops cleanly on SIGINT or SIGTERM.")
	dir := fs.String("dir", "", "the node's directory")
	apiAddr := fs.String("api", "", "officers' API listen address (overrides api.addr)")
	fedAddr := fs.String("federation", "", "federation listen address (overrides federation.addr)")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir); err != nil {
		return err
	}
	s, err := newServer(*dir, serverOptions{API: *apiAddr, Federation: *fedAddr, Log: e.stderr})
	if err != nil {
		return err
	}
	if err := s.Start(); err != nil {
		s.Close()
		return err
	}
	<-ctx.Done()
	return s.Close()
}

// serverOptions override a node's configuration when it starts.
type serverOptions struct {
	API, Federation string       // listen addresses; empty keeps the config's
	APIListener     net.Listener // already bound listeners (demo, tests)
	FedListener     net.Listener
	Log             interface{ Write([]byte) (int, error) }
	// Fed tunes the federation; a zero BackoffMax or LeaseTTL takes the
	// configuration's.
	Fed federation.Options
	// CheckpointEvery is how often the node signs a checkpoint of its
	// audit log when it grew (default 30s).
	CheckpointEvery time.Duration
	// PurgeEvery is how often the node purges expired content; zero
	// takes the configuration's retention.purge_interval.
	PurgeEvery time.Duration
	// RemindEvery is how often the node scans open requests for reminders
	// and breaches (default a minute).
	RemindEvery time.Duration
}

// server is a running node: the Main-style value that serve, demo and the
// end-to-end tests start and stop.
type server struct {
	*handle
	log    *slog.Logger
	opts   serverOptions
	fed    *federation.Federation
	apiSrv *http.Server
	apiLn  net.Listener
	fedLn  net.Listener
	stop   context.CancelFunc // stops the background jobs
	wg     sync.WaitGroup
	closed sync.Once
}

// newServer opens the node in dir; Start binds and serves.
func newServer(dir string, o serverOptions) (*server, error) {
	if o.Log == nil {
		o.Log = os.Stderr
	}
	cfg, err := loadConfig(dir)
	if err != nil {
		return nil, err
	}
	level := slog.LevelInfo
	level.UnmarshalText([]byte(cfg.Log.Level))
	log := slog.New(slog.NewTextHandler(o.Log, &slog.HandlerOptions{Level: level})).With("party", cfg.Party)
	h, err := openNode(dir, log)
	if err != nil {
		return nil, err
	}
	if o.API != "" {
		h.cfg.API.Addr = o.API
	}
	if o.Federation != "" {
		h.cfg.Federation.Addr = o.Federation
	}
	if err := h.cfg.validate(); err != nil {
		h.Close()
		return nil, err
	}
	if o.Fed.BackoffMax == 0 {
		o.Fed.BackoffMax = h.cfg.Federation.backoffMax()
	}
	if o.Fed.LeaseTTL == 0 {
		o.Fed.LeaseTTL = h.cfg.Federation.leaseTTL()
	}
	o.Fed.Logger = log
	if o.Fed.Holder == "" {
		o.Fed.Holder = holderName()
	}
	if o.CheckpointEvery <= 0 {
		o.CheckpointEvery = 30 * time.Second
	}
	if o.PurgeEvery <= 0 {
		o.PurgeEvery = h.cfg.Retention.purgeInterval()
	}
	if o.RemindEvery <= 0 {
		o.RemindEvery = time.Minute
	}
	s := &server{handle: h, log: log, opts: o}
	s.fed = federation.New(h.node, h.keys, o.Fed)
	return s, nil
}

// Start binds the listeners (unless given) and starts serving.
func (s *server) Start() error {
	var err error
	if s.apiLn = s.opts.APIListener; s.apiLn == nil {
		if s.apiLn, err = net.Listen("tcp", s.cfg.API.Addr); err != nil {
			return fmt.Errorf("api listener: %w", err)
		}
	}
	if s.fedLn = s.opts.FedListener; s.fedLn == nil {
		if s.fedLn, err = net.Listen("tcp", s.cfg.Federation.Addr); err != nil {
			s.apiLn.Close()
			return fmt.Errorf("federation listener: %w", err)
		}
	}
	apiLn := s.apiLn
	if s.cfg.API.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(s.cfg.API.TLSCert, s.cfg.API.TLSKey)
		if err != nil {
			return fmt.Errorf("api TLS: %w", err)
		}
		apiLn = tls.NewListener(apiLn, &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}})
	}
	s.apiSrv = &http.Server{
		Handler:           officerHandler(s.node, s.log),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		if err := s.apiSrv.Serve(apiLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("api server stopped", "err", err)
		}
	}()
	go func() {
		defer s.wg.Done()
		if err := s.fed.Serve(s.fedLn); err != nil {
			s.log.Error("federation server stopped", "err", err)
		}
	}()
	if err := s.fed.Start(context.Background()); err != nil {
		return err
	}
	jobs, stop := context.WithCancel(context.Background())
	s.stop = stop
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.node.WarmIndicators(jobs); err != nil && jobs.Err() == nil {
			s.log.Warn("indicator index not built at start; the first match will build it", "err", err)
		}
	}()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.node.SignCheckpoints(jobs, s.opts.Fed.Holder, s.opts.CheckpointEvery)
	}()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.node.Purge(jobs, s.opts.Fed.Holder, s.opts.PurgeEvery)
	}()
	dispatch, err := s.cfg.Notify.dispatcher(s.dir, s.node, s.log)
	if err != nil {
		return err
	}
	if dispatch != nil {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			dispatch.Run(jobs, s.opts.Fed.Holder, s.cfg.Notify.interval())
		}()
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.node.Remind(jobs, s.opts.Fed.Holder, s.opts.RemindEvery)
	}()
	if err := s.node.AuditPolicies(jobs, "policy.load", s.rules.Current(), nil); err != nil {
		return err
	}
	s.rules.OnReload = func(set *policy.Set, err error) {
		if err := s.node.AuditPolicies(jobs, "policy.reload", set, err); err != nil {
			s.log.Error("audit policy reload", "err", err)
		}
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.rules.Run(jobs, s.cfg.Policy.reloadInterval(), s.log)
	}()
	s.log.Info("node serving", "api", s.APIURL(), "federation", s.fedLn.Addr().String(), "federation_url", s.cfg.Federation.URL)
	return nil
}

// APIURL is the base URL of the officers' API.
func (s *server) APIURL() string {
	scheme := "http"
	if s.cfg.API.TLSCert != "" {
		scheme = "https"
	}
	return scheme + "://" + s.apiLn.Addr().String()
}

// Close stops serving and closes the store. Queued items stay in the
// outbox for the next start.
func (s *server) Close() error {
	var err error
	s.closed.Do(func() {
		if s.apiSrv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			err = s.apiSrv.Shutdown(ctx)
			cancel()
		}
		if s.stop != nil {
			s.stop()
		}
		err = errors.Join(err, s.fed.Close())
		s.wg.Wait()
		err = errors.Join(err, s.handle.Close())
	})
	return err
}

// holderName names this process in the store's leases: host, pid and a
// random part, so that a restarted process is another holder.
func holderName() string {
	host, _ := os.Hostname()
	var r [4]byte
	rand.Read(r[:])
	return fmt.Sprintf("%s/%d/%x", host, os.Getpid(), r)
}
