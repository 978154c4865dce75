package serve

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"

	"ogi/pipeline/query"
)

// Tables lists the dataset tables that can be downloaded: the only table
// names that ever reach SQL from a request.
func Tables() []string {
	return []string{"reports", "applications", "review_litigation", "active", "checks", "cells", "jurisdictions", "fetches"}
}

// tableOrder is each table's sort order, so that a download is the same
// bytes for the same dataset.
var tableOrder = map[string]string{
	"reports":           "report_id",
	"applications":      "report_id, row_key",
	"review_litigation": "report_id, grp",
	"active":            "report_id, key",
	"checks":            "report_id, check_id",
	"cells":             `report_id, "table", row_key, col_key`,
	"jurisdictions":     "code",
	"fetches":           "url, fetched_at",
}

type downloadFilter struct {
	Province, Parent, Code string
	Year                   int
}

func parseDownloadFilter(r *http.Request) (downloadFilter, error) {
	q := r.URL.Query()
	f := downloadFilter{Province: q.Get("province"), Parent: q.Get("parent"), Code: q.Get("code")}
	if f.Province != "" && !validCode(f.Province) {
		return f, badRequest("bad province code %q", f.Province)
	}
	if f.Parent != "" && !validCode(f.Parent) {
		return f, badRequest("bad parent code %q", f.Parent)
	}
	if f.Code != "" && !validCode(f.Code) {
		return f, badRequest("bad jurisdiction code %q", f.Code)
	}
	y, err := parseYear(q.Get("year"))
	if err != nil {
		return f, badRequest("%v", err)
	}
	f.Year = y
	return f, nil
}

// tableSQL is the parameterised SELECT of one whitelisted table under the
// filter.
func tableSQL(table string, f downloadFilter) (string, []any) {
	order := tableOrder[table]
	switch table {
	case "fetches":
		return `SELECT * FROM fetches ORDER BY ` + order, nil
	case "jurisdictions":
		return `SELECT * FROM jurisdictions WHERE (? = '' OR province_code = ?) AND (? = '' OR parent_code = ?) AND (? = '' OR code = ?)
			ORDER BY ` + order,
			[]any{f.Province, f.Province, f.Parent, f.Parent, f.Code, f.Code}
	}
	return `SELECT * FROM ` + table + ` WHERE report_id IN (
			SELECT report_id FROM reports WHERE (? = '' OR province_code = ?) AND (? = '' OR division_code = ?) AND (? = 0 OR year = ?)
			AND (? = '' OR division_code IN (SELECT code FROM jurisdictions WHERE parent_code = ?)))
		ORDER BY ` + order,
		[]any{f.Province, f.Province, f.Code, f.Code, f.Year, f.Year, f.Parent, f.Parent}
}

// splitFile splits "name.ext" into a whitelisted name and a format.
func splitFile(file string, allowed func(string) bool) (name, format string, err error) {
	name, format, ok := strings.Cut(file, ".")
	if !ok || (format != "csv" && format != "parquet") {
		return "", "", badRequest("download as NAME.csv or NAME.parquet")
	}
	if !allowed(name) {
		return "", "", fmt.Errorf("%w: no table %q", errNotFound, name)
	}
	return name, format, nil
}

func isTable(name string) bool { return slices.Contains(Tables(), name) }

func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	table, format, err := splitFile(r.PathValue("file"), isTable)
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	f, err := parseDownloadFilter(r)
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	sql, args := tableSQL(table, f)
	s.send(w, r, table+suffix(f), format, sql, args)
}

func suffix(f downloadFilter) string {
	var b strings.Builder
	if f.Province != "" {
		b.WriteString("_" + f.Province)
	}
	if f.Parent != "" {
		b.WriteString("_" + f.Parent)
	}
	if f.Code != "" {
		b.WriteString("_" + f.Code)
	}
	if f.Year != 0 {
		b.WriteString("_" + strconv.Itoa(f.Year))
	}
	return b.String()
}

// handleCompareDownload serves the result of a metric comparison, as on
// the province page.
func (s *Server) handleCompareDownload(w http.ResponseWriter, r *http.Request) {
	metric, format, err := splitFile(r.PathValue("file"), s.isMetric)
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	f, err := parseDownloadFilter(r)
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	if format != "csv" {
		s.fail(w, r, 0, badRequest("comparisons download as CSV"))
		return
	}
	res, err := s.src.Compare(r.Context(), metric, query.Filter{Province: f.Province, Parent: f.Parent, Jurisdiction: f.Code, Year: f.Year})
	if err != nil {
		s.failErr(w, r, fmt.Errorf("compare %s: %w", metric, err))
		return
	}
	setAttachment(w, "text/csv; charset=utf-8", metric+suffix(f)+".csv")
	if err := writeCSV(w, res); err != nil {
		s.log.Warn("compare download interrupted", "metric", metric, "err", err)
	}
}

func (s *Server) isMetric(name string) bool {
	for _, m := range s.metrics {
		if m.Name == name {
			return true
		}
	}
	return false
}

func setAttachment(w http.ResponseWriter, ctype, name string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
}

// send runs sql through DuckDB's COPY into a temporary file, CSV or
// Parquet, and streams the file: the rows never sit in memory.
func (s *Server) send(w http.ResponseWriter, r *http.Request, name, format, sql string, args []any) {
	ctx := r.Context()
	dir, err := os.MkdirTemp(s.opts.TempDir, "ogi-download-")
	if err != nil {
		s.failErr(w, r, fmt.Errorf("download %s: %w", name, err))
		return
	}
	defer os.RemoveAll(dir)
	file := dir + "/out." + format
	options, ctype := "FORMAT parquet, COMPRESSION zstd", "application/vnd.apache.parquet"
	if format == "csv" {
		options, ctype = "FORMAT csv, HEADER true", "text/csv; charset=utf-8"
	}
	// The path is ours (MkdirTemp); quote it as an SQL string all the same.
	quoted := "'" + strings.ReplaceAll(file, "'", "''") + "'"
	if _, err := s.src.Query(ctx, `COPY (`+sql+`) TO `+quoted+` (`+options+`)`, args...); err != nil {
		s.failErr(w, r, fmt.Errorf("download %s as %s: %w", name, format, err))
		return
	}
	fh, err := os.Open(file)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("download %s: %w", name, err))
		return
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		s.failErr(w, r, fmt.Errorf("download %s: %w", name, err))
		return
	}
	setAttachment(w, ctype, name+"."+format)
	w.Header().Set("Content-Length", strconv.FormatInt(st.Size(), 10))
	if _, err := io.Copy(w, fh); err != nil {
		s.log.Warn("download interrupted", "table", name, "err", err)
	}
}

// writeCSV writes a header and the rows; NULL is an empty field.
func writeCSV(w io.Writer, res *query.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(res.Columns); err != nil {
		return fmt.Errorf("csv header: %w", err)
	}
	rec := make([]string, len(res.Columns))
	for _, row := range res.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(row) {
				rec[i] = csvField(row[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("csv row: %w", err)
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvField(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return str(v)
}
