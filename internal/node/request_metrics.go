package node

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
	"github.com/liaison-project/liaison/internal/report"
)

// RequestMetrics is how quickly the requests sent in a period, both ways,
// were acknowledged and answered, overall and per party on the other
// side, answering agency, crime area and priority. Every figure comes
// from the requests' stored histories, none from a counter.
type RequestMetrics struct {
	Period     report.Period `json:"period"`
	Total      Timing        `json:"total"`
	ByParty    []Timing      `json:"by_party"`
	ByAgency   []Timing      `json:"by_agency"`
	ByArea     []Timing      `json:"by_area"`
	ByPriority []Timing      `json:"by_priority"`
}

// Timing measures one group of requests. Times are in seconds; a median
// or percentile is nil when nothing was measured.
type Timing struct {
	Key          string `json:"key,omitempty"`
	Count        int    `json:"count"`
	Acknowledged int    `json:"acknowledged"`
	Answered     int    `json:"answered"`
	// OnTime are the requests answered by their deadline; OnTimeShare is
	// OnTime over Count.
	OnTime       int      `json:"answered_on_time"`
	OnTimeShare  *float64 `json:"on_time_share"`
	AckMedian    *float64 `json:"ack_median_seconds"`
	AckP90       *float64 `json:"ack_p90_seconds"`
	AnswerMedian *float64 `json:"answer_median_seconds"`
	AnswerP90    *float64 `json:"answer_p90_seconds"`
	ack, answer  []float64
}

func (t *Timing) add(r *liaison.Request) {
	t.Count++
	if r.Acknowledged != nil {
		t.Acknowledged++
		t.ack = append(t.ack, r.Acknowledged.Sub(r.Created).Seconds())
	}
	if r.State == liaison.RequestAnswered && r.Closed != nil {
		t.Answered++
		t.answer = append(t.answer, r.Closed.Sub(r.Created).Seconds())
		if !r.Closed.After(r.Due) {
			t.OnTime++
		}
	}
}

func (t *Timing) finish() {
	if t.Count > 0 {
		share := float64(t.OnTime) / float64(t.Count)
		t.OnTimeShare = &share
	}
	if m, p, ok := report.Quantiles(t.ack); ok {
		t.AckMedian, t.AckP90 = &m, &p
	}
	if m, p, ok := report.Quantiles(t.answer); ok {
		t.AnswerMedian, t.AnswerP90 = &m, &p
	}
}

// grouped keeps a Timing per key.
type grouped map[string]*Timing

func (g grouped) add(key string, r *liaison.Request) {
	t, ok := g[key]
	if !ok {
		t = &Timing{Key: key}
		g[key] = t
	}
	t.add(r)
}

func (g grouped) list() []Timing {
	out := make([]Timing, 0, len(g))
	for _, t := range g {
		t.finish()
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b Timing) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// requestsIn calls fn with every request sent in p, its history replayed.
func (n *Node) requestsIn(ctx context.Context, p report.Period, fn func(*liaison.Request)) error {
	from, to := p.Start(), p.End()
	after := ""
	for {
		rs, next, err := n.store.Requests(ctx, liaison.RequestFilter{CreatedFrom: &from, CreatedTo: &to, After: after, Limit: reportPage})
		if err != nil {
			return err
		}
		for i := range rs {
			// From the history itself, not the columns kept beside it.
			rs[i].Replay()
			fn(&rs[i])
		}
		if next == "" {
			return nil
		}
		after = next
	}
}

// RequestMetrics measures the requests sent in the period from to to
// (dates, YYYY-MM-DD, UTC, to included). Supervisors and auditors only
// (EFORBIDDEN, audited); EINVALID names the field of a bad date.
func (n *Node) RequestMetrics(ctx context.Context, actor *liaison.Officer, from, to string) (*RequestMetrics, error) {
	if d := guard.ReadRequestMetrics(actor); !d.Allow {
		return nil, n.refuse(ctx, actor, "request.metrics", "", d)
	}
	p, err := report.ParsePeriod(from, to)
	if err != nil {
		return nil, err
	}
	m := &RequestMetrics{Period: p}
	party, agency, area, prio := grouped{}, grouped{}, grouped{}, grouped{}
	err = n.requestsIn(ctx, p, func(r *liaison.Request) {
		m.Total.add(r)
		party.add(r.Counterpart(), r)
		ag := r.To + "/(unassigned)"
		if r.Assignee != nil {
			ag = r.Assignee.Party + "/" + r.Assignee.Agency
		}
		agency.add(ag, r)
		area.add(string(r.Handling.CrimeArea), r)
		prio.add(string(r.Priority), r)
	})
	if err != nil {
		return nil, fmt.Errorf("request metrics: %w", err)
	}
	m.Total.finish()
	m.ByParty, m.ByAgency, m.ByArea, m.ByPriority = party.list(), agency.list(), area.list(), prio.list()
	object := "requests:" + p.From.Format(report.DateLayout) + "/" + p.To.Format(report.DateLayout)
	if err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, actor, "request.metrics", object, "allow", []string{fmt.Sprintf("%d requests", m.Total.Count)}, nil)
	}); err != nil {
		return nil, err
	}
	return m, nil
}

// reportRequests is the timeliness section of the oversight report: the
// requests sent in its period, both ways, from their histories.
func (n *Node) reportRequests(ctx context.Context, p report.Period) (report.Timeliness, error) {
	var rs []report.RequestTiming
	err := n.requestsIn(ctx, p, func(r *liaison.Request) {
		t := report.RequestTiming{Asked: r.Created, Due: r.Due}
		if r.State == liaison.RequestAnswered && r.Closed != nil {
			at := *r.Closed
			t.Answered = &at
		}
		rs = append(rs, t)
	})
	if err != nil {
		return report.Timeliness{}, err
	}
	return report.NewTimeliness(rs), nil
}
