package generic

import (
	"context"
	"slices"
	"testing"

	"ogi/scrapers/adapters/adapterstest"
)

// A GB2312 county list: relative 19-digit-id links, a ?page=N pager with
// 下一页/尾页, and a 部门年报 sub-column one level down. The served
// Content-Type names no charset: the <meta> decides.
func TestDiscoverCountyShape(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	dir := "/zfxxgk/zfxxgknb/xj/"
	f.Handle("GET", dir, "testdata/list.html", "text/html")
	f.Handle("GET", dir+"?page=1", "testdata/list.html", "text/html")
	f.Handle("GET", dir+"?page=2", "testdata/list_page2.html", "text/html")
	f.Handle("GET", "/zfxxgk/zfxxgknb/bm/", "testdata/bm.html", "text/html")
	links, err := Adapter{}.Discover(context.Background(), f, f.URL(dir))
	if err != nil {
		t.Fatalf("%v (requests %q)", err, f.Requests())
	}
	var got []string
	for _, l := range links {
		got = append(got, l.URL)
	}
	want := []string{
		"/zfxxgk/zfxxgknb/bm/1753311688616200001.html",
		dir + "1612000000000000001.html",
		dir + "1753311688616128514.html",
		dir + "1882251480800149505.html",
	}
	if got := f.Paths(got); !slices.Equal(got, want) {
		t.Fatalf("links %q, want %q (requests %q)", got, want, f.Requests())
	}
	for _, l := range links {
		if l.Year < 2020 || l.Year > 2024 {
			t.Errorf("%s: year %d (title %q: decoding?)", l.URL, l.Year, l.Title)
		}
	}
	for _, m := range f.Missed() {
		if m != "GET /zfxxgk/zfxxgkzn/" {
			t.Errorf("unexpected request %s", m)
		}
	}
}
