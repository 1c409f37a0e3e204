package server_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/postgres"
	"github.com/gloss-annotate/gloss/server/postgres/pgtest"
)

// BenchmarkReplicasLoad runs BenchmarkSyncLoad's devices against the
// server on SQLite and against 1, 2 and 4 replicas over one PostgreSQL
// database, in the same run: each device pushes its rounds (requests sent
// to the replicas in turn, as a load balancer without stickiness does),
// then each device, new, pulls all it pushed. It reports push and pull
// throughput (revisions a second over the phase) and latency (p50, p99 of
// each push, of each page pulled). PostgreSQL is a throwaway cluster of
// its own with its durable defaults (fsync on), on a Unix socket of the
// same machine; the replicas, the devices and the database share its
// cores. Run it with -benchtime 1x (make bench does).
func BenchmarkReplicasLoad(b *testing.B) {
	cluster, err := pgtest.StartDurable()
	if err != nil {
		b.Fatalf("PostgreSQL: %v", err)
	}
	defer cluster.Stop()
	b.Logf("%d cores", runtime.NumCPU())
	for _, tt := range []struct{ devices, rounds int }{{8, 16}, {64, 4}, {256, 2}} {
		for _, replicas := range []int{0, 1, 2, 4} { // 0: SQLite
			name := "sqlite"
			if replicas > 0 {
				name = fmt.Sprintf("postgres-replicas=%d", replicas)
			}
			b.Run(fmt.Sprintf("devices=%d/%s", tt.devices, name), func(b *testing.B) {
				for b.Loop() {
					var ls *loadServer
					if replicas == 0 {
						ls = startLoadServer(b)
					} else {
						dsn, err := cluster.NewDatabase(context.Background())
						if err != nil {
							b.Fatal(err)
						}
						// Dropped after the run (cleanups run last
						// first: after the stores close), so that
						// autovacuum does not work on it during the
						// next.
						b.Cleanup(func() {
							if err := cluster.DropDatabase(context.Background(), dsn); err != nil {
								b.Error(err)
							}
						})
						stores := make([]server.Store, replicas)
						for i := range stores {
							s, err := postgres.Open(context.Background(), dsn)
							if err != nil {
								b.Fatal(err)
							}
							stores[i] = s
						}
						ls = serveStores(b, stores...)
					}
					a := loadArticle(b)
					if _, _, err := ls.store.PutArticle(context.Background(), a); err != nil {
						b.Fatal(err)
					}
					push, accounts := runDevices(b, ls, a, tt.devices, tt.rounds)
					pull := pullDevices(b, ls, accounts)
					if pull.revisions != push.revisions {
						b.Fatalf("pulled %d revisions, pushed %d", pull.revisions, push.revisions)
					}
					ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
					b.ReportMetric(push.perSecond(), "push-revs/s")
					b.ReportMetric(ms(push.p50), "push-p50-ms")
					b.ReportMetric(ms(push.p99), "push-p99-ms")
					b.ReportMetric(pull.perSecond(), "pull-revs/s")
					b.ReportMetric(ms(pull.p50), "pull-p50-ms")
					b.ReportMetric(ms(pull.p99), "pull-p99-ms")
					b.Logf("%s, %d devices × %d pushes of %d: push %.0f revisions/s, p50 %v, p99 %v; pull %.0f revisions/s, p50 %v, p99 %v",
						name, tt.devices, tt.rounds, loadBatch, push.perSecond(), push.p50.Round(time.Millisecond), push.p99.Round(time.Millisecond),
						pull.perSecond(), pull.p50.Round(time.Millisecond), pull.p99.Round(time.Millisecond))
				}
			})
		}
	}
}
