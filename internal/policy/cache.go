package policy

import (
	"strconv"
	"sync"

	cedar "github.com/cedar-policy/cedar-go"
)

// maxCached bounds each record cache; past it the cache starts afresh.
const maxCached = 4096

// recordCache keeps records already built, by an injective key of their
// attribute values. Building a Cedar record (which hashes and copies its
// map) is most of the cost of a decision, and the same officers, handlings
// and contexts come back again and again. Records are immutable, so one
// may serve any number of decisions at once.
type recordCache struct {
	mu sync.RWMutex
	m  map[string]cedar.Record
}

// record returns the record of the attributes of attrs selected by mask,
// from the cache when it holds it. buf is scratch space for the key.
func (c *recordCache) record(r *Request, attrs []attr, mask uint32, buf []byte) cedar.Record {
	if mask == 0 {
		return cedar.Record{}
	}
	key := recordKey(buf[:0], r, attrs, mask)
	c.mu.RLock()
	rec, ok := c.m[string(key)] // no allocation for the look-up
	c.mu.RUnlock()
	if ok {
		return rec
	}
	rec = record(r, attrs, mask)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCached {
		c.m = make(map[string]cedar.Record)
	}
	c.m[string(key)] = rec
	c.mu.Unlock()
	return rec
}

// recordKey appends the selected attribute values to b, each string with
// its length before it, so that no two different records share a key
// whatever bytes a peer puts in its handling. Sets keep their order: the
// same set in another order is another key, a miss and not a mistake.
func recordKey(b []byte, r *Request, attrs []attr, mask uint32) []byte {
	for i := range attrs {
		if mask&(1<<i) == 0 {
			continue
		}
		switch a := &attrs[i]; {
		case a.str != nil:
			b = appendString(b, a.str(r))
		case a.strs != nil:
			s := a.strs(r)
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(len(s)), 10)
			for _, x := range s {
				b = appendString(b, x)
			}
		case a.long != nil:
			b = append(b, 'l')
			b = strconv.AppendInt(b, a.long(r), 10)
			b = append(b, ';')
		case a.boolean(r):
			b = append(b, 't')
		default:
			b = append(b, 'f')
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = append(b, 's')
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}
