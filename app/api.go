package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// errOffline reports that the server could not be reached at all.
var errOffline = replica.ErrOffline

// apiError is an error answer of the server's API.
type apiError struct {
	Status  int
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *apiError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("the server answered %d", e.Status)
	}
	return e.Message
}

// callAPI sends a request to the server's API with the browser's fetch and
// decodes the JSON answer into out (when not nil). A 4xx or 5xx answer is an
// *apiError; out still receives its body, which may carry per-item results.
// It blocks: call it from ctx.Async.
func callAPI(method, path string, body, out any) error {
	init := map[string]any{"method": method, "credentials": "same-origin", "cache": "no-store"}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		init["body"] = string(b)
		init["headers"] = map[string]any{"Content-Type": "application/json"}
	}
	resp, err := awaitPromise(app.Window().Call("fetch", path, init))
	if err != nil {
		return fmt.Errorf("%w (%v)", errOffline, err)
	}
	text, err := awaitPromise(resp.Call("text"))
	if err != nil {
		return fmt.Errorf("%w (reading the answer: %v)", errOffline, err)
	}
	status := resp.Get("status").Int()
	raw := []byte(text.String())
	if status >= 400 {
		var envelope struct {
			Error *apiError `json:"error"`
		}
		if json.Unmarshal(raw, &envelope) != nil || envelope.Error == nil {
			envelope.Error = &apiError{}
		}
		envelope.Error.Status = status
		if out != nil {
			json.Unmarshal(raw, out)
		}
		return envelope.Error
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("the server's answer to %s %s is not valid JSON: %w", method, path, err)
		}
	}
	return nil
}

// articleSummary is an article as the server's list shows it.
type articleSummary struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Source  string `json:"source"`
	Created string `json:"created"`
	Chars   int    `json:"chars"`
}

func apiListArticles() ([]articleSummary, error) {
	var out struct {
		Articles []articleSummary `json:"articles"`
	}
	err := callAPI("GET", "/api/v1/articles", nil, &out)
	return out.Articles, err
}

func apiGetArticle(id string) (annotations.Article, error) {
	var a annotations.Article
	err := callAPI("GET", "/api/v1/articles/"+url.PathEscape(id), nil, &a)
	return a, err
}

// articleUpload is the body of POST /api/v1/articles.
type articleUpload struct {
	Title  string `json:"title"`
	Text   string `json:"text,omitempty"`
	HTML   string `json:"html,omitempty"`
	Source string `json:"source,omitempty"`
}

func apiPostArticle(up articleUpload) (annotations.Article, error) {
	var a annotations.Article
	err := callAPI("POST", "/api/v1/articles", up, &a)
	return a, err
}

// fetchServer is the sync API over the browser's fetch.
type fetchServer struct{}

var _ replica.Server = fetchServer{}

// PostArticle uploads a.
func (fetchServer) PostArticle(a annotations.Article) (annotations.Article, error) {
	return apiPostArticle(articleUpload{Title: a.Title, Text: a.Text, Source: a.Source})
}

// GetArticle fetches article id.
func (fetchServer) GetArticle(id string) (annotations.Article, error) { return apiGetArticle(id) }

// Push sends revisions, with the device's pull cursor when it has one; a
// 400 answer with a result per revision is read as those results.
func (fetchServer) Push(revs []annotations.Revision, cursor string) (replica.PushAnswer, error) {
	var out struct {
		Results       []replica.PushResult `json:"results"`
		CursorUnknown bool                 `json:"cursor_unknown"`
	}
	req := map[string]any{"revisions": revs}
	if cursor != "" {
		req["cursor"] = cursor
	}
	err := callAPI("POST", "/api/v1/sync/push", req, &out)
	answer := replica.PushAnswer{Results: out.Results, CursorUnknown: out.CursorUnknown}
	var apiErr *apiError
	if errors.As(err, &apiErr) && len(out.Results) == len(revs) {
		return answer, nil
	}
	return answer, err
}

// pullPage is how many revisions one pull asks for: each page is decoded
// and stored in a task of its own, so pages stay small enough not to hold
// the page long.
const pullPage = 200

// Pull returns the annotator's revisions after since.
func (fetchServer) Pull(annotator, since string) (replica.PullPage, error) {
	q := url.Values{"annotator": {annotator}, "limit": {strconv.Itoa(pullPage)}}
	if since != "" {
		q.Set("since", since)
	}
	var page replica.PullPage
	err := callAPI("GET", "/api/v1/sync/pull?"+q.Encode(), nil, &page)
	var apiErr *apiError
	if errors.As(err, &apiErr) && apiErr.Code == "cursor_unknown" {
		return page, fmt.Errorf("%w: %s", replica.ErrCursorUnknown, apiErr.Message)
	}
	return page, err
}
