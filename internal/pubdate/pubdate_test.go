package pubdate

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPage(t *testing.T) {
	for _, c := range []struct{ name, page, want string }{
		{"TRS meta", `<html><head><meta name="PubDate" content="2024-01-29 10:22"><title>x</title></head><body>发布时间：2023-12-01</body></html>`, "2024-01-29"},
		{"Hanweb meta lower case, content first", `<head><meta content="2024-01-30 08:00:00" name="pubdate"/></head><body></body>`, "2024-01-30"},
		{"publishdate", `<head><META NAME="publishdate" CONTENT="2023/3/5"></head>`, "2023-03-05"},
		{"article:published_time", `<head><meta property="article:published_time" content="2025-02-14T09:00:00+08:00"></head>`, "2025-02-14"},
		{"Hanweb text", `<div class="info">发布时间：2024-01-30 15:04 &nbsp; 来源：某某县人民政府</div><div id="zoom">…</div>`, "2024-01-30"},
		{"label and value in cells", `<table><tr><td>发布日期：</td><td><span>2022年3月28日</span></td></tr></table>`, "2022-03-28"},
		{"traditional", `<p>發布時間：2024-02-03 09:00</p>`, "2024-02-03"},
		{"VSB", `<div class="v_news_time">发布时间：2021年01月19日 &nbsp;来源：</div>`, "2021-01-19"},
		{"first line wins over related links", `<p>发布日期：2024-03-01</p><ul><li>发布日期：2019-01-01</li></ul>`, "2024-03-01"},
		{"full-width colon and spaces", "<p>发布日期 ： 2020 - 1 - 9</p>", "2020-01-09"},
		{"a meta with another name is ignored", `<head><meta name="Maketime" content="2026-05-01"></head><p>发布时间：2025-03-20</p>`, "2025-03-20"},
	} {
		got, ok := Page(c.page)
		if !ok || !got.Equal(day(c.want)) {
			t.Errorf("%s: Page = %s %v, want %s", c.name, got.Format("2006-01-02"), ok, c.want)
		}
	}
	for _, bad := range []string{
		`<p>本报告数据统计期限为2023年1月1日至12月31日。</p>`,
		`<p>发布时间：2024-02-30</p>`,
		`<head><meta name="pubdate" content="unknown"></head>`,
		`<script>var s = "发布时间：2024-01-01";</script><p>正文</p>`,
	} {
		if got, ok := Page(bad); ok {
			t.Errorf("Page(%q) = %s, want no date", bad, got)
		}
	}
}

func TestURL(t *testing.T) {
	for _, c := range []struct {
		url, want string
		src       Source
	}{
		{"http://www.d370685.gov.cn/zwgk/zfxxgknb/202401/t20240129_4412345.html", "2024-01-29", SourceURL},
		{"http://www.x.gov.cn/zwgk/zfxxgknb/202401/P020240129573984569842.pdf", "2024-01-29", SourceURL},
		{"http://www.x.gov.cn/art/2024/1/30/art_1229000123_59876.html", "2024-01-30", SourceURL},
		{"https://shanghai.gov.cn/nw12344/20230331/4a03b5fa47ae4c73b7ec42801de6be66.html", "2023-03-31", SourceURL},
		{"http://www.x.gov.cn/xxgk/2023/3/5/123.html", "2023-03-05", SourceURL},
		{"http://www.x.gov.cn/zwgk/zfxxgknb/202401/index.html", "2024-01-01", SourceURLMonth},
	} {
		got, src, ok := URL(c.url)
		if !ok || !got.Equal(day(c.want)) || src != c.src {
			t.Errorf("URL(%s) = %s %s %v, want %s %s", c.url, got.Format("2006-01-02"), src, ok, c.want, c.src)
		}
	}
	for _, u := range []string{
		"http://www.x.gov.cn/gkmlpt/content/2/2871/post_2871234.html",
		"http://www.x.gov.cn/info/1234/5678.htm",
		"http://www.x.gov.cn/xxgk/ndbg/2024/8123.html",
		"http://www.x.gov.cn/zwgk/202413/t20241340_1.html", // no 13th month
		"http://www20240129.gov.cn/index.html",
	} {
		if got, src, ok := URL(u); ok {
			t.Errorf("URL(%s) = %s %s, want no date", u, got, src)
		}
	}
}

func TestParseListDates(t *testing.T) {
	for in, want := range map[string]string{
		"2024-01-29":       "2024-01-29",
		" 2024年1月9日 ":      "2024-01-09",
		"2023.12.31":       "2023-12-31",
		"1706490000":       "2024-01-29", // 2024-01-29 01:00 UTC+8 as gkmlpt's create_time
		"1706490000000":    "2024-01-29",
		"2024-01-29 10:00": "2024-01-29",
	} {
		got, ok := Parse(in)
		if !ok || !got.Equal(day(want)) {
			t.Errorf("Parse(%q) = %s %v, want %s", in, got.Format("2006-01-02"), ok, want)
		}
	}
	for _, bad := range []string{"", "昨天", "2024-13-01", "共12条"} {
		if got, ok := Parse(bad); ok {
			t.Errorf("Parse(%q) = %s, want none", bad, got)
		}
	}
	if !SourcePage.Evidence() || !SourceList.Evidence() || SourceArchive.Evidence() {
		t.Error("only the archive date is not evidence")
	}
}
