// Package portalpage puts a report article into the page a government
// portal serves around it: the head's meta tags, style sheets and scripts,
// the header with its menus, search forms and breadcrumb, the article's
// title block, related documents, link groups, the footer and the inline
// scripts of the site's CMS. It is test and benchmark equipment: the speed
// of extraction is measured on whole pages as portals publish them, not on
// table fragments.
//
// The shapes follow real article pages of the four content systems county
// portals run on (TRS, Hanweb jcms, Guangdong's gkmlpt, VSB): a TRS page of
// 平潭综合实验区 (www.pingtan.gov.cn, 2024, 110,000 characters of which the
// report is some 40,000) and a VSB page of some 100,000 characters with the
// article starting after 89,000. The sizes of the menus, link groups and
// scripts vary with a seed; the chrome is 40–85 KB (pages of
// 45–160 KB with the fixtures; the 120 real report pages of issue 11 average
// 142 KB).
//
// The chrome says nothing about the report: no year, no table heading, no
// report title but the article's own (the title block and the CMS's meta
// tags repeat the article's <title> when it has one; the related links
// are news). The article's head is kept first, so a <meta charset> stays
// where decoders look for it; a page that is not UTF-8 gets its chrome in
// GB18030.
package portalpage

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// CMS names a portal content system.
type CMS string

// The content systems.
const (
	TRS    CMS = "trs"
	Hanweb CMS = "hanweb"
	Gkmlpt CMS = "gkmlpt"
	VSB    CMS = "vsb"
)

// All is every CMS, in the order Mix cycles through them.
var All = []CMS{TRS, Hanweb, Gkmlpt, VSB}

// site is the portal a page belongs to.
type site struct {
	name   string // 青石县人民政府
	domain string
	code   string // 网站标识码
	rng    *rand.Rand
}

// Wrap returns article (a report page or fragment) as the portal running
// cms serves it. seed varies the site's name and the size of its chrome.
func Wrap(article []byte, cms CMS, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 0x9E3779B97F4A7C15))
	towns := []string{"青石", "临河", "东山", "安平", "白水", "云岭", "北塘", "南溪"}
	suffix := []string{"县", "区", "市"}
	place := towns[rng.IntN(len(towns))] + suffix[rng.IntN(len(suffix))]
	s := &site{name: place + "人民政府", domain: fmt.Sprintf("www.p%04d.gov.cn", rng.IntN(10000)), code: fmt.Sprintf("%010d", rng.Int64N(1e10)), rng: rng}
	head, body := split(article)
	title := titleOf(head)
	var c chrome
	switch cms {
	case Hanweb:
		c = s.hanweb(title)
	case Gkmlpt:
		c = s.gkmlpt(title)
	case VSB:
		c = s.vsb(title)
	default:
		c = s.trs(title)
	}
	enc := func(x string) []byte { return []byte(x) }
	if !utf8.Valid(article) {
		// A GBK page: its chrome is in the page's encoding too.
		e := simplifiedchinese.GB18030.NewEncoder()
		enc = func(x string) []byte {
			b, err := e.Bytes([]byte(x))
			if err != nil {
				return []byte(x)
			}
			return b
		}
	}
	var out bytes.Buffer
	out.WriteString("<!DOCTYPE html>\n<html>\n<head>\n")
	out.Write(head)
	out.Write(enc(c.head))
	out.WriteString("</head>\n<body>\n")
	out.Write(enc(c.top))
	out.Write(body)
	out.Write(enc(c.bottom))
	out.WriteString("</body>\n</html>\n")
	return out.Bytes()
}

// chrome is a page's furniture: what goes in the head, before the
// article and after it.
type chrome struct{ head, top, bottom string }

// split returns the inside of the article's <head> and <body> (all of it
// when it has no body).
func split(page []byte) (head, body []byte) {
	low := lowerASCII(page)
	if i := bytes.Index(low, []byte("<head")); i >= 0 {
		if j := bytes.IndexByte(low[i:], '>'); j >= 0 {
			if k := bytes.Index(low[i:], []byte("</head>")); k > j {
				head = page[i+j+1 : i+k]
			}
		}
	}
	i := bytes.Index(low, []byte("<body"))
	if i < 0 {
		return head, page
	}
	j := bytes.IndexByte(low[i:], '>')
	if j < 0 {
		return head, page
	}
	from := i + j + 1
	to := len(page)
	if k := bytes.LastIndex(low, []byte("</body>")); k >= from {
		to = k
	}
	return head, page[from:to]
}

// lowerASCII is bytes.ToLower for ASCII letters only: offsets stay those
// of b, whatever its encoding.
func lowerASCII(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// titleOf returns the text of the <title> in head, or "".
func titleOf(head []byte) string {
	low := lowerASCII(head)
	i := bytes.Index(low, []byte("<title>"))
	if i < 0 {
		return ""
	}
	j := bytes.Index(low[i:], []byte("</title>"))
	if j < 0 || !utf8.Valid(head[i+7:i+j]) {
		return ""
	}
	return strings.TrimSpace(string(head[i+7 : i+j]))
}

// Column names of a county portal's menus.
var (
	sections = []string{"首页", "政务公开", "解读回应", "办事服务", "互动交流", "走进本地", "数据开放"}
	columns  = []string{"政府信息公开", "领导之窗", "政府机构", "要闻动态", "政府会议", "最新文件", "政策文件库", "政府工作报告",
		"公示公告", "规划信息", "人事信息", "统计信息", "财政资金", "重点领域信息公开", "专题专栏", "政策解读", "新闻发布会",
		"回应关切", "网上办事大厅", "便民服务", "在线访谈", "网上调查", "民意征集", "知识库", "建议提案办理", "营商环境", "乡村振兴"}
	departments = []string{"发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局",
		"人力资源和社会保障局", "自然资源局", "生态环境分局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
		"文化和旅游局", "卫生健康局", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局"}
	media = []string{"人民网", "新华网", "央视网", "中国政府网", "省政府门户网站", "省人大", "省政协", "日报", "晚报", "电视台",
		"新浪", "网易", "搜狐", "信用中国", "信用省份", "数字中国建设峰会", "人才市场"}
	newsWords = []string{"召开", "部署", "推进", "开展", "调研", "专题会议", "工作会议", "检查", "座谈会", "培训", "现场会", "动员会"}
)

// pick returns n names from list (with repeats when n is larger).
func (s *site) pick(list []string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = list[s.rng.IntN(len(list))]
	}
	return out
}

// between returns a number in [lo, hi].
func (s *site) between(lo, hi int) int { return lo + s.rng.IntN(hi-lo+1) }

// newsTitle is the title of a news item or document in a related list.
func (s *site) newsTitle() string {
	d := departments[s.rng.IntN(len(departments))]
	return s.name[:len(s.name)-len("人民政府")] + d + newsWords[s.rng.IntN(len(newsWords))] + "工作" + []string{"情况", "通知", "简报", "公告"}[s.rng.IntN(4)]
}

// date is a publication date.
func (s *site) date() string {
	return fmt.Sprintf("2025-%02d-%02d", s.between(1, 12), s.between(1, 28))
}

// script is an inline script of n repeated statements, as CMS pages carry
// (configuration objects, menu handlers, statistics counters).
func (s *site) script(n int) string {
	stmts := []string{
		`      if ($("#file_ul_fj").children("li").length <= 0) { $("#file_xmb").hide(); }` + "\n",
		`      $(".menu li").hover(function(){ $(this).addClass("on").siblings().removeClass("on"); });` + "\n",
		`      var relnews = avalon.define({ $id: "relnews", list: [], list1: [], isShow: false });` + "\n",
		`      $.ajax({ url: "/api/search", type: "post", data: { channelid: 100600, classsql: "(docid2=" + docid + ")" }, success: function (s) { if (s.data.length > 0) { for (var m = 0; m < s.data.length; m++) { arr.push(s.data[m].docid2); } } } });` + "\n",
		`      document.getElementById("fontsize").onclick = function () { var z = document.getElementById("zoom"); z.style.fontSize = "16px"; };` + "\n",
		`      _hmt.push(['_trackPageview', location.pathname + location.search]); // 统计` + "\n",
	}
	var b strings.Builder
	b.WriteString("<script type=\"text/javascript\">\n")
	for i := 0; i < n; i++ {
		b.WriteString(stmts[s.rng.IntN(len(stmts))])
	}
	b.WriteString("</script>\n")
	return b.String()
}

// friendLinks is the footer's link groups (部门网站, 县区网站, 媒体 …).
func (s *site) friendLinks(groups, per int, li string) string {
	var b strings.Builder
	names := []string{"部门网站", "乡镇网站", "省内网站", "新闻媒体", "其他"}
	for g := 0; g < groups; g++ {
		fmt.Fprintf(&b, "\t\t\t\t\t<li class=\"trt-col-6\" ms-click=\"$tog2(%d)\" ms-class=\"on:curr===%d\">\n\t\t\t\t\t\t<p>%s</p>\n\t\t\t\t\t\t<div class=\"shadow_base\" Id=\"yqlj_%d\">\n\t\t\t\t\t\t\t<ul class=\"trt-row\">\n", g, g, names[g%len(names)], g)
		list := departments
		if g%2 == 1 {
			list = media
		}
		for _, n := range s.pick(list, per) {
			fmt.Fprintf(&b, "\t\t\t\t\t\t\t\t\n\t\t\t\t\t\t\t\t\t<li class=\"%s\">\n\t\t\t\t\t\t\t\t\t\t<a href=\"https://www.d%04d.gov.cn/\" target=\"_blank\" title=\"%s\">%s</a>\n\t\t\t\t\t\t\t\t\t</li>\n", li, s.rng.IntN(10000), n, n)
		}
		b.WriteString("\t\t\t\t\t\t\t</ul>\n\t\t\t\t\t\t</div>\n\t\t\t\t\t</li>\n")
	}
	return b.String()
}
