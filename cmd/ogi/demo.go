package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"ogi/internal/simnet"
	"ogi/pipeline/dataset"
	"ogi/pipeline/query"
	"ogi/pipeline/serve"
	"ogi/scrapers/archive"
	"ogi/scrapers/crawl"
	"ogi/scrapers/fetch"
)

// runDemo implements `ogi demo`: the whole product on one machine with no
// network. It starts the simulated portal network on loopback, crawls it
// with the real crawler (politeness delays scaled down, faults on), builds
// the dataset, prints a short comparison and serves the dashboard.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "demo-data", "data folder for the demo's archive and dataset (reused by a second run)")
	portals := fs.Int("portals", 210, "simulated jurisdictions (portals), drawn from 3 provinces")
	seed := fs.Int64("seed", 1, "seed of the simulated network (same seed, same portals and reports)")
	addr := fs.String("addr", "127.0.0.1:8080", "dashboard address (loopback); a busy port falls back to a free one")
	noServe := fs.Bool("no-serve", false, "stop after printing the comparison")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ogi demo [--data demo-data] [--no-serve] [--addr 127.0.0.1:8080] [--portals 210]")
		fmt.Fprintln(stderr, "Crawls a simulated network of government portals on loopback, builds the dataset,")
		fmt.Fprintln(stderr, "prints a comparison and serves the dashboard. Needs no network.")
		fs.PrintDefaults()
	}
	rest, err := flagsAndArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(rest) > 0 || *portals < 1 || *dir == "" {
		fs.Usage()
		return 2
	}
	if err := serve.CheckLoopback(*addr); err != nil {
		fmt.Fprintf(stderr, "ogi demo: %v\n", err)
		return 2
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "ogi demo: %v\n", err)
		return 1
	}
	start := time.Now()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))

	// 1. The simulated network: portals on five CMS patterns, 2019–2025,
	// faults on every third portal, Crawl-delay on some robots.txt.
	sim, err := simnet.Start(simnet.Config{Seed: *seed, Portals: *portals, Faults: true, Lapses: true,
		CrawlDelay: 40 * time.Millisecond, MinInterval: 10 * time.Millisecond, Stall: 1500 * time.Millisecond})
	if err != nil {
		fmt.Fprintf(stderr, "ogi demo: start the simulated network: %v\n", err)
		return 1
	}
	defer sim.Close()
	// The registry names home pages only: the crawl finds every column.
	var reg bytes.Buffer
	if err := sim.WriteHomeRegistry(&reg); err != nil {
		fmt.Fprintf(stderr, "ogi demo: registry: %v\n", err)
		return 1
	}
	ps, err := crawl.ReadRegistry(&reg)
	if err != nil {
		fmt.Fprintf(stderr, "ogi demo: registry: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "== simulated network: %d portals in %s, %d columns, %d published reports, on %s; the registry names home pages only\n",
		len(ps), provincesOf(sim.Portals()), columnsOf(sim.Portals()), len(sim.Expected()), sim.Addr())

	// 2. The real crawler, politeness scaled down for the simulation.
	fmt.Fprintln(stdout, "== crawl")
	cfg := crawl.Config{
		DataDir: *dir, Concurrency: 64, Logger: log,
		Fetch: fetch.Options{DialContext: sim.DialContext, Contact: "demo@localhost",
			MinDelay: 20 * time.Millisecond, BackoffBase: 20 * time.Millisecond,
			ConnectTimeout: 2 * time.Second, HeaderTimeout: time.Second, BodyTimeout: 5 * time.Second,
			MaxBytes: 8 << 20, Logger: log},
		Store:    archive.StoreOptions{SyncEvery: 200 * time.Millisecond},
		OnPortal: progress(stderr, len(ps)),
	}
	sum, err := crawl.Run(ctx, cfg, ps)
	if err != nil {
		fmt.Fprintf(stderr, "ogi demo: crawl: %v\n", err)
		if ctx.Err() != nil || sum.Portals == 0 {
			return 1
		}
	}
	sum.Write(stdout)
	if err := printDiscovery(ctx, *dir, sim, stdout); err != nil {
		fmt.Fprintf(stderr, "ogi demo: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "politeness violations seen by the portals: %d\n", len(sim.Violations()))
	for i, v := range sim.Violations() {
		if i == 5 {
			fmt.Fprintf(stderr, "ogi demo: … %d more\n", len(sim.Violations())-5)
			break
		}
		fmt.Fprintf(stderr, "ogi demo: politeness violation: %s\n", v)
	}
	sim.Close()

	// 3. The dataset.
	fmt.Fprintln(stdout, "== build")
	built, err := buildDataset(ctx, *dir, nil, nil, runtime.GOMAXPROCS(0), log)
	if err != nil {
		fmt.Fprintf(stderr, "ogi demo: build: %v\n", err)
		return 1
	}
	printSummary(stdout, dataset.Dir(*dir), built)
	if built.CurrentFailed > 0 {
		// The simulated network serves some unreadable files on purpose.
		fmt.Fprintf(stdout, "%d reports could not be read (the data quality page lists them)\n", built.CurrentFailed)
	}

	// 4. A short comparison.
	db, err := query.Open(ctx, *dir)
	if err != nil {
		fmt.Fprintf(stderr, "ogi demo: %v\n", err)
		return 1
	}
	err = printDemoComparison(ctx, db, stdout)
	if err == nil {
		err = printDemoCoverage(ctx, db, *dir, stdout)
	}
	db.Close()
	if err != nil {
		fmt.Fprintf(stderr, "ogi demo: compare: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "== done in %s; the data is in %s (ogi sql --data %s \"SELECT …\")\n",
		time.Since(start).Round(time.Second), *dir, *dir)
	if *noServe {
		return 0
	}

	// 5. The dashboard, until Ctrl-C.
	wlog := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	err = serveDashboard(ctx, *dir, *addr, false, nil, wlog, stdout)
	if errors.Is(err, syscall.EADDRINUSE) {
		fmt.Fprintf(stderr, "ogi demo: %s is busy; using a free port\n", *addr)
		err = serveDashboard(ctx, *dir, "127.0.0.1:0", false, nil, wlog, stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "ogi demo: %v\n", err)
		return 1
	}
	return 0
}

func columnsOf(ps []simnet.Portal) int {
	n := 0
	for _, p := range ps {
		n += len(p.Columns)
	}
	return n
}

// printDiscovery compares the columns the crawl discovered from the home
// pages with those the network publishes, and the reports archived with
// those a polite crawler can reach.
func printDiscovery(ctx context.Context, dir string, sim *simnet.Network, w io.Writer) error {
	ds, err := crawl.ReadDiscoveries(dir)
	if err != nil {
		return err
	}
	byCode := map[string]simnet.Portal{}
	for _, p := range sim.Portals() {
		byCode[p.Code] = p
	}
	found, wrong, requests := 0, 0, 0
	for _, d := range ds {
		p, ok := byCode[d.Code]
		requests += d.Requests
		for _, c := range d.Columns {
			if col, in := p.ColumnAt(c.URL); ok && in && col.Scope == string(c.Scope) {
				found++
			} else {
				wrong++
			}
		}
	}
	entries, err := archive.ReportEntries(ctx, dir)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, e := range entries {
		have[e.URL] = true
	}
	reachable, got := 0, 0
	for _, e := range sim.Expected() {
		if e.Blocked == "" {
			reachable++
			if have[e.URL] {
				got++
			}
		}
	}
	fmt.Fprintf(w, "discovery:   %d of %d published columns found from %d home pages (%d not columns), %.1f page requests a portal\n",
		found, columnsOf(sim.Portals()), len(ds), wrong, float64(requests)/float64(max(len(ds), 1)))
	fmt.Fprintf(w, "reports:     %d of %d reachable reports archived (the others are behind challenges, robots.txt or broken pages)\n", got, reachable)
	return nil
}

func provincesOf(ps []simnet.Portal) string {
	seen := map[string]bool{}
	var out []string
	for _, p := range ps {
		if len(p.Code) >= 2 && !seen[p.Code[:2]] {
			seen[p.Code[:2]] = true
			out = append(out, p.Code[:2]+"0000")
		}
	}
	return fmt.Sprintf("%d provinces (%s)", len(out), strings.Join(out, ", "))
}

// printDemoComparison prints, for the latest year with reports, the
// fastest-growing jurisdictions and the highest correction rates
// (denominators of at least query.SmallDenominator only: the ranked rows).
func printDemoComparison(ctx context.Context, db *query.DB, w io.Writer) error {
	res, err := db.Query(ctx, `SELECT max(year) FROM facts WHERE new_received IS NOT NULL`)
	if err != nil {
		return err
	}
	if len(res.Rows) == 0 || res.Rows[0][0] == nil {
		fmt.Fprintln(w, "no report was read: nothing to compare")
		return nil
	}
	year := int(toInt(res.Rows[0][0]))
	for _, c := range []struct{ metric, title string }{
		{"application_growth", "Fastest-growing applications"},
		{"review_correction_rate", "Highest reconsideration correction rates (decided cases)"},
		{"disclosure_rate", "Highest substantive disclosure rates"},
	} {
		if _, ok := query.LookupMetric(c.metric); !ok {
			continue
		}
		r, err := db.Compare(ctx, c.metric, query.Filter{Year: year, Scope: "gov_aggregate"})
		if err != nil {
			return fmt.Errorf("%s: %w", c.metric, err)
		}
		col := map[string]int{}
		for i, name := range r.Columns {
			col[name] = i
		}
		fmt.Fprintf(w, "== %s, %d (%s)\n", c.title, year, c.metric)
		n := 0
		for _, row := range r.Rows {
			if row[col["rank"]] == nil {
				continue
			}
			num, den, val := toFloat(row[col["numerator"]]), toFloat(row[col["denominator"]]), toFloat(row[col["value"]])
			fmt.Fprintf(w, "  %2d. %-6s %s %7.1f%%  (%g / %g)\n", toInt(row[col["rank"]]), fmt.Sprint(row[col["code"]]),
				padRunes(nameOf(row[col["name"]]), 8), val*100, num, den)
			if n++; n == 5 {
				break
			}
		}
		if n == 0 {
			fmt.Fprintf(w, "  (no jurisdiction with a denominator of %d or more)\n", query.SmallDenominator)
		}
		left := 0
		for _, row := range r.Rows {
			if row[col["value"]] == nil && toInt(row[col["unverified"]]) > 0 {
				left++
			}
		}
		if left > 0 {
			fmt.Fprintf(w, "  (%d left out: their figures fail their reports' own arithmetic; ogi compare --include-unverified shows them)\n", left)
		}
	}
	return nil
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case int:
		return float64(x)
	}
	return 0
}

func toInt(v any) int64 { return int64(toFloat(v)) }

func nameOf(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return "?"
}

// padRunes pads s with full-width spaces to n characters, so that columns
// of Chinese names line up in a terminal.
func padRunes(s string, n int) string {
	if k := utf8.RuneCountInString(s); k < n {
		s += strings.Repeat("\u3000", n-k)
	}
	return s
}

// printDemoCoverage prints, for the latest year, who did not publish and
// who published late, province by province (the simulated network leaves
// some reports out and publishes some late), and how to write the
// briefing.
func printDemoCoverage(ctx context.Context, db *query.DB, dir string, w io.Writer) error {
	year, err := db.LatestYear(ctx, "")
	if err != nil {
		return nil // nothing was read: printDemoComparison said so
	}
	provs, err := db.Names(ctx, "province")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== coverage and timeliness, %d (ogi compare coverage; the dashboard's 公开情况 column)\n", year)
	for _, p := range provs {
		code, name, _ := strings.Cut(p, " ")
		res, err := db.Coverage(ctx, query.CoverageFilter{Province: code, Year: year})
		if err != nil {
			return err
		}
		col := map[string]int{}
		for i, c := range res.Columns {
			col[c] = i
		}
		var missing, late []string
		published, obliged, unknown := 0, 0, 0
		for _, r := range res.Rows {
			// not crawled, or crawled before the deadline: nothing to say
			if st := r[col["status"]]; r[col["obliged"]] != true || st == query.CoverageNotCrawled || st == query.CoverageNotDue {
				continue
			}
			obliged++
			switch r[col["status"]] {
			case query.CoveragePublished:
				published++
			case query.CoverageMissing:
				missing = append(missing, fmt.Sprint(r[col["name"]]))
			default: // failed to read, or pages that could not be fetched
				unknown++
			}
			if v, ok := r[col["on_time"]].(bool); ok && !v {
				late = append(late, fmt.Sprintf("%s (+%v days)", r[col["name"]], r[col["days_late"]]))
			}
		}
		fmt.Fprintf(w, "%s: %d of %d crawled governments published; missing: %s; late: %s; not known (pages unreadable or not fetched): %d\n",
			name, published, obliged, listOrNone(missing), listOrNone(late), unknown)
	}
	if len(provs) > 0 {
		code, _, _ := strings.Cut(provs[0], " ")
		fmt.Fprintf(w, "the briefing: ogi brief --data %s --province %s --year %d --format docx --out brief.docx\n", dir, code, year)
	}
	return nil
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, "、")
}
