package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"
)

// inboxResult is one inbox measurement.
type inboxResult struct {
	messages    int
	pages       int           // pages of limit=1000 read to collect the cursors
	pageAll     time.Duration // reading them
	random      []time.Duration
	first, last []time.Duration
	fill        time.Duration
}

// inboxTimes is how many times the first and the last page are read.
const inboxTimes = 20

// runInbox starts the node holding n received messages (the cold-start
// node, filled through its store) and times GET /api/v1/inbox?limit=50
// from requests cursors picked at random over the whole inbox, one
// request at a time, and the first and the last page. The cursors are
// real ones: the next cursors of one pass over the inbox with limit=1000,
// whatever their format in the node's store.
func (b *bench) runInbox(n, requests int) (inboxResult, error) {
	res := inboxResult{messages: n}
	c, err := b.coldNode(n)
	if err != nil {
		return res, err
	}
	res.fill = c.fill
	if _, err := c.start(); err != nil {
		return res, err
	}
	defer c.stop()

	type page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
		Next string `json:"next"`
	}
	get := func(limit int, after string) (page, time.Duration, error) {
		var pg page
		t := time.Now()
		_, err := c.do(http.MethodGet, fmt.Sprintf("/api/v1/inbox?limit=%d&after=%s", limit, url.QueryEscape(after)), nil, &pg)
		return pg, time.Since(t), err
	}
	b.logf("inbox: collecting cursors over %d messages", n)
	var cursors []string
	seen := 0
	t := time.Now()
	for after := ""; ; {
		pg, _, err := get(1000, after)
		if err != nil {
			return res, err
		}
		res.pages++
		seen += len(pg.Items)
		if pg.Next == "" {
			break
		}
		cursors = append(cursors, pg.Next)
		after = pg.Next
	}
	res.pageAll = time.Since(t)
	if seen != n {
		return res, fmt.Errorf("inbox: the node lists %d messages, want %d", seen, n)
	}
	if len(cursors) == 0 {
		return res, fmt.Errorf("inbox: %d messages fit one page of 1000; nothing to pick cursors from", n)
	}
	b.logf("inbox: %d requests at random cursors", requests)
	rng := rand.New(rand.NewPCG(uint64(n), uint64(requests)))
	for range requests {
		pg, d, err := get(50, cursors[rng.IntN(len(cursors))])
		if err != nil {
			return res, err
		}
		if len(pg.Items) == 0 {
			return res, fmt.Errorf("inbox: an empty page at a cursor inside the inbox")
		}
		res.random = append(res.random, d)
	}
	for range inboxTimes {
		_, d, err := get(50, "")
		if err != nil {
			return res, err
		}
		res.first = append(res.first, d)
		_, d, err = get(50, cursors[len(cursors)-1])
		if err != nil {
			return res, err
		}
		res.last = append(res.last, d)
	}
	return res, nil
}
