package hanweb

import (
	"context"
	"slices"
	"strings"
	"testing"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/adapterstest"
)

// A jcms column in its real shape: the embedded <datastore> island (no
// totalrecord, single-quoted attributes, truncated link text), then one
// dataproxy.jsp POST whose answer has absolute links inside <span>, a
// relative ./dataproxy.jsp <nextgroup> and the totalrecord that ends the
// walk. Exactly the four reports, and no request outside the two files.
func TestDiscoverJcmsShape(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	col := "/col/col1229114055/index.html"
	f.Handle("GET", col, "testdata/column.html", "text/html; charset=utf-8")
	f.Handle("POST", "/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=48&perpage=15", "testdata/dataproxy_1.xml", "text/xml;charset=UTF-8")
	links, err := Adapter{}.Discover(context.Background(), f, f.URL(col))
	if err != nil {
		t.Fatalf("%v (requests %q)", err, f.Requests())
	}
	var got []string
	for _, l := range links {
		got = append(got, l.URL)
	}
	want := []string{
		"/art/2020/1/15/art_1229114055_50001.html",
		"/art/2021/1/20/art_1229114055_60001.html",
		"/art/2023/1/18/art_1229114055_70001.html",
		"/art/2024/1/30/art_1229114055_89890.html",
	}
	if got := f.Paths(got); !slices.Equal(got, want) {
		t.Fatalf("links %q, want %q (requests %q)", got, want, f.Requests())
	}
	for _, l := range links {
		if l.Title == "" || l.Year < 2019 {
			t.Errorf("link %+v: title or year lost", l)
		}
	}
	if m := f.Missed(); len(m) != 0 {
		t.Errorf("requests outside the column: %q", m)
	}
	p, _ := adapters.Get(context.Background(), f, f.URL(col))
	params, proxy := Params(p)
	if proxy != "/module/web/jpage/dataproxy.jsp" || params["columnid"] != "1229114055" || params["unitid"] != "4960" ||
		params["webid"] != "3095" || params["webname"] != "龙游县人民政府" {
		t.Errorf("params %v, proxy %q", params, proxy)
	}
}

// A relative ./dataproxy.jsp (as in a dataproxy answer's nextgroup) or a
// morecolumndataproxy.jsp link does not replace the proxy path; their
// parameters are still read.
func TestParamsProxyPath(t *testing.T) {
	for _, c := range []struct{ html, proxy, col string }{
		{`<a href="./dataproxy.jsp?page=2&webid=1&columnid=77&unitid=5"></a>`, "/module/web/jpage/dataproxy.jsp", "77"},
		{`<a href="/module/web/jpage/morecolumndataproxy.jsp?page=1&columnid=88"></a>` +
			`<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=99"></a>`, "/module/web/jpage/dataproxy.jsp", "99"},
		{`<a href="/site/module/web/jpage/dataproxy.jsp?page=1&columnid=5"></a>`, "/site/module/web/jpage/dataproxy.jsp", "5"},
	} {
		p := adapters.NewPage("http://h.gov.cn/col/col1/index.html", []byte(c.html), "text/html")
		params, proxy := Params(p)
		if proxy != c.proxy || params["columnid"] != c.col {
			t.Errorf("%s: proxy %q columnid %q, want %q %q", c.html, proxy, params["columnid"], c.proxy, c.col)
		}
	}
}

// An older jcms whose proxy answers only GET ?page=N: the failed POST leads
// to the GET form with the column's parameters, walked to <totalpage>.
func TestDiscoverGetPagedProxy(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	col := "/col/col1389975/index.html"
	q := "&col=1&appid=1&webid=1934&path=%2F&columnid=1389975&sourceContentType=1&unitid=4455560&webname=%E6%9F%90%E5%B8%82%E7%A7%91%E5%AD%A6%E6%8A%80%E6%9C%AF%E5%B1%80&permissiontype=0"
	f.Handle("GET", col, "testdata/old_column.html", "text/html; charset=utf-8")
	f.Handle("GET", "/module/jpage/dataproxy.jsp?page=1"+q, "testdata/old_page1.xml", "text/xml")
	f.Handle("GET", "/module/jpage/dataproxy.jsp?page=2"+q, "testdata/old_page2.xml", "text/xml")
	links, err := Adapter{}.Discover(context.Background(), f, f.URL(col))
	if err != nil {
		t.Fatalf("%v (requests %q)", err, f.Requests())
	}
	var got []string
	for _, l := range links {
		got = append(got, l.URL)
	}
	want := []string{
		"/art/2022/1/25/art_1389975_55000001.html",
		"/art/2023/1/30/art_1389975_56000001.html",
		"/art/2024/1/22/art_1389975_58000001.html",
	}
	if got := f.Paths(got); !slices.Equal(got, want) {
		t.Fatalf("links %q, want %q (requests %q)", got, want, f.Requests())
	}
	if m := f.Missed(); len(m) != 1 || !strings.HasPrefix(m[0], "POST /module/jpage/dataproxy.jsp?startrecord=2") {
		t.Errorf("requests outside the fixture: %q (want only the refused POST)", m)
	}
}
