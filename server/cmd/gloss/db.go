package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/postgres"
	"github.com/gloss-annotate/gloss/server/sqlite"
)

// database is the store a command opens (openDatabase): SQLite in the
// data folder, or PostgreSQL.
type database interface {
	server.Copier
	// Backup writes a consistent copy of the database to the file path,
	// which must not exist, while servers go on using it, and returns how
	// many articles the copy holds.
	Backup(ctx context.Context, path string) (articles int, err error)
	// String names the database in messages: the SQLite file, or the
	// PostgreSQL URL without its password.
	String() string
	// SchemaUpgrade returns the schema versions opening the database
	// brought it from and to; from is 0 when it was up to date, or new.
	SchemaUpgrade() (from, to int)
}

// dbSchemes are the URL schemes --db takes, PostgreSQL's.
var dbSchemes = []string{"postgres", "postgresql"}

// dbFlagUsage is the help of --db.
const dbFlagUsage = "the database: empty for SQLite's gloss.db in --data, or a PostgreSQL `URL`, postgres://user:password@host:port/dbname?sslmode=…"

// dbFlags are the flags that choose a command's database, --data and
// --db (addDBFlags).
type dbFlags struct {
	flags *flag.FlagSet
	data  string
	url   string
	// create says whether the SQLite database is created when --data has
	// none; a command that only reads it refuses a wrong --data instead.
	create bool
	// made says that open created the SQLite database.
	made bool
}

// addDBFlags adds --data and --db to flags. create says whether the
// command creates the SQLite database when the data folder has none.
func addDBFlags(flags *flag.FlagSet, create bool) *dbFlags {
	d := &dbFlags{flags: flags, create: create}
	dataUsage := "folder of the SQLite database, gloss.db, when --db is not given"
	if create {
		dataUsage += " (created if missing)"
	}
	flags.StringVar(&d.data, "data", "./data", dataUsage)
	flags.Func("db", dbFlagUsage, func(v string) error {
		if err := checkDBURL(v); err != nil {
			return err
		}
		d.url = v
		return nil
	})
	return d
}

// checkDBURL checks a --db value: empty, or a URL of one of dbSchemes.
func checkDBURL(v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != dbSchemes[0] && u.Scheme != dbSchemes[1]) {
		return fmt.Errorf("give nothing (SQLite in --data) or a PostgreSQL URL, %s://… or %s://…", dbSchemes[0], dbSchemes[1])
	}
	return nil
}

// open opens the database the flags choose, once they are parsed: giving
// both --data and --db is a usage error. PostgreSQL's schema is brought up
// to date, as SQLite's is.
func (d *dbFlags) open(ctx context.Context) (database, error) {
	if d.url != "" {
		given := false
		d.flags.Visit(func(f *flag.Flag) { given = given || f.Name == "data" })
		if given {
			return nil, usageError{errors.New("give --data (SQLite) or --db (PostgreSQL), not both")}
		}
	}
	if d.url == "" && d.create {
		_, err := os.Stat(filepath.Join(d.data, sqlite.FileName))
		d.made = errors.Is(err, fs.ErrNotExist)
	}
	db, err := openDatabase(ctx, d.data, d.url, d.create)
	if err != nil {
		return nil, err
	}
	// An upgrade is said where the operator sees it: a server of the
	// older release still running on this database would now fail.
	if from, to := db.SchemaUpgrade(); from > 0 {
		fmt.Fprintf(d.flags.Output(), "gloss %s: upgraded the database %s from schema version %d to %d: older releases of gloss can no longer use it (stop any still running)\n", d.flags.Name(), db, from, to)
	}
	return db, nil
}

// openDatabase opens SQLite's gloss.db in the folder data when url is "",
// creating it only when create says so, else the PostgreSQL database of
// url.
func openDatabase(ctx context.Context, data, url string, create bool) (database, error) {
	if url == "" {
		if !create {
			if _, err := os.Stat(filepath.Join(data, sqlite.FileName)); errors.Is(err, fs.ErrPermission) {
				return nil, fmt.Errorf("cannot read the database in %s (%v): run gloss as the user who owns it, or give that user access", data, err)
			} else if err != nil {
				return nil, fmt.Errorf("no database in %s (%v): is --data right?", data, err)
			}
		}
		s, err := sqlite.Open(data)
		if err != nil {
			return nil, err
		}
		return sqliteDatabase{s, filepath.Join(data, sqlite.FileName)}, nil
	}
	db := postgresDatabase{dsn: url}
	s, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", db, err)
	}
	db.Store = s
	return db, nil
}

// sqliteDatabase is a SQLite database and its file's path.
type sqliteDatabase struct {
	*sqlite.Store
	path string
}

func (d sqliteDatabase) String() string { return d.path }

// postgresDatabase is a PostgreSQL database and its URL.
type postgresDatabase struct {
	*postgres.Store
	dsn string
}

// Backup dumps the database with pg_dump (postgres.Dump).
func (d postgresDatabase) Backup(ctx context.Context, path string) (int, error) {
	return postgres.Dump(ctx, d.dsn, path)
}

// String is the URL with its password, if any, hidden.
func (d postgresDatabase) String() string {
	u, err := url.Parse(d.dsn)
	if err != nil {
		return "the PostgreSQL database"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// dbUsage is the paragraph of each command's usage on its database.
const dbUsage = `The database is SQLite's gloss.db in the --data folder, or the
PostgreSQL database of --db postgres://user:password@host:port/dbname
(or postgresql://…), whose schema is brought up to date when opened.

`
