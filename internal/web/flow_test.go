package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// handlingValues is the handling part of a form.
func handlingValues(v url.Values) url.Values {
	v.Set("classification", "PROTECTED B")
	v.Set("tlp", "AMBER")
	v.Add("codes", liaison.CodeLawEnforcementOnly)
	v.Set("source_reliability", "B")
	v.Set("info_credibility", "2")
	return v
}

// regexpAll returns the first group of every match of expr in s.
func regexpAll(expr, s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(expr).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestCompose: the preview answers a fragment for htmx and the whole page
// without it; sending stores the message and shows it.
func TestCompose(t *testing.T) {
	f := newFixture(t)
	ss := f.as(liaison.RoleLiaison)
	form := handlingValues(url.Values{"csrf": {ss.CSRF}, "subject": {"Vessel ETA"}, "body": {"ETA Vancouver in 19 days."}})
	target := "/cases/" + f.c.ID + "/preview"

	r := f.do(t, ss, "POST", target, form, "en")
	if r.status != 200 {
		t.Fatalf("POST %s: %d\n%s", target, r.status, r.body)
	}
	checkPage(t, "compose with preview", r.body, "en")
	if !strings.Contains(r.body, `data-decision="allow"`) || !strings.Contains(r.body, `data-party="in"`) {
		t.Errorf("preview page: no allow decision or audience of in:\n%s", r.body)
	}

	req := f.newRequest(t, ss, "POST", target, form)
	req.Header.Set("HX-Request", "true")
	w := f.serve(req)
	if w.Code != 200 || strings.Contains(w.Body.String(), "<html") || !strings.Contains(w.Body.String(), `data-decision="allow"`) {
		t.Errorf("htmx preview: %d, want a fragment with the decision:\n%s", w.Code, w.Body.String())
	}

	bad := handlingValues(url.Values{"csrf": {ss.CSRF}, "subject": {"Too high"}, "body": {"x"}})
	bad.Set("classification", "TOP SECRET")
	if r := f.do(t, ss, "POST", target, bad, "en"); !strings.Contains(r.body, `class="flash"`) && !strings.Contains(r.body, `data-decision="deny"`) {
		t.Errorf("preview above the ceiling: %d, neither a flash nor a denial:\n%s", r.status, r.body)
	}

	r = f.do(t, ss, "POST", "/cases/"+f.c.ID+"/messages", form, "en")
	if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/messages/") {
		t.Fatalf("POST messages: %d to %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	r = f.do(t, ss, "GET", r.header.Get("Location"), nil, "fr")
	if r.status != 200 || !strings.Contains(r.body, "Vessel ETA") || !strings.Contains(r.body, "TLP:AMBER") {
		t.Errorf("sent message page: %d\n%s", r.status, r.body)
	}
}

// TestDissemination: asking to pass on a received message shows the
// guard's answer and its reasons.
func TestDissemination(t *testing.T) {
	f := newFixture(t)
	ss := f.as(liaison.RoleLiaison)
	r := f.do(t, ss, "POST", "/messages/"+f.inbound.ID+"/disseminations",
		url.Values{"csrf": {ss.CSRF}, "to_agency": {"cbsa"}, "purpose": {"administrative"}}, "en")
	if r.status != 200 {
		t.Fatalf("POST disseminations: %d\n%s", r.status, r.body)
	}
	checkPage(t, "dissemination", r.body, "en")
	if !strings.Contains(r.body, `class="dissemination-result"`) || !strings.Contains(r.body, `<ul class="reasons">`) {
		t.Errorf("dissemination answer without reasons:\n%s", r.body)
	}
}

// TestPurposes: the dissemination form offers the guard's purposes.
func TestPurposes(t *testing.T) {
	if !slices.Equal(purposes, guard.Purposes) {
		t.Errorf("purposes = %v, want guard.Purposes %v", purposes, guard.Purposes)
	}
}

// TestRequestForms: asking a request from a case page lands on the
// request with a running clock.
func TestRequestForms(t *testing.T) {
	f := newFixture(t)
	ss := f.as(liaison.RoleLiaison)
	form := handlingValues(url.Values{"csrf": {ss.CSRF}, "case_id": {f.c.ID}, "question": {"Who signed the bill of lading?"},
		"priority": {"high"}, "due": {"2026-11-25T17:00"}})
	r := f.do(t, ss, "POST", "/requests", form, "en")
	if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/requests/") {
		t.Fatalf("POST /requests: %d to %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	r = f.do(t, ss, "GET", r.header.Get("Location"), nil, "en")
	if !strings.Contains(r.body, `<time class="clock" datetime="2026-11-25T17:00:00Z"`) || !strings.Contains(r.body, "2 d 08:00:00 left") {
		t.Errorf("request page: no running clock due 25 Nov 17:00 UTC:\n%s", r.body)
	}
	if r := f.do(t, ss, "POST", "/requests/"+f.request.ID+"/ack", url.Values{"csrf": {ss.CSRF}}, "en"); r.status != http.StatusConflict && r.status != http.StatusForbidden {
		t.Errorf("acknowledging one's own request: %d, want a refusal", r.status)
	}
}

// TestAnswerRequest: a request received from India is acknowledged and
// answered from its page; its clock stops.
func TestAnswerRequest(t *testing.T) {
	f := newFixture(t)
	at := f.now.Add(-time.Hour)
	rq := &liaison.Request{
		ID: "019a0000-0000-7000-8000-100000000001", CaseID: f.c.ID, Question: "Is the consignee known to you?",
		Priority: liaison.PriorityHigh, Due: f.now.Add(20 * time.Hour),
		Handling: liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber,
			Codes: []string{liaison.CodeLawEnforcementOnly}, CrimeArea: liaison.AreaDrugs},
		From: liaison.Sender{Party: "in", Agency: "ncb", Officer: "Insp. Sharma"}, To: "ca",
		State: liaison.RequestDelivered, Created: at, Inbound: true,
		History: []liaison.RequestStep{
			{ID: "s1", Action: liaison.ActSend, State: liaison.RequestSent, At: at, By: liaison.Sender{Party: "in", Agency: "ncb", Officer: "Insp. Sharma"}},
			{ID: "s2", Action: liaison.ActDeliver, State: liaison.RequestDelivered, At: at.Add(time.Second), By: liaison.Sender{Party: "ca"}},
		},
	}
	if err := f.st.Update(t.Context(), func(tx liaison.Tx) error { return tx.CreateRequest(rq) }); err != nil {
		t.Fatal(err)
	}
	ss := f.as(liaison.RoleLiaison)
	page := "/requests/" + rq.ID
	r := f.do(t, ss, "GET", page, nil, "en")
	if !strings.Contains(r.body, `action="`+page+`/ack"`) {
		t.Fatalf("received request page: no acknowledge form\n%s", r.body)
	}
	if r := f.do(t, ss, "POST", page+"/ack", url.Values{"csrf": {ss.CSRF}}, "en"); r.status != 303 {
		t.Fatalf("POST ack: %d\n%s", r.status, r.body)
	}
	r = f.do(t, ss, "GET", page, nil, "en")
	if !strings.Contains(r.body, `action="`+page+`/answer"`) {
		t.Fatalf("acknowledged request page: no answer form\n%s", r.body)
	}
	form := url.Values{"csrf": {ss.CSRF}, "body": {"Yes: the consignee was convicted in 2023."}}
	form.Set("classification", "PROTECTED B")
	form.Set("tlp", "AMBER")
	form.Add("codes", liaison.CodeLawEnforcementOnly)
	if r := f.do(t, ss, "POST", page+"/answer", form, "en"); r.status != 303 {
		t.Fatalf("POST answer: %d\n%s", r.status, r.body)
	}
	r = f.do(t, ss, "GET", page, nil, "en")
	if !strings.Contains(r.body, `class="clock stopped"`) || !strings.Contains(r.body, "Answered") {
		t.Errorf("answered request page: clock not stopped\n%s", r.body)
	}
}
