package storetest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/server"
)

// Results runs the cases of server.Results on stores open returns, each
// empty.
func Results(t *testing.T, open func(t *testing.T) server.Results) {
	ctx := context.Background()
	t.Run("Keep", func(t *testing.T) {
		s := open(t)
		if _, _, err := s.Result(ctx, "model/p"); !errors.Is(err, server.ErrNotFound) {
			t.Fatalf("Result before any = %v, want ErrNotFound", err)
		}
		for _, put := range []struct{ tag, value string }{{`"a"`, "first"}, {`"b"`, "\x00second\xff"}} {
			if err := s.PutResult(ctx, "model/p", put.tag, []byte(put.value)); err != nil {
				t.Fatal(err)
			}
			tag, value, err := s.Result(ctx, "model/p")
			if err != nil || tag != put.tag || string(value) != put.value {
				t.Errorf("Result = %q, %q, %v; want %q, %q", tag, value, err, put.tag, put.value)
			}
		}
		if _, _, err := s.Result(ctx, "model/q"); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("Result of another key = %v, want ErrNotFound", err)
		}
	})
	t.Run("Exclusively", func(t *testing.T) { Exclusive(t, open(t), nil) })
}

// Exclusive checks that calls of Exclusively with one key never overlap,
// those of s and of more stores open returns (none when open is nil: the
// PostgreSQL tests pass stores of one database, replicas), that calls of
// other keys do not wait for them, and that a caller whose context ends
// while it waits gives up with its error.
func Exclusive(t *testing.T, s server.Results, more func(t *testing.T) server.Results) {
	ctx := context.Background()
	stores := []server.Results{s}
	if more != nil {
		stores = append(stores, more(t))
	}
	var inside, overlaps atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- stores[i%len(stores)].Exclusively(ctx, "model/p", func(context.Context) error {
				if inside.Add(1) > 1 {
					overlaps.Add(1)
				}
				time.Sleep(5 * time.Millisecond)
				inside.Add(-1)
				return nil
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := overlaps.Load(); n > 0 {
		t.Errorf("%d calls of Exclusively ran while another of the same key did", n)
	}

	// Held: another key goes ahead, the same key waits until its context
	// ends.
	held, release := make(chan struct{}), make(chan struct{})
	go stores[0].Exclusively(ctx, "model/p", func(context.Context) error {
		close(held)
		<-release
		return nil
	})
	<-held
	defer close(release)
	other := stores[len(stores)-1]
	ran := false
	if err := other.Exclusively(ctx, "model/q", func(context.Context) error { ran = true; return nil }); err != nil || !ran {
		t.Errorf("Exclusively of another key = %v, ran %t; want nil, true", err, ran)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	err := other.Exclusively(short, "model/p", func(context.Context) error {
		t.Error("Exclusively ran while the key was held")
		return nil
	})
	if err == nil {
		t.Error("Exclusively of a held key whose context ended = nil, want its error")
	}
	// A function's error comes back.
	want := errors.New("failed")
	if err := other.Exclusively(ctx, "model/r", func(context.Context) error { return want }); !errors.Is(err, want) {
		t.Errorf("Exclusively's error = %v, want %v", err, want)
	}
}
