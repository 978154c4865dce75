package serve

import (
	"database/sql"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"ogi/pipeline/query"
	"sort"
	"strconv"
	"strings"
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
}

type chart struct {
	Title, Note string
	SVG         template.HTML
}

// leftOut is what one metric's comparison left out: jurisdictions whose
// figures are unverified, and why.
type leftOut struct {
	Metric  string
	N       int
	Reasons string
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
	// Unverified shows unverified figures, flagged (?unverified=1).
	Unverified bool
	LeftOut    []leftOut
	Scope      query.Scope
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
	unverified, err := parseUnverified(r)
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	ctx := r.Context()
	name, _, _, _, err := s.jurisdictionName(r, code)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	res, err := s.src.Query(ctx, s.sql["province_years"], sql.Named("province", code), sql.Named("scope", string(pageScope)))
	if err != nil {
		s.failErr(w, r, fmt.Errorf("province years: %w", err))
		return
	}
	if name == "" && len(res.Rows) == 0 {
		s.fail(w, r, 0, fmt.Errorf("%w: no province %s in the dataset", errNotFound, code))
		return
	}
	p := provincePage{Code: code, Name: name, Metrics: s.metrics, Parent: parent, Unverified: unverified, Scope: pageScope}
	for _, row := range res.Rows {
		p.Years = append(p.Years, intOf(row[0]))
	}
	if year == 0 && len(p.Years) > 0 {
		year = p.Years[len(p.Years)-1]
	}
	p.Year = year
	q := url.Values{"province": {code}, "scope": {string(pageScope)}}
	if year != 0 {
		q.Set("year", strconv.Itoa(year))
	}
	if parent != "" {
		q.Set("parent", parent)
	}
	if unverified {
		q.Set("unverified", "1")
	}
	p.Query = q.Encode()

	// The prefectures that have reports, for the filter.
	parents, err := s.src.Query(ctx, s.sql["province_parents"], sql.Named("province", code), sql.Named("scope", string(pageScope)))
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
	rows, err := s.provinceRows(r, code, parent, year, unverified, &p)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p.Rows = rows
	charts, err := s.provinceCharts(r, code, parent, unverified)
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

// provinceRows is the county table of a province page: counts, and every
// metric as ogi compare ranks it (unverified figures left out and listed
// in p.LeftOut, or flagged when asked for).
func (s *Server) provinceRows(r *http.Request, code, parent string, year int, unverified bool, p *provincePage) ([]countyRow, error) {
	ctx := r.Context()
	rows := map[string]*countyRow{}
	counts, err := s.src.Query(ctx, s.sql["province_counts"], sql.Named("province", code), sql.Named("parent", parent),
		sql.Named("scope", string(pageScope)), sql.Named("year", year))
	if err != nil {
		return nil, fmt.Errorf("province counts: %w", err)
	}
	for _, row := range counts.Rows {
		cr := &countyRow{Code: str(row[0]), Name: str(row[1]), Cells: make([]metricCell, len(s.metrics))}
		cr.New, cr.HasNew = num(row[2])
		cr.Processed, cr.HasProcessed = num(row[3])
		cr.ParentCode, cr.ParentName = str(row[4]), str(row[5])
		cr.NewUnverified, cr.ProcessedUnverified = str(row[6]), str(row[7])
		rows[cr.Code] = cr
	}
	for i, m := range s.metrics {
		res, err := s.src.Compare(ctx, m.Name, query.Filter{Province: code, Parent: parent, Year: year, Scope: pageScope,
			IncludeUnverified: unverified})
		if err != nil {
			return nil, fmt.Errorf("compare %s: %w", m.Name, err)
		}
		col := columnIndex(res.Columns)
		lo := leftOut{Metric: m.Name}
		var reasons []string
		for _, row := range res.Rows {
			c := str(at(row, col, "code"))
			cr := rows[c]
			if cr == nil {
				cr = &countyRow{Code: c, Name: str(at(row, col, "name")), Cells: make([]metricCell, len(s.metrics))}
				rows[c] = cr
			}
			v, ok := num(at(row, col, "value"))
			n, _ := num(at(row, col, "numerator"))
			d, _ := num(at(row, col, "denominator"))
			cell := metricCell{Value: v, OK: ok, Num: n, Den: d, Text: fmtPct(v), Small: boolean(at(row, col, "small_denominator"))}
			if why := str(at(row, col, "unverified_reasons")); why != "" {
				cell.Unverified = why
				if !ok {
					lo.N++
					reasons = append(reasons, why)
				}
			}
			cr.Cells[i] = cell
		}
		if lo.N > 0 {
			lo.Reasons = countReasons(reasons)
			p.LeftOut = append(p.LeftOut, lo)
		}
	}
	out := make([]countyRow, 0, len(rows))
	for _, cr := range rows {
		out = append(out, *cr)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
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

// yearlySums sums table 三 over the compared reports by year and computes
// the correction rates with Compare (numerators and denominators summed
// over the province, or the one jurisdiction's series). Unverified cells
// and figures are left out unless unverified is set.
func (s *Server) yearlySums(r *http.Request, province, parent, division string, unverified bool) (*yearly, error) {
	ctx := r.Context()
	app, err := s.src.Query(ctx, s.sql["yearly_applications"], sql.Named("province", province), sql.Named("parent", parent),
		sql.Named("division", division), sql.Named("scope", string(pageScope)), sql.Named("include_unverified", unverified))
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
	f := query.Filter{Province: province, Parent: parent, Jurisdiction: division, Scope: pageScope, IncludeUnverified: unverified}
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

func (s *Server) provinceCharts(r *http.Request, code, parent string, unverified bool) ([]chart, error) {
	y, err := s.yearlySums(r, code, parent, "", unverified)
	if err != nil {
		return nil, err
	}
	where := "the province's"
	if parent != "" {
		where = "the prefecture's"
	}
	note := "summed over " + where + " governments (one report per jurisdiction and year)"
	if unverified {
		note += ", unverified figures included"
	} else {
		note += ", unverified figures left out"
	}
	return y.charts(note), nil
}
