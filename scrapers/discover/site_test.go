package discover

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"ogi/scrapers/fetch"
)

// site is a loopback web server that answers several hosts by the Host
// header, each path from a testdata file, so fixtures keep their real
// absolute URLs (http://www.hexian-demo.gov.cn/…, a sibling xxgk. host).
// Anything not registered is a 404, robots.txt included.
type site struct {
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]route
	seen   []string
}

type route struct {
	file, ctype string
}

func newSite(t testing.TB) *site {
	s := &site{routes: map[string]route{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// handle serves file for http://hostPath (host and path?query);
// "redirect:URL" answers 301 to URL.
func (s *site) handle(hostPath, file, ctype string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[hostPath] = route{file, ctype}
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	k := host + r.URL.RequestURI()
	s.mu.Lock()
	s.seen = append(s.seen, k)
	rt, ok := s.routes[k]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if target, ok := strings.CutPrefix(rt.file, "redirect:"); ok {
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	b, err := os.ReadFile(rt.file)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	ct := rt.ctype
	if ct == "" {
		ct = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write(b)
}

// requests lists host+path of every request but robots.txt.
func (s *site) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, k := range s.seen {
		if !strings.HasSuffix(k, "/robots.txt") {
			out = append(out, k)
		}
	}
	return out
}

// client is the polite fetcher, dialling every host to the site.
func (s *site) client(t testing.TB) *fetch.Fetcher {
	addr := s.srv.Listener.Addr().String()
	f := fetch.New(fetch.Options{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", addr)
		},
		MinDelay: time.Millisecond, BackoffBase: time.Millisecond, MaxRetries: -1,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	t.Cleanup(f.Close)
	return f
}
