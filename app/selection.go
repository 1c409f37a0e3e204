package app

import (
	"sort"
	"strconv"
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

// extendDOMSelection moves or extends the selection by a character or a
// word with the browser's Selection.modify, which works on text that is not
// editable. With no selection in the article, it starts a caret at its top.
func extendDOMSelection(extend, forward, byWord bool) {
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
	alter, direction, granularity := "move", "backward", "character"
	if extend {
		alter = "extend"
	}
	if forward {
		direction = "forward"
	}
	if byWord {
		granularity = "word"
	}
	sel.Call("modify", alter, direction, granularity)
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
// edit re-rendered the paragraph the old caret was in. marks are the
// paragraphs' marks as rendered: the paragraph's child nodes are its
// segments, one each, so the node is found without walking the DOM.
func placeCaret(paras []annotations.Paragraph, marks [][]Mark, offset int) {
	if sel := app.Window().Call("getSelection"); sel.Truthy() && sel.Get("rangeCount").Int() > 0 && !sel.Get("isCollapsed").Bool() {
		return // the user has selected something since: keep it
	}
	i := sort.Search(len(paras), func(i int) bool { return paras[i].End >= offset })
	if i == len(paras) || i >= len(marks) {
		return
	}
	doc := app.Window().Get("document")
	el := doc.Call("querySelector", `#`+articleTextID+` p[data-index="`+strconv.Itoa(i)+`"]`)
	if !el.Truthy() {
		return
	}
	rest := offset - paras[i].Start
	for k, seg := range segments(paras[i].Text, marks[i]) {
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
			return
		}
		r := doc.Call("createRange")
		r.Call("setStart", node, annotations.CodePointToUTF16(seg.Text, rest))
		r.Call("collapse", true)
		sel := app.Window().Call("getSelection")
		sel.Call("removeAllRanges")
		sel.Call("addRange", r)
		return
	}
}
