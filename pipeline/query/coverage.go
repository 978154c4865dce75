package query

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"ogi/data"
)

// Deadline is one publication deadline rule (the deadline_rules table of
// views.sql): reports of Scope (ScopeAll: any) of the divisions whose code
// starts with Prefix ("" for all) are due by Month/Day of the year after
// the report year. The rule with the longest prefix wins, then the one
// that names a scope.
type Deadline struct {
	Scope      Scope
	Prefix     string
	Month, Day int
}

func (d Deadline) String() string {
	key := string(d.Scope)
	if d.Prefix != "" {
		key = d.Prefix
		if d.Scope != ScopeAll {
			key += ":" + string(d.Scope)
		}
	}
	return fmt.Sprintf("%s=%02d-%02d", key, d.Month, d.Day)
}

var deadlineRE = regexp.MustCompile(`^(?:([0-9]{2,6})(?::([a-z_]+))?|([a-z_]+))=([0-9]{1,2})-([0-9]{1,2})$`)

// ParseDeadline reads a rule as the --deadline flags give it: SCOPE=MM-DD
// (township=03-31), CODE=MM-DD (3706=02-20, or 370600: trailing 00 pairs
// are dropped, so it is the prefecture's divisions) or CODE:SCOPE=MM-DD.
// Errors are FilterErrors that say what is valid.
func ParseDeadline(s string) (Deadline, error) {
	m := deadlineRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Deadline{}, filterErr("bad deadline %q: want SCOPE=MM-DD, CODE=MM-DD or CODE:SCOPE=MM-DD (township=03-31, 3706=02-20)", s)
	}
	d := Deadline{Prefix: m[1]}
	scope := m[2]
	if m[3] != "" {
		scope = m[3]
	}
	d.Scope = Scope(scope)
	if d.Scope != ScopeAll && !slices.Contains(Scopes(), d.Scope) {
		return Deadline{}, filterErr("bad deadline %q: unknown scope %q (gov_aggregate, gov_office, department or township)", s, scope)
	}
	for len(d.Prefix) > 2 && strings.HasSuffix(d.Prefix, "00") {
		d.Prefix = strings.TrimSuffix(d.Prefix, "00")
	}
	if len(d.Prefix)%2 != 0 {
		return Deadline{}, filterErr("bad deadline %q: a division code has 2, 4 or 6 digits", s)
	}
	d.Month, _ = strconv.Atoi(m[4])
	d.Day, _ = strconv.Atoi(m[5])
	// Valid in a leap year (02-29 falls back to 02-28 in other years).
	if t := time.Date(2024, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC); d.Month < 1 || d.Month > 12 || t.Day() != d.Day {
		return Deadline{}, filterErr("bad deadline %q: no day %02d-%02d", s, d.Month, d.Day)
	}
	return d, nil
}

// applyDeadlines replaces the deadline rules of views.sql with the given
// ones, rule by rule (parameters bound).
func applyDeadlines(ctx context.Context, db *sql.DB, rules []Deadline) error {
	if len(rules) == 0 {
		return nil
	}
	b, err := fs.ReadFile(data.SQL, "sql/deadline_rule.sql")
	if err != nil {
		return fmt.Errorf("read deadline_rule.sql: %w", err)
	}
	stmts := strings.Split(strings.TrimSpace(stripComments(string(b))), ";")
	for _, r := range rules {
		args := []any{sql.Named("scope", string(r.Scope)), sql.Named("prefix", r.Prefix), sql.Named("month", r.Month), sql.Named("day", r.Day)}
		for _, st := range stmts {
			st = strings.TrimSpace(st)
			if st == "" {
				continue
			}
			if _, err := db.ExecContext(ctx, st, usedArgs(st, args)...); err != nil {
				return fmt.Errorf("deadline rule %s: %w", r, err)
			}
		}
	}
	return nil
}

// usedArgs keeps the named arguments a statement uses (DuckDB refuses
// unused ones).
func usedArgs(stmt string, args []any) []any {
	var out []any
	for _, a := range args {
		if na, ok := a.(sql.NamedArg); ok && strings.Contains(stmt, "$"+na.Name) {
			out = append(out, a)
		}
	}
	return out
}

func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// CoverageFilter selects the jurisdictions of a coverage list: a province
// or prefecture (codes, "" = any), a year (required) and a scope
// (ScopeAll means gov_aggregate here: coverage is of one scope).
type CoverageFilter struct {
	Province, Parent string
	Year             int
	Scope            Scope
	// By groups CoverageRates: ByParent (default), ByProvince, or "all"
	// (ByAll).
	By By
}

// ByAll groups coverage rates over the whole filter.
const ByAll By = "all"

// CoverageColumns are the columns of Coverage.
var CoverageColumns = []string{"code", "agency", "name", "level", "parent_code", "parent_name", "province_code", "obliged",
	"status", "report_id", "source_url", "published", "published_source", "deadline", "on_time", "days_late", "crawled", "failed_urls", "last_fetched"}

// Coverage statuses (the status column of Coverage).
const (
	CoveragePublished   = "published"
	CoverageFailed      = "failed"
	CoverageMissing     = "missing"
	CoverageFetchFailed = "fetch_failed"
	CoverageNotCrawled  = "not_crawled"
	// CoverageNotDue: no report, but the portal was last crawled on or
	// before the report's deadline (the deadline_rules of views.sql):
	// it may still be published in time. Rates leave it out of the
	// denominator, as not_crawled.
	CoverageNotDue = "not_due"
)

// CoverageStatuses lists the statuses in the order pages show them.
func CoverageStatuses() []string {
	return []string{CoveragePublished, CoverageFailed, CoverageMissing, CoverageFetchFailed, CoverageNotDue, CoverageNotCrawled}
}

func (f CoverageFilter) check() (CoverageFilter, error) {
	if f.Year == 0 {
		return f, filterErr("coverage needs a year")
	}
	if f.Scope == ScopeAll {
		f.Scope = ScopeGovAggregate
	}
	if !slices.Contains(Scopes(), f.Scope) {
		return f, filterErr("unknown scope %q (gov_aggregate, gov_office, department or township)", f.Scope)
	}
	switch f.By {
	case "":
		f.By = ByParent
	case ByParent, ByProvince, ByAll:
	default:
		return f, filterErr("unknown grouping %q (parent, province or all)", f.By)
	}
	return f, nil
}

func (f CoverageFilter) args() []any {
	return []any{sql.Named("province", f.Province), sql.Named("parent", f.Parent), sql.Named("year", f.Year),
		sql.Named("scope", string(f.Scope))}
}

// Coverage lists every jurisdiction that should have published a report of
// the filter's scope and year, with its status (published, failed,
// missing, fetch_failed, not_due, not_crawled) and the timeliness of what
// it published (CoverageColumns; the coverage macro of views.sql).
func (db *DB) Coverage(ctx context.Context, f CoverageFilter) (*Result, error) {
	f, err := f.check()
	if err != nil {
		return nil, err
	}
	q, err := callSQL("sql/call_coverage.sql", "")
	if err != nil {
		return nil, err
	}
	return db.Query(ctx, q, f.args()...)
}

// CoverageRates sums Coverage by prefecture (f.By ByParent), province or
// over everything (ByAll): counts by status, coverage_rate and
// on_time_rate.
func (db *DB) CoverageRates(ctx context.Context, f CoverageFilter) (*Result, error) {
	f, err := f.check()
	if err != nil {
		return nil, err
	}
	q, err := callSQL("sql/call_coverage_rates.sql", "")
	if err != nil {
		return nil, err
	}
	return db.Query(ctx, q, append(f.args(), sql.Named("group_by", string(f.By)))...)
}

// materialize runs data/sql/materialize.sql (Options.Materialize).
func materialize(ctx context.Context, db *sql.DB) error {
	return runFile(ctx, db, "sql/materialize.sql")
}

// runFile runs the statements of a data/sql file, one by one.
func runFile(ctx context.Context, db *sql.DB, name string) error {
	b, err := fs.ReadFile(data.SQL, name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	for _, st := range strings.Split(stripComments(string(b)), ";") {
		if st = strings.TrimSpace(st); st == "" {
			continue
		}
		if _, err := db.ExecContext(ctx, st); err != nil {
			return fmt.Errorf("%s (%s): %w", name, st, err)
		}
	}
	return nil
}

// LatestYear is the last report year with compared reports in a province
// ("" for anywhere); an error when there is none.
func (db *DB) LatestYear(ctx context.Context, province string) (int, error) {
	q, err := callSQL("sql/latest_year.sql", "")
	if err != nil {
		return 0, err
	}
	res, err := db.Query(ctx, q, sql.Named("province", province))
	if err != nil {
		return 0, err
	}
	y, ok := res.Rows[0][0].(int64)
	if !ok {
		return 0, filterErr("no compared reports%s", map[bool]string{true: "", false: " in " + province}[province == ""])
	}
	return int(y), nil
}
