package formats

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gloss-annotate/gloss/annotations"
)

// ImportNames lists the formats Import reads, sorted: "brat", "doccano",
// "jsonl".
func ImportNames() []string {
	names := make([]string, 0, len(importers))
	for name := range importers {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Imported is one article and the revisions of one annotator's annotation
// set on it, and what its record holds that Gloss does not read.
type Imported struct {
	Article   annotations.Article
	Annotator string
	Revisions []annotations.Revision
	NotRead   []NotRead
	// LabelsAdded and PolaritiesAdded are the entity labels and stance
	// polarities the set uses beyond the default schema's, which extend
	// its schema (a schema revision among Revisions), in order of first
	// use.
	LabelsAdded, PolaritiesAdded []string
}

// NotRead is one kind of annotation an imported file holds that Gloss has
// no meaning for (a brat relation type other than its own, an event, a
// doccano relation): an import keeps what it reads and says what it left
// out, so that nothing is dropped without a word.
type NotRead struct {
	// What names the kind: `relation "Causes"`, "event", `attribute
	// "Negated"`, "note", "relation" (doccano).
	What string `json:"what"`
	// Count is how many the file holds.
	Count int `json:"count"`
	// First is where the first one is: "docs/one.ann:12", "line 3".
	First string `json:"first"`
}

// TallyNotRead merges what records did not read into one list: each kind
// once, with the sum of its counts and its first place, in the order the
// kinds first appear.
func TallyNotRead(records []Imported) []NotRead {
	out := []NotRead{}
	for _, r := range records {
		for _, n := range r.NotRead {
			out = addNotRead(out, n)
		}
	}
	return out
}

// TallyAdded lists the entity labels and stance polarities beyond the
// default schema's that records use, each once, in order of first use: what
// an import adds to the sets' schemas, for the importer to see (a doccano
// "PERSON" becomes a label of its own, not PER).
func TallyAdded(records []Imported) (labels, polarities []string) {
	labels, polarities = []string{}, []string{}
	for _, r := range records {
		for _, l := range r.LabelsAdded {
			if !slices.Contains(labels, l) {
				labels = append(labels, l)
			}
		}
		for _, p := range r.PolaritiesAdded {
			if !slices.Contains(polarities, p) {
				polarities = append(polarities, p)
			}
		}
	}
	return labels, polarities
}

// addNotRead adds n to list: to the entry of its kind, else as a new one.
func addNotRead(list []NotRead, n NotRead) []NotRead {
	for i := range list {
		if list[i].What == n.What {
			list[i].Count += n.Count
			return list
		}
	}
	return append(list, n)
}

// ImportError is a problem in imported data: File is the zip member (brat)
// or "", Line is 1-based (0 when not about one line).
type ImportError struct {
	File string
	Line int
	Msg  string
}

// Error returns "file:line: message", leaving out what is not known.
func (e *ImportError) Error() string {
	if w := place(e.File, e.Line); w != "" {
		return w + ": " + e.Msg
	}
	return e.Msg
}

// place names a place in an imported file: "file:line", "file", "line N",
// or "" when neither is known.
func place(file string, line int) string {
	switch {
	case file != "" && line > 0:
		return fmt.Sprintf("%s:%d", file, line)
	case file != "":
		return file
	case line > 0:
		return fmt.Sprintf("line %d", line)
	}
	return ""
}

// importer parses data into drafts, or returns an *ImportError (or, for
// a zip beyond limits, a *TooLargeError).
type importer func(data []byte, annotator string, limits ZipLimits) ([]draft, error)

// ZipLimits cap what an imported .zip (brat) may hold once inflated, so
// that a small zip that inflates to gigabytes (a zip bomb) is refused
// after reading at most MaxInflated bytes of it, and an import within the
// caps keeps memory bounded. Members are read one at a time, each through
// a reader that stops at its cap, whatever sizes the zip declares.
type ZipLimits struct {
	// MaxInflated caps the inflated bytes of all the members read.
	MaxInflated int64
	// MaxMember caps the inflated bytes of one member.
	MaxMember int64
	// MaxMembers caps the entries of the zip's directory, counted before
	// the directory is read.
	MaxMembers int
}

// DefaultZipLimits are the caps of an import's zip unless the caller
// gives others: 16 MiB inflated in all, 8 MiB a member (an article's text
// is at most annotations.MaxTextRunes code points, 8 MB at most), 10,000
// entries. An import holds every article and revision of its file until
// they are stored in one transaction, at about ten times the inflated
// size at its peak: 16 MiB keeps a server's peak under 256 MB
// (BenchmarkImportBratMemory in package server).
var DefaultZipLimits = ZipLimits{MaxInflated: 16 << 20, MaxMember: 8 << 20, MaxMembers: 10000}

// orDefaults returns l with each cap that is 0 or less replaced by
// DefaultZipLimits'.
func (l ZipLimits) orDefaults() ZipLimits {
	if l.MaxInflated <= 0 {
		l.MaxInflated = DefaultZipLimits.MaxInflated
	}
	if l.MaxMember <= 0 {
		l.MaxMember = DefaultZipLimits.MaxMember
	}
	if l.MaxMembers <= 0 {
		l.MaxMembers = DefaultZipLimits.MaxMembers
	}
	return l
}

// TooLargeError is an imported zip beyond one of its ZipLimits: nothing
// of it was imported. Limit is the cap it passed.
type TooLargeError struct {
	File  string // the member concerned, or "" for the whole zip
	Limit int64
	Msg   string
}

func (e *TooLargeError) Error() string { return e.Msg }

// importers are the formats Import reads; each format's file adds itself
// from init.
var importers = map[string]importer{}

// annotatorsInFile are the import formats whose records can name their
// own annotators; each format's file adds itself from init.
var annotatorsInFile = map[string]bool{"jsonl": true}

// AnnotatorInFile reports whether format's records can name their own
// annotators (jsonl's annotator, Label Studio's completed_by, Prodigy's
// _annotator_id), so that an import of it needs no annotator given.
func AnnotatorInFile(format string) bool { return annotatorsInFile[format] }

// Import parses data in format (jsonl, doccano, brat: a .zip of .txt/.ann
// pairs, in any folders), makes each record an article
// (annotations.NewArticle with the record's "title", else the default
// title) and the revisions of annotator's set on it (parent "": new items;
// native jsonl keeps its item IDs, so that importing the same file twice
// gives the same revisions, while doccano and brat items get new UUIDs).
// When annotator is "", native jsonl records keep their own "annotator";
// doccano and brat need one. It is ImportWith with the default options.
//
// Offsets in the file count code points of the record's text (doccano's:
// UTF-16 code units, ImportOptions.Offsets). When
// normalizing the text (NFC, "\r\n" to "\n", trimming) moves them, they are
// mapped; a span whose text normalization changes is refused, never
// shifted. Every revision is validated (shape, against the article and
// schema, references): labels beyond annotations.DefaultSchema's, and
// polarities beyond its polarities, add a schema revision listing them. In
// native jsonl, a reference to an item the record lacks (deleted after the
// reference was made) restores that item as a tombstone. Annotations of
// kinds Gloss does not read (other brat relations, events, attributes and
// notes; doccano relations and categories) are counted in each record's
// NotRead. The first problem is returned as an *ImportError naming its line
// (and file), and nothing else; an unknown format is an
// *UnknownFormatError.
func Import(data []byte, format, annotator string, now time.Time) ([]Imported, error) {
	return ImportWith(data, format, now, ImportOptions{Annotator: annotator})
}

// ImportLimited is Import with the caps of a zip (brat) given: a zip beyond
// them is a *TooLargeError, found before more than limits.MaxInflated
// bytes are inflated. Caps of 0 take DefaultZipLimits'.
func ImportLimited(data []byte, format, annotator string, now time.Time, limits ZipLimits) ([]Imported, error) {
	return ImportWith(data, format, now, ImportOptions{Annotator: annotator, Limits: limits})
}

// ImportOptions choose how ImportWith reads a file.
type ImportOptions struct {
	// Annotator, when not "", is whose set every record is stored as.
	Annotator string
	// Project is the project every record's set is in: a project's ID,
	// "" for the Default project (annotations.ProjectField). A native
	// record's own "project" only checks its set_id.
	Project string
	// Merge lets several records of one article (the sets of several
	// annotators, in one doccano or brat file) be stored as Annotator's
	// one set: what they have in common (an entity of the same label and
	// offsets) once, the rest side by side. Without it, such a file is
	// refused when Annotator is given, rather than storing each
	// annotation as many times as it was made.
	Merge bool
	// Offsets is what a doccano file's offsets count: UnitUTF16, as
	// doccano does, when "". A file read in UTF-16 units for want of a
	// unit is refused when its offsets fit another unit instead
	// (checkUnit).
	Offsets OffsetUnit
	// Limits cap an imported zip (brat); caps of 0 take DefaultZipLimits'.
	Limits ZipLimits
	// Annotators, when not nil, maps each annotator the file or Annotator
	// names to the name its set is stored as (the server's: an account's
	// annotator name for its login in any case), before anything is
	// built; its error refuses the file.
	Annotators func(name string) (string, error)
}

// offsetFormats are the formats whose offsets ImportOptions.Offsets (and
// an export's Options.Offsets) choose the unit of; the others count code
// points. Each such format's file adds itself from init.
var offsetFormats = map[string]bool{}

// TakesOffsets reports whether the offsets of format's files come in a unit
// that ImportOptions.Offsets (and an export's Options.Offsets) chooses.
func TakesOffsets(format string) bool { return offsetFormats[format] }

// ImportWith is Import with options: an annotator, merging, the unit of
// the offsets, and the caps of a zip beyond which it is a *TooLargeError,
// found before more than Limits.MaxInflated bytes are inflated.
func ImportWith(data []byte, format string, now time.Time, opts ImportOptions) ([]Imported, error) {
	imp, ok := importers[format]
	if !ok {
		return nil, &UnknownFormatError{Name: format, Known: ImportNames()}
	}
	annotator := opts.Annotator
	if annotator != "" {
		if err := annotations.ValidateAnnotator(annotator); err != nil {
			return nil, &ImportError{Msg: err.Error()}
		}
	}
	name := func(n string) (string, error) { return n, nil }
	if opts.Annotators != nil {
		name = opts.Annotators
	}
	var err error
	if annotator != "" {
		if annotator, err = name(annotator); err != nil {
			return nil, err
		}
	}
	if opts.Project != "" {
		if err := annotations.ValidateProjectID(opts.Project); err != nil || opts.Project == annotations.DefaultProject {
			return nil, &ImportError{Msg: fmt.Sprintf("project %q: give a project's ID, or none for the Default project", opts.Project)}
		}
	}
	unit := UnitCodePoint
	if offsetFormats[format] {
		unit = cmp.Or(opts.Offsets, UnitUTF16)
	} else if opts.Offsets != "" && opts.Offsets != UnitCodePoint {
		return nil, &ImportError{Msg: fmt.Sprintf("offsets %q: %s offsets count code points, always", opts.Offsets, format)}
	}
	drafts, err := imp(data, annotator, opts.Limits.orDefaults())
	if err != nil {
		return nil, err
	}
	if offsetFormats[format] && opts.Offsets == "" {
		if err := checkUnit(drafts, unit); err != nil {
			return nil, err
		}
	}
	for i := range drafts {
		if err := drafts[i].convertOffsets(unit); err != nil {
			return nil, err
		}
	}
	if annotator != "" {
		if drafts, err = mergeDrafts(drafts, opts.Merge); err != nil {
			return nil, err
		}
	}
	out := make([]Imported, 0, len(drafts))
	for i, d := range drafts {
		drafts[i] = draft{} // the article holds the text now: drop the draft's
		if annotator != "" {
			d.annotator = annotator
		} else if d.annotator, err = name(d.annotator); err != nil {
			return nil, err
		}
		d.project = opts.Project
		im, err := d.build(now)
		if err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, nil
}

// mergeDrafts finds the records of one article (the same text, once
// normalized), which one annotator's import would put in one set: without
// merge that is an *ImportError naming both; with merge each such record
// is folded into the first (mergeDraft).
func mergeDrafts(drafts []draft, merge bool) ([]draft, error) {
	first := map[string]int{} // article ID to the index of its first record in out
	out := drafts[:0]
	for _, d := range drafts {
		// The ID, not the text, is kept: a file's texts are not held twice.
		norm, err := annotations.NormalizeText(d.text)
		if err != nil {
			norm = d.text // build reports it
		}
		key := annotations.ArticleID(norm)
		i, seen := first[key]
		if !seen {
			first[key] = len(out)
			out = append(out, d)
			continue
		}
		if !merge {
			return nil, d.fail("holds the same article as %s: it is another set of annotations of that text (another annotator's?), and importing both as one annotator would store them in one set, each annotation as many times as it was made; import each annotator's records on their own, or ask to merge them into one set (merge=true, --merge)", place(out[i].file, out[i].line))
		}
		if err := out[i].mergeDraft(d); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// mergeDraft folds o, a record of the same article, into d: an entity of
// the same label and offsets as one of d's is d's (what refers to it is
// made to refer to d's), the rest is added.
func (d *draft) mergeDraft(o draft) error {
	if o.text != d.text {
		return o.fail("holds the same article as %s, but its text differs before normalization (line breaks, white space or composed characters): records can be merged only when their texts are the same", place(d.file, d.line))
	}
	type key struct {
		label      string
		start, end int
	}
	have := map[key]string{}
	for _, e := range d.entities {
		have[key{e.label, e.span.start, e.span.end}] = e.id
	}
	alias := map[string]string{}
	for _, e := range o.entities {
		if id, ok := have[key{e.label, e.span.start, e.span.end}]; ok {
			alias[e.id] = id
			continue
		}
		if e.line == 0 {
			e.line = o.line
		}
		d.entities = append(d.entities, e)
	}
	to := func(id string) string { return cmp.Or(alias[id], id) }
	for _, g := range o.groups {
		for i, m := range g.members {
			g.members[i] = to(m)
		}
		d.groups = append(d.groups, g)
	}
	for _, q := range o.quotes {
		q.speaker.ID = to(q.speaker.ID)
		d.quotes = append(d.quotes, q)
	}
	for _, st := range o.stances {
		st.holder.ID, st.target.ID = to(st.holder.ID), to(st.target.ID)
		d.stances = append(d.stances, st)
	}
	for _, s := range o.notRead {
		if s.file == "" {
			s.file = o.file
		}
		d.notRead = append(d.notRead, s)
	}
	return nil
}

// offsetRef is one span of a draft whose offsets are in a file's unit:
// where a message names it, and the span.
type offsetRef struct {
	line  int
	where string
	span  *draftSpan
}

// offsetRefs returns the draft's spans, and their offsets as the file gives
// them: start and end of each, in order.
func (d *draft) offsetRefs() ([]offsetRef, []int) {
	var refs []offsetRef
	for i := range d.entities {
		e := &d.entities[i]
		refs = append(refs, offsetRef{e.line, e.where, &e.span})
	}
	for i := range d.quotes {
		q := &d.quotes[i]
		refs = append(refs, offsetRef{q.line, q.where + ": content", &q.content})
		if q.cue != nil {
			refs = append(refs, offsetRef{q.line, q.where + ": cue", q.cue})
		}
	}
	for i := range d.stances {
		st := &d.stances[i]
		for j := range st.evidence {
			if st.evidence[j].kind == annotations.RefSpan {
				refs = append(refs, offsetRef{st.line, fmt.Sprintf("%s: evidence[%d]", st.where, j), &st.evidence[j].span})
			}
		}
	}
	offs := make([]int, 0, 2*len(refs))
	for _, r := range refs {
		offs = append(offs, r.span.start, r.span.end)
	}
	return refs, offs
}

// convertOffsets turns the draft's offsets from unit into code points of
// its text, refusing an offset past the text's end or inside a character.
func (d *draft) convertOffsets(unit OffsetUnit) error {
	if unit == UnitCodePoint {
		return nil
	}
	refs, offs := d.offsetRefs()
	cps := fromUnit(d.text, unit, offs)
	for i, r := range refs {
		start, end := cps[2*i], cps[2*i+1]
		if start >= 0 && end >= 0 {
			r.span.start, r.span.end = start, end
			continue
		}
		n := 0
		walkUnit(d.text, unit, func(_, u int) bool { n = u; return true })
		s, e := r.span.start, r.span.end
		if s < 0 || e > n || s >= e {
			return d.failAt(r.line, "%s: offsets %d-%d are out of range: the text has %d %s, and a span needs at least one", r.where, s, e, n, unit.describe())
		}
		bad := s
		if start >= 0 {
			bad = e
		}
		return d.failAt(r.line, "%s: offset %d is inside a character, between two of its %s: are the offsets in another unit? (offsets=%s for code points)", r.where, bad, unit.describe(), UnitCodePoint)
	}
	return nil
}

// draft is one parsed record before validation: offsets are code points of
// the raw text, item IDs UUIDs (kept or made up by the importer).
type draft struct {
	file      string
	line      int
	title     string
	text      string
	annotator string
	project   string // the set's project, "" for the Default project
	articleID string // the ID the record claims, or ""
	// restoresDeleted is set for native records, whose items keep their
	// IDs: a reference to an item the record does not have (one deleted
	// after the reference was made, which the set flags for review) is
	// restored as a tombstone of that item, not refused.
	restoresDeleted bool
	entities        []draftEntity
	groups          []draftGroup
	quotes          []draftQuote
	stances         []draftStance
	notRead         []skipped
}

// skipped is one annotation of a draft's file that the importer does not
// read: what kind it is (NotRead.What), on which line.
type skipped struct {
	file string // the file, when not the draft's (a merged record)
	line int
	what string
}

// skip notes that the annotation on line (the draft's line when 0) is not
// read.
func (d *draft) skip(line int, what string) {
	if line == 0 {
		line = d.line
	}
	d.notRead = append(d.notRead, skipped{line: line, what: what})
}

// notReadList tallies the draft's skipped annotations, in line order.
func (d *draft) notReadList() []NotRead {
	sorted := slices.Clone(d.notRead)
	slices.SortStableFunc(sorted, func(a, b skipped) int { return a.line - b.line })
	var out []NotRead
	for _, s := range sorted {
		out = addNotRead(out, NotRead{What: s.what, Count: 1, First: place(cmp.Or(s.file, d.file), s.line)})
	}
	return out
}

// draftSpan is a span of the raw text; text, when not "", is what the file
// says is there, and must be.
type draftSpan struct {
	start, end int
	text       string
}

type draftEntity struct {
	line  int    // the item's line, when not the draft's (brat)
	where string // how a message names it: "entities[2]", "T3"
	id    string
	span  draftSpan
	label string
	// derive says that the item's ID is made again in build from its set
	// and what it is (deriveIDs), for a format whose items have no IDs of
	// their own (doccano), or IDs that name them only within their file
	// (brat's T1, Label Studio's region IDs): the same file imported again
	// is then the same items, not a second copy of each.
	derive bool
}

type draftGroup struct {
	line    int
	where   string
	id      string
	name    string
	members []string
	derive  bool // as draftEntity's
}

type draftQuote struct {
	line    int
	where   string
	id      string
	content draftSpan
	speaker annotations.Ref
	cue     *draftSpan
	direct  bool
	derive  bool // as draftEntity's
}

type draftEvidence struct {
	kind annotations.RefKind
	id   string
	span draftSpan
}

type draftStance struct {
	line     int
	where    string
	id       string
	holder   annotations.Holder
	target   annotations.Target
	polarity string
	evidence []draftEvidence
	derive   bool // as draftEntity's
}

// fail returns an *ImportError at the draft's file and line.
func (d *draft) fail(format string, args ...any) error { return d.failAt(0, format, args...) }

// failAt returns an *ImportError at line of the draft's file, or at the
// draft's line when line is 0.
func (d *draft) failAt(line int, format string, args ...any) error {
	if line == 0 {
		line = d.line
	}
	return &ImportError{File: d.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// newItemID returns a new random item ID.
func newItemID() string { return uuid.NewString() }

// importNamespace is the UUID namespace of derivedID.
var importNamespace = uuid.NewSHA1(uuid.NameSpaceOID, []byte("gloss import"))

// derivedID is the ID of the n-th item (from 0) of the set key that is
// what ("entity 3-9", "quote 12-80", "group <its first member's ID>",
// "stance 12-80" or "stance quote <the quote's ID>": where it is, never
// its label or polarity), in a file whose items have no lasting IDs: a
// file imported again finds the items it made, and a label changed since
// meets the stored one as a conflict to review rather than as a second
// item.
func derivedID(key annotations.SetKey, what string, n int) string {
	return uuid.NewSHA1(importNamespace, fmt.Appendf(nil, "%s\n%s #%d", key.ID(), what, n)).String()
}

// extraLabelColors are the colours given to labels beyond the default
// schema's, in turn.
var extraLabelColors = []string{"#e9c46a", "#f28482", "#84a59d", "#b5838d", "#90be6d", "#577590", "#f9844a", "#43aa8b"}

// extraLabelKeys are the keys given to labels beyond the default schema's,
// in turn; labels past them have no key.
var extraLabelKeys = []string{"5", "6", "7", "8", "9", "0"}

// schemaFor returns the default schema extended with labels and
// polarities, and whether it differs from the default.
func schemaFor(labels, polarities []string) (annotations.Schema, bool) {
	s := annotations.DefaultSchema()
	extended := false
	for _, l := range labels {
		if _, ok := s.Label(l); ok {
			continue
		}
		n := len(s.EntityLabels) - len(annotations.DefaultSchema().EntityLabels)
		lab := annotations.Label{Name: l, Color: extraLabelColors[n%len(extraLabelColors)]}
		if n < len(extraLabelKeys) {
			lab.Key = extraLabelKeys[n]
		}
		s.EntityLabels = append(s.EntityLabels, lab)
		extended = true
	}
	for _, p := range polarities {
		if !s.HasPolarity(p) {
			s.StancePolarities = append(s.StancePolarities, p)
			extended = true
		}
	}
	return s, extended
}

// setKey is the key of the draft's set on the article articleID.
func (d *draft) setKey(articleID string) annotations.SetKey {
	return annotations.SetKey{Project: d.project, ArticleID: articleID, Annotator: d.annotator}
}

// build normalizes the draft's text into an article and its items into
// validated revisions.
func (d *draft) build(now time.Time) (Imported, error) {
	if err := annotations.ValidateAnnotator(d.annotator); err != nil {
		if d.annotator == "" {
			return Imported{}, d.fail("no annotator: give the annotator whose set this is")
		}
		return Imported{}, d.fail("%v", err)
	}
	a, err := annotations.NewArticle(d.title, d.text, now)
	if err != nil {
		return Imported{}, d.fail("%v", err)
	}
	if d.articleID != "" && d.articleID != a.ID {
		return Imported{}, d.fail("article_id %q is not the ID of the record's text (%s): was the text changed?", d.articleID, a.ID)
	}
	tm, err := newTextMap(d.text)
	if err != nil {
		return Imported{}, d.fail("%v", err)
	}
	text := []rune(a.Text)
	span := func(line int, where string, s draftSpan) (annotations.Span, error) {
		raw, err := tm.rawText(s.start, s.end)
		if err != nil {
			return annotations.Span{}, d.failAt(line, "%s: %v", where, err)
		}
		if s.text != "" && s.text != raw {
			return annotations.Span{}, d.failAt(line, "%s: text %q is not the record's text at %d-%d, %q", where, s.text, s.start, s.end, raw)
		}
		if strings.TrimSpace(raw) == "" { // nothing to tag: CoNLL and brat would drop it
			return annotations.Span{}, d.failAt(line, "%s: offsets %d-%d cover only white space (%q): a span needs some text", where, s.start, s.end, raw)
		}
		start, end, err := tm.span(s.start, s.end)
		if err != nil {
			return annotations.Span{}, d.failAt(line, "%s: %v", where, err)
		}
		sp, err := annotations.NewSpan(text, start, end)
		if err != nil {
			return annotations.Span{}, d.failAt(line, "%s: %v", where, err)
		}
		return sp, nil
	}

	var labels, polarities []string
	for _, e := range d.entities {
		labels = append(labels, e.label)
	}
	for _, st := range d.stances {
		polarities = append(polarities, st.polarity)
	}
	schema, extended := schemaFor(labels, polarities)
	if err := schema.Validate(); err != nil {
		return Imported{}, d.fail("%v", err)
	}

	im := Imported{Article: a, Annotator: d.annotator, NotRead: d.notReadList()}
	def := annotations.DefaultSchema()
	for _, l := range schema.EntityLabels[len(def.EntityLabels):] {
		im.LabelsAdded = append(im.LabelsAdded, l.Name)
	}
	im.PolaritiesAdded = slices.Clone(schema.StancePolarities[len(def.StancePolarities):])
	items := map[string]annotations.Kind{}
	kindOf := func(id string) (annotations.Kind, bool) {
		k, ok := items[id]
		return k, ok
	}
	add := func(line int, where string, rev annotations.Revision, err error) error {
		if err == nil {
			err = rev.ValidateAgainstText(a.ID, text, schema)
		}
		if err == nil && d.restoresDeleted {
			var missing []annotations.MissingItem
			missing, err = annotations.MissingReferences(rev, kindOf)
			for _, m := range missing {
				tomb, terr := annotations.NewRevision("", m.ID, m.Kind, d.setKey(a.ID), true, nil)
				if terr != nil {
					err = terr
					break
				}
				items[m.ID] = m.Kind
				im.Revisions = append(im.Revisions, tomb)
			}
		}
		if err == nil {
			err = annotations.CheckReferencesFunc(rev, kindOf)
		}
		if err == nil {
			if _, dup := items[rev.Item]; dup {
				err = fmt.Errorf("id %s is used twice", rev.Item)
			}
		}
		if err != nil {
			return d.failAt(line, "%s: %v", where, err)
		}
		items[rev.Item] = rev.Kind
		im.Revisions = append(im.Revisions, rev)
		return nil
	}
	if extended {
		rev, err := annotations.NewSchemaRevision("", d.setKey(a.ID), schema)
		if err := add(0, "schema", rev, err); err != nil {
			return Imported{}, err
		}
	}
	// Items whose IDs are derived (draftEntity.derive) get them here, in
	// the order of the file, and what refers to them is made to refer to
	// their new IDs.
	derivedN := map[string]int{}  // derived IDs so far, by what they are
	alias := map[string]string{}  // a derived item's ID in the draft to its new one
	spanOf := map[string][2]int{} // the mentions' spans, by their IDs
	derive := func(old, what string) string {
		id := derivedID(d.setKey(a.ID), what, derivedN[what])
		derivedN[what]++
		if old != "" {
			alias[old] = id
		}
		return id
	}
	to := func(id string) string { return cmp.Or(alias[id], id) }
	for _, e := range d.entities {
		sp, err := span(e.line, e.where, e.span)
		if err != nil {
			return Imported{}, err
		}
		if e.derive {
			e.id = derive(e.id, fmt.Sprintf("entity %d-%d", sp.Start, sp.End))
		}
		spanOf[e.id] = [2]int{sp.Start, sp.End}
		rev, err := annotations.NewEntityRevision("", d.setKey(a.ID), annotations.Entity{ID: e.id, Span: sp, Label: e.label})
		if err := add(e.line, e.where, rev, err); err != nil {
			return Imported{}, err
		}
	}
	for _, g := range d.groups {
		members := make([]string, len(g.members))
		for i, m := range g.members {
			members[i] = to(m)
		}
		if g.derive && len(members) > 0 {
			// A group is named by its first member in the text.
			first := slices.MinFunc(members, func(x, y string) int {
				return cmp.Or(cmp.Compare(spanOf[x][0], spanOf[y][0]), cmp.Compare(spanOf[x][1], spanOf[y][1]), cmp.Compare(x, y))
			})
			g.id = derive(g.id, "group "+first)
		}
		rev, err := annotations.NewGroupRevision("", d.setKey(a.ID), annotations.EntityGroup{ID: g.id, Name: g.name, Members: members})
		if err := add(g.line, g.where, rev, err); err != nil {
			return Imported{}, err
		}
	}
	for _, q := range d.quotes {
		content, err := span(q.line, q.where+": content", q.content)
		if err != nil {
			return Imported{}, err
		}
		if q.derive {
			q.id = derive(q.id, fmt.Sprintf("quote %d-%d", content.Start, content.End))
		}
		quote := annotations.Quote{ID: q.id, Content: content, Speaker: q.speaker, Direct: q.direct}
		quote.Speaker.ID = to(quote.Speaker.ID)
		if q.cue != nil {
			cue, err := span(q.line, q.where+": cue", *q.cue)
			if err != nil {
				return Imported{}, err
			}
			quote.Cue = &cue
		}
		rev, err := annotations.NewQuoteRevision("", d.setKey(a.ID), quote)
		if err := add(q.line, q.where, rev, err); err != nil {
			return Imported{}, err
		}
	}
	for _, st := range d.stances {
		stance := annotations.Stance{ID: st.id, Holder: st.holder, Target: st.target, Polarity: st.polarity}
		stance.Holder.ID, stance.Target.ID = to(stance.Holder.ID), to(stance.Target.ID)
		for i, ev := range st.evidence {
			switch ev.kind {
			case annotations.RefSpan:
				sp, err := span(st.line, fmt.Sprintf("%s: evidence[%d]", st.where, i), ev.span)
				if err != nil {
					return Imported{}, err
				}
				stance.Evidence = append(stance.Evidence, annotations.Evidence{Kind: ev.kind, Span: &sp})
			default:
				stance.Evidence = append(stance.Evidence, annotations.Evidence{Kind: ev.kind, ID: to(ev.id)})
			}
		}
		if st.derive {
			// A stance is named by its first evidence (brat anchors it there).
			what := "stance"
			if len(stance.Evidence) > 0 {
				if ev := stance.Evidence[0]; ev.Span != nil {
					what = fmt.Sprintf("stance %d-%d", ev.Span.Start, ev.Span.End)
				} else {
					what = fmt.Sprintf("stance %s %s", ev.Kind, ev.ID)
				}
			}
			stance.ID = derive(st.id, what)
		}
		rev, err := annotations.NewStanceRevision("", d.setKey(a.ID), stance)
		if err := add(st.line, st.where, rev, err); err != nil {
			return Imported{}, err
		}
	}
	return im, nil
}
