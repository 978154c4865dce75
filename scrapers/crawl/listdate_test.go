package crawl

import (
	"context"
	"testing"

	"ogi/internal/simnet"
	"ogi/scrapers/archive"
)

// TestListDatesJournalled: the date every CMS's list prints beside a
// report's link (TRS, VSB and generic list rows, Hanweb records, gkmlpt
// create_time) reaches the archive with the report (Entry.ListDate), and
// is the date the portal published it.
func TestListDatesJournalled(t *testing.T) {
	if testing.Short() {
		t.Skip("simnet crawl")
	}
	n, err := simnet.Start(simnet.Config{Seed: 3, Portals: 24, Lapses: true})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	dir := t.TempDir()
	ctx := context.Background()
	if _, err := Run(ctx, simConfig(dir, n), simPortals(t, n)); err != nil {
		t.Fatal(err)
	}
	entries, err := archive.ReportEntries(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	dated := map[string]string{}
	for _, e := range entries {
		if e.Kind == archive.KindReport && !e.ListDate.IsZero() {
			dated[e.URL] = e.ListDate.Format("2006-01-02")
		}
	}
	adapters := map[string]string{}
	for _, p := range n.Portals() {
		adapters[p.Code] = p.Adapter
	}
	byAdapter := map[string]int{}
	for _, e := range n.Expected() {
		if e.Scope != simnet.ScopeOwn {
			continue // sub-columns are registry rows of their own, not in this registry
		}
		got, ok := dated[e.URL]
		if !ok {
			t.Errorf("%s (%s): no list date journalled", e.URL, adapters[e.PortalCode])
			continue
		}
		want := e.Published.Format("2006-01-02")
		if adapters[e.PortalCode] == simnet.AdapterGkmlpt {
			// create_time is a Unix time, read in China Standard Time: the
			// network's times (kept as UTC) can fall on the next day there.
			if got != want && got != e.Published.AddDate(0, 0, 1).Format("2006-01-02") {
				t.Errorf("%s: list date %s, published %s", e.URL, got, want)
			}
		} else if got != want {
			t.Errorf("%s (%s): list date %s, published %s", e.URL, adapters[e.PortalCode], got, want)
		}
		byAdapter[adapters[e.PortalCode]]++
	}
	for _, a := range []string{simnet.AdapterTRS, simnet.AdapterHanweb, simnet.AdapterGkmlpt, simnet.AdapterVSB, simnet.AdapterGeneric} {
		if byAdapter[a] == 0 {
			t.Errorf("no dated report of a %s portal in this network: the test no longer covers it (%v)", a, byAdapter)
		}
	}
}
