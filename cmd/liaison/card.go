package main

import (
	"context"
	"encoding/json"

	"github.com/liaison-project/liaison/internal/federation"
)

func runCard(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "card", "--dir DIR", "Print this node's card as JSON: party, name, federation URL, public keys\nand certificate fingerprint. Give it to the other party for liaison peer add.")
	dir := fs.String("dir", "", "the node's directory")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir); err != nil {
		return err
	}
	cfg, err := loadConfig(*dir)
	if err != nil {
		return err
	}
	keys, err := federation.LoadKeys(*dir)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(keys.Card(cfg.Party, cfg.Name, cfg.Federation.URL))
}
