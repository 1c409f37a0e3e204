package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
)

const projectUsage = `Usage: gloss project add [--data ./data] [--id ID] --manager LOGIN NAME
       gloss project list [--data ./data]

add creates a project named NAME with LOGIN as its manager; its ID (in
URLs and --project flags) is --id, or made from the name. list lists the
projects with their IDs and members. Managers then add members (gloss
member set --project ID) and write guidelines in the app. It may run while
gloss serve serves the same data.

`

// project runs gloss project's subcommands.
func project(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, projectUsage)
		return usageError{errors.New("give a subcommand: add or list")}
	}
	sub := args[0]
	switch sub {
	case "add", "list":
	case "-h", "--help", "help":
		fmt.Fprint(stdout, projectUsage)
		return flag.ErrHelp
	default:
		return usageError{fmt.Errorf("unknown subcommand %q (add or list)", sub)}
	}
	flags := newFlags("project "+sub, projectUsage, stderr)
	data := flags.String("data", "./data", "folder of the database, gloss.db")
	id := flags.String("id", "", "the new project's ID: lower-case letters, digits and hyphens (default: made from the name)")
	manager := flags.String("manager", "", "login of the new project's manager")
	if err := parseFlags(flags, args[1:]); err != nil {
		return err
	}
	wantArgs := 0
	if sub == "add" {
		wantArgs = 1
	}
	if flags.NArg() != wantArgs {
		return usageError{fmt.Errorf("gloss project %s takes %d arguments, not %d (gloss project -h)", sub, wantArgs, flags.NArg())}
	}
	var p server.Project
	if sub == "add" {
		if *manager == "" {
			return usageError{errors.New("--manager is missing: give the login of the project's manager")}
		}
		var err error
		if p, err = server.NewProject(api.NewProject{ID: *id, Name: flags.Arg(0)}, time.Now()); err != nil {
			return usageError{err}
		}
	}
	store, err := sqlite.Open(*data)
	if err != nil {
		return err
	}
	defer store.Close()
	if sub == "list" {
		projects, err := store.Projects(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tMEMBERS")
		for _, p := range projects {
			members, err := store.Members(ctx, p.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%s\t%s\t%d\n", p.ID, p.Name, len(members))
		}
		return w.Flush()
	}
	login := annotations.NormalizeLogin(*manager)
	u, err := store.UserByLogin(ctx, login)
	if errors.Is(err, server.ErrNotFound) {
		return fmt.Errorf("no user has the login %q (gloss user list lists them)", login)
	} else if err != nil {
		return err
	}
	switch err := store.CreateProject(ctx, p, u.ID); {
	case errors.Is(err, server.ErrProjectIDExists):
		return fmt.Errorf("another project has the ID %q: give another with --id", p.ID)
	case errors.Is(err, server.ErrProjectExists):
		return fmt.Errorf("another project is named %q", p.Name)
	case err != nil:
		return err
	}
	fmt.Fprintf(stdout, "created the project %s (ID %s), managed by %s\n", p.Name, p.ID, login)
	return nil
}
