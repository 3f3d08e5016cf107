package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
	"github.com/liaison-project/liaison/internal/federation"
)

func runAuditProve(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "audit prove", "--dir DIR ENTRY",
		"Print, as JSON, a stand-alone proof that audit entry ENTRY (its index, from 1) is in\nthe node's log: the entry, the inclusion proof and the latest checkpoint the node\nsigned (a new one when the latest does not cover the entry). Anyone with the node's\ncard checks it with liaison audit check-proof.")
	dir := fs.String("dir", "", "the node's directory")
	if err := parse(e, fs, args, 1); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir); err != nil {
		return err
	}
	index, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || index < 1 {
		fmt.Fprintf(fs.Output(), "liaison audit prove: ENTRY must be an entry's index, a whole number from 1\n")
		return errUsage
	}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	es, err := h.store.AuditEntries(ctx, index-1, 1)
	if err != nil {
		return err
	}
	if len(es) == 0 || es[0].Index != index {
		return liaison.Errorf(liaison.ENOTFOUND, "no audit entry %d", index)
	}
	c, err := h.node.LatestCheckpoint(ctx)
	if err != nil && liaison.ErrorCode(err) != liaison.ENOTFOUND {
		return err
	}
	if c == nil || c.Size < index {
		if c, err = h.node.Checkpoint(ctx); err != nil {
			return err
		}
	}
	b, err := auditlog.NewBundle(es[0], c.Note, func(from, to int64) ([]liaison.AuditHash, error) {
		return h.store.AuditLeaves(ctx, from, to)
	})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

func runAuditCheckProof(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "audit check-proof", "(--card CARD.json | --dir DIR) BUNDLE.json",
		"Check a proof from liaison audit prove with the card of the node that made it alone:\nthe checkpoint's signature and origin, and the entry's inclusion. Exits 0 when it holds,\n1 when it does not. - reads the proof from standard input.")
	cardFile := fs.String("card", "", "the card of the node that made the proof (from liaison card)")
	dir := fs.String("dir", "", "a node's directory: check against its own card")
	if err := parse(e, fs, args, 1); err != nil {
		return err
	}
	if (*cardFile == "") == (*dir == "") {
		fmt.Fprintf(fs.Output(), "liaison audit check-proof: give one of --card and --dir\n")
		fs.Usage()
		return errUsage
	}
	var card liaison.Card
	if *cardFile != "" {
		f, err := os.Open(*cardFile)
		if err != nil {
			return err
		}
		card, err = federation.DecodeCard(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *cardFile, err)
		}
	} else {
		cfg, err := loadConfig(*dir)
		if err != nil {
			return err
		}
		keys, err := federation.LoadKeys(*dir)
		if err != nil {
			return err
		}
		card = keys.Card(cfg.Party, cfg.Name, cfg.Federation.URL)
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
	raw, err := io.ReadAll(io.LimitReader(r, auditlog.MaxBundle+1))
	if err != nil {
		return err
	}
	b, err := auditlog.DecodeBundle(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	v, err := auditlog.NewVerifier(auditlog.Origin(card.Party, card.CertSHA256), card.SigningKey)
	if err != nil {
		return err
	}
	c, err := b.Check(v)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	fmt.Fprintf(e.stdout, "entry %d (%s %s) is in the audit log of %s of size %d, root %s: ok\n",
		b.Entry.Index, b.Entry.Action, b.Entry.Object, c.Origin, c.Size, c.Root)
	return nil
}
