package postgres

import (
	"context"

	"github.com/liaison-project/liaison"
)

// ReadReceipts returns the read receipts of a message, by party.
func (s *Store) ReadReceipts(ctx context.Context, message string) ([]liaison.ReadReceipt, error) {
	rows, err := s.pool.Query(ctx, `SELECT party, agency, at FROM read_receipts WHERE message_id = $1 ORDER BY party`, message)
	if err != nil {
		return nil, wrap("read read receipts of "+message, err)
	}
	defer rows.Close()
	var out []liaison.ReadReceipt
	for rows.Next() {
		var r liaison.ReadReceipt
		if err := rows.Scan(&r.Party, &r.Agency, &r.At); err != nil {
			return nil, wrap("read read receipts of "+message, err)
		}
		r.At = r.At.UTC()
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
	_, err := t.tx.Exec(t.ctx, `INSERT INTO read_receipts (message_id, party, agency, at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (message_id, party) DO NOTHING`, message, r.Party, r.Agency, r.At)
	if err != nil {
		return wrap("add read receipt of "+message, err)
	}
	return nil
}
