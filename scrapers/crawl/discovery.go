package crawl

// Discovery in the crawl: a registry row with a home page and no list URL
// is discovered (package discover) through the crawler's own archiving
// session — robots.txt, delays and Retry-After as for every other request,
// every page archived — and each column found is crawled as a portal of
// its own (code + scope). What was found is kept in
// DIR/state/discovered.jsonl; the next run crawls those list URLs
// directly and discovers again only when the own column stops answering
// (404/410, another 4xx, a redirect loop or off the site).

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"ogi/scrapers/adapters"
	"ogi/scrapers/archive"
	"ogi/scrapers/discover"
	"ogi/scrapers/fetch"
)

// kindDiscover is the journal kind of the pages a discovery reads (home
// page, hubs, column pages). They are archived under their own keys
// ("DISCOVER " + URL), apart from the crawl's: a report page read on the
// way (its breadcrumb names the column) must be archived as a report when
// the crawl reaches it, not served back as a navigation page.
const kindDiscover = "discover"

// NoColumn is the failure kind of a portal whose home page answered but
// where no annual-report column was found.
const NoColumn = "NO_COLUMN_FOUND"

// discoveredFile is the discovery state in the data folder.
const discoveredFile = "discovered.jsonl"

// Discovery is what was found from one registry row's home page.
type Discovery struct {
	Code    string            `json:"code"`
	Scope   discover.Scope    `json:"scope,omitempty"`
	HomeURL string            `json:"home"`
	At      time.Time         `json:"at"`
	CMS     string            `json:"cms,omitempty"`
	Columns []discover.Column `json:"columns"`
	// Requests is how many page requests the discovery took.
	Requests int `json:"requests"`
}

func (d Discovery) key() string { return discoveryKey(d.Code, d.Scope, d.HomeURL) }

func discoveryKey(code string, scope discover.Scope, home string) string {
	return code + "/" + string(scope) + " " + home
}

// discoveries is the discovery state of a crawl, read on first use.
type discoveries struct {
	once sync.Once
	mu   sync.Mutex
	path string
	m    map[string]Discovery
	err  error
}

func (d *discoveries) load(dataDir string, log func(msg string, args ...any)) error {
	d.once.Do(func() {
		d.path = filepath.Join(dataDir, "state", discoveredFile)
		d.m, d.err = readDiscoveries(d.path, log)
	})
	return d.err
}

// ReadDiscoveries returns the discoveries kept in a data folder, the
// latest per registry row, in the order they were made.
func ReadDiscoveries(dataDir string) ([]Discovery, error) {
	m, err := readDiscoveries(filepath.Join(dataDir, "state", discoveredFile), func(string, ...any) {})
	if err != nil {
		return nil, err
	}
	out := make([]Discovery, 0, len(m))
	for _, d := range m {
		out = append(out, d)
	}
	sortDiscoveries(out)
	return out, nil
}

func sortDiscoveries(ds []Discovery) {
	slices.SortFunc(ds, func(a, b Discovery) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.key(), b.key())) })
}

// readDiscoveries reads the state file; a missing file is an empty state.
// A line that does not parse (a torn last line after a kill, damage) is
// skipped with a warning: it is a cache, and the row is discovered again.
func readDiscoveries(path string, warn func(msg string, args ...any)) (map[string]Discovery, error) {
	m := map[string]Discovery{}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("crawl: discoveries: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var d Discovery
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil || d.Code == "" {
			warn("discovery state: line skipped (the portal is discovered again)", "file", path, "line", n, "err", err)
			continue
		}
		m[d.key()] = d
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("crawl: discoveries: %s: %w", path, err)
	}
	return m, nil
}

func (d *discoveries) get(key string) (Discovery, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	v, ok := d.m[key]
	return v, ok
}

// put appends a discovery to the state file and syncs it.
func (d *discoveries) put(v Discovery) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("crawl: discoveries: %w", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(d.path), 0o755); err != nil {
		return fmt.Errorf("crawl: discoveries: %w", err)
	}
	f, err := os.OpenFile(d.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("crawl: discoveries: %w", err)
	}
	_, werr := f.Write(append(b, '\n'))
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("crawl: discoveries: %s: %w", d.path, err)
	}
	d.m[v.key()] = v
	return nil
}

// fromHome crawls a registry row that names a home page: it finds (or
// recalls) the row's report columns and crawls each as a portal.
func (c *crawler) fromHome(ctx context.Context, p Portal) {
	log := c.cfg.Logger.With("portal", p.Code, "home", p.HomeURL)
	if err := c.disc.load(c.cfg.DataDir, log.Warn); err != nil {
		c.homeFailed(ctx, p, "STATE", err)
		return
	}
	sess := &session{c: c, portal: p, kind: archive.KindList, site: adapters.HostOf(p.HomeURL)}
	key := discoveryKey(p.Code, p.Scope, p.HomeURL)
	var cols []discover.Column
	switch prev, ok := c.disc.get(key); {
	case p.ListURL != "":
		cols = []discover.Column{{URL: p.ListURL, Adapter: p.Adapter, Scope: p.Scope}}
	case ok && len(prev.Columns) > 0:
		cols = prev.Columns
	}
	if len(cols) > 0 && !c.answers(ctx, sess, cols[0].URL) {
		if ctx.Err() != nil {
			return
		}
		log.Info("list URL stopped answering; discovering the portal again", "list", cols[0].URL)
		cols = nil
	}
	if len(cols) == 0 {
		res, err := discover.Discover(ctx, discoveryClient{sess}, p.HomeURL, discover.Options{Level: p.Level})
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			kind := NoColumn
			if !errors.Is(err, discover.ErrNoColumn) {
				kind = string(fetch.ErrorKind(err))
			}
			c.homeFailed(ctx, p, kind, err)
			return
		}
		cols = res.Columns
		d := Discovery{Code: p.Code, Scope: p.Scope, HomeURL: p.HomeURL, At: time.Now().UTC(), CMS: res.CMS, Columns: cols, Requests: res.Requests}
		if err := c.disc.put(d); err != nil {
			log.Error("discovery not kept; it is made again next run", "err", err)
		}
		log.Debug("discovered", "columns", len(cols), "requests", res.Requests)
	}
	c.add(func(s *Summary) { s.Portals += len(cols) - 1 })
	for _, col := range cols {
		if ctx.Err() != nil {
			return
		}
		q := p
		q.ListURL, q.Adapter, q.resolved = col.URL, col.Adapter, true
		if q.Adapter == "" || q.Adapter == "generic" {
			q.Adapter = "auto"
		}
		if col.Scope != discover.ScopeOwn {
			q.Scope = col.Scope
		}
		c.portal(ctx, q)
	}
}

// answers reports whether a list URL still answers as a list: not gone,
// not refused, not redirected off the site or in a loop. Transient
// failures (5xx, timeouts, challenges) count as answering: discovering
// again would meet them too, and the crawl records them. The page fetched
// is served again from this run's archive to the adapter.
func (c *crawler) answers(ctx context.Context, sess *session, list string) bool {
	resp, err := sess.Do(ctx, &fetch.Request{URL: strings.SplitN(list, "#", 2)[0]})
	if err != nil {
		switch fetch.ErrorKind(err) {
		case fetch.KindClientError, fetch.KindNotFound, fetch.KindOffSite, fetch.KindTooManyRedirect:
			return false
		}
		return true
	}
	return resp.Status != http.StatusNotFound && resp.Status != http.StatusGone
}

// discoveryClient is the fetch.Client of a discovery: the crawler's polite
// fetcher, every answer archived and journalled under kindDiscover.
type discoveryClient struct{ s *session }

func (d discoveryClient) Do(ctx context.Context, req *fetch.Request) (*fetch.Response, error) {
	c, p := d.s.c, d.s.portal
	if req.AllowHost == nil {
		req.AllowHost = d.s.allow
	}
	key := "DISCOVER " + req.Key()
	resp, err := c.f.Do(ctx, req)
	next := time.Now().Add(c.f.HostDelay(hostPort(req.URL)))
	c.note(hostPort(req.URL), err) // a machine without network, a host beyond loopback without a contact
	if err != nil {
		if ctx.Err() == nil {
			c.logFetch(key, archive.Fetch{URL: req.URL, FetchedAt: c.cfg.Clock(), Status: statusOf(err), Error: string(fetch.ErrorKind(err)) + ": " + err.Error()}, kindDiscover, p.Code, next)
			c.add(func(x *Summary) { x.Requests++ })
		}
		return nil, err
	}
	c.add(func(x *Summary) { x.Requests++; x.Bytes += resp.Bytes })
	f := archive.Fetch{URL: req.URL, Status: resp.Status, Bytes: resp.Bytes, FetchedAt: resp.FetchedAt, SHA256: archive.SHA256(resp.Body)}
	if resp.Status >= 200 && resp.Status < 300 {
		c.work <- struct{}{}
		_, _, aerr := c.store.Archive(key, resp, archive.Meta{Kind: kindDiscover, PortalCode: p.Code, PortalName: p.Name})
		<-c.work
		if aerr != nil {
			return nil, fmt.Errorf("crawl: %w", aerr)
		}
	}
	c.logFetch(key, f, kindDiscover, p.Code, next)
	return resp, nil
}

// homeFailed counts a home-page row whose columns could not be found as
// one failed portal.
func (c *crawler) homeFailed(ctx context.Context, p Portal, kind string, err error) {
	if ctx.Err() != nil {
		return
	}
	c.cfg.Logger.Warn("failure", "portal", p.Code, "home", p.HomeURL, "kind", kind, "err", err)
	c.portalDone(func(sum *Summary) {
		sum.Failures[kind]++
		sum.PortalsFailed++
	})
}
