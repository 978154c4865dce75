package mapper

import (
	"strconv"
	"strings"
)

// numSpec says what a value may look like.
type numSpec struct {
	decimal bool // may carry a decimal part
	signed  bool // may carry a sign
}

// piece is one resolved value.
type piece struct {
	raw   string
	num   float64
	blank bool
	unit  string
	loc   string
	fused bool // cut out of a run of digits
	// missing marks a column the table does not print at all (no
	// heading): not a blank cell, a cell that is not there.
	missing bool
	// unread marks a printed value no one number can be proven from (a
	// doubled sign, "--253"): null, and no blank either.
	unread bool
}

const (
	maxRunLen     = 40     // longest digit run we try to split
	maxCandidates = 200000 // splits enumerated per run
)

// reading is one way to read a row's items as k values.
type reading struct {
	vals      []piece
	ambiguous bool // one of several splits of a digit run
	// printed are the values in printed column order when vals were put
	// in template order from another layout.
	printed []piece
}

// readings returns the ways to read items as k values. Values in cells of
// their own are read as printed. A run of digits that holds several
// values is split every way that gives k valid numbers; accept (when not
// nil) keeps the splits that satisfy the row's own arithmetic, and when
// none does, every split is returned.
func readings(items []item, specs []numSpec, accept func([]piece) bool) []reading {
	return readingsPruned(items, specs, accept, nil)
}

// maxSteps bounds the search of one run of digits.
const maxSteps = 2_000_000

// readingsPruned is readings with prune, called on every prefix of a
// split (the numbers chosen so far); false cuts the branch.
func readingsPruned(items []item, specs []numSpec, accept, prune func([]piece) bool) []reading {
	if len(specs) == 0 {
		return nil
	}
	// 1. Values as printed, blobs cut at white space.
	if flat, ok := printedValues(items, specs); ok {
		if accept == nil || accept(flat) || !anyBlob(items) {
			return []reading{{vals: flat}}
		}
	}
	if !anyBlob(items) {
		return nil
	}
	// 2. One run of digits split every valid way.
	sp := &runSplit{specs: specs, accept: accept, prune: prune}
	if !sp.join(items) {
		return nil
	}
	return sp.readings()
}

// printedValues reads items as printed, blobs cut at white space: ok when
// that gives one valid number (or blank) for each of specs.
func printedValues(items []item, specs []numSpec) (flat []piece, ok bool) {
	k := len(specs)
	clean := true
	for _, it := range items {
		if !it.blob {
			p := cellPiece(it.raw, it.loc)
			if it.unread {
				p.blank, p.unread = true, true
			}
			flat = append(flat, p)
			continue
		}
		for _, f := range strings.Fields(numWidth(it.raw)) {
			p := cellPiece(f, it.loc)
			if !p.blank {
				if _, _, ok := parseNumber(f); !ok {
					clean = false
				}
			}
			flat = append(flat, p)
		}
	}
	if clean && len(flat) > k {
		// Empty cells beyond the expected count are gaps between columns
		// (layout text), not blank values: drop them if that gives k.
		var kept []piece
		for _, p := range flat {
			if strings.TrimSpace(p.raw) != "" {
				kept = append(kept, p)
			}
		}
		if len(kept) == k {
			flat = kept
		}
	}
	return flat, clean && len(flat) == k && fits(flat, specs)
}

// runSplit splits the run of digits a row's values were printed as (no
// space between them) into one number for each of specs, every valid
// way.
type runSplit struct {
	specs         []numSpec
	accept, prune func([]piece) bool
	run           string // the digits, thousands separators dropped
	unit          string // 万元 or 元 after the last number
	loc           string
	// notes are the notes printed after a number, by where in run they
	// end it ("2666(含自然失效29件)"): no split runs across one, and the
	// value it ends keeps it in its raw text.
	notes map[int]string
	// The search keeps each split as the ends of its numbers in run (one
	// slice for all splits); the pieces of the splits kept are made at
	// the end. The splits that fail accept are kept only while none
	// passes: they are the answer only then.
	okEnds, allEnds []int32
	nOK, nAll       int
	steps           int
	ends            []int32 // the split being built
	vals            []piece // its numbers
	prefix          []piece // its numbers as prune sees them
}

// join makes the run of the items' text; false when an item is blank or
// the run is empty or too long to search.
func (sp *runSplit) join(items []item) bool {
	var sb strings.Builder
	for _, it := range items {
		t := strings.Join(strings.Fields(numWidth(it.raw)), "")
		if isBlankText(t) {
			return false
		}
		note := ""
		if n := annotation(t); n > 0 {
			t, note = t[:len(t)-n], t[len(t)-n:]
		}
		sb.WriteString(strings.ReplaceAll(t, ",", ""))
		if note != "" {
			if sp.notes == nil {
				sp.notes = map[int]string{}
			}
			sp.notes[sb.Len()] = note
		}
		if sp.loc == "" {
			sp.loc = it.loc
		}
	}
	sp.run = sb.String()
	for _, u := range []string{"万元", "元"} {
		if strings.HasSuffix(sp.run, u) {
			sp.unit = u
			sp.run = strings.TrimSuffix(sp.run, u)
			break
		}
	}
	return len(sp.run) > 0 && len(sp.run) <= maxRunLen
}

// crosses reports whether a note stands inside run[from:to].
func (sp *runSplit) crosses(from, to int) bool {
	for b := range sp.notes {
		if from < b && b < to {
			return true
		}
	}
	return false
}

// piece makes the value of run[from:to], the idx-th of the split.
func (sp *runSplit) piece(from, to, idx int) piece {
	p := sp.run[from:to]
	v, ok := plainCount(p)
	if !ok {
		v, _ = strconv.ParseFloat(p, 64)
	}
	pc := piece{raw: p, num: v, loc: sp.loc, fused: true}
	if sp.notes != nil {
		pc.raw = p + sp.notes[to]
	}
	if idx == len(sp.specs)-1 {
		pc.unit = sp.unit
		if sp.unit != "" {
			pc.raw += sp.unit
		}
	}
	return pc
}

// readings searches every split and returns the readings it keeps.
func (sp *runSplit) readings() []reading {
	k := len(sp.specs)
	sp.ends = make([]int32, k)
	sp.vals = make([]piece, k)
	sp.prefix = make([]piece, 0, k)
	sp.search(0, 0)
	var out []reading
	if sp.accept != nil && sp.nOK > 0 {
		out = sp.build(sp.okEnds)
	} else {
		out = sp.build(sp.allEnds)
	}
	if len(out) == 0 {
		out = nil
	}
	if len(out) > 1 {
		for i := range out {
			out[i].ambiguous = true
		}
	}
	return out
}

// search tries every end of the idx-th number, which starts at pos, and
// the splits of the rest; false when the search is cut off (too many
// splits or steps).
func (sp *runSplit) search(pos, idx int) bool {
	sp.steps++
	if sp.nAll+sp.nOK >= maxCandidates || sp.steps > maxSteps {
		return false
	}
	k, run := len(sp.specs), sp.run
	if idx == k-1 {
		sp.last(pos)
		return true
	}
	for end := pos + 1; end <= len(run)-(k-1-idx); end++ {
		if sp.crosses(pos, end) {
			break
		}
		p := run[pos:end]
		if !validPart(p, sp.specs[idx]) {
			if p[0] == '0' && len(p) > 1 && !sp.specs[idx].decimal {
				break
			}
			continue
		}
		sp.vals[idx] = sp.piece(pos, end, idx)
		if sp.prune != nil {
			// prune sees the numbers chosen so far as read
			sp.prefix = append(sp.prefix[:idx], piece{raw: p, num: sp.vals[idx].num})
			if !sp.prune(sp.prefix) {
				continue
			}
		}
		sp.ends[idx] = int32(end)
		if !sp.search(end, idx+1) {
			return false
		}
	}
	return true
}

// last ends a split with the rest of the run from pos as its last number
// and keeps the split when that is valid.
func (sp *runSplit) last(pos int) {
	k, run := len(sp.specs), sp.run
	if !validPart(run[pos:], sp.specs[k-1]) || sp.crosses(pos, len(run)) {
		return
	}
	sp.ends[k-1] = int32(len(run))
	sp.vals[k-1] = sp.piece(pos, len(run), k-1)
	if sp.accept != nil && sp.accept(sp.vals) {
		sp.okEnds = append(sp.okEnds, sp.ends...)
		sp.nOK++
		sp.allEnds = nil // no longer the answer
	} else if sp.nAll < 5000 {
		if sp.nOK == 0 {
			sp.allEnds = append(sp.allEnds, sp.ends...)
		}
		sp.nAll++
	}
}

// build makes the readings of splits kept as their ends.
func (sp *runSplit) build(flat []int32) []reading {
	k := len(sp.specs)
	out := make([]reading, 0, len(flat)/k)
	for c := 0; c+k <= len(flat); c += k {
		vs := make([]piece, k)
		from := 0
		for i := 0; i < k; i++ {
			to := int(flat[c+i])
			vs[i] = sp.piece(from, to, i)
			from = to
		}
		out = append(out, reading{vals: vs})
	}
	return out
}

func anyBlob(items []item) bool {
	for _, it := range items {
		if it.blob {
			return true
		}
	}
	return false
}

func fits(ps []piece, specs []numSpec) bool {
	for i, p := range ps {
		if p.blank {
			continue
		}
		if !specs[i].signed && p.num < 0 {
			return false
		}
	}
	return true
}

// digits is the length of the number as printed: without its sign, its
// unit and a note after it.
func (p piece) digits() int {
	t := strings.TrimSpace(p.raw)
	if n := annotation(t); n > 0 {
		t = strings.TrimSpace(t[:len(t)-n])
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "万元"), "元")
	return len(strings.TrimLeft(t, "+-"))
}

// cellPiece reads one printed cell.
func cellPiece(raw, loc string) piece {
	t := strings.TrimSpace(raw)
	if garbledNumber(t) {
		return piece{raw: raw, blank: true, unread: true, loc: loc}
	}
	if isBlankText(t) {
		return piece{raw: raw, blank: true, loc: loc}
	}
	v, unit, ok := parseNumber(t)
	if !ok {
		return piece{raw: raw, blank: true, loc: loc}
	}
	return piece{raw: raw, num: v, unit: unit, loc: loc}
}

// validPart reports whether p is one number as it would be printed: no
// leading zeros, a decimal part only where allowed, a sign only where
// allowed.
func validPart(p string, sp numSpec) bool {
	if p == "" {
		return false
	}
	if p[0] == '-' || p[0] == '+' {
		if !sp.signed {
			return false
		}
		p = p[1:]
		if p == "" || p == "0" {
			return false
		}
	}
	intPart, frac, hasDot := strings.Cut(p, ".")
	if hasDot && (!sp.decimal || frac == "" || strings.ContainsAny(frac, ".-+")) {
		return false
	}
	if intPart == "" || strings.ContainsAny(intPart, "-+") {
		return false
	}
	if len(intPart) > 1 && intPart[0] == '0' {
		return false
	}
	for i := 0; i < len(intPart); i++ {
		if intPart[i] < '0' || intPart[i] > '9' {
			return false
		}
	}
	for i := 0; i < len(frac); i++ {
		if frac[i] < '0' || frac[i] > '9' {
			return false
		}
	}
	return true
}
