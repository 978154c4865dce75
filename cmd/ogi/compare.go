package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"ogi/pipeline/query"
)

// runCompare ranks jurisdictions on one metric.
func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "", "data folder holding DIR/dataset (required)")
	list := fs.Bool("list", false, "list the metrics and exit")
	province := fs.String("province", "", "only this province (code or name, e.g. 370000 or 山东)")
	parent := fs.String("parent", "", "only the divisions under this prefecture (code or name)")
	juris := fs.String("jurisdiction", "", "only this division (code or name): a time series")
	year := fs.Int("year", 0, "only this report year (0 = every year)")
	scope := fs.String("scope", "gov_aggregate", "report scope compared: gov_aggregate, gov_office, department, township, or all")
	by := fs.String("by", string(query.ByJurisdiction), "one row per: jurisdiction, parent or province (Σnumerator/Σdenominator)")
	format := fs.String("format", "table", "output: table, csv, json or markdown")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ogi compare METRIC --data DIR [filters] | ogi compare --list")
		fmt.Fprintln(stderr, "Compares the current, ok report of each division, scope and year. Ratios whose")
		fmt.Fprintf(stderr, "denominator is under %d are flagged (small_denominator) and left unranked.\n", query.SmallDenominator)
		fs.PrintDefaults()
	}
	pos, err := flagsAndArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *list {
		for _, m := range query.Metrics() {
			fmt.Fprintf(stdout, "%-28s %s\n%-28s %s\n", m.Name, m.Title, "", m.Description)
		}
		return 0
	}
	if len(pos) != 1 || *dir == "" {
		fmt.Fprintln(stderr, "ogi compare: one METRIC and --data DIR are required (ogi compare --list shows the metrics)")
		return 2
	}
	if _, ok := query.LookupMetric(pos[0]); !ok {
		fmt.Fprintf(stderr, "ogi compare: unknown metric %q; ogi compare --list shows the metrics\n", pos[0])
		return 2
	}
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "ogi compare: unknown format %q (table, csv, json or markdown)\n", *format)
		return 2
	}
	if *scope == "all" {
		*scope = ""
	}
	db, err := query.Open(ctx, *dir)
	if err != nil {
		fmt.Fprintf(stderr, "ogi compare: %v\n", err)
		return 1
	}
	defer db.Close()
	f := query.Filter{Scope: query.Scope(*scope), Year: *year, By: query.By(*by)}
	for _, r := range []struct {
		level string
		in    string
		out   *string
	}{{"province", *province, &f.Province}, {"prefecture", *parent, &f.Parent}, {"", *juris, &f.Jurisdiction}} {
		code, err := db.Resolve(ctx, r.level, r.in)
		if err != nil {
			fmt.Fprintf(stderr, "ogi compare: %v\n", err)
			return 1
		}
		*r.out = code
	}
	res, err := db.Compare(ctx, pos[0], f)
	if err != nil {
		fmt.Fprintf(stderr, "ogi compare: %v\n", err)
		return 1
	}
	if err := query.Write(stdout, res, *format); err != nil {
		fmt.Fprintf(stderr, "ogi compare: %v\n", err)
		return 1
	}
	return 0
}
