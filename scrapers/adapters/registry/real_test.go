package registry

import (
	"context"
	"os"
	"slices"
	"testing"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/adapterstest"
)

// Auto-detection on the real-shape fixtures of every adapter: each list
// page is recognised as its own CMS.
func TestDetectRealShapes(t *testing.T) {
	for _, c := range []struct{ file, url, want string }{
		{"../trs/testdata/pingtan_list.html", "http://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/", "trs"},
		{"../trs/testdata/pagediv_list.html", "http://xxgk.example.gov.cn/xxgk/zfxxgknb/index.shtml", "trs"},
		{"../hanweb/testdata/column.html", "http://www.longyou.gov.cn/col/col1229114055/index.html", "hanweb"},
		{"../hanweb/testdata/dataproxy_1.xml", "http://www.longyou.gov.cn/module/web/jpage/dataproxy.jsp", "hanweb"},
		{"../gkmlpt/testdata/index.html", "http://www.jiangmen.gov.cn/gkmlpt/index", "gkmlpt"},
		{"../vsb/testdata/list.htm", "http://www.gangu.gov.cn/zfxxgk/zfxxgknb.htm", "vsb"},
		{"../generic/testdata/list.html", "http://www.example.gov.cn/zfxxgk/zfxxgknb/xj/", "generic"},
	} {
		b, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		p := adapters.NewPage(c.url, b, "text/html")
		if got := Detect(p).Name(); got != c.want {
			t.Errorf("%s: detected %s, want %s", c.file, got, c.want)
		}
	}
}

// Auto walks the 平潭-shaped TRS column end to end over loopback HTTP.
func TestAutoRealShape(t *testing.T) {
	f := adapterstest.ServeFiles(t)
	f.Handle("GET", "/zwgk/zfxxgk/zfxxgknb/", "../trs/testdata/pingtan_list.html", "text/html")
	links, err := Auto{}.Discover(context.Background(), f, f.URL("/zwgk/zfxxgk/zfxxgknb/"))
	if err != nil {
		t.Fatal(err)
	}
	var years []int
	for _, l := range links {
		years = append(years, l.Year)
	}
	if !slices.Equal(years, []int{2019, 2023, 2024}) {
		t.Errorf("auto: %d links, years %v", len(links), years)
	}
}
