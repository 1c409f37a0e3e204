package agreement

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
)

// Number is a figure's value. NaN stands for "undefined" and is written to
// JSON as null (JSON has no NaN); null reads back as NaN.
type Number float64

// MarshalJSON writes n, or null when n is NaN or infinite.
func (n Number) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads a number, or null as NaN.
func (n *Number) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*n = Number(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = Number(f)
	return nil
}

// undefined is the Number of a figure that cannot be computed.
var undefined = Number(math.NaN())

// Figure is one agreement figure with what it was computed on. A figure
// that cannot be computed (no units, a single category, nothing pairable)
// has Value NaN (null in JSON) and says why in Undefined: it is never
// reported as a perfect 1.
type Figure struct {
	// Value is the coefficient: κ, α, α_u or F1.
	Value Number `json:"value"`
	// Units is how many units the figure counts: tokens for κ and α on
	// tokens, pairable units for α, spans for F1, articles for α_u, matched
	// pairs for α on a quote's or stance's attribute.
	Units int `json:"units"`
	// Undefined says why Value is undefined; "" when it is defined.
	Undefined string `json:"undefined,omitempty"`
}

// Defined reports whether f has a value.
func (f Figure) Defined() bool { return f.Undefined == "" }

// undefinedFigure returns a Figure without a value, for reason.
func undefinedFigure(units int, reason string) Figure {
	return Figure{Value: undefined, Units: units, Undefined: reason}
}

// Reasons a figure is undefined.
const (
	ReasonNoUnits       = "no units"
	ReasonOneCategory   = "every value is in one category: chance agreement is 1"
	ReasonNotPairable   = "no unit has two values"
	ReasonUnequalLength = "the annotators rated different numbers of units"
	ReasonFewRaters     = "fewer than two ratings per unit"
	ReasonNoSpans       = "neither annotator has a span (or item)"
	ReasonNoAnnotators  = "fewer than two annotators"
)
