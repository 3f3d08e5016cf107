package web

import (
	"net/http"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// caseView is a case with a page of its thread.
type caseView struct {
	Case     *liaison.Case
	Scheme   string
	Messages []liaison.Message
	Next     string
	Base     string
	// CanAsk offers the request form to officers who may send.
	CanAsk     bool
	Priorities []liaison.Priority
	// Form and Options fill the request form's handling picker.
	Form    liaison.Handling
	Options handlingOptions
}

// getCase shows a case and a page of its messages, oldest first.
func (s *Server) getCase(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx := r.Context()
	c, err := s.node.Case(ctx, ss.Officer, r.PathValue("id"))
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	ms, next, err := s.node.CaseMessages(ctx, ss.Officer, c.ID, r.URL.Query().Get("after"), pageSize)
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	v := caseView{Case: c, Scheme: s.schemeOf(ctx, c.ArrangementID), Messages: ms, Next: next, Base: "/cases/" + c.ID,
		CanAsk: ss.Officer.CanSend(), Priorities: []liaison.Priority{liaison.PriorityRoutine, liaison.PriorityHigh, liaison.PriorityUrgent}}
	v.Form, v.Options = c.Handling, s.optionsFor(s.arrangementOf(ctx, c.ArrangementID))
	p := s.view(r, ss, "case.heading", v)
	p.Title = c.Title
	if r.URL.Query().Get("held") != "" {
		// Compose sends here when the party's rules held the message.
		p.Flash = s.locale(p).T("case.held")
	}
	s.render(w, http.StatusOK, "case", "", p)
}

// getNewCase shows the form that opens a case.
func (s *Server) getNewCase(w http.ResponseWriter, r *http.Request, ss *session) {
	s.renderNewCase(w, r, ss, http.StatusOK, newCaseForm{}, nil)
}

// newCaseForm is the new case form's values and choices.
type newCaseForm struct {
	Title   string
	Area    liaison.CrimeArea
	Parties []string
	Form    liaison.Handling
	Options handlingOptions
	Areas   []liaison.CrimeArea
	Peers   []string
	Problem *problem
}

func (s *Server) renderNewCase(w http.ResponseWriter, r *http.Request, ss *session, status int, f newCaseForm, pr *problem) {
	ctx := r.Context()
	as, err := s.node.Arrangements(ctx)
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	var a *liaison.Arrangement
	if len(as) > 0 {
		a = &as[len(as)-1]
		f.Areas = a.CrimeAreas
		for _, p := range a.Parties {
			if p != s.node.Party() {
				f.Peers = append(f.Peers, p)
			}
		}
	}
	f.Options = s.optionsFor(a)
	f.Problem = pr
	s.render(w, status, "case_new", "", s.view(r, ss, "cases.new", f))
}

// postCase opens a case; the node checks the arrangement and audits.
func (s *Server) postCase(w http.ResponseWriter, r *http.Request, ss *session) {
	area := liaison.CrimeArea(r.PostFormValue("crime_area"))
	in := node.CaseInput{
		Title: r.PostFormValue("title"), CrimeArea: area,
		Parties: nonEmpty(r.PostForm["parties"]), Handling: handlingForm(r, area),
	}
	c, err := s.node.CreateCase(r.Context(), ss.Officer, in)
	if code := liaison.ErrorCode(err); code == liaison.EINVALID || code == liaison.EFORBIDDEN {
		pr := s.problemOf(r, err)
		s.renderNewCase(w, r, ss, pr.Status, newCaseForm{Title: in.Title, Area: area, Parties: in.Parties, Form: in.Handling}, &pr)
		return
	} else if err != nil {
		s.error(w, r, ss, err)
		return
	}
	http.Redirect(w, r, "/cases/"+c.ID, http.StatusSeeOther)
}
