package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ogi/scrapers/crawl"
)

// TestCrawlProcessChild is the child of TestKillAnywhereSameDataset: ogi
// crawl over the parent's simulated network, until it is killed.
func TestCrawlProcessChild(t *testing.T) {
	data := os.Getenv("OGI_KILL_CHILD_DATA")
	if data == "" {
		t.Skip("child process of TestKillAnywhereSameDataset")
	}
	addr := os.Getenv("OGI_KILL_CHILD_SIM")
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
	// Slower than the parent's crawls, so that it is killed mid-run.
	args := append(crawlArgs(os.Getenv("OGI_KILL_CHILD_REGISTRY"), data), "--delay", "4s")
	crawlCommand(context.Background(), args, dial, io.Discard, io.Discard)
}

// kill -9 at any moment, then run again: the resumed crawl gives the
// dataset of an uninterrupted one (every table of reports, figures, checks
// and cells byte for byte; the crawl log holds the requests the killed
// process made besides), its exit status and failures are the whole
// night's, and the portals saw no politeness violation across the kill.
func TestKillAnywhereSameDataset(t *testing.T) {
	if testing.Short() {
		t.Skip("simnet crawls and process kills")
	}
	if os.Getenv("OGI_KILL_CHILD_DATA") != "" {
		return
	}
	ctx := context.Background()
	dir := t.TempDir()
	ref := faultySim(t)
	reg := filepath.Join(dir, "portals.csv")
	writeRegistry(t, ref, reg)
	refData := filepath.Join(dir, "uninterrupted")
	var refOut, errb bytes.Buffer
	refCode := crawlCommand(ctx, append(crawlArgs(reg, refData), "--stats-json"), ref.DialContext, &refOut, &errb)
	refStats := decodeStats(t, refOut.Bytes())
	if refCode != 1 || refStats.FailuresTotal == 0 {
		t.Fatalf("uninterrupted crawl: exit %d, failures %v (the network has faults)", refCode, refStats.Failures)
	}
	if code := runBuild(ctx, []string{"--data", refData}, io.Discard, &errb); code != 0 {
		t.Fatalf("build: %s", errb.String())
	}
	want := datasetFiles(t, refData)
	for _, killAt := range []int{1, 12, 40} {
		sim := faultySim(t)
		data := filepath.Join(dir, "killed", strings.Repeat("k", killAt%7+1)+time.Now().Format("150405.000"))
		cmd := exec.Command(os.Args[0], "-test.run", "^TestCrawlProcessChild$")
		cmd.Env = append(os.Environ(), "OGI_KILL_CHILD_DATA="+data, "OGI_KILL_CHILD_SIM="+sim.Addr(), "OGI_KILL_CHILD_REGISTRY="+reg)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		for {
			b, _ := os.ReadFile(filepath.Join(data, "state", "journal.jsonl"))
			if strings.Count(string(b), `"t":"resp"`) >= killAt {
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("kill at %d: the child archived too little in time", killAt)
			}
			time.Sleep(2 * time.Millisecond)
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		var out bytes.Buffer
		errb.Reset()
		code := crawlCommand(ctx, append(crawlArgs(reg, data), "--stats-json"), sim.DialContext, &out, &errb)
		st := decodeStats(t, out.Bytes())
		if !st.Resumed {
			t.Errorf("kill at %d: the rerun did not resume", killAt)
		}
		if code != refCode || !maps.Equal(st.Failures, refStats.Failures) {
			t.Errorf("kill at %d: rerun exit %d, failures %v; uninterrupted: exit %d, failures %v", killAt, code, st.Failures, refCode, refStats.Failures)
		}
		if st.Reports != refStats.Reports || st.ReportsNew != refStats.ReportsNew {
			t.Errorf("kill at %d: rerun found %d reports (%d new), uninterrupted %d (%d new)", killAt, st.Reports, st.ReportsNew, refStats.Reports, refStats.ReportsNew)
		}
		if v := sim.Violations(); len(v) > 0 {
			t.Errorf("kill at %d: politeness violations: %q", killAt, v[:min(3, len(v))])
		}
		if code := runBuild(ctx, []string{"--data", data}, io.Discard, &errb); code != 0 {
			t.Fatalf("build: %s", errb.String())
		}
		sameFiles(t, "killed and resumed vs uninterrupted", want, datasetFiles(t, data), func(name string) bool {
			return strings.HasPrefix(name, "fetches/") || name == "manifest.json"
		})
	}
}

func decodeStats(t *testing.T, b []byte) crawl.RunStats {
	t.Helper()
	var st crawl.RunStats
	if err := json.Unmarshal(bytes.TrimSpace(b), &st); err != nil {
		t.Fatalf("--stats-json output %q: %v", b, err)
	}
	return st
}
