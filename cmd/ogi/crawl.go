package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"ogi/scrapers/crawl"
	"ogi/scrapers/fetch"
)

// crawlFlags are the flags shared by ogi crawl and ogi run.
type crawlFlags struct {
	registry, dataDir, contact, shard string
	delay                             time.Duration
	concurrency                       int
	scale                             float64
	quiet                             bool
	sel                               selectFlags // --province, --parent, --level, --codes (registry.go)
}

func (cf *crawlFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&cf.registry, "registry", "", "portal registry: "+registrySource+" (code,name,list_url,adapter[,home_url,scope])")
	cf.sel.register(fs)
	fs.StringVar(&cf.dataDir, "data", "", "data directory (archive/ and state/ are written here)")
	fs.StringVar(&cf.contact, "contact", "", "contact (e-mail or URL) put in the User-Agent so portal owners can reach you")
	fs.StringVar(&cf.shard, "shard", "", "crawl only shard i/n of the registry, split by host (1 ≤ i ≤ n)")
	fs.DurationVar(&cf.delay, "delay", 2*time.Second, "minimum delay between two requests to one host (robots.txt Crawl-delay wins when longer)")
	fs.IntVar(&cf.concurrency, "concurrency", 64, "hosts crawled at once (never more than one request at a time per host)")
	fs.Float64Var(&cf.scale, "delay-scale", 1, "scale our own delays and backoff (for simulations; server-announced delays are never scaled)")
	fs.BoolVar(&cf.quiet, "quiet", false, "no progress output")
}

// crawlDescription says what ogi crawl and ogi run do, for their usage.
func crawlDescription(name string) string {
	if name == "run" {
		return "The nightly job: crawls like ogi crawl, then builds the dataset like ogi build --data DIR.\n" +
			"Exit status 1 when a portal or an input failed in either step (the build runs after a crawl with failures)."
	}
	return "Crawls the portals of the registry politely (robots.txt, one request at a time per host, --delay apart)\n" +
		"into DIR/archive (WARC) and DIR/state (journal); a second run is incremental and resumes a killed one.\n" +
		"Exit status 1 when a portal failed."
}

// parseCrawlFlags parses the flags that `ogi crawl` and `ogi run` share.
// When it returns ok false the command exits with status (0 for -h, 2 for
// a usage error).
func parseCrawlFlags(name string, args []string, stderr io.Writer) (cf crawlFlags, status int, ok bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cf.register(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ogi %s --registry CSV --data DIR [--shard i/n] [--contact EMAIL] [--delay 2s]\n", name)
		fmt.Fprintln(stderr, crawlDescription(name))
		fs.PrintDefaults()
	}
	pos, err := flagsAndArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cf, 0, false
		}
		return cf, 2, false
	}
	if cf.dataDir == "" || cf.registry == "" || len(pos) > 0 {
		fmt.Fprintf(stderr, "usage: ogi %s --registry CSV --data DIR [--shard i/n] [--contact EMAIL] [--delay 2s]\n", name)
		return cf, 2, false
	}
	return cf, 0, true
}

// runCrawl implements `ogi crawl`.
func runCrawl(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cf, status, ok := parseCrawlFlags("crawl", args, stderr)
	if !ok {
		return status
	}
	sum, err := doCrawl(ctx, cf, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ogi crawl: %v\n", err)
		if sum.Portals == 0 && !sum.Resumed {
			return exitFor(err)
		}
	}
	sum.Write(stdout)
	if err != nil || sum.Failed() {
		return 1
	}
	return 0
}

func doCrawl(ctx context.Context, cf crawlFlags, stderr io.Writer) (crawl.Summary, error) {
	reg, err := loadRegistry(cf.registry, cf.sel, stderr)
	if err != nil {
		return crawl.Summary{}, err
	}
	portals := reg.Portals
	i, n, err := crawl.ParseShard(cf.shard)
	if err != nil {
		return crawl.Summary{}, err
	}
	portals = crawl.Shard(portals, i, n)
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := crawl.Config{
		DataDir:     cf.dataDir,
		Concurrency: cf.concurrency,
		Logger:      logger,
		Fetch:       fetch.Options{Contact: cf.contact, MinDelay: cf.delay, Scale: cf.scale},
	}
	if !cf.quiet {
		cfg.OnPortal = progress(stderr, len(portals))
	}
	return crawl.Run(ctx, cfg, portals)
}

// progress returns a progress bar on a terminal, periodic log lines otherwise.
func progress(w io.Writer, total int) func(done, total int, s crawl.Summary) {
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("crawl"),
				progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish())
			return func(done, _ int, s crawl.Summary) {
				bar.Describe(fmt.Sprintf("crawl: %d reports, %d new", s.Reports, s.ReportsNew))
				_ = bar.Set(done)
			}
		}
	}
	logger := slog.New(slog.NewTextHandler(w, nil))
	var last time.Time
	return func(done, total int, s crawl.Summary) {
		if time.Since(last) < 10*time.Second && done != total {
			return
		}
		last = time.Now()
		logger.Info("crawl progress", "portals", done, "of", total, "requests", s.Requests, "reports", s.Reports, "new", s.ReportsNew, "bytes", s.Bytes)
	}
}
