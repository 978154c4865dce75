// Package hanweb finds reports on 大汉 Hanweb jcms portals. A column page
// /col/col{id}/index.html embeds its first records as a <datastore> XML
// island; the rest come from POSTs to /module/web/jpage/dataproxy.jsp
// (startrecord/endrecord/perpage in the query, columnid/unitid/webid… in the
// form body) answering <datastore><totalrecord>…<recordset><record>
// <![CDATA[<li><a href=…>]]>.
package hanweb

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"ogi/internal/pubdate"
	"ogi/scrapers/adapters"
	"ogi/scrapers/fetch"
)

// MaxRecords bounds the records read from one column.
const MaxRecords = 20000

// Adapter is the Hanweb adapter.
type Adapter struct{}

// Name implements adapters.Adapter.
func (Adapter) Name() string { return "hanweb" }

// Detect implements adapters.Adapter.
func (Adapter) Detect(p *adapters.Page) bool {
	return strings.Contains(p.Text, "dataproxy.jsp") || strings.Contains(p.Text, "<datastore>") ||
		articleRe.MatchString(p.Text)
}

var (
	recordRe = regexp.MustCompile(`(?s)<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>`)
	totalRe  = regexp.MustCompile(`(?i)<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*[:=]\s*['"]?(\d+)`)
	perRe    = regexp.MustCompile(`(?i)perpage\s*[:=]\s*['"]?(\d+)`)
	proxyRe  = regexp.MustCompile(`[^"'\s<>]*dataproxy\.jsp[^"'\s<>\]]*`)
	// articleRe matches a Hanweb article path; colRe the column id of a
	// column page URL.
	articleRe = regexp.MustCompile(`/art/\d{4}/\d+/\d+/art_\d+_\d+\.html`)
	colRe     = regexp.MustCompile(`/col/col(\d+)/`)
)

// param names sent in the dataproxy form body, with defaults.
var paramNames = []string{"col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname", "permissiontype"}

func paramDefaults() map[string]string {
	return map[string]string{"col": "1", "appid": "1", "path": "/", "sourceContentType": "1", "permissiontype": "0"}
}

// Discover implements adapters.Adapter.
func (Adapter) Discover(ctx context.Context, c fetch.Client, listURL string) ([]adapters.Link, error) {
	first, err := adapters.Get(ctx, c, listURL)
	if err != nil {
		return nil, fmt.Errorf("hanweb: column: %w", err)
	}
	col := adapters.NewCollector(listURL)
	col.AddAnchors(first.Anchors())
	base, _ := url.Parse(first.URL)
	embedded := addRecords(col, base, first.Text)
	total := -1
	if m := totalRe.FindStringSubmatch(first.Text); m != nil {
		total = atoi(m[1] + m[2])
	}
	params, proxy := Params(first)
	if params["columnid"] == "" {
		if embedded > 0 || col.Len() > 0 {
			return col.Links(), nil // a static column: everything is on the page
		}
		return nil, fmt.Errorf("hanweb: %s: no columnid for dataproxy.jsp", listURL)
	}
	per := 15
	if m := perRe.FindStringSubmatch(first.Text); m != nil && atoi(m[1]) > 0 {
		// the page's own number, clamped: a huge perpage would overflow
		// the record ranges below
		per = min(atoi(m[1]), MaxRecords)
	}
	chunk := 3 * per
	start := embedded + 1
	if total >= 0 && embedded >= total {
		return col.Links(), nil
	}
	form := url.Values{}
	for _, k := range paramNames {
		form.Set(k, params[k])
	}
	body := []byte(encodeOrdered(form))
	lastPage := 0
	if m := totalPageRe.FindStringSubmatch(first.Text); m != nil {
		lastPage = atoi(m[1])
	}
	var errs []error
	for start <= MaxRecords {
		end := start + chunk - 1
		q := fmt.Sprintf("startrecord=%d&endrecord=%d&perpage=%d", start, end, per)
		pu := adapters.Resolve(base, proxy+"?"+q)
		p, err := adapters.Do(ctx, c, &fetch.Request{Method: "POST", URL: pu, Body: body, ContentType: "application/x-www-form-urlencoded"})
		if start == embedded+1 && ctx.Err() == nil && (err != nil || !strings.Contains(p.Text, "<datastore")) {
			// Older jcms answer only GET dataproxy.jsp?page=N&webid=…
			// (the form of the <nextgroup> link): try that before failing.
			if links, gerr := discoverPaged(ctx, c, col, base, proxy, body, lastPage); gerr == nil {
				return links, nil
			} else if err == nil {
				err = gerr
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return col.Links(), ctx.Err()
			}
			// A failed group is skipped when the total says more follow.
			errs = append(errs, fmt.Errorf("hanweb: dataproxy %s: %w", pu, err))
			if total < 0 || end >= total {
				break
			}
			start = end + 1
			continue
		}
		n := addRecords(col, base, p.Text)
		if m := totalRe.FindStringSubmatch(p.Text); m != nil {
			total = atoi(m[1] + m[2])
		}
		if n == 0 || (total >= 0 && end >= total) {
			break
		}
		start = end + 1
	}
	return col.Links(), errors.Join(errs...)
}

// MaxGroups bounds the GET page=N requests of one column.
const MaxGroups = 2000

var totalPageRe = regexp.MustCompile(`(?i)<totalpage>\s*(\d+)\s*</totalpage>`)

// discoverPaged walks the GET form of dataproxy.jsp, page=1, 2, … with the
// column's parameters, until a page adds no record link, the datastore's
// totalpage is reached, or MaxGroups. A page that fails is skipped while
// the known totalpage (last, from the column page or an answer) says more
// follow; it fails when no page answered a datastore.
func discoverPaged(ctx context.Context, c fetch.Client, col *adapters.Collector, base *url.URL, proxy string, form []byte, last int) ([]adapters.Link, error) {
	prev := ""
	var errs []error
	answered := false
	for page := 1; page <= MaxGroups; page++ {
		pu := adapters.Resolve(base, fmt.Sprintf("%s?page=%d&%s", proxy, page, form))
		p, err := adapters.Get(ctx, c, pu)
		if err == nil && !strings.Contains(p.Text, "<datastore") {
			err = errors.New("no <datastore> in the answer")
		}
		if err != nil {
			if ctx.Err() != nil {
				return col.Links(), ctx.Err()
			}
			errs = append(errs, fmt.Errorf("hanweb: dataproxy %s: %w", pu, err))
			if page < last {
				continue
			}
			if !answered {
				return col.Links(), errors.Join(errs...)
			}
			break
		}
		answered = true
		n := addRecords(col, base, p.Text)
		if m := totalPageRe.FindStringSubmatch(p.Text); m != nil {
			last = atoi(m[1])
		}
		// A server that ignores page answers the same records again.
		recs := fmt.Sprint(recordRe.FindAllString(p.Text, -1))
		if n == 0 || (last > 0 && page >= last) || recs == prev {
			break
		}
		prev = recs
	}
	return col.Links(), errors.Join(errs...)
}

func encodeOrdered(v url.Values) string {
	var b strings.Builder
	for i, k := range paramNames {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v.Get(k)))
	}
	return b.String()
}

// addRecords adds the links of every <record> CDATA fragment in text and
// returns the number of records.
func addRecords(col *adapters.Collector, base *url.URL, text string) int {
	ms := recordRe.FindAllStringSubmatch(text, -1)
	for _, m := range ms {
		d, err := goquery.NewDocumentFromReader(strings.NewReader(m[1]))
		if err != nil {
			continue
		}
		as := adapters.AnchorsIn(d.Selection, base)
		// The record's title may sit beside the link (a <span>); use the
		// whole fragment text when the anchor text is not a candidate.
		whole := adapters.Clean(d.Text())
		date, _ := pubdate.Find(whole) // the record prints its date beside the link
		for _, a := range as {
			if !col.AddDated(a.URL, a.Text, date) {
				col.AddDated(a.URL, whole, date)
			}
		}
	}
	return len(ms)
}

var commentRe = regexp.MustCompile(`(?s)<!--.*?-->`)

var jsParamRe = regexp.MustCompile(`(?i)\b(col|appid|webid|path|columnid|sourceContentType|unitid|webname|permissiontype)\b\s*[:=]\s*['"]?([^'",&}\s]*)`)

// Params reads the dataproxy parameters from a column page (the nextgroup
// link of the embedded datastore, or the jpage JavaScript options) and the
// proxy path.
func Params(p *adapters.Page) (map[string]string, string) {
	params := paramDefaults()
	proxy := "/module/web/jpage/dataproxy.jsp"
	text := commentRe.ReplaceAllString(p.Text, "")
	// The first link to dataproxy.jsp itself (not morecolumndataproxy.jsp,
	// which speaks another protocol, page=N).
	// One with a query (the <nextgroup> link) is preferred to a bare path.
	m := ""
	for _, c := range proxyRe.FindAllString(text, -1) {
		if path.Base(strings.SplitN(c, "?", 2)[0]) != "dataproxy.jsp" {
			continue
		}
		if m == "" || (!strings.Contains(m, "?") && strings.Contains(c, "?")) {
			m = c
		}
	}
	if m != "" {
		raw := strings.ReplaceAll(m, "&amp;", "&")
		if i := strings.Index(raw, "?"); i >= 0 {
			if q, err := url.ParseQuery(raw[i+1:]); err == nil {
				for k := range q {
					for _, n := range paramNames {
						if strings.EqualFold(k, n) && q.Get(k) != "" {
							params[n] = q.Get(k)
						}
					}
				}
			}
			raw = raw[:i]
		}
		// Only an absolute path replaces the default: the <nextgroup> of a
		// dataproxy answer says ./dataproxy.jsp, relative to
		// /module/web/jpage/ and not to the column page.
		if strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "http") {
			proxy = raw
		}
	}
	for _, m := range jsParamRe.FindAllStringSubmatch(text, -1) {
		for _, n := range paramNames {
			if strings.EqualFold(m[1], n) && params[n] == paramDefaults()[n] && m[2] != "" {
				params[n] = m[2]
			}
		}
	}
	if params["columnid"] == "" {
		if m := colRe.FindStringSubmatch(p.URL); m != nil {
			params["columnid"] = m[1]
		}
	}
	return params, proxy
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
