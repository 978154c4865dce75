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
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"ogi/scrapers/fetch"
)

// File is what the store writes to: the journal and the WARC files.
// *os.File implements it.
type File interface {
	io.Writer
	Sync() error
	Close() error
}

// ErrNotDurable is wrapped by the errors of a store whose writes may not be
// on disk: an fsync or a close of the journal or of a WARC file failed.
// Linux may drop the unsynced pages after a failed fsync, so a later
// successful one proves nothing: once it happened every later write and
// Close fail with it too, and the crawl stops rather than journal records
// that point at lost bytes.
var ErrNotDurable = errors.New("archive: written data may not be on disk")

func (s *Store) openFile(name string, flag int, perm os.FileMode) (File, error) {
	if s.opt.OpenFile != nil {
		return s.opt.OpenFile(name, flag, perm)
	}
	return os.OpenFile(name, flag, perm)
}

// failLocked records the first durability failure; s.mu is held.
func (s *Store) failLocked(what string, err error) error {
	if s.werr == nil {
		s.werr = fmt.Errorf("%w: %s: %w", ErrNotDurable, what, err)
	}
	return s.werr
}

// Err returns the store's durability failure, if any (see ErrNotDurable).
func (s *Store) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.werr
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
	buf, id, err := exchangeRecords(resp, resp.WireBody, ref, wrel)
	if err != nil {
		return Entry{}, false, err
	}
	r := rec{T: "resp", Key: key, URL: resp.URL, FinalURL: resp.FinalURL, At: resp.FetchedAt.UTC(),
		Status: resp.Status, CT: resp.ContentType(), ETag: resp.Header.Get("ETag"), LM: resp.Header.Get("Last-Modified"),
		SHA: digest, Bytes: int64(len(resp.Body)), ID: id,
		Portal: m.PortalCode, Name: m.PortalName, Kind: m.Kind, Parent: m.Parent, Scope: m.Scope}
	if !m.ListDate.IsZero() {
		r.ListDate = m.ListDate.Format(time.DateOnly)
	}
	if ref != nil {
		// Journalled for recovery (it occupies WARC bytes), never an entry.
		r.T = "revisit"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writeLocked(buf, &r, resp.FetchedAt); err != nil {
		return Entry{}, false, err
	}
	if ref != nil {
		return latest, false, nil
	}
	s.apply(r)
	return entryOf(r, false), true, nil
}

// NotModified notes a 304 answer to a conditional request for key with a
// WARC revisit record of profile server-not-modified (the 304's headers,
// referring to the archived copy), so the archive shows the page was still
// there that night. Readers keep taking the payload from the original
// record. Without an archived copy of key it does nothing.
func (s *Store) NotModified(key string, resp *fetch.Response, m Meta) error {
	s.mu.Lock()
	u := s.st[key]
	if u == nil || !u.Archived || u.Latest.RecordID == "" {
		s.mu.Unlock()
		return nil
	}
	latest := u.Latest
	if err := s.ensureFileLocked(resp.FetchedAt); err != nil {
		s.mu.Unlock()
		return err
	}
	wrel := s.wrel
	s.mu.Unlock()
	ref := &gowarc.RevisitRef{Profile: gowarc.ProfileServerNotModifiedV1_1, TargetRecordId: latest.RecordID,
		TargetUri: latest.FinalURL, TargetDate: latest.FetchedAt.UTC().Format(time.RFC3339)}
	buf, id, err := exchangeRecords(resp, nil, ref, wrel)
	if err != nil {
		return err
	}
	r := rec{T: "revisit", Key: key, URL: resp.URL, FinalURL: resp.FinalURL, At: resp.FetchedAt.UTC(), Status: resp.Status,
		ETag: resp.Header.Get("ETag"), LM: resp.Header.Get("Last-Modified"), SHA: latest.SHA256, ID: id,
		Portal: m.PortalCode, Kind: m.Kind, Parent: m.Parent}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeLocked(buf, &r, resp.FetchedAt)
}

// exchangeRecords builds the gzip members of a response (or, with ref, a
// revisit) record of resp with the given body and of its request record.
// It runs outside the store lock; only the append is serialised.
func exchangeRecords(resp *fetch.Response, body []byte, ref *gowarc.RevisitRef, wrel string) (*bytes.Buffer, string, error) {
	target := resp.FinalURL
	respRec, err := buildRecord(gowarc.Response, target, resp.FetchedAt, "application/http;msgtype=response",
		append(resp.RawHeader(), body...), "", wrel)
	if err != nil {
		return nil, "", err
	}
	if ref != nil {
		rv, err := respRec.ToRevisitRecord(ref)
		_ = respRec.Close()
		if err != nil {
			return nil, "", fmt.Errorf("archive: revisit record for %s: %w", target, err)
		}
		respRec = rv
	}
	id := respRec.RecordId()
	reqRec, err := buildRecord(gowarc.Request, target, resp.FetchedAt, "application/http;msgtype=request",
		resp.RawRequest, id, wrel)
	if err != nil {
		_ = respRec.Close()
		return nil, "", err
	}
	var buf bytes.Buffer
	for _, r := range []gowarc.WarcRecord{respRec, reqRec} {
		if err := gzipRecord(&buf, r); err != nil {
			return nil, "", err
		}
	}
	return &buf, id, nil
}

// writeLocked appends buf to the current WARC file and journals r with its
// place; s.mu is held.
func (s *Store) writeLocked(buf *bytes.Buffer, r *rec, at time.Time) error {
	if s.werr != nil {
		return s.werr
	}
	if err := s.ensureFileLocked(at); err != nil {
		return err
	}
	off := s.wpos
	if _, err := s.wf.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("archive: write %s: %w", s.wrel, err)
	}
	s.wpos += int64(buf.Len())
	r.Run, r.WARC, r.Off, r.End = s.run, s.wrel, off, s.wpos
	return s.appendLocked(*r)
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

// ensureFileLocked opens a new WARC file for this process, or rotates. The
// file rotated away is synced and closed first; a failure there means its
// records may not be on disk (ErrNotDurable).
func (s *Store) ensureFileLocked(now time.Time) error {
	if s.werr != nil {
		return s.werr
	}
	if s.wf != nil && s.wpos < s.opt.MaxFileSize {
		return nil
	}
	if s.wf != nil {
		old, rel := s.wf, s.wrel
		s.wf = nil
		if err := old.Sync(); err != nil {
			old.Close()
			return s.failLocked("sync "+rel, err)
		}
		if err := old.Close(); err != nil {
			return s.failLocked("close "+rel, err)
		}
	}
	// The name carries the second, the process and a sequence number; two
	// stores of one process in the same second (a crawl re-run at once, as
	// tests and the demo do) take the next free sequence number.
	var (
		name, rel string
		f         File
		err       error
	)
	for tries := 0; ; tries++ {
		s.seq++
		name = fmt.Sprintf("ogi-%s-%d-%05d.warc.gz", now.UTC().Format("20060102150405"), os.Getpid(), s.seq)
		rel = filepath.Join(archiveDir, name)
		f, err = s.openFile(filepath.Join(s.dir, rel), os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o644)
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
	if s.werr != nil {
		return s.werr
	}
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
			wf, wrel, jf := s.wf, s.wrel, s.jf
			s.mu.Unlock()
			if !dirty {
				continue
			}
			var err error
			what := ""
			if wf != nil {
				// A file rotated away meanwhile was synced before its close;
				// syncing it here again fails with "file already closed",
				// which is no loss.
				if err = wf.Sync(); err != nil && !errors.Is(err, os.ErrClosed) {
					what = "sync " + wrel
				} else {
					err = nil
				}
			}
			if err == nil {
				if err = jf.Sync(); err != nil {
					what = "sync journal"
				}
			}
			if err != nil {
				s.mu.Lock()
				s.failLocked(what, err)
				s.mu.Unlock()
			}
		}
	}
}

func (s *Store) syncLocked() error {
	var errs []error
	if s.wf != nil {
		if err := s.wf.Sync(); err != nil {
			errs = append(errs, s.failLocked("sync "+s.wrel, err))
		}
	}
	if err := s.jf.Sync(); err != nil {
		errs = append(errs, s.failLocked("sync journal", err))
	}
	s.dirty = false
	return errors.Join(errs...)
}
