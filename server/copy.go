package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// StoredTimeFormat is how both stores keep times, as text: UTC, to the
// nanosecond, fixed width, so that text order is time order, and a
// deployment copied from one store to the other (CopyDeployment) reads
// the same.
const StoredTimeFormat = "2006-01-02T15:04:05.000000000Z"

// FormatStoredTime writes t as the stores keep it (StoredTimeFormat).
func FormatStoredTime(t time.Time) string { return t.UTC().Format(StoredTimeFormat) }

// ParseStoredTime reads a time a store kept; "" is the zero time.
func ParseStoredTime(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, v)
}

// CopyTable is one table that CopyDeployment copies: its name and columns,
// which both stores' schemas share, and which of them are booleans (an
// integer in SQLite, a boolean in PostgreSQL).
type CopyTable struct {
	Name    string
	Columns []string
	Bools   []string
}

// CopyTables are the tables of a deployment, in an order in which each
// row's references are copied before it. Revisions keep their sequence
// numbers and history hashes, so that the devices' cursors stay valid.
// The failed sign-ins the rate limit counts and the results the server
// computed (a model, an agreement report) are not copied: they are
// counted and computed again.
var CopyTables = []CopyTable{
	{Name: "articles", Columns: []string{"id", "title", "text", "source", "created", "chars", "archived"}, Bools: []string{"archived"}},
	{Name: "users", Columns: []string{"id", "login", "annotator", "display_name", "admin", "password_hash", "created", "access"}, Bools: []string{"admin"}},
	{Name: "sessions", Columns: []string{"token_hash", "user_id", "expires"}},
	{Name: "api_tokens", Columns: []string{"id", "user_id", "name", "token_hash", "created", "last_used"}},
	{Name: "setup_tokens", Columns: []string{"token_hash", "created"}},
	{Name: "projects", Columns: []string{"id", "name", "guidelines", "see_each_other", "created", "suggest"}, Bools: []string{"see_each_other"}},
	{Name: "members", Columns: []string{"project_id", "user_id", "role"}},
	{Name: "project_articles", Columns: []string{"project_id", "article_id", "added"}},
	{Name: "revisions", Columns: []string{"seq", "rev", "parent", "item", "kind", "project", "article_id", "annotator", "set_id", "deleted", "body", "chain", "at"}, Bools: []string{"deleted"}},
	{Name: "items", Columns: []string{"set_id", "item", "kind"}},
}

// CopyRow is one row of a CopyTable: its values in the order of its
// Columns, each a string, an int64, a bool or nil.
type CopyRow struct {
	Table  *CopyTable
	Values []any
}

// Copier is a store that CopyDeployment copies from and to.
type Copier interface {
	Store
	// ReadTables calls fn with every row of tables, table by table in
	// their order, each table's rows in the order they were stored, all
	// from one snapshot of the store.
	ReadTables(ctx context.Context, tables []CopyTable, fn func(CopyRow) error) error
	// WriteTables stores rows, in one transaction, into a store that
	// holds nothing yet (ErrNotEmpty otherwise) but the Default project,
	// which the rows replace.
	WriteTables(ctx context.Context, tables []CopyTable, rows iter.Seq2[CopyRow, error]) error
}

// ErrNotEmpty refuses to copy a deployment into a store that holds one.
var ErrNotEmpty = errors.New("the database to copy to holds articles, revisions, users or projects already: give an empty one")

// CopyCounts are the rows CopyDeployment copied, by table.
type CopyCounts map[string]int

// CopyDeployment copies every table of from into to, which must be empty
// (ErrNotEmpty), streaming the rows from one snapshot of from into one
// transaction of to: all of it or nothing. Booleans are written as
// booleans whichever store they come from. It then checks the copy
// (CompareDeployments).
func CopyDeployment(ctx context.Context, from, to Copier) (CopyCounts, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rows := make(chan CopyRow, 512)
	readErr := make(chan error, 1)
	go func() {
		defer close(rows)
		readErr <- from.ReadTables(ctx, CopyTables, func(r CopyRow) error {
			for i, col := range r.Table.Columns {
				for _, b := range r.Table.Bools {
					if col == b {
						r.Values[i] = asBool(r.Values[i])
					}
				}
			}
			select {
			case rows <- r:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	counts := CopyCounts{}
	err := to.WriteTables(ctx, CopyTables, func(yield func(CopyRow, error) bool) {
		for r := range rows {
			counts[r.Table.Name]++
			if !yield(r, nil) {
				return
			}
		}
		if err := <-readErr; err != nil {
			yield(CopyRow{}, fmt.Errorf("read: %w", err))
		}
	})
	cancel()
	for range rows { // the reader stops at the cancel: let it finish
	}
	if err != nil {
		return nil, err
	}
	return counts, CompareDeployments(context.Background(), from, to)
}

// asBool turns SQLite's integer booleans into booleans.
func asBool(v any) any {
	switch v := v.(type) {
	case int64:
		return v != 0
	default:
		return v
	}
}

// CompareDeployments checks that two stores hold the same deployment, as
// users and model training see it: the same users, projects and members,
// the same articles, the same revisions under the same cursor (sequence
// number and history hash), and byte for byte the same JSONL export of
// every project. It returns what differs first.
func CompareDeployments(ctx context.Context, a, b Store) error {
	// Each look writes what it reads into a hash: a deployment of a
	// million revisions is compared without holding it.
	looks := []struct {
		what string
		of   func(s Store, w io.Writer) error
	}{
		{"articles", func(s Store, w io.Writer) error {
			list, err := s.Articles(ctx)
			fmt.Fprint(w, list)
			return err
		}},
		{"users", func(s Store, w io.Writer) error {
			list, err := s.Users(ctx)
			fmt.Fprint(w, list)
			return err
		}},
		{"projects", func(s Store, w io.Writer) error {
			list, err := s.Projects(ctx)
			if err != nil {
				return err
			}
			fmt.Fprint(w, list)
			for _, p := range list {
				members, err := s.Members(ctx, p.ID)
				if err != nil {
					return err
				}
				articles, err := s.ProjectArticles(ctx, p.ID)
				if err != nil {
					return err
				}
				fmt.Fprint(w, members, articles)
			}
			return nil
		}},
		{"revisions", func(s Store, w io.Writer) error {
			// Every annotator's revisions, whole, as pulls read them,
			// and the cursor after them: the history's hash at the end
			// covers every revision before it, in order.
			sets, err := s.Sets(ctx, "")
			if err != nil {
				return err
			}
			var annotators []string
			for _, set := range sets {
				annotators = append(annotators, set.Annotator)
			}
			slices.Sort(annotators)
			for _, annotator := range slices.Compact(annotators) {
				var since Cursor
				n := 0
				for {
					page, err := s.Changes(ctx, ChangeFilter{Annotator: annotator}, since, api.MaxPullLimit)
					if err != nil {
						return err
					}
					for _, r := range page.Revisions {
						fmt.Fprintf(w, "%+v\n", r)
					}
					n += len(page.Revisions)
					since = page.Cursor
					if !page.More {
						break
					}
				}
				fmt.Fprintf(w, "%q %d %d %s\n", annotator, n, since.Seq, since.Chain)
			}
			return nil
		}},
		{"export", func(s Store, w io.Writer) error {
			projects, err := s.Projects(ctx)
			if err != nil {
				return err
			}
			for _, p := range projects {
				x, err := NewExport(ctx, s, ExportParams{Project: annotations.ProjectField(p.ID), Format: "jsonl"})
				if err != nil {
					return err
				}
				if _, err := x.Write(ctx, w, nil); err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for _, l := range looks {
		// The two stores are read at once.
		var sums [2][]byte
		var errs [2]error
		var wg sync.WaitGroup
		for i, s := range []Store{a, b} {
			wg.Go(func() {
				h := sha256.New()
				errs[i] = l.of(s, h)
				sums[i] = h.Sum(nil)
			})
		}
		wg.Wait()
		if err := errors.Join(errs[:]...); err != nil {
			return fmt.Errorf("compare the %s: %w", l.what, err)
		}
		if !bytes.Equal(sums[0], sums[1]) {
			return fmt.Errorf("the copy's %s differ from the original's", l.what)
		}
	}
	return nil
}
