package dataset

import (
	"fmt"
	"ogi/pipeline/report"
	"ogi/schema"
)

// Fee thresholds (万元) above which a fee is probably printed in 元.
var feeLimit = map[string]float64{"county": 1e6, "prefecture": 1e7, "province": 1e8}

// softChecks adds the checks of report-format.md §1.7 (6–9) that need the
// previous year's report or the jurisdiction level.
func softChecks(items []*item) {
	primary := map[cohort]*item{}
	for _, it := range items {
		if it.primary {
			primary[cohort{it.division, it.scope, it.year}] = it
		}
	}
	for _, it := range items {
		if !it.status.HasTables() {
			continue
		}
		var prev *item
		if it.division != "" && it.year != 0 {
			prev = primary[cohort{it.division, it.scope, it.year - 1}]
		}
		if prev != nil && it.carriedIn != nil && prev.carriedOut != nil {
			it.extra = append(it.extra, report.Check{
				ID: schema.CheckCarryOverPrevYear, Severity: schema.Soft,
				OK: *it.carriedIn == *prev.carriedOut, Expected: *prev.carriedOut, Actual: *it.carriedIn,
				Detail: fmt.Sprintf("carried_in (total) of %d = carried_out (total) of %d in report %s", it.year, prev.year, prev.id),
			})
		}
		if prev != nil && it.template == schema.V2021 && prev.template == schema.V2021 {
			for _, row := range []string{"regulations", "normative_docs"} {
				now, ok1 := it.active[row+"_in_force"]
				before, ok2 := prev.active[row+"_in_force"]
				issued, ok3 := it.active[row+"_issued"]
				repealed, ok4 := it.active[row+"_repealed"]
				if !(ok1 && ok2 && ok3 && ok4) {
					continue
				}
				want := before + issued - repealed
				it.extra = append(it.extra, report.Check{
					ID: schema.CheckT2InForceBalance, Severity: schema.Soft, OK: now == want, Expected: want, Actual: now,
					Detail: fmt.Sprintf("%s_in_force of %d = in force %d (report %s) + issued − repealed of %d", row, it.year, prev.year, prev.id, it.year),
				})
			}
		}
		if it.level == "county" {
			var keys []string
			switch it.template {
			case schema.V2021:
				keys = []string{"regulations_issued", "regulations_repealed", "regulations_in_force"}
			case schema.V2019:
				keys = []string{"regulations_made", "regulations_published", "regulations_total_public"}
			}
			sum, any := 0.0, false
			for _, k := range keys {
				if v, ok := it.active[k]; ok {
					sum += v
					any = true
				}
			}
			if any {
				it.extra = append(it.extra, report.Check{
					ID: schema.CheckCountyRegulations, Severity: schema.Soft, OK: sum == 0, Expected: 0, Actual: sum,
					Detail: "a county-level government has no power to make 规章: the 规章 row should be 0",
				})
			}
		}
		if fee, ok := it.active["fees_amount_wan"]; ok {
			limit, known := feeLimit[it.level]
			if !known {
				limit = feeLimit["province"]
			}
			it.extra = append(it.extra, report.Check{
				ID: schema.CheckFeeUnit, Severity: schema.Soft, OK: fee <= limit, Expected: limit, Actual: fee,
				Detail: fmt.Sprintf("fees_amount_wan at most %g 万元 for level %q; more suggests an amount in 元", limit, it.level),
			})
		}
	}
}
