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
)

const projectUsage = `Usage: gloss project add [--data ./data|--db URL] [--id ID] --manager LOGIN NAME
       gloss project list [--data ./data|--db URL]
       gloss project articles [--data ./data|--db URL] ID
       gloss project add-article|remove-article [--data ./data|--db URL] ID ARTICLE_ID...

add creates a project named NAME with LOGIN as its manager; its ID (in
URLs and --project flags) is --id, or made from the name. list lists the
projects with their IDs and members. articles lists a project's articles
(the Default project has every article); add-article and remove-article
change that list (an article's sets stay). Managers then add members
(gloss member set --project ID) and write guidelines in the app. It may
run while gloss serve serves the same data.

` + dbUsage

// project runs gloss project's subcommands.
func project(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, projectUsage)
		return usageError{errors.New("give a subcommand: add or list")}
	}
	sub := args[0]
	switch sub {
	case "add", "list", "articles", "add-article", "remove-article":
	case "-h", "--help", "help":
		fmt.Fprint(stdout, projectUsage)
		return flag.ErrHelp
	default:
		return usageError{fmt.Errorf("unknown subcommand %q (add, list, articles, add-article or remove-article)", sub)}
	}
	flags := newFlags("project "+sub, projectUsage, stderr)
	db := addDBFlags(flags, false)
	id := flags.String("id", "", "the new project's ID: lower-case letters, digits and hyphens (default: made from the name)")
	manager := flags.String("manager", "", "login of the new project's manager")
	if err := parseFlags(flags, args[1:]); err != nil {
		return err
	}
	wantArgs := map[string]int{"add": 1, "list": 0, "articles": 1}[sub]
	if n := flags.NArg(); sub == "add-article" || sub == "remove-article" {
		if n < 2 {
			return usageError{fmt.Errorf("gloss project %s takes a project ID and one or more article IDs (gloss project -h)", sub)}
		}
	} else if n != wantArgs {
		return usageError{fmt.Errorf("gloss project %s takes %d arguments, not %d (gloss project -h)", sub, wantArgs, n)}
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
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	switch sub {
	case "articles", "add-article", "remove-article":
		return projectArticles(ctx, store, sub, flags.Args(), stdout)
	}
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

// projectArticles runs gloss project articles, add-article and
// remove-article: args are the project's ID, then the articles'.
func projectArticles(ctx context.Context, store server.Store, sub string, args []string, stdout io.Writer) error {
	p, err := store.Project(ctx, args[0])
	if errors.Is(err, server.ErrNotFound) {
		return fmt.Errorf("no project %q (gloss project list lists them)", args[0])
	} else if err != nil {
		return err
	}
	if sub == "articles" {
		var list []api.ArticleSummary
		if p.ID == api.DefaultProject { // it has every article
			list, err = store.Articles(ctx)
		} else {
			list, err = store.ProjectArticles(ctx, p.ID)
		}
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tTITLE")
		for _, a := range list {
			fmt.Fprintf(w, "%s\t%s\n", a.ID, a.Title)
		}
		return w.Flush()
	}
	if p.ID == api.DefaultProject {
		return errors.New("the Default project has every article")
	}
	in := sub == "add-article"
	for _, id := range args[1:] {
		if !annotations.IsArticleID(id) {
			return usageError{fmt.Errorf("%q is not an article ID (32 lower-case hex digits)", id)}
		}
		if err := store.SetProjectArticle(ctx, p.ID, id, in); errors.Is(err, server.ErrNotFound) {
			return fmt.Errorf("no article %s (in %s)", id, p.Name)
		} else if err != nil {
			return err
		}
		if in {
			fmt.Fprintf(stdout, "%s is in %s\n", id, p.Name)
		} else {
			fmt.Fprintf(stdout, "%s is no longer in %s; its sets stay\n", id, p.Name)
		}
	}
	return nil
}
