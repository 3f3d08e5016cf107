package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/liaison-project/liaison/internal/federation"
)

func runPeerAdd(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "peer add", "--dir DIR CARD.json", "Trust the peer node described by CARD.json (from its liaison card; - reads\nstandard input). Adding a peer again replaces its card.")
	dir := fs.String("dir", "", "the node's directory")
	if err := parse(e, fs, args, 1); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir); err != nil {
		return err
	}
	var r io.Reader = e.stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	card, err := federation.DecodeCard(r)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	p, err := h.node.AddPeer(ctx, card)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	fmt.Fprintf(e.stderr, "trusting peer %s (%s) at %s, certificate sha256:%s\n", p.Party, p.Name, p.FederationURL, p.CertSHA256)
	return nil
}
