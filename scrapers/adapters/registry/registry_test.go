package registry

import (
	"context"
	"strings"
	"testing"
	"time"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/adapterstest"
	"ogi/scrapers/fetch"
)

func newFetcher(n *adapterstest.Network) *fetch.Fetcher {
	return fetch.New(fetch.Options{MinDelay: time.Millisecond, DialContext: n.DialContext, BackoffBase: time.Millisecond})
}

// TestConformance runs every adapter — and auto-detection — against the
// fixture portal of its CMS: each must find exactly the published reports
// (through pagination, XML data proxies and JSON APIs), with their years,
// and no distractor.
func TestConformance(t *testing.T) {
	n := adapterstest.Start()
	defer n.Close()
	f := newFetcher(n)
	defer f.Close()
	ctx := context.Background()
	for _, p := range n.Portals() {
		for _, name := range []string{p.Adapter, "auto"} {
			t.Run(p.Adapter+"/"+name, func(t *testing.T) {
				a, err := Lookup(name)
				if err != nil {
					t.Fatal(err)
				}
				links, err := a.Discover(ctx, f, p.ListURL)
				if err != nil {
					t.Fatalf("Discover: %v", err)
				}
				var got []string
				for _, l := range links {
					got = append(got, l.URL)
					if l.Year < 2019 || l.Year > 2024 {
						t.Errorf("%s: year %d", l.URL, l.Year)
					}
					if y, ok := adapters.Candidate(l.Title); !ok || y != l.Year {
						t.Errorf("%s: title %q does not name year %d", l.URL, l.Title, l.Year)
					}
				}
				if strings.Join(got, "\n") != strings.Join(p.Reports, "\n") {
					t.Errorf("found\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(p.Reports, "\n"))
				}
			})
		}
	}
}

// TestDetect checks that auto-detection picks each portal's CMS.
func TestDetect(t *testing.T) {
	n := adapterstest.Start()
	defer n.Close()
	f := newFetcher(n)
	defer f.Close()
	for _, p := range n.Portals() {
		pg, err := adapters.Get(context.Background(), f, p.ListURL)
		if err != nil {
			t.Fatal(err)
		}
		if got := Detect(pg).Name(); got != p.Adapter {
			t.Errorf("%s: detected %s, want %s", p.ListURL, got, p.Adapter)
		}
	}
}

// TestRemovedReportDropsFromLists: after a removal every adapter stops
// listing the report.
func TestRemovedReportDropsFromLists(t *testing.T) {
	n := adapterstest.Start()
	defer n.Close()
	f := newFetcher(n)
	defer f.Close()
	for _, p := range n.Portals() {
		n.Remove(p.Reports[0])
		a, _ := Lookup(p.Adapter)
		links, err := a.Discover(context.Background(), f, p.ListURL)
		if err != nil {
			t.Fatalf("%s: %v", p.Adapter, err)
		}
		for _, l := range links {
			if l.URL == p.Reports[0] {
				t.Errorf("%s: removed report still listed", p.Adapter)
			}
		}
		if len(links) != len(p.Reports)-1 {
			t.Errorf("%s: %d links, want %d", p.Adapter, len(links), len(p.Reports)-1)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, n := range Names() {
		if _, err := Lookup(n); err != nil {
			t.Errorf("Lookup(%q): %v", n, err)
		}
	}
	if _, err := Lookup("wordpress"); err == nil {
		t.Error("Lookup(wordpress) succeeded")
	}
}
