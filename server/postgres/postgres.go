package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the PostgreSQL store: a pool of connections to one database.
type Store struct {
	pool *pgxpool.Pool
}

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
}

// migrationLock is the advisory lock the migrations take: replicas that
// open the database at once apply each step once.
const migrationLock = 0x676c6f7373 // "gloss"

// timeFormat is the SQLite store's: UTC, fixed width, so that text order
// is time order.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

// Open connects to the database dsn (a postgres:// URL or key=value
// string) and brings its schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
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
	tag, err := s.pool.Exec(ctx,
		`INSERT INTO articles (id, title, text, source, created, chars) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
		a.ID, a.Title, a.Text, a.Source, a.Created.UTC().Format(timeFormat), annotations.RuneCount(a.Text))
	if err != nil {
		return annotations.Article{}, false, fmt.Errorf("store article %s: %w", a.ID, err)
	}
	if tag.RowsAffected() == 1 {
		return a, true, nil
	}
	stored, err := s.Article(ctx, a.ID)
	return stored, false, err
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
	a.Created, err = time.Parse(time.RFC3339Nano, created)
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
	a.Created, err = time.Parse(time.RFC3339Nano, created)
	return a, err
}

// Articles lists every article, archived ones too, newest first (of equal
// times, the one stored last first).
func (s *Store) Articles(ctx context.Context) ([]api.ArticleSummary, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+summaryColumns+` FROM articles ORDER BY created DESC, seq DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []api.ArticleSummary
	for rows.Next() {
		a, err := scanSummary(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
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
