package serve

import (
	"database/sql"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"ogi/pipeline/query"
)

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
	res, err := s.src.CompareAll(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("compare: %w", err)
	}
	col := columnIndex(res.Columns)
	for _, m := range rateMetrics {
		y.Rates[m.Name] = map[int][2]float64{}
	}
	for _, row := range res.Rows {
		sums, ok := y.Rates[str(at(row, col, "metric"))]
		if !ok {
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
			Plot: BarChart("Applications by year", cats, []Series{{"本年新收 new", received}, {"办结 processed", processed}}, false)},
		{Title: "办理结果 Outcome mix", Note: "outcomes of processed applications, " + scopeNote,
			Plot: BarChart("Outcome mix", cats, mix, true)},
		{Title: "纠错率 Correction rates", Note: "corrected ÷ decided (total − pending), numerators and denominators summed, " + scopeNote,
			Plot: LineChart("Correction rates", cats, rates)},
	}
}

func (s *Server) provinceCharts(r *http.Request, code, parent string, unverified bool) ([]chart, error) {
	// The charts span every year: the pages of each year of a province
	// share them (per build).
	key := fmt.Sprint(s.src.Dir(), "\x00", code, "\x00", parent, "\x00", unverified)
	y, ok := s.yearCache.get(key)
	if !ok {
		var err error
		if y, err = s.yearlySums(r, code, parent, "", unverified); err != nil {
			return nil, err
		}
		s.yearCache.put(key, y)
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
