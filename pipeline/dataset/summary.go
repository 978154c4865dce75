package dataset

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"

	"ogi/pipeline/report"
	"ogi/schema"
)

// item is what a build keeps in memory of one report version between the
// summary pass and the write pass: its metadata and the few values the
// cross-report checks need. The full report is loaded again to write it.
type item struct {
	load func() (report.Report, error)

	id                                       string
	source, finalURL, sha, contentType       string
	fetchedAt                                time.Time
	portal                                   string
	gone                                     bool
	title, agency, division, province, level string
	scope, template, detail                  string
	status                                   report.Status
	reason                                   report.Reason
	extractorVersion                         string
	year                                     int
	checksFailed, softFailed                 int
	current, primary                         bool
	extra                                    []report.Check // checks added by the build
	carriedIn, carriedOut                    *float64       // table 三 总计 column
	active                                   map[string]float64
	nonIntegral                              map[string]bool // applications/review cells kept null
}

// ReportID derives the stable id of a report version from its source and
// payload hash.
func ReportID(source, sha string) string {
	h := sha256.Sum256([]byte(source + "\x00" + sha))
	return hex.EncodeToString(h[:16])
}

// summarize loads every report once, derives the metadata and flags, and
// computes the soft checks that compare reports with each other.
func summarize(ctx context.Context, prepared []Prepared, juris []Jurisdiction, workers int) ([]*item, error) {
	byCode := make(map[string]Jurisdiction, len(juris))
	for _, j := range juris {
		byCode[j.Code] = j
	}
	items := make([]*item, len(prepared))
	errs := make([]error, len(prepared))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 2) {
		wg.Go(func() {
			for i := range jobs {
				p := prepared[i]
				rep, err := p.Load()
				if err != nil {
					errs[i] = fmt.Errorf("dataset: load report %s: %w", p.Input.Source, err)
					continue
				}
				items[i] = newItem(p, rep, byCode)
			}
		})
	}
feed:
	for i := range prepared {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("dataset: interrupted: %w", err)
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	markCurrent(items)
	markPrimary(items)
	softChecks(items)
	for _, it := range items {
		for _, c := range it.extra {
			if !c.OK {
				if c.Severity == schema.Soft {
					it.softFailed++
				} else {
					it.checksFailed++
				}
			}
		}
	}
	return items, nil
}

func newItem(p Prepared, rep report.Report, byCode map[string]Jurisdiction) *item {
	in := p.Input
	it := &item{
		load:   p.Load,
		source: cmp.Or(in.Source, rep.Source), finalURL: in.FinalURL,
		sha: cmp.Or(in.SHA256, rep.SHA256), contentType: cmp.Or(in.ContentType, rep.ContentType),
		fetchedAt: in.FetchedAt, portal: in.PortalCode, gone: in.Gone,
		title: rep.Title, agency: rep.Agency, division: cmp.Or(rep.DivisionCode, in.PortalCode),
		scope: rep.Scope, template: rep.Template, status: rep.Status, reason: rep.Reason, detail: rep.Detail,
		extractorVersion: rep.ExtractorVersion, year: rep.Year,
	}
	if it.status == "" {
		it.status = report.StatusFailed
		it.reason = cmp.Or(it.reason, report.ReasonUnreadable)
		it.detail = cmp.Or(it.detail, "extractor gave no status")
	}
	it.id = ReportID(it.source, it.sha)
	if it.division != "" {
		if j, ok := byCode[it.division]; ok {
			it.level, it.province = j.Level, j.ProvinceCode
		} else {
			it.level, it.province = levelOf(it.division)
		}
	}
	for _, c := range rep.Checks {
		if c.OK {
			continue
		}
		if c.Severity == schema.Soft {
			it.softFailed++
		} else {
			it.checksFailed++
		}
	}
	if tot, ok := rep.Applications["carried_in"]["total"]; ok && !tot.Blank {
		v := tot.Num
		it.carriedIn = &v
	}
	if tot, ok := rep.Applications["carried_out"]["total"]; ok && !tot.Blank {
		v := tot.Num
		it.carriedOut = &v
	}
	it.active = map[string]float64{}
	for k, v := range rep.Active {
		if !v.Blank {
			it.active[k] = v.Num
		}
	}
	// Counts are integers; a non-integral count is kept null in the count
	// tables (its printed text stays in cells) and a failed check says so.
	note := func(table, row, col string, v report.Value) {
		if v.Blank || v.Num == math.Trunc(v.Num) && !math.IsInf(v.Num, 0) {
			return
		}
		if it.nonIntegral == nil {
			it.nonIntegral = map[string]bool{}
		}
		it.nonIntegral[table+"/"+row+"/"+col] = true
		it.extra = append(it.extra, report.Check{
			ID: "count_not_integer", Severity: schema.Hard, OK: false, Actual: v.Num,
			Detail: fmt.Sprintf("%s %s %s printed %q: a count must be an integer; stored as null", table, row, col, v.Raw),
		})
	}
	for _, rk := range sortedKeys(rep.Applications) {
		for _, ck := range sortedKeys(rep.Applications[rk]) {
			note(schema.TableApplications, rk, ck, rep.Applications[rk][ck])
		}
	}
	for _, k := range sortedKeys(rep.ReviewLitigation) {
		note(schema.TableReview, k, "", rep.ReviewLitigation[k])
	}
	return it
}

// levelOf derives the level and province of a GB/T 2260 code from its
// structure, for codes missing from the jurisdictions table.
func levelOf(code string) (level, province string) {
	if len(code) != 6 {
		return "", ""
	}
	if _, err := strconv.Atoi(code); err != nil {
		return "", ""
	}
	province = code[:2] + "0000"
	switch {
	case code[2:] == "0000":
		return "province", province
	case code[4:] == "00":
		return "prefecture", province
	default:
		return "county", province
	}
}

// markCurrent marks, for every source, its newest version current.
func markCurrent(items []*item) {
	newest := map[string]*item{}
	for _, it := range items {
		cur, ok := newest[it.source]
		if !ok || it.fetchedAt.After(cur.fetchedAt) || it.fetchedAt.Equal(cur.fetchedAt) && it.sha > cur.sha {
			newest[it.source] = it
		}
	}
	for _, it := range newest {
		it.current = true
	}
}

type cohort struct {
	division, scope string
	year            int
}

// markPrimary picks, for every division, scope and year, the one current
// ok report that comparisons count (a detail page and its attached PDF are
// two sources of one report): fewest failed checks, then the newest fetch,
// then the smallest report id.
func markPrimary(items []*item) {
	best := map[cohort]*item{}
	for _, it := range items {
		if !it.current || it.status != report.StatusOK || it.division == "" || it.year == 0 {
			continue
		}
		k := cohort{it.division, it.scope, it.year}
		cur, ok := best[k]
		if !ok || better(it, cur) {
			best[k] = it
		}
	}
	for _, it := range best {
		it.primary = true
	}
}

func better(a, b *item) bool {
	if a.checksFailed != b.checksFailed {
		return a.checksFailed < b.checksFailed
	}
	if !a.fetchedAt.Equal(b.fetchedAt) {
		return a.fetchedAt.After(b.fetchedAt)
	}
	return a.id < b.id
}

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
		if it.status != report.StatusOK {
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
