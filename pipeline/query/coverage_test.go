package query

import (
	"context"
	"fmt"
	"testing"
	"time"

	"ogi/pipeline/dataset"
	"ogi/pipeline/report"
)

// crawlLog is an archive with no inputs and a crawl log.
type crawlLog []dataset.Fetch

func (crawlLog) Inputs(context.Context) ([]dataset.Input, error)    { return nil, nil }
func (c crawlLog) Fetches(context.Context) ([]dataset.Fetch, error) { return c, nil }

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// coverageFixture is 烟台市 in 2024: one county on time, one late, one
// whose report could not be read (known by its fetch only), one whose
// portal failed to answer, the prefecture without a report, one county not
// crawled, a statistical unit (not obliged), and two departments of 招远市.
func coverageFixture(t *testing.T) string {
	t.Helper()
	juris := []dataset.Jurisdiction{
		{Code: "370000", Name: "山东省", Level: "province", ProvinceCode: "370000"},
		{Code: "370600", Name: "烟台市", Level: "prefecture", ParentCode: "370000", ProvinceCode: "370000"},
		{Code: "370602", Name: "芝罘区", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
		{Code: "370671", Name: "烟台高新技术产业开发区", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
		{Code: "370681", Name: "龙口市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
		{Code: "370682", Name: "莱阳市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
		{Code: "370683", Name: "莱州市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
		{Code: "370685", Name: "招远市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
		{Code: "370687", Name: "海阳市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
	}
	fetched := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	var prep []dataset.Prepared
	add := func(code, scope, agency string, year int, read bool, page, list time.Time) {
		src := fmt.Sprintf("http://www.d%s.gov.cn/%s/%d/%d.html", code, scope, year, len(prep))
		rep := report.Report{Source: src, Status: report.StatusOK, Year: year, DivisionCode: code, Scope: scope, Agency: agency,
			Title: fmt.Sprintf("%s%d年政府信息公开工作年度报告", agency, year), ContentType: "html"}
		if !read {
			rep.Status, rep.Reason, rep.Scope = report.StatusFailed, report.ReasonUnreadable, ""
		}
		in := dataset.Input{Source: src, FinalURL: src, FetchedAt: fetched, SHA256: fmt.Sprintf("%064x", len(prep)+1),
			PortalCode: code, PageDate: page, ListDate: list}
		prep = append(prep, dataset.Prepared{Input: in, Load: func() (report.Report, error) { return rep, nil }})
	}
	var none time.Time
	add("370685", "gov_aggregate", "招远市人民政府", 2024, true, day("2025-03-20"), none)
	add("370681", "gov_aggregate", "龙口市人民政府", 2024, true, day("2025-04-15"), day("2025-04-16"))
	add("370683", "gov_aggregate", "莱州市人民政府", 2024, false, none, none)
	add("370682", "gov_aggregate", "莱阳市人民政府", 2024, true, none, none) // read, but nothing dates it
	add("370685", "department", "招远市财政局", 2024, true, none, day("2025-02-03"))
	add("370685", "department", "招远市教育局", 2023, true, day("2024-01-10"), none)
	log := crawlLog{}
	for _, code := range []string{"370600", "370681", "370682", "370683", "370685", "370687"} {
		log = append(log, dataset.Fetch{URL: "http://www.d" + code + ".gov.cn/list.html", Status: 200, FetchedAt: fetched, Kind: "list", PortalCode: code})
	}
	// 海阳市: a report page answered a JS challenge at its last try (an
	// earlier failure of 龙口市's list was retried with success).
	log = append(log,
		dataset.Fetch{URL: "http://www.d370687.gov.cn/art/1.html", Status: 412, FetchedAt: fetched, Kind: "report", PortalCode: "370687", Error: "BLOCKED_JS_CHALLENGE"},
		dataset.Fetch{URL: "http://www.d370681.gov.cn/list.html", Status: 503, FetchedAt: fetched.Add(-time.Hour), Kind: "list", PortalCode: "370681", Error: "HTTP_5XX"})
	dir := t.TempDir()
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: juris, Archive: log}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func byCol(res *Result) []map[string]any {
	var out []map[string]any
	for _, r := range res.Rows {
		m := map[string]any{}
		for i, c := range res.Columns {
			m[c] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func TestCoverageAndTimeliness(t *testing.T) {
	dir := coverageFixture(t)
	db := open(t, dir)
	ctx := context.Background()
	res, err := db.Coverage(ctx, CoverageFilter{Province: "370000", Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range CoverageColumns {
		if res.Columns[i] != c {
			t.Fatalf("columns %v, want %v", res.Columns, CoverageColumns)
		}
	}
	type want struct {
		status, published, source string
		onTime                    any
		daysLate                  any
	}
	wants := map[string]want{
		"370600": {"missing", "", "", nil, nil},
		"370602": {"not_crawled", "", "", nil, nil},
		"370681": {"published", "2025-04-15", "page", false, int64(15)},
		"370682": {"published", "2026-05-01", "archive", nil, nil},
		"370683": {"failed", "2026-05-01", "archive", nil, nil},
		"370685": {"published", "2025-03-20", "page", true, int64(0)},
		"370687": {"fetch_failed", "", "", nil, nil},
	}
	got := byCol(res)
	if len(got) != len(wants) {
		t.Fatalf("%d rows, want %d (the statistical unit 370671 is not obliged): %v", len(got), len(wants), res.Rows)
	}
	for _, r := range got {
		w, ok := wants[r["code"].(string)]
		if !ok {
			t.Errorf("unexpected row %v", r)
			continue
		}
		pub := ""
		if p, ok := r["published"].(Date); ok {
			pub = p.Format("2006-01-02")
		}
		src, _ := r["published_source"].(string)
		if r["status"] != w.status || pub != w.published || src != w.source || r["on_time"] != w.onTime || r["days_late"] != w.daysLate {
			t.Errorf("%s: status %v published %q (%v) on_time %v days_late %v; want %+v", r["code"], r["status"], pub, src, r["on_time"], r["days_late"], w)
		}
	}
	rates, err := db.CoverageRates(ctx, CoverageFilter{Province: "370000", Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	rg := byCol(rates)
	// 烟台市's counties: 芝罘 not crawled, 龙口, 莱阳 and 招远 published,
	// 莱州 failed, 海阳 fetch failed: 3 of the 5 crawled; on time 1 of 2
	// dated, 莱阳 and 莱州 undated. The prefecture itself counts under the
	// province.
	if len(rg) != 2 || rg[1]["code"] != "370600" || rg[1]["obliged"] != int64(6) || rg[1]["published"] != int64(3) ||
		rg[1]["not_crawled"] != int64(1) || !near(rg[1]["coverage_rate"], 0.6) || rg[1]["on_time"] != int64(1) ||
		rg[1]["late"] != int64(1) || rg[1]["date_unknown"] != int64(2) || !near(rg[1]["on_time_rate"], 0.5) {
		t.Errorf("rates: %v", rg)
	}
	if rg[0]["code"] != "370000" || rg[0]["missing"] != int64(1) || rg[0]["coverage_rate"] != 0.0 {
		t.Errorf("the prefecture's own row: %v", rg[0])
	}

	// Departments: the one that published last year and not this year is
	// missing; the other published on 3 February, after 31 January.
	res, err = db.Coverage(ctx, CoverageFilter{Parent: "370600", Year: 2024, Scope: ScopeDepartment})
	if err != nil {
		t.Fatal(err)
	}
	dep := byCol(res)
	if len(dep) != 2 || dep[0]["agency"] != "招远市教育局" || dep[0]["status"] != "missing" ||
		dep[1]["agency"] != "招远市财政局" || dep[1]["status"] != "published" || dep[1]["published_source"] != "list" ||
		dep[1]["on_time"] != false || dep[1]["days_late"] != int64(3) {
		t.Errorf("departments: %v", dep)
	}

	// on_time_rate as a metric: 龙口 late (0/1), 招远 on time (1/1), 莱阳
	// left out as date_unknown; 莱州's unread report names no scope, so no
	// gov_aggregate figure counts it.
	cmp, err := db.Compare(ctx, "on_time_rate", Filter{Province: "370000", Year: 2024, Scope: ScopeGovAggregate, By: ByParent})
	if err != nil {
		t.Fatal(err)
	}
	if c := byCol(cmp); len(c) != 1 || c[0]["numerator"] != 1.0 || c[0]["denominator"] != 2.0 || c[0]["unverified"] != int64(1) ||
		c[0]["unverified_reasons"] != "date_unknown" {
		t.Errorf("on_time_rate by prefecture: %v", c)
	}

	// A local rule: 烟台市's governments have until 30 April.
	local, err := ParseDeadline("3706=04-30")
	if err != nil {
		t.Fatal(err)
	}
	db2, err := OpenWith(ctx, dir, Options{Deadlines: []Deadline{local}})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	res, err = db2.Query(ctx, "SELECT division_code, on_time, deadline FROM timeliness WHERE division_code = '370681' AND scope = 'gov_aggregate'")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || res.Rows[0][1] != true || !res.Rows[0][2].(Date).Equal(day("2025-04-30")) {
		t.Errorf("with 3706=04-30: %v", res.Rows)
	}
	// The department rule still applies to departments (a longer prefix
	// with any scope beats the default of the scope: 3706 wins).
	res, err = db2.Query(ctx, "SELECT deadline FROM timeliness WHERE scope = 'department' AND year = 2024")
	if err != nil || len(res.Rows) != 1 || !res.Rows[0][0].(Date).Equal(day("2025-04-30")) {
		t.Errorf("department under 3706=04-30: %v %v", res, err)
	}
}

func TestParseDeadline(t *testing.T) {
	for in, want := range map[string]Deadline{
		"township=03-31":         {Scope: ScopeTownship, Month: 3, Day: 31},
		"3706=02-20":             {Prefix: "3706", Month: 2, Day: 20},
		"370600=2-20":            {Prefix: "3706", Month: 2, Day: 20},
		"370000:department=1-20": {Prefix: "37", Scope: ScopeDepartment, Month: 1, Day: 20},
		"370685=02-29":           {Prefix: "370685", Month: 2, Day: 29},
	} {
		got, err := ParseDeadline(in)
		if err != nil || got != want {
			t.Errorf("ParseDeadline(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"county=03-31", "3706=02-30", "3706", "37065=01-31", "=03-31", "3706=13-01"} {
		if d, err := ParseDeadline(bad); err == nil {
			t.Errorf("ParseDeadline(%q) = %+v, want an error", bad, d)
		}
	}
}
