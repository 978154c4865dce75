package crawl

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"ogi/scrapers/archive"
	"ogi/scrapers/fetch"
)

// When the archived copy of a page is unreadable and the portal answers
// 304 to the conditional request, the crawler asks again unconditionally.
// That request is counted, and its answer is archived only when it is the
// page: a second 304 (a portal ignoring that the request is no longer
// conditional) is a failure, a 404 marks the page gone.
func TestUnreadableCopyAfter304(t *testing.T) {
	for _, c := range []struct {
		name        string
		again       int // status of the unconditional request in the second run
		wantEntries int
		wantFailed  bool
	}{
		{"page again", http.StatusOK, 2, false},
		{"304 again", http.StatusNotModified, 1, true},
		{"gone", http.StatusNotFound, 1, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var mu sync.Mutex
			run, again := 1, c.again
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				switch r.URL.Path {
				case "/list/":
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					io.WriteString(w, `<html><body><ul><li><a href="/art/report.html">某县2023年政府信息公开工作年度报告</a></li></ul></body></html>`)
				case "/art/report.html":
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					w.Header().Set("ETag", `"v1"`)
					if run == 2 {
						if r.Header.Get("If-None-Match") != "" || again == http.StatusNotModified {
							w.WriteHeader(http.StatusNotModified)
							return
						}
						if again == http.StatusNotFound {
							http.NotFound(w, r)
							return
						}
						io.WriteString(w, `<html><title>某县2023年政府信息公开工作年度报告</title><body>第二次 second copy</body></html>`)
						return
					}
					io.WriteString(w, `<html><title>某县2023年政府信息公开工作年度报告</title><body>first copy</body></html>`)
				default:
					http.NotFound(w, r)
				}
			}))
			defer srv.Close()
			dir := t.TempDir()
			cfg := Config{DataDir: dir, Logger: slog.New(slog.DiscardHandler),
				Fetch: fetch.Options{MinDelay: time.Millisecond, BackoffBase: time.Millisecond, MaxRetries: -1,
					HeaderTimeout: 5 * time.Second, BodyTimeout: 5 * time.Second},
				Store: archive.StoreOptions{SyncEvery: 10 * time.Millisecond}}
			portals := []Portal{{Code: "110101", Name: "某县", ListURL: srv.URL + "/list/", Adapter: "generic"}}
			if _, err := Run(context.Background(), cfg, portals); err != nil {
				t.Fatal(err)
			}
			report := srv.URL + "/art/report.html"
			entries := reportEntries(t, dir, report)
			if len(entries) != 1 {
				t.Fatalf("first run archived %d copies of the report", len(entries))
			}
			// Damage the WARC in place (its size kept): every payload in it
			// is now unreadable, its journal lines still valid.
			w := filepath.Join(dir, entries[0].WARCFile)
			b, err := os.ReadFile(w)
			if err != nil {
				t.Fatal(err)
			}
			for i := int(entries[0].Offset) + 20; i < len(b); i++ {
				b[i] = 0
			}
			if err := os.WriteFile(w, b, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := archive.ReadPayload(dir, entries[0]); err == nil {
				t.Fatal("the damaged copy still reads")
			}
			mu.Lock()
			run = 2
			mu.Unlock()
			sum, err := Run(context.Background(), cfg, portals)
			if err != nil {
				t.Fatal(err)
			}
			// list, conditional request, unconditional request
			if sum.Requests != 3 || sum.NotModified != 1 {
				t.Errorf("second run: %d requests, %d not modified; want 3 and 1", sum.Requests, sum.NotModified)
			}
			if got := len(reportEntries(t, dir, report)); got != c.wantEntries {
				t.Errorf("%d archived copies after the second run, want %d", got, c.wantEntries)
			}
			if sum.Failed() != c.wantFailed {
				t.Errorf("failures %v, want failed = %v", sum.Failures, c.wantFailed)
			}
			if c.again == http.StatusNotFound && sum.Reports != 0 {
				t.Errorf("a page gone counted as %d reports alive", sum.Reports)
			}
		})
	}
}

func reportEntries(t *testing.T, dir, url string) []archive.Entry {
	t.Helper()
	es, err := archive.ReportEntries(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []archive.Entry
	for _, e := range es {
		if e.URL == url {
			out = append(out, e)
		}
	}
	return out
}
