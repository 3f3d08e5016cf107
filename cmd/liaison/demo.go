package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/federation"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "demo", "[--dir DIR]",
		"Start an Indian and a Canadian node on loopback under the India–Canada arrangement,\nwith agencies, officers and a few cases in each crime area; print each node's API URL\nand ready-to-use tokens; run until interrupted.")
	dir := fs.String("dir", "", "where the two nodes keep their data (default: a new directory under "+os.TempDir()+")")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "liaison-demo-")
		if err != nil {
			return err
		}
		*dir = d
	}
	d, err := startDemo(ctx, *dir, e)
	if err != nil {
		return err
	}
	defer d.Close()
	d.print(e)
	<-ctx.Done()
	fmt.Fprintf(e.stderr, "\nstopping; the data stays in %s\n", *dir)
	return nil
}

// demoNode is one of the two demo nodes and the tokens of its officers.
type demoNode struct {
	*server
	label    string
	officers []demoOfficer
}

type demoOfficer struct {
	liaison.Officer
	token string
	login string
}

type demo struct {
	dir   string
	nodes []*demoNode
}

func (d *demo) Close() error {
	var err error
	for _, n := range d.nodes {
		if cerr := n.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	return err
}

// startDemo creates (or reopens) the two nodes in dir, links them, seeds
// them on first start, and waits until the seeded items are delivered.
func startDemo(ctx context.Context, dir string, e *env) (*demo, error) {
	d := &demo{dir: dir}
	fresh := true
	if _, err := os.Stat(filepath.Join(dir, "in", configFile)); err == nil {
		fresh = false
	}
	logf, err := os.OpenFile(filepath.Join(dir, "demo.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
		if logf, err = os.OpenFile(filepath.Join(dir, "demo.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err != nil {
			return nil, err
		}
	}
	for _, p := range demoParties {
		apiLn, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		fedLn, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			apiLn.Close()
			return nil, err
		}
		ndir := filepath.Join(dir, p.party)
		if fresh {
			if err := initNode(ndir, p.party, p.name, apiLn.Addr().String(), fedLn.Addr().String(), "", "liaison.db"); err != nil {
				return nil, err
			}
		}
		s, err := newServer(ndir, serverOptions{APIListener: apiLn, FedListener: fedLn, Log: logf,
			Fed: federation.Options{BackoffMax: 2 * time.Second, Poll: time.Second}})
		if err != nil {
			return nil, err
		}
		d.nodes = append(d.nodes, &demoNode{server: s, label: p.label})
	}
	if !fresh {
		// A restarted demo binds new ports: tell each node the other's.
		for i, n := range d.nodes {
			other := d.nodes[1-i]
			other.cfg.Federation.URL = "https://" + other.opts.FedListener.Addr().String()
			if _, err := n.node.AddPeer(ctx, other.keys.Card(other.cfg.Party, other.cfg.Name, other.cfg.Federation.URL)); err != nil {
				return nil, err
			}
		}
		fmt.Fprintf(e.stderr, "reopened the demo in %s on new ports; the tokens of its first run, in %s, still work\n", dir, filepath.Join(dir, "tokens.txt"))
	}
	for _, n := range d.nodes {
		if err := n.Start(); err != nil {
			d.Close()
			return nil, err
		}
	}
	if fresh {
		if err := d.seed(ctx); err != nil {
			d.Close()
			return nil, fmt.Errorf("seed: %w", err)
		}
		if err := d.writeTokens(); err != nil {
			d.Close()
			return nil, err
		}
	}
	if err := d.waitDelivered(ctx, 30*time.Second); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// waitDelivered waits until no node has anything queued.
func (d *demo) waitDelivered(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		queued := int64(0)
		for _, n := range d.nodes {
			links, err := n.store.Links(ctx)
			if err != nil {
				return err
			}
			for _, l := range links {
				queued += l.Queued
			}
		}
		if queued == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d items still queued after %s; see %s", queued, limit, filepath.Join(d.dir, "demo.log"))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (d *demo) writeTokens() error {
	var b strings.Builder
	d.table(&b)
	return os.WriteFile(filepath.Join(d.dir, "tokens.txt"), []byte(b.String()), 0o600)
}

func (d *demo) table(w interface{ Write([]byte) (int, error) }) {
	for _, n := range d.nodes {
		fmt.Fprintf(w, "\n%s (%s)  web UI and API %s  federation %s\n", n.label, n.cfg.Party, n.APIURL(), n.cfg.Federation.URL)
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  NAME\tAGENCY\tROLE\tAREAS\tLOGIN\tAPI TOKEN\n")
		for _, o := range n.officers {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", o.Name, strings.ToUpper(o.Agency), o.Role, joinAreas(o.Areas), o.login, o.token)
		}
		tw.Flush()
	}
}

func (d *demo) print(e *env) {
	fmt.Fprintf(e.stdout, "Liaison demo: an Indian and a Canadian node on loopback under the India–Canada arrangement.\nData and logs: %s\n", d.dir)
	d.table(e.stdout)
	if len(d.nodes[1].officers) > 0 {
		ca := d.nodes[1]
		fmt.Fprintf(e.stdout, "\nTry, as %s of %s:\n  curl -s -H 'Authorization: Bearer %s' %s/api/v1/inbox\n", ca.officers[0].Name, strings.ToUpper(ca.officers[0].Agency), ca.officers[0].token, ca.APIURL())
		fmt.Fprintf(e.stdout, "  curl -s -H 'Authorization: Bearer %s' %s/api/v1/peers\n", ca.officers[0].token, ca.APIURL())
	}
	fmt.Fprintf(e.stdout, "\nSign in to the web UI with a LOGIN above and the password %q (demo only);\nliaison officers and supervisors enrol an authenticator app (TOTP) at their first sign-in.\n", demoPassword)
	fmt.Fprintf(e.stdout, "\nThe API is described at /api/v1/openapi.json. Press Ctrl-C to stop.\n")
}

func joinAreas(as []liaison.CrimeArea) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = string(a)
	}
	return strings.Join(s, ",")
}
