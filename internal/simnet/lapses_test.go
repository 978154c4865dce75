package simnet

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLapsesMissingAndLate(t *testing.T) {
	cfg := Config{Seed: 11, Portals: 120, Provinces: []string{"37"}, Lapses: true}
	n := start(t, cfg)
	lapses := n.Lapses()
	var missing, late []Lapse
	for _, l := range lapses {
		switch l.Kind {
		case LapseMissing:
			missing = append(missing, l)
		case LapseLate:
			late = append(late, l)
		default:
			t.Errorf("lapse of unknown kind %+v", l)
		}
	}
	// 120 portals × 7 years at 5% and 7%: about 42 missing and 59 late.
	if len(missing) < 15 || len(late) < 25 {
		t.Fatalf("%d missing and %d late reports; want some of each", len(missing), len(late))
	}
	gov := map[string]Expected{}
	for _, e := range n.Expected() {
		if e.Kind == KindGovernment {
			gov[fmt.Sprint(e.PortalCode, e.Year)] = e
		}
	}
	for _, l := range missing {
		if e, ok := gov[fmt.Sprint(l.PortalCode, l.Year)]; ok {
			t.Errorf("%s %d is missing but published at %s", l.PortalCode, l.Year, e.URL)
		}
	}
	c := newClient(t, n, 0)
	checked := map[string]bool{}
	for _, l := range late {
		e, ok := gov[fmt.Sprint(l.PortalCode, l.Year)]
		if !ok {
			t.Errorf("%s %d is late but not published", l.PortalCode, l.Year)
			continue
		}
		// Independently of the package: 31 March of the next year.
		deadline := time.Date(l.Year+1, time.March, 31, 0, 0, 0, 0, time.UTC)
		shown := time.Date(e.Published.Year(), e.Published.Month(), e.Published.Day(), 0, 0, 0, 0, time.UTC)
		if !e.Late || !shown.After(deadline) || !e.Published.Equal(l.Published) {
			t.Errorf("%s %d: late %v, published %s (lapse says %s)", l.PortalCode, l.Year, e.Late, e.Published, l.Published)
		}
		if want := int(shown.Sub(deadline).Hours() / 24); l.DaysLate != want {
			t.Errorf("%s %d: %d days late, want %d", l.PortalCode, l.Year, l.DaysLate, want)
		}
		// The page prints the late date; a TRS or Hanweb URL carries it.
		if len(checked) < 6 && !checked[e.Encoding] {
			checked[e.Encoding] = true
			page := fetchPage(t, c, e)
			if want := "发布时间：" + e.Published.Format("2006-01-02"); !strings.Contains(page, want) {
				t.Errorf("%s: page lacks %q", e.URL, want)
			}
		}
		if strings.Contains(e.URL, "/art/") && !strings.Contains(e.URL, e.Published.Format("/art/2006/1/2/")) {
			t.Errorf("Hanweb URL %s does not carry the date %s", e.URL, e.Published.Format("2006-01-02"))
		}
		if i := strings.LastIndex(e.URL, "/t"); i > 0 && strings.Contains(e.URL[i:], "_") &&
			!strings.Contains(e.URL, e.Published.Format("/t20060102_")) {
			t.Errorf("TRS URL %s does not carry the date %s", e.URL, e.Published.Format("2006-01-02"))
		}
	}
	// On time otherwise: no report without a lapse is late.
	lateSet := map[string]bool{}
	for _, l := range late {
		lateSet[fmt.Sprint(l.PortalCode, l.Year)] = true
	}
	for k, e := range gov {
		if e.Late != lateSet[k] {
			t.Errorf("%s %d: Late %v, lapses say %v", e.PortalCode, e.Year, e.Late, lateSet[k])
		}
	}
	// Deterministic from the seed.
	again := start(t, cfg)
	if !reflect.DeepEqual(again.Lapses(), lapses) {
		t.Error("the same seed gave other lapses")
	}
}

// TestLapsesChangeOnlyTheirPortals: without Config.Lapses nothing lapses,
// and a portal without a lapse publishes exactly what it publishes
// without the option.
func TestLapsesChangeOnlyTheirPortals(t *testing.T) {
	cfg := Config{Seed: 5, Portals: 40}
	plain := start(t, cfg)
	if l := plain.Lapses(); len(l) != 0 {
		t.Fatalf("lapses without Config.Lapses: %v", l)
	}
	for _, e := range plain.Expected() {
		// (Department sub-columns publish into February: those are late
		// by the 31 January deadline whatever the option.)
		if e.Late && e.Kind == KindGovernment {
			t.Errorf("%s is late without Config.Lapses (published %s)", e.URL, e.Published)
		}
		if e.Late != e.Published.After(time.Date(e.Year+1, map[bool]time.Month{true: time.January, false: time.March}[e.Kind == KindDepartment], 31, 23, 59, 59, 0, time.UTC)) && e.Kind != KindPre2019 {
			t.Errorf("%s (%s %d) published %s: Late %v", e.URL, e.Kind, e.Year, e.Published, e.Late)
		}
	}
	cfg.Lapses = true
	lapsed := start(t, cfg)
	touched := map[string]bool{}
	for _, l := range lapsed.Lapses() {
		touched[l.PortalCode] = true
	}
	if len(touched) == 0 {
		t.Fatal("no portal lapsed")
	}
	byPortal := func(n *Network) map[string][]string {
		out := map[string][]string{}
		for _, e := range n.Expected() {
			out[e.PortalCode] = append(out[e.PortalCode], fmt.Sprint(e.URL, e.Published, e.Rendering, e.Figures.Applications))
		}
		return out
	}
	a, b := byPortal(plain), byPortal(lapsed)
	for code, list := range a {
		if touched[code] {
			continue
		}
		if !reflect.DeepEqual(list, b[code]) {
			t.Errorf("portal %s has no lapse but publishes something else with Config.Lapses", code)
		}
	}
}
