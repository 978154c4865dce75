// Package views assembles views.sql: the DuckDB SQL that turns the Parquet
// files of a dataset into one view per table, the derived views (verified
// figures, facts, the harmonised table 二), one view per comparison metric
// and the table macros that rank them. ogi build writes it beside the
// files (paths relative to the dataset folder), and ogi compare, ogi sql
// and the dashboard run the same text (paths under the folder they read),
// so an analyst who runs views.sql in DuckDB gets the numbers ogi prints.
//
// The SQL itself lives in data/sql; this package only puts the files in
// order and fills in the file lists and metric names.
package views

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"

	"ogi/data"
	"ogi/schema"
)

// FileName is the name of the script in a dataset folder.
const FileName = "views.sql"

// Table is one table of a dataset and its Parquet files, relative to the
// dataset folder with forward slashes.
type Table struct {
	Name        string
	Partitioned bool
	Files       []string
}

// Part is one statement group of the script.
type Part struct {
	Name string // where it comes from, e.g. "table reports", "sql/view_20_facts.sql"
	SQL  string // one or more statements, each ending with ";"
}

// Metric is one comparison metric, declared by a data/sql/metric_*.sql file.
type Metric struct {
	Name, Title, Description string
	// Flag: each jurisdiction's figure is a yes or no (0 or 1 of 1), a
	// rate only when summed over several (a "-- flag: yes" header line).
	Flag bool
	// SQL is one SELECT over facts: division_code, province_code,
	// parent_code, scope, year, numerator, denominator, unverified.
	SQL string
}

// View is the name of the metric's view in views.sql.
func (m Metric) View() string { return "metric_" + m.Name }

// CompareMacro is the name of the table macro that ranks the metric.
func (m Metric) CompareMacro() string { return "compare_" + m.Name }

// SummaryMacro is the name of the table macro that says what a comparison
// left out.
func (m Metric) SummaryMacro() string { return "compare_summary_" + m.Name }

var headerRe = regexp.MustCompile(`^--\s*(name|title|description|flag):\s*(.*)$`)

// nameRe is what a metric name may be: it becomes part of SQL names.
var nameRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Metrics lists the metrics, sorted by name. The slice is the caller's
// own copy.
func Metrics() []Metric { return slices.Clone(embeddedMetrics()) }

// LookupMetric returns the metric with the given name.
func LookupMetric(name string) (Metric, bool) {
	for _, m := range embeddedMetrics() {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

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
		m := Metric{SQL: strings.TrimSpace(string(b))}
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
			case "flag":
				m.Flag = strings.TrimSpace(sub[2]) == "yes"
			}
		}
		if nameRe.MatchString(m.Name) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b Metric) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Parts returns the statements of views.sql in the order they must run:
// the table views, the derived views of data/sql/view_*.sql (in file name
// order), then per metric its view and its two macros. base is the folder
// the file paths are under: "" keeps them relative (the script written
// into the dataset), a folder makes them absolute (ogi's own views).
func Parts(tables []Table, base string) ([]Part, error) {
	parts, err := BaseParts(tables, base)
	if err != nil {
		return nil, err
	}
	for _, m := range embeddedMetrics() {
		mp, err := MetricParts(m)
		if err != nil {
			return nil, err
		}
		parts = append(parts, mp...)
	}
	all, err := AllMetricsParts()
	if err != nil {
		return nil, err
	}
	return append(parts, all...), nil
}

// AllMetricsParts are metric_all (the union of every metric view, with a
// metric column) and the compare_all macro that ranks every metric at
// once. They need every metric's view.
func AllMetricsParts() ([]Part, error) {
	b, err := fs.ReadFile(data.SQL, "sql/compare_all.sql")
	if err != nil {
		return nil, fmt.Errorf("views: %w", err)
	}
	var sel []string
	for _, m := range embeddedMetrics() {
		// Names are checked against nameRe when the metrics are parsed.
		sel = append(sel, fmt.Sprintf("SELECT '%s' AS metric, division_code, province_code, parent_code, scope, year,\n"+
			"       CAST(numerator AS DOUBLE) AS numerator, CAST(denominator AS DOUBLE) AS denominator, unverified\nFROM %s", m.Name, m.View()))
	}
	return []Part{
		{Name: "metric_all", SQL: "CREATE OR REPLACE VIEW metric_all AS\n" + strings.Join(sel, "\nUNION ALL\n") + ";"},
		{Name: "sql/compare_all.sql", SQL: strings.TrimSpace(string(b))},
	}, nil
}

// BaseParts are the parts of views.sql before the metrics: the table
// views and the derived views. A reader that needs a few metrics creates
// these, then MetricParts of each metric it uses (binding every metric's
// macros costs a DuckDB far more than creating the views).
func BaseParts(tables []Table, base string) ([]Part, error) {
	byName := map[string]Table{}
	for _, t := range tables {
		byName[t.Name] = t
	}
	var parts []Part
	for _, dt := range schema.DatasetTables() {
		parts = append(parts, Part{Name: "table " + dt.Name, SQL: tableView(dt, byName[dt.Name].Files, base)})
	}
	files, err := fs.Glob(data.SQL, "sql/view_*.sql")
	if err != nil {
		return nil, fmt.Errorf("views: %w", err)
	}
	slices.Sort(files)
	for _, f := range files {
		b, err := fs.ReadFile(data.SQL, f)
		if err != nil {
			return nil, fmt.Errorf("views: %w", err)
		}
		parts = append(parts, Part{Name: f, SQL: strings.TrimSpace(string(b))})
	}
	return parts, nil
}

// MetricParts are the view and the two macros of one metric, in order.
func MetricParts(m Metric) ([]Part, error) {
	compare, err := fs.ReadFile(data.SQL, "sql/compare.sql")
	if err != nil {
		return nil, fmt.Errorf("views: %w", err)
	}
	summary, err := fs.ReadFile(data.SQL, "sql/compare_summary.sql")
	if err != nil {
		return nil, fmt.Errorf("views: %w", err)
	}
	return []Part{
		{Name: "metric " + m.Name, SQL: "CREATE OR REPLACE VIEW " + m.View() + " AS\n" + m.SQL + ";"},
		{Name: "sql/compare.sql for " + m.Name, SQL: forMetric(string(compare), m)},
		{Name: "sql/compare_summary.sql for " + m.Name, SQL: forMetric(string(summary), m)},
	}, nil
}

// forMetric fills a macro template of data/sql in for one metric. The name
// is checked against nameRe when the metrics are parsed.
func forMetric(tmpl string, m Metric) string {
	return strings.TrimSpace(strings.ReplaceAll(tmpl, "{{metric}}", m.Name))
}

// Script returns views.sql: every part, in order, under a header that says
// how to run it.
func Script(tables []Table) (string, error) {
	parts, err := Parts(tables, "")
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(header)
	for _, p := range parts {
		fmt.Fprintf(&b, "\n-- ---- %s\n%s\n", p.Name, p.SQL)
	}
	return b.String(), nil
}

const header = `-- views.sql: the views and comparison queries of ogi over this dataset,
-- written by ogi build (do not edit: the next build replaces it).
--
-- The file paths are relative to this folder. Run it from here:
--     cd DIR/dataset && duckdb -init views.sql
-- or from anywhere, after telling DuckDB where the files are:
--     SET file_search_path = '/path/to/DIR/dataset';  .read /path/to/DIR/dataset/views.sql
-- Python: con = duckdb.connect(); con.execute("SET file_search_path = '…'"); con.execute(open('views.sql').read())
--
-- Then, for example:
--     SELECT * FROM compare_disclosure_rate(province := '370000', report_year := 2023);
--     SELECT * FROM compare_summary_disclosure_rate(province := '370000', report_year := 2023);
--     SELECT * FROM facts WHERE division_code = '370685';
-- ogi compare disclosure_rate --province 370000 --year 2023 runs the same macros.
-- README.md beside this file describes every table, column and view.
`

// tableView is the view of one dataset table over its files; a table
// without files is an empty view with the table's columns.
func tableView(t schema.DatasetTable, files []string, base string) string {
	if len(files) == 0 {
		var cols []string
		for _, f := range t.Schema.Fields() {
			cols = append(cols, fmt.Sprintf("CAST(NULL AS %s) AS %s", DuckType(f.Type), quoteIdent(f.Name)))
		}
		if t.Partitioned {
			cols = append(cols, "CAST(NULL AS INTEGER) AS "+schema.PartitionColumn)
		}
		return fmt.Sprintf("CREATE OR REPLACE VIEW %s AS SELECT %s WHERE false;", t.Name, strings.Join(cols, ", "))
	}
	paths := make([]string, len(files))
	for i, f := range files {
		p := f
		if base != "" {
			p = filepath.Join(base, filepath.FromSlash(f))
		} else {
			p = path.Clean(f)
		}
		paths[i] = quote(p)
	}
	opts := ", hive_partitioning = false"
	if t.Partitioned {
		opts = fmt.Sprintf(", hive_partitioning = true, hive_types = {'%s': INTEGER}", schema.PartitionColumn)
	}
	return fmt.Sprintf("CREATE OR REPLACE VIEW %s AS SELECT * FROM read_parquet([%s]%s);", t.Name, strings.Join(paths, ", "), opts)
}

// quote makes a SQL string literal. File paths are the one thing DuckDB
// cannot bind as parameters in a view definition.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// quoteIdent quotes a column name that is a keyword (table, positional).
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// DuckType is the DuckDB type of a dataset column's Arrow type.
func DuckType(t arrow.DataType) string {
	switch t.ID() {
	case arrow.STRING:
		return "VARCHAR"
	case arrow.INT64:
		return "BIGINT"
	case arrow.INT32:
		return "INTEGER"
	case arrow.FLOAT64:
		return "DOUBLE"
	case arrow.BOOL:
		return "BOOLEAN"
	case arrow.TIMESTAMP:
		return "TIMESTAMPTZ"
	case arrow.DATE32:
		return "DATE"
	}
	return "VARCHAR"
}
