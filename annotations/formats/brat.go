package formats

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
)

func init() {
	register(Format{Name: "brat", Description: "brat standoff: a .txt and an .ann per annotation set, and annotation.conf",
		ContentType: "text/plain; charset=utf-8", Ext: ".ann", MultiFile: true,
		newEncoder: func(files *fileSink, opts Options) encoder {
			e := &bratEncoder{files: files, polarities: annotations.DefaultStancePolarities()}
			e.labels = slices.Clone(conllLabels)
			if len(opts.Labels) > 0 {
				e.labels = slices.Clone(opts.Labels)
			}
			return e
		}})
}

// The brat types Gloss writes beside the entity labels.
const (
	bratQuote    = "Quote"
	bratCue      = "Cue"
	bratStance   = "Stance"
	bratEvidence = "Evidence"
)

// bratToGroup is the note on a Speaker, Holder or Target relation whose
// Arg2, a group's first mention, stands for the whole group.
const bratToGroup = "to: group"

// bratEncoder writes, per record, <part>/<article_id>-<annotator>.txt (the
// article's text, exactly) and .ann:
//   - an entity is "T1\tPER 0 13\tRex Tillerson";
//   - a group is "*\tCoreference T1 T4" and a note on its first member,
//     "#1\tAnnotatorNotes T1\tgroup: <name>";
//   - a quote is "T5\tQuote s e\t…" with "A1\tDirect T5" when direct,
//     "R1\tSpeaker Arg1:T5 Arg2:T1" (a group speaker: its first member,
//     and a note on the relation, "#2\tAnnotatorNotes R1\tto: group")
//     and its cue "T6\tCue s e\tsaid" with "R2\tCue Arg1:T5 Arg2:T6";
//   - a stance is "T7\tStance s e\t…" over its first evidence, with
//     "A2\tPolarity T7 AGAINST", "R3\tHolder Arg1:T7 Arg2:…" (an entity,
//     a group's first member with the "to: group" note, or the quote
//     whose speaker holds it), "R4\tTarget Arg1:T7 Arg2:…" for an entity
//     or group target (the same way), a note
//     "topic: …" for a topic and "holder: article" for the article, and
//     "R5\tEvidence Arg1:T7 Arg2:…" for more evidence (a quote's T, or an
//     "Evidence" span). A stance with no evidence has nothing to anchor
//     it and is left out (reported).
//
// A span over a line break is written as fragments split at the break
// ("T8\tQuote 10 20;21 30\t…"), as brat does.
type bratEncoder struct {
	files      *fileSink
	dir        string
	labels     []string // entity labels, for annotation.conf
	polarities []string
	reported   problemLog
}

func (e *bratEncoder) begin(part string) error { e.dir = part; return nil }
func (e *bratEncoder) end() error              { return nil }
func (e *bratEncoder) problems() *problemLog   { return &e.reported }

// bratBase is the file name (without extension) of a record: article ID and
// annotator, the annotator's name kept to letters, digits, '.', '_' and
// '-', with the set ID's start added when that changed it.
func bratBase(rec annotations.ExportRecord) string {
	var b strings.Builder
	for _, r := range rec.Annotator {
		if r < 128 && (r == '.' || r == '_' || r == '-' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	name := rec.ArticleID + "-" + b.String()
	if b.String() != rec.Annotator {
		name += "-" + rec.SetID[:min(8, len(rec.SetID))]
	}
	return name
}

// bratFragments returns the offsets of [start, end) of text split at line
// breaks, as "s e;s e", and its text with the breaks as spaces.
func bratFragments(text []rune, start, end int) (string, string) {
	var offs []string
	var parts []string
	i := start
	for i < end {
		for i < end && text[i] == '\n' {
			i++
		}
		j := i
		for j < end && text[j] != '\n' {
			j++
		}
		if j > i {
			offs = append(offs, fmt.Sprintf("%d %d", i, j))
			parts = append(parts, string(text[i:j]))
		}
		i = j
	}
	return strings.Join(offs, ";"), strings.Join(parts, " ")
}

func (e *bratEncoder) write(rec annotations.ExportRecord) error {
	text := []rune(rec.Text)
	var ann bytes.Buffer
	nt, nr, na, nn := 0, 0, 0, 0
	textBound := func(typ string, start, end int) (string, bool) {
		if start < 0 || end > len(text) || start >= end {
			return "", false
		}
		offs, s := bratFragments(text, start, end)
		if offs == "" {
			return "", false
		}
		nt++
		id := fmt.Sprintf("T%d", nt)
		fmt.Fprintf(&ann, "%s\t%s %s\t%s\n", id, typ, offs, s)
		return id, true
	}
	relation := func(typ, a1, a2 string) string {
		nr++
		fmt.Fprintf(&ann, "R%d\t%s Arg1:%s Arg2:%s\n", nr, typ, a1, a2)
		return fmt.Sprintf("R%d", nr)
	}
	attribute := func(typ, on, value string) {
		na++
		if value == "" {
			fmt.Fprintf(&ann, "A%d\t%s %s\n", na, typ, on)
			return
		}
		fmt.Fprintf(&ann, "A%d\t%s %s %s\n", na, typ, on, value)
	}
	note := func(on, s string) {
		nn++
		fmt.Fprintf(&ann, "#%d\tAnnotatorNotes %s\t%s\n", nn, on, strings.ReplaceAll(s, "\n", " "))
	}
	leftOut := func(item string, offset int, format string, args ...any) {
		e.reported.add(Problem{ArticleID: rec.ArticleID, Annotator: rec.Annotator, Item: item,
			Kind: ProblemLeftOut, Offset: offset, Message: fmt.Sprintf(format, args...)})
	}

	entityT := map[string]string{}
	for _, en := range rec.Entities {
		if !slices.Contains(e.labels, en.Label) {
			e.labels = append(e.labels, en.Label)
		}
		id, ok := textBound(en.Label, en.Start, en.End)
		if !ok {
			leftOut(en.ID, en.Start, "entity %s %d-%d is outside the text", en.Label, en.Start, en.End)
			continue
		}
		entityT[en.ID] = id
	}
	groupT := map[string]string{} // group ID to its first member's T
	for _, g := range rec.Groups {
		var ts []string
		for _, m := range g.Members {
			if t, ok := entityT[m]; ok {
				ts = append(ts, t)
			}
		}
		if len(ts) == 0 {
			leftOut(g.ID, 0, "group %q has no mention to write", g.Name)
			continue
		}
		groupT[g.ID] = ts[0]
		fmt.Fprintf(&ann, "*\tCoreference %s\n", strings.Join(ts, " "))
		note(ts[0], "group: "+g.Name)
	}
	refT := func(kind annotations.RefKind, id string) (string, bool) {
		switch kind {
		case annotations.RefEntity:
			t, ok := entityT[id]
			return t, ok
		case annotations.RefGroup:
			t, ok := groupT[id]
			return t, ok
		}
		return "", false
	}
	// refRelation writes a relation to what kind and id refer to: a group
	// is its first mention, and a note on the relation says it means the
	// group ("to: group"), so that the import reads the group back.
	refRelation := func(typ, from string, kind annotations.RefKind, id string) {
		if t, ok := refT(kind, id); ok {
			r := relation(typ, from, t)
			if kind == annotations.RefGroup {
				note(r, bratToGroup)
			}
		}
	}
	quoteT := map[string]string{}
	for _, q := range rec.Quotes {
		id, ok := textBound(bratQuote, q.Start, q.End)
		if !ok {
			leftOut(q.ID, q.Start, "quote %d-%d is outside the text", q.Start, q.End)
			continue
		}
		quoteT[q.ID] = id
		if q.Direct {
			attribute("Direct", id, "")
		}
		refRelation("Speaker", id, q.Speaker.Kind, q.Speaker.ID)
		if q.Cue != nil {
			if c, ok := textBound(bratCue, q.Cue.Start, q.Cue.End); ok {
				relation("Cue", id, c)
			}
		}
	}
	for _, st := range rec.Stances {
		if !slices.Contains(e.polarities, st.Polarity) {
			e.polarities = append(e.polarities, st.Polarity)
		}
		if len(st.Evidence) == 0 {
			leftOut(st.ID, 0, "stance %s toward %q has no evidence to anchor it in brat", st.Polarity, st.Target.Text)
			continue
		}
		first := st.Evidence[0]
		sid, ok := textBound(bratStance, first.Start, first.End)
		if !ok {
			leftOut(st.ID, first.Start, "stance %s: its evidence %d-%d is outside the text", st.Polarity, first.Start, first.End)
			continue
		}
		attribute("Polarity", sid, st.Polarity)
		switch st.Holder.Kind {
		case annotations.RefQuoteSpeaker:
			if t, ok := quoteT[st.Holder.ID]; ok {
				relation("Holder", sid, t)
			}
		case annotations.RefArticle:
			note(sid, "holder: article")
		default:
			refRelation("Holder", sid, st.Holder.Kind, st.Holder.ID)
		}
		if st.Target.Kind == annotations.RefTopic {
			note(sid, "topic: "+st.Target.Topic)
		} else {
			refRelation("Target", sid, st.Target.Kind, st.Target.ID)
		}
		for i, ev := range st.Evidence {
			if ev.Kind == annotations.RefQuote {
				if t, ok := quoteT[ev.ID]; ok {
					if i > 0 {
						relation("Evidence", sid, t)
					}
					continue
				}
			}
			if i == 0 {
				continue
			}
			if t, ok := textBound(bratEvidence, ev.Start, ev.End); ok {
				relation("Evidence", sid, t)
			}
		}
	}

	base := path.Join(e.dir, bratBase(rec))
	w, err := e.files.file(base + ".txt")
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(rec.Text)); err != nil {
		return err
	}
	w, err = e.files.file(base + ".ann")
	if err != nil {
		return err
	}
	_, err = w.Write(ann.Bytes())
	return err
}

// close writes annotation.conf, which lets brat open the folder: the
// entity labels met (CoNLL-2003's, or opts.Labels, first), Gloss's own
// types, the relations and attributes above, and overlaps allowed.
func (e *bratEncoder) close() error {
	w, err := e.files.file("annotation.conf")
	if err != nil {
		return err
	}
	ents := strings.Join(e.labels, "|")
	var b strings.Builder
	b.WriteString("# Written by Gloss: entity labels, quotes, cues and stances.\n[entities]\n")
	for _, l := range e.labels {
		b.WriteString(l + "\n")
	}
	fmt.Fprintf(&b, "%s\n%s\n%s\n%s\n\n[relations]\n", bratQuote, bratCue, bratStance, bratEvidence)
	fmt.Fprintf(&b, "Speaker\tArg1:%s, Arg2:%s\n", bratQuote, ents)
	fmt.Fprintf(&b, "Cue\tArg1:%s, Arg2:%s\n", bratQuote, bratCue)
	fmt.Fprintf(&b, "Holder\tArg1:%s, Arg2:%s|%s\n", bratStance, ents, bratQuote)
	fmt.Fprintf(&b, "Target\tArg1:%s, Arg2:%s\n", bratStance, ents)
	fmt.Fprintf(&b, "Evidence\tArg1:%s, Arg2:%s|%s\n", bratStance, bratQuote, bratEvidence)
	fmt.Fprintf(&b, "Coreference\tArg1:%s, Arg2:%s, <REL-TYPE>:symmetric-transitive\n", ents, ents)
	b.WriteString("<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n")
	fmt.Fprintf(&b, "Direct\tArg:%s\n", bratQuote)
	fmt.Fprintf(&b, "Polarity\tArg:%s, Value:%s\n", bratStance, strings.Join(e.polarities, "|"))
	_, err = w.Write([]byte(b.String()))
	return err
}
