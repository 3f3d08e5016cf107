package misp

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison/internal/stix"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden converts every testdata/*.json MISP file and compares the
// STIX bundle, the report and the bundle exported back to MISP with
// testdata/NAME.stix.golden, NAME.report.golden and NAME.misp.golden. Every object written must pass internal/stix.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r := MustConvert(t, in)
			b, err := stix.DecodeBundle(r.Bundle())
			if err != nil {
				t.Fatalf("DecodeBundle: %v", err)
			}
			for _, it := range b.Failed() {
				t.Errorf("object %d not valid STIX: %v", it.Index, it.Err)
			}
			rep, err := json.MarshalIndent(r.Report, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "testdata/"+name+".stix.golden", indent(t, r.Bundle()))
			golden(t, "testdata/"+name+".report.golden", append(rep, '\n'))
			out, _ := Export(r.Objects)
			golden(t, "testdata/"+name+".misp.golden", indent(t, out))

			again := MustConvert(t, in)
			if !bytes.Equal(again.Bundle(), r.Bundle()) {
				t.Errorf("a second conversion gave other bytes")
			}
		})
	}
}

// MustConvert decodes and converts MISP JSON, failing tb on a decode error.
func MustConvert(tb testing.TB, in []byte) *Result {
	tb.Helper()
	evs, err := Decode(in)
	if err != nil {
		tb.Fatalf("Decode: %v", err)
	}
	return Convert(evs)
}

func indent(tb testing.TB, b []byte) []byte {
	tb.Helper()
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		tb.Fatal(err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}

func golden(tb testing.TB, path string, got []byte) {
	tb.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run with -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		tb.Errorf("%s differs (-want +got):\n%s", path, d)
	}
}
