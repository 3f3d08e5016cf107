package sqlite

import (
	"context"

	"github.com/liaison-project/liaison"
)

// ReadReceipts returns the read receipts of a message, by party.
func (s *Store) ReadReceipts(ctx context.Context, message string) ([]liaison.ReadReceipt, error) {
	rows, err := s.r.query(ctx, `SELECT party, agency, at FROM read_receipts WHERE message_id = ? ORDER BY party`, message)
	if err != nil {
		return nil, wrap("read read receipts of "+message, err)
	}
	defer rows.Close()
	var out []liaison.ReadReceipt
	for rows.Next() {
		var (
			r  liaison.ReadReceipt
			at string
		)
		if err := rows.Scan(&r.Party, &r.Agency, &at); err != nil {
			return nil, wrap("read read receipts of "+message, err)
		}
		if r.At, err = parseTime(at); err != nil {
			return nil, wrap("read read receipts of "+message, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read read receipts of "+message, err)
	}
	return out, nil
}

// AddReadReceipt records a party's first read receipt of a message.
func (t *tx) AddReadReceipt(message string, r liaison.ReadReceipt) error {
	if err := t.check(); err != nil {
		return err
	}
	_, err := t.s.w.exec(t.wctx, `INSERT INTO read_receipts (message_id, party, agency, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (message_id, party) DO NOTHING`, message, r.Party, r.Agency, fmtTime(r.At))
	if err != nil {
		return wrap("add read receipt of "+message, err)
	}
	return nil
}
