package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-project/liaison/internal/node"
)

// session is one SMTP connection, opened on the first mail of a tick and
// reused for the next ones, so that a digest hour's mails cost one
// handshake.
type session struct {
	cfg  *SMTP
	c    *smtp.Client
	conn net.Conn
	down error // why the server could not be reached this tick
}

func (s *session) timeout() time.Duration {
	if s.cfg.Timeout <= 0 {
		return 30 * time.Second
	}
	return s.cfg.Timeout
}

func newSession(cfg *SMTP) *session { return &session{cfg: cfg} }

func (s *session) open(ctx context.Context) error {
	timeout := s.timeout()
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	dialer := net.Dialer{Timeout: timeout}
	conn, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(timeout))
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		conn.Close()
		return err
	}
	if err := c.Hello("liaison"); err != nil {
		c.Close()
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		tc := s.cfg.TLS
		if tc == nil {
			tc = &tls.Config{ServerName: s.cfg.Host, MinVersion: tls.VersionTLS12}
		}
		if err := c.StartTLS(tc); err != nil {
			c.Close()
			return err
		}
	} else if s.cfg.RequireTLS {
		c.Close()
		return errors.New("the SMTP server does not offer STARTTLS and require_tls is set")
	}
	if s.cfg.Username != "" {
		// PlainAuth itself refuses to send the password in the clear to
		// anything but localhost.
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			c.Close()
			return err
		}
	}
	s.c, s.conn = c, conn
	return nil
}

func (s *session) send(ctx context.Context, to string, msg []byte) error {
	if s.down != nil {
		// One failed connection per tick: the rest of the batch fails
		// at once and is retried later, rather than each mail waiting
		// for its own timeout.
		return s.down
	}
	if s.c == nil {
		if err := s.open(ctx); err != nil {
			s.down = err
			return err
		}
	} else {
		// The timeout bounds each mail, not the whole session.
		s.conn.SetDeadline(time.Now().Add(s.timeout()))
		if err := s.c.Reset(); err != nil {
			return err
		}
	}
	if err := s.c.Mail(s.cfg.From); err != nil {
		return err
	}
	if err := s.c.Rcpt(to); err != nil {
		return err
	}
	w, err := s.c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

func (s *session) close() {
	if s.c != nil {
		s.c.Quit()
		s.c.Close()
		s.c = nil
	}
}

// replyCode returns the SMTP reply code in err, or "-".
func replyCode(err error) string {
	var te *textproto.Error
	if errors.As(err, &te) {
		return strconv.Itoa(te.Code)
	}
	return "-"
}

// compose writes the mail for m: plain text, the notices' texts and ids.
func compose(cfg *SMTP, m node.Mail, now time.Time) []byte {
	var subject string
	if m.Digest {
		subject = fmt.Sprintf("[Liaison] %d notices", len(m.Notices))
	} else {
		subject = "[Liaison] " + m.Notices[0].Text
	}
	subject = oneLine(subject, 200)
	var b strings.Builder
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", cfg.From)
	header("To", m.To)
	header("Subject", mime.QEncoding.Encode("utf-8", subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", fmt.Sprintf("<notice-%d-%d@%s>", m.Notices[0].ID, len(m.Notices), cfg.Host))
	header("Auto-Submitted", "auto-generated")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "8bit")
	b.WriteString("\r\n")
	if m.Digest {
		fmt.Fprintf(&b, "%d notices since the last digest:\r\n\r\n", len(m.Notices))
	}
	for _, no := range m.Notices {
		fmt.Fprintf(&b, "%s  %s\r\n", no.Time.UTC().Format("2006-01-02 15:04 UTC"), oneLine(no.Text, 1000))
		fmt.Fprintf(&b, "    %s %s", no.Kind, no.Object)
		if no.CaseID != "" {
			fmt.Fprintf(&b, " (case %s)", no.CaseID)
		}
		b.WriteString("\r\n")
	}
	b.WriteString("\r\nRead and mark them in Liaison. Change what you receive with PUT /api/v1/me/subscriptions.\r\n")
	return []byte(b.String())
}

// oneLine replaces control characters (CR and LF above all: no header
// injection) with spaces and cuts s to at most n bytes on a rune boundary.
func oneLine(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) <= n {
		return s
	}
	for n > 0 && !isStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isStart(b byte) bool { return b&0xc0 != 0x80 }
