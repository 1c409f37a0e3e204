package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the PostgreSQL store: a pool of connections to one database.
type Store struct {
	pool *pgxpool.Pool
	// logPool are the connections of the transactions that take the
	// log's head (pushes, imports, deleting an article, a copy): a crowd
	// of pushes waiting for the head never holds every connection.
	logPool *pgxpool.Pool
	// upgradedFrom is the schema version Open found, when it brought an
	// existing database up to date; 0 otherwise.
	upgradedFrom int
}

var _ server.Store = (*Store)(nil)

// migrations are the schema's steps, in order; the database records how
// many it has applied (schema_version) and Open applies the rest.
var migrations = []string{
	// 0 → 1: articles.
	`CREATE TABLE articles (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		text TEXT NOT NULL,
		source TEXT NOT NULL,
		created TEXT NOT NULL,
		chars INTEGER NOT NULL,
		archived BOOLEAN NOT NULL DEFAULT false,
		seq BIGINT GENERATED ALWAYS AS IDENTITY
	);
	CREATE INDEX articles_newest ON articles (created DESC, seq DESC);`,
	// 1 → 2: revisions, the log's head, items, accounts and projects.
	// A revision's seq is no sequence: a writer takes the next numbers
	// from log_head, whose row it keeps locked until it commits, so that
	// numbers follow commit order (see the package's documentation).
	// Bodies are text, kept byte for byte (a revision's ID hashes them).
	`CREATE TABLE revisions (
		seq BIGINT PRIMARY KEY,
		rev TEXT NOT NULL,
		parent TEXT NOT NULL DEFAULT '',
		item TEXT NOT NULL,
		kind TEXT NOT NULL,
		project TEXT NOT NULL DEFAULT '',
		article_id TEXT NOT NULL,
		annotator TEXT NOT NULL,
		set_id TEXT NOT NULL,
		deleted BOOLEAN NOT NULL DEFAULT false,
		body TEXT,
		chain TEXT NOT NULL,
		at BIGINT NOT NULL DEFAULT 0,
		UNIQUE (item, rev)
	);
	CREATE INDEX revisions_by_annotator ON revisions (annotator, seq);
	CREATE INDEX revisions_by_set ON revisions (article_id, annotator, seq);
	CREATE INDEX revisions_by_set_id ON revisions (set_id, seq);
	CREATE INDEX revisions_by_project ON revisions (project, annotator, seq);
	CREATE INDEX revisions_status ON revisions (project, seq) WHERE kind = 'status';
	CREATE TABLE log_head (
		one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
		seq BIGINT NOT NULL,
		chain TEXT NOT NULL
	);
	INSERT INTO log_head (seq, chain) VALUES (0, '');
	CREATE TABLE items (
		set_id TEXT NOT NULL,
		item TEXT NOT NULL,
		kind TEXT NOT NULL,
		PRIMARY KEY (set_id, item)
	);
	CREATE TABLE users (
		id TEXT PRIMARY KEY,
		login TEXT NOT NULL UNIQUE,
		annotator TEXT NOT NULL UNIQUE,
		display_name TEXT NOT NULL DEFAULT '',
		admin BOOLEAN NOT NULL DEFAULT false,
		password_hash TEXT NOT NULL DEFAULT '',
		created TEXT NOT NULL,
		access BIGINT NOT NULL DEFAULT 0
	);
	CREATE TABLE sessions (
		token_hash TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		expires TEXT NOT NULL
	);
	CREATE INDEX sessions_by_user ON sessions (user_id);
	CREATE TABLE api_tokens (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		name TEXT NOT NULL,
		token_hash TEXT NOT NULL UNIQUE,
		created TEXT NOT NULL,
		last_used TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created);
	CREATE TABLE setup_tokens (
		token_hash TEXT PRIMARY KEY,
		created TEXT NOT NULL
	);
	CREATE TABLE projects (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		guidelines TEXT NOT NULL DEFAULT '',
		see_each_other BOOLEAN NOT NULL DEFAULT false,
		created TEXT NOT NULL,
		suggest TEXT NOT NULL DEFAULT '{}'
	);
	-- Unique ignoring the case of A-Z only, as SQLite's NOCASE: a
	-- deployment copied between the stores keeps its names.
	CREATE UNIQUE INDEX projects_name ON projects (lower(name COLLATE "C"));
	CREATE TABLE members (
		project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		role TEXT NOT NULL CHECK (role IN ('manager', 'curator', 'annotator')),
		PRIMARY KEY (project_id, user_id)
	);
	CREATE INDEX members_by_user ON members (user_id);
	CREATE TABLE project_articles (
		project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
		article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
		added TEXT NOT NULL,
		PRIMARY KEY (project_id, article_id)
	);
	INSERT INTO projects (id, name, created) VALUES ('` + api.DefaultProject + `', 'Default', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"000Z"'));`,
	// 2 → 3: the failed sign-ins the rate limit counts
	// (server.SignInFailures).
	`CREATE TABLE sign_in_logins (
		login TEXT PRIMARY KEY,
		count INTEGER NOT NULL,
		last TEXT NOT NULL
	);
	CREATE INDEX sign_in_logins_by_last ON sign_in_logins (last);
	CREATE TABLE sign_in_addresses (
		address TEXT PRIMARY KEY,
		count INTEGER NOT NULL,
		start TEXT NOT NULL
	);
	CREATE INDEX sign_in_addresses_by_start ON sign_in_addresses (start);`,
	// 3 → 4: results the server computed (server.Results: a project's
	// model), shared by the replicas.
	`CREATE TABLE results (
		key TEXT PRIMARY KEY,
		tag TEXT NOT NULL,
		value BYTEA NOT NULL
	);`,
}

// migrationLock is the advisory lock the migrations take: replicas that
// open the database at once apply each step once.
const migrationLock = 0x676c6f7373 // "gloss"

// Open connects to the database dsn (a postgres:// URL or key=value
// string) and brings its schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	cfg := pool.Config()
	cfg.MaxConns = logWriters
	logPool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &Store{pool: pool, logPool: logPool}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// logWriters is how many connections of a replica write to the log (its
// logPool): one holds the log's head while the others begin, wait for it
// and commit (with 2, 8 devices pushed 9,400 revisions/s against 13,900
// with 4); the other pushes wait in the replica, holding none of the
// connections that pulls and the rest use. With 64 devices pushing and 8
// clients reading the library in a loop, the reads' p99 was 17 ms on their
// own pool and 33-37 ms sharing one, which the waiting pushes held.
const logWriters = 4

// Close closes the connections.
func (s *Store) Close() error {
	s.logPool.Close()
	s.pool.Close()
	return nil
}

// SchemaUpgrade returns the schema versions Open brought the database from
// and to, when it upgraded an existing one; from is 0 when it did not.
func (s *Store) SchemaUpgrade() (from, to int) {
	if s.upgradedFrom == 0 {
		return 0, 0
	}
	return s.upgradedFrom, len(migrations)
}

// migrate applies the steps the database lacks, in one transaction.
func (s *Store) migrate(ctx context.Context) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
			return err
		}
		var version int
		err := tx.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&version)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		if version > len(migrations) {
			return fmt.Errorf("postgres: the database's schema is version %d, newer than this Gloss knows (%d): run a newer Gloss", version, len(migrations))
		}
		if version > 0 && version < len(migrations) {
			s.upgradedFrom = version
		}
		for i := version; i < len(migrations); i++ {
			if _, err := tx.Exec(ctx, migrations[i]); err != nil {
				return fmt.Errorf("postgres: migration %d → %d: %w", i, i+1, err)
			}
		}
		_, err = tx.Exec(ctx, `UPDATE schema_version SET version = $1`, len(migrations))
		return err
	})
}

// PutArticle stores a unless its ID is stored; it returns the stored
// article and whether it was created now.
func (s *Store) PutArticle(ctx context.Context, a annotations.Article) (annotations.Article, bool, error) {
	created, err := insertArticle(ctx, s.pool, a)
	if err != nil {
		return annotations.Article{}, false, err
	}
	if created {
		return a, true, nil
	}
	stored, err := s.Article(ctx, a.ID)
	return stored, false, err
}

// queryAll runs query on the pool and reads each row with scan: nil when
// there is none.
func queryAll[T any](ctx context.Context, s *Store, scan func(pgx.Row) (T, error), query string, args ...any) ([]T, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (T, error) { return scan(row) })
	if len(out) == 0 {
		out = nil
	}
	return out, err
}

// execer runs a statement: the pool, or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// insertArticle stores a unless its ID is stored, and says whether it did.
func insertArticle(ctx context.Context, db execer, a annotations.Article) (bool, error) {
	tag, err := db.Exec(ctx,
		`INSERT INTO articles (id, title, text, source, created, chars) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
		a.ID, a.Title, a.Text, a.Source, formatTime(a.Created), annotations.RuneCount(a.Text))
	if err != nil {
		return false, fmt.Errorf("store article %s: %w", a.ID, storageError(err))
	}
	return tag.RowsAffected() == 1, nil
}

// Article returns the article id, or server.ErrNotFound.
func (s *Store) Article(ctx context.Context, id string) (annotations.Article, error) {
	var a annotations.Article
	var created string
	err := s.pool.QueryRow(ctx, `SELECT id, title, text, source, created FROM articles WHERE id = $1`, id).
		Scan(&a.ID, &a.Title, &a.Text, &a.Source, &created)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, server.ErrNotFound
	}
	if err != nil {
		return a, err
	}
	a.Created, err = parseTime(created)
	return a, err
}

// summaryColumns are an article summary's columns, as scanSummary reads
// them.
const summaryColumns = `id, title, source, created, chars, archived`

// scanSummary reads an article summary.
func scanSummary(row pgx.Row) (api.ArticleSummary, error) {
	var a api.ArticleSummary
	var created string
	if err := row.Scan(&a.ID, &a.Title, &a.Source, &created, &a.Chars, &a.Archived); err != nil {
		return a, err
	}
	var err error
	a.Created, err = parseTime(created)
	return a, err
}

// Articles lists every article, archived ones too, newest first (of equal
// times, the one stored last first).
func (s *Store) Articles(ctx context.Context) ([]api.ArticleSummary, error) {
	return queryAll(ctx, s, scanSummary, `SELECT `+summaryColumns+` FROM articles ORDER BY created DESC, seq DESC`)
}

// UpdateArticle gives the article id a new title and/or archives it or
// brings it back (what patch sets), and returns it as listed;
// server.ErrNotFound when there is none.
func (s *Store) UpdateArticle(ctx context.Context, id string, patch api.ArticlePatch) (api.ArticleSummary, error) {
	a, err := scanSummary(s.pool.QueryRow(ctx,
		`UPDATE articles SET title = coalesce($1, title), archived = coalesce($2, archived) WHERE id = $3 RETURNING `+summaryColumns,
		patch.Title, patch.Archived, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return a, server.ErrNotFound
	}
	return a, err
}

// CountArticles returns how many articles are stored.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles`).Scan(&n)
	return n, err
}

// PostgreSQL's error codes (SQLSTATE) the store tells apart.
const (
	codeDiskFull        = "53100"
	codeUniqueViolation = "23505"
)

// inTx runs fn in one transaction, committed when fn returns nil and
// rolled back otherwise.
func (s *Store) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return storageError(pgx.BeginFunc(ctx, s.pool, fn))
}

// inLogTx is inTx on a connection of the log's writers (logPool): for the
// transactions that take the log's head (lockLog).
func (s *Store) inLogTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return storageError(pgx.BeginFunc(ctx, s.logPool, fn))
}

// storageError turns PostgreSQL's disk_full (53100) into
// server.ErrStorageFull, which the API answers 507: nothing of the
// transaction was stored. Other errors are kept.
func storageError(err error) error {
	var e *pgconn.PgError
	if errors.As(err, &e) && e.Code == codeDiskFull {
		return fmt.Errorf("%w (%v)", server.ErrStorageFull, err)
	}
	return err
}

// isUniqueViolation reports whether err is a unique constraint's (23505).
func isUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == codeUniqueViolation
}

// formatTime and parseTime write and read times as both stores keep them.
var formatTime, parseTime = server.FormatStoredTime, server.ParseStoredTime

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.pool.QueryRow(ctx, `SELECT 1`).Scan(&one)
}
