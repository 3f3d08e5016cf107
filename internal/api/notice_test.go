package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

// TestNoticesAPI walks the notice and subscription endpoints: defaults,
// a change, and bad input answered with the field at fault.
func TestNoticesAPI(t *testing.T) {
	a := MustTestAPI(t)
	if r := a.do(request{method: "GET", path: "/api/v1/notices?unread=true"}); r.status != 200 || string(r.body) != `{"items":[],"next":""}`+"\n" {
		t.Errorf("GET notices = %d %s", r.status, r.body)
	}
	r := a.do(request{method: "GET", path: "/api/v1/me/subscriptions"})
	var sub liaison.Subscription
	if err := json.Unmarshal(r.body, &sub); err != nil || r.status != 200 || sub.Digest != liaison.DigestNone || sub.Email {
		t.Errorf("GET subscriptions = %d %s", r.status, r.body)
	}
	r = a.do(request{method: "PUT", path: "/api/v1/me/subscriptions", body: `{"priorities":["urgent"],"areas":["drugs"],"cases":[],"email":false,"digest":"daily"}`})
	if err := json.Unmarshal(r.body, &sub); err != nil || r.status != 200 || sub.Digest != liaison.DigestDaily || len(sub.Priorities) != 1 {
		t.Errorf("PUT subscriptions = %d %s", r.status, r.body)
	}
	if r := a.do(request{method: "POST", path: "/api/v1/notices/read", body: `{"before":"2030-01-01T00:00:00Z"}`}); r.status != 200 || !strings.Contains(string(r.body), `"read":0`) {
		t.Errorf("POST notices/read = %d %s", r.status, r.body)
	}
	if r := a.do(request{method: "POST", path: "/api/v1/notices/read"}); r.status != 200 {
		t.Errorf("POST notices/read (empty body) = %d %s", r.status, r.body)
	}
	tests := []struct {
		name   string
		req    request
		status int
		code   string
		field  string
	}{
		{"ErrDigest", request{method: "PUT", path: "/api/v1/me/subscriptions", body: `{"digest":"weekly"}`}, 400, "invalid", "digest"},
		{"ErrTimeZone", request{method: "PUT", path: "/api/v1/me/subscriptions", body: `{"digest":"none","time_zone":"Mars/Olympus"}`}, 400, "invalid", "time_zone"},
		{"ErrArea", request{method: "PUT", path: "/api/v1/me/subscriptions", body: `{"areas":["piracy"]}`}, 400, "invalid", "areas[0]"},
		{"ErrNoAddress", request{method: "PUT", path: "/api/v1/me/subscriptions", body: `{"email":true}`}, 400, "invalid", "email"},
		{"ErrUnknownField", request{method: "PUT", path: "/api/v1/me/subscriptions", body: `{"address":"me@example.org"}`}, 400, "invalid", "address"},
		{"ErrTooLarge", request{method: "PUT", path: "/api/v1/me/subscriptions", body: `{"cases":["` + strings.Repeat("x", MaxRequestBody) + `"]}`}, 400, "invalid", "(body)"},
		{"ErrUnread", request{method: "GET", path: "/api/v1/notices?unread=maybe"}, 400, "invalid", "unread"},
		{"ErrNoticeNotFound", request{method: "POST", path: "/api/v1/notices/999/read"}, 404, "not_found", ""},
		{"ErrNoticeID", request{method: "POST", path: "/api/v1/notices/x/read"}, 404, "not_found", ""},
		{"ErrBefore", request{method: "POST", path: "/api/v1/notices/read", body: `{"before":"yesterday"}`}, 400, "invalid", "before"},
		{"ErrDeliveriesNotAdmin", request{method: "GET", path: "/api/v1/notify/deliveries"}, 403, "forbidden", ""},
		{"ErrNoToken", request{method: "GET", path: "/api/v1/notices", auth: "-"}, 401, "unauthorized", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.t = t
			r := a.do(tt.req)
			var p Problem
			if err := json.Unmarshal(r.body, &p); err != nil {
				t.Fatalf("body %q is not JSON: %v", r.body, err)
			}
			if r.status != tt.status || p.Code != tt.code {
				t.Fatalf("%s %s = %d %q, want %d %q; body %s", tt.req.method, tt.req.path, r.status, p.Code, tt.status, tt.code, r.body)
			}
			if tt.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != tt.field) {
				t.Errorf("problem fields = %+v, want %s", p.Errors, tt.field)
			}
		})
	}
	// Nothing bad was stored: the subscription is as last set.
	a.t = t
	r = a.do(request{method: "GET", path: "/api/v1/me/subscriptions"})
	if err := json.Unmarshal(r.body, &sub); err != nil || sub.Digest != liaison.DigestDaily || len(sub.Areas) != 1 || sub.Email {
		t.Errorf("subscription after bad input = %s", r.body)
	}
}
