package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"ogi/scrapers/fetch"
)

// pauseServer answers its list with a Retry-After the first time (then
// normally) and records when each request came.
type pauseServer struct {
	*httptest.Server
	mu     sync.Mutex
	times  []time.Time
	paused chan struct{}
	once   sync.Once
}

func newPauseServer(t *testing.T, status int, retryAfter string) *pauseServer {
	ps := &pauseServer{paused: make(chan struct{})}
	ps.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ps.mu.Lock()
		ps.times = append(ps.times, time.Now())
		ps.mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/nb/":
			if ps.listHits() == 1 {
				w.Header().Set("Retry-After", retryAfter)
				w.WriteHeader(status)
				ps.once.Do(func() { close(ps.paused) })
				return
			}
			fmt.Fprint(w, `<a href="/nb/r.html">某县2023年政府信息公开工作年度报告</a>`)
		case "/nb/r.html":
			fmt.Fprint(w, `<p>report</p>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ps.Close)
	return ps
}

// listHits counts the requests so far minus robots.txt (the list is the
// first page asked for).
func (ps *pauseServer) listHits() int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return len(ps.times) - 1
}

func (ps *pauseServer) requests() []time.Time {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return append([]time.Time(nil), ps.times...)
}

// A pause a host asked for outlives kill -9: a crawl killed while it waits
// out a Retry-After, or after a host asked for a pause longer than it
// waits, is resumed by a process that keeps to both — no request before
// the Retry-After ends, none at all to the paused host, whose RATE_LIMITED
// failure the resumed run's summary reports.
func TestPausesSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crawl")
	}
	if os.Getenv("OGI_CRAWL_CHILD") != "" {
		return
	}
	short := newPauseServer(t, http.StatusServiceUnavailable, "3")
	long := newPauseServer(t, http.StatusTooManyRequests, "3600")
	dir := t.TempDir()
	reg := filepath.Join(dir, "portals.csv")
	os.WriteFile(reg, []byte("code,name,list_url,adapter\n110101,甲县,"+short.URL+"/nb/,generic\n110102,乙县,"+long.URL+"/nb/,generic\n"), 0o644)
	data := filepath.Join(dir, "data")
	cmd := exec.Command(os.Args[0], "-test.run", "^TestCrawlChild$")
	cmd.Env = append(os.Environ(), "OGI_CRAWL_CHILD="+data, "OGI_CRAWL_REGISTRY="+reg)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(30 * time.Second)
	for _, s := range []*pauseServer{short, long} {
		select {
		case <-s.paused:
		case <-deadline:
			cmd.Process.Kill()
			t.Fatal("the child never got its Retry-After answers")
		}
	}
	// Kill once both pauses are journalled (the fetcher tells them under
	// the host's lock, before it waits).
	for {
		b, _ := os.ReadFile(filepath.Join(data, "state", "journal.jsonl"))
		if strings.Count(string(b), `"t":"host"`) >= 2 {
			break
		}
		select {
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("pauses not journalled:\n%s", b)
		case <-time.After(5 * time.Millisecond):
		}
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()

	killedAt := time.Now()
	shortPaused := short.requests()[len(short.requests())-1] // the 503
	longN := len(long.requests())
	cfg := simConfig(data, nil)
	cfg.Fetch.DialContext = nil
	cfg.Fetch.MaxRetryAfter = 10 * time.Second
	f, _ := os.Open(reg)
	ps, err := ReadRegistry(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), cfg, ps)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Resumed {
		t.Error("not resumed")
	}
	after := short.requests()
	if len(after) == 0 || !after[len(after)-1].After(killedAt) {
		t.Fatalf("the short-paused host was not crawled on resume")
	}
	for _, at := range after {
		if at.After(killedAt) && at.Before(shortPaused.Add(3*time.Second-50*time.Millisecond)) {
			t.Errorf("request %v after the 503, before its Retry-After: 3 ended", at.Sub(shortPaused))
		}
	}
	if n := len(long.requests()); n != longN {
		t.Errorf("%d requests to the host paused for an hour after the resume", n-longN)
	}
	if sum.Failures[string(fetch.KindRateLimited)] != 1 || sum.Reports != 1 {
		t.Errorf("resumed summary: failures %v, reports %d; want the RATE_LIMITED of the paused host and the other's report", sum.Failures, sum.Reports)
	}
}
