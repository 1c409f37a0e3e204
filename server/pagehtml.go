package server

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"
)

// booleanAttributes are HTML's boolean attributes: present means true,
// whatever the value, so a false one must not be written at all.
var booleanAttributes = map[string]bool{
	"allowfullscreen": true, "async": true, "autofocus": true, "autoplay": true, "checked": true,
	"controls": true, "default": true, "defer": true, "disabled": true, "formnovalidate": true,
	"hidden": true, "inert": true, "ismap": true, "itemscope": true, "loop": true, "multiple": true,
	"muted": true, "nomodule": true, "novalidate": true, "open": true, "playsinline": true,
	"readonly": true, "required": true, "reversed": true, "selected": true,
}

// correctHTML rewrites the start tags of a page go-app v10 rendered on the
// server as HTML: go-app writes an attribute's value as a Go string
// literal (strconv.Quote: `title="a \"b\""`, which HTML reads as `a \`),
// writes false booleans (`hidden="false"`, which HTML reads as hidden),
// and writes a value "true" as a bare name (`aria-pressed`, which ARIA
// reads as no value). Each value is read back from its Go literal and
// written HTML-escaped; a boolean attribute is written bare when true and
// left out when false; a bare aria-* attribute gets its "true" back.
// go-app escapes text (html.EscapeString), so every "<" in page starts a
// tag, a comment or the doctype. Markup the app gives go-app as raw HTML
// must quote its attribute values with no backslash and no character
// reference, as Gloss's does.
func correctHTML(page []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(page) + len(page)/32)
	for i := 0; ; {
		j := bytes.IndexByte(page[i:], '<')
		if j < 0 {
			out.Write(page[i:])
			return out.Bytes(), nil
		}
		out.Write(page[i : i+j])
		i += j
		if i+1 < len(page) && (page[i+1] == '!' || page[i+1] == '/') { // doctype, comment, end tag
			k := bytes.IndexByte(page[i:], '>')
			if k < 0 {
				return nil, fmt.Errorf("byte %d: a tag that does not end", i)
			}
			out.Write(page[i : i+k+1])
			i += k + 1
			continue
		}
		k := i + 1
		for k < len(page) && isTagNameByte(page[k]) {
			k++
		}
		if k == i+1 {
			return nil, fmt.Errorf("byte %d: a < that starts no tag", i)
		}
		out.Write(page[i:k])
		next, err := correctAttributes(&out, page, k)
		if err != nil {
			return nil, err
		}
		i = next
	}
}

// correctAttributes writes the attributes of the start tag whose name ends
// at page[i], and its ">", as correctHTML says; it returns where the tag
// ends.
func correctAttributes(out *bytes.Buffer, page []byte, i int) (int, error) {
	for {
		if i >= len(page) {
			return 0, errors.New("a start tag that does not end")
		}
		switch page[i] {
		case '>':
			out.WriteByte('>')
			return i + 1, nil
		case ' ':
			i++
			continue
		}
		k := i
		for k < len(page) && page[k] != '=' && page[k] != ' ' && page[k] != '>' {
			k++
		}
		name := string(page[i:k])
		i = k
		if i < len(page) && page[i] == '=' {
			end, err := quotedEnd(page, i+1)
			if err != nil {
				return 0, fmt.Errorf("attribute %s: %w", name, err)
			}
			value, err := strconv.Unquote(string(page[i+1 : end]))
			if err != nil {
				return 0, fmt.Errorf("attribute %s: %w", name, err)
			}
			i = end
			switch {
			case booleanAttributes[name] && value == "false":
			case booleanAttributes[name]:
				out.WriteString(" " + name)
			default:
				out.WriteString(" " + name + `="` + html.EscapeString(value) + `"`)
			}
			continue
		}
		if strings.HasPrefix(name, "aria-") {
			out.WriteString(" " + name + `="true"`)
		} else {
			out.WriteString(" " + name)
		}
	}
}

// quotedEnd returns the index after the Go string literal (double-quoted)
// that starts at page[i].
func quotedEnd(page []byte, i int) (int, error) {
	if i >= len(page) || page[i] != '"' {
		return 0, errors.New("a value that is not quoted")
	}
	for k := i + 1; k < len(page); k++ {
		switch page[k] {
		case '\\':
			k++
		case '"':
			return k + 1, nil
		}
	}
	return 0, errors.New("a value that does not end")
}

// isTagNameByte reports whether c may be in a tag's name.
func isTagNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-'
}
