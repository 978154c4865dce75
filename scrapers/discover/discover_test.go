package discover

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

type want struct {
	url, adapter string
	scope        Scope
}

// Each fixture is a portal in the shape of a real CMS family, served over
// loopback HTTP with its real absolute URLs.
var realShapes = []struct {
	name   string
	home   string
	routes map[string]string // host+path → testdata file
	ctype  string
	level  string
	want   []want
	// maxReq bounds the page requests this site should need.
	maxReq int
}{
	{
		name: "trs county: relative nav, hub on a sibling xxgk host, 法定主动公开内容 at the second level, 部门/乡镇 sub-columns",
		home: "http://www.hexian-demo.gov.cn/",
		routes: map[string]string{
			"www.hexian-demo.gov.cn/":                  "trs/home.html",
			"www.hexian-demo.gov.cn/zwgk/":             "trs/hub.html",
			"www.hexian-demo.gov.cn/zwgk/zcjd/tjnb/":   "trs/tjnb.html",
			"xxgk.hexian-demo.gov.cn/fdgknr/":          "trs/fdgknr.html",
			"xxgk.hexian-demo.gov.cn/zfxxgknb/":        "trs/column.html",
			"xxgk.hexian-demo.gov.cn/zfxxgknb/bmnb/":   "trs/bmnb.html",
			"xxgk.hexian-demo.gov.cn/zfxxgknb/xznb/":   "trs/xznb.html",
			"www.hexian-demo.gov.cn/ztzl/zfgzbg/":      "lookalike/list.html",
			"www.hexian-demo.gov.cn/zwgk/czxx/jxbg/":   "lookalike/list.html",
			"xxgk.hexian-demo.gov.cn/fdgknr/czzj/bmjs": "lookalike/list.html",
		},
		want: []want{
			{"http://xxgk.hexian-demo.gov.cn/zfxxgknb/", "trs", ScopeOwn},
			{"http://xxgk.hexian-demo.gov.cn/zfxxgknb/bmnb/", "trs", ScopeDepartment},
			{"http://xxgk.hexian-demo.gov.cn/zfxxgknb/xznb/", "trs", ScopeTownship},
		},
		maxReq: 7,
	},
	{
		name: "hanweb jcms: nav written by a script menu, truncated hub labels with titles, datastore lists, sub-columns as tabs",
		home: "http://www.longyou-demo.gov.cn/",
		routes: map[string]string{
			"www.longyou-demo.gov.cn/":                             "hanweb/home.html",
			"www.longyou-demo.gov.cn/col/col1229114003/index.html": "hanweb/hub.html",
			"www.longyou-demo.gov.cn/col/col1229114042/index.html": "hanweb/column.html",
			"www.longyou-demo.gov.cn/col/col1229114048/index.html": "hanweb/bmnb.html",
			"www.longyou-demo.gov.cn/col/col1229114049/index.html": "hanweb/xznb.html",
		},
		want: []want{
			{"http://www.longyou-demo.gov.cn/col/col1229114042/index.html", "hanweb", ScopeOwn},
			{"http://www.longyou-demo.gov.cn/col/col1229114048/index.html", "hanweb", ScopeDepartment},
			{"http://www.longyou-demo.gov.cn/col/col1229114049/index.html", "hanweb", ScopeTownship},
		},
		maxReq: 6,
	},
	{
		name: "guangdong gkmlpt: image menu with alts, 政府信息公开 leads to the gkmlpt catalogue",
		home: "http://www.taishan-demo.gov.cn/",
		routes: map[string]string{
			"www.taishan-demo.gov.cn/":             "gkmlpt/home.html",
			"www.taishan-demo.gov.cn/zwgk/":        "gkmlpt/zwgk.html",
			"www.taishan-demo.gov.cn/gkmlpt/index": "gkmlpt/index.html",
		},
		want:   []want{{"http://www.taishan-demo.gov.cn/gkmlpt/index#2802", "gkmlpt", ScopeOwn}},
		maxReq: 4,
	},
	{
		name:  "vsb in GBK: onclick table nav, 法定主动公开内容 → 年度报告 beside 年度工作报告",
		home:  "http://www.gangu-demo.gov.cn/index.htm",
		ctype: "text/html; charset=GBK",
		routes: map[string]string{
			"www.gangu-demo.gov.cn/index.htm":              "vsb/home.htm",
			"www.gangu-demo.gov.cn/zwgk.htm":               "vsb/zwgk.htm",
			"www.gangu-demo.gov.cn/zwgk/fdzdgknr.htm":      "vsb/fdzdgknr.htm",
			"www.gangu-demo.gov.cn/zwgk/fdzdgknr/ndbg.htm": "vsb/ndbg.htm",
		},
		want:   []want{{"http://www.gangu-demo.gov.cn/zwgk/fdzdgknr/ndbg.htm", "vsb", ScopeOwn}},
		maxReq: 5,
	},
	{
		name: "generic: meta-refresh stub, javascript:confirm hrefs, <base>, query-string column on a sibling host, list in an iframe",
		home: "http://www.laian-demo.gov.cn/",
		routes: map[string]string{
			"www.laian-demo.gov.cn/":                                                      "generic/stub.html",
			"www.laian-demo.gov.cn/portal/index.shtml":                                    "generic/home.html",
			"zwgk.laian-demo.gov.cn/public/index.xp?doAction=sframe":                      "generic/xxgk.html",
			"zwgk.laian-demo.gov.cn/public/spage.xp?doAction=sindex&unitid=0004&frame=nb": "generic/nb.html",
			"zwgk.laian-demo.gov.cn/public/list.xp?unitid=0004&type=nb&page=1":            "generic/nblist.html",
		},
		want:   []want{{"http://zwgk.laian-demo.gov.cn/public/list.xp?unitid=0004&type=nb&page=1", "generic", ScopeOwn}},
		maxReq: 6,
	},
	{
		name: "prefecture: 市政府 / 市直部门 / 县（市、区） sub-columns under a 年报 heading",
		home: "http://www.yantai-demo.gov.cn/",
		routes: map[string]string{
			"www.yantai-demo.gov.cn/":                     "prefecture/home.html",
			"www.yantai-demo.gov.cn/col/col2/index.html":  "prefecture/hub.html",
			"www.yantai-demo.gov.cn/col/col31/index.html": "prefecture/col31.html",
			"www.yantai-demo.gov.cn/col/col32/index.html": "prefecture/col32.html",
			"www.yantai-demo.gov.cn/col/col33/index.html": "prefecture/col33.html",
		},
		level: "prefecture",
		want: []want{
			{"http://www.yantai-demo.gov.cn/col/col31/index.html", "hanweb", ScopeOwn},
			{"http://www.yantai-demo.gov.cn/col/col32/index.html", "hanweb", ScopeDepartment},
			{"http://www.yantai-demo.gov.cn/col/col33/index.html", "hanweb", ScopeSubordinate},
		},
		maxReq: 5,
	},
	{
		name: "shared platform: a 北京 bureau's 公开年报 link leads to the city's disclosure host; the city's own 年报 column is not followed",
		home: "http://www.bjjs-demo.gov.cn/",
		routes: map[string]string{
			"www.bjjs-demo.gov.cn/":                                 "platform/home.html",
			"zfxxgk.beijing-demo.gov.cn/110016/zfxxgknb/list.shtml": "platform/list.html",
			"www.beijing-demo.gov.cn/gongkai/zfxxgknb/":             "platform/list.html",
		},
		want:   []want{{"http://zfxxgk.beijing-demo.gov.cn/110016/zfxxgknb/list.shtml", "generic", ScopeOwn}},
		maxReq: 2,
	},
	{
		name: "probe: nothing names the column; …/zfxxgknb/ under the hub answers",
		home: "http://www.probe-demo.gov.cn/",
		routes: map[string]string{
			"www.probe-demo.gov.cn/":               "probe/home.html",
			"www.probe-demo.gov.cn/zwgk/":          "probe/zwgk.html",
			"www.probe-demo.gov.cn/zwgk/zfxxgknb/": "probe/column.html",
		},
		want:   []want{{"http://www.probe-demo.gov.cn/zwgk/zfxxgknb/", "trs", ScopeOwn}},
		maxReq: 3,
	},
}

func TestDiscoverRealShapes(t *testing.T) {
	for _, c := range realShapes {
		t.Run(c.name, func(t *testing.T) {
			s := newSite(t)
			for hp, file := range c.routes {
				s.handle(hp, "testdata/"+file, c.ctype)
			}
			res, err := Discover(context.Background(), s.client(t), c.home, Options{Level: c.level})
			if err != nil {
				t.Fatalf("discover: %v (requests %v)", err, s.requests())
			}
			t.Logf("%d requests: %v", res.Requests, s.requests())
			for _, col := range res.Columns {
				t.Logf("  %+v", col)
			}
			var got []want
			for _, col := range res.Columns {
				got = append(got, want{col.URL, col.Adapter, col.Scope})
				if col.Evidence == "" || col.Confidence == "" {
					t.Errorf("%s: no evidence or confidence: %+v", col.URL, col)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("columns:\n got  %v\n want %v", got, c.want)
			}
			for _, col := range res.Columns {
				if col.Confidence == Low {
					t.Errorf("%s: low confidence (%s)", col.URL, col.Evidence)
				}
			}
			reqs := s.requests()
			if len(reqs) != res.Requests {
				t.Errorf("Result.Requests %d, the server saw %d: %v", res.Requests, len(reqs), reqs)
			}
			if len(reqs) > c.maxReq {
				t.Errorf("%d page requests, want at most %d: %v", len(reqs), c.maxReq, reqs)
			}
			for _, r := range reqs {
				if strings.Contains(r, "zfgzbg") || strings.Contains(r, "jxbg") || strings.Contains(r, "bmjs") || strings.Contains(r, "tjnb") {
					t.Errorf("followed a look-alike: %s", r)
				}
			}
		})
	}
}

// A portal whose links are all look-alikes has no column, whatever their
// pages list (a 解读 column lists 图解 of the report, a Candidate-shaped
// title).
func TestLookalikesAreNotColumns(t *testing.T) {
	s := newSite(t)
	s.handle("www.lookalike-demo.gov.cn/", "testdata/lookalike/home.html", "")
	for _, p := range []string{"zfgzbg", "ndgzbg", "bmjs", "jxbg", "tjnj", "tjgb", "jd", "qygs"} {
		s.handle("www.lookalike-demo.gov.cn/"+p+"/", "testdata/lookalike/list.html", "")
	}
	res, err := Discover(context.Background(), s.client(t), "http://www.lookalike-demo.gov.cn/", Options{})
	if !errors.Is(err, ErrNoColumn) {
		t.Fatalf("err = %v, columns %+v; want ErrNoColumn", err, res.Columns)
	}
	for _, r := range s.requests() {
		for _, p := range []string{"zfgzbg", "ndgzbg", "bmjs", "jxbg", "tjnj", "tjgb", "/jd/", "qygs"} {
			if strings.Contains(r, p) {
				t.Errorf("followed look-alike %s", r)
			}
		}
	}
	if res.Requests > DefaultMaxRequests {
		t.Errorf("%d requests, budget %d", res.Requests, DefaultMaxRequests)
	}
}

// The request budget holds on a site that answers everything with a page
// full of hub links (a crawler trap).
func TestBudget(t *testing.T) {
	s := newSite(t)
	s.handle("www.trap-demo.gov.cn/", "testdata/trap.html", "")
	for i := range 40 {
		s.handle(fmt.Sprintf("www.trap-demo.gov.cn/xxgk/%d/", i), "testdata/trap.html", "")
	}
	res, err := Discover(context.Background(), s.client(t), "http://www.trap-demo.gov.cn/", Options{MaxRequests: 9})
	if !errors.Is(err, ErrNoColumn) {
		t.Fatalf("err = %v; want ErrNoColumn", err)
	}
	if n := len(s.requests()); n > 9 || res.Requests != n {
		t.Errorf("%d requests (Result says %d), budget 9", n, res.Requests)
	}
}

// A portal that moved answers its old home page with a redirect to its
// new government host: discovery follows it and finds the column there;
// a redirect off government hosts is refused.
func TestHomeMoved(t *testing.T) {
	s := newSite(t)
	s.handle("www.old-demo.gov.cn/", "redirect:http://www.new-demo.gov.cn/", "")
	s.handle("www.new-demo.gov.cn/", "testdata/probe/home.html", "")
	s.handle("www.new-demo.gov.cn/zwgk/", "testdata/probe/zwgk.html", "")
	s.handle("www.new-demo.gov.cn/zwgk/zfxxgknb/", "testdata/probe/column.html", "")
	s.handle("www.parked-demo.gov.cn/", "redirect:http://parking.example.com/", "")
	f := s.client(t)
	res, err := Discover(context.Background(), f, "http://www.old-demo.gov.cn/", Options{})
	if err != nil || len(res.Columns) != 1 || !strings.HasPrefix(res.Columns[0].URL, "http://www.new-demo.gov.cn/zwgk/zfxxgknb/") {
		t.Fatalf("moved portal: %v %+v (requests %v)", err, res.Columns, s.requests())
	}
	if _, err := Discover(context.Background(), f, "http://www.parked-demo.gov.cn/", Options{}); err == nil || errors.Is(err, ErrNoColumn) {
		t.Errorf("redirect off government hosts: err %v", err)
	}
}

func TestHomeUnreachable(t *testing.T) {
	s := newSite(t)
	_, err := Discover(context.Background(), s.client(t), "http://www.gone-demo.gov.cn/", Options{})
	if err == nil || errors.Is(err, ErrNoColumn) {
		t.Fatalf("err = %v; want a home-page failure", err)
	}
	if _, err := Discover(context.Background(), s.client(t), "www.no-scheme.gov.cn", Options{}); err == nil {
		t.Error("a URL without scheme was accepted")
	}
}
