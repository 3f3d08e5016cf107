package policy_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/policies"
	"github.com/liaison-project/liaison/internal/policy"
)

// MustExamples loads the example rules of party ("ca" or "in").
func MustExamples(tb testing.TB, party string) *policy.Set {
	tb.Helper()
	s, err := policy.LoadFS(policies.FS, party)
	if err != nil {
		tb.Fatalf("LoadFS(examples, %s): %v", party, err)
	}
	if s.Len() == 0 {
		tb.Fatalf("LoadFS(examples, %s): no policies", party)
	}
	return s
}

var (
	caOfficer = &liaison.Officer{ID: "o-ca-1", Party: "ca", Agency: "rcmp", Name: "Cpl. Tremblay", Role: liaison.RoleLiaison,
		Areas: []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaImmigration}}
	inOfficer = &liaison.Officer{ID: "o-in-1", Party: "in", Agency: "ncb", Name: "Insp. Rao", Role: liaison.RoleLiaison,
		Areas: []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaImmigration}}
)

// base is a send of Canadian content about drugs at PROTECTED B, no
// personal data; each case changes what it tests.
func base(party string) policy.Request {
	r := policy.Request{
		Action: policy.ActionSend, Officer: caOfficer, Party: "ca", From: "ca", To: []string{"in"},
		Handling:  liaison.Handling{Classification: "PROTECTED B", TLP: liaison.TLPAmber, CrimeArea: liaison.AreaDrugs},
		Level:     "RESTRICTED",
		LevelRank: 1,
	}
	if party == "in" {
		r.Officer, r.Party, r.From, r.To = inOfficer, "in", "in", []string{"ca"}
		r.Handling.Classification = "RESTRICTED"
	}
	return r
}

// personal makes r carry personal data about a suspect under legal basis.
func personal(r *policy.Request, basis string) {
	r.Handling.PersonalData, r.Handling.LegalBasis, r.Handling.Subjects = true, basis, []string{liaison.SubjectSuspect}
}

// received turns r into the receipt of a peer's envelope from party from.
func received(r *policy.Request, from string) {
	r.Action, r.Officer, r.From, r.To = policy.ActionReceive, nil, from, nil
}

func TestDecideExamples(t *testing.T) {
	const (
		allow = iota
		deny
		approval // deny, lifted by a supervisor's approval
		escalate // deny, escalated
	)
	tests := []struct {
		name  string
		party string
		edit  func(*policy.Request)
		want  int
		// text is a substring of a reason (deny) or of a caveat (allow);
		// "" means none is expected (allow without caveats).
		text string
	}{
		// Canada.
		{"CA/NoPersonalData", "ca", func(r *policy.Request) {}, allow, ""},
		{"CA/PersonalNoBasis", "ca", func(r *policy.Request) { personal(r, ""); r.Risk = policy.RiskNone }, deny, "Privacy Act s. 8(2)(f)"},
		{"CA/PersonalIndianBasis", "ca", func(r *policy.Request) { personal(r, "in-dpdp-2023-17-1-c"); r.Risk = policy.RiskNone }, deny, "Privacy Act s. 8(2)(f)"},
		{"CA/PersonalNoRiskAssessment", "ca", func(r *policy.Request) { personal(r, "ca-in-mlat-1995") }, deny, "record a mistreatment-risk assessment"},
		{"CA/PersonalUnknownRisk", "ca", func(r *policy.Request) { personal(r, "ca-in-mlat-1995"); r.Risk = "low" }, deny, "record a mistreatment-risk assessment"},
		{"CA/PersonalNoRisk", "ca", func(r *policy.Request) { personal(r, "ca-in-mlat-1995"); r.Risk = policy.RiskNone }, allow, ""},
		{"CA/PersonalOwnBasis", "ca", func(r *policy.Request) { personal(r, "ca-privacy-act-8-2-f"); r.Risk = policy.RiskNone }, allow, ""},
		{"CA/RiskMitigated", "ca", func(r *policy.Request) { personal(r, "ca-in-mlat-1995"); r.Risk = policy.RiskMitigated }, allow, "not to be used in a way that results in the mistreatment"},
		{"CA/RiskSubstantial", "ca", func(r *policy.Request) { personal(r, "ca-in-mlat-1995"); r.Risk = policy.RiskSubstantial }, escalate, "substantial risk of mistreatment"},
		{"CA/RiskSubstantialApproved", "ca", func(r *policy.Request) {
			personal(r, "ca-in-mlat-1995")
			r.Risk, r.Approved = policy.RiskSubstantial, true
		}, escalate, "referred to a supervisor"},
		{"CA/ImmigrationPersonal", "ca", func(r *policy.Request) {
			personal(r, "ca-in-mlat-1995")
			r.Risk, r.Handling.CrimeArea = policy.RiskNone, liaison.AreaImmigration
		}, approval, "sought refugee protection"},
		{"CA/ImmigrationPersonalApproved", "ca", func(r *policy.Request) {
			personal(r, "ca-in-mlat-1995")
			r.Risk, r.Handling.CrimeArea, r.Approved = policy.RiskNone, liaison.AreaImmigration, true
		}, allow, ""},
		{"CA/ImmigrationPersonalNoBasis", "ca", func(r *policy.Request) {
			// Approval lifts the immigration rule but not the Privacy Act.
			personal(r, "")
			r.Risk, r.Handling.CrimeArea = policy.RiskNone, liaison.AreaImmigration
		}, deny, "Privacy Act s. 8(2)(f)"},
		{"CA/ImmigrationNoPersonalData", "ca", func(r *policy.Request) { r.Handling.CrimeArea = liaison.AreaImmigration }, allow, ""},
		{"CA/Confidential", "ca", func(r *policy.Request) {
			r.Handling.Classification, r.Level, r.LevelRank = "PROTECTED C", "CONFIDENTIAL", 2
		}, approval, "CONFIDENTIAL or above"},
		{"CA/ConfidentialImmigration", "ca", func(r *policy.Request) {
			personal(r, "ca-in-mlat-1995")
			r.Risk, r.Handling.CrimeArea = policy.RiskNone, liaison.AreaImmigration
			r.Handling.Classification, r.Level, r.LevelRank = "CONFIDENTIAL", "CONFIDENTIAL", 2
		}, approval, "sought refugee protection"},
		{"CA/ConfidentialApproved", "ca", func(r *policy.Request) {
			r.Handling.Classification, r.Level, r.LevelRank, r.Approved = "CONFIDENTIAL", "CONFIDENTIAL", 2, true
		}, allow, ""},
		{"CA/DisseminateNoPurpose", "ca", func(r *policy.Request) {
			personal(r, "ca-in-mlat-1995")
			r.Action, r.From, r.To, r.ToAgency = policy.ActionDisseminate, "in", nil, "cbsa"
		}, deny, "state the purpose"},
		{"CA/DisseminateWithPurpose", "ca", func(r *policy.Request) {
			personal(r, "ca-in-mlat-1995")
			r.Action, r.From, r.To, r.ToAgency, r.Purpose = policy.ActionDisseminate, "in", nil, "cbsa", "port interdiction of precursor shipment"
		}, allow, ""},
		{"CA/ExportForeignNoMLA", "ca", func(r *policy.Request) { r.Action, r.From, r.To = policy.ActionExport, "in", nil }, deny, "mutual legal assistance request"},
		{"CA/ExportForeignWithMLA", "ca", func(r *policy.Request) {
			r.Action, r.From, r.To, r.MLARef = policy.ActionExport, "in", nil, "MLA-2026-0042"
		}, allow, ""},
		{"CA/ExportOwn", "ca", func(r *policy.Request) { r.Action, r.To = policy.ActionExport, nil }, allow, ""},
		{"CA/ReceiveVictimsUnderPrivacyAct", "ca", func(r *policy.Request) {
			personal(r, "in-dpdp-2023-17-1-c")
			r.Handling.Subjects = []string{liaison.SubjectVictim}
			received(r, "in")
		}, allow, ""},
		{"CA/Read", "ca", func(r *policy.Request) { r.Action, r.From, r.To = policy.ActionRead, "in", nil }, allow, ""},
		{"CA/Purge", "ca", func(r *policy.Request) { r.Action, r.To = policy.ActionPurge, nil }, allow, ""},
		{"CA/UnknownAction", "ca", func(r *policy.Request) { r.Action = "forward" }, deny, `unknown action "forward"`},

		// India.
		{"IN/NoPersonalData", "in", func(r *policy.Request) {}, allow, ""},
		{"IN/PersonalMLAT", "in", func(r *policy.Request) { personal(r, "ca-in-mlat-1995") }, allow, "s. 8(5)"},
		{"IN/PersonalOwnBasis", "in", func(r *policy.Request) { personal(r, "in-dpdp-2023-17-1-c") }, allow, "reasonable security safeguards"},
		{"IN/PersonalCanadianBasis", "in", func(r *policy.Request) { personal(r, "ca-privacy-act-8-2-f") }, deny, "leaves India only with its legal basis"},
		{"IN/PersonalAreaNotOffence", "in", func(r *policy.Request) { personal(r, "ca-in-mlat-1995"); r.Handling.CrimeArea = "tax" }, deny, "not one India's node recognises"},
		{"IN/ImmigrationPersonal", "in", func(r *policy.Request) {
			personal(r, "ca-in-mlat-1995")
			r.Handling.CrimeArea = liaison.AreaImmigration
		}, approval, "immigration disclosure about a person"},
		{"IN/ImmigrationPersonalApproved", "in", func(r *policy.Request) {
			personal(r, "ca-in-mlat-1995")
			r.Handling.CrimeArea, r.Approved = liaison.AreaImmigration, true
		}, allow, "s. 8(5)"},
		{"IN/ReceiveVictimsUnderPrivacyAct", "in", func(r *policy.Request) {
			personal(r, "ca-privacy-act-8-2-f")
			r.Handling.Subjects = []string{liaison.SubjectWitness, liaison.SubjectVictim}
			received(r, "ca")
		}, deny, "victims only under the India–Canada Mutual Legal Assistance Treaty"},
		{"IN/ReceiveVictimsUnderMLAT", "in", func(r *policy.Request) {
			personal(r, "ca-in-mlat-1995")
			r.Handling.Subjects = []string{liaison.SubjectVictim}
			received(r, "ca")
		}, allow, "s. 8(5)"},
		{"IN/ReceiveSuspectUnderPrivacyAct", "in", func(r *policy.Request) {
			personal(r, "ca-privacy-act-8-2-f")
			received(r, "ca")
		}, allow, "s. 8(5)"},
		{"IN/ReceivePersonalNoBasis", "in", func(r *policy.Request) { personal(r, ""); received(r, "ca") }, deny, "received only with the legal basis"},
		{"IN/ReceiveAreaNotOffence", "in", func(r *policy.Request) {
			personal(r, "ca-in-mlat-1995")
			r.Handling.CrimeArea = "tax"
			received(r, "ca")
		}, deny, "not one India's node recognises"},
		{"IN/DisseminateUngradedIntelligence", "in", func(r *policy.Request) {
			r.Action, r.From, r.To, r.ToAgency, r.Handling.Intelligence = policy.ActionDisseminate, "ca", nil, "nia", true
			r.Handling.SourceReliability = "B"
		}, deny, "only with its evaluation"},
		{"IN/DisseminateGradedIntelligence", "in", func(r *policy.Request) {
			r.Action, r.From, r.To, r.ToAgency, r.Handling.Intelligence = policy.ActionDisseminate, "ca", nil, "nia", true
			r.Handling.SourceReliability, r.Handling.InfoCredibility = "B", "2"
		}, allow, ""},
		{"IN/DisseminateNoAgency", "in", func(r *policy.Request) { r.Action, r.From, r.To = policy.ActionDisseminate, "ca", nil }, deny, "name the agency"},
		{"IN/ExportForeignNoMLA", "in", func(r *policy.Request) { r.Action, r.From, r.To = policy.ActionExport, "ca", nil }, deny, "letter of request"},
		{"IN/ExportForeignWithMLA", "in", func(r *policy.Request) {
			r.Action, r.From, r.To, r.MLARef = policy.ActionExport, "ca", nil, "MHA-LR-2026-17"
		}, allow, ""},
	}
	sets := map[string]*policy.Set{"ca": MustExamples(t, "ca"), "in": MustExamples(t, "in")}
	names := map[int]string{allow: "allow", deny: "deny", approval: "deny (approval lifts it)", escalate: "deny (escalate)"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base(tt.party)
			tt.edit(&r)
			o := sets[tt.party].Decide(r)
			got := allow
			switch {
			case o.Allow:
			case o.Escalate:
				got = escalate
			case o.Approval:
				got = approval
			default:
				got = deny
			}
			if got != tt.want {
				t.Fatalf("Decide(%s) = %s %q, want %s", tt.name, names[got], o.Reasons, names[tt.want])
			}
			if o.Escalate && o.Approval {
				t.Errorf("Decide(%s): both Escalate and Approval", tt.name)
			}
			if len(o.Policies) == 0 && !strings.HasPrefix(tt.name, "CA/UnknownAction") {
				t.Errorf("Decide(%s): no deciding policies named", tt.name)
			}
			texts := o.Reasons
			if o.Allow {
				texts = o.Caveats
				if len(o.Reasons) != 0 {
					t.Errorf("Decide(%s) = allow with reasons %q", tt.name, o.Reasons)
				}
			} else if len(o.Caveats) != 0 {
				t.Errorf("Decide(%s) = deny with caveats %q", tt.name, o.Caveats)
			}
			all := strings.Join(texts, " | ")
			if tt.text == "" && all != "" {
				t.Errorf("Decide(%s) carries %q, want nothing", tt.name, all)
			}
			if !strings.Contains(all, tt.text) {
				t.Errorf("Decide(%s) = %q, want one containing %q", tt.name, all, tt.text)
			}
		})
	}
}

// TestReceiverRefuses is the two-node case: Canada's rules let a release
// about a victim go under the Privacy Act, India's refuse to take it in.
func TestReceiverRefuses(t *testing.T) {
	send := base("ca")
	personal(&send, "ca-privacy-act-8-2-f")
	send.Handling.Subjects, send.Risk = []string{liaison.SubjectVictim}, policy.RiskNone
	if o := MustExamples(t, "ca").Decide(send); !o.Allow {
		t.Fatalf("ca Decide(send) = deny %q, want allow", o.Reasons)
	}
	recv := send
	recv.Party, recv.Risk = "in", ""
	received(&recv, "ca")
	o := MustExamples(t, "in").Decide(recv)
	if o.Allow {
		t.Fatal("in Decide(receive) = allow, want deny")
	}
	if want := []string{"30-victims.cedar:"}; len(o.Policies) != 1 || !strings.HasPrefix(o.Policies[0], want[0]) {
		t.Errorf("in Decide(receive).Policies = %q, want one in %s", o.Policies, want[0])
	}
}

func TestDecidePolicies(t *testing.T) {
	r := base("ca")
	personal(&r, "ca-in-mlat-1995")
	r.Risk = policy.RiskMitigated
	o := MustExamples(t, "ca").Decide(r)
	want := []string{"00-base.cedar:11", "20-mistreatment.cedar:32"} // the line of each policy's first annotation
	if strings.Join(o.Policies, ",") != strings.Join(want, ",") {
		t.Errorf("Decide(mitigated).Policies = %q, want %q", o.Policies, want)
	}
}

func TestDecideEmpty(t *testing.T) {
	s, err := policy.Load(t.TempDir() + "/missing")
	if err != nil {
		t.Fatalf("Load(missing dir): %v", err)
	}
	if o := s.Decide(base("ca")); !o.Allow || s.Len() != 0 {
		t.Errorf("empty Set: Len = %d, Decide = %+v, want 0 and allow", s.Len(), o)
	}
}

func TestDecideNoPermit(t *testing.T) {
	s := MustParse(t, "@reason(\"no purge\")\nforbid (principal, action == Action::\"purge\", resource);\n")
	o := s.Decide(base("ca"))
	if o.Allow || len(o.Reasons) != 1 || o.Reasons[0] != "no policy of party ca permits send" {
		t.Errorf("Decide = %+v, want deny: no policy of party ca permits send", o)
	}
}

// A forbid that cannot be evaluated (here a long overflow) must deny, not
// be skipped as Cedar skips it.
func TestDecideFailsClosed(t *testing.T) {
	s := MustParse(t, "permit (principal, action, resource);\n"+
		"@reason(\"too high\")\nforbid (principal, action, resource) when { resource.rank + 9223372036854775807 > 100 };\n")
	o := s.Decide(base("ca"))
	if o.Allow || len(o.Reasons) != 1 || !strings.Contains(o.Reasons[0], "test.cedar:2 could not be evaluated") {
		t.Errorf("Decide = %+v, want deny naming test.cedar:2", o)
	}
}

func MustParse(tb testing.TB, src string) *policy.Set {
	tb.Helper()
	s, err := policy.Parse("test.cedar", []byte(src))
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	return s
}

// Decide is called from many requests at once; run with -race.
func TestDecideConcurrent(t *testing.T) {
	s := MustExamples(t, "ca")
	want := map[bool]bool{}
	reqs := []policy.Request{base("ca"), base("ca")}
	personal(&reqs[1], "")
	for _, r := range reqs {
		want[r.Handling.PersonalData] = s.Decide(r).Allow
	}
	done := make(chan bool)
	for g := range 8 {
		go func() {
			for i := range 200 {
				r := reqs[(g+i)%2]
				r.Purpose = fmt.Sprint(i) // a new context record now and then
				if got := s.Decide(r).Allow; got != want[r.Handling.PersonalData] {
					t.Errorf("Decide = %v, want %v", got, !got)
				}
			}
			done <- true
		}()
	}
	for range 8 {
		<-done
	}
}
