package simnet

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// KindTownship is a township's or sub-district's report, published in a
// 乡镇年报 sub-column of its county's portal.
const KindTownship = "township"

// Column scopes (as in a registry's scope column).
const (
	ScopeOwn        = ""           // the jurisdiction's own column
	ScopeDepartment = "department" // a 部门年报 sub-column
	ScopeTownship   = "township"   // a 乡镇年报 sub-column
)

// Column is one annual-report column of a portal.
type Column struct {
	Scope   string // ScopeOwn, ScopeDepartment or ScopeTownship
	ListURL string
	Label   string // the name the portal's navigation gives it
}

// Departments and townships of the sub-columns: other pools than the
// departments that publish in the main column, so that no agency reports
// the same year twice.
var (
	subDepartments = []string{"发展和改革局", "公安局", "民政局", "司法局", "水利局", "商务局", "文化和旅游局",
		"应急管理局", "审计局", "统计局", "医疗保障局", "退役军人事务局", "林业局", "城市管理局"}
	townships = []string{"城关镇", "东城街道", "西城街道", "城南街道", "城北街道", "南关镇", "北关镇", "河口镇",
		"石桥镇", "白沙镇", "青山乡", "柳林镇", "新集镇", "马庄乡", "王集镇", "大营镇"}
)

// buildSubColumns gives some portals department and township
// sub-columns, each a list of its own in the portal's CMS, drawn from its
// own random stream so the rest of the world is unchanged. gkmlpt portals
// have none: their catalogue lists every report category in one tree.
func (n *Network) buildSubColumns(p *portal) {
	if p.info.Adapter == AdapterGkmlpt {
		return
	}
	rng := n.rng("subcolumns", p.info.Code)
	var scopes []string
	switch x := rng.Float64(); {
	case x < 0.15:
		scopes = []string{ScopeDepartment}
	case x < 0.25 && !p.prefecture:
		scopes = []string{ScopeTownship}
	case x < 0.4:
		scopes = []string{ScopeDepartment, ScopeTownship}
		if p.prefecture {
			scopes = scopes[:1]
		}
	}
	for k, scope := range scopes {
		p.subs = append(p.subs, n.buildSub(p, k, scope, rng))
	}
}

// buildSub lays out one sub-column of p and its documents.
func (n *Network) buildSub(p *portal, k int, scope string, rng *rand.Rand) *portal {
	s := &portal{
		idx: p.idx, div: p.div, prefecture: p.prefecture, size: p.size, encoding: p.encoding,
		pageSize: 5 + rng.IntN(4), robots: p.robots, crawlDelay: p.crawlDelay, fault: p.fault, layout: p.layout,
		paths: map[string]*document{}, downfiles: map[string]*document{}, loops: map[string]*document{},
		cms: p.cms, scope: scope,
	}
	s.info = Portal{Code: p.info.Code, Name: p.info.Name, Host: p.info.Host, Adapter: p.info.Adapter,
		Faults: append([]string(nil), p.info.Faults...)}
	dir := "bmnb"
	if scope == ScopeTownship {
		dir = "xznb"
	}
	switch p.info.Adapter {
	case AdapterTRS:
		s.chanPath = p.chanPath + dir + "/"
		s.info.ListURL = s.url(s.chanPath + s.cms.trsPageName(0))
	case AdapterHanweb:
		s.colID = p.colID + 1 + int64(k) + int64(rng.IntN(50))*2
		s.webID = p.webID
		s.unitID = p.unitID + 1 + k
		s.info.ListURL = s.url(fmt.Sprintf("/col/col%d/index.html", s.colID))
	case AdapterVSB:
		s.chanPath = p.chanPath + "/" + dir
		s.vsbCol = p.vsbCol + 1 + k
		s.info.ListURL = s.url(s.chanPath + ".htm")
	default:
		s.chanPath = p.chanPath[:strings.LastIndexByte(p.chanPath, '/')+1] + dir + "/list.html"
		s.info.ListURL = s.url(s.chanPath)
	}
	n.buildSubDocs(p, s, rng)
	return s
}

// townshipAgency is how a township's government is named.
func townshipAgency(county, town string) string {
	if strings.HasSuffix(town, "街道") {
		return county + town + "办事处"
	}
	return county + town + "人民政府"
}

// buildSubDocs writes the reports of a sub-column: 2–4 agencies, each with
// its last 1–3 years.
func (n *Network) buildSubDocs(p, s *portal, rng *rand.Rand) {
	pool, base, kind := subDepartments, 50, KindDepartment
	if s.scope == ScopeTownship {
		pool, base, kind = townships, 80, KindTownship
	}
	names := append([]string(nil), pool...)
	rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	var docs []*document
	for k := range 2 + rng.IntN(3) {
		agency := p.info.Name + names[k]
		if kind == KindTownship {
			agency = townshipAgency(p.info.Name, names[k])
		}
		years := 1 + rng.IntN(3)
		for j := 0; j < years && j < len(n.cfg.Years); j++ {
			y := n.cfg.Years[len(n.cfg.Years)-1-j]
			docs = append(docs, &document{kind: kind, year: y, agency: agency, agencyIdx: base + k,
				title: fmt.Sprintf("%s%d年政府信息公开工作年度报告", agency, y), pub: date(rng, y+1, time.January, 40)})
		}
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].pub.After(docs[j].pub) })
	id := int64(2000000 + rng.IntN(900000))
	if p.info.Adapter == AdapterGeneric {
		id = int64(20000 + rng.IntN(9000))
	}
	for i := len(docs) - 1; i >= 0; i-- {
		id += int64(1 + rng.IntN(400))
		docs[i].id = id
	}
	s.docs = docs
	s.listBase = docs[0].pub
	for _, d := range docs {
		n.layoutDoc(s, d, rng)
		d.template = templateID(d.year, n.lateSwitch(p.info.Code, d.agencyIdx))
		if n.cfg.Faults && rng.Float64() < 0.06 {
			d.typo = true
			d.faults = append(d.faults, FaultTypo)
		}
		switch p.fault {
		case Fault5xx, Fault429, FaultSlowBody, FaultTimeout:
			d.faults = append(d.faults, p.fault)
		case FaultChallenge:
			d.faults = append(d.faults, p.fault)
			d.blocked = p.fault
		}
	}
}

// columns lists the portal's own column and its sub-columns.
func (p *portal) columns() []*portal { return append([]*portal{p}, p.subs...) }

// findRoute finds the document behind a path in any column of p.
func (p *portal) findRoute(path string, q map[string][]string) (*portal, route) {
	for _, c := range p.columns() {
		if rt := c.route(path, q); rt.doc != nil {
			return c, rt
		}
	}
	return p, route{}
}

// allColumns lists every column of every portal, portal by portal.
func (n *Network) allColumns() []*portal {
	var out []*portal
	for _, p := range n.portals {
		out = append(out, p.columns()...)
	}
	return out
}

// respondColumns answers the list endpoints of p's columns: Hanweb's one
// dataproxy.jsp by the columnid the form names.
func (n *Network) respondColumns(p *portal, r *http.Request) *response {
	if len(p.subs) > 0 && p.info.Adapter == AdapterHanweb && r.URL.Path == "/module/web/jpage/dataproxy.jsp" {
		if err := r.ParseForm(); err == nil {
			for _, s := range p.subs {
				if r.Form.Get("columnid") == strconv.FormatInt(s.colID, 10) {
					return n.respondList(s, r)
				}
			}
		}
	}
	for _, c := range p.columns() {
		if resp := n.respondList(c, r); resp != nil {
			return resp
		}
	}
	return nil
}

// ColumnAt returns the column of p that list URL u names: the column's
// URL itself, its directory when the list is a directory index page, the
// gkmlpt catalogue by /gkmlpt/index or /gkmlpt/annualreport (a #category
// fragment names the list inside it).
func (p Portal) ColumnAt(u string) (Column, bool) {
	key := func(s string) string {
		pu, err := url.Parse(s)
		if err != nil {
			return s
		}
		path := pu.Path
		if path == "/gkmlpt/annualreport" {
			path = "/gkmlpt/index"
		}
		if i := strings.LastIndexByte(path, '/'); i >= 0 && strings.HasPrefix(path[i+1:], "index.") {
			path = path[:i+1]
		}
		return strings.ToLower(pu.Host) + path + "?" + pu.RawQuery
	}
	k := key(u)
	for _, c := range p.Columns {
		if key(c.ListURL) == k {
			return c, true
		}
	}
	return Column{}, false
}
