package simnet

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestTRSPageNames(t *testing.T) {
	for _, v := range []cmsVariant{
		defaultVariant(),
		{trsPager: trsPagerDiv, trsPrefix: "dezlist", trsExt: "shtml"},
		{trsPager: trsPagerVar, trsPrefix: "index", trsExt: "htm"},
	} {
		for k := range 12 {
			name := v.trsPageName(k)
			if got := v.trsPageIndex(name); got != k {
				t.Errorf("%+v: page %d named %s reads back as %d", v, k, name, got)
			}
		}
		for _, bad := range []string{"x.html", v.trsPrefix + "_0." + v.trsExt, v.trsPrefix + "_01." + v.trsExt,
			v.trsPrefix + "_2.pdf", v.trsPrefix + "_-3." + v.trsExt} {
			if got := v.trsPageIndex(bad); got != -1 {
				t.Errorf("%+v: %s reads as page %d", v, bad, got)
			}
		}
	}
	div := cmsVariant{trsPager: trsPagerDiv, trsPrefix: "dezlist", trsExt: "shtml"}
	if got := div.trsPageName(1); got != "dezlist_2.shtml" {
		t.Errorf("page_div form: second page %s, want dezlist_2.shtml", got)
	}
	if got := div.trsPageIndex("dezlist_1.shtml"); got != -1 {
		t.Errorf("page_div form: dezlist_1.shtml reads as page %d", got)
	}
	if got := div.trsPagerScript(0, 10, 149, 15); !strings.Contains(got, "createPageHTML('page_div',10, 1,'dezlist','shtml',149)") {
		t.Errorf("page_div script: %s", got)
	}
	vv := cmsVariant{trsPager: trsPagerVar, trsPrefix: "index", trsExt: "shtml"}
	if got := vv.trsPagerScript(0, 2, 9, 5); !strings.Contains(got, "var countPage = 2") ||
		!strings.Contains(got, `createPageHTML(countPage, currentPage, "index", "shtml")`) {
		t.Errorf("variable script: %s", got)
	}
}

func TestVSBPageNumbers(t *testing.T) {
	on, off := cmsVariant{vsbEllipsis: true}, cmsVariant{}
	cases := []struct {
		v        cmsVariant
		k, pages int
		want     []int
	}{
		{on, 1, 11, []int{1, 2, 0, 11}},
		{on, 6, 11, []int{1, 0, 5, 6, 7, 0, 11}},
		{on, 11, 11, []int{1, 0, 10, 11}},
		{on, 3, 11, []int{1, 2, 3, 4, 0, 11}},
		{on, 2, 5, []int{1, 2, 3, 4, 5}},
		{off, 6, 11, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
	}
	for _, c := range cases {
		if got := c.v.vsbPageNumbers(c.k, c.pages); !slices.Equal(got, c.want) {
			t.Errorf("ellipsis=%v page %d/%d: %v, want %v", c.v.vsbEllipsis, c.k, c.pages, got, c.want)
		}
	}
}

// TestVSBEllipsisPager renders a long VSB column: the pager skips numbers
// with "...", shows current/total, and every linked page is served with the
// count-down numbering.
func TestVSBEllipsisPager(t *testing.T) {
	n := start(t, Config{Seed: 11, Portals: 40})
	var p *portal
	for _, q := range n.portals {
		if q.info.Adapter == AdapterVSB && q.fault == "" {
			p = q
			break
		}
	}
	if p == nil {
		t.Fatal("no VSB portal")
	}
	p.pageSize = 1 // before any request: one document a page
	p.cms.vsbEllipsis = true
	pages := len(n.visibleDocs(p))
	if pages < 8 {
		t.Fatalf("%s: only %d documents", p.info.Host, pages)
	}
	c := newClient(t, n, 0)
	first := c.getOK(p.info.ListURL)
	if !strings.Contains(first, `<span class="p_dot">...</span>`) {
		t.Errorf("first page: no ellipsis in the pager")
	}
	if want := fmt.Sprintf(`<span class="p_t">1/%d</span>`, pages); !strings.Contains(first, want) {
		t.Errorf("first page: no %s", want)
	}
	// The first page links the last page (number 1 counting down) and
	// page 2 (number pages-1), not those in between.
	if !strings.Contains(first, `href="`+p.chanPath[strings.LastIndexByte(p.chanPath, '/')+1:]+`/1.htm"`) {
		t.Errorf("first page does not link the last page /1.htm")
	}
	if strings.Contains(first, fmt.Sprintf(`/%d.htm">%d<`, pages-4, 5)) {
		t.Errorf("first page links page 5 behind the ellipsis")
	}
	mid := c.getOK(p.url(fmt.Sprintf("%s/%d.htm", p.chanPath, pages-6+1)))
	if want := fmt.Sprintf(`<span class="p_t">6/%d</span>`, pages); !strings.Contains(mid, want) {
		t.Errorf("page 6: no %s", want)
	}
	if strings.Count(mid, `<span class="p_dot">...</span>`) != 2 && pages > 8 {
		t.Errorf("page 6 of %d: want two ellipses", pages)
	}
	if v := n.Violations(); len(v) > 0 {
		t.Errorf("violations: %v", v)
	}
}

// TestCMSVariantsServed checks that each portal serves the markup of its
// drawn variant, and that a network of fair size shows every variant.
func TestCMSVariantsServed(t *testing.T) {
	n := start(t, Config{Seed: 11, Portals: 60})
	c := newClient(t, n, 0)
	seen := map[string]bool{}
	for _, p := range n.portals {
		if p.fault != "" {
			continue
		}
		v := p.cms
		switch p.info.Adapter {
		case AdapterTRS:
			page := c.getOK(p.info.ListURL)
			form := map[int]string{trsPagerLiteral: "createPageHTML(", trsPagerDiv: "createPageHTML('page_div',",
				trsPagerVar: "createPageHTML(countPage, currentPage, "}[v.trsPager]
			if !strings.Contains(page, form) {
				t.Errorf("%s: pager form %d not served (%q)", p.info.Host, v.trsPager, form)
			}
			seen[fmt.Sprintf("trs pager %d", v.trsPager)] = true
			seen["trs list ."+v.trsExt] = true
			seen["trs detail ."+v.trsDocExt] = true
			seen["trs prefix "+v.trsPrefix] = true
			hrefs := reHref.FindAllStringSubmatch(page, -1)
			if len(hrefs) == 0 {
				t.Fatalf("%s: no list rows", p.info.Host)
			}
			for _, h := range hrefs {
				if !strings.HasPrefix(h[1], "./") || !strings.HasSuffix(h[1], "."+v.trsDocExt) {
					t.Errorf("%s: row link %s, want ./YYYYMM/t….%s", p.info.Host, h[1], v.trsDocExt)
				}
			}
		case AdapterGkmlpt:
			page := c.getOK(p.info.ListURL)
			if v.gkReal {
				seen["gkmlpt real config"] = true
				if strings.Contains(page, "ANNUALREPORT") || strings.Contains(page, "API:") {
					t.Errorf("%s: real-shaped config has ANNUALREPORT or API", p.info.Host)
				}
				if !strings.Contains(page, fmt.Sprintf("SID: '%d'", p.sid)) {
					t.Errorf("%s: SID not single-quoted", p.info.Host)
				}
				if !strings.Contains(page, `"jump_url":`) || !strings.Contains(page, `"children":[{`) {
					t.Errorf("%s: TREE has no nested children or jump_url node", p.info.Host)
				}
			} else {
				seen["gkmlpt legacy config"] = true
				if !strings.Contains(page, fmt.Sprintf("ANNUALREPORT: %d", p.catID)) {
					t.Errorf("%s: legacy config without ANNUALREPORT", p.info.Host)
				}
			}
			b := c.getOK(p.url(fmt.Sprintf("/gkmlpt/api/all/%d?page=1&sid=%d", p.catID, p.sid)))
			var raw struct {
				Articles []map[string]any `json:"articles"`
			}
			if err := json.Unmarshal([]byte(b), &raw); err != nil || len(raw.Articles) == 0 {
				t.Fatalf("%s: API: %v %s", p.info.Host, err, b)
			}
			key, other := "url", "post_url"
			if v.gkPostURL {
				key, other = other, key
				seen["gkmlpt post_url"] = true
			}
			for _, a := range raw.Articles {
				if _, ok := a[key]; !ok {
					t.Errorf("%s: article without %s: %v", p.info.Host, key, a)
				}
				if _, ok := a[other]; ok {
					t.Errorf("%s: article with both url and post_url: %v", p.info.Host, a)
				}
			}
		case AdapterHanweb:
			page := c.getOK(p.info.ListURL)
			rel := strings.Contains(page, `<a href="./dataproxy.jsp?page=`)
			if rel != v.hwRelNext {
				t.Errorf("%s: relative nextgroup %v, want %v", p.info.Host, rel, v.hwRelNext)
			}
			seen[fmt.Sprintf("hanweb relative nextgroup %v", rel)] = true
			q := reQuery.FindStringSubmatch(page)
			if q == nil {
				t.Fatalf("%s: no queryString", p.info.Host)
			}
			proxy := p.url("/module/web/jpage/dataproxy.jsp")
			req, _ := http.NewRequest(http.MethodPost, proxy+"?startrecord=1&endrecord=3&perpage=3", strings.NewReader(q[1]))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, body := c.do(req)
			posted := resp.StatusCode == http.StatusOK && strings.Contains(string(body), "<datastore>")
			if posted == v.hwGetOnly {
				t.Errorf("%s: POST answered a datastore %v, GET-only %v", p.info.Host, posted, v.hwGetOnly)
			}
			if v.hwGetOnly {
				seen["hanweb GET-only"] = true
				docs := n.visibleDocs(p)
				b := c.getOK(proxy + "?page=2&" + q[1])
				if len(docs) > p.pageSize {
					want := "http://" + p.info.Host + docs[p.pageSize].path
					if got := links(t, proxy, b, reRecordHref); len(got) == 0 || got[0] != want {
						t.Errorf("%s: GET page=2 starts with %v, want %s", p.info.Host, got, want)
					}
				}
				if len(docs) > 2*p.pageSize && !strings.Contains(b, "dataproxy.jsp?page=3&") {
					t.Errorf("%s: GET page=2 has no nextgroup to page 3", p.info.Host)
				}
			}
		case AdapterVSB:
			seen[fmt.Sprintf("vsb ellipsis %v", v.vsbEllipsis)] = true
		}
	}
	for _, want := range []string{"trs pager 0", "trs pager 1", "trs pager 2", "trs list .shtml", "trs detail .htm",
		"trs detail .shtml", "trs detail .html", "trs prefix dezlist", "gkmlpt real config", "gkmlpt legacy config",
		"gkmlpt post_url", "hanweb relative nextgroup true", "hanweb relative nextgroup false", "hanweb GET-only",
		"vsb ellipsis true", "vsb ellipsis false"} {
		if !seen[want] {
			t.Errorf("no portal with %s among 60", want)
		}
	}
	if v := n.Violations(); len(v) > 0 {
		t.Errorf("violations: %v", v)
	}
}
