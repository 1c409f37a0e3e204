package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/curation"
	"github.com/gloss-annotate/gloss/annotations/formats"
)

// exportFormats lists the values of format= that export understands: every
// format of the formats package.
var exportFormats = formats.Names()

// DefaultExportFormat is the format of an export that names none.
const DefaultExportFormat = "jsonl"

// exportParams are the parameters of GET /api/v1/export, in the order its
// errors list them.
var exportParams = []string{"format", "project", api.ParamSet, "annotator", "label", "article", "split", "seed", "offsets"}

// ExportParams choose what an export holds and how it is laid out.
// ParseExportQuery reads them from GET /api/v1/export's query, and gloss
// export from its flags, the same way.
type ExportParams struct {
	// Format is one of formats.Names().
	Format string
	// Project is the ID of the project whose sets are exported; "" is
	// the Default project.
	Project string
	// Set chooses the sets: api.SetAll (every set, the default),
	// api.SetGold (the gold sets only) or api.SetMajority (per article,
	// its gold set when done, else the majority vote of its annotators'
	// sets, see NewExport).
	Set string
	// Annotators keeps the sets of these annotators; empty keeps all.
	Annotators []string
	// Labels keeps the entity mentions with these labels; empty keeps all.
	Labels []string
	// Articles keeps the sets of these articles; empty keeps all.
	Articles []string
	// Split, when not nil, cuts the articles into train, dev and test
	// (formats.Split), and the export is a .zip with one file per part.
	Split *formats.Ratios
	// Seed chooses, with each article's ID, its part in the split (formats.Split).
	Seed int64
	// Offsets is what doccano's offsets count (formats.OffsetUnits):
	// UTF-16 code units, as doccano does, when "".
	Offsets formats.OffsetUnit
	// Time is when the export is made: the date of a zip's files
	// (formats.Options.Modified).
	Time time.Time
}

// ParseExportQuery reads and checks export parameters: format (default
// jsonl), set (all, gold or majority; default all), annotator (not with
// set=gold), label and article (each repeatable or a comma list),
// split (train,dev,test ratios), seed (an integer, with split only) and
// offsets (utf16, grapheme or codepoint: what doccano's offsets count).
// Any problem, an unknown parameter included, is an invalid *Error naming
// the parameter.
func ParseExportQuery(q url.Values) (ExportParams, error) {
	var p ExportParams
	for _, name := range slices.Sorted(maps.Keys(q)) {
		if !slices.Contains(exportParams, name) {
			return p, api.Errorf(api.CodeInvalid, "%q is not an export parameter (parameters: %s)", name, strings.Join(exportParams, ", "))
		}
	}
	for _, name := range []string{"format", "project", api.ParamSet, "split", "seed", "offsets"} {
		if len(q[name]) > 1 {
			return p, api.Errorf(api.CodeInvalid, "%s is given %d times: give it once", name, len(q[name]))
		}
	}
	p.Format = q.Get("format")
	if p.Format == "" {
		p.Format = DefaultExportFormat
	}
	if _, ok := formats.Lookup(p.Format); !ok {
		return p, errUnknownFormat(p.Format)
	}
	var err error
	if p.Project, err = projectOfQuery(q.Get("project")); err != nil {
		return p, err
	}
	if p.Annotators, err = queryList(q, "annotator", func(v string) error {
		return annotations.ValidateAnnotator(v)
	}); err != nil {
		return p, err
	}
	if p.Set = q.Get(api.ParamSet); p.Set == "" {
		p.Set = api.SetAll
	}
	switch {
	case !slices.Contains(api.ExportSets, p.Set):
		return p, api.Errorf(api.CodeInvalid, "set %q is not one of %s", p.Set, strings.Join(api.ExportSets, ", "))
	case p.Set == api.SetGold && len(p.Annotators) > 0:
		return p, api.Errorf(api.CodeInvalid, "set %s exports the gold sets only: leave out annotator, or export set %s", p.Set, api.SetMajority)
	}
	if p.Labels, err = queryList(q, "label", func(v string) error {
		if (annotations.Schema{EntityLabels: []annotations.Label{{Name: v}}}).Validate() != nil {
			return errors.New("is not a label name (a letter, then at most 31 letters, digits, single spaces, '_', '.' or '-')")
		}
		return nil
	}); err != nil {
		return p, err
	}
	if p.Articles, err = queryList(q, "article", func(v string) error {
		if !annotations.IsArticleID(v) {
			return errors.New("is not an article id (32 lower-case hex digits)")
		}
		return nil
	}); err != nil {
		return p, err
	}
	if v := q.Get("split"); v != "" {
		r, err := formats.ParseRatios(v)
		if err != nil {
			return p, api.Errorf(api.CodeInvalid, "%v", err)
		}
		p.Split = &r
	}
	if v := q.Get("offsets"); v != "" {
		if !formats.TakesOffsets(p.Format) {
			return p, api.Errorf(api.CodeInvalid, "offsets %q: a %s export's offsets count code points, always (offsets is for doccano)", v, p.Format)
		}
		if p.Offsets, err = formats.ParseOffsetUnit(v); err != nil {
			return p, api.Errorf(api.CodeInvalid, "%v", err)
		}
	}
	if v := q.Get("seed"); v != "" {
		if p.Seed, err = strconv.ParseInt(v, 10, 64); errors.Is(err, strconv.ErrRange) {
			return p, api.Errorf(api.CodeInvalid, "seed %q is out of range: it must be between %d and %d", v, int64(math.MinInt64), int64(math.MaxInt64))
		} else if err != nil {
			return p, api.Errorf(api.CodeInvalid, "seed %q is not a whole number", v)
		}
		if p.Split == nil {
			return p, api.Errorf(api.CodeInvalid, "seed %q without split: the seed chooses the parts of a split", v)
		}
	}
	return p, nil
}

// queryList returns the values of a repeatable, comma-separated parameter,
// each checked, without repeats, in the order given.
func queryList(q url.Values, name string, check func(string) error) ([]string, error) {
	var out []string
	for _, v := range q[name] {
		for item := range strings.SplitSeq(v, ",") {
			if item == "" {
				return nil, api.Errorf(api.CodeInvalid, "%s %q: an empty name in the list", name, v)
			}
			if err := check(item); err != nil {
				msg := err.Error()
				var ve *annotations.ValidationError
				if errors.As(err, &ve) {
					msg = ve.Message
				}
				return nil, api.Errorf(api.CodeInvalid, "%s %q: %s", name, item, msg)
			}
			if !slices.Contains(out, item) {
				out = append(out, item)
			}
		}
	}
	return out, nil
}

// Export is an export ready to be written: its parameters checked, its
// articles found and its annotation sets listed, in the order they are
// written. Only the list of sets is held; Write reads one set at a time.
type Export struct {
	store  Store
	format formats.Format
	opts   formats.Options
	// entries are the records to write: one set each, or with majority
	// the sets of one article, gold's and the annotators'.
	entries  [][]SetRef
	majority bool
	// curated writes the gold sets that are done only (set=gold).
	curated  bool
	parts    []string // the part of each entry when split
	articles int
}

// ExportResult is what Write wrote.
type ExportResult struct {
	Sets, Articles int
	// Problems lists what the format could not write exactly as annotated
	// (formats.Exporter.Problems: the first formats.MaxProblems), and
	// ProblemCount counts all of it.
	Problems     []formats.Problem
	ProblemCount int
}

// NewExport checks p against the store (an unknown article is a not_found
// *Error) and lists the sets to write. With a split, the articles of those
// sets are cut into parts by formats.Split, and the sets come part by part.
//
// With p.Set api.SetGold, only the gold sets (annotations.GoldAnnotator's)
// that are done (of curated articles) are written; with api.SetMajority, one set per article: its gold set when
// its state is done, else the majority vote (curation.Majority, written
// as annotator api.MajorityAnnotator) of its
// annotators' sets (those of p.Annotators when given) marked done or, when
// none is, of all but the skipped ones; an article with neither is left
// out. For a format that numbers labels (hf), the labels of the project's
// schemas are read first, so that its ids do not depend on the sets
// chosen.
func NewExport(ctx context.Context, store Store, p ExportParams) (*Export, error) {
	f, ok := formats.Lookup(p.Format)
	if !ok {
		return nil, errUnknownFormat(p.Format)
	}
	for _, id := range p.Articles {
		if _, err := store.Article(ctx, id); err != nil {
			if errors.Is(err, ErrNotFound) {
				err = api.Errorf(api.CodeNotFound, "no article %s", id)
			}
			return nil, err
		}
	}
	annotators, err := exportAnnotators(ctx, store, p.Project, p.Annotators, true)
	if err != nil {
		return nil, err
	}
	switch {
	case p.Set == api.SetGold:
		annotators = []string{annotations.GoldAnnotator}
	case p.Set == api.SetMajority && len(annotators) > 0:
		annotators = append(slices.Clone(annotators), annotations.GoldAnnotator)
	}
	sets, err := store.SetsMatching(ctx, SetFilter{
		Projects: []string{annotations.ProjectField(p.Project)}, Articles: p.Articles, Annotators: annotators})
	if err != nil {
		return nil, err
	}
	if err := checkLabels(ctx, store, sets, p.Labels); err != nil {
		return nil, err
	}
	x := &Export{store: store, format: f, opts: formats.Options{Labels: p.Labels, Split: p.Split != nil, Offsets: p.Offsets, Modified: p.Time},
		majority: p.Set == api.SetMajority, curated: p.Set == api.SetGold}
	if f.NumbersLabels && len(p.Labels) == 0 {
		if x.opts.SchemaLabels, err = schemaLabels(ctx, store, annotations.ProjectField(p.Project)); err != nil {
			return nil, err
		}
	}
	var ids []string
	for i, ref := range sets {
		switch {
		case i == 0 || ref.ArticleID != sets[i-1].ArticleID:
			ids = append(ids, ref.ArticleID)
			x.entries = append(x.entries, []SetRef{ref})
		case x.majority:
			x.entries[len(x.entries)-1] = append(x.entries[len(x.entries)-1], ref)
		default:
			x.entries = append(x.entries, []SetRef{ref})
		}
	}
	x.articles = len(ids)
	if p.Split != nil {
		part := formats.Split(ids, *p.Split, p.Seed)
		entries := x.entries
		x.entries = make([][]SetRef, 0, len(entries))
		x.parts = make([]string, 0, len(entries))
		for _, name := range formats.Parts {
			for _, e := range entries {
				if part[e[0].ArticleID] == name {
					x.entries = append(x.entries, e)
					x.parts = append(x.parts, name)
				}
			}
		}
	}
	return x, nil
}

// exportAnnotators resolves an export's annotator= names as the rest of
// the API does (an account's login in any case names its annotator, so
// ANA is ana), each once. With check, a name that is no account's and has
// no set in the project is refused, as an invalid *Error: a typo would
// otherwise export nothing, with a 200. (An account with no set exports
// nothing: it may have none yet.)
func exportAnnotators(ctx context.Context, store Store, project string, names []string, check bool) ([]string, error) {
	if len(names) == 0 {
		return names, nil
	}
	byName, err := accountIndex(ctx, store)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		a, account := byName.annotator(n)
		if !account {
			a = n
		}
		if slices.Contains(out, a) {
			continue
		}
		if check && !account && a != annotations.GoldAnnotator {
			sets, err := store.SetsMatching(ctx, SetFilter{Projects: []string{annotations.ProjectField(project)}, Annotators: []string{a}})
			if err != nil {
				return nil, err
			}
			if len(sets) == 0 {
				return nil, api.Errorf(api.CodeInvalid, "annotator %q is no account's login and has no set in the project %q", n, project)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// checkLabels refuses, as an invalid *Error naming it, a label that is in
// none of the sets' schemas: a typo would otherwise export every set with
// no mention at all. The default schema's labels are known without
// reading a set; others are looked for set by set until all are found.
func checkLabels(ctx context.Context, store Store, sets []SetRef, labels []string) error {
	unknown := map[string]bool{}
	def := annotations.DefaultSchema()
	for _, l := range labels {
		if _, ok := def.Label(l); !ok {
			unknown[l] = true
		}
	}
	seen := map[string]bool{}
	for _, ref := range sets {
		if len(unknown) == 0 {
			return nil
		}
		revs, err := store.SetRevisions(ctx, ref)
		if err != nil {
			return err
		}
		set, err := annotations.BuildSet(ref, revs)
		if err != nil {
			return fmt.Errorf("export: resolve the set of %s by %s: %w", ref.ArticleID, ref.Annotator, err)
		}
		for _, l := range set.Schema.EntityLabels {
			delete(unknown, l.Name)
			seen[l.Name] = true
		}
	}
	for _, l := range labels { // the first unknown, in the order given
		if unknown[l] {
			for _, d := range def.EntityLabels {
				seen[d.Name] = true
			}
			return api.Errorf(api.CodeInvalid, "label %q is not a label of the sets exported (their labels: %s)", l, strings.Join(slices.Sorted(maps.Keys(seen)), ", "))
		}
	}
	return nil
}

// schemaLabels returns the entity labels that the schemas of the project
// (as revisions write it) define, for a format that numbers them
// (formats.Options.SchemaLabels, from formats.SchemaLabels): they must be
// known before the first set is written, and be the same whichever of the
// project's sets an export holds. When the project has a schema, every set
// uses it, and it is read alone; else every set's own schema
// (DefaultSchema for a set with none) is read, set by set, the sets that
// the export leaves out too.
func schemaLabels(ctx context.Context, store Store, project string) ([]string, error) {
	revs, err := store.SetRevisions(ctx, annotations.ProjectKey(project))
	if err != nil {
		return nil, err
	}
	revs = slices.DeleteFunc(revs, func(r annotations.Revision) bool { return r.Kind != annotations.KindSchema })
	own, err := annotations.BuildSet(annotations.ProjectKey(project), revs)
	if err != nil {
		return nil, fmt.Errorf("export: resolve the schema of the project %q: %w", annotations.ProjectOrDefault(project), err)
	}
	if h, ok := own.Heads[annotations.ProjectSchemaItemID(project)]; ok && !h.Deleted {
		return formats.SchemaLabels(func(yield func(annotations.Schema, error) bool) { yield(own.Schema, nil) })
	}
	sets, err := store.SetsMatching(ctx, SetFilter{Projects: []string{project}})
	if err != nil {
		return nil, err
	}
	return formats.SchemaLabels(func(yield func(annotations.Schema, error) bool) {
		for _, ref := range sets {
			if err := ctx.Err(); err != nil {
				yield(annotations.Schema{}, err)
				return
			}
			revs, err := store.SetRevisions(ctx, ref)
			if err != nil {
				yield(annotations.Schema{}, err)
				return
			}
			set, err := annotations.BuildSet(ref, revs)
			if err != nil {
				yield(annotations.Schema{}, fmt.Errorf("export: resolve the set of %s by %s: %w", ref.ArticleID, ref.Annotator, err))
				return
			}
			if !yield(set.Schema, nil) {
				return
			}
		}
	})
}

// Sets returns how many annotation sets the export holds: with majority,
// how many articles (Write may leave some out).
func (x *Export) Sets() int { return len(x.entries) }

// Articles returns how many articles the export's sets are of.
func (x *Export) Articles() int { return x.articles }

// ContentType is the export's media type: the format's, or application/zip
// for a split or multi-file export.
func (x *Export) ContentType() string { return x.format.ContentTypeFor(x.opts) }

// FileName is the name to give the export's file: gloss-export-<format>
// and the format's extension, or .zip.
func (x *Export) FileName() string { return x.format.FileName("gloss-export", x.opts) }

// Write writes the export to w, one set at a time (its article, its
// revisions resolved, its record encoded), so that memory stays flat
// however many sets there are. progress, when not nil, is called after each
// set with the sets written so far and their total. An error from w is
// wrapped in a *WriteError; any other is the store's.
func (x *Export) Write(ctx context.Context, w io.Writer, progress func(done, total int)) (ExportResult, error) {
	res := ExportResult{Articles: x.articles}
	out := &errWriter{w: w}
	exp, err := formats.NewExporter(out, x.format.Name, x.opts)
	if err != nil {
		return res, err
	}
	var article annotations.Article
	for i, entry := range x.entries {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if id := entry[0].ArticleID; article.ID != id {
			if article, err = x.store.Article(ctx, id); err != nil {
				return res, fmt.Errorf("export: read article %s: %w", id, err)
			}
		}
		set, ok, err := x.entrySet(ctx, entry)
		if err != nil {
			return res, err
		}
		part := ""
		if x.parts != nil {
			part = x.parts[i]
		}
		if ok {
			if err := exp.Write(part, annotations.NewExportRecord(article, set)); err != nil {
				return res, out.wrap(err)
			}
			res.Sets++
		}
		if progress != nil {
			progress(i+1, len(x.entries))
		}
	}
	if err := exp.Close(); err != nil {
		return res, out.wrap(err)
	}
	res.Problems, res.ProblemCount = exp.Problems(), exp.ProblemCount()
	return res, nil
}

// readSet reads and resolves the set ref.
func (x *Export) readSet(ctx context.Context, ref SetRef) (annotations.Set, error) {
	revs, err := x.store.SetRevisions(ctx, ref)
	if err != nil {
		return annotations.Set{}, fmt.Errorf("export: read the set of %s by %s: %w", ref.ArticleID, ref.Annotator, err)
	}
	set, err := annotations.BuildSet(ref, revs)
	if err != nil {
		return annotations.Set{}, fmt.Errorf("export: resolve the set of %s by %s: %w", ref.ArticleID, ref.Annotator, err)
	}
	return set, nil
}

// entrySet returns the set to write for entry: its set or, with majority,
// the article's done gold set, else the majority vote of its annotators'
// done sets, else of those not skipped; ok is false when there is none.
func (x *Export) entrySet(ctx context.Context, entry []SetRef) (annotations.Set, bool, error) {
	if !x.majority {
		set, err := x.readSet(ctx, entry[0])
		return set, err == nil && (!x.curated || set.State() == annotations.WorkDone), err
	}
	var done, open []annotations.Set
	for _, ref := range entry {
		set, err := x.readSet(ctx, ref)
		if err != nil {
			return set, false, err
		}
		switch {
		case ref.Annotator == annotations.GoldAnnotator:
			if set.State() == annotations.WorkDone {
				return set, true, nil
			}
		case set.State() == annotations.WorkDone:
			done = append(done, set)
		case set.State() != annotations.WorkSkipped:
			open = append(open, set)
		}
	}
	if len(done) == 0 {
		done = open
	}
	if len(done) == 0 {
		return annotations.Set{}, false, nil
	}
	set, err := curation.Majority(done, entry[0].Project, entry[0].ArticleID)
	if err != nil {
		return set, false, fmt.Errorf("export: the majority vote of %s: %w", entry[0].ArticleID, err)
	}
	// A vote is no curated set: its own name and set ID, which no
	// import may write to (Label Studio's ground_truth is gold's alone).
	set.Annotator = api.MajorityAnnotator
	set.ID = annotations.SetKey{Project: set.Project, ArticleID: set.ArticleID, Annotator: set.Annotator}.ID()
	return set, true, nil
}

// problemsTrailer is the HTTP trailer of an export that counts what its
// format could not write exactly as annotated (ExportResult.Problems).
const problemsTrailer = "Gloss-Problems"

// problemsSummary says res's problems in a header's line: how many, then
// how many of each kind, "0" for none: "3 (overlap 2, left_out 1)".
func problemsSummary(res ExportResult) string {
	if res.ProblemCount == 0 {
		return "0"
	}
	kinds := map[string]int{}
	var order []string
	for _, p := range res.Problems {
		if kinds[p.Kind] == 0 {
			order = append(order, p.Kind)
		}
		kinds[p.Kind]++
	}
	parts := make([]string, len(order))
	for i, k := range order {
		parts[i] = fmt.Sprintf("%s %d", k, kinds[k])
	}
	more := ""
	if res.ProblemCount > len(res.Problems) {
		more = fmt.Sprintf(", of the first %d", len(res.Problems))
	}
	return fmt.Sprintf("%d (%s%s)", res.ProblemCount, strings.Join(parts, ", "), more)
}

// WriteError is an export cut short because its writer failed (the client
// went away, the disk is full).
type WriteError struct{ Err error }

func (e *WriteError) Error() string { return "write the export: " + e.Err.Error() }

// Unwrap returns the writer's error.
func (e *WriteError) Unwrap() error { return e.Err }

// errWriter remembers the first error of w, so that Write can tell the
// writer's failures from the others.
type errWriter struct {
	w   io.Writer
	n   int64 // bytes written
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	e.n += int64(n)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

// wrap returns err as a *WriteError when the writer failed.
func (e *errWriter) wrap(err error) error {
	if e.err != nil {
		return &WriteError{Err: e.err}
	}
	return err
}

// deadlineWriter writes a streamed answer, moving the connection's write
// deadline to d from now before each write: the http.Server's
// WriteTimeout would cut a long export to a client that reads, while with
// no deadline a client that stops reading would hold the connection (and
// its handler) forever. Now each write may wait d for the client to read.
type deadlineWriter struct {
	w  http.ResponseWriter
	rc *http.ResponseController
	d  time.Duration
}

// extendingDeadline returns w extending its write deadline by the serving
// http.Server's WriteTimeout before each write, or w as it is when the
// server has none.
func extendingDeadline(w http.ResponseWriter, r *http.Request) io.Writer {
	srv, _ := r.Context().Value(http.ServerContextKey).(*http.Server)
	if srv == nil || srv.WriteTimeout <= 0 {
		return w
	}
	return &deadlineWriter{w: w, rc: http.NewResponseController(w), d: srv.WriteTimeout}
}

// deadlineChunk is the most deadlineWriter writes under one deadline: a
// record of megabytes (a long article's text) is written in pieces, each
// with its own deadline, so that a slow reader that keeps reading is not
// cut off in the middle of one.
const deadlineChunk = 16 << 10

func (d *deadlineWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		piece := p[:min(len(p), deadlineChunk)]
		// An error (a writer that cannot take deadlines) leaves the
		// server's own deadline in force.
		_ = d.rc.SetWriteDeadline(time.Now().Add(d.d))
		n, err := d.w.Write(piece)
		written += n
		if err != nil {
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

// readableAnnotators returns the annotators whose sets u, with access to
// the sets' project, may export when asking for asked: whoever may read
// everyone's sets (api.Access.CanReadSetsOf), whatever was asked (all when
// nothing was); anyone else, their own only (the default), and another is
// forbidden.
func readableAnnotators(u User, project string, access api.Access, asked []string) ([]string, error) {
	if access.CanReadSetsOf(false) {
		return asked, nil
	}
	if !access.CanReadSetsOf(true) {
		return nil, errNoSets(u, project)
	}
	for _, a := range asked {
		if a != u.Annotator {
			return nil, forbiddenSets(u, a)
		}
	}
	return []string{u.Annotator}, nil
}

// export answers GET /api/v1/export: every parameter is checked and the
// sets are listed before the first byte is sent; then the sets are streamed
// one at a time. A failure after that cannot change the status any more:
// it is logged and the connection is cut, so the client sees a broken
// download (a truncated chunked body, a .zip without its directory) rather
// than a short file that looks whole. Each write may wait the server's
// WriteTimeout for the client to read (deadlineWriter), so an export runs
// as long as its client reads, and a client that stops is cut off.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	q, err := readQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := ParseExportQuery(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Time = s.opts.Now()
	u := callerOf(r).user
	access, err := s.setsAccess(r.Context(), u, p.Project)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The names are resolved before they are checked against the caller's
	// rights (ANA asking for ANA is ana asking for her own), and checked
	// for sets after (NewExport), which tells only who may read them.
	if p.Annotators, err = exportAnnotators(r.Context(), s.store, p.Project, p.Annotators, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Annotators, err = readableAnnotators(u, p.Project, access, p.Annotators); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Set != api.SetAll && !access.CanReadSetsOf(false) {
		s.fail(w, r, api.Errorf(api.CodeForbidden, "you (%s) may not export set %s: it is made of every annotator's sets, which curators and managers read (annotators too when the project lets them see each other)", u.Login, p.Set))
		return
	}
	x, err := NewExport(r.Context(), s.store, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", x.ContentType())
	// The name is ASCII letters, digits, '-' and '.': quoting is enough.
	w.Header().Set("Content-Disposition", `attachment; filename="`+x.FileName()+`"`)
	if r.Method == http.MethodHead {
		return
	}
	// What the format could not write as annotated is known at the end:
	// a trailer counts it (gloss export lists it).
	w.Header().Set("Trailer", problemsTrailer)
	sent := &errWriter{w: extendingDeadline(w, r)}
	res, err := x.Write(r.Context(), sent, nil)
	if err == nil {
		w.Header().Set(problemsTrailer, problemsSummary(res))
		return
	}
	var we *WriteError
	switch {
	case errors.As(err, &we) || errors.Is(err, context.Canceled):
		s.log.Info("export cut short: the client went away", "err", err)
	case sent.n == 0: // nothing sent yet: the status can still say it
		w.Header().Del("Content-Disposition")
		w.Header().Del("Trailer")
		s.fail(w, r, err)
		return
	default:
		s.log.Error("export failed after its first bytes: cutting the download", "err", err)
	}
	panic(http.ErrAbortHandler)
}
