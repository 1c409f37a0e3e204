package server

import (
	"errors"
	"net/http"
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
)

// exportFormats lists the values of format= that export understands.
var exportFormats = []string{"jsonl"}

// export streams the annotation sets, one record a line, set by set, so
// memory stays flat however many sets there are.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = "jsonl"
	}
	if !slices.Contains(exportFormats, format) {
		s.fail(w, r, errUnknownFormat(format))
		return
	}
	articleID := q.Get("article")
	if articleID != "" {
		if !annotations.IsArticleID(articleID) {
			s.fail(w, r, Errorf(CodeInvalid, "%q is not an article id (32 lower-case hex digits)", articleID))
			return
		}
		if _, err := s.store.Article(r.Context(), articleID); err != nil {
			if errors.Is(err, ErrNotFound) {
				err = Errorf(CodeNotFound, "no article %s", articleID)
			}
			s.fail(w, r, err)
			return
		}
	}
	sets, err := s.store.Sets(r.Context(), articleID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="gloss-export.jsonl"`)
	out := annotations.NewJSONLWriter(w)
	var article annotations.Article
	for _, ref := range sets {
		if article.ID != ref.ArticleID {
			if article, err = s.store.Article(r.Context(), ref.ArticleID); err != nil {
				s.log.Error("export: read article", "article", ref.ArticleID, "err", err)
				return // the status is sent: end the stream short
			}
		}
		revs, err := s.store.SetRevisions(r.Context(), ref)
		if err != nil {
			s.log.Error("export: read set", "article", ref.ArticleID, "annotator", ref.Annotator, "err", err)
			return
		}
		set, err := annotations.BuildSet(ref.ArticleID, ref.Annotator, revs)
		if err != nil {
			s.log.Error("export: resolve set", "article", ref.ArticleID, "annotator", ref.Annotator, "err", err)
			return
		}
		if err := out.Write(annotations.NewExportRecord(article, set)); err != nil {
			return // the client went away
		}
	}
}
