package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/formats"
)

// DefaultMaxImportBytes is the default cap of an imported file: 16 MiB,
// as much text as a brat zip may inflate to (formats.DefaultZipLimits). An
// import holds what it read until its one transaction commits, about ten
// times the file's size, so the cap keeps the server's memory bounded
// (BenchmarkImportMemory); a larger collection is imported in parts.
const DefaultMaxImportBytes = 16 << 20

// importParams are the parameters of POST /api/v1/import.
var importParams = []string{"format", "project", "annotator", "merge", "offsets"}

// The media types an imported file may come as: a zip for brat, text for
// the line formats.
var (
	zipMediaTypes  = []string{"application/zip", "application/x-zip-compressed"}
	textMediaTypes = []string{"application/x-ndjson", "application/jsonl", "text/plain"}
	jsonMediaTypes = []string{"application/json", "text/plain"}
)

// importMediaTypes lists the media types format's files are accepted as.
func importMediaTypes(format string) []string {
	switch format {
	case "brat":
		return zipMediaTypes
	case "labelstudio":
		return jsonMediaTypes
	}
	return textMediaTypes
}

// ImportSummary is what an import stored: the answer of POST
// /api/v1/import and what gloss import prints.
type ImportSummary struct {
	// Articles counts the distinct articles of the file.
	Articles int `json:"articles"`
	// ArticlesCreated counts those stored now; the others were stored
	// before and are kept as they were.
	ArticlesCreated int `json:"articles_created"`
	// RevisionsApplied and RevisionsDuplicate count the revisions stored
	// now and those stored before (as a push reports them).
	RevisionsApplied   int `json:"revisions_applied"`
	RevisionsDuplicate int `json:"revisions_duplicate"`
	// Sets lists the annotation sets of the file, in the file's order.
	Sets []ImportedSet `json:"sets"`
	// NotRead lists the kinds of annotation the file holds that Gloss does
	// not read (formats.NotRead), each with its count and first place;
	// empty when everything was read.
	NotRead []formats.NotRead `json:"not_read"`
	// LabelsAdded and PolaritiesAdded list the entity labels and stance
	// polarities the file uses beyond the default schema's, each once,
	// which extend its sets' schemas (formats.TallyAdded), whether this
	// import stored those schemas or an earlier one did; empty when none.
	LabelsAdded     []string `json:"labels_added"`
	PolaritiesAdded []string `json:"polarities_added"`
	// NotMembers lists the annotators of the file's sets who are no
	// member of the project (no account has the name, or its account is
	// not in the project), each once, the curators' gold aside: their
	// sets count in agreement, curation and exports, as another tool's
	// annotators' should, but nobody can sign in to edit them, and no
	// member list or assignment names them, until an account of that name
	// joins the project. Empty when every one is a member.
	NotMembers []string `json:"not_members"`
}

// ImportedSet names one imported annotation set.
type ImportedSet struct {
	ArticleID string `json:"article_id"`
	Annotator string `json:"annotator"`
}

// Changed reports whether the import stored anything new.
func (s ImportSummary) Changed() bool { return s.ArticlesCreated > 0 || s.RevisionsApplied > 0 }

// errUnknownImportFormat lists the import formats.
func errUnknownImportFormat(format string) error {
	return api.Errorf(api.CodeInvalid, "format %q is not an import format (formats: %s)", format, strings.Join(formats.ImportNames(), ", "))
}

// ParseImportOptions reads an import's merge (true or false) and offsets
// (formats.OffsetUnits, for a format that takes them: doccano) as they
// come in POST /api/v1/import's query and gloss import's flags; a problem
// is an invalid *Error naming the parameter.
func ParseImportOptions(format, merge, offsets string) (formats.ImportOptions, error) {
	var opts formats.ImportOptions
	switch merge {
	case "", "false":
	case "true":
		opts.Merge = true
	default:
		return opts, api.Errorf(api.CodeInvalid, "merge %q: give true or false", merge)
	}
	if offsets != "" {
		if !formats.TakesOffsets(format) {
			return opts, api.Errorf(api.CodeInvalid, "offsets %q: a %s file's offsets count code points, always (offsets is for doccano)", offsets, format)
		}
		unit, err := formats.ParseOffsetUnit(offsets)
		if err != nil {
			return opts, api.Errorf(api.CodeInvalid, "%v", err)
		}
		opts.Offsets = unit
	}
	return opts, nil
}

// CheckImportParams checks an import's format and annotator before its file
// is read: a format of formats.ImportNames(), and an annotator, which every
// format needs but those whose records name their own
// (formats.AnnotatorInFile: jsonl, labelstudio, prodigy).
func CheckImportParams(format, annotator string) error {
	if !slices.Contains(formats.ImportNames(), format) {
		return errUnknownImportFormat(format)
	}
	if annotator == "" {
		if !formats.AnnotatorInFile(format) {
			return api.Errorf(api.CodeInvalid, "annotator is missing: a %s file's annotations need the name of the annotator they are imported as", format)
		}
		return nil
	}
	if err := annotations.ValidateAnnotator(annotator); err != nil {
		var ve *annotations.ValidationError
		if errors.As(err, &ve) {
			return api.Errorf(api.CodeInvalid, "annotator %q: %s", annotator, ve.Message)
		}
		return err
	}
	return nil
}

// Import reads data in format (formats.Import) as annotator's (or, for
// formats.AnnotatorInFile formats with no annotator, each record's own)
// and stores the articles and
// revisions with Store.Import, which checks every revision as a push does
// (annotations.CheckBatch, against what the store holds as it commits), in
// one transaction: articles already stored are kept as they are, revisions
// already stored are duplicates, so importing a file twice changes nothing
// the second time. It is all or nothing: a problem in the file is the
// *formats.ImportError naming its line (and file), a problem with what it
// holds an invalid *api.Error, a zip beyond limits (formats.ZipLimits; 0s
// take the defaults) a too_large *api.Error, and nothing is stored. It is
// ImportWith with default options.
func Import(ctx context.Context, store Store, data []byte, format, annotator string, now time.Time, limits formats.ZipLimits) (ImportSummary, error) {
	return ImportWith(ctx, store, data, format, now, formats.ImportOptions{Annotator: annotator, Limits: limits})
}

// ImportWith is Import with the options of formats.ImportWith: merging
// the records of one article into one set, and the unit of doccano's
// offsets.
func ImportWith(ctx context.Context, store Store, data []byte, format string, now time.Time, opts formats.ImportOptions) (ImportSummary, error) {
	return importAllowed(ctx, store, data, format, now, opts, nil, operatorAccess)
}

// operatorAccess is the operator's access to every project (gloss import):
// an admin's.
var operatorAccess = api.Access{Admin: true}

// importAllowed is ImportWith by a user whose access to the project is
// access, refusing the whole file with allowed's error when allowed
// (unless nil) refuses the annotator of any of its sets. When the user
// manages the project (api.Access.CanManage: the operator does), the
// file's articles join the list of the project it names, as the project's
// work: its progress, its library and its assignments show them, as its
// export and agreement do their sets. When not, the file may not bring
// labels the project lacks (projectHasLabels), nor revisions of sets of
// articles off its list, as a push may not (listCheck): a 403 naming them.
func importAllowed(ctx context.Context, store Store, data []byte, format string, now time.Time, opts formats.ImportOptions, allowed func(annotator string) error, access api.Access) (ImportSummary, error) {
	manager := access.CanManage() // the import puts its articles on the list
	sum := ImportSummary{Sets: []ImportedSet{}, NotRead: []formats.NotRead{}, LabelsAdded: []string{}, PolaritiesAdded: []string{}, NotMembers: []string{}}
	if err := CheckImportParams(format, opts.Annotator); err != nil {
		return sum, err
	}
	if format != "brat" {
		if err := checkUTF8(data); err != nil {
			return sum, err
		}
		if at := loneSurrogate(data); at >= 0 {
			return sum, &formats.ImportError{Line: 1 + bytes.Count(data[:at], []byte("\n")), Msg: fmt.Sprintf("%s is half of a UTF-16 surrogate pair alone, which is no character: the file must escape both halves, or hold the character itself", data[at:at+6])}
		}
	}
	names, err := accountNames(ctx, store)
	if err != nil {
		return sum, err
	}
	opts.Annotators = names
	records, err := formats.ImportWith(data, format, now, opts)
	if err != nil {
		var unknown *formats.UnknownFormatError
		var tooLarge *formats.TooLargeError
		switch {
		case errors.As(err, &unknown):
			return sum, errUnknownImportFormat(format)
		case errors.As(err, &tooLarge):
			return sum, &api.Error{Code: api.CodeTooLarge, Message: tooLarge.Msg, File: tooLarge.File}
		}
		return sum, err
	}
	var articles []annotations.Article
	var revs []annotations.Revision
	seenArticles := map[string]bool{}
	current := map[ImportedSet]map[string]annotations.Revision{} // each set's stored values
	same := 0                                                    // revisions left out as the stored value
	for _, rec := range records {
		a := rec.Article
		if !seenArticles[a.ID] {
			seenArticles[a.ID] = true
			if a.Source == "" {
				a.Source = "import"
			}
			articles = append(articles, a)
		}
		if allowed != nil {
			if err := allowed(rec.Annotator); err != nil {
				return sum, err
			}
		}
		key := ImportedSet{ArticleID: a.ID, Annotator: rec.Annotator}
		if _, seen := current[key]; !seen {
			set := SetRef{Project: opts.Project, ArticleID: a.ID, Annotator: rec.Annotator}
			if current[key], err = storedValues(ctx, store, set); err != nil {
				return sum, err
			}
			sum.Sets = append(sum.Sets, key)
		}
		for _, r := range rec.Revisions {
			if r.Annotator != rec.Annotator {
				return sum, importProblem(a.ID, rec.Annotator, r.Item, fmt.Errorf("annotator %q is not the set's, %q", r.Annotator, rec.Annotator))
			}
		}
		if item, err := annotations.CheckImportedGroups(rec.Revisions); err != nil {
			return sum, importProblem(a.ID, rec.Annotator, item, err)
		}
		for _, r := range rec.Revisions {
			// A record gives each item's value as a new item's (parent
			// ""): where the store has the item at that value already
			// (a set exported and imported back), storing it would only
			// add a second leaf of the same value, a conflict.
			if w, ok := current[key][r.Item]; ok && r.Parent == "" && (r.Deleted || annotations.SameValue(w, r)) {
				same++
				continue
			}
			revs = append(revs, r)
		}
	}
	if !manager && opts.Project != "" && len(records) > 0 {
		if err := projectHasLabels(ctx, store, opts.Project, records); err != nil {
			return sum, err
		}
		if err := importListed(ctx, store, access, opts.Project, revs); err != nil {
			return sum, err
		}
	}
	res, err := store.Import(ctx, articles, revs)
	var problem *ImportProblem
	if errors.As(err, &problem) {
		e, known := asError(problem.Problem)
		if !known {
			return sum, err
		}
		return sum, importProblem(problem.Revision.ArticleID, problem.Revision.Annotator, problem.Revision.Item, e)
	}
	if err != nil {
		return sum, err
	}
	for i := 0; manager && opts.Project != "" && i < len(articles); i++ {
		if err := store.SetProjectArticle(ctx, opts.Project, articles[i].ID, true); err != nil {
			return sum, err
		}
	}
	if sum.NotMembers, err = notMembers(ctx, store, opts.Project, sum.Sets); err != nil {
		return sum, err
	}
	sum.Articles = len(articles)
	sum.NotRead = formats.TallyNotRead(records)
	sum.LabelsAdded, sum.PolaritiesAdded = formats.TallyAdded(records)
	sum.ArticlesCreated = res.ArticlesCreated
	sum.RevisionsApplied, sum.RevisionsDuplicate = res.Applied, res.Duplicate+same
	return sum, nil
}

// importListed refuses an import of revs (of sets) into project (as
// revisions write it) by a user whose access there is access, when some of
// them are of articles off the project's list that access may not
// annotate (listCheck): the error names the articles, in order.
func importListed(ctx context.Context, store Store, access api.Access, project string, revs []annotations.Revision) error {
	lists := newListCheck(store)
	id := annotations.ProjectOrDefault(project)
	var off []string
	seen := map[string]bool{}
	for _, r := range revs {
		if seen[r.ArticleID] {
			continue
		}
		seen[r.ArticleID] = true
		unlisted, err := lists.offList(ctx, access, id, r.ArticleID)
		if err != nil {
			return err
		}
		if unlisted {
			off = append(off, r.ArticleID)
		}
	}
	if len(off) > 0 {
		return errNotListed(id, off)
	}
	return nil
}

// projectHasLabels refuses an import that brings entity labels or stance
// polarities the project's schema lacks (formats.TallyAdded), for an
// importer who does not manage the project (outside Default, as a push of
// a set's own schema is refused them): the labels are the managers'.
// project is as revisions write it.
func projectHasLabels(ctx context.Context, store Store, project string, records []formats.Imported) error {
	labels, polarities := formats.TallyAdded(records)
	if len(labels) == 0 && len(polarities) == 0 {
		return nil
	}
	// The project's own revisions: its schema, and its assignments.
	revs, err := store.SetRevisions(ctx, annotations.ProjectKey(project))
	if err != nil {
		return err
	}
	revs = slices.DeleteFunc(revs, func(r annotations.Revision) bool { return r.Kind != annotations.KindSchema })
	own, err := annotations.BuildSet(annotations.ProjectKey(project), revs)
	if err != nil {
		return err
	}
	var missing []string
	for _, l := range labels {
		if _, ok := own.Schema.Label(l); !ok {
			missing = append(missing, l)
		}
	}
	for _, p := range polarities {
		if !own.Schema.HasPolarity(p) {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return api.Errorf(api.CodeForbidden, "the file uses labels the project %q does not have (%s): only its managers add labels, so ask one of them to add these (Labels…) or to import the file; nothing was stored", project, strings.Join(missing, ", "))
}

// accountNames returns formats.ImportOptions.Annotators for the store's
// accounts: a name that is an account's annotator name stays; one that is
// an account's login in another case ("ANA") is that account's annotator
// name; any other is kept (a set of no account: ImportSummary.NotMembers)
// unless it has a comma or a slash, which no account may take (nor could
// an export's annotator= name it).
func accountNames(ctx context.Context, store Store) (func(string) (string, error), error) {
	byName, err := accountIndex(ctx, store)
	if err != nil {
		return nil, err
	}
	return func(name string) (string, error) {
		if a, ok := byName.annotator(name); ok {
			return a, nil
		}
		if strings.ContainsAny(name, ",/") {
			return "", api.Errorf(api.CodeInvalid, "annotator %q has a comma or a slash, which no account's name may have: import it as an account's login (annotator=)", name)
		}
		return name, nil
	}, nil
}

// accounts maps the accounts' annotator names, and their logins, to their
// annotator names.
type accounts map[string]string

// accountIndex reads the store's accounts: an annotator name maps to
// itself, and a login that is no annotator name to its account's.
func accountIndex(ctx context.Context, store Store) (accounts, error) {
	users, err := store.Users(ctx)
	if err != nil {
		return nil, err
	}
	byName := accounts{}
	for _, u := range users {
		byName[u.Annotator] = u.Annotator
	}
	for _, u := range users {
		if _, taken := byName[u.Login]; !taken {
			byName[u.Login] = u.Annotator
		}
	}
	return byName, nil
}

// annotator returns the annotator name of the account that name names
// (its annotator name, or its login in any case), and false when none
// does.
func (byName accounts) annotator(name string) (string, bool) {
	if a, ok := byName[name]; ok {
		return a, true
	}
	a, ok := byName[annotations.NormalizeLogin(name)]
	return a, ok
}

// notMembers lists the annotators of sets who are no member of the project
// (field, "" for Default), each once, in order, GoldAnnotator aside.
func notMembers(ctx context.Context, store Store, field string, sets []ImportedSet) ([]string, error) {
	members, err := store.Members(ctx, annotations.ProjectOrDefault(field))
	if err != nil {
		return nil, err
	}
	known := map[string]bool{annotations.GoldAnnotator: true}
	for _, m := range members {
		known[m.User.Annotator] = true
	}
	out := []string{}
	for _, s := range sets {
		if !known[s.Annotator] {
			known[s.Annotator] = true
			out = append(out, s.Annotator)
		}
	}
	return out, nil
}

// checkUTF8 refuses a text file that is not valid UTF-8 (JSON decoding
// would replace the bad bytes, changing the article's text) with an
// *formats.ImportError naming the line.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			break
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return &formats.ImportError{Line: line, Msg: "not valid UTF-8: the file must be UTF-8 text"}
}

// storedValues maps the items the store holds in one set (of the
// import's project: another project's set of the article is another set)
// to their current values (annotations.Resolve's winners).
func storedValues(ctx context.Context, store Store, set SetRef) (map[string]annotations.Revision, error) {
	revs, err := store.SetRevisions(ctx, set)
	if err != nil {
		return nil, err
	}
	current := map[string]annotations.Revision{}
	for _, st := range annotations.Resolve(revs) {
		current[st.Item] = st.Winner
	}
	return current, nil
}

// importProblem is an invalid *api.Error about one item of an imported
// set.
func importProblem(articleID, annotator, item string, err error) error {
	return api.Errorf(api.CodeInvalid, "%s", importProblemText(articleID, annotator, item, err))
}

// importProblemText says what is wrong with one item of an imported set.
func importProblemText(articleID, annotator, item string, err error) string {
	return fmt.Sprintf("the set of article %s by %s: item %s: %v", articleID, annotator, item, err)
}

// importFile answers POST /api/v1/import?format=&annotator=&merge=&offsets=: the body is
// the file itself. Parameters and content type are checked before the body
// is read, the body is capped (Options.MaxImportBytes), and then Import
// stores everything or nothing. 201 when something new was stored, 200
// when it all was already. An admin imports anyone's sets; any other user
// only their own: a file with another annotator's set is 403, naming it.
// Outside Default, who does not manage the project imports sets of the
// articles on its list alone: a file with others is 403, naming them.
func (s *Server) importFile(w http.ResponseWriter, r *http.Request) {
	q, err := singleParams(r, importParams)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format, annotator := q["format"], q["annotator"]
	if format == "" {
		format = DefaultExportFormat
	}
	if err := CheckImportParams(format, annotator); err != nil {
		s.fail(w, r, err)
		return
	}
	u := callerOf(r).user
	project, err := projectOfQuery(q["project"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	access, err := s.setsAccess(r.Context(), u, project)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !access.CanAnnotate() {
		s.fail(w, r, errNoSets(u, project))
		return
	}
	// The records' annotators come resolved to accounts' names
	// (accountNames: one's own login in another case names one's set);
	// a name is one's own only when it resolved to one's annotator name.
	allowed := func(annotator string) error {
		if access.CanImportSetsOf(annotator == u.Annotator) {
			return nil
		}
		if !access.CanAnnotate() {
			return errNoSets(u, project)
		}
		return forbiddenSets(u, annotator)
	}
	if annotator != "" {
		names, err := accountNames(r.Context(), s.store)
		if err == nil {
			var resolved string
			if resolved, err = names(annotator); err == nil {
				err = allowed(resolved)
			}
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	opts, err := ParseImportOptions(format, q["merge"], q["offsets"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	opts.Annotator, opts.Project, opts.Limits = annotator, annotations.ProjectField(project), s.opts.ZipLimits
	if err := checkMediaType(r.Header.Get("Content-Type"), format); err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxImportBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.fail(w, r, api.Errorf(api.CodeTooLarge, "the file is larger than the import limit of %d bytes", tooLarge.Limit))
			return
		}
		s.fail(w, r, api.Errorf(api.CodeInvalid, "the request body could not be read: %v", err))
		return
	}
	sum, err := importAllowed(r.Context(), s.store, body, format, time.Now(), opts, allowed, access)
	var bad *formats.ImportError
	switch {
	case errors.As(err, &bad):
		s.respond(w, api.StatusOf(api.CodeInvalid), api.ErrorBody{Error: &api.Error{
			Code: api.CodeInvalid, Message: bad.Error(), File: bad.File, Line: bad.Line,
		}})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if sum.Changed() {
		status = http.StatusCreated
	}
	s.respond(w, status, sum)
}

// checkMediaType refuses a Content-Type that format's files do not come as,
// or text in another charset than UTF-8.
func checkMediaType(ct, format string) error {
	want := importMediaTypes(format)
	if ct == "" {
		return api.Errorf(api.CodeUnsupportedMedia, "a %s import needs a Content-Type: %s", format, strings.Join(want, ", "))
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || !slices.Contains(want, mt) {
		return api.Errorf(api.CodeUnsupportedMedia, "a %s import comes as %s, not %q", format, strings.Join(want, ", "), ct)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return api.Errorf(api.CodeUnsupportedMedia, "the file must be UTF-8, not %s", cs)
	}
	return nil
}
