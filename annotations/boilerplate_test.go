package annotations

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBoilerplate(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []BoilerplateLine
	}{
		{
			name: "share buttons and appeals of a scraped page",
			text: "Tillerson Talks of a Low Point\n\nSecretary of State Rex Tillerson said Wednesday that relations had hit a low point.\n\n" +
				"Please make a #GivingTuesday donation to help support the journalism you count on\n\n" +
				"We depend on our readers to keep us alive and growing.\n\n" +
				"Please select a donation method:\n\nShare This Article\nFollow us on Twitter",
			want: []BoilerplateLine{
				{Line: 4, Text: "Please make a #GivingTuesday donation to help support the journalism you count on", Why: "donation appeal"},
				{Line: 6, Text: "We depend on our readers to keep us alive and growing.", Why: "donation appeal"},
				{Line: 8, Text: "Please select a donation method:", Why: "donation appeal"},
				{Line: 10, Text: "Share This Article", Why: "share buttons"},
				{Line: 11, Text: "Follow us on Twitter", Why: "sign-up prompt"},
			},
		},
		{
			name: "news prose that mentions sharing, subscribers or donations is kept",
			text: "The company said it would share this data with regulators once the inquiry, which began in March, was complete.\n" +
				"Subscribers to the service fell by a tenth in the quarter, according to figures released on Tuesday by the firm.\n" +
				"The charity said donations had fallen.\n" +
				"The charity said donations had fallen by a third this year, and it urged the government to help…\n" +
				"Council leader James Lewis declined to make further comments.\n" +
				"Volunteers shared the figures on WhatsApp.\n" +
				"Fewer volunteers sign up each winter, she said.\n" +
				"“Donations fell today,” the director said.",
		},
		{
			name: "prompts that are sentences but start with what they ask",
			text: "Sign up for our daily newsletter.\nRead more.\nComments (12)\nFacebook Twitter WhatsApp Email",
			want: []BoilerplateLine{
				{Line: 0, Text: "Sign up for our daily newsletter.", Why: "sign-up prompt"},
				{Line: 1, Text: "Read more.", Why: "page furniture"},
				{Line: 2, Text: "Comments (12)", Why: "page furniture"},
				{Line: 3, Text: "Facebook Twitter WhatsApp Email", Why: "share buttons"},
			},
		},
		{name: "a short headline", text: "Brexit\n\n脱欧协议达成"},
		{name: "empty", text: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Boilerplate(tt.text)); diff != "" {
				t.Errorf("Boilerplate(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestRemoveLines(t *testing.T) {
	tests := []struct {
		text string
		drop []int
		want string
	}{
		{"A\n\nShare\n\nB", []int{2}, "A\n\nB"},
		{"A\n\nB\n\nShare", []int{4}, "A\n\nB"},
		{"Share\nA\nB", []int{0}, "A\nB"},
		{"A\n\n\nB", nil, "A\n\n\nB"}, // nothing dropped: the text as it was
		{"A\nx\ny\nB", []int{1, 2}, "A\nB"},
	}
	for _, tt := range tests {
		if got := RemoveLines(tt.text, tt.drop); got != tt.want {
			t.Errorf("RemoveLines(%q, %v) = %q; want %q", tt.text, tt.drop, got, tt.want)
		}
	}
}

func TestDropBoilerplate(t *testing.T) {
	text := "Leaders Meet\n\nMerkel met Macron.\n\nShare This Article\n\nPlease select a donation method:"
	if got, want := DropBoilerplate(text), "Leaders Meet\n\nMerkel met Macron."; got != want {
		t.Errorf("DropBoilerplate(%q) = %q; want %q", text, got, want)
	}
}
