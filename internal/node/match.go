package node

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
	"github.com/liaison-project/liaison/internal/match"
)

// indicatorIndex is the node's index of the indicators in its TAXII
// collections (issue 7 item 7). It is built from the store on first use
// and kept in step after every commit that adds or deletes STIX objects:
// AddSTIX and DeleteSTIX call indexSTIX and reindexSTIX, and so MUST any
// other path that stores STIX objects (those received from a peer), after
// its commit.
//
// Lock order: mu, then the index's own lock. mu is held for the whole
// build, so a commit whose hook waits on it is applied after the build,
// and one before the build is read by it: none is lost. mu is never held
// in a store transaction.
type indicatorIndex struct {
	mu    sync.Mutex
	built bool
	idx   *match.Index
}

// matchIndex returns the index, building it from the store the first
// time.
func (n *Node) matchIndex(ctx context.Context) (*match.Index, error) {
	ii := &n.indicators
	ii.mu.Lock()
	defer ii.mu.Unlock()
	if ii.built {
		return ii.idx, nil
	}
	idx := match.New()
	cs, err := n.collections(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		f := liaison.STIXFilter{Collection: c.ID, Types: []string{"indicator"}, Limit: 10000}
		for {
			objs, next, err := n.store.STIXObjects(ctx, f)
			if err != nil {
				return nil, err
			}
			for i := range objs {
				n.putIndicator(idx, &objs[i])
			}
			if next == "" {
				break
			}
			f.After = next
		}
	}
	ii.idx, ii.built = idx, true
	return idx, nil
}

// WarmIndicators builds the index of indicators now, so that the first
// match after a start does not wait for it (11 s for a million stored
// indicators on a small machine). liaison serve calls it in the
// background at start; adds that commit meanwhile wait for the build,
// then join the index.
func (n *Node) WarmIndicators(ctx context.Context) error {
	_, err := n.matchIndex(ctx)
	return err
}

// putIndicator indexes one stored version of an indicator. One that
// cannot be read (it was validated when added) is logged and left out.
func (n *Node) putIndicator(idx *match.Index, o *liaison.STIXObject) {
	ind, err := match.ReadIndicator(o.Raw)
	if err == nil {
		ind.Collection, ind.TLP, ind.Agency = o.Collection, o.TLP, o.Agency
		err = idx.Put(ind)
	}
	if err != nil {
		n.log.Warn("node: indicator not indexed for matching", "id", o.ID, "collection", o.Collection, "err", err)
	}
}

// indexSTIX brings stored objects into the index after their commit;
// objects other than indicators are skipped.
func (n *Node) indexSTIX(objs []liaison.STIXObject) {
	ii := &n.indicators
	ii.mu.Lock()
	defer ii.mu.Unlock()
	if !ii.built {
		return // the build will read them from the store
	}
	for i := range objs {
		if objs[i].Type == "indicator" {
			n.putIndicator(ii.idx, &objs[i])
		}
	}
}

// reindexSTIX sets the index's entry of one object to its latest stored
// version after versions of it were deleted.
func (n *Node) reindexSTIX(ctx context.Context, collection, id string) {
	if !strings.HasPrefix(id, "indicator--") {
		return
	}
	ii := &n.indicators
	ii.mu.Lock()
	defer ii.mu.Unlock()
	if !ii.built {
		return
	}
	ii.idx.Delete(collection, id)
	objs, _, err := n.store.STIXObjects(ctx, liaison.STIXFilter{Collection: collection, IDs: []string{id}})
	if err != nil {
		// The index would keep a deleted indicator: rebuild on next use.
		n.log.Error("node: reindex indicator", "id", id, "err", err)
		ii.built, ii.idx = false, nil
		return
	}
	for i := range objs {
		n.putIndicator(ii.idx, &objs[i])
	}
}

// IndicatorMatch is the answer of MatchIndicators.
type IndicatorMatch struct {
	// Items lists the lines with at least one indicator shown, in order.
	Items  []MatchItem
	Errors []MatchError
	// Observables counts the lines read as observables; Hits and Partials
	// the indicators shown (a line may hit several).
	Observables, Hits, Partials int
}

// MatchItem is one observable and the indicators it hits.
type MatchItem struct {
	Line       int
	Observable json.RawMessage
	Indicators []match.Hit
}

// MatchError is a line that could not be read, and why.
type MatchError struct {
	Line    int
	Problem string
}

// matchBatch is how many lines readBatches decodes before handing them on.
const matchBatch = 512

// readBatches reads and decodes the lines of rd in a goroutine of its own,
// so that decoding and matching share the CPUs, and sends them in
// batches. The channel is closed at the end of the input, at the first
// error (left in *err, to read once the channel is closed), or when ctx
// is done. The caller MUST drain the channel.
//
// The caller may hand a batch it is done with back on free (never
// blocking: the channel holds them all); its lines are then reused, so
// nothing of them but Obs.Raw (kept in the reader's arena) may be held.
func readBatches(ctx context.Context, rd *match.Reader) (batches <-chan []match.Line, free chan<- []match.Line, errp *error) {
	rd.Keep = true
	out := make(chan []match.Line, 4)
	recycled := make(chan []match.Line, 8) // more than can be in flight
	errp = new(error)
	go func() {
		defer close(out)
		for {
			var batch []match.Line
			select {
			case batch = <-recycled:
				clear(batch)
				batch = batch[:0]
			default:
				batch = make([]match.Line, 0, matchBatch)
			}
			var err error
			for len(batch) < matchBatch {
				var l match.Line
				if l, err = rd.Next(); err != nil {
					break
				}
				batch = append(batch, l)
			}
			if len(batch) > 0 {
				select {
				case out <- batch:
				case <-ctx.Done():
					*errp = ctx.Err()
					return
				}
			}
			if err != nil {
				if err != io.EOF {
					*errp = err
				}
				return
			}
		}
	}()
	return out, recycled, errp
}

// MatchIndicators reads observables as JSON lines from r and answers the
// indicators of this node's collections that each hits (see package
// internal/match for the rules), leaving out, and not counting, those
// guard.ReadSTIX hides from actor. A line that cannot be read is listed
// in Errors and the others are matched. The act is audited as
// indicators.match: the counts, the SHA-256 of the body (never the
// observables), and as content hash the hash of the ids shown.
// EFORBIDDEN (audited) when guard.UseTAXII refuses the actor; EINVALID
// when the body passes match.MaxBody or match.MaxLines, or cannot be read.
func (n *Node) MatchIndicators(ctx context.Context, actor *liaison.Officer, r io.Reader) (*IndicatorMatch, error) {
	if d := guard.UseTAXII(actor, n.party); !d.Allow {
		return nil, n.refuse(ctx, actor, "indicators.match", "", d)
	}
	idx, err := n.matchIndex(ctx)
	if err != nil {
		return nil, err
	}
	now := n.clock()
	body := sha256.New()
	batches, free, readErr := readBatches(ctx, match.NewReader(io.TeeReader(r, body)))
	res := &IndicatorMatch{}
	readable := map[[2]string]bool{}
	shown := map[[2]string]bool{} // collection and id
	var ids []string
	var hits []match.Hit
	for batch := range batches {
		for _, l := range batch {
			if l.Err != nil {
				res.Errors = append(res.Errors, MatchError{Line: l.N, Problem: l.Err.Error()})
				continue
			}
			res.Observables++
			hits = idx.Match(&l.Obs, now, hits[:0])
			var item *MatchItem
			for _, h := range hits {
				k := [2]string{h.TLP, h.Agency}
				ok, seen := readable[k]
				if !seen {
					ok = guard.ReadSTIX(actor, h.TLP, h.Agency).Allow
					readable[k] = ok
				}
				if !ok {
					continue
				}
				if item == nil {
					res.Items = append(res.Items, MatchItem{Line: l.N, Observable: l.Obs.Raw})
					item = &res.Items[len(res.Items)-1]
				}
				item.Indicators = append(item.Indicators, h)
				if h.Partial != "" {
					res.Partials++
				} else {
					res.Hits++
				}
				if key := [2]string{h.Collection, h.ID}; !shown[key] {
					shown[key] = true
					ids = append(ids, h.Collection+"/"+h.ID)
				}
			}
		}
		select {
		case free <- batch:
		default:
		}
	}
	if err := *readErr; err != nil {
		if errors.Is(err, match.ErrTooLarge) {
			return nil, liaison.Invalid(liaison.FieldError{Field: "(body)", Problem: err.Error() + ": send fewer observables a request"})
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, liaison.Invalid(liaison.FieldError{Field: "(body)", Problem: "reading the observables: " + err.Error()})
	}
	err = n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, actor, "indicators.match", "", "allow", []string{
			strconv.Itoa(res.Observables) + " observables", strconv.Itoa(res.Hits) + " hits",
			strconv.Itoa(res.Partials) + " partial", strconv.Itoa(len(res.Errors)) + " errors",
			"body sha256 " + hex.EncodeToString(body.Sum(nil)),
		}, []byte(strings.Join(ids, "\n")))
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
