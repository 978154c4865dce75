package simnet

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"ogi/scrapers/adapters"
)

// getText fetches u and decodes it as the crawler does (an undeclared GBK
// page too).
func (c *client) getText(u string) string {
	c.t.Helper()
	resp, b := c.get(u)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("GET %s: %s", u, resp.Status)
	}
	return adapters.Decode(b, resp.Header.Get("Content-Type"))
}

// Every portal answers its home page, and its navigation is a site of its
// own: the hub pages and the look-alike columns answer, the home page does
// not name the report column except from a quick-links box, and the
// home-page registry lists every portal once.
func TestHomePages(t *testing.T) {
	n := start(t, Config{Seed: 4, Portals: 60})
	c := newClient(t, n, 0)
	var buf bytes.Buffer
	if err := n.WriteHomeRegistry(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "code,name,home_url" || len(recs) != 61 {
		t.Fatalf("home registry: header %v, %d rows", recs[0], len(recs))
	}
	styles, subs, twoLevel, stubs := map[navStyle]bool{}, 0, 0, 0
	for i, p := range n.Portals() {
		if recs[i+1][0] != p.Code || recs[i+1][2] != p.HomeURL {
			t.Errorf("row %v, portal %s %s", recs[i+1], p.Code, p.HomeURL)
		}
		home := c.getText(p.HomeURL)
		ip := n.portalByCode(p.Code)
		s := ip.site
		styles[s.nav] = true
		subs += len(p.Columns) - 1
		if s.hub2.path != "" {
			twoLevel++
		}
		if s.stub {
			stubs++
			home = c.getText(ip.url(s.homePath))
		}
		listPath := strings.TrimPrefix(p.ListURL, "http://"+p.Host)
		if strings.Contains(home, `"`+listPath+`"`) && !s.homeColumn {
			t.Errorf("%s: home page links the column %s directly", p.Code, listPath)
		}
		if !strings.Contains(home, s.hub.label) {
			t.Errorf("%s: home page does not name the hub %q", p.Code, s.hub.label)
		}
		hub := c.getText(ip.url(s.hub.path))
		looks := 0
		for _, l := range s.hubLinks {
			if isLookalike(l.label) {
				looks++
				c.getText(ip.url(l.path))
			}
		}
		if len(s.hubLinks) < 18 || looks < 4 {
			t.Errorf("%s: hub with %d columns, %d look-alikes", p.Code, len(s.hubLinks), looks)
		}
		if s.hub2.path == "" && s.index.path == "" && !strings.Contains(hub, s.column.label) && !strings.Contains(hub, `title="`+s.column.label) {
			t.Errorf("%s: hub does not name the column %q", p.Code, s.column.label)
		}
	}
	if len(styles) < int(navStyles) || subs == 0 || twoLevel == 0 || stubs == 0 {
		t.Errorf("little variety: %d menu styles, %d sub-columns, %d two-level hubs, %d stubs", len(styles), subs, twoLevel, stubs)
	}
}
