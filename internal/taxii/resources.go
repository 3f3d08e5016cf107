package taxii

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// Discovery is the discovery resource (section 4.1.1).
type Discovery struct {
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Contact     string   `json:"contact,omitempty"`
	Default     string   `json:"default,omitempty"`
	APIRoots    []string `json:"api_roots,omitempty"`
}

// APIRoot is the API root resource (section 4.2.1).
type APIRoot struct {
	Title            string   `json:"title"`
	Description      string   `json:"description,omitempty"`
	Versions         []string `json:"versions"`
	MaxContentLength int64    `json:"max_content_length"`
}

// Collection is the collection resource (section 5.2.1).
type Collection struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Alias       string   `json:"alias,omitempty"`
	CanRead     bool     `json:"can_read"`
	CanWrite    bool     `json:"can_write"`
	MediaTypes  []string `json:"media_types,omitempty"`
}

// Discover reads the discovery resource at u (section 4.1).
func (c *Client) Discover(ctx context.Context, u string) (*Discovery, error) {
	r, err := c.do(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	var d Discovery
	return &d, decodeJSON(http.MethodGet, u, r, &d)
}

// APIRoot reads the API root resource at root (section 4.2).
func (c *Client) APIRoot(ctx context.Context, root string) (*APIRoot, error) {
	r, err := c.do(ctx, http.MethodGet, root, nil)
	if err != nil {
		return nil, err
	}
	var a APIRoot
	if err := decodeJSON(http.MethodGet, root, r, &a); err != nil {
		return nil, err
	}
	if len(a.Versions) == 0 {
		return nil, &Error{Method: http.MethodGet, URL: root, Status: r.status, Problem: "not an API root: it lists no versions"}
	}
	return &a, nil
}

// ResolveRoot returns the API root that u names: u itself when it is an
// API root, else, when u is a discovery endpoint, its default API root
// (or its only one), as an absolute URL ending in a slash.
func (c *Client) ResolveRoot(ctx context.Context, u string) (string, error) {
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	r, err := c.do(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	var probe struct {
		Versions []string `json:"versions"`
		Discovery
	}
	if err := decodeJSON(http.MethodGet, u, r, &probe); err != nil {
		return "", err
	}
	if len(probe.Versions) > 0 {
		return u, nil
	}
	root := probe.Default
	if root == "" && len(probe.APIRoots) == 1 {
		root = probe.APIRoots[0]
	}
	if root == "" {
		return "", &Error{Method: http.MethodGet, URL: u, Status: r.status,
			Problem: "neither an API root nor a discovery resource with a default API root; give an API root's URL"}
	}
	base, _ := url.Parse(u)
	ref, err := url.Parse(root)
	if err != nil {
		return "", &Error{Method: http.MethodGet, URL: u, Status: r.status, Problem: "the default API root is not a URL: " + clip(root)}
	}
	abs := base.ResolveReference(ref).String()
	if !strings.HasSuffix(abs, "/") {
		abs += "/"
	}
	return abs, nil
}

// Collections lists the collections of an API root (section 5.1).
func (c *Client) Collections(ctx context.Context, root string) ([]Collection, error) {
	u := join(root, "collections")
	r, err := c.do(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	var cs struct {
		Collections []Collection `json:"collections"`
	}
	return cs.Collections, decodeJSON(http.MethodGet, u, r, &cs)
}

// Collection reads one collection (section 5.2).
func (c *Client) Collection(ctx context.Context, root, id string) (*Collection, error) {
	u := join(root, "collections", id)
	r, err := c.do(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	var col Collection
	return &col, decodeJSON(http.MethodGet, u, r, &col)
}
