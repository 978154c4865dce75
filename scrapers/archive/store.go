package archive

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nlnwa/gowarc/v3"

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
}

// Store is the writable archive and state of one data directory. One
// process at a time may hold it (a lock file enforces that).
type Store struct {
	dir  string
	opt  StoreOptions
	mu   sync.Mutex
	jf   *os.File
	wf   *os.File
	wrel string // current WARC file, relative to dir
	wpos int64
	seq  int
	st   map[string]*URLState
	// byPortal indexes the keys of st by portal code.
	byPortal map[string]map[string]bool
	run      string
	done     map[string]bool // portals finished in the current run
	next     map[string]time.Time
	// resumed reports whether the run was an interrupted one carried on.
	resumed bool
	dirty   bool
	stop    chan struct{}
	wg      sync.WaitGroup
	lock    *os.File
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
	s := &Store{dir: dataDir, opt: opt, st: map[string]*URLState{}, byPortal: map[string]map[string]bool{}, done: map[string]bool{}, next: map[string]time.Time{}, stop: make(chan struct{}), lock: lock}
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
	jf, err := os.OpenFile(s.journalPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("archive: open journal: %w", err)
	}
	s.jf = jf
	if lastRun != "" && !ended[lastRun] {
		s.run, s.resumed = lastRun, true
		for _, r := range valid {
			if r.Run == lastRun && r.T == "done" {
				s.done[r.Portal] = true
			}
			if r.Run == lastRun && r.T == "fetch" && r.Err == "" {
				if u := s.st[r.Key]; u != nil {
					u.InRun = true
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
		u.InRun = false
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
	s.done = map[string]bool{}
	return err
}

// PortalDone records that a portal was completed in the current run.
func (s *Store) PortalDone(code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done[code] = true
	return s.appendLocked(rec{T: "done", Run: s.run, Portal: code, At: time.Now().UTC()})
}

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

// Archive writes resp as a WARC response record plus its request record and
// journals it. If the payload equals the latest archived version of key,
// nothing is written and changed is false.
func (s *Store) Archive(key string, resp *fetch.Response, m Meta) (e Entry, changed bool, err error) {
	digest := sha(resp.Body)
	s.mu.Lock()
	var ref *gowarc.RevisitRef
	var latest Entry
	if u := s.st[key]; u != nil && u.Archived && u.SHA256 == digest && !u.Gone {
		u.ETag, u.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		latest = u.Latest
		if m.Kind == KindRobots || m.Kind == KindRedirect || latest.RecordID == "" {
			s.mu.Unlock()
			return latest, false, nil
		}
		// Transferred again but identical: a revisit record (headers only)
		// notes the visit and points at the copy we hold.
		ref = &gowarc.RevisitRef{Profile: gowarc.ProfileIdenticalPayloadDigestV1_1, TargetRecordId: latest.RecordID,
			TargetUri: latest.FinalURL, TargetDate: latest.FetchedAt.UTC().Format(time.RFC3339)}
	}
	if err := s.ensureFileLocked(resp.FetchedAt); err != nil {
		s.mu.Unlock()
		return Entry{}, false, err
	}
	wrel := s.wrel
	s.mu.Unlock()
	// Build and compress outside the lock; only the append is serialised.
	target := resp.FinalURL
	respRec, err := buildRecord(gowarc.Response, target, resp.FetchedAt, "application/http;msgtype=response",
		append(resp.RawHeader(), resp.WireBody...), "", wrel)
	if err != nil {
		return Entry{}, false, err
	}
	if ref != nil {
		rv, err := respRec.ToRevisitRecord(ref)
		_ = respRec.Close()
		if err != nil {
			return Entry{}, false, fmt.Errorf("archive: revisit record for %s: %w", target, err)
		}
		respRec = rv
	}
	id := respRec.RecordId()
	reqRec, err := buildRecord(gowarc.Request, target, resp.FetchedAt, "application/http;msgtype=request",
		resp.RawRequest, id, wrel)
	if err != nil {
		return Entry{}, false, err
	}
	var buf bytes.Buffer
	for _, r := range []gowarc.WarcRecord{respRec, reqRec} {
		if err := gzipRecord(&buf, r); err != nil {
			return Entry{}, false, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.ensureFileLocked(resp.FetchedAt); err != nil {
		return Entry{}, false, err
	}
	off := s.wpos
	if _, err := s.wf.Write(buf.Bytes()); err != nil {
		return Entry{}, false, fmt.Errorf("archive: write %s: %w", s.wrel, err)
	}
	s.wpos += int64(buf.Len())
	r := rec{T: "resp", Run: s.run, Key: key, URL: resp.URL, FinalURL: resp.FinalURL, At: resp.FetchedAt.UTC(),
		Status: resp.Status, CT: resp.ContentType(), ETag: resp.Header.Get("ETag"), LM: resp.Header.Get("Last-Modified"),
		SHA: digest, Bytes: int64(len(resp.Body)), WARC: s.wrel, Off: off, End: s.wpos, ID: id,
		Portal: m.PortalCode, Name: m.PortalName, Kind: m.Kind, Parent: m.Parent, Scope: m.Scope}
	if ref != nil {
		// Journalled for recovery (it occupies WARC bytes), never an entry.
		r.T = "revisit"
		if err := s.appendLocked(r); err != nil {
			return Entry{}, false, err
		}
		return latest, false, nil
	}
	s.apply(r)
	if err := s.appendLocked(r); err != nil {
		return Entry{}, false, err
	}
	return entryOf(r, false), true, nil
}

// Payload returns the latest archived payload of key.
func (s *Store) Payload(key string) ([]byte, error) {
	u, ok := s.State(key)
	if !ok || !u.Archived {
		return nil, fmt.Errorf("archive: %s not archived", key)
	}
	return ReadPayload(s.dir, u.Latest)
}

// gowarcMu serialises the gowarc constructors: each one calls
// uuid.EnableRandPool, which writes a package variable of
// github.com/google/uuid without synchronisation (a data race when records
// are built or read from several goroutines).
var gowarcMu sync.Mutex

func newBuilder(t gowarc.RecordType) gowarc.WarcRecordBuilder {
	gowarcMu.Lock()
	defer gowarcMu.Unlock()
	return gowarc.NewRecordBuilder(t, gowarc.WithFixContentLength(true), gowarc.WithFixDigest(true), gowarc.WithAddMissingDigest(true), gowarc.WithRecordIdFunc(recordID))
}

// recordID returns a random (version 4) UUID URN for WARC-Record-ID. It is
// ours rather than gowarc's default, which reads the uuid package's global
// pool setting that the constructors write.
func recordID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("record id: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return "urn:uuid:" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

// gzips holds reusable gzip writers: a flate compressor costs ~1 MB to
// set up, more than most pages.
var gzips = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

// gzipRecord appends r to buf as one gzip member (one record per member, as
// WARC tools expect for random access by offset).
func gzipRecord(buf *bytes.Buffer, r gowarc.WarcRecord) error {
	defer r.Close()
	zw := gzips.Get().(*gzip.Writer)
	defer gzips.Put(zw)
	zw.Reset(buf)
	if _, _, err := gowarc.NewMarshaler().Marshal(zw, r, 0); err != nil {
		return fmt.Errorf("archive: marshal record: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("archive: gzip record: %w", err)
	}
	return nil
}

func buildRecord(t gowarc.RecordType, target string, at time.Time, ct string, block []byte, concurrentTo, file string) (gowarc.WarcRecord, error) {
	b := newBuilder(t)
	if _, err := b.Write(block); err != nil {
		return nil, fmt.Errorf("archive: build record: %w", err)
	}
	b.AddWarcHeader(gowarc.WarcTargetURI, target)
	b.AddWarcHeaderTime(gowarc.WarcDate, at)
	b.AddWarcHeader(gowarc.ContentType, ct)
	if concurrentTo != "" {
		b.AddWarcHeader(gowarc.WarcConcurrentTo, "<"+concurrentTo+">")
	}
	rec, _, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("archive: build record for %s: %w", target, err)
	}
	return rec, nil
}

// ensureFileLocked opens a new WARC file for this process, or rotates.
func (s *Store) ensureFileLocked(now time.Time) error {
	if s.wf != nil && s.wpos < s.opt.MaxFileSize {
		return nil
	}
	if s.wf != nil {
		_ = s.wf.Sync()
		_ = s.wf.Close()
		s.wf = nil
	}
	// The name carries the second, the process and a sequence number; two
	// stores of one process in the same second (a crawl re-run at once, as
	// tests and the demo do) take the next free sequence number.
	var (
		name, rel string
		f         *os.File
		err       error
	)
	for tries := 0; ; tries++ {
		s.seq++
		name = fmt.Sprintf("ogi-%s-%d-%05d.warc.gz", now.UTC().Format("20060102150405"), os.Getpid(), s.seq)
		rel = filepath.Join(archiveDir, name)
		f, err = os.OpenFile(filepath.Join(s.dir, rel), os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o644)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || tries >= 1000 {
			return fmt.Errorf("archive: create WARC: %w", err)
		}
	}
	b := newBuilder(gowarc.Warcinfo)
	b.AddWarcHeaderTime(gowarc.WarcDate, now)
	b.AddWarcHeader(gowarc.WarcFilename, name)
	b.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	_, _ = b.WriteString("software: " + s.opt.Software + "\r\nformat: WARC File Format 1.1\r\nconformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n")
	info, _, err := b.Build()
	if err != nil {
		f.Close()
		return fmt.Errorf("archive: warcinfo: %w", err)
	}
	var buf bytes.Buffer
	if err := gzipRecord(&buf, info); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("archive: warcinfo: %w", err)
	}
	s.wf, s.wrel, s.wpos = f, rel, int64(buf.Len())
	return s.appendLocked(rec{T: "warc", WARC: rel, End: s.wpos, At: now.UTC()})
}

func (s *Store) appendLocked(r rec) error {
	line, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("archive: journal: %w", err)
	}
	line = append(line, '\n')
	if _, err := s.jf.Write(line); err != nil {
		return fmt.Errorf("archive: journal: %w", err)
	}
	s.dirty = true
	return nil
}

func (s *Store) syncLoop() {
	defer s.wg.Done()
	t := time.NewTicker(s.opt.SyncEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			// fsync outside the store lock: writers go on appending while
			// the disk catches up (group commit).
			s.mu.Lock()
			dirty := s.dirty
			s.dirty = false
			wf, jf := s.wf, s.jf
			s.mu.Unlock()
			if dirty {
				if wf != nil {
					_ = wf.Sync() // a file rotated away meanwhile was synced on close
				}
				_ = jf.Sync()
			}
		}
	}
}

func (s *Store) syncLocked() error {
	var errs []error
	if s.wf != nil {
		errs = append(errs, s.wf.Sync())
	}
	errs = append(errs, s.jf.Sync())
	s.dirty = false
	return errors.Join(errs...)
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
		err = errors.Join(err, s.wf.Close())
	}
	err = errors.Join(err, s.jf.Close())
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
	kept := recs[:0]
	for _, r := range recs {
		if r.T == "run" || r.T == "done" {
			continue
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
