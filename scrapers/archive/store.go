package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"ogi/scrapers/fetch"
)

// URLState is what the store knows about one request key (a URL for GET).
type URLState struct {
	Key, URL     string
	ETag         string
	LastModified string
	SHA256       string
	Status       int
	Kind         string
	Portal       string
	Parent       string // for an attachment: its report page
	Gone         bool
	Archived     bool  // a payload of this key is in the archive
	Latest       Entry // the latest archived version (when Archived)
	InRun        bool  // fetched (successfully) in the current run
	// Versions counts the archived versions of key; ArchivedInRun tells
	// whether the latest was archived in the current run (a resumed crawl
	// counts it as new although this process did not fetch it).
	Versions      int
	ArchivedInRun bool
}

// Meta describes an archived response.
type Meta struct {
	Kind       string
	PortalCode string
	PortalName string
	Parent     string
	// Scope is the registry's scope hint of the portal's column
	// (department, township …; "" for the jurisdiction's own).
	Scope string
	// ListDate is the date the list printed beside a report's link (zero
	// when none).
	ListDate time.Time
}

// StoreOptions configure a Store.
type StoreOptions struct {
	// MaxFileSize rotates WARC files past this size (default 1 GiB).
	MaxFileSize int64
	// SyncEvery bounds how long written records may sit unsynced (the
	// group commit interval; default 200 ms). Every record is written with
	// plain write calls before the crawler continues, so kill -9 loses
	// nothing; this only bounds loss on power failure, which Open repairs.
	SyncEvery time.Duration
	// Software is written in the warcinfo record.
	Software string
	// OpenFile opens the journal and the WARC files for writing; nil means
	// os.OpenFile. Tests inject files whose writes or syncs fail.
	OpenFile func(name string, flag int, perm os.FileMode) (File, error)
}

// Store is the writable archive and state of one data directory. One
// process at a time may hold it (a lock file enforces that).
type Store struct {
	dir  string
	opt  StoreOptions
	mu   sync.Mutex
	jf   File
	wf   File
	wrel string // current WARC file, relative to dir
	wpos int64
	seq  int
	st   map[string]*URLState
	// byPortal indexes the keys of st by portal code.
	byPortal map[string]map[string]bool
	run      string
	done     map[string]bool // portals finished in the current run
	// doneStats holds their counts; hosts the current run's host states.
	doneStats map[string]json.RawMessage
	hosts     map[string]fetch.HostState
	// pauses holds, per host, the end of the latest pause past the wait
	// limit that it asked for (any run).
	pauses map[string]time.Time
	next   map[string]time.Time
	// resumed reports whether the run was an interrupted one carried on.
	resumed bool
	dirty   bool
	// werr is the first durability failure (ErrNotDurable); once set every
	// write fails with it.
	werr error
	stop chan struct{}
	wg   sync.WaitGroup
	lock *os.File
}

// Open opens (creating) the archive and state under dataDir, repairing
// what an abrupt stop left behind.
func Open(dataDir string, opt StoreOptions) (*Store, error) {
	if opt.MaxFileSize == 0 {
		opt.MaxFileSize = 1 << 30
	}
	if opt.SyncEvery == 0 {
		opt.SyncEvery = 200 * time.Millisecond
	}
	if opt.Software == "" {
		opt.Software = "ogi crawl"
	}
	for _, d := range []string{archiveDir, stateDir} {
		if err := os.MkdirAll(filepath.Join(dataDir, d), 0o755); err != nil {
			return nil, fmt.Errorf("archive: %w", err)
		}
	}
	lock, err := lockDir(filepath.Join(dataDir, stateDir, "lock"))
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dataDir, opt: opt, st: map[string]*URLState{}, byPortal: map[string]map[string]bool{}, done: map[string]bool{}, doneStats: map[string]json.RawMessage{}, hosts: map[string]fetch.HostState{}, pauses: map[string]time.Time{}, next: map[string]time.Time{}, stop: make(chan struct{}), lock: lock}
	if err := s.recover(); err != nil {
		unlockDir(lock)
		return nil, err
	}
	s.wg.Add(1)
	go s.syncLoop()
	return s, nil
}

func (s *Store) journalPath() string { return filepath.Join(s.dir, stateDir, journalName) }

// recover reads the journal, cuts torn tails and rebuilds the state.
func (s *Store) recover() error {
	recs, good, err := readJournal(s.journalPath())
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	if st, err := os.Stat(s.journalPath()); err == nil && st.Size() > good {
		if err := os.Truncate(s.journalPath(), good); err != nil {
			return fmt.Errorf("archive: truncate torn journal: %w", err)
		}
	}
	valid := validRecs(s.dir, recs)
	if len(valid) != len(recs) {
		// Lines pointing past the end of their WARC file (lost on power
		// failure): rewrite the journal without them.
		if err := writeJournal(s.journalPath(), valid); err != nil {
			return err
		}
	}
	// Truncate every WARC file after its last journalled record and delete
	// files the journal never mentions (created just before a crash).
	ends := map[string]int64{}
	for _, r := range valid {
		if (r.T == "resp" || r.T == "revisit" || r.T == "warc") && r.End > ends[r.WARC] {
			ends[r.WARC] = r.End
		}
	}
	files, _ := filepath.Glob(filepath.Join(s.dir, archiveDir, "*.warc.gz"))
	for _, f := range files {
		rel, _ := filepath.Rel(s.dir, f)
		end, ok := ends[rel]
		if !ok {
			if err := os.Remove(f); err != nil {
				return fmt.Errorf("archive: remove unjournalled %s: %w", rel, err)
			}
			continue
		}
		if st, err := os.Stat(f); err == nil && st.Size() > end {
			if err := os.Truncate(f, end); err != nil {
				return fmt.Errorf("archive: truncate %s: %w", rel, err)
			}
		}
	}
	var lastRun string
	ended := map[string]bool{}
	for _, r := range valid {
		s.apply(r)
		if r.T == "run" {
			if r.Err == "end" {
				ended[r.Run] = true
			} else {
				lastRun = r.Run
			}
		}
	}
	jf, err := s.openFile(s.journalPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("archive: open journal: %w", err)
	}
	s.jf = jf
	if lastRun != "" && !ended[lastRun] {
		s.run, s.resumed = lastRun, true
		for _, r := range valid {
			if r.Run == lastRun && r.T == "done" {
				s.done[r.Portal] = true
				s.doneStats[r.Portal] = r.Stats
			}
			switch r.T {
			case "host":
				s.foldHost(r.Key, r)
			case "fetch":
				s.foldHost(hostOf(r.URL), r)
			}
			if r.Run == lastRun && r.T == "fetch" && r.Err == "" {
				if u := s.st[r.Key]; u != nil {
					u.InRun = true
				}
			}
			if r.Run == lastRun && r.T == "resp" {
				if u := s.st[r.Key]; u != nil && u.Latest.RecordID == r.ID {
					u.ArchivedInRun = true
				}
			}
		}
	}
	return nil
}

func (s *Store) state(key string) *URLState {
	u := s.st[key]
	if u == nil {
		u = &URLState{Key: key}
		s.st[key] = u
	}
	return u
}

// apply folds one journal record into the in-memory state.
func (s *Store) apply(r rec) {
	switch r.T {
	case "resp":
		u := s.state(r.Key)
		u.URL, u.Kind, u.Portal, u.Parent = r.URL, r.Kind, r.Portal, r.Parent
		if r.Portal != "" {
			m := s.byPortal[r.Portal]
			if m == nil {
				m = map[string]bool{}
				s.byPortal[r.Portal] = m
			}
			m[r.Key] = true
		}
		u.ETag, u.LastModified, u.SHA256, u.Status = r.ETag, r.LM, r.SHA, r.Status
		u.Archived, u.Latest, u.Gone = true, entryOf(r, false), false
		u.Versions++
		u.ArchivedInRun = r.Run != "" && r.Run == s.run
	case "fetch":
		u := s.state(r.Key)
		if u.URL == "" {
			u.URL = r.URL
		}
		if r.Err == "" && r.Status != 0 && r.Status != 304 {
			u.Status = r.Status
		}
		if r.Kind != "" {
			u.Kind = r.Kind
		}
		if r.Portal != "" {
			u.Portal = r.Portal
		}
		if r.Run != "" && r.Run == s.run && r.Err == "" {
			u.InRun = true
		}
		if h := hostOf(r.URL); h != "" && r.Next.After(s.next[h]) {
			s.next[h] = r.Next
		}
		s.foldHost(hostOf(r.URL), r)
	case "host":
		if r.Until.IsZero() && r.Next.After(s.next[r.Key]) {
			s.next[r.Key] = r.Next // a wait (short Retry-After)
		}
		if r.Until.After(s.pauses[r.Key]) {
			s.pauses[r.Key] = r.Until // a pause past the wait limit
		}
		s.foldHost(r.Key, r)
	case "gone":
		s.state(r.Key).Gone = true
	}
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// BeginRun starts a crawl run, or carries on the interrupted one. It
// returns the run id and whether it was resumed.
func (s *Store) BeginRun(now time.Time) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.run != "" {
		return s.run, s.resumed, nil
	}
	s.run = now.UTC().Format("20060102T150405.000000000Z")
	for _, u := range s.st {
		u.InRun, u.ArchivedInRun = false, false
	}
	return s.run, false, s.appendLocked(rec{T: "run", Run: s.run, At: now.UTC()})
}

// EndRun marks the current run complete.
func (s *Store) EndRun(now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.run == "" {
		return nil
	}
	err := s.appendLocked(rec{T: "run", Run: s.run, At: now.UTC(), Err: "end"})
	s.run, s.resumed = "", false
	s.done, s.doneStats, s.hosts = map[string]bool{}, map[string]json.RawMessage{}, map[string]fetch.HostState{}
	return err
}

// PortalDone records that a portal was completed in the current run.
func (s *Store) PortalDone(code string) error { return s.FinishPortal(code, nil) }

// IsPortalDone reports whether the current (resumed) run already completed
// the portal.
func (s *Store) IsPortalDone(code string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done[code]
}

// HostNotBefore returns, per host, the earliest polite time for the next
// request as recorded by earlier processes.
func (s *Store) HostNotBefore() map[string]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]time.Time, len(s.next))
	for h, t := range s.next {
		out[h] = t
	}
	return out
}

// State returns a copy of the state of key.
func (s *Store) State(key string) (URLState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st[key]
	if !ok {
		return URLState{}, false
	}
	return *u, true
}

// PortalStates returns the states of one portal's archived keys of the
// given kind, sorted by key.
func (s *Store) PortalStates(code, kind string) []URLState {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []URLState
	for k := range s.byPortal[code] {
		u := s.st[k]
		if u.Portal == code && u.Kind == kind && u.Archived {
			out = append(out, *u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// LogFetch journals one request's outcome; next is the host's earliest
// polite time for another request.
func (s *Store) LogFetch(key string, f Fetch, kind, portal string, next time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := rec{T: "fetch", Run: s.run, Key: key, URL: f.URL, Status: f.Status, Bytes: f.Bytes, At: f.FetchedAt.UTC(),
		ETag: f.ETag, LM: f.LastModified, SHA: f.SHA256, Err: f.Error, Kind: kind, Portal: portal, Next: next.UTC()}
	s.apply(r)
	return s.appendLocked(r)
}

// MarkGone records that key vanished from its portal (its copies stay).
func (s *Store) MarkGone(key string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st[key]
	if u == nil || u.Gone {
		return nil
	}
	r := rec{T: "gone", Run: s.run, Key: key, URL: u.URL, Portal: u.Portal, At: at.UTC()}
	s.apply(r)
	return s.appendLocked(r)
}

// Payload returns the latest archived payload of key.
func (s *Store) Payload(key string) ([]byte, error) {
	u, ok := s.State(key)
	if !ok || !u.Archived {
		return nil, fmt.Errorf("archive: %s not archived", key)
	}
	return ReadPayload(s.dir, u.Latest)
}

// Close syncs everything and compacts the journal (dropping the markers of
// finished runs; every archived version and fetch line is kept).
func (s *Store) Close() error {
	close(s.stop)
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.syncLocked()
	if s.wf != nil {
		if cerr := s.wf.Close(); cerr != nil {
			err = errors.Join(err, s.failLocked("close "+s.wrel, cerr))
		}
	}
	if cerr := s.jf.Close(); cerr != nil {
		err = errors.Join(err, s.failLocked("close journal", cerr))
	}
	if s.werr != nil && !errors.Is(err, ErrNotDurable) {
		err = errors.Join(err, s.werr) // a background fsync failed earlier
	}
	if err == nil && s.run == "" {
		err = s.compact()
	}
	unlockDir(s.lock)
	if err != nil {
		return fmt.Errorf("archive: close: %w", err)
	}
	return nil
}

func (s *Store) compact() error {
	recs, _, err := readJournal(s.journalPath())
	if err != nil {
		return err
	}
	now := time.Now()
	kept := recs[:0]
	for _, r := range recs {
		if r.T == "run" || r.T == "done" {
			continue // markers of finished runs
		}
		if r.T == "host" && !r.Next.After(now) && !r.Until.After(now) {
			continue // a pause that is over
		}
		kept = append(kept, r)
	}
	return writeJournal(s.journalPath(), kept)
}

// writeJournal atomically replaces the journal with recs.
func writeJournal(path string, recs []rec) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("archive: compact journal: %w", err)
	}
	w := bufioWriter(f)
	enc := json.NewEncoder(w)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			f.Close()
			return fmt.Errorf("archive: compact journal: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("archive: compact journal: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("archive: compact journal: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("archive: compact journal: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("archive: compact journal: %w", err)
	}
	return nil
}

// lockDir takes an exclusive lock file holding our pid; a stale lock (its
// process gone) is taken over.
func lockDir(path string) (*os.File, error) {
	for i := 0; i < 2; i++ {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprintf(f, "%d\n", os.Getpid())
			return f, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("archive: lock: %w", err)
		}
		b, _ := os.ReadFile(path)
		pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		if pid > 0 && pid != os.Getpid() && processAlive(pid) {
			return nil, fmt.Errorf("archive: data directory in use by process %d (%s)", pid, path)
		}
		_ = os.Remove(path)
	}
	return nil, fmt.Errorf("archive: cannot lock %s", path)
}

func unlockDir(f *os.File) {
	if f == nil {
		return
	}
	name := f.Name()
	f.Close()
	_ = os.Remove(name)
}
