package simnet

import (
	"html"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestCMSPatterns(t *testing.T) {
	n := start(t, Config{Seed: 11, Portals: 40})
	c := newClient(t, n, 0)
	expected := map[string][]Expected{}
	for _, e := range n.Expected() {
		expected[e.PortalCode] = append(expected[e.PortalCode], e)
	}
	seen := map[string]int{}
	for _, p := range n.Portals() {
		seen[p.Adapter]++
		found, listRequests := crawlList(t, c, p)
		if listRequests < 2 {
			t.Errorf("%s (%s): list not paginated (%d requests)", p.Host, p.Adapter, listRequests)
		}
		var want []string
		for _, d := range n.portalByCode(p.Code).docs {
			want = append(want, "http://"+p.Host+d.path)
		}
		slices.Sort(want)
		if !slices.Equal(found, want) {
			t.Errorf("%s (%s): list links\n got %v\nwant %v", p.Host, p.Adapter, found, want)
		}
		lists := map[string][]string{p.ListURL: found}
		for k, col := range p.Columns[1:] {
			sp := p
			sp.ListURL = col.ListURL
			got, _ := crawlList(t, c, sp)
			var want []string
			for _, d := range n.portalByCode(p.Code).subs[k].docs {
				want = append(want, "http://"+p.Host+d.path)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s (%s) %s sub-column: list links\n got %v\nwant %v", p.Host, p.Adapter, col.Scope, got, want)
			}
			lists[col.ListURL] = got
		}
		for _, e := range expected[p.Code] {
			if !slices.Contains(lists[e.ListURL], e.URL) {
				t.Errorf("%s: report %s not in its list %s", p.Host, e.URL, e.ListURL)
			}
		}
	}
	for _, a := range []string{AdapterTRS, AdapterHanweb, AdapterGkmlpt, AdapterVSB, AdapterGeneric} {
		if seen[a] == 0 {
			t.Errorf("no %s portal among 40", a)
		}
	}
	// Detail pages and attachments of every pattern, with the page's own
	// link to its attachment; Hanweb's goes through a 302.
	attached := map[string]bool{}
	noRedirect := &http.Client{Transport: n.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range n.Portals() {
		if attached[p.Adapter] {
			continue
		}
		for _, e := range expected[p.Code] {
			if len(e.Attachments) == 0 {
				continue
			}
			page := fetchPage(t, c, e)
			m := reAttach.FindStringSubmatch(page)
			if m == nil || resolve(t, e.URL, html.UnescapeString(m[1])) != e.Attachments[0] {
				t.Errorf("%s: page does not link %s", e.URL, e.Attachments[0])
			}
			resp, err := noRedirect.Get(e.Attachments[0])
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			wantStatus := http.StatusOK
			if p.Adapter == AdapterHanweb {
				wantStatus = http.StatusFound
				if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/attach/0/") {
					t.Errorf("%s: downfile redirects to %q", e.Attachments[0], loc)
				}
			}
			if resp.StatusCode != wantStatus {
				t.Errorf("%s: %s", e.Attachments[0], resp.Status)
			}
			if r, b := c.get(e.Attachments[0]); r.StatusCode != 200 || len(b) < 1000 {
				t.Errorf("%s: %s, %d bytes", e.Attachments[0], r.Status, len(b))
			}
			attached[p.Adapter] = true
			break
		}
	}
	if len(attached) != 5 {
		t.Errorf("attachments fetched for %v only", attached)
	}
	if v := n.Violations(); len(v) > 0 {
		t.Errorf("polite crawl flagged: %v", v[:min(5, len(v))])
	}
}
