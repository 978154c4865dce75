package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ogi/internal/synth"
	"ogi/pipeline/dataset"
	"ogi/pipeline/query"
	"ogi/pipeline/serve"
)

// TestServingDuringRepeatedBuilds: builds swap datasets whose years come
// and go (partitions disappear) while four clients read every kind of
// page and download from a running dashboard that follows the builds.
// Every request must succeed: a reader keeps the build it started on.
func TestServingDuringRepeatedBuilds(t *testing.T) {
	dir := t.TempDir()
	builds := []struct{ years, last int }{{2, 2022}, {3, 2023}, {1, 2021}, {3, 2024}, {1, 2020}}
	build := func(i int) {
		prep, juris := synth.Dataset(30, builds[i].years, builds[i].last, uint64(i+1))
		if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: juris}); err != nil {
			t.Error(err)
		}
	}
	build(0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := query.OpenWith(ctx, dir, query.Options{ScratchDir: t.TempDir(), AllMetrics: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := serve.New(db, serve.Options{Logger: log, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		watchDataset(ctx, db, dir, time.Millisecond, log)
	}()
	defer func() { cancel(); <-watched }()

	paths := []string{"/", "/province/110000", "/quality", "/j/110121", "/download/applications.csv",
		"/download/reports.parquet?year=2021", "/compare/disclosure_rate.csv?province=110000", "/download/cells.csv?code=110122"}
	var requests, failures atomic.Int64
	var mu sync.Mutex
	var failed []string
	stop := make(chan struct{})
	var clients sync.WaitGroup
	for c := range 4 {
		clients.Go(func() {
			for i := c; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				p := paths[i%len(paths)]
				resp, err := http.Get(srv.URL + p)
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					failures.Add(1)
					mu.Lock()
					failed = append(failed, fmt.Sprintf("%s: %d %.200s", p, resp.StatusCode, body))
					mu.Unlock()
				}
			}
		})
	}
	for i := 1; i < len(builds); i++ {
		build(i)
		// Wait until the dashboard serves this build (it must, soon).
		deadline := time.Now().Add(20 * time.Second)
		for {
			cur, err := dataset.Current(dir)
			if err == nil && db.Dir() == cur {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("build %d: the dashboard still serves %s, not %s", i, db.Dir(), cur)
			}
			time.Sleep(time.Millisecond)
		}
	}
	close(stop)
	clients.Wait()
	t.Logf("%d requests during %d builds, %d failed", requests.Load(), len(builds)-1, failures.Load())
	if failures.Load() != 0 {
		t.Errorf("%d of %d requests failed, e.g. %v", failures.Load(), requests.Load(), failed[:min(3, len(failed))])
	}
	if requests.Load() < int64(len(paths)) {
		t.Errorf("only %d requests: the clients did not run during the builds", requests.Load())
	}
	// The last build is what is served now: 30 counties × 1 year.
	res, err := db.Query(ctx, "SELECT count(*), min(year) FROM reports")
	if err != nil || res.Rows[0][0] != int64(30) || res.Rows[0][1] != int64(2020) {
		t.Errorf("after the builds: %v %v", res, err)
	}
}
