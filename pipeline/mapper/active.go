package mapper

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"ogi/pipeline/report"
	"ogi/schema"
)

// activeRow is one printed row of table 二 and its fields in order.
type activeRow struct {
	name     string
	keywords []string
	exclude  []string
	fields   []schema.ActiveField
}

func activeRows(t *schema.Template) []activeRow {
	var out []activeRow
	for _, f := range t.Active {
		if n := len(out); n > 0 && out[n-1].name == f.Row {
			out[n-1].fields = append(out[n-1].fields, f)
			continue
		}
		out = append(out, activeRow{name: f.Row, keywords: f.RowKeywords, exclude: f.RowExclude, fields: []schema.ActiveField{f}})
	}
	return out
}

// mapActive reads table 二: each labelled row with values gives the
// row's fields in template order.
func mapActive(t *schema.Template, rows []vrow, reg regions, notes *[]string) (map[string]report.Value, map[string]string) {
	active := make(map[string]report.Value, len(t.Active))
	units := map[string]string{}
	from := reg.t2
	end := reg.t2End()
	if from < 0 {
		from = max(0, end-40)
	}
	ars := activeRows(t)
	done := make([]bool, len(ars))
	type pending struct {
		ar    activeRow
		items []item
		rds   []reading
	}
	var todo []pending
	for i := from; i < end && i < len(rows); i++ {
		r := rows[i]
		if len(r.items) == 0 {
			continue
		}
		label := r.label
		if label == "" && i+1 < end && i+1 < len(rows) && len(rows[i+1].items) == 0 {
			// Values printed before their label (a layout that put the
			// label's baseline below the numbers).
			label = rows[i+1].label
		}
		if label == "" {
			continue
		}
		best := activeRowOf(label, ars)
		if best < 0 {
			// A label cut short by wrapping: "行政规范性文" (件 on the next line).
			for j, ar := range ars {
				if !done[j] && truncated(label, ar.keywords) && lastMatch(label, ar.exclude, nil) < 0 {
					best = j
					break
				}
			}
		}
		if best < 0 || done[best] {
			continue
		}
		ar := ars[best]
		specs := make([]numSpec, len(ar.fields))
		for k, f := range ar.fields {
			specs[k] = numSpec{decimal: f.Decimal, signed: f.Signed}
		}
		items := r.items
		// Empty cells after the last value pad the line, they are no values.
		for len(items) > len(specs) && !items[len(items)-1].blob && strings.TrimSpace(items[len(items)-1].raw) == "" {
			items = items[:len(items)-1]
		}
		rds := readings(items, specs, nil)
		if len(rds) == 0 {
			// Fewer values than fields: take those printed, in order.
			var ps []piece
			for _, it := range items {
				if !it.blob {
					ps = append(ps, cellPiece(it.raw, it.loc))
				}
			}
			if len(ps) == 0 || len(ps) > len(ar.fields) {
				continue
			}
			rds = []reading{{vals: ps}}
			*notes = append(*notes, fmt.Sprintf("table 二 row %s: %d values for %d columns (%s)", ar.name, len(ps), len(ar.fields), r.loc))
		}
		done[best] = true
		todo = append(todo, pending{ar: ar, items: items, rds: rds})
	}
	// The 2019 本年增/减 column is usually 0 or small, which decides many
	// runs of digits; a row read without doubt that shows a large change
	// refutes that habit for this report, so it no longer decides.
	loose := false
	for _, pd := range todo {
		loose = loose || largeChange(pd.ar.fields, pd.rds)
	}
	for _, pd := range todo {
		ar, items, rds := pd.ar, pd.items, pd.rds
		rd := rds[0]
		if len(rds) > 1 {
			bestCost := math.Inf(1)
			for _, c := range rds {
				if cost := activeCost(ar.fields, c.vals, loose); cost < bestCost {
					rd, bestCost = c, cost
				}
			}
			*notes = append(*notes, fmt.Sprintf("table 二 row %s: digits %q split as %s (one of %d readings)", ar.name, joinRaw(items), rawOf(rd.vals), len(rds)))
		}
		for k, p := range rd.vals {
			f := ar.fields[k]
			active[f.Key] = value(p, false)
			if f.Unit && p.unit != "" {
				units[f.Key] = p.unit
			}
		}
	}
	for _, f := range t.Active {
		if _, ok := active[f.Key]; !ok {
			active[f.Key] = missing()
		}
	}
	if len(units) == 0 {
		units = nil
	}
	return active, units
}

// activeRowOf returns the table 二 row a label names, or -1. A note in
// brackets after the name ("规范性文件（含涉及行政处罚、行政强制的文件）",
// "其他对外管理服务事项（行政许可、行政处罚以外的事项）") names other rows:
// the label without its notes decides; the whole label only when that
// names no row.
func activeRowOf(label string, ars []activeRow) int {
	bare := dropNotes(label)
	if i := strings.LastIndex(bare, "("); i > 0 && !strings.Contains(bare[i:], ")") {
		// a note cut off by wrapping ("行政许可(含行政处罚前置审批事")
		bare = bare[:i]
	}
	for _, l := range []string{bare, label} {
		best, bestEnd := -1, -1
		for j, ar := range ars {
			if e := lastMatch(l, ar.keywords, ar.exclude); e > bestEnd {
				best, bestEnd = j, e
			}
		}
		if best >= 0 {
			return best
		}
	}
	return -1
}

// lastMatch returns the end offset of the last keyword found in label,
// or -1 (also when an exclusion is present after the match start).
func lastMatch(label string, keywords, exclude []string) int {
	return lastMatchMask(label, 0, keywords, nil, exclude)
}

// largeChange reports whether every reading of a row gives it a 本年增/减
// of at least 2 and more than a tenth of a previous count of at least 10:
// evidence that the report fills that column with real changes.
func largeChange(fields []schema.ActiveField, rds []reading) bool {
	ci, pi := -1, -1
	for i, f := range fields {
		switch {
		case strings.HasSuffix(f.Key, "_change"):
			ci = i
		case strings.HasSuffix(f.Key, "_prev_items"):
			pi = i
		}
	}
	if ci < 0 || pi < 0 || len(rds) == 0 {
		return false
	}
	for _, rd := range rds {
		// A row that printed fewer values than fields reads short.
		if ci >= len(rd.vals) || pi >= len(rd.vals) {
			return false
		}
		c, p := rd.vals[ci], rd.vals[pi]
		// Tiny counts prove nothing: 8|-1 is a tenth of nothing much.
		if c.blank || p.blank || p.num < 10 || math.Abs(c.num) < 2 || math.Abs(c.num) <= p.num/10 {
			return false
		}
	}
	return true
}

// activeCost ranks the readings of a run of digits in table 二, where no
// identity decides. It prefers readings whose numbers have balanced
// lengths and that respect how the columns relate in practice: a count
// in force is at least this year's issued count, a 2019 本年增/减 is
// usually 0 and no larger than the previous count, the procurement
// amount per item lies near 300 000 元. Lower is better. loose drops the
// habits of 本年增/减 but a light preference for a change no larger than
// the previous count, for a report whose own rows show large changes.
func activeCost(fields []schema.ActiveField, vals []piece, loose bool) float64 {
	cost := 0.0
	maxLen := 0
	by := map[string]float64{}
	for i, f := range fields {
		p := vals[i]
		suffix := f.Key[strings.LastIndex(f.Key, "_")+1:]
		if strings.HasSuffix(f.Key, "in_force") {
			suffix = "in_force"
		}
		if strings.HasSuffix(f.Key, "total_public") {
			suffix = "total_public"
		}
		if strings.HasSuffix(f.Key, "prev_items") {
			suffix = "prev"
		}
		by[suffix] = p.num
		if !f.Decimal && !f.Unit {
			maxLen = max(maxLen, p.digits())
		}
	}
	cost += 10 * float64(maxLen)
	// Among equally long readings, prefer balanced lengths.
	for i, f := range fields {
		if !f.Decimal && !f.Unit {
			l := float64(vals[i].digits())
			cost += 0.1 * l * l
		}
	}
	if v, ok := by["in_force"]; ok {
		if v < by["issued"] {
			cost += 100
		}
		if by["repealed"] > by["issued"] {
			cost++
		}
	}
	if v, ok := by["total_public"]; ok {
		if v < by["made"] || v < by["published"] {
			cost += 100
		}
		if by["made"] != by["published"] {
			cost += 20
		}
	}
	if c, ok := by["change"]; ok && loose {
		if math.Abs(c) > by["prev"] {
			cost += 3
		}
	} else if ok {
		if c != 0 {
			cost += 20
		}
		if math.Abs(c) > by["prev"] {
			cost += 15
		}
		// A yearly change of the number of items is a small part of
		// the items: more than a tenth costs more than the balance of
		// lengths gains ("210-48800" is -4 | 8800, not -48 | 800).
		if math.Abs(c) > by["prev"]/10 {
			cost += 12
		}
		// Among readings the other habits rank within a few tenths, the
		// shorter change ("396+2181" is +2 | 181, not +21 | 81): a digit
		// of change weighs a little more than a slightly better balance
		// of lengths, less than a clearly better one.
		cost += 0.3 * float64(len(strings.TrimLeft(strconv.FormatFloat(math.Abs(c), 'f', -1, 64), "0")))
	}
	if items, ok := by["items"]; ok {
		amount := by["amount"]
		unit := vals[len(vals)-1].unit
		if unit == "万元" {
			amount *= 1e4
		}
		switch {
		case items == 0 && amount > 0:
			cost += 100
		case items > 0 && amount > 0:
			cost += 10 * math.Abs(math.Log10(amount/items)-5.5)
		}
	}
	return cost
}

func joinRaw(items []item) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.raw)
	}
	return b.String()
}

func rawOf(ps []piece) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.raw
	}
	return strings.Join(s, "|")
}

// truncated reports whether label ends with the first three or more
// characters of a keyword of at least four characters.
func truncated(label string, keywords []string) bool {
	for _, kw := range keywords {
		r := []rune(kw)
		for n := len(r) - 1; n >= 3; n-- {
			if strings.HasSuffix(label, string(r[:n])) {
				return true
			}
		}
	}
	return false
}
