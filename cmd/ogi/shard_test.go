package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ogi/internal/simnet"
)

// faultySim is the simulated network of the shard and kill tests: faults
// on every third portal (5xx bursts, stalls, slow bodies, 429s, JS
// challenges, a redirect loop, robots Disallow, a list page looping …).
func faultySim(t *testing.T) *simnet.Network {
	t.Helper()
	n, err := simnet.Start(simnet.Config{Seed: 21, Portals: 21, Faults: true, Stall: 300 * time.Millisecond, MinInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

func writeRegistry(t *testing.T, n *simnet.Network, path string) {
	t.Helper()
	var b bytes.Buffer
	if err := n.WriteRegistry(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// crawlArgs crawl a simulated network with politeness scaled down and the
// recorded clock fixed (both crawls of a comparison record the same times).
func crawlArgs(reg, data string) []string {
	return []string{"--registry", reg, "--data", data, "--delay", "1s", "--delay-scale", "0.02", "--quiet",
		"--recorded-time", "2025-02-01T02:00:00Z"}
}

// datasetFiles hashes every file of a dataset folder (manifest and
// Parquet), by path.
func datasetFiles(t *testing.T, data string) map[string]string {
	t.Helper()
	out := map[string]string{}
	// The dataset folder may be a link to the build it serves.
	root, err := filepath.EvalSymlinks(filepath.Join(data, "dataset"))
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		s := sha256.Sum256(b)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(s[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameFiles(t *testing.T, what string, a, b map[string]string, skip func(string) bool) {
	t.Helper()
	var names []string
	for k := range a {
		names = append(names, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	compared := 0
	for _, k := range names {
		if skip != nil && skip(k) {
			continue
		}
		compared++
		if a[k] != b[k] {
			t.Errorf("%s: %s differs (%.12s vs %.12s)", what, k, a[k], b[k])
		}
	}
	if compared < 5 {
		t.Errorf("%s: only %d files compared", what, compared)
	}
}

// The dataset is byte-identical whatever the number of shards: the faulty
// simulated network crawled as one shard, and as three shards taken from
// the Slurm array variables (ids counted from 1) into three data folders,
// merged by ogi build --from, give the same Parquet files.
func TestShardedCrawlGivesTheSameDataset(t *testing.T) {
	if testing.Short() {
		t.Skip("simnet crawls")
	}
	ctx := context.Background()
	dir := t.TempDir()
	var errb bytes.Buffer
	one := faultySim(t)
	reg := filepath.Join(dir, "portals.csv")
	writeRegistry(t, one, reg)
	single := filepath.Join(dir, "single")
	if code := crawlCommand(ctx, crawlArgs(reg, single), one.DialContext, &bytes.Buffer{}, &errb); code != 1 {
		t.Fatalf("single crawl exit %d (want 1: the network has faults)\n%s", code, errb.String())
	}
	if v := one.Violations(); len(v) > 0 {
		t.Errorf("politeness violations: %v", v[:min(3, len(v))])
	}
	three := faultySim(t)
	var shards []string
	took := 0
	for task := 1; task <= 3; task++ {
		t.Setenv("SLURM_ARRAY_TASK_ID", fmt.Sprint(task))
		t.Setenv("SLURM_ARRAY_TASK_MIN", "1")
		t.Setenv("SLURM_ARRAY_TASK_MAX", "3")
		t.Setenv("SLURM_ARRAY_TASK_COUNT", "3")
		d := filepath.Join(dir, fmt.Sprintf("shard-%d", task))
		shards = append(shards, "--from", d)
		var out, eb bytes.Buffer
		crawlCommand(ctx, append(crawlArgs(reg, d), "--stats-json"), three.DialContext, &out, &eb)
		if !strings.Contains(eb.String(), fmt.Sprintf("shard=%d/3", task)) {
			t.Errorf("task %d: the log does not say which shard: %s", task, eb.String())
		}
		var portals int
		fmt.Sscanf(strings.SplitN(strings.SplitN(out.String(), `"portals":`, 2)[1], ",", 2)[0], "%d", &portals)
		took += portals
	}
	regBytes, _ := os.ReadFile(reg)
	if rows := strings.Count(strings.TrimSpace(string(regBytes)), "\n"); took != rows {
		t.Errorf("the shards took %d portals of the registry's %d", took, rows)
	}
	if v := three.Violations(); len(v) > 0 {
		t.Errorf("politeness violations (sharded): %v", v[:min(3, len(v))])
	}
	var out bytes.Buffer
	if code := runBuild(ctx, []string{"--data", filepath.Join(dir, "out1"), "--from", single}, &out, &errb); code != 0 {
		t.Fatalf("build: %d\n%s", code, errb.String())
	}
	if code := runBuild(ctx, append([]string{"--data", filepath.Join(dir, "out3")}, shards...), &out, &errb); code != 0 {
		t.Fatalf("build of the shards: %d\n%s", code, errb.String())
	}
	a, b := datasetFiles(t, filepath.Join(dir, "out1")), datasetFiles(t, filepath.Join(dir, "out3"))
	sameFiles(t, "1 shard vs 3 shards", a, b, nil)
	// The folders' order on the command line changes nothing either.
	rev := []string{"--data", filepath.Join(dir, "out3r")}
	for i := len(shards) - 1; i > 0; i -= 2 {
		rev = append(rev, "--from", shards[i])
	}
	if code := runBuild(ctx, rev, &out, &errb); code != 0 {
		t.Fatalf("build: %d\n%s", code, errb.String())
	}
	sameFiles(t, "shards in another order", b, datasetFiles(t, filepath.Join(dir, "out3r")), nil)
}

// OGI_SHARDS without JOB_COMPLETION_INDEX (a Kubernetes Job that is not
// Indexed) is refused like --shards N alone: every pod would otherwise
// crawl the whole registry, each host by several machines at once.
func TestShardCountWithoutIndexIsRefused(t *testing.T) {
	s, hits := countingPortal(t)
	reg := writeFile(t, "r.csv", "code,name,list_url,adapter\n500101,甲县,"+s.URL+"/nb/index.html,trs\n")
	t.Setenv("OGI_SHARDS", "3")
	var out, errb bytes.Buffer
	if code := runCrawl(context.Background(), []string{"--registry", reg, "--data", t.TempDir(), "--delay", "2ms", "--quiet"}, &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), "OGI_SHARDS=3 without a shard index") {
		t.Errorf("exit %d, want 2 naming OGI_SHARDS; stderr %q", code, errb.String())
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests sent without a shard index", n)
	}
	// With the index the same environment takes its shard.
	t.Setenv("JOB_COMPLETION_INDEX", "0")
	errb.Reset()
	runCrawl(context.Background(), []string{"--registry", reg, "--data", t.TempDir(), "--delay", "2ms", "--quiet"}, &out, &errb)
	if !strings.Contains(errb.String(), "shard=1/3") {
		t.Errorf("indexed: %s", errb.String())
	}
}

// ogi build --from refuses a folder that holds no crawl (a wrong path, a
// shard that never ran) instead of building a dataset without that
// shard's portals and exiting 0.
func TestBuildFromRefusesAFolderWithoutACrawl(t *testing.T) {
	s, _ := countingPortal(t)
	reg := writeFile(t, "r.csv", "code,name,list_url,adapter\n500101,甲县,"+s.URL+"/nb/index.html,trs\n")
	dir := t.TempDir()
	shard := filepath.Join(dir, "shard-1")
	var out, errb bytes.Buffer
	if code := runCrawl(context.Background(), []string{"--registry", reg, "--data", shard, "--delay", "2ms", "--quiet"}, &out, &errb); code != 0 {
		t.Fatalf("crawl exit %d: %s", code, errb.String())
	}
	empty := filepath.Join(dir, "shard-2")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := runBuild(context.Background(), []string{"--data", filepath.Join(dir, "out"), "--from", shard, "--from", empty}, &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), "--from "+empty+": not a crawl data folder") {
		t.Errorf("empty shard folder: exit %d, want 2; stderr %q", code, errb.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "dataset")); err == nil {
		t.Errorf("a dataset was built without shard-2")
	}
	errb.Reset()
	if code := runBuild(context.Background(), []string{"--data", filepath.Join(dir, "out"), "--from", shard}, &out, &errb); code != 0 {
		t.Errorf("the crawled shard alone: exit %d: %s", code, errb.String())
	}
}

// ogi run as a shard the registry leaves empty (more shards than hosts)
// crawls nothing and fails nothing: exit 0, not the build's "nothing to
// build". The shard that took the portal crawls and builds as usual.
func TestRunOnAnEmptyShardSucceeds(t *testing.T) {
	s, _ := countingPortal(t)
	reg := writeFile(t, "r.csv", "code,name,list_url,adapter\n500101,甲县,"+s.URL+"/nb/index.html,trs\n")
	took := 0
	for i := 1; i <= 2; i++ {
		data := filepath.Join(t.TempDir(), "d")
		var out, errb bytes.Buffer
		code := runRun(context.Background(), []string{"--registry", reg, "--data", data, "--delay", "2ms", "--quiet", "--shard", fmt.Sprintf("%d/2", i)}, &out, &errb)
		if code != 0 {
			t.Errorf("shard %d/2: exit %d\n%s%s", i, code, out.String(), errb.String())
		}
		if strings.Contains(out.String(), "portals:     1") {
			took++
			if _, err := os.Stat(filepath.Join(data, "dataset")); err != nil {
				t.Errorf("shard %d/2 crawled the portal but built no dataset: %v", i, err)
			}
		}
	}
	if took != 1 {
		t.Errorf("%d shards took the portal, want 1", took)
	}
}
