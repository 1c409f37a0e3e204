package formats

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations"
)

func init() { importers["brat"] = importBrat }

// importBrat reads a .zip of brat standoff pairs (<name>.txt and
// <name>.ann, in any folders; a .txt without .ann is an article with no
// annotations, other files are skipped). It reads back what the brat
// export writes: text-bound annotations of any type are entities with that
// label (bratLabel undoes the escapes of bratType), except Gloss's
// Gloss_Quote, Gloss_Cue, Gloss_Stance and Gloss_Evidence (or, in a file
// of an earlier Gloss, bratLegacy's names), event triggers and
// discontinuous spans; Coreference equivalences ("*\tCoreference T1 T2")
// are groups, named by an "AnnotatorNotes" note "group: <name>" on their
// first member, else that member's text (a Gloss_Speaker, Gloss_Holder or
// Gloss_Target relation with the note "to: group" refers to the group of
// its Arg2); Gloss's relations, attributes and "topic:"/"holder: article"
// notes make quotes and stances. Other relations, equivalences, events
// and their triggers, discontinuous spans, normalizations, attributes and
// notes are not read: the draft counts them (NotRead).
//
// The zip is read within limits: its entries are counted before its
// directory is parsed, the sizes it declares are summed before anything
// is inflated, and each member is then inflated through a reader that
// stops at the member's cap and at what is left of the total, so that a
// zip that lies about its sizes is caught as it inflates.
func importBrat(data []byte, _ string, limits ZipLimits) ([]draft, error) {
	if n, ok := zipEntries(data); ok && n > uint64(limits.MaxMembers) {
		return nil, &TooLargeError{Limit: int64(limits.MaxMembers), Msg: fmt.Sprintf("the zip has %d entries, more than the limit of %d in an imported zip", n, limits.MaxMembers)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &ImportError{Msg: fmt.Sprintf("not a .zip of brat .txt and .ann files: %v", err)}
	}
	files := map[string]*zip.File{}
	var bases []string
	for _, zf := range zr.File {
		name := zf.Name
		if zf.FileInfo().IsDir() || strings.HasPrefix(name, "__MACOSX/") || strings.HasPrefix(path.Base(name), ".") {
			continue
		}
		ext := path.Ext(name)
		if ext != ".txt" && ext != ".ann" {
			continue
		}
		files[name] = zf
		if base := strings.TrimSuffix(name, ext); !slices.Contains(bases, base) {
			bases = append(bases, base)
		}
	}
	slices.Sort(bases)
	if len(bases) == 0 {
		return nil, &ImportError{Msg: "the .zip holds no brat .txt and .ann files"}
	}
	if len(zr.File) > limits.MaxMembers {
		return nil, &TooLargeError{Limit: int64(limits.MaxMembers), Msg: fmt.Sprintf("the zip has %d entries, more than the limit of %d in an imported zip", len(zr.File), limits.MaxMembers)}
	}
	tooLarge := func() error {
		return &TooLargeError{Limit: limits.MaxInflated, Msg: fmt.Sprintf("the zip inflates to more than %d bytes, the limit of an imported zip: import it in smaller zips", limits.MaxInflated)}
	}
	memberTooLarge := func(name string) error {
		return &TooLargeError{File: name, Limit: limits.MaxMember, Msg: fmt.Sprintf("%s inflates to more than %d bytes, the limit of one file in an imported zip", name, limits.MaxMember)}
	}
	// What the zip says it holds, before anything is inflated.
	var declared uint64
	for name, zf := range files {
		if zf.UncompressedSize64 > uint64(limits.MaxMember) {
			return nil, memberTooLarge(name)
		}
		if declared += zf.UncompressedSize64; declared > uint64(limits.MaxInflated) {
			return nil, tooLarge()
		}
	}
	left := limits.MaxInflated // inflated bytes the members still read may have
	read := func(name string) (string, error) {
		zf := files[name]
		rc, err := zf.Open()
		if err != nil {
			return "", &ImportError{File: name, Msg: err.Error()}
		}
		defer rc.Close()
		limit := min(limits.MaxMember, left)
		var b strings.Builder
		b.Grow(int(min(zf.UncompressedSize64, uint64(limit))))
		n, err := io.Copy(&b, io.LimitReader(rc, limit+1))
		if err != nil {
			return "", &ImportError{File: name, Msg: err.Error()}
		}
		if n > limit {
			if limit == limits.MaxMember {
				return "", memberTooLarge(name)
			}
			return "", tooLarge()
		}
		left -= n
		if !utf8.ValidString(b.String()) {
			return "", &ImportError{File: name, Msg: "is not valid UTF-8"}
		}
		return b.String(), nil
	}
	var drafts []draft
	for _, base := range bases {
		if files[base+".txt"] == nil {
			return nil, &ImportError{File: base + ".ann", Msg: "has no " + path.Base(base) + ".txt beside it"}
		}
		text, err := read(base + ".txt")
		if err != nil {
			return nil, err
		}
		d := draft{file: base + ".txt", text: text}
		if files[base+".ann"] != nil {
			ann, err := read(base + ".ann")
			if err != nil {
				return nil, err
			}
			d.file = base + ".ann"
			if err := parseBratAnn(&d, ann); err != nil {
				return nil, err
			}
		}
		drafts = append(drafts, d)
	}
	return drafts, nil
}

// zipEntries reads the number of entries a zip's end of central directory
// record declares (its zip64 record's, when it has one), without parsing
// the directory; ok is false when the record is not found, and the zip
// reader then says what is wrong.
func zipEntries(data []byte) (n uint64, ok bool) {
	const eocdLen, maxComment = 22, 1<<16 - 1
	from := max(0, len(data)-eocdLen-maxComment)
	at := bytes.LastIndex(data[from:], []byte("PK\x05\x06"))
	if at < 0 || from+at+eocdLen > len(data) {
		return 0, false
	}
	at += from
	n = uint64(binary.LittleEndian.Uint16(data[at+10:]))
	if n != 0xffff || at < 20 || string(data[at-20:at-16]) != "PK\x06\x07" {
		return n, true
	}
	// zip64: the locator before the record gives the zip64 record's
	// offset, whose entry count is 8 bytes at 32.
	off := binary.LittleEndian.Uint64(data[at-12:])
	if off > uint64(len(data)) || uint64(len(data))-off < 40 || string(data[off:off+4]) != "PK\x06\x06" {
		return 0, false
	}
	return binary.LittleEndian.Uint64(data[off+32:]), true
}

// bratTextBound is a "T" line.
type bratTextBound struct {
	line       int
	typ        string
	start, end int
	text       string // the text the line gives, fragments joined by spaces
	frags      [][2]int
}

// parseBratAnn reads an .ann file into d.
func parseBratAnn(d *draft, ann string) error {
	text := []rune(d.text)
	tbs := map[string]*bratTextBound{}
	var tOrder []string
	type rel struct {
		line                int
		id, typ, arg1, arg2 string
	}
	var rels []rel
	type equiv struct {
		line    int
		members []string
	}
	var equivs []equiv
	attrs := map[string]map[string]string{} // T to attribute to value
	type attrLine struct {
		line         int
		name, target string
	}
	var attrLines []attrLine
	type noteLine struct {
		line int
		text string
		read bool
	}
	notes := map[string][]*noteLine{} // T to its AnnotatorNotes
	var noteLines []*noteLine         // every note, in file order
	unread := map[string]string{}     // a T not read, to what it is
	triggers := map[string]bool{}     // the Ts that are event triggers
	for n, line := range strings.Split(ann, "\n") {
		n++
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.SplitN(line, "\t", 3)
		id := fields[0]
		fail := func(format string, args ...any) error { return d.failAt(n, format, args...) }
		if len(fields) < 2 {
			return fail("%q is not a brat annotation line (ID, tab, annotation)", line)
		}
		switch id[0] {
		case 'T':
			if len(fields) != 3 {
				return fail("%s: a text-bound annotation needs its text after a second tab", id)
			}
			typ, offs, ok := strings.Cut(fields[1], " ")
			if !ok {
				return fail("%s: %q is not \"TYPE START END\"", id, fields[1])
			}
			tb := &bratTextBound{line: n, typ: typ, text: fields[2]}
			for _, frag := range strings.Split(offs, ";") {
				a, b, ok := strings.Cut(strings.TrimSpace(frag), " ")
				s, err1 := strconv.Atoi(a)
				e, err2 := strconv.Atoi(b)
				if !ok || err1 != nil || err2 != nil {
					return fail("%s: %q is not a pair of offsets", id, frag)
				}
				if s < 0 || e > len(text) || s >= e {
					return fail("%s: offsets %d-%d are out of range: the text has %d characters (code points)", id, s, e, len(text))
				}
				tb.frags = append(tb.frags, [2]int{s, e})
			}
			// Fragments must be one span split at white space (as brat
			// splits a span at line breaks): they are joined back. A
			// span of fragments apart is not read: Gloss has no
			// discontinuous spans.
			var parts []string
			discontinuous := false
			for i, f := range tb.frags {
				if i > 0 {
					prev := tb.frags[i-1][1]
					if f[0] < prev || strings.TrimFunc(string(text[prev:f[0]]), unicode.IsSpace) != "" {
						discontinuous = true
					}
				}
				parts = append(parts, string(text[f[0]:f[1]]))
			}
			tb.start, tb.end = tb.frags[0][0], tb.frags[len(tb.frags)-1][1]
			if got := strings.Join(parts, " "); got != tb.text {
				return fail("%s: text %q is not the .txt's text at its offsets, %q (offsets count code points)", id, tb.text, got)
			}
			if _, dup := tbs[id]; dup || unread[id] != "" {
				return fail("%s is defined twice", id)
			}
			if discontinuous {
				unread[id] = "discontinuous span"
				d.skip(n, unread[id])
				continue
			}
			tbs[id] = tb
			tOrder = append(tOrder, id)
		case 'R':
			parts := strings.Fields(fields[1])
			if len(parts) != 3 || !strings.HasPrefix(parts[1], "Arg1:") || !strings.HasPrefix(parts[2], "Arg2:") {
				return fail("%s: %q is not \"TYPE Arg1:ID Arg2:ID\"", id, fields[1])
			}
			rels = append(rels, rel{n, id, parts[0], strings.TrimPrefix(parts[1], "Arg1:"), strings.TrimPrefix(parts[2], "Arg2:")})
		case '*':
			parts := strings.Fields(fields[1])
			if len(parts) < 2 {
				return fail("an equivalence needs a type and members")
			}
			if parts[0] != "Coreference" {
				d.skip(n, fmt.Sprintf("equivalence %q", parts[0]))
				continue
			}
			equivs = append(equivs, equiv{n, parts[1:]})
		case 'A', 'M':
			parts := strings.Fields(fields[1])
			if len(parts) < 2 {
				return fail("%s: %q is not \"TYPE ID [VALUE]\"", id, fields[1])
			}
			if attrs[parts[1]] == nil {
				attrs[parts[1]] = map[string]string{}
			}
			v := "true"
			if len(parts) > 2 {
				v = parts[2]
			}
			attrs[parts[1]][parts[0]] = v
			attrLines = append(attrLines, attrLine{n, parts[0], parts[1]})
		case '#':
			nl := &noteLine{line: n}
			noteLines = append(noteLines, nl)
			parts := strings.Fields(fields[1])
			if len(fields) == 3 && len(parts) == 2 && parts[0] == "AnnotatorNotes" {
				nl.text = fields[2]
				notes[parts[1]] = append(notes[parts[1]], nl)
			}
		case 'E':
			// "E1\tType:T3 Role:T4": T3, its trigger, is no entity.
			d.skip(n, "event")
			if parts := strings.Fields(fields[1]); len(parts) > 0 {
				if _, trigger, ok := strings.Cut(parts[0], ":"); ok {
					triggers[trigger] = true
				}
			}
		case 'N':
			d.skip(n, "normalization")
		default:
			return fail("%q is not a brat annotation ID", id)
		}
	}
	for t := range triggers {
		if tb := tbs[t]; tb != nil {
			delete(tbs, t)
			tOrder = slices.DeleteFunc(tOrder, func(x string) bool { return x == t })
			unread[t] = "event trigger"
			d.skip(tb.line, unread[t])
		}
	}
	// A file of an earlier Gloss names Gloss's types without the
	// namespace: when it has none of the current names, a Quote or Stance
	// and one of the old relations or attributes, those names are read as
	// Gloss's.
	isCurrent := func(name string, i int) bool {
		for _, n := range bratLegacy[i] {
			if n == name {
				return true
			}
		}
		return false
	}
	current, old, anchor := false, false, false
	for _, tb := range tbs {
		current = current || isCurrent(tb.typ, 0)
		anchor = anchor || tb.typ == "Quote" || tb.typ == "Stance"
	}
	for _, r := range rels {
		_, o := bratLegacy[1][r.typ]
		current, old = current || isCurrent(r.typ, 1), old || o
	}
	for _, a := range attrLines {
		_, o := bratLegacy[2][a.name]
		current, old = current || isCurrent(a.name, 2), old || o
	}
	legacy := old && anchor && !current
	if legacy {
		for _, tb := range tbs {
			tb.typ = cmp.Or(bratLegacy[0][tb.typ], tb.typ)
		}
		for i := range rels {
			rels[i].typ = cmp.Or(bratLegacy[1][rels[i].typ], rels[i].typ)
		}
		for _, m := range attrs {
			for k, v := range m {
				if n, ok := bratLegacy[2][k]; ok {
					delete(m, k)
					m[n] = v
				}
			}
		}
	}
	note := func(t, prefix string) (string, bool) {
		for _, nl := range notes[t] {
			if v, ok := strings.CutPrefix(nl.text, prefix); ok {
				nl.read = true
				return v, true
			}
		}
		return "", false
	}
	defer func() {
		for _, a := range attrLines {
			tb, name := tbs[a.target], a.name
			if legacy {
				name = cmp.Or(bratLegacy[2][name], name)
			}
			if tb == nil || !(name == bratDirect && tb.typ == bratQuote || name == bratPolarity && tb.typ == bratStance) {
				d.skip(a.line, fmt.Sprintf("attribute %q", a.name))
			}
		}
		for _, nl := range noteLines {
			if !nl.read {
				d.skip(nl.line, "note")
			}
		}
	}()

	entityID, quoteID, stanceOf := map[string]string{}, map[string]string{}, map[string]*draftStance{}
	quoteOf := map[string]*draftQuote{}
	span := func(tb *bratTextBound) draftSpan { return draftSpan{start: tb.start, end: tb.end} }
	for _, t := range tOrder {
		tb := tbs[t]
		switch tb.typ {
		case bratQuote:
			q := &draftQuote{line: tb.line, where: t, id: newItemID(), content: span(tb), direct: attrs[t][bratDirect] == "true", derive: true}
			quoteID[t], quoteOf[t] = q.id, q
		case bratStance:
			st := &draftStance{line: tb.line, where: t, id: newItemID(), polarity: attrs[t][bratPolarity], derive: true}
			if st.polarity == "" {
				return d.failAt(tb.line, "%s: a %s needs a %s attribute", t, bratStance, bratPolarity)
			}
			if topic, ok := note(t, "topic: "); ok {
				st.target = annotations.Target{Kind: annotations.RefTopic, Topic: topic}
			}
			if _, ok := note(t, "holder: article"); ok {
				st.holder = annotations.Holder{Kind: annotations.RefArticle}
			}
			stanceOf[t] = st
		case bratCue, bratEvidence:
		default:
			id := newItemID()
			entityID[t] = id
			d.entities = append(d.entities, draftEntity{line: tb.line, where: t, id: id, label: bratLabel(tb.typ), span: span(tb), derive: true})
		}
	}
	// The first evidence of a stance is its own span: a quote's, when a
	// quote has the same offsets, else a span.
	for t, st := range stanceOf {
		tb := tbs[t]
		ev := draftEvidence{kind: annotations.RefSpan, span: span(tb)}
		for _, q := range tOrder {
			if qt := tbs[q]; qt.typ == bratQuote && qt.start == tb.start && qt.end == tb.end {
				ev = draftEvidence{kind: annotations.RefQuote, id: quoteID[q]}
				break
			}
		}
		st.evidence = append(st.evidence, ev)
	}
	groupOf := map[string]string{} // T to the group of its equivalence
	for i, eq := range equivs {
		g := draftGroup{line: eq.line, where: fmt.Sprintf("equivalence %d", i+1), id: newItemID(), derive: true}
		var members []string // the Ts read
		for _, m := range eq.members {
			if unread[m] != "" {
				continue // counted as not read
			}
			e, ok := entityID[m]
			if !ok {
				return d.failAt(eq.line, "equivalence: %s is not an entity", m)
			}
			g.members = append(g.members, e)
			members = append(members, m)
		}
		if len(members) == 0 {
			continue
		}
		name, ok := note(members[0], "group: ")
		if !ok {
			name = tbs[members[0]].text
		}
		g.name = annotations.NormalizeLine(name)
		d.groups = append(d.groups, g)
		for _, m := range eq.members {
			groupOf[m] = g.id
		}
	}
	for _, r := range rels {
		if !slices.Contains([]string{bratSpeakerRel, bratCueRel, bratHolderRel, bratTargetRel, bratEvidenceRel}, r.typ) {
			d.skip(r.line, fmt.Sprintf("relation %q", r.typ))
			continue
		}
		fail := func(format string, args ...any) error { return d.failAt(r.line, format, args...) }
		_, toGroup := note(r.id, bratToGroup)
		group := ""
		if toGroup {
			if group = groupOf[r.arg2]; group == "" {
				return fail("%s: a note says %s is to the group of %s, which is in no equivalence", r.typ, r.id, r.arg2)
			}
		}
		a2, ok := tbs[r.arg2]
		if !ok {
			return fail("%s: Arg2 %s is not a text-bound annotation of this file", r.typ, r.arg2)
		}
		switch r.typ {
		case bratSpeakerRel, bratCueRel:
			q := quoteOf[r.arg1]
			if q == nil {
				return fail("%s: Arg1 %s is not a %s", r.typ, r.arg1, bratQuote)
			}
			if r.typ == bratCueRel {
				if a2.typ != bratCue {
					return fail("%s: Arg2 %s is not a %s", r.typ, r.arg2, bratCue)
				}
				c := span(a2)
				q.cue = &c
				continue
			}
			e, ok := entityID[r.arg2]
			if !ok {
				return fail("%s: Arg2 %s is not an entity", r.typ, r.arg2)
			}
			q.speaker = annotations.Ref{Kind: annotations.RefEntity, ID: e}
			if toGroup {
				q.speaker = annotations.Ref{Kind: annotations.RefGroup, ID: group}
			}
		case bratHolderRel, bratTargetRel, bratEvidenceRel:
			st := stanceOf[r.arg1]
			if st == nil {
				return fail("%s: Arg1 %s is not a %s", r.typ, r.arg1, bratStance)
			}
			e, isEntity := entityID[r.arg2]
			q, isQuote := quoteID[r.arg2]
			switch {
			case r.typ == bratHolderRel && isEntity && toGroup:
				st.holder = annotations.Holder{Kind: annotations.RefGroup, ID: group}
			case r.typ == bratTargetRel && isEntity && toGroup:
				st.target = annotations.Target{Kind: annotations.RefGroup, ID: group}
			case r.typ == bratHolderRel && isEntity:
				st.holder = annotations.Holder{Kind: annotations.RefEntity, ID: e}
			case r.typ == bratHolderRel && isQuote:
				st.holder = annotations.Holder{Kind: annotations.RefQuoteSpeaker, ID: q}
			case r.typ == bratTargetRel && isEntity:
				st.target = annotations.Target{Kind: annotations.RefEntity, ID: e}
			case r.typ == bratEvidenceRel && isQuote:
				st.evidence = append(st.evidence, draftEvidence{kind: annotations.RefQuote, id: q})
			case r.typ == bratEvidenceRel && a2.typ == bratEvidence:
				st.evidence = append(st.evidence, draftEvidence{kind: annotations.RefSpan, span: span(a2)})
			default:
				return fail("%s: Arg2 %s (%s) cannot be a stance's %s", r.typ, r.arg2, a2.typ, strings.ToLower(strings.TrimPrefix(r.typ, "Gloss_")))
			}
		}
	}
	for _, t := range tOrder {
		if q := quoteOf[t]; q != nil {
			if q.speaker.ID == "" {
				return d.failAt(q.line, "%s: a %s needs a %s relation to an entity", t, bratQuote, bratSpeakerRel)
			}
			d.quotes = append(d.quotes, *q)
		}
		if st := stanceOf[t]; st != nil {
			if st.holder.Kind == "" {
				return d.failAt(st.line, "%s: a %s needs a %s relation or a \"holder: article\" note", t, bratStance, bratHolderRel)
			}
			if st.target.Kind == "" {
				return d.failAt(st.line, "%s: a %s needs a %s relation or a \"topic: …\" note", t, bratStance, bratTargetRel)
			}
			d.stances = append(d.stances, *st)
		}
	}
	return nil
}
