package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// countingPortal serves a one-report TRS column on loopback and counts the
// requests it receives.
func countingPortal(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nDisallow:\n") })
	mux.HandleFunc("/nb/index.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="./t20240120_1.html">甲县2023年政府信息公开工作年度报告</a><script>createPageHTML(1, 0, "index", "html");</script>`)
	})
	mux.HandleFunc("/nb/t20240120_1.html", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<p>2023 report</p>") })
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s, &n
}

// A pace the fetcher would misread is a usage error, refused before any
// request: a negative --delay used to leave no gap at all between two
// requests to one host.
func TestCrawlRefusesImpolitePace(t *testing.T) {
	s, hits := countingPortal(t)
	reg := writeFile(t, "r.csv", "code,name,list_url,adapter\n500101,甲县,"+s.URL+"/nb/index.html,trs\n")
	for _, bad := range [][]string{{"--delay", "-1s"}, {"--delay-scale", "0"}, {"--delay-scale", "-2"}, {"--concurrency", "0"}} {
		for _, cmd := range []string{"crawl", "run"} {
			args := append([]string{"--registry", reg, "--data", filepath.Join(t.TempDir(), "d"), "--quiet"}, bad...)
			var out, errb bytes.Buffer
			run := runCrawl
			if cmd == "run" {
				run = runRun
			}
			if code := run(context.Background(), args, &out, &errb); code != 2 || !strings.Contains(errb.String(), bad[0]) {
				t.Errorf("ogi %s %v: exit %d, want 2 naming %s; stderr %q", cmd, bad, code, bad[0], errb.String())
			}
		}
	}
	for _, bad := range [][]string{{"--delay", "-1s"}, {"--delay-scale", "0"}} {
		home := writeFile(t, "h.csv", "code,name,home_url\n500101,甲县,"+s.URL+"/\n")
		var out, errb bytes.Buffer
		if code := runDiscover(context.Background(), append([]string{"--registry", home}, bad...), &out, &errb); code != 2 || !strings.Contains(errb.String(), bad[0]) {
			t.Errorf("ogi discover %v: exit %d, want 2 naming %s; stderr %q", bad, code, bad[0], errb.String())
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests sent with a refused pace", n)
	}
}

// ogi discover checks --contact as ogi crawl does: a word nobody can reach
// is no contact, and no request goes out with it.
func TestDiscoverChecksContact(t *testing.T) {
	s, hits := countingPortal(t)
	home := writeFile(t, "h.csv", "code,name,home_url\n500101,甲县,"+s.URL+"/\n")
	for _, c := range []string{"nobody", "http://localhost", "Ann <ann@example.org>"} {
		var out, errb bytes.Buffer
		if code := runDiscover(context.Background(), []string{"--registry", home, "--delay", "2ms", "--contact", c}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "--contact") {
			t.Errorf("--contact %q: exit %d, want 2 naming --contact; stderr %q", c, code, errb.String())
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests sent with a refused contact", n)
	}
	var out, errb bytes.Buffer
	runDiscover(context.Background(), []string{"--registry", home, "--delay", "2ms", "--contact", "ops@example.org"}, &out, &errb)
	if hits.Load() == 0 {
		t.Errorf("a good contact sent no request: %s", errb.String())
	}
}
