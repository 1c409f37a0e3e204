package annotations

import (
	"slices"
)

// IdleGap is the longest pause between two edits of a set that TimeSpent
// counts as work: a longer one counts as IdleGap, since the annotator was
// most likely away.
const IdleGap int64 = 5 * 60 * 1000 // ms

// SetProgress is one set's place in the workflow, as the progress view
// shows it.
type SetProgress struct {
	Annotator string    `json:"annotator"`
	State     WorkState `json:"state"`
	// Reason is why the set was skipped.
	Reason   string `json:"reason,omitempty"`
	Entities int    `json:"entities"`
	Quotes   int    `json:"quotes"`
	Stances  int    `json:"stances"`
	Groups   int    `json:"groups"`
	// First and Last are the times of its first and last edit (Unix ms),
	// 0 when no edit carries a time.
	First int64 `json:"first,omitempty"`
	Last  int64 `json:"last,omitempty"`
	// Spent is the time spent on it (ms): see TimeSpent.
	Spent int64 `json:"spent_ms"`
}

// SummarizeSet returns the progress of s, whose revisions are revs (of
// any order; revisions of other sets, and of its project's own, are left
// out of its times), at the time now (Unix ms). Edit times are the
// devices' clocks (Revision.At), so that a time is never shown after now:
// one after now counts as now, and one more than MaxAtAhead after it,
// which a push no longer stores (its device's clock was wrong), is
// unknown, as 0 is.
func SummarizeSet(s Set, revs []Revision, now int64) SetProgress {
	p := SetProgress{
		Annotator: s.Annotator, State: s.State(),
		Entities: len(s.Entities), Quotes: len(s.Quotes), Stances: len(s.Stances), Groups: len(s.Groups),
	}
	if s.Status != nil {
		p.Reason = s.Status.Reason
	}
	times := make([]int64, 0, len(revs))
	for _, r := range revs {
		if r.At > 0 && r.At-now <= MaxAtAhead && r.Key() == s.Key() {
			times = append(times, min(r.At, now))
		}
	}
	slices.Sort(times)
	if n := len(times); n > 0 {
		p.First, p.Last = times[0], times[n-1]
	}
	p.Spent = TimeSpent(times)
	return p
}

// TimeSpent returns the time spent over edits made at times (Unix ms,
// sorted): the sum of the gaps between consecutive edits, each capped at
// IdleGap. One edit alone counts nothing.
func TimeSpent(times []int64) int64 {
	var total int64
	for i := 1; i < len(times); i++ {
		total += min(times[i]-times[i-1], IdleGap)
	}
	return total
}

// ArticleState returns an article's state from its sets': curated when its
// gold set (nil when none) is done; done when every assigned annotator's
// set is done or skipped and at least one is done (every set of the
// article when none is assigned); skipped when all of those are skipped;
// not started when no set has started; in progress otherwise.
func ArticleState(assigned []string, sets []SetProgress, gold *SetProgress) WorkState {
	if gold != nil && gold.State == WorkDone {
		return WorkCurated
	}
	state := map[string]WorkState{}
	for _, s := range sets {
		if s.Annotator != GoldAnnotator {
			state[s.Annotator] = s.State
		}
	}
	who := assigned
	if len(who) == 0 {
		for name := range state {
			who = append(who, name)
		}
	}
	done, skipped, started := 0, 0, gold != nil && gold.State != WorkNotStarted
	for _, name := range who {
		switch state[name] {
		case WorkDone:
			done++
		case WorkSkipped:
			skipped++
		}
		if s, ok := state[name]; ok && s != WorkNotStarted {
			started = true
		}
	}
	switch {
	case len(who) == 0 && !started:
		return WorkNotStarted
	case len(who) > 0 && done+skipped == len(who) && done > 0:
		return WorkDone
	case len(who) > 0 && skipped == len(who):
		return WorkSkipped
	case started:
		return WorkInProgress
	}
	return WorkNotStarted
}

// NextArticle returns the first article of order assigned to annotator
// (assigned maps an article to its annotators) whose state (states maps an
// article to the annotator's set's state; missing is not started) is
// neither done nor skipped, preferring one in progress; "" when none is
// left.
func NextArticle(order []string, assigned map[string][]string, annotator string, states map[string]WorkState) string {
	first := ""
	for _, id := range order {
		if !slices.Contains(assigned[id], annotator) {
			continue
		}
		switch states[id] {
		case WorkInProgress:
			return id
		case WorkDone, WorkSkipped:
			continue
		}
		if first == "" {
			first = id
		}
	}
	return first
}
