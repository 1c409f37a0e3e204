package postgres

import (
	"context"
	"time"

	"github.com/gloss-annotate/gloss/server"
	"github.com/jackc/pgx/v5"
)

// SignInFailures returns the failures of login and those of addr.
func (s *Store) SignInFailures(ctx context.Context, login, addr string) (server.LoginFailures, server.AddressFailures, error) {
	var lf server.LoginFailures
	var af server.AddressFailures
	var loginCount, addrCount *int
	var last, start *string
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count FROM sign_in_logins WHERE login = $1), (SELECT last FROM sign_in_logins WHERE login = $1),
		(SELECT count FROM sign_in_addresses WHERE address = $2), (SELECT start FROM sign_in_addresses WHERE address = $2)`,
		login, addr).Scan(&loginCount, &last, &addrCount, &start)
	if err != nil {
		return lf, af, err
	}
	if loginCount != nil && last != nil {
		lf.Count = *loginCount
		if lf.Last, err = parseTime(*last); err != nil {
			return lf, af, err
		}
	}
	if addrCount != nil && start != nil {
		af.Count = *addrCount
		if af.Start, err = parseTime(*start); err != nil {
			return lf, af, err
		}
	}
	return lf, af, nil
}

// AddSignInFailure counts one failure of login and of addr at now, each
// with one upsert, so that replicas counting at once lose no failure.
func (s *Store) AddSignInFailure(ctx context.Context, login, addr string, now time.Time, forget, window time.Duration) error {
	at, forgotten, ended := formatTime(now), formatTime(now.Add(-forget)), formatTime(now.Add(-window))
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if login != "" {
			if _, err := tx.Exec(ctx, `DELETE FROM sign_in_logins WHERE last < $1`, forgotten); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO sign_in_logins AS l (login, count, last) VALUES ($1, 1, $2)
				ON CONFLICT (login) DO UPDATE SET count = l.count + 1, last = excluded.last`, login, at); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sign_in_addresses WHERE start <= $1`, ended); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sign_in_addresses AS a (address, count, start) VALUES ($1, 1, $2)
			ON CONFLICT (address) DO UPDATE SET count = a.count + 1`, addr, at)
		return err
	})
}

// ClearSignInFailures forgets login's failures.
func (s *Store) ClearSignInFailures(ctx context.Context, login string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sign_in_logins WHERE login = $1`, login)
	return err
}

// ClearAddressFailures forgets the failures of the address addr.
func (s *Store) ClearAddressFailures(ctx context.Context, addr string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sign_in_addresses WHERE address = $1`, addr)
	return err
}
