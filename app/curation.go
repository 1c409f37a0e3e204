package app

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/curation"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// curationView is the curation of the open article: the editor edits its
// gold set (annotations.GoldAnnotator's) with the usual keys, and the
// annotators' sets of the article on this device are compared with it
// (a curation.Comparer made once for the peers), again after every change
// of the peers and once the curator's edits pause.
type curationView struct {
	// peers are the sets compared: the done ones, or, when none is done
	// yet, those in progress (choosePeers).
	peers []annotations.Set
	// others are the annotators whose sets are on this device but not
	// compared, with their state.
	others []peerState
	// majority merges what more than half of the annotators agree on;
	// off: what all of them agree on.
	majority bool
	// comparer holds the peers' items grouped into candidates, made again
	// when the peers or majority change.
	comparer *curation.Comparer
	cmp      curation.Comparison
	// version is the editor's version cmp was made for, plus one (0: none).
	version int
	// made counts the comparisons made: the panel renders again when it
	// changes (a new editor may have the old one's version).
	made int
	// shown is how many differences the panel lists.
	shown int
}

// peerState is an annotator's set state, for the curation's header.
type peerState struct {
	Annotator string
	State     annotations.WorkState
}

// differencesShown is how many differences the curation panel lists at
// first and adds at each "Show more": a long article's list stays quick to
// render.
const differencesShown = 50

// choosePeers returns the sets a curation compares: the done ones when
// any is, else the started ones that are not skipped (so that a curator
// sees what there is before anyone is done); the gold set and empty sets
// are never compared. The others are returned with their states.
func choosePeers(sets []annotations.Set) (peers []annotations.Set, others []peerState) {
	done := slices.ContainsFunc(sets, func(s annotations.Set) bool {
		return s.Annotator != annotations.GoldAnnotator && s.State() == annotations.WorkDone
	})
	for _, s := range sets {
		st := s.State()
		switch {
		case s.Annotator == annotations.GoldAnnotator:
			continue
		case done && st == annotations.WorkDone, !done && (st == annotations.WorkInProgress || st == annotations.WorkDone):
			peers = append(peers, s)
		default:
			others = append(others, peerState{s.Annotator, st})
		}
	}
	return peers, others
}

// compare compares the gold set as it stands with the peers, unless that
// was done for this version of it already.
func (s *session) compare() {
	c := s.cur
	if c == nil || s.ed == nil || c.version == s.ed.version+1 {
		return
	}
	if c.comparer == nil {
		c.comparer = curation.NewComparer(c.peers, curation.Options{Majority: c.majority})
	}
	// View and Head rather than Set, which would have the next edit copy
	// the map of every item's head.
	c.cmp = c.comparer.Compare(s.ed.state.View(), s.ed.state.Head)
	c.version = s.ed.version + 1
	c.made++
	if c.shown == 0 {
		c.shown = differencesShown
	}
}

// setPeers replaces the sets the gold set is compared with, and, when
// there are two or more, merges at once what they agree on that the gold
// set lacks (one edit, which Ctrl+Z takes back; what the curator took out
// of gold is never merged again). One set agrees with nobody: when the
// others are reopened, what only it has stays a difference until the
// curator merges it (Merge agreed) or decides.
// Merge's items have IDs derived from what they are, so two curators'
// devices merging the same agreement make the same revisions.
func (s *session) setPeers(sets []annotations.Set) {
	if s.cur == nil {
		return
	}
	s.cur.peers, s.cur.others = choosePeers(sets)
	s.cur.version, s.cur.comparer = 0, nil
	s.compare()
	if len(s.cur.peers) > 1 && len(s.cur.cmp.Agreed) > 0 && s.canEdit() {
		s.mergeAgreed()
	}
}

// mergeAgreed puts into the gold set what the annotators agree on: one
// edit, undone as one.
func (s *session) mergeAgreed() effect {
	if s.cur == nil {
		return effect{}
	}
	s.compare()
	n := len(s.cur.cmp.Agreed)
	fx, ok := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) { return curation.Merge(e.state.Set(), s.cur.cmp) }})
	if ok {
		s.notice = "Merged " + formatCount(n, "agreed item") + " into the gold set (Ctrl+Z takes them out)."
	} else if s.editErr == "" {
		s.notice = "Nothing agreed is missing from the gold set."
	}
	s.compare()
	return fx
}

// decide settles the difference id: version v into the gold set, or, with
// v below 0, none of its versions.
func (s *session) decide(id string, v int) effect {
	if s.cur == nil {
		return effect{}
	}
	s.compare()
	i := slices.IndexFunc(s.cur.cmp.Differences, func(c curation.Candidate) bool { return c.ID == id })
	if i < 0 {
		s.editErr = "This difference is settled already."
		return effect{}
	}
	cand := s.cur.cmp.Differences[i]
	fx, _ := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) {
		if v < 0 {
			return curation.Reject(e.state.Set(), cand)
		}
		return curation.Accept(e.state.Set(), cand, v)
	}})
	s.compare()
	return fx
}

// setMajority switches what Merge takes: a majority's agreement, or
// everyone's.
func (s *session) setMajority(on bool) {
	if s.cur != nil && s.cur.majority != on {
		s.cur.majority, s.cur.version, s.cur.comparer = on, 0, nil
		s.compare()
	}
}

// curateKeyPrefix starts the localStorage key of the annotators a curator
// compares in a project: gloss.curate.<login>.<project>, a JSON list.
const curateKeyPrefix = "gloss.curate."

// curatedAnnotators returns the annotators login compares in project, as
// the curation page last learnt them from the server.
func curatedAnnotators(login, project string) []string {
	var names []string
	_ = json.Unmarshal([]byte(localStorageItem(curateKeyPrefix+login+"."+project)), &names)
	return names
}

// keepCuratedAnnotators keeps the annotators login compares in project.
func keepCuratedAnnotators(login, project string, names []string) {
	raw, err := json.Marshal(names)
	if err == nil {
		app.Window().Get("localStorage").Call("setItem", curateKeyPrefix+login+"."+project, string(raw))
	}
}

// alsoPulled returns the annotators whose sets the signed-in user's sync
// rounds pull besides their own: the gold sets and the annotators of the
// projects they curate (their curation page keeps the list).
func alsoPulled(me api.Me) []string {
	var out []string
	for _, p := range me.Projects {
		if !(api.Access{Admin: me.User.Admin, Role: p.Role}).CanCurate() {
			continue
		}
		if len(out) == 0 {
			out = append(out, annotations.GoldAnnotator)
		}
		for _, name := range curatedAnnotators(me.User.Login, p.ID) {
			if name != me.User.Annotator && !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

// curatesCurrentProject reports whether the signed-in user may make the
// gold sets of the project they work in.
func curatesCurrentProject() bool {
	p, me := currentProject()
	return api.Access{Admin: me.User.Admin, Role: p.Role}.CanCurate()
}

// peerSets returns the annotators' sets of the article of the gold set key
// on this device (projectRevs are its project's own revisions): those of
// the annotators the curator compares in the project, and those the
// article is assigned to.
func peerSets(key annotations.SetKey, projectRevs []localRevision) ([]annotations.Set, error) {
	me, _ := storedMe()
	names := curatedAnnotators(me.User.Login, annotations.ProjectOrDefault(key.Project))
	plain := make([]annotations.Revision, len(projectRevs))
	for i, r := range projectRevs {
		plain[i] = r.Revision
	}
	if ps, err := annotations.BuildSet(annotations.ProjectKey(key.Project), plain); err == nil {
		for _, a := range ps.Assignments {
			if a.ArticleID == key.ArticleID {
				for _, name := range a.Annotators {
					if !slices.Contains(names, name) {
						names = append(names, name)
					}
				}
			}
		}
	}
	var sets []annotations.Set
	for _, name := range names {
		k := annotations.SetKey{Project: key.Project, ArticleID: key.ArticleID, Annotator: name}
		revs, err := revisionsOfSet(k.ID())
		if err != nil {
			return nil, err
		}
		if len(revs) == 0 || name == annotations.GoldAnnotator {
			continue
		}
		all := slices.Clone(plain)
		for _, r := range revs {
			all = append(all, r.Revision)
		}
		s, err := annotations.BuildSet(k, all)
		if err != nil {
			return nil, err
		}
		sets = append(sets, s)
	}
	return sets, nil
}

// learnAnnotators asks the server, when it can be reached, who the
// project's members are, keeps their annotator names as the ones the
// curator compares, and has the next sync bring their sets when any is
// new. Offline, the names kept before (and the article's assignment) do.
func (p *ArticlePage) learnAnnotators(ctx app.Context, project string) {
	me, _ := storedMe()
	id := annotations.ProjectOrDefault(project)
	ctx.Async(func() {
		members, err := apiClient.Members(context.Background(), id)
		if err != nil {
			return
		}
		known := curatedAnnotators(me.User.Login, id)
		var names []string
		fresh := false
		for _, m := range members {
			if n := m.User.Annotator; n != me.User.Annotator && n != annotations.GoldAnnotator {
				names = append(names, n)
				fresh = fresh || !slices.Contains(known, n)
			}
		}
		slices.Sort(names)
		ctx.Dispatch(func(ctx app.Context) {
			keepCuratedAnnotators(me.User.Login, id, names)
			if fresh {
				background.Kick()
			}
		})
	})
}

// renderCurationLink offers a curator the article's curation, and, in it,
// the way back to their own set. Always rendered (hidden when neither
// applies), so that the text after it keeps its place among the children.
func (p *ArticlePage) renderCurationLink() app.UI {
	if p.cur != nil {
		return app.P().ID("curation-link").Class("note").Body(
			app.Strong().Text("Curating the gold set. "),
			app.A().Href("/articles/"+p.id).Text("Back to my set"),
		)
	}
	return app.P().ID("curation-link").Class("note").Hidden(!curatesCurrentProject()).Body(
		app.A().Href("/articles/" + p.id + "?curate").Text("Curate this article"),
	)
}
