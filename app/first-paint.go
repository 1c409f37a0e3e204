package app

import (
	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/app/browsertask"
)

// FirstPaint is what the server puts into a page it sends, so that the
// page shows its content before the WebAssembly client has started: the
// article of an article's page, the list of the library. The server
// renders the page with it (go-app's prerendering: RenderPage, serverFirstPaint), and
// embeds it in the page as JSON text (firstPaintID); the client reads it
// before its first render (browserFirstPaint), so that its first render is
// the same markup, which go-app then puts in place of the server's: the
// page does not change. What lives on the device (the annotations, the
// device's own articles) arrives after, when the client has read it.
type FirstPaint struct {
	// Me is the signed-in user, as a device keeps them once they sign in;
	// the page shows the project a device works in before its user picks
	// one (StartingProject). A client whose user or project differs does
	// not use the first paint.
	Me api.Me `json:"me"`
	// Article is the article of an article's page, and Schema the
	// project's own revisions (its labels) as the server holds them.
	Article *annotations.Article   `json:"article,omitempty"`
	Schema  []annotations.Revision `json:"schema,omitempty"`
	// Library is the server's list of articles, for the library's page.
	Library []api.ArticleSummary `json:"library,omitempty"`
}

// firstPaintID is the id of the hidden element whose text is a page's
// FirstPaint as JSON (text, not an attribute: go-app's server quotes
// attribute values as Go strings).
const firstPaintID = browsertask.FirstPaintID

// setKey returns the key of the set of article id that fp shows: its
// user's, in the project they start in.
func (fp FirstPaint) setKey(id string) annotations.SetKey {
	return annotations.SetKey{Project: annotations.ProjectField(StartingProject(fp.Me.Projects)), ArticleID: id, Annotator: fp.Me.User.Annotator}
}
