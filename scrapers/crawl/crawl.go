package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/registry"
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
}

// Summary is what one crawl did.
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
	Attachments    int            // attachments alive
	AttachNew      int            // new attachment versions archived
	Gone           int            // reports/attachments newly marked gone
	Failures       map[string]int // by kind
	Resumed        bool
	Duration       time.Duration
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

// Run crawls portals into cfg.DataDir. The error is for the crawl as a
// whole (bad data directory, cancellation); per-URL failures are counted
// in the summary.
func Run(ctx context.Context, cfg Config, portals []Portal) (Summary, error) {
	start := time.Now()
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 64
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	store, err := archive.Open(cfg.DataDir, cfg.Store)
	if err != nil {
		return Summary{}, err
	}
	c := &crawler{cfg: cfg, store: store, work: make(chan struct{}, 2*runtime.GOMAXPROCS(0)),
		sum: Summary{Portals: len(portals), Failures: map[string]int{}}}
	fo := cfg.Fetch
	if fo.Logger == nil {
		fo.Logger = cfg.Logger
	}
	fo.OnRobots = c.onRobots
	c.f = fetch.New(fo)
	defer c.f.Close()
	_, resumed, err := store.BeginRun(time.Now())
	if err != nil {
		store.Close()
		return Summary{}, err
	}
	c.sum.Resumed = resumed
	for h, t := range store.HostNotBefore() {
		c.f.NotBefore(h, t)
	}
	// Group by host: one worker takes all portals of a host.
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
	jobs := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < min(cfg.Concurrency, max(len(hosts), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for h := range jobs {
				for _, p := range byHost[h] {
					if ctx.Err() != nil {
						return
					}
					c.portal(ctx, p)
				}
			}
		}()
	}
feed:
	for _, h := range hosts {
		select {
		case jobs <- h:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	c.mu.Lock()
	sum := c.sum
	c.mu.Unlock()
	sum.Duration = time.Since(start)
	if ctx.Err() == nil {
		if err := store.EndRun(time.Now()); err != nil {
			store.Close()
			return sum, err
		}
	}
	if err := store.Close(); err != nil {
		return sum, err
	}
	if ctx.Err() != nil {
		return sum, fmt.Errorf("crawl interrupted (run it again to resume): %w", ctx.Err())
	}
	return sum, nil
}

type crawler struct {
	cfg Config
	// work bounds the pages being archived and parsed at once: with a
	// thousand hosts answering in the same second, memory stays bounded by
	// the bodies in flight, not by a thousand parse trees and record buffers.
	work  chan struct{}
	store *archive.Store
	f     *fetch.Fetcher
	mu    sync.Mutex
	sum   Summary
	done  int
	// progress serialises the Config.OnPortal calls.
	progress sync.Mutex
	// disc holds the home-page discoveries kept in the data folder (discovery.go).
	disc discoveries
}

func (c *crawler) add(fn func(s *Summary)) {
	c.mu.Lock()
	fn(&c.sum)
	c.mu.Unlock()
}

// logFetch appends a line to the fetch log. A journal that cannot be
// written is logged loudly: the line is lost, the crawl goes on.
func (c *crawler) logFetch(key string, f archive.Fetch, kind, portal string, next time.Time) {
	if err := c.store.LogFetch(key, f, kind, portal, next); err != nil {
		c.cfg.Logger.Error("journal: fetch log line lost", "url", f.URL, "err", err)
	}
}

func (c *crawler) onRobots(r *fetch.Response) {
	if r.Status >= 200 && r.Status < 300 {
		if _, _, err := c.store.Archive(r.URL, r, archive.Meta{Kind: archive.KindRobots}); err != nil {
			c.cfg.Logger.Error("archive robots.txt", "url", r.URL, "err", err)
		}
	}
	c.logFetch(r.URL, archive.Fetch{URL: r.URL, Status: r.Status, Bytes: r.Bytes, FetchedAt: r.FetchedAt,
		SHA256: archive.SHA256(r.Body)}, archive.KindRobots, "", time.Time{})
	c.add(func(s *Summary) { s.Bytes += r.Bytes })
}

// portal crawls one registry row.
func (c *crawler) portal(ctx context.Context, p Portal) {
	if p.HomeURL != "" && !p.resolved {
		c.fromHome(ctx, p) // discovery.go: find (or recall) its columns, then crawl each
		return
	}
	log := c.cfg.Logger.With("portal", p.Code, "host", p.Host())
	defer func() {
		c.mu.Lock()
		c.done++
		done, total, s := c.done, c.sum.Portals, c.sum
		s.Failures = maps.Clone(c.sum.Failures)
		c.mu.Unlock()
		if c.cfg.OnPortal != nil {
			c.progress.Lock()
			defer c.progress.Unlock()
			c.cfg.OnPortal(done, total, s)
		}
	}()
	if c.store.IsPortalDone(p.Code + " " + p.ListURL) {
		c.add(func(s *Summary) { s.PortalsSkipped++ })
		return
	}
	failed := false
	fail := func(kind string, err error) {
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return
		}
		failed = true
		log.Warn("failure", "kind", kind, "err", err)
		c.add(func(s *Summary) { s.Failures[kind]++ })
	}
	ad, err := registry.Lookup(p.Adapter)
	if err != nil {
		fail("BAD_ADAPTER", err)
		return
	}
	sess := &session{c: c, portal: p, kind: archive.KindList, site: adapters.HostOf(p.ListURL)}
	links, derr := ad.Discover(ctx, sess, p.ListURL)
	if ctx.Err() != nil {
		return
	}
	if derr != nil {
		fail(fetch.ErrorKind(derr), derr)
	}
	// Revisit what we hold for this portal as well as what the lists show,
	// so edits and removals are seen even when a list drops an entry.
	titles := map[string]adapters.Link{}
	var urls []string
	for _, l := range links {
		if _, ok := titles[l.URL]; !ok {
			urls = append(urls, l.URL)
		}
		titles[l.URL] = l
	}
	if derr == nil || len(links) > 0 {
		for _, kind := range []string{archive.KindReport, archive.KindAttachment} {
			for _, st := range c.store.PortalStates(p.Code, kind) {
				// A sub-column (scope) revisits only what it archived itself.
				if st.Gone || (kind == archive.KindAttachment && st.Parent != "") || st.Latest.PortalScope != string(p.Scope) {
					continue
				}
				if _, ok := titles[st.URL]; !ok {
					titles[st.URL] = adapters.Link{URL: st.URL}
					urls = append(urls, st.URL)
				}
			}
		}
	}
	sort.Strings(urls)
	alive := 0
	for _, u := range urls {
		if ctx.Err() != nil {
			return
		}
		if adapters.IsAttachment(u) {
			if c.attachment(ctx, sess, u, "", fail) {
				alive++
				c.add(func(s *Summary) { s.Reports++ })
			}
			continue
		}
		if c.report(ctx, sess, u, fail) {
			alive++
		}
	}
	if len(urls) == 0 && derr == nil {
		fail(NoReports, fmt.Errorf("%s: no report found at %s", p.Code, p.ListURL))
	}
	if ctx.Err() != nil {
		return
	}
	if failed {
		c.add(func(s *Summary) { s.PortalsFailed++ })
	}
	if err := c.store.PortalDone(p.Code + " " + p.ListURL); err != nil {
		log.Error("journal", "err", err)
	}
}

// report fetches a report detail page and its attachments; it returns
// whether the page is alive.
func (c *crawler) report(ctx context.Context, sess *session, u string, fail func(string, error)) bool {
	resp, changed, err := sess.fetch(ctx, &fetch.Request{URL: u}, archive.KindReport, "")
	if err != nil {
		fail(fetch.ErrorKind(err), err)
		return false
	}
	if resp.Status == http.StatusNotFound || resp.Status == http.StatusGone {
		c.gone(u)
		for _, st := range c.store.PortalStates(sess.portal.Code, archive.KindAttachment) {
			if st.Parent == u {
				c.gone(st.Key)
			}
		}
		return false
	}
	c.add(func(s *Summary) {
		s.Reports++
		if changed {
			s.ReportsNew++
		}
	})
	c.work <- struct{}{}
	atts := adapters.Attachments(adapters.NewPage(resp.FinalURL, resp.Body, resp.ContentType()), sess.site)
	<-c.work
	linked := map[string]bool{}
	for _, a := range atts {
		linked[a] = true
		c.attachment(ctx, sess, a, u, fail)
	}
	if changed {
		// An edited page that no longer links an attachment: it is gone.
		for _, st := range c.store.PortalStates(sess.portal.Code, archive.KindAttachment) {
			if st.Parent == u && !linked[st.Key] {
				c.gone(st.Key)
			}
		}
	}
	return true
}

func (c *crawler) attachment(ctx context.Context, sess *session, u, parent string, fail func(string, error)) bool {
	resp, changed, err := sess.fetch(ctx, &fetch.Request{URL: u, AllowHost: sess.allow}, archive.KindAttachment, parent)
	if err != nil {
		fail(fetch.ErrorKind(err), err)
		return false
	}
	if resp.Status == http.StatusNotFound || resp.Status == http.StatusGone {
		c.gone(u)
		return false
	}
	c.add(func(s *Summary) {
		s.Attachments++
		if changed {
			s.AttachNew++
		}
	})
	return true
}

func (c *crawler) gone(key string) {
	st, ok := c.store.State(key)
	if !ok || st.Gone || !st.Archived {
		return
	}
	if err := c.store.MarkGone(key, time.Now()); err != nil {
		c.cfg.Logger.Error("journal", "err", err)
		return
	}
	c.add(func(s *Summary) { s.Gone++ })
}

// session is the fetch.Client handed to adapters: it adds conditional
// headers from the state, serves pages already fetched in this run from the
// archive (resume, auto-detection), and archives and journals every answer.
type session struct {
	c      *crawler
	portal Portal
	kind   string
	site   string
}

func (s *session) allow(host string) bool { return adapters.SameSite(s.site, host) }

// Do implements fetch.Client for adapters (list pages).
func (s *session) Do(ctx context.Context, req *fetch.Request) (*fetch.Response, error) {
	if req.AllowHost == nil {
		req.AllowHost = s.allow
	}
	resp, _, err := s.fetch(ctx, req, s.kind, "")
	return resp, err
}

func (s *session) fetch(ctx context.Context, req *fetch.Request, kind, parent string) (*fetch.Response, bool, error) {
	c := s.c
	key := req.Key()
	if req.AllowHost == nil {
		req.AllowHost = s.allow
	}
	st, known := c.store.State(key)
	if known && st.InRun && st.Archived && !st.Gone {
		body, err := c.store.Payload(key)
		if err == nil {
			c.add(func(x *Summary) { x.Reused++ })
			return fromArchive(st, body), false, nil
		}
		c.cfg.Logger.Warn("archived copy unreadable; fetching again", "url", req.URL, "err", err)
	}
	if known && st.Archived && !st.Gone {
		req.ETag, req.LastModified = st.ETag, st.LastModified
	}
	resp, err := c.f.Do(ctx, req)
	next := time.Now().Add(c.f.HostDelay(hostPort(req.URL)))
	if err != nil {
		if ctx.Err() == nil {
			c.logFetch(key, archive.Fetch{URL: req.URL, FetchedAt: time.Now(), Status: statusOf(err), Error: fetch.ErrorKind(err) + ": " + err.Error()}, kind, s.portal.Code, next)
			c.add(func(x *Summary) { x.Requests++ })
		}
		return nil, false, err
	}
	c.add(func(x *Summary) { x.Requests++; x.Bytes += resp.Bytes })
	c.work <- struct{}{}
	defer func() { <-c.work }()
	f := archive.Fetch{URL: req.URL, Status: resp.Status, Bytes: resp.Bytes, FetchedAt: resp.FetchedAt,
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.NotModified():
		c.add(func(x *Summary) { x.NotModified++ })
		body, perr := c.store.Payload(key)
		if perr != nil {
			// Our copy is unreadable: ask again unconditionally.
			f.Error = "ARCHIVE: " + perr.Error()
			c.logFetch(key, f, kind, s.portal.Code, next)
			req.ETag, req.LastModified = "", ""
			resp, err = c.f.Do(ctx, req)
			if err != nil {
				return nil, false, err
			}
			c.add(func(x *Summary) { x.Requests++; x.Bytes += resp.Bytes })
			if resp.NotModified() {
				return nil, false, fmt.Errorf("crawl: %s: 304 Not Modified to an unconditional request, and the archived copy is unreadable: %w", req.URL, perr)
			}
			f = archive.Fetch{URL: req.URL, Status: resp.Status, Bytes: resp.Bytes, FetchedAt: resp.FetchedAt,
				ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
			if resp.Status == http.StatusNotFound || resp.Status == http.StatusGone {
				f.Error = fetch.KindNotFound
				c.logFetch(key, f, kind, s.portal.Code, next)
				return resp, false, nil
			}
			break
		}
		f.SHA256 = st.SHA256
		if f.ETag == "" {
			f.ETag = st.ETag
		}
		if f.LastModified == "" {
			f.LastModified = st.LastModified
		}
		c.logFetch(key, f, kind, s.portal.Code, next)
		out := fromArchive(st, body)
		out.Bytes = resp.Bytes
		return out, false, nil
	case resp.Status == http.StatusNotFound || resp.Status == http.StatusGone:
		f.Error = fetch.KindNotFound
		c.logFetch(key, f, kind, s.portal.Code, next)
		return resp, false, nil
	}
	for _, h := range resp.Hops {
		// Keep the redirects too, so replay tools can follow them, and log
		// them: each was a request to the portal.
		hk := "REDIRECT " + h.URL
		if _, _, err := c.store.Archive(hk, h, archive.Meta{Kind: archive.KindRedirect, PortalCode: s.portal.Code, PortalName: s.portal.Name, Scope: string(s.portal.Scope)}); err != nil {
			return nil, false, fmt.Errorf("crawl: %w", err)
		}
		c.logFetch(hk, archive.Fetch{URL: h.URL, Status: h.Status, Bytes: h.Bytes, FetchedAt: h.FetchedAt, SHA256: archive.SHA256(h.Body)}, archive.KindRedirect, s.portal.Code, next)
	}
	_, changed, err := c.store.Archive(key, resp, archive.Meta{Kind: kind, PortalCode: s.portal.Code, PortalName: s.portal.Name, Scope: string(s.portal.Scope), Parent: parent})
	if err != nil {
		return nil, false, fmt.Errorf("crawl: %w", err)
	}
	f.SHA256 = archive.SHA256(resp.Body)
	if err := c.store.LogFetch(key, f, kind, s.portal.Code, next); err != nil {
		return nil, false, fmt.Errorf("crawl: %w", err)
	}
	return resp, changed, nil
}

func hostPort(u string) string {
	i := strings.Index(u, "://")
	if i < 0 {
		return ""
	}
	rest := u[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	return strings.ToLower(rest)
}

func statusOf(err error) int {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fe.Status
	}
	return 0
}

func fromArchive(st archive.URLState, body []byte) *fetch.Response {
	h := http.Header{}
	if st.Latest.ContentType != "" {
		h.Set("Content-Type", st.Latest.ContentType)
	}
	final := st.Latest.FinalURL
	if final == "" {
		final = st.URL
	}
	return &fetch.Response{URL: st.URL, FinalURL: final, Status: http.StatusOK, Header: h, Body: body, WireBody: body, FetchedAt: st.Latest.FetchedAt}
}
