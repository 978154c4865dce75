package vsb

import (
	"context"
	"slices"
	"testing"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/adapterstest"
)

// A VSB column in its real shape: ../info/{col}/{id}.htm rows, a pager
// whose numbers count down (zfxxgknb/2.htm is page 2, zfxxgknb/1.htm the
// last), ../../info links on the further pages.
func TestDiscoverRealShape(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	f.Handle("GET", "/zfxxgk/zfxxgknb.htm", "testdata/list.htm", "text/html")
	f.Handle("GET", "/zfxxgk/zfxxgknb/2.htm", "testdata/list_2.htm", "text/html")
	f.Handle("GET", "/zfxxgk/zfxxgknb/1.htm", "testdata/list_1.htm", "text/html")
	links, err := Adapter{}.Discover(context.Background(), f, f.URL("/zfxxgk/zfxxgknb.htm"))
	if err != nil {
		t.Fatalf("%v (requests %q)", err, f.Requests())
	}
	var got []string
	for _, l := range links {
		got = append(got, l.URL)
	}
	want := []string{"/info/2381/400456.htm", "/info/2381/500123.htm", "/info/2381/600001.htm", "/info/2381/644672.htm"}
	if got := f.Paths(got); !slices.Equal(got, want) {
		t.Fatalf("links %q, want %q", got, want)
	}
	if m := f.Missed(); len(m) != 0 {
		t.Errorf("asked for pages that do not exist: %q", m)
	}
	p, _ := adapters.Get(context.Background(), f, f.URL("/zfxxgk/zfxxgknb.htm"))
	if !(Adapter{}).Detect(p) {
		t.Error("Detect: VSB column not recognised")
	}
}

// A pager that links only the next page still gives every page through its
// "current/total" span.
func TestPagesFromPageOf(t *testing.T) {
	html := `<span class="p_pages"><span class="p_no_d">1</span><span class="p_next p_fun"><a href="nb/3.htm">下页</a></span></span> <span class="p_t">1/4</span>`
	p := adapters.NewPage("http://h.gov.cn/x/nb.htm", []byte(html), "text/html")
	got := Pages(p)
	want := []string{"http://h.gov.cn/x/nb/1.htm", "http://h.gov.cn/x/nb/2.htm", "http://h.gov.cn/x/nb/3.htm"}
	if !slices.Equal(got, want) {
		t.Errorf("pages %q, want %q", got, want)
	}
}
