package query

import (
	"context"
	"fmt"
	"reflect"
	"testing"
)

// TestCompareAllIsEachCompare: compare_all gives, metric by metric, the
// rows of that metric's own comparison, for every grouping, with and
// without unverified figures and on a materialized build.
func TestCompareAllIsEachCompare(t *testing.T) {
	ctx := context.Background()
	for _, dir := range []string{buildFixtures(t), coverageFixture(t)} {
		plain := map[int]string{} // filter → rows of the build not materialized
		for _, mat := range []bool{false, true} {
			db, err := OpenWith(ctx, dir, Options{AllMetrics: true, Materialize: mat})
			if err != nil {
				t.Fatal(err)
			}
			for fi, f := range []Filter{{Scope: ScopeGovAggregate}, {Year: 2023, By: ByParent}, {Province: "370000", By: ByProvince, IncludeUnverified: true},
				{Scope: ScopeGovAggregate, Year: 2024}} {
				all, err := db.CompareAll(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(all.Columns, CompareAllColumns) {
					t.Fatalf("columns %v", all.Columns)
				}
				if !mat {
					plain[fi] = fmt.Sprint(all.Rows)
				} else if plain[fi] != fmt.Sprint(all.Rows) {
					t.Errorf("%+v: the materialized build ranks otherwise", f)
				}
				byMetric := map[string][][]any{}
				for _, r := range all.Rows {
					byMetric[r[0].(string)] = append(byMetric[r[0].(string)], r[1:])
				}
				for _, m := range Metrics() {
					one, err := db.Compare(ctx, m.Name, f)
					if err != nil {
						t.Fatal(err)
					}
					if fmt.Sprint(one.Rows) != fmt.Sprint(byMetric[m.Name]) {
						t.Errorf("%s %+v (materialized %v):\ncompare_all %v\ncompare     %v", m.Name, f, mat, byMetric[m.Name], one.Rows)
					}
				}
			}
			db.Close()
		}
	}
}
