// Package simnet is a simulated network of Chinese government portals for
// the crawler's tests, benchmarks and the demo: one real HTTP server on
// 127.0.0.1 that answers many portals by virtual host (the Host header).
// A client reaches it through Network.DialContext, which connects every
// host:port to the server, so portal URLs keep their real shape
// (http://www.d370685.gov.cn/...). Everything is deterministic from
// Config.Seed: the same seed gives the same portals, pages and bytes.
//
// It is test and demo equipment, not part of the crawler: it lives under
// internal/ beside the other equipment (docwriter, synth, officetest), and
// no production package imports it; only tests and cmd/ogi's demo do
// (TestProductionPackagesKeepOutTestEquipment checks it).
//
// # Portals
//
// Each portal is a county (or prefecture) of GB/T 2260 (data.Divisions),
// drawn from Config.Provinces, built on one CMS pattern:
//
//   - trs: static lists {chan}/index.html, {chan}/index_1.html … with
//     createPageHTML(countPage, currentPage, "index", "html"); detail pages
//     {chan}/YYYYMM/tYYYYMMDD_{docid}.html linked relatively
//     (./YYYYMM/t….html); attachments ./P0YYYYMMDD{digits}.pdf beside the
//     page.
//   - hanweb: column /col/col{colid}/index.html embedding the first records
//     in <script type="text/xml"><datastore>… with a <nextgroup> link;
//     further records from
//     /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=
//     (POST or GET; the form must carry columnid={colid}) returning
//     <datastore><totalrecord>…<recordset><record><![CDATA[<li><a href="/art/…">;
//     detail /art/YYYY/M/D/art_{colid}_{id}.html; attachments linked as
//     /module/download/downfile.jsp?classid=0&filename={32hex}.pdf, which
//     answers 302 → /attach/0/{32hex}.pdf.
//   - gkmlpt: /gkmlpt/index holds window._CONFIG = {SID: "…", TREE: [json],
//     ANNUALREPORT: catid}; JSON /gkmlpt/api/all/{catid}?page={n}&sid={SID}
//     (page from 1) → {total, page, page_size, articles:[{id, title, url,
//     create_time (Unix seconds)}]}; a wrong sid answers 400; detail
//     /gkmlpt/content/{id/1e6}/{id/1e3}/post_{id}.html.
//   - vsb: column /{path}.htm, further pages /{path}/{n}.htm numbered
//     downwards (page 2 is /{path}/{P-1}.htm, the last page /{path}/1.htm),
//     "下页"/"尾页" links and <span class="p_t">k/P</span>; detail
//     /info/{col}/{id}.htm linked relatively.
//   - generic: a plain list page with links and ?page=N, "下一页" anchors.
//
// Each portal's CMS version varies that markup the way real sites do,
// drawn from its own random stream (seed and portal code), so documents,
// figures and faults do not depend on it:
//
//   - trs: the pager is the literal call above, the six-argument
//     createPageHTML('page_div', N, cur, 'dezlist', 'shtml', records)
//     (first page dezlist.shtml, then dezlist_2 … dezlist_N),
//     var countPage = N … createPageHTML(countPage, currentPage, "index",
//     "shtml"), or no pager at all but the list2.trsapi configuration
//     listModel({quickMode:"动静结合", maxStaticIndex:N-1,
//     pagebar:{prepage:P, recordCount:'R'}}) (keys and numbers quoted or
//     not) on a list served at the column directory, its pages index_k
//     taking the detail pages' extension (福建's platform, 平潭); list and
//     detail pages end in .html, .shtml or .htm.
//   - hanweb: the <nextgroup> links ./dataproxy.jsp?page=N&… (relative to
//     the proxy) or the absolute proxy; older sites answer only
//     GET dataproxy.jsp?page=N&<column params> (a POST gets an HTML page).
//   - gkmlpt: the real config shape {SID: '…', TREE: [nested children,
//     jump_url nodes]} with no ANNUALREPORT or API keys, the report category
//     found by name in TREE; some APIs answer post_url instead of url.
//   - vsb: long pagers link only the first, last and neighbouring page
//     numbers, with "..." between.
//
// # Home pages, hubs and sub-columns
//
// Each portal has a home page (Portal.HomeURL; on some the root is a
// meta-refresh or location.href stub) and a 政务公开 section in its CMS's
// manner (TRS and VSB link relatively, Hanweb's every page is a
// /col/col{id}/index.html, gkmlpt's catalogue is /gkmlpt/index), drawn
// from its own random stream so documents, figures and the bytes of every
// list and report page are the same as without it. The home page's menu is
// a <ul>, title-only icons, images with alt, a JSON menu a script renders,
// onclick table cells or document.write; it links the hub, news items
// (among them a notice about writing the report), special topics that are
// look-alikes, sometimes the column itself or the newest report. The hub
// lists 18–30 columns with 4–7 look-alikes (政府工作报告, 年度工作报告, 部门决算,
// 年度绩效报告, 统计年鉴/统计公报/统计年报, 政策解读, 年报解读, 图解年报,
// 企业年报公示 …), each answering a page of what its name says, and the
// report column under one of a dozen names (政府信息公开年报, 年度报告, 工作年报,
// 公开年报 …; plain, truncated with the name in title, or an image alt) —
// or, on two portals in five, only a second-level hub (政府信息公开,
// 法定主动公开内容, 信息公开目录 …) names it.
//
// Some portals (not gkmlpt) publish department and township reports in
// sub-columns of their own (Portal.Columns, scope department or township;
// Expected.ListURL and Scope say where each report is listed), named
// 部门年报, 县直部门年报, 乡镇（街道）年报, 镇街年报 …, linked beside the column
// on the hub or from a 年报 index page that lists 本级/部门/乡镇. Township
// reports are KindTownship. WriteRegistry writes every column (with a
// scope column), WriteHomeRegistry only code,name,home_url.
//
// Lists are paginated (5–8 items a page) and mix, newest first, the
// government's reports for Config.Years (2019–2020 on the 2019 template,
// 2021 onwards on the 2021 template), some departments' reports, pre-2019
// free-form reports, the 政府信息公开指南 and notices. Reports are printed
// as Word-pasted inline HTML tables (rowspan/colspan, <p> in cells,
// &nbsp; blanks), in GBK on some portals (declared by header, by meta, not
// at all, or mislabelled as charset=utf-8 in header and meta), in traditional characters with pinyin debris (統(tǒng)計), or
// as a short page linking a PDF (internal/docwriter, text layer laid out in
// columns) or DOCX (merged cells) attachment. Some portals print the label
// variants of report-format.md §3.3 (上年度结转, 部分公开 without its
// parenthesis, 合计 …), some a subtotal row before each group of table 三,
// some mark zero cells of table 四 blank (&nbsp;; Figures.Blank), a few
// agencies keep the 2019 template for 2021 (Expected.Template says which)
// and a few governments wrote their 2019 report as free text (the unified
// format was optional that year; Rendering freeform, no Template).
//
// Expected lists every report with its printed figures. They come from a
// generator in which every identity of schema.Template.Identities holds
// and carried_out of year t equals carried_in of year t+1 in every column;
// new applications scale with the county and grow over the years; table 四
// counts are small. Hosts are www.d{code}.gov.cn; every portal's pages and
// figures are derived from the seed and the portal alone, so pages are
// generated on request and a 1,000-portal network starts in well under
// a second.
//
// Every page answers conditional GETs (ETag, Last-Modified → 304). Edit
// and Remove change the published set for re-run tests.
//
// # Faults
//
// With Config.Faults every third portal gets one transport fault, dealt
// round-robin in FaultKinds order: 5xx bursts (the first two requests of
// every path), a stall longer than the client's timeout on the first
// request of each report page, slow bodies, 429 with Retry-After, 412
// 瑞数-style JS challenges with a FSSBBIl1UgzbN7N80S cookie on report
// pages, a redirect loop, a robots.txt Disallow of a report, an oversized
// (48 MiB) page, a gzip bomb, a list page (the second) that redirects to
// itself while the later ones answer (the reports only it lists are
// Expected.Blocked), challenges on every third report page only. A few reports also carry a typo'd grand total
// (Expected.FailedChecks). With Config.CrawlDelay every third portal's
// robots.txt announces that Crawl-delay; some portals have no robots.txt.
//
// Faults stall, dribble or refuse; they never hang the server: a stall ends
// when the client goes away or the network closes, list ranges are capped,
// redirects are one hop per request.
//
// The server records politeness breaches (Violations): a request to a host
// before its robots.txt, a disallowed path fetched, two requests to one
// host closer than its Crawl-delay or Config.MinInterval, a request before
// a Retry-After expired, a challenge cookie sent back.
package simnet
