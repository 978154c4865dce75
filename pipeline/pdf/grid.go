package pdf

import (
	"html"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// word is one word of the text layer with its box in points (y grows
// downwards), as `pdftotext -bbox` prints it.
type word struct {
	x0, y0, x1, y1 float64
	text           string
}

func (w word) h() float64  { return w.y1 - w.y0 }
func (w word) yc() float64 { return (w.y0 + w.y1) / 2 }

var (
	pageRe = regexp.MustCompile(`<page\b[^>]*>`)
	wordRe = regexp.MustCompile(`<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>`)
)

// parseBBox reads the pages of `pdftotext -bbox` output: the words of each
// page in the order printed.
func parseBBox(s string) [][]word {
	starts := pageRe.FindAllStringIndex(s, -1)
	pages := make([][]word, 0, len(starts))
	for i, st := range starts {
		end := len(s)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		var ws []word
		for _, m := range wordRe.FindAllStringSubmatch(s[st[1]:end], -1) {
			w := word{text: html.UnescapeString(m[5])}
			var err error
			f := func(s string) float64 {
				v, e := strconv.ParseFloat(s, 64)
				if e != nil {
					err = e
				}
				return v
			}
			w.x0, w.y0, w.x1, w.y1 = f(m[1]), f(m[2]), f(m[3]), f(m[4])
			w.text = strings.TrimSpace(strings.ToValidUTF8(w.text, "\uFFFD"))
			if err != nil || w.text == "" || w.x1 < w.x0 || w.y1 < w.y0 {
				continue
			}
			ws = append(ws, w)
		}
		pages = append(pages, ws)
	}
	return pages
}

// gridText lays the words out as column-aligned text, one line per row of
// words sharing a baseline band, pages separated by form feeds. Unlike
// `pdftotext -layout`, which lays out each block of text on its own and so
// moves a table's columns from row to row, every word that starts a cell is
// put at the column its x position gives on the whole page (one column per
// half of the body text's height, about one digit), so cells that are above
// one another on the page are above one another in the text: a value under
// its column heading, a blank cell a gap in its column.
//
// Words close together on a line are one cell, joined by a space; words
// further apart start a new cell, at least two spaces after the previous
// one. Two CJK words are apart only when the PDF put a gap between them,
// which in a table is a cell border.
func gridText(pages [][]word) string {
	var hs []float64
	for _, p := range pages {
		for _, w := range p {
			hs = append(hs, w.h())
		}
	}
	if len(hs) == 0 {
		return strings.Repeat("\f", len(pages))
	}
	sort.Float64s(hs)
	unit := hs[len(hs)/2] / 2.3 // about half the font size: a CJK glyph is two columns
	if unit <= 0 {
		unit = 4
	}
	var b strings.Builder
	for pi, p := range pages {
		if pi > 0 {
			b.WriteByte('\f')
		}
		for _, l := range lines(p) {
			b.WriteString(renderLine(l, unit))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// lines groups a page's words into lines: words whose vertical centres lie
// within a third of a line height of the line's first word, top to bottom,
// each sorted left to right.
func lines(ws []word) [][]word {
	ws = append([]word(nil), ws...)
	sort.SliceStable(ws, func(i, j int) bool {
		if ws[i].yc() != ws[j].yc() {
			return ws[i].yc() < ws[j].yc()
		}
		return ws[i].x0 < ws[j].x0
	})
	var out [][]word
	for i := 0; i < len(ws); {
		first := ws[i]
		j := i + 1
		for j < len(ws) && ws[j].yc()-first.yc() <= math.Min(first.h(), ws[j].h())/3 {
			j++
		}
		l := append([]word(nil), ws[i:j]...)
		sort.SliceStable(l, func(a, b int) bool { return l[a].x0 < l[b].x0 })
		out = append(out, l)
		i = j
	}
	return out
}

// renderLine writes one line of words, each cell at its x position.
func renderLine(l []word, unit float64) string {
	var b strings.Builder
	col := 0 // runes written so far
	for i, w := range l {
		at := int(math.Round(w.x0 / unit))
		if i > 0 {
			prev := l[i-1]
			if sameCell(prev, w) {
				at = col + 1
			} else {
				at = max(at, col+2)
			}
		}
		at = max(at, col)
		b.WriteString(strings.Repeat(" ", at-col))
		b.WriteString(w.text)
		col = at + utf8.RuneCountInString(w.text)
	}
	return b.String()
}

// sameCell reports whether word b continues the cell of word a on its line:
// a gap of about a space between them, and not a gap between two CJK
// words (Chinese text has no spaces, so a gap there is a cell border)
// unless both are single characters spaced out.
func sameCell(a, b word) bool {
	gap := b.x0 - a.x1
	h := math.Min(a.h(), b.h())
	if gap > 0.6*h {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(a.text)
	first, _ := utf8.DecodeRuneInString(b.text)
	if cjk(last) && cjk(first) && gap > 0.15*h {
		// letter-spaced single characters ("总  计") are one word
		return utf8.RuneCountInString(a.text) == 1 && utf8.RuneCountInString(b.text) == 1 && gap <= 0.7*h
	}
	return true
}

func cjk(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}
