package node

import (
	"slices"

	"github.com/liaison-project/liaison"
)

// maxRecipients bounds each list of a message's recipients.
const maxRecipients = 100

// checkTo checks a message's recipients against the case's parties and
// the directory: each agency "party/code" and each officer must be known,
// of a party of the case other than the sender. It returns the problems
// with fields "to.agencies[i]", "to.officers[i]".
func checkTo(to liaison.Recipients, parties []string, sender string, agencies []liaison.Agency, officers []liaison.Officer) liaison.Fields {
	var f liaison.Fields
	receiving := func(p string) bool { return p != sender && slices.Contains(parties, p) }
	var allowed []string
	for _, a := range agencies {
		if receiving(a.Party) {
			allowed = append(allowed, a.Party+"/"+a.Code)
		}
	}
	if len(to.Agencies) > maxRecipients {
		f.Add("to.agencies", "more than 100 agencies")
	}
	for i, a := range to.Agencies {
		field := fieldIndex("to.agencies", i)
		switch {
		case slices.Contains(to.Agencies[:i], a):
			f.Add(field, "duplicate agency "+a)
		case !slices.Contains(allowed, a):
			f.Add(field, "unknown agency "+strQuote(a)+" of a receiving party", allowed...)
		}
	}
	if len(to.Officers) > maxRecipients {
		f.Add("to.officers", "more than 100 officers")
	}
	for i, id := range to.Officers {
		field := fieldIndex("to.officers", i)
		k := slices.IndexFunc(officers, func(o liaison.Officer) bool { return o.ID == id })
		switch {
		case slices.Contains(to.Officers[:i], id):
			f.Add(field, "duplicate officer "+strQuote(id))
		case k < 0:
			f.Add(field, "unknown officer "+strQuote(id)+"; see GET /api/v1/directory")
		case !receiving(officers[k].Party):
			f.Add(field, "officer "+strQuote(id)+" is not of a receiving party of the case")
		}
	}
	return f
}

// checkRecipients checks, on the receiving side, the recipients of a
// message from a peer in case c.
func (n *Node) checkRecipients(tx liaison.Tx, c *liaison.Case, peer string, to liaison.Recipients) error {
	if len(to.Agencies) == 0 && len(to.Officers) == 0 {
		return nil
	}
	agencies, officers, err := tx.Directory()
	if err != nil {
		return err
	}
	return checkTo(to, c.Parties, peer, agencies, officers).Err()
}
