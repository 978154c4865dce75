package simnet

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// visibleDocs lists the documents still published, newest first.
func (n *Network) visibleDocs(p *portal) []*document {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]*document, 0, len(p.docs))
	for _, d := range p.docs {
		if !n.removed[d] {
			out = append(out, d)
		}
	}
	return out
}

func (n *Network) listModTime(p *portal) time.Time {
	n.mu.Lock()
	defer n.mu.Unlock()
	if t, ok := n.listMod[p]; ok {
		return t
	}
	return p.listBase
}

func pageCount(total, size int) int {
	if total == 0 {
		return 1
	}
	return (total + size - 1) / size
}

func pageSlice(docs []*document, page, size int) []*document {
	lo := page * size
	if lo >= len(docs) {
		return nil
	}
	return docs[lo:min(lo+size, len(docs))]
}

// chrome wraps an article or a list in the portal's page furniture.
func (p *portal) chrome(title, main string, tx func(string) string) string {
	gov := p.info.Name + "人民政府"
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html>\n<head>\n")
	switch p.encoding {
	case EncUTF8, EncGBKMislabelled:
		b.WriteString(`<meta charset="utf-8">` + "\n")
	case EncGBKMeta:
		b.WriteString(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` + "\n")
	}
	b.WriteString(`<meta name="SiteName" content="` + html.EscapeString(tx(gov)) + `">` + "\n")
	b.WriteString("<title>" + html.EscapeString(tx(title+"_"+gov)) + "</title>\n")
	b.WriteString(`<link rel="stylesheet" href="/css/style.css">` + "\n</head>\n<body>\n")
	b.WriteString(`<div class="header"><div class="logo">` + html.EscapeString(tx(gov)) + `</div><ul class="nav">` +
		`<li><a href="/">` + tx("首页") + `</a></li><li><a href="/zwdt/">` + tx("政务动态") + `</a></li>` +
		`<li><a href="` + html.EscapeString(p.info.ListURL) + `">` + tx("政府信息公开") + `</a></li>` +
		`<li><a href="/hdjl/">` + tx("互动交流") + `</a></li><li><a href="/search/?q=">` + tx("搜索") + `</a></li></ul></div>` + "\n")
	b.WriteString(`<div class="position">` + tx("当前位置：") + `<a href="/">` + tx("首页") + `</a> &gt; <a href="` +
		html.EscapeString(p.info.ListURL) + `">` + tx("政府信息公开年报") + "</a></div>\n")
	b.WriteString(main)
	b.WriteString(`<div class="footer"><p>` + html.EscapeString(tx("主办单位："+gov+"办公室")) + ` &nbsp; ` +
		tx("网站标识码：") + p.info.Code + "0001 &nbsp; ICP备" + p.info.Code[:4] + "号</p></div>\n</body>\n</html>\n")
	return b.String()
}

// encode turns a page into bytes and its Content-Type, in the portal's
// encoding.
func (p *portal) encode(page string) ([]byte, string) {
	if p.encoding == EncUTF8 {
		return []byte(page), "text/html; charset=utf-8"
	}
	enc := simplifiedchinese.GBK.NewEncoder()
	out, _, err := transform.Bytes(enc, []byte(page))
	if err != nil {
		// Characters outside GBK cannot occur in our texts; fall back to
		// UTF-8 declared in the header rather than lose text.
		return []byte(page), "text/html; charset=utf-8"
	}
	switch p.encoding {
	case EncGBKHeader:
		return out, "text/html; charset=GBK"
	case EncGBKMislabelled:
		return out, "text/html; charset=utf-8"
	}
	return out, "text/html"
}

// articleWrap is the CMS-specific article container.
func (p *portal) articleWrap(d *document, body string, tx func(string) string) string {
	info := `<div class="info">` + tx("发布时间：") + d.pub.Format("2006-01-02 15:04") + " &nbsp; " + tx("来源：") +
		html.EscapeString(tx(d.agency)) + " &nbsp; " + tx("索引号：") + fmt.Sprintf("%s-%d-%05d", p.info.Code, d.pub.Year(), d.id%100000) + "</div>\n"
	title := "<h1>" + html.EscapeString(tx(d.title)) + "</h1>\n"
	var inner string
	switch p.info.Adapter {
	case AdapterTRS:
		inner = `<div id="zoom"><div class="TRS_Editor">` + "\n" + body + "</div></div>\n"
	case AdapterHanweb:
		inner = `<div id="zoom">` + "\n" + body + "</div>\n"
	case AdapterGkmlpt:
		inner = `<div class="article-content">` + "\n" + body + "</div>\n"
	case AdapterVSB:
		inner = `<form name="_newscontent_fromname"><div id="vsb_content"><div class="v_news_content">` + "\n" + body + "</div></div></form>\n"
	default:
		inner = `<div class="content">` + "\n" + body + "</div>\n"
	}
	return `<div class="article">` + "\n" + title + info + inner + `<div class="share">` + tx("【打印本页】【关闭窗口】") + "</div></div>\n"
}

// relHref is how a page links a target: TRS and VSB use relative links,
// the others absolute paths.
func (p *portal) relHref(from, target string) string {
	switch p.info.Adapter {
	case AdapterTRS, AdapterVSB:
		fromDir := path.Dir(from)
		rel, ok := relPath(fromDir, target)
		if ok {
			return rel
		}
	}
	return target
}

// relPath computes a relative reference from directory dir to target.
func relPath(dir, target string) (string, bool) {
	ds := strings.Split(strings.Trim(dir, "/"), "/")
	if dir == "/" {
		ds = nil
	}
	ts := strings.Split(strings.TrimPrefix(target, "/"), "/")
	i := 0
	for i < len(ds) && i < len(ts)-1 && ds[i] == ts[i] {
		i++
	}
	var parts []string
	for range ds[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, ts[i:]...)
	rel := strings.Join(parts, "/")
	if !strings.HasPrefix(rel, "..") {
		rel = "./" + rel
	}
	return rel, true
}

func (p *portal) listItem(from string, d *document, tx func(string) string) string {
	return `<li><a href="` + html.EscapeString(p.relHref(from, d.path)) + `" target="_blank" title="` + html.EscapeString(tx(d.title)) + `">` +
		html.EscapeString(tx(d.title)) + `</a><span class="date">` + d.pub.Format("2006-01-02") + "</span></li>\n"
}

// trsList renders index.html / index_N.html.
func (n *Network) trsList(p *portal, page int) (string, bool) {
	docs := n.visibleDocs(p)
	pages := pageCount(len(docs), p.pageSize)
	if page >= pages {
		return "", false
	}
	from := p.chanPath + p.cms.trsPageName(page)
	var b strings.Builder
	b.WriteString(`<div class="list"><ul>` + "\n")
	for _, d := range pageSlice(docs, page, p.pageSize) {
		b.WriteString(p.listItem(from, d, identity))
	}
	b.WriteString("</ul>\n")
	b.WriteString(p.cms.trsPagerScript(page, pages, len(docs), p.pageSize))
	b.WriteString("</div>\n")
	return p.chrome("政府信息公开年报", b.String(), identity), true
}

// hanwebRecord is one record of a Hanweb datastore.
func (p *portal) hanwebRecord(d *document) string {
	return `<record><![CDATA[<li><a href="` + d.path + `" target="_blank" title="` + html.EscapeString(d.title) + `">` +
		html.EscapeString(d.title) + `</a><span class="bt_time">` + d.pub.Format("2006-01-02") + "</span></li>]]></record>\n"
}

func (p *portal) hanwebProxyQuery() string {
	v := url.Values{}
	v.Set("col", "1")
	v.Set("appid", "1")
	v.Set("webid", strconv.Itoa(p.webID))
	v.Set("path", "/")
	v.Set("columnid", strconv.FormatInt(p.colID, 10))
	v.Set("sourceContentType", "1")
	v.Set("unitid", strconv.Itoa(p.unitID))
	v.Set("webname", p.info.Name+"人民政府")
	v.Set("permissiontype", "0")
	return v.Encode()
}

// hanwebDatastore is the XML datastore of records start..end (1-based,
// inclusive). With withNext it carries the <nextgroup> link to the GET page
// after the one that ends at end.
func (n *Network) hanwebDatastore(p *portal, start, end int, withNext bool) string {
	docs := n.visibleDocs(p)
	pages := pageCount(len(docs), p.pageSize)
	var b strings.Builder
	b.WriteString("<datastore>\n")
	if withNext {
		next := min(end/p.pageSize+1, pages)
		proxy := "/module/web/jpage/dataproxy.jsp"
		if p.cms.hwRelNext {
			// real answers link the next group relative to the proxy
			proxy = "./dataproxy.jsp"
		}
		b.WriteString(`<nextgroup><![CDATA[<a href="` + proxy + `?page=` + strconv.Itoa(next) + `&` + html.EscapeString(p.hanwebProxyQuery()) + `"></a>]]></nextgroup>` + "\n")
	}
	fmt.Fprintf(&b, "<totalrecord>%d</totalrecord>\n<totalpage>%d</totalpage>\n<recordset>\n", len(docs), pages)
	if start < 1 {
		start = 1
	}
	end = min(end, len(docs), start+999)
	for i := start; i <= end; i++ {
		b.WriteString(p.hanwebRecord(docs[i-1]))
	}
	b.WriteString("</recordset>\n</datastore>")
	return b.String()
}

// hanwebColumn renders /col/col{id}/index.html with the first page of
// records embedded and the jpage settings the list script reads.
func (n *Network) hanwebColumn(p *portal) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<div class=\"list\"><div id=\"%d\"><script type=\"text/xml\">\n", p.unitID)
	b.WriteString(n.hanwebDatastore(p, 1, p.pageSize, true))
	b.WriteString("\n</script></div>\n")
	docs := n.visibleDocs(p)
	fmt.Fprintf(&b, "<script type=\"text/javascript\">\n$(document).ready(function(){ $('#%d').jpage({ dataStore: dataStore, perPage: %d, totalRecord: %d, proxyUrl: '/module/web/jpage/dataproxy.jsp', queryString: '%s' }); });\n</script></div>\n",
		p.unitID, p.pageSize, len(docs), p.hanwebProxyQuery())
	return p.chrome("政府信息公开年报", b.String(), identity)
}

// gkmlptIndex renders the SPA shell with window._CONFIG.
func (p *portal) gkmlptIndex() string {
	type node struct {
		ID       int    `json:"id"`
		Name     string `json:"name"`
		Parent   int    `json:"parent"`
		Children []node `json:"children"`
	}
	tree := []node{
		{ID: p.catID - 1, Name: "政府信息公开指南", Children: []node{}},
		{ID: p.catID, Name: "政府信息公开年报", Children: []node{}},
		{ID: p.catID + 1, Name: "政策文件", Children: []node{}},
	}
	js, _ := json.Marshal(tree)
	var b strings.Builder
	b.WriteString(`<div id="app"></div>` + "\n<script>\n")
	if p.cms.gkReal {
		// Real configs: the report category is found in TREE, nested
		// under the catalogue, beside jump_url nodes; SID single-quoted.
		type realNode struct {
			ID       int        `json:"id"`
			Name     string     `json:"name"`
			Parent   int        `json:"parent"`
			JumpURL  string     `json:"jump_url,omitempty"`
			Children []realNode `json:"children"`
		}
		root := p.catID + 1000
		real := []realNode{
			{ID: root, Name: "政府信息公开目录", Children: []realNode{
				{ID: p.catID - 1, Name: "政府信息公开指南", Parent: root, Children: []realNode{}},
				{ID: p.catID + 1, Name: "政策文件", Parent: root, Children: []realNode{}},
				{ID: p.catID, Name: "政府信息公开年报", Parent: root, Children: []realNode{}},
			}},
			{ID: p.catID + 2, Name: "政府信息公开制度", JumpURL: "/zwgk/zfxxgkzd/", Children: []realNode{}},
		}
		js, _ = json.Marshal(real)
		fmt.Fprintf(&b, "window._CONFIG = {\n    SID: '%d',\n    TREE: %s,\n    SITE_NAME: '%s'\n};\n", p.sid, js, p.info.Name+"人民政府")
	} else {
		fmt.Fprintf(&b, "window._CONFIG = {SID: \"%d\", TREE: %s, ANNUALREPORT: %d, API: \"/gkmlpt/api/all/\"};\n", p.sid, js, p.catID)
	}
	b.WriteString("</script>\n" + `<script src="/gkmlpt/static/js/app.js"></script>` + "\n")
	return p.chrome("政府信息公开目录", b.String(), identity)
}

type gkArticle struct {
	ID         int64  `json:"id"`
	Title      string `json:"title"`
	URL        string `json:"url,omitempty"`
	PostURL    string `json:"post_url,omitempty"` // some sites answer post_url instead of url
	CreateTime int64  `json:"create_time"`
}

type gkPage struct {
	Total    int         `json:"total"`
	Page     int         `json:"page"`
	PageSize int         `json:"page_size"`
	Articles []gkArticle `json:"articles"`
}

// gkmlptAPI answers /gkmlpt/api/all/{cat}?page=n (1-based).
func (n *Network) gkmlptAPI(p *portal, cat, page int) []byte {
	out := gkPage{Page: page, PageSize: p.pageSize, Articles: []gkArticle{}}
	if cat == p.catID {
		docs := n.visibleDocs(p)
		out.Total = len(docs)
		if page >= 1 {
			for _, d := range pageSlice(docs, page-1, p.pageSize) {
				a := gkArticle{ID: d.id, Title: d.title, CreateTime: d.pub.Unix()}
				if p.cms.gkPostURL {
					a.PostURL = p.url(d.path)
				} else {
					a.URL = p.url(d.path)
				}
				out.Articles = append(out.Articles, a)
			}
		}
	}
	js, _ := json.Marshal(out)
	return js
}

// vsbPagePath is the path of VSB list page k (1-based): the column page,
// then {path}/{P-k+1}.htm counting down.
func (p *portal) vsbPagePath(k, pages int) string {
	if k <= 1 {
		return p.chanPath + ".htm"
	}
	return fmt.Sprintf("%s/%d.htm", p.chanPath, pages-k+1)
}

func (n *Network) vsbList(p *portal, k int) (string, bool) {
	docs := n.visibleDocs(p)
	pages := pageCount(len(docs), p.pageSize)
	if k < 1 || k > pages {
		return "", false
	}
	from := p.vsbPagePath(k, pages)
	var b strings.Builder
	b.WriteString(`<div class="list"><ul>` + "\n")
	for _, d := range pageSlice(docs, k-1, p.pageSize) {
		b.WriteString(p.listItem(from, d, identity))
	}
	b.WriteString("</ul>\n")
	link := func(target int, text string) string {
		rel, _ := relPath(path.Dir(from), p.vsbPagePath(target, pages))
		rel = strings.TrimPrefix(rel, "./")
		return `<a href="` + rel + `">` + text + "</a>"
	}
	fmt.Fprintf(&b, `<div class="pb_sys_common pb_sys_normal"><span class="p_t">共%d条</span> <span class="p_pages">`, len(docs))
	if k > 1 {
		b.WriteString(`<span class="p_first">` + link(1, "首页") + `</span><span class="p_prev">` + link(k-1, "上页") + "</span>")
	} else {
		b.WriteString(`<span class="p_first_d">首页</span><span class="p_prev_d">上页</span>`)
	}
	for _, i := range p.cms.vsbPageNumbers(k, pages) {
		if i == 0 {
			b.WriteString(`<span class="p_dot">...</span>`)
		} else if i == k {
			fmt.Fprintf(&b, `<span class="p_no_d">%d</span>`, i)
		} else {
			b.WriteString(`<span class="p_no">` + link(i, strconv.Itoa(i)) + "</span>")
		}
	}
	if k < pages {
		b.WriteString(`<span class="p_next">` + link(k+1, "下页") + `</span><span class="p_last">` + link(pages, "尾页") + "</span>")
	} else {
		b.WriteString(`<span class="p_next_d">下页</span><span class="p_last_d">尾页</span>`)
	}
	fmt.Fprintf(&b, "</span> <span class=\"p_t\">%d/%d</span></div></div>\n", k, pages)
	return p.chrome("政府信息公开年报", b.String(), identity), true
}

// genericList renders a plain list with ?page=N links (1-based).
func (n *Network) genericList(p *portal, k int) (string, bool) {
	docs := n.visibleDocs(p)
	pages := pageCount(len(docs), p.pageSize)
	if k < 1 || k > pages {
		return "", false
	}
	var b strings.Builder
	b.WriteString(`<div class="list"><ul>` + "\n")
	for _, d := range pageSlice(docs, k-1, p.pageSize) {
		b.WriteString(p.listItem(p.chanPath, d, identity))
	}
	b.WriteString("</ul>\n<div class=\"pages\">")
	fmt.Fprintf(&b, "第%d页/共%d页 ", k, pages)
	if k > 1 {
		fmt.Fprintf(&b, `<a href="%s?page=%d">上一页</a> `, p.chanPath, k-1)
	}
	if k < pages {
		fmt.Fprintf(&b, `<a href="%s?page=%d">下一页</a> <a href="%s?page=%d">尾页</a>`, p.chanPath, k+1, p.chanPath, pages)
	}
	b.WriteString("</div></div>\n")
	return p.chrome("政府信息公开年报", b.String(), identity), true
}

// detailPage renders a document's page at a version.
func (n *Network) detailPage(p *portal, d *document, version int) (string, error) {
	tx := identity
	if d.rendering == RenderHTMLTraditional {
		t, err := n.trad()
		if err != nil {
			return "", err
		}
		tx = t
	}
	rng := n.rng("page", p.info.Code, d.path)
	var body string
	switch {
	case d.attachLink != "":
		body = attachmentBody(d, p.relHref(d.path, d.attachLink), tx)
	case d.kind == KindPre2019:
		body = freeformBody(rng, d, tx)
	case d.rendering == RenderFreeform:
		f := n.figures(p, d)
		body = freeform2019Body(d, &f, tx)
	case d.kind == kindGuide:
		body = guideBody(d, tx)
	case d.kind == kindNotice:
		body = noticeBody(d, tx)
	default:
		f := n.figures(p, d)
		tmpl, _ := n.tmpls.byID(d.template)
		body = blocksHTML(reportBlocks(rng, d, &f, tmpl, p.layout, tx), p.idx%2 == 0)
	}
	if version > 0 {
		body += `<p class="revision">` + html.EscapeString(tx(fmt.Sprintf("（本文于%s第%d次更新）", d.modTime(version).Format("2006年1月2日"), version))) + "</p>\n"
	}
	return p.chrome(d.title, p.articleWrap(d, body, tx), tx), nil
}
