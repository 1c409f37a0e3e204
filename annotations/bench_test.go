package annotations

import (
	"fmt"
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
		r1, err := NewEntityRevision("", a.ID, "ana", entity(start+5, labels[i%4]))
		if err != nil {
			b.Fatal(err)
		}
		r2, err := NewEntityRevision(r1.ID, a.ID, "ana", entity(start+6, labels[(i+1)%4]))
		if err != nil {
			b.Fatal(err)
		}
		r3, err := NewEntityRevision(r2.ID, a.ID, "ana", entity(start+7, labels[(i+2)%4]))
		if err != nil {
			b.Fatal(err)
		}
		c2, err := NewEntityRevision(r1.ID, a.ID, "ana", entity(start+8, labels[(i+3)%4]))
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
