package meta

import (
	"iter"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"ogi/data"
)

const (
	// headRunes and tailRunes bound the text read: the preamble and the
	// signature block name the agency; the tables in between do not.
	headRunes = 3000
	tailRunes = 600
	// titleScanRunes bounds where in the text a title line is looked for.
	titleScanRunes = 800
	maxAgencyRunes = 40
)

var (
	// reportPhrase matches the name of the report kind after the agency.
	reportPhrase = regexp.MustCompile(`(?:政府)?(?:信息|政务)公开(?:工作)?(?:(?:19|20)\d{2})?(?:年度)?(?:工作)?(?:报告|年报)`)
	// reportPhraseAt is reportPhrase at the start of the text (see
	// reportPhrases).
	reportPhraseAt = regexp.MustCompile(`^` + reportPhrase.String())
	// yearAgency matches "2023年招远市人民政府信息公开工作" in a preamble.
	yearAgency = regexp.MustCompile(`(?:19|20)\d{2}年度?([^\d,.;:!?()<>\[\]'"，。、；：！？《》〈〉「」『』“”‘’【】〔〕]{2,40})信息公开`)
	// compiledBy matches "本报告由淮安市人民政府办公室根据…编制".
	compiledBy = regexp.MustCompile(`(?:本报告|本年度报告|本年报|报告)由([^\d,.;:!?()<>\[\]'"，。、；：！？《》“”【】]{2,40}?)(?:根据|依据|按照|依照|结合|编制|负责|制作|发布)`)
	// compiledByAt and yearAgencyAt are the two anchored (see allAt).
	compiledByAt = anchored(compiledBy)
	yearAgencyAt = anchored(yearAgency)
	// publisherField matches a crawler or CMS header line "发布机构: XX".
	publisherField = regexp.MustCompile(`^(?:发布机构|发文机关|发布单位|发文单位|公开主体)[:：]?(.+)$`)
	dateLine       = regexp.MustCompile(`^\(?(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?\)?$|^\(?(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}\)?$`)
	pageLine       = regexp.MustCompile(`^[-—_第]*\d+[-—_页]*$`)
	leadingYear    = regexp.MustCompile(`^(?:(?:19|20)\d{2}年度?|关于|《|<|#+|\*+|标题)`)
	trailingJunk   = regexp.MustCompile(`(?:(?:19|20)\d{2}年度?|年度|关于|的|发布|\(|《|<|\*+)$`)
	// creditCode matches a 统一社会信用代码, which 索引号 often begin with:
	// characters 3–8 are the registering authority's division.
	creditCode = regexp.MustCompile(`(?:索引号|信用代码|机构代码)[:：]?([0-9A-HJ-NPQRTUWXY]{2}(\d{6})[0-9A-HJ-NPQRTUWXY]{10})`)
	// creditCodeAt is creditCode at the start of the text (creditCodes).
	creditCodeAt = regexp.MustCompile(`^` + creditCode.String())
	// sentenceLead is the unmistakable part of leadWords, safe to drop
	// from a name that names no division (现代农业示范区 keeps its 现).
	sentenceLead = regexp.MustCompile(`^(?:现将|现把|兹将|特将|现予|现公布|现发布|现印发|特公布|特发布)+`)
	innerYear    = regexp.MustCompile(`(?:19|20)\d{2}年度?`)
	// selfName is how an agency calls itself (本镇, 我局): no name.
	selfName     = regexp.MustCompile(`^(?:本|我)(?:镇|乡|街道|局|级|单位|机关|部门|委|办|区|县|市|院|厅|中心|镇政府|乡政府|区政府|县政府|市政府)?$`)
	leadWords    = regexp.MustCompile(`^(?:现将|现把|兹将|特将|现予|现|将|把|关于|印发|转发|公布|发布|由|据|对)+`)
	townshipName = regexp.MustCompile(`^.+?(?:镇|乡|街道|苏木)`)
	zoneBody     = regexp.MustCompile(`(?:开发区|高新区|新区|实验区|园区|示范区|管理区|试验区|合作区)(?:管理委员会|管委会|党工委管委会)$`)
	townshipBody = regexp.MustCompile(`(?:镇|乡|街道|苏木)(?:人民政府|政府|党委|办事处|街道办事处|办)?$|办事处$`)
)

// cutChars end the text before an agency name in a title or sentence:
// separators of page titles and breadcrumbs, sentence ends, opening quotes.
const cutChars = ">|/_:·—»›。；;!?！？《<〈“\"「『【]）)，,、"

var govBodies = map[string]bool{
	"人民政府": true, "政府": true, "管委会": true, "管理委员会": true, "党工委管委会": true,
	"党工委、管委会": true, "行政公署": true,
}

var officeBodies = map[string]bool{
	"人民政府办公室": true, "人民政府办公厅": true, "政府办公室": true, "政府办公厅": true,
	"人民政府办": true, "政府办": true, "管委会办公室": true, "管理委员会办公室": true,
	"办公室": true, "办公厅": true,
}

// departmentSuffixes end the names of government departments and agencies.
var departmentSuffixes = []string{
	"局", "委员会", "委", "办公室", "办", "厅", "署", "中心", "院", "所", "队", "处",
	"站", "会", "社", "馆", "公司", "集团", "部", "室", "台", "库", "园", "监狱",
}

// divisionSuffixes end division names.
const divisionSuffixes = "省市区县旗州盟"

// Identify identifies a report from its title (may be empty) and text. It
// never panics; what it cannot establish stays empty.
func (id *Identifier) Identify(title, text string) Jurisdiction {
	title = compact(fold(clip(title, titleScanRunes)))
	// The text's windows and the scene are read when a candidate needs
	// them: a title that names its agency and place settles most reports.
	var w *windows
	texts := func() *windows {
		if w == nil {
			head, tail := window(text, headRunes, tailRunes)
			w = &windows{headN: fold(head), tailN: fold(tail)}
			w.headC = compact(w.headN)
		}
		return w
	}
	var sc *scene
	scn := func() *scene {
		if sc == nil {
			headC := texts().headC
			sc = id.ix.context(title + "。" + headC)
			id.addCreditCodes(sc, headC)
		}
		return sc
	}
	for cand := range id.agencyCandidates(title, texts) {
		if j, ok := id.resolve(cand, scn); ok {
			return j
		}
	}
	return Jurisdiction{}
}

// windows are the text's head and tail in matching form (see window), and
// the head without white space.
type windows struct{ headN, tailN, headC string }

// addCreditCodes adds to the scene's context the divisions named by the
// unified social credit codes of the preamble (索引号:11370900004341590P/…):
// a hint for ties and name-less agencies, never a code on its own.
func (id *Identifier) addCreditCodes(sc *scene, headC string) {
	if !strings.Contains(headC, "代码") && !strings.Contains(headC, "索引号") {
		return // the expression needs 索引号, 信用代码 or 机构代码
	}
	for _, m := range creditCodes(headC, 4) {
		d, ok := id.ix.byCode[m[2]]
		if !ok {
			continue
		}
		sc.ctx[d] = true
		for _, a := range id.ix.divs[d].ancestors {
			sc.ctx[a] = true
		}
	}
}

// creditCodes is creditCode.FindAllStringSubmatch(s, n), the expression
// run only where it can match: at a 索引号, 信用代码 or 机构代码.
func creditCodes(s string, n int) [][]string {
	var out [][]string
	for pos := 0; pos < len(s) && len(out) < n; {
		at := -1
		for _, key := range []string{"索引号", "信用代码", "机构代码"} {
			if i := strings.Index(s[pos:], key); i >= 0 && (at < 0 || pos+i < at) {
				at = pos + i
			}
		}
		if at < 0 {
			break
		}
		if m := creditCodeAt.FindStringSubmatchIndex(s[at:]); m != nil {
			sub := make([]string, len(m)/2)
			for k := range sub {
				if m[2*k] >= 0 {
					sub[k] = s[at+m[2*k] : at+m[2*k+1]]
				}
			}
			out = append(out, sub)
			pos = at + m[1]
			continue
		}
		pos = at + 1
	}
	return out
}

// agencyCandidates yields possible agency names, most reliable first; the
// later (costlier) sources are only read when the earlier ones fail.
func (id *Identifier) agencyCandidates(title string, texts func() *windows) iter.Seq[string] {
	return func(yield func(string) bool) {
		if a := titleAgency(title); a != "" && !yield(a) {
			return
		}
		w := texts()
		headN, headC, tailN := w.headN, w.headC, w.tailN
		scan := clip(headC, titleScanRunes)
		for _, loc := range reportPhrases(scan, 8) {
			if a := agencyBefore(scan, loc[0]); a != "" && !yield(a) {
				return
			}
		}
		for line := range strings.Lines(headN) {
			if a, ok := publisher(line); ok && !yield(a) {
				return
			}
		}
		for _, a := range signature(tailN) {
			if !yield(a) {
				return
			}
		}
		for _, m := range allAt(compiledByAt, headC, 4, compiledStart) {
			if !yield(m[1]) {
				return
			}
		}
		for _, m := range allAt(yearAgencyAt, headC, 8, yearStart) {
			if !yield(dropReportGov(m[1])) {
				return
			}
		}
	}
}

// titleAgency returns the agency named before the report phrase of a title
// ("招远市人民政府2023年政府信息公开工作年度报告"), or the whole cleaned
// title when it names no report phrase.
func titleAgency(title string) string {
	if title == "" {
		return ""
	}
	locs := reportPhrases(title, 1)
	if locs == nil {
		return ""
	}
	return agencyBefore(title, locs[0][0])
}

// reportPhrases returns the byte ranges of at most n (all when n < 0)
// successive matches of reportPhrase in s, as reportPhrase.FindAllStringIndex
// does, without running the expression where it cannot match: every match
// holds 信息公开 or 政务公开, and starts there or at a 政府 right before it.
func reportPhrases(s string, n int) [][]int {
	var out [][]int
	info, gov := -1, -1 // next 信息公开 and 政务公开 at or after pos
	for pos := 0; pos < len(s) && (n < 0 || len(out) < n); {
		if info >= 0 && info < pos || info == -1 {
			info = indexFrom(s, "信息公开", pos)
		}
		if gov >= 0 && gov < pos || gov == -1 {
			gov = indexFrom(s, "政务公开", pos)
		}
		p := info
		if p < 0 || gov >= 0 && gov < p {
			p = gov
		}
		if p < 0 {
			break
		}
		start := p
		if p-len("政府") >= pos && s[p-len("政府"):p] == "政府" {
			start = p - len("政府")
		}
		if loc := reportPhraseAt.FindStringIndex(s[start:]); loc != nil {
			out = append(out, []int{start, start + loc[1]})
			pos = start + loc[1]
			continue
		}
		pos = p + 1
	}
	return out
}

// indexFrom returns the byte offset of the first sub in s at or after from,
// or -2 when there is none (so that it is not looked for again).
func indexFrom(s, sub string, from int) int {
	if i := strings.Index(s[from:], sub); i >= 0 {
		return from + i
	}
	return -2
}

// publisher returns the agency of a crawler or CMS header line ("发布机构:
// XX"); only lines that start with 发 or 公 are matched against
// publisherField.
func publisher(line string) (string, bool) {
	l := strings.TrimLeftFunc(line, unicode.IsSpace)
	if !strings.HasPrefix(l, "发") && !strings.HasPrefix(l, "公") {
		return "", false
	}
	if m := publisherField.FindStringSubmatch(compact(l)); m != nil {
		return m[1], true
	}
	return "", false
}

// agencyBefore returns the name that ends at byte offset end of s, where a
// report phrase starts, cleaned of years, 关于 and separators.
func agencyBefore(s string, end int) string {
	prefix := s[:end]
	if strings.HasPrefix(s[end:], "政府") && strings.HasSuffix(prefix, "人民") {
		prefix += "政府" // 招远市人民|政府信息公开 → 招远市人民政府
	}
	if i := strings.LastIndexAny(prefix, cutChars); i >= 0 {
		_, size := utf8.DecodeRuneInString(prefix[i:])
		prefix = prefix[i+size:]
	}
	return cleanAgency(prefix)
}

func cleanAgency(s string) string {
	for {
		t := leadingYear.ReplaceAllString(s, "")
		t = trailingJunk.ReplaceAllString(t, "")
		t = strings.TrimFunc(t, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) })
		if t == s {
			break
		}
		s = t
	}
	// A year inside ends the sentence the name was cut from:
	// 特向社会公布2021年度本镇 → 本镇.
	if locs := innerYear.FindAllStringIndex(s, -1); len(locs) > 0 {
		if rest := s[locs[len(locs)-1][1]:]; rest != "" {
			s = rest
		}
	}
	if n := utf8.RuneCountInString(s); n < 2 || n > maxAgencyRunes || selfName.MatchString(s) {
		return ""
	}
	return s
}

// dropReportGov turns "全市政府" (from 全市政府信息公开) into "全市" while
// keeping the 政府 of 人民政府.
func dropReportGov(s string) string {
	if strings.HasSuffix(s, "政府") && !strings.HasSuffix(s, "人民政府") {
		return strings.TrimSuffix(s, "政府")
	}
	return s
}

// signature returns the agency lines of the signature block (落款) at the
// end of the text: short lines, above an optional date line.
func signature(tail string) []string {
	lines := strings.Split(tail, "\n")
	var out []string
	seen := 0
	for i := len(lines) - 1; i >= 0 && seen < 6; i-- {
		l := strings.Trim(compact(lines[i]), "#*")
		if l == "" || dateLine.MatchString(l) || pageLine.MatchString(l) {
			continue
		}
		seen++
		if utf8.RuneCountInString(l) > maxAgencyRunes {
			break
		}
		out = append(out, l)
	}
	return out
}

// window returns the first head and the last tail runes of s (all of s for
// both when it is short). Runes are counted by their first bytes, which is
// exact for valid UTF-8.
func window(s string, head, tail int) (string, string) {
	h := clip(s, head)
	if len(h) == len(s) {
		return s, s
	}
	t := s[len(h):]
	n := 0
	for i := len(s) - 1; i >= len(h); i-- {
		if utf8.RuneStart(s[i]) {
			n++
			if n >= tail {
				t = s[i:]
				break
			}
		}
	}
	return h, t
}

// clip returns the first n runes of s, counted by their first bytes.
func clip(s string, n int) string {
	for i := 0; i < len(s); i++ {
		if utf8.RuneStart(s[i]) {
			if n == 0 {
				return s[:i]
			}
			n--
		}
	}
	return s
}

// resolve turns an agency candidate into a Jurisdiction. ok is false when the
// candidate does not look like an agency at all.
func (id *Identifier) resolve(agency string, scn func() *scene) (Jurisdiction, bool) {
	agency = cleanAgency(agency)
	if agency == "" {
		return Jurisdiction{}, false
	}
	agency, chain, body := id.locate(agency)
	placed := len(chain) > 0
	if first, _ := utf8.DecodeRuneInString(agency); !placed && strings.ContainsRune("本我全各该贵其此在于向经按据通对由将", first) {
		// 本机关, 我局, 全市, 各部门: no name; 在区政府信息公开网…,
		// 通过区政府…: a sentence's words before a 政府 that names none
		return Jurisdiction{}, false
	}
	scope := classify(body, placed)
	if scope == "" {
		return Jurisdiction{}, false
	}
	j := Jurisdiction{Agency: id.ix.canonicalAgency(agency, body, chain, scope), Scope: scope}

	var cands []int
	if placed {
		// The scene breaks ties only.
		if cands = id.ix.resolveChain(chain, nil); len(cands) > 1 {
			cands = id.ix.resolveChain(chain, scn().ctx)
		}
	} else if d, ok := id.placeFromText(body, scope, scn()); ok {
		cands = []int{d}
	}
	switch len(cands) {
	case 0:
	case 1:
		d := id.ix.divs[cands[0]]
		j.DivisionCode, j.Level, j.ProvinceCode = d.Code, d.Level, d.ProvinceCode
		if placed {
			// t2s rewrote the name (乾县 → 干县): give it back its spelling.
			last := chain[len(chain)-1]
			if last.name != d.Name && foldAll(d.Name) == last.name {
				j.Agency = strings.Replace(j.Agency, last.name, d.Name, 1)
			}
		}
	default:
		p := id.ix.divs[cands[0]].ProvinceCode
		for _, c := range cands[1:] {
			if id.ix.divs[c].ProvinceCode != p {
				p = ""
				break
			}
		}
		j.ProvinceCode = p
	}
	return j, true
}

// placeFromText finds the division of an agency whose name names none
// (农业农村局, 辛庄镇人民政府, 人民政府办公室): first where the text writes the
// name after a division (招远市农业农村局, 招远市辛庄镇), then, when the name
// holds no place word of its own, the one line of descent the text names
// (山东省 … 烟台市 … 招远市). It does not guess for names that carry a place
// the table does not know (蓬莱市人民政府, 城市管理局, XX开发区管委会).
func (id *Identifier) placeFromText(body, scope string, sc *scene) (int, bool) {
	key := body
	if scope == ScopeTownship {
		if loc := townshipName.FindStringIndex(body); loc != nil {
			key = body[:loc[1]]
		}
	}
	if utf8.RuneCountInString(key) >= 2 && !govBodies[key] && !officeBodies[key] {
		if d, ok := id.ix.placeOf(sc, key); ok {
			return d, true
		}
	}
	const placeWords = "省市县区旗州盟"
	switch {
	case govBodies[body] || officeBodies[body]:
	case scope == ScopeDepartment && !strings.ContainsAny(body, placeWords):
	case scope == ScopeTownship && !strings.ContainsAny(strings.TrimRight(key, "镇乡街道苏木"), placeWords):
	default:
		return 0, false
	}
	d, ok := id.ix.deepestConsistent(sc.ctx)
	if !ok || (scope == ScopeTownship && id.ix.divs[d].Level != "county") {
		return 0, false
	}
	return d, true
}

// locate finds the division names an agency name starts with: as written,
// with OCR confusions corrected, or after the words of the sentence it was
// cut from (现将招远市人民政府…). It returns the agency from its first
// division name on, the names, and the rest of the name.
func (id *Identifier) locate(agency string) (string, []mention, string) {
	fixed := id.ocrFix(agency)
	for _, a := range []string{agency, fixed, leadWords.ReplaceAllString(agency, ""), leadWords.ReplaceAllString(fixed, "")} {
		if chain, body := id.ix.segment(a); len(chain) > 0 && a != "" {
			return a, chain, body
		}
	}
	// No division named: still drop the words of the sentence the name
	// was cut from (现公布区统计局2023年… → 区统计局).
	if a := sentenceLead.ReplaceAllString(agency, ""); a != agency && utf8.RuneCountInString(a) >= 2 {
		return a, nil, a
	}
	return agency, nil, agency
}

// ocrFix corrects OCR confusions in a name (沐阳县 → 沭阳县).
func (id *Identifier) ocrFix(agency string) string {
	return strings.Map(func(r rune) rune {
		if c, ok := ocrConfusions[r]; ok {
			return c
		}
		return r
	}, agency)
}

// classify returns the scope of an agency from what follows its division
// names; placed tells whether there were any. It returns "" when the name
// does not look like an agency.
func classify(body string, placed bool) string {
	switch {
	case body == "":
		if placed {
			return ScopeGovAggregate
		}
		return ""
	case govBodies[body]:
		return ScopeGovAggregate
	case officeBodies[body]:
		return ScopeGovOffice
	case townshipBody.MatchString(body):
		return ScopeTownship
	case zoneBody.MatchString(body):
		return ScopeGovAggregate
	}
	if !placed {
		// An unknown division (测试市, 某县人民政府).
		for _, suf := range []string{"人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅"} {
			if rest, ok := strings.CutSuffix(body, suf); ok && endsWithDivisionSuffix(rest) {
				return ScopeGovOffice
			}
		}
		for _, suf := range []string{"人民政府", "政府", ""} {
			if rest, ok := strings.CutSuffix(body, suf); ok && endsWithDivisionSuffix(rest) && utf8.RuneCountInString(rest) >= 2 {
				return ScopeGovAggregate
			}
		}
	}
	for _, suf := range departmentSuffixes {
		if strings.HasSuffix(body, suf) && body != suf {
			return ScopeDepartment
		}
	}
	return ""
}

func endsWithDivisionSuffix(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r != utf8.RuneError && strings.ContainsRune(divisionSuffixes, r)
}

// canonicalAgency spells a government the same way whatever the report
// wrote: a bare division name (招远市) or 招远市政府 becomes 招远市人民政府,
// 招远市政府办公室 becomes 招远市人民政府办公室. Aliases (平潭综合实验区)
// and statistical units (开发区) keep their names.
func (ix *index) canonicalAgency(agency, body string, chain []mention, scope string) string {
	if len(chain) == 0 {
		if scope == ScopeGovAggregate && endsWithDivisionSuffix(agency) {
			return agency + "人民政府"
		}
		return agency
	}
	place := strings.TrimSuffix(agency, body)
	switch body {
	case "":
		last := chain[len(chain)-1]
		if _, alias := aliases[last.name]; alias || scope != ScopeGovAggregate {
			return agency
		}
		for _, c := range last.cands {
			if ix.divs[c].Kind != data.KindAdmin {
				return agency
			}
		}
		return place + "人民政府"
	case "政府":
		return place + "人民政府"
	case "政府办公室", "政府办公厅":
		return place + "人民" + body
	}
	return agency
}
