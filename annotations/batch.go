package annotations

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// ErrUnknownArticle is wrapped by a batch problem whose revision's article
// is not stored: its sender uploads the article and sends the revision
// again.
var ErrUnknownArticle = errors.New("unknown article")

// ErrUnknownParent is wrapped by a batch problem whose revision's parent is
// neither stored nor a valid revision of the same batch.
var ErrUnknownParent = errors.New("unknown parent")

// ErrUnknownItem is wrapped by a batch problem whose revision refers to an
// item (a quote's speaker, a group's member, …) that is neither stored nor
// given by a valid revision of the same batch: an item its sender has not
// sent, or one the store lost in a restore from an older copy.
var ErrUnknownItem = errors.New("unknown item")

// missingError is a problem of a revision whose article or parent is not
// stored: its message, and the sentinel (ErrUnknownArticle or
// ErrUnknownParent) that errors.Is finds.
type missingError struct {
	msg      string
	sentinel error
}

func (e *missingError) Error() string        { return e.msg }
func (e *missingError) Is(target error) bool { return target == e.sentinel }

// Stored is what CheckBatch reads of what a store holds. A store answers
// from the state the batch will be committed on (inside its write
// transaction), so that two batches checked at once cannot both pass
// against a state that only one of them sees. The check asks each question
// once per batch, for all the revisions and items it needs, so that its
// cost depends on the batch, not on the size of the sets it touches.
type Stored interface {
	// ArticleText returns the text of the article id in code points, and
	// false when the store does not hold it.
	ArticleText(id string) ([]rune, bool, error)
	// ItemKinds returns the kinds of those of items that the set setID
	// has (the kind of each item's first stored revision).
	ItemKinds(setID string, items []string) (map[string]Kind, error)
	// HasRevisions returns those of revs that are stored.
	HasRevisions(revs []RevisionRef) (map[RevisionRef]bool, error)
	// SchemaRevisions returns every stored revision of the schema item of
	// the set k and of its project's schema item (ProjectSchemaItemID).
	SchemaRevisions(k SetKey) ([]Revision, error)
}

// WholeSets is a Stored that holds the whole of the sets it answers for,
// as one device knows them: the app's editor checking an edit
// (SetState.Stored). CheckBatch then also checks a batch's groups against
// the set's other groups (see CheckBatch).
type WholeSets interface {
	Stored
	// GroupRevisions returns every revision of the entity groups of the
	// set setID.
	GroupRevisions(setID string) ([]Revision, error)
}

// RevisionRef names one revision of one item.
type RevisionRef struct {
	Item, Rev string
}

// CheckBatch decides which revisions of a batch may be stored, given what
// is stored: a problem per revision (nil for one that may be stored), or an
// error when the store could not answer. Push and import both decide with
// it. A revision may be stored when
//
//   - it is valid on its own (Revision.Validate);
//   - its article is stored (else a problem wrapping ErrUnknownArticle),
//     unless it is a project's schema (ProjectKey), which has none;
//   - its parent is a stored revision of its item, or a revision of the
//     batch that may be stored (else ErrUnknownParent): a generation is
//     then always one more than a real parent's, and a forged one cannot
//     outrank honest edits;
//   - its body fits the article's text and the set's schema: the schema the
//     stored schema revisions resolve to, updated by the batch's valid
//     schema revisions as the check reaches them. A label or polarity that
//     schema lacks is still accepted when the set's schema had it at some
//     point (the default schema, a stored schema revision, or a valid one
//     anywhere in the batch): the mention may have been made before a
//     change on another device dropped the label, or before a schema
//     revision sent in the same batch. The set's schema revisions include
//     its project's (ProjectSchemaItemID), stored and in the batch. The set then flags the item for
//     review (Set.Review). A label the set never had is refused;
//   - its item keeps the kind it has (stored, or given by the batch's
//     first valid revision of it), and every item it refers to is stored,
//     deleted or not, or comes with a valid revision of the batch (else
//     ErrUnknownItem), with the right kind (CheckReferencesFunc). Order within a batch does not
//     matter; a referred item must come no later than the batch that
//     refers to it;
//   - when stored is WholeSets (the editor, which knows the set as its
//     user sees it), a group it sets holds no mention that another group
//     of the set holds, as the set's and the batch's valid group revisions
//     resolve (CheckGroupMembers): a mention is in at most one group, and
//     moving one from a group to another is one batch of both groups'
//     revisions. A store does not refuse a group for another: two devices
//     may group one mention differently at the same time (and a push may
//     carry one group's revision without the later one that let the
//     mention go), and neither edit may be lost; the set then flags both
//     groups for review (Set.Review). An import checks its sets with
//     CheckImportedGroups.
//
// A revision refused for its parent or references can leave others
// without what they need, so those checks run until nothing more is
// refused. A revision already stored (same item and ID) is valid on its
// own and was checked when it was stored: it is not checked again, so a
// duplicate is always a duplicate.
func CheckBatch(revs []Revision, stored Stored) ([]error, error) {
	return CheckStored(revs, ValidateEach(revs), stored)
}

// ValidateEach runs the part of CheckBatch that needs nothing stored: each
// revision's Validate, the costly part (its ID is a hash of its content),
// and the decoding of each entity's body. A store runs it before it takes
// its write lock, so that concurrent batches validate in parallel.
func ValidateEach(revs []Revision) Validated {
	v := Validated{Problems: make([]error, len(revs)), entities: make([]*Entity, len(revs))}
	for i, r := range revs {
		v.Problems[i] = r.Validate()
		if v.Problems[i] == nil && r.Kind == KindEntity && !r.Deleted {
			if e, err := r.Entity(); err == nil {
				v.entities[i] = &e
			}
		}
	}
	return v
}

// Validated is what ValidateEach found of a batch: each revision's
// problem (nil when it is valid on its own) and, for an entity, its body
// decoded, which CheckStored checks against the text rather than decoding
// it again.
type Validated struct {
	Problems []error
	entities []*Entity
}

// CheckStored runs the rest of CheckBatch, given ValidateEach's answer for
// the same revisions, against the state the batch will be committed on.
func CheckStored(revs []Revision, v Validated, stored Stored) ([]error, error) {
	if len(v.Problems) != len(revs) || v.entities != nil && len(v.entities) != len(revs) {
		return nil, fmt.Errorf("CheckStored: %d validation results for %d revisions", len(v.Problems), len(revs))
	}
	c := &batchCheck{stored: stored, texts: map[string][]rune{}, sets: map[string]*batchSet{},
		kinds: map[revKey]Kind{}, problems: slices.Clone(v.Problems), entities: v.entities}
	return c.run(revs)
}

// batchCheck is one run of CheckBatch.
type batchCheck struct {
	stored     Stored
	texts      map[string][]rune // each article's text, nil when not stored
	sets       map[string]*batchSet
	kinds      map[revKey]Kind      // stored kinds, by set ID and item
	storedRevs map[RevisionRef]bool // which of the revisions and parents are stored
	problems   []error
	// duplicate marks the revisions that are stored already.
	duplicate []bool
	// setIDs holds each revision's set ID (a hash: computed once).
	setIDs []string
	// projectSchemas holds the schemas the batch's project schema
	// revisions set, by project: labels every set of the project has had.
	projectSchemas map[string][]Schema
	// entities holds ValidateEach's decoded entity bodies (nil for the
	// others).
	entities []*Entity
}

// batchSet is what the check knows of one set the batch touches.
type batchSet struct {
	// schema holds the set's schema revisions: the stored ones, then the
	// batch's valid ones as the check reaches them.
	schema *SetState
	// labels and polarities are every label and stance polarity the set's
	// schema has had.
	labels, polarities map[string]bool
}

func (c *batchCheck) run(revs []Revision) ([]error, error) {
	c.duplicate = make([]bool, len(revs))
	c.setIDs = make([]string, len(revs))
	ids := map[SetKey]string{}
	for i, r := range revs {
		key := r.Key()
		if ids[key] == "" {
			ids[key] = key.ID()
		}
		c.setIDs[i] = ids[key]
	}
	// Which of the revisions and of their parents are stored: one
	// question.
	var refs []RevisionRef
	for i, r := range revs {
		if c.problems[i] == nil {
			refs = append(refs, RevisionRef{r.Item, r.ID})
			if r.Parent != "" {
				refs = append(refs, RevisionRef{r.Item, r.Parent})
			}
		}
	}
	var err error
	if c.storedRevs, err = c.stored.HasRevisions(refs); err != nil {
		return nil, err
	}
	c.projectSchemas = map[string][]Schema{}
	for i, r := range revs {
		if c.problems[i] == nil && r.Key().IsProject() && !r.Deleted {
			if sc, err := r.Schema(); err == nil {
				c.projectSchemas[r.Project] = append(c.projectSchemas[r.Project], sc)
			}
		}
	}
	// Each revision on its own and against its article; the sets the
	// valid ones touch, and what their schema revisions add to the labels
	// the sets have had.
	for i, r := range revs {
		if c.problems[i] != nil {
			continue
		}
		if c.storedRevs[RevisionRef{r.Item, r.ID}] {
			c.duplicate[i] = true
			continue
		}
		if !r.Key().IsProject() { // a project's schema has no article
			text, err := c.text(r.ArticleID)
			if err != nil {
				return nil, err
			}
			if text == nil {
				c.problems[i] = &missingError{fmt.Sprintf("article %s is not on the server: upload it first", r.ArticleID), ErrUnknownArticle}
				continue
			}
		}
		set, err := c.set(r, c.setIDs[i])
		if err != nil {
			return nil, err
		}
		if r.Kind == KindSchema && !r.Deleted {
			sc, err := r.Schema()
			if err == nil {
				// Validate, not ValidateNew: a label key the editor now keeps
				// for a command may come from an edit made offline by an
				// earlier release, or from an old export; refusing it would
				// strand that edit and every edit made on top of it. The
				// label editor refuses such keys in new schemas.
				err = sc.Validate()
			}
			if err != nil {
				c.problems[i] = err
				continue
			}
			set.addLabels(sc)
		}
	}
	// Bodies against the article and the set's schema, in order.
	for i, r := range revs {
		if c.problems[i] != nil || c.duplicate[i] {
			continue
		}
		var ent *Entity
		if c.entities != nil {
			ent = c.entities[i]
		}
		if err := c.sets[c.setIDs[i]].checkBody(r, ent, c.texts[r.ArticleID]); err != nil {
			c.problems[i] = err
		}
	}
	// A mention is in one group, for a device that knows the set whole.
	if err := c.checkGroups(revs); err != nil {
		return nil, err
	}
	// The stored kinds of every item the valid revisions are of or refer
	// to, set by set: one question per set.
	if err := c.lookUpKinds(revs); err != nil {
		return nil, err
	}
	// Parents, kinds and references, against the stored items and the
	// batch's valid revisions, until a round refuses nothing more.
	for {
		batchRevs := map[revKey]bool{}
		batchKinds := map[revKey]Kind{}
		for i, r := range revs {
			if c.problems[i] != nil {
				continue
			}
			batchRevs[revKey{r.Item, r.ID}] = true
			key := revKey{c.setIDs[i], r.Item}
			if _, seen := batchKinds[key]; !seen {
				batchKinds[key] = r.Kind
			}
		}
		more := false
		for i, r := range revs {
			if c.problems[i] != nil || c.duplicate[i] {
				continue
			}
			if problem := c.checkLinks(r, c.setIDs[i], batchRevs, batchKinds); problem != nil {
				c.problems[i], more = problem, true
			}
		}
		if !more {
			return c.problems, nil
		}
	}
}

// checkGroups refuses, when the check runs on a whole set (WholeSets),
// the batch's group revisions that put a mention into a second group of
// its set, as the set's group revisions and the batch's valid ones
// resolve, so that a move (out of one group, into another) passes in any
// order.
func (c *batchCheck) checkGroups(revs []Revision) error {
	whole, ok := c.stored.(WholeSets)
	if !ok {
		return nil
	}
	bySet := map[string][]int{}
	var sets []string
	for i, r := range revs {
		if c.problems[i] != nil || c.duplicate[i] || r.Kind != KindGroup {
			continue
		}
		if _, ok := bySet[c.setIDs[i]]; !ok {
			sets = append(sets, c.setIDs[i])
		}
		bySet[c.setIDs[i]] = append(bySet[c.setIDs[i]], i)
	}
	for _, setID := range sets {
		known, err := whole.GroupRevisions(setID)
		if err != nil {
			return err
		}
		batch := make([]Revision, len(bySet[setID]))
		for k, i := range bySet[setID] {
			batch[k] = revs[i]
		}
		for k, p := range groupProblems(batch, known) {
			c.problems[bySet[setID][k]] = p
		}
	}
	return nil
}

// groupProblems checks the group revisions revs of one set against each
// other and the set's known group revisions: a problem for each revision
// that puts a mention into a second group, as known and revs resolve
// together (CheckGroupMembers); nil for the others.
func groupProblems(revs, known []Revision) []error {
	var groups []EntityGroup
	for _, st := range Resolve(append(slices.Clip(known), revs...)) {
		if g, err := st.Winner.Group(); err == nil && !st.Winner.Deleted && st.Winner.Kind == KindGroup {
			groups = append(groups, g)
		}
	}
	problems := make([]error, len(revs))
	for i, r := range revs {
		if r.Kind != KindGroup || r.Deleted {
			continue
		}
		g, err := r.Group()
		if err == nil {
			err = CheckGroupMembers(g, groups)
		}
		problems[i] = err
	}
	return problems
}

// CheckImportedGroups checks the revisions of one imported set (new items,
// as an import makes them) for a mention in two groups (a coreference file
// that puts one mention in two clusters): the item of the first group
// revision that does, and its problem; "" and nil when none does.
func CheckImportedGroups(revs []Revision) (string, error) {
	var groups []Revision
	for _, r := range revs {
		if r.Kind == KindGroup {
			groups = append(groups, r)
		}
	}
	for i, p := range groupProblems(groups, nil) {
		if p != nil {
			return groups[i].Item, p
		}
	}
	return "", nil
}

// lookUpKinds asks the store for the kinds of the items the valid
// revisions are of or refer to.
func (c *batchCheck) lookUpKinds(revs []Revision) error {
	bySet := map[string]map[string]bool{} // set ID to items
	for i, r := range revs {
		if c.problems[i] != nil || c.duplicate[i] {
			continue
		}
		set := bySet[c.setIDs[i]]
		if set == nil {
			set = map[string]bool{}
			bySet[c.setIDs[i]] = set
		}
		set[r.Item] = true
		items, _ := r.ReferredItems() // a body that does not decode was refused above
		for _, item := range items {
			set[item] = true
		}
	}
	for _, setID := range slices.Sorted(maps.Keys(bySet)) {
		kinds, err := c.stored.ItemKinds(setID, slices.Sorted(maps.Keys(bySet[setID])))
		if err != nil {
			return err
		}
		for item, k := range kinds {
			c.kinds[revKey{setID, item}] = k
		}
	}
	return nil
}

// checkLinks checks r's parent, its item's kind and its references.
func (c *batchCheck) checkLinks(r Revision, setID string, batchRevs map[revKey]bool, batchKinds map[revKey]Kind) error {
	if r.Parent != "" && !batchRevs[revKey{r.Item, r.Parent}] && !c.storedRevs[RevisionRef{r.Item, r.Parent}] {
		return &missingError{fmt.Sprintf("parent: revision %s of item %s is not on the server: send it first", r.Parent, shortID(r.Item)), ErrUnknownParent}
	}
	kindOf := func(item string) (Kind, bool) {
		if k, ok := c.kinds[revKey{setID, item}]; ok {
			return k, true
		}
		k, ok := batchKinds[revKey{setID, item}]
		return k, ok
	}
	problem := CheckReferencesFunc(r, kindOf)
	if problem != nil {
		if missing, _ := MissingReferences(r, kindOf); len(missing) > 0 {
			return &missingError{problem.Error(), ErrUnknownItem}
		}
	}
	return problem
}

// text returns an article's text, read once; nil when not stored.
func (c *batchCheck) text(id string) ([]rune, error) {
	if text, seen := c.texts[id]; seen {
		return text, nil
	}
	text, ok, err := c.stored.ArticleText(id)
	if err != nil {
		return nil, err
	}
	if !ok {
		text = nil
	} else if text == nil {
		text = []rune{}
	}
	c.texts[id] = text
	return text, nil
}

// set returns what the check knows of r's set, reading its schema
// revisions on first use.
func (c *batchCheck) set(r Revision, id string) (*batchSet, error) {
	if set, ok := c.sets[id]; ok {
		return set, nil
	}
	schemaRevs, err := c.stored.SchemaRevisions(r.Key())
	if err != nil {
		return nil, err
	}
	set := &batchSet{schema: NewSetState(r.Key()), labels: map[string]bool{}, polarities: map[string]bool{}}
	set.addLabels(DefaultSchema())
	for _, sc := range c.projectSchemas[r.Project] {
		set.addLabels(sc)
	}
	for _, sr := range schemaRevs {
		if sc, err := sr.Schema(); err == nil && !sr.Deleted {
			set.addLabels(sc)
		}
	}
	if err := set.schema.Apply(schemaRevs...); err != nil {
		return nil, fmt.Errorf("the stored schema of the set of %q on article %s does not resolve: %w", r.Annotator, r.ArticleID, err)
	}
	c.sets[id] = set
	return set, nil
}

// addLabels notes the labels and polarities of sc as ones the set has had.
func (set *batchSet) addLabels(sc Schema) {
	for _, l := range sc.EntityLabels {
		set.labels[l.Name] = true
	}
	for _, p := range sc.Polarities() {
		set.polarities[p] = true
	}
}

// checkBody validates r's body against the article's text and the set's
// schema as it stands at r's place in the batch (a schema revision is
// applied to it), or, for a label or polarity that schema lacks, against
// every label and polarity the set has had.
func (set *batchSet) checkBody(r Revision, ent *Entity, text []rune) error {
	validate := func(schema Schema) error {
		if ent != nil {
			return ent.Validate(text, schema) // r is an entity, decoded already
		}
		return r.ValidateAgainstText(r.ArticleID, text, schema)
	}
	schema := set.schema.Set().Schema
	err := validate(schema)
	if err != nil && (r.Kind == KindEntity || r.Kind == KindStance) {
		if validate(set.everSchema(schema)) == nil {
			err = nil
		}
	}
	if err == nil && r.Kind == KindSchema {
		err = set.schema.Apply(r)
	}
	return err
}

// everSchema returns schema with every label and polarity the set has had
// added.
func (set *batchSet) everSchema(schema Schema) Schema {
	wide := Schema{EntityLabels: slices.Clone(schema.EntityLabels), StancePolarities: slices.Clone(schema.Polarities())}
	for _, name := range slices.Sorted(maps.Keys(set.labels)) {
		if _, ok := wide.Label(name); !ok {
			wide.EntityLabels = append(wide.EntityLabels, Label{Name: name})
		}
	}
	for _, p := range slices.Sorted(maps.Keys(set.polarities)) {
		if !wide.HasPolarity(p) {
			wide.StancePolarities = append(wide.StancePolarities, p)
		}
	}
	return wide
}

// Stored returns the set as a WholeSets, with text, its article's text in
// code points: for checking new revisions against a set held whole, as the
// app's editor checks an edit the way the server will (and, for groups,
// against everything the device knows).
func (s *SetState) Stored(text []rune) WholeSets { return setStored{s, text} }

// setStored is SetState.Stored.
type setStored struct {
	state *SetState
	text  []rune
}

func (s setStored) ArticleText(id string) ([]rune, bool, error) {
	if id != s.state.set.ArticleID {
		return nil, false, nil
	}
	return s.text, true, nil
}

func (s setStored) ItemKinds(setID string, items []string) (map[string]Kind, error) {
	out := map[string]Kind{}
	if setID != s.state.set.ID {
		return out, nil
	}
	for _, item := range items {
		if revs := s.state.RevisionsOf(item); len(revs) > 0 {
			out[item] = revs[0].Kind
		}
	}
	return out, nil
}

func (s setStored) HasRevisions(revs []RevisionRef) (map[RevisionRef]bool, error) {
	out := map[RevisionRef]bool{}
	for _, r := range revs {
		if _, ok := s.state.Revision(r.Item, r.Rev); ok {
			out[r] = true
		}
	}
	return out, nil
}

func (s setStored) GroupRevisions(setID string) ([]Revision, error) {
	if setID != s.state.set.ID {
		return nil, nil
	}
	var out []Revision
	for _, g := range s.state.groupItems() {
		out = append(out, s.state.RevisionsOf(g)...)
	}
	return out, nil
}

func (s setStored) SchemaRevisions(k SetKey) ([]Revision, error) {
	switch {
	case k.Project == s.state.set.Project && k.IsProject():
		return s.state.RevisionsOf(s.state.projectSchemaItem), nil
	case k.ID() == s.state.set.ID:
		return append(s.state.RevisionsOf(s.state.projectSchemaItem), s.state.RevisionsOf(s.state.schemaItem)...), nil
	}
	return nil, nil
}
