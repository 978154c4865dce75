package simnet

import (
	"slices"
	"testing"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/trs"
	"ogi/scrapers/adapters/vsb"
)

// TestLongListsReadByAdapters renders long lists (one document a page) in
// every TRS pager form and the VSB ellipsis pager, and checks that the real
// adapters' page functions name exactly the further pages simnet serves.
func TestLongListsReadByAdapters(t *testing.T) {
	n := start(t, Config{Seed: 11, Portals: 40})
	var tp, vp *portal
	for _, p := range n.portals {
		switch {
		case p.info.Adapter == AdapterTRS && tp == nil:
			tp = p
		case p.info.Adapter == AdapterVSB && vp == nil:
			vp = p
		}
	}
	if tp == nil || vp == nil {
		t.Fatal("no TRS or VSB portal")
	}
	c := newClient(t, n, 0)
	for _, v := range []cmsVariant{
		defaultVariant(),
		{trsPager: trsPagerDiv, trsPrefix: "dezlist", trsExt: "shtml", trsDocExt: "htm"},
		{trsPager: trsPagerDiv, trsPrefix: "index", trsExt: "html", trsDocExt: "html"},
		{trsPager: trsPagerVar, trsPrefix: "index", trsExt: "shtml", trsDocExt: "shtml"},
	} {
		tp.pageSize = 1
		tp.cms = v
		pages := len(n.visibleDocs(tp))
		first, ok := n.trsList(tp, 0)
		if !ok {
			t.Fatal("no first page")
		}
		listURL := tp.url(tp.chanPath + v.trsPageName(0))
		got := trs.Pages(adapters.NewPage(listURL, []byte(first), "text/html; charset=utf-8"))
		var want []string
		for k := 1; k < pages; k++ {
			want = append(want, tp.url(tp.chanPath+v.trsPageName(k)))
		}
		if !slices.Equal(got, want) {
			t.Errorf("TRS form %d %s.%s: adapter pages\n got %v\nwant %v", v.trsPager, v.trsPrefix, v.trsExt, got, want)
		}
		for _, u := range want {
			c.getOK(u) // every named page is served
		}
	}
	vp.pageSize = 1
	vp.cms.vsbEllipsis = true
	pages := len(n.visibleDocs(vp))
	first, _ := n.vsbList(vp, 1)
	got := vsb.Pages(adapters.NewPage(vp.info.ListURL, []byte(first), "text/html; charset=utf-8"))
	if len(got) != pages-1 {
		t.Errorf("VSB ellipsis pager: adapter names %d further pages, want %d: %v", len(got), pages-1, got)
	}
	for _, u := range got {
		c.getOK(u)
	}
	if v := n.Violations(); len(v) > 0 {
		t.Errorf("violations: %v", v)
	}
}
