package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"ogi/scrapers/archive"
	"ogi/scrapers/fetch"
)

// Config configures a crawl.
type Config struct {
	DataDir string
	Fetch   fetch.Options
	// Concurrency is how many hosts are crawled at once (default 64).
	Concurrency int
	// OnPortal, when set, is called after each portal (for progress). The
	// calls come from the crawl's workers one at a time, never at once.
	OnPortal func(done, total int, s Summary)
	Logger   *slog.Logger
	// Store options (tests shorten the sync interval).
	Store archive.StoreOptions
	// Clock, when set, gives the timestamps the crawl records (fetch
	// times in the journal and the dataset, WARC dates); default time.Now.
	// It is never used for waiting: politeness runs on the real clock.
	// Tests and reproducibility checks fix it so that two crawls of the same
	// network record the same times (see README, "Shards").
	Clock func() time.Time
	// Shard names this crawl's part of the registry ("2/3") in the run
	// statistics; informational.
	Shard string
}

// Summary is what one crawl did. A resumed crawl's summary covers the
// whole run: the portals completed by the process that was killed count
// with their requests, reports and failures.
type Summary struct {
	Portals        int            // portals in this run (after sharding)
	PortalsSkipped int            // already completed by the interrupted run this one resumed
	PortalsFailed  int            // portals with at least one failure
	Requests       int            // HTTP exchanges (robots.txt excluded)
	NotModified    int            // 304 answers
	Reused         int            // reads served from this run's archive (resume, auto-detect)
	Bytes          int64          // bytes transferred
	Reports        int            // report candidates alive on the portals
	ReportsNew     int            // new report versions archived (first copies and changes)
	ReportsChanged int            // of ReportsNew, new versions of reports archived before
	Attachments    int            // attachments alive
	AttachNew      int            // new attachment versions archived
	Gone           int            // reports/attachments newly marked gone
	Failures       map[string]int // by kind
	Resumed        bool
	Duration       time.Duration
	Run            string // the run's id in the journal
}

// Failed reports whether anything failed.
func (s Summary) Failed() bool {
	for _, n := range s.Failures {
		if n > 0 {
			return true
		}
	}
	return false
}

// Write prints the closing summary.
func (s Summary) Write(w io.Writer) {
	fmt.Fprintf(w, "portals:     %d (%d failed, %d already done before resume)\n", s.Portals, s.PortalsFailed, s.PortalsSkipped)
	fmt.Fprintf(w, "requests:    %d (%d not modified, %d served from archive)\n", s.Requests, s.NotModified, s.Reused)
	fmt.Fprintf(w, "reports:     %d found, %d new versions\n", s.Reports, s.ReportsNew)
	fmt.Fprintf(w, "attachments: %d found, %d new versions\n", s.Attachments, s.AttachNew)
	fmt.Fprintf(w, "gone:        %d\n", s.Gone)
	fmt.Fprintf(w, "bytes:       %d\n", s.Bytes)
	fmt.Fprintf(w, "duration:    %s\n", s.Duration.Round(time.Millisecond))
	if len(s.Failures) == 0 {
		fmt.Fprintln(w, "failures:    none")
		return
	}
	kinds := make([]string, 0, len(s.Failures))
	for k := range s.Failures {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	fmt.Fprintln(w, "failures:")
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-22s %d\n", k, s.Failures[k])
	}
}

// NoReports is the failure kind of a portal where nothing was found.
const NoReports = "NO_REPORTS_FOUND"

// ErrNoNetwork is wrapped by the error of a crawl stopped early because
// its first hosts could not be reached at all (DNS or connect failures):
// the machine has no network, and retrying every portal would take hours.
var ErrNoNetwork = errors.New("no network: the first hosts could not be resolved or connected to")

// ErrContactRequired is fetch.ErrContactRequired: a crawl that would reach
// a host outside loopback without a contact stops with it.
var ErrContactRequired = fetch.ErrContactRequired

// NoNetworkHosts is how many different hosts must fail DNS or connect,
// before any host answered, for the crawl to stop with ErrNoNetwork.
const NoNetworkHosts = 3

// Run crawls portals into cfg.DataDir. The error is for the crawl as a
// whole (bad data directory, cancellation, no network, no contact for
// hosts outside loopback, a write that may not be on disk); per-URL
// failures are counted in the summary. Run appends the run's statistics to
// DIR/state/runs.jsonl.
func Run(ctx context.Context, cfg Config, portals []Portal) (Summary, error) {
	start := time.Now()
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 64
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	store, err := archive.Open(cfg.DataDir, cfg.Store)
	if err != nil {
		return Summary{}, err
	}
	ctx, abort := context.WithCancelCause(ctx)
	defer abort(nil)
	c := &crawler{cfg: cfg, store: store, abort: abort, work: make(chan struct{}, 2*runtime.GOMAXPROCS(0)),
		sum: Summary{Portals: len(portals), Failures: map[string]int{}}, fetchedHere: map[string]bool{},
		reach: reachability{first: map[string]bool{}}}
	fo := cfg.Fetch
	if fo.Logger == nil {
		fo.Logger = cfg.Logger
	}
	fo.Clock = cfg.Clock
	fo.OnRobots = c.onRobots
	fo.OnHostState = c.onHostState
	c.f = fetch.New(fo)
	defer c.f.Close()
	run, resumed, err := store.BeginRun(time.Now())
	if err != nil {
		return Summary{}, errors.Join(err, store.Close())
	}
	c.sum.Resumed, c.sum.Run = resumed, run
	c.restore()
	c.crawl(ctx, portals)
	c.mu.Lock()
	sum := c.sum
	c.mu.Unlock()
	sum.Duration = time.Since(start)
	cause := context.Cause(ctx)
	var runErr error
	switch {
	case ctx.Err() == nil:
		if err := store.EndRun(time.Now()); err != nil {
			runErr = err
		}
	case errors.Is(cause, ErrNoNetwork), errors.Is(cause, ErrContactRequired), errors.Is(cause, archive.ErrNotDurable):
		runErr = cause
	default:
		runErr = fmt.Errorf("crawl interrupted (run it again to resume): %w", ctx.Err())
	}
	if err := store.Close(); err != nil {
		runErr = errors.Join(runErr, err)
	}
	if err := appendRunStats(cfg.DataDir, sum.stats(cfg.Shard, start, runErr)); err != nil {
		cfg.Logger.Error("run statistics not kept", "err", err)
		runErr = errors.Join(runErr, err)
	}
	return sum, runErr
}

// restore carries on an interrupted run: the counts of the portals it
// completed, and the politeness state of every host it contacted — the
// pauses hosts asked for, the hosts it stopped, and a full gap after the
// last request the killed process may have sent.
func (c *crawler) restore() {
	now := time.Now()
	for h, t := range c.store.HostNotBefore() {
		c.f.NotBefore(h, t)
	}
	for h, until := range c.store.HostPauses(now) {
		// A pause past the wait limit, asked for by a host in an earlier
		// run or process: its requests fail at once until then.
		c.f.Restore(fetch.HostState{Host: h, PausedUntil: until})
	}
	if !c.sum.Resumed {
		return
	}
	o := c.f.Options()
	minGap := time.Duration(float64(o.MinDelay) * o.Scale)
	for _, st := range c.store.RunHosts() {
		c.f.Restore(st)
		// The killed process may have sent a request just now that it never
		// journalled: keep a whole gap from the start of this one.
		c.f.NotBefore(st.Host, now.Add(max(st.Delay, minGap)))
	}
	// Every portal the run completed, columns discovered from home pages
	// included.
	done := c.store.DoneStats()
	keys := make([]string, 0, len(done))
	for k := range done {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var pc counts
		if err := pc.unmarshal(done[k]); err != nil {
			c.cfg.Logger.Warn("counts of a portal completed before the resume unreadable", "portal", k, "err", err)
		}
		c.sum.merge(pc)
	}
}

// crawl runs the portals, one host per worker (all portals of a host on
// the same worker, one after another).
func (c *crawler) crawl(ctx context.Context, portals []Portal) {
	byHost := map[string][]Portal{}
	var hosts []string
	for _, p := range portals {
		h := p.Host()
		if _, ok := byHost[h]; !ok {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], p)
	}
	sort.Strings(hosts)
	var g errgroup.Group
	g.SetLimit(min(c.cfg.Concurrency, max(len(hosts), 1)))
	for _, h := range hosts {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			for _, p := range byHost[h] {
				if ctx.Err() != nil {
					return nil
				}
				c.portal(ctx, p)
			}
			return nil
		})
	}
	_ = g.Wait() // the workers return no error: failures are counted
}

type crawler struct {
	cfg Config
	// work bounds the pages being archived and parsed at once: with a
	// thousand hosts answering in the same second, memory stays bounded by
	// the bodies in flight, not by a thousand parse trees and record buffers.
	work  chan struct{}
	store *archive.Store
	f     *fetch.Fetcher
	abort context.CancelCauseFunc
	mu    sync.Mutex
	sum   Summary
	done  int
	// fetchedHere holds the keys this process fetched (not merely found
	// archived by the process it resumed).
	fetchedHere map[string]bool
	reach       reachability
	// progress serialises the Config.OnPortal calls.
	progress sync.Mutex
	// disc holds the home-page discoveries kept in the data folder (discovery.go).
	disc discoveries
}

// add changes the summary under the lock (discovery.go counts its requests
// and portals with it).
func (c *crawler) add(fn func(s *Summary)) {
	c.mu.Lock()
	fn(&c.sum)
	c.mu.Unlock()
}

// reachability watches the first outcome of each host for a machine
// without network.
type reachability struct {
	ok          bool            // some host answered
	first       map[string]bool // hosts seen
	unreachable []string        // hosts whose first outcome was a DNS or connect failure
}

// note records the outcome of a request to host: NoNetworkHosts different
// hosts unreachable before any answered stop the crawl with ErrNoNetwork; a
// request refused for want of a contact stops it with ErrContactRequired.
func (c *crawler) note(host string, err error) {
	if errors.Is(err, fetch.ErrContactRequired) {
		c.abort(fmt.Errorf("%w (host %s)", ErrContactRequired, host))
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := &c.reach
	if r.ok || r.first[host] {
		return
	}
	r.first[host] = true
	if !fetch.Unreachable(err) {
		r.ok = true
		return
	}
	r.unreachable = append(r.unreachable, host)
	if len(r.unreachable) >= NoNetworkHosts {
		c.abort(fmt.Errorf("%w (%s: %v); check the machine's DNS and network, then run again", ErrNoNetwork,
			strings.Join(r.unreachable, ", "), err))
	}
}

// storeErr stops the crawl when err says the archive's writes may not be
// on disk; it returns err.
func (c *crawler) storeErr(err error) error {
	if errors.Is(err, archive.ErrNotDurable) {
		c.abort(err)
	}
	return err
}

// logFetch appends a line to the fetch log. A journal that cannot be
// written is logged loudly: the line is lost, the crawl goes on — unless
// the store lost durability, which stops it.
func (c *crawler) logFetch(key string, f archive.Fetch, kind, portal string, next time.Time) {
	if err := c.store.LogFetch(key, f, kind, portal, next); err != nil {
		c.cfg.Logger.Error("journal: fetch log line lost", "url", f.URL, "err", c.storeErr(err))
	}
}

func (c *crawler) onRobots(r *fetch.Response) {
	if r.Status >= 200 && r.Status < 300 {
		if _, _, err := c.store.Archive(r.URL, r, archive.Meta{Kind: archive.KindRobots}); err != nil {
			c.cfg.Logger.Error("archive robots.txt", "url", r.URL, "err", c.storeErr(err))
		}
	}
	// Called with the host's lock held: no call back into the fetcher. The
	// request that follows robots.txt journals the host's spacing.
	c.note(hostPort(r.URL), nil)
	c.logFetch(r.URL, archive.Fetch{URL: r.URL, Status: r.Status, Bytes: r.Bytes, FetchedAt: r.FetchedAt,
		SHA256: archive.SHA256(r.Body)}, archive.KindRobots, "", time.Time{})
	c.mu.Lock()
	c.sum.Bytes += r.Bytes
	c.mu.Unlock()
}

// onHostState journals a pause a host asked for, or a host stopped for the
// run, the moment the fetcher learns it (it holds the host's lock, so no
// request to the host can precede the journal line).
func (c *crawler) onHostState(st fetch.HostState) {
	if err := c.store.LogHost(st); err != nil {
		c.cfg.Logger.Error("journal: host state lost", "host", st.Host, "err", c.storeErr(err))
	}
	if st.Blocked != "" {
		c.cfg.Logger.Warn("host stopped for this run", "host", st.Host, "kind", st.Blocked, "why", st.Why)
	}
}

// finish adds a portal's counts to the summary and reports progress.
func (c *crawler) finish(pc counts, skipped bool) {
	c.portalDone(func(sum *Summary) {
		if skipped {
			sum.PortalsSkipped++
		} else {
			sum.merge(pc)
		}
	})
}

// portalDone counts one more portal done, its figures added to the
// summary by update (under the crawler's lock), and reports the progress.
func (c *crawler) portalDone(update func(*Summary)) {
	c.mu.Lock()
	update(&c.sum)
	c.done++
	done, total, s := c.done, c.sum.Portals, c.sum
	s.Failures = maps.Clone(c.sum.Failures)
	c.mu.Unlock()
	if c.cfg.OnPortal != nil {
		c.progress.Lock()
		defer c.progress.Unlock()
		c.cfg.OnPortal(done, total, s)
	}
}
