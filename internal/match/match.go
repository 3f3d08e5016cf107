package match

import (
	"strings"
	"time"
)

// Hit is an indicator an observable hit.
type Hit struct {
	ID, Collection, Name, Pattern string
	TLP, Agency                   string
	ValidFrom                     time.Time
	// Partial is "" for a hit; for a partial answer, why the pattern
	// cannot be decided from the observable alone.
	Partial string
}

// Match appends to dst the indicators that observable o hits, or hits in
// part, at time now, and returns dst.
func (x *Index) Match(o *Observable, now time.Time, dst []Hit) []Hit {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var seenBuf [16]int32
	c := cands{seen: seenBuf[:0]}
	var buf [256]byte
	switch o.Type {
	case "ipv4-addr", "ipv6-addr":
		x.lookupIP(o, &c)
	case "domain-name":
		d := strings.TrimSuffix(strings.TrimSpace(o.Value), ".")
		if !isASCII(d) {
			d = NormalizeDomain(d)
		}
		for n := strings.Count(d, ".") + 1; ; n-- {
			if x.domainLabels[min(n, maxLabels)] > 0 {
				x.lookupStr(buf[:0], kindDomain, "", d, &c)
			}
			dot := strings.IndexByte(d, '.')
			if dot < 0 {
				break
			}
			d = d[dot+1:]
		}
	case "url":
		x.lookupExact(buf[:0], kindURL, NormalizeURL(o.Value), &c)
	case "email-addr":
		x.lookupExact(buf[:0], kindEmail, NormalizeEmail(o.Value), &c)
	}
	if o.Type == "file" && len(o.Hashes) > 0 {
		o.eachHash(func(algo byte, h string) {
			x.lookupStr(buf[:0], kindHash, string(rune(algo)), strings.TrimSpace(h), &c)
		})
	}
	t := now.UnixMicro()
	for _, s := range c.seen {
		dst = x.check(s, o, t, dst, false)
	}
	for _, s := range x.eval[o.Type] {
		dst = x.check(s, o, t, dst, true)
	}
	return dst
}

// lookupExact looks up the key of kind k and s, used as is.
func (x *Index) lookupExact(buf []byte, k kind, s string, c *cands) {
	buf = append(buf, byte(k))
	buf = append(buf, s...)
	if v, ok := x.strs[string(buf)]; ok {
		x.postings(v, c)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// cands collects candidate entries once each.
type cands struct{ seen []int32 }

func (c *cands) add(s int32) {
	for _, t := range c.seen {
		if t == s {
			return
		}
	}
	c.seen = append(c.seen, s)
}

func (x *Index) postings(v int32, c *cands) {
	if v >= 0 {
		c.add(v)
		return
	}
	for _, s := range x.lists[-v-1] {
		c.add(s)
	}
}

// lookupStr looks up the key of kind k: prefix and s, which the callers
// have normalised but for case, lowered here into buf (ASCII only; other
// text was lowered by the caller).
func (x *Index) lookupStr(buf []byte, k kind, prefix, s string, c *cands) {
	buf = append(buf, byte(k))
	buf = append(buf, prefix...)
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'A' && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		buf = append(buf, ch)
	}
	if v, ok := x.strs[string(buf)]; ok {
		x.postings(v, c)
	}
}

func (x *Index) lookupIP(o *Observable, c *cands) {
	p := o.prefix
	if !p.IsValid() {
		var ok bool
		if p, ok = parsePrefix(o.Value); !ok {
			return
		}
	}
	a := p.Addr()
	if a.Is4() {
		b := a.As4()
		u := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		for bits := p.Bits(); bits >= 0; bits-- {
			if x.v4Bits[bits] == 0 {
				continue
			}
			masked := uint64(0)
			if bits > 0 {
				masked = uint64(u &^ (1<<(32-bits) - 1))
			}
			if v, ok := x.v4[uint64(bits)<<32|masked]; ok {
				x.postings(v, c)
			}
		}
		return
	}
	for bits := p.Bits(); bits >= 0; bits-- {
		if x.v6Bits[bits] == 0 {
			continue
		}
		q, _ := a.Prefix(bits)
		if v, ok := x.v6[makeV6Key(q.Addr(), bits)]; ok {
			x.postings(v, c)
		}
	}
}

// check appends the answer of entry s for o, if any. anyAnchor makes
// every comparison an anchor (the evaluate list).
func (x *Index) check(s int32, o *Observable, now int64, dst []Hit, anyAnchor bool) []Hit {
	e := &x.entries[s]
	if !e.used || e.validFrom > now || e.validUntil != 0 && now >= e.validUntil {
		return dst
	}
	partial := ""
	if e.expr != nil {
		r, why := x.evaluate(e.expr, o, anyAnchor)
		switch r {
		case miss:
			return dst
		case partialHit:
			partial = why
		}
	}
	h := Hit{ID: formatID(e.uuid), Collection: x.names[e.coll], Name: e.name, Pattern: e.pattern,
		TLP: x.names[e.tlp], Agency: x.names[e.agency], Partial: partial}
	if e.validFrom != 0 {
		h.ValidFrom = time.UnixMicro(e.validFrom).UTC()
	}
	return append(dst, h)
}
