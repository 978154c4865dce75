package crawl

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"ogi/internal/simnet"
	"ogi/scrapers/archive"
	"ogi/scrapers/discover"
	"ogi/scrapers/fetch"
)

func homePortals(t *testing.T, n *simnet.Network) []Portal {
	t.Helper()
	var b bytes.Buffer
	if err := n.WriteHomeRegistry(&b); err != nil {
		t.Fatal(err)
	}
	ps, err := ReadRegistry(&b)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// TestCrawlFromHomePages crawls a faulty simulated network from its home
// pages alone: every report a polite client can get is archived (the
// sub-columns' too), the portals see no politeness violation, the
// discoveries are kept, and the next run discovers nothing again: it
// asks each portal only for what the list-URL run asks for, plus nothing
// on the hubs.
func TestCrawlFromHomePages(t *testing.T) {
	if testing.Short() {
		t.Skip("simnet crawl")
	}
	n, err := simnet.Start(simnet.Config{Seed: 23, Portals: 30, Faults: true, CrawlDelay: 60 * time.Millisecond,
		MinInterval: 20 * time.Millisecond, Stall: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	dir := t.TempDir()
	ctx := context.Background()
	ps := homePortals(t, n)
	sum, err := Run(ctx, simConfig(dir, n), ps)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sum.Write(&out)
	t.Logf("summary:\n%s", out.String())
	entries, err := archive.ReportEntries(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	scope := map[string]string{}
	for _, e := range entries {
		have[e.URL] = true
		scope[e.URL] = e.PortalScope
	}
	want, subs := 0, 0
	for _, e := range n.Expected() {
		if e.Blocked != "" {
			continue
		}
		want++
		if e.Scope != simnet.ScopeOwn {
			subs++
		}
		if !have[e.URL] {
			t.Errorf("missing report %s (%s, listed in %s, faults %v)", e.URL, e.Kind, e.ListURL, e.Faults)
		} else if scope[e.URL] != e.Scope {
			t.Errorf("%s: archived with scope hint %q, listed in a %q column", e.URL, scope[e.URL], e.Scope)
		}
	}
	if subs == 0 {
		t.Error("no sub-column report on the network: the test says nothing about them")
	}
	columns := 0
	for _, p := range n.Portals() {
		columns += len(p.Columns)
	}
	if sum.Portals != columns {
		t.Errorf("summary counts %d portals, the network has %d columns", sum.Portals, columns)
	}
	for _, v := range n.Violations() {
		t.Errorf("violation: %s", v)
	}
	ds, err := ReadDiscoveries(dir)
	if err != nil || len(ds) != len(ps) {
		t.Fatalf("%d discoveries kept for %d portals (%v)", len(ds), len(ps), err)
	}
	t.Logf("%d reachable reports (%d in sub-columns) on %d columns of %d portals", want, subs, columns, len(ps))

	// The second run recalls the columns: no home page or hub is asked for.
	mark := len(n.Requests())
	if _, err := Run(ctx, simConfig(dir, n), ps); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, p := range n.Portals() {
		for _, c := range p.Columns {
			listed[c.ListURL] = true
		}
	}
	for _, r := range n.Requests()[mark:] {
		u := "http://" + r.Host + r.Path
		if r.Path == "/" || strings.HasPrefix(r.Path, "/index.") || strings.Contains(r.Path, "/zwgk/index") {
			t.Errorf("second run asked for a navigation page again: %s", u)
		}
	}
	if ds2, _ := ReadDiscoveries(dir); len(ds2) != len(ds) {
		t.Errorf("second run discovered again: %d → %d records", len(ds), len(ds2))
	}
}

// movingSite is a portal whose report column moves between runs.
type movingSite struct {
	mu    sync.Mutex
	pages map[string]string // path → HTML
	log   []string
}

func (m *movingSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	m.log = append(m.log, r.URL.Path)
	page, ok := m.pages[r.URL.Path]
	m.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, page)
}

func (m *movingSite) set(path, page string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if page == "" {
		delete(m.pages, path)
		return
	}
	m.pages[path] = page
}

func (m *movingSite) requests() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.log...)
}

func listPage(items ...string) string {
	var b strings.Builder
	b.WriteString("<html><body><ul>")
	for _, it := range items {
		b.WriteString(it)
	}
	b.WriteString("</ul></body></html>")
	return b.String()
}

// TestRediscoverWhenListGone: the kept column is crawled directly on the
// next run; when it answers 404, the portal is discovered again from its
// home page and the report in the new column is archived.
func TestRediscoverWhenListGone(t *testing.T) {
	site := &movingSite{pages: map[string]string{
		"/":                        `<html><body><ul><li><a href="/zwgk/">政务公开</a></li></ul></body></html>`,
		"/zwgk/":                   `<html><body><a href="/zwgk/zfxxgknb/">政府信息公开年报</a><a href="/zwgk/zfgzbg/">政府工作报告</a></body></html>`,
		"/zwgk/zfxxgknb/":          listPage(`<li><a href="/zwgk/zfxxgknb/2024.html">某县人民政府2024年政府信息公开工作年度报告</a></li>`),
		"/zwgk/zfxxgknb/2024.html": "<html><body><h1>某县人民政府2024年政府信息公开工作年度报告</h1></body></html>",
	}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	cfg := Config{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Fetch: fetch.Options{MinDelay: time.Millisecond, BackoffBase: time.Millisecond, MaxRetries: -1,
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, "tcp", addr)
			}},
		Store: archive.StoreOptions{SyncEvery: 10 * time.Millisecond}}
	ps, err := ReadRegistry(strings.NewReader("code,name,home_url\n370685,招远市,http://www.zhaoyuan-demo.gov.cn/\n"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if sum, err := Run(ctx, cfg, ps); err != nil || sum.Failed() || sum.Reports != 1 {
		t.Fatalf("first run: %v, %d reports, failures %v", err, sum.Reports, sum.Failures)
	}
	// Night two: the column is where it was; no navigation page is asked for.
	mark := len(site.requests())
	if sum, err := Run(ctx, cfg, ps); err != nil || sum.Failed() {
		t.Fatalf("second run: %v %v", err, sum.Failures)
	}
	for _, p := range site.requests()[mark:] {
		if p == "/" || p == "/zwgk/" {
			t.Errorf("second run asked for %s", p)
		}
	}
	// Night three: the site moved the column.
	site.set("/zwgk/zfxxgknb/", "")
	site.set("/zwgk/", `<html><body><a href="/xxgk/nb/">政府信息公开工作年度报告</a></body></html>`)
	site.set("/xxgk/nb/", listPage(`<li><a href="/xxgk/nb/2025.html">某县人民政府2025年政府信息公开工作年度报告</a></li>`,
		`<li><a href="/zwgk/zfxxgknb/2024.html">某县人民政府2024年政府信息公开工作年度报告</a></li>`))
	site.set("/xxgk/nb/2025.html", "<html><body><h1>某县人民政府2025年政府信息公开工作年度报告</h1></body></html>")
	sum, err := Run(ctx, cfg, ps)
	if err != nil || sum.Failed() {
		t.Fatalf("third run: %v %v", err, sum.Failures)
	}
	if sum.ReportsNew != 1 || sum.Reports != 2 {
		t.Errorf("third run: %d reports, %d new; want 2 and 1", sum.Reports, sum.ReportsNew)
	}
	ds, err := ReadDiscoveries(cfg.DataDir)
	if err != nil || len(ds) != 1 || len(ds[0].Columns) != 1 || ds[0].Columns[0].URL != "http://www.zhaoyuan-demo.gov.cn/xxgk/nb/" {
		t.Errorf("kept discovery: %+v %v", ds, err)
	}
}

// TestNoColumnIsAFailure: a home page that leads nowhere is one failed
// portal with NO_COLUMN_FOUND; nothing is kept, so the next run tries
// again.
func TestNoColumnIsAFailure(t *testing.T) {
	site := &movingSite{pages: map[string]string{"/": `<html><body><a href="/news/">新闻</a></body></html>`}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	dir := t.TempDir()
	cfg := Config{DataDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Fetch: fetch.Options{MinDelay: time.Millisecond, MaxRetries: -1,
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, "tcp", addr)
			}}}
	ps, _ := ReadRegistry(strings.NewReader("code,name,home_url\n370685,招远市,http://www.zhaoyuan-demo.gov.cn/\n"))
	var progress []int
	cfg.OnPortal = func(done, total int, _ Summary) { progress = append(progress, done, total) }
	sum, err := Run(context.Background(), cfg, ps)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failures[NoColumn] != 1 || sum.PortalsFailed != 1 || sum.Portals != 1 {
		t.Errorf("summary %+v", sum)
	}
	if len(progress) != 2 || progress[0] != 1 || progress[1] != 1 {
		t.Errorf("progress calls %v, want one (1 of 1)", progress)
	}
	if n := len(site.requests()); n > discover.DefaultMaxRequests+1 {
		t.Errorf("%d requests", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "state", discoveredFile)); !os.IsNotExist(err) {
		t.Errorf("a failed discovery was kept: %v", err)
	}
}
