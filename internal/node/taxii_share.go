package node

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// Limits on the STIX objects that cross the border (issue 7 item 4).
const (
	// MaxSTIXShareObjects is the most objects one KindSTIX item carries;
	// an add request with more is queued as several items.
	MaxSTIXShareObjects = 10_000
	// MaxSTIXShareBytes bounds the objects' bytes of one KindSTIX item,
	// and so the largest object that crosses: base64 in the item's JSON,
	// an item stays well within the federation's 16 MiB envelope.
	MaxSTIXShareBytes = 6 << 20
)

// maxShareReasons is the most refusals one audit entry of a share names.
const maxShareReasons = 100

// stixItem is the body of a KindSTIX item: STIX objects added to the
// arrangement's shared collection on the sending node, each carried as
// the exact bytes the adding client sent. They travel base64-encoded
// because the envelope's JSON would compact and re-escape raw JSON
// values, and STIX objects must arrive byte for byte.
type stixItem struct {
	Collection string `json:"collection"`
	// Agency is the agency of the officer who added them.
	Agency  string   `json:"agency"`
	Objects [][]byte `json:"objects"`
}

// sharedCollection returns the id of the shared TAXII collection of the
// arrangement with id arrangementID: the same on every node that applied
// it.
func sharedCollection(arrangementID string) string {
	return uuid.NewSHA1(taxiiNamespace, []byte("arrangement:"+arrangementID)).String()
}

// stixShare is what sharing one add request did: per object of the
// request, the peers it was queued for and why it was not shared; and the
// audit entries still to append.
type stixShare struct {
	queued  [][]string
	refused [][]string
	audits  []shareAudit
}

// shareAudit is one audit entry of a share: an item queued (allow) or
// the objects refused for one peer (deny).
type shareAudit struct {
	object, decision string
	reasons          []string
	content          []byte
}

// shareSTIX queues the objects an officer added to arrangement a's shared
// collection, as KindSTIX items to every other party of a, in tx: only
// versions not held yet (so that a version received from a peer, or one
// held before, is never shared again), and only those guard.ShareSTIX
// lets cross to that party. requestID is the add request's status id.
// It MUST be called before the objects are stored, and the audit entries
// appended (stixShare.audit) after: a transaction touches the links
// first and the audit log last (see Transactions in the package doc).
func (n *Node) shareSTIX(tx liaison.Tx, queued map[string]bool, actor *liaison.Officer, a *liaison.Arrangement, requestID string, objs []liaison.STIXObject) (*stixShare, error) {
	s := &stixShare{queued: make([][]string, len(objs)), refused: make([][]string, len(objs))}
	if len(objs) == 0 {
		return s, nil
	}
	held, err := tx.HeldSTIXObjects(objs)
	if err != nil {
		return nil, err
	}
	// One version given twice in one request crosses once.
	fresh := make([]bool, len(objs))
	seen := make(map[string]bool, len(objs))
	for i, o := range objs {
		k := o.ID + "\x00" + strconv.FormatInt(o.Modified.UnixNano(), 10)
		fresh[i] = !held[i] && !seen[k]
		seen[k] = true
	}
	for _, p := range slices.Sorted(slices.Values(a.Parties)) {
		if p == n.party {
			continue
		}
		var (
			send []int
			deny []string
		)
		// A party whose card is not imported yet has no link: what is
		// added now stays here, and the status says so.
		_, err := tx.Peer(p)
		known := err == nil
		if err != nil && liaison.ErrorCode(err) != liaison.ENOTFOUND {
			return nil, err
		}
		for i, o := range objs {
			if !fresh[i] {
				continue
			}
			d := guard.ShareSTIX(a, n.party, p, o.ID, o.TLP)
			if d.Allow && !known {
				d = guard.Decision{Reasons: []string{o.ID + ": the node of " + p + " is not a trusted peer of this node"}}
			}
			if d.Allow && len(o.Raw) > MaxSTIXShareBytes {
				d = guard.Decision{Reasons: []string{o.ID + ": larger than " + strconv.Itoa(MaxSTIXShareBytes>>20) + " MiB, too large to cross the border"}}
			}
			if !d.Allow {
				deny = append(deny, d.Reasons...)
				for _, r := range d.Reasons {
					s.refused[i] = append(s.refused[i], "not shared with "+p+": "+strings.TrimPrefix(r, o.ID+": "))
				}
				continue
			}
			send = append(send, i)
			s.queued[i] = append(s.queued[i], p)
		}
		for k, part := range splitShare(objs, send) {
			id := requestID
			if k > 0 {
				id += "/" + strconv.Itoa(k+1)
			}
			body := stixItem{Collection: objs[0].Collection, Agency: actor.Agency, Objects: make([][]byte, len(part))}
			for j, i := range part {
				body.Objects[j] = objs[i].Raw
			}
			b, err := json.Marshal(body)
			if err != nil {
				return nil, err
			}
			if _, err := n.enqueue(tx, queued, []string{p}, liaison.KindSTIX, id, a.ID, b); err != nil {
				return nil, err
			}
			s.audits = append(s.audits, shareAudit{object: id, decision: "allow", content: b,
				reasons: []string{"to " + p, strconv.Itoa(len(part)) + " objects of collection " + body.Collection}})
		}
		if len(deny) > 0 {
			// The entry names the first objects; its content hash binds
			// every reason, which the status lists in full.
			why := append([]string{"not shared with " + p}, deny[:min(len(deny), maxShareReasons)]...)
			if len(deny) > maxShareReasons {
				why = append(why, "and "+strconv.Itoa(len(deny)-maxShareReasons)+" more")
			}
			s.audits = append(s.audits, shareAudit{object: requestID, decision: "deny", reasons: why,
				content: []byte(strings.Join(deny, "\n"))})
		}
	}
	return s, nil
}

// splitShare cuts the objects send indexes into the parts of one item
// each: at most MaxSTIXShareObjects objects and MaxSTIXShareBytes bytes
// (an object is never larger, see shareSTIX).
func splitShare(objs []liaison.STIXObject, send []int) [][]int {
	var (
		parts [][]int
		size  int
	)
	for _, i := range send {
		l := len(objs[i].Raw)
		if k := len(parts); k == 0 || len(parts[k-1]) == MaxSTIXShareObjects || size+l > MaxSTIXShareBytes {
			parts = append(parts, nil)
			size = 0
		}
		parts[len(parts)-1] = append(parts[len(parts)-1], i)
		size += l
	}
	return parts
}

// audit appends the share's audit entries for actor.
func (s *stixShare) audit(n *Node, tx liaison.Tx, actor *liaison.Officer) error {
	for _, e := range s.audits {
		if err := n.audit(tx, actor, "taxii.share", e.object, e.decision, e.reasons, e.content); err != nil {
			return err
		}
	}
	return nil
}

// message is the status message of object i of a shared collection's
// add request: whether it was stored now, to which peers it was queued,
// and why not to the others. held tells that the version was held
// already, so that nothing was stored now.
func (s *stixShare) message(i int, held bool) string {
	parts := []string{"stored here"}
	if held {
		parts[0] = "this version is held already"
		if len(s.queued[i]) == 0 && len(s.refused[i]) == 0 {
			parts = append(parts, "not shared again")
		}
	}
	if len(s.queued[i]) > 0 {
		parts = append(parts, "queued for "+strings.Join(s.queued[i], ", "))
	}
	return strings.Join(append(parts, s.refused[i]...), "; ")
}
