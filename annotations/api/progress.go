package api

import (
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
)

// ProgressPath is the path of a project's progress: GET → Progress
// (curators, managers and admins: Access.CanCurate).
func ProgressPath(id string) string { return ProjectPath(id) + "/progress" }

// AgreementPath is the path of a project's inter-annotator agreement: GET →
// 200 with the report (agreement.Report; CSV with ?format=csv), or 202 with
// AgreementPending while it is computed (curators, managers and admins).
func AgreementPath(id string) string { return ProjectPath(id) + "/agreement" }

// AgreementPending is the answer of the agreement while it is computed:
// the client asks again.
type AgreementPending struct {
	Progress Count `json:"progress"`
}

// Count is work done out of a total.
type Count struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// Progress is the answer of GET /api/v1/projects/{id}/progress: where
// each of the project's articles stands, and each annotator.
type Progress struct {
	Project    string              `json:"project"`
	Articles   []ArticleProgress   `json:"articles"`
	Annotators []AnnotatorProgress `json:"annotators"`
}

// ArticleProgress is one article of a project in the progress view.
type ArticleProgress struct {
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	// Assigned are the annotators it is assigned to, in the order they
	// were added.
	Assigned []string              `json:"assigned"`
	State    annotations.WorkState `json:"state"`
	// Sets are its sets with revisions, by annotator; the gold set's
	// annotator is annotations.GoldAnnotator.
	Sets []annotations.SetProgress `json:"sets"`
}

// AnnotatorProgress is one annotator's totals over a project's articles.
type AnnotatorProgress struct {
	Annotator  string `json:"annotator"`
	Assigned   int    `json:"assigned"`
	NotStarted int    `json:"not_started"`
	InProgress int    `json:"in_progress"`
	Done       int    `json:"done"`
	Skipped    int    `json:"skipped"`
	// Spent is the time spent over all their sets, in ms.
	Spent int64 `json:"spent_ms"`
	// Disabled is whether the annotator's account is disabled
	// (User.Disabled): the team page marks it.
	Disabled bool `json:"disabled,omitempty"`
}

// Totals returns each annotator's totals over articles, by name: every
// annotator assigned an article or with a set of one (the gold set left
// out). An assigned article without a set counts as not started.
func Totals(articles []ArticleProgress) []AnnotatorProgress {
	by := map[string]*AnnotatorProgress{}
	get := func(name string) *AnnotatorProgress {
		p := by[name]
		if p == nil {
			p = &AnnotatorProgress{Annotator: name}
			by[name] = p
		}
		return p
	}
	for _, a := range articles {
		seen := map[string]bool{}
		for _, s := range a.Sets {
			if s.Annotator == annotations.GoldAnnotator {
				continue
			}
			seen[s.Annotator] = true
			p := get(s.Annotator)
			p.Spent += s.Spent
			switch s.State {
			case annotations.WorkNotStarted:
				p.NotStarted++
			case annotations.WorkInProgress:
				p.InProgress++
			case annotations.WorkDone:
				p.Done++
			case annotations.WorkSkipped:
				p.Skipped++
			}
		}
		for _, name := range a.Assigned {
			p := get(name)
			p.Assigned++
			if !seen[name] {
				p.NotStarted++
			}
		}
	}
	out := make([]AnnotatorProgress, 0, len(by))
	for _, p := range by {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b AnnotatorProgress) int {
		switch {
		case a.Annotator < b.Annotator:
			return -1
		case a.Annotator > b.Annotator:
			return 1
		}
		return 0
	})
	return out
}
