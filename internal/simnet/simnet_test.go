package simnet

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// fetchAll fetches every list page and every report page of the first
// portals and hashes the bytes.
func fetchDigest(t *testing.T, n *Network, portals int) string {
	t.Helper()
	c := newClient(t, n, 0)
	h := sha256.New()
	for _, p := range n.Portals()[:portals] {
		found, _ := crawlList(t, c, p)
		for _, u := range found {
			resp, b := c.get(u)
			fmt.Fprintf(h, "%s %d %s %s\n", u, resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"))
			h.Write(b)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestDeterministic(t *testing.T) {
	cfg := Config{Seed: 7, Portals: 12}
	a, b := start(t, cfg), start(t, cfg)
	if !reflect.DeepEqual(a.Portals(), b.Portals()) {
		t.Fatal("same seed, different portals")
	}
	if !reflect.DeepEqual(a.Expected(), b.Expected()) {
		t.Fatal("same seed, different expected reports")
	}
	var ra, rb bytes.Buffer
	if err := a.WriteRegistry(&ra); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteRegistry(&rb); err != nil {
		t.Fatal(err)
	}
	if ra.String() != rb.String() {
		t.Fatal("same seed, different registries")
	}
	da, db := fetchDigest(t, a, 12), fetchDigest(t, b, 12)
	if da != db {
		t.Fatalf("same seed, different bytes: %s vs %s", da, db)
	}
	c := start(t, Config{Seed: 8, Portals: 12})
	if reflect.DeepEqual(a.Expected(), c.Expected()) {
		t.Fatal("different seeds gave the same reports")
	}
}

func TestRegistry(t *testing.T) {
	n := start(t, Config{Seed: 1, Portals: 30})
	var buf bytes.Buffer
	if err := n.WriteRegistry(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "code,name,list_url,adapter,scope" {
		t.Fatalf("header %q", got)
	}
	seen := map[string]bool{}
	provs := map[string]bool{}
	row, subs := 1, 0
	for _, p := range n.Portals() {
		if len(p.Columns) == 0 || p.Columns[0].ListURL != p.ListURL || p.Columns[0].Scope != ScopeOwn {
			t.Errorf("%s: columns %+v do not start with the own list", p.Code, p.Columns)
		}
		for _, c := range p.Columns {
			r := recs[row]
			row++
			if r[0] != p.Code || r[1] != p.Name || r[2] != c.ListURL || r[3] != p.Adapter || r[4] != c.Scope {
				t.Errorf("row %d %v != %+v %+v", row-1, r, p, c)
			}
			if c.Scope != ScopeOwn {
				subs++
			}
		}
		if seen[p.Code] || seen[p.Host] {
			t.Errorf("duplicate portal %s %s", p.Code, p.Host)
		}
		seen[p.Code], seen[p.Host] = true, true
		provs[p.Code[:2]] = true
		if !strings.HasPrefix(p.ListURL, "http://"+p.Host+"/") || !strings.HasSuffix(p.Host, ".gov.cn") {
			t.Errorf("portal %+v: bad host or list URL", p)
		}
	}
	if len(provs) != 3 || !provs["37"] || !provs["44"] || !provs["62"] {
		t.Errorf("provinces %v, want 37, 44, 62", provs)
	}
	if row != len(recs) || subs == 0 {
		t.Errorf("%d registry rows for %d columns (%d sub-columns)", len(recs), row, subs)
	}
}

func (n *Network) portalByCode(code string) *portal {
	for _, p := range n.portals {
		if p.info.Code == code {
			return p
		}
	}
	return nil
}

func TestConditionalGetEditRemove(t *testing.T) {
	n := start(t, Config{Seed: 2, Portals: 6})
	c := newClient(t, n, 0)
	e := n.Expected()[0]
	resp, body := c.get(e.URL)
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if resp.StatusCode != 200 || etag == "" || lm == "" {
		t.Fatalf("%s: %s etag %q last-modified %q", e.URL, resp.Status, etag, lm)
	}
	cond := func(u, h, v string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set(h, v)
		r, _ := c.do(req)
		return r
	}
	if r := cond(e.URL, "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %s", r.Status)
	}
	if r := cond(e.URL, "If-Modified-Since", lm); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %s", r.Status)
	}
	if r := cond(e.URL, "If-None-Match", `"other"`); r.StatusCode != http.StatusOK {
		t.Errorf("stale If-None-Match: %s", r.Status)
	}
	p := n.Portals()[0]
	lresp, _ := c.get(p.ListURL)
	if r := cond(p.ListURL, "If-None-Match", lresp.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
		t.Errorf("list If-None-Match: %s", r.Status)
	}

	if err := n.Edit(e.URL); err != nil {
		t.Fatal(err)
	}
	if r := cond(e.URL, "If-None-Match", etag); r.StatusCode != http.StatusOK || r.Header.Get("ETag") == etag {
		t.Errorf("after Edit, If-None-Match: %s etag %s", r.Status, r.Header.Get("ETag"))
	}
	r := cond(e.URL, "If-Modified-Since", lm)
	newLM, _ := http.ParseTime(r.Header.Get("Last-Modified"))
	oldLM, _ := http.ParseTime(lm)
	if r.StatusCode != http.StatusOK || !newLM.After(oldLM) {
		t.Errorf("after Edit, If-Modified-Since: %s, Last-Modified %v → %v", r.Status, oldLM, newLM)
	}
	_, edited := c.get(e.URL)
	if bytes.Equal(body, edited) {
		t.Error("Edit did not change the bytes")
	}

	listBefore := c.getOK(p.ListURL)
	if !strings.Contains(listBefore, e.Title) {
		t.Fatalf("first list page lacks %s", e.Title)
	}
	if err := n.Remove(e.URL); err != nil {
		t.Fatal(err)
	}
	if r, _ := c.get(e.URL); r.StatusCode != http.StatusNotFound {
		t.Errorf("removed page: %s", r.Status)
	}
	if r := cond(p.ListURL, "If-None-Match", lresp.Header.Get("ETag")); r.StatusCode != http.StatusOK {
		t.Errorf("list after Remove, If-None-Match: %s", r.Status)
	}
	if r := cond(p.ListURL, "If-Modified-Since", lresp.Header.Get("Last-Modified")); r.StatusCode != http.StatusOK {
		t.Errorf("list after Remove, If-Modified-Since: %s", r.Status)
	}
	found, _ := crawlList(t, c, p)
	if slices.Contains(found, e.URL) {
		t.Error("removed report still listed")
	}
	for _, x := range n.Expected() {
		if x.URL == e.URL {
			t.Error("removed report still expected")
		}
	}
	if err := n.Remove(e.URL); err == nil {
		t.Error("second Remove succeeded")
	}
	if err := n.Edit("http://www.nowhere.gov.cn/x.html"); err == nil {
		t.Error("Edit of an unknown host succeeded")
	}
}

func TestRequestLog(t *testing.T) {
	n := start(t, Config{Seed: 2, Portals: 3})
	c := newClient(t, n, 0)
	c.hc.Transport.(*http.Transport).DisableKeepAlives = true
	p := n.Portals()[0]
	req, _ := http.NewRequest(http.MethodGet, p.ListURL, nil)
	req.Header.Set("User-Agent", "ogi-test/1")
	_, body := c.do(req)
	reqs := n.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests logged, want robots + list", len(reqs))
	}
	last := reqs[1]
	if last.Host != p.Host || last.Method != "GET" || last.Status != 200 || last.UserAgent != "ogi-test/1" ||
		last.Bytes != int64(len(body)) || last.Conditional || last.Time.IsZero() || !strings.HasSuffix(p.ListURL, last.Path) {
		t.Errorf("logged %+v", last)
	}
	if got := n.BytesServed(); got != reqs[0].Bytes+reqs[1].Bytes {
		t.Errorf("BytesServed %d, log says %d", got, reqs[0].Bytes+reqs[1].Bytes)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Seed: 1, Provinces: []string{"99"}},
		{Seed: 1, Years: []int{2018}},
		{Seed: 1, Portals: 100000},
	} {
		if n, err := Start(cfg); err == nil {
			n.Close()
			t.Errorf("Start(%+v) succeeded", cfg)
		}
	}
	n := start(t, Config{Seed: 1, Portals: 4, Years: []int{2023}, Provinces: []string{"330000"}})
	for _, p := range n.Portals() {
		if !strings.HasPrefix(p.Code, "33") {
			t.Errorf("portal %s outside Zhejiang", p.Code)
		}
	}
	for _, e := range n.Expected() {
		if e.Kind != KindPre2019 && e.Year != 2023 {
			t.Errorf("%s: year %d", e.URL, e.Year)
		}
	}
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
}
