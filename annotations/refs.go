package annotations

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// RefKind names what a reference from one annotation item points at: another
// item of the set (an entity mention, an entity group, a quote or its
// speaker) or something that is not an item (the article, a topic, a span).
type RefKind string

// The kinds of reference. Each referring field allows some of them: see Ref,
// Holder, Target and Evidence.
const (
	RefEntity       RefKind = "entity"        // an entity mention, by ID
	RefGroup        RefKind = "group"         // an entity group, by ID
	RefQuote        RefKind = "quote"         // a quote, by ID
	RefQuoteSpeaker RefKind = "quote_speaker" // the speaker of a quote, by the quote's ID
	RefArticle      RefKind = "article"       // the article itself: no ID
	RefTopic        RefKind = "topic"         // a free-text topic: no ID
	RefSpan         RefKind = "span"          // a span of the text: no ID
)

// itemKind returns the kind of item a reference of kind k points at, or
// false when k does not point at an item.
func (k RefKind) itemKind() (Kind, bool) {
	switch k {
	case RefEntity:
		return KindEntity, true
	case RefGroup:
		return KindGroup, true
	case RefQuote, RefQuoteSpeaker:
		return KindQuote, true
	}
	return "", false
}

// noun returns how a message names an item of kind k.
func (k Kind) noun() string {
	switch k {
	case KindEntity:
		return "entity mention"
	case KindGroup:
		return "entity group"
	case KindQuote:
		return "quote"
	case KindStance:
		return "stance"
	case KindSchema:
		return "label schema"
	case KindStatus:
		return "work state"
	case KindAssignment:
		return "assignment"
	}
	return string(k)
}

// aNoun returns k's noun with its indefinite article.
func (k Kind) aNoun() string {
	n := k.noun()
	if n != "" && strings.ContainsRune("aeiou", rune(n[0])) {
		return "an " + n
	}
	return "a " + n
}

// shortID returns the first 8 characters of id and an ellipsis, as a message
// shows an item's UUID.
func shortID(id string) string {
	if len([]rune(id)) <= 8 {
		return id
	}
	return string([]rune(id)[:8]) + "…"
}

// Ref is a quote's speaker: an entity mention (Kind "entity") or an entity
// group (Kind "group") of the same set, by ID.
type Ref struct {
	Kind RefKind `json:"kind"`
	ID   string  `json:"id"`
}

// Validate reports whether r is an entity or group reference with a UUID.
func (r Ref) Validate() error {
	return validateRef(r.Kind, r.ID, RefEntity, RefGroup)
}

// Holder is who holds a stance: an entity mention ("entity"), an entity
// group ("group"), the speaker of a quote ("quote_speaker", ID the quote's)
// or the article itself ("article", no ID).
type Holder struct {
	Kind RefKind `json:"kind"`
	ID   string  `json:"id,omitempty"`
}

// Validate reports whether h is a holder of a known kind with a UUID, or the
// article without one.
func (h Holder) Validate() error {
	if h.Kind == RefArticle {
		if h.ID != "" {
			return invalid("id", "must be empty when the holder is the article (it is %q)", h.ID)
		}
		return nil
	}
	return validateRef(h.Kind, h.ID, RefEntity, RefGroup, RefQuoteSpeaker, RefArticle)
}

// MaxNameRunes caps an entity group's name and a stance's topic, in code
// points.
const MaxNameRunes = 200

// Target is what a stance is toward: an entity mention ("entity"), an entity
// group ("group"), both by ID, or a free-text topic ("topic") such as "the UN
// resolution", in Topic. Topics are plain strings: two stances with the same
// topic text share the topic.
type Target struct {
	Kind  RefKind `json:"kind"`
	ID    string  `json:"id,omitempty"`
	Topic string  `json:"topic,omitempty"`
}

// Validate reports whether t is an entity or group reference with a UUID and
// no topic, or a topic (one normalized line of at most MaxNameRunes) with no
// ID.
func (t Target) Validate() error {
	if t.Kind != RefTopic {
		if err := validateRef(t.Kind, t.ID, RefEntity, RefGroup, RefTopic); err != nil {
			return err
		}
		if t.Topic != "" {
			return invalid("topic", "must be empty when the target is not a topic")
		}
		return nil
	}
	if t.ID != "" {
		return invalid("id", "must be empty when the target is a topic (it is %q)", t.ID)
	}
	return validateName("topic", t.Topic)
}

// Evidence supports a stance: a quote of the set ("quote", by ID) or any
// span of the text ("span", in Span).
type Evidence struct {
	Kind RefKind `json:"kind"`
	ID   string  `json:"id,omitempty"`
	Span *Span   `json:"span,omitempty"`
}

// Validate reports whether e is a quote reference with a UUID and no span, or
// a span of text with no ID.
func (e Evidence) Validate(text []rune) error {
	switch e.Kind {
	case RefQuote:
		if e.Span != nil {
			return invalid("span", "must be absent when the evidence is a quote")
		}
		return validateRef(e.Kind, e.ID, RefQuote)
	case RefSpan:
		if e.ID != "" {
			return invalid("id", "must be empty when the evidence is a span (it is %q)", e.ID)
		}
		if e.Span == nil {
			return invalid("span", "is missing: span evidence needs the span")
		}
		return inField("span", e.Span.Validate(text))
	}
	return invalid("kind", "%q is not a kind of evidence (kinds: [%s %s])", e.Kind, RefQuote, RefSpan)
}

// validateRef reports whether kind is one of allowed and id a UUID.
func validateRef(kind RefKind, id string, allowed ...RefKind) error {
	ok := false
	for _, a := range allowed {
		ok = ok || a == kind
	}
	if !ok {
		return invalid("kind", "%q is not one of %v", kind, allowed)
	}
	if _, err := uuid.Parse(id); err != nil {
		return invalid("id", "%q is not a UUID", id)
	}
	return nil
}

// validateName reports whether s is usable as a name or topic: one line
// normalized by NormalizeLine, not empty, at most MaxNameRunes.
func validateName(field, s string) error {
	switch {
	case s == "":
		return invalid(field, "is empty")
	case NormalizeLine(s) != s:
		return invalid(field, "%q has control characters, line breaks or extra spaces", s)
	case RuneCount(s) > MaxNameRunes:
		return invalid(field, "has %d characters, more than the limit of %d", RuneCount(s), MaxNameRunes)
	}
	return nil
}

// inField returns err with its field placed under prefix ("speaker" and
// "id" give "speaker.id"), so that a message names the nested field.
func inField(prefix string, err error) error {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	f := prefix
	if ve.Field != "" {
		f += "." + ve.Field
	}
	return &ValidationError{Field: f, Message: ve.Message}
}

// reference is one pointer from an item to another item of its set.
type reference struct {
	field string  // the JSON path of the pointer: "speaker", "members[2]"
	kind  RefKind // what it points at
	id    string
}

// want returns the kind of item r must point at.
func (r reference) want() Kind {
	k, _ := r.kind.itemKind()
	return k
}

// itemRefs returns the references among refs that point at items.
func itemRefs(refs ...reference) []reference {
	out := refs[:0:0]
	for _, r := range refs {
		if _, ok := r.kind.itemKind(); ok {
			out = append(out, r)
		}
	}
	return out
}

// CheckReferences reports whether every item that rev's body refers to (a
// quote's speaker, a stance's holder, target and quote evidence, a group's
// members) is in items, with the right kind, and whether rev keeps the kind
// its item already has. items maps every item of rev's set known so far,
// live or deleted, to its kind: a reference to a deleted item is allowed,
// because the deletion may have raced the reference on another device (the
// set then flags the referring item for review, see BuildSet). Deletions,
// entities and schemas refer to nothing. The body must decode: run
// ValidateAgainstText first for messages about its shape.
func CheckReferences(rev Revision, items map[string]Kind) error {
	return CheckReferencesFunc(rev, func(item string) (Kind, bool) {
		k, ok := items[item]
		return k, ok
	})
}

// CheckReferencesFunc is CheckReferences with the items' kinds looked up
// by kindOf (ok false for an item the set does not have): for a caller that
// holds the set's items in another form than a map of kinds.
func CheckReferencesFunc(rev Revision, kindOf func(item string) (Kind, bool)) error {
	if k, ok := kindOf(rev.Item); ok && k != rev.Kind {
		return invalid("kind", "item %s is %s: a revision cannot make it %s", shortID(rev.Item), k.aNoun(), rev.Kind.aNoun())
	}
	if rev.Deleted {
		return nil
	}
	refs, err := rev.references()
	if err != nil {
		return err
	}
	for _, r := range refs {
		got, ok := kindOf(r.id)
		switch {
		case !ok:
			return invalid(r.field, "names %s this annotation set does not have (%s): it may not have synced yet, or was never made; choose it again", r.want().aNoun(), shortID(r.id))
		case got != r.want():
			return invalid(r.field, "must be %s, but %s is %s: choose it again", r.want().aNoun(), shortID(r.id), got.aNoun())
		}
	}
	return nil
}

// ReferenceOrder ranks the kinds of item so that the kinds an item may
// refer to rank lower: the schema, entity mentions, groups (of mentions),
// quotes (whose speaker is a mention or a group), stances (which refer to
// all of these). Revisions sent in this order, each item's after the items
// it refers to, pass CheckReferences batch after batch.
func ReferenceOrder(k Kind) int {
	switch k {
	case KindSchema, KindStatus, KindAssignment:
		return 0
	case KindEntity:
		return 1
	case KindGroup:
		return 2
	case KindQuote:
		return 3
	}
	return 4
}

// MissingItem is an item a revision refers to that its set does not have:
// its ID and the kind of item the reference wants.
type MissingItem struct {
	ID   string
	Kind Kind
}

// MissingReferences returns the items rev's body refers to that kindOf does
// not know (ok false), each once, in the order rev refers to them. An
// import that restores a set uses it: a set whose item refers to a deleted
// item (flagged for review) is exported with that reference alone, and is
// restored with a tombstone for the item (NewRevision with parent "" and
// deleted), which CheckReferences then accepts. The body must decode.
func MissingReferences(rev Revision, kindOf func(item string) (Kind, bool)) ([]MissingItem, error) {
	if rev.Deleted {
		return nil, nil
	}
	refs, err := rev.references()
	if err != nil {
		return nil, err
	}
	var out []MissingItem
	for _, r := range refs {
		if _, ok := kindOf(r.id); ok {
			continue
		}
		m := MissingItem{ID: r.id, Kind: r.want()}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// ReferredItems returns the items rev's body refers to (a quote's speaker,
// a group's members, a stance's holder, target and quote evidence), each
// once, in the order it refers to them; none for a deletion. The body must
// decode.
func (rev Revision) ReferredItems() ([]string, error) {
	if rev.Deleted {
		return nil, nil
	}
	refs, err := rev.references()
	var out []string
	for _, r := range refs {
		if !slices.Contains(out, r.id) {
			out = append(out, r.id)
		}
	}
	return out, err
}

// references decodes rev's body and returns what it refers to.
func (rev Revision) references() ([]reference, error) {
	switch rev.Kind {
	case KindQuote:
		q, err := rev.Quote()
		return q.references(), err
	case KindStance:
		s, err := rev.Stance()
		return s.references(), err
	case KindGroup:
		g, err := rev.Group()
		return g.references(), err
	}
	return nil, nil
}

// refProblem says what is wrong with reference r in a set whose items'
// winning revisions are heads, or "" when r points at a live item of the
// right kind: a sentence for the annotator, naming the item by name (a
// mention by its text, see SetState.itemName) and saying what to do.
func refProblem(r reference, heads map[string]Revision, name func(id string, k Kind) string) string {
	h, ok := heads[r.id]
	role := fieldRole(r.field)
	switch {
	case !ok:
		return fmt.Sprintf("%s is %s this annotation set does not have (not synced yet, or never made): choose it again", role, r.want().aNoun())
	case h.Kind != r.want():
		return fmt.Sprintf("%s must be %s, but it is %s: choose it again", role, r.want().aNoun(), name(r.id, h.Kind))
	case h.Deleted:
		return fmt.Sprintf("%s, %s, was deleted (perhaps on another device): choose another, or undo the deletion", role, name(r.id, h.Kind))
	}
	return ""
}

// fieldRole names the field of a reference for a sentence: "speaker" gives
// "The speaker", "members[1]" gives "Member 2", "evidence[0]" gives
// "Evidence 1".
func fieldRole(field string) string {
	base, index, found := strings.Cut(strings.TrimSuffix(field, "]"), "[")
	if found {
		n, err := strconv.Atoi(index)
		if err == nil {
			base = strings.TrimSuffix(base, "s")
			return strings.ToUpper(base[:1]) + base[1:] + " " + strconv.Itoa(n+1)
		}
	}
	return "The " + strings.ReplaceAll(field, "_", " ")
}
