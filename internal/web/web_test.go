package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/examples/workplans"
	"github.com/liaison-project/liaison/internal/arrangement"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// fixture is a Canadian node with India as its peer, officers of every
// role, a case, a sent message, a received one and an open request.
type fixture struct {
	n       *node.Node
	st      *sqlite.Store
	h       http.Handler
	now     time.Time
	officer map[liaison.Role]*liaison.Officer
	c       *liaison.Case
	sent    *liaison.Message
	inbound *liaison.Message
	request *liaison.Request
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(tb.TempDir(), "ca.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	f := &fixture{st: st, now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), officer: map[liaison.Role]*liaison.Officer{}}
	f.n, err = node.New(node.Config{Party: "ca", Name: "Canada", Store: st, Now: func() time.Time { return f.now }})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := f.n.ApplyArrangement(ctx, arrangements.InCA); err != nil {
		tb.Fatal(err)
	}
	if _, err := f.n.AddPeer(ctx, liaison.Card{
		Party: "in", Name: "India", FederationURL: "https://in.example:8443",
		SigningKey: bytes.Repeat([]byte{'i'}, 32), HPKEKey: bytes.Repeat([]byte{'n'}, 1216),
		CertSHA256: strings.Repeat("69", 32),
	}); err != nil {
		tb.Fatal(err)
	}
	if _, _, err := f.n.AddOfficer(ctx, liaison.Officer{Name: "Border officer", Agency: "cbsa", Role: liaison.RoleAnalyst,
		Areas: []liaison.CrimeArea{liaison.AreaDrugs}}, ""); err != nil {
		tb.Fatal(err)
	}
	for _, role := range liaison.Roles {
		agency := "rcmp"
		if role == liaison.RoleAuditor {
			agency = "audit"
		}
		o, _, err := f.n.AddOfficer(ctx, liaison.Officer{Name: "Officer " + string(role), Agency: agency, Role: role,
			Areas: liaison.CrimeAreas}, "")
		if err != nil {
			tb.Fatal(err)
		}
		f.officer[role] = o
	}
	lo := f.officer[liaison.RoleLiaison]
	h := liaison.Handling{Classification: "PROTECTED B", TLP: liaison.TLPAmber,
		Codes: []string{liaison.CodeLawEnforcementOnly}, CrimeArea: liaison.AreaDrugs,
		SourceReliability: "B", InfoCredibility: "2", Intelligence: true}
	f.c, err = f.n.CreateCase(ctx, lo, node.CaseInput{Title: "Fentanyl precursor shipments", CrimeArea: liaison.AreaDrugs,
		Parties: []string{"in"}, Handling: liaison.Handling{Classification: "PROTECTED B", TLP: liaison.TLPAmber,
			Codes: []string{liaison.CodeLawEnforcementOnly}, CrimeArea: liaison.AreaDrugs}})
	if err != nil {
		tb.Fatal(err)
	}
	f.sent, err = f.n.PostMessage(ctx, lo, f.c.ID, node.MessageInput{Subject: "Container update",
		Body: "The container was transhipped at Colombo.", Handling: h,
		Entities: []liaison.Entity{{Kind: liaison.EntityContainer, Value: "MSCU1234566"}}})
	if err != nil {
		tb.Fatal(err)
	}
	f.inbound = seedInbound(tb, st, f.c.ID, f.now, 0, 1)[0]
	f.request, err = f.n.AskRequest(ctx, lo, node.RequestInput{CaseID: f.c.ID, Question: "Who is the consignee?",
		Priority: liaison.PriorityUrgent, Handling: liaison.Handling{Classification: "PROTECTED B", TLP: liaison.TLPAmber,
			Codes: []string{liaison.CodeLawEnforcementOnly}, CrimeArea: liaison.AreaDrugs}})
	if err != nil {
		tb.Fatal(err)
	}
	seed, err := arrangement.ParseWorkplan(workplans.InCA)
	if err != nil {
		tb.Fatal(err)
	}
	// Started a year ago, so that some actions are overdue.
	if _, err := f.n.SeedWorkplan(ctx, seed, "", "2025-11-01"); err != nil {
		tb.Fatal(err)
	}
	f.h = New(f.n, nil, Options{})
	return f
}

// seedInbound stores n messages received from India in case caseID,
// straight into the store, a thousand per transaction, numbered from
// first on.
func seedInbound(tb testing.TB, st liaison.Store, caseID string, at time.Time, first, n int) []*liaison.Message {
	tb.Helper()
	var out []*liaison.Message
	for i := first; i < first+n; {
		err := st.Update(context.Background(), func(tx liaison.Tx) error {
			for j := 0; j < 1000 && i < first+n; j, i = j+1, i+1 {
				when := at.Add(-time.Duration(i) * time.Second)
				m := &liaison.Message{
					ID: fmt.Sprintf("019a0000-0000-7000-8000-%012d", i), CaseID: caseID,
					Subject: fmt.Sprintf("Consignment %d", i),
					Body:    "Shipment of 4-AP declared as solvent; consignee shares a phone with last month's seizure.",
					Handling: liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber,
						Codes: []string{liaison.CodeLawEnforcementOnly, liaison.CodeNoOnwardDissemination}, CrimeArea: liaison.AreaDrugs,
						SourceReliability: "B", InfoCredibility: "2", Intelligence: true},
					Entities: []liaison.Entity{{Kind: liaison.EntityContainer, Value: "MSKU1234565"}},
					From:     liaison.Sender{Party: "in", Agency: "ncb", Officer: "Insp. Sharma"},
					Created:  when, Received: &when, Inbound: true, State: liaison.StateDelivered,
				}
				if err := tx.CreateMessage(m); err != nil {
					return err
				}
				if len(out) < 10 {
					out = append(out, m)
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// response is what a request through the handler answered.
type response struct {
	status int
	header http.Header
	body   string
}

// newRequest builds a form request as ss.
func (f *fixture) newRequest(tb testing.TB, ss *session, method, target string, form url.Values) *http.Request {
	tb.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return withSession(r, ss)
}

// serve runs r through the handler.
func (f *fixture) serve(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// do sends a request as ss (nil: no session) in language lang.
func (f *fixture) do(tb testing.TB, ss *session, method, target string, form url.Values, lang string) response {
	tb.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, target, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if lang != "" {
		r.Header.Set("Accept-Language", lang)
	}
	if ss != nil {
		r = withSession(r, ss)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return response{status: w.Code, header: w.Header(), body: w.Body.String()}
}

// as is a session of the officer of role.
func (f *fixture) as(role liaison.Role) *session {
	return &session{Officer: f.officer[role], Token: "test-token", CSRF: "test-csrf-" + string(role)}
}

// checkPage parses body and checks what every page must have: the
// language, the landmarks, the skip link, one h1, and no inline script or
// style.
func checkPage(tb testing.TB, what, body, lang string) {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		tb.Fatalf("%s: parse: %v", what, err)
	}
	var h1, header, nav, mainOK, skip int
	var gotLang string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
				if a.Key == "style" {
					tb.Errorf("%s: style attribute on <%s>", what, n.Data)
				}
				if strings.HasPrefix(a.Key, "on") {
					tb.Errorf("%s: event handler attribute %s on <%s>", what, a.Key, n.Data)
				}
				if a.Key == "tabindex" && a.Val != "0" && a.Val != "-1" {
					tb.Errorf("%s: positive tabindex on <%s>", what, n.Data)
				}
			}
			switch n.Data {
			case "html":
				gotLang = attr["lang"]
			case "h1":
				h1++
			case "header":
				header++
			case "nav":
				if attr["aria-label"] != "" {
					nav++
				}
			case "main":
				if attr["id"] == "main" {
					mainOK++
				}
			case "a":
				if attr["href"] == "#main" {
					skip++
				}
			case "style":
				tb.Errorf("%s: inline <style>", what)
			case "script":
				if attr["src"] == "" || n.FirstChild != nil {
					tb.Errorf("%s: inline <script>", what)
				}
			case "input", "select", "textarea":
				if attr["type"] != "hidden" && attr["id"] == "" {
					tb.Errorf("%s: <%s name=%q> has no id for a label", what, n.Data, attr["name"])
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if gotLang != lang {
		tb.Errorf("%s: <html lang=%q>, want %q", what, gotLang, lang)
	}
	if h1 != 1 || header != 1 || nav < 1 || mainOK != 1 || skip != 1 {
		tb.Errorf("%s: %d h1, %d header, %d labelled nav, %d main#main, %d skip links; want 1, 1, ≥1, 1, 1", what, h1, header, nav, mainOK, skip)
	}
}
