package archive

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"ogi/scrapers/fetch"
)

// A 304 answer is archived as a revisit record of profile server-not-modified
// that refers to the archived copy; readers still take the payload from the
// original, and the revisit is never an entry of its own.
func TestNotModifiedRevisit(t *testing.T) {
	dir := t.TempDir()
	s := beginRun(t, dir)
	first := resp("http://a/r.html", "<p>2024年度报告</p>")
	e, _, err := s.Archive("http://a/r.html", first, Meta{Kind: KindReport, PortalCode: "1"})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	h.Set("ETag", `"e1"`)
	nm := &fetch.Response{URL: "http://a/r.html", FinalURL: "http://a/r.html", Status: http.StatusNotModified, Proto: "HTTP/1.1",
		Header: h, RawRequest: []byte("GET /r.html HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"e1\"\r\n\r\n"), FetchedAt: time.Now().UTC().Add(24 * time.Hour)}
	if err := s.NotModified("http://a/r.html", nm, Meta{Kind: KindReport, PortalCode: "1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.NotModified("http://a/unknown.html", nm, Meta{Kind: KindReport}); err != nil {
		t.Fatalf("304 for a key never archived: %v", err)
	}
	if err := s.EndRun(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := gowarc.NewWarcFileReader(filepath.Join(dir, e.WARCFile), 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var profiles, refers []string
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatalf("strict read: %v", err)
		}
		if len(rec.Validation) > 0 {
			t.Errorf("validation: %v", rec.Validation)
		}
		if rec.WarcRecord.Type() == gowarc.Revisit {
			profiles = append(profiles, rec.WarcRecord.WarcHeader().Get(gowarc.WarcProfile))
			refers = append(refers, rec.WarcRecord.WarcHeader().Get(gowarc.WarcRefersTo))
		}
		rec.Close()
	}
	if len(profiles) != 1 || profiles[0] != "http://netpreserve.org/warc/1.1/revisit/server-not-modified" ||
		refers[0] != "<"+e.RecordID+">" {
		t.Errorf("revisit profiles %q refers to %q, want one server-not-modified referring to <%s>", profiles, refers, e.RecordID)
	}
	es, err := ReportEntries(context.Background(), dir)
	if err != nil || len(es) != 1 {
		t.Fatalf("entries %d, %v; want the original only", len(es), err)
	}
	if b, err := ReadPayload(dir, es[0]); err != nil || string(b) != "<p>2024年度报告</p>" {
		t.Errorf("payload %q, %v", b, err)
	}
	// Reopening keeps the revisit's bytes (journalled), so nothing is cut.
	st, _ := os.Stat(filepath.Join(dir, e.WARCFile))
	s2, err := Open(dir, StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if st2, _ := os.Stat(filepath.Join(dir, e.WARCFile)); st2.Size() != st.Size() {
		t.Errorf("reopen cut the WARC from %d to %d bytes", st.Size(), st2.Size())
	}
}

// failFS opens real files whose Sync (or Close) fails on demand, as a full
// or failing disk makes them.
type failFS struct {
	mu        sync.Mutex
	syncFail  func(name string) bool
	closeFail func(name string) bool
}

type failFile struct {
	*os.File
	fs *failFS
}

func (f failFile) Sync() error {
	f.fs.mu.Lock()
	fail := f.fs.syncFail != nil && f.fs.syncFail(f.Name())
	f.fs.mu.Unlock()
	if fail {
		return &os.PathError{Op: "sync", Path: f.Name(), Err: errors.New("input/output error")}
	}
	return f.File.Sync()
}

func (f failFile) Close() error {
	f.fs.mu.Lock()
	fail := f.fs.closeFail != nil && f.fs.closeFail(f.Name())
	f.fs.mu.Unlock()
	err := f.File.Close()
	if fail {
		return &os.PathError{Op: "close", Path: f.Name(), Err: errors.New("no space left on device")}
	}
	return err
}

func (fs *failFS) open(name string, flag int, perm os.FileMode) (File, error) {
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return failFile{f, fs}, nil
}

// A write that may not be on disk is an error, never silence: a failed
// background fsync fails the next write and Close; a WARC file rotated away
// whose fsync or close fails fails the write that rotated it.
func TestDurabilityFailuresReported(t *testing.T) {
	body := strings.Repeat("<p>2024年度报告</p>", 50)
	t.Run("background fsync", func(t *testing.T) {
		fs := &failFS{}
		s, err := Open(t.TempDir(), StoreOptions{OpenFile: fs.open, SyncEvery: 5 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.BeginRun(time.Now()); err != nil {
			t.Fatal(err)
		}
		fs.mu.Lock()
		fs.syncFail = func(string) bool { return true }
		fs.mu.Unlock()
		if _, _, err := s.Archive("http://a/1", resp("http://a/1", body), Meta{Kind: KindReport}); err != nil {
			t.Fatalf("first write: %v", err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for s.Err() == nil {
			if time.Now().After(deadline) {
				t.Fatal("the failed background fsync was never reported")
			}
			time.Sleep(5 * time.Millisecond)
		}
		if _, _, err := s.Archive("http://a/2", resp("http://a/2", body), Meta{Kind: KindReport}); !errors.Is(err, ErrNotDurable) {
			t.Errorf("write after a failed fsync: %v, want ErrNotDurable", err)
		}
		if err := s.LogFetch("http://a/3", Fetch{URL: "http://a/3"}, KindReport, "", time.Time{}); !errors.Is(err, ErrNotDurable) {
			t.Errorf("journal line after a failed fsync: %v", err)
		}
		if err := s.Close(); !errors.Is(err, ErrNotDurable) || !strings.Contains(err.Error(), "input/output error") {
			t.Errorf("Close after a failed fsync: %v", err)
		}
	})
	t.Run("rotated file", func(t *testing.T) {
		for _, failOn := range []string{"sync", "close"} {
			fs := &failFS{}
			bad := func(name string) bool { return strings.HasSuffix(name, "00001.warc.gz") }
			if failOn == "sync" {
				fs.syncFail = bad
			} else {
				fs.closeFail = bad
			}
			s, err := Open(t.TempDir(), StoreOptions{OpenFile: fs.open, MaxFileSize: 512, SyncEvery: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.BeginRun(time.Now()); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Archive("http://a/1", resp("http://a/1", body), Meta{Kind: KindReport}); err != nil {
				t.Fatal(err)
			}
			_, _, err = s.Archive("http://a/2", resp("http://a/2", body), Meta{Kind: KindReport})
			if !errors.Is(err, ErrNotDurable) || !strings.Contains(err.Error(), failOn) {
				t.Errorf("%s of the rotated WARC failed, but the write that rotated it said %v", failOn, err)
			}
			if err := s.Close(); !errors.Is(err, ErrNotDurable) {
				t.Errorf("Close: %v", err)
			}
		}
	})
	t.Run("journal close", func(t *testing.T) {
		fs := &failFS{closeFail: func(name string) bool { return strings.HasSuffix(name, journalName) }}
		s, err := Open(t.TempDir(), StoreOptions{OpenFile: fs.open})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); !errors.Is(err, ErrNotDurable) || !strings.Contains(err.Error(), "no space left") {
			t.Errorf("Close with a failing journal close: %v", err)
		}
	})
}

// Host states journalled by a process (a Retry-After pause, a host stopped
// for the run) come back to the process that resumes the run, with the
// spacing of its last requests; a finished run forgets them.
func TestRunHostsSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	s := beginRun(t, dir)
	now := time.Now().UTC().Truncate(time.Millisecond)
	if err := s.LogFetch("http://h.gov.cn/a", Fetch{URL: "http://h.gov.cn/a", Status: 200, FetchedAt: now}, KindList, "1", now.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := s.LogHost(fetch.HostState{Host: "h.gov.cn", NotBefore: now.Add(time.Minute), Delay: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if err := s.LogHost(fetch.HostState{Host: "g.gov.cn:8080", PausedUntil: now.Add(time.Hour), Blocked: fetch.KindJSChallenge, Why: "3 challenges"}); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishPortal("1", map[string]int{"reports": 4}); err != nil {
		t.Fatal(err)
	}
	// No Close: a killed process. Reopen as the next process.
	s.jf.Sync()
	s2, err := Open(dir, StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, resumed, _ := s2.BeginRun(time.Now()); !resumed {
		t.Fatal("run not resumed")
	}
	hs := s2.RunHosts()
	h, g := hs["h.gov.cn"], hs["g.gov.cn:8080"]
	if !h.NotBefore.Equal(now.Add(time.Minute)) || h.Delay != 2*time.Second {
		t.Errorf("h.gov.cn: %+v", h)
	}
	if !g.PausedUntil.Equal(now.Add(time.Hour)) || g.Blocked != fetch.KindJSChallenge || g.Why != "3 challenges" {
		t.Errorf("g.gov.cn: %+v", g)
	}
	if st := s2.DoneStats(); string(st["1"]) != `{"reports":4}` || !s2.IsPortalDone("1") {
		t.Errorf("done stats %q", st)
	}
	if err := s2.EndRun(time.Now()); err != nil {
		t.Fatal(err)
	}
	if len(s2.RunHosts()) != 0 {
		t.Error("host states kept after the run ended")
	}
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	s3, err := Open(dir, StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	if _, resumed, _ := s3.BeginRun(time.Now()); resumed || len(s3.RunHosts()) != 0 {
		t.Errorf("a new run after a finished one: resumed %v, hosts %v", resumed, s3.RunHosts())
	}
	// The spacing of the earlier runs still applies.
	if nb := s3.HostNotBefore()["h.gov.cn"]; !nb.Equal(now.Add(time.Minute)) {
		t.Errorf("HostNotBefore %v", nb)
	}
}
