package fetch

import (
	"math"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// host is the politeness state of one host[:port].
type host struct {
	name     string
	mu       sync.Mutex // held for the whole exchange: one request per host at a time
	next     time.Time  // earliest start of the next request
	last     time.Time  // when the last request ended
	robots   *robotstxt.Group
	robotsOK bool // robots.txt has been consulted
	careful  bool
	// challenges counts the JavaScript challenges on consecutive requests.
	challenges int
	// blocked, when set, fails every request of the run at once with that
	// kind (challenges on ChallengeLimit consecutive requests); why says so.
	blocked Kind
	why     string
	// slowRobots: robots.txt asks for a Crawl-delay longer than
	// MaxRetryAfter (or too long to represent): the host is not crawled.
	slowRobots bool
	// paused: the host's Retry-After, longer than MaxRetryAfter, ends
	// then; until then its requests fail at once.
	paused time.Time
	delay  time.Duration
}

// HostState is what the Fetcher knows of a host that must outlive the
// process: given to Options.OnHostState when it changes, and handed back
// with Restore to a Fetcher of a resumed crawl.
type HostState struct {
	Host string // host[:port], lower case
	// NotBefore is the earliest time of the host's next request (a
	// Retry-After it sent, or our spacing).
	NotBefore time.Time
	// PausedUntil: the host asked (Retry-After) for a pause longer than
	// MaxRetryAfter; its requests fail as RATE_LIMITED until then.
	PausedUntil time.Time
	// Delay is the gap kept between two requests (the larger of our own
	// delay and the robots.txt Crawl-delay).
	Delay time.Duration
	// Blocked, when set, is why the host was stopped for the run (kind
	// BLOCKED_JS_CHALLENGE after challenges on consecutive requests), Why
	// the detail.
	Blocked Kind
	Why     string
}

func (f *Fetcher) host(name string) *host {
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.hosts[name]
	if h == nil {
		h = &host{name: name, delay: f.scaled(f.opt.MinDelay)}
		f.hosts[name] = h
	}
	return h
}

// tell reports h's state to OnHostState; h.mu is held.
func (f *Fetcher) tell(h *host) {
	if f.opt.OnHostState == nil {
		return
	}
	f.opt.OnHostState(HostState{Host: h.name, NotBefore: h.next, PausedUntil: h.paused, Delay: h.delay, Blocked: h.blocked, Why: h.why})
}

// NotBefore tells the Fetcher that host (host[:port]) must not be contacted
// before t — used on resume so a restarted crawl keeps the spacing of the
// process that was killed.
func (f *Fetcher) NotBefore(hostport string, t time.Time) {
	f.Restore(HostState{Host: hostport, NotBefore: t})
}

// Restore hands a host's state recorded by an earlier process of the same
// run back to the Fetcher: the later of the two NotBefore times and pauses
// win, a longer Delay is kept (until robots.txt is read again), and a host
// stopped for the run stays stopped.
func (f *Fetcher) Restore(st HostState) {
	h := f.host(strings.ToLower(st.Host))
	h.mu.Lock()
	defer h.mu.Unlock()
	if st.NotBefore.After(h.next) {
		h.next = st.NotBefore
	}
	if st.PausedUntil.After(h.paused) {
		h.paused = st.PausedUntil
	}
	if st.Delay > h.delay {
		h.delay = st.Delay
	}
	if st.Blocked != "" && h.blocked == "" {
		h.blocked, h.why = st.Blocked, st.Why
		if h.why == "" {
			h.why = "stopped earlier in this run"
		}
	}
}

// HostDelay returns the gap currently kept between requests to hostport.
func (f *Fetcher) HostDelay(hostport string) time.Duration {
	h := f.host(strings.ToLower(hostport))
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.delay
}

// addCapped is t+d, saturating instead of overflowing for a huge d.
func addCapped(t time.Time, d time.Duration) time.Time {
	const limit = time.Duration(math.MaxInt64 / 4)
	if d > limit {
		d = limit
	}
	return t.Add(d)
}
