package query

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"ogi/pipeline/dataset"
	"ogi/pipeline/report"
	"ogi/schema"
)

// misprinted builds a dataset of 2023 government reports of 烟台 with
// their checks:
//   - 招远 370685: every identity holds;
//   - 龙口 370681: prints 43 granted of 19 processed, so t3_outcomes_total
//     fails (the 226% of issue 10);
//   - 莱州 370683: a partial report, table 四 not read, whose t4_sum_*
//     identities are therefore not checkable;
//   - 招远's office (scope department): left out by the default scope.
func misprinted(t *testing.T) string {
	t.Helper()
	ok := func(ids ...string) []report.Check {
		var cs []report.Check
		for _, id := range ids {
			cs = append(cs, report.Check{ID: id, Severity: schema.Hard, OK: true})
		}
		return cs
	}
	type rep struct {
		f      facts
		checks []report.Check
	}
	reps := []rep{
		{facts{code: "370685", scope: "gov_aggregate", year: 2023, fetched: t0, app: app(205, 6, 50, 86, 56, 0, 0, 200, 11),
			review: map[string][5]float64{"review": {2, 1, 1, 1, 5}, "lit_direct": {0, 0, 0, 1, 1}, "lit_after_review": {0, 0, 2, 0, 2}}},
			ok("t3_outcomes_total", "t3_balance_total", "t4_sum_review", "t4_sum_lit_direct", "t4_sum_lit_after_review")},
		{facts{code: "370681", scope: "gov_aggregate", year: 2023, fetched: t0, app: app(40, 0, 43, 0, 0, 0, 0, 19, 21),
			review: map[string][5]float64{"review": {8, 4, 0, 0, 12}, "lit_direct": {2, 1, 0, 0, 3}, "lit_after_review": {0, 0, 0, 0, 0}}},
			append(ok("t3_balance_total", "t4_sum_review", "t4_sum_lit_direct", "t4_sum_lit_after_review"),
				report.Check{ID: "t3_outcomes_total", Severity: schema.Hard, OK: false, Expected: 19, Actual: 43})},
		{facts{code: "370683", scope: "gov_aggregate", year: 2023, fetched: t0, status: "partial", app: app(100, 0, 60, 20, 10, 5, 5, 100, 0)},
			append(ok("t3_outcomes_total", "t3_balance_total"),
				report.Check{ID: "t4_sum_review", Severity: schema.Hard, Detail: "not checkable: 5 of its 5 cells not printed"},
				report.Check{ID: "t4_sum_lit_direct", Severity: schema.Hard, Detail: "not checkable"},
				report.Check{ID: "t4_sum_lit_after_review", Severity: schema.Hard, Detail: "not checkable"})},
		{facts{code: "370685", scope: "department", year: 2023, fetched: t0, app: app(10, 0, 5, 5, 0, 0, 0, 10, 0)}, nil},
	}
	var prep []dataset.Prepared
	for i, r := range reps {
		rp := r.f.report()
		rp.Checks = r.checks
		prep = append(prep, dataset.Prepared{
			Input: dataset.Input{Source: fmt.Sprintf("http://gov.example/%d.html", i), SHA256: fmt.Sprint(i), FetchedAt: r.f.fetched},
			Load:  func() (report.Report, error) { return rp, nil },
		})
	}
	js := append(juris, dataset.Jurisdiction{Code: "370683", Name: "莱州市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"})
	dir := t.TempDir()
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: js}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func byCode(t *testing.T, res *Result) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, r := range rows(t, res) {
		out[r["code"].(string)] = r
	}
	return out
}

func TestUnverifiedFiguresAreLeftOut(t *testing.T) {
	db := open(t, misprinted(t))
	ctx := context.Background()
	y23 := Filter{Scope: ScopeGovAggregate, Year: 2023}
	res, err := db.Compare(ctx, "disclosure_rate", y23)
	if err != nil {
		t.Fatal(err)
	}
	got := byCode(t, res)
	// 莱州 (partial: its table 三 holds) 80/100 first, 招远 136/200 second.
	if r := got["370683"]; r["rank"] != int64(1) || !near(r["value"], 0.8) || r["unverified"] != int64(0) {
		t.Errorf("莱州: %v", r)
	}
	if r := got["370685"]; r["rank"] != int64(2) || !near(r["value"], 0.68) {
		t.Errorf("招远: %v", r)
	}
	// 龙口's 43/19 rests on cells of the failed t3_outcomes_total: no
	// value, no rank, the reason given.
	if r := got["370681"]; r["value"] != nil || r["rank"] != nil || r["numerator"] != nil || r["reports"] != int64(0) ||
		r["unverified"] != int64(1) || r["unverified_reasons"] != "out_of_range, t3_outcomes_total" {
		t.Errorf("龙口: %v", r)
	}

	// Sums leave it out too: the province is (136 + 80) / (200 + 100).
	res, err = db.Compare(ctx, "disclosure_rate", Filter{Scope: ScopeGovAggregate, Year: 2023, By: ByProvince})
	if err != nil {
		t.Fatal(err)
	}
	if r := byCode(t, res)["370000"]; !near(r["value"], 216.0/300) || r["reports"] != int64(2) || r["unverified"] != int64(1) {
		t.Errorf("province: %v", r)
	}

	// --include-unverified brings it back, flagged.
	res, err = db.Compare(ctx, "disclosure_rate", Filter{Scope: ScopeGovAggregate, Year: 2023, IncludeUnverified: true})
	if err != nil {
		t.Fatal(err)
	}
	if r := byCode(t, res)["370681"]; !near(r["value"], 43.0/19) || r["unverified"] != int64(1) || r["reports"] != int64(1) {
		t.Errorf("龙口 included: %v", r)
	}

	// A figure that does not rest on the failed identity's cells stays:
	// disputes per new application (table 四 and new_received).
	res, _ = db.Compare(ctx, "dispute_rate", y23)
	if r := byCode(t, res)["370681"]; !near(r["value"], 15.0/40) || r["unverified"] != int64(0) {
		t.Errorf("龙口 dispute rate: %v", r)
	}
	// The partial report's table 四 was not read: its review figures are
	// unverified, with the cells named.
	res, _ = db.Compare(ctx, "review_correction_rate", y23)
	if r := byCode(t, res)["370683"]; r["value"] != nil || !strings.Contains(fmt.Sprint(r["unverified_reasons"]), "not_read(review_total)") {
		t.Errorf("莱州 review: %v", r)
	}
}

// TestNoImpossibleValueByDefault: no share that cannot exceed 1 does, in
// any metric and grouping, unless unverified figures are asked for.
func TestNoImpossibleValueByDefault(t *testing.T) {
	db := open(t, misprinted(t))
	ctx := context.Background()
	unbounded := map[string]bool{"application_growth": true, "dispute_rate": true}
	for _, m := range Metrics() {
		if unbounded[m.Name] {
			continue
		}
		for _, by := range Groupings() {
			res, err := db.Compare(ctx, m.Name, Filter{Scope: ScopeAll, By: by})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows(t, res) {
				if v, ok := r["value"].(float64); ok && (v > 1 || v < 0) {
					t.Errorf("%s by %s: %v", m.Name, by, r)
				}
			}
		}
	}
}

func TestCompareSummarySaysWhatWasLeftOut(t *testing.T) {
	db := open(t, misprinted(t))
	ctx := context.Background()
	res, err := db.CompareSummary(ctx, "disclosure_rate", Filter{Scope: ScopeGovAggregate, Year: 2023})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, r := range res.Rows {
		got[fmt.Sprint(r[0], "/", r[1])] = r[2].(int64)
	}
	want := map[string]int64{"compared/": 2, "included/": 0, "unverified/t3_outcomes_total": 1, "unverified/out_of_range": 1, "scope/department": 1}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %d, want %d (summary %v)", k, got[k], v, got)
		}
	}
	res, _ = db.CompareSummary(ctx, "disclosure_rate", Filter{Scope: ScopeGovAggregate, Year: 2023, IncludeUnverified: true})
	for _, r := range res.Rows {
		if r[0] == SummaryIncluded && r[2] != int64(1) || r[0] == SummaryUnverified {
			t.Errorf("with unverified included: %v", res.Rows)
		}
	}
}
