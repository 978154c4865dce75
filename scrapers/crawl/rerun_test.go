package crawl

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ogi/internal/simnet"
	"ogi/scrapers/archive"
)

// TestNightlyRerun: a second run sends conditional requests and archives
// nothing new; after an edit and a removal the third run archives a new
// version of the edited report (both kept) and marks the removed one gone.
func TestNightlyRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("simnet crawl")
	}
	n, err := simnet.Start(simnet.Config{Seed: 3, Portals: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	dir := t.TempDir()
	ctx := context.Background()
	ps := simPortals(t, n)
	first, err := Run(ctx, simConfig(dir, n), ps)
	if err != nil || first.Failed() {
		t.Fatalf("first run: %v %v", err, first.Failures)
	}
	before, _ := archive.ReportEntries(ctx, dir)
	mark := len(n.Requests())
	second, err := Run(ctx, simConfig(dir, n), ps)
	if err != nil {
		t.Fatal(err)
	}
	if second.ReportsNew != 0 || second.AttachNew != 0 {
		t.Errorf("second run archived %d reports, %d attachments anew", second.ReportsNew, second.AttachNew)
	}
	if second.Bytes*20 > first.Bytes {
		t.Errorf("second run moved %d bytes, first %d (want < 5%%)", second.Bytes, first.Bytes)
	}
	for _, r := range n.Requests()[mark:] {
		if r.Path != "/robots.txt" && r.Method == "GET" && !r.Conditional {
			t.Errorf("unconditional re-request %s%s", r.Host, r.Path)
		}
	}
	after, _ := archive.ReportEntries(ctx, dir)
	if len(after) != len(before) {
		t.Errorf("entries %d → %d on an unchanged network", len(before), len(after))
	}
	exp := n.Expected()
	edited, removed := exp[0].URL, exp[len(exp)-1].URL
	if err := n.Edit(edited); err != nil {
		t.Fatal(err)
	}
	if err := n.Remove(removed); err != nil {
		t.Fatal(err)
	}
	third, err := Run(ctx, simConfig(dir, n), ps)
	if err != nil {
		t.Fatal(err)
	}
	if third.ReportsNew != 1 || third.Gone < 1 {
		t.Errorf("third run: %d new, %d gone; want 1 new, ≥1 gone", third.ReportsNew, third.Gone)
	}
	final, _ := archive.ReportEntries(ctx, dir)
	versions, goneSeen := 0, false
	for _, e := range final {
		if e.URL == edited {
			versions++
			if _, err := archive.ReadPayload(dir, e); err != nil {
				t.Error(err)
			}
		}
		if e.URL == removed {
			goneSeen = true
			if !e.Gone {
				t.Errorf("%s not marked gone", removed)
			}
			if _, err := archive.ReadPayload(dir, e); err != nil {
				t.Errorf("gone copy unreadable: %v", err)
			}
		}
	}
	if versions != 2 || !goneSeen {
		t.Errorf("edited report has %d versions (want 2); removed copy kept: %v", versions, goneSeen)
	}
	for _, v := range n.Violations() {
		t.Errorf("violation: %s", v)
	}
}

// TestKillAndResume SIGKILLs a crawl (a child process) mid-run, tears the
// tail of its WARC file as a crash would, and runs again: the crawl carries
// on, nothing already kept is fetched again in full, every report ends up
// archived exactly once and every WARC record reads back.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("simnet crawl")
	}
	if os.Getenv("OGI_CRAWL_CHILD") != "" {
		return
	}
	n, err := simnet.Start(simnet.Config{Seed: 5, Portals: 6})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestCrawlChild$", "-test.v")
	cmd.Env = append(os.Environ(), "OGI_CRAWL_CHILD="+dir, "OGI_SIMNET_ADDR="+n.Addr(), "OGI_SIMNET_SEED=5", "OGI_SIMNET_PORTALS=6")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once a good part of the reports is archived; a child that has
	// not got that far by the deadline fails the test (killed at another
	// point, the rerun would test something else).
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, _ := os.ReadFile(filepath.Join(dir, "state", "journal.jsonl"))
		if strings.Count(string(b), `"kind":"report"`) >= 12 {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("the child archived %d reports in 60 s, not the 12 to kill it at", strings.Count(string(b), `"kind":"report"`))
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	// A crash mid-write leaves half a record: simulate it.
	files, _ := filepath.Glob(filepath.Join(dir, "archive", "*.warc.gz"))
	if len(files) == 0 {
		t.Fatal("no WARC file after the kill")
	}
	f, _ := os.OpenFile(files[0], os.O_WRONLY|os.O_APPEND, 0)
	f.Write([]byte("\x1f\x8b\x08\x00torn"))
	f.Close()
	partial, _ := archive.ReportEntries(context.Background(), dir)
	if len(partial) == 0 {
		t.Fatal("nothing archived before the kill")
	}
	kept := map[string]bool{}
	for _, e := range partial {
		kept[e.URL] = true
	}
	mark := len(n.Requests())
	sum, err := Run(context.Background(), simConfig(dir, n), simPortals(t, n))
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Resumed {
		t.Error("second run did not resume the interrupted one")
	}
	for _, r := range n.Requests()[mark:] {
		if kept["http://"+r.Host+r.Path] && r.Status == 200 {
			t.Errorf("%s%s fetched again in full after resume", r.Host, r.Path)
		}
	}
	entries, err := archive.ReportEntries(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range entries {
		seen[e.URL]++
		if _, err := archive.ReadPayload(dir, e); err != nil {
			t.Errorf("unreadable after resume: %v", err)
		}
	}
	for u, c := range seen {
		if c != 1 {
			t.Errorf("%s archived %d times", u, c)
		}
	}
	for _, e := range n.Expected() {
		if e.Blocked == "" && seen[e.URL] == 0 {
			t.Errorf("missing %s after resume", e.URL)
		}
	}
	for _, v := range n.Violations() {
		t.Errorf("violation: %s", v)
	}
}
