// Package policy is a stand-in until the Cedar-backed package lands.
package policy

import "github.com/liaison-project/liaison"

type Request struct {
	Action    string
	Officer   *liaison.Officer
	Party     string
	From      string
	To        []string
	Handling  liaison.Handling
	Level     string
	LevelRank int
	Risk      string
	Approved  bool
	ToAgency  string
	Purpose   string
	MLARef    string
}

type Outcome struct {
	Allow    bool
	Reasons  []string
	Approval bool
	Escalate bool
	Caveats  []string
	Policies []string
}

type Set struct{}

func (s *Set) Decide(r Request) Outcome { return Outcome{Allow: true} }
func (s *Set) Len() int                 { return 0 }

type Watcher struct{}

func (w *Watcher) Current() *Set { return nil }
