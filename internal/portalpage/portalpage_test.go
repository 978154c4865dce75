package portalpage

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const article = `<html><head><meta charset="utf-8"><title>临河县2024年政府信息公开工作年度报告</title></head>
<body><p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr></table></body></html>`

func TestWrap(t *testing.T) {
	for _, cms := range All {
		page := Wrap([]byte(article), cms, 7)
		if !bytes.Equal(page, Wrap([]byte(article), cms, 7)) {
			t.Errorf("%s: two pages from one seed differ", cms)
		}
		if bytes.Equal(page, Wrap([]byte(article), cms, 8)) {
			t.Errorf("%s: the seed changes nothing", cms)
		}
		if n := len(page) - len(article); n < 35_000 || n > 90_000 {
			t.Errorf("%s: %d bytes of chrome, want 35–90 KB", cms, n)
		}
		s := string(page)
		// The article's head comes first, its body whole, once.
		if i := strings.Index(s, `<meta charset="utf-8">`); i < 0 || i > 100 {
			t.Errorf("%s: the article's meta charset at %d", cms, i)
		}
		if strings.Count(s, "<td>规章</td><td>0</td>") != 1 || strings.Count(s, "<body") != 1 || strings.Count(s, "</body>") != 1 {
			t.Errorf("%s: the article's body is not in the page once", cms)
		}
		// The title block repeats the article's title; the chrome names no
		// other report.
		if strings.Count(s, "临河县2024年政府信息公开工作年度报告") < 2 {
			t.Errorf("%s: the title is not repeated in the page", cms)
		}
		if strings.Count(s, "年度报告") != strings.Count(s, "临河县2024年政府信息公开工作年度报告") {
			t.Errorf("%s: the chrome names another report", cms)
		}
		if !strings.Contains(s, "网站标识码") || !strings.Contains(s, "<script") {
			t.Errorf("%s: no footer or scripts", cms)
		}
	}
}

// TestWrapGBK: a page in GBK gets its chrome in GB18030, so that the whole
// page decodes.
func TestWrapGBK(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(`<html><head><meta charset="gbk"></head><body><p>规章</p></body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	for _, cms := range All {
		page := Wrap([]byte(gbk), cms, 1)
		if utf8.Valid(page) {
			t.Fatalf("%s: the page is UTF-8", cms)
		}
		text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(page)
		if err != nil || !utf8.Valid(text) || !bytes.Contains(text, []byte("网站标识码")) || !bytes.Contains(text, []byte("<p>规章</p>")) {
			t.Errorf("%s: the page does not decode as GB18030 (%v)", cms, err)
		}
	}
}

// TestWrapFragment: an article without <head> or <body> is the body.
func TestWrapFragment(t *testing.T) {
	page := string(Wrap([]byte(`<table><tr><td>规章</td></tr></table>`), Hanweb, 3))
	b := strings.Index(page, "<body>")
	if b < 0 || strings.Index(page, "<td>规章</td>") < b || strings.Index(page, "</body>") < strings.Index(page, "<td>规章</td>") {
		t.Errorf("the fragment is not inside the body")
	}
}
