package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
)

const memberUsage = `Usage: gloss member set [--data ./data|--db URL] [--project default] LOGIN manager|curator|annotator
       gloss member remove [--data ./data|--db URL] [--project default] LOGIN
       gloss member list [--data ./data|--db URL] [--project default]

set gives an account a role in a project (adding it when it is not a
member), remove takes it out (its annotation sets stay), list lists the
members. Every account starts as an annotator of the Default project. It
may run while gloss serve serves the same data.

` + dbUsage

// member runs gloss member's subcommands.
func member(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, memberUsage)
		return usageError{errors.New("give a subcommand: set, remove or list")}
	}
	sub := args[0]
	var wantArgs int
	switch sub {
	case "set":
		wantArgs = 2
	case "remove":
		wantArgs = 1
	case "list":
		wantArgs = 0
	case "-h", "--help", "help":
		fmt.Fprint(stdout, memberUsage)
		return flag.ErrHelp
	default:
		return usageError{fmt.Errorf("unknown subcommand %q (set, remove or list)", sub)}
	}
	flags := newFlags("member "+sub, memberUsage, stderr)
	db := addDBFlags(flags, false)
	projectID := flags.String("project", api.DefaultProject, "the project's id")
	if err := parseFlags(flags, args[1:]); err != nil {
		return err
	}
	if flags.NArg() != wantArgs {
		return usageError{fmt.Errorf("gloss member %s takes %d arguments, not %d (gloss member -h)", sub, wantArgs, flags.NArg())}
	}
	var role api.Role
	if sub == "set" {
		role = api.Role(flags.Arg(1))
		if err := api.CheckRole(role); err != nil {
			return usageError{err}
		}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	project, err := store.Project(ctx, *projectID)
	if errors.Is(err, server.ErrNotFound) {
		return fmt.Errorf("no project %q", *projectID)
	} else if err != nil {
		return err
	}
	if sub == "list" {
		members, err := store.Members(ctx, project.ID)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "LOGIN\tNAME\tROLE")
		for _, m := range members {
			fmt.Fprintf(w, "%s\t%s\t%s\n", m.User.Login, m.User.DisplayName, m.Role)
		}
		return w.Flush()
	}
	login := annotations.NormalizeLogin(flags.Arg(0))
	u, err := store.UserByLogin(ctx, login)
	if errors.Is(err, server.ErrNotFound) {
		return fmt.Errorf("no user has the login %q (gloss user list lists them)", login)
	} else if err != nil {
		return err
	}
	if sub == "remove" {
		before, err := store.Members(ctx, project.ID)
		if err != nil {
			return err
		}
		wasManager := slices.ContainsFunc(before, func(m server.Member) bool { return m.User.ID == u.ID && m.Role == api.RoleManager })
		if err := store.RemoveMember(ctx, project.ID, u.ID); errors.Is(err, server.ErrNotFound) {
			return fmt.Errorf("%s is not a member of %s", login, project.Name)
		} else if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s is no longer a member of %s; their sets stay\n", login, project.Name)
		return removedNotes(ctx, store, project, u, wasManager, stdout)
	}
	if err := store.SetMember(ctx, project.ID, u.ID, role); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is %s of %s\n", login, role, project.Name)
	return nil
}

// removedNotes says what a member's removal from project leaves to do:
// the articles still assigned to them, which nobody else will annotate
// for them (an automatic assignment keeps an article's annotators), and a
// project left without a manager (when u was one).
func removedNotes(ctx context.Context, store database, project server.Project, u server.User, wasManager bool, stdout io.Writer) error {
	field := annotations.ProjectField(project.ID)
	revs, err := store.SetRevisions(ctx, annotations.ProjectKey(field))
	if err != nil {
		return err
	}
	assigned, err := server.Assignments(field, revs)
	if err != nil {
		return err
	}
	var theirs []string
	for id, names := range assigned {
		if slices.Contains(names, u.Annotator) {
			theirs = append(theirs, id)
		}
	}
	if len(theirs) > 0 {
		slices.Sort(theirs)
		fmt.Fprintf(stdout, "%s still has %s assigned in %s, which they can no longer annotate: give them to others with gloss assign --project %s --article ID --annotators …\n  %s\n",
			u.Login, many(len(theirs), "article"), project.Name, project.ID, strings.Join(theirs, "\n  "))
	}
	if !wasManager {
		return nil
	}
	members, err := store.Members(ctx, project.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(members, func(m server.Member) bool { return m.Role == api.RoleManager }) {
		fmt.Fprintf(stdout, "%s has no manager now: only admins manage it until one is named (gloss member set --project %s LOGIN manager)\n", project.Name, project.ID)
	}
	return nil
}
