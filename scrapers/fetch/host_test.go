package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// A Retry-After the host sends is told to OnHostState as it is received
// (a short one as NotBefore, a long one as PausedUntil), and a Fetcher
// given that state back with Restore honours it: the pause survives the
// process.
func TestHostStateSurvivesRestore(t *testing.T) {
	s, log := server(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/robots.txt":
			w.Write([]byte("User-agent: *\nCrawl-delay: 0.05\n"))
		case "/short":
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			w.Write([]byte("ok"))
		case "/long":
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.Write([]byte("ok"))
		}
	})
	var mu sync.Mutex
	var states []HostState
	f := fast(Options{MaxRetryAfter: time.Minute, OnHostState: func(st HostState) {
		mu.Lock()
		states = append(states, st)
		mu.Unlock()
	}})
	ctx := context.Background()
	before := time.Now()
	if _, err := f.Do(ctx, &Request{URL: s.URL + "/short"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Do(ctx, &Request{URL: s.URL + "/long"}); ErrorKind(err) != KindRateLimited {
		t.Fatalf("long Retry-After: %v", err)
	}
	mu.Lock()
	got := append([]HostState(nil), states...)
	mu.Unlock()
	var delay, short, long bool
	for _, st := range got {
		switch {
		case st.PausedUntil.IsZero() && st.NotBefore.Sub(before) >= time.Second:
			short = true
		case st.Delay == 50*time.Millisecond && st.PausedUntil.IsZero():
			delay = true
		case st.PausedUntil.Sub(before) >= time.Hour:
			long = true
		}
		if !strings.HasPrefix(s.URL, "http://"+st.Host) {
			t.Errorf("state for host %q, server %s", st.Host, s.URL)
		}
	}
	if !delay || !short || !long {
		t.Fatalf("host states %+v: want the Crawl-delay, the short Retry-After and the long pause", got)
	}
	// A new process restores the last state: its requests fail at once.
	g := fast(Options{MaxRetryAfter: time.Minute})
	g.Restore(got[len(got)-1])
	n := len(log())
	if _, err := g.Do(ctx, &Request{URL: s.URL + "/other"}); ErrorKind(err) != KindRateLimited {
		t.Errorf("after Restore of a pause: %v", err)
	}
	if len(log()) != n {
		t.Errorf("requests sent during a restored pause: %v", log()[n:])
	}
	// A restored NotBefore is waited for (robots.txt included).
	h := fast(Options{})
	wait := time.Now().Add(300 * time.Millisecond)
	h.Restore(HostState{Host: strings.TrimPrefix(s.URL, "http://"), NotBefore: wait})
	if _, err := h.Do(ctx, &Request{URL: s.URL + "/other"}); err != nil {
		t.Fatal(err)
	}
	for _, e := range log()[n:] {
		if e.at.Before(wait) {
			t.Errorf("%s requested %v before the restored NotBefore", e.path, wait.Sub(e.at))
		}
	}
}

// Without a contact only loopback may be reached; the User-Agent then names
// nobody.
func TestContactRequiredOutsideLoopback(t *testing.T) {
	for _, c := range []struct {
		addr string
		ok   bool
	}{{"127.0.0.1:80", true}, {"127.8.9.10:8080", true}, {"[::1]:443", true}, {"[::ffff:127.0.0.1]:80", true},
		{"203.0.113.5:80", false}, {"[2001:db8::1]:80", false}, {"example.org:80", false}} {
		err := checkLoopback(c.addr)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrContactRequired)) {
			t.Errorf("checkLoopback(%s) = %v, want ok %v", c.addr, err, c.ok)
		}
	}
	// A dialer that lands outside loopback (as a proxy or a DNS answer
	// would): refused before any byte is written.
	var wrote bool
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		a, b := net.Pipe()
		go func() {
			buf := make([]byte, 1)
			if _, err := b.Read(buf); err == nil {
				wrote = true
			}
		}()
		return remoteConn{a, &net.TCPAddr{IP: net.ParseIP("203.0.113.5"), Port: 80}}, nil
	}
	f := fast(Options{DialContext: dial, MaxRetries: -1})
	_, err := f.Do(context.Background(), &Request{URL: "http://www.example.gov.cn/list/"})
	if ErrorKind(err) != KindContactRequired || !errors.Is(err, ErrContactRequired) {
		t.Fatalf("no contact, remote host: %v", err)
	}
	if wrote {
		t.Error("a request was written to a non-loopback peer without a contact")
	}
	if ua := New(Options{}).Options().UserAgent; strings.Contains(ua, "+") || strings.Contains(ua, "http") || strings.Contains(ua, "@") {
		t.Errorf("User-Agent without contact names someone: %q", ua)
	}
	if ua := New(Options{Contact: "ops@example.org"}).Options().UserAgent; !strings.Contains(ua, "+ops@example.org") {
		t.Errorf("User-Agent with contact: %q", ua)
	}
}

type remoteConn struct {
	net.Conn
	remote net.Addr
}

func (c remoteConn) RemoteAddr() net.Addr { return c.remote }

func TestUnreachable(t *testing.T) {
	dns := &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	read := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("reset")}
	for _, c := range []struct {
		err  error
		want bool
	}{{&Error{Kind: KindNetwork, Err: dns}, true}, {&Error{Kind: KindNetwork, Err: refused}, true},
		{&Error{Kind: KindNetwork, Err: read}, false}, {&Error{Kind: KindContactRequired, Err: ErrContactRequired}, false}, {nil, false}} {
		if got := Unreachable(c.err); got != c.want {
			t.Errorf("Unreachable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
