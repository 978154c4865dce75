package mapper

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"

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

func rowSumHolds(vals []piece) bool {
	if len(vals) < 2 {
		return false
	}
	s := 0.0
	for _, p := range vals[:len(vals)-1] {
		s += p.num
	}
	return s == vals[len(vals)-1].num
}

// cands returns the template rows whose keywords the label matches,
// preferring the match that ends last in the label.
func cands(label string, tr []schema.Row) []int {
	bestEnd := -1
	var out []int
	// Item rows match without the group label ("(六)其他处理1.申请人…"
	// must not match 3.其他 through 其他处理).
	lm := runeMask(label)
	items, im := label, lm
	if groupNames.inMask(label, lm) {
		items = groupFold.Replace(label)
		im = runeMask(items)
	}
	masks := rowMasks(tr)
	for j, r := range tr {
		l, m := label, lm
		if r.Group != "" {
			l, m = items, im
		}
		var e int
		if masks != nil {
			e = lastMatchMask(l, m, r.Keywords, masks[j], r.Exclude)
		} else {
			e = lastMatch(l, r.Keywords, r.Exclude)
		}
		if e < 0 {
			continue
		}
		if e > bestEnd {
			bestEnd, out = e, out[:0]
		}
		if e == bestEnd {
			out = append(out, j)
		}
	}
	return out
}

// runeMask is a 64-bit summary of the bytes of s that start runes: a
// string holds another only when its mask covers the other's.
func runeMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c&0xC0 == 0x80 {
			continue // a continuation byte
		}
		if c >= 0xE0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			// a three-byte rune (Han text): its last two bytes
			m |= 1 << ((uint32(s[i+1])<<8 | uint32(s[i+2])) * 0x9E3779B1 >> 26)
			i += 2
			continue
		}
		m |= 1 << (c & 63)
	}
	return m
}

// rowMasks returns the runeMasks of the keywords of the application rows
// tr when tr is a template's (by identity), else nil.
func rowMasks(tr []schema.Row) [][]uint64 {
	if len(tr) == 0 {
		return nil
	}
	for _, t := range appKeywordMasks() {
		if &t.rows[0] == &tr[0] && len(t.rows) == len(tr) {
			return t.masks
		}
	}
	return nil
}

// appKeywordMasks are the runeMasks of the keywords of every template's
// application rows, made once.
var appKeywordMasks = sync.OnceValue(func() []struct {
	rows  []schema.Row
	masks [][]uint64
} {
	var out []struct {
		rows  []schema.Row
		masks [][]uint64
	}
	for _, t := range templates() {
		ms := make([][]uint64, len(t.ApplicationRows))
		for j, r := range t.ApplicationRows {
			for _, kw := range r.Keywords {
				ms[j] = append(ms[j], runeMask(kw))
			}
		}
		out = append(out, struct {
			rows  []schema.Row
			masks [][]uint64
		}{t.ApplicationRows, ms})
	}
	return out
})

// lastMatchMask is lastMatch for a label whose runeMask is lm, with the
// keywords' masks: keywords with a rune the label lacks are passed over
// without a search.
func lastMatchMask(label string, lm uint64, keywords []string, masks []uint64, exclude []string) int {
	end := -1
	start := -1
	for k, kw := range keywords {
		if masks[k]&^lm != 0 || !strings.Contains(label, kw) {
			continue
		}
		if i := strings.LastIndex(label, kw); i >= 0 && i+len(kw) > end {
			end, start = i+len(kw), i
		}
	}
	if end < 0 {
		return -1
	}
	tail := label[max(0, start-len("行政")):]
	for _, ex := range exclude {
		if strings.Contains(tail, ex) {
			return -1
		}
	}
	return end
}

// applicationGroups are the table 三 groups (the same in both templates;
// read-only).
var applicationGroups = schema.Template2021().ApplicationGroups // a private copy

// groupFold blanks the group labels out of a label, keeping its length.
var groupFold = strings.NewReplacer("不予公开", "＿＿＿＿", "无法提供", "＿＿＿＿", "不予处理", "＿＿＿＿", "其他处理", "＿＿＿＿")

var groupWords = []string{"不予公开", "无法提供", "不予处理", "其他处理", "小计"}

// groupNames are the four group labels of groupWords.
var groupNames = newMarkerSet(groupWords[:4]...)

// align maps data rows onto template rows in order (dynamic programming):
// a labelled row costs nothing on a row it names and much on another, an
// unlabelled row costs a little anywhere (position), skipping a data row
// (a subtotal, a stray line) or a template row (not printed) costs more.
// It returns, per data row, the template row index or -1, whether the
// row was placed by position, and the total cost.
func align(data []dataRow, tr []schema.Row) ([]int, []bool, float64) {
	n, m := len(data), len(tr)
	type cand struct {
		set   []int // template rows the label names
		group bool
	}
	cs := make([]cand, n)
	ctxGroup := "" // the group of the rows above, for labels that lost it
	for i, d := range data {
		// The row's own label first, then its group and item number, and
		// only then the wrapped text of the lines above (which may also be
		// the tail of the previous row's label).
		if g := groupOf(d.pending + d.label); g != "" {
			ctxGroup = g
		}
		c := cands(d.label, tr)
		if len(c) == 0 {
			c = enumerated(d.label, ctxGroup, tr)
		}
		if len(c) == 0 && d.pending != "" {
			c = cands(d.pending+d.label, tr)
		}
		set := c
		grp := false
		if len(c) == 0 && !itemNumber.MatchString(d.label) {
			for _, g := range groupWords {
				if strings.Contains(d.label, g) {
					grp = true
				}
			}
		}
		cs[i] = cand{set: set, group: grp}
	}

	const (
		mismatch  = 6.0
		position  = 1.0
		skipGroup = 1.5
		skipData  = 4.0
		skipTmpl  = 3.0
	)
	matchCost := func(i, j int) float64 {
		if len(cs[i].set) == 0 {
			return position
		}
		if slices.Contains(cs[i].set, j) {
			return 0
		}
		return mismatch
	}
	skipCost := func(i int) float64 {
		if cs[i].group {
			return skipGroup
		}
		return skipData
	}
	dp := make([][]float64, n+1)
	from := make([][]byte, n+1)
	dpAll, fromAll := make([]float64, (n+1)*(m+1)), make([]byte, (n+1)*(m+1))
	for i := range dp {
		dp[i] = dpAll[i*(m+1) : (i+1)*(m+1)]
		from[i] = fromAll[i*(m+1) : (i+1)*(m+1)]
	}
	for i := 0; i <= n; i++ {
		for j := 0; j <= m; j++ {
			if i == 0 && j == 0 {
				continue
			}
			best, how := math.Inf(1), byte(0)
			if i > 0 && j > 0 {
				if c := dp[i-1][j-1] + matchCost(i-1, j-1); c < best {
					best, how = c, 'm'
				}
			}
			if i > 0 {
				if c := dp[i-1][j] + skipCost(i-1); c < best {
					best, how = c, 'd'
				}
			}
			if j > 0 {
				if c := dp[i][j-1] + skipTmpl; c < best {
					best, how = c, 't'
				}
			}
			dp[i][j], from[i][j] = best, how
		}
	}
	match := make([]int, n)
	pos := make([]bool, n)
	for i, j := n, m; i > 0 || j > 0; {
		switch from[i][j] {
		case 'm':
			match[i-1] = j - 1
			pos[i-1] = len(cs[i-1].set) == 0
			i, j = i-1, j-1
		case 'd':
			match[i-1] = -1
			i--
		default:
			j--
		}
	}
	return match, pos, dp[n][m]
}

// settle picks one reading per row. Rows read as printed have one; rows
// cut from runs of digits may have several, and the choice that satisfies
// most column identities (balance and outcome sums) wins.
func settle(tr []schema.Row, rds [][]reading, notes *[]string) []int {
	choice := make([]int, len(tr))
	var amb []int
	space := 1
	for j, r := range rds {
		if len(r) > 1 {
			amb = append(amb, j)
			if space < 1<<20 {
				space *= len(r)
			}
		}
	}
	if len(amb) == 0 {
		return choice
	}
	idx := map[string]int{}
	for j, r := range tr {
		idx[r.Key] = j
	}
	get := func(key string, col int) float64 {
		j, ok := idx[key]
		if !ok || rds[j] == nil {
			return 0
		}
		p := rds[j][choice[j]].vals[col]
		if p.blank {
			return 0
		}
		return p.num
	}
	score := func() int {
		s := 0
		for c := 0; c < 7; c++ {
			if get("new_received", c)+get("carried_in", c) == get("total_processed", c)+get("carried_out", c) {
				s++
			}
			sum := 0.0
			for _, r := range tr {
				if r.Outcome {
					sum += get(r.Key, c)
				}
			}
			if sum == get("total_processed", c) {
				s++
			}
		}
		return s
	}
	pen := sharePenalties(rds, amb)
	penalty := func() float64 {
		p := 0.0
		for _, j := range amb {
			p += pen[j][choice[j]]
		}
		return p
	}
	if space <= 200000 {
		best := -1
		bestPen := math.Inf(1)
		bestChoice := append([]int{}, choice...)
		var rec func(k int)
		rec = func(k int) {
			if k == len(amb) {
				// The identities decide; among splits they cannot tell
				// apart, the one whose columns look like the table's.
				if s := score(); s > best || (s == best && penalty() < bestPen) {
					best, bestPen = s, penalty()
					copy(bestChoice, choice)
				}
				return
			}
			j := amb[k]
			for c := range rds[j] {
				choice[j] = c
				rec(k + 1)
			}
		}
		rec(0)
		copy(choice, bestChoice)
	} else {
		// Coordinate ascent: improve one row at a time.
		for pass := 0; pass < 4; pass++ {
			for _, j := range amb {
				best, bc := -1, choice[j]
				for c := range rds[j] {
					choice[j] = c
					if s := score(); s > best || (s == best && pen[j][c] < pen[j][bc]) {
						best, bc = s, c
					}
				}
				choice[j] = bc
			}
		}
	}
	for _, j := range amb {
		*notes = append(*notes, fmt.Sprintf("table 三 row %s: digits split as %s (one of %d readings; column identities decided)", tr[j].Key, rawOf(rds[j][choice[j]].vals), len(rds[j])))
	}
	return choice
}

// sharePenalties scores each reading of each ambiguous row by how far its
// applicant columns' shares lie from those of the rows read without doubt
// (natural persons usually file most requests): the L1 distance of the
// share vectors. Only ties of the identities are broken with it.
func sharePenalties(rds [][]reading, amb []int) [][]float64 {
	isAmb := make(map[int]bool, len(amb))
	for _, j := range amb {
		isAmb[j] = true
	}
	var ref []float64
	for j, r := range rds {
		if len(r) != 1 || isAmb[j] {
			continue
		}
		vals := r[0].vals
		if ref == nil {
			ref = make([]float64, len(vals)-1)
		}
		for c := 0; c < len(vals)-1 && c < len(ref); c++ {
			if !vals[c].blank {
				ref[c] += vals[c].num
			}
		}
	}
	refShares := shares(ref)
	if refShares == nil {
		// Nothing read without doubt: a table where natural persons file
		// most requests.
		refShares = []float64{0.8, 0.08, 0.02, 0.02, 0.04, 0.04}
	}
	pen := make([][]float64, len(rds))
	for _, j := range amb {
		pen[j] = make([]float64, len(rds[j]))
		for c, rd := range rds[j] {
			v := make([]float64, len(rd.vals)-1)
			for k := range v {
				if !rd.vals[k].blank {
					v[k] = rd.vals[k].num
				}
			}
			sh := shares(v)
			for k := range sh {
				if k < len(refShares) {
					pen[j][c] += math.Abs(sh[k] - refShares[k])
				}
			}
		}
	}
	return pen
}

// shares returns v divided by its sum, or nil when the sum is 0.
func shares(v []float64) []float64 {
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	if sum <= 0 {
		return nil
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x / sum
	}
	return out
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

// itemNumber finds an item's enumerator in a label: "1." after the group.
var itemNumber = regexp.MustCompile(`([1-9])\.`)

// enumerated reads a label cut short by wrapping ("(五)不予处理3.要求提供")
// by its group and item number: the third row of group 不予处理. A label
// without its group (a layout that prints the group once) takes the group
// of the rows above.
func enumerated(label, ctxGroup string, tr []schema.Row) []int {
	group, at := lastGroup(label)
	if group == "" {
		group, at = ctxGroup, 0
	}
	if group == "" {
		return nil
	}
	m := itemNumber.FindStringSubmatch(label[at:])
	if m == nil {
		return nil
	}
	n := int(m[1][0] - '0')
	k := 0
	for j, r := range tr {
		if r.Group == group {
			k++
			if k == n {
				return []int{j}
			}
		}
	}
	return nil
}

// lastGroup returns the group named last in label and where.
func lastGroup(label string) (string, int) {
	group, at := "", -1
	lm := runeMask(label)
	for gi, g := range applicationGroups {
		for k, kw := range g.Keywords {
			if groupKeywordMasks[gi][k]&^lm != 0 {
				continue // a rune of the keyword is not in the label
			}
			if i := strings.LastIndex(label, kw); i > at {
				group, at = g.Key, i
			}
		}
	}
	return group, max(at, 0)
}

// groupKeywordMasks are the runeMasks of applicationGroups' keywords.
var groupKeywordMasks = func() [][]uint64 {
	out := make([][]uint64, len(applicationGroups))
	for gi, g := range applicationGroups {
		for _, kw := range g.Keywords {
			out[gi] = append(out[gi], runeMask(kw))
		}
	}
	return out
}()

func groupOf(label string) string {
	g, _ := lastGroup(label)
	return g
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
