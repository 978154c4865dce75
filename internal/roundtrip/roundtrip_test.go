// Package roundtrip checks extraction end to end against the simulated
// portal network: every report a fault-free portal publishes is fetched
// over loopback HTTP, extracted, and compared cell for cell with the
// figures the network printed.
package roundtrip

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"ogi/internal/simnet"
	"ogi/pipeline/extract"
	"ogi/pipeline/report"
	"ogi/schema"
)

// fetch GETs u through the network and returns the body and Content-Type.
func fetch(ctx context.Context, hc *http.Client, u string) ([]byte, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", fmt.Errorf("request %s: %w", u, err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("get %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("get %s: %s", u, resp.Status)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", u, err)
	}
	return b, resp.Header.Get("Content-Type"), nil
}

// extractOne extracts the report of e: the detail page, or its attachment
// when the tables are printed there.
func extractOne(ctx context.Context, hc *http.Client, e simnet.Expected) (report.Report, error) {
	u := e.URL
	if (e.Rendering == simnet.RenderPDF || e.Rendering == simnet.RenderDOCX) && len(e.Attachments) > 0 {
		u = e.Attachments[0]
	}
	body, ct, err := fetch(ctx, hc, u)
	if err != nil {
		return report.Report{}, err
	}
	name := u
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return extract.Report(ctx, strings.NewReader(string(body)), extract.Meta{Source: u, ContentType: ct, Name: name})
}

// compare lists every cell where got differs from the printed figures.
func compare(e simnet.Expected, got report.Report) []string {
	tmpl, ok := schema.Lookup(e.Template)
	if !ok {
		return []string{"unknown template " + e.Template}
	}
	var bad []string
	check := func(table, row, col string, v report.Value, present bool) {
		ref := schema.Ref{Table: table, Row: row, Col: col}
		want := e.Figures.Value(ref)
		wantBlank := e.Figures.IsBlank(ref)
		where := table + " " + row
		if col != "" {
			where += "/" + col
		}
		switch {
		case !present:
			bad = append(bad, fmt.Sprintf("%s: missing, want %v", where, want))
		case wantBlank && !v.Blank:
			bad = append(bad, fmt.Sprintf("%s: got %v (%q), want blank", where, v.Num, v.Raw))
		case !wantBlank && v.Blank:
			bad = append(bad, fmt.Sprintf("%s: got blank (%q), want %v", where, v.Raw, want))
		case !wantBlank && math.Abs(v.Num-want) > 1e-6:
			bad = append(bad, fmt.Sprintf("%s: got %v (%q at %s), want %v", where, v.Num, v.Raw, v.Locator, want))
		}
	}
	for _, k := range tmpl.ActiveKeys() {
		if _, printed := e.Figures.Active[k]; !printed && !e.Figures.IsBlank(schema.Ref{Table: schema.TableActive, Row: k}) {
			continue
		}
		v, ok := got.Active[k]
		check(schema.TableActive, k, "", v, ok)
	}
	for _, r := range tmpl.RowKeys() {
		for _, c := range tmpl.ColumnKeys() {
			v, ok := got.Applications[r][c]
			check(schema.TableApplications, r, c, v, ok)
		}
	}
	for _, k := range tmpl.ReviewKeys() {
		v, ok := got.ReviewLitigation[k]
		check(schema.TableReview, k, "", v, ok)
	}
	return bad
}

// typoOnly reports whether the faults on the way to a report leave it
// reachable by a client that does not retry: none, or a typo'd figure.
func typoOnly(faults []string) bool {
	for _, f := range faults {
		if f != simnet.FaultTypo {
			return false
		}
	}
	return true
}

// hardFailures lists the ids of the failed hard checks, sorted, comma-joined.
func hardFailures(r report.Report) string {
	var ids []string
	for _, c := range r.Checks {
		if !c.OK && c.Severity == schema.Hard {
			ids = append(ids, c.ID)
		}
	}
	sort.Strings(ids)
	return strings.Join(ids, ",")
}

// TestCompareCatches makes sure the comparison sees a changed, a missing
// and a blanked cell.
func TestCompareCatches(t *testing.T) {
	e := simnet.Expected{Template: schema.V2021, Figures: simnet.Figures{
		Active:           map[string]float64{},
		Applications:     map[string]map[string]float64{"new_received": {"total": 5}},
		ReviewLitigation: map[string]float64{},
	}}
	got := report.Report{Applications: map[string]map[string]report.Value{"new_received": {"total": report.Number(5, "5", "")}}}
	base := len(compare(e, got))
	got.Applications["new_received"]["total"] = report.Number(6, "6", "")
	if n := len(compare(e, got)); n != base+1 {
		t.Errorf("changed cell: %d mismatches, want %d", n, base+1)
	}
	got.Applications["new_received"]["total"] = report.BlankValue("", "")
	if n := len(compare(e, got)); n != base+1 {
		t.Errorf("blanked cell: %d mismatches, want %d", n, base+1)
	}
	delete(got.Applications["new_received"], "total")
	if n := len(compare(e, got)); n != base+1 {
		t.Errorf("missing cell: %d mismatches, want %d", n, base+1)
	}
}

func TestRoundTrip(t *testing.T) {
	seeds := []int64{1, 2, 3}
	if s := os.Getenv("ROUNDTRIP_SEEDS"); s != "" {
		seeds = parseSeeds(t, s)
	}
	portals := 12
	if testing.Short() {
		seeds, portals = seeds[:1], 6
	}
	_, lookErr := exec.LookPath("pdftotext")
	if lookErr != nil {
		t.Log("pdftotext missing: PDF renderings are skipped")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	stats := map[string][2]int{} // rendering → {reports, exact}
	for _, seed := range seeds {
		n, err := simnet.Start(simnet.Config{Seed: seed, Portals: portals, Faults: true, Provinces: []string{"37", "44", "62", "33", "51"}})
		if err != nil {
			t.Fatalf("seed %d: start: %v", seed, err)
		}
		hc := &http.Client{Transport: n.Transport(), Timeout: 30 * time.Second}
		for _, e := range n.Expected() {
			if e.Template == "" || !typoOnly(e.Faults) || e.Blocked != "" {
				continue
			}
			if e.Rendering == simnet.RenderPDF && lookErr != nil {
				continue
			}
			key := e.Rendering + "/" + e.Template
			s := stats[key]
			s[0]++
			got, err := extractOne(ctx, hc, e)
			if err != nil {
				t.Errorf("seed %d %s: %v", seed, e.URL, err)
				stats[key] = s
				continue
			}
			if got.Status != report.StatusOK {
				t.Errorf("seed %d %s (%s, %s, %s): status %s %s %s", seed, e.URL, e.Rendering, e.Encoding, e.Template, got.Status, got.Reason, got.Detail)
				stats[key] = s
				continue
			}
			if got.Template != e.Template {
				t.Errorf("seed %d %s: template %s, want %s", seed, e.URL, got.Template, e.Template)
			}
			if f, w := hardFailures(got), strings.Join(e.FailedChecks, ","); f != w {
				t.Errorf("seed %d %s: failed checks %q, want %q", seed, e.URL, f, w)
			}
			if bad := compare(e, got); len(bad) > 0 {
				if len(bad) > 8 {
					bad = append(bad[:8], fmt.Sprintf("… %d more", len(bad)-8))
				}
				t.Errorf("seed %d %s (%s, %s, %s):\n  %s", seed, e.URL, e.Rendering, e.Encoding, e.Template, strings.Join(bad, "\n  "))
			} else {
				s[1]++
			}
			stats[key] = s
		}
		if err := n.Close(); err != nil {
			t.Errorf("seed %d: close: %v", seed, err)
		}
	}
	keys := make([]string, 0, len(stats))
	total := 0
	for k, s := range stats {
		keys = append(keys, k)
		total += s[0]
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-24s %3d reports, %3d exact", k, stats[k][0], stats[k][1])
	}
	if total < 20 {
		t.Errorf("only %d reports compared; the network should publish more", total)
	}
}

// parseSeeds reads ROUNDTRIP_SEEDS ("1-40" or "5,9,12") for longer runs.
func parseSeeds(t *testing.T, s string) []int64 {
	t.Helper()
	var out []int64
	for _, part := range strings.Split(s, ",") {
		var a, b int64
		if n, _ := fmt.Sscanf(part, "%d-%d", &a, &b); n == 2 {
			for i := a; i <= b; i++ {
				out = append(out, i)
			}
			continue
		}
		if _, err := fmt.Sscanf(part, "%d", &a); err != nil {
			t.Fatalf("ROUNDTRIP_SEEDS %q: %v", s, err)
		}
		out = append(out, a)
	}
	return out
}
