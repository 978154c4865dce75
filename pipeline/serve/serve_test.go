package serve

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ogi/pipeline/query"
	"ogi/pipeline/report"
	"ogi/schema"
)

type fixture struct {
	db  *query.DB
	srv *httptest.Server
	dir string
}

// newFixture builds the fixture dataset and serves the dashboard over it
// on loopback.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := buildFixture(t)
	db, err := query.OpenWith(context.Background(), dir, query.Options{ScratchDir: t.TempDir()})
	if err != nil {
		t.Fatalf("open dataset: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	log := slog.New(slog.NewTextHandler(testLog{t}, nil))
	s, err := New(db, Options{Logger: log})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &fixture{db: db, srv: srv, dir: dir}
}

// testLog sends the server's log to the test's.
type testLog struct{ t testing.TB }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func (f *fixture) get(t testing.TB, path string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(f.srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return resp, string(body)
}

func (f *fixture) page(t testing.TB, path string) string {
	t.Helper()
	resp, body := f.get(t, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("GET %s: content type %q", path, ct)
	}
	checkSecurityHeaders(t, path, resp)
	return body
}

func checkSecurityHeaders(t testing.TB, path string, resp *http.Response) {
	t.Helper()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe") {
		t.Errorf("GET %s: CSP %q", path, csp)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("GET %s: no nosniff", path)
	}
}

func TestIndexListsProvince(t *testing.T) {
	f := newFixture(t)
	body := f.page(t, "/")
	if !strings.Contains(body, `href="/province/370000"`) || !strings.Contains(body, "山东省") {
		t.Errorf("index does not link the province:\n%s", body)
	}
	// 4 counties × 4 years + one skipped + one failed.
	if !regexp.MustCompile(`data-v="18">18<`).MatchString(body) {
		t.Errorf("index does not count 18 reports:\n%s", body)
	}
}

func TestProvincePage(t *testing.T) {
	f := newFixture(t)
	body := f.page(t, "/province/370000")
	for _, c := range fixCounties {
		if !strings.Contains(body, `href="/j/`+c.Code+`"`) {
			t.Errorf("province page lacks %s %s", c.Code, c.Name)
		}
	}
	if !strings.Contains(body, `<option value="2023" selected>`) {
		t.Errorf("latest year not selected by default")
	}
	// Applications by year: 2023 sums 招远 205, 龙口 52, 莱州 64, 海阳 6.
	if !strings.Contains(body, "2023 本年新收 new: 327<") {
		t.Errorf("applications chart lacks the 2023 total 327")
	}
	// Review correction rate 2023: 招远 1/(5−1), 龙口 1/3, 莱州 1/3, 海阳 1/3 → 4/13.
	if !strings.Contains(body, "2023 复议纠错率 review: 30.8%<") {
		t.Errorf("correction chart lacks the 2023 rate 30.8%%")
	}
	// Every metric's value for every county is printed as Compare gives it.
	ctx := context.Background()
	for _, m := range query.Metrics() {
		res, err := f.db.Compare(ctx, m.Name, query.Filter{Province: "370000", Year: 2023})
		if err != nil {
			t.Fatalf("compare %s: %v", m.Name, err)
		}
		col := columnIndex(res.Columns)
		if !strings.Contains(body, `data-col="`+m.Name+`"`) {
			// Not shown: the page must say so, and every county's figure
			// must be the same.
			seen := map[string]bool{}
			for _, row := range res.Rows {
				seen[fmt.Sprint(at(row, col, "value"), at(row, col, "unverified_reasons"))] = true
			}
			if len(seen) != 1 || !strings.Contains(between(body, "Not shown, every value the same", "</p>"), m.Name) {
				t.Errorf("metric %s has no column, yet its figures differ (%v) or the page does not say it left it out", m.Name, seen)
			}
			continue
		}
		for _, row := range res.Rows {
			v, ok := num(at(row, col, "value"))
			if !ok {
				continue
			}
			want := `data-v="` + fmt.Sprint(v) + `"`
			if !strings.Contains(body, want) {
				t.Errorf("metric %s of %s: %s not on the page", m.Name, str(at(row, col, "code")), want)
			}
		}
	}
	// A year can be chosen.
	body = f.page(t, "/province/370000?year=2021")
	if !strings.Contains(body, `<option value="2021" selected>`) {
		t.Errorf("year 2021 not selected")
	}
	// So can a prefecture: 烟台市 holds all four counties; one without
	// reports is not found.
	body = f.page(t, "/province/370000?parent=370600")
	if !strings.Contains(body, `<option value="370600" selected>烟台市</option>`) ||
		strings.Count(between(body, `<table class="sortable compact" id="counties">`, "<tfoot>"), `<tr data-code=`) != len(fixCounties) {
		t.Errorf("prefecture 370600: not selected or not %d rows", len(fixCounties))
	}
	if resp, _ := f.get(t, "/province/370000?parent=370700"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("prefecture without reports: %d", resp.StatusCode)
	}
	if resp, _ := f.get(t, "/province/370000?parent=37'--"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad parent: %d", resp.StatusCode)
	}
}

func TestJurisdictionPagePrintsTables(t *testing.T) {
	f := newFixture(t)
	body := f.page(t, "/j/370685")
	for _, want := range []string{"招远市", "表三", "https://www.example.gov.cn/370685/2023/report.html", "All "} {
		if !strings.Contains(body, want) {
			t.Errorf("招远 page lacks %q", want)
		}
	}
	// 予以公开 50, 本年新收 205 (总计), 不掌握 56 as printed.
	for _, v := range []string{">205<", ">50<", ">56<", ">86<"} {
		if !strings.Contains(body, v) {
			t.Errorf("招远 page lacks cell %s", v)
		}
	}
	if strings.Contains(body, `class="n fail"`) {
		t.Errorf("招远 2023 has no failed check but a cell is marked")
	}

	body = f.page(t, "/j/"+fixBrokenCode)
	if !strings.Contains(body, "t3_rowsum_"+fixBrokenRow) {
		t.Errorf("龙口 page does not list the failed check")
	}
	// The marked cells are those of the two identities the wrong total
	// breaks: its row sum and the outcome sum of the 总计 column.
	marked := map[string]bool{}
	for _, m := range regexp.MustCompile(`data-ref="([^"]+)" class="n[^"]* fail"`).FindAllStringSubmatch(body, -1) {
		marked[m[1]] = true
	}
	want := map[string]bool{}
	for _, id := range schema.Template2021().Identities() {
		if id.ID == "t3_rowsum_"+fixBrokenRow || id.ID == "t3_outcomes_total" {
			if !strings.Contains(body, id.ID) {
				t.Errorf("龙口 page does not list %s", id.ID)
			}
			for _, ref := range append(id.Left, id.Right...) {
				want[ref.Table+"/"+ref.Row+"/"+ref.Col] = true
			}
		}
	}
	if !marked["applications/"+fixBrokenRow+"/total"] || len(marked) != len(want) {
		t.Errorf("龙口: marked %d cells %v, want %d", len(marked), marked, len(want))
	}
	for k := range marked {
		if !want[k] {
			t.Errorf("龙口: %s marked", k)
		}
	}
	// An older report can be selected; an unknown one is 404.
	res, err := f.db.Query(context.Background(), `SELECT report_id FROM reports WHERE division_code = ? AND year = 2020`, fixBrokenCode)
	if err != nil || len(res.Rows) != 1 {
		t.Fatalf("report of 2020: %v %v", err, res)
	}
	body = f.page(t, "/j/"+fixBrokenCode+"?report="+str(res.Rows[0][0]))
	if !strings.Contains(body, "（六）其他处理") {
		t.Errorf("2020 report is not laid out on the 2019 template")
	}
	if resp, _ := f.get(t, "/j/"+fixBrokenCode+"?report=nope"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown report: %d", resp.StatusCode)
	}
}

func TestQualityPage(t *testing.T) {
	f := newFixture(t)
	body := f.page(t, "/quality")
	for _, want := range []string{"龙口市", "t3_rowsum_granted", string(report.ReasonPre2019), "UNREADABLE", "pdf: corrupt xref table", "海阳市"} {
		if !strings.Contains(body, want) {
			t.Errorf("quality page lacks %q", want)
		}
	}
	body = f.page(t, "/quality?province=370000&year=2022")
	if strings.Contains(body, "t3_rowsum_granted") {
		t.Errorf("quality page for 2022 lists the 2023 failure")
	}
}

func TestDownloads(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, table := range Tables() {
		resp, body := f.get(t, "/download/"+table+".csv")
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s.csv: %d %s", table, resp.StatusCode, body)
			continue
		}
		if !strings.Contains(resp.Header.Get("Content-Disposition"), table+".csv") {
			t.Errorf("%s.csv: disposition %q", table, resp.Header.Get("Content-Disposition"))
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Errorf("%s.csv: %v", table, err)
			continue
		}
		res, err := f.db.Query(ctx, `SELECT count(*) FROM `+table)
		if err != nil {
			t.Fatal(err)
		}
		if want := intOf(res.Rows[0][0]); len(recs)-1 != want {
			t.Errorf("%s.csv: %d rows, want %d", table, len(recs)-1, want)
		}
	}
	// Filtered: 招远 2023's table 三, with its printed new applications.
	resp, body := f.get(t, "/download/applications.csv?code=370685&year=2023")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("filtered csv: %d %s", resp.StatusCode, body)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs)-1 != len(schema.Template2021().RowKeys()) {
		t.Errorf("applications of 招远 2023: %d rows", len(recs)-1)
	}
	col := columnIndex(recs[0])
	found := false
	for _, r := range recs[1:] {
		if r[col["row_key"]] == "new_received" {
			found = true
			if r[col["total"]] != "205" || r[col["natural_person"]] != "204" {
				t.Errorf("new_received row %v", r)
			}
		}
	}
	if !found {
		t.Errorf("no new_received row")
	}

	// By prefecture: 烟台市's four counties, none elsewhere.
	for parent, want := range map[string]int{"370600": 4, "370700": 0} {
		resp, body := f.get(t, "/download/reports.csv?year=2023&parent="+parent)
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if resp.StatusCode != http.StatusOK || err != nil || len(recs)-1 != want {
			t.Errorf("reports of 2023 under %s: %d, %v, %d rows, want %d", parent, resp.StatusCode, err, len(recs)-1, want)
		}
	}

	// Parquet, read back with DuckDB.
	resp, body = f.get(t, "/download/applications.parquet?province=370000&year=2023")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PAR1") {
		t.Fatalf("parquet: %d %.40q", resp.StatusCode, body)
	}
	file := filepath.Join(t.TempDir(), "a.parquet")
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	// A DuckDB of its own: the dashboard's reads nothing but the dataset.
	fresh, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	var n, s int
	err = fresh.QueryRowContext(ctx, `SELECT count(*), sum(total) FILTER (WHERE row_key = 'new_received') FROM read_parquet(?)`, file).Scan(&n, &s)
	if err != nil {
		t.Fatalf("read parquet back: %v", err)
	}
	if n != 4*len(schema.Template2021().RowKeys()) || s != 327 {
		t.Errorf("parquet: %d rows, new_received %d; want %d and 327", n, s, 4*len(schema.Template2021().RowKeys()))
	}

	// A metric comparison as CSV.
	for _, m := range query.Metrics() {
		resp, body := f.get(t, "/compare/"+m.Name+".csv?province=370000&year=2023")
		if resp.StatusCode != http.StatusOK {
			t.Errorf("compare %s: %d %s", m.Name, resp.StatusCode, body)
			continue
		}
		if first, _, _ := strings.Cut(body, "\n"); !strings.Contains(first, "code") || !strings.Contains(first, "value") {
			t.Errorf("compare %s header %q", m.Name, first)
		}
	}
}

func TestBadRequests(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		path string
		code int
	}{
		{"/download/secrets.csv", 404},
		{"/download/reports.exe", 400},
		{"/download/reports", 400},
		{"/download/reports%3BDROP%20TABLE%20reports.csv", 404},
		{"/download/..%2F..%2Fetc%2Fpasswd.csv", 400},
		{"/download/read_parquet('%2Fetc%2Fpasswd').csv", 404},
		{"/download/reports.csv?year=2023%20OR%201%3D1", 400},
		{"/download/reports.csv?province=37'%20OR%20'1'%3D'1", 400},
		{"/download/reports.csv?code=..%2F..", 400},
		{"/download/reports.csv?parent=1%20OR%201", 400},
		{"/compare/no_such_metric.csv", 404},
		{"/province/37'%20OR%201%3D1", 400},
		{"/province/990000", 404},
		{"/j/999999", 404},
		{"/j/370685?report=x'%20OR%20'1", 400},
		{"/quality?year=abc", 400},
		{"/quality?province=%2Fetc", 400},
		{"/static/..%2f..%2fgo.mod", 404},
		{"/nope", 404},
	}
	for _, c := range cases {
		resp, body := f.get(t, c.path)
		if resp.StatusCode != c.code {
			t.Errorf("GET %s: %d, want %d (%s)", c.path, resp.StatusCode, c.code, strings.TrimSpace(body))
		}
		if strings.Contains(body, "root:") || strings.Contains(body, "module ogi") {
			t.Errorf("GET %s leaked a file", c.path)
		}
		checkSecurityHeaders(t, c.path, resp)
	}
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		req, _ := http.NewRequest(method, f.srv.URL+"/download/reports.csv", strings.NewReader(strings.Repeat("x", 1<<20)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s: %d", method, resp.StatusCode)
		}
	}
	// The dataset is unchanged after all that.
	res, err := f.db.Query(context.Background(), `SELECT count(*) FROM reports`)
	if err != nil || intOf(res.Rows[0][0]) != 18 {
		t.Errorf("reports after the bad requests: %v %v", res, err)
	}
}

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{"127.0.0.1:8080": true, "[::1]:80": true, "localhost:1": true,
		"0.0.0.0:8080": false, ":8080": false, "192.168.1.2:80": false, "example.com:80": false, "127.0.0.1": false} {
		if err := CheckLoopback(addr); (err == nil) != ok {
			t.Errorf("CheckLoopback(%q) = %v", addr, err)
		}
	}
}

func TestArchiveWithoutCrawl(t *testing.T) {
	f := newFixture(t)
	res, err := f.db.Query(context.Background(), `SELECT report_id FROM reports ORDER BY report_id LIMIT 1`)
	if err != nil || len(res.Rows) == 0 {
		t.Fatalf("a report id: %v", err)
	}
	id := str(res.Rows[0][0])
	// Without a data folder no archived copy is served.
	if resp, _ := f.get(t, "/archive/"+id); resp.StatusCode != http.StatusNotFound {
		t.Errorf("archive without DataDir: %d", resp.StatusCode)
	}
	// With one that holds no crawl, the report is not found in it.
	s, err := New(f.db, Options{DataDir: f.dir})
	if err != nil {
		t.Fatal(err)
	}
	for path, code := range map[string]int{"/archive/" + id: 404, "/archive/nope": 404, "/archive/..%2f..": 400} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != code {
			t.Errorf("GET %s: %d, want %d: %s", path, rec.Code, code, rec.Body.String())
		}
	}
}

// An archived attachment downloads under its URL's file name, decoded and
// encoded for the header (RFC 2231 when not printable ASCII, so no raw
// control character reaches it); a URL without one falls back.
func TestAttachmentName(t *testing.T) {
	for _, c := range []struct{ url, want string }{
		{"http://x.gov.cn/a/report.pdf?id=3", `attachment; filename=report.pdf`},
		{"http://x.gov.cn/a/%E5%B9%B4%E6%8A%A5.pdf", `attachment; filename*=utf-8''%E5%B9%B4%E6%8A%A5.pdf`},
		{"http://x.gov.cn/a/b%22c%5C.doc", `attachment; filename="b\"c\\.doc"`},
		{"http://x.gov.cn/", `attachment; filename=report-1`},
		{"http://x.gov.cn/a/%0D%0Ax.pdf", `attachment; filename*=utf-8''%0D%0Ax.pdf`},
		{"::", `attachment; filename=report-1`},
	} {
		got := attachmentName(c.url, "report-1")
		if got != c.want {
			t.Errorf("%s: %s, want %s", c.url, got, c.want)
		}
		if _, params, err := mime.ParseMediaType(got); err != nil || params["filename"] == "" {
			t.Errorf("%s: %q does not parse back: %v", c.url, got, err)
		}
	}
}
