package serve

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"ogi/internal/officetest"
	"ogi/pipeline/docx"
	"ogi/pipeline/query"
)

// TestOfficeInBrowser is a provincial office's morning in a real
// Chromium on a 1366-pixel screen: the province table fits the screen
// with its header sticky and its coverage column, a county is found by
// name from the search box, its ranks are read, an ambiguous name lists
// its choices, and the comparison, coverage and briefing are downloaded
// and opened.
func TestOfficeInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := startBrowser(t, 1366)
	f := newFixture(t)
	clean := func(what string) {
		t.Helper()
		if p := b.Problems(); len(p) > 0 {
			t.Errorf("%s: browser reported:\n%s", what, strings.Join(p, "\n"))
		}
	}

	b.navigate(f.srv.URL + "/province/370000?year=2023")
	clean("province page")
	var fit struct {
		Page, Window, Table, Box float64
		Sticky                   string
	}
	b.eval(`(() => { const t = document.getElementById("counties"); return {
		page: document.documentElement.scrollWidth, window: window.innerWidth,
		table: t.scrollWidth, box: t.parentElement.clientWidth,
		sticky: getComputedStyle(t.querySelector("thead th")).position}; })()`, &fit)
	if fit.Window != 1366 || fit.Page > fit.Window || fit.Table > fit.Box {
		t.Errorf("at 1366 px something is cut off or scrolls sideways: %+v", fit)
	}
	if fit.Sticky != "sticky" {
		t.Errorf("the table header is %q, not sticky", fit.Sticky)
	}
	// The coverage column, and the row of a government that published
	// nothing greyed.
	var grey struct {
		Status, Color string
	}
	b.eval(`(() => { const r = document.querySelector('#counties tr[data-code="370600"]');
		return {status: r.cells[2].textContent, color: getComputedStyle(r.cells[0]).backgroundColor}; })()`, &grey)
	if grey.Status != "未抓取" || grey.Color == "rgba(0, 0, 0, 0)" || grey.Color == "rgb(255, 255, 255)" {
		t.Errorf("the prefecture's own row is not greyed: %+v", grey)
	}
	// Filter the table by coverage status.
	b.eval(`(() => { document.getElementById("status").value = "published"; return true; })()`, nil)
	b.clickAndLoad(`form.filters button[type="submit"]`)
	clean("filtered province page")
	var codes []string
	b.eval(`Array.from(document.querySelectorAll("#counties tbody tr")).map(r => r.dataset.code)`, &codes)
	if len(codes) != len(fixCounties) || contains(codes, "370600") {
		t.Errorf("status=published rows %v", codes)
	}

	// Find 招远 by name from the search box.
	b.eval(`(() => { document.getElementById("search").value = "招远"; return true; })()`, nil)
	b.clickAndLoad(`form.search button`)
	clean("jurisdiction page")
	var here string
	b.eval(`location.pathname`, &here)
	if here != "/j/370685" {
		t.Fatalf("the search for 招远 landed on %s", here)
	}
	var ranks map[string][2]string
	b.eval(`Object.fromEntries(Array.from(document.querySelectorAll("#ranks tbody tr")).map(r =>
		[r.dataset.metric, [r.querySelector(".rank-parent").textContent, r.querySelector(".rank-province").textContent]]))`, &ranks)
	// Independently: 招远's disclosure rate against the ranked counties.
	res, err := f.db.Compare(context.Background(), "disclosure_rate", query.Filter{Province: "370000", Year: 2023, Scope: query.ScopeGovAggregate})
	if err != nil {
		t.Fatal(err)
	}
	n, place := 0, 1
	col := columnIndex(res.Columns)
	var mine float64
	for _, r := range res.Rows {
		if r[col["code"]] == "370685" {
			mine = r[col["value"]].(float64)
		}
	}
	for _, r := range res.Rows {
		if r[col["rank"]] != nil {
			n++
			if r[col["value"]].(float64) > mine {
				place++
			}
		}
	}
	want := strconv.Itoa(place) + " / " + strconv.Itoa(n)
	if got := ranks["disclosure_rate"]; got[0] != want || got[1] != want {
		t.Errorf("招远's disclosure rate ranks %v, want %s", got, want)
	}
	var parents string
	b.eval(`document.getElementById("parents").textContent`, &parents)
	if !strings.Contains(parents, "山东省") || !strings.Contains(parents, "烟台市") {
		t.Errorf("parents %q", parents)
	}

	// An ambiguous name lists its choices.
	b.navigate(f.srv.URL + "/j/鼓楼区")
	var choices []string
	b.eval(`Array.from(document.querySelectorAll("#choices a")).map(a => a.dataset.code)`, &choices)
	if len(choices) != 2 || !contains(choices, "320106") || !contains(choices, "350102") {
		t.Errorf("choices of 鼓楼区: %v", choices)
	}

	// Downloads, opened as the office would.
	b.navigate(f.srv.URL + "/province/370000?year=2023")
	path := b.download(`a[href^="/compare/disclosure_rate.xlsx"]`)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sheets := officetest.OpenXLSX(t, data)
	if sheets[0].Rows[0][0] != "排名" || !sheets[0].Frozen {
		t.Errorf("downloaded comparison: %q", sheets[0].Rows[:2])
	}
	path = b.download(`a[href^="/coverage/370000.xlsx"]`)
	if data, err = os.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	if sheets = officetest.OpenXLSX(t, data); len(sheets) != 2 {
		t.Errorf("downloaded coverage has %d sheets", len(sheets))
	}
	b.clickAndLoad("#brief-link")
	clean("briefing page")
	path = b.download(`#brief-downloads a[href^="/brief/370000.docx"]`)
	if data, err = os.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	d, err := docx.Read(data, docx.Options{})
	if err != nil || !strings.Contains(d.Text, "发布情况的通报") {
		t.Errorf("downloaded briefing does not read back: %v", err)
	}
	if path := os.Getenv("OGI_SCREENSHOT_J"); path != "" {
		b.navigate(f.srv.URL + "/j/370685")
		if err := b.screenshot(path); err != nil {
			t.Fatal(err)
		}
	}
}
