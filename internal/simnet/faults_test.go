package simnet

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/temoto/robotstxt"
)

// faultNet has every transport fault on some portal, and a Crawl-delay on
// every third portal.
func faultNet(t *testing.T) *Network {
	// Three portals per fault kind: one of them (every third) gets a fault.
	return start(t, Config{Seed: 1, Portals: 3 * len(faultKinds), Faults: true, Stall: 5 * time.Second, CrawlDelay: 150 * time.Millisecond})
}

func portalWith(t *testing.T, n *Network, fault string) Portal {
	t.Helper()
	for _, p := range n.Portals() {
		if slices.Contains(p.Faults, fault) {
			return p
		}
	}
	t.Fatalf("no portal with fault %s", fault)
	return Portal{}
}

func reportsOf(n *Network, code string) []Expected {
	var out []Expected
	for _, e := range n.Expected() {
		if e.PortalCode == code {
			out = append(out, e)
		}
	}
	return out
}

func blockedReport(t *testing.T, n *Network, p Portal, fault string) Expected {
	t.Helper()
	for _, e := range reportsOf(n, p.Code) {
		if e.Blocked == fault {
			return e
		}
	}
	t.Fatalf("%s: no report blocked by %s", p.Host, fault)
	return Expected{}
}

func violationsFor(n *Network, host string) []string {
	var out []string
	for _, v := range n.Violations() {
		if strings.HasPrefix(v, host+":") {
			out = append(out, v)
		}
	}
	return out
}

func TestFaultsDealt(t *testing.T) {
	n := faultNet(t)
	seen := map[string]int{}
	for i, p := range n.Portals() {
		for _, f := range p.Faults {
			seen[f]++
		}
		if i%3 == 1 && len(p.Faults) > 0 {
			t.Errorf("portal %d has faults %v", i, p.Faults)
		}
	}
	for _, f := range FaultKinds() {
		if seen[f] != 1 {
			t.Errorf("fault %s on %d portals, want 1", f, seen[f])
		}
	}
	if seen[FaultCrawlDelay] != len(faultKinds) {
		t.Errorf("crawl-delay on %d portals, want %d", seen[FaultCrawlDelay], len(faultKinds))
	}
	clean := start(t, Config{Seed: 1, Portals: 27})
	for _, p := range clean.Portals() {
		if len(p.Faults) > 0 {
			t.Errorf("faults %v without Config.Faults", p.Faults)
		}
	}
	for _, e := range clean.Expected() {
		if e.Blocked != "" || len(e.Faults) > 0 {
			t.Errorf("%s: faults %v / %s without Config.Faults", e.URL, e.Faults, e.Blocked)
		}
	}
}

func TestFault5xxBurst(t *testing.T) {
	n := faultNet(t)
	p := portalWith(t, n, Fault5xx)
	c := newClient(t, n, 0)
	var got []int
	for range 3 {
		resp, _ := c.get(p.ListURL)
		got = append(got, resp.StatusCode)
	}
	if !slices.Equal(got, []int{503, 500, 200}) {
		t.Errorf("statuses %v, want 503 500 200", got)
	}
}

func TestFaultTimeout(t *testing.T) {
	n := faultNet(t)
	p := portalWith(t, n, FaultTimeout)
	e := reportsOf(n, p.Code)[0]
	c := newClient(t, n, 0)
	c.hc.Timeout = 300 * time.Millisecond
	c.getOK(p.ListURL) // robots first, and the list is not stalled
	_, err := c.hc.Get(e.URL)
	if err == nil || !strings.Contains(err.Error(), "Timeout") {
		t.Fatalf("first request: err %v, want a client timeout", err)
	}
	c.hc.Timeout = 10 * time.Second
	if resp, _ := c.get(e.URL); resp.StatusCode != 200 {
		t.Errorf("retry: %s", resp.Status)
	}
	// A stall ends when the network closes.
	done := make(chan error, 1)
	other := reportsOf(n, p.Code)[1]
	go func() {
		slow := &http.Client{Transport: n.Transport()}
		_, err := slow.Get(other.URL)
		done <- err
	}()
	// Close once the server has the request (it is then stalling), not
	// after a guessed pause that a loaded machine may not honour.
	ou, err := url.Parse(other.URL)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		n.mu.Lock()
		hs := n.hosts[p.Host]
		seen := hs != nil && hs.paths[ou.RequestURI()] > 0
		n.mu.Unlock()
		if seen {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the stalled request never reached the server")
		}
	}
	t0 := time.Now()
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
		if time.Since(t0) > 2*time.Second {
			t.Errorf("stall outlived Close by %v", time.Since(t0))
		}
	case <-time.After(4 * time.Second):
		t.Fatal("stalled request survived Close")
	}
}

func TestFaultSlowBody(t *testing.T) {
	n := faultNet(t)
	p := portalWith(t, n, FaultSlowBody)
	e := reportsOf(n, p.Code)[0]
	c := newClient(t, n, 0)
	c.getOK(p.ListURL)
	t0 := time.Now()
	resp, b := c.get(e.URL)
	took := time.Since(t0)
	if resp.StatusCode != 200 || int64(len(b)) != resp.ContentLength {
		t.Fatalf("%s: %d bytes of %d", resp.Status, len(b), resp.ContentLength)
	}
	if min := time.Duration(len(b)/slowChunk-1) * slowPause; took < min {
		t.Errorf("%d bytes in %v, a slow body takes at least %v", len(b), took, min)
	}
}

func TestFault429(t *testing.T) {
	n := faultNet(t)
	p := portalWith(t, n, Fault429)
	c := newClient(t, n, 0)
	var codes []int
	var retry string
	for range 4 {
		resp, _ := c.get(p.ListURL)
		codes = append(codes, resp.StatusCode)
		retry = resp.Header.Get("Retry-After")
	}
	if !slices.Equal(codes, []int{200, 200, 200, 429}) || retry != "1" {
		t.Fatalf("statuses %v Retry-After %q", codes, retry)
	}
	if v := violationsFor(n, p.Host); len(v) > 0 {
		t.Fatalf("violations before any breach: %v", v)
	}
	c.get(p.ListURL) // too early
	v := violationsFor(n, p.Host)
	if len(v) != 1 || !strings.Contains(v[0], "Retry-After") {
		t.Fatalf("violations %v, want one Retry-After breach", v)
	}
	time.Sleep(retryAfter)
	if resp, _ := c.get(p.ListURL); resp.StatusCode != 200 {
		t.Errorf("after waiting: %s", resp.Status)
	}
	if v := violationsFor(n, p.Host); len(v) != 1 {
		t.Errorf("waiting out Retry-After flagged: %v", v)
	}
}

func TestFaultChallenge(t *testing.T) {
	n := faultNet(t)
	p := portalWith(t, n, FaultChallenge)
	e := blockedReport(t, n, p, FaultChallenge)
	c := newClient(t, n, 0)
	resp, b := c.get(e.URL)
	if resp.StatusCode != http.StatusPreconditionFailed || !bytes.Contains(b, []byte("$_ts")) || !bytes.Contains(b, []byte("<script")) {
		t.Fatalf("%s: %s %q", e.URL, resp.Status, b[:min(len(b), 200)])
	}
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == ChallengeCookieS {
			cookie = ck
		}
	}
	if cookie == nil || cookie.Value == "" {
		t.Fatalf("no %s cookie: %v", ChallengeCookieS, resp.Header["Set-Cookie"])
	}
	if resp, _ := c.get(p.ListURL); resp.StatusCode != 200 {
		t.Errorf("the list is not challenged: %s", resp.Status)
	}
	if v := violationsFor(n, p.Host); len(v) > 0 {
		t.Fatalf("violations before replay: %v", v)
	}
	req, _ := http.NewRequest(http.MethodGet, e.URL, nil)
	req.AddCookie(cookie)
	c.do(req)
	v := violationsFor(n, p.Host)
	if len(v) != 1 || !strings.Contains(v[0], "challenge cookie") {
		t.Errorf("violations %v, want a replayed challenge cookie", v)
	}
}

func TestFaultRedirectLoop(t *testing.T) {
	n := faultNet(t)
	p := portalWith(t, n, FaultRedirectLoop)
	e := blockedReport(t, n, p, FaultRedirectLoop)
	hc := &http.Client{Transport: n.Transport()}
	before := len(n.Requests())
	_, err := hc.Get(e.URL)
	if err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("err %v, want a redirect loop", err)
	}
	if got := len(n.Requests()) - before; got != 10 {
		t.Errorf("%d requests for a 10-redirect client", got)
	}
	others := 0
	for _, x := range reportsOf(n, p.Code) {
		if x.Blocked == "" {
			others++
		}
	}
	if others == 0 {
		t.Error("the loop blocks every report of the portal")
	}
}

func TestFaultRobotsDisallow(t *testing.T) {
	n := faultNet(t)
	p := portalWith(t, n, FaultDisallow)
	e := blockedReport(t, n, p, FaultDisallow)
	c := newClient(t, n, 0)
	resp, b := c.get("http://" + p.Host + "/robots.txt")
	rd, err := robotstxt.FromStatusAndBytes(resp.StatusCode, b)
	if err != nil {
		t.Fatal(err)
	}
	path := strings.TrimPrefix(e.URL, "http://"+p.Host)
	if rd.TestAgent(path, "ogi") {
		t.Fatalf("robots.txt allows %s:\n%s", path, b)
	}
	for _, x := range reportsOf(n, p.Code) {
		if x.URL != e.URL && !rd.TestAgent(strings.TrimPrefix(x.URL, "http://"+p.Host), "ogi") {
			t.Errorf("robots.txt disallows %s too", x.URL)
		}
	}
	if !rd.TestAgent(strings.TrimPrefix(p.ListURL, "http://"+p.Host), "ogi") {
		t.Error("robots.txt disallows the list")
	}
	c.get(p.ListURL)
	if v := violationsFor(n, p.Host); len(v) > 0 {
		t.Fatalf("allowed fetches flagged: %v", v)
	}
	c.get(e.URL)
	v := violationsFor(n, p.Host)
	if len(v) != 1 || !strings.Contains(v[0], "disallowed") {
		t.Errorf("violations %v, want a disallowed fetch", v)
	}
}

func TestFaultOversized(t *testing.T) {
	n := faultNet(t)
	p := portalWith(t, n, FaultOversized)
	e := blockedReport(t, n, p, FaultOversized)
	hc := &http.Client{Transport: n.Transport()}
	resp, err := hc.Get(e.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.ContentLength != oversizedBytes {
		t.Errorf("Content-Length %d", resp.ContentLength)
	}
	got, err := io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<20))
	if err != nil || got != 4<<20 {
		t.Errorf("read %d bytes: %v", got, err)
	}
}

func TestFaultGzipBomb(t *testing.T) {
	n := faultNet(t)
	p := portalWith(t, n, FaultGzipBomb)
	e := blockedReport(t, n, p, FaultGzipBomb)
	hc := &http.Client{Transport: n.Transport()}
	resp, err := hc.Get(e.URL)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("%v, Content-Encoding %q", err, resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	const probe = 64 << 20
	got, err := io.Copy(io.Discard, io.LimitReader(zr, probe))
	if err != nil || got != probe {
		t.Fatalf("inflated %d bytes: %v", got, err)
	}
	if ratio := float64(probe) / float64(len(raw)); ratio < 50 {
		t.Errorf("inflation ratio %.0f, not a bomb", ratio)
	}
}

func TestViolations(t *testing.T) {
	cfg := Config{Seed: 4, Portals: 6, CrawlDelay: 120 * time.Millisecond, MinInterval: 30 * time.Millisecond}
	// A polite client: robots.txt first, Crawl-delay kept.
	n := start(t, cfg)
	c := newClient(t, n, 130*time.Millisecond)
	for _, p := range n.Portals()[:4] {
		found, _ := crawlList(t, c, p)
		for _, u := range found[:3] {
			c.get(u)
		}
	}
	if v := n.Violations(); len(v) > 0 {
		t.Errorf("polite client flagged: %v", v)
	}
	// An impolite client: no robots.txt, no delay.
	n = start(t, cfg)
	hc := &http.Client{Transport: n.Transport()}
	p := n.Portals()[0]
	if !slices.Contains(p.Faults, FaultCrawlDelay) {
		t.Fatalf("portal 0 announces no Crawl-delay: %v", p.Faults)
	}
	for range 3 {
		resp, err := hc.Get(p.ListURL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	v := n.Violations()
	var before, interval int
	for _, x := range v {
		switch {
		case strings.Contains(x, "before robots.txt"):
			before++
		case strings.Contains(x, "interval"):
			interval++
		}
	}
	if before != 3 || interval != 2 {
		t.Errorf("violations %v: want 3 before robots.txt and 2 too close", v)
	}
	// MinInterval applies to hosts without Crawl-delay too.
	q := n.Portals()[1]
	robots, err := hc.Get("http://" + q.Host + "/robots.txt")
	if err != nil {
		t.Fatal(err)
	}
	robots.Body.Close()
	for range 2 {
		resp, err := hc.Get(q.ListURL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if got := violationsFor(n, q.Host); len(got) != 1 || !strings.Contains(got[0], "interval 30ms") {
		t.Errorf("MinInterval breaches: %v", got)
	}
}

// The list-loop fault: the portal's second list page redirects to itself;
// the first and, when the list has one, the third answer; exactly the
// reports only the looping page lists are blocked.
func TestFaultListLoop(t *testing.T) {
	n := faultNet(t)
	p := portalWith(t, n, FaultListLoop)
	pp := n.portalByCode(p.Code)
	hc := &http.Client{Transport: n.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var second, third string
	switch p.Adapter {
	case AdapterTRS:
		second, third = "http://"+p.Host+pp.chanPath+pp.cms.trsPageName(1), "http://"+p.Host+pp.chanPath+pp.cms.trsPageName(2)
	case AdapterVSB:
		pages := pageCount(len(pp.docs), pp.pageSize)
		second, third = fmt.Sprintf("http://%s%s/%d.htm", p.Host, pp.chanPath, pages-1), fmt.Sprintf("http://%s%s/%d.htm", p.Host, pp.chanPath, pages-2)
	case AdapterGeneric:
		second, third = p.ListURL+"?page=2", p.ListURL+"?page=3"
	default:
		t.Skipf("list-loop dealt to a %s portal in this network", p.Adapter)
	}
	resp, err := hc.Get(second)
	if err != nil || resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != strings.TrimPrefix(second, "http://"+p.Host) {
		t.Fatalf("second page %s: %v %v", second, resp, err)
	}
	resp.Body.Close()
	if pageCount(len(pp.docs), pp.pageSize) >= 3 {
		resp, err := hc.Get(third)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("third page %s: %v %v", third, resp, err)
		} else {
			resp.Body.Close()
		}
	}
	blocked := map[string]bool{}
	for _, e := range reportsOf(n, p.Code) {
		if e.Blocked == FaultListLoop {
			blocked[e.URL] = true
		}
	}
	for i, d := range pp.docs {
		onSecond := i >= pp.pageSize && i < 2*pp.pageSize
		if d.isReport() && blocked["http://"+p.Host+d.path] != onSecond {
			t.Errorf("%s (list position %d): blocked %v", d.path, i, blocked["http://"+p.Host+d.path])
		}
	}
}

// challenge-some: every third report page (by path) is challenged, the
// others answer; no two challenged reports are next to each other.
func TestFaultChallengeSome(t *testing.T) {
	n := faultNet(t)
	p := portalWith(t, n, FaultChallengeSome)
	c := newClient(t, n, 0)
	var urls []string
	blocked := map[string]bool{}
	for _, e := range reportsOf(n, p.Code) {
		if e.ListURL != p.ListURL {
			continue // a sub-column's reports: not challenged
		}
		urls = append(urls, e.URL)
		blocked[e.URL] = e.Blocked == FaultChallengeSome
	}
	slices.Sort(urls)
	challenged := 0
	for i, u := range urls {
		resp, _ := c.get(u)
		want := http.StatusOK
		if i%3 == 1 {
			want = http.StatusPreconditionFailed
			challenged++
		}
		if resp.StatusCode != want || blocked[u] != (i%3 == 1) {
			t.Errorf("%s: %d (blocked %v), want %d", u, resp.StatusCode, blocked[u], want)
		}
	}
	if challenged == 0 || challenged == len(urls) {
		t.Errorf("%d of %d reports challenged", challenged, len(urls))
	}
}
