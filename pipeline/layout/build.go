package layout

import (
	"fmt"
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

// emit assembles the output: merged rows, vertical labels, group labels
// copied into their blocks, and every line not consumed as a row of its own.
func (b *builder) emit() []doc.Row {
	type out struct {
		key int
		row doc.Row
		top int // heading line of the table the values were placed under, or -1
	}
	var outs []out
	used := make([][]bool, len(b.lines))
	for i, l := range b.lines {
		used[i] = make([]bool, len(l.cells))
	}

	// vertical labels: short side fragments stacked in one column, with
	// no longer fragment of that column between them. One that heads a
	// section (三、本年度办理结果) is a text row; one that names a group
	// (（三）不予公开 printed vertically) is a group label.
	var rest []side
	var groups []*group
	sides := b.sides
	taken := make([]bool, len(sides))
	for i, s := range sides {
		if taken[i] || !short(s.text) {
			continue
		}
		run := []int{i}
		for j := i + 1; j < len(sides); j++ {
			last := sides[run[len(run)-1]]
			if sides[j].li-last.li > verticalGap {
				break
			}
			if taken[j] || abs(sides[j].x-s.x) > 1 {
				continue
			}
			if !short(sides[j].text) {
				break
			}
			run = append(run, j)
		}
		if len(run) < 3 {
			continue
		}
		g := &group{first: s.li}
		for _, j := range run {
			taken[j] = true
			g.sides = append(g.sides, sides[j])
			g.text += sides[j].text
			g.end = sides[j].li
		}
		if !topLevelRe.MatchString(g.text) {
			groups = append(groups, g)
			continue
		}
		for _, j := range run {
			used[sides[j].li][sides[j].ci] = true
		}
		l := b.lines[s.li]
		outs = append(outs, out{key: s.li, top: -1, row: doc.Row{Locator: l.loc,
			Cells: []doc.Cell{{Text: g.text, Locator: l.loc + " col 1"}}}})
	}
	for i, s := range sides {
		if !taken[i] {
			rest = append(rest, s)
		}
	}

	// group labels from the remaining side fragments.
	var joined []*group
	for _, s := range rest {
		var g *group
		if n := len(joined); n > 0 && !markerRe.MatchString(s.text) && s.li-joined[n-1].end <= window {
			g = joined[n-1]
		} else {
			g = &group{first: s.li}
			joined = append(joined, g)
		}
		g.sides = append(g.sides, s)
		g.end = s.li
		g.text += s.text
	}
	groups = append(groups, joined...)
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].first < groups[j].first })

	// numbered blocks of merged rows: 1., 2., 3. …
	b.markBlankRows()
	var merged []*logical
	for _, r := range b.rows {
		if r.anchor >= 0 || r.blanks > 0 {
			merged = append(merged, r)
		}
	}
	type block struct{ rows []*logical }
	var blocks []*block
	var cb *block
	prev := 0
	for _, r := range merged {
		m := numberedRe.FindStringSubmatch(r.label())
		if m == nil {
			cb, prev = nil, 0
			continue
		}
		n := atoi(m[1])
		switch {
		case n == 1:
			cb = &block{}
			blocks = append(blocks, cb)
		case cb != nil && n == prev+1:
		default:
			cb, prev = nil, 0
			continue
		}
		cb.rows = append(cb.rows, r)
		prev = n
	}
	var loose []*group // group labels that name no block
	for _, g := range groups {
		if topLevelRe.MatchString(g.text) {
			continue // 三、本年度办理结果 heads a section, not a block
		}
		var hit *block
		// the block whose lines hold the label's first line, else one
		// that starts or ends right beside it
		for pass := 0; pass < 2 && hit == nil; pass++ {
			for _, bl := range blocks {
				lo, _ := bl.rows[0].span()
				_, hi := bl.rows[len(bl.rows)-1].span()
				if pass == 1 {
					lo, hi = lo-1, hi+1
				}
				if g.first >= lo && g.first <= hi {
					hit = bl
					break
				}
			}
		}
		if hit == nil {
			loose = append(loose, g)
			continue
		}
		if prev := hit.rows[0].group; prev != nil {
			if markerRe.MatchString(g.text) && markerRe.MatchString(prev.text) {
				// two numbered labels: the next row of the table ("（六）
				// 其他处理" printed with no values), not a piece of this one
				loose = append(loose, g)
				continue
			}
			// a second piece of the same block's label ("（三）" above a
			// vertical 不予公开): join them in line order.
			prev.text += g.text
			for _, s := range g.sides {
				used[s.li][s.ci] = true
			}
			continue
		}
		for i, r := range hit.rows {
			r.group = g
			r.first = i == 0
		}
		for _, s := range g.sides {
			used[s.li][s.ci] = true
		}
	}

	// merged rows
	for _, r := range b.rows {
		if r.anchor < 0 {
			continue
		}
		a := b.lines[r.anchor]
		var cells []doc.Cell
		if r.group != nil {
			cells = append(cells, doc.Cell{Text: r.group.text, Span: !r.first})
		}
		var label strings.Builder
		for _, p := range r.pieces {
			label.WriteString(p.text)
			for _, ci := range p.ci {
				used[p.li][ci] = true
			}
		}
		if label.Len() > 0 {
			cells = append(cells, doc.Cell{Text: label.String()})
		}
		for ci := a.firstVal; ci < len(a.cells); ci++ {
			used[r.anchor][ci] = true
		}
		vals, top := b.alignedValues(r.anchor, label.Len() > 0)
		for _, v := range vals {
			cells = append(cells, doc.Cell{Text: v})
		}
		for k := range cells {
			cells[k].Locator = fmt.Sprintf("%s col %d", a.loc, k+1)
		}
		row := doc.Row{Cells: cells, Locator: a.loc}
		if top >= 0 {
			row.Heads = b.headTexts(r.anchor)
		}
		outs = append(outs, out{key: r.anchor, row: row, top: top})
	}

	// rows printed with every value cell empty, inside a table whose
	// values are placed under its headings: the row label with an empty
	// cell per heading, as a grid has it, rather than a line of text.
	for k, r := range b.rows {
		if r.anchor >= 0 || r.blanks == 0 {
			continue
		}
		l := b.lines[r.pieces[0].li]
		cells := []doc.Cell{}
		if r.group != nil {
			cells = append(cells, doc.Cell{Text: r.group.text, Span: !r.first})
		}
		var label strings.Builder
		for _, p := range r.pieces {
			label.WriteString(p.text)
			for _, ci := range p.ci {
				used[p.li][ci] = true
			}
		}
		cells = append(cells, doc.Cell{Text: label.String()})
		for range r.blanks {
			cells = append(cells, doc.Cell{})
		}
		for k := range cells {
			cells[k].Locator = fmt.Sprintf("%s col %d", l.loc, k+1)
		}
		outs = append(outs, out{key: r.pieces[0].li, row: doc.Row{Cells: cells, Locator: l.loc}, top: b.rows[k].blankTop})
	}

	// a numbered label alone on its line, left of the row labels, between
	// two rows placed under the same headings: a row of its own printed
	// with no values ("（六）其他处理" of the 2019 template)
	for _, g := range loose {
		if len(g.sides) != 1 || !parenMarkerRe.MatchString(g.text) {
			continue
		}
		s := g.sides[0]
		if len(b.lines[s.li].cells) != 1 {
			continue
		}
		n, top := b.blankRowAt(s.li)
		if n == 0 {
			continue
		}
		l := b.lines[s.li]
		used[s.li][s.ci] = true
		cells := []doc.Cell{{Text: g.text}}
		for range n {
			cells = append(cells, doc.Cell{})
		}
		for k := range cells {
			cells[k].Locator = fmt.Sprintf("%s col %d", l.loc, k+1)
		}
		outs = append(outs, out{key: s.li, row: doc.Row{Cells: cells, Locator: l.loc}, top: top})
	}

	// everything else, line by line
	for i, l := range b.lines {
		if l.kind == kBlank || l.kind == kFooter {
			continue
		}
		var cells []doc.Cell
		for ci, c := range l.cells {
			if used[i][ci] {
				continue
			}
			cells = append(cells, doc.Cell{Text: c.text})
		}
		if len(cells) == 0 {
			continue
		}
		for k := range cells {
			cells[k].Locator = fmt.Sprintf("%s col %d", l.loc, k+1)
		}
		outs = append(outs, out{key: i, top: -1, row: doc.Row{Cells: cells, Locator: l.loc}})
	}
	sort.SliceStable(outs, func(i, j int) bool { return outs[i].key < outs[j].key })
	rows := make([]doc.Row, len(outs))
	tables := map[int]int{} // heading line → table number
	for i, o := range outs {
		rows[i] = o.row
		if o.top < 0 {
			continue
		}
		n, ok := tables[o.top]
		if !ok {
			n = len(tables) + 1
			tables[o.top] = n
		}
		rows[i].Table = n
	}
	return rows
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

// short reports whether a fragment can be one character of a vertical
// label: one character, a numeral with its 、, or a numeral in brackets.
func short(s string) bool {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	return n == 1 || (n == 2 && strings.ContainsAny(s, "、.．")) || parenNumRe.MatchString(s)
}

var parenNumRe = regexp.MustCompile(`^[（(][一二三四五六七八九十]{1,2}[）)]$`)

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// markBlankRows finds the rows printed with no values at all (every cell
// blank) inside a table whose values are placed under its headings: a
// label that starts with a row marker ("2.", "（六）"), between two rows
// of values under the same headings. They get as many empty cells as the
// table has headings. A section label ("三、本年度办理结果") is no row.
func (b *builder) markBlankRows() {
	heads := map[int]info{}
	head := func(r *logical) info {
		if h, ok := heads[r.anchor]; ok {
			return h
		}
		cols, top := b.heads(r.anchor)
		a := b.lines[r.anchor]
		h := info{top: -1}
		if len(cols) >= 2 && len(cols) <= 20 && len(a.cells)-a.firstVal <= len(cols) {
			h = info{top: top, n: len(cols)}
		}
		heads[r.anchor] = h
		return h
	}
	b.tableHead = head
	prev := -1 // index of the last row with values
	for k, r := range b.rows {
		if r.anchor < 0 {
			continue
		}
		if prev >= 0 && k > prev+1 {
			above, below := head(b.rows[prev]), head(r)
			if above.top >= 0 && above == below {
				for _, m := range b.rows[prev+1 : k] {
					lab := m.label()
					if !markerRe.MatchString(lab) || (topLevelRe.MatchString(lab) && strings.Contains(lab, "结果")) {
						continue
					}
					m.blanks, m.blankTop = above.n, above.top
				}
			}
		}
		prev = k
	}
}

var parenMarkerRe = regexp.MustCompile(`^\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]`)

// blankRowAt returns the number of empty cells and the heading line of a
// row printed with no values on line li: the rows with values just above
// and below it must be placed under the same headings. n is 0 otherwise.
func (b *builder) blankRowAt(li int) (n, top int) {
	if b.tableHead == nil {
		return 0, -1
	}
	var above, below *logical
	for _, r := range b.rows {
		if r.anchor < 0 {
			continue
		}
		if r.anchor < li {
			above = r
		} else if below == nil {
			below = r
		}
	}
	if above == nil || below == nil {
		return 0, -1
	}
	ha, hb := b.tableHead(above), b.tableHead(below)
	if ha.top < 0 || ha != hb {
		return 0, -1
	}
	return ha.n, ha.top
}

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
