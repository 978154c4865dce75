package dataset

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"ogi/pipeline/report"
)

// pageWith wraps a fixture in an HTML page (the fixture extractor reads
// the JSON between the markers) with extra markup around it.
func pageWith(t *testing.T, head, body string, f *fixture) []byte {
	var js string
	if f != nil {
		js = string(mustJSON(t, *f))
	}
	return []byte("<html><head>" + head + "</head><body>" + body + "<!--FIXTURE" + js + "FIXTURE--></body></html>")
}

// htmlFixtureExtractor reads a fixture wrapped by pageWith, or a bare
// fixture (an attachment); a page without one is not a report.
func htmlFixtureExtractor(fx *fixtureExtractor) ExtractFunc {
	return func(ctx context.Context, payload []byte, in Input) (rep report.Report, err error) {
		s := string(payload)
		if i := strings.Index(s, "<!--FIXTURE"); i >= 0 {
			s = s[i+len("<!--FIXTURE") : strings.Index(s, "FIXTURE-->")]
			if s == "" {
				rep.Source, rep.Status, rep.Reason = in.Source, report.StatusSkipped, "NOT_A_REPORT"
				return rep, nil
			}
		}
		return fx.extract(ctx, []byte(s), in)
	}
}

func TestPublicationDates(t *testing.T) {
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	var reads atomic.Int32
	in := func(url string, fetched time.Time, ct string, payload []byte) Input {
		sum := sha256.Sum256(payload)
		return Input{Source: url, FinalURL: url, FetchedAt: fetched, ContentType: ct, PortalCode: "370685", SHA256: hex.EncodeToString(sum[:]),
			Read: func() ([]byte, error) { reads.Add(1); return payload, nil }}
	}
	f := func(year int) *fixture { x := zhaoyuan(year, 205, 6, 11); return &x }
	const host = "http://www.zhaoyuan.gov.cn"
	pageA := in(host+"/zwgk/nb/4471.html", at, "text/html; charset=utf-8",
		pageWith(t, "", `<div class="info">发布时间：2025-04-20 10:00 来源：招远市人民政府</div>`, f(2024)))
	pageB := in(host+"/zwgk/nb/4472.html", at, "text/html", pageWith(t, `<meta name="PubDate" content="2024-03-02 09:00">`, "<a href=x.pdf>附件</a>", nil))
	attC := in(host+"/zwgk/nb/P020240302123456.pdf", at, "application/pdf", mustJSON(t, *f(2023)))
	attC.Parent = pageB.Source
	// An attachment whose page states no date: the page's URL has one.
	pageD := in(host+"/art/2023/3/9/art_12_99.html", at, "text/html", pageWith(t, "", "<p>见附件</p>", nil))
	attD := in(host+"/module/download/downfile.jsp?filename=ab.pdf", at, "application/pdf", mustJSON(t, *f(2022)))
	attD.Parent = pageD.Source
	pageE := in(host+"/xxgk/ndbg/2021/77.html", at, "text/html", pageWith(t, "", "", f(2021)))
	pageE.ListDate = time.Date(2022, 1, 25, 0, 0, 0, 0, time.UTC)
	pageF := in(host+"/zwgk/nb/202103/index_2.html", at, "text/html", pageWith(t, "", "", f(2020)))
	// Nothing states a date: the first fetch of the URL is all there is.
	pageG1 := in(host+"/zwgk/nb/19.html", at.AddDate(0, -2, 0), "text/html", pageWith(t, "", "", f(2019)))
	g2 := zhaoyuan(2019, 206, 6, 11)
	pageG2 := in(host+"/zwgk/nb/19.html", at, "text/html", pageWith(t, "", "<p>更新</p>", &g2))

	dir := t.TempDir()
	fx := &fixtureExtractor{}
	arch := fakeArchive{inputs: []Input{pageA, pageB, attC, pageD, attD, pageE, pageF, pageG1, pageG2}}
	opts := Options{DataDir: dir, Archive: arch, Extract: htmlFixtureExtractor(fx), ExtractorVersion: "v1", Jurisdictions: testJuris}
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		pageA.Source: {"2025-04-20", "page"},
		pageB.Source: {"2024-03-02", "page"},
		attC.Source:  {"2024-03-02", "page"}, // its page's meta; its own URL's P0 date comes after
		pageD.Source: {"2023-03-09", "url"},
		attD.Source:  {"2023-03-09", "url"},
		pageE.Source: {"2022-01-25", "list"},
		pageF.Source: {"2021-03-01", "url_month"},
	}
	check := func() {
		t.Helper()
		db := duck(t)
		rows := queryRows(t, db, "SELECT source_url, strftime(published, '%Y-%m-%d'), published_source, fetched_at FROM "+table(dir, "reports")+" ORDER BY source_url, fetched_at")
		if len(rows) != 9 {
			t.Fatalf("%d reports, want 9", len(rows))
		}
		for _, r := range rows {
			src := r[0].(string)
			if w, ok := want[src]; ok {
				if r[1] != w[0] || r[2] != w[1] {
					t.Errorf("%s: published %v from %v, want %s from %s", src, r[1], r[2], w[0], w[1])
				}
				continue
			}
			// Both versions of the undated page: the first fetch.
			if r[1] != "2026-03-01" || r[2] != "archive" {
				t.Errorf("%s (fetched %v): published %v from %v, want 2026-03-01 from archive", src, r[3], r[1], r[2])
			}
		}
	}
	check()
	// A second build reads the page dates from the cache: no payload is
	// read again.
	reads.Store(0)
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if n := reads.Load(); n != 0 {
		t.Errorf("the second build read %d payloads, want 0 (page dates are cached)", n)
	}
	check()
}
