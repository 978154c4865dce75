package adapters

import (
	"testing"
	"time"
)

func TestAnchorsCarryTheirRowDate(t *testing.T) {
	page := NewPage("http://www.x.gov.cn/zwgk/nb/index.html", []byte(`<html><body><ul class="list">
<li><a href="./202401/t20240129_1.html" title="某县2023年政府信息公开工作年度报告">某县2023年政府信息公开工作年度报告</a><span class="date">2024-01-29</span></li>
<li><span>[2023年3月5日]</span> <a href="/art/2023/3/5/art_1_2.html">某县2022年政府信息公开工作年度报告</a></li>
<li><a href="/a.html">某县2021年政府信息公开工作年度报告</a> <a href="/b.html">某县2020年政府信息公开工作年度报告</a> 2021-02-01</li>
<li><a href="/c.html">某县2019年政府信息公开工作年度报告</a></li>
</ul>
<table><tr><td><a href="/d.html">某县2018年政府信息公开工作年度报告</a></td><td>2019-01-20</td></tr></table>
</body></html>`), "text/html; charset=utf-8")
	want := map[string]string{
		"http://www.x.gov.cn/zwgk/nb/202401/t20240129_1.html": "2024-01-29",
		"http://www.x.gov.cn/art/2023/3/5/art_1_2.html":       "2023-03-05",
		"http://www.x.gov.cn/a.html":                          "", // two links in one row: whose date?
		"http://www.x.gov.cn/b.html":                          "",
		"http://www.x.gov.cn/c.html":                          "",
		"http://www.x.gov.cn/d.html":                          "2019-01-20",
	}
	got := map[string]string{}
	for _, a := range page.Anchors() {
		d := ""
		if !a.Date.IsZero() {
			d = a.Date.Format(time.DateOnly)
		}
		got[a.URL] = d
	}
	for u, w := range want {
		if g, ok := got[u]; !ok || g != w {
			t.Errorf("%s: date %q (found %v), want %q", u, g, ok, w)
		}
	}
	col := NewCollector(page.URL)
	col.AddAnchors(page.Anchors())
	for _, l := range col.Links() {
		if l.URL == "http://www.x.gov.cn/zwgk/nb/202401/t20240129_1.html" && l.Date.Format(time.DateOnly) != "2024-01-29" {
			t.Errorf("collected link lost its date: %+v", l)
		}
	}
}
