package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ogi/scrapers/archive"
	"ogi/scrapers/crawl"
)

func TestRegistryCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runRegistry(context.Background(), []string{"--province", "山东", "--format", "csv"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// 153 Shandong rows with a code and a URL (counted in the CSV with python).
	if len(recs) != 154 || strings.Join(recs[0][:5], ",") != "code,name,list_url,adapter,home_url" {
		t.Fatalf("%d rows, header %v", len(recs), recs[0])
	}
	for _, r := range recs[1:] {
		if !strings.HasPrefix(r[0], "37") || r[4] == "" {
			t.Errorf("row %v", r)
		}
	}
	// The CSV is a registry ogi crawl reads back.
	out.Reset()
	runRegistry(context.Background(), []string{"--parent", "370600", "--format", "csv"}, &out, &errb)
	ps, err := crawl.ReadRegistry(bytes.NewReader(out.Bytes()))
	if err != nil || len(ps) != 11 {
		t.Fatalf("read back: %d portals, %v", len(ps), err)
	}
	out.Reset()
	if code := runRegistry(context.Background(), []string{"--codes", writeFile(t, "c.txt", "370685\n370686\n"), "--format", "json"}, &out, &errb); code != 0 {
		t.Fatalf("json: exit %d", code)
	}
	var js []map[string]string
	if err := json.Unmarshal(out.Bytes(), &js); err != nil || len(js) != 2 || js[0]["name"] != "招远市" || js[0]["parent_code"] != "370600" {
		t.Fatalf("json %v %s", err, out.String())
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--province", "山冬"}, 2, "370000 山东省"},
		{[]string{"--level", "village"}, 2, "province, prefecture, county"},
		{[]string{"--parent", "999999"}, 2, "370600 烟台市"},
		{[]string{"--format", "xml"}, 2, "table, csv, json"},
		{[]string{"--codes", writeFile(t, "bad.txt", "123456\n")}, 2, "123456"},
		{[]string{"--parent", "370600", "--level", "prefecture"}, 1, "no registry row matches --parent 370600 --level prefecture"},
		{[]string{"--province", "46"}, 0, "西沙区: no code and no URL"},
	} {
		out.Reset()
		errb.Reset()
		if code := runRegistry(context.Background(), c.args, &out, &errb); code != c.code || !strings.Contains(errb.String(), c.msg) {
			t.Errorf("%v: exit %d, want %d; stderr lacks %q:\n%s", c.args, code, c.code, c.msg, errb.String())
		}
	}
}

func writeFile(t *testing.T, name, s string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// homePortal serves a county site on loopback: home → 政务公开 → the
// column (beside a look-alike) and a 部门年报 sub-column.
func homePortal(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(path, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != path {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		})
	}
	page("/", `<ul class="nav"><li><a href="/zwgk/">政务公开</a></li><li><a href="/news/">新闻</a></li></ul>`)
	page("/zwgk/", `<a href="/zwgk/zfgzbg/">政府工作报告</a><a href="/zwgk/nb/" title="政府信息公开年报">政府信息公开...</a><a href="/zwgk/bmnb/">部门年报</a>`)
	page("/zwgk/nb/", `<ul><li><a href="/zwgk/nb/t20250120_1.html">甲县人民政府2024年政府信息公开工作年度报告</a></li></ul><script>createPageHTML(1, 0, "index", "html");</script>`)
	page("/zwgk/bmnb/", `<ul><li><a href="/zwgk/bmnb/t20250121_2.html">甲县财政局2024年政府信息公开工作年度报告</a></li></ul>`)
	page("/zwgk/nb/t20250120_1.html", "<p>report</p>")
	page("/zwgk/bmnb/t20250121_2.html", "<p>department report</p>")
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestDiscoverCommand(t *testing.T) {
	s := homePortal(t)
	reg := writeFile(t, "home.csv", "code,name,home_url\n500101,甲县,"+s.URL+"/\n")
	var out, errb bytes.Buffer
	if code := runDiscover(context.Background(), []string{"--registry", reg, "--delay", "2ms"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	recs, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	if len(recs) != 3 {
		t.Fatalf("%d rows:\n%s", len(recs), out.String())
	}
	own, dept := recs[1], recs[2]
	if own[col["list_url"]] != s.URL+"/zwgk/nb/" || own[col["adapter"]] != "trs" || own[col["confidence"]] != "high" ||
		!strings.Contains(own[col["evidence"]], "政府信息公开年报") || own[col["scope"]] != "" {
		t.Errorf("own column row %v", own)
	}
	if dept[col["list_url"]] != s.URL+"/zwgk/bmnb/" || dept[col["scope"]] != "department" {
		t.Errorf("sub-column row %v", dept)
	}
	// The completed registry crawls as it is.
	completed := writeFile(t, "done.csv", out.String())
	data := filepath.Join(t.TempDir(), "data")
	out.Reset()
	if code := runCrawl(context.Background(), []string{"--registry", completed, "--data", data, "--delay", "2ms", "--quiet"}, &out, &errb); code != 0 {
		t.Fatalf("crawl exit %d: %s %s", code, out.String(), errb.String())
	}
	es, err := archive.ReportEntries(context.Background(), data)
	if err != nil || len(es) != 2 {
		t.Errorf("%d reports archived (%v)", len(es), err)
	}
	// Real portals need a contact.
	errb.Reset()
	real := writeFile(t, "real.csv", "code,name,home_url\n370685,招远市,http://www.zhaoyuan.gov.cn/\n")
	if code := runDiscover(context.Background(), []string{"--registry", real}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "--contact") {
		t.Errorf("no contact: exit %d, %s", code, errb.String())
	}
}

// ogi crawl with a home-page registry discovers, crawls, and keeps what
// it found for the next night.
func TestCrawlFromHomeCommand(t *testing.T) {
	s := homePortal(t)
	reg := writeFile(t, "home.csv", "code,name,home_url\n500101,甲县,"+s.URL+"/\n")
	data := filepath.Join(t.TempDir(), "data")
	var out, errb bytes.Buffer
	if code := runCrawl(context.Background(), []string{"--registry", reg, "--data", data, "--delay", "2ms", "--quiet"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "portals:     2 ") || !strings.Contains(out.String(), "reports:     2 found") {
		t.Errorf("summary:\n%s", out.String())
	}
	ds, err := crawl.ReadDiscoveries(data)
	if err != nil || len(ds) != 1 || len(ds[0].Columns) != 2 {
		t.Errorf("discoveries %+v %v", ds, err)
	}
}
