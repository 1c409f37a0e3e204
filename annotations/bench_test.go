package annotations

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// benchArticle returns about size bytes of raw article text as a paste
// brings it: CRLF line breaks, decomposed accents, emoji, CJK and Arabic.
func benchArticle(size int) string {
	const para = "Rex Tillerson, the Secretary of State, told reporters in Cafe\u0301 Brasi\u0301lia 👍🏽 that " +
		"talks with 中文 delegates and مرحبا partners would go on.\t\"We are 🇺🇸 here,\" he said.\r\n\r\n"
	var b strings.Builder
	for b.Len() < size {
		b.WriteString(para)
	}
	return b.String()
}

func BenchmarkNormalizeText(b *testing.B) {
	text := benchArticle(60 << 10)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := NormalizeText(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUTF16ToCodePoint(b *testing.B) {
	text, err := NormalizeText(benchArticle(60 << 10))
	if err != nil {
		b.Fatal(err)
	}
	n := UTF16Len(text)
	for _, at := range []struct {
		name string
		u16  int
	}{{"start", 10}, {"middle", n / 2}, {"end", n}} {
		b.Run(at.name, func(b *testing.B) {
			for b.Loop() {
				UTF16ToCodePoint(text, at.u16)
			}
		})
	}
}

func BenchmarkCodePointToUTF16(b *testing.B) {
	text, err := NormalizeText(benchArticle(60 << 10))
	if err != nil {
		b.Fatal(err)
	}
	cp := RuneCount(text) / 2
	for b.Loop() {
		CodePointToUTF16(text, cp)
	}
}

// benchRevisions returns 2,000 revisions of 500 entities: per entity a
// chain of three edits and a concurrent edit of the first, shuffled by item.
func benchRevisions(b *testing.B) []Revision {
	a, err := NewArticle("Bench", benchArticle(8<<10), testTime)
	if err != nil {
		b.Fatal(err)
	}
	text := []rune(a.Text)
	labels := []string{"PER", "ORG", "LOC", "MISC"}
	var revs []Revision
	for i := range 500 {
		item := uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "item %d", i)).String()
		start := (i * 7) % (len(text) - 20)
		entity := func(end int, label string) Entity {
			s, err := NewSpan(text, start, end)
			if err != nil {
				b.Fatal(err)
			}
			return Entity{ID: item, Span: s, Label: label}
		}
		r1, err := NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, entity(start+5, labels[i%4]))
		if err != nil {
			b.Fatal(err)
		}
		r2, err := NewEntityRevision(r1.ID, SetKey{ArticleID: a.ID, Annotator: "ana"}, entity(start+6, labels[(i+1)%4]))
		if err != nil {
			b.Fatal(err)
		}
		r3, err := NewEntityRevision(r2.ID, SetKey{ArticleID: a.ID, Annotator: "ana"}, entity(start+7, labels[(i+2)%4]))
		if err != nil {
			b.Fatal(err)
		}
		c2, err := NewEntityRevision(r1.ID, SetKey{ArticleID: a.ID, Annotator: "ana"}, entity(start+8, labels[(i+3)%4]))
		if err != nil {
			b.Fatal(err)
		}
		revs = append(revs, r3, c2, r1, r2)
	}
	return revs
}

func BenchmarkResolve(b *testing.B) {
	revs := benchRevisions(b)
	if len(revs) != 2000 {
		b.Fatalf("%d revisions, want 2000", len(revs))
	}
	for b.Loop() {
		if st := Resolve(revs); len(st) != 500 {
			b.Fatalf("Resolve gave %d items, want 500", len(st))
		}
	}
}

// benchSet returns n entity revisions on a long article, each a new mention,
// and one more, a new mention too: the state of a long article's set and a
// key press that tags a selection.
func benchSet(b *testing.B, n int) (Article, []Revision, Revision) {
	a, err := NewArticle("Bench", benchArticle(64<<10), testTime)
	if err != nil {
		b.Fatal(err)
	}
	text := []rune(a.Text)
	labels := []string{"PER", "ORG", "LOC", "MISC"}
	mention := func(i int) Revision {
		item := uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "mention %d", i)).String()
		start := (i * 13) % (len(text) - 20)
		s, err := NewSpan(text, start, start+5+i%7)
		if err != nil {
			b.Fatal(err)
		}
		r, err := NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, Entity{ID: item, Span: s, Label: labels[i%4]})
		if err != nil {
			b.Fatal(err)
		}
		return r
	}
	revs := make([]Revision, n)
	for i := range revs {
		revs[i] = mention(i)
	}
	return a, revs, mention(n)
}

// BenchmarkSetStateApply measures one edit of a set of 2,000 mentions, the
// new mention's Apply to the state: alone (Apply), and as the editor does
// it, taking the Set after each edit, so that each Apply copies the Heads
// map the previous Set handed out (Apply+Set); and BuildSet of all 2,001
// revisions, what the editor did before SetState (BuildSet).
func BenchmarkSetStateApply(b *testing.B) {
	a, revs, next := benchSet(b, 2000)
	base := NewSetState(SetKey{ArticleID: a.ID, Annotator: "ana"})
	if err := base.Apply(revs...); err != nil {
		b.Fatal(err)
	}
	for _, withSet := range []bool{false, true} {
		name := "Apply"
		if withSet {
			name = "Apply+Set"
		}
		// Each iteration applies next to its own copy of the base state,
		// made outside the timer, with the garbage of making them collected
		// there too.
		copies := func(n int) []*SetState {
			out := make([]*SetState, n)
			for i := range out {
				out[i] = base.clone()
				if withSet {
					out[i].Set() // the set after the previous edit
				}
			}
			runtime.GC()
			return out
		}
		b.Run(name, func(b *testing.B) {
			const batch = 16
			states, i := copies(batch), 0
			for b.Loop() {
				if i == batch {
					b.StopTimer()
					states, i = copies(batch), 0
					b.StartTimer()
				}
				if err := states[i].Apply(next); err != nil {
					b.Fatal(err)
				}
				if withSet {
					if s := states[i].Set(); len(s.Entities) != 2001 {
						b.Fatalf("%d entities, want 2001", len(s.Entities))
					}
				}
				i++
			}
		})
	}
	b.Run("BuildSet", func(b *testing.B) {
		all := append(slices.Clip(revs), next)
		for b.Loop() {
			if s, err := BuildSet((SetKey{ArticleID: a.ID, Annotator: "ana"}), all); err != nil || len(s.Entities) != 2001 {
				b.Fatalf("BuildSet: %d entities, %v", len(s.Entities), err)
			}
		}
	})
}

// clone returns a deep copy of s, for benchmarks that apply the same edit
// to the same state again and again.
func (s *SetState) clone() *SetState {
	c := *s
	c.set.Heads = maps.Clone(s.set.Heads)
	c.headsShared = false
	c.items = make(map[string]*itemState, len(s.items))
	for k, it := range s.items {
		cp := *it
		c.items[k] = &cp
	}
	c.seen = maps.Clone(s.seen)
	c.revs = slices.Grow(slices.Clone(s.revs), 256) // room to append, as a state that has grown one edit at a time has
	c.conflicted = slices.Clone(s.conflicted)
	c.referrers = make(map[string]map[string]struct{}, len(s.referrers))
	for k, v := range s.referrers {
		c.referrers[k] = maps.Clone(v)
	}
	c.flags = maps.Clone(s.flags)
	return &c
}
