package app

import (
	"encoding/json"
	"slices"
	"sync"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Tabs of one browser profile share one IndexedDB database, but each has
// its own editor, undo history and sync loop, and IndexedDB tells no one of
// another's writes. So a tab that has stored something tells the others on
// the BroadcastChannel tabChannelName, once its transaction has committed:
// the revisions it stored (an edit, or a page a pull brought), the
// articles it stored, and whether which revisions wait for the server may
// have changed. A receiving tab hands the revisions to the same path as
// revisions its own pull brought (syncer.notifyPulled): an open editor
// applies those of its set, re-rendering only what they touch, and the
// library reads the progress of those articles again. It then counts its
// pending changes again (syncer.recountPending). The revisions travel in
// the message, so that no tab reads a whole set again for one edit.
//
// A BroadcastChannel does not deliver a message to the channel object that
// posted it: a tab never hears its own writes.
const tabChannelName = "gloss"

// tabMessage is what a tab tells the others after a write committed.
type tabMessage struct {
	// Articles lists the articles the write touched: those of its
	// revisions, or the articles it stored.
	Articles []string `json:"articles,omitempty"`
	// Revisions are the revisions it stored.
	Revisions []annotations.Revision `json:"revisions,omitempty"`
	// Pending says that which revisions (or articles) wait for the server
	// may have changed.
	Pending bool `json:"pending,omitempty"`
}

// revisionsMessage is the message that says revs were stored.
func revisionsMessage(revs []annotations.Revision, pending bool) tabMessage {
	m := tabMessage{Revisions: revs, Pending: pending}
	for _, r := range revs {
		if !slices.Contains(m.Articles, r.ArticleID) {
			m.Articles = append(m.Articles, r.ArticleID)
		}
	}
	return m
}

// The page's channel, opened on the first use.
var (
	tabChannelOnce sync.Once
	tabChannel     app.Value
)

// openTabChannel opens the page's channel and listens to it, once; it
// returns nil where there is no BroadcastChannel (the server, an old
// browser).
func openTabChannel() app.Value {
	if !app.IsClient {
		return nil
	}
	tabChannelOnce.Do(func() {
		ctor := app.Window().Get("BroadcastChannel")
		if !ctor.Truthy() {
			return
		}
		ch := ctor.New(tabChannelName)
		ch.Set("onmessage", app.FuncOf(func(this app.Value, args []app.Value) any {
			if len(args) == 0 || args[0].Get("data").Type() != app.TypeString {
				return nil
			}
			data := args[0].Get("data").String()
			go receiveTabMessage(data) // decoding a pull's page is no work for an event handler
			return nil
		}))
		tabChannel = ch
	})
	return tabChannel
}

// tellOtherTabs posts m to the other tabs of this browser profile. Call it
// once the write m describes has committed.
func tellOtherTabs(m tabMessage) {
	ch := openTabChannel()
	if ch == nil {
		return
	}
	b, err := json.Marshal(m)
	if err != nil {
		app.Log("tell the other tabs:", err)
		return
	}
	ch.Call("postMessage", string(b))
}

// receiveTabMessage acts on another tab's message.
func receiveTabMessage(data string) {
	var m tabMessage
	if err := json.Unmarshal([]byte(data), &m); err != nil {
		app.Log("a message from another tab is unreadable:", err)
		return
	}
	if len(m.Articles) > 0 || len(m.Revisions) > 0 {
		background.notifyPulled(m.Articles, m.Revisions)
	}
	if m.Pending {
		background.recountPending()
	}
}

// recountPending reads how many changes wait for the server, which another
// tab changed (it made an edit, or its sync loop pushed them), and shows
// it. If this tab's own status changed while it counted (its sync round or
// an edit of its own reported meanwhile), it counts again, so that it
// never puts an older count over a newer one.
func (s *syncer) recountPending() {
	for range 3 {
		before := s.currentStatus()
		n, err := replica.CountPending(idbStore{}, currentAnnotator())
		if err != nil {
			return // the next round reports it
		}
		changed := s.currentStatus() != before
		if changed {
			continue
		}
		st := before
		st.Pending = n
		switch {
		case st.State == syncSynced && n > 0:
			st.State = syncPending
		case st.State == syncPending && n == 0:
			st.State = syncSynced
		}
		if st != before {
			s.setStatus(st)
		}
		return
	}
}
