package serve

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"ogi/data"
	"ogi/pipeline/query"
	"ogi/schema"
)

var funcs = template.FuncMap{
	"num":    fmtNum,
	"pct":    fmtPct,
	"tables": Tables,
	// dl and cmp build download links; q is a query string this package
	// encoded from validated parameters.
	"dl": func(table, format, q string) template.URL {
		u := "/download/" + url.PathEscape(table) + "." + format
		if q != "" {
			u += "?" + q
		}
		return template.URL(u)
	},
	"cmp": func(metric, q string) template.URL {
		u := "/compare/" + url.PathEscape(metric) + ".csv"
		if q != "" {
			u += "?" + q
		}
		return template.URL(u)
	},
}

// parsePages parses each page of web/templates with the shared layout.
func parsePages() (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(data.Web, "web/templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("serve: layout template: %w", err)
	}
	names, err := fs.Glob(data.Web, "web/templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("serve: templates: %w", err)
	}
	pages := make(map[string]*template.Template)
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(data.Web, n)
		if err != nil {
			return nil, fmt.Errorf("serve: template %s: %w", base, err)
		}
		pages[strings.TrimSuffix(base, ".html")] = t
	}
	return pages, nil
}

// page is what every template receives.
type page struct {
	Title string
	Nav   string // "index", "quality"
	Body  any
}

// render executes a page into a buffer first, so that a template error is
// a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, p page) {
	t, ok := s.pages[name]
	if !ok {
		s.fail(w, r, http.StatusInternalServerError, fmt.Errorf("no template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.fail(w, r, http.StatusInternalServerError, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// errBadRequest marks an error caused by the request's parameters.
var errBadRequest = errors.New("bad request")

func badRequest(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errBadRequest, fmt.Sprintf(format, args...))
}

var errNotFound = errors.New("not found")

// fail writes an error page; the detail of server errors goes to the log,
// not to the client.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code int, err error) {
	msg := http.StatusText(code)
	switch {
	case errors.Is(err, errBadRequest):
		code, msg = http.StatusBadRequest, err.Error()
	case errors.Is(err, errNotFound):
		code, msg = http.StatusNotFound, err.Error()
	default:
		s.log.Error("dashboard request failed", "path", r.URL.Path, "err", err)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	fmt.Fprintln(w, msg)
}

func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	s.fail(w, r, http.StatusInternalServerError, err)
}

// ---- index -------------------------------------------------------------

type provinceSummary struct {
	Code, Name             string
	Jurisdictions, Reports int
	OK, Failed, Skipped    int
	FirstYear, LastYear    int
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	res, err := s.src.Query(r.Context(), `
		SELECT r.province_code, coalesce(any_value(j.name), ''), count(DISTINCT r.division_code),
		       count(*), count(*) FILTER (WHERE r.status = 'ok'), count(*) FILTER (WHERE r.status = 'failed'),
		       count(*) FILTER (WHERE r.status = 'skipped'), min(r.year), max(r.year)
		FROM reports r LEFT JOIN jurisdictions j ON j.code = r.province_code
		WHERE coalesce(r.province_code, '') <> ''
		GROUP BY r.province_code ORDER BY r.province_code`)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("provinces: %w", err))
		return
	}
	var list []provinceSummary
	for _, row := range res.Rows {
		p := provinceSummary{Code: str(row[0]), Name: str(row[1])}
		p.Jurisdictions, p.Reports = intOf(row[2]), intOf(row[3])
		p.OK, p.Failed, p.Skipped = intOf(row[4]), intOf(row[5]), intOf(row[6])
		p.FirstYear, p.LastYear = intOf(row[7]), intOf(row[8])
		list = append(list, p)
	}
	s.render(w, r, "index", page{Title: "ogi 政府信息公开年报", Nav: "index", Body: list})
}

func intOf(v any) int {
	f, _ := num(v)
	return int(f)
}

// ---- province ----------------------------------------------------------

type metricCell struct {
	Value, Num, Den float64
	Text            string
	OK, Small       bool
}

type option struct{ Code, Name string }

type countyRow struct {
	ParentCode, ParentName string
	Code, Name             string
	New, Processed         float64
	HasNew, HasProcessed   bool
	Cells                  []metricCell
}

type chart struct {
	Title, Note string
	SVG         template.HTML
}

type provincePage struct {
	Code, Name string
	Parent     string   // the prefecture filter, "" for the whole province
	Parents    []option // prefectures with reports
	Years      []int
	Year       int
	Metrics    []query.Metric
	Rows       []countyRow
	Charts     []chart
	Query      string // download filter, already encoded
}

func (s *Server) jurisdictionName(r *http.Request, code string) (name, level, parent, province string, err error) {
	res, err := s.src.Query(r.Context(), `SELECT name, level, parent_code, province_code FROM jurisdictions WHERE code = ?`, code)
	if err != nil {
		return "", "", "", "", fmt.Errorf("jurisdiction %s: %w", code, err)
	}
	if len(res.Rows) == 0 {
		return "", "", "", "", nil
	}
	row := res.Rows[0]
	return str(row[0]), str(row[1]), str(row[2]), str(row[3]), nil
}

func (s *Server) handleProvince(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !validCode(code) {
		s.fail(w, r, 0, badRequest("bad province code %q", code))
		return
	}
	year, err := parseYear(r.URL.Query().Get("year"))
	if err != nil {
		s.fail(w, r, 0, badRequest("%v", err))
		return
	}
	parent := r.URL.Query().Get("parent")
	if parent != "" && !validCode(parent) {
		s.fail(w, r, 0, badRequest("bad parent code %q", parent))
		return
	}
	ctx := r.Context()
	name, _, _, _, err := s.jurisdictionName(r, code)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	res, err := s.src.Query(ctx, `SELECT DISTINCT year FROM reports WHERE province_code = ? AND status = 'ok' AND year IS NOT NULL ORDER BY year`, code)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("province years: %w", err))
		return
	}
	if name == "" && len(res.Rows) == 0 {
		s.fail(w, r, 0, fmt.Errorf("%w: no province %s in the dataset", errNotFound, code))
		return
	}
	p := provincePage{Code: code, Name: name, Metrics: s.metrics, Parent: parent}
	for _, row := range res.Rows {
		p.Years = append(p.Years, intOf(row[0]))
	}
	if year == 0 && len(p.Years) > 0 {
		year = p.Years[len(p.Years)-1]
	}
	p.Year = year
	q := url.Values{"province": {code}}
	if year != 0 {
		q.Set("year", strconv.Itoa(year))
	}
	if parent != "" {
		q.Set("parent", parent)
	}
	p.Query = q.Encode()

	// The prefectures that have reports, for the filter.
	parents, err := s.src.Query(ctx, `WITH `+chosenSQL+`
		SELECT DISTINCT f.parent_code, coalesce(j.name, '') FROM chosen c JOIN facts f USING (report_id)
		LEFT JOIN jurisdictions j ON j.code = f.parent_code
		WHERE coalesce(f.parent_code, '') NOT IN ('', ?) ORDER BY 1`, code, code, "", "", "", "", code)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("province prefectures: %w", err))
		return
	}
	known := parent == ""
	for _, row := range parents.Rows {
		p.Parents = append(p.Parents, option{Code: str(row[0]), Name: str(row[1])})
		known = known || str(row[0]) == parent
	}
	if !known {
		s.fail(w, r, 0, fmt.Errorf("%w: no prefecture %s with reports in %s", errNotFound, parent, code))
		return
	}

	rows := map[string]*countyRow{}
	rowScope := map[string]string{}
	// Counts first: new and processed applications of the chosen reports.
	counts, err := s.src.Query(ctx, `WITH `+chosenSQL+`
		SELECT c.division_code, coalesce(j.name, ''), f.new_received, f.total_processed, coalesce(f.parent_code, ''), coalesce(pj.name, '')
		FROM chosen c JOIN facts f USING (report_id) LEFT JOIN jurisdictions j ON j.code = c.division_code
		LEFT JOIN jurisdictions pj ON pj.code = f.parent_code
		WHERE c.year = ? ORDER BY 1`, code, code, parent, parent, "", "", year)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("province counts: %w", err))
		return
	}
	for _, row := range counts.Rows {
		cr := &countyRow{Code: str(row[0]), Name: str(row[1]), Cells: make([]metricCell, len(s.metrics))}
		cr.New, cr.HasNew = num(row[2])
		cr.Processed, cr.HasProcessed = num(row[3])
		cr.ParentCode, cr.ParentName = str(row[4]), str(row[5])
		rows[cr.Code] = cr
	}
	for i, m := range s.metrics {
		res, err := s.src.Compare(ctx, m.Name, query.Filter{Province: code, Parent: parent, Year: year})
		if err != nil {
			s.failErr(w, r, fmt.Errorf("compare %s: %w", m.Name, err))
			return
		}
		col := columnIndex(res.Columns)
		for _, row := range res.Rows {
			scope := str(at(row, col, "scope"))
			if !govScope(scope) {
				continue
			}
			c := str(at(row, col, "code"))
			cr := rows[c]
			if cr == nil {
				cr = &countyRow{Code: c, Name: str(at(row, col, "name")), Cells: make([]metricCell, len(s.metrics))}
				rows[c] = cr
			}
			if cr.Cells[i].OK && rowScope[c] == "gov_aggregate" && scope != "gov_aggregate" {
				continue
			}
			rowScope[c] = scope
			v, ok := num(at(row, col, "value"))
			n, _ := num(at(row, col, "numerator"))
			d, _ := num(at(row, col, "denominator"))
			cr.Cells[i] = metricCell{Value: v, OK: ok, Num: n, Den: d, Text: fmtPct(v),
				Small: boolean(at(row, col, "small_denominator"))}
		}
	}
	for _, cr := range rows {
		p.Rows = append(p.Rows, *cr)
	}
	sort.Slice(p.Rows, func(i, j int) bool { return p.Rows[i].Code < p.Rows[j].Code })

	charts, err := s.provinceCharts(r, code, parent)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p.Charts = charts
	title := name
	if title == "" {
		title = code
	}
	s.render(w, r, "province", page{Title: title + " — ogi", Nav: "index", Body: p})
}

func columnIndex(cols []string) map[string]int {
	m := make(map[string]int, len(cols))
	for i, c := range cols {
		m[c] = i
	}
	return m
}

func at(row []any, col map[string]int, name string) any {
	i, ok := col[name]
	if !ok || i >= len(row) {
		return nil
	}
	return row[i]
}

// chosenSQL picks one report per jurisdiction and year from the facts view
// (the primary report of each division, scope and year, as compared by
// `ogi compare`): the government's own aggregate report. It takes six
// parameters: the province, the parent (prefecture) and the division code,
// each twice ("" for any).
const chosenSQL = `
	chosen AS (
		SELECT report_id, division_code, year FROM (
			SELECT report_id, division_code, year, row_number() OVER (
				PARTITION BY division_code, year
				ORDER BY CASE scope WHEN 'gov_aggregate' THEN 0 ELSE 1 END, report_id) AS rn
			FROM facts
			WHERE scope IN ('gov_aggregate', '')
			  AND (? = '' OR province_code = ?) AND (? = '' OR parent_code = ?) AND (? = '' OR division_code = ?)
		) WHERE rn = 1
	)`

// govScope reports whether a comparison row is of a government as a whole
// (not one of its departments).
func govScope(scope string) bool { return scope == "gov_aggregate" || scope == "" }

// yearly holds what the charts draw, by year.
type yearly struct {
	Years []int
	App   map[int]map[string]float64 // year → table 三 row key → sum of the total column
	Rates map[string]map[int][2]float64
}

// rateMetrics are the metrics drawn as lines, with their legend.
var rateMetrics = []struct{ Name, Legend string }{
	{"review_correction_rate", "复议纠错率 review"},
	{"litigation_loss_rate", "诉讼纠错率 litigation"},
}

// yearlySums sums table 三 over the chosen reports by year and computes
// the correction rates with Compare (numerators and denominators summed
// over the province, or the one jurisdiction's series).
func (s *Server) yearlySums(r *http.Request, province, parent, division string) (*yearly, error) {
	ctx := r.Context()
	args := []any{province, province, parent, parent, division, division}
	app, err := s.src.Query(ctx, `WITH `+chosenSQL+`
		SELECT a.year, a.row_key, sum(a.total) FROM applications a JOIN chosen c USING (report_id)
		WHERE a.total IS NOT NULL GROUP BY ALL ORDER BY ALL`, args...)
	if err != nil {
		return nil, fmt.Errorf("yearly applications: %w", err)
	}
	y := &yearly{App: map[int]map[string]float64{}, Rates: map[string]map[int][2]float64{}}
	seen := map[int]bool{}
	for _, row := range app.Rows {
		yr := intOf(row[0])
		if y.App[yr] == nil {
			y.App[yr] = map[string]float64{}
		}
		if v, ok := num(row[2]); ok {
			y.App[yr][str(row[1])] = v
		}
		seen[yr] = true
	}
	f := query.Filter{Province: province, Parent: parent, Jurisdiction: division}
	if division == "" {
		f.By = query.ByProvince
	}
	for _, m := range rateMetrics {
		if _, ok := query.LookupMetric(m.Name); !ok {
			continue
		}
		res, err := s.src.Compare(ctx, m.Name, f)
		if err != nil {
			return nil, fmt.Errorf("compare %s: %w", m.Name, err)
		}
		col := columnIndex(res.Columns)
		sums := map[int][2]float64{}
		for _, row := range res.Rows {
			if !govScope(str(at(row, col, "scope"))) {
				continue
			}
			n, ok1 := num(at(row, col, "numerator"))
			d, ok2 := num(at(row, col, "denominator"))
			if !ok1 || !ok2 {
				continue
			}
			yr := intOf(at(row, col, "year"))
			v := sums[yr]
			sums[yr] = [2]float64{v[0] + n, v[1] + d}
			seen[yr] = true
		}
		y.Rates[m.Name] = sums
	}
	for yr := range seen {
		y.Years = append(y.Years, yr)
	}
	sort.Ints(y.Years)
	return y, nil
}

// outcomeGroups are the blocks of table 三's outcome rows, by key prefix.
var outcomeGroups = []struct{ Prefix, Name string }{
	{"granted", "予以公开"}, {"partially_granted", "部分公开"}, {"denied_", "不予公开"},
	{"unable_", "无法提供"}, {"not_processed_", "不予处理"}, {"other_", "其他处理"},
}

func (y *yearly) cats() []string {
	c := make([]string, len(y.Years))
	for i, yr := range y.Years {
		c[i] = strconv.Itoa(yr)
	}
	return c
}

// ratio is a rate of summed numerators and denominators (ratios are never
// averaged); a zero denominator is missing.
func ratio(n, d float64) float64 {
	if d <= 0 {
		return math.NaN()
	}
	return n / d
}

func (y *yearly) charts(scopeNote string) []chart {
	cats := y.cats()
	nan := func() []float64 {
		v := make([]float64, len(y.Years))
		for i := range v {
			v[i] = math.NaN()
		}
		return v
	}
	received, processed := nan(), nan()
	mix := make([]Series, len(outcomeGroups))
	for i, g := range outcomeGroups {
		mix[i] = Series{Name: g.Name, Values: nan()}
	}
	var rates []Series
	for _, m := range rateMetrics {
		if sums, ok := y.Rates[m.Name]; ok {
			v := nan()
			for i, yr := range y.Years {
				if nd, ok := sums[yr]; ok {
					v[i] = ratio(nd[0], nd[1])
				}
			}
			rates = append(rates, Series{Name: m.Legend, Values: v})
		}
	}
	for i, yr := range y.Years {
		a := y.App[yr]
		if v, ok := a["new_received"]; ok {
			received[i] = v
		}
		if v, ok := a["total_processed"]; ok {
			processed[i] = v
		}
		for gi, g := range outcomeGroups {
			sum, any := 0.0, false
			for k, v := range a {
				if k == g.Prefix || (strings.HasSuffix(g.Prefix, "_") && strings.HasPrefix(k, g.Prefix)) {
					sum += v
					any = true
				}
			}
			if any {
				mix[gi].Values[i] = sum
			}
		}
	}
	return []chart{
		{Title: "申请量 Applications by year", Note: "本年新收 and 办结 (总计 column), " + scopeNote,
			SVG: BarChart("Applications by year", cats, []Series{{"本年新收 new", received}, {"办结 processed", processed}}, false)},
		{Title: "办理结果 Outcome mix", Note: "outcomes of processed applications, " + scopeNote,
			SVG: BarChart("Outcome mix", cats, mix, true)},
		{Title: "纠错率 Correction rates", Note: "corrected ÷ decided (total − pending), numerators and denominators summed, " + scopeNote,
			SVG: LineChart("Correction rates", cats, rates)},
	}
}

func (s *Server) provinceCharts(r *http.Request, code, parent string) ([]chart, error) {
	y, err := s.yearlySums(r, code, parent, "")
	if err != nil {
		return nil, err
	}
	where := "the province's"
	if parent != "" {
		where = "the prefecture's"
	}
	return y.charts("summed over " + where + " governments (one report per jurisdiction and year)"), nil
}

// ---- jurisdiction ------------------------------------------------------

type reportRow struct {
	ID, Scope, Agency, Title, Status, Reason string
	Year, ChecksFailed                       int
	SourceURL, FinalURL, FetchedAt, SHA256   string
	ContentType, Template, ExtractorVersion  string
	Selected                                 bool
}

type printedCell struct {
	Ref             string // table/row/col, e.g. applications/granted/total
	Text, Locator   string
	Blank, Fail, OK bool
	Positional      bool
}

type printedTable struct {
	Title   string
	Corner  string // header of the label column
	Columns []string
	Rows    []printedRow
}

type printedRow struct {
	Label string
	Cells []printedCell
}

type checkRow struct {
	ID, Severity, Detail string
	OK                   bool
	Expected, Actual     float64
}

type jurisdictionPage struct {
	Code, Name, Level, Parent, Province string
	Reports                             []reportRow
	Selected                            *reportRow
	Charts                              []chart
	Tables                              []printedTable
	FailedChecks                        []checkRow
	ChecksTotal                         int
	Archived                            bool // archived copies are served
}

func (s *Server) handleJurisdiction(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !validCode(code) {
		s.fail(w, r, 0, badRequest("bad jurisdiction code %q", code))
		return
	}
	reportID := r.URL.Query().Get("report")
	if reportID != "" && !idRE.MatchString(reportID) {
		s.fail(w, r, 0, badRequest("bad report id"))
		return
	}
	ctx := r.Context()
	name, level, parent, province, err := s.jurisdictionName(r, code)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	res, err := s.src.Query(ctx, `
		SELECT report_id, year, coalesce(scope, ''), coalesce(agency, ''), coalesce(title, ''), status, coalesce(reason, ''),
		       coalesce(checks_failed, 0), coalesce(source_url, ''), coalesce(final_url, ''), fetched_at, coalesce(sha256, ''),
		       coalesce(content_type, ''), coalesce(template, ''), coalesce(extractor_version, '')
		FROM reports WHERE division_code = ?
		ORDER BY year DESC NULLS LAST, scope, fetched_at DESC, report_id`, code)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("reports of %s: %w", code, err))
		return
	}
	if name == "" && len(res.Rows) == 0 {
		s.fail(w, r, 0, fmt.Errorf("%w: no jurisdiction %s in the dataset", errNotFound, code))
		return
	}
	p := jurisdictionPage{Code: code, Name: name, Level: level, Parent: parent, Province: province, Archived: s.archive != nil}
	for _, row := range res.Rows {
		rr := reportRow{ID: str(row[0]), Year: intOf(row[1]), Scope: str(row[2]), Agency: str(row[3]), Title: str(row[4]),
			Status: str(row[5]), Reason: str(row[6]), ChecksFailed: intOf(row[7]), SourceURL: str(row[8]), FinalURL: str(row[9]),
			FetchedAt: str(row[10]), SHA256: str(row[11]), ContentType: str(row[12]), Template: str(row[13]), ExtractorVersion: str(row[14])}
		p.Reports = append(p.Reports, rr)
	}
	// The selected report: the one asked for, else the latest one read.
	sel := -1
	for i, rr := range p.Reports {
		if reportID != "" && rr.ID == reportID {
			sel = i
		}
	}
	if reportID != "" && sel < 0 {
		s.fail(w, r, 0, fmt.Errorf("%w: no report %s for %s", errNotFound, reportID, code))
		return
	}
	if sel < 0 {
		for i, rr := range p.Reports {
			if rr.Status == "ok" {
				sel = i
				break
			}
		}
	}
	if sel >= 0 {
		p.Reports[sel].Selected = true
		p.Selected = &p.Reports[sel]
		if err := s.printedTables(r, &p); err != nil {
			s.failErr(w, r, err)
			return
		}
	}
	y, err := s.yearlySums(r, "", "", code)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p.Charts = y.charts("one report per year")
	title := name
	if title == "" {
		title = code
	}
	s.render(w, r, "jurisdiction", page{Title: title + " — ogi", Nav: "index", Body: p})
}

type cellKey struct{ table, row, col string }

// printedTables lays the selected report's cells out on its template, as
// printed, and marks the cells of the checks that failed.
func (s *Server) printedTables(r *http.Request, p *jurisdictionPage) error {
	ctx := r.Context()
	id := p.Selected.ID
	res, err := s.src.Query(ctx, `SELECT "table", row_key, coalesce(col_key, ''), value, coalesce(raw_text, ''), "blank", "positional", coalesce(locator, '')
		FROM cells WHERE report_id = ?`, id)
	if err != nil {
		return fmt.Errorf("cells of %s: %w", id, err)
	}
	cells := map[cellKey]printedCell{}
	for _, row := range res.Rows {
		k := cellKey{str(row[0]), str(row[1]), str(row[2])}
		c := printedCell{Text: str(row[4]), Blank: boolean(row[5]), Positional: boolean(row[6]), Locator: str(row[7]), OK: true}
		if v, ok := num(row[3]); ok && c.Text == "" {
			c.Text = fmtNum(v)
		}
		cells[k] = c
	}
	chk, err := s.src.Query(ctx, `SELECT check_id, coalesce(severity, ''), ok, expected, actual, coalesce(detail, '')
		FROM checks WHERE report_id = ? ORDER BY check_id`, id)
	if err != nil {
		return fmt.Errorf("checks of %s: %w", id, err)
	}
	tmpl, ok := schema.Lookup(p.Selected.Template)
	if !ok {
		tmpl = schema.Template2021()
	}
	refs := map[string][]schema.Ref{}
	for _, idn := range tmpl.Identities() {
		refs[idn.ID] = append(append([]schema.Ref(nil), idn.Left...), idn.Right...)
	}
	failed := map[cellKey]bool{}
	p.ChecksTotal = len(chk.Rows)
	for _, row := range chk.Rows {
		c := checkRow{ID: str(row[0]), Severity: str(row[1]), OK: boolean(row[2]), Detail: str(row[5])}
		c.Expected, _ = num(row[3])
		c.Actual, _ = num(row[4])
		if c.OK {
			continue
		}
		p.FailedChecks = append(p.FailedChecks, c)
		for _, ref := range refs[c.ID] {
			failed[cellKey{ref.Table, ref.Row, ref.Col}] = true
		}
	}
	get := func(k cellKey) printedCell {
		c, ok := cells[k]
		if !ok {
			c = printedCell{Blank: true, Text: "", Locator: "not in the report"}
		}
		c.Fail = failed[k]
		c.Ref = k.table + "/" + k.row + "/" + k.col
		return c
	}
	// Table 二.
	t2 := printedTable{Title: "表二 主动公开政府信息情况", Corner: "项目 · 指标", Columns: []string{"数值 Value"}}
	for _, f := range tmpl.Active {
		t2.Rows = append(t2.Rows, printedRow{Label: f.Row + " · " + f.Column, Cells: []printedCell{get(cellKey{schema.TableActive, f.Key, ""})}})
	}
	// Table 三.
	t3 := printedTable{Title: "表三 收到和处理政府信息公开申请情况"}
	for _, c := range tmpl.ApplicationColumns {
		t3.Columns = append(t3.Columns, c.Label)
	}
	groupLabel := map[string]string{}
	for _, g := range tmpl.ApplicationGroups {
		groupLabel[g.Key] = g.Label
	}
	for _, row := range tmpl.ApplicationRows {
		label := row.Label
		if row.Group != "" {
			label = groupLabel[row.Group] + " " + label
		}
		pr := printedRow{Label: label}
		for _, c := range tmpl.ApplicationColumns {
			pr.Cells = append(pr.Cells, get(cellKey{schema.TableApplications, row.Key, c.Key}))
		}
		t3.Rows = append(t3.Rows, pr)
	}
	// Table 四.
	t4 := printedTable{Title: "表四 政府信息公开行政复议、行政诉讼情况"}
	for _, f := range tmpl.ReviewFields {
		t4.Columns = append(t4.Columns, f.Label)
	}
	for _, g := range tmpl.ReviewGroups {
		pr := printedRow{Label: g.Label}
		for _, f := range tmpl.ReviewFields {
			pr.Cells = append(pr.Cells, get(cellKey{schema.TableReview, schema.ReviewKey(g.Key, f.Key), ""}))
		}
		t4.Rows = append(t4.Rows, pr)
	}
	p.Tables = []printedTable{t2, t3, t4}
	return nil
}

// ---- quality -----------------------------------------------------------

type qualityRow struct {
	ID, Code, Name, Agency, Status, Reason, Detail, Checks, Source, Title string
	Year, ChecksFailed                                                    int
}

type fetchRow struct {
	URL, Error, FetchedAt string
	Status                int
}

type reasonCount struct {
	Status, Reason string
	N              int
}

type qualityPage struct {
	Province  string
	Year      int
	Failed    []qualityRow
	NotRead   []qualityRow
	Reasons   []reasonCount
	Fetches   []fetchRow
	Truncated bool
	Query     string
}

// qualityLimit bounds each list of the quality page.
const qualityLimit = 1000

func (s *Server) handleQuality(w http.ResponseWriter, r *http.Request) {
	province := r.URL.Query().Get("province")
	if province != "" && !validCode(province) {
		s.fail(w, r, 0, badRequest("bad province code %q", province))
		return
	}
	year, err := parseYear(r.URL.Query().Get("year"))
	if err != nil {
		s.fail(w, r, 0, badRequest("%v", err))
		return
	}
	ctx := r.Context()
	p := qualityPage{Province: province, Year: year}
	q := url.Values{}
	if province != "" {
		q.Set("province", province)
	}
	if year != 0 {
		q.Set("year", strconv.Itoa(year))
	}
	p.Query = q.Encode()
	filter := `(? = '' OR r.province_code = ?) AND (? = 0 OR r.year = ?)`
	args := []any{province, province, year, year}
	res, err := s.src.Query(ctx, `
		SELECT r.report_id, coalesce(r.division_code, ''), coalesce(j.name, ''), r.year, coalesce(r.agency, ''), r.checks_failed,
		       coalesce(r.source_url, ''),
		       (SELECT string_agg(c.check_id || CASE WHEN c.severity = 'soft' THEN ' (soft)' ELSE '' END, ' · ' ORDER BY c.check_id)
		        FROM checks c WHERE c.report_id = r.report_id AND NOT c.ok)
		FROM reports r LEFT JOIN jurisdictions j ON j.code = r.division_code
		WHERE r.status = 'ok' AND r.checks_failed > 0 AND `+filter+`
		ORDER BY r.checks_failed DESC, r.division_code, r.year, r.report_id LIMIT `+strconv.Itoa(qualityLimit+1), args...)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("reports with failed checks: %w", err))
		return
	}
	for _, row := range res.Rows {
		p.Failed = append(p.Failed, qualityRow{ID: str(row[0]), Code: str(row[1]), Name: str(row[2]), Year: intOf(row[3]),
			Agency: str(row[4]), ChecksFailed: intOf(row[5]), Source: str(row[6]), Checks: str(row[7])})
	}
	res, err = s.src.Query(ctx, `
		SELECT r.report_id, coalesce(r.division_code, ''), coalesce(j.name, ''), r.year, coalesce(r.agency, ''), r.status,
		       coalesce(r.reason, ''), coalesce(r.source_url, ''), coalesce(r.title, ''), coalesce(r.detail, '')
		FROM reports r LEFT JOIN jurisdictions j ON j.code = r.division_code
		WHERE r.status <> 'ok' AND `+filter+`
		ORDER BY r.status, r.reason, r.division_code, r.year, r.report_id LIMIT `+strconv.Itoa(qualityLimit+1), args...)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("reports not read: %w", err))
		return
	}
	for _, row := range res.Rows {
		p.NotRead = append(p.NotRead, qualityRow{ID: str(row[0]), Code: str(row[1]), Name: str(row[2]), Year: intOf(row[3]),
			Agency: str(row[4]), Status: str(row[5]), Reason: str(row[6]), Source: str(row[7]), Title: str(row[8]), Detail: str(row[9])})
	}
	res, err = s.src.Query(ctx, `SELECT r.status, coalesce(r.reason, ''), count(*) FROM reports r WHERE `+filter+` GROUP BY ALL ORDER BY ALL`, args...)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("report reasons: %w", err))
		return
	}
	for _, row := range res.Rows {
		p.Reasons = append(p.Reasons, reasonCount{Status: str(row[0]), Reason: str(row[1]), N: intOf(row[2])})
	}
	if province == "" && year == 0 {
		res, err = s.src.Query(ctx, `SELECT url, coalesce(status, 0), coalesce(error, ''), fetched_at FROM fetches
			WHERE coalesce(error, '') <> '' OR status >= 400 ORDER BY url, fetched_at LIMIT `+strconv.Itoa(qualityLimit+1))
		if err != nil {
			s.failErr(w, r, fmt.Errorf("failed fetches: %w", err))
			return
		}
		for _, row := range res.Rows {
			p.Fetches = append(p.Fetches, fetchRow{URL: str(row[0]), Status: intOf(row[1]), Error: str(row[2]), FetchedAt: str(row[3])})
		}
	}
	if len(p.Failed) > qualityLimit || len(p.NotRead) > qualityLimit || len(p.Fetches) > qualityLimit {
		p.Truncated = true
		p.Failed = p.Failed[:min(len(p.Failed), qualityLimit)]
		p.NotRead = p.NotRead[:min(len(p.NotRead), qualityLimit)]
		p.Fetches = p.Fetches[:min(len(p.Fetches), qualityLimit)]
	}
	s.render(w, r, "quality", page{Title: "数据质量 Data quality — ogi", Nav: "quality", Body: p})
}
