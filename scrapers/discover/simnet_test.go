package discover

import (
	"context"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"ogi/internal/simnet"
	"ogi/scrapers/fetch"
)

// discoverAll discovers every portal of n from its home page through the
// polite fetcher, several hosts at once.
func discoverAll(t testing.TB, n *simnet.Network, opt fetch.Options) map[string]Result {
	opt.DialContext = n.DialContext
	opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	f := fetch.New(opt)
	defer f.Close()
	var mu sync.Mutex
	out := map[string]Result{}
	var g errgroup.Group
	g.SetLimit(32)
	for _, p := range n.Portals() {
		g.Go(func() error {
			res, err := Discover(context.Background(), f, p.HomeURL, Options{Level: levelOf(p.Code)})
			if err != nil {
				t.Errorf("%s %s (%s): %v", p.Code, p.HomeURL, p.Adapter, err)
			}
			mu.Lock()
			out[p.Code] = res
			mu.Unlock()
			return nil
		})
	}
	_ = g.Wait()
	return out
}

func levelOf(code string) string {
	if strings.HasSuffix(code, "00") {
		return "prefecture"
	}
	return "county"
}

// checkColumns compares what was discovered with the simulated portal's
// columns: every column found, with its scope, and nothing else.
func checkColumns(t testing.TB, p simnet.Portal, res Result) (found, published int) {
	t.Helper()
	published = len(p.Columns)
	matched := make([]bool, len(res.Columns))
	for _, want := range p.Columns {
		ok := false
		for i, c := range res.Columns {
			if got, in := p.ColumnAt(c.URL); in && got == want && string(c.Scope) == want.Scope {
				ok, matched[i] = true, true
			}
		}
		if ok {
			found++
		} else {
			t.Errorf("%s (%s): column %q %s (%s) not found; found %+v", p.Code, p.Adapter, want.Label, want.ListURL, want.Scope, res.Columns)
		}
	}
	for i, c := range res.Columns {
		if !matched[i] {
			t.Errorf("%s (%s): found a column that is not one: %+v", p.Code, p.Adapter, c)
		}
	}
	return found, published
}

// TestDiscoverSimnet discovers every portal of a faulty simulated network
// from its home page alone: every column is found with its scope, no
// look-alike is taken, at most 15 requests per portal (robots.txt
// included; the fetcher's retries of faulty answers aside), and the
// portals see no politeness violation. On a network without faults the
// portals' own request logs must show at most 15 per portal.
func TestDiscoverSimnet(t *testing.T) {
	portals := 150
	if testing.Short() {
		portals = 40
	}
	for _, seed := range []int64{3, 17} {
		n, err := simnet.Start(simnet.Config{Seed: seed, Portals: portals, Faults: true, Provinces: []string{"37", "44", "62", "33", "51"},
			CrawlDelay: 30 * time.Millisecond, MinInterval: 5 * time.Millisecond, Stall: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		res := discoverAll(t, n, fetch.Options{MinDelay: 6 * time.Millisecond, BackoffBase: 5 * time.Millisecond,
			HeaderTimeout: time.Second, BodyTimeout: 2 * time.Second})
		// Faults make the fetcher retry (5xx bursts answer each path
		// three times); the budget is on what discovery asks for.
		robots := map[string]int{}
		for _, r := range n.Requests() {
			if r.Path == "/robots.txt" {
				robots[r.Host]++
			}
		}
		found, published, worst := 0, 0, 0
		for _, p := range n.Portals() {
			f, pub := checkColumns(t, p, res[p.Code])
			found += f
			published += pub
			asked := res[p.Code].Requests + robots[p.Host]
			worst = max(worst, asked)
			if asked > 15 {
				t.Errorf("%s (%s): %d requests", p.Code, p.Adapter, asked)
			}
		}
		for _, v := range n.Violations() {
			t.Errorf("violation: %s", v)
		}
		t.Logf("seed %d: %d/%d columns found on %d portals; at most %d requests per portal", seed, found, published, len(n.Portals()), worst)
		n.Close()
	}
	n, err := simnet.Start(simnet.Config{Seed: 29, Portals: portals, Provinces: []string{"32", "36", "61", "65", "45"}, MinInterval: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	res := discoverAll(t, n, fetch.Options{MinDelay: 6 * time.Millisecond})
	perHost := map[string]int{}
	for _, r := range n.Requests() {
		perHost[r.Host]++
	}
	for _, p := range n.Portals() {
		checkColumns(t, p, res[p.Code])
		if perHost[p.Host] > 15 {
			t.Errorf("%s (%s): the portal saw %d requests", p.Code, p.Adapter, perHost[p.Host])
		}
	}
	for _, v := range n.Violations() {
		t.Errorf("violation: %s", v)
	}
}

// BenchmarkDiscover reports the requests per portal (robots.txt
// included) that discovery takes on the simulated network, from home
// pages alone.
func BenchmarkDiscover(b *testing.B) {
	for range b.N {
		n, err := simnet.Start(simnet.Config{Seed: 1, Portals: 200})
		if err != nil {
			b.Fatal(err)
		}
		res := discoverAll(b, n, fetch.Options{MinDelay: time.Millisecond, BackoffBase: time.Millisecond})
		perHost := map[string]int{}
		for _, r := range n.Requests() {
			perHost[r.Host]++
		}
		var counts []int
		total, cols := 0, 0
		for _, p := range n.Portals() {
			counts = append(counts, perHost[p.Host])
			total += perHost[p.Host]
			cols += len(res[p.Code].Columns)
		}
		sort.Ints(counts)
		b.ReportMetric(float64(total)/float64(len(counts)), "requests/portal")
		b.ReportMetric(float64(counts[len(counts)-1]), "max-requests/portal")
		b.ReportMetric(float64(counts[len(counts)*9/10]), "p90-requests/portal")
		b.ReportMetric(float64(cols)/float64(len(counts)), "columns/portal")
		n.Close()
	}
}
