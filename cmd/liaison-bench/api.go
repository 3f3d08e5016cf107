package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/liaison-project/liaison"
)

// newClient returns an HTTP client that keeps up to conns connections
// alive to a node's API.
func newClient(conns int) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
		Timeout: 2 * time.Minute,
	}
}

// doWith calls the node's API through c and decodes a JSON answer into
// out. An answer of 300 or more is an error.
func (p *proc) doWith(c *http.Client, method, path string, body, out any) (int, error) {
	var r io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, p.apiURL+path, r)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+p.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode >= 300 {
		return resp.StatusCode, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(raw))
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return resp.StatusCode, nil
}

// do is doWith through p's own client.
func (p *proc) do(method, path string, body, out any) (int, error) {
	return p.doWith(p.client, method, path, body, out)
}

// link returns the state of the link to peer.
func (p *proc) link(peer string) (liaison.Link, error) {
	var links struct{ Items []liaison.Link }
	if _, err := p.do(http.MethodGet, "/api/v1/peers", nil, &links); err != nil {
		return liaison.Link{}, err
	}
	for _, l := range links.Items {
		if l.Party == peer {
			return l, nil
		}
	}
	return liaison.Link{}, fmt.Errorf("node %s has no link to %s", p.party, peer)
}

// waitDrained waits until nothing is queued on p's link to peer and the
// link is up.
func (p *proc) waitDrained(peer string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		l, err := p.link(peer)
		if err != nil {
			return err
		}
		if l.Queued == 0 && l.Up {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("node %s: link to %s not drained after %s: %+v", p.party, peer, limit, l)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// pageMessages pages through a message list of p's API (the inbox or a
// case's messages) and returns all of it.
func (p *proc) pageMessages(path string) ([]liaison.Message, error) {
	var all []liaison.Message
	after := ""
	for {
		var page struct {
			Items []liaison.Message `json:"items"`
			Next  string            `json:"next"`
		}
		if _, err := p.do(http.MethodGet, path+"?limit=1000&after="+url.QueryEscape(after), nil, &page); err != nil {
			return all, err
		}
		all = append(all, page.Items...)
		if page.Next == "" {
			return all, nil
		}
		after = page.Next
	}
}
