package layout

import (
	"unicode"
	"unicode/utf8"
)

// hcell is a header cell of a table: its column span in text columns.
type hcell struct {
	x, end int
	text   string
	spaced bool // letter-spaced characters joined
}

// width is the number of text columns a text takes: two for a wide (CJK)
// character, one for others, as a monospaced rendering prints them.
func width(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || r >= 0x2E80) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// headerColumns finds the columns of the table whose values are on anchor
// line i from its column headings: going up from i past the table's rows
// (lines with values and label-only lines left of the values), the block
// of heading lines above them, and in it the leaf headings, those with no
// heading below them that overlaps them. A heading spanning several
// columns (法人或其他组织) has its sub-headings below it and is no column.
// It returns nil when no heading block is found; top is the first line of
// the heading block, which names the table.
func (b *builder) headerColumns(i int) (cols []hcell, top int) {
	a := b.lines[i]
	start := a.valX()
	// the column where values begin: the leftmost value of the anchors
	// near i on its page; a line of values without a label (table 四)
	// has its headings over all of it
	lim := b.labelLimit(i)
	if lim >= 0 && lim < start {
		start = lim
	}
	if a.firstVal == 0 && lim < 0 {
		start = 0
	}
	// where the row labels end: the right edge of the longest label of
	// the rows near i on its page and of the rows passed going up
	labelEnd := -1
	for j := max(0, i-12); j < len(b.lines) && j <= i+12; j++ {
		if l := b.lines[j]; l.kind == kAnchor && l.firstVal > 0 && l.page == a.page {
			c := l.cells[l.firstVal-1]
			labelEnd = max(labelEnd, c.x+width(c.text))
		}
	}
	// a heading is over the values when its middle is (a wide column
	// heading may start left of the numbers under it); once the end of
	// the row labels is known, a heading after the first cell of its line
	// may also start right of the labels (the numbers may be printed at
	// the right edge of a wide column, far right of their heading)
	overValues := func(c cell) bool { return c.x+(width(c.text)+1)/2 >= start-2 }
	inValues := func(ci int, c cell) bool {
		return overValues(c) || (ci > 0 && labelEnd >= 0 && c.x >= labelEnd)
	}
	var block []int // header lines, bottom up
	for j := i - 1; j >= 0 && i-j <= 60; j-- {
		l := b.lines[j]
		switch l.kind {
		case kBlank, kFooter:
			continue
		case kAnchor:
			if len(block) > 0 {
				j = -1 // the rows of the table above: stop
				continue
			}
			if l.firstVal > 0 {
				c := l.cells[l.firstVal-1]
				labelEnd = max(labelEnd, c.x+width(c.text))
			}
			continue
		}
		if topLevelRe.MatchString(l.cells[0].text) && len(l.cells) == 1 {
			break
		}
		head, prose := false, false
		for ci, c := range l.cells {
			if inValues(ci, c) {
				head = true
				prose = prose || utf8.RuneCountInString(c.text) > 16
			}
		}
		if prose {
			break // running text, not a heading
		}
		if !head {
			if len(block) > 0 {
				break
			}
			for _, c := range l.cells {
				labelEnd = max(labelEnd, c.x+width(c.text))
			}
			continue // a row label without values
		}
		block = append(block, j)
		if len(block) >= 10 {
			break
		}
	}
	if len(block) == 0 {
		return nil, -1
	}
	// the headings of each line: a word printed letter-spaced ("总  计")
	// is one heading
	heads := make([][]hcell, len(block))
	for bi, j := range block {
		for ci, c := range b.lines[j].cells {
			if !inValues(ci, c) {
				continue
			}
			h := hcell{x: c.x, end: c.x + width(c.text), text: c.text}
			if n := len(heads[bi]); n > 0 {
				last := &heads[bi][n-1]
				if h.x-last.end <= 2 && utf8.RuneCountInString(c.text) == 1 && width(c.text) == 2 &&
					(last.spaced || utf8.RuneCountInString(last.text) == 1 && width(last.text) == 2) {
					last.end, last.text, last.spaced = h.end, last.text+h.text, true
					continue
				}
			}
			heads[bi] = append(heads[bi], h)
		}
	}
	// a heading wrapped over several lines ("结果纠" over "正") is one
	// heading: a piece with exactly one piece under it, which is under
	// no other piece of its line, is continued by it; the lower piece
	// takes the extent of both.
	for bi := len(block) - 1; bi > 0; bi-- {
		for hi := range heads[bi] {
			h := heads[bi][hi]
			under := -1
			n := 0
			for di, d := range heads[bi-1] {
				if d.x < h.end && d.end > h.x {
					under, n = di, n+1
				}
			}
			if n != 1 {
				continue
			}
			d := &heads[bi-1][under]
			others := 0
			for _, o := range heads[bi] {
				if o.x < d.end && o.end > d.x {
					others++
				}
			}
			if others == 1 {
				d.x, d.end = min(d.x, h.x), max(d.end, h.end)
			}
		}
	}
	// leaves, top line first
	for bi := len(block) - 1; bi >= 0; bi-- {
		for _, h := range heads[bi] {
			leaf := true
			for _, below := range heads[:bi] {
				for _, d := range below {
					if d.x < h.end && d.end > h.x {
						leaf = false
					}
				}
			}
			if leaf {
				cols = append(cols, h)
			}
		}
	}
	// left to right
	for p := 1; p < len(cols); p++ {
		for q := p; q > 0 && cols[q].x < cols[q-1].x; q-- {
			cols[q], cols[q-1] = cols[q-1], cols[q]
		}
	}
	for p := 1; p < len(cols); p++ {
		if cols[p].x < cols[p-1].end {
			return nil, -1 // overlapping leaves: not a heading row we understand
		}
	}
	return cols, block[len(block)-1]
}

// placeUnderHeaders places the values of anchor line i under the leaf
// headings of its table: each value goes to the heading it lines up with
// (left edges, centres or right edges within a few columns), left to
// right, and the headings without a value get empty cells. ok is false
// when there is no such heading row, the line has more values than there
// are headings, or a value lines up with none. top names the table (see
// headerColumns).
func (b *builder) placeUnderHeaders(i int, vals []cell) (slots []string, top int, ok bool) {
	cols, top := b.headerColumns(i)
	if len(cols) < 2 || len(cols) < len(vals) || len(cols) > 20 {
		return nil, -1, false
	}
	slots = make([]string, len(cols))
	next := 0
	for _, v := range vals {
		vx, vend := v.x, v.x+width(v.text)
		best, bestD := -1, 1<<30
		for j := next; j < len(cols); j++ {
			c := cols[j]
			d := min(abs(vx-c.x), abs(vend-c.end), abs((vx+vend)-(c.x+c.end))/2)
			if d < bestD {
				best, bestD = j, d
			}
		}
		if best < 0 || bestD > 3 {
			return nil, -1, false
		}
		slots[best] = v.text
		next = best + 1
	}
	return slots, top, true
}
