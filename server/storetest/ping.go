package storetest

import (
	"context"
	"io"
	"testing"
)

// PingStore is a store that says whether it answers.
type PingStore interface {
	Ping(ctx context.Context) error
	io.Closer
}

// Ping checks that a store open returns answers, and that a closed one
// does not.
func Ping(t *testing.T, open func(t *testing.T) PingStore) {
	s := open(t)
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping of an open store: %v", err)
	}
	s.Close()
	if err := s.Ping(context.Background()); err == nil {
		t.Error("Ping of a closed store = nil, want an error")
	}
}
