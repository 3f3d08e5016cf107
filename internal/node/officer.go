package node

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"slices"

	"github.com/liaison-project/liaison"
)

// tokenPrefix marks Liaison API tokens so that secret scanners and people
// recognise them.
const tokenPrefix = "lsn_"

// HashToken returns the hash under which a token is stored. Tokens are 256
// random bits, so a plain SHA-256 suffices: there is nothing to brute-force.
func HashToken(token string) []byte {
	s := sha256.Sum256([]byte(token))
	return s[:]
}

// AddOfficer creates an officer of this node and returns it with a new API
// token, shown once and stored only as a hash. It is called by the node's
// administrator on the machine (liaison user add). The officer's agency is
// created if it is new. Peers learn of liaison officers and supervisors
// through the directory.
func (n *Node) AddOfficer(ctx context.Context, o liaison.Officer, agencyName string) (*liaison.Officer, string, error) {
	o.ID = n.newID()
	o.Party = n.party
	o.Created = n.clock()
	if err := o.Validate(); err != nil {
		return nil, "", err
	}
	var raw [32]byte
	rand.Read(raw[:])
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	err := n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		if agencyName == "" {
			agencyName = upper(o.Agency)
		}
		if err := tx.PutAgency(liaison.Agency{Party: n.party, Code: o.Agency, Name: agencyName}); err != nil {
			return err
		}
		if err := tx.CreateOfficer(&o, HashToken(token)); err != nil {
			return err
		}
		if err := n.queueDirectory(tx, queued); err != nil {
			return err
		}
		return n.audit(tx, nil, "officer.add", o.ID, "", []string{"role " + string(o.Role) + ", agency " + o.Agency}, nil)
	})
	if err != nil {
		return nil, "", err
	}
	return &o, token, nil
}

// Directory is the agencies and liaison officers known to this node, its
// own and its peers'.
type Directory struct {
	Agencies []liaison.Agency  `json:"agencies"`
	Officers []liaison.Officer `json:"officers"`
}

// Directory returns the directory. Every authenticated officer may read it.
func (n *Node) Directory(ctx context.Context, actor *liaison.Officer) (*Directory, error) {
	ag, of, err := n.store.Directory(ctx)
	if err != nil {
		return nil, err
	}
	return &Directory{Agencies: ag, Officers: of}, nil
}

// ownDirectory is what this node tells its peers: its agencies and the
// officers who work across the border (liaison officers and supervisors).
func (n *Node) ownDirectory(ag []liaison.Agency, of []liaison.Officer) *Directory {
	d := &Directory{Agencies: []liaison.Agency{}, Officers: []liaison.Officer{}}
	for _, a := range ag {
		if a.Party == n.party {
			d.Agencies = append(d.Agencies, a)
		}
	}
	for _, o := range of {
		if o.Party == n.party && o.CanSend() {
			d.Officers = append(d.Officers, o)
		}
	}
	return d
}

// queueDirectory queues this node's directory to every peer it shares an
// applied arrangement with. It reads inside tx, so the change being made
// (a new officer, peer or arrangement) is part of what is sent.
func (n *Node) queueDirectory(tx liaison.Tx, queued map[string]bool) error {
	peers, err := tx.Peers()
	if err != nil {
		return err
	}
	arrs, err := tx.Arrangements()
	if err != nil {
		return err
	}
	ag, of, err := tx.Directory()
	if err != nil {
		return err
	}
	d := n.ownDirectory(ag, of)
	body, err := json.Marshal(d)
	if err != nil {
		return err
	}
	for _, p := range peers {
		a := latestCommon(arrs, n.party, p.Party)
		if a == nil {
			continue
		}
		item := &liaison.OutboxItem{
			Peer: p.Party, Kind: liaison.KindDirectory, ObjectID: n.party,
			ArrangementID: a.ID, Payload: body, Created: n.clock(),
		}
		if err := tx.Enqueue(item); err != nil {
			return err
		}
		queued[p.Party] = true
	}
	return nil
}

// latestCommon returns the latest applied arrangement that names both
// parties, or nil.
func latestCommon(arrs []liaison.Arrangement, a, b string) *liaison.Arrangement {
	for i := range arrs {
		if slices.Contains(arrs[i].Parties, a) && slices.Contains(arrs[i].Parties, b) {
			return &arrs[i]
		}
	}
	return nil
}
