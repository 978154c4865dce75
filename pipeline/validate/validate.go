// Package validate evaluates the arithmetic identities that schema
// declares for a template against a report's values and returns them as
// report.Checks. Blank cells count as 0 for the arithmetic; the detail
// says when blanks were involved. Checks never change a value.
package validate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"ogi/pipeline/report"
	"ogi/schema"
)

// Checks evaluates every identity of t on r, in the template's order.
// An identity with a cell the report does not print (a table 三 without
// its 总计 or 结转 row, a table cut off, a column missing) or prints
// unreadably (a doubled sign) cannot be proven: it is reported as failed
// with the detail "not checkable", so a partial table never passes for a
// complete one.
func Checks(t *schema.Template, r *report.Report) []report.Check {
	ids := identities(t)
	out := make([]report.Check, 0, len(ids))
	for _, id := range ids {
		left, lb, lm := sum(r, id.Left)
		right, rb, rm := sum(r, id.Right)
		if lm+rm > 0 {
			// a cell the report does not print (or prints unreadably)
			// leaves the identity unproven either way
			out = append(out, report.Check{ID: id.ID, Severity: id.Severity, OK: false, Expected: left, Actual: right,
				Detail: fmt.Sprintf("not checkable: %d of its %d cells not printed or not readable; %s", lm+rm, len(id.Left)+len(id.Right), id.Doc)})
			continue
		}
		c := report.Check{ID: id.ID, Severity: id.Severity, OK: left == right, Expected: left, Actual: right}
		var notes []string
		if lb+rb > 0 {
			notes = append(notes, fmt.Sprintf("%d blank cells counted as 0", lb+rb))
		}
		if !c.OK {
			notes = append(notes, id.Doc)
		}
		c.Detail = strings.Join(notes, "; ")
		out = append(out, c)
	}
	return out
}

// identityCache holds the identities of each template variant (template
// and number of table 三 rows), built once: they are the same for every
// report.
var identityCache sync.Map // string → []schema.Identity

// identities returns t's identities from the cache. Callers only read
// them.
func identities(t *schema.Template) []schema.Identity {
	key := t.ID + "/" + strconv.Itoa(len(t.ApplicationRows)) + "/" + strconv.Itoa(len(t.ApplicationColumns))
	if ids, ok := identityCache.Load(key); ok {
		return ids.([]schema.Identity)
	}
	ids, _ := identityCache.LoadOrStore(key, t.Identities())
	return ids.([]schema.Identity)
}

// Template returns the template to validate r with: its own, with （六）
// as a single row when the report prints it so. The template is shared:
// callers only read it.
func Template(r *report.Report) (*schema.Template, bool) {
	ts := templates()
	var t *schema.Template
	switch r.Template {
	case schema.V2021:
		t = ts.v2021
		if _, single := r.Applications["other_processing"]; single {
			t = ts.v2021Single
		}
	case schema.V2019:
		t = ts.v2019
	default:
		return nil, false
	}
	return t, true
}

// templates are the templates Template hands out, made once (schema
// makes a copy for every caller).
var templates = sync.OnceValue(func() struct{ v2021, v2021Single, v2019 *schema.Template } {
	t21, t19 := schema.Template2021(), schema.Template2019()
	single := *t21
	single.ApplicationRows = t19.ApplicationRows
	return struct{ v2021, v2021Single, v2019 *schema.Template }{t21, &single, t19}
})

// sum adds the referenced cells: blanks count 0, missing cells count 0.
func sum(r *report.Report, refs []schema.Ref) (total float64, blanks, missing int) {
	// An identity's cells of table 三 often share a row: its map is
	// looked up once.
	var rowKey string
	var row map[string]report.Value
	for _, ref := range refs {
		var v report.Value
		var ok bool
		if ref.Table == schema.TableApplications {
			if row == nil || ref.Row != rowKey {
				rowKey, row = ref.Row, r.Applications[ref.Row]
			}
			v, ok = cell(row, ref.Col)
		} else {
			v, ok = lookup(r, ref)
		}
		switch {
		case !ok:
			missing++
		case v.Blank:
			blanks++
		default:
			total += v.Num
		}
	}
	// Keep sums of decimals stable in their printed precision (whole
	// numbers, the counts, are already).
	if total != math.Trunc(total) || math.Abs(total) >= 1<<53 {
		total, _ = strconv.ParseFloat(strconv.FormatFloat(total, 'f', 6, 64), 64)
	}
	return total, blanks, missing
}

// notPrinted reports whether v stands for a cell the report does not
// print (a row or column missing, a table cut off).
func notPrinted(v report.Value) bool { return v.Locator == "not printed" && v.Raw == "" && v.Blank }

// cell is lookup of a table 三 cell in its row (nil: the row is not
// there).
func cell(row map[string]report.Value, col string) (report.Value, bool) {
	if row == nil {
		return report.Value{}, false
	}
	v, ok := row[col]
	if ok && (notPrinted(v) || v.Unread) {
		return v, false
	}
	return v, ok
}

func lookup(r *report.Report, ref schema.Ref) (report.Value, bool) {
	switch ref.Table {
	case schema.TableApplications:
		row, ok := r.Applications[ref.Row]
		if !ok {
			return report.Value{}, false
		}
		v, ok := row[ref.Col]
		if ok && (notPrinted(v) || v.Unread) {
			return v, false
		}
		return v, ok
	case schema.TableReview:
		v, ok := r.ReviewLitigation[ref.Row]
		if ok && (notPrinted(v) || v.Unread) {
			return v, false
		}
		return v, ok
	case schema.TableActive:
		v, ok := r.Active[ref.Row]
		if ok && (notPrinted(v) || v.Unread) {
			return v, false
		}
		return v, ok
	}
	return report.Value{}, false
}

// Soft evaluates the soft checks that need only the jurisdiction's
// level: county_regulations (a county has no power to make 规章) and
// fee_unit (a fee implausibly large for 万元). level is "county",
// "prefecture", "province" (the levels of package meta) or "" (unknown: no checks).
func Soft(r *report.Report, level string) []report.Check {
	var out []report.Check
	if r.Template != schema.V2021 {
		return out
	}
	if level == "county" {
		n := 0.0
		for _, k := range []string{"regulations_issued", "regulations_repealed", "regulations_in_force"} {
			if v, ok := r.Active[k]; ok && !v.Blank {
				n += v.Num
			}
		}
		out = append(out, report.Check{ID: schema.CheckCountyRegulations, Severity: schema.Soft, OK: n == 0, Expected: 0, Actual: n,
			Detail: "a county-level government has no power to make 规章"})
	}
	if v, ok := r.Active["fees_amount_wan"]; ok && !v.Blank && level != "" {
		limit := 1e6
		if level == "county" {
			limit = 1e5
		}
		out = append(out, report.Check{ID: schema.CheckFeeUnit, Severity: schema.Soft, OK: v.Num <= limit, Expected: limit, Actual: v.Num,
			Detail: "fees are printed in 万元; a larger figure is probably in 元"})
	}
	return out
}
