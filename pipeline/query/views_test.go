package query

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"ogi/pipeline/dataset"
	"ogi/pipeline/views"
)

// TestViewsSQLReproducesCompare runs the views.sql a build wrote, in a
// fresh DuckDB that knows nothing of ogi but where the files are, and
// compares every metric's ranking and summary with what ogi compare
// prints, row for row.
func TestViewsSQLReproducesCompare(t *testing.T) {
	dir := misprinted(t)
	script, err := os.ReadFile(filepath.Join(dataset.Dir(dir), views.FileName))
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	fresh.SetMaxOpenConns(1) // file_search_path is a connection's setting
	if _, err := fresh.Exec("SET file_search_path = '" + dataset.Dir(dir) + "'"); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.Exec(string(script)); err != nil {
		t.Fatalf("views.sql: %v", err)
	}
	db := open(t, dir)
	ctx := context.Background()
	cases := []struct {
		args string
		f    Filter
	}{
		{"", Filter{Scope: ScopeGovAggregate}},
		{"report_year := 2023", Filter{Scope: ScopeGovAggregate, Year: 2023}},
		{"report_scope := '', group_by := 'province'", Filter{By: ByProvince}},
		{"province := '370000', group_by := 'parent', include_unverified := true", Filter{Province: "370000", Scope: ScopeGovAggregate, By: ByParent, IncludeUnverified: true}},
		{"jurisdiction := '370685', report_scope := 'department'", Filter{Jurisdiction: "370685", Scope: ScopeDepartment}},
	}
	for _, m := range Metrics() {
		for _, c := range cases {
			want, err := db.Compare(ctx, m.Name, c.f)
			if err != nil {
				t.Fatal(err)
			}
			got := plainQuery(t, fresh, fmt.Sprintf("SELECT * FROM compare_%s(%s)", m.Name, c.args))
			if !reflect.DeepEqual(got.Columns, want.Columns) || !reflect.DeepEqual(got.Rows, want.Rows) {
				t.Errorf("%s(%s):\nviews.sql %v\nogi       %v", m.Name, c.args, got.Rows, want.Rows)
			}
		}
		summaryArgs := "report_year := 2023"
		want, err := db.CompareSummary(ctx, m.Name, Filter{Scope: ScopeGovAggregate, Year: 2023})
		if err != nil {
			t.Fatal(err)
		}
		got := plainQuery(t, fresh, fmt.Sprintf("SELECT * FROM compare_summary_%s(%s)", m.Name, summaryArgs))
		if !reflect.DeepEqual(got.Rows, want.Rows) {
			t.Errorf("summary %s: views.sql %v, ogi %v", m.Name, got.Rows, want.Rows)
		}
	}
	// The unverified figure is visible to plain SQL with its reason.
	got := plainQuery(t, fresh, "SELECT unverified FROM metric_disclosure_rate WHERE division_code = '370681'")
	if len(got.Rows) != 1 || got.Rows[0][0] != "out_of_range, t3_outcomes_total" {
		t.Errorf("metric view: %v", got.Rows)
	}
}

// plainQuery runs a query on a database/sql handle, values normalised as
// Query does.
func plainQuery(t *testing.T, db *sql.DB, q string) *Result {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	res := &Result{Columns: cols, Rows: [][]any{}}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i := range vals {
			vals[i] = normalize(vals[i])
		}
		res.Rows = append(res.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return res
}
