package web

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

// messageView is one message with its case and what the page offers.
type messageView struct {
	M        *liaison.Message
	Case     *liaison.Case
	Scheme   string
	Receipts []liaison.Receipt
	// Dissemination is the answer to a dissemination just asked for.
	Dissemination *liaison.Dissemination
	Form          disseminationForm
	// Agencies are this party's agencies a message may be passed on to;
	// Purposes the purposes the guard knows.
	Agencies []liaison.Agency
	Purposes []string
}

// purposes are the purposes of a dissemination, as the guard knows them
// (a test compares the lists); law-enforcement ones first.
var purposes = []string{"investigation", "prosecution", "intelligence", "prevention", "administrative", "judicial"}

// disseminationForm is what the officer typed in the dissemination form.
type disseminationForm struct{ ToAgency, Purpose string }

// getMessage shows one message; the node marks a first read and audits
// every read.
func (s *Server) getMessage(w http.ResponseWriter, r *http.Request, ss *session) {
	v, err := s.messageView(r, ss, r.PathValue("id"))
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	s.renderMessage(w, r, ss, http.StatusOK, v)
}

func (s *Server) messageView(r *http.Request, ss *session, id string) (*messageView, error) {
	m, err := s.node.Message(r.Context(), ss.Officer, id)
	if err != nil {
		return nil, err
	}
	v := &messageView{M: m, Scheme: liaison.EvalAdmiralty}
	if c, err := s.node.Case(r.Context(), ss.Officer, m.CaseID); err == nil {
		v.Case = c
		v.Scheme = s.schemeOf(r.Context(), c.ArrangementID)
	}
	if m.Inbound {
		v.Purposes = purposes
		if d, err := s.node.Directory(r.Context(), ss.Officer); err == nil {
			for _, a := range d.Agencies {
				if a.Party == s.node.Party() {
					v.Agencies = append(v.Agencies, a)
				}
			}
		}
	}
	for _, d := range m.Deliveries {
		if d.Receipt == "" {
			continue
		}
		rc, err := s.node.Receipt(r.Context(), d.Receipt)
		if err != nil {
			return nil, err
		}
		v.Receipts = append(v.Receipts, *rc)
	}
	return v, nil
}

func (s *Server) renderMessage(w http.ResponseWriter, r *http.Request, ss *session, status int, v *messageView) {
	p := s.view(r, ss, "message.title", v)
	if v.M.Subject != "" {
		p.Title = v.M.Subject
	}
	s.render(w, status, "message", "", p)
}
