package liaison

import (
	"encoding/json"
	"testing"
)

// FuzzHandlingJSON feeds API and envelope bodies through the decoder and
// Validate. Validate MUST NOT panic, and what it accepts must satisfy the
// invariants the guard relies on.
func FuzzHandlingJSON(f *testing.F) {
	f.Add([]byte(`{"classification":"RESTRICTED","tlp":"AMBER","codes":["law-enforcement-only"],"crime_area":"drugs"}`), "in")
	f.Add([]byte(`{"classification":"PROTECTED B","tlp":"RED","codes":["other:x","no-judicial-use"],"source_reliability":"A","info_credibility":"1","crime_area":"cyber","legal_basis":"ca-privacy-act-8-2-f","personal_data":true,"retain_until":"2030-01-01"}`), "ca")
	f.Add([]byte(`{"classification":null,"tlp":7}`), "us")
	f.Add([]byte(`{"classification":"RESTRICTED","tlp":"GREEN","crime_area":"fraud","legal_basis":"ca-in-mlat-1995","personal_data":true,"subjects":["victim","witness","victim"],"intelligence":true}`), "in")
	f.Add([]byte(`{"classification":"RESTRICTED","tlp":"AMBER","crime_area":"drugs","subjects":["suspect"],"intelligence":true,"source_reliability":"B","info_credibility":"2"}`), "in")
	a := testArrangement()
	f.Fuzz(func(t *testing.T, body []byte, party string) {
		var h Handling
		if json.Unmarshal(body, &h) != nil {
			return
		}
		err := h.Validate(a, party)
		if err == nil {
			if _, ok := a.Level(party, h.Classification); !ok {
				t.Errorf("Validate accepted classification %q of party %q without a level", h.Classification, party)
			}
			if h.PersonalData && (h.LegalBasis == "" || len(h.Subjects) == 0) {
				t.Errorf("Validate accepted personal data without a legal basis or subjects")
			}
			if !h.PersonalData && len(h.Subjects) > 0 {
				t.Errorf("Validate accepted subjects without personal data")
			}
			if h.Intelligence && (h.SourceReliability == "" || h.InfoCredibility == "") {
				t.Errorf("Validate accepted intelligence without an evaluation")
			}
			if !a.Covers(h.CrimeArea) {
				t.Errorf("Validate accepted crime area %q out of scope", h.CrimeArea)
			}
			return
		}
		if ErrorCode(err) != EINVALID || len(ErrorFields(err)) == 0 {
			t.Errorf("Validate() = %v, want an %s error with fields", err, EINVALID)
		}
	})
}
