package pdf

import (
	"fmt"
	"strings"
	"testing"
)

// bbox writes words as `pdftotext -bbox` prints them, one page per slice.
func bbox(pages ...[]word) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><title>t &amp; t</title></head><body><doc>` + "\n")
	for _, p := range pages {
		b.WriteString(`<page width="595.000000" height="842.000000">` + "\n")
		for _, w := range p {
			fmt.Fprintf(&b, "<word xMin=\"%f\" yMin=\"%f\" xMax=\"%f\" yMax=\"%f\">%s</word>\n",
				w.x0, w.y0, w.x1, w.y1, strings.ReplaceAll(w.text, "&", "&amp;"))
		}
		b.WriteString("</page>\n")
	}
	b.WriteString("</doc></body></html>\n")
	return b.String()
}

// cjkWord is a word of n CJK characters of a 9.2pt-high font at x, y.
func cjkWord(x, y float64, s string) word {
	n := float64(len([]rune(s)))
	return word{x0: x, y0: y, x1: x + 8*n, y1: y + 9.2, text: s}
}

func numWord(x, y float64, s string) word {
	return word{x0: x, y0: y + 0.3, x1: x + 4.4*float64(len(s)), y1: y + 9.5, text: s}
}

func TestGridTextKeepsColumnsAcrossRows(t *testing.T) {
	p1 := []word{
		// headings, and rows whose values sit under them whatever the
		// length of the label before them
		cjkWord(340, 100, "自然人"), cjkWord(372, 106, "商业企业"), cjkWord(410, 106, "科研机构"),
		cjkWord(34, 124, "一、本年新收政府信息公开申请数量"), numWord(344, 124, "821"), numWord(375, 124, "35"),
		cjkWord(108, 136, "（一）予以公开"), numWord(346, 136, "3"), numWord(416, 136, "1"),
		// one cell wrapped over two lines, numbers on a line between them
		cjkWord(108, 150, "（二）部分公开"), numWord(344, 156, "258"), cjkWord(108, 162, "情形）"),
		// letter-spaced characters are one word; two CJK words apart are
		// two cells; a space in mixed text stays a space
		cjkWord(34, 180, "总"), cjkWord(46, 180, "计"), cjkWord(100, 180, "结果"), cjkWord(118, 180, "纠正"),
		numWord(200, 180, "2024"), cjkWord(220.5, 180, "年 & 前"),
		// a label filling its cell, the number half a character after it
		// in the next cell
		cjkWord(34, 200, "用、行政机关不再处理其"), numWord(34+8*11+5, 200, "7"),
	}
	p2 := []word{cjkWord(34, 60, "第二页")}
	text := gridText(parseBBox(bbox(p1, p2)))
	pages := strings.Split(text, "\f")
	if len(pages) != 2 || strings.TrimSpace(pages[1]) != "第二页" {
		t.Fatalf("pages %q", pages)
	}
	lines := strings.Split(strings.TrimRight(pages[0], "\n"), "\n")
	col := func(line, s string) int {
		i := strings.Index(line, s)
		if i < 0 {
			t.Fatalf("%q not in %q", s, line)
		}
		return len([]rune(line[:i]))
	}
	find := func(s string) string {
		for _, l := range lines {
			if strings.Contains(l, s) {
				return l
			}
		}
		t.Fatalf("no line has %q:\n%s", s, text)
		return ""
	}
	// values of one column at the same column, whatever the label length
	if a, b := col(find("821"), "821"), col(find("（一）"), "3"); abs(a+1-b) > 1 {
		t.Errorf("column of 821 at %d, of 3 at %d:\n%s", a, b, text)
	}
	if a, b := col(find("科研机构"), "科研机构"), col(find("（一）"), "1"); b < a || b > a+4 {
		t.Errorf("1 at %d not under 科研机构 at %d:\n%s", b, a, text)
	}
	// the wrapped cell: three lines, the numbers alone on the middle one
	for i, l := range lines {
		if strings.Contains(l, "258") {
			if strings.TrimSpace(l) != "258" || !strings.Contains(lines[i-1], "（二）") || !strings.Contains(lines[i+1], "情形）") {
				t.Errorf("wrapped cell lines:\n%s", strings.Join(lines[i-1:i+2], "\n"))
			}
		}
	}
	if l := find("用、"); !strings.Contains(l, "其  ") || col(l, "7") < 26 {
		t.Errorf("number beside a full label not a cell of its own at its position: %q", l)
	}
	last := find("总")
	for _, s := range []string{"总 计", "结果  ", "2024 年 & 前"} {
		if !strings.Contains(last, s) {
			t.Errorf("%q not in %q", s, last)
		}
	}
}

func TestParseBBoxSkipsBadWords(t *testing.T) {
	s := `<page width="1" height="1"><word xMin="x" yMin="1" xMax="2" yMax="3">a</word>` +
		`<word xMin="5" yMin="1" xMax="4" yMax="3">b</word><word xMin="1" yMin="1" xMax="2" yMax="3"> </word>` +
		`<word xMin="1" yMin="1" xMax="2" yMax="3">&lt;c&gt;</word></page><page width="1" height="1"></page>`
	pages := parseBBox(s)
	if len(pages) != 2 || len(pages[0]) != 1 || pages[0][0].text != "<c>" || len(pages[1]) != 0 {
		t.Fatalf("pages %+v", pages)
	}
	if got := gridText(parseBBox("")); got != "" {
		t.Errorf("no pages: %q", got)
	}
	if got := gridText([][]word{nil, nil}); got != "\f" {
		t.Errorf("empty pages: %q", got)
	}
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

func BenchmarkGridText(b *testing.B) {
	var ws []word
	for r := 0; r < 40; r++ {
		y := 60 + 14*float64(r)
		ws = append(ws, cjkWord(34, y, "（三）不予公开"), cjkWord(108, y, "1.属于国家秘密"))
		for c := 0; c < 7; c++ {
			ws = append(ws, numWord(340+30*float64(c), y, "128"))
		}
	}
	s := bbox(ws, ws, ws, ws, ws, ws)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		gridText(parseBBox(s))
	}
}

// The word-position layout never panics and never invents text: every
// character it writes, apart from spaces and form feeds, is a character
// of a word.
func FuzzGridText(f *testing.F) {
	f.Add(bbox([]word{cjkWord(34, 100, "规章"), numWord(300, 100, "12")}), 9.2)
	f.Add(`<page ><word xMin="1" yMin="2" xMax="3" yMax="4">&amp;x</word><word xMin="-5" yMin="2" xMax="1e308" yMax="4">y</word><word xMin="1e300" yMin="2" xMax="1e301" yMax="4">z</word></page>`, 0.0)
	f.Fuzz(func(t *testing.T, s string, _ float64) {
		pages := parseBBox(s)
		have := map[rune]int{}
		for _, p := range pages {
			for _, w := range p {
				for _, r := range w.text {
					have[r]++
				}
			}
		}
		for _, r := range gridText(pages) {
			if r == ' ' || r == '\n' || r == '\f' {
				continue
			}
			if have[r]--; have[r] < 0 {
				t.Fatalf("character %q written more often than in the words", r)
			}
		}
	})
}
