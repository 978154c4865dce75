// Package adapters holds what every portal adapter shares: the Adapter
// interface, the report-candidate test (a year plus 年度报告/年报 in the link
// text), page decoding (GBK and other legacy charsets via
// golang.org/x/net/html/charset), link extraction, attachment detection and
// the same-site rule. The adapters themselves live in one sub-package each
// (trs, hanweb, gkmlpt, vsb, generic) and are registered, with CMS
// auto-detection, in package registry.
package adapters

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"ogi/internal/pubdate"
	"ogi/internal/textdecode"
	"ogi/scrapers/fetch"
)

// Link is a report candidate found on a portal: a detail page, or an
// attachment linked straight from a list.
type Link struct {
	URL   string
	Title string
	Year  int
	// Date is the date the list prints beside the link (zero when none):
	// the report's publication date as the list states it.
	Date time.Time
}

// Adapter finds a portal's reports.
type Adapter interface {
	// Name is the registry name (trs, hanweb, gkmlpt, vsb, generic).
	Name() string
	// Detect reports whether a fetched list page looks like this CMS.
	Detect(p *Page) bool
	// Discover walks the list at listURL (and its pagination) and returns
	// every report candidate, de-duplicated, in a deterministic order.
	Discover(ctx context.Context, c fetch.Client, listURL string) ([]Link, error)
}

// Page is a fetched HTML/XML/JSON page decoded to UTF-8.
type Page struct {
	URL  string // final URL (base for relative links)
	Raw  []byte
	Text string // UTF-8
	doc  *goquery.Document
	// anchors caches Anchors.
	anchors []Anchor
}

// ErrNotFound is returned by Get for 404/410 pages.
var ErrNotFound = errors.New("page not found")

// Get fetches u and decodes it. 404/410 give an error wrapping ErrNotFound.
func Get(ctx context.Context, c fetch.Client, u string) (*Page, error) {
	return Do(ctx, c, &fetch.Request{URL: u})
}

// Do sends req and decodes the answer.
func Do(ctx context.Context, c fetch.Client, req *fetch.Request) (*Page, error) {
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.Status == http.StatusNotFound || resp.Status == http.StatusGone {
		return nil, fmt.Errorf("%s: HTTP %d: %w", req.URL, resp.Status, ErrNotFound)
	}
	return NewPage(resp.FinalURL, resp.Body, resp.ContentType()), nil
}

// NewPage decodes body (BOM, Content-Type charset, <meta charset>, a UTF-8
// label contradicted by the bytes, GBK/GB2312 read as GB18030) into a Page.
func NewPage(finalURL string, body []byte, contentType string) *Page {
	return &Page{URL: finalURL, Raw: body, Text: Decode(body, contentType)}
}

// Decode returns body as UTF-8 with the extractor's decoder
// (internal/textdecode): BOM, Content-Type charset and <meta> are honoured;
// a body that is not valid UTF-8 but declared UTF-8, or not declared, is
// read as GB18030 (the superset of GBK/GB2312), the usual legacy encoding
// of Chinese portals.
func Decode(body []byte, contentType string) string {
	s, _ := textdecode.Bytes(body, contentType)
	return s
}

// Doc parses the page as HTML (once).
func (p *Page) Doc() *goquery.Document {
	if p.doc == nil {
		d, err := goquery.NewDocumentFromReader(strings.NewReader(p.Text))
		if err != nil {
			d, _ = goquery.NewDocumentFromReader(strings.NewReader(""))
		}
		p.doc = d
	}
	return p.doc
}

// Anchor is a hyperlink with its resolved URL and text.
type Anchor struct {
	URL  string
	Text string
	// Date is a date printed in the anchor's list row (<li>, <tr>, <dd>)
	// outside the anchor, as lists print a report's date beside its link.
	Date time.Time
}

// Anchors returns the page's links resolved against its URL (and <base>),
// fragments removed, javascript:/mailto: skipped, in document order. It
// streams the page through the HTML tokenizer (no DOM), and caches the
// result.
func (p *Page) Anchors() []Anchor {
	if p.anchors == nil {
		p.anchors = scanAnchors(p.Text, p.URL)
	}
	return p.anchors
}

// scanAnchors extracts <a href> links and their text with the tokenizer,
// and the date printed in each link's list row (rowDates).
func scanAnchors(text, pageURL string) []Anchor {
	base, _ := url.Parse(pageURL)
	out := []Anchor{}
	z := html.NewTokenizer(strings.NewReader(text))
	var cur *Anchor
	var title string
	var buf strings.Builder
	rows := rowDates{}
	finish := func() {
		if cur == nil {
			return
		}
		t := Clean(buf.String())
		if tt := Clean(title); len([]rune(tt)) > len([]rune(t)) {
			t = tt
		}
		cur.Text = t
		if cur.URL != "" {
			out = append(out, *cur)
			rows.anchor(len(out) - 1)
		}
		cur, title = nil, ""
		buf.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			finish()
			rows.end(out)
			return out
		case html.TextToken:
			if cur != nil {
				buf.Write(z.Text())
			} else {
				rows.text(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "a":
				finish()
				var href string
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch string(k) {
					case "href":
						href = string(v)
					case "title":
						title = string(v)
					}
				}
				cur = &Anchor{URL: Resolve(base, href)}
				if tt == html.SelfClosingTagToken {
					finish()
				}
			case "base":
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "href" && base != nil {
						if b, err := base.Parse(strings.TrimSpace(string(v))); err == nil {
							base = b
						}
					}
				}
			case "li", "tr", "dd", "dt":
				finish()
				rows.end(out)
			}
		case html.EndTagToken:
			switch name, _ := z.TagName(); string(name) {
			case "a":
				finish()
			case "li", "tr", "dd", "ul", "ol", "table", "dl":
				finish()
				rows.end(out)
			}
		}
	}
}

// rowDates gives the anchors of a list row the date printed in the row
// outside them: a row is what lies between row tags (li, tr, dd). A row
// with several report links (a table of many) is left without dates.
type rowDates struct {
	anchors []int // indexes into the anchors of the current row
	buf     []byte
}

func (r *rowDates) anchor(i int) { r.anchors = append(r.anchors, i) }

func (r *rowDates) text(b []byte) {
	if len(r.buf) < 512 {
		r.buf = append(r.buf, b...)
	}
}

// end closes the current row.
func (r *rowDates) end(out []Anchor) {
	if len(r.anchors) == 1 {
		if d, ok := pubdate.Find(string(r.buf)); ok {
			out[r.anchors[0]].Date = d
		}
	}
	r.anchors, r.buf = r.anchors[:0], r.buf[:0]
}

// AnchorsIn returns the links under sel resolved against base.
func AnchorsIn(sel *goquery.Selection, base *url.URL) []Anchor {
	var out []Anchor
	sel.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u := Resolve(base, href)
		if u == "" {
			return
		}
		text := Clean(a.Text())
		if t, ok := a.Attr("title"); ok && len([]rune(Clean(t))) > len([]rune(text)) {
			text = Clean(t)
		}
		out = append(out, Anchor{URL: u, Text: text})
	})
	return out
}

// Resolve resolves href against base; "" for non-http links.
func Resolve(base *url.URL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	low := strings.ToLower(href)
	if strings.HasPrefix(low, "javascript:") || strings.HasPrefix(low, "mailto:") || strings.HasPrefix(low, "tel:") {
		return ""
	}
	if base == nil {
		return ""
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

var spaceRe = regexp.MustCompile(`[\s\x{3000}\x{00a0}]+`)

// Clean collapses whitespace (including full-width and no-break spaces).
func Clean(s string) string { return strings.TrimSpace(spaceRe.ReplaceAllString(s, " ")) }

var (
	yearRe   = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)
	yearAny  = regexp.MustCompile(`(?:^|\D)((?:19|20)\d{2})(?:\D|$)`)
	cnYearRe = regexp.MustCompile(`([二〇○零O一三四五六七八九]{4})\s*年`)
)

var cnDigit = map[rune]int{'〇': 0, '○': 0, '零': 0, 'O': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// Candidate reports whether a link text (or title) names an annual report
// — a year and 年度报告 or 年报, or the older "YYYY年度政府信息公开工作报告"
// (年度 … 公开工作报告, never a bare 政府工作报告) — and returns the year.
func Candidate(text string) (year int, ok bool) {
	t := strings.ReplaceAll(Clean(text), " ", "")
	named := strings.Contains(t, "年度报告") || strings.Contains(t, "年报") ||
		strings.Contains(t, "年度") && (strings.Contains(t, "公开工作报告") || strings.Contains(t, "公开年度工作报告"))
	if !named {
		return 0, false
	}
	return Year(t)
}

// Year finds the report year in a title ("2023年", "二〇二三年", or a bare
// 4-digit year).
func Year(t string) (int, bool) {
	if m := yearRe.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y, true
	}
	if m := cnYearRe.FindStringSubmatch(t); m != nil {
		y := 0
		for _, r := range m[1] {
			y = y*10 + cnDigit[r]
		}
		if y >= 1900 && y < 2100 {
			return y, true
		}
	}
	if m := yearAny.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y, true
	}
	return 0, false
}

var attachExt = map[string]bool{".pdf": true, ".doc": true, ".docx": true, ".wps": true, ".xls": true, ".xlsx": true, ".et": true, ".ofd": true}

// IsAttachment reports whether u points at a document file (pdf, doc,
// docx, wps, xls, xlsx), including Hanweb's downfile.jsp?filename=….pdf.
func IsAttachment(u string) bool {
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	if attachExt[strings.ToLower(path.Ext(pu.Path))] {
		return true
	}
	for _, vs := range pu.Query() {
		for _, v := range vs {
			if attachExt[strings.ToLower(path.Ext(v))] {
				return true
			}
		}
	}
	return false
}

// Attachments returns the document links of a report detail page that stay
// on the portal's site, de-duplicated and sorted.
func Attachments(p *Page, siteHost string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range p.Anchors() {
		if !IsAttachment(a.URL) && !attachExt[strings.ToLower(path.Ext(a.Text))] {
			continue
		}
		if !SameSite(siteHost, HostOf(a.URL)) || seen[a.URL] {
			continue
		}
		seen[a.URL] = true
		out = append(out, a.URL)
	}
	sort.Strings(out)
	return out
}

// HostOf returns the lower-case host name (without port) of u.
func HostOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(pu.Hostname())
}

// SiteKey is the registrable part of a host: the last three labels under
// .gov.cn/.edu.cn/.org.cn/.com.cn, otherwise the last two; an IP as is.
func SiteKey(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	labels := strings.Split(host, ".")
	if len(labels) == 4 && isDigits(labels[0]) && isDigits(labels[3]) {
		return host
	}
	n := 2
	if len(labels) >= 3 && labels[len(labels)-1] == "cn" {
		switch labels[len(labels)-2] {
		case "gov", "edu", "org", "com", "net", "ac":
			n = 3
		}
	}
	if len(labels) <= n {
		return host
	}
	return strings.Join(labels[len(labels)-n:], ".")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// SameSite reports whether host b belongs to the site of host a (the same
// host, or a sibling host such as an attachment server of the same
// registrable domain).
func SameSite(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	return strings.EqualFold(a, b) || SiteKey(a) == SiteKey(b)
}

// Collector de-duplicates links and keeps them in discovery order.
type Collector struct {
	seen  map[string]bool
	links []Link
	site  string
}

// NewCollector accepts links on the site of listURL.
func NewCollector(listURL string) *Collector {
	return &Collector{seen: map[string]bool{}, site: HostOf(listURL)}
}

// Add records u if its text is a report candidate on the site; it returns
// whether it was a (new or known) candidate.
func (c *Collector) Add(u, text string) bool {
	y, ok := Candidate(text)
	if !ok || u == "" || !SameSite(c.site, HostOf(u)) {
		return false
	}
	if !c.seen[u] {
		c.seen[u] = true
		c.links = append(c.links, Link{URL: u, Title: Clean(text), Year: y})
	}
	return true
}

// AddDated is Add with the date the list prints beside the link; a date
// seen later for a known link fills in one that was missing.
func (c *Collector) AddDated(u, text string, date time.Time) bool {
	if !c.Add(u, text) {
		return false
	}
	if !date.IsZero() {
		for i := range c.links {
			if c.links[i].URL == u && c.links[i].Date.IsZero() {
				c.links[i].Date = date
			}
		}
	}
	return true
}

// AddAnchors adds every candidate anchor; it returns how many were candidates.
func (c *Collector) AddAnchors(as []Anchor) int {
	n := 0
	for _, a := range as {
		if c.AddDated(a.URL, a.Text, a.Date) {
			n++
		}
	}
	return n
}

// Links returns the collected links sorted by URL.
func (c *Collector) Links() []Link {
	out := append([]Link(nil), c.links...)
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out
}

// Len is the number of distinct links collected.
func (c *Collector) Len() int { return len(c.links) }

// ErrIncomplete is wrapped by the errors of a list whose pager declares
// more records than its static pages can hold (the rest is served only by
// a dynamic list API): what the static pages hold is returned with it.
var ErrIncomplete = errors.New("list incomplete")

// DiscoverPaged is Discover for CMSs whose list is a first page plus
// further static pages: it fetches listURL, then every page that pages
// names, and collects the anchors of all of them. name prefixes errors. A
// further page that fails (a redirect loop, 5xx after the retries, a
// timeout, a challenge) is skipped and the walk goes on with the pages the
// pager names; the links found come back with the failures joined
// (errors.Join, one error per failed page).
func DiscoverPaged(ctx context.Context, c fetch.Client, name, listURL string, pages func(*Page) []string) ([]Link, error) {
	first, err := Get(ctx, c, listURL)
	if err != nil {
		return nil, fmt.Errorf("%s: list: %w", name, err)
	}
	col := NewCollector(listURL)
	col.AddAnchors(first.Anchors())
	var errs []error
	for _, u := range pages(first) {
		if ctx.Err() != nil {
			return col.Links(), ctx.Err()
		}
		p, err := Get(ctx, c, u)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: list page %s: %w", name, u, err))
			continue
		}
		col.AddAnchors(p.Anchors())
	}
	return col.Links(), errors.Join(errs...)
}
