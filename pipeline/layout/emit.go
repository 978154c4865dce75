package layout

import (
	"fmt"
	"ogi/pipeline/doc"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Assembling the output: the side fragments become vertical and group
// labels and are copied into the numbered blocks of rows they label; the
// rows with values, the rows printed blank and every line not consumed
// come out in line order, numbered by the table they were placed in.

// assembly is the output being assembled from the builder's rows and
// side fragments.
type assembly struct {
	b    *builder
	outs []out
	used [][]bool // used[line][cell]: the cell went into an assembled row
}

// out is an output row keyed by the line it stands on.
type out struct {
	key int
	row doc.Row
	top int // heading line of the table the values were placed under, or -1
}

// block is a run of rows numbered 1., 2., 3. …
type block struct{ rows []*logical }

// emit assembles the output: merged rows, vertical labels, group labels
// copied into their blocks, and every line not consumed as a row of its own.
func (b *builder) emit() []doc.Row {
	a := &assembly{b: b, used: make([][]bool, len(b.lines))}
	for i, l := range b.lines {
		a.used[i] = make([]bool, len(l.cells))
	}
	groups, rest := a.verticalLabels()
	groups = append(groups, groupLabels(rest)...)
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].first < groups[j].first })
	b.markBlankRows()
	loose := a.labelBlocks(groups, b.numberedBlocks())
	a.mergedRows()
	a.blankRows()
	a.looseBlankRows(loose)
	a.leftoverLines()
	return a.rows()
}

// verticalLabels finds the vertical labels: short side fragments stacked
// in one column, with no longer fragment of that column between them. One
// that heads a section (三、本年度办理结果) is a text row; one that names a
// group (（三）不予公开 printed vertically) is a group label, returned with
// the side fragments that are part of no vertical label.
func (a *assembly) verticalLabels() (groups []*group, rest []side) {
	sides := a.b.sides
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
			a.used[sides[j].li][sides[j].ci] = true
		}
		l := a.b.lines[s.li]
		a.outs = append(a.outs, out{key: s.li, top: -1, row: doc.Row{Locator: l.loc,
			Cells: []doc.Cell{{Text: g.text, Locator: l.loc + " col 1"}}}})
	}
	for i, s := range sides {
		if !taken[i] {
			rest = append(rest, s)
		}
	}
	return groups, rest
}

// groupLabels joins side fragments into group labels: a fragment within
// a window of lines of the label above continues it unless it starts with
// a row marker.
func groupLabels(sides []side) []*group {
	var joined []*group
	for _, s := range sides {
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
	return joined
}

// numberedBlocks returns the blocks of rows with values (or printed
// blank) numbered 1., 2., 3. …
func (b *builder) numberedBlocks() []*block {
	var blocks []*block
	var cb *block
	prev := 0
	for _, r := range b.rows {
		if r.anchor < 0 && r.blanks == 0 {
			continue
		}
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
	return blocks
}

// labelBlocks gives each numbered block the group label beside it, and
// returns the group labels that label no block.
func (a *assembly) labelBlocks(groups []*group, blocks []*block) (loose []*group) {
	for _, g := range groups {
		if topLevelRe.MatchString(g.text) {
			continue // 三、本年度办理结果 heads a section, not a block
		}
		hit := blockAt(blocks, g.first)
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
			a.useSides(g)
			continue
		}
		for i, r := range hit.rows {
			r.group = g
			r.first = i == 0
		}
		a.useSides(g)
	}
	return loose
}

// blockAt returns the block whose lines hold line li, else one that
// starts or ends right beside it, else nil.
func blockAt(blocks []*block, li int) *block {
	for pass := 0; pass < 2; pass++ {
		for _, bl := range blocks {
			lo, _ := bl.rows[0].span()
			_, hi := bl.rows[len(bl.rows)-1].span()
			if pass == 1 {
				lo, hi = lo-1, hi+1
			}
			if li >= lo && li <= hi {
				return bl
			}
		}
	}
	return nil
}

// useSides marks the cells of a group label's fragments used.
func (a *assembly) useSides(g *group) {
	for _, s := range g.sides {
		a.used[s.li][s.ci] = true
	}
}

// takeLabel returns the label of row r, its pieces' texts, and marks
// their cells used.
func (a *assembly) takeLabel(r *logical) string {
	var label strings.Builder
	for _, p := range r.pieces {
		label.WriteString(p.text)
		for _, ci := range p.ci {
			a.used[p.li][ci] = true
		}
	}
	return label.String()
}

// groupCell returns the cell of row r's group label (a copy, Span, below
// the group's first row), or nil when it has none.
func groupCell(r *logical) []doc.Cell {
	if r.group == nil {
		return nil
	}
	return []doc.Cell{{Text: r.group.text, Span: !r.first}}
}

// locateCells sets the locators of a row's cells: line loc, column k+1.
func locateCells(cells []doc.Cell, loc string) {
	for k := range cells {
		cells[k].Locator = fmt.Sprintf("%s col %d", loc, k+1)
	}
}

// mergedRows outputs the rows with values: the group label, the row
// label and the values, placed under the table's headings where it has
// them.
func (a *assembly) mergedRows() {
	b := a.b
	for _, r := range b.rows {
		if r.anchor < 0 {
			continue
		}
		l := b.lines[r.anchor]
		cells := groupCell(r)
		label := a.takeLabel(r)
		if label != "" {
			cells = append(cells, doc.Cell{Text: label})
		}
		for ci := l.firstVal; ci < len(l.cells); ci++ {
			a.used[r.anchor][ci] = true
		}
		vals, top := b.alignedValues(r.anchor, label != "")
		for _, v := range vals {
			cells = append(cells, doc.Cell{Text: v})
		}
		locateCells(cells, l.loc)
		row := doc.Row{Cells: cells, Locator: l.loc}
		if top >= 0 {
			row.Heads = b.headTexts(r.anchor)
		}
		a.outs = append(a.outs, out{key: r.anchor, row: row, top: top})
	}
}

// blankRows outputs the rows printed with every value cell empty, inside
// a table whose values are placed under its headings: the row label with
// an empty cell per heading, as a grid has it, rather than a line of text.
func (a *assembly) blankRows() {
	for _, r := range a.b.rows {
		if r.anchor >= 0 || r.blanks == 0 {
			continue
		}
		l := a.b.lines[r.pieces[0].li]
		cells := append(groupCell(r), doc.Cell{Text: a.takeLabel(r)})
		for range r.blanks {
			cells = append(cells, doc.Cell{})
		}
		locateCells(cells, l.loc)
		a.outs = append(a.outs, out{key: r.pieces[0].li, row: doc.Row{Cells: cells, Locator: l.loc}, top: r.blankTop})
	}
}

// looseBlankRows outputs a numbered label alone on its line, left of the
// row labels, between two rows placed under the same headings: a row of
// its own printed with no values ("（六）其他处理" of the 2019 template).
func (a *assembly) looseBlankRows(loose []*group) {
	for _, g := range loose {
		if len(g.sides) != 1 || !parenMarkerRe.MatchString(g.text) {
			continue
		}
		s := g.sides[0]
		if len(a.b.lines[s.li].cells) != 1 {
			continue
		}
		n, top := a.b.blankRowAt(s.li)
		if n == 0 {
			continue
		}
		l := a.b.lines[s.li]
		a.used[s.li][s.ci] = true
		cells := []doc.Cell{{Text: g.text}}
		for range n {
			cells = append(cells, doc.Cell{})
		}
		locateCells(cells, l.loc)
		a.outs = append(a.outs, out{key: s.li, row: doc.Row{Cells: cells, Locator: l.loc}, top: top})
	}
}

// leftoverLines outputs every line's cells not used by a row above, line
// by line.
func (a *assembly) leftoverLines() {
	for i, l := range a.b.lines {
		if l.kind == kBlank || l.kind == kFooter {
			continue
		}
		var cells []doc.Cell
		for ci, c := range l.cells {
			if a.used[i][ci] {
				continue
			}
			cells = append(cells, doc.Cell{Text: c.text})
		}
		if len(cells) == 0 {
			continue
		}
		locateCells(cells, l.loc)
		a.outs = append(a.outs, out{key: i, top: -1, row: doc.Row{Cells: cells, Locator: l.loc}})
	}
}

// rows returns the output in line order, the rows placed under headings
// numbered by their table (in the order the tables first appear).
func (a *assembly) rows() []doc.Row {
	outs := a.outs
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
