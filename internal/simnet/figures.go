package simnet

import (
	"math"
	"math/rand/v2"
	"sort"
	"strconv"

	"ogi/schema"
)

// Figures are the numbers of one report's three tables as printed, keyed
// like report.Report: table 二 by key, table 三 row key → column key, table
// 四 by flat key. A cell printed blank holds 0 here and is listed in Blank.
type Figures struct {
	Active           map[string]float64
	ActiveUnits      map[string]string // printed units, e.g. procurement_amount → "元"
	Applications     map[string]map[string]float64
	ReviewLitigation map[string]float64
	Blank            []schema.Ref // cells printed blank ("&nbsp;", "—"); 0 for arithmetic
}

// IsBlank reports whether the cell was printed blank.
func (f *Figures) IsBlank(ref schema.Ref) bool {
	for _, b := range f.Blank {
		if b == ref {
			return true
		}
	}
	return false
}

// Value returns the number of a cell (0 for blank or absent cells).
func (f *Figures) Value(ref schema.Ref) float64 {
	switch ref.Table {
	case schema.TableApplications:
		return f.Applications[ref.Row][ref.Col]
	case schema.TableReview:
		return f.ReviewLitigation[ref.Row]
	case schema.TableActive:
		return f.Active[ref.Row]
	}
	return 0
}

// FailedChecks evaluates every hard identity of the template on the
// figures and returns the ids of those that do not hold, sorted.
func (f *Figures) FailedChecks(tmpl *schema.Template) []string {
	var failed []string
	for _, id := range tmpl.Identities() {
		var l, r float64
		for _, ref := range id.Left {
			l += f.Value(ref)
		}
		for _, ref := range id.Right {
			r += f.Value(ref)
		}
		if math.Abs(l-r) > 1e-9 {
			failed = append(failed, id.ID)
		}
	}
	sort.Strings(failed)
	return failed
}

func (f *Figures) clone() Figures {
	c := Figures{
		Active:           make(map[string]float64, len(f.Active)),
		ActiveUnits:      make(map[string]string, len(f.ActiveUnits)),
		Applications:     make(map[string]map[string]float64, len(f.Applications)),
		ReviewLitigation: make(map[string]float64, len(f.ReviewLitigation)),
		Blank:            append([]schema.Ref(nil), f.Blank...),
	}
	for k, v := range f.Active {
		c.Active[k] = v
	}
	for k, v := range f.ActiveUnits {
		c.ActiveUnits[k] = v
	}
	for r, row := range f.Applications {
		m := make(map[string]float64, len(row))
		for k, v := range row {
			m[k] = v
		}
		c.Applications[r] = m
	}
	for k, v := range f.ReviewLitigation {
		c.ReviewLitigation[k] = v
	}
	return c
}

// agencyProfile is what the generator needs to know about an agency.
type agencyProfile struct {
	size       float64 // scale of applications: ~1 for a mid county government
	dept       bool    // a department, not the government
	prefecture bool    // 设区的市: has 规章 power
	procUnit   string  // unit printed for 2019 procurement amounts
	late       bool    // prints its 2021 report on the 2019 template
}

// outcome weights of table 三 (before noise), by row key.
var outcomeWeights = map[string]float64{
	"granted": 0.40, "partially_granted": 0.10,
	"denied_state_secret": 0.002, "denied_law_prohibited": 0.005, "denied_three_safeties": 0.004,
	"denied_third_party": 0.012, "denied_internal_affairs": 0.006, "denied_process_info": 0.008,
	"denied_enforcement_file": 0.003, "denied_admin_query": 0.006,
	"unable_not_held": 0.24, "unable_needs_creation": 0.02, "unable_unclear": 0.03,
	"not_processed_petition": 0.04, "not_processed_repeat": 0.03, "not_processed_publication": 0.004,
	"not_processed_mass_repeat": 0.01, "not_processed_reissue": 0.01,
	"other_no_correction": 0.05, "other_fee_unpaid": 0.001, "other_other": 0.04,
	"other_processing": 0.09,
}

// applicant column weights of table 三.
var columnWeights = map[string]float64{
	"natural_person": 0.88, "commercial": 0.07, "research": 0.004,
	"social_org": 0.006, "legal_service": 0.02, "other_org": 0.02,
}

// split divides n into len(weights) non-negative integers summing to n,
// proportionally to the weights perturbed by noise.
func split(rng *rand.Rand, n int, weights []float64) []int {
	out := make([]int, len(weights))
	if n <= 0 {
		return out
	}
	w := make([]float64, len(weights))
	var sum float64
	for i, x := range weights {
		w[i] = x * (0.6 + 0.8*rng.Float64())
		sum += w[i]
	}
	left := n
	for i := range w {
		w[i] /= sum
		out[i] = int(math.Floor(float64(n) * w[i]))
		left -= out[i]
	}
	for ; left > 0; left-- {
		x := rng.Float64()
		i := 0
		for ; i < len(w)-1 && x > w[i]; i++ {
			x -= w[i]
		}
		out[i]++
	}
	return out
}

// yearFigures generates the figures of one agency for consecutive years
// from first to last: carried_out of year t is carried_in of year t+1 in
// every column, and every hard identity holds.
func yearFigures(rng *rand.Rand, ts templates, p agencyProfile, first, last int) map[int]Figures {
	out := make(map[int]Figures, last-first+1)
	appCols := ts.t2021.ColumnKeys()
	applicants := appCols[:len(appCols)-1]
	cw := make([]float64, len(applicants))
	for i, c := range applicants {
		cw[i] = columnWeights[c]
	}
	carried := make([]int, len(applicants))
	base := p.size * (40 + 400*rng.Float64())
	if p.dept {
		base = p.size * (2 + 30*rng.Float64())
	}
	growth := 1.02 + 0.12*rng.Float64()
	first2019 := true
	var state t2State
	state.init(rng, p)
	for y := first; y <= last; y++ {
		tmpl := ts.forYear(y)
		if p.late && y == 2021 {
			tmpl = ts.t2019
		}
		f := Figures{
			Active:           map[string]float64{},
			ActiveUnits:      map[string]string{},
			Applications:     map[string]map[string]float64{},
			ReviewLitigation: map[string]float64{},
		}
		newTotal := int(math.Round(base * math.Pow(growth, float64(y-first)) * (0.8 + 0.4*rng.Float64())))
		if newTotal < 0 {
			newTotal = 0
		}
		news := split(rng, newTotal, cw)
		if first2019 {
			for i := range carried {
				carried[i] = int(float64(news[i]) * 0.06 * rng.Float64())
			}
			first2019 = false
		}
		var outcomes []string
		var ow []float64
		for _, r := range tmpl.ApplicationRows {
			if r.Outcome {
				outcomes = append(outcomes, r.Key)
				ow = append(ow, outcomeWeights[r.Key])
			}
		}
		for _, r := range tmpl.ApplicationRows {
			f.Applications[r.Key] = map[string]float64{}
		}
		for i, c := range applicants {
			avail := news[i] + carried[i]
			out := int(float64(avail) * 0.08 * rng.Float64())
			processed := avail - out
			parts := split(rng, processed, ow)
			f.Applications["new_received"][c] = float64(news[i])
			f.Applications["carried_in"][c] = float64(carried[i])
			for j, k := range outcomes {
				f.Applications[k][c] = float64(parts[j])
			}
			f.Applications["total_processed"][c] = float64(processed)
			f.Applications["carried_out"][c] = float64(out)
			carried[i] = out
		}
		total := appCols[len(appCols)-1]
		for _, row := range f.Applications {
			var s float64
			for _, c := range applicants {
				s += row[c]
			}
			row[total] = s
		}
		// Table 四: a few cases a year.
		lam := 0.4 + float64(newTotal)/120
		for _, g := range tmpl.ReviewGroups {
			scale := 1.0
			if g.Key == "lit_after_review" {
				scale = 0.3
			}
			n := poisson(rng, lam*scale)
			parts := split(rng, n, []float64{0.55, 0.12, 0.18, 0.15})
			var s float64
			for j, fk := range []string{"upheld", "corrected", "other", "pending"} {
				f.ReviewLitigation[schema.ReviewKey(g.Key, fk)] = float64(parts[j])
				s += float64(parts[j])
			}
			f.ReviewLitigation[schema.ReviewKey(g.Key, "total")] = s
		}
		state.active(rng, p, y, tmpl, &f)
		out[y] = f
	}
	return out
}

// poisson draws a small Poisson count (Knuth; fine for lambda < 30).
func poisson(rng *rand.Rand, lambda float64) int {
	if lambda > 30 {
		return int(math.Round(lambda + math.Sqrt(lambda)*rng.NormFloat64()))
	}
	l := math.Exp(-lambda)
	k, p := 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// t2State carries table 二 stocks from year to year.
type t2State struct {
	rulesInForce, normInForce                         int
	licItems, mgmtItems, penItems, coeItems, feeItems int
}

func (s *t2State) init(rng *rand.Rand, p agencyProfile) {
	if p.prefecture {
		s.rulesInForce = 10 + rng.IntN(40)
	}
	s.normInForce = 20 + rng.IntN(120)
	s.licItems = 80 + rng.IntN(300)
	s.mgmtItems = 5 + rng.IntN(60)
	s.penItems = 300 + rng.IntN(3000)
	s.coeItems = 10 + rng.IntN(80)
	s.feeItems = 3 + rng.IntN(40)
	if p.dept {
		s.normInForce /= 5
		s.licItems /= 6
		s.penItems /= 6
	}
}

func (s *t2State) active(rng *rand.Rand, p agencyProfile, year int, tmpl *schema.Template, f *Figures) {
	scale := p.size
	if p.dept {
		scale *= 0.15
	}
	cnt := func(lo, hi float64) float64 { return math.Round((lo + (hi-lo)*rng.Float64()) * scale) }
	rulesIssued, rulesRepealed := 0, 0
	if p.prefecture {
		rulesIssued = rng.IntN(4)
		rulesRepealed = rng.IntN(2)
	}
	normIssued := 1 + rng.IntN(20)
	normRepealed := rng.IntN(6)
	if p.dept {
		normIssued = rng.IntN(4)
		normRepealed = rng.IntN(2)
	}
	if rulesRepealed > s.rulesInForce {
		rulesRepealed = s.rulesInForce
	}
	if normRepealed > s.normInForce {
		normRepealed = s.normInForce
	}
	s.rulesInForce += rulesIssued - rulesRepealed
	s.normInForce += normIssued - normRepealed
	lic := cnt(2000, 30000)
	pen := cnt(150, 4000)
	coe := cnt(0, 250)
	if tmpl.ID == schema.V2021 {
		f.Active["regulations_issued"] = float64(rulesIssued)
		f.Active["regulations_repealed"] = float64(rulesRepealed)
		f.Active["regulations_in_force"] = float64(s.rulesInForce)
		f.Active["normative_docs_issued"] = float64(normIssued)
		f.Active["normative_docs_repealed"] = float64(normRepealed)
		f.Active["normative_docs_in_force"] = float64(s.normInForce)
		f.Active["licensing_decisions"] = lic
		f.Active["penalty_decisions"] = pen
		f.Active["coercion_decisions"] = coe
		fee := 0.0
		if rng.Float64() < 0.75 {
			fee = float64(rng.IntN(int(300000*scale)+1)) / 100 // 万元, two decimals
		}
		f.Active["fees_amount_wan"] = fee
		return
	}
	f.Active["regulations_made"] = float64(rulesIssued)
	f.Active["regulations_published"] = float64(rulesIssued)
	f.Active["regulations_total_public"] = float64(s.rulesInForce)
	f.Active["normative_docs_made"] = float64(normIssued)
	f.Active["normative_docs_published"] = float64(normIssued)
	f.Active["normative_docs_total_public"] = float64(s.normInForce)
	step := func(items *int, spread int) (prev, change float64) {
		prev = float64(*items)
		d := rng.IntN(2*spread+1) - spread
		if *items+d < 0 {
			d = -*items
		}
		*items += d
		return prev, float64(d)
	}
	f.Active["licensing_prev_items"], f.Active["licensing_change"] = step(&s.licItems, 15)
	f.Active["licensing_decisions"] = lic
	f.Active["other_mgmt_prev_items"], f.Active["other_mgmt_change"] = step(&s.mgmtItems, 5)
	f.Active["other_mgmt_decisions"] = cnt(10, 800)
	f.Active["penalty_prev_items"], f.Active["penalty_change"] = step(&s.penItems, 40)
	f.Active["penalty_decisions"] = pen
	f.Active["coercion_prev_items"], f.Active["coercion_change"] = step(&s.coeItems, 6)
	f.Active["coercion_decisions"] = coe
	f.Active["fees_prev_items"], f.Active["fees_change"] = step(&s.feeItems, 3)
	f.Active["procurement_items"] = cnt(5, 300)
	if p.procUnit == "元" {
		f.Active["procurement_amount"] = float64(1000 * (50 + rng.IntN(int(90000*scale)+1)))
	} else {
		f.Active["procurement_amount"] = float64(rng.IntN(int(900000*scale)+1)) / 100
	}
	f.ActiveUnits["procurement_amount"] = p.procUnit
}

// templates are the two national templates, built once per network.
type templates struct{ t2019, t2021 *schema.Template }

func newTemplates() templates {
	return templates{t2019: schema.Template2019(), t2021: schema.Template2021()}
}

// forYear is the national template a report of the year is printed on.
func (ts templates) forYear(year int) *schema.Template {
	if year <= 2020 {
		return ts.t2019
	}
	return ts.t2021
}

// byID returns the template with the given id.
func (ts templates) byID(id string) (*schema.Template, bool) {
	switch id {
	case schema.V2019:
		return ts.t2019, true
	case schema.V2021:
		return ts.t2021, true
	}
	return nil, false
}

// templateID is the id of the template a report of the year is printed
// on; an agency that switched late prints its 2021 report on the 2019
// template ("content beats year").
func templateID(year int, late bool) string {
	if year <= 2020 || (late && year == 2021) {
		return schema.V2019
	}
	return schema.V2021
}

// lateSwitch tells whether an agency kept the 2019 template for 2021.
func (n *Network) lateSwitch(code string, agency int) bool {
	return n.rng("late", code, strconv.Itoa(agency)).Float64() < 0.05
}

// typo changes the printed grand total of table 三 the way a clerk's typo
// would (two digits swapped, or one digit off), so identities fail.
func typo(rng *rand.Rand, f *Figures) {
	v := int(f.Applications["total_processed"]["total"])
	s := strconv.Itoa(v)
	var nv int
	if len(s) >= 2 && s[len(s)-1] != s[len(s)-2] {
		b := []byte(s)
		b[len(b)-1], b[len(b)-2] = b[len(b)-2], b[len(b)-1]
		nv, _ = strconv.Atoi(string(b))
	} else {
		nv = v + 1 + rng.IntN(9)
	}
	if nv == v {
		nv = v + 10
	}
	f.Applications["total_processed"]["total"] = float64(nv)
}

// formatNum prints a figure the way reports do.
func formatNum(v float64, signed bool) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if signed && v > 0 {
		return "+" + s
	}
	return s
}
