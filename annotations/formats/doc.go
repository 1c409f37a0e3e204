// Package formats writes annotation sets in the formats that model training
// uses (native JSONL, doccano, spaCy, CoNLL-2003, Hugging Face, brat, W3C Web
// Annotation, SemEval-style stance rows, PARC-style quotes, Label Studio,
// Prodigy) and reads the ones users bring back (native JSONL, doccano,
// brat, Label Studio, Prodigy). It is pure: it reads
// and writes streams given to it, and is compiled for the server, the
// command line and the browser alike. Every offset is in code points of the
// NFC text, as everywhere in Gloss (spaCy's Doc.char_span and brat count
// Python str indices, which are the same code points, as Prodigy's are),
// but doccano's and Label Studio's: their editors are JavaScript and count
// UTF-16 code units (doccano issue 2290), doccano grapheme clusters when its
// project counts them as one character, so Label Studio's format is in
// UTF-16 and doccano's export and import take an OffsetUnit, UTF-16 unless
// told otherwise. Told nothing, an import doubts UTF-16 when the file's
// offsets fit another unit instead: a span that cuts a word (or a
// character) in UTF-16 units, while no span does in grapheme clusters (or
// code points), refuses the file with a message naming that unit, for the
// file would otherwise be stored with every span after the first emoji
// shifted (checkUnit). Texts every unit counts alike say nothing, and
// words are judged only in scripts that space them. An entity that starts or ends inside a grapheme cluster
// cannot be written in clusters: it is left out, as a Problem.
//
// # Examples
//
// Trimmed from testdata/*.golden (the sample article, and a short text with
// an emoji):
//
//	doccano  {"text":"👋🏽 Hi! Rex Tillerson met Sergei Lavrov in Moscow on Wednesday.\n“We talked,” Lavrov said.","label":[[9,22,"PER"],[44,50,"LOC"],[54,57,"MISC"],[78,84,"PER"]],"article_id":"213e…","annotator":"bo b","set_id":"c4cb…"}
//	         (UTF-16: 👋🏽 is 4 units; in code points the label is [[7,20,"PER"],…], in grapheme clusters [[6,19,"PER"],…])
//	spacy    {"text":"👋🏽 Hi! Rex Tillerson met …","spans":[{"start":7,"end":20,"label":"PER"},{"start":42,"end":48,"label":"LOC"},…],"article_id":"213e…",…}
//	conll    -DOCSTART- -X- -X- O
//	         (blank line)
//	         Rex -X- _ B-PER
//	         Tillerson -X- _ I-PER
//	         …
//	         Wed -X- _ B-MISC
//	         nesday -X- _ O
//	hf       {"id":"c4cb…-1","article_id":"213e…","annotator":"bo b","tokens":["Rex","Tillerson","met","Sergei","Lavrov","in","Moscow","on","Wed","nesday","."],
//	          "ner_tags":[1,2,0,0,0,0,5,0,7,0,0]}
//	         labels.json: ["O","B-PER","I-PER","B-ORG","I-ORG","B-LOC","I-LOC","B-MISC","I-MISC"]
//	brat     T4	PER 76 82	Lavrov
//	         T5	Gloss_Quote 64 74	We talked,
//	         A1	Gloss_Direct T5
//	         R1	Gloss_Speaker Arg1:T5 Arg2:T4
//	         T6	Gloss_Cue 83 87	said
//	         R2	Gloss_Cue Arg1:T5 Arg2:T6
//	stance-csv  target,text,stance,holder,holder_kind,text_source,article_id,annotator,stance_id
//	            US-Russia relations,"a low point,",AGAINST,Rex Tillerson,group,evidence,d867…,ana,c423…
//	quotes   {"id":"a7fe…","article_id":"213e…","annotator":"bo b","set_id":"c4cb…","speaker":{"kind":"entity","id":"1538…","text":"Lavrov","start":76,"end":82},
//	          "cue":{"start":83,"end":87,"text":"said"},"content":{"start":64,"end":74,"text":"We talked,"},"direct":true}
//	w3c      {"@context":"http://www.w3.org/ns/anno.jsonld","id":"urn:gloss:export:all","type":"AnnotationCollection","label":"Gloss export",
//	          "first":{"type":"AnnotationPage","startIndex":0,"items":[
//	          {"@context":"http://www.w3.org/ns/anno.jsonld","id":"urn:gloss:set:bd9f…:item:539c…","type":"Annotation","motivation":"tagging","creator":{"type":"Person","nickname":"ana"},
//	           "body":[{"type":"TextualBody","value":"PER","purpose":"tagging"}],
//	           "target":{"type":"SpecificResource","source":"urn:gloss:article:d867…","selector":[
//	             {"type":"TextQuoteSelector","exact":"Rex Tillerson","prefix":" on\n\nUS-Russia Tensions Rise as ","suffix":" Talks of \"Low Point\" in Nations"},
//	             {"type":"TextPositionSelector","start":41,"end":54}]}}, …]},"total":25}
//
// # brat
//
// An entity is a T line with its label as brat type: brat reserves every
// character but ASCII letters, digits, '_' and '-', so any other is
// written "_hex_" ("Org.Gov" is "Org_2e_Gov", "Named entity"
// "Named_20_entity"), and the import reads it back. Gloss's own types,
// relations and attributes are named Gloss_Quote, Gloss_Cue, Gloss_Stance,
// Gloss_Evidence, Gloss_Speaker, Gloss_Holder, Gloss_Target, Gloss_Direct
// and Gloss_Polarity, so that an entity label "Quote" stays one (a label
// "Gloss_…" is written "Gloss_5f_…"); a file of an earlier Gloss, with the
// names unprefixed and none prefixed, is read with the old names. A group
// is "*	Coreference T1 T4"
// with a note "#1	AnnotatorNotes T1	group: <name>" on its first member; a
// quote is a Quote span with a Direct attribute, a Speaker relation to the
// mention and a Cue relation to a Cue span; a stance is a Stance span over
// its first evidence with a Polarity attribute, Holder and Target relations
// (a topic, or the article as holder, is a note "topic: …" or "holder:
// article") and Evidence relations for the rest. A Speaker, Holder or
// Target that is a group is a relation to the group's first mention with a
// note on the relation, "#2	AnnotatorNotes R1	to: group", which the import
// reads back as the group. A span over a line break is written as fragments
// split at the break. A stance with no evidence has nothing to anchor it and
// is left out, as a Problem.
//
// # W3C Web Annotation
//
// Every entity (motivation tagging, body the label), group (identifying,
// body the name, targets the members' IRIs), quote (classifying: body
// "direct quote" or "indirect quote", the speaker as a linking
// SpecificResource, the cue as a describing one with selectors) and stance
// (assessing: body the polarity, the topic as a tagging TextualBody or the
// target item, the holder as linking; targets its evidence spans, else the
// article) is an Annotation with id urn:gloss:set:<set>:item:<item> (an
// item ID is unique within its set only, and JSON-LD takes one IRI for one
// node) and its own @context, so that it stands alone. Items are written as they come and total follows
// them: the output is one JSON document whatever its size. w3c_test.go
// checks it against the W3C annotation-model MUST assertions and selector
// definitions.
//
// # Stances and quotes
//
// A stance row's target is the topic, or the entity's text or group's
// name; its text is the evidence texts joined with " … " (text_source
// evidence), or the article's text when there is none (article); holder is
// the holder's text, empty for the article. A quote line's speaker offsets
// are its mention's (a group's: its earliest mention), null when it has
// none.
//
// # Tokens and sentences (conll, hf)
//
// A token is a run of letters, digits and combining marks, with single
// inner apostrophes, hyphens and periods (don't, war-torn, U.S) and commas
// or colons between digits (1,000, 10:30); a final 's or ’s is a token of
// its own; a word with an inner period or in a small abbreviation list (Mr,
// Dr, Gen, Sen, Inc, Jan, vs, …) takes its following period; a Han
// ideograph is a token of its own, and a run of other letters ends where
// one starts; an emoji keeps its modifiers and zero-width-joined parts;
// any other character but white space is a token. A sentence ends at a line break, and after . ! ? …
// (with closing quotes or brackets right after it) followed by white space
// and an upper-case letter, a digit or an opening mark, except after a
// one-letter capital (J. Smith); never inside an entity.
//
// Chinese puts no space between words, and Japanese none between the
// kanji and kana of a sentence, so a run of letters would make a sentence
// one token, into which no mention fits. Models trained on Chinese cut it
// an ideograph a token (BERT's basic tokenizer puts each character of the
// CJK Unified Ideographs blocks, their extensions and the compatibility
// blocks in a token of its own), and so does Tokens: each character of
// Unicode's Han script (annotations.IsIdeograph), with a variation selector
// after it, is a token (特 朗 普). Runs of kana, Hangul and other letters
// stay words but end where an ideograph starts (東 京 タワー, G7 峰 会).
// The editor's word boundaries agree (annotations.SpanBoundary: both sides
// of an ideograph are a boundary; inside a kana run no boundary is
// checked, while Tokens keeps the run whole, so a mention cut inside one
// splits a token here, reported). Texts without ideographs are cut as
// before. The same tokens teach the suggestions' tagger (annotations/
// suggest) and make agreement's tokens (annotations/agreement); when they
// changed in December 2026, the server's model format (gloss-model-3) and
// agreement format (3) changed with them, so that kept models and reports
// are made again. A model kept on a device (wasm/learn) reads as before and
// is not wrong, only stale on Chinese: trained on whole runs, in which no
// mention lay, it learnt nearly nothing there, and its weights for other
// text still apply; the device trains it again after its annotator's next
// few mentions, on a done set, and when the team's model, whose ETag
// changed, comes.
//
// Boundary problems are never shifted. An entity boundary inside a token
// splits the token there (Wed, nesday), so the tokens joined with the white
// space between them give the text back and every B-/I- run covers exactly
// its entity's code points. Overlapping or nested entities cannot all be
// IOB2: the longest (then the earliest) is kept. Each such case is a Problem
// (split_token, overlap, space, left_out) that Exporter.Problems lists after
// Close.
//
// hf's labels.json is "O", then "B-" and "I-" of each entity label of
// Options.SchemaLabels (what the sets' schemas define, by SchemaLabels: a
// server export gives every label of its project's schema, or of its
// sets' own schemas when the project has none, the browser's those of the
// sets it exports, whose schema is the project's when it has one;
// Options.Labels instead when given; the default four when empty):
// CoNLL-2003's four in their order, then the others sorted by name. The ids depend on those labels alone, not on the sets,
// annotators or articles exported, so every export of the same labels gives
// each tag the same id, and a label that no exported mention uses is listed
// all the same. A mention whose label is not among them (a label removed
// from the schema since) gets the next ids, in the order met.
//
// # Parts and zips
//
// Split assigns whole articles to train, dev and test, each by a SHA-256 of
// the seed and its own ID compared with the normalized ratios: the same
// seed puts an article in the same part anywhere, in any export that holds
// it. (Until December 2026 the articles were ordered by that hash and cut
// at the ratios, exact shares whose cuts moved articles between parts when
// the export held more or fewer articles.) A split or
// multi-file export (hf, brat) is a .zip: train.jsonl, dev.jsonl, test.jsonl
// (or .conll, .csv, .jsonld; gloss.* when not split), brat's train/, dev/
// and test/ folders, and labels.json or annotation.conf at the root.
//
// # Label Studio and Prodigy
//
// labelstudio is Label Studio's JSON export: an array of tasks, one an
// article, with data.text and data.article_id, and an annotation per
// annotator whose result lists "labels" regions (from_name "label",
// to_name "text", as the config <Labels name="label" toName="text"> over
// <Text name="text" value="$text"/> of Label Studio's NER template; each
// region's id is the entity's). Label Studio counts value.start and
// value.end in UTF-16 code units, as JavaScript does: 👋🏽 is 2 code points
// and 4 units. completed_by must be one of the importing Label Studio's
// users (an ID, or an object with a member's email), so the export leaves
// it out (Label Studio credits the user who imports) and writes
// "annotator" and "set_id", which Label Studio ignores and Gloss reads
// back. Its import takes each annotation's completed_by as its annotator
// ("user 7" for an ID, the email of an object) unless one is given, which a
// task with several annotations refuses: they would merge into one set. It
// also reads the JSON-MIN export, a row an annotation with the task's data
// flattened into it: "text", each Labels control's regions under its name,
// "annotator" and "annotation_id".
//
// prodigy is the JSONL of Prodigy's db-out: text, tokens {text, start,
// end, id, ws}, spans {id, start, end, text, label, token_start,
// token_end} (token_end inclusive), answer "accept", _annotator_id and
// _session_id (the annotator), meta {article_id, annotator, set_id}, and
// _view_id ner_manual, or spans_manual when spans overlap. Offsets are
// Python's, code points. White space is laid out as spaCy does: one space
// after a token is its ws, any other white space a token of its own (a
// space at an entity's edge too), so Doc(words, spaces) gives the text
// back and each span is exactly its tokens; a token with an entity
// boundary inside is split there (a split_token Problem). _input_hash and
// _task_hash are left for Prodigy to set. Its import reads accepted tasks
// (and tasks with no answer), counts reject and ignore as not read, and
// checks each span's tokens against its offsets and the tokens' texts,
// which catches offsets in another unit.
//
// Both carry entities only, with their IDs: a UUID (Gloss's own export)
// is kept, other IDs (Label Studio's "a1b2", none in Prodigy's own spans)
// are derived from the mention's set and span as doccano's are, so
// importing a file twice adds nothing; a file holding one text twice for
// one annotator is refused.
//
// # Import
//
// Import reads jsonl (the native export; item IDs are kept, so importing a
// file twice gives the same revisions; without an annotator each record
// keeps its own; a reference to an item the record lacks, as the export
// writes a quote whose speaker was deleted after it, restores that item as
// deleted, annotations.MissingReferences, so the set comes back with the
// quote flagged for review), doccano (label or labels triples, or entities
// with start_offset and end_offset; an optional title names the article)
// and brat (a .zip of .txt and .ann pairs in any folders). doccano's
// mentions and brat's items get IDs derived from their set and where they
// are (derivedID: a mention's and a quote's span, a stance's first
// evidence, a group's first member in the text, and its rank among those
// of the file at the same place), so that a file imported again is the
// same items, and a label changed since is a conflict to review, not a
// second mention; brat's own IDs (T1) name an item only within its file,
// and a brat file saved again may number them otherwise. Both need an
// annotator. A file may start with a byte
// order mark. Two records of one article imported as one annotator (a
// doccano or brat file of several annotators) are refused unless
// ImportOptions.Merge: then an entity they share (same label and offsets)
// is stored once. brat's event triggers, discontinuous spans and
// equivalences other than Coreference are not read (counted). What a file holds that Gloss
// has no meaning for is left out but never silently: each record's NotRead
// (and TallyNotRead over a file) counts it by kind with the place of the
// first one. Each record becomes an article, normalized like any other, and
// its revisions; labels beyond the default four add a schema revision, and
// each record names them (Imported.LabelsAdded, TallyAdded over a file),
// so that an import says so: a doccano "PERSON" is a label of its own, not
// PER.
// Offsets are code points of the file's text: where normalization changes
// the text before a span (\r\n, trimmed space, NFC) the offsets are mapped;
// a span whose own text it changes is refused, never shifted. The first
// problem fails the whole import: an *ImportError names its file and line.
//
// # The native record (jsonl)
//
// One annotation set a line. Every offset counts code points of the NFC
// text, end exclusive; every "text" is the article's own text at its
// offsets. Every key is always written: the four lists as [] when empty, a
// quote's "cue" as null when it has none, unused ids and topics as "".
//
//   - groups: one real-world entity's mentions under a canonical "name";
//     "members" are ids in "entities" (members since deleted are left out).
//   - quotes (after PARC 3.0: content, source, cue): "speaker.kind" is
//     "entity" (a mention; "text" is its text) or "group" ("text" is the
//     group's name); "direct" is true for a quote in quotation marks.
//   - stances (after SemEval-2016 Task 6): "holder.kind" is "entity",
//     "group", "quote_speaker" ("id" is the quote's, "text" its speaker's) or
//     "article" (no "id", empty "text"); "target.kind" is "entity", "group"
//     or "topic" (free text, in "topic" and "text"); "polarity" is one of the
//     set's schema (FAVOR, AGAINST, NONE by default); "evidence" lists quotes
//     ("kind" "quote", with the quote's offsets) and spans ("kind" "span").
//   - A reference to an item deleted since (say, on another device) keeps
//     its "kind" and "id" with an empty "text"; the editor flags the
//     referring item for review.
//
// # What imports read
//
// jsonl is the native export (item IDs are kept, so importing a file twice
// stores nothing the second time); doccano; brat (a .zip of .txt/.ann
// pairs); labelstudio (its JSON or JSON-MIN export; each annotation's
// completed_by is its annotator); prodigy (accepted tasks; each
// _annotator_id is its annotator; reject and ignore are not read). doccano
// and brat need the annotator named (annotator=, --annotator). What a file
// holds that Gloss has no meaning for (other brat relations, events and
// their triggers, discontinuous spans, equivalences but Coreference,
// attributes, notes; doccano relations and categories) is left out and
// counted in not_read, never silently. A file holding one article twice
// (several annotators' sets) imported as one annotator is refused unless
// merge=true (--merge), which stores what they share once. Importing a set
// back into the server it came from adds no conflict. The first problem
// fails the whole import, naming its file and line, and nothing is stored.
package formats
