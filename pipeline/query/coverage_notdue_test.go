package query

import (
	"context"
	"fmt"
	"testing"
	"time"

	"ogi/pipeline/dataset"
	"ogi/pipeline/report"
)

// notDueFixture is 烟台市's 2024 reports (due 31 March 2025) crawled in
// spring 2025, each portal last fetched on a chosen day (UTC):
//
//	370600 烟台市  2025-05-01            no report: missing
//	370602 芝罘区  not crawled           not_crawled
//	370681 龙口市  2025-03-30            no report, before the deadline: not_due
//	370682 莱阳市  2025-04-01            no report, after it: missing
//	370683 莱州市  2025-03-31 17:00 UTC  = 1 April in China: missing
//	370684 蓬莱市  2025-03-01            a report that could not be read: failed
//	370685 招远市  2025-03-25            published on 20 March
//	370687 海阳市  2025-03-20, a page failed at its last try: not_due, not fetch_failed
func notDueFixture(t *testing.T) string {
	t.Helper()
	juris := []dataset.Jurisdiction{
		{Code: "370000", Name: "山东省", Level: "province", ProvinceCode: "370000"},
		{Code: "370600", Name: "烟台市", Level: "prefecture", ParentCode: "370000", ProvinceCode: "370000"},
	}
	for _, c := range []struct{ code, name string }{{"370602", "芝罘区"}, {"370681", "龙口市"}, {"370682", "莱阳市"},
		{"370683", "莱州市"}, {"370684", "蓬莱市"}, {"370685", "招远市"}, {"370687", "海阳市"}} {
		juris = append(juris, dataset.Jurisdiction{Code: c.code, Name: c.name, Level: "county", ParentCode: "370600", ProvinceCode: "370000"})
	}
	last := map[string]time.Time{
		"370600": day("2025-05-01"), "370681": day("2025-03-30"), "370682": day("2025-04-01"),
		"370683": time.Date(2025, 3, 31, 17, 0, 0, 0, time.UTC), "370684": day("2025-03-01"),
		"370685": day("2025-03-25"), "370687": day("2025-03-20"),
	}
	log := crawlLog{}
	for code, at := range last {
		list := "http://www.d" + code + ".gov.cn/list.html"
		// an earlier fetch, so the last one is the one that counts
		log = append(log, dataset.Fetch{URL: list, Status: 200, FetchedAt: at.AddDate(0, -2, 0), Kind: "list", PortalCode: code},
			dataset.Fetch{URL: list, Status: 200, FetchedAt: at, Kind: "list", PortalCode: code})
	}
	log = append(log, dataset.Fetch{URL: "http://www.d370687.gov.cn/art/1.html", Status: 503, FetchedAt: last["370687"],
		Kind: "report", PortalCode: "370687", Error: "HTTP_5XX"})
	var prep []dataset.Prepared
	for i, code := range []string{"370684", "370685"} {
		src := fmt.Sprintf("http://www.d%s.gov.cn/art/2025/3/20/%d.html", code, i)
		rep := report.Report{Source: src, Status: report.StatusOK, Year: 2024, DivisionCode: code, Scope: "gov_aggregate",
			Title: "2024年政府信息公开工作年度报告", ContentType: "html"}
		if code == "370684" {
			rep.Status, rep.Reason, rep.Scope = report.StatusFailed, report.ReasonUnreadable, ""
		}
		in := dataset.Input{Source: src, FinalURL: src, FetchedAt: last[code], SHA256: fmt.Sprintf("%064x", i+1),
			PortalCode: code, PageDate: day("2025-03-20")}
		prep = append(prep, dataset.Prepared{Input: in, Load: func() (report.Report, error) { return rep, nil }})
	}
	dir := t.TempDir()
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: juris, Archive: log}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// statuses is code → status of a coverage list.
func statuses(t *testing.T, db *DB, f CoverageFilter) map[string]map[string]any {
	t.Helper()
	res, err := db.Coverage(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, r := range byCol(res) {
		out[r["code"].(string)] = r
	}
	return out
}

func dateString(v any) string {
	if d, ok := v.(Date); ok {
		return d.Format("2006-01-02")
	}
	return fmt.Sprint(v)
}

func TestCoverageNotDue(t *testing.T) {
	dir := notDueFixture(t)
	db := open(t, dir)
	ctx := context.Background()
	got := statuses(t, db, CoverageFilter{Province: "370000", Year: 2024})
	for code, want := range map[string]struct{ status, deadline, last string }{
		"370600": {"missing", "2025-03-31", "2025-05-01"},
		"370602": {"not_crawled", "2025-03-31", "<nil>"},
		"370681": {"not_due", "2025-03-31", "2025-03-30"},
		"370682": {"missing", "2025-03-31", "2025-04-01"},
		"370683": {"missing", "2025-03-31", "2025-04-01"},
		"370684": {"failed", "2025-03-31", "2025-03-01"},
		"370685": {"published", "2025-03-31", "2025-03-25"},
		"370687": {"not_due", "2025-03-31", "2025-03-20"},
	} {
		r := got[code]
		if r == nil || r["status"] != want.status || dateString(r["deadline"]) != want.deadline || dateString(r["last_fetched"]) != want.last {
			t.Errorf("%s: status %v deadline %v last_fetched %v; want %+v", code, r["status"], dateString(r["deadline"]),
				dateString(r["last_fetched"]), want)
		}
	}
	if len(got) != 8 {
		t.Errorf("%d rows, want 8: %v", len(got), got)
	}

	// The rates: 烟台市's counties are 7 obliged, 1 published, 2 missing,
	// 2 not due, 1 failed, 1 not crawled: 1 of the 4 that were due
	// (not 1 of 6).
	rates, err := db.CoverageRates(ctx, CoverageFilter{Parent: "370600", Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	rg := byCol(rates)
	if len(rg) != 1 || rg[0]["obliged"] != int64(7) || rg[0]["published"] != int64(1) || rg[0]["missing"] != int64(2) ||
		rg[0]["not_due"] != int64(2) || rg[0]["failed"] != int64(1) || rg[0]["fetch_failed"] != int64(0) ||
		rg[0]["not_crawled"] != int64(1) || !near(rg[0]["coverage_rate"], 0.25) {
		t.Errorf("rates: %v", rg)
	}

	// A year whose deadline has not come: every crawled jurisdiction
	// without a report is not due (2030's reports are due in 2031).
	for code, r := range statuses(t, db, CoverageFilter{Province: "370000", Year: 2030}) {
		want := "not_due"
		if code == "370602" {
			want = "not_crawled"
		}
		if r["status"] != want || dateString(r["deadline"]) != "2031-03-31" {
			t.Errorf("2030 %s: %v by %v, want %s by 2031-03-31", code, r["status"], dateString(r["deadline"]), want)
		}
	}

	// Local rules: 莱阳市 has until 30 April (not due at its crawl on 1
	// April); rules for 莱州市's and 龙口市's departments leave their
	// government reports alone; a province-wide 3 March rule makes 龙口市
	// (crawled 30 March) missing and 海阳市 fetch_failed again.
	var rules []Deadline
	for _, s := range []string{"370682=04-30", "370683:department=04-30", "370681:department=04-30", "37:gov_aggregate=03-03"} {
		d, err := ParseDeadline(s)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, d)
	}
	db2, err := OpenWith(ctx, dir, Options{Deadlines: rules})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	got = statuses(t, db2, CoverageFilter{Province: "370000", Year: 2024})
	for code, want := range map[string]struct{ status, deadline string }{
		"370682": {"not_due", "2025-04-30"},
		"370683": {"missing", "2025-03-03"},
		"370681": {"missing", "2025-03-03"},
		"370687": {"fetch_failed", "2025-03-03"},
		"370685": {"published", "2025-03-03"},
	} {
		if r := got[code]; r == nil || r["status"] != want.status || dateString(r["deadline"]) != want.deadline {
			t.Errorf("with local rules, %s: %v by %v; want %+v", code, r["status"], dateString(r["deadline"]), want)
		}
	}
}
