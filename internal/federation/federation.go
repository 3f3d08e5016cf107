package federation

import (
	"context"
	"crypto/ed25519"
	"crypto/hpke"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// Options tune a Federation. Zero values mean the defaults.
type Options struct {
	// BatchMax is the most items sealed into one envelope (default 512).
	BatchMax int
	// BackoffMin and BackoffMax bound the wait between failed attempts
	// (defaults 200ms and 30s); the wait doubles after each failure, with
	// jitter, and resets after a success.
	BackoffMin, BackoffMax time.Duration
	// Poll is how often an idle link looks at its outbox even without a
	// wake-up, which covers items queued by another process (default 5s).
	Poll time.Duration
	// RequestTimeout bounds one push to a peer (default 60s).
	RequestTimeout time.Duration
	// LeaseTTL is how long a process holds a peer link after its last
	// renewal (default 6s); the holder renews it at a third of that, busy
	// or idle. Where several processes serve one node, one sends to each
	// peer; another takes over within about LeaseTTL of its death, at once
	// when it closes. The lease saves work, it does not guard order: the
	// receiver's sequence check does, so two senders at once are harmless.
	LeaseTTL time.Duration
	// Holder names this process in leases (default host/pid/random).
	Holder string
	// HandshakeLimit is how many failed TLS handshakes (no certificate,
	// or not a known peer's) one remote address may have within a minute
	// before its handshakes are refused at the hello, before any key
	// exchange (default 20). Peers present their pinned certificate and
	// never fail.
	HandshakeLimit int
	// Now returns the current time for the handshake limit; defaults to
	// time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Federation runs this node's side of every peer link: the listener that
// takes envelopes from peers, and one sender per peer that drains the
// outbox.
type Federation struct {
	node *node.Node
	keys *Keys
	opts Options
	log  *slog.Logger

	mu     sync.Mutex
	links  map[string]*link
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	server *http.Server

	witnessMu  map[string]*sync.Mutex // peer → lock of its checks (see witness)
	handshakes *node.Limiter          // failed handshakes per remote address
	inbound    inbound
}

// New returns a Federation for n with keys k. It registers itself as n's
// wake-up hook. Call Start to begin sending and Serve to accept.
func New(n *node.Node, k *Keys, opts Options) *Federation {
	if opts.BatchMax <= 0 {
		opts.BatchMax = 512
	}
	if opts.BackoffMin <= 0 {
		opts.BackoffMin = 200 * time.Millisecond
	}
	if opts.BackoffMax <= 0 {
		opts.BackoffMax = 30 * time.Second
	}
	if opts.Poll <= 0 {
		opts.Poll = 5 * time.Second
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 60 * time.Second
	}
	if opts.LeaseTTL <= 0 {
		opts.LeaseTTL = 6 * time.Second
	}
	if opts.Holder == "" {
		host, _ := os.Hostname()
		var r [4]byte
		rand.Read(r[:])
		opts.Holder = fmt.Sprintf("%s/%d/%x", host, os.Getpid(), r)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.HandshakeLimit <= 0 {
		opts.HandshakeLimit = 20
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	f := &Federation{node: n, keys: k, opts: opts, log: opts.Logger, links: map[string]*link{}, ctx: ctx, cancel: cancel,
		witnessMu: map[string]*sync.Mutex{}, handshakes: node.NewLimiter(opts.HandshakeLimit, time.Minute)}
	n.SetWake(f.Wake)
	return f
}

// Start starts a sender for every known peer.
func (f *Federation) Start(ctx context.Context) error {
	peers, err := f.node.Peers(ctx)
	if err != nil {
		return err
	}
	for _, p := range peers {
		f.Wake(p.Party)
	}
	return nil
}

// Wake tells the sender for peer that its outbox has new items, starting
// the sender if there is none yet. It never blocks.
func (f *Federation) Wake(peer string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ctx.Err() != nil {
		return
	}
	l, ok := f.links[peer]
	if !ok {
		l = &link{f: f, party: peer, wake: make(chan struct{}, 1)}
		f.links[peer] = l
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			l.run(f.ctx)
		}()
	}
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Serve accepts federation connections on ln (a plain TCP listener; TLS
// 1.3 with pinned client certificates is added here) until Close. Called
// after Close, it closes ln and returns at once.
func (f *Federation) Serve(ln net.Listener) error {
	srv := &http.Server{
		Handler:           f.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       5 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(f.log.Handler(), slog.LevelDebug),
	}
	f.mu.Lock()
	if f.ctx.Err() != nil {
		// Close ran before this goroutine got here and found no server
		// to shut down: serving now would never stop.
		f.mu.Unlock()
		ln.Close()
		return nil
	}
	f.server = srv
	f.mu.Unlock()
	tl := tlsListener(ln, f.serverTLS())
	err := srv.Serve(tl)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops the senders and the listener. Items not yet receipted stay
// in the outbox for the next start.
func (f *Federation) Close() error {
	f.cancel()
	f.mu.Lock()
	srv := f.server
	f.mu.Unlock()
	var err error
	if srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = srv.Shutdown(ctx)
	}
	f.wg.Wait()
	return err
}

// trusted maps a client certificate fingerprint to the party of a known
// peer. The peer list is small and read on each handshake, so a peer
// added by another process is trusted at once.
func (f *Federation) trusted(fp string) (string, bool) {
	peers, err := f.node.Peers(context.Background())
	if err != nil {
		f.log.Error("federation: read peers", "err", err)
		return "", false
	}
	for _, p := range peers {
		if p.CertSHA256 == fp {
			return p.Party, true
		}
	}
	return "", false
}

func (f *Federation) peer(ctx context.Context, party string) (*liaison.Peer, ed25519.PublicKey, hpke.PublicKey, error) {
	p, err := f.node.Peer(ctx, party)
	if err != nil {
		return nil, nil, nil, err
	}
	pk, err := hpke.MLKEM768X25519().NewPublicKey(p.HPKEKey)
	if err != nil {
		return nil, nil, nil, liaison.Errorf(liaison.EINVALID, "peer %s: bad HPKE key in card: %v", party, err)
	}
	return p, ed25519.PublicKey(p.SigningKey), pk, nil
}
