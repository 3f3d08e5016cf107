// Package arrangement reads the arrangement file both parties apply: a TOML
// document naming the parties and the terms of their exchange.
//
// # Layout
//
//	name = "India–Canada security and law-enforcement arrangement"
//	version = 1
//	parties = ["in", "ca"]
//	crime_areas = ["drugs", "cyber"]
//	levels = ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL"]   # lowest first
//	ceiling = "CONFIDENTIAL"
//	evaluation = "admiralty-6x6"    # or "europol-4x4"; admiralty when absent
//	retention_days = 1825
//	read_receipts = true            # false when absent
//
//	[deadlines]                     # Go durations, all three required
//	urgent = "8h"
//	high = "72h"
//	routine = "168h"
//
//	[[instruments]]                 # party absent for bilateral instruments
//	id = "ca-in-mlat-1995"
//	title = "Treaty on Mutual Legal Assistance in Criminal Matters"
//	cite = "..."
//
//	[schemes]                       # every party's labels, lowest first
//	in = [{ label = "RESTRICTED", level = "RESTRICTED" }]
//	ca = [{ label = "PROTECTED B", level = "RESTRICTED" }]
//
//	[[transfers]]                   # which personal data may cross; none when absent
//	areas = ["drugs"]
//	subjects = ["suspect"]          # suspect, victim, witness, other
//	bases = ["ca-in-mlat-1995"]     # instrument ids
//
// The shipped example, examples/arrangements/in-ca.toml, explains each part.
//
// # Identity
//
// An arrangement is identified by the SHA-256 of the file's exact bytes, so
// a change of a comment is a new arrangement both sides must apply again.
package arrangement

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/liaison-project/liaison"
)

// MaxSize is the largest arrangement file Parse accepts, in bytes. Real
// arrangements are a few kilobytes; the limit keeps a hostile file from
// costing memory before it is read.
const MaxSize = 256 << 10

// file is the TOML layout. Optional keys decode to their zero value when
// absent: evaluation (then admiralty), read_receipts (false), and an
// instrument's party and cite.
type file struct {
	Name          string                       `toml:"name"`
	Version       int                          `toml:"version"`
	Parties       []string                     `toml:"parties"`
	CrimeAreas    []string                     `toml:"crime_areas"`
	Instruments   []liaison.Instrument         `toml:"instruments"`
	Levels        []string                     `toml:"levels"`
	Schemes       map[string][]liaison.Marking `toml:"schemes"`
	Ceiling       string                       `toml:"ceiling"`
	Evaluation    string                       `toml:"evaluation"`
	Deadlines     map[string]string            `toml:"deadlines"`
	RetentionDays int                          `toml:"retention_days"`
	ReadReceipts  bool                         `toml:"read_receipts"`
	Transfers     []liaison.Transfer           `toml:"transfers"`
}

// Parse decodes and validates an arrangement file. The result's ID is the
// hex SHA-256 of raw and its Raw a copy of raw; Applied is left zero for
// the caller to set.
//
// Every error is a [liaison.EINVALID] [*liaison.Error]: for a file that is
// not TOML, the message names the line ("arrangement line 7: ..."); for
// unknown keys and broken terms, the error's fields name each problem
// ("schemes.ca[2].level", "deadlines.urgent").
func Parse(raw []byte) (*liaison.Arrangement, error) {
	if len(raw) > MaxSize {
		return nil, liaison.Errorf(liaison.EINVALID, "arrangement file is %d bytes, more than the limit of %d (256 KiB)", len(raw), MaxSize)
	}
	var doc file
	md, err := toml.Decode(string(raw), &doc)
	if err != nil {
		return nil, decodeError(err)
	}
	var f liaison.Fields
	for _, k := range md.Undecoded() {
		f.Add(k.String(), "unknown key")
	}
	a := doc.check(&f)
	if len(f) > 0 {
		e := liaison.Invalid(f...)
		e.Message = "invalid arrangement"
		return nil, e
	}
	sum := sha256.Sum256(raw)
	a.ID = hex.EncodeToString(sum[:])
	a.Raw = bytes.Clone(raw)
	return a, nil
}

// decodeError turns a TOML decoding error into an EINVALID error whose
// message begins "arrangement line N: " and names the key, without the
// decoder's own prefix. The cause is not kept: its text is all in the
// message already.
func decodeError(err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		line := pe.Position.Line
		if line == 0 {
			line = pe.Line
		}
		return lineError(line, pe.Message, pe.LastKey)
	}
	// Type mismatches come as plain errors: "toml: line 3 (last key
	// "version"): incompatible types: ...".
	if m := plainError.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return lineError(line, m[3], m[2])
	}
	return liaison.Errorf(liaison.EINVALID, "arrangement: %s", strings.TrimPrefix(err.Error(), "toml: "))
}

var plainError = regexp.MustCompile(`(?s)^toml: line (\d+) \(last key "(.*?)"\): (.*)$`)

func lineError(line int, problem, key string) error {
	if key != "" {
		return liaison.Errorf(liaison.EINVALID, "arrangement line %d: %s (key %s)", line, problem, key)
	}
	return liaison.Errorf(liaison.EINVALID, "arrangement line %d: %s", line, problem)
}
