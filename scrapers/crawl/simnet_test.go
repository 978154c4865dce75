package crawl

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"ogi/internal/simnet"
	"ogi/scrapers/archive"
	"ogi/scrapers/fetch"
)

func simConfig(dir string, n *simnet.Network) Config {
	var dial func(ctx context.Context, network, addr string) (net.Conn, error)
	if n != nil {
		dial = n.DialContext
	}
	return Config{
		DataDir:     dir,
		Concurrency: 64,
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		Fetch: fetch.Options{
			DialContext: dial, MinDelay: 30 * time.Millisecond, BackoffBase: 30 * time.Millisecond,
			HeaderTimeout: 2 * time.Second, BodyTimeout: 2 * time.Second, MaxBytes: 8 << 20, MaxRetries: 3,
		},
		Store: archive.StoreOptions{SyncEvery: 20 * time.Millisecond},
	}
}

func simPortals(t *testing.T, n *simnet.Network) []Portal {
	t.Helper()
	var b bytes.Buffer
	if err := n.WriteRegistry(&b); err != nil {
		t.Fatal(err)
	}
	ps, err := ReadRegistry(&b)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// TestSimnetFindsEveryReport crawls the simulated network with faults and
// Crawl-delays: every report a polite client can get must be archived, the
// blocked ones recorded as failures, and the server must see no politeness
// violation.
func TestSimnetFindsEveryReport(t *testing.T) {
	if testing.Short() {
		t.Skip("simnet crawl")
	}
	n, err := simnet.Start(simnet.Config{Seed: 9, Portals: 3 * len(simnet.FaultKinds()), Faults: true, CrawlDelay: 80 * time.Millisecond, MinInterval: 25 * time.Millisecond, Stall: 4 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	dir := t.TempDir()
	ctx := context.Background()
	sum, err := Run(ctx, simConfig(dir, n), simPortals(t, n))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sum.Write(&out)
	t.Logf("summary:\n%s", out.String())
	entries, err := archive.ReportEntries(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range entries {
		have[e.URL] = true
	}
	want, blocked := 0, 0
	kindOf := map[string]fetch.Kind{simnet.FaultChallenge: fetch.KindJSChallenge, simnet.FaultDisallow: fetch.KindRobots,
		simnet.FaultOversized: fetch.KindTooLarge, simnet.FaultGzipBomb: fetch.KindTooLarge, simnet.FaultRedirectLoop: fetch.KindTooManyRedirect,
		simnet.FaultListLoop: fetch.KindTooManyRedirect, simnet.FaultChallengeSome: fetch.KindJSChallenge}
	for _, e := range n.Expected() {
		if e.Blocked != "" {
			blocked++
			if k, ok := kindOf[e.Blocked]; !ok || sum.Failures[string(k)] == 0 {
				t.Errorf("blocked by %s but no %q failure recorded", e.Blocked, k)
			}
			if have[e.URL] {
				t.Errorf("blocked report %s (%s) archived", e.URL, e.Blocked)
			}
			continue
		}
		want++
		if !have[e.URL] {
			t.Errorf("missing report %s (%s, faults %v)", e.URL, e.Kind, e.Faults)
		}
		for _, a := range e.Attachments {
			if !have[a] {
				t.Errorf("missing attachment %s of %s", a, e.URL)
			}
		}
	}
	t.Logf("expected %d reachable reports, %d blocked", want, blocked)
	// The portals that serve GBK as charset=utf-8 were crawled right: their
	// reports were found by link text (checked above with every report).
	mislabelled := 0
	for _, e := range n.Expected() {
		if e.Encoding == simnet.EncGBKMislabelled && e.Blocked == "" && have[e.URL] {
			mislabelled++
		}
	}
	if mislabelled == 0 {
		t.Error("no report of a mislabelled-charset portal in this network: the test no longer covers it")
	}
	if blocked > 0 && !sum.Failed() {
		t.Error("blocked reports but no failure recorded")
	}
	for _, v := range n.Violations() {
		t.Errorf("violation: %s", v)
	}
}
