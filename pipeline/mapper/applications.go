package mapper

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"ogi/pipeline/report"
	"ogi/schema"
)

// dataRow is a table 三 row with values.
type dataRow struct {
	label   string // own label, normalised
	pending string // label text of the lines before it without values
	items   []item
	loc     string
	table   int // the source table (vrow.table)
}

// parenthetical drops long bracketed notes ("(区分处理的,只计这一情形…)")
// that would otherwise match other rows' keywords; "(一)" stays.
var parenthetical = regexp.MustCompile(`\([^()]{4,}\)`)

// dropNotes removes the long bracketed notes of a label (parenthetical);
// most labels have no bracket at all and skip the expression.
func dropNotes(label string) string {
	if strings.IndexByte(label, '(') < 0 {
		return label
	}
	return parenthetical.ReplaceAllString(label, "")
}

// appTable is table 三 as read.
type appTable struct {
	apps   map[string]map[string]report.Value
	single bool // （六） printed as one row
	// absent names what the table does not print: template rows with no
	// printed row (a table cut off), columns without a heading.
	absent []string
}

// mapApplications reads table 三: its rows of values, the template rows
// they are read as (by their labels, else by position), and their values,
// with a note on everything read other than as printed.
func mapApplications(t *schema.Template, rows []vrow, reg regions, notes *[]string) (appTable, error) {
	// The header says which columns the values stand in; without one the
	// template's seven (or a 小计 column found by arithmetic).
	layout, unsure := tableLayout(t, rows, reg)
	width := len(t.ApplicationColumns)
	if layout != nil {
		width = len(layout.keys)
		if !layout.standard(t) {
			*notes = append(*notes, "table 三 columns as the header prints them: "+layout.describe(t))
		}
	}
	data := valueRows(t, rows, reg, width)
	if len(data) == 0 {
		return appTable{}, errors.New("table 三 has no rows of values")
	}
	data = joinLabelRows(data, t.ApplicationRows)
	data = joinGroupRows(data, t.ApplicationRows)
	if layout == nil {
		dropSubtotalColumn(data, notes)
	}
	data = dropStrays(data, t.ApplicationRows, notes)

	ar := &appReader{cols: t.ApplicationColumns, layout: layout, unsure: unsure, notes: notes, data: data}
	ar.placeRows(t)
	matched, err := ar.keepNamed()
	if err != nil {
		return appTable{}, err
	}
	if err := ar.readValues(matched); err != nil {
		return appTable{}, err
	}
	// Rows with several splits are settled by the column identities.
	choice := settle(ar.tr, ar.rds, notes)
	if len(unsure) > 0 {
		*notes = append(*notes, fmt.Sprintf("table 三: the header prints the columns in another order than the template's but not readably enough to place them: %d columns not read", len(unsure)))
	}
	return ar.table(rows, reg, choice), nil
}

// valueRows collects the rows of values of table 三 (width values a row),
// each with its own label and the labels of the lines without values
// above it.
func valueRows(t *schema.Template, rows []vrow, reg regions, width int) []dataRow {
	var data []dataRow
	var pending []string
	for i := reg.t3; i < reg.t4 && i < len(rows); i++ {
		r := rows[i]
		n := valueCount(r.items)
		if !anyBlob(r.items) && n >= 2*width && n%width == 0 && n <= width*len(t.ApplicationRows) {
			// Several rows' values in one run of lines: the first row has
			// the label, the others are placed by position.
			for k := 0; k < n; k += width {
				label := ""
				pend := ""
				if k == 0 {
					label = r.label
					pend = strings.Join(pending, "")
				}
				data = append(data, dataRow{label: dropNotes(label), pending: dropNotes(pend), items: r.items[k : k+width], loc: r.items[k].loc, table: r.table})
			}
			pending = pending[:0]
			continue
		}
		if isHeader(r.label) && allEmpty(r.items) {
			// a header row padded with empty cells (a flattened page
			// prints its spanned positions as bars) holds no values
			pending = pending[:0]
			continue
		}
		if n >= min(6, width-1) && (n <= max(9, width+2) || anyBlob(r.items)) {
			label := r.label
			if i == reg.t3 {
				// The header row's label carries the column headers.
				label = lastSegment(label)
			}
			data = append(data, dataRow{label: dropNotes(label), pending: dropNotes(strings.Join(pending, "")), items: r.items, loc: r.loc, table: r.table})
			pending = pending[:0]
			continue
		}
		switch {
		case r.label == "":
		case isHeader(r.label):
			pending = pending[:0] // column headers are no row's label
		default:
			pending = append(pending, r.label)
		}
	}
	return data
}

// appReader carries table 三 from its rows of values to the values of the
// template rows.
type appReader struct {
	cols   []schema.Column // the template's columns
	layout *colLayout      // the columns as the header prints them, or nil
	unsure []int           // columns the header prints out of order, unreadably
	notes  *[]string
	data   []dataRow
	// tr are the template rows the table is read as (the full table or
	// the one with （六） as a single row); single tells the latter.
	tr     []schema.Row
	single bool
	match  []int       // per data row: the template row it is read as, or -1
	pos    []bool      // per data row: placed by position, not by its label
	rds    [][]reading // per template row: the readings of its values
	src    []int       // per template row: the data row read, or -1
}

// placeRows aligns the data rows with the template's rows and with those
// of the variant that prints （六） as one row, keeps the cheaper, and
// places the rows left out whose labels name a row nothing took.
func (ar *appReader) placeRows(t *schema.Template) {
	full := t.ApplicationRows
	single := templateOf(schema.V2019).ApplicationRows
	variants := [][]schema.Row{full, single}
	if t.ID == schema.V2019 {
		variants = [][]schema.Row{single, full}
	}
	bestCost := math.Inf(1)
	bestV := 0
	for v, tr := range variants {
		match, pos, cost := align(ar.data, tr)
		if cost < bestCost {
			ar.match, ar.pos, bestCost, bestV = match, pos, cost, v
		}
	}
	ar.tr = variants[bestV]
	placeOutOfOrder(ar.data, ar.tr, ar.match, ar.pos, ar.notes)
	ar.single = len(ar.tr) == len(single) && ar.tr[len(ar.tr)-3].Key == "other_processing"
}

// keepNamed returns how many rows are matched. With too few to place any
// by position, a table cut off keeps the rows its labels name; otherwise
// the shape is not the template's.
func (ar *appReader) keepNamed() (int, error) {
	matched := 0
	for _, m := range ar.match {
		if m >= 0 {
			matched++
		}
	}
	if matched >= len(ar.tr)/2 {
		return matched, nil
	}
	named := 0
	for i, j := range ar.match {
		if j >= 0 && ar.pos[i] {
			ar.match[i] = -1
			continue
		}
		if j >= 0 {
			named++
		}
	}
	if named < 2 {
		return 0, fmt.Errorf("table 三: only %d of %d rows recognised", matched, len(ar.tr))
	}
	*ar.notes = append(*ar.notes, fmt.Sprintf("table 三: %d of %d rows printed, each named by its label", named, len(ar.tr)))
	return named, nil
}

// readValues reads the values of every matched row. A table whose rows
// mostly do not read as the template's columns has another shape (a
// column missing or added): no guessing.
func (ar *appReader) readValues(matched int) error {
	specs := make([]numSpec, len(ar.cols))
	ar.rds = make([][]reading, len(ar.tr))
	unreadable := 0
	ar.src = make([]int, len(ar.tr))
	for j := range ar.src {
		ar.src[j] = -1
	}
	for i, j := range ar.match {
		if j < 0 {
			continue
		}
		rr := readRow(ar.layout, ar.data[i].items, specs)
		if len(rr) == 0 {
			*ar.notes = append(*ar.notes, fmt.Sprintf("table 三 row %s: values at %s not readable as %d numbers", ar.tr[j].Key, ar.data[i].loc, len(ar.cols)))
			unreadable++
			continue
		}
		ar.rds[j] = rr
		ar.src[j] = i
	}
	if unreadable*2 > matched {
		return fmt.Errorf("table 三: %d of %d rows do not read as %d columns (%s …)", unreadable, matched, len(ar.cols), firstUnreadable(*ar.notes))
	}
	return nil
}

// table returns table 三 as read, with the reading choice[j] of each
// template row j: the values of the rows read, the rows printed blank,
// and what the table does not print.
func (ar *appReader) table(rows []vrow, reg regions, choice []int) appTable {
	printed := make([]bool, len(ar.tr))
	for _, j := range ar.match {
		if j >= 0 {
			printed[j] = true
		}
	}
	res := appTable{single: ar.single}
	blankRow := labelOnlyRows(rows, reg, ar.tr, printed)
	for j, r := range ar.tr {
		if !printed[j] && blankRow[j] == "" {
			res.absent = append(res.absent, "table 三 row "+r.Key)
		}
	}
	if ar.layout != nil {
		for i, c := range ar.cols {
			if _, ok := ar.layout.at[i]; !ok {
				res.absent = append(res.absent, "table 三 column "+c.Key)
			}
		}
	}
	res.apps = make(map[string]map[string]report.Value, len(ar.tr))
	for j, r := range ar.tr {
		if ar.rds[j] == nil {
			res.apps[r.Key] = ar.blankRow(blankRow[j])
			continue
		}
		res.apps[r.Key] = ar.rowValues(j, ar.rds[j][choice[j]])
	}
	for i, j := range ar.match {
		if j < 0 {
			*ar.notes = append(*ar.notes, fmt.Sprintf("table 三: row at %s (%q) not mapped (subtotal or stray)", ar.data[i].loc, ar.data[i].label))
		}
	}
	return res
}

// blankRow returns the values of a template row not read: blank where
// the row is printed with every cell blank (at loc), else missing.
func (ar *appReader) blankRow(loc string) map[string]report.Value {
	row := make(map[string]report.Value, len(ar.cols))
	for _, c := range ar.cols {
		row[c.Key] = missing()
		if loc != "" {
			// printed with every cell blank
			row[c.Key] = report.BlankValue("", loc)
		}
	}
	return row
}

// rowValues returns the values of template row j as reading rd has them.
func (ar *appReader) rowValues(j int, rd reading) map[string]report.Value {
	r := ar.tr[j]
	row := make(map[string]report.Value, len(ar.cols))
	positional := ar.pos[ar.src[j]]
	if ar.layout != nil {
		if n := ar.layout.subtotalNote(r.Key, rd.printed); n != "" {
			*ar.notes = append(*ar.notes, n)
		}
	}
	for k, c := range ar.cols {
		row[c.Key] = value(rd.vals[k], positional)
		if slices.Contains(ar.unsure, k) && !rd.vals[k].blank && !rd.vals[k].missing {
			v := row[c.Key]
			v.Unread = true
			row[c.Key] = v
		}
	}
	if positional {
		*ar.notes = append(*ar.notes, fmt.Sprintf("table 三 row %s placed by position (%s)", r.Key, ar.data[ar.src[j]].loc))
	}
	return row
}

// dropStrays removes the rows of values that come from a source (a table,
// or the text lines) where no row is named by its own label, when some
// other source has such rows: the footer of a page after a table cut
// short (网站标识码 and its ten digits, a list of dated links) is no row of
// it, whatever position or the words of the lines above would make of it.
func dropStrays(data []dataRow, tr []schema.Row, notes *[]string) []dataRow {
	named := map[int]bool{}
	for _, d := range data {
		if !named[d.table] && d.label != "" && (len(cands(d.label, tr)) > 0 || len(enumerated(d.label, "", tr)) > 0) {
			named[d.table] = true
		}
	}
	if len(named) == 0 {
		return data
	}
	out := data[:0]
	for _, d := range data {
		if !named[d.table] {
			*notes = append(*notes, fmt.Sprintf("table 三: values at %s (%q) not read: no row of their table is named", d.loc, d.label))
			continue
		}
		out = append(out, d)
	}
	return out
}

// firstUnreadable returns the first note about an unreadable row.
func firstUnreadable(notes []string) string {
	for _, n := range notes {
		if strings.Contains(n, "not readable") {
			return n
		}
	}
	return ""
}

// placeOutOfOrder maps the rows the in-order alignment left out when their
// own label names exactly one template row that nothing else took (a
// report printing 二、上年结转 before 一、本年新收). Labels decide, never
// position.
func placeOutOfOrder(data []dataRow, tr []schema.Row, best []int, pos []bool, notes *[]string) {
	taken := make([]bool, len(tr))
	for _, j := range best {
		if j >= 0 {
			taken[j] = true
		}
	}
	for i, j := range best {
		if j >= 0 || data[i].label == "" {
			continue
		}
		c := cands(data[i].label, tr)
		if len(c) != 1 || taken[c[0]] {
			continue
		}
		best[i], pos[i], taken[c[0]] = c[0], false, true
		*notes = append(*notes, fmt.Sprintf("table 三 row %s printed out of order (%s)", tr[c[0]].Key, data[i].loc))
	}
}

// lastSegment returns the text after the last table header word of a
// running-text label ("…其他一、本年新收…" → "一、本年新收…").
func lastSegment(label string) string {
	for _, h := range []string{"法律服务机构其他", "总计", "其他"} {
		if i := strings.LastIndex(label, h); i >= 0 && i+len(h) < len(label) {
			return label[i+len(h):]
		}
	}
	return label
}

// isHeader reports whether a label is table 三's column header text.
func isHeader(label string) bool {
	for _, h := range []string{"自然人", "申请人情况", "商业企业", "科研机构", "法律服务机构", "勾稽关系", "数据1"} {
		if strings.Contains(label, h) {
			return true
		}
	}
	return false
}

// joinLabelRows handles a layout that prints a label on a row of empty
// cells and its numbers on the next row under a label fragment
// ("4.保护第三方" | empty × 7, then "(三)不予" | 16 | 4 …): the empty row
// becomes the label of the next one. Rows of blank cells under a proper
// label stay (a report may print a whole row blank).
func joinLabelRows(data []dataRow, tr []schema.Row) []dataRow {
	out := data[:0]
	for i := 0; i < len(data); i++ {
		d := data[i]
		if i+1 < len(data) && d.label != "" && allEmpty(d.items) && !allEmpty(data[i+1].items) &&
			len(cands(data[i+1].label, tr)) == 0 && len(enumerated(data[i+1].label, "", tr)) == 0 {
			data[i+1].pending = d.pending + d.label + data[i+1].pending
			continue
		}
		if i+1 < len(data) && d.label != "" && allEmpty(d.items) && !allEmpty(data[i+1].items) &&
			continuation(d.label, data[i+1].label, tr) {
			// a label wrapped with its numbers on its second line
			// ("（二）部分公开（区分处" over "理的，…不计其他情形） | 86 …"):
			// one row
			data[i+1].label = dropNotes(d.label + data[i+1].label)
			data[i+1].pending = d.pending + data[i+1].pending
			continue
		}
		out = append(out, d)
	}
	return out
}

// rowMarker matches the enumerator a row label starts with: (二), 1., 一.
var rowMarker = regexp.MustCompile(`^(?:\([一二三四五六七八九十\d]+\)|\d+\.|[一二三四五六七八九十]+\.)`)

// continuation reports whether next, a label without an enumerator of its
// own, is the rest of label: together they name the one row label names.
func continuation(label, next string, tr []schema.Row) bool {
	if next == "" || rowMarker.MatchString(next) {
		return false
	}
	c := cands(label, tr)
	j := cands(dropNotes(label+next), tr)
	return len(c) == 1 && len(j) == 1 && c[0] == j[0]
}

func allEmpty(items []item) bool {
	for _, it := range items {
		if it.blob || strings.TrimSpace(it.raw) != "" {
			return false
		}
	}
	return true
}
