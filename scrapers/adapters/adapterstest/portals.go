package adapterstest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// build lays out the five portals, one per CMS.
func (n *Network) build() {
	n.portals = []Portal{n.trsPortal(), n.hanwebPortal(), n.gkmlptPortal(), n.vsbPortal(), n.genericPortal()}
	for i := range n.portals {
		sort.Strings(n.portals[i].Reports)
		sort.Strings(n.portals[i].Attachments)
	}
}

// trsPortal is 甲县 on TRS: three list pages paged by createPageHTML, two
// reports a page (PDF attachments beside them) and a notice among them.
func (n *Network) trsPortal() Portal {
	host, name := "www.trs-fixture.gov.cn", "甲县"
	p := Portal{Code: "500101", Name: name, Host: host, ListURL: "http://" + host + "/zwgk/zfxxgknb/index.html", Adapter: "trs"}
	pages := []string{"index.html", "index_1.html", "index_2.html"}
	year := 2024
	for i, pg := range pages {
		var items []string
		for j := 0; j < 2; j++ {
			id := 1000 + i*10 + j
			path := fmt.Sprintf("/zwgk/zfxxgknb/%d01/t%d0125_%d.html", year+1, year+1, id)
			att := fmt.Sprintf("/zwgk/zfxxgknb/%d01/P0%d0125%d.pdf", year+1, year+1, id)
			t := title(name, year)
			n.add(host+path, page{body: static(detail(t, fmt.Sprintf("./P0%d0125%d.pdf", year+1, id)))})
			n.add(host+att, page{body: static("%PDF-1.4 fixture " + t), ctype: "application/pdf"})
			p.Reports = append(p.Reports, "http://"+host+path)
			p.Attachments = append(p.Attachments, "http://"+host+att)
			items = append(items, fmt.Sprintf(`<li><a href=".%s" title="%s">%s</a><span>%d-01-25</span></li>`, strings.TrimPrefix(path, "/zwgk/zfxxgknb"), t, t, year+1))
			year--
		}
		items = append(items, `<li><a href="./202001/t20200101_9.html">关于做好2020年春节期间安全工作的通知</a></li>`)
		body := fmt.Sprintf(`<html><body><ul class="list">%s</ul><script>createPageHTML(3, %d, "index", "html");</script></body></html>`, strings.Join(items, "\n"), i)
		n.add(host+"/zwgk/zfxxgknb/"+pg, page{body: n.listed(body, host)})
	}
	return p
}

// hanwebPortal is 乙县 on Hanweb: the column page embeds 2 of 5 records,
// the rest come from dataproxy.jsp by POST.
func (n *Network) hanwebPortal() Portal {
	host, name := "www.hanweb-fixture.gov.cn", "乙县"
	p := Portal{Code: "330101", Name: name, Host: host, ListURL: "http://" + host + "/col/col1229114055/index.html", Adapter: "hanweb"}
	var recs []string
	for i := 0; i < 5; i++ {
		year := 2024 - i
		path := fmt.Sprintf("/art/%d/1/%d/art_1229114055_%d.html", year+1, 10+i, 89890+i)
		t := title(name+"人民政府", year)
		att := fmt.Sprintf("/module/download/downfile.jsp?classid=0&filename=%032d.pdf", i)
		n.add(host+path, page{body: static(detail(t, att))})
		n.add(host+att, page{body: static("%PDF-1.4 hanweb " + t), ctype: "application/pdf"})
		p.Reports = append(p.Reports, "http://"+host+path)
		p.Attachments = append(p.Attachments, "http://"+host+att)
		recs = append(recs, fmt.Sprintf(`<record><![CDATA[<li><a href="%s" target="_blank">%s</a><span>%d-01-%d</span></li>]]></record>`, path, t, year+1, 10+i))
	}
	ds := func(s, e int) string {
		var got []string
		for i := s; i <= e && i <= len(recs); i++ {
			if i >= 1 && !n.gone(host+recPath(recs[i-1])) {
				got = append(got, recs[i-1])
			}
		}
		return fmt.Sprintf(`<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>%d</totalrecord><totalpage>1</totalpage><recordset>%s</recordset></datastore>`, len(recs), strings.Join(got, ""))
	}
	body := func() string {
		return `<html><body><div id="4485186"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3&path=/&columnid=1229114055&unitid=4485186&webname=%E4%B9%99%E5%8E%BF&permissiontype=0"></a>]]></nextgroup>` +
			strings.TrimSuffix(strings.TrimPrefix(ds(1, 2), `<?xml version="1.0" encoding="utf-8"?><datastore>`), "</datastore>") +
			`</datastore></script><script>$('#4485186').jpage({totalRecord:5, perPage:2, dataUrl:'/module/web/jpage/dataproxy.jsp'});</script></div></body></html>`
	}
	n.add(host+"/col/col1229114055/index.html", page{body: body})
	n.add(host+"/module/web/jpage/dataproxy.jsp", page{post: ds, ctype: "text/xml; charset=utf-8"})
	return p
}

// gkmlptPortal is 丙市 on Guangdong's gkmlpt: the SPA's _CONFIG names the
// report category, whose JSON API pages hold 2 of 5 articles each; another
// category is not the reports'.
func (n *Network) gkmlptPortal() Portal {
	host, name := "www.gkmlpt-fixture.gov.cn", "丙市"
	p := Portal{Code: "440801", Name: name, Host: host, ListURL: "http://" + host + "/gkmlpt/annualreport", Adapter: "gkmlpt"}
	type art struct {
		ID    int    `json:"id"`
		Title string `json:"title"`
		URL   string `json:"url"`
	}
	var arts []art
	for i := 0; i < 5; i++ {
		id := 1871569 + i
		path := fmt.Sprintf("/gkmlpt/content/1/%d/post_%d.html", 1871, id)
		t := title(name+"财政局", 2024-i)
		n.add(host+path, page{body: static(detail(t, ""))})
		p.Reports = append(p.Reports, "http://"+host+path)
		arts = append(arts, art{ID: id, Title: t, URL: "http://" + host + path})
	}
	n.add(host+"/gkmlpt/annualreport", page{body: static(`<html><head><script>window._CONFIG = {SID: '756001', TREE: [{id: 2629, name: '\u653f\u5e9c\u4fe1\u606f\u516c\u5f00\u5e74\u62a5', children: []}, {id: 11, name: '通知公告'}]};</script></head><body><div id="app"></div></body></html>`)})
	for pg := 1; pg <= 4; pg++ {
		pg := pg
		n.add(fmt.Sprintf("%s/gkmlpt/api/all/2629?page=%d&sid=756001", host, pg), page{ctype: "application/json", body: func() string {
			var live []art
			for _, a := range arts {
				if !n.gone(strings.TrimPrefix(a.URL, "http://")) {
					live = append(live, a)
				}
			}
			lo, hi := (pg-1)*2, min(pg*2, len(live))
			out := []art{}
			if lo < hi {
				out = live[lo:hi]
			}
			b, _ := json.Marshal(map[string]any{"total": len(live), "articles": out})
			return string(b)
		}})
	}
	return p
}

// vsbPortal is 丁县 on VSB: a column page and 2 further pages (共3页)
// numbered downwards, detail pages /info/{col}/{id}.htm.
func (n *Network) vsbPortal() Portal {
	host, name := "www.vsb-fixture.gov.cn", "丁县"
	p := Portal{Code: "620523", Name: name, Host: host, ListURL: "http://" + host + "/zfxxgk/zfxxgknb.htm", Adapter: "vsb"}
	pages := []string{"/zfxxgk/zfxxgknb.htm", "/zfxxgk/zfxxgknb/2.htm", "/zfxxgk/zfxxgknb/1.htm"}
	year := 2024
	for i, pg := range pages {
		var items []string
		for j := 0; j < 2; j++ {
			path := fmt.Sprintf("/info/2381/%d.htm", 644672+i*10+j)
			t := title(name+"人民政府", year)
			n.add(host+path, page{body: static(detail(t, fmt.Sprintf("/system/_content/download.jsp?urltype=news.DownloadAttachUrl&wbfileid=%d&name=nb.pdf", 100+i*10+j)))})
			n.add(host+"/system/_content/download.jsp", page{body: static("%PDF-1.4 vsb"), ctype: "application/pdf"})
			p.Reports = append(p.Reports, "http://"+host+path)
			up := "../"
			if i > 0 {
				up = "../../"
			}
			items = append(items, fmt.Sprintf(`<li><a href="%sinfo/2381/%d.htm">%s</a></li>`, up, 644672+i*10+j, t))
			year--
		}
		nav := `<a href="zfxxgknb/2.htm">下页</a> <a href="zfxxgknb/1.htm">尾页</a>`
		if i > 0 {
			nav = `<a href="../zfxxgknb.htm">首页</a> <a href="1.htm">尾页</a>`
		}
		n.add(host+pg, page{body: n.listed(fmt.Sprintf(`<html><body><ul>%s</ul><div>共3页 %s</div></body></html>`, strings.Join(items, ""), nav), host)})
	}
	return p
}

// genericPortal is 戊县 on a plain site: GBK pages declared only in
// <meta>, ?page=2 pagination and a report published directly as a PDF.
func (n *Network) genericPortal() Portal {
	host, name := "www.generic-fixture.gov.cn", "戊县"
	p := Portal{Code: "130638", Name: name, Host: host, ListURL: "http://" + host + "/xxgk/nb/", Adapter: "generic"}
	mk := func(items []string, nav string) string {
		return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><ul>` + strings.Join(items, "") + `</ul>` + nav + `</body></html>`
	}
	var p1, p2 []string
	for i := 0; i < 4; i++ {
		year := 2024 - i
		path := fmt.Sprintf("/xxgk/nb/zwgkcontent-888888040-%d.html", 56270+i)
		t := title(name, year)
		n.add(host+path, page{body: static(strings.Replace(detail(t, ""), `charset="utf-8"`, `charset="gbk"`, 1)), gbk: true, ctype: "text/html"})
		p.Reports = append(p.Reports, "http://"+host+path)
		item := fmt.Sprintf(`<li><a href="%s">%s</a></li>`, path, t)
		if i < 2 {
			p1 = append(p1, item)
		} else {
			p2 = append(p2, item)
		}
	}
	pdf := "/xxgk/nb/2019nb.pdf"
	n.add(host+pdf, page{body: static("%PDF-1.4 generic 2019"), ctype: "application/pdf"})
	p.Reports = append(p.Reports, "http://"+host+pdf)
	p2 = append(p2, fmt.Sprintf(`<li><a href="%s">%s（PDF）</a></li>`, pdf, title(name, 2019)), `<li><a href="/xxgk/nb/tz.html">2020年防汛通知</a></li>`)
	n.add(host+"/xxgk/nb/", page{body: n.listed(mk(p1, `<a href="?page=2">下一页</a>`), host), gbk: true, ctype: "text/html"})
	n.add(host+"/xxgk/nb/?page=2", page{body: n.listed(mk(p2, `<a href="?page=1">上一页</a>`), host), gbk: true, ctype: "text/html"})
	return p
}

// static is a page whose body never changes.
func static(s string) func() string { return func() string { return s } }

// title is a report title as portals print it.
func title(name string, year int) string {
	return fmt.Sprintf("%s%d年政府信息公开工作年度报告", name, year)
}

// detail is a report page with a scrap of table 二 and, when attach is
// set, a link to its attachment.
func detail(t, attach string) string {
	a := ""
	if attach != "" {
		a = fmt.Sprintf(`<p>附件：<a href="%s">%s.pdf</a></p>`, attach, t)
	}
	return fmt.Sprintf(`<html><head><meta charset="utf-8"><title>%s</title></head><body><div id="zoom"><h1>%s</h1>
<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>%s</div></body></html>`, t, t, a)
}
