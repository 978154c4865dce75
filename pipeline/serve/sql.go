package serve

import (
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"ogi/data"
)

// queries holds the dashboard's SQL, data/sql/dash_*.sql, by file name
// without the prefix and extension ("index" for dash_index.sql). The
// handlers bind every value; the only text put into a query is a table
// name and order of the fixed download list and a path of the scratch
// folder (dash_download_*, dash_copy_*).
type queries map[string]string

func loadQueries() (queries, error) {
	files, err := fs.Glob(data.SQL, "sql/dash_*.sql")
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	q := queries{}
	for _, f := range files {
		b, err := fs.ReadFile(data.SQL, f)
		if err != nil {
			return nil, fmt.Errorf("serve: %w", err)
		}
		name := strings.TrimSuffix(strings.TrimPrefix(path.Base(f), "dash_"), ".sql")
		q[name] = string(b)
	}
	for _, need := range []string{"index", "jurisdiction_name", "province_years", "province_parents", "province_counts",
		"yearly_applications", "jurisdiction_reports", "report_cells", "report_checks", "quality_failed",
		"quality_unread", "quality_reasons", "quality_fetches", "download_table", "download_jurisdictions",
		"download_all", "copy_csv", "copy_parquet", "report_source", "search"} {
		if q[need] == "" {
			return nil, fmt.Errorf("serve: no data/sql/dash_%s.sql", need)
		}
	}
	return q, nil
}

// fill puts fixed text into a query's {{name}} placeholders.
func (q queries) fill(name string, vals map[string]string) string {
	s := q[name]
	for k, v := range vals {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	return s
}

// namedArgs makes bound parameters of name, value pairs.
func namedArgs(kv ...any) []any {
	out := make([]any, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, sql.Named(kv[i].(string), kv[i+1]))
	}
	return out
}
