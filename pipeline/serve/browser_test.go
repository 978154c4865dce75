package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDashboardInBrowser loads every page of the dashboard, served on
// loopback over the fixture dataset, in a real headless Chromium: no
// console error, no failed load, no CSP violation; the tables hold the
// right figures, the charts render and a header click sorts.
func TestDashboardInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := startBrowser(t, 1280)
	f := newFixture(t)
	visit := func(path string) {
		t.Helper()
		b.navigate(f.srv.URL + path)
		if p := b.Problems(); len(p) > 0 {
			t.Errorf("%s: browser reported:\n%s", path, strings.Join(p, "\n"))
		}
		var ready string
		b.eval(`document.documentElement.getAttribute("data-ready") || ""`, &ready)
		if ready != "1" {
			t.Errorf("%s: the page script did not run", path)
		}
	}

	visit("/")
	var provinces int
	b.eval(`document.querySelectorAll("#provinces tbody tr").length`, &provinces)
	if provinces != 1 {
		t.Errorf("index: %d provinces, want 1", provinces)
	}

	visit("/province/370000")
	var rows []struct {
		Code string
		New  string
	}
	var newCol int
	b.eval(`Array.from(document.querySelectorAll("#counties thead th")).findIndex(th => th.dataset.col === "new")`, &newCol)
	if newCol < 0 {
		t.Fatal("province table has no new-applications column")
	}
	b.eval(fmt.Sprintf(`Array.from(document.querySelectorAll("#counties tbody tr")).map(r => ({code: r.dataset.code, new: r.cells[%d].textContent}))`, newCol), &rows)
	got := map[string]string{}
	for _, r := range rows {
		got[r.Code] = r.New
	}
	for code, want := range map[string]string{"370685": "205", "370681": "52", "370683": "64", "370687": "6"} {
		if got[code] != want {
			t.Errorf("province table: %s new applications %q, want %q (rows %v)", code, got[code], want, rows)
		}
	}
	// Every chart drew something with a size.
	var charts []struct{ Marks, Width, Height float64 }
	b.eval(`Array.from(document.querySelectorAll("svg.chart")).map(s => { const r = s.getBoundingClientRect();
		return {marks: s.querySelectorAll("rect.bar, circle.point").length, width: r.width, height: r.height}; })`, &charts)
	if len(charts) != 3 {
		t.Fatalf("province page: %d charts, want 3", len(charts))
	}
	for i, c := range charts {
		if c.Marks == 0 || c.Width < 100 || c.Height < 100 {
			t.Errorf("chart %d: %+v", i, c)
		}
	}
	// Sorting by new applications, twice: descending order puts 招远 first.
	var first string
	b.eval(fmt.Sprintf(`(() => { const th = document.querySelectorAll("#counties thead th")[%d]; th.click(); th.click();
		return document.querySelector("#counties tbody tr").dataset.code; })()`, newCol), &first)
	if first != "370685" {
		t.Errorf("after sorting by new applications (descending) the first row is %s, want 370685", first)
	}
	if path := os.Getenv("OGI_SCREENSHOT"); path != "" {
		b.navigate(f.srv.URL + "/province/370000")
		if err := b.screenshot(filepath.Clean(path)); err != nil {
			t.Fatal(err)
		}
	}

	visit("/j/" + fixBrokenCode)
	var fails []string
	b.eval(`Array.from(document.querySelectorAll("td.fail[data-ref]")).map(td => td.getAttribute("data-ref"))`, &fails)
	if !contains(fails, "applications/"+fixBrokenRow+"/total") {
		t.Errorf("jurisdiction page: failed cells %v lack the wrong total", fails)
	}
	var bg string
	b.eval(`getComputedStyle(document.querySelector("td.fail[data-ref]")).backgroundColor`, &bg)
	if bg == "" || bg == "rgba(0, 0, 0, 0)" {
		t.Errorf("failed cell is not highlighted: background %q", bg)
	}

	visit("/j/370685")
	var cell string
	b.eval(`document.querySelector('td[data-ref="applications/new_received/total"]').textContent`, &cell)
	if cell != "205" {
		t.Errorf("招远 new_received total printed as %q, want 205", cell)
	}

	visit("/quality")
	var reasons []string
	b.eval(`Array.from(document.querySelectorAll("#notread tbody tr")).map(r => r.cells[3].textContent)`, &reasons)
	if !contains(reasons, "PRE2019_FREEFORM") || !contains(reasons, "UNREADABLE") {
		t.Errorf("quality page reasons %v", reasons)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
