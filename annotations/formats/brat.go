package formats

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"

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

// The brat types, relations and attributes Gloss writes beside the entity
// labels, in a namespace of their own (an entity label written as brat
// type is never one of them: bratType escapes a "Gloss_" start), so that an
// entity label "Quote" is read back as one.
const (
	bratQuote    = "Gloss_Quote"
	bratCue      = "Gloss_Cue"
	bratStance   = "Gloss_Stance"
	bratEvidence = "Gloss_Evidence"

	bratSpeakerRel  = "Gloss_Speaker"
	bratCueRel      = "Gloss_Cue"
	bratHolderRel   = "Gloss_Holder"
	bratTargetRel   = "Gloss_Target"
	bratEvidenceRel = "Gloss_Evidence"

	bratDirect   = "Gloss_Direct"
	bratPolarity = "Gloss_Polarity"
)

// bratLegacy maps the names earlier versions of Gloss wrote, without the
// namespace, to the current ones: text-bound types, then relations, then
// attributes. The import reads them so in a file that has none of the
// current names and uses one of these relations or attributes.
var bratLegacy = [3]map[string]string{
	{"Quote": bratQuote, "Cue": bratCue, "Stance": bratStance, "Evidence": bratEvidence},
	{"Speaker": bratSpeakerRel, "Cue": bratCueRel, "Holder": bratHolderRel, "Target": bratTargetRel, "Evidence": bratEvidenceRel},
	{"Direct": bratDirect, "Polarity": bratPolarity},
}

// bratType returns the brat type of an entity label. brat's configuration
// and .ann syntax reserve every character but ASCII letters, digits, '_'
// and '-' (brat stores a label with others in it as "_"): any other is
// written as "_" and its code point in lower-case hex and "_" ("Org.Gov" is
// "Org_2e_Gov", "Pérson" is "P_e9_rson"). A '_' that would read as the
// start of such an escape, or that follows a starting "Gloss", is written
// "_5f_". bratLabel reads it back.
func bratType(label string) string {
	runes := []rune(label)
	pieces := make([]string, len(runes))
	for i := len(runes) - 1; i >= 0; i-- {
		r := runes[i]
		switch {
		case r < 128 && (r == '-' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'):
			pieces[i] = string(r)
		case r == '_' && !(i == 5 && string(runes[:5]) == "Gloss") && !bratEscapeAt("_"+strings.Join(pieces[i+1:], "")):
			pieces[i] = "_"
		default:
			pieces[i] = fmt.Sprintf("_%x_", r)
		}
	}
	return strings.Join(pieces, "")
}

// bratEscapeAt reports whether s starts with an escape (bratUnescape).
func bratEscapeAt(s string) bool { _, n := bratUnescape(s); return n > 0 }

// bratUnescape returns the character that the escape at the start of s
// stands for, and its length in bytes, or 0, 0 when s does not start with
// one: "_", 1 to 6 lower-case hex digits and "_", for a character that
// bratType escapes and a label may hold (so that a brat type of another
// tool, "Level_1_B", reads as it is).
func bratUnescape(s string) (rune, int) {
	if len(s) < 3 || s[0] != '_' {
		return 0, 0
	}
	end := strings.IndexByte(s[1:], '_') + 1
	if end < 2 || end > 7 {
		return 0, 0
	}
	var r rune
	for _, c := range s[1:end] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | (c - '0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | (c - 'a' + 10)
		default:
			return 0, 0
		}
	}
	ascii := r < 128 && (r == '-' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	if ascii || !(r == '_' || r == ' ' || r == '.' || unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r)) {
		return 0, 0
	}
	return r, end + 1
}

// bratLabel returns the entity label of a brat type: bratType undone.
func bratLabel(typ string) string {
	var b strings.Builder
	for i := 0; i < len(typ); {
		if r, n := bratUnescape(typ[i:]); n > 0 {
			b.WriteRune(r)
			i += n
			continue
		}
		b.WriteByte(typ[i])
		i++
	}
	return b.String()
}

// bratToGroup is the note on a Speaker, Holder or Target relation whose
// Arg2, a group's first mention, stands for the whole group.
const bratToGroup = "to: group"

// bratEncoder writes, per record, <part>/<article_id>-<annotator>.txt (the
// article's text, exactly) and .ann:
//   - an entity is "T1\tPER 0 13\tRex Tillerson" (the label as bratType writes it);
//   - a group is "*\tCoreference T1 T4" and a note on its first member,
//     "#1\tAnnotatorNotes T1\tgroup: <name>";
//   - a quote is "T5\tGloss_Quote s e\t…" with "A1\tGloss_Direct T5" when direct,
//     "R1\tGloss_Speaker Arg1:T5 Arg2:T1" (a group speaker: its first member,
//     and a note on the relation, "#2\tAnnotatorNotes R1\tto: group")
//     and its cue "T6\tGloss_Cue s e\tsaid" with "R2\tGloss_Cue Arg1:T5 Arg2:T6";
//   - a stance is "T7\tGloss_Stance s e\t…" over its first evidence, with
//     "A2\tGloss_Polarity T7 AGAINST", "R3\tGloss_Holder Arg1:T7 Arg2:…" (an entity,
//     a group's first member with the "to: group" note, or the quote
//     whose speaker holds it), "R4\tGloss_Target Arg1:T7 Arg2:…" for an entity
//     or group target (the same way), a note
//     "topic: …" for a topic and "holder: article" for the article, and
//     "R5\tGloss_Evidence Arg1:T7 Arg2:…" for more evidence (a quote's T, or an
//     "Gloss_Evidence" span). A stance with no evidence has nothing to anchor
//     it and is left out (reported).
//
// A span over a line break is written as fragments split at the break
// ("T8\tGloss_Quote 10 20;21 30\t…"), as brat does.
type bratEncoder struct {
	files      *fileSink
	dir        string
	labels     []string // entity labels, for annotation.conf
	polarities []string
	reported   problemLog
}

// begin starts a part's folder, which shows even when no set is in it.
func (e *bratEncoder) begin(part string) error {
	e.dir = part
	if part == "" {
		return nil
	}
	return e.files.dir(part + "/")
}

func (e *bratEncoder) end() error            { return nil }
func (e *bratEncoder) problems() *problemLog { return &e.reported }

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
		typ := bratType(en.Label)
		if !slices.Contains(e.labels, typ) {
			e.labels = append(e.labels, typ)
		}
		id, ok := textBound(typ, en.Start, en.End)
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
			attribute(bratDirect, id, "")
		}
		refRelation(bratSpeakerRel, id, q.Speaker.Kind, q.Speaker.ID)
		if q.Cue != nil {
			if c, ok := textBound(bratCue, q.Cue.Start, q.Cue.End); ok {
				relation(bratCueRel, id, c)
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
		attribute(bratPolarity, sid, st.Polarity)
		switch st.Holder.Kind {
		case annotations.RefQuoteSpeaker:
			if t, ok := quoteT[st.Holder.ID]; ok {
				relation(bratHolderRel, sid, t)
			}
		case annotations.RefArticle:
			note(sid, "holder: article")
		default:
			refRelation(bratHolderRel, sid, st.Holder.Kind, st.Holder.ID)
		}
		if st.Target.Kind == annotations.RefTopic {
			note(sid, "topic: "+st.Target.Topic)
		} else {
			refRelation(bratTargetRel, sid, st.Target.Kind, st.Target.ID)
		}
		for i, ev := range st.Evidence {
			if ev.Kind == annotations.RefQuote {
				if t, ok := quoteT[ev.ID]; ok {
					if i > 0 {
						relation(bratEvidenceRel, sid, t)
					}
					continue
				}
			}
			if i == 0 {
				continue
			}
			if t, ok := textBound(bratEvidence, ev.Start, ev.End); ok {
				relation(bratEvidenceRel, sid, t)
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
	b.WriteString("# Written by Gloss: entity labels (a character brat reserves is _hex_: Org.Gov is Org_2e_Gov),\n# then Gloss's quotes, cues and stances.\n[entities]\n")
	for _, l := range e.labels {
		b.WriteString(l + "\n")
	}
	fmt.Fprintf(&b, "%s\n%s\n%s\n%s\n\n[relations]\n", bratQuote, bratCue, bratStance, bratEvidence)
	fmt.Fprintf(&b, "%s\tArg1:%s, Arg2:%s\n", bratSpeakerRel, bratQuote, ents)
	fmt.Fprintf(&b, "%s\tArg1:%s, Arg2:%s\n", bratCueRel, bratQuote, bratCue)
	fmt.Fprintf(&b, "%s\tArg1:%s, Arg2:%s|%s\n", bratHolderRel, bratStance, ents, bratQuote)
	fmt.Fprintf(&b, "%s\tArg1:%s, Arg2:%s\n", bratTargetRel, bratStance, ents)
	fmt.Fprintf(&b, "%s\tArg1:%s, Arg2:%s|%s\n", bratEvidenceRel, bratStance, bratQuote, bratEvidence)
	fmt.Fprintf(&b, "Coreference\tArg1:%s, Arg2:%s, <REL-TYPE>:symmetric-transitive\n", ents, ents)
	b.WriteString("<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n")
	fmt.Fprintf(&b, "%s\tArg:%s\n", bratDirect, bratQuote)
	fmt.Fprintf(&b, "%s\tArg:%s, Value:%s\n", bratPolarity, bratStance, strings.Join(e.polarities, "|"))
	_, err = w.Write([]byte(b.String()))
	return err
}
