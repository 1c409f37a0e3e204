package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/uuid"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// addAccounts is migration 5 → 6: the account tables, and a user for each
// annotator name in the revisions but annotations.GoldAnnotator (whose
// sets are the gold sets, no account's), so that nothing stored loses its
// owner. Such a user has no password (an admin sets one: gloss user
// passwd); its Annotator is the exact old name, which its revisions and
// their IDs carry and so can never change; its login is migratedLogins'.
func addAccounts(tx *sql.Tx) error {
	if _, err := tx.Exec(`
CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	login         TEXT NOT NULL UNIQUE,
	annotator     TEXT NOT NULL UNIQUE,
	display_name  TEXT NOT NULL DEFAULT '',
	admin         INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT NOT NULL DEFAULT '',
	created       TEXT NOT NULL
);
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	expires    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE TABLE api_tokens (
	id         TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created    TEXT NOT NULL,
	last_used  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created);
CREATE TABLE setup_tokens (
	token_hash TEXT PRIMARY KEY,
	created    TEXT NOT NULL
) WITHOUT ROWID;
`); err != nil {
		return err
	}
	rows, err := tx.Query(`SELECT DISTINCT annotator FROM revisions ORDER BY annotator`)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	logins := migratedLogins(names)
	now := formatTime(time.Now())
	for _, name := range names {
		login, ok := logins[name]
		if !ok {
			continue
		}
		if _, err := tx.Exec(`INSERT INTO users (id, login, annotator, display_name, created) VALUES (?, ?, ?, ?, ?)`,
			uuid.NewString(), login, name, displayNameOf(name, login), now); err != nil {
			return fmt.Errorf("make a user of annotator %q: %w", name, err)
		}
	}
	return nil
}

// migratedLogins returns the login of the user made of each annotator
// name of names (distinct, in the order the users are made), none for
// annotations.GoldAnnotator. A name that is a new account's login already,
// exactly (server.CheckNewLogin: lower case, normalized, no lookalike),
// is its own login, whatever the order: with names ANN, Ann and ann, ann
// is ann's. Each other name then takes, in the order of names, the login
// migratedLogin derives, numbered past the logins taken before it: ANN is
// ann-2 and Ann ann-3.
func migratedLogins(names []string) map[string]string {
	logins := make(map[string]string, len(names))
	taken := map[string]bool{annotations.GoldAnnotator: true, api.MajorityAnnotator: true} // reserved (server.CheckNewLogin)
	for _, name := range names {
		if name != annotations.GoldAnnotator && server.CheckNewLogin(name) == nil {
			logins[name] = name
			taken[name] = true
		}
	}
	for _, name := range names {
		if _, ok := logins[name]; ok || name == annotations.GoldAnnotator {
			continue
		}
		login := migratedLogin(name, taken)
		logins[name] = login
		taken[login] = true
	}
	return logins
}

// migratedLogin returns the login of the user made of annotator name, one
// that server.CheckNewLogin accepts: the name as a login
// (server.LoginFromName: "Ｂob/Ross" is "bob ross"), or "annotator" for a
// name that gives none (nothing left, or letters of scripts no language
// writes together), numbered ("ann-2", cut to fit) while taken.
func migratedLogin(name string, taken map[string]bool) string {
	base := server.LoginFromName(name)
	if base == "" {
		base = "annotator"
	}
	login := base
	for n := 2; taken[login]; n++ {
		suffix := fmt.Sprintf("-%d", n)
		prefix := base
		if r := []rune(base); len(r)+len(suffix) > annotations.MaxAnnotatorRunes {
			prefix = strings.TrimSpace(string(r[:annotations.MaxAnnotatorRunes-len(suffix)]))
		}
		login = prefix + suffix
	}
	return login
}

// displayNameOf keeps an old annotator name as the display name when it
// says more than the login (its capitals), and is a valid display name.
func displayNameOf(name, login string) string {
	if name == login || annotations.ValidateDisplayName(name) != nil {
		return ""
	}
	return name
}

// isUniqueViolation reports whether err is a UNIQUE or PRIMARY KEY
// constraint failure.
func isUniqueViolation(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// execOne runs a statement that must change one row: server.ErrNotFound
// when it changed none.
func execOne(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = server.ErrNotFound
	}
	return err
}

// formatTime and parseTime write and read times as both stores keep them.
var formatTime, parseTime = server.FormatStoredTime, server.ParseStoredTime

// userColumns are the columns scanUser reads, in its order.
const userColumns = `users.id, users.login, users.annotator, users.display_name, users.admin, users.password_hash, users.created, users.access`

type rowScanner interface{ Scan(...any) error }

// scanUser reads the userColumns of row, and more after them.
func scanUser(row rowScanner, more ...any) (server.User, error) {
	var u server.User
	var created string
	if err := row.Scan(append([]any{&u.ID, &u.Login, &u.Annotator, &u.DisplayName, &u.Admin, &u.PasswordHash, &created, &u.Access}, more...)...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return u, server.ErrNotFound
		}
		return u, err
	}
	var err error
	u.Created, err = parseTime(created)
	return u, err
}

// insertUser stores u, a member of the Default project as an annotator
// (server.Projects).
func insertUser(ctx context.Context, tx *sql.Tx, u server.User) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO users (id, login, annotator, display_name, admin, password_hash, created) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Login, u.Annotator, u.DisplayName, u.Admin, u.PasswordHash, formatTime(u.Created))
	if isUniqueViolation(err) {
		return server.ErrExists
	}
	if err != nil {
		return err
	}
	if u.Admin { // the setup links are for making the first admin
		if _, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens`); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO members (project_id, user_id, role) VALUES (?, ?, ?)`, api.DefaultProject, u.ID, api.RoleAnnotator)
	return err
}

// CreateUser stores u; server.ErrExists when its login or annotator name is
// taken.
func (s *Store) CreateUser(ctx context.Context, u server.User) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return insertUser(ctx, tx, u) })
}

// User returns the user id.
func (s *Store) User(ctx context.Context, id string) (server.User, error) {
	return scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

// UserByLogin returns the user whose login is login.
func (s *Store) UserByLogin(ctx context.Context, login string) (server.User, error) {
	return scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE login = ?`, login))
}

// Users lists every user by login.
func (s *Store) Users(ctx context.Context) ([]server.User, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY login`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var users []server.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, rows.Err()
}

// HasAdmin reports whether any user is an admin.
func (s *Store) HasAdmin(ctx context.Context) (bool, error) {
	var has bool
	err := s.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE admin)`).Scan(&has)
	return has, err
}

// SetPassword gives the user id a new password hash and ends its sessions.
func (s *Store) SetPassword(ctx context.Context, id, hash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := execOne(ctx, tx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id)
		return err
	})
}

// CreateSession stores a session of the user.
func (s *Store) CreateSession(ctx context.Context, tokenHash, userID string, expires time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, expires) VALUES (?, ?, ?)`, tokenHash, userID, formatTime(expires))
		return err
	})
}

// SessionUser returns the session's user and expiry; an expired session is
// deleted and not found.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (server.User, time.Time, error) {
	var expires string
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+`, sessions.expires FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.token_hash = ?`, tokenHash), &expires)
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

// ExtendSession moves the session's expiry.
func (s *Store) ExtendSession(ctx context.Context, tokenHash string, expires time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET expires = ? WHERE token_hash = ?`, formatTime(expires), tokenHash)
		return err
	})
}

// DeleteSession ends the session tokenHash.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
}

// CreateToken stores t with its secret's hash.
func (s *Store) CreateToken(ctx context.Context, t server.APIToken, tokenHash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, user_id, name, token_hash, created) VALUES (?, ?, ?, ?, ?)`,
			t.ID, t.UserID, t.Name, tokenHash, formatTime(t.Created))
		return err
	})
}

// tokenUseStep is how stale a token's last use may get before a use
// writes it again: a script's every request does not cost a write.
const tokenUseStep = time.Minute

// TokenUser returns the token's user, noting its use.
func (s *Store) TokenUser(ctx context.Context, tokenHash string, now time.Time) (server.User, error) {
	var lastUsed, id string
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+`, api_tokens.id, api_tokens.last_used FROM api_tokens JOIN users ON users.id = api_tokens.user_id WHERE api_tokens.token_hash = ?`, tokenHash), &id, &lastUsed)
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
		s.inTx(ctx, func(tx *sql.Tx) error { //nolint:errcheck
			_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, formatTime(now), id)
			return err
		})
	}
	return u, nil
}

// Tokens lists the user's API tokens, newest first.
func (s *Store) Tokens(ctx context.Context, userID string) ([]server.APIToken, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, user_id, name, created, last_used FROM api_tokens WHERE user_id = ? ORDER BY created DESC, id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tokens []server.APIToken
	for rows.Next() {
		var t server.APIToken
		var created, lastUsed string
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &created, &lastUsed); err != nil {
			return nil, err
		}
		if t.Created, err = parseTime(created); err != nil {
			return nil, err
		}
		if t.LastUsed, err = parseTime(lastUsed); err != nil {
			return nil, err
		}
		tokens = append(tokens, t)
	}
	return tokens, rows.Err()
}

// DeleteToken revokes the user's token id.
func (s *Store) DeleteToken(ctx context.Context, userID, id string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, `DELETE FROM api_tokens WHERE id = ? AND user_id = ?`, id, userID)
	})
}

// PutSetupToken adds tokenHash to the setup tokens and deletes the
// expired ones.
func (s *Store) PutSetupToken(ctx context.Context, tokenHash string, now, since time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens WHERE created < ?`, formatTime(since)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO setup_tokens (token_hash, created) VALUES (?, ?) ON CONFLICT DO NOTHING`, tokenHash, formatTime(now))
		return err
	})
}

// UseSetupToken creates admin and deletes every setup token, at once,
// when tokenHash is one made at since or later and no admin exists (one
// made another way, gloss user add --admin, ends the links too).
func (s *Store) UseSetupToken(ctx context.Context, tokenHash string, since time.Time, admin server.User) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var has bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE admin)`).Scan(&has); err != nil {
			return err
		}
		if has {
			return server.ErrNotFound
		}
		if err := execOne(ctx, tx, `DELETE FROM setup_tokens WHERE token_hash = ? AND created >= ?`, tokenHash, formatTime(since)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens`); err != nil {
			return err
		}
		return insertUser(ctx, tx, admin)
	})
}
