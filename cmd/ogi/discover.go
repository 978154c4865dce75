package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"ogi/scrapers/crawl"
	"ogi/scrapers/discover"
	"ogi/scrapers/fetch"
)

// discoverColumns are the columns ogi discover writes: the registry format
// ogi crawl reads, plus what each column was found by.
var discoverColumns = append(append([]string(nil), registryColumns...), "confidence", "evidence")

// runDiscover implements `ogi discover`: find the annual-report columns of
// every registry row that has a home page, politely, and print the
// completed registry.
func runDiscover(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("discover", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("registry", "", "registry to complete: "+registrySource)
	format := fs.String("format", "csv", "output: csv (a registry ogi crawl reads), table or json")
	contact := fs.String("contact", "", "contact (e-mail or URL) put in the User-Agent; required for real portals")
	delay := fs.Duration("delay", 2*time.Second, "minimum delay between two requests to one host (robots.txt Crawl-delay wins when longer)")
	concurrency := fs.Int("concurrency", 32, "hosts discovered at once (never more than one request at a time per host)")
	scale := fs.Float64("delay-scale", 1, "scale our own delays and backoff (for simulations)")
	maxReq := fs.Int("max-requests", discover.DefaultMaxRequests, "page requests per portal at most")
	var sf selectFlags
	sf.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ogi discover --registry cn|FILE [--province P] [--parent CODE] [--level L] [--codes FILE] --contact EMAIL [--format csv|table|json]")
		fmt.Fprintln(stderr, "Finds each portal's 政府信息公开年报 column (and its 部门/乡镇 sub-columns) from its home page and prints")
		fmt.Fprintln(stderr, "the completed registry with list_url, adapter, confidence and evidence. Rows that already have a list_url are kept as they are.")
		fs.PrintDefaults()
	}
	pos, err := flagsAndArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) > 0 || *name == "" || *concurrency < 1 || *maxReq < 1 {
		fs.Usage()
		return 2
	}
	if err := checkFormat(*format); err != nil {
		fmt.Fprintf(stderr, "ogi discover: %v\n", err)
		return 2
	}
	if err := checkPace(*delay, *scale, *concurrency); err != nil {
		fmt.Fprintf(stderr, "ogi discover: %v\n", err)
		return 2
	}
	if *contact != "" {
		if err := checkContact(*contact); err != nil {
			fmt.Fprintf(stderr, "ogi discover: --contact %q: %v\n", *contact, err)
			return 2
		}
	}
	reg, err := loadRegistry(*name, sf, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ogi discover: %v\n", err)
		return exitFor(err)
	}
	if *contact == "" {
		for _, p := range reg.Portals {
			if p.ListURL == "" && !loopbackHost(p.HomeURL) {
				fmt.Fprintln(stderr, "ogi discover: --contact is required to fetch real portals (an e-mail or URL the portal owners can reach you at)")
				return 2
			}
		}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	f := fetch.New(fetch.Options{Contact: *contact, MinDelay: *delay, Scale: *scale, Logger: log})
	defer f.Close()
	results := discoverAll(ctx, f, reg.Portals, *concurrency, discover.Options{MaxRequests: *maxReq}, stderr)
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "ogi discover: interrupted\n")
		return 1
	}
	var rows [][]string
	failed := 0
	for i, p := range reg.Portals {
		r := results[i]
		if r.err != nil {
			failed++
			fmt.Fprintf(stderr, "ogi discover: %s %s: %v\n", p.Code, p.Name, r.err)
			rows = append(rows, append(registryRow(p), "", "not found: "+r.err.Error()))
			continue
		}
		if r.cols == nil { // kept as given
			rows = append(rows, append(registryRow(p), "", "given"))
			continue
		}
		for _, c := range r.cols {
			q := p
			q.ListURL, q.Adapter = c.URL, c.Adapter
			if c.Scope != discover.ScopeOwn {
				q.Scope = c.Scope
			}
			rows = append(rows, append(registryRow(q), string(c.Confidence), c.Evidence))
		}
	}
	if err := writeRows(stdout, *format, discoverColumns, rows); err != nil {
		fmt.Fprintf(stderr, "ogi discover: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "ogi discover: %d portals, %d columns found, %d portals without a column\n", len(reg.Portals), len(rows)-failed, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

type discovered struct {
	cols []discover.Column // nil: the row had a list URL and is kept
	err  error
}

// discoverAll discovers the rows with a home page and no list URL, several
// hosts at once (the fetcher keeps to one request at a time per host).
func discoverAll(ctx context.Context, c fetch.Client, ps []crawl.Portal, limit int, opt discover.Options, stderr io.Writer) []discovered {
	out := make([]discovered, len(ps))
	var g errgroup.Group
	g.SetLimit(limit)
	var mu sync.Mutex
	done, last := 0, time.Now()
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	for i, p := range ps {
		if p.ListURL != "" {
			continue
		}
		g.Go(func() error {
			o := opt
			o.Level = p.Level
			res, err := discover.Discover(ctx, c, p.HomeURL, o)
			mu.Lock()
			defer mu.Unlock()
			out[i] = discovered{cols: res.Columns, err: err}
			if out[i].cols == nil && err == nil {
				out[i].cols = []discover.Column{}
			}
			done++
			if time.Since(last) > 10*time.Second {
				last = time.Now()
				logger.Info("discover progress", "portals", done, "of", len(ps))
			}
			return nil
		})
	}
	_ = g.Wait()
	return out
}

// loopbackHost reports whether u points at this machine (tests, demos).
func loopbackHost(u string) bool {
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	h := pu.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
