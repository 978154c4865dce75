package serve

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"ogi/pipeline/dataset"
	"ogi/pipeline/query"
	"ogi/pipeline/report"
	"ogi/schema"
)

// TestProvincePageLeavesOutUnverified: 龙口市 2023 prints a 予以公开 total
// that disagrees with its columns, so its disclosure rate rests on cells
// of failed identities: the page marks it 未核实 with the reasons, lists
// it as left out, and shows it (flagged) only when asked.
func TestProvincePageLeavesOutUnverified(t *testing.T) {
	f := newFixture(t)
	body := f.page(t, "/province/370000?year=2023")
	row := between(body, `<tr data-code="`+fixBrokenCode+`"`, "</tr>")
	if !strings.Contains(row, `title="unverified: t3_outcomes_total, t3_rowsum_granted">未核实<`) {
		t.Errorf("龙口's disclosure rate is not marked unverified:\n%s", row)
	}
	left := between(body, `<div class="leftout"`, "</div>")
	if !strings.Contains(left, "<b>disclosure_rate</b>: 1 jurisdiction (t3_outcomes_total 1, t3_rowsum_granted 1)") {
		t.Errorf("left-out list:\n%s", left)
	}
	// Asked for, the figure comes back flagged: 龙口's granted total is
	// 3 over its columns.
	res, err := f.db.Compare(context.Background(), "disclosure_rate", query.Filter{Jurisdiction: fixBrokenCode, Year: 2023,
		Scope: query.ScopeGovAggregate, IncludeUnverified: true})
	if err != nil || len(res.Rows) != 1 {
		t.Fatalf("%v %v", res, err)
	}
	v, _ := num(res.Rows[0][columnIndex(res.Columns)["value"]])
	body = f.page(t, "/province/370000?year=2023&unverified=1")
	row = between(body, `<tr data-code="`+fixBrokenCode+`"`, "</tr>")
	if !strings.Contains(row, `data-v="`+fmt.Sprint(v)+`"`) || !strings.Contains(row, "unverified: t3_outcomes_total, t3_rowsum_granted") {
		t.Errorf("included figure not shown flagged (value %v):\n%s", v, row)
	}
	if strings.Contains(body, `class="leftout"`) && strings.Contains(between(body, `<div class="leftout"`, "</div>"), "disclosure_rate") {
		t.Errorf("an included figure is still listed as left out")
	}
	if resp, _ := f.get(t, "/province/370000?unverified=maybe"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unverified=maybe: %d", resp.StatusCode)
	}

	// The comparison download says the same.
	resp, csvBody := f.get(t, "/compare/disclosure_rate.csv?province=370000&year=2023")
	recs, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if resp.StatusCode != http.StatusOK || err != nil {
		t.Fatalf("compare csv: %d %v", resp.StatusCode, err)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	found := false
	for _, r := range recs[1:] {
		if r[col["code"]] == fixBrokenCode {
			found = true
			if r[col["value"]] != "" || r[col["rank"]] != "" || r[col["unverified_reasons"]] != "t3_outcomes_total, t3_rowsum_granted" {
				t.Errorf("龙口 in the download: %v", r)
			}
		}
	}
	if !found {
		t.Error("龙口 missing from the download: a left-out jurisdiction is listed, not dropped")
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// TestCompareDownloadHonoursScope: a department's report of the same
// jurisdiction and year is not mixed into the government comparison the
// page shows (scope=all asks for every scope).
func TestCompareDownloadHonoursScope(t *testing.T) {
	prep := fixturePrepared(t)
	dept := fixtureReport(schema.Template2021(), "370685", "招远市公安局", 2023, synthetic(30, 0, 0), syntheticReview(0, 2))
	dept.Scope = "department"
	dept.Source = "https://www.example.gov.cn/370685/2023/police.html"
	prep = append(prep, dataset.Prepared{Input: dataset.Input{Source: dept.Source, SHA256: "dept", FetchedAt: time.Now()},
		Load: func() (report.Report, error) { return dept, nil }})
	dir := t.TempDir()
	juris := append([]dataset.Jurisdiction{fixProvince, fixPrefecture}, fixCounties...)
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: juris}); err != nil {
		t.Fatal(err)
	}
	db, err := query.OpenWith(context.Background(), dir, query.Options{ScratchDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := New(db, Options{Logger: slog.New(slog.NewTextHandler(testLog{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	rows := func(path string) int {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		recs, err := csv.NewReader(rec.Body).ReadAll()
		if rec.Code != http.StatusOK || err != nil {
			t.Fatalf("%s: %d %v", path, rec.Code, err)
		}
		return len(recs) - 1
	}
	cli, err := db.Compare(context.Background(), "disclosure_rate", query.Filter{Province: "370000", Year: 2023, Scope: query.ScopeGovAggregate})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows("/compare/disclosure_rate.csv?province=370000&year=2023"); got != len(cli.Rows) || got != 4 {
		t.Errorf("download: %d rows, ogi compare: %d, want the 4 governments", got, len(cli.Rows))
	}
	if got := rows("/compare/disclosure_rate.csv?province=370000&year=2023&scope=all"); got != 5 {
		t.Errorf("scope=all: %d rows, want 5", got)
	}
	if got := rows("/compare/disclosure_rate.csv?province=370000&year=2023&scope=department"); got != 1 {
		t.Errorf("scope=department: %d rows, want 1", got)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/compare/disclosure_rate.csv?scope=police", nil))
	if rec.Code != http.StatusBadRequest {
		t.Errorf("unknown scope: %d", rec.Code)
	}
}

// TestHostGuard: a loopback dashboard answers only to its own address
// (DNS rebinding), over a real listener; --public answers any name.
func TestHostGuard(t *testing.T) {
	f := newFixture(t)
	h, err := New(f.db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, public := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan string, 1)
		done := make(chan error, 1)
		go func() { done <- ListenAndServe(ctx, "127.0.0.1:0", h, nil, public, func(u string) { ready <- u }) }()
		base := <-ready
		port := base[strings.LastIndex(base, ":")+1 : len(base)-1]
		get := func(host string) int {
			req, _ := http.NewRequest(http.MethodGet, base, nil)
			req.Host = host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return resp.StatusCode
		}
		for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port} {
			if code := get(host); code != http.StatusOK {
				t.Errorf("public=%v Host %s: %d", public, host, code)
			}
		}
		for _, host := range []string{"attacker.example:" + port, "attacker.example", "127.0.0.1:1", "localhost"} {
			want := http.StatusMisdirectedRequest
			if public {
				want = http.StatusOK
			}
			if code := get(host); code != want {
				t.Errorf("public=%v Host %s: %d, want %d", public, host, code, want)
			}
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// TestJurisdictionPageShowsTheGovernmentsTables: a county whose
// department also published that year shows, by default, the tables of
// the government's report (the page's scope), not the department's, which
// sorts first; ?report= still opens the department's.
func TestJurisdictionPageShowsTheGovernmentsTables(t *testing.T) {
	prep := fixturePrepared(t)
	dept := fixtureReport(schema.Template2021(), "370685", "招远市公安局", 2023, synthetic(30, 0, 0), syntheticReview(0, 2))
	dept.Scope = "department"
	dept.Source = "https://www.example.gov.cn/370685/2023/police.html"
	prep = append(prep, dataset.Prepared{Input: dataset.Input{Source: dept.Source, SHA256: "dept", FetchedAt: time.Now()},
		Load: func() (report.Report, error) { return dept, nil }})
	dir := t.TempDir()
	juris := append([]dataset.Jurisdiction{fixProvince, fixPrefecture}, fixCounties...)
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: juris}); err != nil {
		t.Fatal(err)
	}
	db, err := query.OpenWith(context.Background(), dir, query.Options{ScratchDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := New(db, Options{Logger: slog.New(slog.NewTextHandler(testLog{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	get := func(path string) string {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %v", path, resp.StatusCode, err)
		}
		return string(b)
	}
	page := get("/j/370685")
	if !strings.Contains(page, "<h2>2023 招远市人民政府") || strings.Contains(page, "<h2>2023 招远市公安局") {
		i := strings.Index(page, "<h2>2023 ")
		t.Errorf("the tables shown are not the government's: %.80q", page[max(i, 0):])
	}
	res, err := db.Query(context.Background(), "SELECT report_id FROM reports WHERE agency = '招远市公安局'")
	if err != nil || len(res.Rows) != 1 {
		t.Fatalf("the department's report: %v", err)
	}
	if page := get("/j/370685?report=" + res.Rows[0][0].(string)); !strings.Contains(page, "<h2>2023 招远市公安局") {
		t.Error("?report= does not open the department's tables")
	}
}
