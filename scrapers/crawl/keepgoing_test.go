package crawl

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"ogi/internal/simnet"
	"ogi/scrapers/archive"
	"ogi/scrapers/fetch"
)

// A machine without network: the first hosts fail DNS, and the crawl stops
// at once with one clear error instead of retrying every portal.
func TestNoNetworkStopsEarly(t *testing.T) {
	var dials atomic.Int32
	var portals []Portal
	for i := range 40 {
		portals = append(portals, Portal{Code: "11" + string(rune('A'+i)), Name: "县", ListURL: "http://www.p" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".gov.cn/nb/", Adapter: "generic"})
	}
	cfg := Config{DataDir: t.TempDir(), Concurrency: 4, Logger: slog.New(slog.DiscardHandler),
		Fetch: fetch.Options{MinDelay: time.Millisecond, BackoffBase: time.Millisecond, Contact: "ops@example.org",
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				dials.Add(1)
				host, _, _ := net.SplitHostPort(addr)
				return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
			}},
		Store: archive.StoreOptions{SyncEvery: 10 * time.Millisecond}}
	start := time.Now()
	sum, err := Run(context.Background(), cfg, portals)
	if !errors.Is(err, ErrNoNetwork) {
		t.Fatalf("err = %v, want ErrNoNetwork", err)
	}
	if !strings.Contains(err.Error(), "no network") || !strings.Contains(err.Error(), ".gov.cn") {
		t.Errorf("message does not say what happened: %v", err)
	}
	// 4 hosts at once, each robots.txt + list page with 3 retries: far
	// fewer dials than 40 portals would make.
	if n := dials.Load(); n > 4*2*4+8 {
		t.Errorf("%d dials before stopping", n)
	}
	if time.Since(start) > 20*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
	if sum.Portals != 40 {
		t.Errorf("summary portals %d", sum.Portals)
	}
	// One live host among dead ones is a network, not the lack of one.
	live := listServer(t)
	dead := portals[:5]
	mixed := append([]Portal{{Code: "110000", Name: "活", ListURL: live.URL + "/list/", Adapter: "generic"}}, dead...)
	cfg.DataDir = t.TempDir()
	cfg.Concurrency = 1
	cfg.Fetch.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if strings.HasPrefix(addr, "127.0.0.1:") {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		}
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: addr, IsNotFound: true}}
	}
	sum, err = Run(context.Background(), cfg, mixed)
	if err != nil {
		t.Fatalf("a registry with dead hosts stopped the crawl: %v", err)
	}
	if sum.Failures[string(fetch.KindNetwork)] != 5 || sum.Reports != 1 {
		t.Errorf("failures %v, reports %d", sum.Failures, sum.Reports)
	}
}

func listServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/list/":
			io.WriteString(w, `<html><body><a href="/art/r.html">2023年政府信息公开工作年度报告</a></body></html>`)
		case "/art/r.html":
			w.Header().Set("ETag", `"r1"`)
			if r.Header.Get("If-None-Match") == `"r1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			io.WriteString(w, `<html><title>2023年政府信息公开工作年度报告</title><body>报告</body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Without a contact the crawl reaches loopback only: a portal that resolves
// elsewhere stops the crawl with ErrContactRequired before any byte is
// sent to it.
func TestContactRequired(t *testing.T) {
	var wrote atomic.Bool
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		a, b := net.Pipe()
		go func() {
			buf := make([]byte, 1)
			if _, err := b.Read(buf); err == nil {
				wrote.Store(true)
			}
		}()
		return remote{a}, nil
	}
	cfg := Config{DataDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler),
		Fetch: fetch.Options{DialContext: dial, MinDelay: time.Millisecond, MaxRetries: -1}}
	_, err := Run(context.Background(), cfg, []Portal{{Code: "110101", Name: "县", ListURL: "http://www.example.gov.cn/nb/", Adapter: "generic"}})
	if !errors.Is(err, ErrContactRequired) {
		t.Fatalf("err = %v, want ErrContactRequired", err)
	}
	if wrote.Load() {
		t.Error("bytes sent to a host outside loopback without a contact")
	}
	// Loopback needs none (the simulated network, tests).
	live := listServer(t)
	cfg = Config{DataDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler), Fetch: fetch.Options{MinDelay: time.Millisecond}}
	if _, err := Run(context.Background(), cfg, []Portal{{Code: "110101", Name: "县", ListURL: live.URL + "/list/", Adapter: "generic"}}); err != nil {
		t.Fatalf("loopback without contact: %v", err)
	}
}

type remote struct{ net.Conn }

func (remote) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.ParseIP("203.0.113.9"), Port: 80} }

// A nightly re-run's 304s are archived as server-not-modified revisits of
// the copies held, and every run leaves its statistics in runs.jsonl.
func TestRevisitsAndRunStats(t *testing.T) {
	n, err := simnet.Start(simnet.Config{Seed: 3, Portals: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	dir := t.TempDir()
	ps := simPortals(t, n)
	first, err := Run(context.Background(), simConfig(dir, n), ps)
	if err != nil {
		t.Fatal(err)
	}
	before := warcRecords(t, dir)
	second, err := Run(context.Background(), simConfig(dir, n), ps)
	if err != nil {
		t.Fatal(err)
	}
	after := warcRecords(t, dir)
	revisits := after["revisit "+gowarc.ProfileServerNotModifiedV1_1] - before["revisit "+gowarc.ProfileServerNotModifiedV1_1]
	if second.NotModified == 0 || revisits != second.NotModified {
		t.Errorf("%d not-modified answers, %d server-not-modified revisit records", second.NotModified, revisits)
	}
	if after["response"] != before["response"] {
		t.Errorf("responses %d → %d on an unchanged network", before["response"], after["response"])
	}
	es, err := archive.ReportEntries(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if _, err := archive.ReadPayload(dir, e); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(RunsFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines in runs.jsonl, want 2", len(lines))
	}
	var st [2]RunStats
	for i, l := range lines {
		if err := json.Unmarshal([]byte(l), &st[i]); err != nil {
			t.Fatal(err)
		}
	}
	if st[0].Reports != first.Reports || st[0].ReportsNew != first.ReportsNew || st[0].ReportsUnchanged != 0 || st[0].Outcome != "ok" ||
		st[0].Portals != 4 || st[0].Requests != first.Requests || st[0].Bytes != first.Bytes {
		t.Errorf("first run stats %+v", st[0])
	}
	if st[1].ReportsNew != 0 || st[1].ReportsChanged != 0 || st[1].ReportsUnchanged != second.Reports || st[1].NotModified != second.NotModified {
		t.Errorf("second run stats %+v", st[1])
	}
	if st[0].Run == st[1].Run || st[1].Started.Before(st[0].Ended) {
		t.Errorf("runs %s %s overlap", st[0].Run, st[1].Run)
	}
}

// warcRecords counts the records of every WARC file of dir by type (and
// revisit profile).
func warcRecords(t *testing.T, dir string) map[string]int {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "archive", "*.warc.gz"))
	out := map[string]int{}
	var mu sync.Mutex
	for _, f := range files {
		r, err := gowarc.NewWarcFileReader(f, 0)
		if err != nil {
			t.Fatal(err)
		}
		for rec, err := range r.Records() {
			if err != nil {
				t.Fatal(err)
			}
			k := rec.WarcRecord.Type().String()
			if rec.WarcRecord.Type() == gowarc.Revisit {
				k += " " + rec.WarcRecord.WarcHeader().Get(gowarc.WarcProfile)
			}
			mu.Lock()
			out[k]++
			mu.Unlock()
			rec.Close()
		}
		r.Close()
	}
	return out
}
