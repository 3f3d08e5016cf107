package match

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

// FuzzDecodeObservables reads JSON lines of any bytes: no panic, line
// numbers increase, and the fast path agrees with encoding/json.
func FuzzDecodeObservables(f *testing.F) {
	for _, s := range []string{
		`{"type":"ipv4-addr","value":"198.51.100.7"}`,
		"{\"type\":\"domain-name\",\"value\":\"x.evil.com\"}\n\n{\"type\":\"url\",\"value\":\"http://a/\"}",
		`{"type":"file","hashes":{"SHA-256":"00"}}`,
		`{"hashes":{"MD5":"0a","SHA-1":"0b"},"type":"file"}`,
		`{"type":"file","hashes":{}}`,
		`{"type":"ipv6-addr","value":"2001:db8::/32"}`,
		`{"value":"x","type":"email-addr","value":"y"}`,
		`{"type":"x\u0041","value":"\ud800"}`,
		"\xff{}\n[1,2]\nnull",
	} {
		f.Add([]byte(s))
	}
	x := New()
	mustPut(f, x, 1, "[domain-name:value = 'evil.com'] OR [ipv4-addr:value ISSUBSET '198.51.100.0/24']")
	mustPut(f, x, 2, "[url:value LIKE 'http://%' AND file:size > 3]")
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		last := 0
		for {
			l, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if l.N <= last {
				t.Fatalf("line %d after %d", l.N, last)
			}
			last = l.N
			if l.Err == nil {
				x.Match(&l.Obs, now, nil)
			}
		}
		line := bytes.TrimSpace(data)
		if typ, val, hashes, ok := fastObject(line); ok {
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				t.Fatalf("fastObject accepted %q, which encoding/json refuses: %v", line, err)
			}
			if m["type"] != typ || (val != "" && m["value"] != val) {
				t.Fatalf("fastObject(%q) = %q %q, encoding/json %v", line, typ, val, m)
			}
			if hashes != nil {
				hm, _ := m["hashes"].(map[string]any)
				if len(hm) != len(hashes) {
					t.Fatalf("fastObject(%q) hashes %v, encoding/json %v", line, hashes, hm)
				}
				for k, v := range hashes {
					if hm[k] != v {
						t.Fatalf("fastObject(%q) hashes %v, encoding/json %v", line, hashes, hm)
					}
				}
			}
		}
	})
}
