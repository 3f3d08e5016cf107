package policy

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Watcher holds a directory's current Set and replaces it when the files
// change, so that administrators edit the rules of a running node. It polls
// (names, sizes, modification times) rather than depend on file-system
// notifications, which differ by platform and miss edits on network file
// systems.
type Watcher struct {
	dir string
	cur atomic.Pointer[Set]

	mu    sync.Mutex // serialises reloads; guards stamp
	stamp string     // the directory as last seen by poll or Reload

	// OnReload, when set before Run, is called after each reload that a
	// change of the files caused: with the Set now in force, and the error
	// that kept the old one (nil when the new one took over). The node
	// audits it there.
	OnReload func(s *Set, err error)
}

// NewWatcher loads dir (see [Load]) and returns a Watcher holding the Set.
// It fails when the first load fails: a node must not start with rules it
// cannot read.
func NewWatcher(dir string) (*Watcher, error) {
	w := &Watcher{dir: dir}
	if err := w.Reload(); err != nil {
		return nil, err
	}
	return w, nil
}

// Current returns the Set in force. It never returns nil.
func (w *Watcher) Current() *Set { return w.cur.Load() }

// Reload loads the directory again and, if that succeeds, puts the new Set
// in force. On any error the Set in force MUST stay as it was: a broken edit
// never leaves the node without rules.
func (w *Watcher) Reload() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.reload()
}

func (w *Watcher) reload() error {
	stamp, err := fingerprint(w.dir)
	if err != nil {
		return err
	}
	w.stamp = stamp
	s, err := Load(w.dir)
	if err != nil {
		return err
	}
	w.cur.Store(s)
	return nil
}

// Run polls the directory every interval until ctx is done, reloading when
// a file was added, removed or changed, and logging the outcome. A failed
// reload is logged once per change, not once per tick.
func (w *Watcher) Run(ctx context.Context, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w.poll(log)
		}
	}
}

// poll is one tick of Run: it reports whether it tried a reload.
func (w *Watcher) poll(log *slog.Logger) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	stamp, err := fingerprint(w.dir)
	if err != nil {
		log.Error("policy files unreadable; keeping the rules in force", "dir", w.dir, "err", err)
		return false
	}
	if stamp == w.stamp {
		return false
	}
	err = w.reload()
	if err != nil {
		log.Error("policy files not reloaded; keeping the rules in force", "dir", w.dir, "err", err, "policies", w.Current().Len())
	} else {
		log.Info("policy files reloaded", "dir", w.dir, "policies", w.Current().Len())
	}
	if w.OnReload != nil {
		w.OnReload(w.Current(), err)
	}
	return true
}

// fingerprint describes the *.cedar files of dir by name, size and
// modification time; a missing directory is the empty description.
func fingerprint(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("policy directory: %w", err)
	}
	var lines []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".cedar") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed since ReadDir: the next tick sees it gone
		}
		if err != nil {
			return "", fmt.Errorf("policy directory: %w", err)
		}
		lines = append(lines, fmt.Sprintf("%s\x00%d\x00%d", e.Name(), fi.Size(), fi.ModTime().UnixNano()))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n"), nil
}
