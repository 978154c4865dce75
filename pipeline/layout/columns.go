package layout

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// hcell is a header cell of a table: its column span in text columns.
type hcell struct {
	x, end int
	text   string
	spaced bool   // letter-spaced characters joined
	full   string // a leaf's whole text, its pieces above it included
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
	area := b.headingAreaAt(i)
	block := b.headingBlock(i, &area)
	if len(block) == 0 {
		return nil, -1
	}
	heads := b.lineHeadings(block, &area)
	joinWrapped(heads)
	cols, level := leaves(heads)
	leafTexts(heads, cols, level)
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

// headingArea is where the column headings of a table may stand: over its
// values and right of its row labels. Its bounds widen as the lines above
// the values are read.
type headingArea struct {
	start    int // the column where the values begin
	labelEnd int // the right edge of the row labels, -1 while unknown
	// rowsShowStart: the rows passed going up show where the values
	// begin too (a row blank in its first columns starts further right)
	rowsShowStart bool
}

// headingAreaAt returns the heading area of the table of anchor line i as
// the lines near i show it.
func (b *builder) headingAreaAt(i int) headingArea {
	a := b.lines[i]
	h := headingArea{start: a.valX(), labelEnd: -1}
	// the column where values begin: the leftmost value of the anchors
	// near i on its page; a line of values without a label (table 四)
	// has its headings over all of it
	lim := b.labelLimit(i)
	if lim >= 0 && lim < h.start {
		h.start = lim
	}
	if a.firstVal == 0 && lim < 0 && !b.labelAbove(i) {
		h.start = 0
	}
	h.rowsShowStart = a.firstVal > 0 || lim >= 0
	// where the row labels end: the right edge of the longest label of
	// the rows near i on its page and of the rows passed going up
	for j := max(0, i-12); j < len(b.lines) && j <= i+12; j++ {
		if l := b.lines[j]; l.kind == kAnchor && l.firstVal > 0 && l.page == a.page {
			c := l.cells[l.firstVal-1]
			h.labelEnd = max(h.labelEnd, c.x+width(c.text))
		}
	}
	return h
}

// overValues reports whether a heading is over the values: its middle is
// (a wide column heading may start left of the numbers under it).
func (h *headingArea) overValues(c cell) bool { return c.x+(width(c.text)+1)/2 >= h.start-2 }

// holds reports whether cell ci of a line stands in the heading area:
// over the values or, once the end of the row labels is known, right of
// the labels after the first cell of its line (the numbers may be printed
// at the right edge of a wide column, far right of their heading).
func (h *headingArea) holds(ci int, c cell) bool {
	return h.overValues(c) || (h.labelEnd >= 0 && (ci > 0 && c.x >= h.labelEnd || c.x >= h.labelEnd+4))
}

// spill reports whether a cell is a long label that starts left of the
// values and runs over them (the header's 勾稽关系 note, wrapped in the
// label columns): no heading and no running text.
func (h *headingArea) spill(c cell) bool {
	return c.x < h.start-2 && utf8.RuneCountInString(c.text) > 16
}

// headingBlock returns the heading lines of the table of anchor line i,
// bottom up: going up past the table's rows (lines with values and
// label-only lines left of the values, which widen the area), the lines
// with cells in the heading area, up to a section heading, running text,
// a line without headings or the rows of the table above.
func (b *builder) headingBlock(i int, h *headingArea) (block []int) {
	// a table 三 whose labels wrap in narrow cells runs over a hundred
	// lines
	for j := i - 1; j >= 0 && i-j <= 200; j-- {
		l := b.lines[j]
		switch l.kind {
		case kBlank, kFooter:
			continue
		case kAnchor:
			if len(block) > 0 {
				return block // the rows of the table above: stop
			}
			if l.firstVal > 0 {
				c := l.cells[l.firstVal-1]
				h.labelEnd = max(h.labelEnd, c.x+width(c.text))
			}
			if h.rowsShowStart {
				h.start = min(h.start, l.valX())
			}
			continue
		}
		if t := l.cells[0].text; topLevelRe.MatchString(t) && len(l.cells) == 1 && strings.HasSuffix(t, "情况") {
			// a section heading ("四、政府信息公开行政复议、行政诉讼情况"),
			// not the "三、" of a label printed down the side of the table
			// nor a row printed with no values (二、上年结转…申请数量)
			return block
		}
		head, prose := false, false
		for ci, c := range l.cells {
			if h.spill(c) {
				continue
			}
			if h.holds(ci, c) {
				head = true
				prose = prose || utf8.RuneCountInString(c.text) > 16
			}
		}
		if prose {
			return block // running text, not a heading
		}
		if !head {
			if len(block) > 0 {
				return block
			}
			for _, c := range l.cells {
				h.labelEnd = max(h.labelEnd, c.x+width(c.text))
			}
			continue // a row label without values
		}
		block = append(block, j)
		if len(block) >= 10 {
			return block
		}
	}
	return block
}

// lineHeadings returns the headings of each line of the block: a word
// printed letter-spaced ("总  计") is one heading, unless its characters
// are each part of a heading printed one character per line in a narrow
// column (结/果/维/持).
func (b *builder) lineHeadings(block []int, h *headingArea) [][]hcell {
	heads := make([][]hcell, len(block))
	for bi, j := range block {
		for ci, c := range b.lines[j].cells {
			if !h.holds(ci, c) || h.spill(c) {
				continue
			}
			hc := hcell{x: c.x, end: c.x + width(c.text), text: c.text}
			if n := len(heads[bi]); n > 0 {
				last := &heads[bi][n-1]
				if hc.x-last.end <= 1 && utf8.RuneCountInString(c.text) == 1 && width(c.text) == 2 &&
					(last.spaced || utf8.RuneCountInString(last.text) == 1 && width(last.text) == 2) &&
					!b.stacked(j, hc.x, hc.end) && !b.stacked(j, last.end-2, last.end) {
					last.end, last.text, last.spaced = hc.end, last.text+hc.text, true
					continue
				}
			}
			heads[bi] = append(heads[bi], hc)
		}
	}
	return heads
}

// joinWrapped joins a heading wrapped over several lines ("结果纠" over
// "正") into one: a piece with exactly one piece under it, which is under
// no other piece of its line, is continued by it; the lower piece takes
// the extent of both. heads are the lines' headings, bottom up.
func joinWrapped(heads [][]hcell) {
	for bi := len(heads) - 1; bi > 0; bi-- {
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
}

// leaves returns the leaf headings, those with no heading below them that
// overlaps them, top line first, and the line (index in heads, bottom up)
// of each.
func leaves(heads [][]hcell) (cols []hcell, level []int) {
	for bi := len(heads) - 1; bi >= 0; bi-- {
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
				level = append(level, bi)
			}
		}
	}
	return cols, level
}

// leafTexts gives each leaf heading its whole text: the pieces above it
// that stand over it alone ("商业企" over "业", with "其他" of the next
// column between them), top line first. A piece over several leaves
// (法人或其他组织) is a spanning heading, none of theirs.
func leafTexts(heads [][]hcell, leaves []hcell, level []int) {
	for i := range leaves {
		l := &leaves[i]
		text := ""
		for bi := len(heads) - 1; bi > level[i]; bi-- {
			for _, p := range heads[bi] {
				if p.x >= l.end || p.end <= l.x {
					continue
				}
				over := 0
				for _, o := range leaves {
					if p.x < o.end && p.end > o.x {
						over++
					}
				}
				if over == 1 {
					text += p.text
				}
			}
		}
		l.full = text + l.text
	}
}

// placeUnderHeaders places the values of anchor line i under the leaf
// headings of its table: each value goes to the heading it lines up with
// (left edges, centres or right edges within a few columns), left to
// right, and the headings without a value get empty cells. ok is false
// when there is no such heading row, the line has more values than there
// are headings, or a value lines up with none. top names the table (see
// headerColumns).
func (b *builder) placeUnderHeaders(i int, vals []cell) (slots []string, top int, ok bool) {
	cols, top := b.heads(i)
	if len(cols) < 2 || len(cols) < len(vals) || len(cols) > 20 {
		return nil, -1, false
	}
	slots = make([]string, len(cols))
	if m := b.columnsOf(top, cols); m != nil {
		ok := true
		next := 0
		for k, v := range vals {
			j, found := m[[2]int{i, k}]
			if !found || j < next || j >= len(slots) || slots[j] != "" {
				ok = false
				break
			}
			slots[j], next = v.text, j+1
		}
		if ok {
			return slots, top, true
		}
		clear(slots)
	}
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

// heads is headerColumns, computed once per line.
func (b *builder) heads(i int) ([]hcell, int) {
	if b.headCache == nil {
		b.headCache = map[int]headsAt{}
	}
	h, ok := b.headCache[i]
	if !ok {
		h.cols, h.top = b.headerColumns(i)
		b.headCache[i] = h
	}
	return h.cols, h.top
}

type headsAt struct {
	cols []hcell
	top  int
}

// columnsOf maps the values of every row of the table headed at line top
// to its columns, from where the values sit across all its rows: the
// values of one column line up (at their left edges, centres or right
// edges, whichever lines them up best), so they fall into as many groups
// as the columns that have a value anywhere in the table. The groups are
// matched to the headings in order; when some columns are blank in every
// row, the matching that best keeps a constant offset between groups and
// headings wins. The result maps (line, value index) to a column, or is
// nil when the groups are more than the headings.
func (b *builder) columnsOf(top int, cols []hcell) map[[2]int]int {
	if b.colCache == nil {
		b.colCache = map[int]map[[2]int]int{}
	}
	if m, ok := b.colCache[top]; ok {
		return m
	}
	type val struct {
		key  [2]int
		x, w int
	}
	var vals []val
	for j, l := range b.lines {
		if l.kind != kAnchor || j < top {
			continue
		}
		if _, t := b.heads(j); t != top {
			continue
		}
		for k, c := range l.cells[l.firstVal:] {
			vals = append(vals, val{key: [2]int{j, k}, x: c.x, w: width(c.text)})
		}
	}
	// the alignment that groups the values into the fewest columns wins;
	// on a tie (one row of values: table 四) the one whose groups line up
	// with the headings with the least distance plus offset (values
	// aligned like their headings sit at offset 0)
	var best map[[2]int]int
	bestKey := [3]int{1 << 30, 1 << 30, 1 << 30}
	for mode := 0; mode < 3; mode++ { // centres, right edges, left edges
		pos := func(x, w int) int {
			switch mode {
			case 0:
				return 2*x + w
			case 1:
				return 2 * (x + w)
			}
			return 2 * x
		}
		idx := make([]int, len(vals))
		for k := range idx {
			idx[k] = k
		}
		sort.Slice(idx, func(p, q int) bool { return pos(vals[idx[p]].x, vals[idx[p]].w) < pos(vals[idx[q]].x, vals[idx[q]].w) })
		group := make([]int, len(vals))
		var centre []int // first position of each group
		last := -100
		for _, k := range idx {
			p := pos(vals[k].x, vals[k].w)
			if p-last > 2 {
				centre = append(centre, p)
			}
			group[k] = len(centre) - 1
			last = p
		}
		if len(centre) > len(cols) || len(centre) > bestKey[0] {
			continue
		}
		var heads []int
		for _, c := range cols {
			heads = append(heads, pos(c.x, c.end-c.x))
		}
		assign, cost, off := matchGroups(centre, heads)
		if assign == nil {
			continue
		}
		key := [3]int{len(centre), cost + abs(off), abs(off)}
		if key[0] > bestKey[0] || key[0] == bestKey[0] && (key[1] > bestKey[1] || key[1] == bestKey[1] && key[2] >= bestKey[2]) {
			continue
		}
		m := make(map[[2]int]int, len(vals))
		for k, v := range vals {
			m[v.key] = assign[group[k]]
		}
		best, bestKey = m, key
	}
	b.colCache[top] = best
	return best
}

// matchGroups assigns groups at positions g (ascending) to headings at
// positions h (ascending, at least as many), in order, minimising the
// total distance after the offset between groups and headings that makes
// it smallest (the smallest such offset).
func matchGroups(g, h []int) (assign []int, cost, off int) {
	if len(g) == 0 || len(g) > len(h) {
		return nil, 0, 0
	}
	offs := []int{0}
	for _, a := range g {
		for _, c := range h {
			offs = append(offs, a-c)
		}
	}
	// on equal cost the smallest offset wins (one group of values under
	// three headings goes under the nearest)
	sort.Slice(offs, func(p, q int) bool {
		if abs(offs[p]) != abs(offs[q]) {
			return abs(offs[p]) < abs(offs[q])
		}
		return offs[p] < offs[q]
	})
	var best []int
	bestCost, bestOff := 1<<30, 0
	for _, off := range offs {
		// cost[k][j]: least cost of placing groups k.. on headings j..
		n, m := len(g), len(h)
		cost := make([][]int, n+1)
		for k := range cost {
			cost[k] = make([]int, m+1)
		}
		for k := n - 1; k >= 0; k-- {
			cost[k][m] = 1 << 30
			for j := m - 1; j >= 0; j-- {
				take := 1 << 30
				if cost[k+1][j+1] < 1<<30 {
					take = abs(g[k]-h[j]-off) + cost[k+1][j+1]
				}
				cost[k][j] = min(take, cost[k][j+1])
			}
		}
		if cost[0][0] >= bestCost {
			continue
		}
		out := make([]int, n)
		j := 0
		for k := 0; k < n; k++ {
			for cost[k][j] != abs(g[k]-h[j]-off)+cost[k+1][j+1] || cost[k+1][j+1] >= 1<<30 {
				j++
			}
			out[k] = j
			j++
		}
		best, bestCost, bestOff = out, cost[0][0], off
	}
	return best, bestCost, bestOff
}

// stacked reports whether a single character at columns [x, end) on line
// j has a single character right above or below it: a heading printed one
// character per line.
func (b *builder) stacked(j, x, end int) bool {
	for _, k := range []int{j - 1, j + 1} {
		if k < 0 || k >= len(b.lines) || b.lines[k].kind != kText {
			continue
		}
		for _, c := range b.lines[k].cells {
			if w := width(c.text); w <= 2 && c.x < end && c.x+w > x {
				return true
			}
		}
	}
	return false
}

// labelAbove reports whether the line above anchor line i (a line of
// values without a label) is a row label left of the values: the values
// of a row whose label is printed above them, not a line of values right
// under its column headings (table 四).
func (b *builder) labelAbove(i int) bool {
	x := b.lines[i].valX()
	for j := i - 1; j >= 0; j-- {
		l := b.lines[j]
		if l.kind == kBlank || l.kind == kFooter {
			continue
		}
		if l.kind != kText {
			return false
		}
		for _, c := range l.cells {
			if c.x+width(c.text) > x+1 {
				return false
			}
		}
		return true
	}
	return false
}

// headTexts returns the whole texts of the leaf headings the values of
// anchor line i were placed under, in column order.
func (b *builder) headTexts(i int) []string {
	cols, _ := b.heads(i)
	out := make([]string, len(cols))
	for k, c := range cols {
		out[k] = c.full
	}
	return out
}

// alignedValues returns the values of anchor line i. When a labelled line has
// fewer values than the full rows of its table (a cell printed empty), the
// values are placed under the columns of the nearest full row and the
// missing ones come out as empty strings, so that no value shifts into its
// neighbour's column.
//
// When the table has column headings over the values, the values are
// placed under the headings instead (placeUnderHeaders) and top is the
// first line of the headings; otherwise top is -1.
func (b *builder) alignedValues(i int, hasLabel bool) (vals []string, top int) {
	a := b.lines[i]
	if slots, top, ok := b.placeUnderHeaders(i, a.cells[a.firstVal:]); ok {
		return slots, top
	}
	return b.alignedToFullRow(i, hasLabel), -1
}

func (b *builder) alignedToFullRow(i int, hasLabel bool) []string {
	a := b.lines[i]
	vals := a.cells[a.firstVal:]
	out := make([]string, len(vals))
	for k, c := range vals {
		out[k] = c.text
	}
	// the labelled anchors of the same table: neighbours no more than 12
	// lines apart, up to a section heading (四、…)
	stop := func(j int) bool {
		l := b.lines[j]
		return l.kind == kText && topLevelRe.MatchString(l.cells[0].text)
	}
	labelled := func(j int) bool { return b.lines[j].kind == kAnchor && b.lines[j].firstVal > 0 }
	lo, hi := i, i
	for j := i - 1; j >= 0 && lo-j <= 12 && !stop(j); j-- {
		if labelled(j) {
			lo = j
		}
	}
	for j := i + 1; j < len(b.lines) && j-hi <= 12 && !stop(j); j++ {
		if labelled(j) {
			hi = j
		}
	}
	full := 0
	for j := lo; j <= hi; j++ {
		if l := b.lines[j]; labelled(j) {
			full = max(full, len(l.cells)-l.firstVal)
		}
	}
	if !hasLabel || full < 4 || len(vals) >= full || 2*len(vals) < full {
		return out
	}
	// nearest full row, preferring the same page
	ref, best := -1, 1<<30
	for j := lo; j <= hi; j++ {
		l := b.lines[j]
		if !labelled(j) || len(l.cells)-l.firstVal != full {
			continue
		}
		d := abs(j - i)
		if l.page != a.page {
			d += 1000
		}
		if d < best {
			ref, best = j, d
		}
	}
	if ref < 0 {
		return out
	}
	rc := b.lines[ref].cells[b.lines[ref].firstVal:]
	center := func(c cell) int { return 2*c.x + utf8.RuneCountInString(c.text) }
	slots := make([]string, full)
	filled := make([]bool, full)
	next := 0
	for _, c := range vals {
		k, bestD := -1, 1<<30
		for j := next; j < full; j++ {
			if d := abs(center(rc[j]) - center(c)); d < bestD {
				k, bestD = j, d
			}
		}
		if k < 0 || filled[k] {
			return out
		}
		slots[k], filled[k] = c.text, true
		next = k + 1
	}
	return slots
}
