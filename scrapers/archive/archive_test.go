package archive

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"ogi/scrapers/fetch"
)

func resp(u, body string) *fetch.Response {
	h := http.Header{}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("ETag", `"e1"`)
	return &fetch.Response{URL: u, FinalURL: u, Status: 200, Proto: "HTTP/1.1", Header: h, Body: []byte(body), WireBody: []byte(body),
		RawRequest: []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), FetchedAt: time.Now().UTC()}
}

// beginRun opens the store of dir and begins a crawl run.
func beginRun(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir, StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.BeginRun(time.Now()); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestWARCValidAndTornTail: records written by the Store pass gowarc's
// strict validation (digests, lengths), unchanged payloads are not written
// twice, and a torn tail after the last journalled record is cut on Open.
func TestWARCValidAndTornTail(t *testing.T) {
	dir := t.TempDir()
	s := beginRun(t, dir)
	e1, changed, err := s.Archive("http://a/1", resp("http://a/1", "<p>2023年度报告</p>"), Meta{Kind: KindReport, PortalCode: "1"})
	if err != nil || !changed {
		t.Fatal(err, changed)
	}
	if _, changed, err := s.Archive("http://a/1", resp("http://a/1", "<p>2023年度报告</p>"), Meta{Kind: KindReport, PortalCode: "1"}); changed || err != nil {
		t.Errorf("unchanged payload archived again (%v)", err)
	}
	if st, _ := s.State("http://a/1"); st.Latest.RecordID != e1.RecordID {
		t.Error("a revisit replaced the latest version")
	}
	if _, changed, _ := s.Archive("http://a/1", resp("http://a/1", "<p>2023年度报告（修订）</p>"), Meta{Kind: KindReport, PortalCode: "1"}); !changed {
		t.Error("changed payload not archived")
	}
	if err := s.EndRun(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, e1.WARCFile)
	st, _ := os.Stat(path)
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.Write([]byte("\x1f\x8b\x08garbage"))
	f.Close()
	s, err = Open(dir, StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if st2, _ := os.Stat(path); st2.Size() != st.Size() {
		t.Errorf("torn tail not cut: %d → %d", st.Size(), st2.Size())
	}
	r, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	types := ""
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatalf("strict read: %v", err)
		}
		if len(rec.Validation) > 0 {
			t.Errorf("validation: %v", rec.Validation)
		}
		types += rec.WarcRecord.Type().String() + " "
		rec.Close()
	}
	if types != "warcinfo response request revisit request response request " {
		t.Errorf("records: %s", types)
	}
	es, err := ReportEntries(context.Background(), dir)
	if err != nil || len(es) != 2 {
		t.Fatalf("entries %d %v", len(es), err)
	}
	b, err := ReadPayload(dir, es[1])
	if err != nil || string(b) != "<p>2023年度报告（修订）</p>" {
		t.Errorf("payload %q %v", b, err)
	}
}

// A malformed line in the middle of the journal is not a torn tail: Open
// and the readers refuse the archive (naming the line) instead of cutting
// the journal there and deleting the WARC files the later lines index. A
// malformed last line is a torn tail and is cut.
func TestJournalCorruptInTheMiddle(t *testing.T) {
	dir := t.TempDir()
	s := beginRun(t, dir)
	for _, u := range []string{"http://a/1", "http://a/2", "http://a/3"} {
		if _, _, err := s.Archive(u, resp(u, "<p>2023年度报告 "+u+"</p>"), Meta{Kind: KindReport, PortalCode: "1"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.EndRun(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	jpath := filepath.Join(dir, stateDir, journalName)
	orig, err := os.ReadFile(jpath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(orig), "\n")
	if len(lines) < 5 {
		t.Fatalf("journal of %d lines", len(lines))
	}
	warcs, _ := filepath.Glob(filepath.Join(dir, archiveDir, "*.warc.gz"))

	mid := slices.Clone(lines)
	mid[2] = "{\"t\":\"resp\",\x00\x00\x00\n"
	if err := os.WriteFile(jpath, []byte(strings.Join(mid, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, StoreOptions{}); !errors.Is(err, ErrJournalCorrupt) || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("Open: err = %v, want ErrJournalCorrupt naming line 3", err)
	}
	if _, err := ReportEntries(context.Background(), dir); !errors.Is(err, ErrJournalCorrupt) {
		t.Errorf("ReportEntries: err = %v, want ErrJournalCorrupt", err)
	}
	if after, _ := filepath.Glob(filepath.Join(dir, archiveDir, "*.warc.gz")); !slices.Equal(after, warcs) {
		t.Errorf("WARC files %v after the refused Open, want %v", after, warcs)
	}
	if b, _ := os.ReadFile(jpath); string(b) != strings.Join(mid, "") {
		t.Error("the refused Open changed the journal")
	}

	tail := append(slices.Clone(lines[:len(lines)-1]), "{\"t\":\"fe\x00\n")
	if err := os.WriteFile(jpath, []byte(strings.Join(tail, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, StoreOptions{})
	if err != nil {
		t.Fatalf("torn last line: %v", err)
	}
	s.Close()
	if b, _ := os.ReadFile(jpath); string(b) != string(orig) {
		t.Errorf("torn last line not cut:\n%q\nwant\n%q", b, orig)
	}
}

// A response served gzip-encoded is archived as it came over the wire and
// read back decoded, its hash that of the decoded payload.
func TestGzipPayloadReadsBackDecoded(t *testing.T) {
	dir := t.TempDir()
	s := beginRun(t, dir)
	body := []byte(strings.Repeat("<p>2023年政府信息公开工作年度报告</p>", 50))
	var wire bytes.Buffer
	zw := gzip.NewWriter(&wire)
	zw.Write(body)
	zw.Close()
	r := resp("http://a/gz", "")
	r.Header.Set("Content-Encoding", "gzip")
	r.Body, r.WireBody = body, wire.Bytes()
	e, _, err := s.Archive(r.URL, r, Meta{Kind: KindReport, PortalCode: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EndRun(time.Now()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	got, err := ReadPayload(dir, e)
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("read back %d bytes (%v), want the %d decoded bytes", len(got), err, len(body))
	}
	if e.SHA256 != SHA256(body) {
		t.Errorf("entry hash %s is not the decoded payload's", e.SHA256)
	}
}
