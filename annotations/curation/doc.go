// Package curation settles the annotators' sets of an article into its gold
// set (annotations.GoldAnnotator's): it compares them (Compare), merges what
// they agree on (Merge), takes one annotator's version of a difference
// (Accept) or none (Reject), and votes a set by majority where no curator has
// (Majority). It is pure (the standard library, uuid and annotations only)
// and compiles for the browser, where curation runs offline; what it returns
// are revisions of the gold set, which sync like any others.
//
// # Candidates
//
// Compare groups the items of the annotators' sets into candidates, each
// with the distinct versions of it that the annotators, and gold, have:
//
//   - a mention: its exact span; a version is its label, so a label that
//     annotators dispute is one difference, and accepting a label changes
//     gold's mention at that span;
//   - a quote: its content's exact span; a version is its cue's span, its
//     speaker (a mention of the same span, or a group of the same
//     members) and whether it is direct;
//   - a stance: its holder and target (the article, a mention or group as
//     above, the speaker of the quote of a content span, a topic's exact
//     text); a version is its polarity and evidence (quotes by content
//     span, spans);
//   - a group: the spans of its members; a version is its name.
//
// Items are compared by these keys, never by ID: each set has its own IDs.
// An item that refers to an item its set does not have live (one flagged
// for review) is left out.
//
// # Agreement
//
// A version is agreed when every annotator compared has it or, with
// Options.Majority, more than half of them (2 of 3, 3 of 4, both of 2). A
// candidate with an agreed version is "agreed" when gold has nothing of it
// yet and never had the item Merge makes of it; Merge puts it into gold. A
// candidate every annotator has in one version that gold has too is settled
// and not listed. Every other candidate is a difference: annotators who
// disagree, a majority with dissent once merged, an agreed item the curator
// removed or changed in gold.
//
// # Gold items and references
//
// An item Merge (or Accept, where gold has nothing of the candidate) makes
// has an ID derived from the gold set's ID and the version's key, so that
// two curators' devices merging the same agreement make the same revisions:
// replaying them changes nothing and makes no duplicates. Accept changes
// gold's item of the candidate in place, so that what refers to it still
// does. The items a version refers to (a quote's speaker, a stance's holder,
// target and evidence, a group's members) are carried over: each is mapped
// to gold's item of the same key, or made in gold first, in the same list of
// revisions (in annotations.ReferenceOrder). Reject deletes gold's items of
// the candidate and records the rejection (a deletion of the item Merge would
// make), so that no later Merge brings it back.
package curation
