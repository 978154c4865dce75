package textreader_test

import (
	"os"
	"path/filepath"
	"testing"

	"ogi/pipeline/mapper"
	"ogi/pipeline/report"
	"ogi/pipeline/textreader"
)

// FuzzText reads text renderings and maps them: never a panic, a status
// and a reason always, every ok report with all its tables.
func FuzzText(f *testing.F) {
	for _, n := range []string{"mirror-2024.txt", "crawler-2024.page.txt", "markdown-2020.md", "layout-2023.pdftotext-layout.txt", "v-barclosed-2023.txt", "v19-barcells-2020.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "extract", "testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("第二十条第（一）项规章000申请人情况一、本年新收政府信息公开申请数量230 000023行政复议10203120001200000")
	// renderings of every class (testdata/classes)
	for _, n := range []string{"c1-after-zhaoyuan.pipes.txt", "c2-inlinesub-zhaoyuan.flat.txt", "c7-notes-pingtan19.flat.txt", "c8-cut-huaian.layout.txt", "c3-split-huaian.flatrows.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "extract", "testdata", "classes", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, text string) {
		d := textreader.Read(text)
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
