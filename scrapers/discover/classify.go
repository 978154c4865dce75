package discover

import (
	"net/url"
	"path"
	"strings"

	"ogi/scrapers/adapters"
)

// role is what a link leads to.
type role int

const (
	roleNone   role = iota
	roleHub         // a 政务公开 / 政府信息公开 / 法定主动公开内容 page that lists columns
	roleColumn      // an annual-report column (the government's own, or a sub-column)
	roleReport      // one annual report: its page names the column in its breadcrumb
)

// Words of look-alike columns: a 年报 or 年度报告 with one of these is
// something else (政府工作报告, 部门决算, 年度绩效报告, 统计年鉴/统计公报, a
// 解读 or 图解 of the report, 企业年报公示 …).
var lookalikeWords = []string{"工作报告", "决算", "预算", "绩效", "统计", "年鉴", "解读", "图解", "一图", "图读", "图说",
	"动漫", "视频", "企业", "公示", "审计", "述职", "要点", "考核", "评估", "测评", "白皮书", "社会责任", "发展报告",
	"环境状况", "公报", "信用", "工商", "财务", "经营", "专项", "执行情况", "计划", "总结", "征求", "督查", "评议", "报表",
	"通知", "关于", "会议", "培训", "编制", "部署", "检查"}

// Words that make even a title naming 信息公开 and 年度报告 something else:
// a reading of the report, a notice about writing it, a meeting. (The
// broader look-alike words are department names there: 审计局, 统计局.)
var noiseWords = []string{"解读", "图解", "一图", "图读", "图说", "动漫", "视频", "通知", "关于", "会议", "培训", "编制",
	"部署", "企业", "绩效", "决算", "预算"}

// lookalike reports whether a label naming 年报 or 年度报告 names something
// else.
func lookalike(t string) bool {
	if containsAny(t, []string{"信息公开", "政务公开"}) {
		return containsAny(t, noiseWords)
	}
	return containsAny(t, lookalikeWords)
}

// Leaf pages of a 政府信息公开 section that hold no columns.
var leafWords = []string{"指南", "重点领域", "领域信息", "制度", "申请", "规定", "意见箱", "信箱", "监督", "保密", "投诉", "须知", "流程", "表格", "联系", "查阅", "场所", "地址", "电话"}

// annualWords name the report column; publicWords make it the 政府信息公开
// kind; hubWords name the sections that list such columns.
var (
	annualWords = []string{"年报", "年度报告", "信息公开工作报告", "公开年度工作报告"}
	publicWords = []string{"信息公开", "政务公开", "政府公开", "公开"}
)

// Scope words of sub-columns. Order matters: 部门 before 乡镇 (县直部门 is
// not a township), own words last.
var (
	deptWords        = []string{"部门", "局委", "委办局", "直属", "县直", "市直", "区直", "省直", "单位"}
	townWords        = []string{"乡镇", "街道", "镇街", "街镇", "镇（街", "镇(街", "乡（镇", "乡(镇", "镇、街", "苏木", "镇级", "乡级"}
	subordinateWords = []string{"县区", "区县", "县市区", "县（市、区", "县(市、区", "县（市区", "县(市区", "各县", "市县", "下辖", "下级", "市州", "市（州", "市(州", "各市", "各区"}
	ownWords         = []string{"本级", "人民政府", "市政府", "县政府", "区政府", "省政府", "旗政府", "州政府", "政府办"}
)

// columnSegments are the last path segments annual-report columns are
// given on real portals (…/zfxxgknb/, …/xxgknb.htm, /gkmlpt/annualreport).
var columnSegments = map[string]bool{"zfxxgknb": true, "xxgknb": true, "gknb": true, "zfxxgkndbg": true, "xxgkndbg": true,
	"zwgknb": true, "gkndbg": true, "ndbg": true, "nb": true, "annualreport": true, "zfxxgkgzndbg": true, "xxgkgzndbg": true,
	"ndgzbg": false, "zfxxgkzl_nb": true, "nianbao": true, "gknianbao": true}

// hubSegments are path segments of 政务公开 sections.
var hubSegments = map[string]bool{"zwgk": true, "xxgk": true, "zfxxgk": true, "gkml": true, "fdzdgknr": true, "fdzdgk": true,
	"zdgk": true, "xxgkml": true, "zfxxgkml": true, "zwgkzl": true, "govinfo": true, "gk": true, "openness": true, "zfxxgkzl": true,
	"gkmlpt": true, "publicity": true, "public": true, "zwxxgk": true, "xxgkpt": true, "zfxxgkpt": true}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// norm removes spaces and unifies brackets.
func norm(s string) string {
	return strings.NewReplacer(" ", "", "\u3000", "", "(", "（", ")", "）").Replace(s)
}

// knownColumnNames are the names real portals give the column; a
// truncated label that is a prefix of one of them counts as that name.
var knownColumnNames = []string{"政府信息公开年报", "政府信息公开年度报告", "政府信息公开工作年度报告", "政务公开年报",
	"信息公开年报", "信息公开年度报告", "政府信息公开工作年报", "政务公开工作年度报告"}

// scopeOf reads the scope of a column from its name; level is the
// registry level of the portal ("province", "prefecture", "county" or ""),
// which says whether 县级/市级 is the portal's own level or the one below.
func scopeOf(label, level string) Scope {
	t := norm(label)
	switch {
	case containsAny(t, deptWords):
		return ScopeDepartment
	case containsAny(t, townWords):
		return ScopeTownship
	case containsAny(t, subordinateWords):
		return ScopeSubordinate
	case containsAny(t, ownWords):
		return ScopeOwn
	}
	switch {
	case strings.Contains(t, "县级"):
		if level == "prefecture" || level == "province" {
			return ScopeSubordinate
		}
	case strings.Contains(t, "市级"):
		if level == "province" {
			return ScopeSubordinate
		}
	}
	return ScopeOwn
}

// lastSegment is the last path segment of u without its extension, and
// the segments before it.
func lastSegment(u string) (string, []string) {
	pu, err := url.Parse(u)
	if err != nil {
		return "", nil
	}
	p := strings.Trim(pu.Path, "/")
	segs := strings.Split(strings.ToLower(p), "/")
	last := segs[len(segs)-1]
	if strings.HasPrefix(last, "index") || strings.HasPrefix(last, "list") || strings.HasPrefix(last, "default") || last == "" {
		if len(segs) >= 2 {
			last = segs[len(segs)-2]
			segs = segs[:len(segs)-1]
		}
	}
	last = strings.TrimSuffix(last, path.Ext(last))
	return last, segs[:len(segs)-1]
}

// classify says where a link with this label and URL leads and how sure
// that is (higher is surer).
func classify(label string, truncatedLabel bool, u string) (role, int) {
	t := norm(label)
	seg, dirs := lastSegment(u)
	annual := containsAny(t, annualWords)
	if annual {
		if lookalike(t) {
			return roleNone, 0
		}
		if _, ok := adapters.Candidate(t); ok && containsAny(t, publicWords) && len([]rune(t)) > 12 {
			return roleReport, 6
		}
		score := 7
		if containsAny(t, publicWords) {
			score = 10
		}
		if columnSegments[seg] {
			score += 2
		}
		return roleColumn, score
	}
	if truncatedLabel && len([]rune(t)) >= 4 {
		for _, name := range knownColumnNames {
			if strings.HasPrefix(name, t) && len([]rune(t)) > len([]rune("政府信息公开")) {
				return roleColumn, 7
			}
		}
	}
	if containsAny(t, lookalikeWords) {
		return roleNone, 0
	}
	if columnSegments[seg] && t == "" {
		return roleColumn, 5
	}
	hubSeg := hubSegments[seg]
	for _, d := range dirs {
		hubSeg = hubSeg || hubSegments[d] && seg == ""
	}
	if containsAny(t, leafWords) {
		return roleNone, 0
	}
	score := 0
	switch {
	case strings.Contains(t, "法定主动公开"), strings.Contains(t, "主动公开目录"):
		score = 9
	case strings.Contains(t, "政府信息公开"):
		score = 8
	case strings.Contains(t, "信息公开"), strings.Contains(t, "公开目录"):
		score = 7
	case strings.Contains(t, "政务公开"), strings.Contains(t, "主动公开"):
		score = 6
	case strings.Contains(t, "政府公开"), t == "公开", strings.HasSuffix(t, "公开专栏"), strings.Contains(t, "阳光政务"):
		score = 4
	}
	switch {
	case score > 0 && hubSeg:
		score += 2
	case score == 0 && hubSeg && (t == "" || strings.Contains(t, "政务") || strings.Contains(t, "政府")):
		score = 3
	}
	if score == 0 {
		return roleNone, 0
	}
	return roleHub, score
}
