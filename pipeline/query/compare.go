package query

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"ogi/data"
	"ogi/pipeline/views"
)

// Metric is one comparison metric, declared by a data/sql/metric_*.sql file.
type Metric = views.Metric

// By is a grouping level of Filter.By.
type By string

// Grouping levels of Filter.By.
const (
	ByJurisdiction By = "jurisdiction"
	ByParent       By = "parent"
	ByProvince     By = "province"
)

// Groupings lists the valid values of Filter.By.
func Groupings() []By { return []By{ByJurisdiction, ByParent, ByProvince} }

// Scope is a report scope.
type Scope string

// Report scopes (data-dictionary.md); ScopeAll compares every scope, each
// ranked within itself.
const (
	ScopeGovAggregate Scope = "gov_aggregate"
	ScopeGovOffice    Scope = "gov_office"
	ScopeDepartment   Scope = "department"
	ScopeTownship     Scope = "township"
	ScopeAll          Scope = ""
)

// Scopes lists the report scopes a comparison can be limited to.
func Scopes() []Scope {
	return []Scope{ScopeGovAggregate, ScopeGovOffice, ScopeDepartment, ScopeTownship}
}

// Filter selects the reports a comparison covers. Zero values mean any.
type Filter struct {
	Province     string // province code, e.g. 370000
	Parent       string // parent (prefecture) code, e.g. 370600
	Jurisdiction string // one division code: a time series
	Scope        Scope  // ScopeAll (zero) compares every scope
	Year         int
	// By groups the rows: "" or ByJurisdiction (one row per division),
	// ByParent or ByProvince (Σnumerator/Σdenominator of their divisions).
	By By
	// IncludeUnverified counts the figures that rest on unverified cells
	// in, flagged; by default they are left out and counted.
	IncludeUnverified bool
}

// SmallDenominator is the denominator under which a ratio is flagged and
// left unranked.
const SmallDenominator = 10

// Metrics lists the metrics, sorted by name. The slice is the caller's
// own copy.
func Metrics() []Metric { return views.Metrics() }

// LookupMetric returns the metric with the given name.
func LookupMetric(name string) (Metric, bool) { return views.LookupMetric(name) }

// CompareColumns are the columns of every comparison result.
var CompareColumns = []string{"rank", "code", "name", "year", "numerator", "denominator", "value", "small_denominator",
	"scope", "reports", "unverified", "unverified_reasons"}

// SummaryColumns are the columns of a comparison summary.
var SummaryColumns = []string{"kind", "reason", "rows"}

// Kinds of the rows of a comparison summary.
const (
	SummaryCompared   = "compared"   // rows whose figures were summed
	SummaryIncluded   = "included"   // unverified rows counted in (IncludeUnverified)
	SummaryUnverified = "unverified" // rows left out, once per reason
	SummaryScope      = "scope"      // rows of another scope
	SummaryNotRead    = "not_read"   // jurisdiction-years with reports but none read
)

// Compare computes a metric over the compared reports (current, status ok
// or partial, one per division, scope and year) within the filter: the
// rows of the metric's compare_<name> macro of views.sql (CompareColumns).
// A row whose figures are unverified is left out of values, ranks and sums
// and counted in "unverified" with its reasons, unless the filter includes
// them.
func (db *DB) Compare(ctx context.Context, metric string, f Filter) (*Result, error) {
	m, by, err := db.checkCompare(ctx, metric, f)
	if err != nil {
		return nil, err
	}
	q, err := callSQL("sql/call_compare.sql", m.CompareMacro())
	if err != nil {
		return nil, err
	}
	return db.metricQuery(ctx, m, q, append(filterArgs(f), sql.Named("group_by", string(by)),
		sql.Named("min_denominator", SmallDenominator))...)
}

// CompareAllColumns are the columns of CompareAll: the metric's name,
// then CompareColumns.
var CompareAllColumns = append([]string{"metric"}, CompareColumns...)

// CompareAll computes every metric at once, as Compare computes each
// (CompareAllColumns, rows ordered by metric): one query instead of one
// per metric, for pages that show them all.
func (db *DB) CompareAll(ctx context.Context, f Filter) (*Result, error) {
	_, by, err := db.checkCompare(ctx, Metrics()[0].Name, f)
	if err != nil {
		return nil, err
	}
	b, err := fs.ReadFile(data.SQL, "sql/call_compare_all.sql")
	if err != nil {
		return nil, fmt.Errorf("read call_compare_all.sql: %w", err)
	}
	args := append(filterArgs(f), sql.Named("group_by", string(by)), sql.Named("min_denominator", SmallDenominator))
	var res *Result
	err = db.with(func(in *instance) error {
		if err := in.ensureMetrics(ctx); err != nil {
			return err
		}
		var err error
		res, err = in.query(ctx, string(b), args...)
		return err
	})
	return res, err
}

// CompareSummary says what Compare with the same arguments left out and
// why: rows of (kind, reason, rows), the kinds of the Summary* constants.
func (db *DB) CompareSummary(ctx context.Context, metric string, f Filter) (*Result, error) {
	m, _, err := db.checkCompare(ctx, metric, f)
	if err != nil {
		return nil, err
	}
	q, err := callSQL("sql/call_compare_summary.sql", m.SummaryMacro())
	if err != nil {
		return nil, err
	}
	return db.metricQuery(ctx, m, q, filterArgs(f)...)
}

// metricQuery runs q on an instance that has the metric's view and macros.
func (db *DB) metricQuery(ctx context.Context, m Metric, q string, args ...any) (*Result, error) {
	var res *Result
	err := db.with(func(in *instance) error {
		if err := in.ensureMetrics(ctx, m.Name); err != nil {
			return err
		}
		var err error
		res, err = in.query(ctx, q, args...)
		return err
	})
	return res, err
}

func filterArgs(f Filter) []any {
	return []any{sql.Named("province", f.Province), sql.Named("parent", f.Parent), sql.Named("jurisdiction", f.Jurisdiction),
		sql.Named("scope", string(f.Scope)), sql.Named("year", f.Year), sql.Named("include_unverified", f.IncludeUnverified)}
}

// callSQL reads a data/sql file that calls a macro of views.sql and puts
// the macro's name in; the name comes from the embedded metric files.
func callSQL(file, macro string) (string, error) {
	b, err := fs.ReadFile(data.SQL, file)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", file, err)
	}
	return strings.ReplaceAll(string(b), "{{macro}}", macro), nil
}

// FilterError is the error of a comparison asked for with an unknown
// metric, grouping, scope or code: the caller's mistake (a usage error),
// not a failure of the dataset.
type FilterError struct{ Msg string }

func (e *FilterError) Error() string { return e.Msg }

func filterErr(format string, args ...any) error {
	return &FilterError{Msg: fmt.Sprintf(format, args...)}
}

// checkCompare validates a comparison's metric, grouping and codes.
func (db *DB) checkCompare(ctx context.Context, metric string, f Filter) (Metric, By, error) {
	m, ok := LookupMetric(metric)
	if !ok {
		var names []string
		for _, m := range Metrics() {
			names = append(names, m.Name)
		}
		return m, "", filterErr("unknown metric %q (known: %s)", metric, strings.Join(names, ", "))
	}
	by := f.By
	if by == "" {
		by = ByJurisdiction
	}
	if !slices.Contains(Groupings(), by) {
		return m, "", filterErr("unknown grouping %q (jurisdiction, parent or province)", f.By)
	}
	if f.Scope != ScopeAll && !slices.Contains(Scopes(), f.Scope) {
		return m, "", filterErr("unknown scope %q (gov_aggregate, gov_office, department, township, or all)", f.Scope)
	}
	for _, c := range []struct{ name, code string }{{"province", f.Province}, {"parent", f.Parent}, {"jurisdiction", f.Jurisdiction}} {
		if c.code == "" {
			continue
		}
		res, err := db.Query(ctx, `SELECT (SELECT count(*) FROM jurisdictions WHERE code = $1),
			(SELECT count(*) FROM reports WHERE division_code = $1 OR province_code = $1)`, c.code)
		if err != nil {
			return m, "", fmt.Errorf("check %s code: %w", c.name, err)
		}
		if res.Rows[0][0] == int64(0) && res.Rows[0][1] == int64(0) {
			return m, "", filterErr("unknown %s code %q: not in the jurisdictions table nor in any report", c.name, c.code)
		}
	}
	return m, by, nil
}

// Resolve turns a code or a name into a division code: a 6-digit code is
// returned as it is; a name (山东省, or its start, 山东) is looked up in the
// jurisdictions table at the given level ("" for any). An unknown or
// ambiguous name is an error that lists the candidates.
func (db *DB) Resolve(ctx context.Context, level, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || isCode(s) {
		return s, nil
	}
	res, err := db.Query(ctx, `SELECT code, name, level FROM jurisdictions
		WHERE ($1 = '' OR level = $1) AND (name = $2 OR starts_with(name, $2))
		ORDER BY name = $2 DESC, code LIMIT 20`, level, s)
	if err != nil {
		return "", err
	}
	switch {
	case len(res.Rows) == 0:
		what := "jurisdiction"
		if level != "" {
			what = level
		}
		return "", &UnknownNameError{Level: what, Name: s}
	case len(res.Rows) == 1 || res.Rows[0][1] == s && res.Rows[1][1] != s:
		return res.Rows[0][0].(string), nil
	}
	var cands []string
	for _, r := range res.Rows {
		cands = append(cands, fmt.Sprintf("%s %s", r[0], r[1]))
	}
	return "", &UnknownNameError{Level: level, Name: s, Ambiguous: cands}
}

// UnknownNameError is the error of a name Resolve cannot turn into one
// code: no such name, or several (Ambiguous lists them).
type UnknownNameError struct {
	Level, Name string
	Ambiguous   []string
}

func (e *UnknownNameError) Error() string {
	if len(e.Ambiguous) > 0 {
		return fmt.Sprintf("%q is ambiguous: %s; give the code", e.Name, strings.Join(e.Ambiguous, ", "))
	}
	return fmt.Sprintf("unknown %s %q: no such name in the jurisdictions table", e.Level, e.Name)
}

// Names lists the names of the jurisdictions at a level that have
// reports, for a usage message: "370000 山东省".
func (db *DB) Names(ctx context.Context, level string) ([]string, error) {
	res, err := db.Query(ctx, `SELECT j.code || ' ' || j.name FROM jurisdictions j
		WHERE j.level = $1 AND j.code IN (SELECT province_code FROM reports UNION SELECT division_code FROM reports)
		ORDER BY j.code`, level)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(res.Rows))
	for _, r := range res.Rows {
		out = append(out, fmt.Sprint(r[0]))
	}
	return out, nil
}

func isCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
