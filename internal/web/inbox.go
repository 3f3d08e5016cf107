package web

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// inboxView is the inbox: unread messages first, then read ones, each
// newest first and paged on its own, and the open requests beside them.
type inboxView struct {
	Unread     []liaison.Message
	Read       []liaison.Message
	Requests   []liaison.Request
	NextUnread string
	Next       string
	Base       string
	// Paging says which list a page of ?unread= or ?after= continues;
	// the first page shows both.
	Paging string
}

// getInbox shows the unread messages, then the read ones, newest first,
// with the open requests and their clocks. ?unread=CURSOR pages on
// through the unread messages only, ?after=CURSOR through the read ones.
func (s *Server) getInbox(w http.ResponseWriter, r *http.Request, ss *session) {
	q := r.URL.Query()
	v := inboxView{Base: "/inbox"}
	var err error
	delivered, read := liaison.StateDelivered, liaison.StateRead
	if q.Get("after") == "" {
		v.Unread, v.NextUnread, err = s.node.InboxPage(r.Context(), ss.Officer, liaison.MessageFilter{
			State: &delivered, Newest: true, After: q.Get("unread"), Limit: pageSize})
		if err != nil {
			s.error(w, r, ss, err)
			return
		}
	}
	if q.Get("unread") == "" {
		v.Read, v.Next, err = s.node.InboxPage(r.Context(), ss.Officer, liaison.MessageFilter{
			State: &read, Newest: true, After: q.Get("after"), Limit: pageSize})
		if err != nil {
			s.error(w, r, ss, err)
			return
		}
	}
	switch {
	case q.Get("unread") != "":
		v.Paging = "unread"
	case q.Get("after") != "":
		v.Paging = "read"
	}
	if rs, _, err := s.node.Requests(r.Context(), ss.Officer, node.RequestList{View: "open", Limit: 10}); err == nil {
		slices.SortStableFunc(rs, func(a, b liaison.Request) int {
			return cmp.Or(priorityRank(a.Priority)-priorityRank(b.Priority), a.Due.Compare(b.Due))
		})
		v.Requests = rs
	}
	s.render(w, http.StatusOK, "inbox", "", s.view(r, ss, "inbox.title", v))
}

// inboxRows is one of the inbox's tables: its messages and the zone
// their times are shown in.
type inboxRows struct {
	Messages []liaison.Message
	Zone     *time.Location
}

// unread reports whether no officer of this node has read m yet.
func unread(m *liaison.Message) bool { return m.Inbound && m.State == liaison.StateDelivered }

func priorityRank(p liaison.Priority) int {
	switch p {
	case liaison.PriorityUrgent:
		return 0
	case liaison.PriorityHigh:
		return 1
	}
	return 2
}
