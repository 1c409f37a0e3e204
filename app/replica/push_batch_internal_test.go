package replica

import "testing"

// TestPushBatchOf checks the cap of one push: a Client's PushBatch when it
// is set lower than PushBatch, else PushBatch, as for any other Server.
func TestPushBatchOf(t *testing.T) {
	for _, tt := range []struct {
		name   string
		server Server
		want   int
	}{
		{"client left as the app has it", &Client{}, PushBatch},
		{"client with a lower cap", &Client{PushBatch: 2}, 2},
		{"client with a cap above the protocol's", &Client{PushBatch: PushBatch + 1}, PushBatch},
		{"client with a negative cap", &Client{PushBatch: -1}, PushBatch},
		{"another server", &resyncServer{}, PushBatch},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := pushBatchOf(tt.server); got != tt.want {
				t.Errorf("pushBatchOf = %d, want %d", got, tt.want)
			}
		})
	}
}
