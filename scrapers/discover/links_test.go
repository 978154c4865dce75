package discover

import (
	"fmt"
	"testing"

	"ogi/scrapers/adapters"
)

func TestLinks(t *testing.T) {
	const base = "http://www.x-demo.gov.cn/zwgk/index.html"
	for _, c := range []struct {
		name, html string
		want       []Link
	}{
		{"anchor text, relative href", `<a href="../zfxxgknb/">政府信息公开年报</a>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/zfxxgknb/", Text: "政府信息公开年报", Via: "a"}}},
		{"truncated text, full title", `<a href="./nb/" title="政府信息公开工作年度报告">政府信息公开工...</a>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/zwgk/nb/", Text: "政府信息公开工作年度报告", Via: "a"}}},
		{"truncated text, no title", `<a href="./nb/">政府信息公开年…</a>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/zwgk/nb/", Text: "政府信息公开年", Via: "a", Truncated: true}}},
		{"image alt", `<A HREF="/zwgk/"><IMG SRC="/i/a.png" ALT="政务公开"></A>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/zwgk/", Text: "政务公开", Via: "a"}}},
		{"image map", `<map><area shape="rect" href="/xxgk/" alt="信息公开"></map>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/xxgk/", Text: "信息公开", Via: "area"}}},
		{"onclick cell", `<td onclick="window.location.href='zfxxgk.htm'">政府信息公开</td>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/zwgk/zfxxgk.htm", Text: "政府信息公开", Via: "onclick"}}},
		{"javascript window.open", `<a href="javascript:void(0)" onclick="window.open('/nb/')">年报</a><a href="javascript:window.open('/gk/')">公开</a>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/nb/", Text: "年报", Via: "a"}, {URL: "http://www.x-demo.gov.cn/gk/", Text: "公开", Via: "a"}}},
		{"mirrored confirm href", `<a href="javascript:if(confirm('http://gk.x-demo.gov.cn/a.xp?x=1  \n\n不能离线浏览?'))window.location='http://gk.x-demo.gov.cn/a.xp?x=1'">信息公开</a>`,
			[]Link{{URL: "http://gk.x-demo.gov.cn/a.xp?x=1", Text: "信息公开", Via: "a"}}},
		{"commented-out items are retired", `<!-- <a href="/old/">政府信息公开年报</a> --><a href="/new/">新</a>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/new/", Text: "新", Via: "a"}}},
		{"script menu objects, both orders, nested", `<script>var m=[{"name":"政务公开","url":"/zwgk/","children":[{url:'/zwgk/nb/',title:'年报'}]},{'url':"\/xxgk\/",'name':"\u4fe1\u606f\u516c\u5f00"}];</script>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/zwgk/", Text: "政务公开", Via: "script"}, {URL: "http://www.x-demo.gov.cn/zwgk/nb/", Text: "年报", Via: "script"}, {URL: "http://www.x-demo.gov.cn/xxgk/", Text: "信息公开", Via: "script"}}},
		{"document.write anchors", `<script>document.write('<li><a href=\"/gknb/\" target=\"_blank\">公开年报<\/a><\/li>');</script>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/gknb/", Text: "公开年报", Via: "script"}}},
		{"array pairs", `<script>var nav = [["首页","/index.html"],["/xxgk/nb.html","年度报告"]];</script>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/index.html", Text: "首页", Via: "script"}, {URL: "http://www.x-demo.gov.cn/xxgk/nb.html", Text: "年度报告", Via: "script"}}},
		{"redirect stubs", `<meta http-equiv="refresh" content="0;URL='/portal/'"><script>location.href = "/zwgk/index.shtml";</script>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/portal/", Via: "redirect"}, {URL: "http://www.x-demo.gov.cn/zwgk/index.shtml", Via: "redirect"}}},
		{"frames and base", `<base href="http://gk.x-demo.gov.cn/p/"><iframe src="list.jsp?c=nb" title="列表"></iframe>`,
			[]Link{{URL: "http://gk.x-demo.gov.cn/p/list.jsp?c=nb", Text: "列表", Via: "frame"}}},
	} {
		got := Links(adapters.NewPage(base, []byte(c.html), "text/html; charset=utf-8"))
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", c.want) {
			t.Errorf("%s:\n got  %+v\n want %+v", c.name, got, c.want)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		label, url string
		want       role
		scope      Scope
	}{
		{"政府信息公开年报", "/zfxxgknb/", roleColumn, ScopeOwn},
		{"政府信息公开工作年度报告", "/col/col1/index.html", roleColumn, ScopeOwn},
		{"政务公开年报", "/a/", roleColumn, ScopeOwn},
		{"年度报告", "/a/ndbg.htm", roleColumn, ScopeOwn},
		{"工作年报", "/a/", roleColumn, ScopeOwn},
		{"部门年报", "/a/", roleColumn, ScopeDepartment},
		{"县直部门政府信息公开年报", "/a/", roleColumn, ScopeDepartment},
		{"乡镇（街道）年报", "/a/", roleColumn, ScopeTownship},
		{"镇街信息公开年报", "/a/", roleColumn, ScopeTownship},
		{"县（市、区）政府信息公开年报", "/a/", roleColumn, ScopeSubordinate},
		{"区政府年报", "/a/", roleColumn, ScopeOwn},
		{"政府工作报告", "/zfgzbg/", roleNone, ScopeOwn},
		{"年度工作报告", "/a/", roleNone, ScopeOwn},
		{"部门决算", "/a/", roleNone, ScopeOwn},
		{"年度绩效报告", "/a/", roleNone, ScopeOwn},
		{"统计年鉴", "/a/", roleNone, ScopeOwn},
		{"统计公报", "/a/", roleNone, ScopeOwn},
		{"统计年报", "/a/", roleNone, ScopeOwn},
		{"年报解读", "/a/", roleNone, ScopeOwn},
		{"图解2024年政府信息公开工作年度报告", "/a/1.html", roleNone, ScopeOwn},
		{"企业年报公示", "/a/", roleNone, ScopeOwn},
		{"关于做好2023年政府信息公开工作年度报告编制发布工作的通知", "/a/t1.html", roleNone, ScopeOwn},
		{"某县人民政府2023年政府信息公开工作年度报告", "/a/t1.html", roleReport, ScopeOwn},
		{"信访局2021年度政府信息公开工作报告", "/a/t1.html", roleReport, ScopeOwn},
		{"政府信息公开年度工作报告", "/xxgk/xxgk_list.aspx?id=ndxxgkbg", roleColumn, ScopeOwn},
		{"部门政务公开年度工作报告", "/a/", roleColumn, ScopeDepartment},
		{"政务公开", "/zwgk/", roleHub, ScopeOwn},
		{"政府信息公开", "/a/", roleHub, ScopeOwn},
		{"法定主动公开内容", "/a/", roleHub, ScopeOwn},
		{"信息公开目录", "/a/", roleHub, ScopeOwn},
		{"政府信息公开指南", "/zfxxgkzn/", roleNone, ScopeOwn},
		{"依申请公开", "/ysqgk/", roleNone, ScopeOwn},
		{"政府信息公开制度", "/a/", roleNone, ScopeOwn},
		{"", "/xxgk/", roleHub, ScopeOwn},
		{"", "/zwgk/zfxxgknb/", roleColumn, ScopeOwn},
		{"新闻中心", "/news/", roleNone, ScopeOwn},
	} {
		got, _ := classify(c.label, false, "http://www.x-demo.gov.cn"+c.url)
		if got != c.want {
			t.Errorf("classify(%q, %s) = %d, want %d", c.label, c.url, got, c.want)
		}
		if got == roleColumn {
			if s := scopeOf(c.label, "county"); s != c.scope {
				t.Errorf("scopeOf(%q) = %q, want %q", c.label, s, c.scope)
			}
		}
	}
	if s := scopeOf("县级年报", "prefecture"); s != ScopeSubordinate {
		t.Errorf("县级 on a prefecture portal: %q", s)
	}
	if s := scopeOf("县级年报", "county"); s != ScopeOwn {
		t.Errorf("县级 on a county portal: %q", s)
	}
}

// Reports of departments whose names hold look-alike words (审计局,
// 统计局) are still reports, and columns named after them still columns.
func TestDepartmentNamesAreNotLookalikes(t *testing.T) {
	page := adapters.NewPage("http://www.x-demo.gov.cn/nb/", []byte(`<ul>
<li><a href="./1.html">某县审计局2024年政府信息公开工作年度报告</a></li>
<li><a href="./2.html">某县统计局2024年政府信息公开工作年度报告</a></li>
<li><a href="./3.html">图解：某县2024年政府信息公开工作年度报告</a></li>
</ul>`), "text/html; charset=utf-8")
	if n := countReports(page); n != 2 {
		t.Errorf("%d reports counted, want 2", n)
	}
	if r, _ := classify("统计局政府信息公开年报", false, "http://www.x-demo.gov.cn/a/"); r != roleColumn {
		t.Errorf("统计局政府信息公开年报: role %d", r)
	}
}

func TestLinksMoreForms(t *testing.T) {
	const base = "http://www.x-demo.gov.cn/"
	for _, c := range []struct {
		name, html string
		want       []Link
	}{
		{"data-url on a dead href", `<a href="#" data-url="/zwgk/">政务公开</a>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/zwgk/", Text: "政务公开", Via: "a"}}},
		{"constructor calls", `<script>m.add(new MenuItem('信息公开','/xxgk/index.html'));</script>`,
			[]Link{{URL: "http://www.x-demo.gov.cn/xxgk/index.html", Text: "信息公开", Via: "script"}}},
	} {
		got := Links(adapters.NewPage(base, []byte(c.html), "text/html; charset=utf-8"))
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", c.want) {
			t.Errorf("%s:\n got  %+v\n want %+v", c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		label string
		want  role
	}{
		{"政府信息公开工作报告", roleColumn},
		{"政府信息公开年报公示", roleColumn},
		{"阳光政务", roleHub},
		{"企业信息公开年报", roleNone},
	} {
		if got, _ := classify(c.label, false, "http://www.x-demo.gov.cn/a/"); got != c.want {
			t.Errorf("classify(%q) = %d, want %d", c.label, got, c.want)
		}
	}
}
