package extract

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"ogi/internal/portalpage"
	"ogi/pipeline/htmlreader"
	"ogi/pipeline/mapper"
	"ogi/pipeline/report"
)

// benchPage wraps the Word-pasted fixture report in the chrome of a
// typical county portal page (menus, a column tree, related links, a
// footer, inline script and style) to about 100 KB.
func benchPage(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "word-2021.html"))
	if err != nil {
		tb.Fatal(err)
	}
	return inChrome(b)
}

// inChrome puts a report page into the chrome of a county portal page:
// real report pages are 50–200 KB, mostly menus, column trees, scripts
// and lists of related links around an article of a few tens of KB.
func inChrome(b []byte) []byte {
	var chrome strings.Builder
	chrome.WriteString(`<div class="header"><div class="top">欢迎访问青石县人民政府门户网站 <a href="/wza">无障碍</a> <a href="/old">长者模式</a></div><ul class="menu">`)
	sections := []string{"首页", "走进青石", "政务公开", "政务服务", "互动交流", "专题专栏", "数据开放"}
	for i, s := range sections {
		fmt.Fprintf(&chrome, `<li class="m%d"><a href="/col/col%d/index.html">%s</a><ul class="sub">`, i, 1000+i, s)
		for j := 0; j < 12; j++ {
			fmt.Fprintf(&chrome, `<li><a href="/col/col%d%02d/index.html" title="%s栏目%d">%s栏目%d</a></li>`, 1000+i, j, s, j, s, j)
		}
		chrome.WriteString("</ul></li>")
	}
	chrome.WriteString(`</ul></div><div class="tree"><h3>政府信息公开</h3><ul>`)
	for j := 0; j < 60; j++ {
		fmt.Fprintf(&chrome, `<li><a href="/zfxxgk/%d/">部门信息公开目录 %d 青石县某某局</a></li>`, j, j)
	}
	chrome.WriteString(`</ul></div><style>.menu li{float:left;padding:0 12px}.sub{display:none}.tree li{line-height:28px}</style>`)
	chrome.WriteString(`<script>` + strings.Repeat(`function nav(i){var m=document.querySelectorAll(".menu li");for(var k=0;k<m.length;k++){m[k].className=k==i?"on":"";}}`, 40) + `</script>`)
	var related strings.Builder
	related.WriteString(`<div class="related"><h3>相关链接</h3><ul>`)
	for j := 0; j < 180; j++ {
		fmt.Fprintf(&related, `<li><a href="/art/2025/1/%d/art_%d.html">青石县某某部门2024年政府信息公开工作年度报告</a><span>2025-01-%02d</span></li>`, j%28+1, 90000+j, j%28+1)
	}
	related.WriteString(`</ul></div>`)
	page := string(b)
	if !strings.Contains(asciiLower(page), "<body") {
		page = "<html><body>" + page + "</body></html>"
	}
	if i := strings.Index(asciiLower(page), "<body"); i >= 0 {
		if j := strings.IndexByte(page[i:], '>'); j >= 0 {
			page = page[:i+j+1] + chrome.String() + page[i+j+1:]
		}
	}
	if i := strings.LastIndex(asciiLower(page), "</body>"); i >= 0 {
		page = page[:i] + related.String() + page[i:]
	}
	return []byte(page)
}

func TestBenchPageExtracts(t *testing.T) {
	page := benchPage(t)
	if len(page) < 90_000 || len(page) > 140_000 {
		t.Errorf("bench page is %d bytes, want about 100 KB", len(page))
	}
	rep, err := Report(context.Background(), bytes.NewReader(page), Meta{Source: "bench.html"})
	if err != nil || rep.Status != report.StatusOK || rep.FailedChecks() != 0 {
		t.Fatalf("%v %s %s %s", err, rep.Status, rep.Reason, rep.Detail)
	}
}

// BenchmarkExtractHTML is the whole extraction of a ~100 KB report page:
// decode, parse, grid expansion, mapping, validation, identification.
func BenchmarkExtractHTML(b *testing.B) {
	page := benchPage(b)
	ctx := context.Background()
	// Build the lazily loaded dictionaries outside the timing.
	if _, err := Report(ctx, bytes.NewReader(page), Meta{}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, err := Report(ctx, bytes.NewReader(page), Meta{Source: "bench.html"})
		if err != nil || rep.Status != report.StatusOK {
			b.Fatal(err, rep.Reason)
		}
	}
}

// BenchmarkGoqueryParse is the floor: goquery merely parsing the page.
func BenchmarkGoqueryParse(b *testing.B) {
	page := benchPage(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := goquery.NewDocumentFromReader(bytes.NewReader(page)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadHTML is the reading step alone (token stream to grids).
func BenchmarkReadHTML(b *testing.B) {
	page := string(benchPage(b))
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := htmlreader.ReadString(page); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMapHTML is the mapping step alone (document to tables).
func BenchmarkMapHTML(b *testing.B) {
	d, err := htmlreader.ReadString(string(benchPage(b)))
	if err != nil {
		b.Fatal(err)
	}
	mapper.Map(d)
	b.ReportAllocs()
	for b.Loop() {
		if res := mapper.Map(d); res.Status != report.StatusOK {
			b.Fatal(res.Reason)
		}
	}
}

// BenchmarkExtractCrawlerText measures a crawler's text dump where every
// cell of every table runs into the next: table 三 rows are digit runs
// whose splits the column identities settle.
func BenchmarkExtractCrawlerText(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "v-crawl7-2024.txt"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rep := Bytes(context.Background(), data, Meta{Name: "page.txt"}, report.Report{})
		if rep.Status != report.StatusOK {
			b.Fatalf("status %s: %s", rep.Status, rep.Detail)
		}
	}
}

// fixturePages returns the web pages of the fixtures: the real page
// shapes the extractor reads (Word-pasted and WPS markup, GBK, old CMS
// markup, pages in JavaScript strings, every rendering class of
// testdata/classes), by file name.
func fixturePages(tb testing.TB) (names []string, pages [][]byte) {
	tb.Helper()
	for _, g := range []string{"testdata/*.html", "testdata/classes/*.html"} {
		m, err := filepath.Glob(g)
		if err != nil {
			tb.Fatal(err)
		}
		names = append(names, m...)
	}
	for _, f := range names {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		pages = append(pages, b)
	}
	if len(pages) < 50 {
		tb.Fatalf("only %d pages", len(pages))
	}
	return names, pages
}

// mixPages returns every web page of the fixtures as a portal serves it:
// each article in the page of one of the four content systems county
// portals run on (internal/portalpage: TRS, Hanweb, gkmlpt, VSB in turn),
// with their menus, search forms, link groups, footers and scripts.
func mixPages(tb testing.TB) [][]byte {
	tb.Helper()
	_, pages := fixturePages(tb)
	out := make([][]byte, len(pages))
	for i, p := range pages {
		out[i] = portalpage.Wrap(p, portalpage.All[i%len(portalpage.All)], uint64(i))
	}
	return out
}

// densePages is the earlier, table-dense mix: every fixture page under
// 50 KB in one small chrome of menus and link lists (benchPage's), 56 KB a
// page on average. Kept as the worst case: the fixed cost of mapping and
// checking a report weighs most here.
func densePages(tb testing.TB) [][]byte {
	tb.Helper()
	_, pages := fixturePages(tb)
	var out [][]byte
	for _, b := range pages {
		if len(b) < 50_000 {
			b = inChrome(b)
		}
		out = append(out, b)
	}
	return append(out, benchPage(tb))
}

// BenchmarkExtractMix is the whole extraction of every web page of the
// fixtures as portals serve them (a mix of real page shapes): compare
// with BenchmarkTokenizeMix, a bare x/net/html tokenizer pass over the
// same bytes.
func BenchmarkExtractMix(b *testing.B) { benchExtract(b, mixPages(b)) }

// BenchmarkTokenizeMix is the floor of BenchmarkExtractMix: the
// x/net/html tokenizer reading every token of the same pages (raw bytes,
// no decoding, no tree).
func BenchmarkTokenizeMix(b *testing.B) { benchTokenize(b, mixPages(b)) }

// BenchmarkExtractDense is BenchmarkExtractMix over the table-dense pages
// (densePages).
func BenchmarkExtractDense(b *testing.B) { benchExtract(b, densePages(b)) }

// BenchmarkTokenizeDense is the floor of BenchmarkExtractDense.
func BenchmarkTokenizeDense(b *testing.B) { benchTokenize(b, densePages(b)) }

func benchExtract(b *testing.B, pages [][]byte) {
	ctx := context.Background()
	n := 0
	for _, p := range pages {
		n += len(p)
		Bytes(ctx, p, Meta{Name: "page.html"}, report.Report{})
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			Bytes(ctx, p, Meta{Name: "page.html"}, report.Report{})
		}
	}
}

func benchTokenize(b *testing.B, pages [][]byte) {
	n := 0
	for _, p := range pages {
		n += len(p)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			z := html.NewTokenizer(bytes.NewReader(p))
			for z.Next() != html.ErrorToken {
			}
		}
	}
}

// BenchmarkTokenizeHTML is the tokenizer floor of BenchmarkReadHTML and
// BenchmarkExtractHTML: every token of the same page.
func BenchmarkTokenizeHTML(b *testing.B) {
	page := benchPage(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		z := html.NewTokenizer(bytes.NewReader(page))
		for z.Next() != html.ErrorToken {
		}
	}
}
