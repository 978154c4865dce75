package serve

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"ogi/internal/officetest"
	"ogi/pipeline/docx"
	"ogi/pipeline/query"
)

// noRedirect gets a path without following redirects.
func (f *fixture) noRedirect(t *testing.T, path string) *http.Response {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestSearch(t *testing.T) {
	f := newFixture(t)
	for path, want := range map[string]string{
		"/search?q=招远":     "/j/370685",
		"/search?q=370685": "/j/370685",
		"/search?q=山东省":    "/province/370000",
		"/j/招远市":           "/j/370685",
		"/j/招远市?report=x":  "/j/370685?report=x",
	} {
		resp := f.noRedirect(t, path)
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != want {
			t.Errorf("%s: %d → %q, want 302 → %s", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	// An ambiguous name lists the choices with their parents.
	resp, body := f.get(t, "/j/鼓楼区")
	if resp.StatusCode != http.StatusMultipleChoices {
		t.Errorf("/j/鼓楼区: %d", resp.StatusCode)
	}
	choices := between(body, `<ul class="choices"`, "</ul>")
	for _, want := range []string{`href="/j/320106"`, "南京市", `href="/j/350102"`, "福州市"} {
		if !strings.Contains(choices, want) {
			t.Errorf("choices of 鼓楼区 lack %q:\n%s", want, choices)
		}
	}
	// A part of a name lists every match.
	body = f.page(t, "/search?q=州市")
	if !strings.Contains(body, `href="/j/370683"`) || !strings.Contains(body, `href="/j/350100"`) || strings.Contains(body, `href="/j/370685"`) {
		t.Errorf("search 州市 should list 莱州市 and 福州市 and not 招远市:\n%s", between(body, "<main>", "</main>"))
	}
	if resp, _ := f.get(t, "/j/无此地"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown name: %d", resp.StatusCode)
	}
	if resp, _ := f.get(t, "/search?q="); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("empty search: %d", resp.StatusCode)
	}
	// Every page has the search box.
	for _, p := range []string{"/", "/province/370000", "/j/370685", "/quality"} {
		if !strings.Contains(f.page(t, p), `<form class="search" method="get" action="/search"`) {
			t.Errorf("%s has no search box", p)
		}
	}
}

// TestJurisdictionRanks: 招远市's page names its parents and ranks its
// 2023 figures among the counties compared (ranks counted here from the
// comparison's values, not by the page's code).
func TestJurisdictionRanks(t *testing.T) {
	f := newFixture(t)
	body := f.page(t, "/j/370685")
	parents := between(body, `<p class="parents"`, "</p>")
	if !strings.Contains(parents, ">山东省</a>") || !strings.Contains(parents, ">烟台市</a>") {
		t.Errorf("parents by name: %s", parents)
	}
	res, err := f.db.Compare(context.Background(), "disclosure_rate", query.Filter{Province: "370000", Year: 2023, Scope: query.ScopeGovAggregate})
	if err != nil {
		t.Fatal(err)
	}
	col := columnIndex(res.Columns)
	var mine float64
	var ranked []float64
	for _, r := range res.Rows {
		v, ok := r[col["value"]].(float64)
		if !ok || r[col["small_denominator"]] == true || r[col["unverified_reasons"]] != nil || len(str(r[col["code"]])) != 6 {
			continue
		}
		ranked = append(ranked, v)
		if r[col["code"]] == "370685" {
			mine = v
		}
	}
	place := 1
	for _, v := range ranked {
		if v > mine {
			place++
		}
	}
	row := between(body, `<tr data-metric="disclosure_rate">`, "</tr>")
	want := strconv.Itoa(place) + " / " + strconv.Itoa(len(ranked))
	if !strings.Contains(row, `rank-province" title="">`+want+"<") || !strings.Contains(row, `rank-parent" title="">`+want+"<") {
		t.Errorf("disclosure_rate ranks: want %s in\n%s", want, row)
	}
	// 招远 2022 → 2023: the change is printed in percentage points.
	if !strings.Contains(row, " pp<") {
		t.Errorf("no change from 2022: %s", row)
	}
	// The neighbours side by side, 招远 marked.
	nb := between(body, `<table class="sortable compact" id="neighbours">`, "</table>")
	for _, c := range fixCounties {
		if !strings.Contains(nb, `data-code="`+c.Code+`"`) {
			t.Errorf("neighbours lack %s", c.Name)
		}
	}
	if !strings.Contains(nb, `<tr data-code="370685" class="you">`) {
		t.Errorf("招远 not marked among its neighbours")
	}
}

func TestProvinceCoverageAndTotals(t *testing.T) {
	f := newFixture(t)
	body := f.page(t, "/province/370000?year=2023")
	// 烟台市's own government published nothing and its portal was not
	// crawled (the fixture has no crawl): a greyed row.
	row := between(body, `<tr data-code="370600"`, "</tr>")
	if !strings.Contains(row, "greyed") || !strings.Contains(row, "未抓取") {
		t.Errorf("prefecture's own row: %s", row)
	}
	// The totals: Σnumerator/Σdenominator of the verified figures.
	res, err := f.db.Compare(context.Background(), "disclosure_rate", query.Filter{Province: "370000", Year: 2023, Scope: query.ScopeGovAggregate, By: query.ByProvince})
	if err != nil || len(res.Rows) != 1 {
		t.Fatal(res, err)
	}
	v := res.Rows[0][columnIndex(res.Columns)["value"]]
	foot := between(body, "<tfoot>", "</tfoot>")
	if !strings.Contains(foot, "合计 山东省") || !strings.Contains(foot, `data-v="`+str(v)) {
		t.Errorf("province total %v not in\n%s", v, foot)
	}
	// The status filter keeps the rows of one status.
	body = f.page(t, "/province/370000?year=2023&status=not_crawled")
	rows := between(body, `<table class="sortable compact" id="counties">`, "<tfoot>")
	if strings.Count(rows, "<tr data-code=") != 1 || !strings.Contains(rows, `data-code="370600"`) {
		t.Errorf("status=not_crawled rows:\n%s", rows)
	}
	if resp, _ := f.get(t, "/province/370000?status=gone"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad status: %d", resp.StatusCode)
	}
}

func TestExcelDownloads(t *testing.T) {
	f := newFixture(t)
	get := func(path string) []byte {
		t.Helper()
		resp, body := f.get(t, path)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != xlsxType {
			t.Fatalf("%s: %d %s %.200s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		return []byte(body)
	}
	sheets := officetest.OpenXLSX(t, get("/compare/disclosure_rate.xlsx?province=370000&year=2023"))
	s := sheets[0]
	if s.Rows[0][0] != "排名" || s.Rows[1][0] != "rank" || !s.Frozen || s.YSplit != 2 {
		t.Errorf("comparison sheet headers %q %q frozen %v", s.Rows[0], s.Rows[1], s.Frozen)
	}
	found := false
	for i, r := range s.Rows[2:] {
		if len(r) > 6 && r[1] == "370685" {
			found = true
			if r[6] != "68.0%" || s.Formats[cellRef(7, i+3)] != "0.0%" {
				t.Errorf("招远's rate %q, format %q", r[6], s.Formats[cellRef(7, i+3)])
			}
		}
	}
	if !found {
		t.Errorf("招远 not in the workbook: %q", s.Rows)
	}
	// A table, all its rows.
	sheets = officetest.OpenXLSX(t, get("/download/applications.xlsx?code=370685&year=2023"))
	_, csvBody := f.get(t, "/download/applications.csv?code=370685&year=2023")
	recs, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(sheets[0].Rows) - 2; got != len(recs)-1 || sheets[0].Rows[0][3] != "自然人" || sheets[0].Rows[1][3] != recs[0][3] {
		t.Errorf("applications of 招远 2023: %d rows (the CSV has %d), headers %q", got, len(recs)-1, sheets[0].Rows[:2])
	}
	for i, r := range recs[1:] {
		if sheets[0].Rows[i+2][2] != r[2] {
			t.Errorf("row %d: %q in the workbook, %q in the CSV", i, sheets[0].Rows[i+2][2], r[2])
		}
	}
	// Coverage: the list and the rates per prefecture.
	sheets = officetest.OpenXLSX(t, get("/coverage/370000.xlsx?year=2023"))
	if len(sheets) != 2 || !strings.Contains(sheets[0].Name, "coverage") || sheets[0].Rows[1][8] != "status" {
		t.Errorf("coverage workbook %+v", sheets)
	}
	// CSV with a byte-order mark for Excel on Windows, and without.
	resp, body := f.get(t, "/download/reports.csv?province=370000&bom=1")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "\xef\xbb\xbfreport_id,") {
		t.Errorf("bom=1: %d %q", resp.StatusCode, body[:min(20, len(body))])
	}
	if _, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xef\xbb\xbf"))).ReadAll(); err != nil {
		t.Errorf("CSV after the BOM: %v", err)
	}
	_, body = f.get(t, "/download/reports.csv?province=370000")
	if strings.HasPrefix(body, "\xef\xbb\xbf") {
		t.Error("a BOM without bom=1")
	}
	_, body = f.get(t, "/compare/disclosure_rate.csv?province=370000&bom=1")
	if !strings.HasPrefix(body, "\xef\xbb\xbfrank,") {
		t.Errorf("compare bom=1: %q", body[:min(20, len(body))])
	}
	if resp, _ := f.get(t, "/download/reports.csv?bom=yes"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bom=yes: %d", resp.StatusCode)
	}
}

// cellRef is the A1 reference of a cell in the first 26 columns.
func cellRef(col, row int) string {
	return string(rune('A'+col-1)) + strconv.Itoa(row)
}

func TestBriefPageAndDownloads(t *testing.T) {
	f := newFixture(t)
	body := f.page(t, "/brief/370000?year=2023")
	if !strings.Contains(body, "关于山东省2023年度政府信息公开工作年度报告发布情况的通报") {
		t.Errorf("brief page lacks its title")
	}
	// Links to the archived reports on this dashboard.
	if !strings.Contains(body, `href="/archive/`) {
		t.Errorf("brief page links no archived report")
	}
	resp, doc := f.get(t, "/brief/370000.docx?year=2023")
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "brief_370000_2023.docx") {
		t.Fatalf("docx: %d %v", resp.StatusCode, resp.Header)
	}
	d, err := docx.Read([]byte(doc), docx.Options{})
	if err != nil || !strings.Contains(d.Text, "二、主要指标") {
		t.Errorf("the DOCX does not read back: %v", err)
	}
	if resp, _ := f.get(t, "/brief/370000.pdf"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("brief .pdf: %d", resp.StatusCode)
	}
}
