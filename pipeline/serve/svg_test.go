package serve

import (
	"bytes"
	"html/template"
	"math"
	"regexp"
	"strings"
	"testing"

	"ogi/data"
)

func TestNiceMaxAndTicks(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{{327, 400}, {0.308, 0.4}, {1, 1}, {0.07, 0.08}, {9, 10}, {1200, 2000}, {0, 1}} {
		if got := niceMax(c.in); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("niceMax(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		v, step float64
		pct     bool
		want    string
	}{{0.1, 0.1, true, "10%"}, {0.02, 0.02, true, "2%"}, {0.015, 0.015, true, "1.5%"}, {300, 100, false, "300"}, {0.5, 0.25, false, "0.50"}} {
		if got := fmtTick(c.v, c.step, c.pct); got != c.want {
			t.Errorf("fmtTick(%v, %v, %v) = %q, want %q", c.v, c.step, c.pct, got, c.want)
		}
	}
}

func TestBarChart(t *testing.T) {
	svg := renderChart(t, BarChart("t<x>", []string{"2022", "2023"}, []Series{{"new", []float64{10, math.NaN()}}, {"done", []float64{5, 20}}}, false))
	if n := strings.Count(svg, `class="bar"`); n != 3 {
		t.Errorf("%d bars, want 3 (a missing value draws none)", n)
	}
	if strings.Contains(svg, "<x>") || !strings.Contains(svg, "t&lt;x&gt;") {
		t.Errorf("title not escaped")
	}
	// The tallest bar (20 of a top of 20) fills the plot height.
	h := regexp.MustCompile(`class="bar"[^>]*height="([0-9.]+)"`).FindAllStringSubmatch(svg, -1)
	if len(h) != 3 || h[2][1] != "184.0" {
		t.Errorf("bar heights %v", h)
	}
	stacked := renderChart(t, BarChart("s", []string{"2023"}, []Series{{"a", []float64{1}}, {"b", []float64{3}}}, true))
	if !strings.Contains(stacked, "2023 b: 3") {
		t.Errorf("stacked chart lacks its labels")
	}
	if empty := renderChart(t, BarChart("e", nil, nil, false)); !strings.Contains(empty, "no data") {
		t.Errorf("empty chart: %s", empty)
	}
}

func TestLineChartBreaksOnMissing(t *testing.T) {
	svg := renderChart(t, LineChart("r", []string{"a", "b", "c", "d"}, []Series{{"x", []float64{0.1, math.NaN(), 0.2, 0.3}}}))
	if n := strings.Count(svg, `class="point"`); n != 3 {
		t.Errorf("%d points, want 3", n)
	}
	path := regexp.MustCompile(`<path d="([^"]+)"`).FindStringSubmatch(svg)
	if path == nil || strings.Count(path[1], "M") != 2 {
		t.Errorf("path %v should have two segments", path)
	}
	if !strings.Contains(svg, "c x: 20.0%") {
		t.Errorf("point label missing")
	}
}

// renderChart writes a chart with the dashboard's chart template.
func renderChart(t *testing.T, c *svgChart) string {
	t.Helper()
	tm, err := template.New("x").ParseFS(data.Web, "web/partials/chart.html")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tm.ExecuteTemplate(&b, "chart", c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestChartTextIsEscaped(t *testing.T) {
	svg := renderChart(t, BarChart("a", []string{"<script>x</script>"}, []Series{{`"><img src=x>`, []float64{1}}}, false))
	for _, bad := range []string{"<script>", "<img"} {
		if strings.Contains(svg, bad) {
			t.Errorf("chart text not escaped: %s", svg)
		}
	}
	if !strings.Contains(svg, "&lt;script&gt;x&lt;/script&gt;") {
		t.Errorf("category label missing or escaped oddly: %s", svg)
	}
}
