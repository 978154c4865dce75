package archive

import (
	"encoding/json"
	"fmt"
	"time"

	"ogi/scrapers/fetch"
)

// LogHost journals a host's politeness state (a Retry-After pause, a
// Crawl-delay, a host stopped for the run) as soon as the fetcher learns
// it, so that a crawl killed in the middle of the pause and resumed still
// honours it (RunHosts).
func (s *Store) LogHost(st fetch.HostState) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := rec{T: "host", Run: s.run, Key: st.Host, Next: st.NotBefore.UTC(), Until: st.PausedUntil.UTC(),
		Delay: int64(st.Delay), Err: string(st.Blocked), Name: st.Why, At: time.Now().UTC()}
	s.apply(r)
	return s.appendLocked(r)
}

// RunHosts returns the politeness state of every host the current run has
// contacted, as recorded by this process and by any process of the same
// run killed before it: the latest NotBefore and pause, the longest gap
// kept (a Crawl-delay, careful mode), and whether the host was stopped for
// the run.
func (s *Store) RunHosts() map[string]fetch.HostState {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]fetch.HostState{}
	for h, hs := range s.hosts {
		out[h] = hs
	}
	return out
}

// HostPauses returns, per host, the end of a pause longer than the
// fetcher waits that the host asked for (Retry-After) and that is not over
// at now, whichever run it was asked in: until then the host's requests
// fail at once as RATE_LIMITED rather than wait.
func (s *Store) HostPauses(now time.Time) map[string]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]time.Time{}
	for h, t := range s.pauses {
		if t.After(now) {
			out[h] = t
		}
	}
	return out
}

// foldHost merges r (a host or fetch record of the current run) into the
// run's host states; s.mu is held or the store is being recovered.
func (s *Store) foldHost(host string, r rec) {
	if host == "" || r.Run == "" || r.Run != s.run {
		return
	}
	hs := s.hosts[host]
	hs.Host = host
	if r.Next.After(hs.NotBefore) {
		hs.NotBefore = r.Next
	}
	if r.Until.After(hs.PausedUntil) {
		hs.PausedUntil = r.Until
	}
	// Only host records carry the gap: a fetch record's At is the recorded
	// clock, which a reproducible run fixes, so Next−At says nothing.
	if d := time.Duration(r.Delay); d > hs.Delay {
		hs.Delay = d
	}
	if r.T == "host" && r.Err != "" && hs.Blocked == "" {
		hs.Blocked, hs.Why = fetch.Kind(r.Err), r.Name
	}
	s.hosts[host] = hs
}

// FinishPortal records that a portal was completed in the current run with
// its counts (any JSON value), which a resumed run reads back with
// DoneStats.
func (s *Store) FinishPortal(code string, stats any) error {
	var raw json.RawMessage
	if stats != nil {
		b, err := json.Marshal(stats)
		if err != nil {
			return fmt.Errorf("archive: portal counts: %w", err)
		}
		raw = b
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done[code] = true
	s.doneStats[code] = raw
	return s.appendLocked(rec{T: "done", Run: s.run, Portal: code, At: time.Now().UTC(), Stats: raw})
}

// DoneStats returns the counts recorded by FinishPortal for the portals the
// current run completed, by portal.
func (s *Store) DoneStats() map[string]json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]json.RawMessage, len(s.doneStats))
	for k, v := range s.doneStats {
		out[k] = v
	}
	return out
}
