package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the database's file name in the data folder.
const FileName = "gloss.db"

// migrations bring the schema from one user_version to the next:
// migrations[i] takes a database at version i to version i+1. A new
// version appends a step; a step never changes once released.
var migrations = []func(*sql.Tx) error{
	// 0 → 1: articles and revisions.
	execStep(`
CREATE TABLE articles (
	id      TEXT PRIMARY KEY,
	title   TEXT NOT NULL,
	text    TEXT NOT NULL,
	source  TEXT NOT NULL DEFAULT '',
	created TEXT NOT NULL,
	chars   INTEGER NOT NULL
);
CREATE TABLE revisions (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	rev        TEXT NOT NULL,
	parent     TEXT NOT NULL DEFAULT '',
	item       TEXT NOT NULL,
	kind       TEXT NOT NULL,
	article_id TEXT NOT NULL REFERENCES articles(id),
	annotator  TEXT NOT NULL,
	deleted    INTEGER NOT NULL DEFAULT 0,
	body       TEXT,
	UNIQUE (item, rev)
);
CREATE INDEX revisions_by_annotator ON revisions (annotator, seq);
CREATE INDEX revisions_by_set ON revisions (article_id, annotator, seq);
`),
	// 1 → 2: each revision names its annotation set.
	addSetID,
	// 2 → 3: each revision carries the history's hash after it.
	addChain,
	// 3 → 4: each item's kind, by set, so that a push checks a revision
	// against the items it names without reading its whole set.
	execStep(`
CREATE TABLE items (
	set_id TEXT NOT NULL,
	item   TEXT NOT NULL,
	kind   TEXT NOT NULL,
	PRIMARY KEY (set_id, item)
) WITHOUT ROWID;
INSERT INTO items (set_id, item, kind)
	SELECT set_id, item, kind FROM (SELECT set_id, item, kind, min(seq) FROM revisions GROUP BY set_id, item);
`),
	// 4 → 5: an article can be archived: hidden from the library, its
	// annotations kept.
	execStep(`ALTER TABLE articles ADD COLUMN archived INTEGER NOT NULL DEFAULT 0`),
	// 5 → 6: accounts (users, sessions, API tokens, the setup token), and
	// one user without a password per annotator name the revisions carry.
	addAccounts,
	// 6 → 7: projects and their members; the Default project holds every
	// set, and every user is its annotator.
	addProjects,
	// 7 → 8: each revision names its set's project ('' for the Default
	// project, which holds every revision stored before).
	execStep(`
ALTER TABLE revisions ADD COLUMN project TEXT NOT NULL DEFAULT '';
CREATE INDEX revisions_by_project ON revisions (project, annotator, seq);
`),
	// 8 → 9: a project's schema is a revision without article (article_id
	// is no foreign key any more), and the Default project's is the union
	// of its sets'.
	addProjectSchemas,
	// 9 → 10: each user's access version (server.User.Access).
	execStep(`ALTER TABLE users ADD COLUMN access INTEGER NOT NULL DEFAULT 0`),
	// 10 → 11: the articles of each project but Default, which has every
	// article.
	execStep(`
CREATE TABLE project_articles (
	project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	added      TEXT NOT NULL,
	PRIMARY KEY (project_id, article_id)
) WITHOUT ROWID;
`),
	// 11 → 12: when each revision was made on its device
	// (annotations.Revision.At, Unix ms; 0 when unknown), for the time
	// spent on sets.
	execStep(`ALTER TABLE revisions ADD COLUMN at INTEGER NOT NULL DEFAULT 0`),
	// 12 → 13: a revision without its article fails its statement
	// (RAISE(FAIL)) rather than aborting it: with every other constraint
	// of an insert OR FAIL too, SQLite keeps no statement journal (a copy
	// of each page the statement changes, for rolling it back alone).
	// Every write runs in a transaction that rolls back whole on an
	// error.
	execStep(`
DROP TRIGGER revisions_need_article;
CREATE TRIGGER revisions_need_article BEFORE INSERT ON revisions
	WHEN NEW.article_id != '' AND NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id)
	BEGIN SELECT RAISE(FAIL, 'FOREIGN KEY constraint failed: no article for the revision'); END;
`),
	// 13 → 14: each project's suggestion settings (api.SuggestSettings,
	// JSON), the zero value for every project then.
	execStep(addSuggestSettings),
	// 14 → 15: the status revisions of each project, for telling which
	// sets are done without reading them (Store.StatusRevisions).
	execStep(addStatusIndex),
	// 15 → 16: the failed sign-ins the rate limit counts.
	execStep(addSignInFailures),
	// 16 → 17: results the server computed (a project's model).
	execStep(addResults),
}

// schemaVersion is the user_version of a database that has every migration.
var schemaVersion = len(migrations)

func execStep(query string) func(*sql.Tx) error {
	return func(tx *sql.Tx) error {
		_, err := tx.Exec(query)
		return err
	}
}

func addSetID(tx *sql.Tx) error {
	if _, err := tx.Exec(`ALTER TABLE revisions ADD COLUMN set_id TEXT NOT NULL DEFAULT ''`); err != nil {
		return err
	}
	rows, err := tx.Query(`SELECT DISTINCT article_id, annotator FROM revisions`)
	if err != nil {
		return err
	}
	var sets [][2]string
	for rows.Next() {
		var a, n string
		if err := rows.Scan(&a, &n); err != nil {
			rows.Close()
			return err
		}
		sets = append(sets, [2]string{a, n})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, set := range sets {
		if _, err := tx.Exec(`UPDATE revisions SET set_id = ? WHERE article_id = ? AND annotator = ?`,
			annotations.SetKey{ArticleID: set[0], Annotator: set[1]}.ID(), set[0], set[1]); err != nil {
			return err
		}
	}
	_, err = tx.Exec(`CREATE INDEX revisions_by_set_id ON revisions (set_id, seq)`)
	return err
}

// chainStep is how many revisions addChain reads at a time.
const chainStep = 10000

// addChain adds the history's hash after each revision (api.NextChain),
// computed over the stored revisions in sequence order.
func addChain(tx *sql.Tx) error {
	if _, err := tx.Exec(`ALTER TABLE revisions ADD COLUMN chain TEXT NOT NULL DEFAULT ''`); err != nil {
		return err
	}
	type row struct {
		seq int64
		rev annotations.Revision
	}
	var last int64
	chain := ""
	for {
		rows, err := tx.Query(`SELECT seq, item, rev FROM revisions WHERE seq > ? ORDER BY seq LIMIT ?`, last, chainStep)
		if err != nil {
			return err
		}
		var step []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.seq, &r.rev.Item, &r.rev.ID); err != nil {
				rows.Close()
				return err
			}
			step = append(step, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(step) == 0 {
			return nil
		}
		for _, r := range step {
			chain = api.NextChain(chain, r.rev)
			if _, err := tx.Exec(`UPDATE revisions SET chain = ? WHERE seq = ?`, chain, r.seq); err != nil {
				return err
			}
		}
		last = step[len(step)-1].seq
	}
}

// Store is a server.Store on SQLite. Reads run in parallel; writes go through
// one connection, one at a time, so the revision sequence follows commit
// order. Pushes are committed in groups (see PutRevisions).
type Store struct {
	read  *sql.DB
	write *sql.DB
	mu    sync.Mutex // serializes write transactions

	// inserts are insertRevisions' statements, prepared once.
	inserts *insertStmts

	// keyLocks are Exclusively's locks, one a key, made when first used.
	keyLocksMu sync.Mutex
	keyLocks   map[string]chan struct{}

	pushes chan *pushRequest // to the group committer
	closed chan struct{}     // closed by Close
	done   sync.WaitGroup    // the group committer
	once   sync.Once

	// upgradedFrom is the schema version Open found, when it brought an
	// existing database up to date; 0 otherwise.
	upgradedFrom int
}

var _ server.Store = (*Store)(nil)

// Open opens (creating if needed) the database in dir, in WAL mode with a
// busy timeout, foreign keys on and full sync, and brings its schema up to
// date.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create the data folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate"
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", dsn)
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(4)
	s := &Store{read: read, write: write, pushes: make(chan *pushRequest), closed: make(chan struct{})}
	if err := s.migrate(); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if s.inserts, err = prepareInserts(write); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.done.Add(1)
	go s.commitPushes()
	return s, nil
}

// migrate runs the migrations the database lacks, each in its own
// transaction with its new user_version, so a failed step leaves the file
// at the previous version.
func (s *Store) migrate() error {
	var version int
	if err := s.write.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version > schemaVersion {
		return fmt.Errorf("the database has schema version %d, newer than this program's %d: use a newer gloss", version, schemaVersion)
	}
	if version > 0 && version < schemaVersion {
		s.upgradedFrom = version
	}
	for ; version < schemaVersion; version++ {
		err := s.inTx(context.Background(), func(tx *sql.Tx) error {
			if err := migrations[version](tx); err != nil {
				return err
			}
			_, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", version+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate the schema from version %d: %w", version, err)
		}
	}
	return nil
}

// SchemaUpgrade returns the schema versions Open brought the database from
// and to, when it upgraded an existing one; from is 0 when it did not.
func (s *Store) SchemaUpgrade() (from, to int) {
	if s.upgradedFrom == 0 {
		return 0, 0
	}
	return s.upgradedFrom, schemaVersion
}

// Close stops the group committer, after the group it is committing, and
// closes the database.
func (s *Store) Close() error {
	s.once.Do(func() { close(s.closed) })
	s.done.Wait()
	var errs []error
	if s.inserts != nil {
		errs = append(errs, s.inserts.close())
	}
	return errors.Join(append(errs, s.read.Close(), s.write.Close())...)
}

// inTx runs fn in one write transaction.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return storageError(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return storageError(err)
	}
	return storageError(tx.Commit())
}

// storageError turns SQLite's "database or disk is full" into
// server.ErrStorageFull, which the API answers 507; other errors are kept.
func storageError(err error) error {
	var e *sqlite.Error
	if errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_FULL {
		return fmt.Errorf("%w (%v)", server.ErrStorageFull, err)
	}
	return err
}

// PutArticle stores a unless its ID is stored.
func (s *Store) PutArticle(ctx context.Context, a annotations.Article) (annotations.Article, bool, error) {
	created := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		created, err = insertArticle(ctx, tx, a)
		return err
	})
	if err != nil {
		return annotations.Article{}, false, err
	}
	if created {
		return a, true, nil
	}
	stored, err := s.Article(ctx, a.ID)
	return stored, false, err
}

// insertArticle stores a unless its ID is stored, and says whether it did.
func insertArticle(ctx context.Context, tx *sql.Tx, a annotations.Article) (bool, error) {
	res, err := tx.ExecContext(ctx,
		`INSERT INTO articles (id, title, text, source, created, chars) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		a.ID, a.Title, a.Text, a.Source, formatTime(a.Created), annotations.RuneCount(a.Text))
	if err != nil {
		return false, fmt.Errorf("store article %s: %w", a.ID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Article returns the article id.
func (s *Store) Article(ctx context.Context, id string) (annotations.Article, error) {
	var a annotations.Article
	var created string
	err := s.read.QueryRowContext(ctx, `SELECT id, title, text, source, created FROM articles WHERE id = ?`, id).
		Scan(&a.ID, &a.Title, &a.Text, &a.Source, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return a, server.ErrNotFound
	}
	if err != nil {
		return a, err
	}
	a.Created, err = parseTime(created)
	return a, err
}

// Articles lists every article, archived ones too, newest first.
func (s *Store) Articles(ctx context.Context) ([]api.ArticleSummary, error) {
	return s.articles(ctx, `SELECT id, title, source, created, chars, archived FROM articles ORDER BY created DESC, rowid DESC`)
}

// ProjectArticles lists the project's articles, newest first.
func (s *Store) ProjectArticles(ctx context.Context, projectID string) ([]api.ArticleSummary, error) {
	return s.articles(ctx, `SELECT id, title, source, created, chars, archived FROM articles
		WHERE id IN (SELECT article_id FROM project_articles WHERE project_id = ?) ORDER BY created DESC, rowid DESC`, projectID)
}

// ProjectHasArticle reports whether the article is on the project's list.
func (s *Store) ProjectHasArticle(ctx context.Context, projectID, articleID string) (bool, error) {
	var in bool
	err := s.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM project_articles WHERE project_id = ? AND article_id = ?)`, projectID, articleID).Scan(&in)
	return in, err
}

// SetProjectArticle adds the article to the project (in) or takes it out.
func (s *Store) SetProjectArticle(ctx context.Context, projectID, articleID string, in bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if !in {
			return execOne(ctx, tx, `DELETE FROM project_articles WHERE project_id = ? AND article_id = ?`, projectID, articleID)
		}
		var found int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM projects WHERE id = ?) + (SELECT count(*) FROM articles WHERE id = ?)`, projectID, articleID).Scan(&found); err != nil {
			return err
		}
		if found != 2 {
			return server.ErrNotFound
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO project_articles (project_id, article_id, added) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, projectID, articleID, formatTime(time.Now()))
		return err
	})
}

// articles runs query, which selects article summaries.
func (s *Store) articles(ctx context.Context, query string, args ...any) ([]api.ArticleSummary, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []api.ArticleSummary
	for rows.Next() {
		var a api.ArticleSummary
		var created string
		if err := rows.Scan(&a.ID, &a.Title, &a.Source, &created, &a.Chars, &a.Archived); err != nil {
			return nil, err
		}
		if a.Created, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// UpdateArticle sets the title and/or archived flag of the article id.
func (s *Store) UpdateArticle(ctx context.Context, id string, patch api.ArticlePatch) (api.ArticleSummary, error) {
	var a api.ArticleSummary
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE articles SET title = coalesce(?, title), archived = coalesce(?, archived) WHERE id = ?`,
			patch.Title, patch.Archived, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return server.ErrNotFound
		}
		var created string
		if err := tx.QueryRowContext(ctx, `SELECT id, title, source, created, chars, archived FROM articles WHERE id = ?`, id).
			Scan(&a.ID, &a.Title, &a.Source, &created, &a.Chars, &a.Archived); err != nil {
			return err
		}
		a.Created, err = parseTime(created)
		return err
	})
	return a, err
}

// DeleteArticle deletes the article id unless it has revisions.
func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT annotator FROM revisions WHERE article_id = ? ORDER BY annotator`, id)
		if err != nil {
			return err
		}
		var annotators []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			annotators = append(annotators, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(annotators) > 0 {
			return &server.AnnotatedError{Annotators: annotators}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return server.ErrNotFound
		}
		return nil
	})
}

// CountArticles returns how many articles are stored.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n)
	return n, err
}

// insertRevisions stores revs in their order, unless stored, and returns
// each one's status: applied, or duplicate when stored already (or earlier
// in revs), with its sequence number; it notes each new item's kind. The
// caller has checked them (annotations.CheckBatch) in the same
// transaction. The new ones are inserted insertRows to a statement (st's,
// prepared once), OR FAIL: a statement that may abort keeps a copy of each
// page it changes (SQLite's statement journal), which cost a sixth of the
// writer's time in BenchmarkSyncLoad's profile; a failure fails the whole
// transaction anyway.
func insertRevisions(ctx context.Context, tx *sql.Tx, st *insertStmts, known map[revisionKey]int64, revs []annotations.Revision) ([]server.Stored, error) {
	statuses := make([]server.Stored, len(revs))
	if len(revs) == 0 {
		return statuses, nil
	}
	// The history's hash after the last stored revision: the transaction
	// is the only writer, so nothing comes in between.
	var chain string
	switch err := tx.QueryRowContext(ctx, `SELECT chain FROM revisions ORDER BY seq DESC LIMIT 1`).Scan(&chain); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	}
	// Which are stored: what the check asked about (known) need not be
	// asked again.
	seqs := make(map[revisionKey]int64, len(revs))
	var unknown []annotations.Revision
	for _, r := range revs {
		k := revisionKey{r.Item, r.ID}
		switch seq, ok := known[k]; {
		case !ok:
			unknown = append(unknown, r)
		case seq > 0:
			seqs[k] = seq
		}
	}
	if len(unknown) > 0 {
		if err := storedSeqs(ctx, tx, unknown, seqs); err != nil {
			return nil, err
		}
	}
	// fresh lists the revisions to insert; firstAt maps each revision to
	// the place of its first copy in revs.
	var fresh []int
	firstAt := make(map[revisionKey]int, len(revs))
	for i, r := range revs {
		k := revisionKey{r.Item, r.ID}
		if _, ok := firstAt[k]; ok {
			continue
		}
		firstAt[k] = i
		if _, ok := seqs[k]; !ok {
			fresh = append(fresh, i)
		}
	}
	toInsert := fresh
	setIDs := map[annotations.SetKey]string{} // a set ID is a hash: computed once a set
	setID := func(r annotations.Revision) string {
		key := r.Key()
		id := setIDs[key]
		if id == "" {
			id = key.ID()
			setIDs[key] = id
		}
		return id
	}
	for len(fresh) > 0 {
		n := insertRows
		if len(fresh) < n {
			n = 1
		}
		part := fresh[:n]
		fresh = fresh[n:]
		args := make([]any, 0, 12*n)
		for _, i := range part {
			r := revs[i]
			var body any
			if len(r.Body) > 0 {
				body = string(r.Body)
			}
			chain = api.NextChain(chain, r)
			args = append(args, r.ID, r.Parent, r.Item, string(r.Kind), r.Project, r.ArticleID, r.Annotator, setID(r), r.Deleted, body, chain, r.At)
		}
		if err := scanSeqs(tx.StmtContext(ctx, st.revisions[n]).QueryContext(ctx, args...))(seqs); err != nil {
			return nil, fmt.Errorf("store revisions: %w", err)
		}
		// The rows are inserted in the order of VALUES, which is the
		// order of the history's hash.
		for k := 1; k < n; k++ {
			prev, this := revisionKey{revs[part[k-1]].Item, revs[part[k-1]].ID}, revisionKey{revs[part[k]].Item, revs[part[k]].ID}
			if seqs[prev] >= seqs[this] {
				return nil, fmt.Errorf("store revisions: revision %s was given sequence number %d, not after %s's %d", this.rev, seqs[this], prev.rev, seqs[prev])
			}
		}
		args = args[:0]
		for _, i := range part {
			args = append(args, setID(revs[i]), revs[i].Item, string(revs[i].Kind))
		}
		if _, err := tx.StmtContext(ctx, st.items[n]).ExecContext(ctx, args...); err != nil {
			return nil, fmt.Errorf("store the kinds of items: %w", err)
		}
	}
	applied := make(map[int]bool, len(toInsert))
	for _, i := range toInsert {
		applied[i] = true
	}
	for i, r := range revs {
		k := revisionKey{r.Item, r.ID}
		seq, ok := seqs[k]
		if !ok {
			return nil, fmt.Errorf("store revision %s: no sequence number", r.ID)
		}
		status := api.StatusDuplicate
		if applied[i] && firstAt[k] == i {
			status = api.StatusApplied
		}
		statuses[i] = server.Stored{Status: status, Seq: seq}
	}
	return statuses, nil
}

// insertRows is how many rows one insert statement takes (12 parameters
// a row, within SQLite's 32,766); fewer go one at a time.
const insertRows = 50

// insertStmts are the statements that insert revisions and the kinds of
// their items, for one row and for insertRows, prepared once on the
// write connection (preparing a statement of 50 rows cost as much as
// running it).
type insertStmts struct {
	revisions, items map[int]*sql.Stmt
}

func prepareInserts(db *sql.DB) (*insertStmts, error) {
	st := &insertStmts{revisions: map[int]*sql.Stmt{}, items: map[int]*sql.Stmt{}}
	for _, n := range []int{1, insertRows} {
		revs := `INSERT OR FAIL INTO revisions (rev, parent, item, kind, project, article_id, annotator, set_id, deleted, body, chain, at) VALUES ` +
			strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", n-1) + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq, item, rev"
		items := `INSERT OR FAIL INTO items (set_id, item, kind) VALUES ` + strings.Repeat("(?, ?, ?), ", n-1) + "(?, ?, ?) ON CONFLICT DO NOTHING"
		for _, p := range []struct {
			into  map[int]*sql.Stmt
			query string
		}{{st.revisions, revs}, {st.items, items}} {
			stmt, err := db.Prepare(p.query)
			if err != nil {
				st.close()
				return nil, err
			}
			p.into[n] = stmt
		}
	}
	return st, nil
}

func (st *insertStmts) close() error {
	var errs []error
	for _, m := range []map[int]*sql.Stmt{st.revisions, st.items} {
		for _, stmt := range m {
			errs = append(errs, stmt.Close())
		}
	}
	return errors.Join(errs...)
}

// revisionKey names a stored revision: its item and ID (the revisions'
// unique key).
type revisionKey struct{ item, rev string }

// storedSeqs adds the sequence numbers of those of revs stored already to
// seqs.
func storedSeqs(ctx context.Context, tx *sql.Tx, revs []annotations.Revision, seqs map[revisionKey]int64) error {
	pairs := make([][2]string, len(revs))
	for i, r := range revs {
		pairs[i] = [2]string{r.Item, r.ID}
	}
	list, err := json.Marshal(pairs)
	if err != nil {
		return err
	}
	return scanSeqs(tx.QueryContext(ctx, `SELECT r.seq, r.item, r.rev FROM json_each(?) AS j JOIN revisions AS r
		ON r.item = json_extract(j.value, '$[0]') AND r.rev = json_extract(j.value, '$[1]')`, string(list)))(seqs)
}

// scanSeqs returns what reads rows of seq, item and rev into a map.
func scanSeqs(rows *sql.Rows, err error) func(map[revisionKey]int64) error {
	return func(into map[revisionKey]int64) error {
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var k revisionKey
			if err := rows.Scan(&seq, &k.item, &k.rev); err != nil {
				return err
			}
			into[k] = seq
		}
		return rows.Err()
	}
}

// Import stores the articles, then the revisions, in one transaction.
func (s *Store) Import(ctx context.Context, articles []annotations.Article, revs []annotations.Revision) (server.ImportResult, error) {
	var res server.ImportResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res = server.ImportResult{}
		for _, a := range articles {
			created, err := insertArticle(ctx, tx, a)
			if err != nil {
				return err
			}
			if created {
				res.ArticlesCreated++
			}
		}
		stored, err := newTxStored(ctx, tx)
		if err != nil {
			return err
		}
		defer stored.close()
		problems, err := annotations.CheckBatch(revs, stored)
		if err != nil {
			return err
		}
		for i, p := range problems {
			if p != nil {
				return &server.ImportProblem{Revision: revs[i], Problem: p}
			}
		}
		statuses, err := insertRevisions(ctx, tx, s.inserts, stored.known, revs)
		if err != nil {
			return err
		}
		for _, st := range statuses {
			if st.Status == api.StatusApplied {
				res.Applied++
			} else {
				res.Duplicate++
			}
		}
		return nil
	})
	if err != nil {
		return server.ImportResult{}, err
	}
	return res, nil
}

// revisionColumns are the columns scanRevisions reads. A migration that
// runs before the at column exists selects revisionColumnsBeforeAt.
const revisionColumns = `seq, rev, parent, item, kind, project, article_id, annotator, deleted, body, at`

// revisionColumnsBeforeAt are revisionColumns in a database of schema
// version 11 or older: at is 0.
const revisionColumnsBeforeAt = `seq, rev, parent, item, kind, project, article_id, annotator, deleted, body, 0 AS at`

// scanRevisions reads revisions and their sequence numbers.
func scanRevisions(rows *sql.Rows) ([]annotations.Revision, []int64, error) {
	defer rows.Close()
	var out []annotations.Revision
	var seqs []int64
	for rows.Next() {
		var r annotations.Revision
		var kind string
		var body sql.NullString
		var seq int64
		if err := rows.Scan(&seq, &r.ID, &r.Parent, &r.Item, &kind, &r.Project, &r.ArticleID, &r.Annotator, &r.Deleted, &body, &r.At); err != nil {
			return nil, nil, err
		}
		r.Kind = annotations.Kind(kind)
		if body.Valid {
			r.Body = json.RawMessage(body.String)
		}
		out = append(out, r)
		seqs = append(seqs, seq)
	}
	return out, seqs, rows.Err()
}

// Changes returns up to limit revisions that filter chooses after since
// (server.ReadChanges).
func (s *Store) Changes(ctx context.Context, filter server.ChangeFilter, since api.Cursor, limit int) (server.ChangePage, error) {
	return server.ReadChanges(server.ChangeLog{
		ChainAt: func(seq int64) (string, bool, error) {
			var chain string
			err := s.read.QueryRowContext(ctx, `SELECT chain FROM revisions WHERE seq = ?`, seq).Scan(&chain)
			if errors.Is(err, sql.ErrNoRows) {
				return "", false, nil
			}
			return chain, err == nil, err
		},
		After: func(after int64, limit int) ([]annotations.Revision, []int64, error) {
			// A project's own revisions (its schema: no annotator) go to
			// whoever reads sets of the project.
			q, args := `SELECT `+revisionColumns+` FROM revisions WHERE annotator IN (?, '') AND seq > ?`, []any{filter.Annotator, after}
			if filter.Projects != nil {
				list, err := json.Marshal(filter.Projects)
				if err != nil {
					return nil, nil, err
				}
				q, args = q+` AND project IN (SELECT value FROM json_each(?))`, append(args, string(list))
			}
			rows, err := s.read.QueryContext(ctx, q+` ORDER BY seq LIMIT ?`, append(args, limit)...)
			if err != nil {
				return nil, nil, err
			}
			return scanRevisions(rows)
		},
	}, since, limit)
}

// Sets lists the annotation sets with revisions, of one article when
// articleID is not "".
func (s *Store) Sets(ctx context.Context, articleID string) ([]server.SetRef, error) {
	var filter server.SetFilter
	if articleID != "" {
		filter.Articles = []string{articleID}
	}
	return s.SetsMatching(ctx, filter)
}

// SetsMatching lists the annotation sets with revisions that filter
// chooses. Each list is one JSON parameter, so that a filter of any length
// is one query.
func (s *Store) SetsMatching(ctx context.Context, filter server.SetFilter) ([]server.SetRef, error) {
	q := `SELECT DISTINCT project, article_id, annotator FROM revisions`
	where := []string{`article_id != ''`} // a project's own revisions are no set
	var args []any
	for _, f := range []struct {
		column string
		values []string
	}{{"project", filter.Projects}, {"article_id", filter.Articles}, {"annotator", filter.Annotators}} {
		if len(f.values) == 0 {
			continue
		}
		list, err := json.Marshal(f.values)
		if err != nil {
			return nil, err
		}
		where = append(where, f.column+` IN (SELECT value FROM json_each(?))`)
		args = append(args, string(list))
	}
	q += ` WHERE ` + strings.Join(where, ` AND `)
	rows, err := s.read.QueryContext(ctx, q+` ORDER BY project, article_id, annotator`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.SetRef
	for rows.Next() {
		var ref server.SetRef
		if err := rows.Scan(&ref.Project, &ref.ArticleID, &ref.Annotator); err != nil {
			return nil, err
		}
		out = append(out, ref)
	}
	return out, rows.Err()
}

// SetRevisions returns every revision of one set, and of its project's
// schema.
func (s *Store) SetRevisions(ctx context.Context, set server.SetRef) ([]annotations.Revision, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT `+revisionColumns+` FROM revisions WHERE set_id IN (?, ?) ORDER BY seq`,
		set.ID(), annotations.ProjectKey(set.Project).ID())
	if err != nil {
		return nil, err
	}
	revs, _, err := scanRevisions(rows)
	return revs, err
}

// IntegrityCheck runs SQLite's integrity check and returns its findings
// ("ok" when the file is sound).
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	rows, err := s.read.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n"), rows.Err()
}

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	return s.read.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'revisions'`).Scan(&n)
}
