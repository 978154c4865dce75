package adapters

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestCandidate(t *testing.T) {
	for text, want := range map[string]int{
		"甲县人民政府2023年政府信息公开工作年度报告":   2023,
		"乙县 2021 年 政府信息公开 年报":       2021,
		"丙市二〇二二年政府信息公开工作年度报告（超链版）":  2022,
		"2019年度政府信息公开工作年度报告.pdf":    2019,
		"关于做好2024年春节期间安全工作的通知":      0,
		"政府信息公开年报":                  0, // no year: a column, not a report
		"2020年部门决算":                 0,
		"某某局2018年政府信息公开工作年度报告":      2018,
		"　丁县\u00a02024年政务公开工作年度报告 ": 2024,
		"信访局2021年度政府信息公开工作报告":       2021,
		"市扶农办2016年度政府信息公开工作报告":      2016,
		"某局2022年度政务公开年度工作报告":        2022,
		"2023年度政府工作报告":              0,
		"2022年政府工作报告":               0,
	} {
		y, ok := Candidate(text)
		if ok != (want != 0) || y != want {
			t.Errorf("Candidate(%q) = %d, %v; want %d", text, y, ok, want)
		}
	}
}

func TestIsAttachmentAndSite(t *testing.T) {
	for u, want := range map[string]bool{
		"http://a.gov.cn/x/P020240129.pdf": true,
		"http://a.gov.cn/module/download/downfile.jsp?classid=0&filename=0123456789abcdef.docx": true,
		"http://a.gov.cn/x/t20240129_1.html":                                                    false,
		"http://a.gov.cn/x/report.WPS":                                                          true,
	} {
		if IsAttachment(u) != want {
			t.Errorf("IsAttachment(%s) != %v", u, want)
		}
	}
	if !SameSite("www.longyou.gov.cn", "file.longyou.gov.cn") || SameSite("www.longyou.gov.cn", "www.quzhou.gov.cn") {
		t.Error("SameSite on gov.cn hosts")
	}
	if SameSite("www.example.com", "evil.com") {
		t.Error("SameSite across domains")
	}
}

// TestDecodeAndAnchors: GBK bodies declared by header, by meta or not at
// all decode to the same links and text; base href and relative links
// resolve.
func TestDecodeAndAnchors(t *testing.T) {
	page := `<html><head>%s</head><body><base href="http://www.a.gov.cn/xxgk/"><a href="nb/1.html" title="甲县2023年政府信息公开工作年度报告">甲县2023年</a><a href="javascript:void(0)">x</a></body></html>`
	enc := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := map[string]struct {
		body []byte
		ct   string
	}{
		"header":     {enc(fmt.Sprintf(page, "")), "text/html; charset=GBK"},
		"meta":       {enc(fmt.Sprintf(page, `<meta charset="gb2312">`)), "text/html"},
		"undeclared": {enc(fmt.Sprintf(page, "")), "text/html"},
		"utf8":       {[]byte(fmt.Sprintf(page, "")), "text/html"},
	}
	for name, c := range cases {
		p := NewPage("http://www.a.gov.cn/index.html", c.body, c.ct)
		as := p.Anchors()
		if len(as) != 1 || as[0].URL != "http://www.a.gov.cn/xxgk/nb/1.html" || as[0].Text != "甲县2023年政府信息公开工作年度报告" {
			t.Errorf("%s: %+v", name, as)
		}
	}
}

// FuzzPage: any bytes under any content type decode and yield links
// without panicking, and every link is an absolute http(s) URL.
func FuzzPage(f *testing.F) {
	f.Add([]byte(`<a href="/nb/1.html" title="甲县2023年政府信息公开工作年度报告">x</a><base href="http://b/">`), "text/html; charset=gbk")
	f.Add([]byte("<a href=\"javascript:x\"><a href=//h/p>二〇二三年年报</a>"), "")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		p := NewPage("http://www.a.gov.cn/list/index.html", body, ct)
		for _, a := range p.Anchors() {
			if !strings.HasPrefix(a.URL, "http://") && !strings.HasPrefix(a.URL, "https://") {
				t.Fatalf("non-http link %q", a.URL)
			}
			Candidate(a.Text)
		}
	})
}

// The adapters decode with the extractor's decoder: GBK bytes served as
// charset=utf-8 (a mislabelled portal) give the link texts, not U+FFFD, so
// the report links are found.
func TestDecodeMislabelledCharset(t *testing.T) {
	html := `<ul><li><a href="/art/1.html">某县2023年政府信息公开工作年度报告</a></li></ul>`
	body, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(html))
	if err != nil {
		t.Fatal(err)
	}
	p := NewPage("http://www.x.gov.cn/list/", body, "text/html; charset=utf-8")
	if p.Text != html {
		t.Fatalf("decoded %q", p.Text)
	}
	col := NewCollector("http://www.x.gov.cn/list/")
	if n := col.AddAnchors(p.Anchors()); n != 1 || col.Links()[0].Year != 2023 {
		t.Errorf("candidates %d (%v)", n, col.Links())
	}
}
