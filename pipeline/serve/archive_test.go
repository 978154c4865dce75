package serve

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"ogi/scrapers/archive"
	"ogi/scrapers/fetch"
)

// archiveOne archives one report page into the crawl archive of dir, in a
// run of its own, and returns its payload hash.
func archiveOne(t *testing.T, dir, url, body string) string {
	t.Helper()
	s, err := archive.Open(dir, archive.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.BeginRun(time.Now()); err != nil {
		t.Fatal(err)
	}
	h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	resp := &fetch.Response{URL: url, FinalURL: url, Status: 200, Proto: "HTTP/1.1", Header: h, Body: []byte(body),
		WireBody: []byte(body), RawRequest: []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), FetchedAt: time.Now().UTC()}
	e, _, err := s.Archive(url, resp, archive.Meta{Kind: archive.KindReport, PortalCode: "370685"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EndRun(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return e.SHA256
}

// The dashboard finds the copies of a crawl made after it read the
// archive: a missing version re-reads it, at most once per archiveRefresh.
func TestArchiveIndexSeesALaterCrawl(t *testing.T) {
	dir := t.TempDir()
	u1, u2 := "http://www.zhaoyuan.gov.cn/art/1.html", "http://www.zhaoyuan.gov.cn/art/2.html"
	sha1 := archiveOne(t, dir, u1, "<p>2022年度报告</p>")
	idx := &archiveIndex{dataDir: dir}
	req := httptest.NewRequest(http.MethodGet, "/archive/x", nil)
	if _, ok, err := idx.lookup(req, u1, sha1); !ok || err != nil {
		t.Fatalf("first crawl's copy: %v %v", ok, err)
	}
	sha2 := archiveOne(t, dir, u2, "<p>2023年度报告</p>")
	if _, ok, _ := idx.lookup(req, u2, sha2); ok {
		t.Fatal("the archive was read again within archiveRefresh")
	}
	idx.readAt = time.Now().Add(-2 * archiveRefresh) // time passes
	e, ok, err := idx.lookup(req, u2, sha2)
	if !ok || err != nil || e.URL != u2 {
		t.Fatalf("later crawl's copy: %+v %v %v", e, ok, err)
	}
	if _, ok, _ := idx.lookup(req, u1, sha1); !ok {
		t.Error("the first copy is lost after the re-read")
	}
}
