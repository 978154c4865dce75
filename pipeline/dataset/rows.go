package dataset

import (
	"cmp"
	"math"
	"ogi/pipeline/report"
	"ogi/schema"
	"slices"
)

func writeReport(tw map[string]*tableWriter, it *item, rep *report.Report, ti *tmplInfo) error {
	r := tw[schema.TableReports]
	r.str(it.id)
	r.str(it.source)
	r.str(it.finalURL)
	r.timestamp(it.fetchedAt)
	r.str(it.sha)
	r.str(it.contentType)
	r.str(it.title)
	r.str(it.agency)
	r.str(it.division)
	r.str(it.province)
	r.str(it.level)
	r.str(it.scope)
	r.str(it.template)
	r.str(string(it.status))
	r.str(string(it.reason))
	r.str(it.detail)
	r.i32(int32(it.checksFailed), true)
	r.i32(int32(it.softFailed), true)
	r.str(it.extractorVersion)
	r.boolean(it.current)
	r.boolean(it.primary)
	r.boolean(it.gone)
	r.str(it.portal)
	r.date(it.published)
	r.str(string(it.publishedSource))
	if err := r.end(); err != nil {
		return err
	}

	count := func(table, row, col string, v report.Value, ok bool) *int64 {
		if !ok || v.Blank || it.nonIntegral[table+"/"+row+"/"+col] {
			return nil
		}
		n := int64(math.Round(v.Num))
		return &n
	}

	a := tw[schema.TableApplications]
	appCols := a.table.Schema.Fields()[3:]
	appRows := report.OrderedKeys(rep.Applications, ti.rowKeys)
	for _, rk := range appRows {
		row := rep.Applications[rk]
		a.str(it.id)
		a.str(it.division)
		a.str(rk)
		for _, c := range appCols {
			v, ok := row[c.Name]
			a.i64(count(schema.TableApplications, rk, c.Name, v, ok))
		}
		if err := a.end(); err != nil {
			return err
		}
	}

	rv := tw[schema.TableReview]
	revCols := rv.table.Schema.Fields()[3:]
	for _, g := range ti.groups {
		present := false
		for _, c := range revCols {
			if _, ok := rep.ReviewLitigation[schema.ReviewKey(g, c.Name)]; ok {
				present = true
			}
		}
		if !present {
			continue
		}
		rv.str(it.id)
		rv.str(it.division)
		rv.str(g)
		for _, c := range revCols {
			k := schema.ReviewKey(g, c.Name)
			v, ok := rep.ReviewLitigation[k]
			rv.i64(count(schema.TableReview, k, "", v, ok))
		}
		if err := rv.end(); err != nil {
			return err
		}
	}

	ac := tw[schema.TableActive]
	activeKeys := report.OrderedKeys(rep.Active, ti.activeKeys)
	for _, k := range activeKeys {
		v := rep.Active[k]
		ac.str(it.id)
		ac.str(it.division)
		ac.str(k)
		ac.f64(num(v))
		ac.str(rep.ActiveUnits[k])
		ac.f64(amountWan(k, num(v), rep.ActiveUnits[k]))
		if err := ac.end(); err != nil {
			return err
		}
	}

	ch := tw[schema.TableChecks]
	checks := append(slices.Clone(rep.Checks), it.extra...)
	for _, c := range checks {
		ch.str(it.id)
		ch.str(c.ID)
		ch.str(cmp.Or(c.Severity, schema.Hard))
		ch.boolean(c.OK)
		e, x := c.Expected, c.Actual
		ch.f64(&e)
		ch.f64(&x)
		ch.str(c.Detail)
		ch.str(it.division)
		if err := ch.end(); err != nil {
			return err
		}
	}

	// Provenance of every value, in report.Cells order: table 二, 三, 四.
	ce := tw[schema.TableCells]
	cell := func(table, row, col string, v report.Value) error {
		ce.str(it.id)
		ce.str(table)
		ce.str(row)
		ce.str(col)
		ce.f64(num(v))
		ce.str(v.Raw)
		ce.boolean(v.Blank)
		ce.boolean(v.Positional)
		ce.str(v.Locator)
		ce.str(it.division)
		return ce.end()
	}
	for _, k := range activeKeys {
		if err := cell(schema.TableActive, k, "", rep.Active[k]); err != nil {
			return err
		}
	}
	for _, rk := range appRows {
		row := rep.Applications[rk]
		for _, ck := range report.OrderedKeys(row, ti.colKeys) {
			if err := cell(schema.TableApplications, rk, ck, row[ck]); err != nil {
				return err
			}
		}
	}
	for _, k := range report.OrderedKeys(rep.ReviewLitigation, ti.reviewKeys) {
		if err := cell(schema.TableReview, k, "", rep.ReviewLitigation[k]); err != nil {
			return err
		}
	}
	return nil
}

func num(v report.Value) *float64 {
	if v.Blank {
		return nil
	}
	n := v.Num
	return &n
}
