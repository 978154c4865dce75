// Package adapterstest serves a small network of portals, one per CMS
// (TRS, Hanweb, gkmlpt, VSB and a GBK-encoded generic site), over real
// loopback HTTP, for the adapter conformance suite and the crawl tests.
// Every page answers conditional requests (ETag, Last-Modified → 304);
// reports can be edited and removed like on a real portal.
package adapterstest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Portal is one fixture portal.
type Portal struct {
	Code, Name, Host, ListURL, Adapter string
	Reports                            []string // detail page URLs (or direct attachments)
	Attachments                        []string // attachment URLs linked from the detail pages
}

// Request is one request the fixture saw.
type Request struct {
	Host, Method, Path string
	Time               time.Time
	Status             int
	Conditional        bool
	Bytes              int
}

// Network is the running fixture.
type Network struct {
	srv     *httptest.Server
	mu      sync.Mutex
	pages   map[string]page // "host path?query" → page
	removed map[string]bool
	edits   map[string]int
	reqs    []Request
	portals []Portal
	// Latency is added to every response.
	Latency time.Duration
}

type page struct {
	body  func() string
	ctype string
	gbk   bool
	post  func(startrecord, endrecord int) string
}

// Start serves the fixture on 127.0.0.1.
func Start() *Network {
	n := &Network{pages: map[string]page{}, removed: map[string]bool{}, edits: map[string]int{}}
	n.build()
	n.srv = httptest.NewServer(http.HandlerFunc(n.serve))
	return n
}

// Close stops the server.
func (n *Network) Close() { n.srv.Close() }

// DialContext sends every connection to the fixture server.
func (n *Network) DialContext(ctx context.Context, network, _ string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, network, n.srv.Listener.Addr().String())
}

// Portals lists the fixture portals.
func (n *Network) Portals() []Portal { return n.portals }

// Registry renders the registry CSV.
func (n *Network) Registry() string {
	var b strings.Builder
	b.WriteString("code,name,list_url,adapter\n")
	for _, p := range n.portals {
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", p.Code, p.Name, p.ListURL, p.Adapter)
	}
	return b.String()
}

// Requests returns the server-side log.
func (n *Network) Requests() []Request {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Request(nil), n.reqs...)
}

// Edit changes a page's content (new bytes, new ETag).
func (n *Network) Edit(u string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.edits[strings.TrimPrefix(u, "http://")]++
}

// Remove makes a report vanish: 404 and dropped from its list.
func (n *Network) Remove(u string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.removed[strings.TrimPrefix(u, "http://")] = true
}

func (n *Network) gone(hostPath string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.removed[hostPath]
}

func (n *Network) serve(w http.ResponseWriter, r *http.Request) {
	if n.Latency > 0 {
		time.Sleep(n.Latency)
	}
	host := strings.ToLower(r.Host)
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	key := host + r.URL.Path
	full := key
	if r.URL.RawQuery != "" {
		full += "?" + r.URL.RawQuery
	}
	rec := Request{Host: host, Method: r.Method, Path: r.URL.RequestURI(), Time: time.Now(),
		Conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""}
	status, nbytes := n.respond(w, r, key, full)
	rec.Status, rec.Bytes = status, nbytes
	n.mu.Lock()
	n.reqs = append(n.reqs, rec)
	n.mu.Unlock()
}

func (n *Network) respond(w http.ResponseWriter, r *http.Request, key, full string) (int, int) {
	if strings.HasSuffix(key, "/robots.txt") {
		body := "User-agent: *\nDisallow: /private/\n"
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte(body))
		return 200, len(body)
	}
	n.mu.Lock()
	p, ok := n.pages[full]
	if !ok {
		p, ok = n.pages[key]
	}
	removed := n.removed[key]
	edits := n.edits[key]
	n.mu.Unlock()
	if !ok || removed {
		http.NotFound(w, r)
		return 404, 0
	}
	var body string
	if p.post != nil {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return 405, 0
		}
		q := r.URL.Query()
		s, _ := strconv.Atoi(q.Get("startrecord"))
		e, _ := strconv.Atoi(q.Get("endrecord"))
		_ = r.ParseForm()
		if r.PostForm.Get("columnid") == "" || r.PostForm.Get("unitid") == "" {
			http.Error(w, "missing columnid/unitid", http.StatusBadRequest)
			return 400, 0
		}
		body = p.post(s, e)
	} else {
		body = p.body()
	}
	if edits > 0 {
		body += fmt.Sprintf("\n<!-- revised %d -->", edits)
	}
	raw := []byte(body)
	if p.gbk {
		raw, _ = simplifiedchinese.GBK.NewEncoder().Bytes(raw)
	}
	sum := sha256.Sum256(raw)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	lm := time.Date(2024, 1, 1+edits, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", lm)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return 304, 0
	}
	w.Header().Set("Content-Type", p.ctype)
	w.Write(raw)
	return 200, len(raw)
}

// add registers a page at "host/path[?query]".
func (n *Network) add(hostPath string, p page) {
	if p.ctype == "" {
		p.ctype = "text/html; charset=utf-8"
	}
	n.pages[hostPath] = p
}

var hrefRe = func(s string) []string {
	var out []string
	for {
		i := strings.Index(s, `href="`)
		if i < 0 {
			return out
		}
		s = s[i+6:]
		j := strings.IndexByte(s, '"')
		out = append(out, s[:j])
		s = s[j:]
	}
}

func recPath(rec string) string {
	hs := hrefRe(rec)
	if len(hs) == 0 {
		return ""
	}
	return hs[0]
}

// listed drops removed reports from a static list page at render time.
func (n *Network) listed(body, host string) func() string {
	return func() string {
		lines := strings.Split(body, "<li>")
		out := []string{lines[0]}
		for _, l := range lines[1:] {
			drop := false
			for _, h := range hrefRe(l) {
				if n.isRemovedRef(host, h) {
					drop = true
				}
			}
			if !drop {
				out = append(out, l)
			}
		}
		return strings.Join(out, "<li>")
	}
}

func (n *Network) isRemovedRef(host, href string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	for k := range n.removed {
		if !strings.HasPrefix(k, host) {
			continue
		}
		id := k[strings.LastIndexByte(k, '/')+1:]
		if strings.HasSuffix(href, "/"+id) || href == id {
			return true
		}
	}
	return false
}
