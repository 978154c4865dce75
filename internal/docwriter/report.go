package docwriter

import (
	"fmt"
	"strconv"
	"strings"
)

// Sizes used by PDFBlocks.
const (
	titleSize = 14.0
	tableSize = 8.0
	// labelWidth is the widest a text cell of a table gets, in display
	// columns, before it wraps onto more lines.
	labelWidth = 20
	valueWidth = 8
	paraWidth  = 88 // display columns of a paragraph line at fontSize
)

// PDFBlocks renders a report as a WPS or Word export to PDF prints it: the
// title, paragraphs wrapped to the page width, tables drawn as aligned text
// with long labels wrapped over several lines and every cell vertically
// centred in its row (so the numbers sit on the middle line of a wrapped
// label), merged cells printed once, and a page number "- N -" at the foot
// of every page. Pages break where the text runs out of room, inside tables
// too.
func PDFBlocks(title string, blocks []Block) ([]byte, error) {
	return PDFStyled(title, blocks, Style{})
}

// Style varies how PDFStyled prints tables, to reproduce the layouts that
// make printed tables hard to read back.
type Style struct {
	// LabelWidth is the display width at which text cells wrap; 0 means 20.
	LabelWidth int
	// Vertical prints a label cell merged over several rows (三、本年度办理结果)
	// one character per row, as a vertical label.
	Vertical bool
	// Tight makes value columns as narrow as their numbers, one space
	// apart, so that headers break over several lines.
	Tight bool
}

// PDFStyled is PDFBlocks with a table style.
func PDFStyled(title string, blocks []Block, st Style) ([]byte, error) {
	if st.LabelWidth <= 0 {
		st.LabelWidth = labelWidth
	}
	var pages []Page
	var cur Page
	y := PageHeight - margin
	newPage := func() {
		cur = append(cur, LineRuns(fmt.Sprintf("- %d -", len(pages)+1), PageWidth/2-10, margin/2, 9)...)
		pages = append(pages, cur)
		cur = nil
		y = PageHeight - margin
	}
	emit := func(text string, size float64) {
		step := size * 1.6
		if y-step < margin {
			newPage()
		}
		y -= step
		cur = append(cur, LineRuns(text, margin, y, size)...)
	}
	emit(strings.Repeat(" ", max(0, (int((PageWidth-2*margin)/(titleSize/2))-DisplayWidth(title))/2))+title, titleSize)
	emit("", fontSize)
	for i, b := range blocks {
		if b.Table == nil {
			for _, l := range wrap(b.Para, paraWidth) {
				emit(l, fontSize)
			}
			continue
		}
		lines, err := tableLines(b.Table, st)
		if err != nil {
			return nil, fmt.Errorf("table %d: %w", i+1, err)
		}
		size := tableSize
		for _, l := range lines {
			// shrink the font until the widest line fits the page
			if w := float64(DisplayWidth(l)) * size / 2; w > PageWidth-2*margin {
				size = (PageWidth - 2*margin) * 2 / float64(DisplayWidth(l))
			}
		}
		emit("", fontSize)
		for _, l := range lines {
			emit(l, size)
		}
		emit("", fontSize)
	}
	newPage()
	return PDFPages(pages)
}

// tableLines lays a table out as column-aligned lines.
func tableLines(rows [][]string, st Style) ([]string, error) {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if st.Vertical {
		rows = verticalLabels(rows)
	}
	shown := func(s string) string {
		if s == SpanLeft || s == SpanUp {
			return ""
		}
		return s
	}
	// a column of numbers wraps its header at valueWidth, others at
	// labelWidth
	numeric := make([]int, cols)
	for _, r := range rows {
		for c, v := range r {
			if _, err := strconv.ParseFloat(v, 64); err == nil {
				numeric[c]++
			}
		}
	}
	width := make([]int, cols)
	for _, r := range rows {
		for c, s := range r {
			s = shown(s)
			if c+1 < len(r) && r[c+1] == SpanLeft {
				continue // a spanning cell does not widen its first column
			}
			limit := st.LabelWidth
			if numeric[c] > 0 {
				limit = valueWidth
				if st.Tight {
					limit = 2
					if _, err := strconv.ParseFloat(s, 64); err == nil {
						limit = len(s)
					}
				}
			}
			for _, p := range strings.Split(s, "\n") {
				width[c] = max(width[c], min(DisplayWidth(p), limit))
			}
		}
	}
	pos := make([]int, cols)
	for c := 1; c < cols; c++ {
		gap := 3
		if st.Tight && numeric[c] > 0 && numeric[c-1] > 0 {
			gap = 1
		}
		pos[c] = pos[c-1] + width[c-1] + gap
	}
	var out []string
	for _, r := range rows {
		cells := make([][]string, cols)
		h := 1
		for c := 0; c < cols; c++ {
			s := ""
			if c < len(r) {
				s = shown(r[c])
			}
			w := width[c]
			for k := c + 1; k < len(r) && r[k] == SpanLeft; k++ {
				w = pos[k] + width[k] - pos[c]
			}
			for _, p := range strings.Split(s, "\n") {
				cells[c] = append(cells[c], wrap(p, max(w, 2))...)
			}
			h = max(h, len(cells[c]))
		}
		for k := 0; k < h; k++ {
			texts := make([]string, cols)
			for c := range cells {
				off := (h - len(cells[c])) / 2
				if i := k - off; i >= 0 && i < len(cells[c]) {
					texts[c] = cells[c][i]
				}
			}
			out = append(out, strings.TrimRight(Align(pos, texts...), " "))
		}
		out = append(out, "")
	}
	return out, nil
}

// wrap cuts s into lines of at most w display columns.
func wrap(s string, w int) []string {
	if s == "" {
		return []string{""}
	}
	var out []string
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := DisplayWidth(string(r))
		if n+rw > w && n > 0 {
			out = append(out, b.String())
			b.Reset()
			n = 0
		}
		b.WriteRune(r)
		n += rw
	}
	return append(out, b.String())
}

// verticalLabels spreads the text of a label merged down over several rows
// one character per row ("三、" stays together).
func verticalLabels(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i := range rows {
		out[i] = append([]string(nil), rows[i]...)
	}
	for r := range out {
		for c, t := range out[r] {
			if t == SpanUp || t == SpanLeft || t == "" || strings.Contains(t, "\n") {
				continue
			}
			if c+1 < len(out[r]) && out[r][c+1] == SpanLeft {
				continue
			}
			k := r + 1
			for k < len(out) && c < len(out[k]) && out[k][c] == SpanUp {
				k++
			}
			var chars []string
			for _, ch := range t {
				if len(chars) > 0 && strings.ContainsRune("、.．", ch) {
					chars[len(chars)-1] += string(ch)
					continue
				}
				chars = append(chars, string(ch))
			}
			n := k - r
			if n < 3 || len(chars) > n {
				continue
			}
			for i := r; i < k; i++ {
				out[i][c] = ""
			}
			for i, ch := range chars {
				out[r+i*n/len(chars)][c] = ch
			}
		}
	}
	return out
}
