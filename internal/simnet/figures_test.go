package simnet

import (
	"slices"
	"testing"

	"ogi/pipeline/report"
	"ogi/pipeline/validate"
	"ogi/schema"
)

func TestIdentitiesHold(t *testing.T) {
	n := start(t, Config{Seed: 3, Portals: 300})
	ex := n.Expected()
	if len(ex) < 300*7 {
		t.Fatalf("%d reports, want at least %d", len(ex), 300*7)
	}
	type chainKey struct{ portal, agency string }
	chains := map[chainKey]map[int]Figures{}
	newByYear := map[int]float64{}
	perCounty := map[string]float64{}
	reports2021, late2021, freeform2019 := 0, 0, 0
	for _, e := range ex {
		if e.Template == "" {
			switch {
			case e.Kind == KindPre2019 && e.Year <= 2018:
			case e.Kind == KindGovernment && e.Year == 2019 && e.Rendering == RenderFreeform:
				freeform2019++
			default:
				t.Errorf("%s: no template but kind %s year %d", e.URL, e.Kind, e.Year)
			}
			if len(e.Figures.Applications) > 0 {
				t.Errorf("%s: figures without a template", e.URL)
			}
			continue
		}
		want := schema.V2021
		if e.Year <= 2020 {
			want = schema.V2019
		}
		if e.Year == 2021 {
			reports2021++
			if e.Template == schema.V2019 {
				late2021++
				want = schema.V2019
			}
		}
		if e.Template != want {
			t.Errorf("%s: year %d on template %s", e.URL, e.Year, e.Template)
		}
		tmpl, _ := schema.Lookup(e.Template)
		if failed := validatorFails(e, tmpl); len(failed) > 0 || len(e.FailedChecks) > 0 {
			t.Errorf("%s: identities fail: %v %v", e.URL, failed, e.FailedChecks)
		}
		checkShape(t, e, tmpl)
		k := chainKey{e.PortalCode, e.Agency}
		if chains[k] == nil {
			chains[k] = map[int]Figures{}
		}
		chains[k][e.Year] = e.Figures
		if e.Kind == KindGovernment {
			newByYear[e.Year] += e.Figures.Applications["new_received"]["total"]
			if e.Year == 2023 {
				perCounty[e.PortalCode] = e.Figures.Applications["new_received"]["total"]
			}
		}
	}
	if freeform2019 == 0 || freeform2019 > 300/5 {
		t.Errorf("%d free-form 2019 reports among 300 portals, want a few", freeform2019)
	}
	if late2021 == 0 || late2021*10 > reports2021 {
		t.Errorf("%d of %d reports for 2021 on the 2019 template, want a few", late2021, reports2021)
	}
	cols := schema.Template2021().ColumnKeys()
	for k, ys := range chains {
		for y, f := range ys {
			next, ok := ys[y+1]
			if !ok {
				continue
			}
			for _, c := range cols {
				if f.Applications["carried_out"][c] != next.Applications["carried_in"][c] {
					t.Errorf("%v: carried_out %d[%s]=%v but carried_in %d = %v", k, y, c,
						f.Applications["carried_out"][c], y+1, next.Applications["carried_in"][c])
				}
			}
		}
	}
	if newByYear[2025] <= newByYear[2019]*1.1 {
		t.Errorf("new applications do not grow: 2019 %v, 2025 %v", newByYear[2019], newByYear[2025])
	}
	lo, hi := 1e18, 0.0
	for _, v := range perCounty {
		lo, hi = min(lo, v), max(hi, v)
	}
	if hi < 5*lo+10 {
		t.Errorf("county sizes barely vary: %v..%v", lo, hi)
	}
}

// checkShape checks every cell of the template is present, non-negative
// (except signed ones) and whole (except decimals).
func checkShape(t *testing.T, e Expected, tmpl *schema.Template) {
	t.Helper()
	for _, r := range tmpl.ApplicationRows {
		for _, c := range tmpl.ApplicationColumns {
			v, ok := e.Figures.Applications[r.Key][c.Key]
			if !ok || v < 0 || v != float64(int64(v)) {
				t.Errorf("%s: table 三 %s/%s = %v (present %v)", e.URL, r.Key, c.Key, v, ok)
			}
		}
	}
	for _, k := range tmpl.ReviewKeys() {
		v, ok := e.Figures.ReviewLitigation[k]
		if !ok || v < 0 || v != float64(int64(v)) || v > 200 {
			t.Errorf("%s: table 四 %s = %v (present %v)", e.URL, k, v, ok)
		}
	}
	for _, af := range tmpl.Active {
		v, ok := e.Figures.Active[af.Key]
		if !ok || (!af.Signed && v < 0) || (!af.Decimal && v != float64(int64(v))) {
			t.Errorf("%s: table 二 %s = %v (present %v)", e.URL, af.Key, v, ok)
		}
		if af.Unit && e.Figures.ActiveUnits[af.Key] == "" {
			t.Errorf("%s: table 二 %s has no unit", e.URL, af.Key)
		}
	}
}

func TestTyposRecorded(t *testing.T) {
	n := start(t, Config{Seed: 3, Portals: 120, Faults: true})
	typos := 0
	for _, e := range n.Expected() {
		if e.Template == "" {
			continue
		}
		tmpl, _ := schema.Lookup(e.Template)
		failed := validatorFails(e, tmpl)
		if !slices.Equal(failed, e.FailedChecks) {
			t.Errorf("%s: Expected.FailedChecks %v, the validator fails %v", e.URL, e.FailedChecks, failed)
		}
		if slices.Contains(e.Faults, FaultTypo) {
			typos++
			if !slices.Contains(failed, "t3_rowsum_total_processed") {
				t.Errorf("%s: typo report passes its row sum: %v", e.URL, failed)
			}
		} else if len(failed) > 0 {
			t.Errorf("%s: identities fail without a typo: %v", e.URL, failed)
		}
	}
	if typos == 0 {
		t.Fatal("no typo'd report with Faults on")
	}
}

// validatorFails is what the project's validator (pipeline/validate, not
// the network's own Figures.FailedChecks, which made Expected.FailedChecks)
// says of the figures as a report: the ids of the identities that do not
// hold, sorted. Cells printed blank are blank values, which the validator
// counts as 0 as the network's arithmetic does.
func validatorFails(e Expected, tmpl *schema.Template) []string {
	r := report.Report{Template: tmpl.ID, Active: map[string]report.Value{},
		Applications: map[string]map[string]report.Value{}, ReviewLitigation: map[string]report.Value{}}
	val := func(ref schema.Ref, v float64) report.Value {
		if e.Figures.IsBlank(ref) {
			return report.BlankValue("", "")
		}
		return report.Number(v, "", "")
	}
	for row, cols := range e.Figures.Applications {
		r.Applications[row] = map[string]report.Value{}
		for col, v := range cols {
			r.Applications[row][col] = val(schema.Ref{Table: schema.TableApplications, Row: row, Col: col}, v)
		}
	}
	for k, v := range e.Figures.ReviewLitigation {
		r.ReviewLitigation[k] = val(schema.Ref{Table: schema.TableReview, Row: k}, v)
	}
	for k, v := range e.Figures.Active {
		r.Active[k] = val(schema.Ref{Table: schema.TableActive, Row: k}, v)
	}
	var failed []string
	for _, c := range validate.Checks(tmpl, &r) {
		if !c.OK {
			failed = append(failed, c.ID)
		}
	}
	slices.Sort(failed)
	return failed
}
