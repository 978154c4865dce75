package mapper

import (
	"fmt"
	"slices"
	"strings"

	"ogi/schema"
)

// Table 三's value columns are read in the order its header prints them:
// a 法人或其他组织 小计 column may stand before or after the five 法人
// columns, the five may come in another order, 总计 may come first.
// Arithmetic cannot place a 小计 column when only one 法人 column is
// non-zero (the common case): both places add up. The header decides;
// arithmetic only where no header was printed.

// subtotalKey names a 法人或其他组织 小计 column in a layout; no template
// declares it and its values are not kept (only noted when they do not
// add up).
const subtotalKey = "subtotal"

// groupKey stands for the heading 法人或其他组织 over the five columns.
const groupKey = "group"

// heading is a word of table 三's header and the column it names.
type heading struct{ word, key string }

// headings returns the words that name table 三's columns, longest first:
// the template's column keywords, the 法人或其他组织 heading and a 小计.
func headings(t *schema.Template) []heading {
	hs := []heading{
		{"法人或其他组织小计", subtotalKey}, {"法人或其他组织合计", subtotalKey}, {"法人或其他组织", groupKey},
		{"法人和其他组织", groupKey}, {"小计", subtotalKey},
	}
	for _, c := range t.ApplicationColumns {
		for _, kw := range c.Keywords {
			hs = append(hs, heading{kw, c.Key})
		}
	}
	// longest first, so that 其他 inside 法人或其他组织 is not a column
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && len(hs[j].word) > len(hs[j-1].word); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
	return hs
}

// headerNames returns the column names a header label prints, in order
// (a name repeated at once, as a spanning cell copied, counts once).
func headerNames(label string, hs []heading) []string {
	var out []string
	for i := 0; i < len(label); {
		found := false
		for _, h := range hs {
			if strings.HasPrefix(label[i:], h.word) {
				if len(out) == 0 || out[len(out)-1] != h.key {
					out = append(out, h.key)
				}
				i += len(h.word)
				found = true
				break
			}
		}
		if !found {
			i++
		}
	}
	return out
}

// headerLayouts reads the order of the value columns from the names of
// the header rows, in reading order. The first occurrence of each name
// counts. When the heading 法人或其他组织 comes before any of the five, it
// stands for them (a spanning heading over its sub-headings, however the
// rendering orders its rows); otherwise the names are in column order.
// A second layout is given when 法人或其他组织 may itself head a column
// (a one-row header: 自然人 | 法人或其他组织 | 商业企业 …): the caller
// keeps the one whose width matches the printed values.
func headerLayouts(rows [][]string) (layouts [][]string) {
	seen := map[string]bool{}
	var order []string // top-level names and the group marker
	var subs []string  // the 法人 columns and 小计
	group := -1        // where in order the group heading stands
	groupThenSub := false
	for _, names := range rows {
		for i, n := range names {
			if seen[n] {
				continue
			}
			seen[n] = true
			switch {
			case n == groupKey:
				if len(subs) > 0 {
					continue // the columns are named already (a layout row first)
				}
				group = len(order)
				order = append(order, n)
				groupThenSub = i+1 < len(names) && legalName(names[i+1])
			case legalName(n):
				if group >= 0 {
					subs = append(subs, n)
					continue
				}
				order = append(order, n)
			default:
				order = append(order, n)
			}
		}
	}
	var main []string
	for _, n := range order {
		if n == groupKey {
			main = append(main, subs...)
			continue
		}
		main = append(main, n)
	}
	layouts = append(layouts, main)
	if groupThenSub && !seen[subtotalKey] {
		// 法人或其他组织 heading a column of its own, before the five
		var alt []string
		for _, n := range order {
			if n == groupKey {
				alt = append(alt, subtotalKey)
				alt = append(alt, subs...)
				continue
			}
			alt = append(alt, n)
		}
		layouts = append(layouts, alt)
	}
	return layouts
}

func legalName(n string) bool {
	switch n {
	case "natural_person", "total", groupKey:
		return false
	}
	return true
}

// colLayout is table 三's printed value columns.
type colLayout struct {
	keys []string    // printed column keys in order, subtotalKey included
	at   map[int]int // template column index → printed index
	sub  int         // printed index of the 小计 column, or -1
	tot  int         // printed index of 总计
}

// newLayout checks a layout against the template: every name at most
// once, 总计 and at least four of the six applicant columns present.
func newLayout(t *schema.Template, keys []string) *colLayout {
	l := &colLayout{keys: keys, at: map[int]int{}, sub: -1, tot: -1}
	idx := map[string]int{}
	for i, c := range t.ApplicationColumns {
		idx[c.Key] = i
	}
	seen := map[string]bool{}
	for p, k := range keys {
		if seen[k] {
			return nil
		}
		seen[k] = true
		if k == subtotalKey {
			l.sub = p
			continue
		}
		i, ok := idx[k]
		if !ok {
			return nil
		}
		l.at[i] = p
	}
	total := len(t.ApplicationColumns) - 1
	if p, ok := l.at[total]; ok {
		l.tot = p
	} else {
		return nil
	}
	if len(l.at) < len(t.ApplicationColumns)-2 {
		return nil
	}
	return l
}

// standard reports whether the layout is the template's own order.
func (l *colLayout) standard(t *schema.Template) bool {
	if l.sub >= 0 || len(l.keys) != len(t.ApplicationColumns) {
		return false
	}
	for i, c := range t.ApplicationColumns {
		if l.keys[i] != c.Key {
			return false
		}
	}
	return true
}

// rowSum is the row's own arithmetic in this layout: 总计 is the sum of
// the applicant columns, 小计 the sum of the 法人 columns.
func (l *colLayout) rowSum(vals []piece) bool {
	if len(vals) != len(l.keys) {
		return false
	}
	total, sub, legal := 0.0, 0.0, 0.0
	for p, k := range l.keys {
		switch {
		case p == l.tot || p == l.sub:
		case k == "natural_person":
			total += vals[p].num
		default:
			total += vals[p].num
			legal += vals[p].num
		}
	}
	if l.sub >= 0 {
		sub = vals[l.sub].num
		if sub != legal {
			return false
		}
	}
	return total == vals[l.tot].num
}

// order returns the values of a reading in template column order; a
// column the table does not print is a missing piece.
func (l *colLayout) order(vals []piece, ncols int) []piece {
	out := make([]piece, ncols)
	for i := range out {
		p, ok := l.at[i]
		if !ok {
			out[i] = piece{blank: true, missing: true}
			continue
		}
		out[i] = vals[p]
	}
	return out
}

// describe prints the layout for a note: 自然人|商业企业|…|小计|总计.
func (l *colLayout) describe(t *schema.Template) string {
	label := map[string]string{subtotalKey: "小计"}
	for _, c := range t.ApplicationColumns {
		label[c.Key] = c.Label
	}
	parts := make([]string, len(l.keys))
	for i, k := range l.keys {
		parts[i] = label[k]
	}
	return strings.Join(parts, "|")
}

// tableLayout reads table 三's column layout from its header: the rows
// from the table's start to its first row of values, and the label of
// that row up to its own row label (crawler text runs the header into
// it). The layout must fit the values printed: as many columns as the
// rows of values have, unless those are runs of digits. nil when there is
// no header naming the columns.
func tableLayout(t *schema.Template, rows []vrow, reg regions) (*colLayout, []int) {
	hs := headings(t)
	var names [][]string
	widths := map[int]int{}
	first := -1
	for i := reg.t3; i < reg.t4 && i < len(rows); i++ {
		r := rows[i]
		n := valueCount(r.items)
		if n >= 6 && !allEmpty(r.items) {
			if first < 0 && len(r.heads) == len(r.items) {
				// the reader placed the values under the headings it
				// found: they name the columns, one each
				if keys := headKeys(t, r.heads, hs); keys != nil {
					if l := newLayout(t, keys); l != nil {
						return l, nil
					}
				}
			}
			if first < 0 {
				first = i
				label := r.label
				if k := rowStart(label); k >= 0 {
					label = label[:k]
				}
				names = append(names, headerNames(label, hs))
			}
			if !anyBlob(r.items) {
				widths[len(trimEmpty(r.items))]++
			}
			continue
		}
		if first < 0 {
			names = append(names, headerNames(r.label, hs))
		}
	}
	width, most := 0, 0
	for w, c := range widths {
		if c > most || c == most && w < width {
			width, most = w, c
		}
	}
	for _, keys := range headerLayouts(names) {
		l := newLayout(t, keys)
		if l == nil {
			continue
		}
		if width > 0 && len(keys) != width {
			continue
		}
		return l, nil
	}
	return nil, unplaced(t, names)
}

// unplaced returns the template columns whose place a header contradicts
// without naming every column readably (a header squeezed into one line of
// layout text, its last names wrapped onto the next): when one row of it
// names two columns in another order than the template's, the columns
// cannot be placed by the template's order either. The 法人 columns when
// only they are out of order; every column when 自然人 or 总计 is.
func unplaced(t *schema.Template, names [][]string) []int {
	idx := map[string]int{}
	for i, c := range t.ApplicationColumns {
		idx[c.Key] = i
	}
	last := len(t.ApplicationColumns) - 1
	var out []int
	for _, row := range names {
		prev := -1
		for _, n := range row {
			i, ok := idx[n]
			if !ok {
				continue
			}
			if prev >= 0 && i < prev {
				if i == 0 || prev == last {
					out = out[:0]
					for k := range t.ApplicationColumns {
						out = append(out, k)
					}
					return out
				}
				out = []int{1, 2, 3, 4, 5}
			}
			prev = i
		}
	}
	return out
}

// headKeys returns the column of each heading, or nil when a heading
// names no column or more than one. A heading's text may carry spanning
// headings above it (申请人情况, 法人或其他组织: the reader cannot always
// tell them from a wrapped heading); a heading that is only
// 法人或其他组织 heads a column of its own, the 小计.
func headKeys(t *schema.Template, heads []string, hs []heading) []string {
	keys := make([]string, len(heads))
	unnamed := -1
	for i, h := range heads {
		var names []string
		all := headerNames(h, hs)
		for _, n := range all {
			if n != groupKey {
				names = append(names, n)
			}
		}
		switch {
		case len(names) == 1:
			keys[i] = names[0]
		case len(names) == 0 && len(all) == 1:
			keys[i] = subtotalKey
		case len(names) == 0 && len(all) == 0 && unnamed < 0:
			unnamed = i
		default:
			return nil
		}
	}
	if unnamed >= 0 {
		// one heading the reader cut short ("人" of a 自然人 wrapped in a
		// narrow column): when every other column of a full table is
		// named, it is the one left
		want := t.ColumnKeys()
		if len(heads) == len(want)+1 {
			want = append(want, subtotalKey)
		}
		if len(heads) != len(want) {
			return nil
		}
		var left []string
		for _, k := range want {
			if !slices.Contains(keys, k) {
				left = append(left, k)
			}
		}
		if len(left) != 1 {
			return nil
		}
		keys[unnamed] = left[0]
	}
	return keys
}

// rowStart returns where a table 三 row label starts inside a longer
// label (一、本年新收…), or -1.
func rowStart(label string) int {
	best := -1
	for _, w := range []string{"一.本年新收", "本年新收", "一.本年", "二.上年结转"} {
		if i := strings.Index(label, w); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	return best
}

// trimEmpty drops the empty cells before the first printed value of a
// row: positions of merged label cells that a rendering left as empty
// cells (markdown written from a merged grid).
func trimEmpty(items []item) []item {
	for len(items) > 0 && !items[0].blob && strings.TrimSpace(items[0].raw) == "" {
		items = items[1:]
	}
	return items
}

// subtotalNotes notes the rows whose printed 小计 is not the sum of their
// 法人 columns (the report's own slip; the values stay as printed).
func (l *colLayout) subtotalNote(key string, vals []piece) string {
	if l.sub < 0 || len(vals) != len(l.keys) {
		return ""
	}
	legal := 0.0
	for p, k := range l.keys {
		if p != l.sub && p != l.tot && k != "natural_person" {
			legal += vals[p].num
		}
	}
	if s := vals[l.sub]; !s.blank && s.num != legal {
		return fmt.Sprintf("table 三 row %s: 小计 printed %s, the 法人 columns add up to %g", key, s.raw, legal)
	}
	return ""
}

// readRow reads a table 三 row's values: in the layout's columns, put in
// template order (specs has one per template column), or as the
// template's columns when there is no layout.
func readRow(l *colLayout, items []item, specs []numSpec) []reading {
	if l == nil {
		return readings(items, specs, rowSumHolds)
	}
	if len(items) > len(l.keys) && !anyBlob(items) {
		items = trimEmpty(items)
	}
	rr := readings(items, make([]numSpec, len(l.keys)), l.rowSum)
	for i := range rr {
		rr[i].printed = rr[i].vals
		rr[i].vals = l.order(rr[i].vals, len(specs))
	}
	return rr
}

// labelOnlyRows finds, for the template rows no row of values was matched
// to, a line of table 三 that prints the row's label and no value at all:
// a row printed with every cell blank (a layout that drops the empty
// cells). It maps the template row to where the label is; only a label
// that names that one row counts.
func labelOnlyRows(rows []vrow, reg regions, tr []schema.Row, printed []bool) map[int]string {
	out := map[int]string{}
	for i := reg.t3 + 1; i < reg.t4 && i < len(rows); i++ {
		r := rows[i]
		if r.label == "" || !allEmpty(r.items) {
			continue
		}
		c := cands(dropNotes(r.label), tr)
		if len(c) != 1 || printed[c[0]] {
			continue
		}
		if _, taken := out[c[0]]; !taken {
			out[c[0]] = r.loc
		}
	}
	return out
}

// dropSubtotalColumn removes a 法人或其他组织 小计 column from rows that
// print eight values when no header says where it stands: the column that
// equals the sum of the five 法人 columns in the rows where the two
// readings differ. When both places add up in every row (one 法人 column
// non-zero, the common case) the place cannot be proven: the cells the two
// readings disagree on are not read (null, with a note); the cells both
// readings agree on are kept.
func dropSubtotalColumn(data []dataRow, notes *[]string) {
	n8 := 0
	for _, d := range data {
		if len(d.items) == 8 && !anyBlob(d.items) {
			n8++
		}
	}
	if n8 < len(data)/2 {
		return
	}
	// Candidate layouts: 自然人 | 小计 | 5 | 总计, or 自然人 | 5 | 小计 | 总计.
	score := [2]int{}
	for _, d := range data {
		if len(d.items) != 8 || anyBlob(d.items) {
			continue
		}
		v := make([]float64, 8)
		for k, it := range d.items {
			v[k] = cellPiece(it.raw, it.loc).num
		}
		if v[1] == v[2]+v[3]+v[4]+v[5]+v[6] {
			score[0]++
		}
		if v[6] == v[1]+v[2]+v[3]+v[4]+v[5] {
			score[1]++
		}
	}
	drop := 1
	if score[1] > score[0] {
		drop = 6
	}
	unproven := 0
	for i := range data {
		items := data[i].items
		if len(items) != 8 || anyBlob(items) {
			continue
		}
		kept := append(append([]item{}, items[:drop]...), items[drop+1:]...)
		if score[0] == score[1] {
			// the other reading: the 小计 at the other place
			other := 7 - drop
			alt := append(append([]item{}, items[:other]...), items[other+1:]...)
			for k := range kept {
				if cellPiece(kept[k].raw, "").num != cellPiece(alt[k].raw, "").num {
					kept[k].unread = true
					unproven++
				}
			}
		}
		data[i].items = kept
	}
	if unproven > 0 {
		*notes = append(*notes, fmt.Sprintf("table 三: a 法人或其他组织 小计 column whose place no readable header prints and both places add up: %d cells the two readings disagree on are not read", unproven))
		return
	}
	*notes = append(*notes, fmt.Sprintf("table 三: 法人或其他组织 subtotal column %d dropped", drop+1))
}

// joinGroupRows handles a group label and its first item wrapped over two
// lines with the numbers on the first ("（三）不予公开 | 0 0 …" over
// "1.属于国家秘密" with no values): the item's row takes the numbers,
// unless they are the group's subtotal (the sum of its other items).
func joinGroupRows(data []dataRow, tr []schema.Row) []dataRow {
	out := data[:0]
	for i := 0; i < len(data); i++ {
		d := data[i]
		if i+1 < len(data) && !allEmpty(d.items) && allEmpty(data[i+1].items) && data[i+1].label != "" {
			g := groupOf(d.label)
			next := cands(data[i+1].label, tr)
			if g != "" && len(cands(d.label, tr)) == 0 && len(next) == 1 && tr[next[0]].Group == g && !groupSubtotal(data, i, g, tr) {
				data[i+1].label = d.label + data[i+1].label
				data[i+1].items = d.items
				data[i+1].pending = d.pending + data[i+1].pending
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

// groupSubtotal reports whether the values of data[i], a group's label
// row, are the sum of the group's item rows that follow it.
func groupSubtotal(data []dataRow, i int, group string, tr []schema.Row) bool {
	sum := make([]float64, len(data[i].items))
	for k := i + 2; k < len(data); k++ {
		c := cands(data[k].label, tr)
		if len(c) != 1 || tr[c[0]].Group != group {
			break
		}
		if len(data[k].items) != len(sum) {
			return false
		}
		for n, it := range data[k].items {
			sum[n] += cellPiece(it.raw, "").num
		}
	}
	for n, it := range data[i].items {
		if cellPiece(it.raw, "").num != sum[n] {
			return false
		}
	}
	return true
}
