package simnet

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"ogi/data"
	"ogi/schema"
)

// Adapter names: the CMS pattern a portal is built on.
const (
	AdapterTRS     = "trs"
	AdapterHanweb  = "hanweb"
	AdapterGkmlpt  = "gkmlpt"
	AdapterVSB     = "vsb"
	AdapterGeneric = "generic"
)

// Renderings: where and how a report's tables are printed.
const (
	RenderHTML            = "html"             // inline Word-pasted HTML tables
	RenderHTMLTraditional = "html-traditional" // inline tables, traditional characters with pinyin debris
	RenderPDF             = "pdf"              // short page + PDF attachment
	RenderDOCX            = "docx"             // short page + DOCX attachment
	RenderFreeform        = "freeform"         // free text, no standard tables (pre-2019, some 2019)
)

// Encodings of a portal's HTML pages.
const (
	EncUTF8          = "utf-8"
	EncGBKHeader     = "gbk-header"     // GBK, declared in the Content-Type header
	EncGBKMeta       = "gbk-meta"       // GBK, declared only by <meta charset>
	EncGBKUndeclared = "gbk-undeclared" // GBK, declared nowhere
	// EncGBKMislabelled: GBK bytes served with charset=utf-8 in the header
	// and a <meta charset="utf-8"> (a template that says utf-8 over files
	// saved in GBK, as real portals have).
	EncGBKMislabelled = "gbk-mislabelled"
)

// Kinds of published reports.
const (
	KindGovernment = "government" // the county/city government's report (gov_aggregate)
	KindDepartment = "department" // a department's report on the same portal
	KindPre2019    = "pre2019"    // a free-form report of year ≤ 2018
)

// Fault names, as listed in Portal.Faults and Expected.Faults/Blocked.
const (
	Fault5xx          = "5xx-burst"       // the first two requests of every path fail with 503, 500
	FaultTimeout      = "timeout"         // the first request of each report page stalls for Config.Stall
	FaultSlowBody     = "slow-body"       // every body is dribbled out in small chunks
	Fault429          = "429"             // every 4th request answers 429 with Retry-After: 1
	FaultChallenge    = "challenge"       // report pages answer 412 with a 瑞数-style JS challenge
	FaultRedirectLoop = "redirect-loop"   // one report page redirects in a loop
	FaultDisallow     = "robots-disallow" // robots.txt disallows one report page
	FaultOversized    = "oversized"       // one report page is 48 MiB
	FaultGzipBomb     = "gzip-bomb"       // one report page is a gzip bomb (512 MiB inflated)
	FaultTypo         = "typo"            // a report's printed grand total is mistyped
	FaultCrawlDelay   = "crawl-delay"     // robots.txt announces Config.CrawlDelay
	// FaultListLoop: the second page of the report list (a list page, not
	// a report) redirects to itself, while the later pages answer; the
	// reports only that page lists are out of a polite client's reach.
	// On Hanweb portals that answer POST it is the first dataproxy group.
	FaultListLoop = "list-loop"
	// FaultChallengeSome: every third report page (by path) answers a 412
	// JS challenge, the others normally: a host that challenges some pages
	// only, never two report pages in a row.
	FaultChallengeSome = "challenge-some"
)

// faultKinds are the transport faults dealt round-robin to fault portals.
var faultKinds = []string{Fault5xx, FaultTimeout, FaultSlowBody, Fault429, FaultChallenge,
	FaultRedirectLoop, FaultDisallow, FaultOversized, FaultGzipBomb, FaultListLoop, FaultChallengeSome}

// FaultKinds lists the transport faults a network with Config.Faults deals
// to its fault portals, in the order they are dealt.
func FaultKinds() []string { return append([]string(nil), faultKinds...) }

// Config describes a network. The zero value (plus a seed) is usable.
type Config struct {
	Seed       int64
	Portals    int      // how many portals (jurisdictions); default 20
	Provinces  []string // province codes ("37" or "370000") to draw counties from; default 37, 44, 62
	Years      []int    // report years; default 2019..2025 (plus pre-2019 distractors)
	Latency    time.Duration
	Faults     bool          // inject faults into a deterministic subset of portals
	Lapses     bool          // some governments publish a year's report late or not at all (lapses.go)
	CrawlDelay time.Duration // Crawl-delay some robots.txt announce (every third portal); 0 = none
	// MinInterval is the politeness floor between two requests to one host
	// that the server enforces in Violations even without Crawl-delay.
	MinInterval time.Duration
	// Stall is how long a FaultTimeout response stalls; default 30s. The
	// stall ends early when the client goes away or the network closes.
	Stall time.Duration
}

// Portal is one simulated portal.
type Portal struct {
	Code    string // GB/T 2260 code of the jurisdiction
	Name    string // e.g. 招远市
	Host    string // e.g. www.d370685.gov.cn
	ListURL string // the annual-report column
	Adapter string // AdapterTRS, AdapterHanweb, AdapterGkmlpt, AdapterVSB or AdapterGeneric
	Faults  []string
	// HomeURL is the portal's home page, from which its navigation leads
	// to the column.
	HomeURL string
	// Columns: the own column (ListURL) first, then the department and
	// township sub-columns, with the names the navigation gives them.
	Columns []Column
}

// Expected is one report the network publishes.
type Expected struct {
	PortalCode  string
	Year        int
	URL         string   // the detail page
	Attachments []string // absolute URLs as the page links them (Hanweb's downfile.jsp answers 302)
	Rendering   string
	Encoding    string
	Template    string // schema.V2019, schema.V2021, or "" for free-form reports (no Figures)
	Figures     Figures
	Title       string
	Agency      string
	Kind        string // KindGovernment, KindDepartment or KindPre2019
	// FailedChecks lists the hard identities the printed figures break
	// (a FaultTypo report); empty otherwise.
	FailedChecks []string
	// Faults lists the faults on the way to this report (a polite client
	// that retries still gets it); Blocked names the fault that keeps a
	// polite client from ever getting it ("" when it can).
	Faults  []string
	Blocked string
	// Published is the date the portal shows for the report (its page's
	// 发布时间, its list date, its URL where the CMS puts one); Late says
	// it is after Deadline (Config.Lapses makes some so).
	Published time.Time
	Late      bool
	// ListURL is the column that lists it; Scope that column's scope
	// (ScopeOwn, ScopeDepartment, ScopeTownship).
	ListURL string
	Scope   string
}

// Request is one request the server answered.
type Request struct {
	Host        string
	Method      string
	Path        string // path and query as requested
	Time        time.Time
	Status      int
	Bytes       int64 // body bytes written
	UserAgent   string
	Conditional bool // carried If-None-Match or If-Modified-Since
}

// Network is a running simulated portal network.
type Network struct {
	cfg     Config
	ln      net.Listener
	srv     *http.Server
	addr    string
	portals []*portal
	byHost  map[string]*portal
	closing chan struct{}
	once    sync.Once
	bytes   atomic.Int64

	tmpls templates
	trad  func() (func(string) string, error)
	bomb  func() []byte

	mu         sync.Mutex
	versions   map[*document]int
	removed    map[*document]bool
	listMod    map[*portal]time.Time
	requests   []Request
	violations []string
	lapses     []Lapse // drawn when the network is built (Config.Lapses)
	hosts      map[string]*hostState
	figs       map[figKey]map[int]Figures
}

type figKey struct {
	portal int
	agency int
}

// Start builds the network from cfg and listens on 127.0.0.1:0.
func Start(cfg Config) (*Network, error) {
	if cfg.Portals <= 0 {
		cfg.Portals = 20
	}
	if len(cfg.Provinces) == 0 {
		cfg.Provinces = []string{"37", "44", "62"}
	}
	if len(cfg.Years) == 0 {
		cfg.Years = []int{2019, 2020, 2021, 2022, 2023, 2024, 2025}
	}
	cfg.Years = append([]int(nil), cfg.Years...)
	sort.Ints(cfg.Years)
	for _, y := range cfg.Years {
		if y < 2019 || y > 2100 {
			return nil, fmt.Errorf("simnet: year %d out of range (2019 onwards)", y)
		}
	}
	if cfg.Stall <= 0 {
		cfg.Stall = 30 * time.Second
	}
	n := &Network{
		cfg:      cfg,
		byHost:   map[string]*portal{},
		closing:  make(chan struct{}),
		versions: map[*document]int{},
		removed:  map[*document]bool{},
		listMod:  map[*portal]time.Time{},
		hosts:    map[string]*hostState{},
		figs:     map[figKey]map[int]Figures{},
	}
	n.tmpls = newTemplates()
	n.trad = sync.OnceValues(newTraditional)
	n.bomb = sync.OnceValue(gzipBomb)
	if err := n.build(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("simnet: listen: %w", err)
	}
	n.ln = ln
	n.addr = ln.Addr().String()
	n.srv = &http.Server{Handler: n, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = n.srv.Serve(ln) }()
	return n, nil
}

// Close stops the server and ends every stalled response.
func (n *Network) Close() error {
	n.once.Do(func() { close(n.closing) })
	if err := n.srv.Close(); err != nil {
		return fmt.Errorf("simnet: close: %w", err)
	}
	return nil
}

// Addr is the server's loopback address.
func (n *Network) Addr() string { return n.addr }

// DialContext connects to the server whatever the address asked for: it is
// the dialer of an http.Transport that resolves every portal host to the
// network.
func (n *Network) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", n.addr)
	if err != nil {
		return nil, fmt.Errorf("simnet: dial %s: %w", addr, err)
	}
	return c, nil
}

// Transport returns a fresh transport that dials the network.
func (n *Network) Transport() *http.Transport {
	return &http.Transport{DialContext: n.DialContext, MaxIdleConnsPerHost: 4, DisableCompression: true}
}

// Portals lists the portals in a stable order.
func (n *Network) Portals() []Portal {
	out := make([]Portal, len(n.portals))
	for i, p := range n.portals {
		out[i] = p.info
		out[i].Faults = append([]string(nil), p.info.Faults...)
		out[i].HomeURL = p.url(p.site.homePath)
		if p.site.stub || p.idx%3 == 0 {
			out[i].HomeURL = p.url("/")
		}
		out[i].Columns = []Column{{Scope: ScopeOwn, ListURL: p.info.ListURL, Label: p.site.column.label}}
		for k, s := range p.subs {
			out[i].Columns = append(out[i].Columns, Column{Scope: s.scope, ListURL: s.info.ListURL, Label: p.site.subs[k].label})
		}
	}
	return out
}

// WriteRegistry writes every column as CSV: code,name,list_url,adapter,
// scope (the own column with an empty scope, then its sub-columns).
func (n *Network) WriteRegistry(w io.Writer) error {
	var rows [][]string
	for _, p := range n.portals {
		for _, c := range p.columns() {
			rows = append(rows, []string{p.info.Code, p.info.Name, c.info.ListURL, p.info.Adapter, c.scope})
		}
	}
	return writeCSV(w, []string{"code", "name", "list_url", "adapter", "scope"}, rows)
}

// WriteHomeRegistry writes the home-page-only form of the registry:
// code,name,home_url. A crawler must find the columns itself.
func (n *Network) WriteHomeRegistry(w io.Writer) error {
	var rows [][]string
	for _, p := range n.Portals() {
		rows = append(rows, []string{p.Code, p.Name, p.HomeURL})
	}
	return writeCSV(w, []string{"code", "name", "home_url"}, rows)
}

func writeCSV(w io.Writer, head []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(head); err != nil {
		return fmt.Errorf("simnet: write registry: %w", err)
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("simnet: write registry: %w", err)
	}
	return nil
}

// Expected lists every report the network currently publishes (removed
// ones excluded), portal by portal, newest first.
func (n *Network) Expected() []Expected {
	var out []Expected
	for _, p := range n.allColumns() {
		for _, d := range p.docs {
			if !d.isReport() || n.isRemoved(d) {
				continue
			}
			e := Expected{
				PortalCode: p.info.Code, Year: d.year, URL: p.url(d.path), ListURL: p.info.ListURL, Scope: p.scope,
				Rendering: d.rendering, Encoding: p.encoding, Template: d.template,
				Title: d.title, Agency: d.agency, Kind: d.kind,
				Blocked: d.blocked, Published: d.pub, Late: isLate(d),
			}
			if e.Blocked == "" && n.onLoopingListPage(p, d) {
				e.Blocked = FaultListLoop
				e.Faults = append(e.Faults, FaultListLoop)
			}
			if d.attachLink != "" {
				e.Attachments = []string{p.url(d.attachLink)}
			}
			if d.template != "" {
				f := n.figures(p, d)
				e.Figures = f
				if d.typo {
					tmpl, _ := n.tmpls.byID(d.template)
					e.FailedChecks = f.FailedChecks(tmpl)
				}
			}
			e.Faults = append(e.Faults, d.faults...)
			out = append(out, e)
		}
	}
	return out
}

// Requests returns a copy of the server-side request log.
func (n *Network) Requests() []Request {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Request(nil), n.requests...)
}

// Violations returns the politeness breaches the server observed, in the
// order observed.
func (n *Network) Violations() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.violations...)
}

// BytesServed is the total of response body bytes written.
func (n *Network) BytesServed() int64 { return n.bytes.Load() }

// Edit changes a published report: the page (and its attachment) get new
// bytes and a later Last-Modified, so conditional GETs answer 200 again.
// u is the detail page or attachment URL.
func (n *Network) Edit(u string) error {
	p, d, err := n.lookup(u)
	if err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.removed[d] {
		return fmt.Errorf("simnet: edit %s: removed", u)
	}
	n.versions[d]++
	n.touchList(p, d.modTime(n.versions[d]))
	return nil
}

// Remove unpublishes a report: its pages answer 404 and it leaves its list.
func (n *Network) Remove(u string) error {
	p, d, err := n.lookup(u)
	if err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.removed[d] {
		return fmt.Errorf("simnet: remove %s: already removed", u)
	}
	n.removed[d] = true
	n.touchList(p, d.modTime(n.versions[d]+1))
	return nil
}

// touchList moves the list's Last-Modified forward; n.mu is held.
func (n *Network) touchList(p *portal, t time.Time) {
	cur := n.listMod[p]
	if cur.IsZero() {
		cur = p.listBase
	}
	next := cur.Add(time.Hour)
	if t.After(next) {
		next = t
	}
	n.listMod[p] = next
}

func (n *Network) lookup(u string) (*portal, *document, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, nil, fmt.Errorf("simnet: %q: %w", u, err)
	}
	p := n.byHost[strings.ToLower(pu.Hostname())]
	if p == nil {
		return nil, nil, fmt.Errorf("simnet: %s: no such portal", u)
	}
	p, rt := p.findRoute(pu.Path, pu.Query())
	if rt.doc == nil {
		return nil, nil, fmt.Errorf("simnet: %s: no such page", u)
	}
	return p, rt.doc, nil
}

func (n *Network) isRemoved(d *document) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.removed[d]
}

func (n *Network) version(d *document) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.versions[d]
}

// figures returns the printed figures of a report (generated on first use,
// for the agency's whole run of years at once).
func (n *Network) figures(p *portal, d *document) Figures {
	k := figKey{p.idx, d.agencyIdx}
	n.mu.Lock()
	all, ok := n.figs[k]
	n.mu.Unlock()
	if !ok {
		prof := agencyProfile{size: p.size, prefecture: p.prefecture, procUnit: "万元", late: n.lateSwitch(p.info.Code, d.agencyIdx)}
		if d.agencyIdx > 0 {
			prof.dept = true
		}
		rng := n.rng("figures", p.info.Code, fmt.Sprint(d.agencyIdx))
		if rng.IntN(3) == 0 {
			prof.procUnit = "元"
		}
		all = yearFigures(rng, n.tmpls, prof, n.cfg.Years[0], n.cfg.Years[len(n.cfg.Years)-1])
		n.mu.Lock()
		n.figs[k] = all
		n.mu.Unlock()
	}
	f := all[d.year]
	f = f.clone()
	if d.typo {
		typo(n.rng("typo", p.info.Code, d.path), &f)
	}
	if d.blankZeros {
		blankZeros(&f)
	}
	return f
}

// blankZeros marks the zero cells of table 四 as printed blank.
func blankZeros(f *Figures) {
	keys := make([]string, 0, len(f.ReviewLitigation))
	for k := range f.ReviewLitigation {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if f.ReviewLitigation[k] == 0 {
			f.Blank = append(f.Blank, schema.Ref{Table: schema.TableReview, Row: k})
		}
	}
}

// rng is a random stream determined by the seed and the labels only, so
// lazily generated parts do not depend on the order they are asked for.
func (n *Network) rng(labels ...string) *rand.Rand {
	h := fnv.New64a()
	for _, l := range labels {
		_, _ = h.Write([]byte(l))
		_, _ = h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(uint64(n.cfg.Seed), h.Sum64()))
}

// divisionsFor draws the jurisdictions: counties (then prefectures) of the
// configured provinces, shuffled by the seed and interleaved across
// provinces; when more portals are asked for than they hold, further
// provinces follow in code order.
func (n *Network) divisionsFor() ([]data.Division, error) {
	all, err := data.Divisions()
	if err != nil {
		return nil, fmt.Errorf("simnet: divisions: %w", err)
	}
	byProv := map[string][]data.Division{}
	var provs []string
	for _, d := range all {
		if d.Level == data.LevelProvince {
			provs = append(provs, d.Code[:2])
			continue
		}
		if d.Kind != data.KindAdmin {
			continue
		}
		byProv[d.Code[:2]] = append(byProv[d.Code[:2]], d)
	}
	order := []string{}
	seen := map[string]bool{}
	for _, p := range n.cfg.Provinces {
		if len(p) >= 2 {
			p = p[:2]
		}
		if _, ok := byProv[p]; !ok {
			return nil, fmt.Errorf("simnet: unknown province %q", p)
		}
		if !seen[p] {
			order = append(order, p)
			seen[p] = true
		}
	}
	lists := func(codes []string) [][]data.Division {
		var out [][]data.Division
		for _, p := range codes {
			ds := byProv[p]
			var counties, prefs []data.Division
			for _, d := range ds {
				if d.Level == data.LevelCounty {
					counties = append(counties, d)
				} else {
					prefs = append(prefs, d)
				}
			}
			rng := n.rng("divisions", p)
			rng.Shuffle(len(counties), func(i, j int) { counties[i], counties[j] = counties[j], counties[i] })
			rng.Shuffle(len(prefs), func(i, j int) { prefs[i], prefs[j] = prefs[j], prefs[i] })
			out = append(out, append(counties, prefs...))
		}
		return out
	}
	var picked []data.Division
	interleave := func(ls [][]data.Division) {
		for i := 0; len(picked) < n.cfg.Portals; i++ {
			any := false
			for _, l := range ls {
				if i < len(l) && len(picked) < n.cfg.Portals {
					picked = append(picked, l[i])
					any = true
				}
			}
			if !any {
				return
			}
		}
	}
	interleave(lists(order))
	var rest []string
	for _, p := range provs {
		if !seen[p] {
			rest = append(rest, p)
		}
	}
	for _, p := range rest {
		if len(picked) >= n.cfg.Portals {
			break
		}
		interleave(lists([]string{p}))
	}
	if len(picked) < n.cfg.Portals {
		return nil, errors.New("simnet: more portals asked for than divisions exist")
	}
	return picked, nil
}
