package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// fileEncoding is what Gloss found of an uploaded file's encoding.
type fileEncoding struct {
	// Label is the WHATWG label the text was decoded with.
	Label string
	// How says how it was found, for the user: "its byte order mark",
	// "valid UTF-8", "declared in the page", "guessed, 62% sure", or
	// "picked by you".
	How string
	// Sure is true for a byte order mark and for plain UTF-8, which need
	// no confirmation.
	Sure bool
	// Guesses are the detector's other candidates (labels), likeliest
	// first, offered with annotations.CommonEncodings.
	Guesses []string
}

// Plain reports whether the file is UTF-8 without a byte order mark: the
// usual case, added without a question.
func (e fileEncoding) Plain() bool {
	return e.Label == annotations.EncodingUTF8 && e.How == "valid UTF-8"
}

// readFileBytes reads a File as a Uint8Array.
func readFileBytes(file app.Value) (app.Value, error) {
	buf, err := awaitPromise(file.Call("arrayBuffer"))
	if err != nil {
		return nil, err
	}
	return app.Window().Get("Uint8Array").New(buf), nil
}

// detectFileEncoding finds the encoding of a file's bytes: from a byte
// order mark or valid UTF-8 (annotations.SniffEncoding, a few bytes of
// wasm), else from what an HTML page declares or with the charset
// detector of the export module, which is
// loaded on demand and cached for offline use, so that its tables stay out
// of app.wasm. A binary file (an image named page.html) is
// annotations.ErrNotText, before anything is loaded. It blocks: call it
// inside ctx.Async.
func detectFileEncoding(bytes app.Value, isHTML bool) (fileEncoding, error) {
	b := make([]byte, bytes.Get("length").Int())
	app.CopyBytesToGo(b, bytes)
	switch s := annotations.SniffEncoding(b); {
	case s.Binary:
		return fileEncoding{}, annotations.ErrNotText
	case s.BOM:
		return fileEncoding{Label: s.Encoding, How: "its byte order mark", Sure: true}, nil
	case s.Encoding == annotations.EncodingUTF8:
		return fileEncoding{Label: s.Encoding, How: "valid UTF-8", Sure: true}, nil
	case s.Encoding != "": // UTF-16 without a byte order mark
		return fileEncoding{Label: s.Encoding, How: "guessed from its bytes"}, nil
	}
	if _, err := loadExportModule(); err != nil {
		return fileEncoding{}, fmt.Errorf("the file is not UTF-8, and its encoding could not be detected (%v): pick it below", err)
	}
	out, err := detectWithExportModule(bytes, isHTML)
	if err != nil {
		return fileEncoding{}, err
	}
	var results []struct {
		Charset    string
		Confidence int
		Declared   bool // by an HTML page itself
	}
	if err := json.Unmarshal([]byte(out.String()), &results); err != nil {
		return fileEncoding{}, errors.New("the encoding detector's answer is not readable: " + err.Error())
	}
	var enc fileEncoding
	for _, r := range results {
		label, ok := annotations.DecoderLabel(r.Charset)
		if !ok || label == annotations.EncodingUTF8 {
			continue // UTF-8 is ruled out: the bytes are not valid UTF-8
		}
		if r.Declared { // a page's word, a WHATWG name (htmltext.DeclaredCharset)
			enc.Label, enc.How = label, "declared in the page"
		} else if enc.Label == "" {
			enc.Label, enc.How = label, fmt.Sprintf("guessed from its bytes, %d%% sure", r.Confidence)
		} else if !slices.Contains(enc.Guesses, label) {
			enc.Guesses = append(enc.Guesses, label)
		}
	}
	if enc.Label == "" {
		enc.Label, enc.How = "windows-1252", "not recognized: Windows-1252 is the commonest"
	}
	return enc, nil
}

// detectWithExportModule calls the loaded export module's charset detector
// (glossDetectEncoding, wasm/export/detect.go); a JavaScript exception
// becomes an error.
func detectWithExportModule(bytes app.Value, isHTML bool) (out app.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the encoding detector failed: %v", r)
		}
	}()
	detect := app.Window().Get("glossDetectEncoding")
	if !detect.Truthy() {
		return nil, errors.New("the export module has no encoding detector: reload the page")
	}
	return detect.Invoke(bytes, isHTML), nil
}

// decodeBytes decodes bytes in the encoding label with the browser's
// TextDecoder, which knows every WHATWG encoding at no cost to app.wasm. A
// byte order mark is dropped; bytes that are not text in that encoding
// become U+FFFD, which the form counts and reports.
func decodeBytes(bytes app.Value, label string) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("this browser cannot decode %s", annotations.EncodingName(label))
		}
	}()
	return app.Window().Get("TextDecoder").New(label).Call("decode", bytes).String(), nil
}
