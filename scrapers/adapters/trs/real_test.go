package trs

import (
	"context"
	"slices"
	"testing"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/adapterstest"
)

func linkPaths(f *adapterstest.Files, links []adapters.Link) []string {
	var us []string
	for _, l := range links {
		us = append(us, l.URL)
	}
	return f.Paths(us)
}

// The 平潭 column shape: relative ./YYYYMM/t…htm links in <dl><dd>, an
// avalon template anchor without href, no static pager. Exactly the
// report rows are found and nothing else is fetched.
func TestDiscoverPingtanShape(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	list := "/zwgk/zfxxgk/zfxxgknb/"
	f.Handle("GET", list, "testdata/pingtan_list.html", "text/html")
	links, err := Adapter{}.Discover(context.Background(), f, f.URL(list))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm",
		"/zwgk/zfxxgk/zfxxgknb/202403/t20240308_87885.htm",
		"/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm",
	}
	if got := linkPaths(f, links); !slices.Equal(got, want) {
		t.Fatalf("links %q, want %q", got, want)
	}
	years := []int{links[0].Year, links[1].Year, links[2].Year}
	if !slices.Equal(years, []int{2019, 2023, 2024}) {
		t.Errorf("years %v", years)
	}
	if m := f.Missed(); len(m) != 0 {
		t.Errorf("asked for pages that do not exist: %q", m)
	}
	p, _ := adapters.Get(context.Background(), f, f.URL(list))
	if !(Adapter{}).Detect(p) {
		t.Error("Detect: TRS list not recognised")
	}
}

// The six-argument createPageHTML('page_div', 3, 1, 'index', 'shtml', 25)
// pages to index_2 and index_3 (not index_1), and ../ links on a further
// page resolve against that page.
func TestDiscoverPageDivShape(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	dir := "/xxgk/zfxxgknb/"
	f.Handle("GET", dir+"index.shtml", "testdata/pagediv_list.html", "text/html; charset=utf-8")
	f.Handle("GET", dir+"index_2.shtml", "testdata/pagediv_list_2.html", "text/html; charset=utf-8")
	f.Handle("GET", dir+"index_3.shtml", "testdata/pagediv_list_3.html", "text/html; charset=utf-8")
	links, err := Adapter{}.Discover(context.Background(), f, f.URL(dir+"index.shtml"))
	if err != nil {
		t.Fatalf("%v (requests %q)", err, f.Requests())
	}
	want := []string{
		dir + "202301/t20230130_800001.shtml",
		dir + "202401/t20240125_900001.shtml",
		dir + "202501/t20250115_1007300.shtml",
		dir + "202501/t20250120_1007407.shtml",
	}
	if got := linkPaths(f, links); !slices.Equal(got, want) {
		t.Fatalf("links %q, want %q", got, want)
	}
	if m := f.Missed(); len(m) != 0 {
		t.Errorf("asked for pages that do not exist: %q", m)
	}
}

// The classic four-argument call keeps its numbering: page n is index_{n-1}.
func TestPagesClassicAndDiv(t *testing.T) {
	for _, c := range []struct {
		js   string
		want []string
	}{
		{`createPageHTML(3, 0, "index", "html");`, []string{"/a/index_1.html", "/a/index_2.html"}},
		{`createPageHTML('page_div',3, 1,'list','shtml',25);`, []string{"/a/list_2.shtml", "/a/list_3.shtml"}},
		{`createPageHTML("pagenav", 1, 1, "index", "html", 4);`, nil},
	} {
		p := adapters.NewPage("http://h.gov.cn/a/index.html", []byte("<script>"+c.js+"</script>"), "text/html")
		var got []string
		for _, u := range Pages(p) {
			got = append(got, u[len("http://h.gov.cn"):])
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: pages %q, want %q", c.js, got, c.want)
		}
	}
}

// The classic template calls createPageHTML(countPage, currentPage,
// "index", "shtml") with variables: the count comes from var countPage and
// the extension from the call, not from the (directory) list URL.
func TestDiscoverClassicVarsShape(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	dir := "/gzbm/zfbgs/zfxxgknb/"
	f.Handle("GET", dir, "testdata/classic_vars_list.html", "text/html; charset=utf-8")
	f.Handle("GET", dir+"index_1.shtml", "testdata/classic_vars_list_1.html", "text/html; charset=utf-8")
	links, err := Adapter{}.Discover(context.Background(), f, f.URL(dir))
	if err != nil {
		t.Fatalf("%v (requests %q)", err, f.Requests())
	}
	want := []string{dir + "202201/t20220125_1500001.shtml", dir + "202401/t20240129_1926722.shtml"}
	if got := linkPaths(f, links); !slices.Equal(got, want) {
		t.Fatalf("links %q, want %q", got, want)
	}
	if m := f.Missed(); len(m) != 0 {
		t.Errorf("asked for pages that do not exist: %q", m)
	}
}

// A prefecture's disclosure list in a table (名称 / 索引号 / 发布机构 /
// 发布日期), absolute links with the full title in title=, a pager written
// by document.write from var countPage alone (no createPageHTML), and
// report titles in the form "…2021年度政府信息公开工作报告" (neither 年度报告
// nor 年报).
func TestDiscoverTableDocWriteShape(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	dir := "/zfxxgknb/"
	f.Handle("GET", dir, "testdata/table_docwrite_list.html", "text/html; charset=utf-8")
	f.Handle("GET", dir+"index_1.html", "testdata/table_docwrite_list_1.html", "text/html; charset=utf-8")
	links, err := Adapter{}.Discover(context.Background(), f, f.URL(dir))
	if err != nil {
		t.Fatalf("%v (requests %q)", err, f.Requests())
	}
	want := []string{
		dir + "201903/t20190329_1012877.html",
		dir + "202101/t20210129_1398806.html",
		dir + "202201/t20220128_1571204.html",
	}
	if got := linkPaths(f, links); !slices.Equal(got, want) {
		t.Fatalf("links %q, want %q", got, want)
	}
	type meta struct {
		year int
		date string
	}
	wantMeta := []meta{{2018, "2019-03-29"}, {2020, "2021-01-29"}, {2021, "2022-01-28"}}
	for i, l := range links {
		if got := (meta{l.Year, l.Date.Format("2006-01-02")}); got != wantMeta[i] {
			t.Errorf("%s: year/date %v, want %v", l.URL, got, wantMeta[i])
		}
	}
	if links[0].Title != "邯郸市人民政府2018年度政府信息公开工作报告" {
		t.Errorf("title %q: the truncated text, not title=", links[0].Title)
	}
	if m := f.Missed(); len(m) != 0 {
		t.Errorf("asked for pages that do not exist: %q", m)
	}
}
