package match

import (
	"encoding/hex"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/liaison-project/liaison/internal/stix/pattern"
)

// Indicator is one version of a STIX indicator as the index takes it.
type Indicator struct {
	Collection string
	// ID is "indicator--" and a UUID.
	ID          string
	Modified    time.Time
	Name        string
	Pattern     string
	PatternType string
	ValidFrom   time.Time
	// ValidUntil is zero when the indicator has none.
	ValidUntil time.Time
	Revoked    bool
	// TLP and Agency are what the caller's guard decides on.
	TLP, Agency string
}

// Index holds the latest version of every indicator put in it. It is
// safe for concurrent use: many Match calls run together; Put and Delete
// wait for them.
type Index struct {
	mu      sync.RWMutex
	entries []entry
	free    []int32 // unused entries
	byID    map[idKey]version

	strs map[string]int32 // kind byte + normalised value
	v4   map[uint64]int32 // bits<<32 | address
	v6   map[v6Key]int32
	// v4Bits and v6Bits count the keys of each prefix length, so a
	// lookup probes only the lengths in use.
	v4Bits [33]int32
	v6Bits [129]int32
	// domainLabels counts the domain keys of each number of labels (the
	// last counts all of maxLabels or more), so an observed name probes
	// only the parent domains some indicator names: each probe of a
	// large map is a cache miss.
	domainLabels [maxLabels + 1]int32
	// lists holds the postings of keys with more than one entry: a map
	// value v < 0 names lists[-v-1].
	lists     [][]int32
	freeLists []int32

	// eval holds the entries without anchors, by the object types their
	// comparisons name.
	eval map[string][]int32

	// res caches the regular expressions of LIKE and MATCHES; it only
	// grows, by the expressions of the indicators ever evaluated.
	res sync.Map // string → compiled

	names   []string // interned collections, TLP labels and agencies
	nameIdx map[string]uint16
	count   int
}

type idKey struct {
	coll uint16
	uuid [16]byte
}

type version struct {
	slot     int32 // -1 when the latest version is not indexed (revoked)
	modified int64
}

type v6Key struct {
	hi, lo uint64
	bits   uint8
}

// entry is one indexed indicator.
type entry struct {
	uuid                  [16]byte
	coll, tlp, agency     uint16
	used                  bool
	modified              int64
	validFrom, validUntil int64 // Unix microseconds (nanoseconds would overflow in 2262); validUntil 0 for none
	name, pattern         string
	// expr is the parsed pattern, nil when a candidate is a hit without
	// evaluation (see simple).
	expr pattern.Expr
}

// New returns an empty index.
func New() *Index {
	return &Index{
		byID: map[idKey]version{}, strs: map[string]int32{}, v4: map[uint64]int32{},
		v6: map[v6Key]int32{}, eval: map[string][]int32{}, nameIdx: map[string]uint16{},
	}
}

// Len returns the number of indicators indexed.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.count
}

// parseID reads "indicator--<UUID>".
func parseID(id string) ([16]byte, bool) {
	var u [16]byte
	const prefix = "indicator--"
	if len(id) != len(prefix)+36 || id[:len(prefix)] != prefix {
		return u, false
	}
	s := id[len(prefix):]
	var h [32]byte
	k := 0
	for i := 0; i < len(s); i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return u, false
			}
			continue
		}
		h[k] = s[i]
		k++
	}
	if _, err := hex.Decode(u[:], h[:]); err != nil {
		return u, false
	}
	return u, true
}

func formatID(u [16]byte) string {
	var b [11 + 36]byte
	copy(b[:], "indicator--")
	hex.Encode(b[11:], u[:4])
	b[19] = '-'
	hex.Encode(b[20:], u[4:6])
	b[24] = '-'
	hex.Encode(b[25:], u[6:8])
	b[29] = '-'
	hex.Encode(b[30:], u[8:10])
	b[34] = '-'
	hex.Encode(b[35:], u[10:])
	return string(b[:])
}

// intern returns the number of a collection, label or agency. Called
// with mu held.
func (x *Index) intern(s string) uint16 {
	if i, ok := x.nameIdx[s]; ok {
		return i
	}
	i := uint16(len(x.names))
	x.names = append(x.names, s)
	x.nameIdx[s] = i
	return i
}

func unixMicro(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// Put indexes an indicator version unless a later version of the same
// indicator (collection and id) is held; the version it replaces stops
// counting. A revoked version, or one whose pattern_type is not stix,
// removes the indicator. The error says why an indicator cannot be
// indexed: its id is not an indicator's, or its pattern does not parse.
func (x *Index) Put(ind Indicator) error {
	u, ok := parseID(ind.ID)
	if !ok {
		return lineError("not an indicator id: " + quote(ind.ID))
	}
	var e entry
	var keys []key
	var evalTypes []string
	live := !ind.Revoked && ind.PatternType == "stix"
	if live {
		expr, err := pattern.Parse(ind.Pattern)
		if err != nil {
			return err
		}
		e = entry{uuid: u, modified: unixMicro(ind.Modified), validFrom: unixMicro(ind.ValidFrom),
			validUntil: unixMicro(ind.ValidUntil), name: ind.Name, pattern: ind.Pattern}
		if as, ok := anchors(expr); ok {
			for _, t := range as {
				ks, _ := testKeys(t)
				keys = append(keys, ks...)
			}
		} else {
			evalTypes = testTypes(expr)
		}
		if !simple(expr) {
			e.expr = expr
		}
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	id := idKey{coll: x.intern(ind.Collection), uuid: u}
	mod := unixMicro(ind.Modified)
	if v, ok := x.byID[id]; ok {
		if v.modified > mod {
			return nil
		}
		if v.slot >= 0 {
			x.remove(v.slot)
		}
	}
	if !live {
		x.byID[id] = version{slot: -1, modified: mod}
		return nil
	}
	e.coll, e.tlp, e.agency, e.used = id.coll, x.intern(ind.TLP), x.intern(ind.Agency), true
	slot := x.alloc(e)
	for _, k := range keys {
		x.addKey(k, slot)
	}
	for _, t := range evalTypes {
		x.eval[t] = append(x.eval[t], slot)
	}
	x.byID[id] = version{slot: slot, modified: mod}
	x.count++
	return nil
}

// Delete removes an indicator (every version) from the index.
func (x *Index) Delete(collection, id string) {
	u, ok := parseID(id)
	if !ok {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	c, ok := x.nameIdx[collection]
	if !ok {
		return
	}
	k := idKey{coll: c, uuid: u}
	if v, ok := x.byID[k]; ok {
		if v.slot >= 0 {
			x.remove(v.slot)
		}
		delete(x.byID, k)
	}
}

func (x *Index) alloc(e entry) int32 {
	if n := len(x.free); n > 0 {
		s := x.free[n-1]
		x.free = x.free[:n-1]
		x.entries[s] = e
		return s
	}
	x.entries = append(x.entries, e)
	return int32(len(x.entries) - 1)
}

// remove takes an entry out of the maps; its keys are found again from
// its pattern, which parsed when it was put.
func (x *Index) remove(slot int32) {
	e := &x.entries[slot]
	expr := e.expr
	if expr == nil {
		expr, _ = pattern.Parse(e.pattern)
	}
	if as, ok := anchors(expr); ok {
		for _, t := range as {
			ks, _ := testKeys(t)
			for _, k := range ks {
				x.removeKey(k, slot)
			}
		}
	} else {
		for _, t := range testTypes(expr) {
			x.eval[t] = without(x.eval[t], slot)
			if len(x.eval[t]) == 0 {
				delete(x.eval, t)
			}
		}
	}
	*e = entry{}
	x.free = append(x.free, slot)
	x.count--
}

// testTypes lists the object types a pattern's comparisons name, once.
func testTypes(e pattern.Expr) []string {
	var types []string
	for _, t := range allTests(e, nil) {
		seen := false
		for _, s := range types {
			seen = seen || s == t.Path.Type
		}
		if !seen {
			types = append(types, t.Path.Type)
		}
	}
	return types
}

func without(s []int32, v int32) []int32 {
	for i, w := range s {
		if w == v {
			s[i] = s[len(s)-1]
			return s[:len(s)-1]
		}
	}
	return s
}

func v4Key(a netip.Addr, bits int) uint64 {
	b := a.As4()
	return uint64(bits)<<32 | uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])
}

func makeV6Key(a netip.Addr, bits int) v6Key {
	b := a.As16()
	var hi, lo uint64
	for i := 0; i < 8; i++ {
		hi = hi<<8 | uint64(b[i])
		lo = lo<<8 | uint64(b[8+i])
	}
	return v6Key{hi: hi, lo: lo, bits: uint8(bits)}
}

func (x *Index) addKey(k key, slot int32) {
	switch {
	case k.kind == kindIP && k.prefix.Addr().Is4():
		if addPosting(x, x.v4, v4Key(k.prefix.Addr(), k.prefix.Bits()), slot) {
			x.v4Bits[k.prefix.Bits()]++
		}
	case k.kind == kindIP:
		if addPosting(x, x.v6, makeV6Key(k.prefix.Addr(), k.prefix.Bits()), slot) {
			x.v6Bits[k.prefix.Bits()]++
		}
	default:
		if addPosting(x, x.strs, string(rune(k.kind))+k.s, slot) && k.kind == kindDomain {
			x.domainLabels[labels(k.s)]++
		}
	}
}

// maxLabels bounds the labels counted apart in domainLabels.
const maxLabels = 16

// labels returns the number of labels of a domain name, at most
// maxLabels.
func labels(d string) int {
	return min(strings.Count(d, ".")+1, maxLabels)
}

func (x *Index) removeKey(k key, slot int32) {
	switch {
	case k.kind == kindIP && k.prefix.Addr().Is4():
		if removePosting(x, x.v4, v4Key(k.prefix.Addr(), k.prefix.Bits()), slot) {
			x.v4Bits[k.prefix.Bits()]--
		}
	case k.kind == kindIP:
		if removePosting(x, x.v6, makeV6Key(k.prefix.Addr(), k.prefix.Bits()), slot) {
			x.v6Bits[k.prefix.Bits()]--
		}
	default:
		if removePosting(x, x.strs, string(rune(k.kind))+k.s, slot) && k.kind == kindDomain {
			x.domainLabels[labels(k.s)]--
		}
	}
}

// addPosting adds slot to the postings of k; true when k is new. A map
// value v >= 0 is one slot; v < 0 names the list lists[-v-1].
func addPosting[K comparable](x *Index, m map[K]int32, k K, slot int32) bool {
	v, ok := m[k]
	switch {
	case !ok:
		m[k] = slot
		return true
	case v == slot:
	case v >= 0:
		m[k] = x.newList([]int32{v, slot})
	default:
		l := x.lists[-v-1]
		for _, s := range l {
			if s == slot {
				return false
			}
		}
		x.lists[-v-1] = append(l, slot)
	}
	return false
}

// removePosting removes slot from the postings of k; true when k is
// then gone.
func removePosting[K comparable](x *Index, m map[K]int32, k K, slot int32) bool {
	v, ok := m[k]
	switch {
	case !ok:
		return false
	case v >= 0:
		if v != slot {
			return false
		}
		delete(m, k)
		return true
	}
	i := -v - 1
	l := without(x.lists[i], slot)
	if len(l) == 1 {
		m[k] = l[0]
		x.lists[i] = nil
		x.freeLists = append(x.freeLists, i)
		return false
	}
	x.lists[i] = l
	return false
}

func (x *Index) newList(l []int32) int32 {
	if n := len(x.freeLists); n > 0 {
		i := x.freeLists[n-1]
		x.freeLists = x.freeLists[:n-1]
		x.lists[i] = l
		return -i - 1
	}
	x.lists = append(x.lists, l)
	return -int32(len(x.lists))
}
