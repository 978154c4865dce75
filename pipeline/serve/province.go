package serve

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"ogi/pipeline/query"
)

// ---- province ----------------------------------------------------------

type metricCell struct {
	Value, Num, Den float64
	Text            string
	OK, Small       bool
	// Unverified says why the figure rests on unverified cells: left
	// out (OK false) unless the page asks for unverified figures, then
	// shown flagged.
	Unverified string
	Rank       int // among the rows compared (0: unranked)
	// Blank is what a cell without a figure prints: 未核实, or 日期不明
	// for a report whose publication date is unknown.
	Blank string
	// LeftOut, on a total row, says which figures the sums left out.
	LeftOut string
}

type option struct{ Code, Name string }

type countyRow struct {
	ParentCode, ParentName string
	Code, Name             string
	New, Processed         float64
	HasNew, HasProcessed   bool
	// NewUnverified and ProcessedUnverified say why a count is unverified.
	NewUnverified, ProcessedUnverified string
	Cells                              []metricCell
	// Coverage (status published, failed, missing, fetch_failed,
	// not_due, not_crawled) and timeliness of the year's report.
	Status, StatusZh string
	Published        string // yyyy-mm-dd, "" when unknown
	PublishedSource  string
	Dated            bool // the date is evidence (not the fetch date)
	Late             bool
	DaysLate         int
	Total            bool // a prefecture or province total row
	// StatusTitle explains a not_due status: the crawl's day and the
	// deadline.
	StatusTitle string
}

type chart struct {
	Title, Note string
	Plot        *svgChart // drawn by the template "chart"
}

// leftOut is what one metric's comparison left out: jurisdictions whose
// figures are unverified, and why.
type leftOut struct {
	Metric  string
	N       int
	Reasons string
}

// metricColumn is a metric shown in the county table.
type metricColumn struct {
	query.Metric
	Short string // the Chinese name of the title, for the header
	Index int    // its cells' index in countyRow.Cells
}

type provincePage struct {
	Code, Name string
	Parent     string   // the prefecture filter, "" for the whole province
	Parents    []option // prefectures with reports
	Years      []int
	Year       int
	Metrics    []query.Metric
	Columns    []metricColumn // the metrics shown (a column that says nothing is not)
	Hidden     []string       // metrics not shown: every value the same
	ShowNew    bool
	ShowProc   bool
	Rows       []countyRow
	Totals     []countyRow // prefecture rows, then the province row
	Charts     []chart
	Query      string // download filter, already encoded
	// Unverified shows unverified figures, flagged (?unverified=1).
	Unverified bool
	LeftOut    []leftOut
	Scope      query.Scope
	// Coverage filter and counts.
	Status   string
	Statuses []statusCount
	Late     int
}

type statusCount struct {
	Status, Zh string
	N          int
}

// statusZh names the coverage statuses.
var statusZh = map[string]string{
	query.CoveragePublished:   "已公开",
	query.CoverageFailed:      "无法读取",
	query.CoverageMissing:     "未公开",
	query.CoverageFetchFailed: "抓取失败",
	query.CoverageNotCrawled:  "未抓取",
	query.CoverageNotDue:      "未到期",
}

// pageScope is the scope the dashboard compares, as ogi compare does by
// default: each government as a whole.
const pageScope = query.ScopeGovAggregate

func (s *Server) jurisdictionName(r *http.Request, code string) (name, level, parent, province string, err error) {
	res, err := s.src.Query(r.Context(), s.sql["jurisdiction_name"], sql.Named("code", code))
	if err != nil {
		return "", "", "", "", fmt.Errorf("jurisdiction %s: %w", code, err)
	}
	if len(res.Rows) == 0 {
		return "", "", "", "", nil
	}
	row := res.Rows[0]
	return str(row[0]), str(row[1]), str(row[2]), str(row[3]), nil
}

// parseUnverified reads the unverified=1 parameter.
func parseUnverified(r *http.Request) (bool, error) {
	switch v := r.URL.Query().Get("unverified"); v {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	default:
		return false, badRequest("unverified must be 1 or 0, not %q", v)
	}
}

func (s *Server) handleProvince(w http.ResponseWriter, r *http.Request) {
	s.cached(w, r, s.provincePage)
}

// provincePage gathers a province page; false when it failed (the error
// page is written).
func (s *Server) provincePage(w http.ResponseWriter, r *http.Request) (page, string, bool) {
	code := r.PathValue("code")
	if !validCode(code) {
		s.fail(w, r, 0, badRequest("bad province code %q", code))
		return page{}, "", false
	}
	q := r.URL.Query()
	year, err := parseYear(q.Get("year"))
	if err != nil {
		s.fail(w, r, 0, badRequest("%v", err))
		return page{}, "", false
	}
	parent := q.Get("parent")
	if parent != "" && !validCode(parent) {
		s.fail(w, r, 0, badRequest("bad parent code %q", parent))
		return page{}, "", false
	}
	status := q.Get("status")
	if status != "" && statusZh[status] == "" {
		s.fail(w, r, 0, badRequest("unknown status %q (%s)", status, strings.Join(query.CoverageStatuses(), ", ")))
		return page{}, "", false
	}
	unverified, err := parseUnverified(r)
	if err != nil {
		s.fail(w, r, 0, err)
		return page{}, "", false
	}
	ctx := r.Context()
	name, _, _, _, err := s.jurisdictionName(r, code)
	if err != nil {
		s.failErr(w, r, err)
		return page{}, "", false
	}
	res, err := s.src.Query(ctx, s.sql["province_years"], sql.Named("province", code), sql.Named("scope", string(pageScope)))
	if err != nil {
		s.failErr(w, r, fmt.Errorf("province years: %w", err))
		return page{}, "", false
	}
	if name == "" && len(res.Rows) == 0 {
		s.fail(w, r, 0, fmt.Errorf("%w: no province %s in the dataset", errNotFound, code))
		return page{}, "", false
	}
	p := provincePage{Code: code, Name: name, Metrics: s.metrics, Parent: parent, Unverified: unverified, Scope: pageScope, Status: status}
	for _, row := range res.Rows {
		p.Years = append(p.Years, intOf(row[0]))
	}
	if year == 0 && len(p.Years) > 0 {
		year = p.Years[len(p.Years)-1]
	}
	p.Year = year
	dl := url.Values{"province": {code}, "scope": {string(pageScope)}}
	if year != 0 {
		dl.Set("year", strconv.Itoa(year))
	}
	if parent != "" {
		dl.Set("parent", parent)
	}
	if unverified {
		dl.Set("unverified", "1")
	}
	p.Query = dl.Encode()

	// The prefectures that have reports, for the filter.
	parents, err := s.src.Query(ctx, s.sql["province_parents"], sql.Named("province", code), sql.Named("scope", string(pageScope)))
	if err != nil {
		s.failErr(w, r, fmt.Errorf("province prefectures: %w", err))
		return page{}, "", false
	}
	known := parent == ""
	for _, row := range parents.Rows {
		p.Parents = append(p.Parents, option{Code: str(row[0]), Name: str(row[1])})
		known = known || str(row[0]) == parent
	}
	if !known {
		s.fail(w, r, 0, fmt.Errorf("%w: no prefecture %s with reports in %s", errNotFound, parent, code))
		return page{}, "", false
	}
	if err := s.provinceRows(r, &p); err != nil {
		s.failErr(w, r, err)
		return page{}, "", false
	}
	charts, err := s.provinceCharts(r, code, parent, unverified)
	if err != nil {
		s.failErr(w, r, err)
		return page{}, "", false
	}
	p.Charts = charts
	title := name
	if title == "" {
		title = code
	}
	return page{Title: title + " — ogi", Nav: "index", Body: p}, "province", true
}

// provinceRows fills the county table of a province page: counts, every
// metric as ogi compare ranks it (unverified figures left out and listed
// in p.LeftOut, or flagged when asked for), the coverage status and
// timeliness of each jurisdiction that should publish, and the totals of
// the prefectures and the province (Σnumerator/Σdenominator of verified
// figures).
func (s *Server) provinceRows(r *http.Request, p *provincePage) error {
	ctx := r.Context()
	rows := map[string]*countyRow{}
	row := func(code, name string) *countyRow {
		cr := rows[code]
		if cr == nil {
			cr = &countyRow{Code: code, Name: name, Cells: make([]metricCell, len(s.metrics))}
			rows[code] = cr
		}
		return cr
	}
	counts, err := s.src.Query(ctx, s.sql["province_counts"], sql.Named("province", p.Code), sql.Named("parent", p.Parent),
		sql.Named("scope", string(pageScope)), sql.Named("year", p.Year))
	if err != nil {
		return fmt.Errorf("province counts: %w", err)
	}
	for _, rw := range counts.Rows {
		cr := row(str(rw[0]), str(rw[1]))
		cr.New, cr.HasNew = num(rw[2])
		cr.Processed, cr.HasProcessed = num(rw[3])
		cr.ParentCode, cr.ParentName = str(rw[4]), str(rw[5])
		cr.NewUnverified, cr.ProcessedUnverified = str(rw[6]), str(rw[7])
	}
	f := query.Filter{Province: p.Code, Parent: p.Parent, Year: p.Year, Scope: pageScope, IncludeUnverified: p.Unverified}
	all, err := s.src.CompareAll(ctx, f)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	reasons := make([][]string, len(s.metrics))
	p.LeftOut = nil
	s.fillCells(all, func(code, name string) *countyRow { return row(code, name) }, func(i int, why string) {
		reasons[i] = append(reasons[i], why)
	})
	for i, m := range s.metrics {
		if len(reasons[i]) > 0 {
			p.LeftOut = append(p.LeftOut, leftOut{Metric: m.Name, N: len(reasons[i]), Reasons: countReasons(reasons[i])})
		}
	}
	if p.Year != 0 {
		if err := s.coverageRows(r, p, row); err != nil {
			return err
		}
	}
	out := make([]countyRow, 0, len(rows))
	for _, cr := range rows {
		if p.Status == "" || cr.Status == p.Status {
			out = append(out, *cr)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	p.Rows = out
	if err := s.totals(r, p, f); err != nil {
		return err
	}
	s.chooseColumns(p)
	return nil
}

// fillCells puts the rows of a CompareAll result into the table's cells;
// left is told each figure left out as unverified.
func (s *Server) fillCells(all *query.Result, row func(code, name string) *countyRow, left func(metric int, why string)) {
	idx := map[string]int{}
	for i, m := range s.metrics {
		idx[m.Name] = i
	}
	col := columnIndex(all.Columns)
	for _, rw := range all.Rows {
		i, ok := idx[str(at(rw, col, "metric"))]
		if !ok {
			continue
		}
		cr := row(str(at(rw, col, "code")), str(at(rw, col, "name")))
		v, ok := num(at(rw, col, "value"))
		n, _ := num(at(rw, col, "numerator"))
		d, _ := num(at(rw, col, "denominator"))
		cell := metricCell{Value: v, OK: ok, Num: n, Den: d, Text: fmtPct(v), Small: boolean(at(rw, col, "small_denominator")),
			Rank: intOf(at(rw, col, "rank"))}
		if ok && s.metrics[i].Flag && d == 1 {
			cell.Text = map[bool]string{true: "✓", false: "✗"}[n == 1]
			cell.Small = false
		}
		if why := str(at(rw, col, "unverified_reasons")); why != "" {
			cell.Unverified, cell.Blank = why, blankText(why)
			if !ok && left != nil {
				left(i, why)
			}
		}
		cr.Cells[i] = cell
	}
}

// coverageRows adds the coverage status and timeliness to the rows, and a
// greyed row for every jurisdiction that should have published and has
// no figures.
func (s *Server) coverageRows(r *http.Request, p *provincePage, row func(code, name string) *countyRow) error {
	cov, err := s.src.Coverage(r.Context(), query.CoverageFilter{Province: p.Code, Parent: p.Parent, Year: p.Year, Scope: pageScope})
	if err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	col := columnIndex(cov.Columns)
	n := map[string]int{}
	for _, rw := range cov.Rows {
		st := str(at(rw, col, "status"))
		cr := row(str(at(rw, col, "code")), str(at(rw, col, "name")))
		if cr.ParentCode == "" {
			cr.ParentCode, cr.ParentName = str(at(rw, col, "parent_code")), str(at(rw, col, "parent_name"))
		}
		cr.Status, cr.StatusZh = st, statusZh[st]
		if st == query.CoverageNotDue {
			cr.StatusTitle = fmt.Sprintf("截至抓取时（%s）尚未过公开期限（%s） not due: crawled before the deadline",
				ymd(at(rw, col, "last_fetched")), ymd(at(rw, col, "deadline")))
		}
		if pub, ok := at(rw, col, "published").(interface{ Format(string) string }); ok {
			cr.Published = pub.Format("2006-01-02")
		}
		cr.PublishedSource = str(at(rw, col, "published_source"))
		if onTime, ok := at(rw, col, "on_time").(bool); ok {
			cr.Dated, cr.Late, cr.DaysLate = true, !onTime, intOf(at(rw, col, "days_late"))
			if cr.Late {
				p.Late++
			}
		}
		if boolean(at(rw, col, "obliged")) {
			n[st]++
		}
	}
	for _, st := range query.CoverageStatuses() {
		p.Statuses = append(p.Statuses, statusCount{Status: st, Zh: statusZh[st], N: n[st]})
	}
	return nil
}

// totals adds the rows of the prefectures and the province:
// Σnumerator/Σdenominator of the verified figures, and the sums of the
// verified counts.
func (s *Server) totals(r *http.Request, p *provincePage, f query.Filter) error {
	var totals []*countyRow
	byCode := map[string]*countyRow{}
	row := func(code, name string) *countyRow {
		if t := byCode[code]; t != nil {
			return t
		}
		t := &countyRow{Code: code, Name: name, Total: true, Cells: make([]metricCell, len(s.metrics))}
		byCode[code] = t
		totals = append(totals, t)
		return t
	}
	if p.Unverified {
		// The table counts unverified figures in: the totals, verified
		// only, need their own comparisons.
		groupings := []query.By{query.ByParent, query.ByProvince}
		if p.Parent != "" {
			groupings = groupings[:1]
		}
		for _, by := range groupings {
			g := f
			g.By, g.IncludeUnverified = by, false
			all, err := s.src.CompareAll(r.Context(), g)
			if err != nil {
				return fmt.Errorf("totals by %s: %w", by, err)
			}
			s.fillCells(all, row, nil)
		}
	} else {
		s.sumCells(p, row)
	}
	for _, cr := range p.Rows {
		for i, code := range []string{cr.ParentCode, p.Code} {
			t := byCode[code]
			if t == nil || i == 1 && code == cr.ParentCode {
				continue
			}
			if cr.HasNew && cr.NewUnverified == "" {
				t.New, t.HasNew = t.New+cr.New, true
			}
			if cr.HasProcessed && cr.ProcessedUnverified == "" {
				t.Processed, t.HasProcessed = t.Processed+cr.Processed, true
			}
		}
	}
	for _, t := range totals {
		if t.Code == p.Code && t.Name == "" {
			t.Name = p.Name
		}
		if t.Name == "" {
			t.Name = t.Code
		}
		t.Name = "合计 " + t.Name
		for i := range t.Cells {
			// Totals are sums of verified figures: what they left out is a
			// note, not a flag on the sum.
			c := &t.Cells[i]
			c.Rank, c.LeftOut = 0, c.Unverified
			if c.OK {
				c.Unverified = ""
			}
		}
	}
	sort.SliceStable(totals, func(i, j int) bool {
		// prefectures by code, the province last
		if (totals[i].Code == p.Code) != (totals[j].Code == p.Code) {
			return totals[j].Code == p.Code
		}
		return totals[i].Code < totals[j].Code
	})
	for _, t := range totals {
		p.Totals = append(p.Totals, *t)
	}
	return nil
}

// sumCells makes the totals of the prefectures and the province from the
// rows, as the comparisons group them (query.ByParent, query.ByProvince):
// Σnumerator/Σdenominator of the figures the rows count (verified ones;
// small denominators included), flagged small under
// query.SmallDenominator, and the reasons of the figures left out.
func (s *Server) sumCells(p *provincePage, row func(code, name string) *countyRow) {
	type acc struct {
		num, den float64
		any      bool
		why      []string
	}
	sums := map[string][]acc{}
	names := map[string]string{}
	for _, cr := range p.Rows {
		if cr.Total {
			continue
		}
		groups := []string{cr.ParentCode}
		if p.Parent == "" && cr.ParentCode != p.Code {
			groups = append(groups, p.Code)
		}
		names[cr.ParentCode] = cr.ParentName
		for _, g := range groups {
			if sums[g] == nil {
				sums[g] = make([]acc, len(s.metrics))
			}
			for i, c := range cr.Cells {
				a := &sums[g][i]
				if c.Unverified != "" {
					a.why = append(a.why, c.Unverified)
				}
				if c.OK || c.Den > 0 && c.Unverified == "" {
					a.num, a.den, a.any = a.num+c.Num, a.den+c.Den, true
				}
			}
		}
	}
	for g, accs := range sums {
		if g == "" {
			continue
		}
		name := names[g]
		if g == p.Code {
			name = p.Name
		}
		t := row(g, name)
		for i, a := range accs {
			c := metricCell{Num: a.num, Den: a.den, Unverified: strings.Join(dedupeReasons(a.why), ", ")}
			if a.any && a.den > 0 {
				c.Value, c.OK = a.num/a.den, true
				c.Text = fmtPct(c.Value)
				c.Small = a.den < query.SmallDenominator
			}
			t.Cells[i] = c
		}
	}
}

// dedupeReasons lists the distinct reasons of reason lists, sorted.
func dedupeReasons(lists []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		for _, r := range strings.Split(l, ", ") {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	sort.Strings(out)
	return out
}

// chooseColumns shows the metrics whose values say something: a column
// whose every row prints the same (all blank, or all 100%) is left out
// and named in p.Hidden.
func (s *Server) chooseColumns(p *provincePage) {
	// Rows without any figure (a jurisdiction that published nothing
	// read) say nothing about a column either.
	var rows []countyRow
	for _, cr := range p.Rows {
		if cr.HasNew || cr.HasProcessed || slices.ContainsFunc(cr.Cells, func(c metricCell) bool { return c.OK || c.Unverified != "" }) {
			rows = append(rows, cr)
		}
	}
	same := func(text func(cr countyRow) string) bool {
		for i := 1; i < len(rows); i++ {
			if text(rows[i]) != text(rows[0]) {
				return false
			}
		}
		return true
	}
	p.ShowNew = !same(func(cr countyRow) string { return fmt.Sprint(cr.HasNew, cr.New) }) || len(rows) <= 1
	p.ShowProc = !same(func(cr countyRow) string { return fmt.Sprint(cr.HasProcessed, cr.Processed) }) || len(rows) <= 1
	p.Columns = nil
	p.Hidden = nil
	for i, m := range s.metrics {
		if len(rows) > 1 && same(func(cr countyRow) string { c := cr.Cells[i]; return c.Text + c.Unverified }) {
			p.Hidden = append(p.Hidden, m.Name)
			continue
		}
		p.Columns = append(p.Columns, metricColumn{Metric: m, Short: shortTitle(m.Title), Index: i})
	}
}

// shortTitle is the Chinese name in a metric's title, "Substantive
// disclosure rate (实质公开率)" → 实质公开率, or the title.
func shortTitle(title string) string {
	if i := strings.LastIndex(title, "("); i >= 0 && strings.HasSuffix(title, ")") {
		return title[i+1 : len(title)-1]
	}
	return title
}

// countReasons summarises reason lists ("a, b") as "a 2, b 1", most
// frequent first.
func countReasons(lists []string) string {
	n := map[string]int{}
	for _, l := range lists {
		for _, r := range strings.Split(l, ", ") {
			n[r]++
		}
	}
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if n[keys[i]] != n[keys[j]] {
			return n[keys[i]] > n[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, n[k])
	}
	return strings.Join(parts, ", ")
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

// statusOrder lists the coverage statuses for a filter menu.
func statusOrder() []string { return slices.Clone(query.CoverageStatuses()) }

// ymd is a date column as yyyy-mm-dd ("" when NULL).
func ymd(v any) string {
	if d, ok := v.(interface{ Format(string) string }); ok {
		return d.Format("2006-01-02")
	}
	return ""
}
