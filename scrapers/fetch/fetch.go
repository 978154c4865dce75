// Package fetch is ogi's polite HTTP client. Every request to a portal goes
// through one Fetcher, which enforces the crawl etiquette in one place so
// that adapters cannot bypass it: robots.txt is fetched before any other
// request to a host and obeyed (Disallow and Crawl-delay), requests to one
// host are serialised and spaced by a minimum delay, Retry-After on 429/503
// is honoured, 5xx and timeouts are retried with exponential backoff and
// jitter a bounded number of times, bodies are capped (after decoding, so a
// gzip bomb is caught too), redirects are limited and kept on allowed hosts,
// and JavaScript anti-bot challenges are detected and reported as
// BLOCKED_JS_CHALLENGE — never solved or replayed.
package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// Options configure a Fetcher. Zero values take the defaults noted.
type Options struct {
	// UserAgent is sent on every request; default "ogi/1.0 (+CONTACT;
	// research crawler …)", or without the contact part when none is given.
	UserAgent string
	// Contact (an e-mail or URL the portal owners can reach) is put in the
	// default User-Agent. Without it the Fetcher reaches loopback addresses
	// only: a request to any other address fails as CONTACT_REQUIRED
	// before a byte is sent (checked on the resolved address at connect
	// time). The User-Agent never names anybody else.
	Contact string
	// MinDelay is the minimum gap between two requests to one host
	// (default 2 s). A longer robots.txt Crawl-delay wins.
	MinDelay time.Duration
	// CarefulDelay is the gap used on a host whose robots.txt answered 5xx
	// or 412 (default 5 s).
	CarefulDelay time.Duration
	// Scale multiplies MinDelay, CarefulDelay and the retry backoff (default
	// 1). The demo and tests scale politeness down; delays the server
	// announces (Crawl-delay, Retry-After) are never scaled.
	Scale float64
	// MaxRetries bounds the retries after 5xx, 429, timeouts and network
	// errors (default 3; negative means none).
	MaxRetries int
	// BackoffBase is the first retry backoff, doubled each retry, with up
	// to 50% jitter (default 1 s).
	BackoffBase time.Duration
	// MaxRetryAfter: a Retry-After longer than this fails the request as
	// RATE_LIMITED instead of waiting (default 5 min).
	MaxRetryAfter time.Duration
	// MaxBytes caps a body, both as transferred and as decoded (default
	// 64 MiB).
	MaxBytes int64
	// MaxRedirects bounds redirect hops (default 5).
	MaxRedirects int
	// ConnectTimeout, HeaderTimeout and BodyTimeout bound the phases of one
	// attempt (defaults 10 s, 20 s, 60 s).
	ConnectTimeout, HeaderTimeout, BodyTimeout time.Duration
	// DialContext, when set, replaces the network dialer (tests and the demo
	// map portal hosts onto a simulated network).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// OnRobots, when set, receives every robots.txt response (to archive it).
	OnRobots func(*Response)
	// OnHostState, when set, is told of every pause a host asked for
	// (Retry-After, a robots.txt Crawl-delay) and of a host stopped for the
	// run, as it happens, so a crawl can journal it and a resumed one honour
	// it (see Restore). It is called with the host's lock held: it must not
	// call back into the Fetcher.
	OnHostState func(HostState)
	// ChallengeLimit is how many JavaScript challenges in a row (on
	// consecutive requests to one host) stop that host for the run
	// (default 3). Each challenge fails its own request; a normal answer in
	// between starts the count again.
	ChallengeLimit int
	// Clock, when set, gives the FetchedAt recorded on responses (tests
	// and reproducible crawls fix it). It is never used for waits: the
	// politeness delays always run on the real clock.
	Clock func() time.Time
	// Logger receives debug/warn lines; default slog.Default().
	Logger *slog.Logger
}

func (o *Options) defaults() {
	if o.UserAgent == "" {
		o.UserAgent = "ogi/1.0 (research crawler for government information disclosure annual reports)"
		if o.Contact != "" {
			o.UserAgent = "ogi/1.0 (+" + o.Contact + "; research crawler for government information disclosure annual reports)"
		}
	}
	if o.ChallengeLimit <= 0 {
		o.ChallengeLimit = 3
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.MinDelay == 0 {
		o.MinDelay = 2 * time.Second
	}
	if o.CarefulDelay == 0 {
		o.CarefulDelay = 5 * time.Second
	}
	if o.Scale <= 0 {
		o.Scale = 1
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = 3
	} else if o.MaxRetries < 0 {
		o.MaxRetries = 0
	}
	if o.BackoffBase == 0 {
		o.BackoffBase = time.Second
	}
	if o.MaxRetryAfter == 0 {
		o.MaxRetryAfter = 5 * time.Minute
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = 64 << 20
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 5
	}
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = 10 * time.Second
	}
	if o.HeaderTimeout == 0 {
		o.HeaderTimeout = 20 * time.Second
	}
	if o.BodyTimeout == 0 {
		o.BodyTimeout = 60 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Request is one request to send. Method defaults to GET.
type Request struct {
	Method      string
	URL         string
	Body        []byte // form body for POST
	ContentType string // of Body
	// ETag and LastModified make the request conditional.
	ETag, LastModified string
	// AllowHost, when set, is asked before following a redirect to another
	// host; a refusal fails the request as OFF_SITE_REDIRECT.
	AllowHost func(host string) bool
}

// Key identifies a request for state and de-duplication: the URL for a GET,
// "POST URL BODY" otherwise.
func (r *Request) Key() string {
	if r.Method == "" || r.Method == http.MethodGet {
		return r.URL
	}
	return r.Method + " " + r.URL + " " + string(r.Body)
}

// Response is a completed exchange (any HTTP status the caller must judge:
// 2xx, 304, 404/410; other statuses come back as *Error).
type Response struct {
	URL        string // as requested
	FinalURL   string // after redirects
	Status     int
	Proto      string
	Header     http.Header
	Body       []byte // payload, decoded of content encoding
	WireBody   []byte // body as transferred (same slice when not encoded)
	RawRequest []byte // the request as sent (HTTP/1.1 form), for the archive
	FetchedAt  time.Time
	// Bytes is what crossed the wire for this exchange (headers + body).
	Bytes int64
	// Hops are the redirect responses followed to reach this one, in order
	// (each with its own URL), so they can be archived too.
	Hops []*Response
}

// NotModified reports a 304 answer to a conditional request.
func (r *Response) NotModified() bool { return r.Status == http.StatusNotModified }

// ContentType returns the Content-Type header.
func (r *Response) ContentType() string { return r.Header.Get("Content-Type") }

// RawHeader renders the status line and headers as received (without
// Transfer-Encoding, with the Content-Length of WireBody), for the archive.
func (r *Response) RawHeader() []byte {
	var b bytes.Buffer
	proto := r.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	fmt.Fprintf(&b, "%s %d %s\r\n", proto, r.Status, http.StatusText(r.Status))
	h := r.Header.Clone()
	h.Del("Transfer-Encoding")
	if r.Status != http.StatusNotModified {
		h.Set("Content-Length", strconv.Itoa(len(r.WireBody)))
	}
	_ = h.Write(&b)
	b.WriteString("\r\n")
	return b.Bytes()
}

// Client is what adapters use to fetch: *Fetcher implements it, and so does
// the crawler's archiving session wrapped around a Fetcher.
type Client interface {
	Do(ctx context.Context, req *Request) (*Response, error)
}

// Fetcher is the polite client. It is safe for concurrent use; requests to
// different hosts run in parallel, requests to one host one at a time.
type Fetcher struct {
	opt    Options
	client *http.Client
	mu     sync.Mutex
	hosts  map[string]*host
}

// New returns a Fetcher with opt (defaults filled in).
func New(opt Options) *Fetcher {
	opt.defaults()
	tr := &http.Transport{
		DialContext:           opt.dialer(),
		ResponseHeaderTimeout: opt.HeaderTimeout,
		DisableCompression:    true, // we decode gzip ourselves, with a cap
		MaxIdleConnsPerHost:   1,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   opt.ConnectTimeout,
	}
	return &Fetcher{
		opt: opt,
		client: &http.Client{
			Transport:     tr,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		hosts: map[string]*host{},
	}
}

// Options returns the effective options.
func (f *Fetcher) Options() Options { return f.opt }

// Close releases idle connections.
func (f *Fetcher) Close() { f.client.CloseIdleConnections() }

func (f *Fetcher) scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) * f.opt.Scale)
}

// Do sends req politely and returns the response, following redirects.
func (f *Fetcher) Do(ctx context.Context, req *Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &Error{Kind: KindBadURL, URL: req.URL, Err: fmt.Errorf("not an absolute http(s) URL")}
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	body := req.Body
	cur := u
	var hops []*Response
	for hop := 0; ; hop++ {
		resp, err := f.one(ctx, method, cur, body, req)
		if err != nil {
			return nil, err
		}
		if resp.Status < 300 || resp.Status >= 400 || resp.Status == http.StatusNotModified {
			resp.URL = req.URL
			resp.Hops = hops
			for _, h := range hops {
				resp.Bytes += h.Bytes
			}
			return resp, nil
		}
		hops = append(hops, resp)
		loc := resp.Header.Get("Location")
		if loc == "" {
			return nil, &Error{Kind: KindClientError, URL: req.URL, Status: resp.Status, Err: errors.New("redirect without Location")}
		}
		if hop >= f.opt.MaxRedirects {
			return nil, &Error{Kind: KindTooManyRedirect, URL: req.URL, Status: resp.Status, Err: fmt.Errorf("more than %d redirects", f.opt.MaxRedirects)}
		}
		next, err := cur.Parse(loc)
		if err != nil || (next.Scheme != "http" && next.Scheme != "https") {
			return nil, &Error{Kind: KindBadURL, URL: req.URL, Status: resp.Status, Err: fmt.Errorf("bad redirect %q", loc)}
		}
		if !strings.EqualFold(next.Host, cur.Host) && req.AllowHost != nil && !req.AllowHost(next.Hostname()) {
			return nil, &Error{Kind: KindOffSite, URL: req.URL, Status: resp.Status, Err: fmt.Errorf("redirect to %s", next)}
		}
		next.Fragment = ""
		cur = next
		if resp.Status != http.StatusTemporaryRedirect && resp.Status != http.StatusPermanentRedirect {
			method, body = http.MethodGet, nil
		}
	}
}

// one performs a single hop (with retries) under the host's politeness.
func (f *Fetcher) one(ctx context.Context, method string, u *url.URL, body []byte, req *Request) (*Response, error) {
	hk := strings.ToLower(u.Host)
	h := f.host(hk)
	if err := lockCtx(ctx, &h.mu); err != nil {
		return nil, err
	}
	defer h.mu.Unlock()
	if h.blocked != "" {
		return nil, &Error{Kind: h.blocked, URL: u.String(), Err: fmt.Errorf("host stopped for this run: %s", h.why)}
	}
	if !h.robotsOK {
		if err := f.loadRobots(ctx, h, u); err != nil {
			return nil, err
		}
		// The delay learnt from robots.txt already applies to the gap after it.
		if t := h.last.Add(h.delay); t.After(h.next) {
			h.next = t
		}
	}
	if h.slowRobots {
		return nil, &Error{Kind: KindRateLimited, URL: u.String(), Err: fmt.Errorf("robots.txt Crawl-delay exceeds the limit %s: host not crawled", f.opt.MaxRetryAfter)}
	}
	if h.robots != nil && !h.robots.Test(pathQuery(u)) {
		return nil, &Error{Kind: KindRobots, URL: u.String(), Err: errors.New("disallowed by robots.txt")}
	}
	return f.attempts(ctx, h, method, u, body, req)
}

func pathQuery(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

func (f *Fetcher) loadRobots(ctx context.Context, h *host, u *url.URL) error {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	resp, err := f.attempts(ctx, h, http.MethodGet, ru, nil, &Request{})
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil ||
			errors.Is(err, ErrContactRequired) || Unreachable(err) {
			// Not reached at all: the request fails as its robots.txt did
			// (careful mode is for a host that answers badly).
			return err
		}
		// 5xx, 412, challenge or unreachable robots: careful mode.
		h.careful = true
		h.robotsOK = true
		h.challenges = 0 // a challenge on robots.txt alone does not block the host
		h.delay = max(h.delay, f.scaled(f.opt.CarefulDelay))
		f.tell(h)
		f.opt.Logger.Warn("robots.txt unavailable; careful mode", "host", u.Host, "err", err)
		return nil
	}
	if f.opt.OnRobots != nil {
		f.opt.OnRobots(resp)
	}
	h.robotsOK = true
	switch {
	case resp.Status >= 200 && resp.Status < 300:
		rd, perr := robotstxt.FromBytes(resp.Body)
		if perr != nil {
			f.opt.Logger.Warn("robots.txt unparsable; careful mode", "host", u.Host, "err", perr)
			h.careful = true
			h.delay = max(h.delay, f.scaled(f.opt.CarefulDelay))
			f.tell(h)
			return nil
		}
		h.robots = rd.FindGroup(f.opt.UserAgent)
		if h.robots != nil {
			// A negative delay is one that overflowed the Duration: as much
			// too long as one past the limit.
			switch cd := h.robots.CrawlDelay; {
			case cd < 0 || cd > f.opt.MaxRetryAfter:
				h.slowRobots = true
				f.opt.Logger.Warn("robots.txt Crawl-delay too long; host not crawled", "host", u.Host, "crawl_delay", cd, "limit", f.opt.MaxRetryAfter)
			case cd > h.delay:
				h.delay = cd
				f.tell(h)
			}
		}
	case resp.Status == http.StatusPreconditionFailed:
		h.careful = true
		h.delay = max(h.delay, f.scaled(f.opt.CarefulDelay))
		f.tell(h)
	default: // 4xx (404 …): no robots.txt, everything allowed
	}
	return nil
}

// attempts sends one request with bounded retries; h.mu is held.
func (f *Fetcher) attempts(ctx context.Context, h *host, method string, u *url.URL, body []byte, req *Request) (*Response, error) {
	var lastErr error
	for attempt := 0; attempt <= f.opt.MaxRetries; attempt++ {
		if wait := time.Until(h.paused); wait > 0 {
			// The host asked (Retry-After) for a longer pause than we wait:
			// every request until then fails at once instead of blocking.
			return nil, &Error{Kind: KindRateLimited, URL: u.String(), Err: fmt.Errorf("host asked for no request for %s, past the limit %s", wait.Round(time.Second), f.opt.MaxRetryAfter)}
		}
		if err := sleepUntil(ctx, h.next); err != nil {
			return nil, err
		}
		resp, err := f.send(ctx, method, u, body, req)
		now := time.Now()
		h.last = now
		h.next = now.Add(h.delay)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			var fe *Error
			if errors.As(err, &fe) && fe.Kind == KindTooLarge || noSuchHost(err) {
				return nil, err // retrying cannot help
			}
			lastErr = err
			h.next = now.Add(max(h.delay, f.backoff(attempt)))
			continue
		}
		if isChallenge(resp) {
			h.challenges++
			if h.challenges >= f.opt.ChallengeLimit {
				h.blocked = KindJSChallenge
				h.why = fmt.Sprintf("JavaScript challenges on %d consecutive requests", h.challenges)
				f.tell(h)
			}
			return nil, &Error{Kind: KindJSChallenge, URL: u.String(), Status: resp.Status, Err: errors.New("JavaScript anti-bot challenge (not bypassed)")}
		}
		h.challenges = 0
		switch s := resp.Status; {
		case s == http.StatusTooManyRequests || s == http.StatusServiceUnavailable:
			ra, ok := retryAfter(resp.Header.Get("Retry-After"), now)
			lastErr = &Error{Kind: KindRateLimited, URL: u.String(), Status: s, Err: errors.New(http.StatusText(s))}
			if s == http.StatusServiceUnavailable && !ok {
				lastErr = &Error{Kind: KindServerError, URL: u.String(), Status: s, Err: errors.New(http.StatusText(s))}
			}
			if ok && ra > f.opt.MaxRetryAfter {
				h.next, h.paused = addCapped(now, ra), addCapped(now, ra)
				f.tell(h)
				return nil, &Error{Kind: KindRateLimited, URL: u.String(), Status: s, Err: fmt.Errorf("Retry-After %s exceeds limit %s", ra, f.opt.MaxRetryAfter)}
			}
			h.next = now.Add(max(h.delay, ra))
			if ok {
				f.tell(h) // a pause the host asked for: it must outlive this process
			} else {
				h.next = now.Add(max(h.delay, f.backoff(attempt)))
			}
			continue
		case s >= 500:
			lastErr = &Error{Kind: KindServerError, URL: u.String(), Status: s, Err: errors.New(http.StatusText(s))}
			h.next = now.Add(max(h.delay, f.backoff(attempt)))
			continue
		case s == http.StatusNotFound || s == http.StatusGone:
			return resp, nil // the caller decides: a vanished page is data, not an error
		case s >= 400:
			return nil, &Error{Kind: KindClientError, URL: u.String(), Status: s, Err: errors.New(http.StatusText(s))}
		}
		return resp, nil
	}
	return nil, lastErr
}

// backoff is the wait before retry number attempt+1: BackoffBase doubled
// per attempt, capped at MaxRetryAfter (so that a large MaxRetries cannot
// overflow the shift), plus up to 50% jitter.
func (f *Fetcher) backoff(attempt int) time.Duration {
	d, ceiling := f.scaled(f.opt.BackoffBase), max(f.opt.MaxRetryAfter, 0)
	if d <= 0 {
		return 0
	}
	for i := 0; i < attempt && d < ceiling; i++ {
		d *= 2
	}
	d = min(d, ceiling)
	return d + rand.N(d/2+1)
}

func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
		// A huge (or infinite) delay must stay huge: converting it to an
		// int64 Duration unchecked can wrap to a negative wait.
		if secs >= float64(math.MaxInt64/int64(time.Second)) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// send performs exactly one HTTP exchange with timeouts and size caps.
func (f *Fetcher) send(ctx context.Context, method string, u *url.URL, body []byte, req *Request) (*Response, error) {
	actx, cancel := context.WithTimeout(ctx, f.opt.HeaderTimeout+f.opt.BodyTimeout+f.opt.ConnectTimeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	hr, err := http.NewRequestWithContext(actx, method, u.String(), rd)
	if err != nil {
		return nil, &Error{Kind: KindBadURL, URL: u.String(), Err: err}
	}
	hr.Header.Set("User-Agent", f.opt.UserAgent)
	hr.Header.Set("Accept-Encoding", "gzip")
	hr.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	if body != nil {
		ct := req.ContentType
		if ct == "" {
			ct = "application/x-www-form-urlencoded"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	var raw bytes.Buffer
	_ = hr.Write(&raw) // renders the request line, headers and body
	hr.Body = nil
	if body != nil {
		hr.Body = io.NopCloser(bytes.NewReader(body))
		hr.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	resp, err := f.client.Do(hr)
	if err != nil {
		if errors.Is(err, ErrContactRequired) {
			return nil, &Error{Kind: KindContactRequired, URL: u.String(), Err: ErrContactRequired}
		}
		if isTimeout(err) {
			return nil, &Error{Kind: KindTimeout, URL: u.String(), Err: err}
		}
		return nil, &Error{Kind: KindNetwork, URL: u.String(), Err: err}
	}
	defer resp.Body.Close()
	timer := time.AfterFunc(f.opt.BodyTimeout, cancel)
	defer timer.Stop()
	wire, err := io.ReadAll(io.LimitReader(resp.Body, f.opt.MaxBytes+1))
	if err != nil {
		if isTimeout(err) || actx.Err() != nil {
			return nil, &Error{Kind: KindTimeout, URL: u.String(), Status: resp.StatusCode, Err: fmt.Errorf("reading body: %w", err)}
		}
		return nil, &Error{Kind: KindNetwork, URL: u.String(), Status: resp.StatusCode, Err: fmt.Errorf("reading body: %w", err)}
	}
	if int64(len(wire)) > f.opt.MaxBytes {
		return nil, &Error{Kind: KindTooLarge, URL: u.String(), Status: resp.StatusCode, Err: fmt.Errorf("body exceeds %d bytes", f.opt.MaxBytes)}
	}
	payload := wire
	if ce := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); ce == "gzip" || ce == "x-gzip" {
		payload, err = Gunzip(wire, f.opt.MaxBytes)
		if err != nil {
			kind := KindNetwork
			if errors.Is(err, ErrTooLarge) {
				kind = KindTooLarge
			}
			return nil, &Error{Kind: kind, URL: u.String(), Status: resp.StatusCode, Err: err}
		}
	}
	var hb bytes.Buffer
	_ = resp.Header.Write(&hb)
	return &Response{
		URL:        u.String(),
		FinalURL:   u.String(),
		Status:     resp.StatusCode,
		Proto:      resp.Proto,
		Header:     resp.Header,
		Body:       payload,
		WireBody:   wire,
		RawRequest: raw.Bytes(),
		FetchedAt:  f.opt.Clock().UTC(),
		Bytes:      int64(len(wire) + hb.Len() + 20),
	}, nil
}

// ErrTooLarge is returned by Gunzip past its cap.
var ErrTooLarge = errors.New("decoded body too large")

// Gunzip decodes a gzip body, failing with ErrTooLarge past limit bytes.
func Gunzip(b []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("gzip body: %w", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, fmt.Errorf("gzip body: %w", err)
	}
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("gzip body past %d bytes: %w", limit, ErrTooLarge)
	}
	return out, nil
}

func isTimeout(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)
}

var challengeMarkers = [][]byte{[]byte("$_ts"), []byte("FSSBBIl1UgzbN7N80"), []byte("__jsl_clearance"), []byte("wzwschallenge"), []byte("wzws_cid")}

// isChallenge recognises the JS anti-bot gates of report-format.md §4.5.
func isChallenge(r *Response) bool {
	switch r.Status {
	case 412, 521, 202, 200:
	default:
		return false
	}
	for _, c := range r.Header.Values("Set-Cookie") {
		if strings.Contains(c, "FSSBBIl1UgzbN7N80") || strings.Contains(c, "__jsl_clearance") || strings.Contains(c, "wzws_cid") {
			if r.Status != 200 {
				return true
			}
		}
	}
	if len(r.Body) > 64<<10 {
		return false
	}
	if !bytes.Contains(r.Body, []byte("<script")) {
		return false
	}
	for _, m := range challengeMarkers {
		if bytes.Contains(r.Body, m) {
			return r.Status != 200 || len(r.Body) < 8<<10
		}
	}
	return false
}

func sleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tm.C:
		return nil
	}
}

// lockCtx takes mu unless ctx ends first.
func lockCtx(ctx context.Context, mu *sync.Mutex) error {
	if mu.TryLock() {
		return nil
	}
	done := make(chan struct{})
	go func() {
		mu.Lock()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		go func() { <-done; mu.Unlock() }()
		return ctx.Err()
	}
}
