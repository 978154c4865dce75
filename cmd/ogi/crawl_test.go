package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ogi/scrapers/archive"
)

// tinyPortal serves a two-report TRS column on loopback; /broken/ lists a
// report that answers 500.
func tinyPortal(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nDisallow:\n") })
	mux.HandleFunc("/nb/index.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<ul><li><a href="./202401/t20240120_1.html">甲县2023年政府信息公开工作年度报告</a></li>
<li><a href="./202301/t20230120_2.html">甲县2022年政府信息公开工作年度报告</a></li></ul><script>createPageHTML(1, 0, "index", "html");</script>`)
	})
	mux.HandleFunc("/nb/202401/t20240120_1.html", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<p>2023 report</p>") })
	mux.HandleFunc("/nb/202301/t20230120_2.html", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<p>2022 report</p>") })
	mux.HandleFunc("/broken/index.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/broken/t20240101_9.html">乙县2023年政府信息公开工作年度报告</a>`)
	})
	mux.HandleFunc("/broken/t20240101_9.html", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", 500) })
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestCrawlCommand(t *testing.T) {
	s := tinyPortal(t)
	dir := t.TempDir()
	reg := filepath.Join(dir, "portals.csv")
	os.WriteFile(reg, []byte("code,name,list_url,adapter\n500101,甲县,"+s.URL+"/nb/index.html,trs\n"), 0o644)
	data := filepath.Join(dir, "data")
	var out, errb bytes.Buffer
	if code := runCrawl(context.Background(), []string{"--registry", reg, "--data", data, "--delay", "5ms", "--contact", "ops@example.org"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "reports:     2 found, 2 new versions") {
		t.Errorf("summary:\n%s", out.String())
	}
	es, err := archive.ReportEntries(context.Background(), data)
	if err != nil || len(es) != 2 {
		t.Fatalf("entries %d, %v", len(es), err)
	}
	// Second night: nothing new, still exit 0.
	out.Reset()
	if code := runCrawl(context.Background(), []string{"--data", data, "--registry", reg, "--delay", "5ms"}, &out, &errb); code != 0 {
		t.Fatalf("rerun exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "2 found, 0 new versions") {
		t.Errorf("rerun summary:\n%s", out.String())
	}
	// A failing portal makes the exit status 1 and shows in the summary.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("code,name,list_url,adapter\n500102,乙县,"+s.URL+"/broken/index.html,auto\n"), 0o644)
	out.Reset()
	if code := runCrawl(context.Background(), []string{"--registry", bad, "--data", filepath.Join(dir, "d2"), "--delay", "5ms", "--quiet"}, &out, &errb); code != 1 {
		t.Errorf("failing crawl exit %d, want 1", code)
	}
	if !strings.Contains(out.String(), "HTTP_5XX") {
		t.Errorf("summary lacks the failure kind:\n%s", out.String())
	}
}

func TestCrawlUsage(t *testing.T) {
	var out, errb bytes.Buffer
	for _, args := range [][]string{{}, {"--data", "x"}, {"--registry", "r.csv"}, {"--bogus"}} {
		if code := runCrawl(context.Background(), args, &out, &errb); code != 2 {
			t.Errorf("runCrawl(%q) = %d, want 2", args, code)
		}
	}
	dir := t.TempDir()
	reg := filepath.Join(dir, "r.csv")
	os.WriteFile(reg, []byte("code,name,list_url,adapter\n1,x,http://a.gov.cn/,nope\n"), 0o644)
	if code := runCrawl(context.Background(), []string{"--registry", reg, "--data", dir}, &out, &errb); code != 1 {
		t.Errorf("bad registry exit %d, want 1", code)
	}
	os.WriteFile(reg, []byte("code,name,list_url,adapter\n1,x,http://a.gov.cn/,trs\n"), 0o644)
	if code := runCrawl(context.Background(), []string{"--registry", reg, "--data", dir, "--shard", "3/2"}, &out, &errb); code != 2 {
		t.Errorf("bad shard exit %d, want 2 (a usage error)", code)
	}
}

// TestRunCommand: ogi run crawls then builds the dataset from the same
// data directory.
func TestRunCommand(t *testing.T) {
	s := tinyPortal(t)
	dir := t.TempDir()
	reg := filepath.Join(dir, "portals.csv")
	os.WriteFile(reg, []byte("code,name,list_url,adapter\n500101,甲县,"+s.URL+"/nb/index.html,trs\n"), 0o644)
	data := filepath.Join(dir, "data")
	var out, errb bytes.Buffer
	code := runRun(context.Background(), []string{"--registry", reg, "--data", data, "--delay", "5ms", "--quiet"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "2 found, 2 new versions") || !strings.Contains(out.String(), "built ") {
		t.Errorf("output:\n%s", out.String())
	}
	if _, err := os.Stat(filepath.Join(data, "dataset")); err != nil {
		t.Errorf("no dataset: %v", err)
	}
	if code := runRun(context.Background(), []string{"--data", data}, &out, &errb); code != 2 {
		t.Errorf("run without registry: exit %d, want 2", code)
	}
}

// A contact is checked (an e-mail or an http(s) URL), and required beyond
// loopback: without one a portal that resolves elsewhere is a usage error
// (exit 2), with nothing sent to it. --stats-json prints the statistics.
func TestCrawlContactAndStats(t *testing.T) {
	s := tinyPortal(t)
	dir := t.TempDir()
	reg := filepath.Join(dir, "portals.csv")
	os.WriteFile(reg, []byte("code,name,list_url,adapter\n500101,甲县,"+s.URL+"/nb/index.html,trs\n"), 0o644)
	var out, errb bytes.Buffer
	for _, bad := range []string{"nobody", "ops@localhost", "ftp://x.org", "Ops <ops@example.org>"} {
		if code := runCrawl(context.Background(), []string{"--registry", reg, "--data", filepath.Join(dir, "d"), "--contact", bad}, &out, &errb); code != 2 {
			t.Errorf("--contact %q: exit %d, want 2", bad, code)
		}
	}
	remote := func(ctx context.Context, network, addr string) (net.Conn, error) {
		a, _ := net.Pipe()
		return farConn{a}, nil
	}
	errb.Reset()
	reg2 := filepath.Join(dir, "far.csv")
	os.WriteFile(reg2, []byte("code,name,list_url,adapter\n500102,乙县,http://www.example.gov.cn/nb/,trs\n"), 0o644)
	if code := crawlCommand(context.Background(), []string{"--registry", reg2, "--data", filepath.Join(dir, "far"), "--delay", "5ms", "--quiet"}, remote, &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), "--contact") {
		t.Errorf("no contact beyond loopback: exit %d, stderr %s", code, errb.String())
	}
	out.Reset()
	if code := runCrawl(context.Background(), []string{"--registry", reg, "--data", filepath.Join(dir, "ok"), "--delay", "5ms", "--contact", "https://example.org/ogi", "--stats-json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var st struct {
		Reports, ReportsNew int
		Outcome             string
		Failures            map[string]int
	}
	if err := json.Unmarshal(out.Bytes(), &st); err != nil || st.Reports != 2 || st.Outcome != "ok" {
		t.Errorf("--stats-json: %q (%v)", out.String(), err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "ok", "state", "runs.jsonl")); err != nil || strings.Count(string(b), "\n") != 1 {
		t.Errorf("runs.jsonl: %q %v", b, err)
	}
}

type farConn struct{ net.Conn }

func (farConn) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.ParseIP("198.51.100.7"), Port: 80} }
