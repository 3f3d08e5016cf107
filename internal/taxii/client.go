package taxii

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The TAXII 2.1 media types (section 1.6.8).
const (
	MediaTAXII = "application/taxii+json;version=2.1"
	MediaSTIX  = "application/stix+json;version=2.1"
)

// DefaultMaxResponse bounds a response body when Client.MaxResponse is
// zero: a page of 10,000 large objects fits.
const DefaultMaxResponse = 256 << 20

// Client talks to TAXII 2.1 servers. Its zero value is usable: no
// credentials, http.DefaultClient, DefaultMaxResponse.
type Client struct {
	// HTTP sends the requests; nil means http.DefaultClient.
	HTTP *http.Client
	// User and Password, when User is not empty, are sent as HTTP Basic
	// authentication (section 1.6.1); Token, when not empty, as a bearer
	// token. Neither is sent over plain HTTP except to a loopback
	// address.
	User, Password string
	Token          string
	// MaxResponse bounds a response body in bytes; 0 means
	// DefaultMaxResponse.
	MaxResponse int64
	// PollInterval is the first wait between two reads of a pending
	// status (doubled up to a minute); 0 means one second.
	PollInterval time.Duration
}

// Error is a request the server refused or answered with something
// other than TAXII 2.1.
type Error struct {
	Method, URL string
	// Status is the HTTP status, 0 when the answer was not HTTP or was
	// not understood.
	Status int
	// Title and Description are those of the server's error message
	// resource (section 3.6.1), empty when it sent none.
	Title, Description string
	// Problem says what was wrong when the answer was not understood.
	Problem string
}

// Error names the request, then the server's status and message, then
// what was wrong with the answer.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", e.Method, e.URL)
	if e.Status != 0 {
		fmt.Fprintf(&b, "server answered %d %s", e.Status, http.StatusText(e.Status))
	}
	if e.Title != "" {
		fmt.Fprintf(&b, ": %s", e.Title)
	}
	if e.Description != "" {
		fmt.Fprintf(&b, ": %s", e.Description)
	}
	if e.Problem != "" {
		if e.Status != 0 {
			b.WriteString(": ")
		}
		b.WriteString(e.Problem)
	}
	return b.String()
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

func (c *Client) maxResponse() int64 {
	if c.MaxResponse > 0 {
		return c.MaxResponse
	}
	return DefaultMaxResponse
}

// response is an answer read whole.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request and reads the answer, which must be 2xx and TAXII
// 2.1 JSON; anything else is an *Error naming the server's answer.
func (c *Client) do(ctx context.Context, method, u string, body []byte) (*response, error) {
	fail := func(status int, problem string) *Error {
		return &Error{Method: method, URL: u, Status: status, Problem: problem}
	}
	pu, err := url.Parse(u)
	if err != nil || (pu.Scheme != "https" && pu.Scheme != "http") || pu.Host == "" {
		return nil, fail(0, "not an http or https URL")
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fail(0, err.Error())
	}
	req.Header.Set("Accept", MediaTAXII)
	if body != nil {
		req.Header.Set("Content-Type", MediaTAXII)
	}
	if c.User != "" || c.Token != "" {
		if pu.Scheme == "http" && !loopback(pu.Hostname()) {
			return nil, fail(0, "refusing to send credentials over plain HTTP to "+pu.Host+"; use https")
		}
		if c.Token != "" {
			req.Header.Set("Authorization", "Bearer "+c.Token)
		} else {
			req.SetBasicAuth(c.User, c.Password)
		}
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, fail(0, err.Error())
	}
	defer resp.Body.Close()
	max := c.maxResponse()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fail(resp.StatusCode, "read the answer: "+err.Error())
	}
	if int64(len(raw)) > max {
		return nil, fail(resp.StatusCode, "the answer is larger than "+strconv.FormatInt(max, 10)+" bytes")
	}
	r := &response{status: resp.StatusCode, header: resp.Header, body: raw}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := fail(resp.StatusCode, "")
		var em struct {
			Title       string `json:"title"`
			Description string `json:"description"`
		}
		if json.Unmarshal(raw, &em) == nil && em.Title != "" {
			e.Title, e.Description = clip(em.Title), clip(em.Description)
		} else if len(bytes.TrimSpace(raw)) > 0 {
			e.Problem = "body: " + clip(string(raw))
		}
		return nil, e
	}
	if ct := resp.Header.Get("Content-Type"); !isTAXII(ct) {
		return nil, fail(resp.StatusCode, fmt.Sprintf("the answer is %q, not %s", ct, MediaTAXII))
	}
	return r, nil
}

// isTAXII reports whether a Content-Type is TAXII 2.1 (a missing version
// parameter means the server's latest, section 1.6.8.1).
func isTAXII(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/taxii+json" {
		return false
	}
	v, ok := params["version"]
	return !ok || v == "2.1"
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// clip shortens text from a server for an error message.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// decodeJSON decodes a resource, naming the request when it is not what
// the section says.
func decodeJSON(method, u string, r *response, v any) error {
	if err := json.Unmarshal(r.body, v); err != nil {
		return &Error{Method: method, URL: u, Status: r.status, Problem: "the answer is not the expected resource: " + err.Error()}
	}
	return nil
}

// join appends path segments to an API root URL, escaping each.
func join(root string, segs ...string) string {
	u := strings.TrimSuffix(root, "/")
	for _, s := range segs {
		u += "/" + url.PathEscape(s)
	}
	return u + "/"
}
