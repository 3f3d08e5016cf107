package web

import (
	"net/http"
	"time"

	"github.com/liaison-project/liaison"
)

// objectiveView is an objective with its actions and how many are late.
type objectiveView struct {
	O       liaison.Objective
	Actions []actionView
	Overdue int
}

// actionView is an action and whether its due day has passed unfinished.
type actionView struct {
	A       liaison.Action
	Overdue bool
}

// workplanView is a page of the workplan board.
type workplanView struct {
	Objectives []objectiveView
	Next       string
	Base       string
}

// getWorkplan shows the workplan by objective, overdue actions marked.
func (s *Server) getWorkplan(w http.ResponseWriter, r *http.Request, ss *session) {
	os, next, err := s.node.Workplan(r.Context(), ss.Officer, liaison.WorkplanFilter{After: r.URL.Query().Get("after"), Limit: pageSize})
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	today := s.node.Now().UTC().Format(time.DateOnly)
	v := workplanView{Next: next, Base: "/workplan"}
	for _, o := range os {
		ov := objectiveView{O: o}
		for _, a := range o.Actions {
			late := a.Due != "" && a.Due < today && a.Status != liaison.ActionDone && a.Status != liaison.ActionDropped
			if late {
				ov.Overdue++
			}
			ov.Actions = append(ov.Actions, actionView{A: a, Overdue: late})
		}
		v.Objectives = append(v.Objectives, ov)
	}
	s.render(w, http.StatusOK, "workplan", "", s.view(r, ss, "workplan.title", v))
}
