// Package discover finds a government portal's 政府信息公开年报 column from
// its home page, the way a person would: it follows the site's own
// navigation (政务公开 / 政府信息公开 / 法定主动公开内容 → 政府信息公开年报,
// 年度报告, 政务公开年报 …), best link first, reading links wherever sites
// write them (anchors with text, titles or image alts, image maps, onclick
// handlers, frames, script menus, redirect stubs; GBK pages; relative
// links); it recognises the CMS family from the markup with the adapters'
// own Detect; it tells the column from its look-alikes (政府工作报告,
// 年度工作报告, 部门决算, 年度绩效报告, 统计年鉴/统计公报, a 解读 or 图解 of the
// report); and it checks a column by the reports it lists. Where
// navigation fails it probes the usual column paths (…/zfxxgknb/,
// …/xxgknb/, …/gknb/, …/zfxxgkndbg/, /gkmlpt/annualreport).
//
// A county portal often lists its departments' and townships' reports in
// sub-columns (部门年报, 乡镇年报; a prefecture its counties' under 县区年报):
// those are returned as columns of their own, with a Scope.
//
// Every request goes through the fetch.Client it is given (the polite
// fetcher, or the crawler's archiving session around it), and a discovery
// makes at most Options.MaxRequests page requests.
package discover

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/gkmlpt"
	"ogi/scrapers/adapters/registry"
	"ogi/scrapers/fetch"
)

// Scope says whose reports a column lists, relative to the portal's own
// jurisdiction. It is a hint: the dataset reads each report's scope from
// its own text.
type Scope string

// Scopes of a column.
const (
	// ScopeOwn is the jurisdiction's own column (its government's reports,
	// often with some departments' beside them).
	ScopeOwn Scope = ""
	// ScopeDepartment lists its departments' reports (部门年报).
	ScopeDepartment Scope = "department"
	// ScopeTownship lists its townships' and sub-districts' reports (乡镇年报).
	ScopeTownship Scope = "township"
	// ScopeSubordinate lists the reports of the governments one level down
	// (县区年报 on a prefecture's portal, 市州年报 on a province's).
	ScopeSubordinate Scope = "subordinate"
)

// Scopes lists the scope values accepted in a registry ("" is the portal's
// own column).
func Scopes() []Scope { return []Scope{ScopeOwn, ScopeDepartment, ScopeTownship, ScopeSubordinate} }

// ParseScope reads a registry's scope column ("" or "own", department,
// township, subordinate).
func ParseScope(s string) (Scope, error) {
	switch v := Scope(strings.ToLower(strings.TrimSpace(s))); v {
	case "own", "gov", "government":
		return ScopeOwn, nil
	case ScopeOwn, ScopeDepartment, ScopeTownship, ScopeSubordinate:
		return v, nil
	}
	return "", fmt.Errorf("unknown scope %q (want empty, department, township or subordinate)", s)
}

// Confidence says how sure a discovery is of a column.
type Confidence string

// Confidence levels.
const (
	// High: the site's navigation names the column and it lists reports.
	High Confidence = "high"
	// Medium: it lists reports but was reached by a probe or a loosely
	// named link, or it is named right but its list is written by a
	// script (gkmlpt) so no report was counted.
	Medium Confidence = "medium"
	// Low: named like the column but no report seen on it.
	Low Confidence = "low"
)

// Column is one annual-report column found on a portal.
type Column struct {
	URL     string // the list URL to crawl
	Adapter string // the CMS adapter recognised on the column page (trs, hanweb, gkmlpt, vsb, generic)
	Scope   Scope
	// Label is the link text that named it ("" for a probe).
	Label string
	// Evidence says how it was found: the link and the page it was on, or
	// the probe.
	Evidence   string
	Confidence Confidence
	// Reports is how many report links its first page shows (0 for lists
	// written by a script).
	Reports int
}

// Result is what a discovery found.
type Result struct {
	Home string
	// CMS is the CMS family recognised from the home page's markup ("" if
	// none).
	CMS string
	// Columns: the portal's own column first, then sub-columns by scope
	// and URL. Empty when nothing was found (the error says so).
	Columns []Column
	// Requests is the number of page requests made (robots.txt, which the
	// fetcher asks for, excluded).
	Requests int
}

// Own returns the portal's own column, if one was found.
func (r Result) Own() (Column, bool) {
	for _, c := range r.Columns {
		if c.Scope == ScopeOwn {
			return c, true
		}
	}
	return Column{}, false
}

// ErrNoColumn is wrapped by the error of a discovery that found no column.
var ErrNoColumn = errors.New("no annual-report column found")

// DefaultMaxRequests bounds the page requests of one discovery.
const DefaultMaxRequests = 12

// Options tune a discovery.
type Options struct {
	// MaxRequests bounds the page requests (default DefaultMaxRequests).
	MaxRequests int
	// Level is the portal's registry level (province, prefecture, county,
	// or ""): it decides whether a 县级 sub-column is the portal's own or
	// its counties'.
	Level string
}

// item is a page waiting to be fetched.
type item struct {
	url   string
	role  role
	score int
	label string
	from  string // the page that linked it ("" for the home page and probes)
	depth int
	seq   int
	trunc bool
	probe bool
	stub  bool // the target of a redirect stub: it stands for the page that forwarded
	// offsite: a 年报 column on a shared platform host (platform.go).
	offsite bool
	index   int  // in the queue; -1 once popped
	done    bool // fetched (or dropped)
}

func (it *item) priority() int {
	switch it.role {
	case roleColumn:
		return 1000 + it.score*10 - it.depth
	case roleReport:
		return 500 + it.score*10 - it.depth
	}
	return 100 + it.score*10 - 20*it.depth
}

type queue []*item

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if a, b := q[i].priority(), q[j].priority(); a != b {
		return a > b
	}
	return q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}
func (q *queue) Push(x any) {
	it := x.(*item)
	it.index = len(*q)
	*q = append(*q, it)
}
func (q *queue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	it.index, it.done = -1, true
	return it
}

// run is one discovery in progress.
type run struct {
	c     fetch.Client
	opt   Options
	home  *url.URL
	site  string
	res   Result
	q     queue
	seen  map[string]*item
	hubs  []string // directories of the hubs fetched, for probes
	found map[string]*Column
	// onHub: columns (by key) that a fetched hub page lists — their
	// siblings were seen there; afterOwn counts the hubs fetched after
	// the own column was found elsewhere (home page, a report's breadcrumb).
	onHub    map[string]bool
	afterOwn int
	seq      int
	lastErr  error
}

// Discover finds the annual-report columns of the portal whose home page
// (or any page of its site) is home. An unreachable home page is an error
// with the fetch failure's kind; a site where no column is found gives an
// error wrapping ErrNoColumn, with the Result saying how many requests it
// took.
func Discover(ctx context.Context, c fetch.Client, home string, opt Options) (Result, error) {
	if opt.MaxRequests <= 0 {
		opt.MaxRequests = DefaultMaxRequests
	}
	hu, err := url.Parse(strings.TrimSpace(home))
	if err != nil || (hu.Scheme != "http" && hu.Scheme != "https") || hu.Host == "" {
		return Result{Home: home}, fmt.Errorf("discover: %q is not an absolute http(s) URL", home)
	}
	r := &run{c: c, opt: opt, home: hu, site: strings.ToLower(hu.Hostname()), res: Result{Home: hu.String()},
		seen: map[string]*item{}, found: map[string]*Column{}, onHub: map[string]bool{}}
	page, err := r.getHome(ctx, hu.String())
	if err != nil {
		return r.res, fmt.Errorf("discover: home page %s: %w", home, err)
	}
	r.res.CMS = family(page)
	r.seen[key(hu.String())] = &item{url: hu.String(), done: true, index: -1}
	r.expand(page, "", 0, false)
	r.walk(ctx)
	if _, ok := r.own(); !ok && ctx.Err() == nil {
		r.probe(ctx)
	}
	if ctx.Err() != nil {
		return r.res, ctx.Err()
	}
	r.finish()
	if len(r.res.Columns) == 0 {
		err := fmt.Errorf("discover: %s: %w (%d requests)", home, ErrNoColumn, r.res.Requests)
		if r.lastErr != nil {
			err = fmt.Errorf("%w; last failure: %w", err, r.lastErr)
		}
		return r.res, err
	}
	return r.res, nil
}

// key is the de-duplication key of a URL: without its fragment, except a
// gkmlpt category (#2629), which names a different list.
func key(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 && !strings.Contains(u[:i], "/gkmlpt/") {
		return u[:i]
	}
	return u
}

// getHome fetches the home page. A portal that moved answers its old home
// page with a redirect to its new site: that is followed to another
// government host (…gov.cn), and the new site is the one discovered.
func (r *run) getHome(ctx context.Context, u string) (*adapters.Page, error) {
	allow := func(h string) bool {
		h = strings.ToLower(h)
		return adapters.SameSite(r.site, h) || strings.HasSuffix(h, ".gov.cn")
	}
	page, err := r.fetch(ctx, u, allow)
	if err != nil {
		return nil, err
	}
	if fu, err := url.Parse(page.URL); err == nil && fu.Host != "" && !adapters.SameSite(r.site, fu.Hostname()) {
		r.site = strings.ToLower(fu.Hostname())
		r.home = &url.URL{Scheme: fu.Scheme, Host: fu.Host, Path: "/"}
	}
	return page, nil
}

// get fetches u within the request budget, staying on the site.
func (r *run) get(ctx context.Context, u string) (*adapters.Page, error) {
	return r.fetch(ctx, u, func(h string) bool { return adapters.SameSite(r.site, h) })
}

func (r *run) fetch(ctx context.Context, u string, allow func(string) bool) (*adapters.Page, error) {
	if r.res.Requests >= r.opt.MaxRequests {
		return nil, fmt.Errorf("request budget of %d spent", r.opt.MaxRequests)
	}
	req := &fetch.Request{URL: strings.SplitN(u, "#", 2)[0], AllowHost: allow}
	resp, err := r.c.Do(ctx, req)
	if fetch.ErrorKind(err) != fetch.KindRobots {
		r.res.Requests++
	}
	if err != nil {
		r.lastErr = err
		return nil, err
	}
	if resp.Status == 404 || resp.Status == 410 {
		return nil, fmt.Errorf("%s: HTTP %d: %w", u, resp.Status, adapters.ErrNotFound)
	}
	return adapters.NewPage(resp.FinalURL, resp.Body, resp.ContentType()), nil
}

// push queues a page. A page already queued under a weaker name takes the
// stronger one (a site's menu calls the column 政府信息公开 and its
// breadcrumb 政府信息公开年报); a page already fetched is not queued again.
func (r *run) push(it *item) {
	k := key(it.url)
	if old, ok := r.seen[k]; ok {
		if !old.done && it.priority() > old.priority() {
			old.role, old.score, old.label, old.from, old.depth, old.trunc = it.role, it.score, it.label, it.from, it.depth, it.trunc
			heap.Fix(&r.q, old.index)
		}
		return
	}
	r.seen[k] = it
	r.seq++
	it.seq = r.seq
	heap.Push(&r.q, it)
}

// expand queues the links of page that lead towards the column.
func (r *run) expand(page *adapters.Page, from string, depth int, hub bool) {
	links := Links(page)
	redirect := len(links) <= 3
	for _, l := range links {
		off := !adapters.SameSite(r.site, adapters.HostOf(l.URL))
		if off && !platformColumn(l) || adapters.IsAttachment(l.URL) || key(l.URL) == key(page.URL) {
			continue
		}
		if l.Via == "redirect" {
			if redirect {
				// A stub page that only forwards: the target stands in
				// for the page itself.
				r.push(&item{url: l.URL, role: roleHub, score: 9, label: l.Text, from: from, depth: depth, stub: depth == 0 || !hub})
			}
			continue
		}
		ro, score := classify(l.Text, l.Truncated, l.URL)
		if ro == roleNone || depth >= 3 && ro == roleHub {
			continue
		}
		if ro == roleColumn && hub {
			r.onHub[key(l.URL)] = true
		}
		if off {
			score-- // the site's own column of the same name first
		}
		r.push(&item{url: l.URL, role: ro, score: score, label: l.Text, from: page.URL, depth: depth + 1, trunc: l.Truncated, offsite: off})
	}
}

// own returns the own column found so far.
func (r *run) own() (*Column, bool) {
	var best *Column
	for _, c := range r.found {
		if c.Scope == ScopeOwn && (best == nil || rank(c) > rank(best)) {
			best = c
		}
	}
	return best, best != nil && best.Confidence != Low
}

func rank(c *Column) int {
	n := map[Confidence]int{High: 300, Medium: 200, Low: 100}[c.Confidence]
	return n + min(c.Reports, 99)
}

// walk fetches the queued pages best first until the own column is found
// (and the sub-columns seen beside it are checked) or the budget is spent.
func (r *run) walk(ctx context.Context) {
	for r.q.Len() > 0 && r.res.Requests < r.opt.MaxRequests && ctx.Err() == nil {
		it := heap.Pop(&r.q).(*item)
		if own, ok := r.own(); ok {
			// The column is found: only sub-columns are still worth a
			// request, and the hub that lists it when it was found by a
			// shortcut (its siblings are listed there).
			sub := it.role == roleColumn && scopeOf(it.label, r.opt.Level) != ScopeOwn
			hunt := it.role != roleReport && !sub && !r.onHub[key(own.URL)] && r.afterOwn < 4
			if !sub && !hunt {
				continue
			}
			if hunt {
				r.afterOwn++
			}
		}
		page, err := r.getItem(ctx, it)
		if err != nil {
			continue
		}
		switch it.role {
		case roleColumn:
			r.column(page, it)
		default:
			if !r.gkmlptColumn(page, it) {
				r.expand(page, it.url, it.depth, it.role == roleHub && !it.stub)
				r.noteHub(page.URL)
			}
		}
	}
}

func (r *run) haveOwn() bool { _, ok := r.own(); return ok }

func (r *run) noteHub(u string) {
	pu, err := url.Parse(u)
	if err != nil {
		return
	}
	dir := pu.Path[:strings.LastIndexByte(pu.Path, '/')+1]
	if dir != "" && !slices.Contains(r.hubs, dir) {
		r.hubs = append(r.hubs, dir)
	}
}

// column judges a page reached as a column: a list of reports, a gkmlpt
// catalogue with a report category, or an index of sub-columns (本级 /
// 部门 / 乡镇), whose links are queued.
func (r *run) column(page *adapters.Page, it *item) {
	if r.gkmlptColumn(page, it) {
		return
	}
	reports := countReports(page)
	if reports == 0 {
		// An index of sub-columns, a frame around the list, or a stub:
		// look one level further.
		r.expandColumnIndex(page, it)
		if !it.probe {
			r.record(page, it, 0)
		}
		return
	}
	r.record(page, it, reports)
	// Sub-columns beside the list (tabs 本级 | 部门 | 乡镇).
	for _, l := range Links(page) {
		if !adapters.SameSite(r.site, adapters.HostOf(l.URL)) || key(l.URL) == key(page.URL) {
			continue
		}
		if ro, score := classify(l.Text, l.Truncated, l.URL); ro == roleColumn && scopeOf(l.Text, r.opt.Level) != ScopeOwn {
			r.push(&item{url: l.URL, role: ro, score: score, label: l.Text, from: page.URL, depth: it.depth + 1})
		}
	}
}

// expandColumnIndex queues what a column page without reports leads to:
// its column links and frames, each inheriting the page's own name when
// it has none.
func (r *run) expandColumnIndex(page *adapters.Page, it *item) {
	for _, l := range Links(page) {
		if !adapters.SameSite(r.site, adapters.HostOf(l.URL)) || key(l.URL) == key(page.URL) || adapters.IsAttachment(l.URL) {
			continue
		}
		ro, score := classify(l.Text, l.Truncated, l.URL)
		label := l.Text
		if (l.Via == "frame" || l.Via == "redirect") && ro == roleNone {
			ro, score, label = roleColumn, it.score, it.label
		}
		if ro != roleColumn && ro != roleReport {
			continue
		}
		if ro == roleColumn {
			r.onHub[key(l.URL)] = true
		}
		r.push(&item{url: l.URL, role: ro, score: score, label: label, from: page.URL, depth: it.depth + 1, probe: it.probe})
	}
}

// gkmlptColumn records a Guangdong gkmlpt catalogue whose TREE holds an
// annual-report category.
func (r *run) gkmlptColumn(page *adapters.Page, it *item) bool {
	if !strings.Contains(page.Text, "window._CONFIG") {
		return false
	}
	cfg, err := gkmlpt.ParseConfig(page, it.url)
	if err != nil || len(cfg.Cats) == 0 {
		return false
	}
	u := it.url
	if len(cfg.Cats) == 1 && !strings.Contains(u, "#") {
		u = strings.SplitN(page.URL, "#", 2)[0] + "#" + cfg.Cats[0]
	}
	if it.label == "" || it.role != roleColumn {
		it = &item{url: u, role: roleColumn, score: 10, label: it.label, from: it.from, depth: it.depth, probe: it.probe}
	}
	it.url = u
	c := r.record(page, it, 0)
	c.Adapter = "gkmlpt"
	c.Confidence = Medium
	if it.probe {
		c.Evidence += fmt.Sprintf("; gkmlpt TREE has %d report categories", len(cfg.Cats))
	} else {
		c.Confidence = High
		c.Evidence += fmt.Sprintf("; gkmlpt TREE has report category %s", strings.Join(cfg.Cats, ","))
	}
	return true
}

// countReports counts the distinct annual-report links on a page (also
// those a script writes, as Hanweb's datastore does).
func countReports(page *adapters.Page) int {
	seen := map[string]bool{}
	for _, l := range Links(page) {
		if _, ok := adapters.Candidate(l.Text); ok && !seen[l.URL] {
			if lookalike(norm(l.Text)) {
				continue
			}
			seen[l.URL] = true
		}
	}
	return len(seen)
}

// record notes a column found on page.
func (r *run) record(page *adapters.Page, it *item, reports int) *Column {
	scope := scopeOf(it.label, r.opt.Level)
	ev := fmt.Sprintf("link %q on %s", it.label, it.from)
	if it.from == "" {
		ev = fmt.Sprintf("link %q", it.label)
	}
	if it.probe {
		ev = "probe " + it.url
	}
	conf := Low
	switch {
	case reports > 0 && !it.probe && (it.score >= 9 || scope != ScopeOwn):
		conf = High
	case reports > 0:
		conf = Medium
	}
	if reports > 0 {
		ev += fmt.Sprintf(" (%d reports listed)", reports)
	} else {
		ev += " (no report listed on its first page)"
	}
	adapter := registry.Detect(page).Name()
	c := &Column{URL: it.url, Adapter: adapter, Scope: scope, Label: it.label, Evidence: ev, Confidence: conf, Reports: reports}
	if prev, ok := r.found[key(it.url)]; ok && rank(prev) >= rank(c) {
		return prev
	}
	r.found[key(it.url)] = c
	return c
}

// probe tries the usual column paths under the hubs seen and the site
// root, CMS family first.
func (r *run) probe(ctx context.Context) {
	root := r.home.Scheme + "://" + r.home.Host
	var paths []string
	if r.res.CMS == "gkmlpt" {
		paths = append(paths, "/gkmlpt/annualreport", "/gkmlpt/index")
	}
	dirs := append(append([]string(nil), r.hubs...), "/zwgk/", "/xxgk/", "/zfxxgk/", "/")
	names := []string{"zfxxgknb/", "xxgknb/", "gknb/", "zfxxgkndbg/"}
	if r.res.CMS == "vsb" {
		names = []string{"zfxxgknb.htm", "xxgknb.htm", "gknb.htm", "zfxxgkndbg.htm"}
	}
	for _, d := range dirs {
		for _, n := range names {
			paths = append(paths, d+n)
		}
	}
	if r.res.CMS != "gkmlpt" {
		paths = append(paths, "/gkmlpt/annualreport")
	}
	for _, p := range paths {
		if r.res.Requests >= r.opt.MaxRequests || ctx.Err() != nil {
			return
		}
		if _, ok := r.own(); ok {
			return
		}
		u := root + p
		if _, ok := r.seen[key(u)]; ok {
			continue
		}
		r.seen[key(u)] = &item{url: u, done: true, index: -1}
		page, err := r.get(ctx, u)
		if err != nil {
			continue
		}
		it := &item{url: u, role: roleColumn, score: 6, probe: true}
		r.column(page, it)
		r.walk(ctx)
	}
}

// finish orders the columns: the best own column first, then the
// sub-columns that list reports, by scope and URL. Own columns that are
// not the best are dropped (a second own list is usually an older copy),
// and so are columns with no report seen when a better one exists.
func (r *run) finish() {
	own, _ := r.own()
	var subs []Column
	for _, c := range r.found {
		if c.Scope == ScopeOwn || c.Confidence == Low && own != nil {
			continue
		}
		subs = append(subs, *c)
	}
	slices.SortFunc(subs, func(a, b Column) int {
		return cmp.Or(cmp.Compare(a.Scope, b.Scope), cmp.Compare(a.URL, b.URL))
	})
	if own != nil {
		r.res.Columns = append(r.res.Columns, *own)
	}
	r.res.Columns = append(r.res.Columns, subs...)
}

// family recognises the CMS family of a page from its markup with the
// adapters' own Detect, and a link into /gkmlpt/ for Guangdong's platform.
func family(p *adapters.Page) string {
	if strings.Contains(p.Text, "/gkmlpt/") {
		return "gkmlpt"
	}
	if strings.Contains(p.Text, "/col/col") && strings.Contains(p.Text, "/index.html") {
		return "hanweb"
	}
	name := registry.Detect(p).Name()
	if name == "generic" {
		return ""
	}
	return name
}
