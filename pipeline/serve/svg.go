package serve

import (
	"math"
	"strconv"
	"strings"
)

// The dashboard draws its charts on the server as inline SVG: they work
// offline, need no script and pass a self-only Content-Security-Policy
// (presentation attributes, never style attributes). This file lays a
// chart out; the template data/web/partials/chart.html writes it, so every
// text is escaped by html/template.

// palette is the fill of series i, in order.
var palette = [...]string{"#3b6ea5", "#e07b39", "#5aa469", "#c94f4f", "#8c6bb1", "#9a8c3c", "#4fa3b8", "#777777"}

func color(i int) string { return palette[i%len(palette)] }

// Series is one named sequence of values over a chart's categories; a NaN
// value is missing (no denominator, no report) and is not drawn.
type Series struct {
	Name   string
	Values []float64
}

const (
	chartW    = 560
	chartH    = 260
	padLeft   = 56
	padRight  = 12
	padTop    = 16
	padBottom = 60 // axis labels and the legend
)

// svgChart is what the chart template (data/web/partials/chart.html)
// draws: every coordinate already computed and formatted, every text
// escaped by html/template.
type svgChart struct {
	Title          string
	W, H           int
	Empty          bool
	EmptyX, EmptyY int
	Grid           []svgGrid
	Bars           []svgMark
	Paths          []svgPath
	Points         []svgMark
	Cats           []svgText
	Legend         []svgLegend
}

type svgGrid struct{ X1, X2, Y, LabelX, LabelY, Label string }

// svgMark is a bar (X, Y, W, H) or a point (X, Y) with its tooltip.
type svgMark struct{ X, Y, W, H, Fill, Tip string }

type svgPath struct{ D, Stroke string }

type svgText struct{ X, Y, Text string }

type svgLegend struct {
	X, BoxY, TextX, Y int
	Fill, Text        string
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// niceMax rounds m up to a top whose quarters are round numbers: 1, 2, 4,
// 6 or 8 times a power of ten.
func niceMax(m float64) float64 {
	if m <= 0 || math.IsNaN(m) || math.IsInf(m, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(m)))
	for _, k := range []float64{1, 2, 4, 6, 8, 10} {
		if k*p >= m*(1-1e-9) {
			return k * p
		}
	}
	return 10 * p
}

func fmtTick(v, step float64, percent bool) string {
	if percent {
		v, step = v*100, step*100
	}
	// As many decimals as the step needs to be exact, at most three.
	dec := 0
	for dec < 3 {
		x := step * math.Pow(10, float64(dec))
		if math.Abs(x-math.Round(x)) < 1e-6 {
			break
		}
		dec++
	}
	out := strconv.FormatFloat(v, 'f', dec, 64)
	if percent {
		out += "%"
	}
	return out
}

func newChart(title string) *svgChart {
	return &svgChart{Title: title, W: chartW, H: chartH, EmptyX: chartW / 2, EmptyY: chartH / 2}
}

func (c *svgChart) empty() *svgChart {
	c.Empty = true
	return c
}

// axes lays out the y grid with five ticks up to top.
func (c *svgChart) axes(top float64, percent bool) {
	plotH := float64(chartH - padTop - padBottom)
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		y := float64(chartH-padBottom) - plotH*float64(i)/4
		c.Grid = append(c.Grid, svgGrid{X1: strconv.Itoa(padLeft), X2: strconv.Itoa(chartW - padRight), Y: f1(y),
			LabelX: strconv.Itoa(padLeft - 6), LabelY: f1(y + 4), Label: fmtTick(v, top/4, percent)})
	}
}

func (c *svgChart) legend(series []Series) {
	x := padLeft
	y := chartH - 14
	for i, s := range series {
		c.Legend = append(c.Legend, svgLegend{X: x, BoxY: y - 9, TextX: x + 14, Y: y, Fill: color(i), Text: s.Name})
		x += 24 + 12*len([]rune(s.Name))
	}
}

func (c *svgChart) categoryLabels(cats []string, step float64) {
	for i, cat := range cats {
		x := float64(padLeft) + step*(float64(i)+0.5)
		c.Cats = append(c.Cats, svgText{X: f1(x), Y: strconv.Itoa(chartH - padBottom + 16), Text: cat})
	}
}

// BarChart lays out series as grouped bars over the categories (or
// stacked when stacked is true). Values are counts.
func BarChart(title string, cats []string, series []Series, stacked bool) *svgChart {
	c := newChart(title)
	max := 0.0
	for i := range cats {
		sum := 0.0
		for _, s := range series {
			if i < len(s.Values) && !math.IsNaN(s.Values[i]) {
				if stacked {
					sum += s.Values[i]
				} else {
					max = math.Max(max, s.Values[i])
				}
			}
		}
		max = math.Max(max, sum)
	}
	if len(cats) == 0 || len(series) == 0 || max <= 0 {
		return c.empty()
	}
	top := niceMax(max)
	c.axes(top, false)
	plotW := float64(chartW - padLeft - padRight)
	plotH := float64(chartH - padTop - padBottom)
	step := plotW / float64(len(cats))
	base := float64(chartH - padBottom)
	for i := range cats {
		x0 := float64(padLeft) + step*float64(i) + step*0.15
		w := step * 0.7
		if !stacked {
			w /= float64(len(series))
		}
		y := base
		for si, s := range series {
			if i >= len(s.Values) || math.IsNaN(s.Values[i]) {
				continue
			}
			h := plotH * s.Values[i] / top
			x := x0
			if !stacked {
				x = x0 + w*float64(si)
				y = base
			}
			c.Bars = append(c.Bars, svgMark{X: f1(x), Y: f1(y - h), W: f1(w), H: f1(h), Fill: color(si),
				Tip: cats[i] + " " + s.Name + ": " + fmtNum(s.Values[i])})
			if stacked {
				y -= h
			}
		}
	}
	c.categoryLabels(cats, step)
	c.legend(series)
	return c
}

// LineChart lays out rates (0..1) as lines with points; NaN breaks the
// line.
func LineChart(title string, cats []string, series []Series) *svgChart {
	c := newChart(title)
	max := 0.0
	any := false
	for _, s := range series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				max = math.Max(max, v)
				any = true
			}
		}
	}
	if len(cats) == 0 || !any {
		return c.empty()
	}
	top := niceMax(max)
	if top > 1 && max <= 1 {
		top = 1
	}
	if max == 0 {
		top = 1
	}
	c.axes(top, true)
	plotW := float64(chartW - padLeft - padRight)
	plotH := float64(chartH - padTop - padBottom)
	step := plotW / float64(len(cats))
	base := float64(chartH - padBottom)
	for si, s := range series {
		var path strings.Builder
		pen := false
		var points []svgMark
		for i := range cats {
			if i >= len(s.Values) || math.IsNaN(s.Values[i]) {
				pen = false
				continue
			}
			x := float64(padLeft) + step*(float64(i)+0.5)
			y := base - plotH*s.Values[i]/top
			cmd := " M"
			if pen {
				cmd = " L"
			}
			path.WriteString(cmd + f1(x) + " " + f1(y))
			pen = true
			points = append(points, svgMark{X: f1(x), Y: f1(y), Fill: color(si), Tip: cats[i] + " " + s.Name + ": " + fmtPct(s.Values[i])})
		}
		if path.Len() > 0 {
			c.Paths = append(c.Paths, svgPath{D: strings.TrimSpace(path.String()), Stroke: color(si)})
		}
		c.Points = append(c.Points, points...)
	}
	c.categoryLabels(cats, step)
	c.legend(series)
	return c
}
