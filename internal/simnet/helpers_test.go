package simnet

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// start starts a network and closes it with the test.
func start(t testing.TB, cfg Config) *Network {
	t.Helper()
	n, err := Start(cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = n.Close() })
	return n
}

// client is a polite test client: it fetches robots.txt before anything
// else on a host and keeps its distance from each host.
type client struct {
	t      testing.TB
	hc     *http.Client
	robots map[string]bool
	last   map[string]time.Time
	gap    time.Duration
}

func newClient(t testing.TB, n *Network, gap time.Duration) *client {
	return &client{t: t, gap: gap, robots: map[string]bool{}, last: map[string]time.Time{},
		hc: &http.Client{Transport: n.Transport(), Timeout: 10 * time.Second}}
}

func (c *client) wait(host string) {
	if last, ok := c.last[host]; ok {
		if d := c.gap - time.Since(last); d > 0 {
			time.Sleep(d)
		}
	}
	c.last[host] = time.Now()
}

func (c *client) do(req *http.Request) (*http.Response, []byte) {
	c.t.Helper()
	host := req.URL.Hostname()
	if !c.robots[host] {
		c.robots[host] = true
		c.wait(host)
		resp, err := c.hc.Get("http://" + host + "/robots.txt")
		if err != nil {
			c.t.Fatalf("robots %s: %v", host, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	c.wait(host)
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("read %s: %v", req.URL, err)
	}
	return resp, b
}

func (c *client) get(u string) (*http.Response, []byte) {
	c.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

// getOK fetches u and fails the test unless it answers 200; the body is
// decoded to UTF-8 by the declared or sniffed charset.
func (c *client) getOK(u string) string {
	c.t.Helper()
	resp, b := c.get(u)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("GET %s: %s", u, resp.Status)
	}
	return decode(c.t, b, resp.Header.Get("Content-Type"))
}

func decode(t testing.TB, b []byte, ctype string) string {
	t.Helper()
	if !utf8.Valid(b) && strings.Contains(strings.ToLower(ctype), "utf-8") {
		ctype = "text/html; charset=gbk" // a mislabelled portal's GBK bytes
	}
	r, err := charset.NewReader(strings.NewReader(string(b)), ctype)
	if err != nil {
		t.Fatalf("charset: %v", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return string(out)
}

var (
	reHref       = regexp.MustCompile(`<li><a href="([^"]+)" target="_blank"`)
	reListModel  = regexp.MustCompile(`listModel\(\{.*?"?maxStaticIndex"?\s*:\s*"?(\d+)`)
	reCreatePage = regexp.MustCompile(`createPageHTML\((\d+),\s*(\d+),\s*"([^"]+)",\s*"([^"]+)"\)`)
	rePageDiv    = regexp.MustCompile(`createPageHTML\('page_div',(\d+),\s*\d+,'([^']+)','([^']+)',\d+\)`)
	reCountPage  = regexp.MustCompile(`var countPage = (\d+)`)
	rePageVar    = regexp.MustCompile(`createPageHTML\(countPage, currentPage, "([^"]+)", "([^"]+)"\)`)
	reTotalPage  = regexp.MustCompile(`<totalpage>(\d+)</totalpage>`)
	reTreeReport = regexp.MustCompile(`"id":(\d+),"name":"政府信息公开年报"`)
	reTotal      = regexp.MustCompile(`<totalrecord>(\d+)</totalrecord>`)
	rePerPage    = regexp.MustCompile(`perPage:\s*(\d+)`)
	reQuery      = regexp.MustCompile(`queryString:\s*'([^']*)'`)
	reSID        = regexp.MustCompile(`SID:\s*["'](\d+)["']`)
	reAnnual     = regexp.MustCompile(`ANNUALREPORT:\s*(\d+)`)
	reNextVSB    = regexp.MustCompile(`<a href="([^"]+)">下页</a>`)
	reNextGen    = regexp.MustCompile(`<a href="([^"]+)">下一页</a>`)
	reRecordHref = regexp.MustCompile(`<record><!\[CDATA\[<li><a href="([^"]+)"`)
)

func resolve(t testing.TB, base, ref string) string {
	t.Helper()
	b, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	r, err := url.Parse(ref)
	if err != nil {
		t.Fatal(err)
	}
	return b.ResolveReference(r).String()
}

func links(t testing.TB, base, page string, re *regexp.Regexp) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		out = append(out, resolve(t, base, m[1]))
	}
	return out
}

// crawlList walks a portal's list the way its CMS pattern requires and
// returns every detail URL found, and how many list requests it took.
func crawlList(t testing.TB, c *client, p Portal) ([]string, int) {
	t.Helper()
	var found []string
	requests := 0
	get := func(u string) string { requests++; return c.getOK(u) }
	switch p.Adapter {
	case AdapterTRS:
		first := get(p.ListURL)
		found = append(found, links(t, p.ListURL, first, reHref)...)
		var names []string
		if m := reCreatePage.FindStringSubmatch(first); m != nil {
			count, _ := strconv.Atoi(m[1])
			for k := 1; k < count; k++ {
				names = append(names, fmt.Sprintf("%s_%d.%s", m[3], k, m[4]))
			}
		} else if m := rePageDiv.FindStringSubmatch(first); m != nil {
			count, _ := strconv.Atoi(m[1])
			for k := 2; k <= count; k++ {
				names = append(names, fmt.Sprintf("%s_%d.%s", m[2], k, m[3]))
			}
		} else if m, v := reCountPage.FindStringSubmatch(first), rePageVar.FindStringSubmatch(first); m != nil && v != nil {
			count, _ := strconv.Atoi(m[1])
			for k := 1; k < count; k++ {
				names = append(names, fmt.Sprintf("%s_%d.%s", v[1], k, v[2]))
			}
		} else if m := reListModel.FindStringSubmatch(first); m != nil && len(found) > 0 {
			// listModel({maxStaticIndex: N, …}): index_1 … index_N, named
			// with the extension of the detail pages.
			last, _ := strconv.Atoi(m[1])
			ext := found[0][strings.LastIndexByte(found[0], '.')+1:]
			for k := 1; k <= last; k++ {
				names = append(names, fmt.Sprintf("index_%d.%s", k, ext))
			}
		} else {
			t.Fatalf("%s: no createPageHTML", p.ListURL)
		}
		for _, name := range names {
			u := resolve(t, p.ListURL, name)
			found = append(found, links(t, u, get(u), reHref)...)
		}
	case AdapterHanweb:
		first := get(p.ListURL)
		total := atoi(t, reTotal.FindStringSubmatch(first))
		per := atoi(t, rePerPage.FindStringSubmatch(first))
		q := reQuery.FindStringSubmatch(first)
		if q == nil {
			t.Fatalf("%s: no queryString", p.ListURL)
		}
		found = append(found, links(t, p.ListURL, first, reRecordHref)...)
		for start := per + 1; start <= total; start += per {
			u := resolve(t, p.ListURL, fmt.Sprintf("/module/web/jpage/dataproxy.jsp?startrecord=%d&endrecord=%d&perpage=%d", start, start+per-1, per))
			req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(q[1]))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			requests++
			resp, b := c.do(req)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("POST %s: %s", u, resp.Status)
			}
			if !strings.Contains(string(b), "<datastore>") {
				// an older jcms: walk GET ?page=N instead
				pages := 0
				for page := 2; page == 2 || page <= pages; page++ {
					u := resolve(t, p.ListURL, fmt.Sprintf("/module/web/jpage/dataproxy.jsp?page=%d&%s", page, q[1]))
					b := get(u)
					pages = atoi(t, reTotalPage.FindStringSubmatch(b))
					found = append(found, links(t, u, b, reRecordHref)...)
				}
				break
			}
			found = append(found, links(t, u, string(b), reRecordHref)...)
		}
	case AdapterGkmlpt:
		first := get(p.ListURL)
		sid := reSID.FindStringSubmatch(first)
		cat := reAnnual.FindStringSubmatch(first)
		if cat == nil {
			cat = reTreeReport.FindStringSubmatch(first)
		}
		if sid == nil || cat == nil {
			t.Fatalf("%s: no _CONFIG", p.ListURL)
		}
		for page := 1; ; page++ {
			u := resolve(t, p.ListURL, fmt.Sprintf("/gkmlpt/api/all/%s?page=%d&sid=%s", cat[1], page, sid[1]))
			var got gkPage
			if err := json.Unmarshal([]byte(get(u)), &got); err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			if len(got.Articles) == 0 {
				break
			}
			for _, a := range got.Articles {
				if a.URL == "" {
					a.URL = a.PostURL
				}
				found = append(found, a.URL)
			}
		}
	case AdapterVSB, AdapterGeneric:
		re := reNextVSB
		if p.Adapter == AdapterGeneric {
			re = reNextGen
		}
		for u := p.ListURL; u != ""; {
			page := get(u)
			found = append(found, links(t, u, page, reHref)...)
			next := re.FindStringSubmatch(page)
			if next == nil {
				break
			}
			u = resolve(t, u, strings.ReplaceAll(next[1], "&amp;", "&"))
			if requests > 50 {
				t.Fatalf("%s: pagination does not end", p.ListURL)
			}
		}
	default:
		t.Fatalf("unknown adapter %q", p.Adapter)
	}
	sort.Strings(found)
	return found, requests
}

func atoi(t testing.TB, m []string) int {
	t.Helper()
	if m == nil {
		t.Fatal("pattern not found")
	}
	v, err := strconv.Atoi(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return v
}
