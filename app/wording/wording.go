// Package wording writes the numbers of the English the client shows: the
// app's pages and the team pages the export module renders (app/teamview)
// count things the same way. It imports nothing but strconv.
package wording

import "strconv"

// Count writes n, its thousands grouped with commas ("4,665"), and the
// noun, plural (with an s) when n is not 1.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return GroupThousands(n) + " " + noun + "s"
}

// GroupThousands writes n with a comma between each group of three digits.
func GroupThousands(n int) string {
	digits := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	out := make([]byte, 0, len(digits)+len(digits)/3)
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, digits[i])
	}
	return sign + string(out)
}
