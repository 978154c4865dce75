package serve

import (
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"

	"ogi/pipeline/query"
)

// A jurisdiction among its neighbours: its rank among the counties of its
// prefecture and of its province for every metric, its change from the
// year before, and the neighbours (same prefecture, same level) side by
// side. Ranks count only ranked figures (verified, denominator of at
// least query.SmallDenominator), highest first, ties sharing a rank.

// rankRow is one metric of the ranks table.
type rankRow struct {
	Name, Short, Title   string
	Cell                 metricCell
	Prev                 metricCell // the year before
	Change               string     // in percentage points, "" when either year has no figure
	ChangeUp, ChangeDown bool
	Parent, Province     rank
	NotRanked            string // why the figure has no rank
}

// rank is a place among n ranked peers: "3 / 14".
type rank struct {
	Place, Of int
}

func (r rank) String() string {
	if r.Place == 0 {
		return "–"
	}
	return fmt.Sprintf("%d / %d", r.Place, r.Of)
}

// peerRow is one neighbour in the side-by-side table.
type peerRow struct {
	Code, Name string
	You        bool
	Cells      []metricCell
}

// standing is what the jurisdiction page shows of a jurisdiction among
// its neighbours.
type standing struct {
	Year, Prev    int
	Level         string
	ParentName    string
	ProvinceName  string
	Ranks         []rankRow
	Peers         []peerRow
	Metrics       []metricColumn
	PeersOfParent bool // the peers are the parent's (counties), else the province's (prefectures)
}

// sameLevel tells whether code is a division of the given level by the
// shape of its code (GB/T 2260: PP0000 province, PPCC00 prefecture).
func sameLevel(code, level string) bool {
	if len(code) != 6 {
		return false
	}
	switch level {
	case "county":
		return code[4:] != "00"
	case "prefecture":
		return code[4:] == "00" && code[2:] != "0000"
	}
	return false
}

// standingOf computes the ranks, changes and neighbours of a jurisdiction.
func (s *Server) standingOf(r *http.Request, code, level, parent, province string, want int) (*standing, error) {
	if level != "county" && level != "prefecture" {
		return nil, nil
	}
	ctx := r.Context()
	series, err := s.src.CompareAll(ctx, query.Filter{Jurisdiction: code, Scope: pageScope})
	if err != nil {
		return nil, fmt.Errorf("series of %s: %w", code, err)
	}
	byYear := map[int]map[string]metricCell{}
	s.cellsByMetric(series, func(c string, year int, metric int, cell metricCell) {
		if byYear[year] == nil {
			byYear[year] = map[string]metricCell{}
		}
		byYear[year][s.metrics[metric].Name] = cell
	})
	year := want
	if _, ok := byYear[year]; !ok {
		year = 0
		for y := range byYear {
			year = max(year, y)
		}
	}
	if year == 0 {
		return nil, nil
	}
	st := &standing{Year: year, Prev: year - 1, Level: level, PeersOfParent: level == "county"}
	for i, m := range s.metrics {
		st.Metrics = append(st.Metrics, metricColumn{Metric: m, Short: shortTitle(m.Title), Index: i})
	}
	peerFilter := query.Filter{Province: province, Year: year, Scope: pageScope}
	provAll, err := s.src.CompareAll(ctx, peerFilter)
	if err != nil {
		return nil, fmt.Errorf("province of %s: %w", code, err)
	}
	prov := s.peerCells(provAll, level)
	par := prov
	if level == "county" && parent != "" {
		par = map[string][]metricCell{}
		for c, cells := range prov {
			if strings.HasPrefix(c, parent[:4]) {
				par[c] = cells
			}
		}
	}
	for i, m := range s.metrics {
		rr := rankRow{Name: m.Name, Short: shortTitle(m.Title), Title: m.Title, Cell: byYear[year][m.Name], Prev: byYear[year-1][m.Name]}
		if rr.Cell.OK && rr.Prev.OK && !m.Flag {
			d := (rr.Cell.Value - rr.Prev.Value) * 100
			rr.Change = fmt.Sprintf("%+.1f pp", d)
			rr.ChangeUp, rr.ChangeDown = d > 0.05, d < -0.05
		}
		switch {
		case !rr.Cell.OK && rr.Cell.Unverified != "":
			rr.NotRanked = "未核实 unverified: " + rr.Cell.Unverified
		case !rr.Cell.OK:
			rr.NotRanked = "无数据 no figure"
		case rr.Cell.Small:
			rr.NotRanked = fmt.Sprintf("分母过小 denominator under %d", query.SmallDenominator)
		case m.Flag:
			rr.NotRanked = "是否项 a yes/no figure"
		default:
			rr.Province = placeAmong(prov, code, i)
			if level == "county" {
				rr.Parent = placeAmong(par, code, i)
			}
		}
		st.Ranks = append(st.Ranks, rr)
	}
	peers := par
	if level == "prefecture" {
		peers = prov
	}
	names := map[string]string{}
	col := columnIndex(provAll.Columns)
	for _, row := range provAll.Rows {
		names[str(at(row, col, "code"))] = str(at(row, col, "name"))
	}
	for c, cells := range peers {
		st.Peers = append(st.Peers, peerRow{Code: c, Name: names[c], You: c == code, Cells: cells})
	}
	sort.Slice(st.Peers, func(i, j int) bool { return st.Peers[i].Code < st.Peers[j].Code })
	return st, nil
}

// cellsByMetric calls f for every row of a CompareAll result.
func (s *Server) cellsByMetric(all *query.Result, f func(code string, year, metric int, cell metricCell)) {
	idx := map[string]int{}
	for i, m := range s.metrics {
		idx[m.Name] = i
	}
	col := columnIndex(all.Columns)
	for _, row := range all.Rows {
		i, ok := idx[str(at(row, col, "metric"))]
		if !ok {
			continue
		}
		v, ok := num(at(row, col, "value"))
		n, _ := num(at(row, col, "numerator"))
		d, _ := num(at(row, col, "denominator"))
		cell := metricCell{Value: v, OK: ok, Num: n, Den: d, Text: fmtPct(v), Small: boolean(at(row, col, "small_denominator")),
			Unverified: str(at(row, col, "unverified_reasons")), Rank: intOf(at(row, col, "rank"))}
		cell.Blank = blankText(cell.Unverified)
		if ok && s.metrics[i].Flag && d == 1 {
			cell.Text = map[bool]string{true: "✓", false: "✗"}[n == 1]
			cell.Small = false
		}
		f(str(at(row, col, "code")), intOf(at(row, col, "year")), i, cell)
	}
}

// peerCells gathers the cells of the divisions of one level.
func (s *Server) peerCells(all *query.Result, level string) map[string][]metricCell {
	out := map[string][]metricCell{}
	s.cellsByMetric(all, func(code string, _, metric int, cell metricCell) {
		if !sameLevel(code, level) {
			return
		}
		if out[code] == nil {
			out[code] = make([]metricCell, len(s.metrics))
		}
		out[code][metric] = cell
	})
	return out
}

// placeAmong ranks code among peers on one metric: the ranked figures
// (verified, not small), highest first, ties sharing a place.
func placeAmong(peers map[string][]metricCell, code string, metric int) rank {
	mine, ok := peers[code]
	if !ok || !ranked(mine[metric]) {
		return rank{}
	}
	r := rank{Place: 1}
	for _, cells := range peers {
		c := cells[metric]
		if !ranked(c) {
			continue
		}
		r.Of++
		if c.Value > mine[metric].Value && math.Abs(c.Value-mine[metric].Value) > 1e-12 {
			r.Place++
		}
	}
	return r
}

func ranked(c metricCell) bool { return c.OK && !c.Small && c.Unverified == "" }

// blankText is what a cell without a verified figure prints.
func blankText(why string) string {
	switch why {
	case "":
		return ""
	case "date_unknown":
		return "日期不明"
	}
	return "未核实"
}
