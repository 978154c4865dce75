// Package brief writes the briefing (通报) a provincial 政务公开 office
// circulates after the spring deadline: who published the year's
// government reports and who did not or did late, the main metrics with
// their rankings and denominators, notable changes from the year before,
// the reports whose own arithmetic failed (and what failed), and for every
// figure the report it comes from (a link to the archived copy the
// dashboard serves, /archive/REPORT_ID). Only verified figures are used:
// the comparisons of package query, unverified figures left out.
//
// The briefing is gathered into a Brief (Gather), laid out as blocks
// (headings, paragraphs, tables, links; Blocks) and written as Markdown,
// HTML or DOCX from the same blocks (Write). The DOCX is written with
// archive/zip and encoding/xml, as package docx reads them.
package brief

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strings"
	"time"

	"ogi/data"
	"ogi/pipeline/query"
)

// Source is what a briefing reads; *query.DB satisfies it.
type Source interface {
	Query(ctx context.Context, sql string, args ...any) (*query.Result, error)
	CompareAll(ctx context.Context, f query.Filter) (*query.Result, error)
	Coverage(ctx context.Context, f query.CoverageFilter) (*query.Result, error)
	CoverageRates(ctx context.Context, f query.CoverageFilter) (*query.Result, error)
}

// Options say what to brief on.
type Options struct {
	Province, Parent string // codes; Parent "" for the whole province
	Year             int    // required
	// LinkBase is put before /archive/REPORT_ID in links: the dashboard's
	// address (http://127.0.0.1:8080), or "" for links relative to it.
	LinkBase string
}

// MainMetrics are the metrics a briefing ranks, in its order.
var MainMetrics = []string{"disclosure_rate", "not_held_rate", "review_correction_rate", "litigation_loss_rate", "application_growth"}

// changeThreshold is the change from the year before, in percentage
// points, that a briefing calls notable.
const changeThreshold = 10.0

// Entry is one jurisdiction in a list of the briefing.
type Entry struct {
	Code, Name, Parent string
	Status             string
	Published          string // yyyy-mm-dd
	Source             string // of the date
	Deadline           string
	DaysLate           int
	ReportID           string
	Note               string
}

// Figure is a jurisdiction's (or the area's) figure on one metric.
type Figure struct {
	Code, Name string
	Value      float64
	Num, Den   float64
	Rank       int
	ReportID   string // "" for a total
}

// MetricSection is one metric of the briefing.
type MetricSection struct {
	Name, Title, Zh, Description string
	Area                         *Figure // Σnumerator/Σdenominator over the area; nil without a verified figure
	Ranked                       []Figure
	Small, Unverified            int
	UnverifiedReasons            string
}

// Change is a notable change of a jurisdiction's figure from the year
// before.
type Change struct {
	Code, Name, Metric, Zh string
	Prev, Now              float64
	PrevReport, NowReport  string
}

// CheckEntry is a report whose hard checks failed.
type CheckEntry struct {
	Code, Name, Agency, Scope, ReportID, Failed string
	N                                           int
}

// RateRow is one prefecture's coverage.
type RateRow struct {
	Code, Name                                            string
	Obliged, Published, Missing, Failed, Late, NotCrawled int
	// NotDue: no report, but crawled on or before the deadline; left out
	// of Coverage's denominator, as NotCrawled.
	FetchFailed, NotDue int
	Coverage, OnTime    float64 // NaN when undefined
}

// Brief is everything a briefing says.
type Brief struct {
	Options
	Area, ProvinceName, ParentName string
	Total                          RateRow
	ByPrefecture                   []RateRow
	Missing, FetchFailed, Failed   []Entry
	NotCrawled                     []Entry
	NotDue                         []Entry // crawled before the deadline: neither missing nor published
	Late                           []Entry
	DateUnknown                    []Entry
	Metrics                        []MetricSection
	Changes                        []Change
	Checks                         []CheckEntry
	Reports                        int // compared reports of the year
}

// Link is the address of a report's archived copy.
func (b *Brief) Link(reportID string) string {
	if reportID == "" {
		return ""
	}
	return strings.TrimRight(b.LinkBase, "/") + "/archive/" + reportID
}

func readSQL(name string) (string, error) {
	bs, err := fs.ReadFile(data.SQL, "sql/"+name)
	if err != nil {
		return "", fmt.Errorf("brief: %w", err)
	}
	return string(bs), nil
}

// Gather reads everything the briefing says from src.
func Gather(ctx context.Context, src Source, opt Options) (*Brief, error) {
	if opt.Province == "" || opt.Year == 0 {
		return nil, fmt.Errorf("brief: a province and a year are required")
	}
	b := &Brief{Options: opt}
	var err error
	if b.ProvinceName, err = nameOf(ctx, src, opt.Province); err != nil {
		return nil, err
	}
	b.Area = b.ProvinceName
	if opt.Parent != "" {
		if b.ParentName, err = nameOf(ctx, src, opt.Parent); err != nil {
			return nil, err
		}
		b.Area += b.ParentName
	}
	reports, err := reportIDs(ctx, src, opt)
	if err != nil {
		return nil, err
	}
	for k := range reports {
		if k.year == opt.Year {
			b.Reports++
		}
	}
	if err := b.coverage(ctx, src); err != nil {
		return nil, err
	}
	if err := b.metrics(ctx, src, reports); err != nil {
		return nil, err
	}
	if err := b.checks(ctx, src); err != nil {
		return nil, err
	}
	return b, nil
}

func nameOf(ctx context.Context, src Source, code string) (string, error) {
	res, err := src.Query(ctx, "SELECT name FROM jurisdictions WHERE code = $code", sql.Named("code", code))
	if err != nil {
		return "", fmt.Errorf("brief: name of %s: %w", code, err)
	}
	if len(res.Rows) == 0 {
		return code, nil
	}
	return fmt.Sprint(res.Rows[0][0]), nil
}

type divYear struct {
	code string
	year int
}

// reportIDs finds the compared report of every jurisdiction in the year
// and the year before.
func reportIDs(ctx context.Context, src Source, opt Options) (map[divYear]string, error) {
	q, err := readSQL("brief_reports.sql")
	if err != nil {
		return nil, err
	}
	res, err := src.Query(ctx, q, sql.Named("province", opt.Province), sql.Named("parent", opt.Parent),
		sql.Named("scope", string(query.ScopeGovAggregate)), sql.Named("year", opt.Year))
	if err != nil {
		return nil, fmt.Errorf("brief: reports: %w", err)
	}
	out := map[divYear]string{}
	for _, r := range res.Rows {
		out[divYear{text(r[0]), toInt(r[1])}] = text(r[2])
	}
	return out, nil
}

// coverage gathers who published, who did not, and who did late.
func (b *Brief) coverage(ctx context.Context, src Source) error {
	f := query.CoverageFilter{Province: b.Province, Parent: b.Parent, Year: b.Year, Scope: query.ScopeGovAggregate}
	cov, err := src.Coverage(ctx, f)
	if err != nil {
		return fmt.Errorf("brief: coverage: %w", err)
	}
	col := index(cov.Columns)
	for _, r := range cov.Rows {
		if r[col["obliged"]] != true {
			continue
		}
		e := Entry{Code: text(r[col["code"]]), Name: text(r[col["name"]]), Parent: text(r[col["parent_name"]]),
			Status: text(r[col["status"]]), ReportID: text(r[col["report_id"]]), Source: text(r[col["published_source"]])}
		e.Published, e.Deadline = dateOf(r[col["published"]]), dateOf(r[col["deadline"]])
		e.DaysLate = toInt(r[col["days_late"]])
		switch e.Status {
		case query.CoverageMissing:
			b.Missing = append(b.Missing, e)
		case query.CoverageFetchFailed:
			e.Note = fmt.Sprintf("%d 个页面抓取失败", toInt(r[col["failed_urls"]]))
			b.FetchFailed = append(b.FetchFailed, e)
		case query.CoverageFailed:
			b.Failed = append(b.Failed, e)
		case query.CoverageNotCrawled:
			b.NotCrawled = append(b.NotCrawled, e)
		case query.CoverageNotDue:
			e.Note = "截至" + dateOf(r[col["last_fetched"]]) + "抓取时尚未过公开期限（" + e.Deadline + "）"
			b.NotDue = append(b.NotDue, e)
		}
		switch onTime, ok := r[col["on_time"]].(bool); {
		case ok && !onTime:
			b.Late = append(b.Late, e)
		case !ok && e.ReportID != "":
			b.DateUnknown = append(b.DateUnknown, e)
		}
	}
	sort.SliceStable(b.Late, func(i, j int) bool { return b.Late[i].DaysLate > b.Late[j].DaysLate })
	for _, by := range []query.By{query.ByAll, query.ByParent} {
		if by == query.ByParent && b.Parent != "" {
			break
		}
		f.By = by
		rates, err := src.CoverageRates(ctx, f)
		if err != nil {
			return fmt.Errorf("brief: coverage rates: %w", err)
		}
		col := index(rates.Columns)
		for _, r := range rates.Rows {
			rr := RateRow{Code: text(r[col["code"]]), Name: text(r[col["name"]]), Obliged: toInt(r[col["obliged"]]),
				Published: toInt(r[col["published"]]), Missing: toInt(r[col["missing"]]), Failed: toInt(r[col["failed"]]),
				FetchFailed: toInt(r[col["fetch_failed"]]), NotCrawled: toInt(r[col["not_crawled"]]), Late: toInt(r[col["late"]]),
				NotDue:   toInt(r[col["not_due"]]),
				Coverage: toFloat(r[col["coverage_rate"]]), OnTime: toFloat(r[col["on_time_rate"]])}
			if by == query.ByAll {
				b.Total = rr
			} else {
				if rr.Code == b.Province {
					rr.Name = "地市人民政府本级" // the prefectures' own governments
				}
				b.ByPrefecture = append(b.ByPrefecture, rr)
			}
		}
	}
	return nil
}

// metrics gathers the main metrics: the area's figure, the ranked
// jurisdictions, what was left out, and the notable changes.
func (b *Brief) metrics(ctx context.Context, src Source, reports map[divYear]string) error {
	f := query.Filter{Province: b.Province, Parent: b.Parent, Year: b.Year, Scope: query.ScopeGovAggregate}
	now, err := src.CompareAll(ctx, f)
	if err != nil {
		return fmt.Errorf("brief: compare: %w", err)
	}
	f.By = query.ByParent
	if b.Parent == "" {
		f.By = query.ByProvince
	}
	area, err := src.CompareAll(ctx, f)
	if err != nil {
		return fmt.Errorf("brief: compare: %w", err)
	}
	prevF := query.Filter{Province: b.Province, Parent: b.Parent, Year: b.Year - 1, Scope: query.ScopeGovAggregate}
	prev, err := src.CompareAll(ctx, prevF)
	if err != nil {
		return fmt.Errorf("brief: compare: %w", err)
	}
	areaCode := b.Province
	if b.Parent != "" {
		areaCode = b.Parent
	}
	for _, name := range MainMetrics {
		m, ok := query.LookupMetric(name)
		if !ok {
			continue
		}
		sec := MetricSection{Name: name, Title: m.Title, Zh: zhTitle(m.Title), Description: m.Description}
		var reasons []string
		for _, r := range rowsOf(now, name) {
			switch {
			case r.unverified != "":
				sec.Unverified++
				reasons = append(reasons, r.unverified)
			case r.ok && r.small:
				sec.Small++
			case r.ok && r.rank > 0:
				sec.Ranked = append(sec.Ranked, Figure{Code: r.code, Name: r.name, Value: r.value, Num: r.num, Den: r.den,
					Rank: r.rank, ReportID: reports[divYear{r.code, b.Year}]})
			}
		}
		sec.UnverifiedReasons = strings.Join(dedupe(reasons), ", ")
		for _, r := range rowsOf(area, name) {
			if r.code == areaCode && r.ok {
				sec.Area = &Figure{Code: r.code, Name: b.Area, Value: r.value, Num: r.num, Den: r.den}
			}
		}
		b.Metrics = append(b.Metrics, sec)
		if m.Flag || name == "application_growth" {
			continue
		}
		before := map[string]row{}
		for _, r := range rowsOf(prev, name) {
			before[r.code] = r
		}
		for _, r := range rowsOf(now, name) {
			p, ok := before[r.code]
			if !ok || !ranked(r) || !ranked(p) || math.Abs(r.value-p.value)*100 < changeThreshold {
				continue
			}
			b.Changes = append(b.Changes, Change{Code: r.code, Name: r.name, Metric: name, Zh: sec.Zh, Prev: p.value, Now: r.value,
				PrevReport: reports[divYear{r.code, b.Year - 1}], NowReport: reports[divYear{r.code, b.Year}]})
		}
	}
	sort.SliceStable(b.Changes, func(i, j int) bool {
		return math.Abs(b.Changes[i].Now-b.Changes[i].Prev) > math.Abs(b.Changes[j].Now-b.Changes[j].Prev)
	})
	return nil
}

// checks gathers the reports whose hard checks failed.
func (b *Brief) checks(ctx context.Context, src Source) error {
	q, err := readSQL("brief_failed_checks.sql")
	if err != nil {
		return err
	}
	res, err := src.Query(ctx, q, sql.Named("province", b.Province), sql.Named("parent", b.Parent), sql.Named("year", b.Year))
	if err != nil {
		return fmt.Errorf("brief: failed checks: %w", err)
	}
	for _, r := range res.Rows {
		b.Checks = append(b.Checks, CheckEntry{ReportID: text(r[0]), Code: text(r[1]), Name: text(r[2]), Agency: text(r[3]),
			Scope: text(r[4]), N: toInt(r[5]), Failed: text(r[6])})
	}
	return nil
}

// row is one row of a CompareAll result.
type row struct {
	code, name, unverified string
	value, num, den        float64
	rank                   int
	ok, small              bool
}

func ranked(r row) bool { return r.ok && !r.small && r.unverified == "" }

// rowsOf picks one metric's rows of a CompareAll result.
func rowsOf(res *query.Result, metric string) []row {
	col := index(res.Columns)
	var out []row
	for _, r := range res.Rows {
		if text(r[col["metric"]]) != metric {
			continue
		}
		v, ok := r[col["value"]].(float64)
		out = append(out, row{code: text(r[col["code"]]), name: text(r[col["name"]]), value: v, ok: ok && !math.IsNaN(v),
			num: toFloat(r[col["numerator"]]), den: toFloat(r[col["denominator"]]), rank: toInt(r[col["rank"]]),
			small: r[col["small_denominator"]] == true, unverified: text(r[col["unverified_reasons"]])})
	}
	return out
}

func index(cols []string) map[string]int {
	m := map[string]int{}
	for i, c := range cols {
		m[c] = i
	}
	return m
}

func text(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func toInt(v any) int {
	switch x := v.(type) {
	case int64:
		return int(x)
	case int32:
		return int(x)
	case int:
		return x
	case float64:
		return int(x)
	}
	return 0
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	}
	return math.NaN()
}

// zhTitle is the Chinese name in a metric's title ("… (实质公开率)").
func zhTitle(title string) string {
	if i := strings.LastIndex(title, "("); i >= 0 && strings.HasSuffix(title, ")") {
		return title[i+1 : len(title)-1]
	}
	return title
}

func dedupe(lists []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		for _, r := range strings.Split(l, ", ") {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	sort.Strings(out)
	return out
}

// dateOf prints a DATE value as 2006-01-02 ("" for NULL).
func dateOf(v any) string {
	switch t := v.(type) {
	case query.Date:
		return t.String()
	case time.Time:
		return t.Format(time.DateOnly)
	}
	return ""
}
