package serve

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"ogi/pipeline/dataset"
	"ogi/pipeline/report"
	"ogi/schema"
)

// The fixture is a small province: 山东省 with 烟台市 and four of its
// counties, 2020–2023. 招远市 2023 carries the figures printed in its real
// report; the others are written for the tests. One report breaks an
// identity, one is skipped as pre-2019 free text and one could not be read.

type fixtureCounty struct {
	Code, Name string
}

var (
	fixProvince   = dataset.Jurisdiction{Code: "370000", Name: "山东省", Level: "province", ProvinceCode: "370000"}
	fixPrefecture = dataset.Jurisdiction{Code: "370600", Name: "烟台市", Level: "prefecture", ParentCode: "370000", ProvinceCode: "370000"}
	fixCounties   = []dataset.Jurisdiction{
		{Code: "370681", Name: "龙口市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
		{Code: "370683", Name: "莱州市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
		{Code: "370685", Name: "招远市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
		{Code: "370687", Name: "海阳市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
	}
)

// fixElsewhere are jurisdictions without reports, two of them with the
// same name (鼓楼区 of 南京 and of 福州): a search must list both.
var fixElsewhere = []dataset.Jurisdiction{
	{Code: "320000", Name: "江苏省", Level: "province", ProvinceCode: "320000"},
	{Code: "320100", Name: "南京市", Level: "prefecture", ParentCode: "320000", ProvinceCode: "320000"},
	{Code: "320106", Name: "鼓楼区", Level: "county", ParentCode: "320100", ProvinceCode: "320000"},
	{Code: "350000", Name: "福建省", Level: "province", ProvinceCode: "350000"},
	{Code: "350100", Name: "福州市", Level: "prefecture", ParentCode: "350000", ProvinceCode: "350000"},
	{Code: "350102", Name: "鼓楼区", Level: "county", ParentCode: "350100", ProvinceCode: "350000"},
}

// t3 is a table 三 written as row key → natural_person, commercial; the
// total column is their sum and the other columns are 0.
type t3 map[string][2]float64

// zhaoyuan2023 is table 三 and 四 of 招远市's 2023 report as printed.
var zhaoyuan2023 = t3{
	"new_received": {204, 1}, "carried_in": {6, 0}, "granted": {50, 0}, "partially_granted": {86, 0},
	"denied_third_party": {1, 0}, "denied_internal_affairs": {1, 0}, "unable_not_held": {56, 0},
	"other_other": {6, 0}, "total_processed": {200, 0}, "carried_out": {10, 1},
}

var zhaoyuan2023Active = map[string]float64{
	"normative_docs_issued": 1, "normative_docs_repealed": 3, "normative_docs_in_force": 12,
	"licensing_decisions": 28349, "penalty_decisions": 3390, "coercion_decisions": 133, "fees_amount_wan": 5060,
}

var zhaoyuan2023Review = map[string]float64{
	"review_upheld": 2, "review_corrected": 1, "review_other": 1, "review_pending": 1, "review_total": 5,
	"lit_direct_pending": 1, "lit_direct_total": 1, "lit_after_review_other": 2, "lit_after_review_total": 2,
}

// synthetic builds a balanced table 三 from the number of new
// applications n and the applications carried in and out (natural persons).
func synthetic(n, cin, cout float64) t3 {
	done := n + cin - cout
	g := float64(int(done * 0.4))
	p := float64(int(done * 0.2))
	u := float64(int(done * 0.25))
	d := done - g - p - u
	return t3{"new_received": {n - 1, 1}, "carried_in": {cin, 0}, "granted": {g - 1, 1}, "partially_granted": {p, 0},
		"denied_third_party": {d, 0}, "unable_not_held": {u, 0}, "total_processed": {done - 1, 1}, "carried_out": {cout, 0}}
}

func syntheticReview(corrected, decided float64) map[string]float64 {
	return map[string]float64{"review_upheld": decided - corrected, "review_corrected": corrected, "review_total": decided,
		"lit_direct_upheld": 1, "lit_direct_total": 1}
}

// activeValue is a plausible table 二 figure: a county makes no 规章 and
// its normative documents in force grow by the issued less the repealed.
func activeValue(key string, year int) float64 {
	switch {
	case strings.Contains(key, "regulations"):
		return 0
	case key == "normative_docs_issued":
		return 2
	case key == "normative_docs_repealed":
		return 1
	case key == "normative_docs_in_force":
		return float64(12 + year - 2020)
	}
	return float64(len(key) * 10)
}

// fixtureReport fills a report on tmpl from the compact tables and
// evaluates the hard identities of the template into its checks.
func fixtureReport(tmpl *schema.Template, code, agency string, year int, app t3, rev map[string]float64) report.Report {
	r := report.Report{
		Source: fmt.Sprintf("https://www.example.gov.cn/%s/%d/report.html", code, year), Status: report.StatusOK,
		ContentType: "html", Title: fmt.Sprintf("%s%d年政府信息公开工作年度报告", agency, year), Agency: agency,
		Year: year, Template: tmpl.ID, DivisionCode: code, Scope: "gov_aggregate", ExtractorVersion: "test",
		Active: map[string]report.Value{}, Applications: map[string]map[string]report.Value{}, ReviewLitigation: map[string]report.Value{},
	}
	line := 0
	loc := func() string { line++; return "line " + strconv.Itoa(line) }
	for _, f := range tmpl.Active {
		r.Active[f.Key] = report.Number(activeValue(f.Key, year), fmtNum(activeValue(f.Key, year)), loc())
	}
	for _, row := range tmpl.RowKeys() {
		v := app[row]
		cells := map[string]report.Value{}
		for _, c := range tmpl.ColumnKeys() {
			var x float64
			switch c {
			case "natural_person":
				x = v[0]
			case "commercial":
				x = v[1]
			case "total":
				x = v[0] + v[1]
			}
			cells[c] = report.Number(x, fmtNum(x), loc())
		}
		r.Applications[row] = cells
	}
	for _, k := range tmpl.ReviewKeys() {
		r.ReviewLitigation[k] = report.Number(rev[k], fmtNum(rev[k]), loc())
	}
	r.Checks = evaluate(tmpl, &r)
	return r
}

func cellOf(r *report.Report, ref schema.Ref) (report.Value, bool) {
	switch ref.Table {
	case schema.TableApplications:
		v, ok := r.Applications[ref.Row][ref.Col]
		return v, ok
	case schema.TableReview:
		v, ok := r.ReviewLitigation[ref.Row]
		return v, ok
	}
	v, ok := r.Active[ref.Row]
	return v, ok
}

// evaluate checks the hard identities the way the validator does: the sum
// of the left cells against the sum of the right cells.
func evaluate(tmpl *schema.Template, r *report.Report) []report.Check {
	var out []report.Check
	for _, id := range tmpl.Identities() {
		sum := func(refs []schema.Ref) float64 {
			s := 0.0
			for _, ref := range refs {
				if v, ok := cellOf(r, ref); ok && !v.Blank {
					s += v.Num
				}
			}
			return s
		}
		l, rt := sum(id.Left), sum(id.Right)
		c := report.Check{ID: id.ID, Severity: id.Severity, OK: l == rt, Expected: l, Actual: rt}
		if !c.OK {
			c.Detail = fmt.Sprintf("%s: %s ≠ %s", id.Doc, fmtNum(l), fmtNum(rt))
		}
		out = append(out, c)
	}
	return out
}

// Fixture figures that the tests look for.
const (
	fixBrokenCode   = "370681" // 龙口市 2023 prints a table 三 row whose total is wrong
	fixBrokenRow    = "granted"
	fixSkippedCode  = "370687" // 海阳市 2018: free text before the 2019 template
	fixFailedCode   = "370683" // 莱州市 2019: unreadable attachment
	fixYears        = 4        // 2020–2023
	fixLaizhou2023N = 64       // 莱州市 2023 new applications
)

// newReceived gives each synthetic county its new applications by year.
var newReceived = map[string][]float64{ // 2020, 2021, 2022, 2023
	"370681": {30, 36, 45, 52},
	"370683": {40, 44, 50, fixLaizhou2023N},
	"370687": {8, 9, 7, 6}, // small denominators
}

func fixturePrepared(t testing.TB) []dataset.Prepared {
	t.Helper()
	var out []dataset.Prepared
	fetched := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	add := func(r report.Report) {
		in := dataset.Input{Source: r.Source, FinalURL: r.Source, FetchedAt: fetched, ContentType: "text/html",
			SHA256: fmt.Sprintf("%064x", len(out)+1), PortalCode: r.DivisionCode}
		out = append(out, dataset.Prepared{Input: in, Load: func() (report.Report, error) { return r, nil }})
	}
	for _, c := range fixCounties {
		for i, year := range []int{2020, 2021, 2022, 2023} {
			tmpl := schema.Template2021()
			if year == 2020 {
				tmpl = schema.Template2019()
			}
			agency := c.Name + "人民政府"
			var r report.Report
			if c.Code == "370685" {
				cout := 0.0
				if year == 2022 {
					cout = 6 // carried into 2023
				}
				r = fixtureReport(tmpl, c.Code, agency, year, synthetic(120+float64(20*i), 0, cout), syntheticReview(1, 4))
				if year == 2023 {
					r = fixtureReport(tmpl, c.Code, agency, year, zhaoyuan2023, zhaoyuan2023Review)
					for k, v := range zhaoyuan2023Active {
						r.Active[k] = report.Number(v, fmtNum(v), "table 1")
					}
					r.Checks = evaluate(tmpl, &r)
				}
			} else {
				r = fixtureReport(tmpl, c.Code, agency, year, synthetic(newReceived[c.Code][i], 0, 0), syntheticReview(float64(i%2), 3))
			}
			if c.Code == fixBrokenCode && year == 2023 {
				// The printed total of 予以公开 disagrees with its columns.
				v := r.Applications[fixBrokenRow]["total"]
				v.Num += 3
				v.Raw = fmtNum(v.Num)
				r.Applications[fixBrokenRow]["total"] = v
				r.Checks = evaluate(tmpl, &r)
			}
			add(r)
		}
	}
	add(report.Report{Source: "https://www.example.gov.cn/370687/2018/report.html", Status: report.StatusSkipped,
		Reason: report.ReasonPre2019, Detail: "free text before the 2019 template", Title: "海阳市2018年政府信息公开工作年度报告",
		Agency: "海阳市人民政府", Year: 2018, DivisionCode: fixSkippedCode, ContentType: "html"})
	add(report.Report{Source: "https://www.example.gov.cn/370683/2019/report.pdf", Status: report.StatusFailed,
		Reason: report.ReasonUnreadable, Detail: "pdf: corrupt xref table", Title: "莱州市2019年政府信息公开工作年度报告",
		Year: 2019, DivisionCode: fixFailedCode, ContentType: "pdf"})
	return out
}

// buildFixture writes the fixture dataset into a new data folder.
func buildFixture(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	j := append([]dataset.Jurisdiction{fixProvince, fixPrefecture}, fixCounties...)
	j = append(j, fixElsewhere...)
	_, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: fixturePrepared(t), Jurisdictions: j})
	if err != nil {
		t.Fatalf("build fixture dataset: %v", err)
	}
	return dir
}
