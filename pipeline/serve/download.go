package serve

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"ogi/pipeline/query"
)

// Tables lists the dataset tables that can be downloaded: the only table
// names that ever reach SQL from a request.
func Tables() []string {
	return []string{"reports", "applications", "review_litigation", "active", "checks", "cells", "jurisdictions", "fetches",
		"identity_cells", "active_keys"}
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
	"identity_cells":    `template, check_id, side, "table", row_key, col_key`,
	"active_keys":       "template, key",
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

// tableSQL is the parameterised SELECT of one table of the fixed list
// under the filter (data/sql/dash_download_*.sql).
func (s *Server) tableSQL(table string, f downloadFilter) (string, []any) {
	order := tableOrder[table]
	switch table {
	case "fetches", "identity_cells", "active_keys":
		return s.sql.fill("download_all", map[string]string{"table": table, "order": order}), nil
	case "jurisdictions":
		return s.sql["download_jurisdictions"],
			[]any{sql.Named("province", f.Province), sql.Named("parent", f.Parent), sql.Named("code", f.Code)}
	}
	return s.sql.fill("download_table", map[string]string{"table": table, "order": order}),
		[]any{sql.Named("province", f.Province), sql.Named("parent", f.Parent), sql.Named("code", f.Code), sql.Named("year", f.Year)}
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
	q, args := s.tableSQL(table, f)
	s.send(w, r, table+suffix(f), format, q, args)
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

// handleCompareDownload serves the result of a metric comparison as the
// province page and ogi compare compute it: the scope asked for
// (scope=gov_aggregate by default, scope=all for every scope, each ranked
// within itself), unverified figures left out and counted with their
// reasons unless unverified=1.
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
	scope, err := parseScope(r.URL.Query().Get("scope"))
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	unverified, err := parseUnverified(r)
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	res, err := s.src.Compare(r.Context(), metric, query.Filter{Province: f.Province, Parent: f.Parent, Jurisdiction: f.Code,
		Year: f.Year, Scope: scope, IncludeUnverified: unverified})
	if err != nil {
		s.failErr(w, r, fmt.Errorf("compare %s: %w", metric, err))
		return
	}
	setAttachment(w, "text/csv; charset=utf-8", metric+suffix(f)+".csv")
	if err := query.Write(w, res, "csv"); err != nil {
		s.log.Warn("compare download interrupted", "metric", metric, "err", err)
	}
}

// parseScope reads a scope parameter: "" is the dashboard's scope, "all"
// every scope.
func parseScope(v string) (query.Scope, error) {
	switch v {
	case "":
		return pageScope, nil
	case "all":
		return query.ScopeAll, nil
	}
	if sc := query.Scope(v); slices.Contains(query.Scopes(), sc) {
		return sc, nil
	}
	return "", badRequest("unknown scope %q (gov_aggregate, gov_office, department, township or all)", v)
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

// send runs a download query through DuckDB's COPY into a file of the
// scratch folder, CSV or Parquet, and streams the file: the rows never sit
// in memory, and the database is free again before the client has read
// them.
func (s *Server) send(w http.ResponseWriter, r *http.Request, name, format, q string, args []any) {
	ctx := r.Context()
	dir, err := os.MkdirTemp(s.opts.TempDir, "ogi-download-")
	if err != nil {
		s.failErr(w, r, fmt.Errorf("download %s: %w", name, err))
		return
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "out."+format)
	copyName, ctype := "copy_parquet", "application/vnd.apache.parquet"
	if format == "csv" {
		copyName, ctype = "copy_csv", "text/csv; charset=utf-8"
	}
	// The path is ours (MkdirTemp); quote it as an SQL string all the same.
	quoted := "'" + strings.ReplaceAll(file, "'", "''") + "'"
	if _, err := s.src.Query(ctx, s.sql.fill(copyName, map[string]string{"query": q, "file": quoted}), args...); err != nil {
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
