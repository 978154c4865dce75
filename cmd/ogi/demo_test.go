package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"ogi/internal/synth"
	"ogi/pipeline/dataset"
	"ogi/pipeline/query"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDemoThenServe runs `ogi demo --no-serve` end to end on a smaller
// simulated network (real crawl, real build, real comparison), then serves
// its dataset with `ogi serve` on a free loopback port and reads pages
// back until the context stops the server.
func TestDemoThenServe(t *testing.T) {
	if testing.Short() {
		t.Skip("demo end to end skipped in -short mode")
	}
	dir := filepath.Join(t.TempDir(), "demo-data")
	var out, errOut bytes.Buffer
	start := time.Now()
	code := run([]string{"demo", "--no-serve", "--portals", "24", "--data", dir}, &out, &errOut)
	t.Logf("demo took %s", time.Since(start).Round(time.Millisecond))
	if code != 0 {
		t.Fatalf("demo exited %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	got := out.String()
	for _, want := range []string{"== simulated network: 24 portals in 3 provinces", "== crawl", "politeness violations seen by the portals: 0",
		"== build", "== Fastest-growing applications", "== Highest reconsideration correction rates", "== done in"} {
		if !strings.Contains(got, want) {
			t.Errorf("demo output lacks %q:\n%s", want, got)
		}
	}
	// The crawl started from home pages only: every published column was
	// discovered and every reachable report archived.
	if m := regexp.MustCompile(`discovery:\s+(\d+) of (\d+) published columns found from 24 home pages \(0 not columns\)`).FindStringSubmatch(got); m == nil || m[1] != m[2] {
		t.Errorf("demo did not discover every column from the home pages:\n%s", got)
	}
	if m := regexp.MustCompile(`reports:\s+(\d+) of (\d+) reachable reports archived`).FindStringSubmatch(got); m == nil || m[1] != m[2] {
		t.Errorf("demo did not archive every reachable report:\n%s", got)
	}
	// The comparison prints ranked rows: "  1. 370685 招远市 … 12.3%  (n / d)".
	if !regexp.MustCompile(`(?m)^\s+1\. \d{6} \S+\s+-?\d+\.\d%  \(\d+ / \d+\)$`).MatchString(got) {
		t.Errorf("demo printed no ranked comparison row:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "dataset", "manifest.json")); err != nil {
		t.Errorf("demo left no dataset: %v", err)
	}
	// The network left some reports out and published some late: the
	// demo says so, and ogi brief names them.
	if !regexp.MustCompile(`(?m)^山东省: \d+ of \d+ crawled governments published; missing: `).MatchString(got) {
		t.Errorf("demo printed no coverage line:\n%s", got)
	}
	checkBriefNamesLapses(t, dir, 1, 24)

	// ogi serve over the demo's dataset.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var serveErr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runServe(ctx, []string{"--data", dir, "--addr", "127.0.0.1:0"}, pw, &serveErr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed no address: %v (stderr %s)", err, serveErr.String())
	}
	go io.Copy(io.Discard, pr)
	m := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line)
	if m == "" {
		t.Fatalf("serve printed %q", line)
	}
	for _, path := range []string{"", "quality", "download/reports.csv"} {
		resp, err := http.Get(m + path)
		if err != nil {
			t.Fatalf("GET /%s: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /%s: %d %s", path, resp.StatusCode, body)
		}
		if path == "" && !strings.Contains(string(body), `href="/province/`) {
			t.Errorf("index lists no province:\n%s", body)
		}
	}
	// The archived copy of a crawled report, as fetched.
	resp, err := http.Get(m + "download/reports.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(resp.Body).ReadAll()
	resp.Body.Close()
	if err != nil || len(recs) < 2 {
		t.Fatalf("reports.csv: %v (%d rows)", err, len(recs))
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	id, sha := recs[1][col["report_id"]], recs[1][col["sha256"]]
	resp, err = http.Get(m + "archive/" + id)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if sum := sha256.Sum256(body); resp.StatusCode != http.StatusOK || hex.EncodeToString(sum[:]) != sha {
		t.Errorf("archived copy of %s: %d, sha256 %x, want %s", id, resp.StatusCode, sum, sha)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") {
		t.Errorf("archived copy served without a sandbox: %q", csp)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, serveErr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
}

func TestServeFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"serve"}, &out, &errOut); code != 2 {
		t.Errorf("serve without --data: exit %d", code)
	}
	errOut.Reset()
	if code := run([]string{"serve", "--data", t.TempDir(), "--addr", "0.0.0.0:8080"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "loopback") {
		t.Errorf("serve on a public address: exit %d, %s", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0"}, &out, &errOut); code != 1 || errOut.Len() == 0 {
		t.Errorf("serve of a folder without a dataset: exit %d, %q", code, errOut.String())
	}
	if code := run([]string{"demo", "--portals", "0"}, &out, &errOut); code != 2 {
		t.Errorf("demo --portals 0: exit %d", code)
	}
	if code := run([]string{"demo", "--addr", "0.0.0.0:80"}, &out, &errOut); code != 2 {
		t.Errorf("demo on a public address: exit %d", code)
	}
	out.Reset()
	if code := run([]string{"serve", "-h"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "--data DIR") {
		t.Errorf("serve -h: exit %d, %q", code, out.String())
	}
}

// The demo falls back to a free port when its address is busy: it relies
// on serveDashboard's error for a busy port being EADDRINUSE.
func TestServeDashboardBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = serveDashboard(ctx, syntheticData(t), ln.Addr().String(), false, nil, slog.New(slog.DiscardHandler), io.Discard)
	if !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("serve on a busy port: err = %v, want EADDRINUSE", err)
	}
}

// A running dashboard picks up the dataset of a later build.
func TestWatchDatasetReloadsANewBuild(t *testing.T) {
	dir := t.TempDir()
	build := func(years, last int) {
		prep, juris := synth.Dataset(20, years, last, 1)
		if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: juris}); err != nil {
			t.Fatal(err)
		}
	}
	build(2, 2022)
	db, err := query.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		watchDataset(ctx, db, dir, 10*time.Millisecond, slog.New(slog.DiscardHandler))
	}()
	defer func() { cancel(); <-watched }()
	count := func() any {
		res, err := db.Query(context.Background(), "SELECT count(*) FROM reports")
		if err != nil {
			return err // the files can be missing for a moment while a build swaps them in
		}
		return res.Rows[0][0]
	}
	if n := count(); n != int64(40) {
		t.Fatalf("first build: %v reports", n)
	}
	build(3, 2023)
	for deadline := time.Now().Add(20 * time.Second); count() != int64(60); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the dashboard still serves %v reports, not the new build's 60", count())
		}
	}
}
