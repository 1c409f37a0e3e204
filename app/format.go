package app

import "strconv"

// formatCount writes n and the noun, plural when n is not 1.
func formatCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
