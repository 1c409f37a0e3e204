package suggest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// taggerMagic starts a tagger's binary form, with its version.
const taggerMagic = "GLT1"

// MarshalBinary encodes the tagger compactly, to keep it on a device or
// send it: the magic "GLT1", the number of tags and each tag (a length
// byte, its bytes), the number of weights, then each weight's key and
// value (little-endian uint32 and float32), keys ascending: 8 bytes a
// weight, the same bytes for the same tagger.
func (tg *Tagger) MarshalBinary() ([]byte, error) {
	if len(tg.Tags) > math.MaxUint16 {
		return nil, errors.New("suggest: too many tags")
	}
	out := []byte(taggerMagic)
	out = binary.LittleEndian.AppendUint16(out, uint16(len(tg.Tags)))
	for _, t := range tg.Tags {
		if len(t) > math.MaxUint8 {
			return nil, fmt.Errorf("suggest: tag %q is too long", t)
		}
		out = append(out, byte(len(t)))
		out = append(out, t...)
	}
	keys := make([]uint32, 0, len(tg.Weights))
	for k := range tg.Weights {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(keys)))
	for _, k := range keys {
		out = binary.LittleEndian.AppendUint32(out, k)
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(tg.Weights[k]))
	}
	return out, nil
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (tg *Tagger) UnmarshalBinary(b []byte) error {
	bad := errors.New("suggest: not a tagger of this version (GLT1)")
	if len(b) < len(taggerMagic)+2 || string(b[:len(taggerMagic)]) != taggerMagic {
		return bad
	}
	b = b[len(taggerMagic):]
	n := int(binary.LittleEndian.Uint16(b))
	b = b[2:]
	tags := make([]string, 0, n)
	for range n {
		if len(b) < 1 || len(b) < 1+int(b[0]) {
			return bad
		}
		tags = append(tags, string(b[1:1+int(b[0])]))
		b = b[1+int(b[0]):]
	}
	if len(b) < 4 {
		return bad
	}
	count := int(binary.LittleEndian.Uint32(b))
	b = b[4:]
	if len(b) != 8*count {
		return bad
	}
	weights := make(map[uint32]float32, count)
	for i := range count {
		weights[binary.LittleEndian.Uint32(b[8*i:])] = math.Float32frombits(binary.LittleEndian.Uint32(b[8*i+4:]))
	}
	tg.Tags, tg.Weights = tags, weights
	return nil
}
