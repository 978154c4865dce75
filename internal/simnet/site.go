package simnet

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
)

// How a home page writes its main menu.
type navStyle int

const (
	navList      navStyle = iota // <ul><li><a>label</a>
	navTitleOnly                 // <a title="label"><span class="ico"></span></a>: no text
	navImages                    // <a><img alt="label"></a>
	navScript                    // a JSON menu that a script renders
	navOnclick                   // <td onclick="location.href='…'">label</td>
	navDocWrite                  // document.write('<li><a href=…>label</a></li>')
	navStyles
)

// How a hub writes the link to the report column.
type linkStyle int

const (
	linkText      linkStyle = iota // plain text
	linkTruncated                  // "政府信息公开工..." with the full name in title
	linkImage                      // an icon whose alt names it
	linkStyles
)

// siteLink is a link of the site's navigation.
type siteLink struct {
	path, label string
}

// Kinds of site pages.
const (
	pageHome  = "home"
	pageHub   = "hub"
	pageHub2  = "hub2"
	pageIndex = "index"
	pageJunk  = "junk"
)

// siteLayout is a portal's home page and 政务公开 section: a menu in one of
// navStyles, a hub with dozens of columns (look-alikes among them), the
// column on the hub or only on a second-level hub, sometimes behind a 年报
// index page that also lists the sub-columns. It is drawn from its own
// random stream, so the documents and figures do not depend on it.
type siteLayout struct {
	homePath string
	stub     bool // "/" answers a redirect stub to homePath
	nav      navStyle
	navLinks []siteLink // the hub among them
	hub      siteLink
	hub2     siteLink // path "" when the column sits on the first hub
	hubLinks []siteLink
	hub2Lnks []siteLink
	column   siteLink // the own column as the navigation names it
	colStyle linkStyle
	index    siteLink // a 年报 index page (own + sub-columns), path "" for none
	own      string   // the own column's name on the index page
	subs     []siteLink
	// homeColumn: the home page links the column from a quick-links box;
	// latest: it shows the newest report under 最新公开.
	homeColumn, latest bool
	pages              map[string]string // path → page kind
	junk               map[string]string // junk page path → its label
}

var (
	hubLabels    = []string{"政务公开", "政务公开", "政务公开", "信息公开", "政府信息公开", "政务公开专栏", "公开"}
	hub2Labels   = []string{"政府信息公开", "法定主动公开内容", "政府信息公开目录", "信息公开目录", "主动公开", "政府信息公开专栏"}
	columnLabels = []string{"政府信息公开年报", "政府信息公开年度报告", "政府信息公开工作年度报告", "信息公开年报", "政务公开年报",
		"年度报告", "工作年报", "年报", "政府信息公开工作年报", "公开年报", "政府信息公开年报专栏"}
	deptLabels = []string{"部门年报", "部门信息公开年报", "部门政府信息公开年报", "部门政府信息公开工作年度报告", "%s直部门年报"}
	townLabels = []string{"乡镇年报", "乡镇（街道）年报", "镇街年报", "乡镇政府信息公开年报", "乡镇（街道）政府信息公开工作年度报告"}
	ownLabels  = []string{"本级年报", "%s政府年报", "政府年报", "%s人民政府年报", "本级政府信息公开年报"}
	// lookalikes are columns a careless crawler takes for the report column.
	lookalikes = []siteLink{{"zfgzbg", "政府工作报告"}, {"ndgzbg", "年度工作报告"}, {"bmjs", "部门决算"}, {"bmys", "部门预算"},
		{"jxbg", "年度绩效报告"}, {"tjnj", "统计年鉴"}, {"tjgb", "统计公报"}, {"zcjd", "政策解读"}, {"nbjd", "年报解读"},
		{"tjnb", "图解年报"}, {"qynb", "企业年报公示"}, {"tjnb2", "统计年报"}, {"wzbb", "政府网站工作年度报表"}}
	fillers = []siteLink{{"jgzn", "机构职能"}, {"zcwj", "政策文件"}, {"ghjh", "规划计划"}, {"rsxx", "人事信息"}, {"czxx", "财政信息"},
		{"zdly", "重点领域信息公开"}, {"jytabl", "建议提案办理"}, {"cwhy", "政府常务会议"}, {"yjgl", "应急管理"},
		{"ggzypz", "公共资源配置"}, {"zdjsxm", "重大建设项目"}, {"shgysy", "社会公益事业"}, {"qzqd", "权责清单"},
		{"xzzf", "行政执法公示"}, {"ssjygk", "双随机一公开"}, {"jsjf", "减税降费"}, {"xczx", "乡村振兴"}, {"zfgb", "政府公报"},
		{"xwfbh", "新闻发布会"}, {"zfxxgkzn", "政府信息公开指南"}, {"zfxxgkzd", "政府信息公开制度"}, {"ysqgk", "依申请公开"},
		{"zfcg", "政府采购"}, {"hjbh", "环境保护"}, {"aqsc", "安全生产"}, {"spyp", "食品药品"}, {"jyxx", "教育信息"},
		{"ylws", "医疗卫生"}, {"shbz", "社会保障"}, {"jyfw", "就业服务"}, {"zfjs", "住房建设"}, {"jtys", "交通运输"}}
	navFillers = []siteLink{{"zwdt", "政务动态"}, {"xwzx", "新闻中心"}, {"zwfw", "政务服务"}, {"hdjl", "互动交流"}, {"zmhd", "政民互动"},
		{"zjwm", "走进%s"}, {"ztzl", "专题专栏"}, {"bmfw", "便民服务"}}
)

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// buildSite draws p's home page and 政务公开 section.
func (n *Network) buildSite(p *portal) *siteLayout {
	rng := n.rng("site", p.info.Code)
	s := &siteLayout{pages: map[string]string{}, junk: map[string]string{}}
	s.nav = navStyle(rng.IntN(int(navStyles)))
	s.stub = rng.IntN(8) == 0
	s.colStyle = linkStyle(rng.IntN(int(linkStyles)))
	s.homeColumn = rng.IntN(10) == 0
	s.latest = rng.IntN(4) == 0
	twoLevel := rng.IntN(5) < 2
	short := strings.TrimSuffix(strings.TrimSuffix(p.info.Name, "自治县"), "县")
	level := string([]rune(p.info.Name)[len([]rune(p.info.Name))-1:])
	// paths in the CMS's manner
	colPath := strings.TrimPrefix(p.info.ListURL, "http://"+p.info.Host)
	var dir func(slug string, top bool) string
	hanwebCol := 1228000000 + int64(rng.IntN(900000))
	switch p.info.Adapter {
	case AdapterHanweb:
		s.homePath = "/index.html"
		dir = func(string, bool) string {
			hanwebCol += int64(1 + rng.IntN(40))
			return fmt.Sprintf("/col/col%d/index.html", hanwebCol)
		}
	case AdapterVSB:
		s.homePath = "/index.htm"
		hubDir := pick(rng, []string{"/zwgk", "/xxgk"})
		dir = func(slug string, top bool) string {
			if top {
				return "/" + slug + ".htm"
			}
			return hubDir + "/" + slug + ".htm"
		}
	default:
		s.homePath = pick(rng, []string{"/index.html", "/index.shtml", "/portal/index.html"})
		if p.info.Adapter == AdapterTRS {
			s.homePath = pick(rng, []string{"/index.html", "/index.shtml"})
		}
		hubDir := pick(rng, []string{"/zwgk/", "/xxgk/", "/gk/"})
		dir = func(slug string, top bool) string {
			if top {
				return "/" + slug + "/"
			}
			return hubDir + slug + "/"
		}
	}
	s.hub = siteLink{dir(pick(rng, []string{"zwgk", "xxgk", "zfxxgk"}), true), pick(rng, hubLabels)}
	if p.info.Adapter == AdapterVSB || p.info.Adapter == AdapterGeneric || p.info.Adapter == AdapterGkmlpt {
		s.hub.path = dir("zwgk", true)
		if p.info.Adapter == AdapterVSB {
			s.hub.path = "/zwgk.htm"
		}
	}
	s.column = siteLink{colPath, pick(rng, columnLabels)}
	if p.info.Adapter == AdapterGkmlpt {
		switch rng.IntN(3) {
		case 0: // the catalogue itself, named as a hub
			s.column = siteLink{"/gkmlpt/index", pick(rng, []string{"政府信息公开", "政府信息公开目录", "信息公开目录"})}
		case 1:
			s.column.path = "/gkmlpt/annualreport"
		default:
			s.column.path = fmt.Sprintf("/gkmlpt/annualreport#%d", p.catID)
		}
	}
	if twoLevel {
		s.hub2 = siteLink{dir(pick(rng, []string{"zfxxgk", "fdzdgknr", "xxgkml"}), false), pick(rng, hub2Labels)}
	}
	// sub-columns and the 年报 index page
	for _, sub := range p.subs {
		label := pick(rng, townLabels)
		if sub.scope == ScopeDepartment {
			label = pick(rng, deptLabels)
			if strings.Contains(label, "%s") {
				label = fmt.Sprintf(label, level)
			}
		}
		s.subs = append(s.subs, siteLink{strings.TrimPrefix(sub.info.ListURL, "http://"+p.info.Host), label})
	}
	if len(s.subs) > 0 && rng.IntN(2) == 0 {
		s.index = siteLink{dir("nbzl", false), s.column.label}
		s.own = pick(rng, ownLabels)
		if strings.Contains(s.own, "%s") {
			s.own = fmt.Sprintf(s.own, level)
			if strings.Contains(s.own, "人民政府") {
				s.own = strings.Replace(s.own, level, p.info.Name, 1)
			}
		}
	}
	// the menu and the hubs' other columns
	for _, f := range navFillers {
		if rng.IntN(3) > 0 {
			label := f.label
			if strings.Contains(label, "%s") {
				label = fmt.Sprintf(label, short)
			}
			s.navLinks = append(s.navLinks, siteLink{dir(f.path, true), label})
		}
	}
	at := rng.IntN(len(s.navLinks) + 1)
	s.navLinks = append(s.navLinks[:at], append([]siteLink{s.hub}, s.navLinks[at:]...)...)
	s.hubLinks = s.drawColumns(rng, dir, 14+rng.IntN(13), 4+rng.IntN(4))
	if twoLevel {
		s.hub2Lnks = s.drawColumns(rng, func(slug string, _ bool) string {
			if p.info.Adapter == AdapterHanweb {
				return dir(slug, false)
			}
			return strings.TrimSuffix(strings.TrimSuffix(s.hub2.path, ".htm"), "/") + "/" + slug + map[bool]string{true: ".htm", false: "/"}[p.info.Adapter == AdapterVSB]
		}, 6+rng.IntN(8), 2+rng.IntN(3))
	}
	s.pages["/"] = pageHome
	s.pages[s.homePath] = pageHome
	s.pages[s.hub.path] = pageHub
	if s.hub2.path != "" {
		s.pages[s.hub2.path] = pageHub2
	}
	if s.index.path != "" {
		s.pages[s.index.path] = pageIndex
	}
	for _, l := range append(append(append([]siteLink(nil), s.navLinks...), s.hubLinks...), s.hub2Lnks...) {
		if _, ok := s.pages[l.path]; !ok {
			s.pages[l.path] = pageJunk
			s.junk[l.path] = l.label
		}
	}
	return s
}

// drawColumns draws the ordinary columns and look-alikes of a hub.
func (s *siteLayout) drawColumns(rng *rand.Rand, dir func(string, bool) string, nFill, nLook int) []siteLink {
	fs := append([]siteLink(nil), fillers...)
	rng.Shuffle(len(fs), func(i, j int) { fs[i], fs[j] = fs[j], fs[i] })
	ls := append([]siteLink(nil), lookalikes...)
	rng.Shuffle(len(ls), func(i, j int) { ls[i], ls[j] = ls[j], ls[i] })
	var out []siteLink
	for _, f := range fs[:min(nFill, len(fs))] {
		out = append(out, siteLink{dir(f.path, false), f.label})
	}
	for _, l := range ls[:min(nLook, len(ls))] {
		out = append(out, siteLink{dir(l.path, false), l.label})
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// href is how a site page links target: relative on TRS and VSB sites.
func (p *portal) href(from, target string) string {
	if strings.HasPrefix(target, "http") {
		return target
	}
	if strings.HasSuffix(from, "/") {
		from += "index.html"
	}
	return html.EscapeString(p.relHref(from, target))
}

// sitePage renders a page of the site, or "" when path is none.
func (n *Network) sitePage(p *portal, path string) (string, bool) {
	s := p.site
	if path == "/" && s.stub {
		return s.stubPage(p), true
	}
	switch s.pages[path] {
	case pageHome:
		return n.homePage(p, path), true
	case pageHub:
		return n.hubPage(p, path, s.hub, s.hubLinks, s.hub2.path == ""), true
	case pageHub2:
		return n.hubPage(p, path, s.hub2, s.hub2Lnks, true), true
	case pageIndex:
		return n.indexPage(p, path), true
	case pageJunk:
		return n.junkPage(p, path, s.junk[path]), true
	}
	return "", false
}

func (s *siteLayout) stubPage(p *portal) string {
	if p.idx%2 == 0 {
		return `<html><head><meta http-equiv="refresh" content="0; url=` + s.homePath + `"></head><body></body></html>` + "\n"
	}
	return "<html><head><script type=\"text/javascript\">window.location.href = \"" + s.homePath + "\";</script></head><body></body></html>\n"
}

// siteHead opens a site page in the portal's encoding.
func (p *portal) siteHead(title string) string {
	gov := p.info.Name + "人民政府"
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html>\n<head>\n")
	switch p.encoding {
	case EncUTF8:
		b.WriteString(`<meta charset="utf-8">` + "\n")
	case EncGBKMeta:
		b.WriteString(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` + "\n")
	}
	b.WriteString(`<meta name="SiteName" content="` + html.EscapeString(gov) + `">` + "\n")
	if title != "" {
		b.WriteString(`<meta name="ColumnName" content="` + html.EscapeString(title) + `">` + "\n")
		title += "_"
	}
	b.WriteString("<title>" + html.EscapeString(title+gov) + "</title>\n")
	switch p.info.Adapter {
	case AdapterVSB:
		b.WriteString(`<script type="text/javascript" src="/system/resource/js/vsbscreen.min.js" id="_vsbscreen"></script>` + "\n")
	case AdapterHanweb:
		b.WriteString(`<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>` + "\n")
	}
	b.WriteString("</head>\n<body>\n")
	return b.String()
}

func (p *portal) siteFoot() string {
	return `<div class="footer"><p>主办单位：` + html.EscapeString(p.info.Name) + `人民政府办公室 &nbsp; 网站标识码：` + p.info.Code +
		"0001</p></div>\n</body>\n</html>\n"
}

// navHTML writes the main menu in the site's style.
func (p *portal) navHTML(from string) string {
	s := p.site
	links := append([]siteLink{{s.homePath, "首页"}}, s.navLinks...)
	var b strings.Builder
	switch s.nav {
	case navScript:
		b.WriteString("<div id=\"nav\"></div>\n<script type=\"text/javascript\">\nvar navData = [\n")
		for i, l := range links {
			sep := ","
			if i == len(links)-1 {
				sep = ""
			}
			fmt.Fprintf(&b, "  {\"id\":\"%d\",\"name\":\"%s\",\"url\":\"%s\"}%s\n", 100+i, l.label, l.path, sep)
		}
		b.WriteString("];\nvar h = '';\nfor (var i = 0; i < navData.length; i++) { h += '<li><a href=\"' + navData[i].url + '\">' + navData[i].name + '</a></li>'; }\n" +
			"document.getElementById('nav').innerHTML = '<ul>' + h + '</ul>';\n</script>\n")
	case navDocWrite:
		b.WriteString("<div class=\"nav\"><ul>\n<script type=\"text/javascript\">\n")
		for _, l := range links {
			fmt.Fprintf(&b, "document.write('<li><a href=\"%s\" target=\"_blank\">%s</a></li>');\n", p.href(from, l.path), l.label)
		}
		b.WriteString("</script>\n</ul></div>\n")
	case navOnclick:
		b.WriteString("<table class=\"nav\" width=\"100%\"><tr>\n")
		for _, l := range links {
			fmt.Fprintf(&b, "<td class=\"navtd\" onclick=\"window.location.href='%s'\">%s</td>\n", p.href(from, l.path), l.label)
		}
		b.WriteString("</tr></table>\n")
	default:
		b.WriteString("<div class=\"nav\"><ul>\n")
		for i, l := range links {
			h := p.href(from, l.path)
			switch s.nav {
			case navTitleOnly:
				fmt.Fprintf(&b, "<li><a href=\"%s\" title=\"%s\"><span class=\"ico ico%d\"></span></a></li>\n", h, l.label, i)
			case navImages:
				fmt.Fprintf(&b, "<li><a href=\"%s\"><img src=\"/images/nav%02d.png\" alt=\"%s\"></a></li>\n", h, i, l.label)
			default:
				fmt.Fprintf(&b, "<li><a href=\"%s\" target=\"_blank\">%s</a></li>\n", h, l.label)
			}
		}
		b.WriteString("</ul></div>\n")
	}
	return b.String()
}

// homePage is the portal's front page: the menu, news, a box of special
// topics (look-alikes), sometimes the column itself or the newest report.
func (n *Network) homePage(p *portal, from string) string {
	s := p.site
	if from == "/" {
		from = s.homePath
	}
	var b strings.Builder
	b.WriteString(p.siteHead(""))
	b.WriteString(`<div class="header"><div class="logo"><img src="/images/logo.png" alt="` + html.EscapeString(p.info.Name) + `人民政府"></div></div>` + "\n")
	b.WriteString(p.navHTML(from))
	rng := n.rng("homepage", p.info.Code)
	b.WriteString("<div class=\"news\"><div class=\"tit\">要闻动态</div><ul>\n")
	for k := range 4 + rng.IntN(4) {
		y := n.cfg.Years[len(n.cfg.Years)-1] + 1
		title := fmt.Sprintf("%s召开%s工作会议", p.info.Name, pick(rng, []string{"政务公开", "安全生产", "乡村振兴", "营商环境", "防汛"}))
		if k == 2 {
			title = fmt.Sprintf("关于做好%d年政府信息公开工作年度报告编制发布工作的通知", y-1)
		}
		fmt.Fprintf(&b, "<li><a href=\"%s\" title=\"%s\">%s</a><span>%d-%02d-%02d</span></li>\n",
			p.href(from, fmt.Sprintf("/zwdt/%d%02d/t%d%02d%02d_%d.html", y, 1+k, y, 1+k, 3+k, 4800000+rng.IntN(99999))),
			title, html.EscapeString(title), y, 1+k, 3+k)
	}
	b.WriteString("</ul></div>\n")
	if s.latest {
		if d := n.newestGovReport(p); d != nil {
			fmt.Fprintf(&b, "<div class=\"zxgk\"><div class=\"tit\">最新公开</div><ul><li><a href=\"%s\" title=\"%s\">%s</a></li></ul></div>\n",
				p.href(from, d.path), html.EscapeString(d.title), html.EscapeString(d.title))
		}
	}
	b.WriteString("<div class=\"ztzl\">\n")
	for _, l := range s.hubLinks {
		if isLookalike(l.label) && rng.IntN(2) == 0 {
			fmt.Fprintf(&b, "<a href=\"%s\"><img src=\"/images/zt_%d.jpg\" alt=\"%s\"></a>\n", p.href(from, l.path), rng.IntN(100), l.label)
		}
	}
	if s.homeColumn {
		fmt.Fprintf(&b, "<a href=\"%s\"><img src=\"/images/kj_nb.png\" alt=\"%s\"></a>\n", p.href(from, s.column.path), s.column.label)
	}
	b.WriteString("</div>\n")
	b.WriteString(p.siteFoot())
	return b.String()
}

func isLookalike(label string) bool {
	for _, l := range lookalikes {
		if l.label == label {
			return true
		}
	}
	return false
}

// newestGovReport is the newest published government report of p.
func (n *Network) newestGovReport(p *portal) *document {
	for _, d := range n.visibleDocs(p) {
		if d.kind == KindGovernment && d.attachLink == "" && d.blocked == "" {
			return d
		}
	}
	return nil
}

// position is the breadcrumb of a site page in the CMS's manner.
func (p *portal) position(from string, trail ...siteLink) string {
	var b strings.Builder
	cls := map[string]string{AdapterTRS: "position", AdapterHanweb: "bt-position", AdapterVSB: "dqwz"}[p.info.Adapter]
	if cls == "" {
		cls = "crumb"
	}
	b.WriteString(`<div class="` + cls + `">当前位置：<a href="` + p.href(from, p.site.homePath) + `">首页</a>`)
	for _, l := range trail {
		b.WriteString(` &gt; <a href="` + p.href(from, l.path) + `">` + html.EscapeString(l.label) + `</a>`)
	}
	b.WriteString("</div>\n")
	return b.String()
}

// columnLink writes the link to a column in the hub's style.
func (p *portal) columnLink(from string, l siteLink, style linkStyle) string {
	h := p.href(from, l.path)
	switch r := []rune(l.label); {
	case style == linkTruncated && len(r) > 7:
		return fmt.Sprintf(`<a href="%s" target="_blank" title="%s">%s...</a>`, h, l.label, string(r[:6]))
	case style == linkImage:
		return fmt.Sprintf(`<a href="%s" target="_blank"><img src="/images/lm_nb.png" alt="%s"></a>`, h, l.label)
	}
	return fmt.Sprintf(`<a href="%s" target="_blank">%s</a>`, h, l.label)
}

// hubPage is a 政务公开 hub: dozens of columns, and the report column (or
// the second-level hub, or the 年报 index page) among them.
func (n *Network) hubPage(p *portal, path string, self siteLink, links []siteLink, hasColumn bool) string {
	s := p.site
	trail := []siteLink{s.hub}
	if self != s.hub {
		trail = append(trail, self)
	}
	var items []string
	for _, l := range links {
		items = append(items, fmt.Sprintf(`<a href="%s" target="_blank">%s</a>`, p.href(path, l.path), l.label))
	}
	var special []string
	switch {
	case !hasColumn:
		special = append(special, fmt.Sprintf(`<a href="%s" target="_blank">%s</a>`, p.href(path, s.hub2.path), s.hub2.label))
	case s.index.path != "":
		special = append(special, p.columnLink(path, s.index, s.colStyle))
	default:
		special = append(special, p.columnLink(path, s.column, s.colStyle))
		for _, sub := range s.subs {
			special = append(special, p.columnLink(path, sub, s.colStyle))
		}
	}
	// the special links go somewhere in the middle of the grid
	at := len(items) / 2
	items = append(items[:at], append(special, items[at:]...)...)
	var b strings.Builder
	b.WriteString(p.siteHead(self.label))
	b.WriteString(p.navHTML(path))
	b.WriteString(p.position(path, trail...))
	if p.info.Adapter == AdapterHanweb || p.info.Adapter == AdapterVSB {
		b.WriteString("<table class=\"gklm\" width=\"100%\">\n")
		for i := 0; i < len(items); i += 4 {
			b.WriteString("<tr>")
			for _, it := range items[i:min(i+4, len(items))] {
				b.WriteString("<td>" + it + "</td>")
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</table>\n")
	} else {
		b.WriteString("<div class=\"zwgk-list\"><ul>\n")
		for _, it := range items {
			b.WriteString("<li>" + it + "</li>\n")
		}
		b.WriteString("</ul></div>\n")
	}
	b.WriteString(p.siteFoot())
	return b.String()
}

// indexPage is a 年报 page that lists the own column and the sub-columns.
func (n *Network) indexPage(p *portal, path string) string {
	s := p.site
	var b strings.Builder
	b.WriteString(p.siteHead(s.index.label))
	b.WriteString(p.position(path, s.hub, s.index))
	b.WriteString("<div class=\"nbzl\"><h3>" + html.EscapeString(s.index.label) + "</h3><ul>\n")
	b.WriteString("<li>" + p.columnLink(path, siteLink{s.column.path, s.own}, linkText) + "</li>\n")
	for _, sub := range s.subs {
		b.WriteString("<li>" + p.columnLink(path, sub, linkText) + "</li>\n")
	}
	b.WriteString("</ul></div>\n")
	b.WriteString(p.siteFoot())
	return b.String()
}

// junkPage is any other column: a few items, none a report (the
// look-alikes list what their names say: 图解 of the report, 政府工作报告 …).
func (n *Network) junkPage(p *portal, path, label string) string {
	rng := n.rng("junk", p.info.Code, path)
	gov := p.info.Name + "人民政府"
	var b strings.Builder
	b.WriteString(p.siteHead(label))
	b.WriteString(p.position(path, siteLink{path, label}))
	b.WriteString("<ul class=\"list\">\n")
	last := n.cfg.Years[len(n.cfg.Years)-1]
	for k := range 3 + rng.IntN(4) {
		y := last - k
		var title string
		switch label {
		case "政府工作报告", "年度工作报告":
			title = fmt.Sprintf("%d年%s工作报告", y+1, gov)
		case "部门决算", "部门预算":
			title = fmt.Sprintf("%s%s%d年%s", p.info.Name, pick(rng, departments), y, label)
		case "年度绩效报告":
			title = fmt.Sprintf("%s%d年度绩效报告", p.info.Name, y)
		case "统计公报", "统计年鉴", "统计年报":
			title = fmt.Sprintf("%s%d年国民经济和社会发展统计公报", p.info.Name, y)
		case "政策解读", "年报解读", "图解年报":
			title = fmt.Sprintf("%s：%s%d年政府信息公开工作年度报告", pick(rng, []string{"图解", "一图读懂", "解读"}), gov, y)
		case "企业年报公示":
			title = fmt.Sprintf("关于开展%d年度企业年报公示工作的通告", y)
		default:
			title = fmt.Sprintf("%s%s（%d年第%d期）", p.info.Name, label, y, 1+rng.IntN(4))
		}
		link := strings.TrimSuffix(strings.TrimSuffix(path, "index.html"), ".htm")
		if !strings.HasSuffix(link, "/") {
			link += "/"
		}
		fmt.Fprintf(&b, "<li><a href=\"%s\" title=\"%s\">%s</a><span>%d-03-%02d</span></li>\n",
			p.href(path, fmt.Sprintf("%s%d03/t%d03%02d_%d.html", link, y+1, y+1, 1+k, 5000000+rng.IntN(999999))),
			html.EscapeString(title), html.EscapeString(title), y+1, 1+k)
	}
	b.WriteString("</ul>\n")
	b.WriteString(p.siteFoot())
	return b.String()
}
