package trs

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/adapterstest"
)

// The 平潭 column on 福建's list2.trsapi platform: no pager links, no
// createPageHTML, only listModel({… maxStaticIndex:1, pagebar:{prepage:10,
// recordCount:'20'}}). 20 records at 10 a page: index_1.htm exists (the
// extension of the detail links, the list URL being a directory), and the
// reports on it are found.
func TestDiscoverListModelShape(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	dir := "/zwgk/zfxxgk/zfxxgknb/"
	f.Handle("GET", dir, "testdata/pingtan_listmodel.html", "text/html; charset=utf-8")
	f.Handle("GET", dir+"index_1.htm", "testdata/pingtan_listmodel_1.htm", "text/html; charset=utf-8")
	links, err := Adapter{}.Discover(context.Background(), f, f.URL(dir))
	if err != nil {
		t.Fatalf("%v (requests %q)", err, f.Requests())
	}
	if m := f.Missed(); len(m) != 0 {
		t.Errorf("asked for pages that do not exist: %q", m)
	}
	got := linkPaths(f, links)
	// 18 of the 20 rows name a year and 年度报告 (the 指南 and the 工作要点
	// do not); among them the 2011 report on the second page.
	if len(got) != 18 || !slices.Contains(got, dir+"201203/t20120330_20001.htm") || !slices.Contains(got, dir+"202503/t20250310_97791.htm") {
		t.Errorf("%d links: %q", len(got), got)
	}
	p, _ := adapters.Get(context.Background(), f, f.URL(dir))
	if !(Adapter{}).Detect(p) {
		t.Error("Detect: a listModel list not recognised as TRS")
	}
}

// Script configurations in the variants real sites write: keys and numbers
// quoted or not, other names for the counts, the static bound, Pager and
// setPage forms.
func TestPagesFromListScripts(t *testing.T) {
	for _, c := range []struct {
		name, list, js string
		want           []string
		incomplete     bool
	}{
		{"pingtan", "/nb/", `listModel({quickMode:"动静结合", maxStaticIndex:1, pagebar:{prepage:10, recordCount:'20'}})`,
			[]string{"/nb/index_1.htm"}, false},
		{"quoted keys and numbers", "/nb/index.htm", `listModel({"quickMode":"动静结合","maxStaticIndex":"1","pagebar":{"prepage":"10","recordCount":"20"}})`,
			[]string{"/nb/index_1.htm"}, false},
		{"more records than static pages", "/rs/index.htm", `require(['list2.trsapi']);listModel({maxStaticIndex:7,pagebar:{prepage:10,recordCount:'213'}})`,
			[]string{"/rs/index_1.htm", "/rs/index_2.htm", "/rs/index_3.htm", "/rs/index_4.htm", "/rs/index_5.htm", "/rs/index_6.htm", "/rs/index_7.htm"}, true},
		{"static bound above the pages", "/nb/index.html", `listModel({maxStaticIndex:5, pagebar:{prepage:10, recordCount:12}})`,
			[]string{"/nb/index_1.html"}, false},
		{"totalRecord and pageSize", "/nb/index.shtml", `listModel({pagebar:{pageSize:15, totalRecord:31}})`,
			[]string{"/nb/index_1.shtml", "/nb/index_2.shtml"}, false},
		{"one page", "/nb/index.htm", `listModel({maxStaticIndex:0, pagebar:{prepage:10, recordCount:'7'}})`, nil, false},
		{"no records", "/nb/index.htm", `listModel({pagebar:{prepage:10, recordCount:'0'}})`, nil, false},
		{"Pager", "/gk/index.html", `Pager({size:3, current:0, prefix:'index',suffix:'htm'});`,
			[]string{"/gk/index_1.htm", "/gk/index_2.htm"}, false},
		{"setPage", "/gk/index.html", `$(".page").pagination("setPage", 1, 3); var opts = {totalPage: 3};`,
			[]string{"/gk/index_2.html", "/gk/index_3.html"}, false},
	} {
		p := adapters.NewPage("http://h.gov.cn"+c.list, []byte(`<a href="./202401/t20240101_1.htm">x</a><script>`+c.js+"</script>"), "text/html")
		urls, err := pages(p)
		var got []string
		for _, u := range urls {
			got = append(got, strings.TrimPrefix(u, "http://h.gov.cn"))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: pages %q, want %q", c.name, got, c.want)
		}
		if errors.Is(err, adapters.ErrIncomplete) != c.incomplete {
			t.Errorf("%s: err %v, want incomplete %v", c.name, err, c.incomplete)
		}
	}
}

// A list page that fails is recorded and skipped: the walk goes on with
// the pages the pager names, and the failure comes back with the links.
func TestDiscoverSkipsFailedListPage(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	dir := "/xxgk/zfxxgknb/"
	f.Handle("GET", dir+"index.shtml", "testdata/pagediv_list.html", "text/html; charset=utf-8")
	// index_2.shtml is not served (404); index_3.shtml is.
	f.Handle("GET", dir+"index_3.shtml", "testdata/pagediv_list_3.html", "text/html; charset=utf-8")
	links, err := Adapter{}.Discover(context.Background(), f, f.URL(dir+"index.shtml"))
	if err == nil || !strings.Contains(err.Error(), "index_2.shtml") {
		t.Fatalf("failed page not reported: %v", err)
	}
	got := linkPaths(f, links)
	if !slices.Contains(got, dir+"202301/t20230130_800001.shtml") {
		t.Errorf("the page after the failed one was not walked: %q (requests %q)", got, f.Requests())
	}
}
