package server

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/normform"
)

// CheckNewLogin reports whether login may be a new account's, as it is
// stored (annotations.NormalizeLogin): annotations.ValidateNewLogin's
// rules, lookalikeLogin's, and not annotations.GoldAnnotator, which names
// the gold sets, nor api.MajorityAnnotator, the majority votes of exports.
// NewAccount checks its login with it.
func CheckNewLogin(login string) error {
	if err := annotations.ValidateNewLogin(login); err != nil {
		return err
	}
	if err := lookalikeLogin(login); err != nil {
		return err
	}
	switch login {
	case annotations.GoldAnnotator:
		return api.Errorf(api.CodeInvalid, "the login %q is reserved: it names the curators' gold sets, so no account may take it as its annotator name; choose another", login)
	case api.MajorityAnnotator:
		return api.Errorf(api.CodeInvalid, "the login %q is reserved: it names the majority votes of exports, so no account may take it as its annotator name; choose another", login)
	}
	return nil
}

// LoginFromName derives a login from a free-form annotator name, as the
// names before accounts were (the SQLite store's migration 6 makes an
// account of each): compatibility forms folded (NFKC: fullwidth "ＡＮＮ"
// is ann), a comma or slash made a space, invisible characters dropped, a
// letter that reads as an ASCII one made that one (a dotless ı is i), in
// lower case on one line (annotations.NormalizeLogin), and cut to
// annotations.MaxAnnotatorRunes. What it returns passes CheckNewLogin but
// may be annotations.GoldAnnotator, which the caller numbers as it would a
// taken login; it is "" when nothing passes: nothing is left, or the name
// mixes scripts (lookalikeLogin), which no rule can tell apart.
func LoginFromName(name string) string {
	s := name
	// Lower case after NFKC may have compatibility forms again: fold until
	// nothing changes (twice for any name met so far).
	for range 4 {
		prev := s
		s = strings.Map(func(r rune) rune {
			switch {
			case r == ',' || r == '/':
				return ' '
			case invisible(r):
				return -1
			case r > unicode.MaxASCII && unicode.ToLower(unicode.ToUpper(r)) <= unicode.MaxASCII:
				return unicode.ToLower(unicode.ToUpper(r))
			}
			return r
		}, normform.NFKC.String(s))
		s = annotations.NormalizeLogin(s)
		if s == prev {
			break
		}
	}
	if r := []rune(s); len(r) > annotations.MaxAnnotatorRunes {
		s = strings.TrimSpace(string(r[:annotations.MaxAnnotatorRunes]))
	}
	if s == "" || annotations.ValidateNewLogin(s) != nil || lookalikeLogin(s) != nil {
		return ""
	}
	return s
}

// invisible reports whether r is a character that shows nothing
// (lookalikeLogin's first rule): a format character, a variation
// selector or another default-ignorable one.
func invisible(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}

// lookalikeLogin refuses a new login (NewAccount) made to look like
// another: one with an invisible character (a zero-width space, a
// variation selector), a letter that reads as an ASCII one it is not (a
// dotless ı), or letters of scripts no language writes together (a
// Cyrillic о among Latin letters: "gоld" is not gold). A login wholly in
// one script that looks like a Latin one ("соре") passes: telling those
// needs Unicode's confusables data. The rule is the server's alone, where
// accounts are made: the app checks logins with annotations.ValidateLogin,
// and a rule added to annotations moves app.wasm's layout, and its Brotli
// size, by kilobytes even where the app never calls it (go doc ./app).
func lookalikeLogin(login string) error {
	for _, r := range login {
		switch {
		case invisible(r):
			return &annotations.ValidationError{Field: "login", Message: fmt.Sprintf("%q has an invisible character (%U), so it would look like another login: type it without", login, r)}
		case r > unicode.MaxASCII && unicode.ToLower(unicode.ToUpper(r)) <= unicode.MaxASCII:
			plain := unicode.ToLower(unicode.ToUpper(r))
			return &annotations.ValidationError{Field: "login", Message: fmt.Sprintf("%q has %q, which reads as %q, so it would look like another login: type %q", login, r, plain, plain)}
		}
	}
	if scripts := loginScripts(login); len(scripts) > 1 {
		return &annotations.ValidationError{Field: "login", Message: fmt.Sprintf("%q mixes the scripts %s, as a login made to look like another does (a Cyrillic о in gold): write it in one", login, strings.Join(scripts, " and "))}
	}
	return nil
}

// loginScripts returns the names of the scripts of login's letters that
// do not go together: a login in one script, or in scripts a language
// writes together (Japanese: Han, Hiragana and Katakana; Chinese: Han and
// Bopomofo; Korean: Han and Hangul; any of them with Latin), gives one or
// none. Digits, spaces and marks belong to no script here.
func loginScripts(login string) []string {
	// The scripts of the letters that pass for Latin ones, and those
	// written together with Han.
	names := []string{"Latin", "Greek", "Cyrillic", "Armenian", "Cherokee", "Han", "Hiragana", "Katakana", "Bopomofo", "Hangul"}
	var found []string
	for _, r := range login {
		for _, name := range names {
			if unicode.Is(unicode.Scripts[name], r) && !slices.Contains(found, name) {
				found = append(found, name)
			}
		}
	}
	for _, together := range [][]string{
		{"Latin", "Han", "Hiragana", "Katakana"},
		{"Latin", "Han", "Bopomofo"},
		{"Latin", "Han", "Hangul"},
	} {
		if len(found) > 1 && !slices.ContainsFunc(found, func(n string) bool { return !slices.Contains(together, n) }) {
			return nil
		}
	}
	return found
}
