package agreement

import (
	"encoding/json"
	"testing"
)

// TestReportJSONLists: every list of a report is in its JSON, [] when
// empty, so that a reader (report["skipped"], report["overall"]
// ["annotators"]) never meets null nor a missing key.
func TestReportJSONLists(t *testing.T) {
	b, err := json.Marshal(Compute(nil))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Overall struct {
			Annotators json.RawMessage `json:"annotators"`
		} `json:"overall"`
		Labels   json.RawMessage `json:"labels"`
		Pairs    json.RawMessage `json:"pairs"`
		Articles json.RawMessage `json:"articles"`
		Skipped  json.RawMessage `json:"skipped"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]json.RawMessage{"overall.annotators": got.Overall.Annotators, "labels": got.Labels, "pairs": got.Pairs, "articles": got.Articles, "skipped": got.Skipped} {
		if string(v) != "[]" {
			t.Errorf("%s of an empty report is %s, want []", name, v)
		}
	}
}
