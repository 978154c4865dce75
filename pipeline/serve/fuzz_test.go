package serve

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzRequests sends arbitrary paths and query strings to the dashboard
// over the fixture dataset: whatever comes in, the answer is a page, a
// download, a redirect or a 4xx — never a server error, never a panic.
func FuzzRequests(f *testing.F) {
	for _, seed := range []string{
		"/", "/province/370000?year=2023", "/province/370000?parent=370600", "/j/370685", "/j/370681?report=abc",
		"/quality?province=370000&year=2022", "/download/applications.csv?code=370685", "/download/cells.parquet?year=2023",
		"/compare/disclosure_rate.csv?province=370000", "/archive/x", "/static/app.js", "/province/37%27--",
		"/download/reports.csv?year=99999999999999999999", "/j/370685?report=%00", "/quality?year=-1",
	} {
		f.Add(seed)
	}
	fx := newFixture(f)
	s, err := New(fx.db, Options{DataDir: fx.dir})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, target string) {
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1"+target, nil)
		if err != nil {
			t.Skip()
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Errorf("GET %q: %d %s", target, rec.Code, rec.Body.String())
		}
	})
}
