//go:build !js

package normform

import "golang.org/x/text/unicode/norm"

// normalize returns s in form f, by x/text's tables.
func (f Form) normalize(s string) string {
	return [...]norm.Form{NFC: norm.NFC, NFD: norm.NFD, NFKC: norm.NFKC, NFKD: norm.NFKD}[f].String(s)
}
