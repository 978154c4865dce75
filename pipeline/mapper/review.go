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
		items = blanks
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
		best := 1 << 30
		for _, c := range rds {
			ml := 0
			for _, p := range c.vals {
				ml = max(ml, len(p.raw))
			}
			if ml < best {
				best, rd = ml, c
			}
		}
		*notes = append(*notes, fmt.Sprintf("table 四: digits split as %s (one of %d readings)", rawOf(rd.vals), len(rds)))
	}
	for k, key := range keys {
		out[key] = value(rd.vals[k], false)
	}
	return out
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
