package guard

import (
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

func TestRetentionDecisions(t *testing.T) {
	drugs := []liaison.CrimeArea{liaison.AreaDrugs}
	author := &liaison.Officer{ID: "o1", Party: "in", Name: "Author", Role: liaison.RoleLiaison, Areas: drugs}
	colleague := &liaison.Officer{ID: "o2", Party: "in", Name: "Colleague", Role: liaison.RoleLiaison, Areas: drugs}
	superv := &liaison.Officer{ID: "o3", Party: "in", Name: "Super", Role: liaison.RoleSupervisor, Areas: drugs}
	cyberSuperv := &liaison.Officer{ID: "o4", Party: "in", Name: "Cyber", Role: liaison.RoleSupervisor, Areas: []liaison.CrimeArea{liaison.AreaCyber}}
	analyst := &liaison.Officer{ID: "o5", Party: "in", Name: "Analyst", Role: liaison.RoleAnalyst, Areas: drugs}
	caSuperv := &liaison.Officer{ID: "c1", Party: "ca", Name: "CA Super", Role: liaison.RoleSupervisor, Areas: drugs}
	caLiaison := &liaison.Officer{ID: "c2", Party: "ca", Name: "CA Liaison", Role: liaison.RoleLiaison, Areas: drugs}
	h := liaison.Handling{Classification: "RESTRICTED", TLP: "AMBER", CrimeArea: liaison.AreaDrugs}
	sent := &liaison.Message{ID: "m1", Handling: h, From: liaison.Sender{Party: "in", OfficerID: "o1"}}
	received := &liaison.Message{ID: "m2", Handling: h, Inbound: true, From: liaison.Sender{Party: "in", OfficerID: "o1"}}
	cyber := h
	cyber.CrimeArea = liaison.AreaCyber
	hold := &liaison.Hold{MessageID: "m2", Reason: "exhibit 7 in R v. Singh", At: time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)}
	a := testArrangement()
	a.RetentionDays = 30
	a.Name = "test"
	created := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	with := func(until string) liaison.Handling { x := h; x.RetainUntil = until; return x }

	tests := []struct {
		name   string
		decide func() Decision
		reason string // "" means allow
	}{
		{"RecallByAuthor", func() Decision { return Recall(author, "in", sent) }, ""},
		{"RecallBySupervisor", func() Decision { return Recall(superv, "in", sent) }, ""},
		{"RecallByColleague", func() Decision { return Recall(colleague, "in", sent) }, "only the author of message m1 or a supervisor of in"},
		{"RecallByAnalyst", func() Decision { return Recall(analyst, "in", sent) }, "officer Analyst is neither"},
		{"RecallBySupervisorOtherArea", func() Decision { return Recall(cyberSuperv, "in", sent) }, "does not work in crime area drugs"},
		{"RecallReceived", func() Decision { return Recall(caSuperv, "ca", received) }, "only its originating party may recall it"},
		{"RecallByPeerOfficer", func() Decision { return Recall(caSuperv, "in", sent) }, "is not an officer of in"},
		{"HandlingByAuthor", func() Decision { return ChangeHandling(author, "in", sent, h) }, ""},
		{"HandlingBySupervisor", func() Decision { return ChangeHandling(superv, "in", sent, with("2025-04-01")) }, ""},
		{"HandlingByColleague", func() Decision { return ChangeHandling(colleague, "in", sent, h) }, "only the author"},
		{"HandlingOtherArea", func() Decision { return ChangeHandling(author, "in", sent, cyber) }, "cannot change to cyber"},
		{"HandlingOfReceived", func() Decision { return ChangeHandling(caSuperv, "ca", received, h) }, "only its originating party"},
		{"HoldBySupervisor", func() Decision { return Hold(caSuperv, "ca", received) }, ""},
		{"HoldByLiaison", func() Decision { return Hold(caLiaison, "ca", received) }, "only a supervisor of ca may put a message on legal hold"},
		{"HoldOwnMessage", func() Decision { return Hold(superv, "in", sent) }, "only a received message is held"},
		{"HoldOtherArea", func() Decision {
			o := *caSuperv
			o.Areas = []liaison.CrimeArea{liaison.AreaFraud}
			return Hold(&o, "ca", received)
		}, "does not work in crime area drugs"},
		{"RecallFromOriginator", func() Decision { return PurgeOnRecall("in", received, nil, "ca", nil) }, ""},
		{"RecallFromOtherParty", func() Decision { return PurgeOnRecall("us", received, nil, "ca", nil) }, "came from in; us may not recall it"},
		{"RecallOfOwnMessage", func() Decision { return PurgeOnRecall("ca", sent, nil, "ca", nil) }, "was sent by this node"},
		{"RecallOnHold", func() Decision { return PurgeOnRecall("in", received, hold, "ca", nil) }, "on legal hold as evidence since 2025-03-02: exhibit 7"},
		{"HandlingFromOriginator", func() Decision { return FromOriginator("in", received, "change the handling of") }, ""},
		{"HandlingFromOtherParty", func() Decision { return FromOriginator("us", received, "change the handling of") }, "us may not change the handling of it"},
		{"ExpiredByDate", func() Decision { return Expiry(with("2025-03-10"), created, a, created.AddDate(0, 0, 10)) }, ""},
		{"NotExpiredOnDate", func() Decision {
			return Expiry(with("2025-03-10"), created, a, time.Date(2025, 3, 10, 23, 0, 0, 0, time.UTC))
		}, "retained until 2025-03-10"},
		{"DateOverridesDefault", func() Decision { return Expiry(with("2026-01-01"), created, a, created.AddDate(0, 0, 60)) }, "retained until 2026-01-01"},
		{"ExpiredByDefault", func() Decision { return Expiry(h, created, a, created.AddDate(0, 0, 30)) }, ""},
		{"NotExpiredByDefault", func() Decision { return Expiry(h, created, a, created.AddDate(0, 0, 29)) }, "30 days under \"test\""},
		{"NoDefault", func() Decision {
			b := *a
			b.RetentionDays = 0
			return Expiry(h, created, &b, created.AddDate(10, 0, 0))
		}, "no default retention"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.decide()
			switch {
			case tt.reason == "" && !d.Allow:
				t.Fatalf("decision = %v, want allow", d)
			case tt.reason != "" && d.Allow:
				t.Fatalf("decision = allow, want deny: %s", tt.reason)
			case tt.reason != "" && !strings.Contains(strings.Join(d.Reasons, "; "), tt.reason):
				t.Fatalf("decision = %v, want a reason containing %q", d, tt.reason)
			}
		})
	}
}
