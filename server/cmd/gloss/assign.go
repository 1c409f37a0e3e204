package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
)

const assignUsage = `Usage: gloss assign [--data ./data|--db URL] [--project default] --article ID --annotators NAME,NAME...
       gloss assign [--data ./data|--db URL] [--project default] --auto [--per-article 2] [--shared 0] [--annotators NAME,...]

The first form assigns one article of the project to the annotators named
(their annotator names, members of the project), replacing those it had;
--annotators "" unassigns it. --auto shares out the project's articles
(archived ones left out): each article without annotators gets
--per-article of them, those with the fewest articles so far, after the
first --shared part of them (0 to 1), which every annotator gets, for
measuring agreement; an article assigned already keeps its annotators and
only gets more when it has fewer than --per-article whose accounts are
enabled (a disabled one stays, marked "(disabled)"). --annotators defaults
to the project's members with the role annotator whose accounts are
enabled, and lists the disabled ones it leaves out; a disabled account
named is refused, as a name no member has is: nobody could sign in to
annotate. Assignments are revisions of the project, so the annotators'
devices pull them. It may run while gloss serve serves the same data.

` + dbUsage

// assign assigns articles of a project to annotators.
func assign(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("assign", assignUsage, stderr)
	db := addDBFlags(flags, false)
	projectID := flags.String("project", api.DefaultProject, "the project's id")
	article := flags.String("article", "", "the article to assign (its ID)")
	names := flags.String("annotators", "", "annotator names, separated by commas")
	auto := flags.Bool("auto", false, "share out every article of the project")
	perArticle := flags.Int("per-article", 2, "with --auto: annotators per article")
	shared := flags.Float64("shared", 0, "with --auto: the part of the articles (0 to 1) every annotator gets")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	given := map[string]bool{}
	flags.Visit(func(f *flag.Flag) { given[f.Name] = true })
	switch {
	case flags.NArg() > 0:
		return usageError{fmt.Errorf("unexpected arguments %q", flags.Args())}
	case *auto && given["article"]:
		return usageError{errors.New("give --auto or --article, not both")}
	case !*auto && *article == "":
		return usageError{errors.New("give --article ID (with --annotators) or --auto")}
	case !*auto && !given["annotators"]:
		return usageError{errors.New(`--annotators is missing: name the article's annotators, or give --annotators "" to unassign it`)}
	case !*auto && (given["per-article"] || given["shared"]):
		return usageError{errors.New("--per-article and --shared go with --auto")}
	case !*auto && !annotations.IsArticleID(*article):
		return usageError{fmt.Errorf("--article %q is not an article ID (32 lower-case hex digits)", *article)}
	}
	list := splitNames(*names)
	store, p, err := openProject(ctx, db, *projectID)
	if err != nil {
		return err
	}
	defer store.Close()
	members, err := store.Members(ctx, p.ID)
	if err != nil {
		return err
	}
	var disabled []string // the annotators --auto leaves out
	if *auto && !given["annotators"] {
		for _, m := range members {
			switch {
			case m.Role != api.RoleAnnotator:
			case m.User.Disabled():
				disabled = append(disabled, m.User.Annotator)
			default:
				list = append(list, m.User.Annotator)
			}
		}
		if len(list) == 0 {
			return fmt.Errorf("%s has no member with the role annotator whose account is enabled: add some (gloss member set --project %s LOGIN annotator) or give --annotators", p.Name, p.ID)
		}
	}
	articles, err := server.ProjectArticleList(ctx, store, p.ID)
	if err != nil {
		return err
	}
	titles := map[string]string{}
	var order []string
	for _, a := range articles {
		titles[a.ID] = a.Title
		if !a.Archived {
			order = append(order, a.ID)
		}
	}
	field := annotations.ProjectField(p.ID)
	key := annotations.ProjectKey(field)
	revs, err := store.SetRevisions(ctx, key)
	if err != nil {
		return err
	}
	current, err := server.Assignments(field, revs)
	if err != nil {
		return err
	}
	// The members' names, as the library's Assign… takes them (logins in
	// any case), once the names are checked.
	named := server.AssigneeMembers(members)
	disabledNames := api.DisabledAnnotators(named) // of every member
	var changes map[string][]string
	if *auto {
		o := annotations.AssignOptions{Annotators: list, PerArticle: *perArticle, Shared: *shared}
		if err := o.Validate(); err != nil {
			return usageError{asFlag(err)}
		}
		if o.Annotators, err = api.MemberAnnotators(o.Annotators, named); err != nil {
			return fmt.Errorf("%v in %s (gloss member list --project %s lists them)", err, p.Name, p.ID)
		}
		list, o.Disabled = o.Annotators, disabledNames
		changes = annotations.AutoAssign(order, current, o)
	} else {
		if _, ok := titles[*article]; !ok {
			return fmt.Errorf("no article %s in %s (gloss project articles %s lists them)", *article, p.Name, p.ID)
		}
		if err := (annotations.Assignment{ArticleID: *article, Annotators: list}).Validate(); err != nil {
			return usageError{asFlag(err)}
		}
		if list, err = api.MemberAnnotators(list, named); err != nil {
			return fmt.Errorf("%v in %s (gloss member list --project %s lists them)", err, p.Name, p.ID)
		}
		changes = map[string][]string{*article: list}
	}
	n, err := putAssignments(ctx, store, field, revs, current, changes)
	if err != nil {
		return err
	}
	if len(disabled) > 0 {
		fmt.Fprintf(stdout, "left out, their accounts disabled: %s (gloss user enable LOGIN)\n", strings.Join(disabled, ", "))
	}
	// The names as the progress shows them, a disabled account's marked
	// (an article --auto keeps it on).
	shown := func(names []string) string {
		marked := slices.Clone(names)
		for i, name := range marked {
			if slices.Contains(disabledNames, name) {
				marked[i] += " (disabled)"
			}
		}
		return orNone(strings.Join(marked, ", "))
	}
	for _, id := range order {
		if names, ok := changes[id]; ok && !slices.Equal(names, current[id]) {
			fmt.Fprintf(stdout, "%s  %s: %s\n", id, titles[id], shown(names))
		}
	}
	if !*auto && !slices.Contains(order, *article) && n > 0 { // an archived article
		fmt.Fprintf(stdout, "%s  %s: %s\n", *article, titles[*article], orNone(strings.Join(list, ", ")))
	}
	fmt.Fprintf(stdout, "%s assigned anew in %s\n", many(n, "article"), p.Name)
	return nil
}

// putAssignments stores, as revisions of the project (field as revisions
// write it) on top of its current ones (own, its revisions), the changes
// whose annotators differ from current: how many.
func putAssignments(ctx context.Context, store server.Store, field string, own []annotations.Revision, current, changes map[string][]string) (int, error) {
	set, err := annotations.BuildSet(annotations.ProjectKey(field), own)
	if err != nil {
		return 0, err
	}
	now := time.Now().UnixMilli()
	var revs []annotations.Revision
	for _, id := range slices.Sorted(maps.Keys(changes)) {
		names := changes[id]
		if slices.Equal(names, current[id]) {
			continue
		}
		parent := ""
		if head, ok := set.Heads[annotations.AssignmentItemID(field, id)]; ok {
			parent = head.ID
		}
		r, err := annotations.NewAssignmentRevision(parent, field, annotations.Assignment{ArticleID: id, Annotators: names})
		if err != nil {
			return 0, err
		}
		r.At = now
		revs = append(revs, r)
	}
	for start := 0; start < len(revs); start += api.MaxPushRevisions {
		batch := revs[start:min(start+api.MaxPushRevisions, len(revs))]
		stored, err := store.PutRevisions(ctx, batch)
		if err != nil {
			return 0, err
		}
		for i, st := range stored {
			if st.Status == api.StatusRejected {
				return 0, fmt.Errorf("the assignment of article %s was refused: %v", batch[i].ArticleID, st.Problem)
			}
		}
	}
	return len(revs), nil
}

// splitNames splits a comma-separated list of names, trimming spaces and
// dropping empty ones.
func splitNames(s string) []string {
	out := []string{}
	for _, name := range strings.Split(s, ",") {
		if name = strings.TrimSpace(name); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// asFlag names the flag of a validation error's field: per_article is
// --per-article.
func asFlag(err error) error {
	var v *annotations.ValidationError
	if !errors.As(err, &v) || v.Field == "" {
		return err
	}
	return fmt.Errorf("--%s: %s", strings.ReplaceAll(v.Field, "_", "-"), v.Message)
}
