package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

type logged struct {
	path string
	at   time.Time
	ua   string
}

// server records every request; handler decides the answer.
func server(t *testing.T, handler func(w http.ResponseWriter, r *http.Request, n int)) (*httptest.Server, func() []logged) {
	t.Helper()
	var mu sync.Mutex
	var log []logged
	counts := map[string]int{}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		log = append(log, logged{r.URL.RequestURI(), time.Now(), r.UserAgent()})
		counts[r.URL.Path]++
		n := counts[r.URL.Path]
		mu.Unlock()
		handler(w, r, n)
	}))
	t.Cleanup(s.Close)
	return s, func() []logged { mu.Lock(); defer mu.Unlock(); return append([]logged(nil), log...) }
}

func fast(o Options) *Fetcher {
	if o.MinDelay == 0 {
		o.MinDelay = 10 * time.Millisecond
	}
	if o.BackoffBase == 0 {
		o.BackoffBase = 5 * time.Millisecond
	}
	return New(o)
}

func TestRobotsFirstDisallowAndCrawlDelay(t *testing.T) {
	s, log := server(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/robots.txt" {
			w.Write([]byte("User-agent: *\nDisallow: /private/\nCrawl-delay: 0.2\n"))
			return
		}
		w.Write([]byte("ok"))
	})
	f := fast(Options{Contact: "ops@example.org"})
	ctx := context.Background()
	for _, p := range []string{"/a", "/b", "/c"} {
		if _, err := f.Do(ctx, &Request{URL: s.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := f.Do(ctx, &Request{URL: s.URL + "/private/x"})
	if ErrorKind(err) != KindRobots {
		t.Fatalf("disallowed path: %v", err)
	}
	l := log()
	if l[0].path != "/robots.txt" {
		t.Fatalf("first request %s, want /robots.txt", l[0].path)
	}
	for i := 1; i < len(l); i++ {
		if gap := l[i].at.Sub(l[i-1].at); gap < 190*time.Millisecond {
			t.Errorf("gap %s between %s and %s < Crawl-delay 0.2s", gap, l[i-1].path, l[i].path)
		}
		if strings.HasPrefix(l[i].path, "/private") {
			t.Error("disallowed path requested")
		}
	}
	if !strings.Contains(l[0].ua, "ops@example.org") {
		t.Errorf("User-Agent %q lacks the contact", l[0].ua)
	}
}

func TestRetryAfterAndBackoff(t *testing.T) {
	s, log := server(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/busy" && n == 1:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		case r.URL.Path == "/flaky" && n <= 2:
			w.WriteHeader(http.StatusBadGateway)
		case r.URL.Path == "/down":
			w.WriteHeader(http.StatusInternalServerError)
		default:
			w.Write([]byte("ok"))
		}
	})
	f := fast(Options{MaxRetries: 3})
	ctx := context.Background()
	if _, err := f.Do(ctx, &Request{URL: s.URL + "/busy"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Do(ctx, &Request{URL: s.URL + "/flaky"}); err != nil {
		t.Fatal(err)
	}
	_, err := f.Do(ctx, &Request{URL: s.URL + "/down"})
	if ErrorKind(err) != KindServerError {
		t.Fatalf("persistent 500: %v", err)
	}
	l := log()
	var busy []time.Time
	down := 0
	for _, e := range l {
		if e.path == "/busy" {
			busy = append(busy, e.at)
		}
		if e.path == "/down" {
			down++
		}
	}
	if len(busy) != 2 || busy[1].Sub(busy[0]) < time.Second {
		t.Errorf("Retry-After: 1 not honoured: %v", busy)
	}
	if down != 4 {
		t.Errorf("/down tried %d times, want 1 + 3 retries", down)
	}
}

// A challenge fails its request and is never replayed (the challenge
// cookie is not sent back); the host is stopped for the run only after
// ChallengeLimit challenges on consecutive requests.
func TestJSChallengeNotReplayed(t *testing.T) {
	s, log := server(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "FSSBBIl1UgzbN7N80S", Value: "x"})
		w.WriteHeader(http.StatusPreconditionFailed)
		w.Write([]byte(`<html><script>$_ts=window['$_ts'];</script></html>`))
	})
	var states []HostState
	f := fast(Options{ChallengeLimit: 2, OnHostState: func(st HostState) { states = append(states, st) }})
	for i := 0; i < 4; i++ {
		_, err := f.Do(context.Background(), &Request{URL: s.URL + "/p"})
		if ErrorKind(err) != KindJSChallenge {
			t.Fatalf("want BLOCKED_JS_CHALLENGE, got %v", err)
		}
	}
	if n := len(log()); n != 3 {
		t.Errorf("%d requests; want robots.txt + two pages (stopped after 2 consecutive challenges)", n)
	}
	if len(states) != 1 || states[0].Blocked != KindJSChallenge {
		t.Errorf("host states %+v, want one telling the host stopped", states)
	}
}

// Challenges on some pages only: the host's other pages are fetched, and
// challenges that are not consecutive never stop the host.
func TestJSChallengeOnSomePagesOnly(t *testing.T) {
	s, log := server(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case strings.HasPrefix(r.URL.Path, "/gate"):
			w.WriteHeader(521)
			w.Write([]byte(`<html><script>document.cookie="__jsl_clearance=1"</script></html>`))
		default:
			w.Write([]byte("page"))
		}
	})
	f := fast(Options{ChallengeLimit: 2})
	ctx := context.Background()
	for i, p := range []string{"/gate1", "/a", "/gate2", "/b", "/gate3", "/c"} {
		_, err := f.Do(ctx, &Request{URL: s.URL + p})
		want := Kind("")
		if i%2 == 0 {
			want = KindJSChallenge
		}
		if ErrorKind(err) != want {
			t.Errorf("%s: kind %q, want %q (%v)", p, ErrorKind(err), want, err)
		}
	}
	if n := len(log()); n != 7 {
		t.Errorf("%d requests, want robots.txt + 6", n)
	}
	// Two in a row now stop the host.
	for _, p := range []string{"/gate4", "/gate5", "/d"} {
		if _, err := f.Do(ctx, &Request{URL: s.URL + p}); ErrorKind(err) != KindJSChallenge {
			t.Errorf("%s after two consecutive challenges: %v", p, err)
		}
	}
	for _, e := range log() {
		if e.path == "/d" {
			t.Error("/d requested after the host was stopped")
		}
	}
}

func TestSizeCapsAndGzipBomb(t *testing.T) {
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(make([]byte, 4<<20))
	zw.Close()
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch r.URL.Path {
		case "/big":
			w.Write(make([]byte, 2<<20))
		case "/bomb":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
		case "/gz":
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write([]byte("hello"))
			zw.Close()
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(b.Bytes())
		default:
			http.NotFound(w, r)
		}
	})
	f := fast(Options{MaxBytes: 1 << 20})
	ctx := context.Background()
	for _, p := range []string{"/big", "/bomb"} {
		if _, err := f.Do(ctx, &Request{URL: s.URL + p}); ErrorKind(err) != KindTooLarge {
			t.Errorf("%s: want TOO_LARGE, got %v", p, err)
		}
	}
	r, err := f.Do(ctx, &Request{URL: s.URL + "/gz"})
	if err != nil || string(r.Body) != "hello" || bytes.Equal(r.WireBody, r.Body) {
		t.Errorf("gzip body: %v %q", err, r.Body)
	}
}

func TestRedirectLimitAndOffSite(t *testing.T) {
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/loop":
			http.Redirect(w, r, "/loop?x", http.StatusFound)
		case "/hop":
			http.Redirect(w, r, "/final", http.StatusFound)
		case "/final":
			w.Write([]byte("here"))
		case "/away":
			http.Redirect(w, r, "http://elsewhere.example/", http.StatusFound)
		case "/robots.txt":
			http.NotFound(w, r)
		}
	})
	f := fast(Options{MaxRedirects: 3})
	_, err := f.Do(context.Background(), &Request{URL: s.URL + "/loop"})
	if ErrorKind(err) != KindTooManyRedirect {
		t.Errorf("loop: %v", err)
	}
	_, err = f.Do(context.Background(), &Request{URL: s.URL + "/away", AllowHost: func(string) bool { return false }})
	if ErrorKind(err) != KindOffSite {
		t.Errorf("off-site: %v", err)
	}
	r, err := f.Do(context.Background(), &Request{URL: s.URL + "/hop"})
	if err != nil || r.URL != s.URL+"/hop" || r.FinalURL != s.URL+"/final" || string(r.Body) != "here" {
		t.Fatalf("redirect: %v %+v", err, r)
	}
	if len(r.Hops) != 1 || r.Hops[0].Status != http.StatusFound || r.Hops[0].URL != s.URL+"/hop" {
		t.Errorf("hops: %+v", r.Hops)
	}
}

func TestTimeoutRetriedThenReported(t *testing.T) {
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		time.Sleep(300 * time.Millisecond)
		w.Write([]byte("late"))
	})
	f := fast(Options{HeaderTimeout: 50 * time.Millisecond, MaxRetries: 1})
	_, err := f.Do(context.Background(), &Request{URL: s.URL + "/slow"})
	var fe *Error
	if !errors.As(err, &fe) || fe.Kind != KindTimeout {
		t.Errorf("want TIMEOUT, got %v", err)
	}
}

func TestRobots5xxCarefulMode(t *testing.T) {
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/robots.txt" {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok"))
	})
	f := fast(Options{CarefulDelay: 300 * time.Millisecond, MaxRetries: 1})
	if _, err := f.Do(context.Background(), &Request{URL: s.URL + "/x"}); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(s.URL, "http://")
	if d := f.HostDelay(host); d < 300*time.Millisecond {
		t.Errorf("careful delay %s", d)
	}
}

// A large retry count or a hostile Retry-After must not overflow into a
// negative wait (or a panic in the jitter).
func TestBackoffAndRetryAfterBounded(t *testing.T) {
	f := New(Options{BackoffBase: time.Second, MaxRetryAfter: time.Minute, MaxRetries: 100})
	for _, attempt := range []int{0, 1, 10, 63, 64, 100} {
		d := f.backoff(attempt)
		if d <= 0 || d > time.Minute*3/2 {
			t.Errorf("backoff(%d) = %v, want in (0, 1.5 min]", attempt, d)
		}
	}
	if d := f.backoff(0); d < time.Second || d > time.Second*3/2 {
		t.Errorf("backoff(0) = %v, want 1–1.5 s", d)
	}
	now := time.Now()
	for _, v := range []string{"1e30", "Inf", "9223372037"} {
		d, ok := retryAfter(v, now)
		if !ok || d < time.Hour {
			t.Errorf("Retry-After %q = %v, %v: want a huge positive wait", v, d, ok)
		}
	}
	if d, ok := retryAfter("2.5", now); !ok || d != 2500*time.Millisecond {
		t.Errorf("Retry-After 2.5 = %v, %v", d, ok)
	}
	if _, ok := retryAfter("NaN", now); ok {
		t.Error("Retry-After NaN accepted")
	}
}

// A Crawl-delay longer than MaxRetryAfter (or too long for a Duration) is
// not waited out for ever nor ignored: the host fails as RATE_LIMITED,
// with no request beyond robots.txt.
func TestCrawlDelayTooLong(t *testing.T) {
	for _, delay := range []string{"86400", "1e300"} {
		s, log := server(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			if r.URL.Path == "/robots.txt" {
				w.Write([]byte("User-agent: *\nCrawl-delay: " + delay + "\n"))
				return
			}
			w.Write([]byte("ok"))
		})
		f := fast(Options{MaxRetryAfter: time.Minute})
		for range 2 {
			_, err := f.Do(context.Background(), &Request{URL: s.URL + "/a"})
			if ErrorKind(err) != KindRateLimited {
				t.Fatalf("Crawl-delay %s: err = %v, want %s", delay, err, KindRateLimited)
			}
		}
		if l := log(); len(l) != 1 || l[0].path != "/robots.txt" {
			t.Errorf("Crawl-delay %s: requests %v, want robots.txt only", delay, l)
		}
	}
}

// A Retry-After past MaxRetryAfter fails that request, and the host's
// later requests fail at once as well rather than block until then.
func TestRetryAfterTooLongFailsLaterRequests(t *testing.T) {
	for _, ra := range []string{"86400", "1e30"} {
		s, log := server(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			switch r.URL.Path {
			case "/robots.txt":
				http.NotFound(w, r)
			case "/a":
				w.Header().Set("Retry-After", ra)
				w.WriteHeader(http.StatusTooManyRequests)
			default:
				w.Write([]byte("ok"))
			}
		})
		f := fast(Options{MaxRetryAfter: time.Minute})
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		for _, p := range []string{"/a", "/b"} {
			if _, err := f.Do(ctx, &Request{URL: s.URL + p}); ErrorKind(err) != KindRateLimited {
				t.Errorf("Retry-After %s, %s: err = %v, want %s", ra, p, err, KindRateLimited)
			}
		}
		cancel()
		for _, e := range log() {
			if e.path == "/b" {
				t.Errorf("Retry-After %s: /b requested in the pause", ra)
			}
		}
	}
}

// Our own delay between requests is waited out whatever its length: only a
// pause the host asked for is held to MaxRetryAfter.
func TestLongOwnDelayIsWaited(t *testing.T) {
	s, log := server(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("ok"))
	})
	f := New(Options{MinDelay: 300 * time.Millisecond, MaxRetryAfter: 100 * time.Millisecond})
	for _, p := range []string{"/a", "/b"} {
		if _, err := f.Do(context.Background(), &Request{URL: s.URL + p}); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	l := log()
	if len(l) != 3 || l[2].at.Sub(l[1].at) < 290*time.Millisecond {
		t.Errorf("requests %v: want robots.txt, /a, then /b at least 300 ms later", l)
	}
}
