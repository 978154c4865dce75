package dataset

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"ogi/pipeline/report"
	"ogi/pipeline/validate"
	"ogi/schema"
)

// fixture is the test's own stand-in for a report file: the extractor of
// these tests reads it as JSON. Figures of 招远市 2023 come from its
// published report (report-format.md §1.8).
type fixture struct {
	Year     int                 `json:"year"`
	Division string              `json:"division"`
	Scope    string              `json:"scope"`
	Template string              `json:"template"`
	Rows     map[string][]*int   `json:"rows"`   // table 三 row → 7 columns, null = blank
	Review   map[string][]*int   `json:"review"` // group → 5 values
	Active   map[string]*float64 `json:"active"`
	Fail     report.Reason       `json:"fail,omitempty"`  // the extractor returns this error
	Panic    bool                `json:"panic,omitempty"` // the extractor panics
}

func ip(v int) *int         { return &v }
func fp(v float64) *float64 { return &v }
func ints(vs ...int) []*int {
	out := make([]*int, len(vs))
	for i, v := range vs {
		out[i] = ip(v)
	}
	return out
}

// zhaoyuan2023 is 招远市's 2023 report. carriedIn lets tests chain years.
func zhaoyuan(year, newTotal, carriedIn, carriedOut int) fixture {
	rows := map[string][]*int{}
	tmpl := schema.Template2021()
	for _, r := range tmpl.ApplicationRows {
		rows[r.Key] = ints(0, 0, 0, 0, 0, 0, 0)
	}
	// Natural persons carry everything but one commercial application.
	rows["new_received"] = ints(newTotal-1, 1, 0, 0, 0, 0, newTotal)
	rows["carried_in"] = ints(carriedIn, 0, 0, 0, 0, 0, carriedIn)
	processed := newTotal + carriedIn - carriedOut
	rows["carried_out"] = ints(carriedOut-1, 1, 0, 0, 0, 0, carriedOut)
	rows["total_processed"] = ints(processed, 0, 0, 0, 0, 0, processed)
	rest := processed - 50 - 86 - 2 - 56 - 6
	set := func(k string, v int) { rows[k] = ints(v, 0, 0, 0, 0, 0, v) }
	set("granted", 50+rest)
	set("partially_granted", 86)
	set("denied_third_party", 1)
	set("denied_internal_affairs", 1)
	set("unable_not_held", 56)
	set("other_other", 6)
	return fixture{
		Year: year, Division: "370685", Scope: "gov_aggregate", Template: schema.V2021, Rows: rows,
		Review: map[string][]*int{"review": ints(2, 1, 1, 1, 5), "lit_direct": ints(0, 0, 0, 1, 1), "lit_after_review": ints(0, 0, 2, 0, 2)},
		Active: map[string]*float64{
			"regulations_issued": fp(0), "regulations_repealed": fp(0), "regulations_in_force": fp(0),
			"normative_docs_issued": fp(1), "normative_docs_repealed": fp(3), "normative_docs_in_force": fp(12),
			"licensing_decisions": fp(28349), "penalty_decisions": fp(3390), "coercion_decisions": fp(133),
			"fees_amount_wan": fp(5060),
		},
	}
}

// fixtureExtractor reads fixture JSON and counts its calls.
type fixtureExtractor struct{ calls atomic.Int32 }

func (fx *fixtureExtractor) extract(ctx context.Context, payload []byte, in Input) (report.Report, error) {
	fx.calls.Add(1)
	var f fixture
	if err := json.Unmarshal(payload, &f); err != nil {
		return report.Report{}, fmt.Errorf("not a fixture: %w", err)
	}
	if f.Panic {
		panic("fixture asked to panic")
	}
	if f.Fail != "" {
		return report.Report{}, reasonErr{f.Fail}
	}
	rep := report.Report{
		Source: in.Source, Status: report.StatusOK, Year: f.Year, Template: f.Template, DivisionCode: f.Division,
		Scope: f.Scope, Title: fmt.Sprintf("%d年政府信息公开工作年度报告", f.Year), Agency: "招远市人民政府", ContentType: "text",
		Active: map[string]report.Value{}, Applications: map[string]map[string]report.Value{}, ReviewLitigation: map[string]report.Value{},
		ExtractorVersion: "fixture",
	}
	tmpl, _ := schema.Lookup(f.Template)
	val := func(v *int, loc string) report.Value {
		if v == nil {
			return report.BlankValue("—", loc)
		}
		return report.Number(float64(*v), strconv.Itoa(*v), loc)
	}
	for ri, r := range tmpl.ApplicationRows {
		vs, ok := f.Rows[r.Key]
		if !ok {
			continue
		}
		row := map[string]report.Value{}
		for ci, c := range tmpl.ColumnKeys() {
			row[c] = val(vs[ci], fmt.Sprintf("table 3 row %d col %d", ri+1, ci+1))
		}
		rep.Applications[r.Key] = row
	}
	for _, g := range tmpl.ReviewGroups {
		for fi, fl := range tmpl.ReviewFields {
			if vs, ok := f.Review[g.Key]; ok {
				rep.ReviewLitigation[schema.ReviewKey(g.Key, fl.Key)] = val(vs[fi], "table 4")
			}
		}
	}
	for k, v := range f.Active {
		if v == nil {
			rep.Active[k] = report.BlankValue("", "table 2")
		} else {
			rep.Active[k] = report.Number(*v, strconv.FormatFloat(*v, 'f', -1, 64), "table 2")
		}
	}
	rep.Checks = validate.Checks(tmpl, &rep)
	return rep, nil
}

type reasonErr struct{ code report.Reason }

func (e reasonErr) Error() string             { return string(e.code) + ": fixture failure" }
func (e reasonErr) ReasonCode() report.Reason { return e.code }

// writeFixtures writes fixtures as files name → JSON under dir.
func writeFixtures(t testing.TB, dir string, fs map[string]fixture) {
	t.Helper()
	for name, f := range fs {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var testJuris = []Jurisdiction{
	{Code: "370000", Name: "山东省", Level: "province", ProvinceCode: "370000"},
	{Code: "370600", Name: "烟台市", Level: "prefecture", ParentCode: "370000", ProvinceCode: "370000"},
	{Code: "370685", Name: "招远市", Level: "county", ParentCode: "370600", ProvinceCode: "370000"},
}

// duck opens DuckDB for reading the dataset back.
func duck(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "?autoinstall_known_extensions=false&autoload_known_extensions=false")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// table reads a dataset table with DuckDB, hive partitions included.
func table(dataDir, name string) string {
	t, _ := schema.LookupDatasetTable(name)
	if t.Partitioned {
		return fmt.Sprintf("read_parquet('%s/*/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})", filepath.Join(Dir(dataDir), name))
	}
	return fmt.Sprintf("read_parquet('%s/part-0.parquet')", filepath.Join(Dir(dataDir), name))
}

func queryRows(t testing.TB, db *sql.DB, q string, args ...any) [][]any {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var errInjected = errors.New("injected failure")
