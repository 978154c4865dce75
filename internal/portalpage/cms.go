package portalpage

import (
	"fmt"
	"html"
	"strings"
)

// metaTags are the head's CMS meta tags (SiteName, ColumnName …).
func (s *site) metaTags(title, column string) string {
	var b strings.Builder
	for _, kv := range [][2]string{
		{"viewport", "width=device-width, initial-scale=1.0, maximum-scale=1.0"}, {"SiteName", s.name}, {"SiteDomain", s.domain},
		{"SiteIDCode", s.code}, {"ColumnName", column}, {"ColumnType", column}, {"ArticleTitle", title},
		{"PubDate", s.date() + " 15:34"}, {"ContentSource", s.name + "办公室"}, {"KeyWords", ""}, {"Author", ""},
		{"Description", ""}, {"Image", ""}, {"Url", "https://" + s.domain + "/zwgk/zfxxgk/zfxxgknb/"},
	} {
		fmt.Fprintf(&b, "<meta name=\"%s\" content=\"%s\"/>\n", kv[0], html.EscapeString(kv[1]))
	}
	return b.String()
}

// searchForm is a header search box with its suggestion list, written
// twice by TRS templates (a live and a static variant).
func (s *site) searchForm(static bool) string {
	attr := `ms-attr-action="searchAction" ms-blur="$togLinkkey" target="_blank" ms-submit="$setHistoryList()" ms-if="!avalon.vmodels.windowRoot.isStatic"`
	if static {
		attr = `onkeydown="avalon.vmodels.windowRoot.staticDialog()" ms-if="avalon.vmodels.windowRoot.isStatic" style="display: none" ms-visible="avalon.vmodels.windowRoot.isStatic"`
	}
	return "\t\t\t\t\t<form " + attr + `> 
						<div class="input_select input_base input_group input_group_append input_group_prepend">
							<div class="input_group_prepend_01">
								<div class="select_group">
									<div class="input_base input_suffix" ms-click="$searchChange()">
										<input type="hidden" ms-duplex="searchSiteId" name="siteId" />
										<input type="hidden" ms-duplex="isMain" name="isMain" />
										<input type="text" ms-duplex="searchSite" readonly class="input_inner" />
										<span class="input_icon" title="当前搜索站点 本站 按方向键切换">
											<i class="trt-iconfont trt-icon-shangxiajiantou"></i>
										</span>
									</div>
								</div>
							</div>
							<input type="text" placeholder="请输入您要搜索的内容" name="key" class="input_inner" id="selecttags" required="required" ms-duplex="searchTips.serKey" ms-focus="$checkLock" autocomplete="off" />
							<div class="input_group_append_01">
								<button  type="submit" class="btn_base btn_default" alt="点击搜索">
								<i class="trt-iconfont trt-icon-sousuo"></i>
								</button>
							</div>
							<div class="lxglc-box_2021" ms-visible="searchTips.showlist&&searchTips.linkKeys.length>0">
								<ul>
								  <li ms-repeat="searchTips.linkKeys">
									<a href="javascript:;" ms-click="$setPost(el.wordName)" ms-text="el.wordNameHtml|html"></a>
								  </li>
								</ul>
							  </div>
						</div>
					</form>
`
}

// trs is a TRS page (the trt templates of Fujian's portals).
func (s *site) trs(title string) chrome {
	var h, t, b strings.Builder
	h.WriteString(s.metaTags(title, "政府信息公开年报"))
	for _, css := range []string{"trt_iconfont_v2", "trt_ui_v2", "trt_component_v2", "trt_media_v2", "header", "footer", "info_public_style", "xxgk_style"} {
		fmt.Fprintf(&h, "    <link rel=\"stylesheet\" type=\"text/css\" href=\"/images/%s.css\">\n", css)
	}
	t.WriteString("    <div class=\"warp info_public_bg\">\n      <!--头部開始-->\n      <div class=\"header menu_hov\">\n\t<div class=\"row\">\n\t\t<div class=\"logo trt-col-9\">\n\t\t\t<img src=\"/images/gh_logo.png\" />\n\t\t\t<a href=\"/\"><img src=\"/images/site_logo.png\" /></a>\n\t\t</div>\n\t\t<div class=\"header_line clearflx\" role=\"serve\" des=\"头部信息\">\n\t\t\t<div class=\"header_link_01\">\n")
	for _, n := range []string{"国务院", "省政府", "省人大", "省政协"} {
		fmt.Fprintf(&t, "\t\t\t\t<a href=\"https://www.gov.cn/\" Target=\"_blank\" title=\"%s\" class=\"btn_base btn_outline btn_outline_primary btn_small\">%s</a>\n", n, n)
	}
	t.WriteString("\t\t\t</div>\n\t\t\t<div class=\"header_link_02\">\n\t\t\t\t<script src=\"/images/langBig5.js\" type=\"text/javascript\"></script>\n\t\t\t\t<a href=\"javascript:;\" class=\"none_sm\">移动版</a>\n\t\t\t</div>\n\t\t\t<div class=\"header_link_02 none_sm\">\n\t\t\t\t<em ms-visible=\"!isLogin\">\n\t\t\t\t\t<a id=\"logined\" href=\"javascript:void(0);\" ms-if=\"!avalon.vmodels.windowRoot.isStatic\" ms-click=\"$login\" target=\"_blank\" >登录</a>\n\t\t\t\t\t<a id=\"registered\" href=\"javascript:void(0);\" ms-click=\"$register\" >注册</a>\n\t\t\t\t</em>\n\t\t\t</div>\n\t\t\t<span>网站支持IPV6</span>\n\t\t</div>\n\t\t<div class=\"menu_base menu_right menu_hd\">\n\t\t\t<ul class=\"clearflx\" role=\"navigation\" des=\"站点主目录\">\n")
	for i, n := range sections[:6] {
		fmt.Fprintf(&t, "\t\t\t\t<li class=\"parentNode\" ms-class=\"on:paths[3]=='c%d'\"><a href=\"https://%s/c%d/\">%s</a></li>\n", i, s.domain, i, n)
	}
	t.WriteString("\t\t\t</ul>\n\t\t</div>\n\t</div>\n\t<div class=\"submenu menu_bd\">\n")
	for row := 0; row < 6; row++ {
		t.WriteString("\t\t<div class=\"row\">\n\t\t\t<div>\n")
		for _, n := range s.pick(columns, s.between(6, 16)) {
			fmt.Fprintf(&t, "\t\t\t\t \n                    <a href=\"https://%s/zwgk/%d/\" target=\"_blank\" title=\"%s\">%s</a>\n", s.domain, s.rng.IntN(1000), n, n)
		}
		t.WriteString("\t\t\t</div>\n\t\t</div>\n")
	}
	t.WriteString("\t</div>\n</div>\n<div class=\"banner_header\">\n\t<div class=\"row\">\n\t\t<div class=\"trt-row\">\n\t\t\t<div class=\"trt-col-10 trt-col-sm-18\" role=\"interaction\" des=\"搜索\">\n\t\t\t\t<div class=\"search_area\" id=\"header\">\n")
	t.WriteString(s.searchForm(false))
	t.WriteString(s.searchForm(true))
	t.WriteString("\t\t\t\t</div>\n\t\t\t</div>\n\t\t\t<div class=\"aged_link\">\n                    <a href=\"javascript:void(0);\" class=\"aged_link_01\" ms-click=\"$inSlb()\" ms-visible=\"!isSlb\">长者模式</a>\n                    <a href=\"javascript:void(0);\" class=\"aged_link_02\" Id=\"barrierFreeBtn\"><font id=\"WzaStatus\">无障碍浏览</font></a>\n                </div>\n\t\t</div>\n\t</div>\n</div>\n      <!--头部結束-->\n")
	t.WriteString("      <div class=\"main\">\n        <div class=\"content\">\n          <div class=\"row content_bg_02 pad_xl\" role=\"viewlist\" des=\"正文\">\n            <div class=\"breadcrumb\">\n              <span><i class=\"trt-iconfont trt-icon-weizhi\"></i>当前位置：</span>\n              <ul>\n                <li>\n                  <a href=\"../../../../\" title=\"首页\" class=\"CurrChnlCls\">首页</a></li><li><a href=\"../../../\" title=\"政务公开\" class=\"CurrChnlCls\">政务公开</a></li><li><a href=\"../../\" title=\"政府信息公开\" class=\"CurrChnlCls\">政府信息公开</a></li><li><a href=\"../\" title=\"政府信息公开年报\" class=\"CurrChnlCls\">政府信息公开年报</a>\n                </li>\n              </ul>\n            </div>\n")
	t.WriteString("                    <div class=\"article_component\" ms-controller=\"windowRoot\">\n")
	if title != "" {
		fmt.Fprintf(&t, "                      <div class=\"article_title_group\">\n                        <div class=\"article_title text_align_center\">\n                          %s\n                        </div>\n                      </div>\n", html.EscapeString(title))
	}
	fmt.Fprintf(&t, "                      <div class=\"article_extend pad_base\">\n                        <div class=\"trt-row\">\n                          <div class=\"trt-col-16 trt-col-sm-24\">\n                              <span class=\"article_source\">来源：%s办公室</span>\n                              <span class=\"article_time\">发布时间：%s</span>\n                          </div>\n                          <div class=\"trt-col-8 article_font\">字号：<a href=\"javascript:;\" ms-click=\"$fontSize(18)\">大</a> <a href=\"javascript:;\" ms-click=\"$fontSize(16)\">中</a> <a href=\"javascript:;\" ms-click=\"$fontSize(14)\">小</a></div>\n                        </div>\n                      </div>\n", s.name, s.date())
	t.WriteString("                      <div class=\"article_content\" id=\"zoom\">\n<div class=\"trs_editor_view TRS_UEDITOR trs_paper_default trs_web\">\n")
	b.WriteString("</div>\n                      </div>\n                      <div class=\"article_attachment\" id=\"file_xmb\"><ul id=\"file_ul_fj\"></ul></div>\n                      <div class=\"article_btn\">\n                        <a href=\"javascript:window.print();\">【打印本页】</a> <a href=\"javascript:window.close();\">【关闭窗口】</a>\n                      </div>\n                    </div>\n")
	b.WriteString("                    <div class=\"xl_xgwz\">\n                      <h3>相关文章</h3>\n                      <ul>\n")
	for i := 0; i < s.between(8, 15); i++ {
		fmt.Fprintf(&b, "                        <li><a href=\"../../%d/t2025%04d_%d.htm\" target=\"_blank\" title=\"%s\">%s</a><span>%s</span></li>\n", s.rng.IntN(100), s.rng.IntN(10000), s.rng.IntN(100000), s.newsTitle(), s.newsTitle(), s.date())
	}
	b.WriteString("                      </ul>\n                    </div>\n          </div>\n        </div>\n      </div>\n      <!--底部開始-->\n<div class=\"footer\">\n\t<div class=\"row\">\n\t\t<div class=\"out_links\">\n\t\t\t<ul class=\"trt-row\">\n")
	b.WriteString(s.friendLinks(5, s.between(14, 26), "trt-col-ave-7 trt-col-sm-24"))
	fmt.Fprintf(&b, "\t\t\t</ul>\n\t\t</div>\n\t</div>\n\t<div class=\"row mar_t_base\" role=\"serve\" des=\"网站信息\">\n\t\t<div class=\"trt-col-11 website_info\">\n\t\t\t<p>\n\t\t\t\t<a href=\"/zwzdb/sybz/\" target=\"_blank\" title=\"使用帮助\">使用帮助</a>\n\t\t\t\t<em>|</em>\n\t\t\t\t<a href=\"/zwzdb/lxwm/\" target=\"_blank\" title=\"联系我们\">联系我们</a>\n\t\t\t</p>\n\t\t\t<p>\n\t\t\t\t<span>网站标识码：%s</span>\n\t\t\t\t<span><a href=\"https://beian.miit.gov.cn\" Target=\"_blank\">ICP备%05d号</a></span>\n\t\t\t</p>\n\t\t\t<p><span>版权所有：%s</span></p>\n\t\t</div>\n\t</div>\n\t<div class=\"copyright_info\"><div class=\"row\"><p><span>主办单位：%s办公室</span></p><p>为确保最佳浏览效果，建议您使用以下浏览器版本：IE浏览器9.0版本及以上； Google Chrome浏览器 63版本及以上。</p></div></div>\n</div>\n      <!--底部结束-->\n    </div>\n", s.code, s.rng.IntN(100000), s.name, s.name)
	b.WriteString("    <script>\n    var SiteInfo = {\n        itpSiteId: 21,\n        itp4advice: 41,\n        searchId: 200210,\n        defaultPgTemp: \"pgBar.html\",\n        siteMsgType: \"govSite\",\n        initWindowRoot: false,\n        initPageview: true,\n        defaultHotWords: '旅游;渔业;保障性住房',\n        openSlb: true,\n        openWza: true\n    };\n</script>\n<script src=\"/images/barrier.free.min.js\" id=\"barrierFree\"></script>\n<script src=\"/images/model.min.js\"></script>\n")
	b.WriteString(s.script(s.between(150, 260)))
	return chrome{head: h.String(), top: t.String(), bottom: b.String()}
}

// hanweb is a Hanweb jcms page: layout tables around the article, the
// 信息公开 index table above it, the content between the CMS's markers.
func (s *site) hanweb(title string) chrome {
	var h, t, b strings.Builder
	h.WriteString("<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\" />\n")
	h.WriteString(s.metaTags(title, "政府信息公开年报"))
	for _, js := range []string{"jquery/jquery.js", "jquery/jquery.cookie.js", "common.js", "font.js", "share.js"} {
		fmt.Fprintf(&h, "<script type=\"text/javascript\" src=\"/module/jslib/%s\"></script>\n", js)
	}
	h.WriteString("<link href=\"/images/style.css\" rel=\"stylesheet\" type=\"text/css\" />\n")
	fmt.Fprintf(&t, "<table width=\"1200\" border=\"0\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\" class=\"top\">\n  <tr>\n    <td width=\"600\" height=\"130\"><img src=\"/images/logo.png\" width=\"560\" height=\"90\" alt=\"%s\" /></td>\n    <td align=\"right\" valign=\"top\"><a href=\"javascript:void(0)\" onclick=\"SetHome(this,window.location)\">设为首页</a> | <a href=\"javascript:void(0)\" onclick=\"AddFavorite(window.location,document.title)\">加入收藏</a> | <a href=\"/wza/\">无障碍</a></td>\n  </tr>\n</table>\n", s.name)
	t.WriteString("<table width=\"1200\" border=\"0\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\" class=\"nav\">\n  <tr>\n")
	for i, n := range sections {
		fmt.Fprintf(&t, "    <td width=\"150\" align=\"center\" class=\"nav_td\"><a href=\"/col/col%d/index.html\" target=\"_self\">%s</a></td>\n", 1000+i*37, n)
	}
	t.WriteString("  </tr>\n</table>\n<table width=\"1200\" border=\"0\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\">\n  <tr>\n    <td width=\"260\" valign=\"top\" class=\"left\">\n      <table width=\"100%\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\"><tr><td class=\"lm_tit\">政府信息公开</td></tr></table>\n      <div class=\"tree\">\n")
	for _, d := range s.pick(departments, s.between(30, 60)) {
		fmt.Fprintf(&t, "        <div class=\"tree_item\"><img src=\"/images/tree_plus.gif\" /><a href=\"/col/col%d/index.html?uid=%d&pageNum=1\" title=\"%s\">%s</a></div>\n", s.rng.IntN(100000), s.rng.IntN(100000), d, d)
	}
	t.WriteString("      </div>\n    </td>\n    <td width=\"20\">&nbsp;</td>\n    <td valign=\"top\" class=\"right\">\n      <table width=\"100%\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\"><tr><td class=\"wz\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/col/col1001/\">政务公开</a> &gt; <a href=\"/col/col1002/\">政府信息公开年报</a></td></tr></table>\n")
	fmt.Fprintf(&t, "      <table width=\"100%%\" border=\"0\" cellspacing=\"1\" cellpadding=\"6\" bgcolor=\"#d8d8d8\" class=\"xxgk_table\">\n        <tr bgcolor=\"#ffffff\"><td width=\"90\" align=\"right\"><strong>索引号：</strong></td><td>%s/2025-%05d</td><td width=\"90\" align=\"right\"><strong>发布机构：</strong></td><td>%s办公室</td></tr>\n        <tr bgcolor=\"#ffffff\"><td align=\"right\"><strong>生成日期：</strong></td><td>%s</td><td align=\"right\"><strong>公开方式：</strong></td><td>主动公开</td></tr>\n        <tr bgcolor=\"#ffffff\"><td align=\"right\"><strong>公开范围：</strong></td><td>全部公开</td><td align=\"right\"><strong>有效性：</strong></td><td>有效</td></tr>\n      </table>\n", s.code[:6], s.rng.IntN(100000), s.name, s.date())
	if title != "" {
		fmt.Fprintf(&t, "      <table width=\"100%%\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\"><tr><td class=\"title\" align=\"center\">%s</td></tr></table>\n", html.EscapeString(title))
	}
	t.WriteString("      <table width=\"100%\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\"><tr><td class=\"bt_content\">\n<div id=\"zoom\"><!--<$[信息内容]>begin--><!--ZJEG_RSS.content.begin--><meta name=\"ContentStart\">\n")
	b.WriteString("<meta name=\"ContentEnd\"><!--ZJEG_RSS.content.end--><!--<$[信息内容]>end--></div>\n      </td></tr></table>\n")
	b.WriteString("      <table width=\"100%\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\"><tr><td align=\"right\" class=\"bt_link\">【字体：<a href=\"javascript:doZoom(16)\">大</a> <a href=\"javascript:doZoom(14)\">中</a> <a href=\"javascript:doZoom(12)\">小</a>】【<a href=\"javascript:window.print()\">打印本页</a>】【<a href=\"javascript:window.close()\">关闭窗口</a>】</td></tr></table>\n    </td>\n  </tr>\n</table>\n")
	b.WriteString("<table width=\"1200\" border=\"0\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\" class=\"links\">\n  <tr>\n")
	for g := 0; g < 5; g++ {
		b.WriteString("    <td><select onchange=\"window.open(this.value)\"><option>--部门网站--</option>\n")
		for _, d := range s.pick(departments, s.between(20, 35)) {
			fmt.Fprintf(&b, "      <option value=\"https://www.d%04d.gov.cn/\">%s</option>\n", s.rng.IntN(10000), d)
		}
		b.WriteString("    </select></td>\n")
	}
	fmt.Fprintf(&b, "  </tr>\n</table>\n<table width=\"1200\" border=\"0\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\" class=\"bottom\">\n  <tr><td align=\"center\"><a href=\"/col/col%d/\">网站地图</a> | <a href=\"/col/col%d/\">联系我们</a> | <a href=\"/col/col%d/\">网站声明</a></td></tr>\n  <tr><td align=\"center\">主办：%s办公室 &nbsp; 网站标识码：%s &nbsp; ICP备%05d号</td></tr>\n  <tr><td align=\"center\"><script type=\"text/javascript\">document.write(unescape(\"%%3Cspan id='_ideConac' %%3E%%3C/span%%3E\"));</script></td></tr>\n</table>\n", s.rng.IntN(9999), s.rng.IntN(9999), s.rng.IntN(9999), s.name, s.code, s.rng.IntN(100000))
	b.WriteString(s.script(s.between(150, 260)))
	return chrome{head: h.String(), top: t.String(), bottom: b.String()}
}

// gkmlpt is a page of Guangdong's 政府信息公开 platform: its index table of
// the document's attributes above the article.
func (s *site) gkmlpt(title string) chrome {
	var h, t, b strings.Builder
	h.WriteString(s.metaTags(title, "政府信息公开年报"))
	h.WriteString("<link rel=\"stylesheet\" href=\"/gkmlpt/static/css/gkmlpt.css\">\n<script src=\"/gkmlpt/static/js/jquery.min.js\"></script>\n<script src=\"/gkmlpt/static/js/vue.min.js\"></script>\n")
	fmt.Fprintf(&h, "<script>\n  window._CONFIG = {\n    SID: '%s', DEPT_ID: %d, DEPT_NAME: '%s', SITE_URL: 'https://%s', TREE: [],\n    SEARCH: { url: '/gkmlpt/search', size: 10 }, THEME: 'default', DEBUG: false\n  };\n</script>\n", s.code, s.rng.IntN(100000), s.name, s.domain)
	t.WriteString("<div id=\"app\">\n<div class=\"header\">\n  <div class=\"header-top\"><div class=\"w1200\"><span class=\"welcome\">欢迎访问" + s.name + "门户网站</span><div class=\"fr\"><a href=\"/wza\">无障碍</a> <a href=\"/slb\">长者模式</a> <a href=\"javascript:;\" id=\"jt_ft\">繁体</a></div></div></div>\n  <div class=\"nav\"><ul class=\"w1200\">\n")
	for i, n := range sections {
		fmt.Fprintf(&t, "    <li class=\"nav-item\"><a href=\"/%s/\" class=\"nav-link\" data-index=\"%d\">%s</a>\n      <div class=\"nav-sub\">", []string{"index", "zwgk", "jdhy", "bsfw", "hdjl", "zjbd", "sjkf"}[i], i, n)
		for _, c := range s.pick(columns, s.between(6, 14)) {
			fmt.Fprintf(&t, "<a href=\"/%d/\">%s</a>", s.rng.IntN(10000), c)
		}
		t.WriteString("</div></li>\n")
	}
	t.WriteString("  </ul></div>\n</div>\n<div class=\"gkmlpt-main w1200\">\n  <div class=\"crumbs\">您当前的位置：<a href=\"/\">首页</a> &gt; <a href=\"/gkmlpt/index\">政府信息公开</a> &gt; <a href=\"/gkmlpt/index#2629\">政府信息公开年报</a></div>\n  <div class=\"gkmlpt-left\">\n    <ul class=\"gkmlpt-tree\">\n")
	for _, d := range s.pick(columns, s.between(24, 40)) {
		fmt.Fprintf(&t, "      <li class=\"tree-node\"><span class=\"tree-icon\"></span><a href=\"/gkmlpt/index#%d\" title=\"%s\">%s</a></li>\n", s.rng.IntN(10000), d, d)
	}
	fmt.Fprintf(&t, "    </ul>\n  </div>\n  <div class=\"gkmlpt-content\">\n    <div class=\"classify\">\n      <table>\n        <tbody>\n          <tr><td class=\"first\">索引号：</td><td class=\"second\">%s/2025-%07d</td><td class=\"first\">分类：</td><td class=\"second\">政府信息公开年报</td></tr>\n          <tr><td class=\"first\">发布机构：</td><td class=\"second\">%s办公室</td><td class=\"first\">成文日期：</td><td class=\"second\">%s</td></tr>\n          <tr><td class=\"first\">文号：</td><td class=\"second\"></td><td class=\"first\">发布日期：</td><td class=\"second\">%s</td></tr>\n        </tbody>\n      </table>\n    </div>\n", s.code[:8], s.rng.IntN(10000000), s.name, s.date(), s.date())
	if title != "" {
		fmt.Fprintf(&t, "    <div class=\"article-title\"><h1 class=\"content-title\">%s</h1></div>\n", html.EscapeString(title))
	}
	t.WriteString("    <div class=\"article-content\">\n")
	b.WriteString("    </div>\n    <div class=\"article-tools\"><span class=\"qrcode\">扫一扫在手机打开当前页</span> <a href=\"javascript:window.print()\">打印</a> <a href=\"javascript:window.close()\">关闭</a></div>\n  </div>\n</div>\n<div class=\"footer\">\n  <div class=\"w1200\">\n    <div class=\"links\">\n")
	for g := 0; g < 5; g++ {
		b.WriteString("      <dl class=\"links-group\"><dt>相关网站</dt><dd>\n")
		for _, n := range s.pick(media, s.between(12, 24)) {
			fmt.Fprintf(&b, "        <a href=\"https://www.m%04d.cn/\" target=\"_blank\" rel=\"noopener noreferrer\">%s</a>\n", s.rng.IntN(10000), n)
		}
		b.WriteString("      </dd></dl>\n")
	}
	fmt.Fprintf(&b, "    </div>\n    <p>主办单位：%s办公室　　承办单位：%s政务服务数据管理局</p>\n    <p>网站标识码：%s　　ICP备%05d号</p>\n  </div>\n</div>\n</div>\n", s.name, s.name, s.code, s.rng.IntN(100000))
	b.WriteString(s.script(s.between(160, 280)))
	b.WriteString("<script src=\"/gkmlpt/static/js/app.min.js\"></script>\n")
	return chrome{head: h.String(), top: t.String(), bottom: b.String()}
}

// vsb is a VSB (博达) page: the content form, its many script includes, a
// style block and the click counter.
func (s *site) vsb(title string) chrome {
	var h, t, b strings.Builder
	fmt.Fprintf(&h, "<meta name=\"keywords\" content=\"%s\">\n<meta name=\"description\" content=\"%s\">\n", s.name, s.name)
	h.WriteString("<link href=\"style.css\" type=\"text/css\" rel=\"stylesheet\">\n<script type=\"text/javascript\" src=\"/system/resource/js/counter.js\"></script>\n<script type=\"text/javascript\">_jsq_(1002,'/content.jsp',-1,1234567890)</script>\n<style type=\"text/css\">\n")
	for i := 0; i < s.between(150, 300); i++ {
		fmt.Fprintf(&h, ".s%d{font-family:\"微软雅黑\";font-size:%dpx;color:#%06x;line-height:%dpx;margin:0 auto;padding:%dpx %dpx;}\n", i, s.between(12, 18), s.rng.IntN(1<<24), s.between(20, 36), s.between(0, 20), s.between(0, 20))
	}
	h.WriteString("</style>\n")
	t.WriteString("<div class=\"top\"><div class=\"wrap\"><div class=\"logo\"><img src=\"images/logo.png\"></div><div class=\"search\"><script language=\"javascript\" src=\"/system/resource/js/base64.js\"></script><script language=\"javascript\" src=\"/system/resource/js/formfunc.js\"></script><form action=\"ss.jsp?wbtreeid=1001\" method=\"post\" id=\"au0a\" name=\"au0a\" onsubmit=\"return _nl_ys_check()\" style=\"display: inline\"><input type=\"hidden\" id=\"lucenenewssearchkey1234\" name=\"lucenenewssearchkey\" value=\"\"><input type=\"hidden\" id=\"_lucenesearchtype1234\" name=\"_lucenesearchtype\" value=\"1\"><input type=\"hidden\" id=\"searchScope1234\" name=\"searchScope\" value=\"0\"><input name=\"showkeycode\" id=\"showkeycode1234\" type=\"text\" class=\"inp\" placeholder=\"请输入关键字\"><input type=\"image\" src=\"images/ss.png\" align=\"absmiddle\" style=\"cursor: hand\"></form></div></div></div>\n<div class=\"nav\"><div class=\"wrap\"><ul>\n")
	for i, n := range sections {
		fmt.Fprintf(&t, "<li id=\"nav%d\"><a href=\"../../index.htm\" title=\"%s\">%s</a><div class=\"sub\">", i, n, n)
		for _, c := range s.pick(columns, s.between(4, 10)) {
			fmt.Fprintf(&t, "<a href=\"../../%s.htm\" title=\"%s\">%s</a>", fmt.Sprint(s.rng.IntN(1000)), c, c)
		}
		t.WriteString("</div></li>\n")
	}
	t.WriteString("</ul></div></div>\n<div class=\"main wrap\"><div class=\"left\"><h2>政务公开</h2><ul>\n")
	for _, c := range s.pick(columns, s.between(10, 20)) {
		fmt.Fprintf(&t, "<li><a href=\"../../zwgk/%d.htm\" title=\"%s\">%s</a></li>\n", s.rng.IntN(1000), c, c)
	}
	t.WriteString("</ul></div><div class=\"right\"><div class=\"pos\">当前位置: <a href=\"../../index.htm\">首页</a> &gt;&gt; <a href=\"../../zwgk.htm\">政务公开</a> &gt;&gt; <a href=\"../../zwgk/ndbg.htm\">政府信息公开年报</a></div>\n<script language=\"javascript\" src=\"/system/resource/js/dynclicks.js\"></script><script language=\"javascript\" src=\"/system/resource/js/openlink.js\"></script>\n<form name=\"_newscontent_fromname\">\n")
	if title != "" {
		fmt.Fprintf(&t, "<div align=\"center\" class=\"titlestyle1234\">%s</div>\n", html.EscapeString(title))
	}
	fmt.Fprintf(&t, "<div align=\"center\" class=\"timestyle1234\">%s&nbsp;&nbsp;&nbsp;&nbsp;点击：<script>_showDynClicks(\"wbnews\", 1234567890, %d)</script></div>\n<div id=\"vsb_content\"><div class=\"v_news_content\">\n", s.date(), s.rng.IntN(100000))
	b.WriteString("</div></div>\n<div id=\"div_vote_id\"></div>\n</form>\n<div class=\"fy\"><span>上一条：<a href=\"1234.htm\">" + s.newsTitle() + "</a></span><span>下一条：<a href=\"1236.htm\">" + s.newsTitle() + "</a></span></div>\n</div></div>\n<div class=\"foot\"><div class=\"wrap\"><div class=\"links\">")
	for _, d := range s.pick(departments, s.between(30, 60)) {
		fmt.Fprintf(&b, "<a href=\"https://www.d%04d.gov.cn/\" target=\"_blank\" title=\"%s\">%s</a>", s.rng.IntN(10000), d, d)
	}
	fmt.Fprintf(&b, "</div><p>版权所有：%s &nbsp; 网站标识码：%s &nbsp; ICP备%05d号</p></div></div>\n", s.name, s.code, s.rng.IntN(100000))
	for i := 0; i < s.between(3, 5); i++ {
		b.WriteString(s.script(s.between(50, 100)))
	}
	return chrome{head: h.String(), top: t.String(), bottom: b.String()}
}
