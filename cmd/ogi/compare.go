package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"ogi/pipeline/query"
)

// compareFlags are the flags of ogi compare.
type compareFlags struct {
	dir, province, parent, juris, scope, by, format string
	year                                            int
	list, unverified, bom                           bool
	deadlines                                       deadlineFlags
}

// scopeChoices and byChoices are the valid values of --scope and --by.
func scopeChoices() []string {
	var out []string
	for _, s := range query.Scopes() {
		out = append(out, string(s))
	}
	return append(out, "all")
}

func byChoices() []string {
	var out []string
	for _, b := range query.Groupings() {
		out = append(out, string(b))
	}
	return out
}

// runCompare ranks jurisdictions on one metric.
func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf compareFlags
	fs.StringVar(&cf.dir, "data", "", "data folder holding DIR/dataset (required)")
	fs.BoolVar(&cf.list, "list", false, "list the metrics and exit (--format json for JSON)")
	fs.StringVar(&cf.province, "province", "", "only this province (code or name, e.g. 370000 or 山东)")
	fs.StringVar(&cf.parent, "parent", "", "only the divisions under this prefecture (code or name)")
	fs.StringVar(&cf.juris, "jurisdiction", "", "only this division (code or name): a time series")
	fs.IntVar(&cf.year, "year", 0, "only this report year (0 = every year)")
	fs.StringVar(&cf.scope, "scope", string(query.ScopeGovAggregate), "report scope compared: "+strings.Join(scopeChoices(), ", "))
	fs.StringVar(&cf.by, "by", string(query.ByJurisdiction), "one row per: "+strings.Join(byChoices(), ", ")+" (Σnumerator/Σdenominator)")
	fs.StringVar(&cf.format, "format", "table", "output: "+strings.Join(outFormats(), ", ")+" (xlsx: a workbook, to a file)")
	fs.BoolVar(&cf.bom, "bom", false, "start CSV with a UTF-8 byte-order mark (for Excel on Windows)")
	fs.Var(&cf.deadlines, "deadline", deadlineUsage)
	fs.BoolVar(&cf.unverified, "include-unverified", false, "count figures that rest on unverified cells in, flagged (left out by default)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ogi compare METRIC --data DIR [filters] | ogi compare coverage --data DIR --province P [--year Y] | ogi compare --list")
		fmt.Fprintln(stderr, "Ranks jurisdictions on a metric over the current, read report of each division, scope and year.")
		fmt.Fprintln(stderr, "coverage lists every county and prefecture that should have published (published, failed to read,")
		fmt.Fprintln(stderr, "missing, fetch_failed, not_due: crawled before its deadline, not_crawled) with its publication date")
		fmt.Fprintln(stderr, "and days late; --by parent or province gives coverage and on-time rates (not_due and not_crawled")
		fmt.Fprintln(stderr, "left out). on_time_rate ranks timeliness (dates from the page, URL or list).")
		fmt.Fprintf(stderr, "Ratios whose denominator is under %d are flagged (small_denominator) and left unranked. A figure\n", query.SmallDenominator)
		fmt.Fprintln(stderr, "resting on a cell that fails the report's identities (or is blank or unread) is unverified: left out")
		fmt.Fprintln(stderr, "of values, ranks and sums and listed with its reasons, unless --include-unverified. What was left out")
		fmt.Fprintln(stderr, "is summarised on standard error. Exit status: 0 ok, 1 the dataset could not be read, 2 usage.")
		fs.PrintDefaults()
	}
	pos, err := flagsAndArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if !validOutFormat(cf.format) {
		fmt.Fprintf(stderr, "ogi compare: unknown format %q (%s)\n", cf.format, strings.Join(outFormats(), ", "))
		return 2
	}
	if cf.list {
		if cf.format == "xlsx" {
			fmt.Fprintln(stderr, "ogi compare: --list prints text (table, csv, json or markdown)")
			return 2
		}
		return listMetrics(stdout, stderr, cf.format)
	}
	if len(pos) != 1 || cf.dir == "" {
		fmt.Fprintln(stderr, "ogi compare: one METRIC and --data DIR are required (ogi compare --list shows the metrics)")
		return 2
	}
	if _, ok := query.LookupMetric(pos[0]); !ok && pos[0] != coverageName {
		var names []string
		for _, m := range query.Metrics() {
			names = append(names, m.Name)
		}
		fmt.Fprintf(stderr, "ogi compare: unknown metric %q (one of: %s; or coverage)\n", pos[0], strings.Join(names, ", "))
		return 2
	}
	if !slices.Contains(scopeChoices(), cf.scope) {
		fmt.Fprintf(stderr, "ogi compare: unknown --scope %q (one of: %s)\n", cf.scope, strings.Join(scopeChoices(), ", "))
		return 2
	}
	if !slices.Contains(byChoices(), cf.by) {
		fmt.Fprintf(stderr, "ogi compare: unknown --by %q (one of: %s)\n", cf.by, strings.Join(byChoices(), ", "))
		return 2
	}
	db, err := query.OpenWith(ctx, cf.dir, query.Options{Deadlines: cf.deadlines})
	if err != nil {
		fmt.Fprintf(stderr, "ogi compare: %v\n", err)
		return 1
	}
	defer db.Close()
	if pos[0] == coverageName {
		return compareCoverage(ctx, db, cf, stdout, stderr)
	}
	return compare(ctx, db, pos[0], cf, stdout, stderr)
}

// compare resolves the filters, runs the comparison, prints it and says
// on stderr what it left out.
func compare(ctx context.Context, db *query.DB, metric string, cf compareFlags, stdout, stderr io.Writer) int {
	scope := query.Scope(cf.scope)
	if cf.scope == "all" {
		scope = query.ScopeAll
	}
	f := query.Filter{Scope: scope, Year: cf.year, By: query.By(cf.by), IncludeUnverified: cf.unverified}
	a, code := resolveArea(ctx, db, "ogi compare", stderr, area{cf.province, cf.parent, cf.juris})
	if code != 0 {
		return code
	}
	f.Province, f.Parent, f.Jurisdiction = a.province, a.parent, a.jurisdiction
	res, err := db.Compare(ctx, metric, f)
	var ferr *query.FilterError
	if errors.As(err, &ferr) {
		fmt.Fprintf(stderr, "ogi compare: %v\n", err)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "ogi compare: %v\n", err)
		return 1
	}
	if err := writeResult(stdout, res, cf.format, cf.bom, metric, "value"); err != nil {
		fmt.Fprintf(stderr, "ogi compare: %v\n", err)
		return 1
	}
	sum, err := db.CompareSummary(ctx, metric, f)
	if err != nil {
		fmt.Fprintf(stderr, "ogi compare: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, leftOutNote(res, sum, f, cf))
	return 0
}

// listEntry is one line of ogi compare --list.
type listEntry struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// coverageEntry is the --list line of ogi compare coverage, which is no
// metric but is asked for the same way.
var coverageEntry = listEntry{
	Name:  "coverage",
	Title: "Coverage and timeliness (公开情况)",
	Description: "every county and prefecture that should have published the year's report (--province or --parent), " +
		"and what became of it: published, failed (found, unreadable), missing, fetch_failed, not_due (crawled before its deadline), " +
		"not_crawled; with its publication date, deadline and days late. --by parent or province gives coverage and on-time rates.",
}

// listMetrics prints the metrics, then coverage: name, title and
// description.
func listMetrics(stdout, stderr io.Writer, format string) int {
	var entries []listEntry
	for _, m := range query.Metrics() {
		entries = append(entries, listEntry{m.Name, m.Title, m.Description})
	}
	entries = append(entries, coverageEntry)
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(entries); err != nil {
			fmt.Fprintf(stderr, "ogi compare: %v\n", err)
			return 1
		}
		return 0
	}
	res := &query.Result{Columns: []string{"name", "title", "description"}}
	for _, e := range entries {
		res.Rows = append(res.Rows, []any{e.Name, e.Title, e.Description})
	}
	if err := query.Write(stdout, res, format); err != nil {
		fmt.Fprintf(stderr, "ogi compare: %v\n", err)
		return 1
	}
	return 0
}

// leftOutNote says, for standard error, how many rows a comparison
// compared and how many each filter left out, and why.
func leftOutNote(res, sum *query.Result, f query.Filter, cf compareFlags) string {
	counts := map[string]int64{}
	reasons := map[string][]string{}
	for _, r := range sum.Rows {
		kind, reason := fmt.Sprint(r[0]), fmt.Sprint(r[1])
		n, _ := r[2].(int64)
		counts[kind] += n
		if n > 0 && reason != "" {
			reasons[kind] = append(reasons[kind], fmt.Sprintf("%s %d", reason, n))
		}
	}
	unit := "jurisdictions"
	if f.Year == 0 {
		unit = "jurisdiction-years"
	}
	var what []string
	if f.Scope != query.ScopeAll {
		what = append(what, string(f.Scope))
	}
	if f.Year != 0 {
		what = append(what, fmt.Sprint(f.Year))
	}
	if len(res.Rows) == 0 {
		return fmt.Sprintf("ogi compare: no compared report matches the filters (%s); nothing to rank", filterText(cf))
	}
	note := fmt.Sprintf("ogi compare: %d %s compared", counts[query.SummaryCompared], unit)
	if len(what) > 0 {
		note += " (" + strings.Join(what, ", ") + ")"
	}
	if n := counts[query.SummaryIncluded]; n > 0 {
		note += fmt.Sprintf(", %d unverified included and flagged", n)
	}
	var left []string
	if len(reasons[query.SummaryUnverified]) > 0 {
		left = append(left, fmt.Sprintf("unverified figures (%s)", strings.Join(reasons[query.SummaryUnverified], ", ")))
	}
	if n := counts[query.SummaryScope]; n > 0 {
		left = append(left, fmt.Sprintf("%d of other scopes (%s; --scope all compares them)", n, strings.Join(reasons[query.SummaryScope], ", ")))
	}
	if n := counts[query.SummaryNotRead]; n > 0 {
		left = append(left, fmt.Sprintf("%d with no report read (%s)", n, strings.Join(reasons[query.SummaryNotRead], ", ")))
	}
	small := 0
	if i := slices.Index(res.Columns, "small_denominator"); i >= 0 {
		for _, r := range res.Rows {
			if r[i] == true {
				small++
			}
		}
	}
	if small > 0 {
		left = append(left, fmt.Sprintf("%d rows unranked (denominator under %d)", small, query.SmallDenominator))
	}
	if len(left) > 0 {
		note += "; left out: " + strings.Join(left, "; ")
	}
	if len(reasons[query.SummaryUnverified]) > 0 && !f.IncludeUnverified {
		note += " (--include-unverified shows unverified figures, flagged)"
	}
	return note
}

// filterText repeats the filters a user gave, for a message.
func filterText(cf compareFlags) string {
	var parts []string
	for _, p := range []struct{ name, v string }{{"province", cf.province}, {"parent", cf.parent}, {"jurisdiction", cf.juris}} {
		if p.v != "" {
			parts = append(parts, "--"+p.name+" "+p.v)
		}
	}
	if cf.year != 0 {
		parts = append(parts, fmt.Sprint("--year ", cf.year))
	}
	parts = append(parts, "--scope "+cf.scope)
	return strings.Join(parts, " ")
}
