package api

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
)

// Cursor is a position in the server's revision sequence: after the
// revision whose sequence number is Seq, in a history whose hash there is
// Chain (NextChain). A database restored from an older copy gives its next
// sequence numbers to other revisions, or to the same revisions in another
// order, so a revision at Seq proves nothing about the history before it: a
// cursor whose Chain differs from the store's at Seq is unknown, since its
// reader did not read that history. The start is the zero Cursor.
//
// Access is the reader's access version when the cursor was made (see
// server.User.Access): what a user may read changes when they join a
// project or get another role, and a cursor made before that has passed
// revisions they may read now, so the server reads such a cursor as the
// start.
//
// On the wire a cursor is "SEQ.CHAIN", "SEQ.CHAIN.ACCESS" when Access is
// not 0, or "0" at the start (String).
type Cursor struct {
	Seq    int64
	Chain  string
	Access int64
}

// maxChainLength caps the hash part of a cursor a client sends.
const maxChainLength = 100

// String writes c as a pull answers it: "SEQ.CHAIN", or "0" at the start.
func (c Cursor) String() string {
	if c.Seq == 0 {
		return "0"
	}
	s := strconv.FormatInt(c.Seq, 10) + "." + c.Chain
	if c.Access != 0 {
		s += "." + strconv.FormatInt(c.Access, 10)
	}
	return s
}

// IsStart reports whether c is the start of every history.
func (c Cursor) IsStart() bool { return c.Seq == 0 }

// ParseCursor reads a cursor as String writes it; "" and "0" are the start.
// The cursors older servers gave (a bare "SEQ", or "SEQ.REV" with a
// revision ID) read with a Chain no history has, so a store finds them
// unknown and the client pulls again from the start. Anything else is an
// invalid *Error.
func ParseCursor(v string) (Cursor, error) {
	if v == "" || v == "0" {
		return Cursor{}, nil
	}
	seq, chain, hasChain := strings.Cut(v, ".")
	chain, access, hasAccess := strings.Cut(chain, ".")
	n, err := strconv.ParseInt(seq, 10, 64)
	a, aerr := int64(0), error(nil)
	if hasAccess {
		a, aerr = strconv.ParseInt(access, 10, 64)
	}
	if err != nil || n < 0 || seq == "" || (hasChain && (chain == "" || len(chain) > maxChainLength || n == 0)) || aerr != nil || a < 0 {
		return Cursor{}, Errorf(CodeInvalid, "since %q is not a cursor this server gave (0, or a number, a dot and the hash a pull answered)", v)
	}
	return Cursor{Seq: n, Chain: chain, Access: a}, nil
}

// CursorSeq returns the sequence number of a cursor as the server wrote it,
// 0 at the start or when it cannot be read.
func CursorSeq(v string) int64 {
	c, err := ParseCursor(v)
	if err != nil {
		return 0
	}
	return c.Seq
}

// NextChain returns the history's hash after revision r, given prev, the
// hash after the revision before it ("" before the first): the first 16
// bytes of SHA-256 over prev, r's item and r's ID, in hex. Every store
// computes it the same way as it gives r its sequence number.
func NextChain(prev string, r annotations.Revision) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte{0})
	h.Write([]byte(r.Item))
	h.Write([]byte{0})
	h.Write([]byte(r.ID))
	return hex.EncodeToString(h.Sum(nil)[:16])
}
