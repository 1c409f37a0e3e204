package app

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// articleTextID is the id of the element whose textContent is exactly the
// article's text.
const articleTextID = "article-text"

// domSelection returns the document's selection as code point offsets in
// the article's text, or ok=false when nothing in the article is selected.
// The DOM counts UTF-16 units inside text nodes; each paragraph element
// carries its code point start (data-start) and index (data-index), so the
// conversion runs over one paragraph's text, not the article's.
func domSelection(paras []annotations.Paragraph) (start, end int, ok bool) {
	doc := app.Window().Get("document")
	sel := app.Window().Call("getSelection")
	if !sel.Truthy() || sel.Get("rangeCount").Int() == 0 || sel.Get("isCollapsed").Bool() {
		return 0, 0, false
	}
	container := doc.Call("getElementById", articleTextID)
	if !container.Truthy() {
		return 0, 0, false
	}
	r := sel.Call("getRangeAt", 0)
	if !r.Call("intersectsNode", container).Bool() {
		return 0, 0, false
	}
	total := 0
	if n := len(paras); n > 0 {
		total = paras[n-1].End
	}
	start = pointOffset(doc, container, paras, total, r.Get("startContainer"), r.Get("startOffset").Int())
	end = pointOffset(doc, container, paras, total, r.Get("endContainer"), r.Get("endOffset").Int())
	return start, end, start < end
}

// pointOffset converts a DOM boundary point (node, offset) to a code point
// offset in the article.
func pointOffset(doc, container app.Value, paras []annotations.Paragraph, total int, node app.Value, offset int) int {
	if !container.Call("contains", node).Bool() {
		// Outside the article: before it or after it.
		const precedingNode = 2
		if container.Call("compareDocumentPosition", node).Int()&precedingNode != 0 {
			return 0
		}
		return total
	}
	if node.Equal(container) {
		children := container.Get("children")
		if offset < children.Length() {
			return paragraphStart(children.Index(offset), paras, total)
		}
		return total
	}
	el := node
	if node.Get("nodeType").Int() != 1 { // a text node
		el = node.Get("parentElement")
	}
	para := el.Call("closest", "[data-index]")
	if !para.Truthy() {
		return total
	}
	i, err := strconv.Atoi(para.Get("dataset").Get("index").String())
	if err != nil || i < 0 || i >= len(paras) {
		return total
	}
	prefix := doc.Call("createRange")
	prefix.Call("setStart", para, 0)
	prefix.Call("setEnd", node, offset)
	u16 := annotations.UTF16Len(prefix.Call("toString").String())
	return paras[i].Start + annotations.UTF16ToCodePoint(paras[i].Text, u16)
}

func paragraphStart(el app.Value, paras []annotations.Paragraph, total int) int {
	i, err := strconv.Atoi(el.Get("dataset").Get("index").String())
	if err != nil || i < 0 || i >= len(paras) {
		return total
	}
	return paras[i].Start
}

// clearDOMSelection empties the document's selection.
func clearDOMSelection() {
	if sel := app.Window().Call("getSelection"); sel.Truthy() {
		sel.Call("removeAllRanges")
	}
}

// moveDOMSelection moves the caret, or extends the selection (extend),
// as key says: ← → by a character, ↑ ↓ by a line, Home and End to the
// line's start or end; "word" before ← or → by a word. It uses the
// browser's Selection.modify, which works on text that is not editable.
// With no selection in the article, it starts a caret at its top. A caret
// moved out of sight is scrolled into view.
func moveDOMSelection(extend bool, key string) {
	doc := app.Window().Get("document")
	sel := app.Window().Call("getSelection")
	container := doc.Call("getElementById", articleTextID)
	if !sel.Truthy() || !container.Truthy() {
		return
	}
	if sel.Get("rangeCount").Int() == 0 || !container.Call("contains", sel.Get("anchorNode")).Bool() {
		r := doc.Call("createRange")
		r.Call("setStart", container, 0)
		r.Call("collapse", true)
		sel.Call("removeAllRanges")
		sel.Call("addRange", r)
	}
	alter := "move"
	if extend {
		alter = "extend"
	}
	direction, granularity := selectionStep(key)
	sel.Call("modify", alter, direction, granularity)
	if granularity == "line" {
		revealCaret()
	}
}

// selectionStep returns the direction and granularity of
// Selection.modify for a key of moveDOMSelection.
func selectionStep(key string) (direction, granularity string) {
	direction, granularity = "forward", "character"
	if k, ok := strings.CutPrefix(key, "word"); ok {
		key, granularity = k, "word"
	}
	switch key {
	case "ArrowLeft":
		direction = "backward"
	case "ArrowUp":
		direction, granularity = "backward", "line"
	case "ArrowDown":
		granularity = "line"
	case "Home":
		direction, granularity = "backward", "lineboundary"
	case "End":
		granularity = "lineboundary"
	}
	return direction, granularity
}

// revealCaret scrolls the window just enough to show the selection's
// focus point when it is out of sight; it does nothing when it is shown.
func revealCaret() {
	sel := app.Window().Call("getSelection")
	if !sel.Truthy() || sel.Get("rangeCount").Int() == 0 {
		return
	}
	r := app.Window().Get("document").Call("createRange")
	r.Call("setStart", sel.Get("focusNode"), sel.Get("focusOffset"))
	r.Call("collapse", true)
	rect := r.Call("getBoundingClientRect")
	top, bottom := rect.Get("top").Float(), rect.Get("bottom").Float()
	h := app.Window().Get("innerHeight").Float()
	if top == 0 && bottom == 0 {
		return // no layout box (an empty line): leave the page as it is
	}
	const margin = 48
	switch {
	case top < margin:
		app.Window().Call("scrollBy", 0, top-h/3)
	case bottom > h-margin:
		app.Window().Call("scrollBy", 0, bottom-h*2/3)
	}
}

// domCaret returns the code point offset of the selection's focus point
// (the caret, or where a selection was extended to), when it is in the
// article.
func domCaret(paras []annotations.Paragraph) (int, bool) {
	doc := app.Window().Get("document")
	sel := app.Window().Call("getSelection")
	container := doc.Call("getElementById", articleTextID)
	if !sel.Truthy() || !container.Truthy() || sel.Get("rangeCount").Int() == 0 || !container.Call("contains", sel.Get("focusNode")).Bool() {
		return 0, false
	}
	total := 0
	if n := len(paras); n > 0 {
		total = paras[n-1].End
	}
	return pointOffset(doc, container, paras, total, sel.Get("focusNode"), sel.Get("focusOffset").Int()), true
}

// findIn returns the code point offset of the first occurrence of query in
// text at or after from, ignoring case (simple case folding, one code point
// for one), going on from the start past the end.
func findIn(text, query []rune, from int) (int, bool) {
	n, m := len(text), len(query)
	if m == 0 || m > n {
		return 0, false
	}
	from = max(0, min(from, n))
	match := func(i int) bool {
		for k, q := range query {
			if !equalFold(text[i+k], q) {
				return false
			}
		}
		return true
	}
	for i := from; i+m <= n; i++ {
		if match(i) {
			return i, true
		}
	}
	for i := 0; i < from && i+m <= n; i++ {
		if match(i) {
			return i, true
		}
	}
	return 0, false
}

// equalFold reports whether a and b are the same letter but for case.
func equalFold(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}

// clearSelectionOf clears the selection if it is still [start, end): an
// edit made from a selection clears it when done, but never a selection
// the user made after the key press.
func clearSelectionOf(paras []annotations.Paragraph, start, end int) {
	if s, e, has := domSelection(paras); !has || (s == start && e == end) {
		clearDOMSelection()
	}
}

// placeCaret puts a collapsed selection (the caret) at code point offset
// of the article, so that keyboard selection goes on from there after an
// edit re-rendered the paragraph the old caret was in, unless the user has
// selected something since.
func placeCaret(paras []annotations.Paragraph, marks, suggested [][]Mark, offset int) {
	if sel := app.Window().Call("getSelection"); sel.Truthy() && sel.Get("rangeCount").Int() > 0 && !sel.Get("isCollapsed").Bool() {
		return // the user has selected something since: keep it
	}
	selectDOM(paras, marks, suggested, offset, offset, false)
}

// selectDOM makes [start, end) of the article the document's selection (a
// caret when start == end), its focus at start when backward (as a
// selection made with Shift+← has it). marks are the paragraphs' marks and
// suggested the suggestions' as rendered: a paragraph's child nodes are
// its segments, one each, so a point is found without walking the DOM.
func selectDOM(paras []annotations.Paragraph, marks, suggested [][]Mark, start, end int, backward bool) {
	doc := app.Window().Get("document")
	sn, so := domPoint(doc, paras, marks, suggested, start)
	en, eo := domPoint(doc, paras, marks, suggested, end)
	if sn == nil || en == nil {
		return
	}
	if backward {
		sn, so, en, eo = en, eo, sn, so
	}
	app.Window().Call("getSelection").Call("setBaseAndExtent", sn, so, en, eo)
}

// domPoint returns the text node and the UTF-16 offset in it of code point
// offset of the article, or a nil node when it is not rendered.
func domPoint(doc app.Value, paras []annotations.Paragraph, marks, suggested [][]Mark, offset int) (app.Value, int) {
	i := sort.Search(len(paras), func(i int) bool { return paras[i].End >= offset })
	if i == len(paras) || i >= len(marks) {
		return nil, 0
	}
	el := doc.Call("querySelector", `#`+articleTextID+` p[data-index="`+strconv.Itoa(i)+`"]`)
	if !el.Truthy() {
		return nil, 0
	}
	rest := offset - paras[i].Start
	var sug []Mark
	if i < len(suggested) {
		sug = suggested[i]
	}
	for k, seg := range paragraphSegments(paras[i].Text, marks[i], sug) {
		n := utf8.RuneCountInString(seg.Text)
		if rest > n {
			rest -= n
			continue
		}
		node := el.Get("childNodes").Index(k)
		if node.Get("nodeType").Int() != 3 { // a mark: its text node
			node = node.Get("firstChild")
		}
		if !node.Truthy() {
			return nil, 0
		}
		return node, annotations.CodePointToUTF16(seg.Text, rest)
	}
	return nil, 0
}
