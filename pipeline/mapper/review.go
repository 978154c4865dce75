package mapper

import (
	"fmt"
	"strings"

	"ogi/pipeline/report"
	"ogi/schema"
)

// mapReview reads table 四: the fifteen values after its header, from one
// row, from three five-value tables, or cut from one run of digits with
// each group's total deciding the split.
func mapReview(t *schema.Template, rows []vrow, reg regions, notes *[]string) map[string]report.Value {
	keys := t.ReviewKeys()
	out := make(map[string]report.Value, len(keys))
	var items, blanks []item
	n := 0
	for i := reg.t4; i < reg.end && i < len(rows) && n < len(keys)+countEmpty(items); i++ {
		c := valueCount(rows[i].items)
		if c == 0 || (c < 3 && !anyBlob(rows[i].items)) {
			continue // no values, page numbers, stray marks
		}
		if allBlank(rows[i].items) {
			// empty cells under header cells; used only if nothing else
			blanks = append(blanks, rows[i].items...)
			continue
		}
		items = append(items, rows[i].items...)
		n += c
	}
	if n == 0 {
		if col := transposedReview(t, rows, reg); col != nil {
			items = col
			*notes = append(*notes, "table 四: printed transposed, one labelled value a row")
		} else {
			items = blanks
			if k := strayValues(rows, reg); k > 0 {
				*notes = append(*notes, fmt.Sprintf("table 四: %d values in rows of one or two not read (neither whole rows nor fifteen rows labelled in the template's order)", k))
			}
		}
	}
	specs := make([]numSpec, len(keys))
	groupSums := func(v []piece) bool {
		for g := 0; g+5 <= len(v); g += 5 {
			if v[g].num+v[g+1].num+v[g+2].num+v[g+3].num != v[g+4].num {
				return false
			}
		}
		return true
	}
	// Each group's total must be the sum of its first four: cut any
	// split whose group does not add up as soon as the group is complete.
	groupPrefix := func(v []piece) bool {
		if len(v)%5 != 0 {
			return true
		}
		g := len(v) - 5
		return v[g].num+v[g+1].num+v[g+2].num+v[g+3].num == v[g+4].num
	}
	rds := readingsPruned(items, specs, groupSums, groupPrefix)
	if len(rds) == 0 {
		// Read what is printed, in order.
		var ps []piece
		for _, it := range items {
			if !it.blob {
				ps = append(ps, cellPiece(it.raw, it.loc))
			}
		}
		if len(ps) > 0 {
			*notes = append(*notes, fmt.Sprintf("table 四: %d values printed for %d cells", len(ps), len(keys)))
		}
		for k, key := range keys {
			if k < len(ps) {
				out[key] = value(ps[k], false)
			} else {
				out[key] = missing()
			}
		}
		return out
	}
	rd := rds[0]
	if len(rds) > 1 {
		// The shortest longest number first; among those, the most
		// 结果维持 (upholding is the usual outcome: 11|4, not 1|14).
		best, bestUp := 1<<30, -1.0
		for _, c := range rds {
			ml := 0
			up := 0.0
			for k, p := range c.vals {
				ml = max(ml, p.digits())
				if k%5 == 0 {
					up += p.num
				}
			}
			if ml < best || (ml == best && up > bestUp) {
				best, bestUp, rd = ml, up, c
			}
		}
		*notes = append(*notes, fmt.Sprintf("table 四: digits split as %s (one of %d readings)", rawOf(rd.vals), len(rds)))
	}
	for k, key := range keys {
		out[key] = value(rd.vals[k], false)
	}
	return out
}

// transposedReview reads table 四 printed as fifteen rows of one value
// (行政复议 结果维持 | 3, …): only when every row names its field in the
// template's order and the groups, where named, come in order; otherwise
// nil.
func transposedReview(t *schema.Template, rows []vrow, reg regions) []item {
	keys := t.ReviewKeys()
	nf := len(t.ReviewFields)
	var items []item
	var labels []string
	for i := reg.t4; i < reg.end && i < len(rows); i++ {
		r := rows[i]
		if len(r.items) == 0 {
			continue
		}
		if len(r.items) != 1 || r.items[0].blob || len(items) == len(keys) {
			return nil
		}
		items = append(items, r.items[0])
		labels = append(labels, r.label)
	}
	if len(items) != len(keys) || nf == 0 {
		return nil
	}
	for k, l := range labels {
		f := t.ReviewFields[k%nf]
		kw := f.Keywords
		if f.Key == "total" {
			kw = append(append([]string(nil), kw...), "合计")
		}
		if lastMatch(l, kw, nil) < 0 {
			return nil
		}
		// A row naming another group than its place is not ours to read.
		for g, grp := range t.ReviewGroups {
			if g != k/nf && lastMatch(l, grp.Keywords, nil) >= 0 && lastMatch(l, t.ReviewGroups[k/nf].Keywords, nil) < 0 {
				return nil
			}
		}
	}
	return items
}

// strayValues counts the printed values of table 四's region that sit in
// rows of one or two values.
func strayValues(rows []vrow, reg regions) int {
	k := 0
	for i := reg.t4; i < reg.end && i < len(rows); i++ {
		if c := valueCount(rows[i].items); c > 0 && c < 3 && !allBlank(rows[i].items) {
			k += c
		}
	}
	return k
}

func allBlank(items []item) bool {
	for _, it := range items {
		if it.blob || !isBlankText(it.raw) {
			return false
		}
	}
	return true
}

func countEmpty(items []item) int {
	n := 0
	for _, it := range items {
		if !it.blob && strings.TrimSpace(it.raw) == "" {
			n++
		}
	}
	return n
}
