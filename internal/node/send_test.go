package node_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// fieldNames returns the fields an EINVALID error names.
func fieldNames(err error) []string {
	var out []string
	for _, f := range liaison.ErrorFields(err) {
		out = append(out, f.Field)
	}
	return out
}

// unchanged checks that a refused act on n left nothing behind: no case,
// no message, nothing queued, and (when audited is false) no audit entry.
type snapshot struct {
	cases, messages, queued int
	audit                   int64
}

func snap(tb testing.TB, n *testNode, peer string) snapshot {
	tb.Helper()
	return snapshot{
		cases: len(allCases(tb, n)), messages: len(allMessages(tb, n)),
		queued: len(pending(tb, n, peer)), audit: auditSize(tb, n),
	}
}

func TestCreateCaseInvalid(t *testing.T) {
	p := newPair(t)
	good := func() node.CaseInput {
		return node.CaseInput{Title: "Precursor flows", CrimeArea: liaison.AreaDrugs, Parties: []string{"ca"}, Handling: drugsHandling("in")}
	}
	with := func(f func(*node.CaseInput)) node.CaseInput { in := good(); f(&in); return in }
	tests := []struct {
		name   string
		in     node.CaseInput
		fields []string
	}{
		{"ErrTitleMissing", with(func(in *node.CaseInput) { in.Title = "  " }), []string{"title"}},
		{"ErrTitleTooLong", with(func(in *node.CaseInput) { in.Title = strings.Repeat("x", 301) }), []string{"title"}},
		{"ErrCrimeAreaUnknown", with(func(in *node.CaseInput) { in.CrimeArea, in.Handling.CrimeArea = "piracy", "" }), []string{"crime_area"}},
		{"ErrHandlingCrimeAreaDiffers", with(func(in *node.CaseInput) { in.Handling.CrimeArea = liaison.AreaCyber }), []string{"handling.crime_area"}},
		{"ErrPartiesEmpty", with(func(in *node.CaseInput) { in.Parties = nil }), []string{"parties"}},
		{"ErrPartyInvalid", with(func(in *node.CaseInput) { in.Parties = []string{"ca", "C A"} }), []string{"parties[1]"}},
		{"ErrPartyUnknown", with(func(in *node.CaseInput) { in.Parties = []string{"us"} }), []string{"parties[0]"}},
		{"ErrPartySelfOnly", with(func(in *node.CaseInput) { in.Parties = []string{"in"} }), []string{"parties"}},
		{"ErrPartiesTooMany", with(func(in *node.CaseInput) { in.Parties = slices.Repeat([]string{"ca"}, 33) }), []string{"parties"}},
		{"ErrHandlingTLP", with(func(in *node.CaseInput) { in.Handling.TLP = "PURPLE" }), []string{"handling.tlp"}},
		{"ErrHandlingClassification", with(func(in *node.CaseInput) { in.Handling.Classification = "PROTECTED B" }), []string{"handling.classification"}},
		{"ErrHandlingCode", with(func(in *node.CaseInput) { in.Handling.Codes = []string{"burn-after-reading"} }), []string{"handling.codes[0]"}},
		{"ErrHandlingEvaluation", with(func(in *node.CaseInput) { in.Handling.SourceReliability = "G" }), []string{"handling.info_credibility", "handling.source_reliability"}},
		{"ErrHandlingRetainUntil", with(func(in *node.CaseInput) { in.Handling.RetainUntil = "31/12/2030" }), []string{"handling.retain_until"}},
		// Personal data without a legal basis is bad input before the
		// guard sees it.
		{"ErrPersonalDataNoBasis", with(func(in *node.CaseInput) { in.Handling.PersonalData, in.Handling.Subjects = true, []string{"suspect"} }), []string{"handling.legal_basis"}},
		{"ErrLegalBasisOtherParty", with(func(in *node.CaseInput) {
			in.Handling.PersonalData, in.Handling.LegalBasis, in.Handling.Subjects = true, "ca-privacy-act-8-2-f", []string{"victim"}
		}), []string{"handling.legal_basis"}},
		{"ErrSeveral", node.CaseInput{CrimeArea: "piracy", Parties: nil}, []string{"title", "crime_area", "parties"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snap(t, p.in, "ca")
			_, err := p.in.CreateCase(context.Background(), p.in.liaison, tt.in)
			wantCode(t, "CreateCase", err, liaison.EINVALID)
			if got := fieldNames(err); !slices.Equal(got, tt.fields) {
				t.Errorf("CreateCase fields = %v, want %v (%v)", got, tt.fields, err)
			}
			if after := snap(t, p.in, "ca"); after != before {
				t.Errorf("invalid case changed the node: %+v, was %+v", after, before)
			}
		})
	}
}

func TestPostMessageInvalid(t *testing.T) {
	p := newPair(t)
	c := mustCase(t, p.in, "ca")
	carry(t, p.in, p.ca)
	good := func() node.MessageInput {
		return node.MessageInput{Subject: "Vessel details", Body: "The vessel left on Monday.", Handling: drugsHandling("in")}
	}
	with := func(f func(*node.MessageInput)) node.MessageInput { in := good(); f(&in); return in }
	tests := []struct {
		name   string
		in     node.MessageInput
		fields []string
	}{
		{"ErrSubjectMissing", with(func(in *node.MessageInput) { in.Subject = " \t" }), []string{"subject"}},
		{"ErrSubjectTooLong", with(func(in *node.MessageInput) { in.Subject = strings.Repeat("s", node.MaxSubject+1) }), []string{"subject"}},
		{"ErrBodyMissing", with(func(in *node.MessageInput) { in.Body = "\n" }), []string{"body"}},
		{"ErrBodyTooLong", with(func(in *node.MessageInput) { in.Body = strings.Repeat("b", node.MaxBody+1) }), []string{"body"}},
		{"ErrHandlingTLP", with(func(in *node.MessageInput) { in.Handling.TLP = "" }), []string{"handling.tlp"}},
		{"ErrHandlingClassification", with(func(in *node.MessageInput) { in.Handling.Classification = "PROTECTED B" }), []string{"handling.classification"}},
		{"ErrHandlingCrimeAreaUnknown", with(func(in *node.MessageInput) { in.Handling.CrimeArea = "piracy" }), []string{"handling.crime_area"}},
		{"ErrHandlingCrimeAreaDiffers", with(func(in *node.MessageInput) { in.Handling.CrimeArea = liaison.AreaCyber }), []string{"handling.crime_area"}},
		{"ErrPersonalDataNoBasis", with(func(in *node.MessageInput) {
			in.Handling.PersonalData, in.Handling.Subjects = true, []string{"suspect"}
		}), []string{"handling.legal_basis"}},
		{"ErrLegalBasisUnknown", with(func(in *node.MessageInput) { in.Handling.LegalBasis = "gdpr" }), []string{"handling.legal_basis"}},
		{"ErrEntityValue", with(func(in *node.MessageInput) {
			in.Entities = []liaison.Entity{{Kind: liaison.EntityEmail, Value: "a@b.example"}, {Kind: liaison.EntityContainer, Value: "MSCU 123456 5"}}
		}), []string{"entities[1].value"}},
		{"ErrEntityKind", with(func(in *node.MessageInput) { in.Entities = []liaison.Entity{{Kind: "shoe_size", Value: "44"}} }), []string{"entities[0].kind"}},
		{"ErrEntityRole", with(func(in *node.MessageInput) {
			in.Entities = []liaison.Entity{{Kind: liaison.EntityPersonName, Value: "A. Person", Role: "bystander"}}
		}), []string{"entities[0].role"}},
		{"ErrEntitiesTooMany", with(func(in *node.MessageInput) {
			in.Entities = slices.Repeat([]liaison.Entity{{Kind: liaison.EntityIP, Value: "192.0.2.1"}}, 10000)
		}), []string{"entities"}},
		{"ErrSeveral", node.MessageInput{Handling: drugsHandling("in")}, []string{"subject", "body"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snap(t, p.in, "ca")
			_, err := p.in.PostMessage(context.Background(), p.in.liaison, c.ID, tt.in)
			wantCode(t, "PostMessage", err, liaison.EINVALID)
			if got := fieldNames(err); !slices.Equal(got, tt.fields) {
				t.Errorf("PostMessage fields = %v, want %v (%v)", got, tt.fields, err)
			}
			if after := snap(t, p.in, "ca"); after != before {
				t.Errorf("invalid message changed the node: %+v, was %+v", after, before)
			}
		})
	}
	t.Run("ErrCaseNotFound", func(t *testing.T) {
		_, err := p.in.PostMessage(context.Background(), p.in.liaison, "no-such-case", good())
		wantCode(t, "PostMessage", err, liaison.ENOTFOUND)
	})
}

// TestSendDenied checks the guard's denials on send: each is EFORBIDDEN
// with the reason, audited as a denial, and leaves nothing stored or
// queued.
func TestSendDenied(t *testing.T) {
	p := newPair(t)
	c := mustCase(t, p.in, "ca")
	carry(t, p.in, p.ca)
	secret := drugsHandling("in")
	secret.Classification = "SECRET"
	topSecret := drugsHandling("in")
	topSecret.Classification = "TOP SECRET"
	withBasis := drugsHandling("in")
	withBasis.PersonalData, withBasis.LegalBasis, withBasis.Subjects = true, "in-dpdp-2023-17-1-c", []string{liaison.SubjectSuspect}
	tests := []struct {
		name   string
		actor  func() *liaison.Officer
		h      liaison.Handling
		reason string
	}{
		{"Analyst", func() *liaison.Officer { return p.in.analyst }, drugsHandling("in"), "role analyst may not release content across the border"},
		{"Auditor", func() *liaison.Officer { return p.in.auditor }, drugsHandling("in"), "role auditor may not release"},
		{"OutsideArea", func() *liaison.Officer { return p.in.cyber }, drugsHandling("in"), "does not work in crime area drugs"},
		{"AboveCeiling", func() *liaison.Officer { return p.in.liaison }, secret, "ceiling is CONFIDENTIAL; this content is SECRET"},
		{"FarAboveCeiling", func() *liaison.Officer { return p.in.superv }, topSecret, "this content is TOP SECRET"},
	}
	for _, tt := range tests {
		for _, act := range []string{"case.create", "message.send"} {
			t.Run(tt.name+"/"+act, func(t *testing.T) {
				ctx := context.Background()
				before := snap(t, p.in, "ca")
				actor := tt.actor()
				var err error
				if act == "case.create" {
					_, err = p.in.CreateCase(ctx, actor, node.CaseInput{Title: "t", CrimeArea: liaison.AreaDrugs, Parties: []string{"ca"}, Handling: tt.h})
				} else {
					_, err = p.in.PostMessage(ctx, actor, c.ID, node.MessageInput{Subject: "s", Body: "b", Handling: tt.h})
				}
				wantCode(t, act, err, liaison.EFORBIDDEN)
				if !strings.Contains(liaison.ErrorMessage(err), tt.reason) {
					t.Errorf("%s error = %q, want the reason %q", act, liaison.ErrorMessage(err), tt.reason)
				}
				es := auditAfter(t, p.in, before.audit)
				if len(es) != 1 {
					t.Fatalf("denial appended %d audit entries, want 1: %+v", len(es), es)
				}
				e := es[0]
				if e.Action != act || e.Decision != "deny" || e.Officer != actor.ID || e.Agency != actor.Agency || !strings.Contains(strings.Join(e.Reasons, "; "), tt.reason) {
					t.Errorf("audit entry = %+v, want %s deny by %s with %q", e, act, actor.ID, tt.reason)
				}
				before.audit++
				if after := snap(t, p.in, "ca"); after != before {
					t.Errorf("denied act changed the node: %+v, want %+v", after, before)
				}
			})
		}
	}
	// The same officer, content within the terms: allowed, as a control.
	t.Run("Allowed", func(t *testing.T) {
		m, err := p.in.PostMessage(context.Background(), p.in.superv, c.ID, node.MessageInput{Subject: "s", Body: "b", Handling: withBasis})
		if err != nil {
			t.Fatalf("PostMessage with a legal basis: %v", err)
		}
		if got := findAudit(t, p.in, 0, "message.send"); got[len(got)-1].Object != m.ID || got[len(got)-1].Decision != "allow" {
			t.Errorf("last message.send audit = %+v, want allow of %s", got[len(got)-1], m.ID)
		}
	})
}
