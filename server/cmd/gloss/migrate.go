package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gloss-annotate/gloss/server"
)

const migrateUsage = `Usage: gloss migrate --from DATABASE --to DATABASE

Copies a whole deployment from one database to another, empty one: the
articles, the accounts with their sessions and API tokens, the projects
and their members, and every revision with its sequence number and
history hash, so that devices keep syncing from where they were. A
DATABASE is sqlite:FOLDER (the data folder of gloss.db, created for
--to) or a PostgreSQL URL, postgres://user:password@host:port/dbname.
Stop the servers first: they would write to the old database meanwhile.

The copy is read from one snapshot and written in one transaction, all
or nothing; then both databases are compared (users, projects and
members, articles, every annotator's revisions and sync cursor, and the
JSONL export of every project), and any difference is reported as a
failure. Failed sign-ins and computed results (models, agreement) are
not copied: they are counted and computed again.

`

// migrate copies the deployment of --from to --to.
func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("migrate", migrateUsage, stderr)
	from := flags.String("from", "", "the database to copy: sqlite:FOLDER or postgres://… (required)")
	to := flags.String("to", "", "the empty database to copy to: sqlite:FOLDER or postgres://… (required)")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments %q", flags.Args())}
	}
	if *from == "" || *to == "" {
		return usageError{errors.New("give both --from and --to")}
	}
	source, err := openMigrated(ctx, "--from", *from, false)
	if err != nil {
		return err
	}
	defer source.Close()
	target, err := openMigrated(ctx, "--to", *to, true)
	if err != nil {
		return err
	}
	defer target.Close()
	if source.String() == target.String() {
		return usageError{errors.New("--from and --to are the same database")}
	}
	counts, err := server.CopyDeployment(ctx, source, target)
	if err != nil {
		return fmt.Errorf("copy %s to %s: %w", source, target, err)
	}
	var parts []string
	for _, t := range server.CopyTables {
		parts = append(parts, fmt.Sprintf("%s: %d", strings.ReplaceAll(t.Name, "_", " "), counts[t.Name]))
	}
	fmt.Fprintf(stdout, "copied %s to %s: %s; the copy is the same\n", source, target, strings.Join(parts, ", "))
	return nil
}

// openMigrated opens a DATABASE of gloss migrate: sqlite:FOLDER, or a
// PostgreSQL URL.
func openMigrated(ctx context.Context, flag, spec string, create bool) (database, error) {
	if folder, ok := strings.CutPrefix(spec, "sqlite:"); ok && folder != "" {
		db, err := openDatabase(ctx, folder, "", create)
		if err != nil { // the folder comes from flag here, not --data
			err = errors.New(strings.Replace(err.Error(), "is --data right?", "is "+flag+" right?", 1))
		}
		return db, err
	}
	if err := checkDBURL(spec); err != nil || spec == "" {
		return nil, usageError{fmt.Errorf("%s %q: give sqlite:FOLDER or a PostgreSQL URL, postgres://…", flag, spec)}
	}
	return openDatabase(ctx, "", spec, create)
}
