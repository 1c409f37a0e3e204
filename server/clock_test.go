package server_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// year287168 is an edit time (Unix ms) from a device whose clock has gone
// wrong.
const year287168 = 9_000_000_000_000_000

// TestPushRefusesAClockAhead: a pushed revision dated more than a day
// after the server's clock is refused, 400 invalid, saying that the
// device's clock is wrong; one less far ahead is stored. A revision stored
// so far ahead before the rule still pulls as it was, and the progress
// shows no time after its own.
func TestPushRefusesAClockAhead(t *testing.T) {
	clk := newClock()
	eachStoreWith(t, server.Options{Now: clk.Now}, func(t *testing.T, e *env) {
		now := clk.Now().UnixMilli()
		a := e.putArticle(t, "Merkel", merkelText)
		earlier := timed(mention(t, a, annLogin, uuidN(1), "PER", 0, 13), now-time.Hour.Milliseconds())
		ahead := timed(mention(t, a, annLogin, uuidN(2), "PER", 18, 33), now+23*time.Hour.Milliseconds())
		dayAhead := timed(mention(t, a, annLogin, uuidN(3), "LOC", 37, 42), now+annotations.MaxAtAhead+time.Minute.Milliseconds())
		wild := timed(entityRevision(t, earlier.ID, a.ID, annLogin, annotations.Entity{ID: uuidN(1), Span: r1Span(t, earlier), Label: "ORG"}), year287168)
		r, got := e.push(t, earlier, ahead, dayAhead, wild)
		wrong := func(at string) string {
			return "your device's clock is wrong: this change is dated " + at + ", more than a day after the server's time (2026-12-01 09:00 UTC); set the device's date and time right, and the change is sent again"
		}
		want := []result{{status: "applied"}, {status: "applied"},
			{status: "rejected", code: api.CodeInvalid, message: wrong("2026-12-02 09:01 UTC")},
			{status: "rejected", code: api.CodeInvalid, message: wrong("287168-08-24 16:00 UTC")}}
		if diff := cmp.Diff(want, resultsOf(got), cmp.AllowUnexported(result{})); diff != "" {
			t.Errorf("push (-want +got):\n%s", diff)
		}
		if r.status != 400 || got.Error == nil || !strings.Contains(got.Error.Message, "revision 2 (item "+dayAhead.Item+"): your device's clock is wrong") {
			t.Errorf("push: %d %s; want 400 naming the revision a day ahead", r.status, r.body)
		}

		// Stored before the rule (by the store, as a push did then): it
		// pulls with its time, and validates.
		if st, err := e.store.PutRevisions(context.Background(), []annotations.Revision{wild}); err != nil || st[0].Status != api.StatusApplied {
			t.Fatalf("store the revision of year 287,168: %+v, %v", st, err)
		}
		pulled := e.pulled(t, annLogin, 10)
		i := slices.IndexFunc(pulled, func(r annotations.Revision) bool { return r.ID == wild.ID })
		if i < 0 || pulled[i].At != year287168 || pulled[i].Validate() != nil {
			t.Errorf("ann's pull %+v; want the revision of year 287,168 as it was, valid", pulled)
		}

		// The progress: an hour of work, the last edit now at the latest;
		// the year 287,168 is unknown.
		var prog api.Progress
		decode(t, e.admin(t).do(t, "GET", api.ProgressPath(api.DefaultProject), "", ""), &prog)
		if len(prog.Articles) != 1 || len(prog.Articles[0].Sets) != 1 {
			t.Fatalf("progress: %+v; want ann's one set", prog)
		}
		s := prog.Articles[0].Sets[0]
		if s.First != earlier.At || s.Last != now || s.Spent != annotations.IdleGap {
			t.Errorf("ann's set's times: first %d, last %d, spent %d; want %d, %d (now) and %d", s.First, s.Last, s.Spent, earlier.At, now, annotations.IdleGap)
		}
	})
}
