package htmlreader_test

import (
	"os"
	"path/filepath"
	"testing"

	"ogi/pipeline/htmlreader"
	"ogi/pipeline/mapper"
	"ogi/pipeline/report"
)

// FuzzHTML reads pages and maps them: never a panic, bounded work, a
// status and a reason always.
func FuzzHTML(f *testing.F) {
	for _, n := range []string{"word-2021.html", "old-2017.html", "listing.html", "image-2022.html"} {
		b, err := os.ReadFile(filepath.Join("..", "extract", "testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`<table><tr><td rowspan=3 colspan=2>申请人情况</td></tr><tr><td>自然人</td><td>总计</td></tr></table>`)
	f.Add(`<table><tr><td>第二十条第（一）项</td></tr><tr><td>规章</td><td>1</td><td colspan=0>2</td></tr></table><table><tr><td>勾稽关系</td></tr><tr><td>一、本年新收</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></table>`)
	// renderings of every class (testdata/classes)
	for _, n := range []string{"c1-before-zhaoyuan.html", "c2-inline-huaian.word.html", "c8-cut-shuyang.html", "c5-garbled-pingtan19.html"} {
		b, err := os.ReadFile(filepath.Join("..", "extract", "testdata", "classes", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, page string) {
		d, err := htmlreader.ReadString(page)
		if err != nil {
			return // a reader error is a recorded failure upstream
		}
		for _, r := range d.Rows {
			if r.Locator == "" {
				t.Fatalf("row without locator")
			}
		}
		res := mapper.Map(d)
		switch res.Status {
		case report.StatusOK:
			if res.Template == "" || len(res.Applications) == 0 || len(res.ReviewLitigation) != 15 {
				t.Fatalf("ok without tables: %+v", res)
			}
		case report.StatusPartial:
			if res.Template == "" || res.Reason != report.ReasonIncomplete || res.Detail == "" {
				t.Fatalf("partial without template or the missing parts named: %+v", res)
			}
		case report.StatusSkipped, report.StatusFailed:
			if res.Reason == "" {
				t.Fatalf("%s without a reason", res.Status)
			}
		default:
			t.Fatalf("status %q", res.Status)
		}
	})
}
