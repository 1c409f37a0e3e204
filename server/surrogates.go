package server

// loneSurrogate returns the byte offset in the JSON text b of the first
// \uXXXX escape that is half of a UTF-16 surrogate pair without its other
// half (a high one not followed by a low one, or a low one alone), -1
// when there is none. encoding/json decodes such an escape as U+FFFD, so a
// text sent with one would be stored changed, silently: the API refuses it
// instead. Every backslash of valid JSON starts an escape inside a string,
// so reading escape by escape needs no JSON parsing.
func loneSurrogate(b []byte) int {
	high := -1 // the offset of a high surrogate waiting for its low one
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			if high >= 0 {
				return high
			}
			continue
		}
		u, ok := hex4(b, i+2)
		if b[i+1] != 'u' || !ok {
			if high >= 0 {
				return high
			}
			i++ // the escaped character, a backslash perhaps
			continue
		}
		switch {
		case u >= 0xD800 && u < 0xDC00:
			if high >= 0 {
				return high
			}
			high = i
		case u >= 0xDC00 && u < 0xE000:
			if high < 0 {
				return i
			}
			high = -1
		default:
			if high >= 0 {
				return high
			}
		}
		i += 5
	}
	return high
}

// hex4 reads the four hexadecimal digits of b at i.
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
