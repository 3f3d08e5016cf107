package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/liaison-project/liaison/internal/taxii"
)

// maxPushFile bounds the bundle liaison taxii push reads.
const maxPushFile = 256 << 20

func runTAXIIPush(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "taxii push", "--url URL --collection ID [--user U --password-stdin | --token-stdin] FILE",
		"Send the objects of a STIX 2.1 bundle (or a TAXII envelope) in FILE to a collection of a\n"+
			"TAXII 2.1 server, in as many add-objects requests as its max_content_length needs,\n"+
			"each object's bytes as written. Wait for each status to be complete, then print the\n"+
			"successes, failures and pendings; the exit status is 1 when any object failed or is\n"+
			"still pending after --wait.")
	var tf taxiiFlags
	tf.register(fs)
	wait := fs.Duration("wait", 0, "how long to wait for pending statuses (default: --timeout)")
	if err := parse(e, fs, args, 1); err != nil {
		return err
	}
	client, err := tf.client(e, fs)
	if err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(io.LimitReader(f, maxPushFile+1))
	f.Close()
	if err != nil {
		return err
	}
	if len(raw) > maxPushFile {
		return fmt.Errorf("%s is larger than %d bytes", fs.Arg(0), maxPushFile)
	}
	objs, err := taxii.ObjectsOf(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	root, err := client.ResolveRoot(ctx, tf.url)
	if err != nil {
		return err
	}
	ar, err := client.APIRoot(ctx, root)
	if err != nil {
		return err
	}
	batches, err := pushBatches(objs, ar.MaxContentLength)
	if err != nil {
		return err
	}
	if *wait <= 0 {
		*wait = tf.timeout
	}
	var total, ok, failed, pending int
	for _, b := range batches {
		st, err := client.AddObjects(ctx, root, tf.collection, taxii.EncodeEnvelope(b))
		if err != nil {
			return err
		}
		wctx, cancel := context.WithTimeout(ctx, *wait)
		st, werr := client.WaitStatus(wctx, root, st)
		cancel()
		fmt.Fprintf(e.stdout, "status %s: %s; %d total, %d succeeded, %d failed, %d pending\n",
			st.ID, st.Status, st.TotalCount, st.SuccessCount, st.FailureCount, st.PendingCount)
		for _, d := range st.Failures {
			fmt.Fprintf(e.stdout, "failed %s %s: %s\n", d.ID, d.Version, d.Message)
		}
		for _, d := range st.Pendings {
			fmt.Fprintf(e.stdout, "pending %s %s\n", d.ID, d.Version)
		}
		total, ok, failed, pending = total+st.TotalCount, ok+st.SuccessCount, failed+st.FailureCount, pending+st.PendingCount
		if werr != nil && st.Status != "complete" {
			fmt.Fprintf(e.stderr, "liaison taxii push: status %s still pending: %v\n", st.ID, werr)
		}
	}
	if failed > 0 || pending > 0 || ok+failed+pending != len(objs) {
		return fmt.Errorf("%d objects sent: %d succeeded, %d failed, %d pending", len(objs), ok, failed, pending)
	}
	return nil
}

// pushBatches splits objects into envelopes of at most max bytes (no
// bound when max is 0); EINVALID-like error when one object alone is
// larger.
func pushBatches(objs []json.RawMessage, max int64) ([][]json.RawMessage, error) {
	const overhead = 16 // {"objects":[ and ]}
	var (
		out  [][]json.RawMessage
		cur  []json.RawMessage
		size int64 = overhead
	)
	for i, o := range objs {
		n := int64(len(o)) + 1
		if max > 0 && overhead+n > max {
			return nil, fmt.Errorf("objects[%d] is %d bytes, more than the server's max_content_length %d", i, len(o), max)
		}
		if max > 0 && size+n > max && len(cur) > 0 {
			out, cur, size = append(out, cur), nil, overhead
		}
		cur, size = append(cur, o), size+n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, nil
}
