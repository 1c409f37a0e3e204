// Package suggest proposes annotations the annotator has not made yet, on
// the device and offline (issue 15): it is pure Go (the standard library
// and annotations only), so the browser runs it as the server does.
//
// A Suggestion is shown apart from the annotations (an outline) and is
// never synced or exported; accepting one makes an ordinary revision, and
// a rejected one is remembered by its Key so that it does not come back.
//
// # Same string
//
// After "Rex Tillerson" is tagged PER, its other occurrences are proposed
// (SameString): in the same article, and in the next ones through a
// Gazetteer of the strings the annotator has tagged. An occurrence is
// proposed when it is a whole word or words (annotations.SpanBoundary: not
// inside a longer word, "Tillersons" is not "Tillerson"), matches the
// tagged text exactly, case included ("Apple" proposes neither "apple" nor
// "APPLE": case tells a company from a fruit more often than it misleads),
// and overlaps no mention of the set. A longer string wins over a shorter
// one inside it ("Rex Tillerson" over "Tillerson"). A string tagged with
// several labels proposes the one it was tagged with most (ties: the
// first label in alphabetical order), with that label's share of its
// taggings as the confidence.
//
// # Quotes
//
// Text in quotation marks (annotations.QuotedSpans: straight, curly,
// German, guillemets, CJK brackets) is proposed as a direct quote (Quotes)
// when a cue word stands in its sentence (after the closing mark first:
// "…," X said; else before the opening one: X said: "…"; "according to X"
// is a cue too), and a mention that can speak (PER by default) stands
// there too, on the cue's side: the nearest to the cue is the speaker, or
// its group when it is in one. DefaultCues lists cue words in English,
// German, French, Spanish, Italian and Portuguese; a project edits its
// own. The confidence says whether the speaker stands next to the cue.
//
// # A learned tagger
//
// Tagger is an averaged perceptron over BIO tags of the tokens the CoNLL
// export cuts, with the usual features (the word, lower-cased, its shape,
// prefixes and suffixes up to 3, the neighbours' words and shapes, the
// previous tag, a sentence's start, and the project's gazetteer: the
// label of the tagged string a token is part of, which training sees on
// half its passes only, so that names outside the gazetteer are learnt
// from their contexts), hashed into 2^20 buckets; only the
// weights training touched are kept, 8 bytes each in its binary form
// (MarshalBinary). Train is deterministic for the same examples and seed. Its tests train it on synthetic articles and ask it
// for mentions of names it never saw (precision and recall of PER and LOC
// 0.91/0.93 and 0.87/1.00 today; the recall of organizations 0.49, 0.73
// with a gazetteer that has them). Issue 15 runs it in a Web Worker and
// measures it on a corpus of news articles; neither is built yet.
package suggest
