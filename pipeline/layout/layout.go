// Package layout reads column-aligned text tables, such as the output of
// `pdftotext -layout`, into table rows: one row per logical table row, with
// the label text first and the printed values after it.
//
// Printed tables do not survive text extraction intact. Rows reads them back
// by the column positions of the text:
//
//   - cells are separated by runs of two or more spaces; values that the
//     text puts one space apart are split apart;
//   - a label wrapped over several lines, with the numbers printed on one of
//     them, is joined onto the line with the numbers (a fragment that starts
//     with a row marker such as "1." or "（二）" begins a label; one without
//     continues the label above it);
//   - a group label printed in a column left of the row labels (（三）不予公开
//     over several lines) is copied into every row of its numbered block, as
//     a rowspan is in an HTML grid (the copies are marked Span);
//   - a label printed vertically one character per line (三、本年度办理结果)
//     is joined into one text row;
//   - page footers ("-4-", "— 5 —", "第 3 页") are dropped and a table
//     continues across a page break (form feed); columns are compared within
//     a page only, since they move from page to page;
//   - when a table has column headings over its values, the values are
//     placed under the leaf headings (those with no heading under them:
//     法人或其他组织 spans five columns and is none; a heading wrapped over
//     several lines is one). Where the values of one column sit across
//     all the rows of the table (their left edges, centres or right
//     edges) tells which heading each group of values belongs to, also
//     when some columns are blank in every row. A cell printed empty
//     comes out as an empty cell in its column: blank, never shifted into
//     a neighbour's column. A row printed with no values at all inside
//     such a table (2.其他法律行政法规禁止公开 with every cell blank) comes
//     out with an empty cell per column, and the rows of the table carry
//     its number in doc.Row.Table, as grid rows do;
//   - otherwise a row with fewer values than the full rows of its table
//     gets its values placed under the columns of the nearest full row,
//     the missing ones as empty cells;
//   - the date and address a browser prints on every page are dropped;
//
// Lines that are not part of a table row come out as rows of their own, split
// into cells at wide gaps, so the text around the tables is kept.
package layout

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"ogi/pipeline/doc"
)

// Rows reads lines (pages separated by form feeds, as pdftotext writes them)
// into rows. firstLine is the 1-based number of lines[0] in its file. When
// the lines contain form feeds the locators say "page P line L" (L counted
// within the page), otherwise "line N".
func Rows(lines []string, firstLine int) []doc.Row {
	ls := scan(lines, firstLine)
	b := builder{lines: ls}
	return b.build()
}

// cell is one run of text on a line; x is its rune column.
type cell struct {
	x    int
	text string
	val  bool // a printed value: number or blank marker
}

type kind int

const (
	kBlank kind = iota
	kFooter
	kAnchor // a line with trailing values
	kText   // a text-only line
)

type line struct {
	loc   string
	page  int
	cells []cell
	kind  kind
	// for anchors: index of the first value cell
	firstVal int
}

func (l *line) valX() int { return l.cells[l.firstVal].x }

var (
	numRe   = regexp.MustCompile(`^[+\-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?: ?(?:%|元|万元))?$`)
	blankRe = regexp.MustCompile(`^(?:-|—|–|－|——|/|／|无)$`)
	// a number behind a doubled or garbled sign ("--253", "+-3", "—7"): a
	// printed value, which the mapper reads as null
	garbledRe = regexp.MustCompile(`^(?:[+\-—–]{2,}|—)\d[\d,]*(?:\.\d+)?$`)
	footerRe  = regexp.MustCompile(`^(?:[-—–－~]+\s*\d{1,4}\s*[-—–－~]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4} ?/ ?\d{1,4})$`)
	// a row marker at the start of a label: 一、 （二） (2) 3. 4、 第二十条
	markerRe   = regexp.MustCompile(`^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d+\s*[.、．](?:\D|$)|第[一二三四五六七八九十百零〇\d]+条)`)
	numberedRe = regexp.MustCompile(`^\s*(\d+)\s*[.、．]`)
)

func isValue(s string) bool {
	if s == "" {
		return false
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9', c == '+', c == '-', c == '/':
	case c < 0x80:
		return false
	default:
		r, _ := utf8.DecodeRuneInString(s)
		if !(r >= '０' && r <= '９') && !strings.ContainsRune("—–－／无−﹣‒＋﹢", r) {
			return false
		}
	}
	s = toHalfWidthDigits(s)
	return numRe.MatchString(s) || blankRe.MatchString(s) || garbledRe.MatchString(s)
}

func isUnit(s string) bool { return s == "元" || s == "万元" || s == "%" }

func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

func toHalfWidthDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '−' || r == '－' || r == '﹣' || r == '‒':
			return '-' // a minus sign (本年增/减 −3, －5)
		case r == '＋' || r == '﹢':
			return '+'
		}
		return r
	}, s)
}

// split cuts a line into cells at wide gaps (two or more spaces, an
// ideographic space counting as two, or a tab), then splits runs of values
// that are one space apart. x is counted in runes.
func split(s string) []cell {
	var out []cell
	rs := []rune(s)
	start := -1 // rune index where the current cell began
	flush := func(end int) {
		if start < 0 {
			return
		}
		t := strings.TrimRight(string(rs[start:end]), " ")
		if t != "" {
			out = append(out, splitValues(start, t)...)
		}
		start = -1
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\t' || r == '\u3000':
			flush(i)
		case r == ' ':
			if i+1 < len(rs) && (rs[i+1] == ' ' || rs[i+1] == '\t' || rs[i+1] == '\u3000') {
				flush(i)
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush(len(rs))
	return out
}

// splitValues splits a cell whose space-separated words are all values.
func splitValues(x int, t string) []cell {
	words := strings.Split(t, " ")
	// a unit printed one space after its amount stays with it: "25.1 万元"
	for i := 1; i < len(words); i++ {
		if isUnit(words[i]) && isValue(words[i-1]) && hasDigit(words[i-1]) {
			words[i-1] += " " + words[i]
			words = append(words[:i], words[i+1:]...)
			i--
		}
	}
	if len(words) == 2 && (words[0] == "+" || words[0] == "＋" || words[0] == "-" || words[0] == "−" || words[0] == "－") &&
		numRe.MatchString(toHalfWidthDigits(words[1])) && !strings.ContainsAny(words[1], "+-") {
		// a sign and its number one space apart, a cell of their own
		// ("- 4" in a 本年增/减 column): one signed value
		return []cell{{x: x, text: words[0] + words[1], val: true}}
	}
	if len(words) > 1 {
		all := true
		for _, w := range words {
			if !isValue(w) {
				all = false
				break
			}
		}
		if all {
			cs := make([]cell, 0, len(words))
			off := 0
			for _, w := range words {
				cs = append(cs, cell{x: x + off, text: w, val: true})
				off += utf8.RuneCountInString(w) + 1
			}
			return cs
		}
	}
	if v := isValue(t); v {
		return []cell{{x: x, text: t, val: true}}
	}
	// a group label and a numbered row label one space apart:
	// "（六） 1.申请人…" is two cells.
	rs := []rune(t)
	for i := 1; i+2 < len(rs); i++ {
		if rs[i] == ' ' && rs[i-1] != ' ' && numberedStartRe.MatchString(string(rs[i+1:])) {
			left := strings.TrimRight(string(rs[:i]), " ")
			if hasDigit(left[len(left)-1:]) {
				continue
			}
			return append([]cell{{x: x, text: left}}, splitValues(x+i+1, string(rs[i+1:]))...)
		}
	}
	return []cell{{x: x, text: t}}
}

var numberedStartRe = regexp.MustCompile(`^\d{1,2}[.、．][^\d\s]`)

// splitAt cuts a text cell that runs across column col at the space just
// before it: a side label and a row label that pdftotext put one space
// apart ("其他处 人无正当理由").
func splitAt(cells []cell, col int) []cell {
	if col <= 0 {
		return cells
	}
	var out []cell
	for _, c := range cells {
		off := col - c.x - 1
		rs := []rune(c.text)
		if c.val || c.x >= col-2 || off <= 0 || off+1 >= len(rs) || rs[off] != ' ' || rs[off-1] == ' ' {
			out = append(out, c)
			continue
		}
		out = append(out, cell{x: c.x, text: string(rs[:off])}, cell{x: col, text: string(rs[off+1:])})
	}
	return out
}

func scan(raw []string, firstLine int) []*line {
	paged := false
	for _, l := range raw {
		if strings.Contains(l, "\f") {
			paged = true
			break
		}
	}
	ls := make([]*line, len(raw))
	page, pl := 1, 0
	for i, r := range raw {
		r = strings.ToValidUTF8(r, "\uFFFD")
		if n := strings.Count(r, "\f"); n > 0 {
			page += n
			pl = 0
			r = strings.ReplaceAll(r, "\f", "")
		}
		pl++
		loc := fmt.Sprintf("line %d", firstLine+i)
		if paged {
			loc = fmt.Sprintf("page %d line %d", page, pl)
		}
		l := &line{loc: loc, page: page, cells: split(strings.TrimRight(r, " \t\r"))}
		ls[i] = l
		if footerRe.MatchString(strings.TrimSpace(r)) || browserChrome(l.cells) {
			l.kind = kFooter
			continue
		}
		classify(l)
	}
	dropBarePageNumbers(ls)
	mergeSplitValues(ls)
	return ls
}

// mergeSplitValues joins a table row whose values a text layout put on two
// lines ("（二）部分公开（区分处理的，只计 86" over "这一情形，不计其他情形）
// 0 0 0 0 0 86": the first value on the label's first line, the rest on
// its second): the first line takes the second's values when together
// they fill the table's columns, left to right, and the second line's
// label continues the first's (no row marker of its own).
func mergeSplitValues(ls []*line) {
	vals := func(l *line) []cell { return l.cells[l.firstVal:] }
	for i := 0; i+1 < len(ls); i++ {
		a, b := ls[i], ls[i+1]
		if a.kind == kText && b.kind == kAnchor {
			// the one value one space after the label: "…只计 86"
			if t := trailingValue(a); t != nil {
				a = t
			}
		}
		if a.kind != kAnchor || b.kind != kAnchor || a.page != b.page || a.firstVal == 0 {
			continue
		}
		if b.firstVal > 0 && markerRe.MatchString(b.cells[0].text) {
			continue
		}
		va, vb := vals(a), vals(b)
		if va[len(va)-1].x >= vb[0].x {
			continue
		}
		// the width of the table's full rows near by, printed at least
		// three times
		count := map[int]int{}
		for j := max(0, i-8); j < len(ls) && j <= i+9; j++ {
			if l := ls[j]; l.kind == kAnchor && l.page == a.page && j != i && j != i+1 {
				count[len(vals(l))]++
			}
		}
		full, most := 0, 0
		for w, c := range count {
			if c > most || c == most && w > full {
				full, most = w, c
			}
		}
		if most < 3 || len(va)+len(vb) != full {
			continue
		}
		a.cells = append(append([]cell{}, a.cells...), vb...)
		*ls[i] = *a
		b.cells = b.cells[:b.firstVal]
		b.firstVal = 0
		b.kind = kText
		if len(b.cells) == 0 {
			b.kind = kBlank
		}
		i++
	}
}

var (
	// the date and time a browser prints at the top of each page:
	// "11/26/26, 11:08 PM", "2024/3/5 14:02"
	printedAtRe = regexp.MustCompile(`^(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}[/-]\d{1,2}[/-]\d{1,2}),?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?$`)
	// the address a browser prints at the foot of each page
	urlRe    = regexp.MustCompile(`^(?:https?|file)://\S+$`)
	pageOfRe = regexp.MustCompile(`^\d{1,4} ?/ ?\d{1,4}$`)
)

// browserChrome reports whether a line is the header or footer a browser
// prints on every page: the date and time (with the page title after it),
// or the page's address with the page count.
func browserChrome(cells []cell) bool {
	if len(cells) == 0 {
		return false
	}
	if printedAtRe.MatchString(cells[0].text) {
		return true
	}
	return urlRe.MatchString(cells[0].text) && (len(cells) == 1 || pageOfRe.MatchString(cells[len(cells)-1].text))
}

func classify(l *line) {
	switch {
	case len(l.cells) == 0:
		l.kind = kBlank
		return
	}
	k, nv := trailing(l.cells)
	// values one space after the label: "行政许可 447228" when other values
	// follow, "行政规范性文件 8 26 66" on its own.
	if k > 0 {
		last := l.cells[k-1]
		words := strings.Split(last.text, " ")
		j := len(words)
		for j > 1 && isValue(words[j-1]) {
			j--
		}
		if j < len(words) && nv+len(words)-j >= 2 && hasDigit(strings.Join(words[j:], "")) {
			label := strings.Join(words[:j], " ")
			cs := []cell{{x: last.x, text: label}}
			off := last.x + utf8.RuneCountInString(label) + 1
			for _, w := range words[j:] {
				cs = append(cs, cell{x: off, text: w, val: true})
				off += utf8.RuneCountInString(w) + 1
			}
			l.cells = append(append(append([]cell{}, l.cells[:k-1]...), cs...), l.cells[k:]...)
			k, nv = trailing(l.cells)
		}
	}
	digits := false
	for _, c := range l.cells[k:] {
		if hasDigit(c.text) {
			digits = true
		}
	}
	if nv == 0 || (!digits && nv < 2) {
		l.kind = kText
		return
	}
	l.kind = kAnchor
	l.firstVal = k
}

// trailing returns the index of the first cell of the trailing run of
// values and the run's length.
func trailing(cells []cell) (k, n int) {
	k = len(cells)
	for k > 0 && cells[k-1].val {
		k--
	}
	return k, len(cells) - k
}

// dropBarePageNumbers drops a lone small number that is the last line of a
// page followed by another page: a page number printed without dashes.
func dropBarePageNumbers(ls []*line) {
	for i, l := range ls {
		if l.kind != kAnchor || len(l.cells) != 1 {
			continue
		}
		n, err := strconv.Atoi(l.cells[0].text)
		if err != nil || n <= 0 || n > 999 {
			continue
		}
		j := i + 1
		for j < len(ls) && ls[j].kind == kBlank && ls[j].page == l.page {
			j++
		}
		if j < len(ls) && ls[j].page != l.page {
			l.kind = kFooter
		}
	}
}

// trailingValue returns a copy of text line l as an anchor when its last
// cell ends in one value one space after its label ("…只计 86"), or nil.
func trailingValue(l *line) *line {
	last := l.cells[len(l.cells)-1]
	k := strings.LastIndexByte(last.text, ' ')
	if k <= 0 || !isValue(last.text[k+1:]) || !hasDigit(last.text[k+1:]) || isValue(strings.TrimSpace(last.text[:k])) {
		return nil
	}
	label := strings.TrimRight(last.text[:k], " ")
	c := *l
	c.cells = append(append([]cell{}, l.cells[:len(l.cells)-1]...),
		cell{x: last.x, text: label},
		cell{x: last.x + utf8.RuneCountInString(last.text[:k]) + 1, text: last.text[k+1:], val: true})
	c.kind, c.firstVal = kAnchor, len(c.cells)-1
	return &c
}
