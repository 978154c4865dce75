package archive

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
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

// TestWARCValidAndTornTail: records written by the Store pass gowarc's
// strict validation (digests, lengths), unchanged payloads are not written
// twice, and a torn tail after the last journalled record is cut on Open.
func TestWARCValidAndTornTail(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.BeginRun(time.Now()); err != nil {
		t.Fatal(err)
	}
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
