package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"strings"

	"github.com/gloss-annotate/gloss/server/postgres/internal/pgbin"
	"github.com/jackc/pgx/v5"
)

// Dump writes a copy of the database dsn (a postgres:// URL or key=value
// string, as Open takes) to the file path, which must not exist, with
// pg_dump --format=custom: one snapshot of the database, taken while
// servers go on using it, which pg_restore puts back. It returns how many
// articles the copy holds, counted in that same snapshot (exported to
// pg_dump with --snapshot), so writes committed meanwhile are not counted.
// The file is made readable by its owner only (it holds password hashes);
// a failed dump leaves none. A password in a URL is handed to pg_dump in
// its environment (PGPASSWORD), not on its command line, where other
// users could read it.
func Dump(ctx context.Context, dsn, path string) (articles int, err error) {
	pgDump, err := ClientProgram("pg_dump")
	if err != nil {
		return 0, err
	}
	conninfo, password := splitPassword(dsn)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return 0, fmt.Errorf("%s exists already: give a new file", path)
	}
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			os.Remove(path)
		}
	}()
	err = f.Chmod(0o600) // exactly, whatever the umask
	var snapshot string
	var tx pgx.Tx
	if err == nil {
		snapshot, tx, articles, err = exportSnapshot(ctx, dsn)
	}
	if err != nil {
		f.Close()
		return 0, err
	}
	// The transaction holds the snapshot until pg_dump has taken it.
	defer tx.Conn().Close(context.WithoutCancel(ctx))
	if afterSnapshot != nil {
		afterSnapshot()
	}
	cmd := exec.CommandContext(ctx, pgDump, "--format=custom", "--no-password", "--snapshot="+snapshot, "--dbname", conninfo)
	if password != "" {
		cmd.Env = append(os.Environ(), "PGPASSWORD="+password)
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = f, &stderr
	err = cmd.Run()
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return 0, fmt.Errorf("pg_dump: %v: %s", err, msg)
		}
		return 0, fmt.Errorf("pg_dump: %w", err)
	}
	return articles, nil
}

// afterSnapshot, which tests set, runs in Dump between the snapshot and
// pg_dump.
var afterSnapshot func()

// exportSnapshot connects to dsn and begins a repeatable-read transaction,
// whose snapshot it exports (pg_export_snapshot) for pg_dump --snapshot
// to take, and counts the articles in it. The caller closes the
// transaction's connection once pg_dump is done.
func exportSnapshot(ctx context.Context, dsn string) (snapshot string, tx pgx.Tx, articles int, err error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", nil, 0, fmt.Errorf("pg_dump: connect to the database: %w", err)
	}
	tx, err = conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err == nil {
		err = tx.QueryRow(ctx, `SELECT pg_export_snapshot()`).Scan(&snapshot)
	}
	if err == nil {
		err = tx.QueryRow(ctx, `SELECT count(*) FROM articles`).Scan(&articles)
	}
	if err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return "", nil, 0, fmt.Errorf("pg_dump: take the snapshot to dump: %w", err)
	}
	return snapshot, tx, articles, nil
}

// splitPassword takes the password out of a postgres:// or postgresql://
// URL (its user's, or a password= parameter): the URL without it, and the
// password. Another dsn is returned as it is.
func splitPassword(dsn string) (conninfo, password string) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return dsn, ""
	}
	if u.User != nil {
		if p, ok := u.User.Password(); ok {
			password = p
			u.User = url.User(u.User.Username())
		}
	}
	if q := u.Query(); q.Has("password") {
		password = q.Get("password")
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String(), password
}

// ClientProgram returns the path of one of PostgreSQL's client programs,
// such as pg_dump or pg_restore (on the PATH, else in the newest
// /usr/lib/postgresql/VERSION/bin), else an error that says how
// to install them.
func ClientProgram(name string) (string, error) {
	if p, ok := pgbin.Find(name); ok {
		return p, nil
	}
	return "", fmt.Errorf("%s is not installed: install PostgreSQL's client programs (on Debian or Ubuntu: apt-get install postgresql-client), in the version of the server or newer", name)
}
