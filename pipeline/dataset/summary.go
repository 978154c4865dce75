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
	"time"

	"ogi/internal/pubdate"
	"ogi/pipeline/report"
	"ogi/schema"

	"golang.org/x/sync/errgroup"
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

	// Publication date (published.go): the inputs' dates, then the one
	// chosen and its source.
	parent             string
	listDate, pageDate time.Time
	published          time.Time
	publishedSource    pubdate.Source
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
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(workers, 2))
	for i, p := range prepared {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			rep, err := p.Load()
			if err != nil {
				return fmt.Errorf("dataset: load report %s: %w", p.Input.Source, err)
			}
			items[i] = newItem(p, rep, byCode)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("dataset: interrupted: %w", err)
	}
	markCurrent(items)
	markPrimary(items)
	datePublished(items)
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

// scopeHint maps a registry scope hint onto a report scope: only
// department and township columns say whose reports they list.
func scopeHint(h string) string {
	switch h {
	case "department", "township":
		return h
	}
	return ""
}

func newItem(p Prepared, rep report.Report, byCode map[string]Jurisdiction) *item {
	in := p.Input
	it := &item{
		load:   p.Load,
		source: cmp.Or(in.Source, rep.Source), finalURL: in.FinalURL,
		sha: cmp.Or(in.SHA256, rep.SHA256), contentType: cmp.Or(in.ContentType, rep.ContentType),
		fetchedAt: in.FetchedAt, portal: in.PortalCode, gone: in.Gone,
		parent: in.Parent, listDate: in.ListDate, pageDate: in.PageDate,
		title: rep.Title, agency: rep.Agency, division: cmp.Or(rep.DivisionCode, in.PortalCode),
		scope: cmp.Or(rep.Scope, scopeHint(in.ScopeHint)), template: rep.Template, status: rep.Status, reason: rep.Reason, detail: rep.Detail,
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
		if !it.current || !it.status.HasTables() || it.division == "" || it.year == 0 {
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
