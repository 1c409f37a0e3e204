package annotations

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// BoilerplateLine is a line of a text that looks like page furniture rather
// than the article: a share button, a donation appeal, a newsletter prompt.
type BoilerplateLine struct {
	// Line is the line's index in the text split at "\n" (strings.Split).
	Line int
	// Text is the line, trimmed.
	Text string
	// Why says what it looks like, for the user: "share buttons",
	// "donation appeal", ...
	Why string
}

// maxButtonWords is how long a line of buttons or prompts may be: longer,
// it is prose that mentions sharing or subscribing.
const maxButtonWords = 10

// boilerplateRules say which lines are furniture: a line that holds one of
// phrases (lower case) and has at most maxWords words (0: any length), and
// for an appeal, also one of the asks, words that address the reader. A
// line of buttons or prompts that reads as a sentence (isSentence) is
// prose unless it starts with the phrase: "Volunteers shared the figures
// on WhatsApp." and "He declined to make further comments." are news,
// "Sign up for our newsletter." is not.
var boilerplateRules = []struct {
	why      string
	phrases  []string
	asks     []string
	maxWords int
}{
	{why: "share buttons", maxWords: maxButtonWords, phrases: []string{
		"share this", "share on facebook", "share on twitter", "share on x", "share via",
		"tweet this", "email this", "print this", "copy link", "share article",
		"facebook twitter", "whatsapp",
	}},
	{why: "sign-up prompt", maxWords: maxButtonWords, phrases: []string{
		"subscribe", "sign up", "newsletter", "follow us", "log in", "register to",
	}},
	{why: "page furniture", maxWords: maxButtonWords, phrases: []string{
		"advertisement", "read more", "related articles", "related stories", "more stories",
		"click here", "all rights reserved", "skip to content", "recommended for you", "comments",
	}},
	{why: "donation appeal", phrases: []string{
		"donation", "donate", "your support", "our readers", "support our", "support independent",
		"chip in", "become a member", "make a gift", "every gift",
	}, asks: []string{"please", " you", "we need", "we depend", "depend on"}},
}

// Boilerplate returns the lines of text that look like page furniture left
// by copying a web page: share buttons, sign-up prompts, donation appeals
// and the like, in order. It only proposes: the user sees them and decides
// (RemoveLines), since a news story may quote such a line.
func Boilerplate(text string) []BoilerplateLine {
	var out []BoilerplateLine
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		lower := " " + strings.ToLower(line)
		words := len(strings.FieldsFunc(line, func(r rune) bool { return unicode.IsSpace(r) || r == '—' || r == '|' }))
		sentence := isSentence(line, words)
		for _, rule := range boilerplateRules {
			if rule.maxWords > 0 && (words > rule.maxWords || sentence && !startsWithAnyOf(lower[1:], rule.phrases)) {
				continue
			}
			if containsAnyOf(lower, rule.phrases) && (rule.asks == nil || containsAnyOf(lower, rule.asks)) {
				out = append(out, BoilerplateLine{Line: i, Text: line, Why: rule.why})
				break
			}
		}
	}
	return out
}

// DropBoilerplate returns text without the lines Boilerplate finds: for an
// HTML import, where the page's own markup already told the article from
// its furniture and no one is asked.
func DropBoilerplate(text string) string {
	var drop []int
	for _, b := range Boilerplate(text) {
		drop = append(drop, b.Line)
	}
	return RemoveLines(text, drop)
}

// RemoveLines returns text without the lines (indexes in the text split at
// "\n") in drop, and without the blank lines that removing them leaves in
// a row (at most one blank line stays between paragraphs).
func RemoveLines(text string, drop []int) string {
	if len(drop) == 0 {
		return text
	}
	gone := make(map[int]bool, len(drop))
	for _, i := range drop {
		gone[i] = true
	}
	lines := strings.Split(text, "\n")
	kept := make([]string, 0, len(lines))
	for i, line := range lines {
		if gone[i] {
			continue
		}
		if strings.TrimSpace(line) == "" && len(kept) > 0 && strings.TrimSpace(kept[len(kept)-1]) == "" {
			continue // a second blank line in a row
		}
		kept = append(kept, line)
	}
	return strings.TrimSpace(strings.Join(kept, "\n"))
}

func containsAnyOf(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func startsWithAnyOf(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// isSentence reports whether line, of words words, reads as a sentence:
// four words or more, ending in a full stop, an exclamation or question
// mark or an ellipsis (a closing quotation mark or bracket after it aside).
func isSentence(line string, words int) bool {
	end := strings.TrimRightFunc(line, func(r rune) bool {
		return strings.ContainsRune(`"')]”’»`, r) || unicode.IsSpace(r)
	})
	return words >= 4 && strings.ContainsAny(lastRune(end), ".!?…")
}

// lastRune returns the last rune of s as a string, "" when s is empty.
func lastRune(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[i:]
		}
	}
	return ""
}
