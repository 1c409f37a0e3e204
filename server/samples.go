package server

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
)

// LoadSamples stores every file of samples as an article (source "sample",
// title from its text) when the store has no article yet. It returns how
// many it stored.
func LoadSamples(ctx context.Context, store Store, samples fs.FS) (int, error) {
	n, err := store.CountArticles(ctx)
	if err != nil || n > 0 {
		return 0, err
	}
	names, err := fs.Glob(samples, "*.txt")
	if err != nil {
		return 0, err
	}
	sort.Strings(names)
	loaded := 0
	for _, name := range names {
		b, err := fs.ReadFile(samples, name)
		if err != nil {
			return loaded, err
		}
		a, err := annotations.NewArticle("", string(b), time.Now())
		if err != nil {
			return loaded, fmt.Errorf("sample %s: %w", name, err)
		}
		a.Source = "sample"
		if _, _, err := store.PutArticle(ctx, a); err != nil {
			return loaded, err
		}
		loaded++
	}
	return loaded, nil
}
