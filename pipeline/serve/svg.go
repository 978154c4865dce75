package serve

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// The dashboard draws its charts on the server as inline SVG: they work
// offline, need no script and pass a self-only Content-Security-Policy
// (presentation attributes, never style attributes).

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

type svgBuf struct{ strings.Builder }

func (b *svgBuf) f(format string, args ...any) { fmt.Fprintf(b, format, args...) }

func esc(s string) string { return html.EscapeString(s) }

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

func (b *svgBuf) open(title string) {
	b.f(`<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d"><title>%s</title>`,
		chartW, chartH, chartW, chartH, esc(title))
}

// axes draws the y grid with five ticks up to top.
func (b *svgBuf) axes(top float64, percent bool) {
	plotH := float64(chartH - padTop - padBottom)
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		y := float64(chartH-padBottom) - plotH*float64(i)/4
		b.f(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`, padLeft, y, chartW-padRight, y)
		b.f(`<text x="%d" y="%.1f" font-size="11" text-anchor="end" fill="#555">%s</text>`, padLeft-6, y+4, esc(fmtTick(v, top/4, percent)))
	}
}

func (b *svgBuf) legend(names []string) {
	x := padLeft
	y := chartH - 14
	for i, n := range names {
		b.f(`<rect x="%d" y="%d" width="10" height="10" fill="%s"/>`, x, y-9, color(i))
		b.f(`<text x="%d" y="%d" font-size="11" fill="#333">%s</text>`, x+14, y, esc(n))
		x += 24 + 12*len([]rune(n))
	}
}

func (b *svgBuf) categoryLabels(cats []string, step float64) {
	for i, c := range cats {
		x := float64(padLeft) + step*(float64(i)+0.5)
		b.f(`<text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="#333">%s</text>`, x, chartH-padBottom+16, esc(c))
	}
}

func (b *svgBuf) empty(title string) template.HTML {
	b.open(title)
	b.f(`<text x="%d" y="%d" font-size="13" text-anchor="middle" fill="#777">无数据 no data</text></svg>`, chartW/2, chartH/2)
	return template.HTML(b.String())
}

// BarChart draws series as grouped bars over the categories (or stacked
// when stacked is true). Values are counts.
func BarChart(title string, cats []string, series []Series, stacked bool) template.HTML {
	var b svgBuf
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
		return b.empty(title)
	}
	top := niceMax(max)
	b.open(title)
	b.axes(top, false)
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
			b.f(`<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %s</title></rect>`,
				x, y-h, w, h, color(si), esc(cats[i]), esc(s.Name), esc(fmtNum(s.Values[i])))
			if stacked {
				y -= h
			}
		}
	}
	b.categoryLabels(cats, step)
	names := make([]string, len(series))
	for i, s := range series {
		names[i] = s.Name
	}
	b.legend(names)
	b.f(`</svg>`)
	return template.HTML(b.String())
}

// LineChart draws rates (0..1) as lines with points; NaN breaks the line.
func LineChart(title string, cats []string, series []Series) template.HTML {
	var b svgBuf
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
		return b.empty(title)
	}
	top := niceMax(max)
	if top > 1 && max <= 1 {
		top = 1
	}
	if max == 0 {
		top = 1
	}
	b.open(title)
	b.axes(top, true)
	plotW := float64(chartW - padLeft - padRight)
	plotH := float64(chartH - padTop - padBottom)
	step := plotW / float64(len(cats))
	base := float64(chartH - padBottom)
	for si, s := range series {
		var path strings.Builder
		pen := false
		for i := range cats {
			if i >= len(s.Values) || math.IsNaN(s.Values[i]) {
				pen = false
				continue
			}
			x := float64(padLeft) + step*(float64(i)+0.5)
			y := base - plotH*s.Values[i]/top
			if pen {
				fmt.Fprintf(&path, " L%.1f %.1f", x, y)
			} else {
				fmt.Fprintf(&path, " M%.1f %.1f", x, y)
				pen = true
			}
		}
		if path.Len() > 0 {
			b.f(`<path d="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.TrimSpace(path.String()), color(si))
		}
		for i := range cats {
			if i >= len(s.Values) || math.IsNaN(s.Values[i]) {
				continue
			}
			x := float64(padLeft) + step*(float64(i)+0.5)
			y := base - plotH*s.Values[i]/top
			b.f(`<circle class="point" cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s %s: %s</title></circle>`,
				x, y, color(si), esc(cats[i]), esc(s.Name), esc(fmtPct(s.Values[i])))
		}
	}
	b.categoryLabels(cats, step)
	names := make([]string, len(series))
	for i, s := range series {
		names[i] = s.Name
	}
	b.legend(names)
	b.f(`</svg>`)
	return template.HTML(b.String())
}
