package taxii

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Query is the filter and paging of a Get Objects request (sections 3.4,
// 3.5); zero fields are left out.
type Query struct {
	AddedAfter string
	Next       string
	Limit      int
	IDs, Types []string
}

func (q Query) encode() string {
	v := url.Values{}
	if q.AddedAfter != "" {
		v.Set("added_after", q.AddedAfter)
	}
	if q.Next != "" {
		v.Set("next", q.Next)
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if len(q.IDs) > 0 {
		v.Set("match[id]", strings.Join(q.IDs, ","))
	}
	if len(q.Types) > 0 {
		v.Set("match[type]", strings.Join(q.Types, ","))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// Page is one answer of Get Objects: the envelope and the
// X-TAXII-Date-Added-First and -Last headers (section 3.4.1) as sent.
type Page struct {
	Envelope
	DateAddedFirst, DateAddedLast string
}

// Objects gets a page of a collection's objects (section 5.4).
func (c *Client) Objects(ctx context.Context, root, collection string, q Query) (*Page, error) {
	u := join(root, "collections", collection, "objects") + q.encode()
	r, err := c.do(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	e, err := DecodeEnvelope(r.body)
	if err != nil {
		return nil, &Error{Method: http.MethodGet, URL: u, Status: r.status, Problem: err.Error()}
	}
	return &Page{Envelope: *e, DateAddedFirst: r.header.Get("X-TAXII-Date-Added-First"),
		DateAddedLast: r.header.Get("X-TAXII-Date-Added-Last")}, nil
}

// StatusDetail is one object of a status resource (section 4.3.1).
type StatusDetail struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Message string `json:"message,omitempty"`
}

// Status is the status resource of an add-objects request (section
// 4.3.1).
type Status struct {
	ID               string         `json:"id"`
	Status           string         `json:"status"`
	RequestTimestamp string         `json:"request_timestamp,omitempty"`
	TotalCount       int            `json:"total_count"`
	SuccessCount     int            `json:"success_count"`
	Successes        []StatusDetail `json:"successes,omitempty"`
	FailureCount     int            `json:"failure_count"`
	Failures         []StatusDetail `json:"failures,omitempty"`
	PendingCount     int            `json:"pending_count"`
	Pendings         []StatusDetail `json:"pendings,omitempty"`
}

func (c *Client) status(method, u string, r *response) (*Status, error) {
	var st Status
	if err := decodeJSON(method, u, r, &st); err != nil {
		return nil, err
	}
	if st.ID == "" || (st.Status != "complete" && st.Status != "pending") {
		return nil, &Error{Method: method, URL: u, Status: r.status,
			Problem: "not a status resource: no id, or status " + strconv.Quote(clip(st.Status)) + " is neither complete nor pending"}
	}
	return &st, nil
}

// AddObjects sends an envelope (see EncodeEnvelope) to a collection
// (section 5.5) and returns the status resource the server answers.
func (c *Client) AddObjects(ctx context.Context, root, collection string, envelope []byte) (*Status, error) {
	u := join(root, "collections", collection, "objects")
	r, err := c.do(ctx, http.MethodPost, u, envelope)
	if err != nil {
		return nil, err
	}
	return c.status(http.MethodPost, u, r)
}

// Status reads a status resource (section 4.3).
func (c *Client) Status(ctx context.Context, root, id string) (*Status, error) {
	u := join(root, "status", id)
	r, err := c.do(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return c.status(http.MethodGet, u, r)
}

// WaitStatus reads the status st until it is complete or ctx ends,
// waiting PollInterval, then twice as long each time up to a minute. It
// returns the last status read, complete or not, and ctx's error when it
// ended first.
func (c *Client) WaitStatus(ctx context.Context, root string, st *Status) (*Status, error) {
	wait := c.PollInterval
	if wait <= 0 {
		wait = time.Second
	}
	for st.Status != "complete" {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return st, ctx.Err()
		case <-t.C:
		}
		next, err := c.Status(ctx, root, st.ID)
		if err != nil {
			return st, err
		}
		st = next
		wait = min(2*wait, time.Minute)
	}
	return st, nil
}
