package app

import "github.com/gloss-annotate/gloss/app/wording"

// formatCount writes n and the noun (wording.Count).
func formatCount(n int, noun string) string { return wording.Count(n, noun) }
