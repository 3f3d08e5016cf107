package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// boardColumns are the columns of the requests board, each a view.
var boardColumns = []string{"overdue", "due_soon", "open", "answered"}

// dueSoon is how near its deadline an open request counts as due soon.
const dueSoon = 24 * time.Hour

// column is one column of the board.
type column struct {
	Key      string
	Requests []liaison.Request
	// More pages the column alone, when the node has more.
	More string
}

// requestsView is the board, or one column paged when View is set.
type requestsView struct {
	Columns []column
	View    string
}

// getRequests shows the board: overdue, due soon, open and answered
// requests, each with its clock. ?view=open|overdue|answered&after= pages
// one column.
func (s *Server) getRequests(w http.ResponseWriter, r *http.Request, ss *session) {
	q := r.URL.Query()
	ctx := r.Context()
	now := s.node.Now()
	fetch := func(view, after string) ([]liaison.Request, string, error) {
		rs, next, err := s.node.Requests(ctx, ss.Officer, node.RequestList{View: view, After: after, Limit: pageSize})
		slices.SortStableFunc(rs, func(a, b liaison.Request) int { return a.Due.Compare(b.Due) })
		return rs, next, err
	}
	if view := q.Get("view"); view != "" {
		rs, next, err := fetch(view, q.Get("after"))
		if err != nil {
			s.error(w, r, ss, err)
			return
		}
		col := column{Key: view, Requests: rs}
		if next != "" {
			col.More = "/requests?view=" + view + "&after=" + next
		}
		s.render(w, http.StatusOK, "requests", "", s.view(r, ss, "requests.title", requestsView{Columns: []column{col}, View: view}))
		return
	}
	overdue, nextOverdue, err := fetch("overdue", "")
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	open, nextOpen, err := fetch("open", "")
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	answered, nextAnswered, err := fetch("answered", "")
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	var soon, rest []liaison.Request
	for _, rq := range open {
		switch {
		case !now.Before(rq.Due):
			// in the overdue column already
		case rq.Due.Sub(now) <= dueSoon:
			soon = append(soon, rq)
		default:
			rest = append(rest, rq)
		}
	}
	more := func(view, next string) string {
		if next == "" {
			return ""
		}
		return "/requests?view=" + view + "&after=" + next
	}
	v := requestsView{Columns: []column{
		{Key: "overdue", Requests: overdue, More: more("overdue", nextOverdue)},
		{Key: "due_soon", Requests: soon},
		{Key: "open", Requests: rest, More: more("open", nextOpen)},
		{Key: "answered", Requests: answered, More: more("answered", nextAnswered)},
	}}
	s.render(w, http.StatusOK, "requests", "", s.view(r, ss, "requests.title", v))
}
