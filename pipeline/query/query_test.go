package query

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ogi/internal/synth"
	"ogi/pipeline/dataset"
	"ogi/pipeline/report"
	"ogi/schema"
)

// facts of one hand-made report: table 三 总计 column and table 四.
type facts struct {
	code, scope string
	year        int
	status      report.Status
	fetched     time.Time
	app         map[string]float64 // row key → total
	blank       []string           // row keys printed blank
	review      map[string][5]float64
}

func (f facts) report() report.Report {
	r := report.Report{Status: f.status, Year: f.year, Template: schema.V2021, DivisionCode: f.code, Scope: f.scope,
		Applications: map[string]map[string]report.Value{}, ReviewLitigation: map[string]report.Value{}}
	if r.Status == "" {
		r.Status = report.StatusOK
	}
	for k, v := range f.app {
		r.Applications[k] = map[string]report.Value{"total": report.Number(v, "", "")}
	}
	for _, k := range f.blank {
		r.Applications[k] = map[string]report.Value{"total": report.BlankValue("", "")}
	}
	fields := []string{"upheld", "corrected", "other", "pending", "total"}
	for g, vs := range f.review {
		for i, fl := range fields {
			r.ReviewLitigation[schema.ReviewKey(g, fl)] = report.Number(vs[i], "", "")
		}
	}
	return r
}

var juris = []dataset.Jurisdiction{
	{Code: "370000", Name: "山东省", Level: "province", ProvinceCode: "370000"},
	{Code: "370600", Name: "烟台市", Level: "prefecture", ParentCode: "370000", ProvinceCode: "370000"},
	{Code: "370681", Name: "龙口市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
	{Code: "370685", Name: "招远市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
	{Code: "320000", Name: "江苏省", Level: "province", ProvinceCode: "320000"},
	{Code: "320100", Name: "南京市", Level: "prefecture", ParentCode: "320000", ProvinceCode: "320000"},
	{Code: "320105", Name: "建邺区", Level: "county", ParentCode: "320100", ProvinceCode: "320000"},
	{Code: "220104", Name: "朝阳区", Level: "county", ParentCode: "220100", ProvinceCode: "220000"},
	{Code: "110105", Name: "朝阳区", Level: "county", ParentCode: "110000", ProvinceCode: "110000"},
}

func app(n, c, g, p, nh, nc, uu, t, o float64) map[string]float64 {
	return map[string]float64{"new_received": n, "carried_in": c, "granted": g, "partially_granted": p,
		"unable_not_held": nh, "unable_needs_creation": nc, "unable_unclear": uu, "total_processed": t, "carried_out": o}
}

var t0 = time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)

// fixtureReports: 招远 2022 and 2023 (published figures for 2023), an
// older version of its 2023 report, its office's own report, a failed
// report, 龙口 2023 and 建邺 2023 (a small denominator).
var fixtureReports = []facts{
	{code: "370685", scope: "gov_aggregate", year: 2022, fetched: t0.AddDate(-1, 0, 0), app: app(115, 4, 40, 30, 20, 2, 1, 113, 6),
		review: map[string][5]float64{"review": {3, 2, 0, 0, 5}, "lit_direct": {1, 0, 0, 0, 1}, "lit_after_review": {0, 0, 0, 0, 0}}},
	{code: "370685", scope: "gov_aggregate", year: 2023, fetched: t0, app: app(205, 6, 50, 86, 56, 0, 0, 200, 11),
		review: map[string][5]float64{"review": {2, 1, 1, 1, 5}, "lit_direct": {0, 0, 0, 1, 1}, "lit_after_review": {0, 0, 2, 0, 2}}},
	{code: "370685", scope: "gov_aggregate", year: 2023, fetched: t0.AddDate(0, 0, -30), app: app(999, 6, 999, 0, 0, 0, 0, 999, 6)},
	{code: "370685", scope: "gov_office", year: 2023, fetched: t0, app: app(30, 0, 10, 10, 5, 0, 0, 25, 5)},
	{code: "370685", scope: "gov_aggregate", year: 2023, fetched: t0, status: report.StatusFailed},
	{code: "370681", scope: "gov_aggregate", year: 2023, fetched: t0, app: app(40, 0, 10, 5, 10, 5, 0, 30, 10),
		review: map[string][5]float64{"review": {8, 4, 0, 0, 12}, "lit_direct": {2, 1, 0, 0, 3}, "lit_after_review": {0, 0, 0, 0, 0}}},
	{code: "320105", scope: "gov_aggregate", year: 2023, fetched: t0, app: app(8, 0, 3, 1, 1, 0, 0, 5, 3), blank: []string{"unable_unclear"}},
}

func buildFixtures(t testing.TB) string {
	t.Helper()
	var prep []dataset.Prepared
	for i, f := range fixtureReports {
		rep := f.report()
		src := fmt.Sprintf("http://gov.example/%s/%s/%d.html", f.code, f.scope, f.year)
		prep = append(prep, dataset.Prepared{
			Input: dataset.Input{Source: src, SHA256: string(rune('A' + i)), FetchedAt: f.fetched},
			Load:  func() (report.Report, error) { return rep, nil },
		})
	}
	// The older version shares the source of the 2023 report.
	prep[2].Input.Source = prep[1].Input.Source
	// The failed report is another source.
	prep[4].Input.Source = "http://gov.example/370685/attachment.pdf"
	dir := t.TempDir()
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: juris}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func open(t testing.TB, dir string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rows maps code/year/scope → the row as column → value.
func rows(t *testing.T, res *Result) []map[string]any {
	t.Helper()
	for i, c := range CompareColumns {
		if res.Columns[i] != c {
			t.Fatalf("columns %v", res.Columns)
		}
	}
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

func near(a any, b float64) bool {
	f, ok := a.(float64)
	return ok && math.Abs(f-b) < 1e-12
}

func TestCompareDisclosureRate(t *testing.T) {
	db := open(t, buildFixtures(t))
	ctx := context.Background()
	res, err := db.Compare(ctx, "disclosure_rate", Filter{Scope: "gov_aggregate", Year: 2023})
	if err != nil {
		t.Fatal(err)
	}
	got := rows(t, res)
	if len(got) != 3 {
		t.Fatalf("rows %v", res.Rows)
	}
	// 招远: (50 + 86) / 200 — the current version, not the older one and
	// not the office's report; 龙口 15/30; 建邺 4/5 flagged and unranked.
	if got[0]["code"] != "370685" || got[0]["name"] != "招远市" || got[0]["rank"] != int64(1) || !near(got[0]["value"], 0.68) ||
		got[0]["numerator"] != 136.0 || got[0]["denominator"] != 200.0 || got[0]["small_denominator"] != false {
		t.Errorf("招远: %v", got[0])
	}
	if got[1]["code"] != "370681" || got[1]["rank"] != int64(2) || !near(got[1]["value"], 0.5) {
		t.Errorf("龙口: %v", got[1])
	}
	if got[2]["code"] != "320105" || got[2]["rank"] != nil || got[2]["small_denominator"] != true || !near(got[2]["value"], 0.8) {
		t.Errorf("建邺: %v", got[2])
	}

	// A province row is Σnumerator / Σdenominator, not a mean of ratios.
	res, err = db.Compare(ctx, "disclosure_rate", Filter{Scope: "gov_aggregate", Year: 2023, By: ByProvince})
	if err != nil {
		t.Fatal(err)
	}
	got = rows(t, res)
	if len(got) != 2 || got[0]["code"] != "370000" || got[0]["name"] != "山东省" || !near(got[0]["value"], 151.0/230) || got[0]["reports"] != int64(2) {
		t.Errorf("by province: %v", got)
	}

	// Filters: parent, and one jurisdiction over the years.
	res, _ = db.Compare(ctx, "disclosure_rate", Filter{Scope: "gov_aggregate", Parent: "370600", Year: 2023})
	if len(res.Rows) != 2 {
		t.Errorf("parent filter: %v", res.Rows)
	}
	res, _ = db.Compare(ctx, "disclosure_rate", Filter{Scope: "gov_aggregate", Jurisdiction: "370685"})
	got = rows(t, res)
	if len(got) != 2 || got[0]["year"] != int64(2022) || !near(got[0]["value"], 70.0/113) || got[1]["year"] != int64(2023) {
		t.Errorf("time series: %v", got)
	}
	// Every scope: the office's report is its own row, ranked in its scope.
	res, _ = db.Compare(ctx, "disclosure_rate", Filter{Jurisdiction: "370685", Year: 2023})
	got = rows(t, res)
	if len(got) != 2 || got[0]["scope"] != "gov_aggregate" || got[1]["scope"] != "gov_office" || !near(got[1]["value"], 20.0/25) {
		t.Errorf("scopes: %v", got)
	}
	res, _ = db.Compare(ctx, "disclosure_rate", Filter{Province: "320000", Scope: "gov_aggregate"})
	if len(res.Rows) != 1 {
		t.Errorf("province filter: %v", res.Rows)
	}
}

func TestCompareOtherMetrics(t *testing.T) {
	db := open(t, buildFixtures(t))
	ctx := context.Background()
	one := func(metric string, f Filter) map[string]any {
		t.Helper()
		res, err := db.Compare(ctx, metric, f)
		if err != nil {
			t.Fatal(metric, err)
		}
		got := rows(t, res)
		if len(got) != 1 {
			t.Fatalf("%s: rows %v", metric, res.Rows)
		}
		return got[0]
	}
	z23 := Filter{Jurisdiction: "370685", Scope: "gov_aggregate", Year: 2023}
	cases := []struct {
		metric   string
		f        Filter
		num, den float64
	}{
		{"application_growth", z23, 205 - 115, 115},
		{"not_held_share", z23, 56, 56},
		{"not_held_rate", z23, 56, 200},
		{"review_correction_rate", z23, 1, 5 - 1},
		{"review_correction_rate_all", z23, 1, 5},
		{"litigation_loss_rate", z23, 0, 1 + 2 - 1},
		{"dispute_rate", z23, 5 + 1, 205},
		// 2022 carried out 6, 2023 carried in 6: consistent.
		{"carry_over_consistency", z23, 1, 1},
		// Province rows add numerators and denominators: 招远 1/4, 龙口 4/12.
		{"review_correction_rate", Filter{Province: "370000", Scope: "gov_aggregate", Year: 2023, By: ByProvince}, 1 + 4, 4 + 12},
	}
	for _, c := range cases {
		r := one(c.metric, c.f)
		if r["numerator"] != c.num || r["denominator"] != c.den {
			t.Errorf("%s: got %v/%v want %v/%v", c.metric, r["numerator"], r["denominator"], c.num, c.den)
		}
		if want := c.den < SmallDenominator; r["small_denominator"] != want {
			t.Errorf("%s: small_denominator %v", c.metric, r["small_denominator"])
		}
		if c.den > 0 && !near(r["value"], c.num/c.den) {
			t.Errorf("%s: value %v", c.metric, r["value"])
		}
	}
	// A blank cell makes the ratio unknown and unverified, never 0.
	r := one("not_held_share", Filter{Jurisdiction: "320105", Scope: "gov_aggregate", Year: 2023})
	if r["value"] != nil || r["numerator"] != nil || r["unverified"] != int64(1) || r["unverified_reasons"] != "blank(unable_unclear)" {
		t.Errorf("blank denominator: %v", r)
	}
}

func TestCompareErrors(t *testing.T) {
	db := open(t, buildFixtures(t))
	ctx := context.Background()
	if _, err := db.Compare(ctx, "no_such_metric", Filter{}); err == nil || !strings.Contains(err.Error(), "unknown metric") {
		t.Errorf("unknown metric: %v", err)
	}
	if _, err := db.Compare(ctx, "disclosure_rate", Filter{Province: "990000"}); err == nil || !strings.Contains(err.Error(), "unknown province") {
		t.Errorf("unknown province: %v", err)
	}
	if _, err := db.Compare(ctx, "disclosure_rate", Filter{By: "county"}); err == nil {
		t.Errorf("unknown grouping accepted")
	}
	if _, err := db.Query(ctx, "SELECT nope FROM reports"); err == nil {
		t.Errorf("bad SQL accepted")
	}
	// Parameters are bound: a quote in a value is data, not SQL.
	res, err := db.Query(ctx, "SELECT count(*) FROM reports WHERE division_code = ?", "x' OR '1'='1")
	if err != nil || res.Rows[0][0] != int64(0) {
		t.Errorf("bound parameter: %v %v", res, err)
	}
}

func TestResolve(t *testing.T) {
	db := open(t, buildFixtures(t))
	ctx := context.Background()
	for in, want := range map[string]string{"山东": "370000", "山东省": "370000", "370000": "370000", "": ""} {
		if got, err := db.Resolve(ctx, "province", in); err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := db.Resolve(ctx, "", "朝阳区"); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("ambiguous name: %v", err)
	}
	if _, err := db.Resolve(ctx, "province", "火星"); err == nil || !strings.Contains(err.Error(), "unknown province") {
		t.Errorf("unknown name: %v", err)
	}
}

func TestViewsCoverEveryTable(t *testing.T) {
	db := open(t, buildFixtures(t))
	ctx := context.Background()
	for _, tb := range schema.DatasetTables() {
		res, err := db.Query(ctx, "SELECT * FROM "+tb.Name+" LIMIT 0")
		if err != nil {
			t.Fatal(err)
		}
		want := len(tb.Schema.Fields())
		if tb.Partitioned {
			want++
		}
		if len(res.Columns) != want {
			t.Errorf("%s: columns %v", tb.Name, res.Columns)
		}
	}
	res, err := db.Query(ctx, "SELECT count(*) FROM facts")
	if err != nil || res.Rows[0][0] != int64(5) {
		t.Errorf("facts: %v %v", res, err)
	}
}

func TestEmptyDatasetHasTypedViews(t *testing.T) {
	dir := t.TempDir()
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir}); err != nil {
		t.Fatal(err)
	}
	db := open(t, dir)
	res, err := db.Compare(context.Background(), "application_growth", Filter{})
	if err != nil || len(res.Rows) != 0 {
		t.Fatalf("%v %v", res, err)
	}
}

func TestOpenRejectsBadDatasets(t *testing.T) {
	ctx := context.Background()
	if _, err := Open(ctx, filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing folder opened")
	}
	if _, err := Open(ctx, t.TempDir()); err == nil || !strings.Contains(err.Error(), "run ogi build") {
		t.Errorf("empty folder: %v", err)
	}
	// Corrupt one file in place (same size): its footer no longer reads.
	dir := buildFixtures(t)
	p := filepath.Join(dataset.Dir(dir), "applications", "year=2023", "part-0.parquet")
	b, _ := os.ReadFile(p)
	for i := len(b) - 64; i < len(b); i++ {
		b[i] ^= 0x5a
	}
	os.WriteFile(p, b, 0o644)
	if _, err := Open(ctx, dir); err == nil || !strings.Contains(err.Error(), "applications") {
		t.Errorf("corrupt file: %v", err)
	}
	// Truncate it: the manifest size check catches it.
	os.WriteFile(p, b[:len(b)/2], 0o644)
	if _, err := Open(ctx, dir); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("truncated file: %v", err)
	}
	// A build that died mid-swap left the dataset aside: still readable.
	dir = buildFixtures(t)
	os.Rename(dataset.Dir(dir), filepath.Join(dir, "dataset.prev"))
	db := open(t, dir)
	if res, err := db.Query(ctx, "SELECT count(*) FROM reports"); err != nil || res.Rows[0][0] != int64(7) {
		t.Errorf("dataset.prev: %v %v", res, err)
	}
}

func TestMetricsAreDeclared(t *testing.T) {
	ms := Metrics()
	want := []string{"application_growth", "carry_over_consistency", "disclosure_rate", "dispute_rate", "litigation_loss_rate",
		"not_held_rate", "not_held_share", "on_time_rate", "review_correction_rate", "review_correction_rate_all"}
	if len(ms) != len(want) {
		t.Fatalf("metrics %v", ms)
	}
	for i, m := range ms {
		if m.Name != want[i] || m.Title == "" || m.Description == "" {
			t.Errorf("metric %d: %+v", i, m)
		}
	}
}

func TestWriteFormats(t *testing.T) {
	res := &Result{Columns: []string{"code", "name", "value", "n"}, Rows: [][]any{{"370685", "招远|市", 0.68, int64(3)}, {"1", nil, nil, int64(10)}}}
	var b bytes.Buffer
	if err := Write(&b, res, "csv"); err != nil || b.String() != "code,name,value,n\n370685,招远|市,0.68,3\n1,,,10\n" {
		t.Errorf("csv %q %v", b.String(), err)
	}
	b.Reset()
	if err := Write(&b, res, "json"); err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	if err := json.Unmarshal(b.Bytes(), &objs); err != nil || len(objs) != 2 || objs[0]["value"] != 0.68 || objs[1]["name"] != nil {
		t.Errorf("json %s %v", b.String(), err)
	}
	if !strings.HasPrefix(b.String(), "[\n  {\"code\": \"370685\", \"name\"") {
		t.Errorf("json key order: %s", b.String())
	}
	b.Reset()
	Write(&b, res, "markdown")
	if !strings.Contains(b.String(), `| 370685 | 招远\|市 | 0.6800 | 3 |`) {
		t.Errorf("markdown %s", b.String())
	}
	b.Reset()
	Write(&b, res, "table")
	lines := strings.Split(b.String(), "\n")
	// 招远|市 is 7 columns wide: the CJK characters count double.
	if len(lines) < 4 || !strings.HasPrefix(lines[2], "370685  招远|市  0.6800   3") {
		t.Errorf("table:\n%s", b.String())
	}
	if err := Write(&b, res, "xml"); err == nil {
		t.Error("unknown format accepted")
	}
}

// openThenRebuild builds 20 counties × 2 years up to 2022, opens that
// dataset, then builds 20 counties × 3 years up to 2023 in the same folder
// (not yet reloaded).
func openThenRebuild(t *testing.T) (dir string, db *DB) {
	t.Helper()
	dir = t.TempDir()
	build := func(years, last int) {
		prep, j := synth.Dataset(20, years, last, 1)
		if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: j}); err != nil {
			t.Fatal(err)
		}
	}
	build(2, 2022)
	db = open(t, dir)
	build(3, 2023)
	return dir, db
}

func TestReloadSeesANewBuild(t *testing.T) {
	ctx := context.Background()
	dir, db := openThenRebuild(t)
	if err := db.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := db.Query(ctx, "SELECT count(*), max(year) FROM reports")
	if err != nil || res.Rows[0][0] != int64(60) || res.Rows[0][1] != int64(2023) {
		t.Errorf("after reload: %v %v", res, err)
	}
	os.RemoveAll(dataset.Dir(dir))
	os.RemoveAll(filepath.Join(dir, dataset.GenerationsName))
	if err := db.Reload(ctx); err == nil {
		t.Error("reload of a removed dataset succeeded")
	}

}

// A new build that fails its checks half-way through the tables (the last
// table's file is corrupt, its size intact) leaves every view on the old
// dataset, not the first tables swapped and the rest old.
func TestReloadFailureKeepsEveryOldView(t *testing.T) {
	ctx := context.Background()
	dir, db := openThenRebuild(t)
	man, err := dataset.ReadManifest(dataset.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	last := man.Tables[len(man.Tables)-1]
	for _, mt := range man.Tables {
		if len(mt.Files) > 0 {
			last = mt // the last table with a file, read after the others
		}
	}
	if last.Name == "reports" {
		t.Fatal("fixture: no table after reports has a file")
	}
	f := filepath.Join(dataset.Dir(dir), filepath.FromSlash(last.Files[0].Path))
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = 'x' // same size: past the manifest's size check, unreadable as Parquet
	}
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := db.Reload(ctx); err == nil {
		t.Fatalf("reload of a dataset with a corrupt %s succeeded", last.Name)
	}
	res, err := db.Query(ctx, "SELECT count(*), max(year) FROM reports")
	if err != nil || res.Rows[0][0] != int64(40) || res.Rows[0][1] != int64(2022) {
		t.Errorf("after a failed reload, reports = %v %v, want the old 40 reports up to 2022", res, err)
	}
}
