package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/jackc/pgx/v5"
)

// execOne runs a statement that must change one row: server.ErrNotFound
// when it changed none.
func execOne(ctx context.Context, tx pgx.Tx, query string, args ...any) error {
	tag, err := tx.Exec(ctx, query, args...)
	if err == nil && tag.RowsAffected() == 0 {
		err = server.ErrNotFound
	}
	return err
}

// userColumns are the columns scanUser reads, in its order.
const userColumns = `users.id, users.login, users.annotator, users.display_name, users.admin, users.password_hash, users.created, users.access`

// scanUser reads the userColumns of row, and more after them;
// server.ErrNotFound when there is no row.
func scanUser(row pgx.Row, more ...any) (server.User, error) {
	var u server.User
	var created string
	if err := row.Scan(append([]any{&u.ID, &u.Login, &u.Annotator, &u.DisplayName, &u.Admin, &u.PasswordHash, &created, &u.Access}, more...)...); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return u, server.ErrNotFound
		}
		return u, err
	}
	var err error
	u.Created, err = parseTime(created)
	return u, err
}

// insertUser stores u, a member of the Default project as an annotator
// (server.Projects); server.ErrExists when its ID, login or annotator
// name is taken.
func insertUser(ctx context.Context, tx pgx.Tx, u server.User) error {
	_, err := tx.Exec(ctx, `INSERT INTO users (id, login, annotator, display_name, admin, password_hash, created) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		u.ID, u.Login, u.Annotator, u.DisplayName, u.Admin, u.PasswordHash, formatTime(u.Created))
	if isUniqueViolation(err) {
		return server.ErrExists
	}
	if err != nil {
		return err
	}
	if u.Admin { // the setup links are for making the first admin
		if _, err := tx.Exec(ctx, `DELETE FROM setup_tokens`); err != nil {
			return err
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO members (project_id, user_id, role) VALUES ($1, $2, $3)`, api.DefaultProject, u.ID, string(api.RoleAnnotator))
	return err
}

// CreateUser stores u, and makes it the Default project's annotator, in
// one transaction; server.ErrExists when its ID, login or annotator name
// is taken.
func (s *Store) CreateUser(ctx context.Context, u server.User) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return insertUser(ctx, tx, u) })
}

// User returns the user id, or server.ErrNotFound.
func (s *Store) User(ctx context.Context, id string) (server.User, error) {
	return scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

// UserByLogin returns the user whose login is login (normalized already),
// or server.ErrNotFound.
func (s *Store) UserByLogin(ctx context.Context, login string) (server.User, error) {
	return scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE login = $1`, login))
}

// Users lists every user by login, in byte order as SQLite's does
// whatever the database's collation.
func (s *Store) Users(ctx context.Context) ([]server.User, error) {
	return queryAll(ctx, s, func(row pgx.Row) (server.User, error) { return scanUser(row) }, `SELECT `+userColumns+` FROM users ORDER BY login COLLATE "C"`)
}

// HasAdmin reports whether any user is an admin.
func (s *Store) HasAdmin(ctx context.Context) (bool, error) {
	var has bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE admin)`).Scan(&has)
	return has, err
}

// SetPassword gives the user id a new password hash and ends every
// session of the user, in one transaction; server.ErrNotFound when there
// is no such user.
func (s *Store) SetPassword(ctx context.Context, id, hash string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := execOne(ctx, tx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
		return err
	})
}

// CreateSession stores a session of the user userID whose token's hash is
// tokenHash, valid until expires.
func (s *Store) CreateSession(ctx context.Context, tokenHash, userID string, expires time.Time) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, expires) VALUES ($1, $2, $3)`, tokenHash, userID, formatTime(expires))
	return storageError(err)
}

// SessionUser returns the user of the session tokenHash and when it
// expires; server.ErrNotFound when there is none or it expired before now,
// in which case the expired session is deleted.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (server.User, time.Time, error) {
	var expires string
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+`, sessions.expires FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.token_hash = $1`, tokenHash), &expires)
	if err != nil {
		return u, time.Time{}, err
	}
	exp, err := parseTime(expires)
	if err != nil {
		return u, time.Time{}, err
	}
	if !now.Before(exp) {
		if err := s.DeleteSession(ctx, tokenHash); err != nil {
			return server.User{}, time.Time{}, err
		}
		return server.User{}, time.Time{}, server.ErrNotFound
	}
	return u, exp, nil
}

// ExtendSession moves the session's expiry to expires (sliding expiry);
// nothing when there is no such session.
func (s *Store) ExtendSession(ctx context.Context, tokenHash string, expires time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE sessions SET expires = $1 WHERE token_hash = $2`, formatTime(expires), tokenHash)
	return storageError(err)
}

// DeleteSession ends the session tokenHash; nothing when there is none.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return storageError(err)
}

// CreateToken stores the API token t, whose secret's hash is tokenHash.
func (s *Store) CreateToken(ctx context.Context, t server.APIToken, tokenHash string) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO api_tokens (id, user_id, name, token_hash, created) VALUES ($1, $2, $3, $4, $5)`,
		t.ID, t.UserID, t.Name, tokenHash, formatTime(t.Created))
	return storageError(err)
}

// tokenUseStep is how stale a token's last use may get before a use
// writes it again: a script's every request does not cost a write.
const tokenUseStep = time.Minute

// TokenUser returns the user of the API token whose secret's hash is
// tokenHash, noting now as its last use when the one noted is a minute
// old or more; server.ErrNotFound when there is no such token.
func (s *Store) TokenUser(ctx context.Context, tokenHash string, now time.Time) (server.User, error) {
	var lastUsed, id string
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+`, api_tokens.id, api_tokens.last_used FROM api_tokens JOIN users ON users.id = api_tokens.user_id WHERE api_tokens.token_hash = $1`, tokenHash), &id, &lastUsed)
	if err != nil {
		return u, err
	}
	last, err := parseTime(lastUsed)
	if err != nil {
		return u, err
	}
	if now.Sub(last) >= tokenUseStep {
		// The last use is bookkeeping: a write that fails (a full disk)
		// does not refuse the request it notes.
		s.pool.Exec(ctx, `UPDATE api_tokens SET last_used = $1 WHERE id = $2`, formatTime(now), id) //nolint:errcheck
	}
	return u, nil
}

// Tokens lists the user's API tokens, newest first (of equal times, by
// ID).
func (s *Store) Tokens(ctx context.Context, userID string) ([]server.APIToken, error) {
	return queryAll(ctx, s, func(row pgx.Row) (server.APIToken, error) {
		var t server.APIToken
		var created, lastUsed string
		err := row.Scan(&t.ID, &t.UserID, &t.Name, &created, &lastUsed)
		if err == nil {
			t.Created, err = parseTime(created)
		}
		if err == nil {
			t.LastUsed, err = parseTime(lastUsed)
		}
		return t, err
	}, `SELECT id, user_id, name, created, last_used FROM api_tokens WHERE user_id = $1 ORDER BY created COLLATE "C" DESC, id COLLATE "C"`, userID)
}

// DeleteToken revokes the user's token id; server.ErrNotFound when the
// user has no such token.
func (s *Store) DeleteToken(ctx context.Context, userID, id string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		return execOne(ctx, tx, `DELETE FROM api_tokens WHERE id = $1 AND user_id = $2`, id, userID)
	})
}

// PutSetupToken adds tokenHash to the setup tokens and deletes the
// expired ones, in one transaction.
func (s *Store) PutSetupToken(ctx context.Context, tokenHash string, now, since time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM setup_tokens WHERE created < $1`, formatTime(since)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO setup_tokens (token_hash, created) VALUES ($1, $2) ON CONFLICT DO NOTHING`, tokenHash, formatTime(now))
		return err
	})
}

// UseSetupToken creates admin (as CreateUser) and deletes every setup
// token, in one transaction, when tokenHash is one made at since or
// later and no admin exists: server.ErrNotFound when it is not (used
// already, expired, never made, or an admin made another way, gloss user
// add --admin), server.ErrExists as CreateUser, which keeps the tokens
// for another try.
func (s *Store) UseSetupToken(ctx context.Context, tokenHash string, since time.Time, admin server.User) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var has bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE admin)`).Scan(&has); err != nil {
			return err
		}
		if has {
			return server.ErrNotFound
		}
		if err := execOne(ctx, tx, `DELETE FROM setup_tokens WHERE token_hash = $1 AND created >= $2`, tokenHash, formatTime(since)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM setup_tokens`); err != nil {
			return err
		}
		return insertUser(ctx, tx, admin)
	})
}
