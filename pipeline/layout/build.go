package layout

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"ogi/pipeline/doc"
)

// piece is one fragment of a row label in the label column, or the label
// part of an anchor line (possibly empty).
type piece struct {
	li     int // line index
	ci     []int
	x      int
	text   string
	marker bool
	anchor bool
}

// side is a fragment printed left of the row labels: part of a group label
// or of a vertical label.
type side struct {
	li, ci, x int
	text      string
}

// logical is one table row being assembled from pieces.
type logical struct {
	pieces []piece
	anchor int // line index of the values, -1 while none
	group  *group
	first  bool // first row of its group
	// a row with no values printed, inside a table placed under its
	// headings: the number of empty cells it gets and the table's
	// heading line
	blanks, blankTop int
}

type group struct {
	sides      []side
	first, end int // line span
	text       string
}

type builder struct {
	lines []*line
	rows  []*logical
	sides []side
	// tableHead gives the headings of the table of a row with values
	// (set by markBlankRows)
	tableHead func(r *logical) info
	headCache map[int]headsAt        // headerColumns by line
	colCache  map[int]map[[2]int]int // columnsOf by heading line
}

// info is the heading line of a table (-1: none) and its number of leaf
// headings.
type info struct{ top, n int }

const (
	window      = 6  // lines searched for an anchor that bounds the label area
	verticalGap = 24 // most lines between two characters of a vertical label
)

// labelLimit is the column where values start on the anchors near line i
// on its page (columns move from page to page), or -1 when none is near.
func (b *builder) labelLimit(i int) int {
	limit := -1
	for d := 1; d <= window; d++ {
		for _, j := range []int{i - d, i + d} {
			if j < 0 || j >= len(b.lines) || b.lines[j].kind != kAnchor || b.lines[j].page != b.lines[i].page {
				continue
			}
			if x := b.lines[j].valX(); limit < 0 || x < limit {
				limit = x
			}
		}
	}
	return limit
}

// blanksBetween counts blank lines strictly between line a and line b on
// b's page.
func (b *builder) blanksBetween(a, c int) int {
	n := 0
	for j := a + 1; j < c; j++ {
		if b.lines[j].kind == kBlank && b.lines[j].page == b.lines[c].page {
			n++
		}
	}
	return n
}

func (b *builder) build() []doc.Row {
	var cur *logical
	curItemX := -1
	rowLabelX := -1 // x of the last label fragment that is a row label's
	add := func(p piece) {
		newRow := cur == nil || p.marker || (p.anchor && cur.anchor >= 0)
		if !newRow {
			last := cur.pieces[len(cur.pieces)-1]
			lastX := last.x
			if last.text == "" && len(cur.pieces) > 1 {
				lastX = cur.pieces[len(cur.pieces)-2].x
			}
			if b.lines[last.li].page != b.lines[p.li].page {
				// across a page break columns move, so x is not compared:
				// a fragment without a marker continues the row unless it
				// starts the label of the values below it.
				newRow = p.anchor || endsInValue(p.text) || b.belongsBelow(p.li, p.x) ||
					(cur.anchor >= 0 && !b.wraps(cur) && b.blanksBetween(last.li, p.li) > 0)
			} else if cur.anchor < 0 {
				// fragments above the values: one blank line allowed; a
				// labelled anchor must continue the fragment's column.
				newRow = b.blanksBetween(last.li, p.li) > 1 ||
					(p.anchor && p.text != "" && last.text != "" && abs(p.x-lastX) > 2)
			} else {
				// continuation below the values: directly below, not left of
				// the label.
				newRow = p.anchor || b.blanksBetween(last.li, p.li) > 0 || !b.wraps(cur) ||
					(lastX >= 0 && last.text != "" && p.x < lastX-2) ||
					endsInValue(p.text) || b.belongsBelow(p.li, p.x)
			}
		}
		if newRow {
			cur = &logical{anchor: -1}
			b.rows = append(b.rows, cur)
		}
		cur.pieces = append(cur.pieces, p)
		if p.anchor {
			cur.anchor = p.li
		}
		if p.text != "" {
			curItemX = p.x
			rowLabelX = -1
			if p.marker || p.anchor {
				rowLabelX = p.x
			}
		}
	}
	page := 0
	for i, l := range b.lines {
		if l.page != page {
			page, curItemX, rowLabelX = l.page, -1, -1 // columns move from page to page
		}
		if l.kind == kText || l.kind == kAnchor {
			n := len(l.cells)
			l.cells = splitAt(l.cells, curItemX)
			if l.kind == kAnchor {
				l.firstVal += len(l.cells) - n
			}
		}
		switch l.kind {
		case kBlank, kFooter:
			continue
		case kText:
			limit := b.labelLimit(i)
			inArea := limit >= 0
			for _, c := range l.cells {
				if c.x >= limit {
					inArea = false
				}
			}
			if !inArea {
				cur, rowLabelX = nil, -1
				continue
			}
			item, sides := b.labelCells(i, len(l.cells))
			if item >= 0 && curItemX >= 0 && l.cells[item].x < curItemX-2 && !numberedRe.MatchString(l.cells[item].text) {
				sides = append(sides, item)
				item = -1
			}
			for _, ci := range sides {
				b.sides = append(b.sides, side{li: i, ci: ci, x: l.cells[ci].x, text: l.cells[ci].text})
			}
			if item >= 0 {
				c := l.cells[item]
				add(piece{li: i, ci: []int{item}, x: c.x, text: c.text, marker: markerRe.MatchString(c.text)})
			}
		case kAnchor:
			item, sides := b.labelCells(i, l.firstVal)
			// a fragment left of the row labels, alone before the values,
			// may be part of a side label (see sideBeside)
			if item >= 0 && item == l.firstVal-1 && rowLabelX >= 0 && l.cells[item].x < rowLabelX-2 &&
				b.sideBeside(l.cells[item].text, cur) {
				sides = append(sides, item)
				item = -1
			}
			for _, ci := range sides {
				b.sides = append(b.sides, side{li: i, ci: ci, x: l.cells[ci].x, text: l.cells[ci].text})
			}
			p := piece{li: i, x: -1, anchor: true}
			if item >= 0 {
				// cells between the item label and the values join the label
				for ci := item; ci < l.firstVal; ci++ {
					p.ci = append(p.ci, ci)
				}
				p.x = l.cells[item].x
				p.text = l.cells[item].text
				for _, ci := range p.ci[1:] {
					p.text += l.cells[ci].text
				}
				p.marker = markerRe.MatchString(p.text)
			}
			add(p)
		}
	}
	return b.emit()
}

// labelCells picks, among the first n cells of line i, the row label cell
// (the first cell from which on everything is label) and the cells left of
// it that are side fragments (group or vertical labels).
func (b *builder) labelCells(i, n int) (item int, sides []int) {
	if n == 0 {
		return -1, nil
	}
	cells := b.lines[i].cells
	item = n - 1
	// walk left: a cell well left of the label that is not itself a
	// numbered label is a side fragment; otherwise it is part of the label.
	for j := n - 2; j >= 0; j-- {
		if cells[j].x < cells[item].x-2 && !numberedRe.MatchString(cells[j].text) && len(sides) == 0 && j == item-1 {
			sides = append(sides, j)
			continue
		}
		if len(sides) > 0 {
			sides = append(sides, j)
			continue
		}
		item = j
	}
	sort.Ints(sides)
	return item, sides
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

var topLevelRe = regexp.MustCompile(`^\s*[一二三四五六七八九十]+\s*[、.．]`)

// belongsBelow reports whether the text fragment on line i is the start of
// the label of the values line right below it (no blank line between, the
// values line with no label of its own or one without a row marker).
func (b *builder) belongsBelow(i, x int) bool {
	j := i + 1
	for j < len(b.lines) && b.lines[j].kind == kFooter {
		j++
	}
	if j >= len(b.lines) || b.lines[j].kind != kAnchor {
		return false
	}
	l := b.lines[j]
	if l.firstVal == 0 {
		return true
	}
	label := l.cells[l.firstVal-1]
	return !markerRe.MatchString(label.text) && abs(label.x-x) <= 2
}

// endsInValue reports whether a text ends with a number one space after
// the words ("行政许可 447228"): a row of its own, not a wrapped label.
func endsInValue(s string) bool {
	i := strings.LastIndexByte(s, ' ')
	return i >= 0 && isValue(s[i+1:]) && hasDigit(s[i+1:])
}

// wraps reports whether a row with its values found may continue on the
// next line: its label began above the values line (the values sit on a
// middle line), or the label line is about as wide as the widest label
// of the rows nearby whose labels and values start in the same columns,
// as a label wrapped at the column's edge is. A short complete label ("行政处罚" under "行政规范性文件") followed by
// another line is two rows.
func (b *builder) wraps(r *logical) bool {
	if len(r.pieces) > 1 || !r.pieces[0].anchor || r.pieces[0].text == "" {
		return true
	}
	p := r.pieces[0]
	w := width(p.text)
	widest := w
	page := b.lines[p.li].page
	// the rows of the same table nearby: labels in the same column and
	// values from the same column on
	valX := b.lines[r.anchor].valX()
	for j := max(0, p.li-30); j < len(b.lines) && j <= p.li+30; j++ {
		l := b.lines[j]
		if l.page != page || l.kind != kAnchor || l.firstVal == 0 || abs(l.valX()-valX) > 2 {
			continue
		}
		for _, c := range l.cells[:l.firstVal] {
			// the same column: labels printed flush left or centred
			if abs(c.x-p.x) <= 2 || abs(2*c.x+width(c.text)-2*p.x-w) <= 4 {
				widest = max(widest, width(c.text))
			}
		}
	}
	return w*10 >= widest*8
}

func (r *logical) label() string {
	var sb strings.Builder
	for _, p := range r.pieces {
		sb.WriteString(p.text)
	}
	return sb.String()
}

func (r *logical) span() (lo, hi int) {
	lo, hi = r.pieces[0].li, r.pieces[0].li
	for _, p := range r.pieces {
		lo, hi = min(lo, p.li), max(hi, p.li)
	}
	return lo, hi
}

var parenMarkerRe = regexp.MustCompile(`^\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]`)

// sideBeside reports whether t, a fragment left of the row labels and
// alone before the values, is part of a side label rather than the row's
// label: short (the 果 of 三、本年度办理结果 printed over three lines, the
// （三）不 of （三）不予公开), or a bracketed group label beside the values
// of a row whose label is above them ("4.保护第三方" / "（三）不予 16 4 …").
func (b *builder) sideBeside(t string, cur *logical) bool {
	n := utf8.RuneCountInString(t)
	if n <= 4 && (!markerRe.MatchString(t) || parenMarkerRe.MatchString(t)) {
		return true
	}
	return cur != nil && cur.anchor < 0 && parenMarkerRe.MatchString(t) && n <= 8
}
