package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/liaison-project/liaison"
)

// The headers of a webhook request.
const (
	HeaderSignature = "X-Liaison-Signature"
	HeaderTimestamp = "X-Liaison-Timestamp"
	HeaderEvent     = "X-Liaison-Event"
	HeaderDelivery  = "X-Liaison-Delivery"
)

var errNoHook = errors.New("no webhook with this URL is configured now")

// Sign returns the signature header value for body sent at timestamp ts
// (Unix seconds): "sha256=" and the hex HMAC-SHA256 of "ts.body".
func Sign(secret []byte, ts int64, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a webhook request as a receiver would: the signature over
// the timestamp and the exact body, and a timestamp within skew of now.
func Verify(secret []byte, signature, timestamp string, body []byte, now time.Time, skew time.Duration) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("timestamp %q is not Unix seconds", timestamp)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > skew || d < -skew {
		return fmt.Errorf("timestamp %d is %v from now: a replay, or clocks apart", ts, d)
	}
	if !hmac.Equal([]byte(signature), []byte(Sign(secret, ts, body))) {
		return errors.New("signature does not match")
	}
	return nil
}

// send posts the item's body to url, signed, and returns the status, and
// whether a failure is worth retrying (network errors, 408, 429, 5xx).
func (d *Dispatcher) send(ctx context.Context, url string, secret []byte, it liaison.HookItem) (string, bool, error) {
	ts := d.cfg.Node.Now().Unix()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(it.Body))
	if err != nil {
		return "-", false, err
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", "liaison-notify")
	h.Set(HeaderEvent, it.Kind)
	h.Set(HeaderDelivery, it.EventID)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	h.Set(HeaderSignature, Sign(secret, ts, it.Body))
	resp, err := d.cfg.Client.Do(req)
	if err != nil {
		return "-", true, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	status := strconv.Itoa(resp.StatusCode)
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return status, false, nil
	case c == http.StatusRequestTimeout || c == http.StatusTooManyRequests || c >= 500:
		return status, true, fmt.Errorf("webhook answered %s", resp.Status)
	}
	return status, false, fmt.Errorf("webhook answered %s; not retried", resp.Status)
}
