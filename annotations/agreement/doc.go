// Package agreement measures inter-annotator agreement on Gloss's
// annotation sets: entities, quotes and stances. It is pure (no I/O, the
// standard library and the annotations packages only) and compiles for the
// server and the browser alike.
//
// # Units
//
// Compute takes a project's articles, each with the sets of the
// annotators who marked it done; an article enters only where at least two
// did. It counts:
//
//   - tokens, for κ and α: the tokens the CoNLL export cuts
//     (formats.Tokens), split where any annotator's entity starts or ends
//     inside one; each annotator gives each token the label of the
//     innermost entity covering it, or "O" (TokenLabels);
//   - character spans, for span F1 and α_U: each mention's (start, end,
//     label) in code points of the NFC text, as every Gloss offset;
//   - matched items: two quotes match when their contents' Jaccard index in
//     code points is at least 0.5 (MinQuoteJaccard); two stances when their
//     holders and targets are the same (MatchStances). An item only one
//     annotator has counts against the items' F1, not against the
//     agreement on its attributes.
//
// # Measures
//
//   - Span F1, exact (SpanF1Exact): per pair, a span matches a span of the
//     other annotator with the same start, end and label; F1 = 2·matched /
//     (spans of A + spans of B), symmetric. Overlap F1 (SpanF1Overlap): a
//     span matches one of the same label that it overlaps, each used once,
//     best overlap first. Unit: spans. 1 is full agreement, 0 none; F1 is
//     not corrected for chance.
//   - Cohen's κ (CohensKappa), per pair on tokens: (p_o − p_e) / (1 − p_e),
//     chance p_e from each annotator's own label distribution. Unit:
//     tokens. 1 is full agreement, 0 what chance gives, below 0 worse.
//   - Fleiss' κ (FleissKappa), over all annotators on tokens, which it
//     needs rated by the same number of annotators: over a project, only
//     the articles marked done by the most annotators count, the others'
//     tokens are counted in Dropped. Unit: tokens.
//   - Krippendorff's α, nominal (KrippendorffAlpha), over all annotators on
//     tokens, missing values allowed, from the coincidence matrix: 1 −
//     D_o/D_e. Also on a matched quote's direct/indirect and speaker, and a
//     matched stance's polarity (one unit per matched pair). Unit: pairable
//     units (tokens, matched pairs).
//   - Krippendorff's unitizing α_U (UnitizingAlpha), per label and joint,
//     on the code points of the articles laid end to end: agreement on
//     where mentions begin and end and how they are labelled, from the
//     lengths of the segments' overlaps and gaps (Krippendorff 2004,
//     Quality & Quantity 38; see UnitizingAlpha for the formulas). Over a
//     project, like Fleiss' κ, only the articles marked done by the most
//     annotators count. Unit: articles (continua), lengths in code points.
//
// # Updating
//
// A report is the sum of what each article adds to it: Tally counts one
// article's sets (the costly part: tokens, matching, disagreements), and
// Combine adds the tallies up into the report Compute would give. A server
// keeps each article's tally and tallies again only the articles whose sets
// changed.
//
// A confusion matrix of token labels per pair (rows the first annotator's,
// columns the second's) shows which labels annotators confuse.
//
// # Reading the figures
//
// Every figure comes with its number of units; one on few units says
// little. A figure that cannot be computed (no units, a single category so
// that chance agreement is 1, nothing pairable) is undefined: NaN, null in
// JSON, with the reason in Undefined, never a fake 1.
//
// The usual readings are conventions, not properties of the measures. For
// κ, Landis & Koch (1977): below 0 poor, 0–0.20 slight, 0.21–0.40 fair,
// 0.41–0.60 moderate, 0.61–0.80 substantial, 0.81–1 almost perfect. For
// Krippendorff's α and α_U, Krippendorff (2004): α ≥ 0.800 reliable,
// 0.667 ≤ α < 0.800 for tentative conclusions only, below that not
// reliable. κ and α on tokens are dominated by the many "O" tokens; span
// F1 and α_U look at the mentions themselves.
package agreement
