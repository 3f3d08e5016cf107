package web

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// inboxView is a page of the inbox and the open requests beside it.
type inboxView struct {
	Messages []liaison.Message
	Requests []liaison.Request
	Next     string
	Base     string
}

// getInbox shows a page of received messages, unread first, then newest,
// with the open requests and their clocks.
func (s *Server) getInbox(w http.ResponseWriter, r *http.Request, ss *session) {
	ms, next, err := s.node.Inbox(r.Context(), ss.Officer, r.URL.Query().Get("after"), pageSize)
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	slices.SortStableFunc(ms, func(a, b liaison.Message) int {
		if ua, ub := unread(&a), unread(&b); ua != ub {
			if ua {
				return -1
			}
			return 1
		}
		return b.Created.Compare(a.Created)
	})
	v := inboxView{Messages: ms, Next: next, Base: "/inbox"}
	if rs, _, err := s.node.Requests(r.Context(), ss.Officer, node.RequestList{View: "open", Limit: 10}); err == nil {
		slices.SortStableFunc(rs, func(a, b liaison.Request) int {
			return cmp.Or(priorityRank(a.Priority)-priorityRank(b.Priority), a.Due.Compare(b.Due))
		})
		v.Requests = rs
	}
	s.render(w, http.StatusOK, "inbox", "", s.view(r, ss, "inbox.title", v))
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
