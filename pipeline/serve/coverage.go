package serve

import (
	"fmt"
	"io"
	"net/http"

	"ogi/pipeline/query"
	"ogi/pipeline/xlsx"
)

// handleCoverageDownload serves /coverage/PROVINCE.csv|xlsx?year=&parent=
// &scope=: every jurisdiction that should publish, with its status and
// timeliness (and, in the workbook, the rates per prefecture).
func (s *Server) handleCoverageDownload(w http.ResponseWriter, r *http.Request) {
	code, format, err := splitFile(r.PathValue("file"), validCode, "csv", "xlsx")
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
	if scope == query.ScopeAll {
		s.fail(w, r, 0, badRequest("coverage is of one scope (gov_aggregate, gov_office, department or township)"))
		return
	}
	bom, err := parseBOM(r)
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	year := f.Year
	if year == 0 {
		if year, err = s.latestYear(r, code); err != nil {
			s.failErr(w, r, err)
			return
		}
	}
	cf := query.CoverageFilter{Province: code, Parent: f.Parent, Year: year, Scope: scope}
	cov, err := s.src.Coverage(r.Context(), cf)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("coverage: %w", err))
		return
	}
	name := fmt.Sprintf("coverage_%s_%d", code, year)
	if f.Parent != "" {
		name = fmt.Sprintf("coverage_%s_%d", f.Parent, year)
	}
	if format == "csv" {
		setAttachment(w, "text/csv; charset=utf-8", name+".csv")
		if bom {
			io.WriteString(w, utf8BOM)
		}
		if err := query.Write(w, cov, "csv"); err != nil {
			s.log.Warn("coverage download interrupted", "err", err)
		}
		return
	}
	rates, err := s.src.CoverageRates(r.Context(), cf)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("coverage rates: %w", err))
		return
	}
	wb, err := xlsx.New()
	if err == nil {
		err = wb.Result("公开情况 coverage", cov)
	}
	if err == nil {
		err = wb.Result("各地市 by prefecture", rates)
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.sendWorkbook(w, r, wb, name)
}

// latestYear is the last year with compared reports in a province.
func (s *Server) latestYear(r *http.Request, province string) (int, error) {
	res, err := s.src.Query(r.Context(), s.sql["province_years"], namedArgs("province", province, "scope", string(pageScope))...)
	if err != nil {
		return 0, fmt.Errorf("province years: %w", err)
	}
	if len(res.Rows) == 0 {
		return 0, fmt.Errorf("%w: no reports in %s", errNotFound, province)
	}
	return intOf(res.Rows[len(res.Rows)-1][0]), nil
}
