package adapterstest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"ogi/scrapers/fetch"
)

// Files is a loopback site that serves recorded page structures (testdata
// files) at fixed paths, for tests of one adapter against the shapes real
// portals answer with. "{{BASE}}" in a file is replaced by the site's
// http://127.0.0.1:port; a request nobody registered gets a 404 and is
// remembered, so a test can insist the adapter asked for nothing else.
type Files struct {
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]fileRoute
	seen   []string
	miss   []string
}

type fileRoute struct {
	file, ctype string
}

// ServeFiles starts an empty site; it is closed when t ends.
func ServeFiles(t testing.TB) *Files {
	f := &Files{routes: map[string]fileRoute{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// Handle serves file (a path relative to the test's directory) for method
// and pathQuery ("/col/col1/index.html" or "/x.jsp?a=1", the query exactly
// as the adapter sends it), with the given Content-Type.
func (f *Files) Handle(method, pathQuery, file, contentType string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[method+" "+pathQuery] = fileRoute{file, contentType}
}

// URL is the absolute URL of pathQuery on the site.
func (f *Files) URL(pathQuery string) string { return f.srv.URL + pathQuery }

// Requests lists "METHOD path?query" of every request, in order.
func (f *Files) Requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.seen...)
}

// Missed lists the requests that matched no registered file.
func (f *Files) Missed() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.miss...)
}

func (f *Files) serve(w http.ResponseWriter, r *http.Request) {
	key := r.Method + " " + r.URL.RequestURI()
	f.mu.Lock()
	f.seen = append(f.seen, key)
	rt, ok := f.routes[key]
	if !ok {
		f.miss = append(f.miss, key)
	}
	f.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := os.ReadFile(rt.file)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	b = bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(f.srv.URL))
	w.Header().Set("Content-Type", rt.ctype)
	_, _ = w.Write(b)
}

// Do implements fetch.Client with a plain net/http round trip.
func (f *Files) Do(ctx context.Context, req *fetch.Request) (*fetch.Response, error) {
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, method, req.URL, body)
	if err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	if req.ContentType != "" {
		hr.Header.Set("Content-Type", req.ContentType)
	}
	resp, err := f.srv.Client().Do(hr)
	if err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("files: %s: %w", req.URL, err)
	}
	return &fetch.Response{URL: req.URL, FinalURL: resp.Request.URL.String(), Status: resp.StatusCode,
		Header: resp.Header, Body: b}, nil
}

// Paths strips the site's base from each URL, for comparisons.
func (f *Files) Paths(urls []string) []string {
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = strings.TrimPrefix(u, f.srv.URL)
	}
	return out
}
