package query

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	"ogi/data"
)

// Metric is one comparison metric, declared by a data/sql/metric_*.sql file.
type Metric struct {
	Name, Title, Description string
	SQL                      string // one SELECT: division_code, province_code, parent_code, scope, year, numerator, denominator
}

// Grouping levels of Filter.By.
const (
	ByJurisdiction = "jurisdiction"
	ByParent       = "parent"
	ByProvince     = "province"
)

// Filter selects the reports a comparison covers. Zero values mean any.
type Filter struct {
	Province     string // province code, e.g. 370000
	Parent       string // parent (prefecture) code, e.g. 370600
	Jurisdiction string // one division code: a time series
	Scope        string // gov_aggregate, gov_office, department, township
	Year         int
	// By groups the rows: "" or ByJurisdiction (one row per division),
	// ByParent or ByProvince (Σnumerator/Σdenominator of their divisions).
	By string
}

// SmallDenominator is the denominator under which a ratio is flagged and
// left unranked.
const SmallDenominator = 10

var headerRe = regexp.MustCompile(`^--\s*(name|title|description):\s*(.*)$`)

// Metrics lists the metrics, sorted by name. The slice is the caller's
// own copy.
func Metrics() []Metric { return slices.Clone(embeddedMetrics()) }

// embeddedMetrics parses the metric files of data/sql once.
var embeddedMetrics = sync.OnceValue(parseMetrics)

func parseMetrics() []Metric {
	files, _ := fs.Glob(data.SQL, "sql/metric_*.sql")
	var out []Metric
	for _, f := range files {
		b, err := fs.ReadFile(data.SQL, f)
		if err != nil {
			continue
		}
		m := Metric{SQL: string(b)}
		sc := bufio.NewScanner(strings.NewReader(m.SQL))
		for sc.Scan() {
			sub := headerRe.FindStringSubmatch(sc.Text())
			if sub == nil {
				if !strings.HasPrefix(sc.Text(), "--") {
					break
				}
				continue
			}
			switch sub[1] {
			case "name":
				m.Name = sub[2]
			case "title":
				m.Title = sub[2]
			case "description":
				m.Description = sub[2]
			}
		}
		if m.Name != "" {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b Metric) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// LookupMetric returns the metric with the given name.
func LookupMetric(name string) (Metric, bool) {
	for _, m := range embeddedMetrics() {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

// CompareColumns are the leading columns of every comparison result.
var CompareColumns = []string{"rank", "code", "name", "year", "numerator", "denominator", "value", "small_denominator"}

// Compare computes a metric over the compared reports (current, status
// ok, one per division, scope and year) within the filter. Rows: rank,
// code, name, year, numerator, denominator, value, small_denominator, then
// scope, reports (rows summed) and missing (rows left out for an unknown
// numerator or denominator).
func (db *DB) Compare(ctx context.Context, metric string, f Filter) (*Result, error) {
	m, ok := LookupMetric(metric)
	if !ok {
		var names []string
		for _, m := range Metrics() {
			names = append(names, m.Name)
		}
		return nil, fmt.Errorf("unknown metric %q (known: %s)", metric, strings.Join(names, ", "))
	}
	by := f.By
	switch by {
	case "":
		by = ByJurisdiction
	case ByJurisdiction, ByParent, ByProvince:
	default:
		return nil, fmt.Errorf("unknown grouping %q (jurisdiction, parent or province)", f.By)
	}
	for _, c := range []struct{ name, code string }{{"province", f.Province}, {"parent", f.Parent}, {"jurisdiction", f.Jurisdiction}} {
		if c.code == "" {
			continue
		}
		res, err := db.Query(ctx, `SELECT (SELECT count(*) FROM jurisdictions WHERE code = $1),
			(SELECT count(*) FROM reports WHERE division_code = $1 OR province_code = $1)`, c.code)
		if err != nil {
			return nil, fmt.Errorf("check %s code: %w", c.name, err)
		}
		if res.Rows[0][0] == int64(0) && res.Rows[0][1] == int64(0) {
			return nil, fmt.Errorf("unknown %s code %q: not in the jurisdictions table nor in any report", c.name, c.code)
		}
	}
	cmpSQL, err := fs.ReadFile(data.SQL, "sql/compare.sql")
	if err != nil {
		return nil, fmt.Errorf("read compare.sql: %w", err)
	}
	q := "WITH metric AS (\n" + m.SQL + "\n),\n" + string(cmpSQL)
	return db.Query(ctx, q,
		sql.Named("province", f.Province), sql.Named("parent", f.Parent), sql.Named("jurisdiction", f.Jurisdiction),
		sql.Named("scope", f.Scope), sql.Named("year", f.Year), sql.Named("by", by))
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
		return "", fmt.Errorf("unknown %s %q: no such name in the jurisdictions table", what, s)
	case len(res.Rows) == 1 || res.Rows[0][1] == s && res.Rows[1][1] != s:
		return res.Rows[0][0].(string), nil
	}
	var cands []string
	for _, r := range res.Rows {
		cands = append(cands, fmt.Sprintf("%s %s", r[0], r[1]))
	}
	return "", fmt.Errorf("%q is ambiguous: %s; give the code", s, strings.Join(cands, ", "))
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
