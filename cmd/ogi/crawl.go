package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"ogi/scrapers/crawl"
	"ogi/scrapers/fetch"
)

// crawlFlags are the flags shared by ogi crawl and ogi run.
type crawlFlags struct {
	registry, dataDir, contact, shard string
	shards                            int
	delay                             time.Duration
	concurrency                       int
	scale                             float64
	quiet, statsJSON                  bool
	recordedTime                      string
	sel                               selectFlags // --province, --parent, --level, --codes (registry.go)
	// dial, set by tests only, maps portal hosts onto a simulated network.
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// envRecordedTime fixes the recorded clock when --recorded-time is not
// given (reproducibility checks of sharded runs set it for every task).
const envRecordedTime = "OGI_RECORDED_TIME"

func (cf *crawlFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&cf.registry, "registry", "", "portal registry: "+registrySource+" (code,name,list_url,adapter[,home_url,scope])")
	cf.sel.register(fs)
	fs.StringVar(&cf.dataDir, "data", "", "data directory (archive/ and state/ are written here; one per shard)")
	fs.StringVar(&cf.contact, "contact", "", "your e-mail or URL, put in the User-Agent so portal owners can reach you (required for hosts outside loopback)")
	fs.StringVar(&cf.shard, "shard", "", "crawl only shard i/n of the registry, split by host (1 ≤ i ≤ n); default: from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX")
	fs.IntVar(&cf.shards, "shards", 0, "shard count for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX gives the index; or set "+crawl.EnvShards+")")
	fs.DurationVar(&cf.delay, "delay", 2*time.Second, "minimum delay between two requests to one host (robots.txt Crawl-delay wins when longer)")
	fs.IntVar(&cf.concurrency, "concurrency", 64, "hosts crawled at once (never more than one request at a time per host)")
	fs.Float64Var(&cf.scale, "delay-scale", 1, "scale our own delays and backoff (for simulations; server-announced delays are never scaled)")
	fs.BoolVar(&cf.quiet, "quiet", false, "no progress output")
	fs.BoolVar(&cf.statsJSON, "stats-json", false, "print the run's statistics as one JSON object on stdout (as kept in DIR/state/runs.jsonl) instead of the summary")
	fs.StringVar(&cf.recordedTime, "recorded-time", "", "record this RFC 3339 instant as every fetch time instead of the clock (reproducibility checks: two crawls of the same sites then give byte-identical datasets; never changes a wait). Default: $"+envRecordedTime)
}

// crawlDescription says what ogi crawl and ogi run do, for their usage.
func crawlDescription(name string) string {
	if name == "run" {
		return "The nightly job: crawls like ogi crawl, then builds the dataset like ogi build --data DIR.\n" +
			"Exit status 1 when a portal or an input failed in either step (the build runs after a crawl with failures)."
	}
	return "Crawls the portals of the registry politely (robots.txt, one request at a time per host, --delay apart)\n" +
		"into DIR/archive (WARC) and DIR/state (journal); a second run is incremental and resumes a killed one.\n" +
		"The shard comes from --shard, or from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX (with --shards or OGI_SHARDS).\n" +
		"Exit status 1 when a portal failed, 2 on usage errors (hosts outside loopback need --contact)."
}

// parseCrawlFlags parses the flags that `ogi crawl` and `ogi run` share.
// When it returns ok false the command exits with status (0 for -h, 2 for
// a usage error).
func parseCrawlFlags(name string, args []string, stderr io.Writer) (cf crawlFlags, status int, ok bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cf.register(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ogi %s --registry CSV --data DIR [--contact EMAIL|URL] [--shard i/n | --shards N] [--delay 2s] [--stats-json]\n", name)
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
		fmt.Fprintf(stderr, "usage: ogi %s --registry CSV --data DIR [--contact EMAIL|URL] [--shard i/n | --shards N] [--delay 2s] [--stats-json]\n", name)
		return cf, 2, false
	}
	if cf.contact != "" {
		if err := checkContact(cf.contact); err != nil {
			fmt.Fprintf(stderr, "ogi %s: --contact %q: %v\n", name, cf.contact, err)
			return cf, 2, false
		}
	}
	if err := checkPace(cf.delay, cf.scale, cf.concurrency); err != nil {
		fmt.Fprintf(stderr, "ogi %s: %v\n", name, err)
		return cf, 2, false
	}
	if cf.recordedTime == "" {
		cf.recordedTime = os.Getenv(envRecordedTime)
	}
	if cf.recordedTime != "" {
		if _, err := time.Parse(time.RFC3339Nano, cf.recordedTime); err != nil {
			fmt.Fprintf(stderr, "ogi %s: --recorded-time %q: want an RFC 3339 time such as 2025-01-31T02:00:00Z\n", name, cf.recordedTime)
			return cf, 2, false
		}
	}
	return cf, 0, true
}

// checkContact accepts an e-mail address or an http(s) URL: something a
// portal's owner can reach.
func checkContact(c string) error {
	if strings.HasPrefix(c, "http://") || strings.HasPrefix(c, "https://") {
		if u, err := url.Parse(c); err == nil && u.Host != "" && strings.Contains(u.Host, ".") {
			return nil
		}
		return errors.New("not a URL with a host")
	}
	a, err := mail.ParseAddress(c)
	if err != nil || a.Name != "" || !strings.Contains(a.Address[strings.LastIndexByte(a.Address, '@')+1:], ".") {
		return errors.New("want an e-mail address (you@example.org) or an http(s) URL")
	}
	return nil
}

// checkPace refuses politeness flags the fetcher would misread: a
// negative --delay (it would leave no gap at all between two requests to
// a host), a --delay-scale that is not positive, and fewer than one host
// at a time.
func checkPace(delay time.Duration, scale float64, concurrency int) error {
	switch {
	case delay < 0:
		return fmt.Errorf("--delay %v: want a positive gap between two requests to one host (0 means the default 2s)", delay)
	case !(scale > 0):
		return fmt.Errorf("--delay-scale %v: want a positive factor", scale)
	case concurrency < 1:
		return fmt.Errorf("--concurrency %d: want at least 1 host at a time", concurrency)
	}
	return nil
}

// crawlStatus prints what a crawl did and returns the exit status: 2 when
// a contact was needed, 1 when the crawl or anything in it failed.
func crawlStatus(name string, cf crawlFlags, sum crawl.Summary, err error, stdout, stderr io.Writer) int {
	if errors.Is(err, crawl.ErrContactRequired) {
		fmt.Fprintf(stderr, "ogi %s: %v\nusage: ogi %s --contact you@example.org|https://your.site/ … (a contact is required to crawl hosts outside loopback)\n", name, err, name)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "ogi %s: %v\n", name, err)
		if sum.Portals == 0 && !sum.Resumed {
			return exitFor(err) // the registry, a filter or the shard was wrong: nothing crawled
		}
	}
	if cf.statsJSON {
		b, jerr := json.Marshal(sum.Stats(shardLabel(cf), time.Now().Add(-sum.Duration), err))
		if jerr == nil {
			fmt.Fprintf(stdout, "%s\n", b)
		}
	} else if err == nil || sum.Portals > 0 || sum.Resumed {
		sum.Write(stdout)
	}
	if err != nil || sum.Failed() {
		return 1
	}
	return 0
}

// runCrawl implements `ogi crawl`.
func runCrawl(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return crawlCommand(ctx, args, nil, stdout, stderr)
}

// crawlCommand is `ogi crawl` with a dialer (nil: the network; tests map
// portal hosts onto a simulated network).
func crawlCommand(ctx context.Context, args []string, dial func(ctx context.Context, network, addr string) (net.Conn, error), stdout, stderr io.Writer) int {
	cf, status, ok := parseCrawlFlags("crawl", args, stderr)
	if !ok {
		return status
	}
	cf.dial = dial
	sum, err := doCrawl(ctx, &cf, stderr)
	return crawlStatus("crawl", cf, sum, err, stdout, stderr)
}

// shardLabel is the shard cf chose ("" before doCrawl).
func shardLabel(cf crawlFlags) string { return cf.shard }

func doCrawl(ctx context.Context, cf *crawlFlags, stderr io.Writer) (crawl.Summary, error) {
	reg, err := loadRegistry(cf.registry, cf.sel, stderr)
	if err != nil {
		return crawl.Summary{}, err
	}
	portals := reg.Portals
	sp, err := crawl.ChooseShard(cf.shard, cf.shards, os.Getenv)
	if err != nil {
		return crawl.Summary{}, &crawl.UsageError{Msg: err.Error()}
	}
	all := len(portals)
	portals = crawl.Shard(portals, sp.Index, sp.Count)
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if sp.Count > 1 {
		cf.shard = sp.String()
		slog.New(slog.NewTextHandler(stderr, nil)).Info("crawl shard", "shard", sp.String(), "from", sp.Source,
			"portals", len(portals), "of", all, "data", cf.dataDir)
	}
	cfg := crawl.Config{
		DataDir:     cf.dataDir,
		Concurrency: cf.concurrency,
		Logger:      logger,
		Shard:       cf.shard,
		Fetch:       fetch.Options{Contact: cf.contact, MinDelay: cf.delay, Scale: cf.scale, DialContext: cf.dial},
	}
	if cf.recordedTime != "" {
		at, _ := time.Parse(time.RFC3339Nano, cf.recordedTime)
		logger.Warn("recording a fixed time as every fetch time (reproducibility run)", "time", at)
		cfg.Clock = func() time.Time { return at }
	}
	if !cf.quiet && !cf.statsJSON {
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
