package pdf

import (
	"html"
	"math"
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

// parseBBox reads the pages of `pdftotext -bbox` output: the words of each
// page in the order printed. Words with unreadable or inverted boxes are
// skipped.
func parseBBox(s string) [][]word {
	var pages [][]word
	for {
		p := strings.Index(s, "<page ")
		if p < 0 {
			return pages
		}
		s = s[p+len("<page "):]
		end := strings.Index(s, "</page>")
		if end < 0 {
			end = len(s)
		}
		body := s[:end]
		s = s[end:]
		ws := []word{}
		for {
			i := strings.Index(body, "<word ")
			if i < 0 {
				break
			}
			body = body[i+len("<word "):]
			gt := strings.IndexByte(body, '>')
			if gt < 0 {
				break
			}
			attrs := body[:gt]
			body = body[gt+1:]
			cl := strings.Index(body, "</word>")
			if cl < 0 {
				break
			}
			text := body[:cl]
			body = body[cl:]
			w := word{text: strings.TrimSpace(strings.ToValidUTF8(html.UnescapeString(text), "\uFFFD"))}
			ok := true
			for _, a := range []struct {
				name string
				v    *float64
			}{{"xMin", &w.x0}, {"yMin", &w.y0}, {"xMax", &w.x1}, {"yMax", &w.y1}} {
				v, found := attr(attrs, a.name)
				f, err := strconv.ParseFloat(v, 64)
				if !found || err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
					ok = false
					break
				}
				*a.v = f
			}
			if !ok || w.text == "" || w.x1 < w.x0 || w.y1 < w.y0 {
				continue
			}
			ws = append(ws, w)
		}
		pages = append(pages, ws)
	}
}

// attr returns the value of attribute name="value" in attrs.
func attr(attrs, name string) (string, bool) {
	i := strings.Index(attrs, name+`="`)
	if i < 0 {
		return "", false
	}
	v := attrs[i+len(name)+2:]
	j := strings.IndexByte(v, '"')
	if j < 0 {
		return "", false
	}
	return v[:j], true
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
	text, _ := gridTextMax(pages, math.MaxInt)
	return text
}

// gridTextMax is gridText stopping at limit bytes: it reports false when the
// text would be longer. Words set far right on lines of their own pad the
// text with spaces, up to maxColumn a line, so the text can be far longer
// than the pdftotext output it comes from.
func gridTextMax(pages [][]word, limit int) (string, bool) {
	var hs []float64
	for _, p := range pages {
		for _, w := range p {
			hs = append(hs, w.h())
		}
	}
	if len(hs) == 0 {
		n := max(len(pages)-1, 0)
		if n > limit {
			return "", false
		}
		return strings.Repeat("\f", n), true
	}
	unit := glyphUnit(pages)
	if unit <= 0 {
		// no CJK word: about half the font size, from the boxes' heights
		sort.Float64s(hs)
		unit = hs[len(hs)/2] / 2.3
	}
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
			if b.Len() > limit {
				return "", false
			}
		}
	}
	return b.String(), true
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

// glyphUnit returns half the median width of a CJK glyph in the words
// made of CJK characters only: one text column, so that a CJK glyph is two
// columns wide in the text as the layout reader counts it, whatever the
// font's line height (a box's height overstates the glyph size by half
// for fonts with tall ascenders). 0 when no word is CJK.
func glyphUnit(pages [][]word) float64 {
	var ws []float64
	for _, p := range pages {
		for _, w := range p {
			n := utf8.RuneCountInString(w.text)
			if n == 0 || n > 40 || !allHan(w.text) {
				continue
			}
			ws = append(ws, (w.x1-w.x0)/float64(n))
		}
	}
	if len(ws) < 5 {
		return 0
	}
	sort.Float64s(ws)
	return ws[len(ws)/2] / 2
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// maxColumn bounds the column a word is put at: an A3 page in landscape
// is under 300 columns.
const maxColumn = 2000

// renderLine writes one line of words, each cell at its x position.
func renderLine(l []word, unit float64) string {
	var b strings.Builder
	col := 0 // runes written so far
	for i, w := range l {
		// a word off the page (a broken or hostile box) is kept, at most
		// maxColumn columns in
		at := int(math.Round(math.Max(0, math.Min(w.x0/unit, maxColumn))))
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
	// a number in Chinese text is set off by a quarter of a character
	// ("2024 年"); further off it is in the next cell
	if (cjk(last) || cjk(first)) && gap > 0.35*h {
		return false
	}
	return true
}

func cjk(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}
