package crawl

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"ogi/scrapers/archive"
	"ogi/scrapers/fetch"
)

// OnPortal is called one portal at a time, from whichever worker finished,
// so that a progress callback needs no locking of its own.
func TestOnPortalCallsNeverOverlap(t *testing.T) {
	const hosts = 6
	var portals []Portal
	for i := range hosts {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/list/":
				io.WriteString(w, `<html><body><a href="/art/r.html">2023年政府信息公开工作年度报告</a></body></html>`)
			case "/art/r.html":
				io.WriteString(w, `<html><title>2023年政府信息公开工作年度报告</title><body>报告</body></html>`)
			default:
				http.NotFound(w, r)
			}
		}))
		defer srv.Close()
		portals = append(portals, Portal{Code: "11010" + string(rune('1'+i)), Name: "县", ListURL: srv.URL + "/list/", Adapter: "generic"})
	}
	var inside atomic.Bool
	calls, overlaps, maxDone := 0, 0, 0 // plain ints: -race sees any concurrent call
	cfg := Config{DataDir: t.TempDir(), Concurrency: hosts, Logger: slog.New(slog.DiscardHandler),
		Fetch: fetch.Options{MinDelay: time.Millisecond, HeaderTimeout: 5 * time.Second, BodyTimeout: 5 * time.Second},
		Store: archive.StoreOptions{SyncEvery: 10 * time.Millisecond},
		OnPortal: func(done, total int, s Summary) {
			if !inside.CompareAndSwap(false, true) {
				overlaps++
				return
			}
			defer inside.Store(false)
			calls++
			maxDone = max(maxDone, done)
			if total != hosts {
				t.Errorf("total %d, want %d", total, hosts)
			}
			time.Sleep(5 * time.Millisecond) // widen the window another call would overlap in
		}}
	sum, err := Run(context.Background(), cfg, portals)
	if err != nil {
		t.Fatal(err)
	}
	if overlaps > 0 {
		t.Errorf("%d OnPortal calls overlapped another", overlaps)
	}
	if calls != hosts || maxDone != hosts || sum.Reports != hosts {
		t.Errorf("%d calls, last done %d, %d reports; want %d each", calls, maxDone, sum.Reports, hosts)
	}
}
