package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"ogi/pipeline/query"
)

// coverageName is the pseudo-metric of ogi compare that lists coverage.
const coverageName = "coverage"

// compareCoverage prints who should have published and what became of
// it (--by jurisdiction, the default), or the coverage and on-time rates
// per prefecture or province (--by parent, --by province).
func compareCoverage(ctx context.Context, db *query.DB, cf compareFlags, stdout, stderr io.Writer) int {
	f := query.CoverageFilter{Year: cf.year, Scope: query.Scope(cf.scope)}
	if cf.scope == "all" {
		fmt.Fprintln(stderr, "ogi compare coverage: coverage is of one scope (--scope gov_aggregate, gov_office, department or township)")
		return 2
	}
	if cf.juris != "" {
		fmt.Fprintln(stderr, "ogi compare coverage: --jurisdiction does not apply; give --province or --parent")
		return 2
	}
	a, code := resolveArea(ctx, db, "ogi compare coverage", stderr, area{province: cf.province, parent: cf.parent})
	if code != 0 {
		return code
	}
	f.Province, f.Parent = a.province, a.parent
	if f.Year == 0 {
		y, err := db.LatestYear(ctx, f.Province)
		if err != nil {
			fmt.Fprintf(stderr, "ogi compare coverage: %v\n", err)
			return 1
		}
		f.Year = y
		fmt.Fprintf(stderr, "ogi compare coverage: year %d (the latest with reports; --year picks another)\n", y)
	}
	var res *query.Result
	var err error
	switch cf.by {
	case string(query.ByJurisdiction):
		res, err = db.Coverage(ctx, f)
	case string(query.ByParent), string(query.ByProvince):
		f.By = query.By(cf.by)
		res, err = db.CoverageRates(ctx, f)
	}
	var ferr *query.FilterError
	if errors.As(err, &ferr) {
		fmt.Fprintf(stderr, "ogi compare coverage: %v\n", err)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "ogi compare coverage: %v\n", err)
		return 1
	}
	if err := writeResult(stdout, res, cf.format, cf.bom, coverageName); err != nil {
		fmt.Fprintf(stderr, "ogi compare coverage: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, coverageNote(res, f))
	return 0
}

// coverageNote sums a coverage list up for standard error.
func coverageNote(res *query.Result, f query.CoverageFilter) string {
	col := map[string]int{}
	for i, c := range res.Columns {
		col[c] = i
	}
	si, ok := col["status"]
	if !ok {
		return fmt.Sprintf("ogi compare coverage: %d rows (%s, %d)", len(res.Rows), f.Scope, f.Year)
	}
	n := map[string]int{}
	late, unknown := 0, 0
	for _, r := range res.Rows {
		if r[col["obliged"]] != true {
			continue
		}
		n[fmt.Sprint(r[si])]++
		switch v := r[col["on_time"]].(type) {
		case bool:
			if !v {
				late++
			}
		case nil:
			if r[col["report_id"]] != nil {
				unknown++
			}
		}
	}
	return fmt.Sprintf("ogi compare coverage: %s %d: published %d, failed to read %d, missing %d, fetch failed %d, "+
		"not due at the crawl %d, not crawled %d; late %d, date unknown %d",
		f.Scope, f.Year, n[query.CoveragePublished], n[query.CoverageFailed], n[query.CoverageMissing], n[query.CoverageFetchFailed],
		n[query.CoverageNotDue], n[query.CoverageNotCrawled], late, unknown)
}
