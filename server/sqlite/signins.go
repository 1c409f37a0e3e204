package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/gloss-annotate/gloss/server"
)

// addSignInFailures is migration 15 → 16: the failed sign-ins the rate
// limit counts (server.SignInFailures), which were in the server's memory.
const addSignInFailures = `
CREATE TABLE sign_in_logins (
	login TEXT PRIMARY KEY,
	count INTEGER NOT NULL,
	last  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sign_in_logins_by_last ON sign_in_logins (last);
CREATE TABLE sign_in_addresses (
	address TEXT PRIMARY KEY,
	count   INTEGER NOT NULL,
	start   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sign_in_addresses_by_start ON sign_in_addresses (start);
`

// SignInFailures returns the failures of login and those of addr.
func (s *Store) SignInFailures(ctx context.Context, login, addr string) (server.LoginFailures, server.AddressFailures, error) {
	var lf server.LoginFailures
	var af server.AddressFailures
	var last, start sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT count FROM sign_in_logins WHERE login = ?), (SELECT last FROM sign_in_logins WHERE login = ?),
		(SELECT count FROM sign_in_addresses WHERE address = ?), (SELECT start FROM sign_in_addresses WHERE address = ?)`,
		login, login, addr, addr).Scan(&nullInt{&lf.Count}, &last, &nullInt{&af.Count}, &start)
	if err != nil {
		return lf, af, err
	}
	if lf.Last, err = parseTime(last.String); err != nil {
		return lf, af, err
	}
	af.Start, err = parseTime(start.String)
	return lf, af, err
}

// nullInt scans an integer that may be NULL (0).
type nullInt struct{ n *int }

func (v *nullInt) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*v.n = int(n.Int64)
	return nil
}

// AddSignInFailure counts one failure of login and of addr at now.
func (s *Store) AddSignInFailure(ctx context.Context, login, addr string, now time.Time, forget, window time.Duration) error {
	at, forgotten, ended := formatTime(now), formatTime(now.Add(-forget)), formatTime(now.Add(-window))
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if login != "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sign_in_logins WHERE last < ?`, forgotten); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sign_in_logins (login, count, last) VALUES (?, 1, ?)
				ON CONFLICT (login) DO UPDATE SET count = count + 1, last = excluded.last`, login, at); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sign_in_addresses WHERE start <= ?`, ended); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sign_in_addresses (address, count, start) VALUES (?, 1, ?)
			ON CONFLICT (address) DO UPDATE SET count = count + 1`, addr, at)
		return err
	})
}

// ClearSignInFailures forgets login's failures.
func (s *Store) ClearSignInFailures(ctx context.Context, login string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sign_in_logins WHERE login = ?`, login)
		return err
	})
}

// ClearAddressFailures forgets the failures of the address addr.
func (s *Store) ClearAddressFailures(ctx context.Context, addr string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sign_in_addresses WHERE address = ?`, addr)
		return err
	})
}
