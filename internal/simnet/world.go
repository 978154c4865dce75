package simnet

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"sort"
	"strings"
	"time"

	"ogi/data"
)

// Non-report page kinds that share the report lists.
const (
	kindGuide  = "guide"
	kindNotice = "notice"
)

// Roles of a path on a portal.
const (
	roleDetail   = "detail"
	roleAttach   = "attach"
	roleDownfile = "downfile" // Hanweb download endpoint, 302 → attachment
	roleLoop     = "loop"     // the partner page of a redirect loop
)

type portal struct {
	info       Portal
	idx        int
	div        data.Division
	prefecture bool
	size       float64
	encoding   string
	pageSize   int
	robots     bool
	crawlDelay time.Duration
	disallow   []string
	fault      string      // the portal's transport fault, "" for none
	layout     layout      // how its tables are printed
	docs       []*document // newest first
	paths      map[string]*document
	downfiles  map[string]*document // Hanweb filename → document
	loops      map[string]*document
	listBase   time.Time

	// CMS parameters.
	chanPath string // TRS channel directory, VSB column path, generic list path
	colID    int64  // Hanweb column id
	webID    int
	unitID   int
	sid      int // gkmlpt site id
	catID    int // gkmlpt category of the annual reports
	vsbCol   int // VSB column id of the detail pages

	cms cmsVariant // how this portal's CMS version writes its markup

	// Home page, hubs and sub-columns (site.go, subcol.go), drawn from
	// their own random streams.
	site  *siteLayout
	subs  []*portal // department and township sub-columns on the same host
	scope string    // of a sub-column: ScopeDepartment or ScopeTownship
}

type document struct {
	id         int64
	kind       string
	year       int
	agency     string
	agencyIdx  int
	title      string
	pub        time.Time
	path       string // detail page
	loopPath   string // redirect-loop partner ("" when none)
	attachPath string // where the attachment is served ("" when none)
	attachLink string // what the page links (path and query)
	rendering  string
	template   string
	typo       bool
	blankZeros bool
	faults     []string
	blocked    string
}

func (d *document) isReport() bool {
	return d.kind == KindGovernment || d.kind == KindDepartment || d.kind == KindPre2019 || d.kind == KindTownship
}

// modTime is the Last-Modified of the document at a version.
func (d *document) modTime(version int) time.Time {
	return d.pub.Add(time.Duration(version) * 24 * time.Hour)
}

func (p *portal) url(pathQuery string) string { return "http://" + p.info.Host + pathQuery }

type route struct {
	doc  *document
	role string
}

// route finds the document behind a path.
func (p *portal) route(path string, q url.Values) route {
	if d, ok := p.paths[path]; ok {
		if d.path == path {
			return route{d, roleDetail}
		}
		return route{d, roleAttach}
	}
	if d, ok := p.loops[path]; ok {
		return route{d, roleLoop}
	}
	if path == "/module/download/downfile.jsp" {
		if d, ok := p.downfiles[q.Get("filename")]; ok {
			return route{d, roleDownfile}
		}
	}
	return route{}
}

var departments = []string{"财政局", "教育局", "自然资源局", "卫生健康局", "农业农村局",
	"市场监督管理局", "人力资源和社会保障局", "住房和城乡建设局", "生态环境分局", "交通运输局"}

var noticeTitles = []string{
	"关于做好%d年政府信息公开工作年度报告编制发布工作的通知",
	"%d年政务公开工作要点",
	"关于开展%d年度政府网站自查工作的通知",
	"%d年政府信息公开工作培训会议召开",
}

// build lays out every portal and its documents. It does no rendering and
// no figure generation: those happen on request.
func (n *Network) build() error {
	divs, err := n.divisionsFor()
	if err != nil {
		return err
	}
	n.portals = make([]*portal, len(divs))
	for i, div := range divs {
		p := n.buildPortal(i, div)
		n.portals[i] = p
		if _, dup := n.byHost[p.info.Host]; dup {
			return fmt.Errorf("simnet: duplicate host %s", p.info.Host)
		}
		n.byHost[p.info.Host] = p
	}
	return nil
}

func pickAdapter(rng *rand.Rand, prov string) string {
	x := rng.Float64()
	switch prov {
	case "44":
		switch {
		case x < 0.7:
			return AdapterGkmlpt
		case x < 0.85:
			return AdapterTRS
		}
		return AdapterGeneric
	case "33", "37", "32", "36":
		switch {
		case x < 0.6:
			return AdapterHanweb
		case x < 0.85:
			return AdapterTRS
		}
		return AdapterGeneric
	case "62", "61", "65":
		switch {
		case x < 0.6:
			return AdapterVSB
		case x < 0.85:
			return AdapterTRS
		}
		return AdapterGeneric
	}
	switch {
	case x < 0.65:
		return AdapterTRS
	case x < 0.75:
		return AdapterHanweb
	}
	return AdapterGeneric
}

func hexString(rng *rand.Rand, n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[rng.IntN(16)]
	}
	return string(b)
}

func (n *Network) buildPortal(i int, div data.Division) *portal {
	rng := n.rng("portal", div.Code)
	p := &portal{
		idx: i, div: div,
		prefecture: div.Level == data.LevelPrefecture,
		paths:      map[string]*document{},
		downfiles:  map[string]*document{},
		loops:      map[string]*document{},
	}
	p.size = math.Exp(0.6 * rng.NormFloat64())
	if p.prefecture {
		p.size *= 3
	}
	adapter := pickAdapter(rng, div.Code[:2])
	p.info = Portal{Code: div.Code, Name: div.Name, Host: "www.d" + div.Code + ".gov.cn", Adapter: adapter}
	p.encoding = EncUTF8
	if adapter == AdapterTRS || adapter == AdapterVSB || adapter == AdapterGeneric {
		switch x := rng.Float64(); {
		case x < 0.12:
			p.encoding = EncGBKHeader
		case x < 0.18:
			p.encoding = EncGBKMeta
		case x < 0.22:
			p.encoding = EncGBKUndeclared
		case x < 0.26:
			p.encoding = EncGBKMislabelled
		}
	}
	p.pageSize = 5 + rng.IntN(4)
	p.layout.variants = rng.Float64() < 0.25
	p.layout.subtotals = rng.Float64() < 0.1
	p.robots = rng.Float64() > 0.15
	if n.cfg.CrawlDelay > 0 && i%3 == 0 {
		p.crawlDelay = n.cfg.CrawlDelay
		p.robots = true
		p.info.Faults = append(p.info.Faults, FaultCrawlDelay)
	}
	if n.cfg.Faults && i%3 == 2 {
		p.fault = faultKinds[(i/3)%len(faultKinds)]
		p.info.Faults = append(p.info.Faults, p.fault)
		if p.fault == FaultDisallow {
			p.robots = true
		}
	}
	p.cms = n.pickVariant(div.Code)
	switch adapter {
	case AdapterTRS:
		p.chanPath = []string{"/zwgk/zfxxgknb/", "/xxgk/ndbg/", "/zfxxgk/xxgknb/"}[rng.IntN(3)]
		p.info.ListURL = p.url(p.chanPath + p.cms.trsPageName(0))
		if p.cms.trsPager == trsPagerListModel {
			p.info.ListURL = p.url(p.chanPath) // the column directory, as 平潭's
		}
	case AdapterHanweb:
		p.colID = 1229000000 + int64(rng.IntN(999999))
		p.webID = 1 + rng.IntN(9000)
		p.unitID = 1000000 + rng.IntN(8999999)
		p.info.ListURL = p.url(fmt.Sprintf("/col/col%d/index.html", p.colID))
	case AdapterGkmlpt:
		p.sid = 700000 + rng.IntN(99999)
		p.catID = 2000 + rng.IntN(999)
		p.info.ListURL = p.url("/gkmlpt/index")
	case AdapterVSB:
		p.chanPath = []string{"/zwgk/zfxxgknb", "/xxgk/ndbg", "/zfxxgk/nb"}[rng.IntN(3)]
		p.vsbCol = 1000 + rng.IntN(9000)
		p.info.ListURL = p.url(p.chanPath + ".htm")
	default:
		p.chanPath = []string{"/xxgk/ndbg/list.html", "/zwgk/nianbao/index.html"}[rng.IntN(2)]
		p.info.ListURL = p.url(p.chanPath)
	}
	n.buildDocs(p, rng)
	if p.fault == FaultDisallow {
		for _, d := range p.docs {
			if d.blocked == FaultDisallow {
				p.disallow = append(p.disallow, d.path)
			}
		}
	}
	n.buildSubColumns(p)
	p.site = n.buildSite(p)
	return p
}

func date(rng *rand.Rand, year int, month time.Month, maxDays int) time.Time {
	return time.Date(year, month, 1, 8+rng.IntN(10), rng.IntN(60), rng.IntN(60), 0, time.UTC).
		AddDate(0, 0, rng.IntN(maxDays))
}

func (n *Network) buildDocs(p *portal, rng *rand.Rand) {
	name := p.info.Name
	gov := name + "人民政府"
	var docs []*document
	for _, y := range n.cfg.Years {
		docs = append(docs, &document{kind: KindGovernment, year: y, agency: gov,
			title: fmt.Sprintf("%s%d年政府信息公开工作年度报告", gov, y), pub: date(rng, y+1, time.January, 80)})
	}
	docs = n.keepGovernment(p, docs) // Config.Lapses: some late, some missing
	depts := append([]string(nil), departments...)
	rng.Shuffle(len(depts), func(i, j int) { depts[i], depts[j] = depts[j], depts[i] })
	for k := range rng.IntN(4) {
		agency := name + depts[k]
		years := 1 + rng.IntN(3)
		for j := 0; j < years && j < len(n.cfg.Years); j++ {
			y := n.cfg.Years[len(n.cfg.Years)-1-j]
			docs = append(docs, &document{kind: KindDepartment, year: y, agency: agency, agencyIdx: k + 1,
				title: fmt.Sprintf("%s%d年政府信息公开工作年度报告", agency, y), pub: date(rng, y+1, time.January, 28)})
		}
	}
	if rng.Float64() < 0.6 {
		for y := 2018; y >= 2016; y-- {
			if rng.Float64() < 0.7 {
				docs = append(docs, &document{kind: KindPre2019, year: y, agency: gov,
					title: fmt.Sprintf("%s%d年政府信息公开工作年度报告", gov, y), pub: date(rng, y+1, time.February, 50)})
			}
		}
	}
	docs = append(docs, &document{kind: kindGuide, agency: gov, title: gov + "政府信息公开指南",
		pub: date(rng, 2019+rng.IntN(5), time.March, 200)})
	for range 1 + rng.IntN(3) {
		y := n.cfg.Years[rng.IntN(len(n.cfg.Years))]
		docs = append(docs, &document{kind: kindNotice, year: y, agency: gov,
			title: fmt.Sprintf(noticeTitles[rng.IntN(len(noticeTitles))], y), pub: date(rng, y, time.January, 330)})
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].pub.Before(docs[j].pub) })
	id := int64(10000 + rng.IntN(900000))
	switch p.info.Adapter {
	case AdapterTRS, AdapterGkmlpt:
		id += 1000000 * int64(1+rng.IntN(8))
	case AdapterHanweb:
		id += 10000000 * int64(1+rng.IntN(8))
	case AdapterGeneric:
		id = int64(100 + rng.IntN(9000))
	}
	for _, d := range docs {
		id += int64(1 + rng.IntN(400))
		d.id = id
	}
	// newest first
	for i, j := 0, len(docs)-1; i < j; i, j = i+1, j-1 {
		docs[i], docs[j] = docs[j], docs[i]
	}
	p.docs = docs
	p.listBase = docs[0].pub
	blankStyle := rng.Float64() < 0.25
	faultDoc := (*document)(nil)
	for _, d := range docs {
		if d.kind == KindGovernment && d.year == n.cfg.Years[0] {
			faultDoc = d
		}
	}
	for _, d := range docs {
		if d.pub.After(p.listBase) {
			p.listBase = d.pub
		}
		n.layoutDoc(p, d, rng)
		if (d.kind == KindGovernment || d.kind == KindDepartment) && d.rendering != RenderFreeform {
			d.template = templateID(d.year, n.lateSwitch(p.info.Code, d.agencyIdx))
			d.blankZeros = blankStyle && (d.rendering == RenderHTML || d.rendering == RenderHTMLTraditional)
			if n.cfg.Faults && rng.Float64() < 0.06 {
				d.typo = true
				d.faults = append(d.faults, FaultTypo)
			}
		}
		if !d.isReport() {
			continue
		}
		switch p.fault {
		case Fault5xx, Fault429, FaultSlowBody, FaultTimeout:
			d.faults = append(d.faults, p.fault)
		case FaultChallenge:
			d.faults = append(d.faults, p.fault)
			d.blocked = p.fault
		case FaultChallengeSome:
			d.faults = append(d.faults, p.fault)
		case FaultRedirectLoop, FaultDisallow, FaultOversized, FaultGzipBomb:
			if d == faultDoc {
				d.faults = append(d.faults, p.fault)
				d.blocked = p.fault
			}
		}
		if d.blocked == FaultRedirectLoop {
			d.loopPath = strings.TrimSuffix(d.path, extOf(d.path)) + "_1" + extOf(d.path)
			p.loops[d.loopPath] = d
		}
	}
	if p.fault == FaultChallengeSome {
		// Every third report by path is challenged: the crawl visits a
		// portal's pages in URL order, so no two challenges come in a row.
		var reports []*document
		for _, d := range docs {
			if d.isReport() {
				reports = append(reports, d)
			}
		}
		sort.Slice(reports, func(i, j int) bool { return reports[i].path < reports[j].path })
		for i, d := range reports {
			if i%3 == 1 {
				d.blocked = FaultChallengeSome
			}
		}
	}
}

func extOf(path string) string {
	if i := strings.LastIndexByte(path, '.'); i > strings.LastIndexByte(path, '/') {
		return path[i:]
	}
	return ""
}

// layoutDoc picks the rendering and the CMS paths of a document.
func (n *Network) layoutDoc(p *portal, d *document, rng *rand.Rand) {
	switch d.kind {
	case KindGovernment, KindDepartment:
		x := rng.Float64()
		switch {
		case x < 0.18:
			d.rendering = RenderPDF
		case x < 0.28:
			d.rendering = RenderDOCX
		case p.encoding == EncUTF8 && x > 0.93:
			d.rendering = RenderHTMLTraditional
		default:
			d.rendering = RenderHTML
		}
		// The 2019 unified format was only encouraged: a few governments
		// wrote that year's report as free text.
		if d.kind == KindGovernment && d.year == 2019 && n.rng("freeform2019", p.info.Code).Float64() < 0.08 {
			d.rendering = RenderFreeform
		}
	case KindPre2019:
		d.rendering = RenderFreeform
	}
	ext := ""
	switch d.rendering {
	case RenderPDF:
		ext = ".pdf"
	case RenderDOCX:
		ext = ".docx"
	}
	ym := d.pub.Format("200601")
	ymd := d.pub.Format("20060102")
	switch p.info.Adapter {
	case AdapterTRS:
		d.path = fmt.Sprintf("%s%s/t%s_%d.%s", p.chanPath, ym, ymd, d.id, p.cms.trsDocExt)
		if ext != "" {
			d.attachPath = fmt.Sprintf("%s%s/P0%s%06d%s", p.chanPath, ym, ymd, rng.IntN(1000000), ext)
			d.attachLink = d.attachPath
		}
	case AdapterHanweb:
		d.path = fmt.Sprintf("/art/%d/%d/%d/art_%d_%d.html", d.pub.Year(), int(d.pub.Month()), d.pub.Day(), p.colID, d.id)
		if ext != "" {
			name := hexString(rng, 32) + ext
			d.attachPath = "/attach/0/" + name
			d.attachLink = "/module/download/downfile.jsp?classid=0&filename=" + name
			p.downfiles[name] = d
		}
	case AdapterGkmlpt:
		d.path = fmt.Sprintf("/gkmlpt/content/%d/%d/post_%d.html", d.id/1000000, d.id/1000, d.id)
		if ext != "" {
			d.attachPath = fmt.Sprintf("/attachment/0/%d/%d/%s%s", d.id/1000, d.id, hexString(rng, 12), ext)
			d.attachLink = d.attachPath
		}
	case AdapterVSB:
		d.path = fmt.Sprintf("/info/%d/%d.htm", p.vsbCol, d.id)
		if ext != "" {
			h := strings.ToUpper(hexString(rng, 32))
			d.attachPath = fmt.Sprintf("/__local/%s/%s/%s/%s%s", h[:1], h[1:3], h[3:5], h, ext)
			d.attachLink = d.attachPath
		}
	default:
		dir := p.chanPath[:strings.LastIndexByte(p.chanPath, '/')+1]
		d.path = fmt.Sprintf("%s%d/%d.html", dir, d.pub.Year(), d.id)
		if ext != "" {
			d.attachPath = fmt.Sprintf("/uploads/%d/%s%s", d.pub.Year(), hexString(rng, 16), ext)
			d.attachLink = d.attachPath
		}
	}
	p.paths[d.path] = d
	if d.attachPath != "" {
		p.paths[d.attachPath] = d
	}
}
