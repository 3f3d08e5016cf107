package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrNotInstalled is the error of Start when the PostgreSQL binaries are
// not found.
var ErrNotInstalled = errors.New("PostgreSQL binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin")

// Server is a PostgreSQL server that Start started.
type Server struct {
	Dir  string // the temporary directory: data/, the socket, the log
	Port int    // the TCP port on 127.0.0.1
	bin  string // the directory of initdb and pg_ctl
	as   *syscall.Credential
}

// DSN returns the URL of the database on the server, for the role
// liaison.
func (s *Server) DSN(database string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", role, s.Port, database)
}

// Start initialises a cluster in a new temporary directory and starts a
// server on it. It returns ErrNotInstalled when the binaries are missing.
// The caller stops the server with Stop.
func Start() (*Server, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, bin: bin}
	if err := s.start(); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) start() error {
	if os.Geteuid() == 0 {
		// initdb and postgres refuse to run as root.
		cred, err := unprivileged()
		if err != nil {
			return err
		}
		s.as = cred
		if err := os.Chown(s.Dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return err
		}
	}
	data := filepath.Join(s.Dir, "data")
	// --no-sync: initdb's own files need not survive a crash of this
	// machine; the server's commits are synced as usual.
	if out, err := s.run("initdb", "-D", data, "-U", role, "--auth=trust", "-E", "UTF8", "--locale=C",
		"--no-instructions", "--no-sync"); err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	// A port that was free a moment ago may be taken by the time the
	// server binds it: try a few.
	var err error
	for range 3 {
		if s.Port, err = freePort(); err != nil {
			return err
		}
		opts := fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c max_connections=200", s.Port, s.Dir)
		var out []byte
		out, err = s.run("pg_ctl", "-D", data, "-l", filepath.Join(s.Dir, "log"), "-w", "-t", "60", "-o", opts, "start")
		if err == nil {
			return nil
		}
		log, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
		err = fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	return err
}

// Stop stops the server, waiting for it to exit, and removes its directory.
func (s *Server) Stop() error {
	var errs []error
	data := filepath.Join(s.Dir, "data")
	if _, err := os.Stat(filepath.Join(data, "postmaster.pid")); err == nil {
		if out, err := s.run("pg_ctl", "-D", data, "-m", "fast", "-w", "stop"); err != nil {
			errs = append(errs, fmt.Errorf("pg_ctl stop: %v\n%s", err, out))
		}
	}
	if err := os.RemoveAll(s.Dir); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// run runs one of the PostgreSQL programs, as the unprivileged user when
// there is one, and returns what it printed.
func (s *Server) run(name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(s.bin, name), args...)
	cmd.Dir = s.Dir
	// The server must not inherit a locale or the libpq settings (PGPORT,
	// PGDATA, ...) of the caller's.
	cmd.Env = []string{"LC_ALL=C"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") && !strings.HasPrefix(kv, "LC_") && !strings.HasPrefix(kv, "LANG") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if s.as != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.as}
	}
	return cmd.CombinedOutput()
}

// unprivileged returns the credentials of the user postgres, or of nobody.
func unprivileged() (*syscall.Credential, error) {
	var errs []error
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			errs = append(errs, fmt.Errorf("user %s: uid %q, gid %q", name, u.Uid, u.Gid))
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, fmt.Errorf("running as root, and no user to run PostgreSQL as: %w", errors.Join(errs...))
}

// findBin returns the directory that holds initdb and pg_ctl: the one of
// initdb on PATH, else the newest /usr/lib/postgresql/VERSION/bin.
func findBin() (string, error) {
	has := func(dir string) bool {
		for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
			if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.IsDir() {
				return false
			}
		}
		return true
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		// Debian links the programs into PATH one by one; the real
		// directory holds them all, of one version.
		if real, err := filepath.EvalSymlinks(p); err == nil && has(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
		if has(filepath.Dir(p)) {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	dirs = slices.DeleteFunc(dirs, func(d string) bool { return !has(d) })
	if len(dirs) == 0 {
		return "", ErrNotInstalled
	}
	return newest(dirs), nil
}

// newest returns the directory of the highest version among
// .../postgresql/VERSION/bin directories, comparing versions by number
// (10 is newer than 9.6).
func newest(dirs []string) string {
	version := func(dir string) []int {
		var v []int
		for _, part := range strings.Split(filepath.Base(filepath.Dir(dir)), ".") {
			n, err := strconv.Atoi(part)
			if err != nil {
				n = -1
			}
			v = append(v, n)
		}
		return v
	}
	return slices.MaxFunc(dirs, func(a, b string) int { return slices.Compare(version(a), version(b)) })
}

// freePort returns a TCP port of 127.0.0.1 that nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
