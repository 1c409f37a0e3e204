package annotations

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// Kind names what an annotation item is. Every kind travels through the same
// revisions and the same sync; only its body differs.
type Kind string

// The kinds of annotation items.
const (
	KindEntity Kind = "entity" // an entity mention: Entity
	KindQuote  Kind = "quote"  // a quote: Quote
	KindStance Kind = "stance" // a stance: Stance
	KindGroup  Kind = "group"  // an entity group: EntityGroup
	// KindStatus is the set's work state: StatusItem, one item per set
	// (StatusItemID).
	KindStatus Kind = "status"
	// KindAssignment is who annotates one article of a project: Assignment,
	// one of the project's own items (ProjectKey) per article
	// (AssignmentItemID).
	KindAssignment Kind = "assignment"
	// KindSchema is the set's label schema: SchemaItem, one item per set
	// whose ID is SchemaItemID.
	KindSchema Kind = "schema"
)

// Kinds lists the kinds of annotation items Gloss knows.
var Kinds = []Kind{KindEntity, KindQuote, KindStance, KindGroup, KindSchema, KindStatus, KindAssignment}

// MaxGeneration bounds a revision's generation (its depth in its item's
// tree): a revision on a parent of this generation or more is invalid, so
// that a generation never overflows. No item is edited two billion times.
const MaxGeneration = 1<<31 - 1

// MaxBodyBytes caps the JSON body of one revision.
const MaxBodyBytes = 64 << 10

// Revision is one change to one annotation item (an entity mention, later a
// quote, stance or group) of one annotation set. Revisions form a tree per
// item through Parent; the item's current value is the winner among the
// tree's leaves (see Resolve).
//
// ID is "<generation>-<hash>": the generation is the parent's plus one, and
// the hash is derived from the revision's content, so the same change has
// the same ID wherever it is made and replaying it changes nothing.
type Revision struct {
	ID     string `json:"rev"`
	Parent string `json:"parent,omitempty"`
	Item   string `json:"item"`
	Kind   Kind   `json:"kind"`
	// Project is the ID of the set's project, "" for the Default project
	// (DefaultProject).
	Project   string          `json:"project,omitempty"`
	ArticleID string          `json:"article_id"`
	Annotator string          `json:"annotator"`
	Deleted   bool            `json:"deleted,omitempty"`
	Body      json.RawMessage `json:"body,omitempty"`
	// At is when the edit was made, in Unix milliseconds by the clock of
	// the device that made it, 0 when unknown (edits of earlier
	// releases). It is not part of the revision's content (its ID): it
	// only measures the time spent on a set. A push refuses one more
	// than MaxAtAhead after the server's clock.
	At int64 `json:"at,omitempty"`
}

// MaxAtAhead is how far, in ms, a revision's At may be after the server's
// clock when it is pushed: a day, beyond which the device's clock is
// wrong (a wrong date or year), and the server refuses the revision
// saying so. Validate does not check it, so that the revisions stored
// before the rule still pull; SummarizeSet leaves their times out.
const MaxAtAhead int64 = 24 * 60 * 60 * 1000

// NewRevision returns the revision that changes item (of kind) in the set k
// to body (nil with deleted), made on top of parent ("" for the item's first
// revision).
func NewRevision(parent, item string, kind Kind, k SetKey, deleted bool, body any) (Revision, error) {
	r := Revision{Parent: parent, Item: item, Kind: kind, Project: k.Project, ArticleID: k.ArticleID, Annotator: k.Annotator, Deleted: deleted}
	if !deleted {
		b, err := json.Marshal(body)
		if err != nil {
			return Revision{}, fmt.Errorf("encode %s body: %w", kind, err)
		}
		r.Body = b
	}
	r.ID = r.ComputeID()
	return r, r.Validate()
}

// NewEntityRevision returns the revision that sets entity e, made on top of
// parent.
func NewEntityRevision(parent string, k SetKey, e Entity) (Revision, error) {
	return NewRevision(parent, e.ID, KindEntity, k, false, e)
}

// NewQuoteRevision returns the revision that sets quote q, made on top of
// parent.
func NewQuoteRevision(parent string, k SetKey, q Quote) (Revision, error) {
	return NewRevision(parent, q.ID, KindQuote, k, false, q)
}

// NewStanceRevision returns the revision that sets stance st, made on top of
// parent.
func NewStanceRevision(parent string, k SetKey, st Stance) (Revision, error) {
	return NewRevision(parent, st.ID, KindStance, k, false, st)
}

// NewGroupRevision returns the revision that sets entity group g, made on top
// of parent.
func NewGroupRevision(parent string, k SetKey, g EntityGroup) (Revision, error) {
	return NewRevision(parent, g.ID, KindGroup, k, false, g)
}

// NewSchemaRevision returns the revision that sets the schema of the set k
// (of the project, for a ProjectKey) to schema, made on top of parent.
func NewSchemaRevision(parent string, k SetKey, schema Schema) (Revision, error) {
	id := SchemaItemID(k)
	return NewRevision(parent, id, KindSchema, k, false, SchemaItem{ID: id, Schema: schema})
}

// NewDeletion returns the revision that deletes the item whose current
// revision is parent: a tombstone.
func NewDeletion(parent Revision) (Revision, error) {
	return NewRevision(parent.ID, parent.Item, parent.Kind, parent.Key(), true, nil)
}

// ComputeID returns the ID r's content gives it.
func (r Revision) ComputeID() string {
	var body bytes.Buffer
	if len(r.Body) > 0 {
		if err := json.Compact(&body, r.Body); err != nil {
			body.Reset()
			body.Write(r.Body)
		}
	}
	// The project is hashed only when set, so that the revisions of the
	// Default project keep the IDs they had before projects.
	content, _ := json.Marshal(struct {
		Parent    string          `json:"parent"`
		Item      string          `json:"item"`
		Kind      Kind            `json:"kind"`
		ArticleID string          `json:"article_id"`
		Annotator string          `json:"annotator"`
		Deleted   bool            `json:"deleted"`
		Body      json.RawMessage `json:"body,omitempty"`
		Project   string          `json:"project,omitempty"`
	}{r.Parent, r.Item, r.Kind, r.ArticleID, r.Annotator, r.Deleted, body.Bytes(), r.Project})
	sum := sha256.Sum256(content)
	return strconv.Itoa(generation(r.Parent)+1) + "-" + hex.EncodeToString(sum[:16])
}

// Generation returns the revision's depth in its item's tree, from 1.
func (r Revision) Generation() int { return generation(r.ID) }

// Key returns the key of the annotation set r belongs to.
func (r Revision) Key() SetKey {
	return SetKey{Project: r.Project, ArticleID: r.ArticleID, Annotator: r.Annotator}
}

// SetID returns the ID of the annotation set r belongs to.
func (r Revision) SetID() string { return r.Key().ID() }

func generation(id string) int {
	g, _, ok := strings.Cut(id, "-")
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(g)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func revHash(id string) string {
	_, h, _ := strings.Cut(id, "-")
	return h
}

// Validate checks r's shape on its own: known kind, UUID item (for a schema,
// the set's SchemaItemID), article ID, annotator, a body unless deleted, and
// an ID that matches the content. It does not check the body against the
// article: see ValidateAgainst.
func (r Revision) Validate() error {
	if !slices.Contains(Kinds, r.Kind) {
		return invalid("kind", "%q is not a kind of annotation (kinds: %v)", r.Kind, Kinds)
	}
	if _, err := uuid.Parse(r.Item); err != nil {
		return invalid("item", "%q is not a UUID", r.Item)
	}
	if r.Key().IsProject() {
		// A project's own revision: its schema or an assignment.
		if (r.Kind != KindSchema || r.Item != ProjectSchemaItemID(r.Project)) && r.Kind != KindAssignment {
			return invalid("article_id", "is missing: only the project's schema (kind schema, item %s) and its assignments have no article and no annotator", ProjectSchemaItemID(r.Project))
		}
	} else {
		if !IsArticleID(r.ArticleID) {
			return invalid("article_id", "%q is not an article ID", r.ArticleID)
		}
		if err := ValidateAnnotator(r.Annotator); err != nil {
			return err
		}
	}
	if r.Project == DefaultProject {
		return invalid("project", "the Default project is written as no project (an empty or missing \"project\")")
	}
	if r.Project != "" {
		if err := ValidateProjectID(r.Project); err != nil {
			return err
		}
	}
	if r.Kind == KindAssignment && !r.Key().IsProject() {
		return invalid("kind", "an assignment is the project's (no article and no annotator), not a set's")
	}
	if r.Kind == KindStatus && r.Item != StatusItemID(r.Key()) {
		return invalid("item", "%q is not the status item of this annotation set (expected %q)", r.Item, StatusItemID(r.Key()))
	}
	if r.Kind == KindSchema && r.Item != SchemaItemID(r.Key()) {
		return invalid("item", "%q is not the schema item of this annotation set (expected %q)", r.Item, SchemaItemID(r.Key()))
	}
	if r.Parent != "" && generation(r.Parent) == 0 {
		return invalid("parent", "%q is not a revision ID", r.Parent)
	}
	if g := generation(r.Parent); g >= MaxGeneration {
		return invalid("parent", "%q has generation %d; a revision's generation must stay below %d", r.Parent, g, MaxGeneration)
	}
	switch {
	case r.Deleted && len(r.Body) > 0:
		return invalid("body", "a deletion has no body")
	case !r.Deleted && len(r.Body) == 0:
		return invalid("body", "is missing")
	case len(r.Body) > MaxBodyBytes:
		return invalid("body", "is %d bytes, more than the limit of %d", len(r.Body), MaxBodyBytes)
	case !r.Deleted && !json.Valid(r.Body):
		return invalid("body", "is not valid JSON")
	}
	if want := r.ComputeID(); r.ID != want {
		return invalid("rev", "%q does not match the revision's content (expected %q)", r.ID, want)
	}
	return nil
}

// ValidateAgainst checks r's body against the article it annotates and the
// schema of its set: for an entity, a UUID matching the item, a label of the
// schema and a span whose quote matches the text; for a quote, stance, group
// or schema, the body's own Validate (spans against the text, a stance's
// polarity against schema). It does not check that referred items exist:
// see CheckReferences.
func (r Revision) ValidateAgainst(a Article, schema Schema) error {
	return r.ValidateAgainstText(a.ID, []rune(a.Text), schema)
}

// ValidateAgainstText is ValidateAgainst for an article given by its ID and
// its text as code points, so that a caller checking many revisions of one
// article converts its text once.
func (r Revision) ValidateAgainstText(articleID string, text []rune, schema Schema) error {
	if r.ArticleID != articleID {
		return invalid("article_id", "%q is not the article %q", r.ArticleID, articleID)
	}
	if r.Deleted {
		return nil
	}
	switch r.Kind {
	case KindEntity:
		e, err := r.Entity()
		if err != nil {
			return err
		}
		return e.Validate(text, schema)
	case KindQuote:
		q, err := r.Quote()
		if err != nil {
			return err
		}
		return q.Validate(text)
	case KindStance:
		st, err := r.Stance()
		if err != nil {
			return err
		}
		return st.Validate(text, schema)
	case KindGroup:
		g, err := r.Group()
		if err != nil {
			return err
		}
		return g.Validate()
	case KindSchema:
		sc, err := r.Schema()
		if err != nil {
			return err
		}
		return sc.Validate()
	case KindStatus:
		_, err := r.Status()
		return err
	case KindAssignment:
		_, err := r.Assignment()
		return err
	}
	return invalid("kind", "%q is not a kind of annotation", r.Kind)
}

// Entity decodes the body of an entity revision.
func (r Revision) Entity() (Entity, error) {
	if r.Kind != KindEntity {
		return Entity{}, invalid("kind", "is %q, not %q", r.Kind, KindEntity)
	}
	var e Entity
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return Entity{}, invalid("body", "is not an entity mention: %v", err)
	}
	if e.ID != r.Item {
		return Entity{}, invalid("body", "id %q differs from the revision's item %q", e.ID, r.Item)
	}
	return e, nil
}

// Quote decodes the body of a quote revision.
func (r Revision) Quote() (Quote, error) {
	return decodeBody(r, KindQuote, func(q Quote) string { return q.ID })
}

// Stance decodes the body of a stance revision.
func (r Revision) Stance() (Stance, error) {
	return decodeBody(r, KindStance, func(s Stance) string { return s.ID })
}

// Group decodes the body of an entity group revision.
func (r Revision) Group() (EntityGroup, error) {
	return decodeBody(r, KindGroup, func(g EntityGroup) string { return g.ID })
}

// Schema decodes the body of a schema revision and returns the schema it
// sets.
func (r Revision) Schema() (Schema, error) {
	si, err := decodeBody(r, KindSchema, func(s SchemaItem) string { return s.ID })
	return si.Schema, err
}

// decodeBody decodes r's body as a T, the body of kind, refusing unknown
// fields and an id (given by id) other than r's item.
func decodeBody[T any](r Revision, kind Kind, id func(T) string) (T, error) {
	var zero, v T
	if r.Kind != kind {
		return zero, invalid("kind", "is %q, not %q", r.Kind, kind)
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return zero, invalid("body", "is not %s: %v", kind.aNoun(), err)
	}
	if id(v) != r.Item {
		return zero, invalid("body", "id %q differs from the revision's item %q", id(v), r.Item)
	}
	return v, nil
}

// Wins reports whether revision a beats revision b as an item's current
// value. The order needs no clock, so every replica picks the same winner:
// a live revision beats a deletion (an edit beats a concurrent delete), then
// the higher generation wins, then the greater hash.
func Wins(a, b Revision) bool {
	if a.Deleted != b.Deleted {
		return !a.Deleted
	}
	return cmp.Or(cmp.Compare(a.Generation(), b.Generation()), strings.Compare(revHash(a.ID), revHash(b.ID))) > 0
}

// ItemState is the resolved state of one annotation item: the winning leaf of
// its revision tree and the other live leaves, kept as conflicts.
type ItemState struct {
	Item      string
	Winner    Revision
	Conflicts []Revision
}

// Resolve groups revisions by item and returns each item's state, ordered by
// item ID. Duplicated revisions count once. A leaf is a revision that is no
// other's parent.
func Resolve(revs []Revision) []ItemState {
	byItem := map[string][]Revision{}
	seen := map[string]bool{}
	parents := map[string]bool{}
	for _, r := range revs {
		key := r.Item + "/" + r.ID
		if seen[key] {
			continue
		}
		seen[key] = true
		byItem[r.Item] = append(byItem[r.Item], r)
		if r.Parent != "" {
			parents[r.Item+"/"+r.Parent] = true
		}
	}
	states := make([]ItemState, 0, len(byItem))
	for item, rs := range byItem {
		var leaves []Revision
		for _, r := range rs {
			if !parents[item+"/"+r.ID] {
				leaves = append(leaves, r)
			}
		}
		if len(leaves) == 0 {
			// Every revision is another's parent: a cycle, which only
			// revisions whose IDs do not match their content can form.
			// Rank them all rather than index an empty slice.
			leaves = slices.Clone(rs)
		}
		sort.Slice(leaves, func(i, j int) bool { return Wins(leaves[i], leaves[j]) })
		st := ItemState{Item: item, Winner: leaves[0]}
		for _, l := range leaves[1:] {
			if !l.Deleted {
				st.Conflicts = append(st.Conflicts, l)
			}
		}
		states = append(states, st)
	}
	sort.Slice(states, func(i, j int) bool { return states[i].Item < states[j].Item })
	return states
}
