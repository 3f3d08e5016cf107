package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/taxii"
)

func runTAXIIPull(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "taxii pull", "--dir DIR --url URL --collection ID [--user U --password-stdin | --token-stdin] [--into COLLECTION_ID] [--as OFFICER_ID]",
		"Pull the objects of a collection of any TAXII 2.1 server into a collection of this node,\n"+
			"from where the last pull of that server's collection stopped, following next while the\n"+
			"server has more. Each page is stored through the node as an add-objects request is\n"+
			"(validated, TLP recorded, a status resource, audited as taxii.pull) together with\n"+
			"where the pull stands, so a pull stopped at any point resumes without loss or\n"+
			"repetition. A server that says more without next is paged by added_after from its\n"+
			"X-TAXII-Date-Added-Last header; one that repeats a page is stopped with an error.\n\n"+
			"The objects go into this node's local collection unless --into names another of its\n"+
			"collections. As liaison workplan seed, the node itself acts unless --as names an\n"+
			"officer (cyber, liaison, supervisor or analyst), whose agency the objects then carry:\n"+
			"TLP:AMBER+STRICT objects pulled by the node itself are held but shown to no one.\n"+
			"Objects the node refuses are listed on standard error and the exit status is 1; the\n"+
			"pull still moves past them (their status resources keep them).")
	dir := fs.String("dir", "", "the node's directory")
	var tf taxiiFlags
	tf.register(fs)
	into := fs.String("into", "", "this node's collection to add the objects to (default: its local collection)")
	as := fs.String("as", "", "the officer id to act as (default: the node itself)")
	limit := fs.Int("limit", 1000, "objects to ask for per page")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir); err != nil {
		return err
	}
	client, err := tf.client(e, fs)
	if err != nil {
		return err
	}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	if *into == "" {
		if *into, err = h.node.LocalCollection(ctx); err != nil {
			return err
		}
	}
	root, err := client.ResolveRoot(ctx, tf.url)
	if err != nil {
		return err
	}
	cur, err := h.node.TAXIICursor(ctx, root, tf.collection)
	switch {
	case liaison.ErrorCode(err) == liaison.ENOTFOUND:
		cur = &liaison.TAXIICursor{Server: root, Collection: tf.collection}
	case err != nil:
		return err
	}
	var added, held, failed int
	store := func(ctx context.Context, objs []json.RawMessage, next liaison.TAXIICursor) error {
		var bundle []byte
		if len(objs) > 0 {
			env := taxii.EncodeEnvelope(objs)
			bundle = append([]byte(`{"type":"bundle","id":"bundle--`+uuid.NewString()+`",`), env[1:]...)
		}
		st, err := h.node.PullSTIX(ctx, *as, *into, bundle, next)
		if err != nil || st == nil {
			return err
		}
		for _, s := range st.Successes {
			if s.Message == "" {
				added++
			} else {
				held++
			}
		}
		for _, f := range st.Failures {
			failed++
			fmt.Fprintf(e.stderr, "refused %s: %s (status %s)\n", f.ID, f.Message, st.ID)
		}
		return nil
	}
	res, err := client.Pull(ctx, *cur, *limit, store)
	fmt.Fprintf(e.stdout, "pulled %d objects in %d pages from collection %s of %s into %s: %d added, %d held already, %d refused\n",
		res.Objects, res.Pages, tf.collection, root, *into, added, held, failed)
	if err != nil {
		if errors.Is(err, taxii.ErrRepeat) {
			return fmt.Errorf("%w (the objects before it are kept; the next pull starts after them)", err)
		}
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d objects refused", failed)
	}
	return nil
}
