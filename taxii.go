package liaison

import "time"

// STIXObject is one version of a STIX 2.1 object held in a TAXII
// collection (OASIS TAXII Version 2.1, section 5.4 "Collections"): the
// bytes exactly as received, with the properties a TAXII server filters on.
type STIXObject struct {
	// Seq is the node's sequence number of the row, assigned by the store
	// when it is added: higher for every row added later, so that a page
	// cursor over Seq never loses nor repeats a row, however many share
	// one DateAdded.
	Seq        int64
	Collection string
	ID         string
	Type       string
	// SpecVersion is "" when the object has none (allowed for SCOs).
	SpecVersion string
	// Modified is the version (the modified property, else created, else
	// zero for an unversioned SCO), kept to the nanosecond.
	Modified time.Time
	// DateAdded is when this server added the version (TAXII 2.1 section
	// 3.4.1 "Date Added").
	DateAdded time.Time
	// TLP is the object's TLP 2.0 label, or the collection's default
	// when it carried no TLP marking (the bytes are left as sent).
	TLP string
	// Agency is the agency of the officer who added the version (on the
	// Origin node when it came from a peer): TLP AMBER+STRICT objects are
	// shown to that agency's officers only.
	Agency string
	// Origin is the party code of the node the version was received from
	// through a shared collection, "" when it was added on this node.
	// Received versions are never shared again.
	Origin string
	Raw    []byte
}

// STIXFilter selects versions of objects in one collection (TAXII 2.1
// section 3.5 "Filtering"). Empty lists and nil pointers do not filter.
type STIXFilter struct {
	Collection string
	// After is a cursor returned by a previous page ("" for the first).
	After string
	// Limit bounds the page; the store applies its own bound as well.
	Limit        int
	IDs          []string
	Types        []string
	SpecVersions []string
	// Versions lists "first", "last", "all" or RFC 3339 times; empty
	// means "last" (section 3.5.1 "Supported Fields for Match").
	Versions   []string
	AddedAfter *time.Time
}

// STIXStatusDetail is one object of an add request (TAXII 2.1 section
// 4.3.1 "status-details").
type STIXStatusDetail struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Message string `json:"message,omitempty"`
}

// STIXStatus is the status resource of one add-objects request (TAXII
// 2.1 section 4.3.1): every object of the bundle is counted once, as a
// success, a failure (with the reason) or pending.
type STIXStatus struct {
	ID               string
	Collection       string
	Status           string // "complete" or "pending"
	RequestTimestamp time.Time
	TotalCount       int
	Successes        []STIXStatusDetail
	Failures         []STIXStatusDetail
	Pendings         []STIXStatusDetail
}

// STIXVersions is a [STIXFilter]'s Versions read: which of first, last
// and all it names, and the times it lists.
type STIXVersions struct {
	First, Last, All bool
	Times            []time.Time
}

// ParseVersions reads f.Versions (empty means last); EINVALID, naming the
// value, when one is neither first, last, all nor an RFC 3339 time.
func (f STIXFilter) ParseVersions() (STIXVersions, error) {
	var v STIXVersions
	if len(f.Versions) == 0 {
		v.Last = true
		return v, nil
	}
	for _, s := range f.Versions {
		switch s {
		case "first":
			v.First = true
		case "last":
			v.Last = true
		case "all":
			v.All = true
		default:
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return v, &Error{Code: EINVALID, Message: "invalid version filter",
					Fields: []FieldError{{Field: "match[version]", Problem: "not first, last, all or an RFC 3339 time: " + s,
						Allowed: []string{"first", "last", "all", "RFC 3339 time"}}}}
			}
			v.Times = append(v.Times, t.UTC())
		}
	}
	return v, nil
}

// TAXIICollection is a TAXII 2.1 collection (section 5.2) as this node
// serves it: one local collection of the node's own, and one shared
// collection per applied arrangement whose scope includes cyber.
type TAXIICollection struct {
	ID          string
	Title       string
	Description string
	// Arrangement is the id of the arrangement of a shared collection, ""
	// for the local one.
	Arrangement string
	// DefaultTLP is the TLP 2.0 label recorded for objects that carry no
	// TLP marking.
	DefaultTLP string
	CanRead    bool
	CanWrite   bool
}
