package suggest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
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

// Model is what was learnt for a project: the tagger, the gazetteer of the
// strings its annotators tagged (SameString proposes them in new articles,
// and the tagger reads it as a feature) and how many articles taught them.
// The server trains one on a project's done and curated sets; a device
// starts from it and goes on learning from its annotator.
type Model struct {
	Tagger    *Tagger
	Gazetteer Gazetteer
	Articles  int
}

// modelMagic starts a model's binary form, with its version.
const modelMagic = "GLM1"

// MarshalBinary encodes the model: the magic "GLM1", the number of
// articles (uint32), the gazetteer's strings ascending, each with its
// labels ascending and their counts, then the tagger's MarshalBinary.
// Integers are little-endian; a string is its length (uint16) and bytes.
// The same model gives the same bytes.
func (m *Model) MarshalBinary() ([]byte, error) {
	out := []byte(modelMagic)
	out = binary.LittleEndian.AppendUint32(out, uint32(m.Articles))
	appendString := func(s string) error {
		if len(s) > math.MaxUint16 {
			return fmt.Errorf("suggest: the string %.40q… is too long", s)
		}
		out = binary.LittleEndian.AppendUint16(out, uint16(len(s)))
		out = append(out, s...)
		return nil
	}
	strs := slices.Sorted(maps.Keys(m.Gazetteer))
	out = binary.LittleEndian.AppendUint32(out, uint32(len(strs)))
	for _, s := range strs {
		if err := appendString(s); err != nil {
			return nil, err
		}
		labels := slices.Sorted(maps.Keys(m.Gazetteer[s]))
		out = binary.LittleEndian.AppendUint16(out, uint16(min(len(labels), math.MaxUint16)))
		for _, l := range labels[:min(len(labels), math.MaxUint16)] {
			if err := appendString(l); err != nil {
				return nil, err
			}
			out = binary.LittleEndian.AppendUint32(out, uint32(m.Gazetteer[s][l]))
		}
	}
	tagger := m.Tagger
	if tagger == nil {
		tagger = &Tagger{Tags: []string{"O"}}
	}
	tb, err := tagger.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return append(out, tb...), nil
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (m *Model) UnmarshalBinary(b []byte) error {
	bad := errors.New("suggest: not a model of this version (GLM1)")
	if len(b) < len(modelMagic)+8 || string(b[:len(modelMagic)]) != modelMagic {
		return bad
	}
	b = b[len(modelMagic):]
	u16 := func() (int, bool) {
		if len(b) < 2 {
			return 0, false
		}
		v := binary.LittleEndian.Uint16(b)
		b = b[2:]
		return int(v), true
	}
	u32 := func() (int, bool) {
		if len(b) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(b)
		b = b[4:]
		return int(v), true
	}
	str := func() (string, bool) {
		n, ok := u16()
		if !ok || len(b) < n {
			return "", false
		}
		s := string(b[:n])
		b = b[n:]
		return s, true
	}
	articles, _ := u32()
	n, _ := u32()
	if n > len(b) {
		return bad
	}
	g := make(Gazetteer, n)
	for range n {
		s, ok := str()
		if !ok {
			return bad
		}
		labels, ok := u16()
		if !ok {
			return bad
		}
		g[s] = make(map[string]int, labels)
		for range labels {
			l, ok := str()
			if !ok {
				return bad
			}
			c, ok := u32()
			if !ok {
				return bad
			}
			g[s][l] = c
		}
	}
	var tg Tagger
	if err := tg.UnmarshalBinary(b); err != nil {
		return err
	}
	m.Tagger, m.Gazetteer, m.Articles = &tg, g, articles
	return nil
}
