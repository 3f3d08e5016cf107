package match

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestDecodeObservable(t *testing.T) {
	tests := []struct {
		name, line string
		typ, value string
		problem    string
	}{
		{"OK", `{"type":"ipv4-addr","value":"198.51.100.7"}`, "ipv4-addr", "198.51.100.7", ""},
		{"OKSpaces", ` { "value" : "x.example" , "type" : "domain-name" } `, "domain-name", "x.example", ""},
		{"OKEscaped", `{"type":"url","value":"http:\/\/x.example\/"}`, "url", "http://x.example/", ""},
		{"OKUnicode", `{"type":"domain-name","value":"évil.example"}`, "domain-name", "évil.example", ""},
		{"OKFile", `{"type":"file","hashes":{"MD5":"00"}}`, "file", "", ""},
		{"OKOtherType", `{"type":"mac-addr","value":"00:11:22:33:44:55"}`, "mac-addr", "00:11:22:33:44:55", ""},
		{"ErrSyntax", `{"type":"ipv4-addr","value":"1.2.3.4"`, "", "", "invalid JSON"},
		{"ErrNotObject", `["ipv4-addr"]`, "", "", "not a JSON object"},
		{"ErrNull", `null`, "", "", "not a JSON object"},
		{"ErrNoType", `{"value":"1.2.3.4"}`, "", "", `no "type"`},
		{"ErrBadType", `{"type":"IPv4 Address","value":"1.2.3.4"}`, "", "", "not a STIX object type"},
		{"ErrNoValue", `{"type":"domain-name"}`, "", "", `no "value"`},
		{"ErrValueNotString", `{"type":"ipv4-addr","value":17}`, "", "", "must be a string"},
		{"ErrBadIPv4", `{"type":"ipv4-addr","value":"1.2.3"}`, "", "", "not an IPv4 address"},
		{"ErrIPv6AsIPv4", `{"type":"ipv4-addr","value":"::1"}`, "", "", "not an IPv4 address"},
		{"ErrBadHashes", `{"type":"file","hashes":["00"]}`, "", "", "hashes"},
		{"ErrHashNotString", `{"type":"file","hashes":{"MD5":1}}`, "", "", "must be a string"},
		{"ErrTrailing", `{"type":"url","value":"x"} x`, "", "", "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := DecodeObservable([]byte(tt.line))
			if tt.problem != "" {
				if err == nil || !strings.Contains(err.Error(), tt.problem) {
					t.Fatalf("DecodeObservable(%s) = %v, want a problem with %q", tt.line, err, tt.problem)
				}
				return
			}
			if err != nil || o.Type != tt.typ || o.Value != tt.value {
				t.Fatalf("DecodeObservable(%s) = %q %q, %v; want %q %q", tt.line, o.Type, o.Value, err, tt.typ, tt.value)
			}
		})
	}
}

func TestReader(t *testing.T) {
	long := `{"type":"url","value":"` + strings.Repeat("a", MaxLine) + `"}`
	in := strings.Join([]string{
		`{"type":"ipv4-addr","value":"198.51.100.7"}`,
		``,
		`{"type":"ipv4-addr"`,
		long,
		"{\"type\":\"domain-name\",\"value\":\"x.example\"}\r",
		`{"type":"url","value":"http://last.example/"}`, // no newline at the end
	}, "\n")
	r := NewReader(strings.NewReader(in))
	var got []string
	for {
		l, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		s := itoa(l.N) + ":" + l.Obs.Type
		if l.Err != nil {
			s = itoa(l.N) + ":error"
		}
		got = append(got, s)
	}
	want := "1:ipv4-addr 3:error 4:error 5:domain-name 6:url"
	if strings.Join(got, " ") != want {
		t.Errorf("lines = %v, want %s", got, want)
	}
}

func TestReaderTooLarge(t *testing.T) {
	r := NewReader(strings.NewReader(strings.Repeat("\n", MaxLines+1)))
	var err error
	for err == nil {
		_, err = r.Next()
	}
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("after %d lines: %v, want ErrTooLarge", MaxLines+1, err)
	}
}

func TestReaderKeep(t *testing.T) {
	in := strings.Repeat(`{"type":"domain-name","value":"a.example"}`+"\n", 20000)
	r := NewReader(strings.NewReader(in))
	r.Keep = true
	var lines []Line
	for {
		l, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	for _, l := range lines {
		if string(l.Obs.Raw) != `{"type":"domain-name","value":"a.example"}` {
			t.Fatalf("line %d kept as %q", l.N, l.Obs.Raw)
		}
	}
}
