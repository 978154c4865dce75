package serve

import (
	"bytes"
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
	"ogi/pipeline/xlsx"
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

// splitFile splits "name.ext" into a whitelisted name and one of the
// formats.
func splitFile(file string, allowed func(string) bool, formats ...string) (name, format string, err error) {
	name, format, ok := strings.Cut(file, ".")
	if !ok || !slices.Contains(formats, format) {
		return "", "", badRequest("download as NAME.%s", strings.Join(formats, ", NAME."))
	}
	if !allowed(name) {
		return "", "", fmt.Errorf("%w: no table %q", errNotFound, name)
	}
	return name, format, nil
}

func isTable(name string) bool { return slices.Contains(Tables(), name) }

func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	table, format, err := splitFile(r.PathValue("file"), isTable, "csv", "xlsx", "parquet")
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	f, err := parseDownloadFilter(r)
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	bom, err := parseBOM(r)
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	q, args := s.tableSQL(table, f)
	if format == "xlsx" {
		s.sendXLSX(w, r, table, table+suffix(f), q, args)
		return
	}
	s.send(w, r, table+suffix(f), format, q, args, bom)
}

// parseBOM reads bom=1: a CSV that starts with a UTF-8 byte-order mark,
// so that Excel on Windows reads its Chinese as UTF-8.
func parseBOM(r *http.Request) (bool, error) {
	switch v := r.URL.Query().Get("bom"); v {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	default:
		return false, badRequest("bom must be 1 or 0, not %q", v)
	}
}

// utf8BOM is the UTF-8 byte-order mark.
const utf8BOM = "\xef\xbb\xbf"

// sendXLSX streams a download query into a workbook of one sheet (and
// continuation sheets past Excel's row limit) and sends it.
func (s *Server) sendXLSX(w http.ResponseWriter, r *http.Request, sheet, name, q string, args []any) {
	wb, err := xlsx.New()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	err = wb.Stream(sheet, func(header func([]xlsx.Column) error, emit func([]any) error) error {
		return s.src.Each(r.Context(), q, args, func(cols []string, row []any) error {
			if row == nil {
				return header(xlsx.Columns(cols))
			}
			return emit(row)
		})
	})
	if err != nil {
		wb.Close()
		s.failErr(w, r, fmt.Errorf("download %s as xlsx: %w", name, err))
		return
	}
	s.sendWorkbook(w, r, wb, name)
}

// xlsxType is the media type of a workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sendWorkbook writes a finished workbook as an attachment name.xlsx. It
// is written to memory first so that a failure is a clean error, not
// half a file.
func (s *Server) sendWorkbook(w http.ResponseWriter, r *http.Request, wb *xlsx.Workbook, name string) {
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		s.failErr(w, r, err)
		return
	}
	setAttachment(w, xlsxType, name+".xlsx")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	if _, err := w.Write(buf.Bytes()); err != nil {
		s.log.Warn("download interrupted", "file", name+".xlsx", "err", err)
	}
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
	metric, format, err := splitFile(r.PathValue("file"), s.isMetric, "csv", "xlsx")
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	f, err := parseDownloadFilter(r)
	if err != nil {
		s.fail(w, r, 0, err)
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
	bom, err := parseBOM(r)
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
	if format == "xlsx" {
		wb, err := xlsx.New()
		if err == nil {
			err = wb.Result(metric, res, "value")
		}
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		s.sendWorkbook(w, r, wb, metric+suffix(f))
		return
	}
	setAttachment(w, "text/csv; charset=utf-8", metric+suffix(f)+".csv")
	if bom {
		io.WriteString(w, utf8BOM)
	}
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
func (s *Server) send(w http.ResponseWriter, r *http.Request, name, format, q string, args []any, bom bool) {
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
	size := st.Size()
	if bom && format == "csv" {
		size += int64(len(utf8BOM))
	}
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	if bom && format == "csv" {
		io.WriteString(w, utf8BOM)
	}
	if _, err := io.Copy(w, fh); err != nil {
		s.log.Warn("download interrupted", "table", name, "err", err)
	}
}
