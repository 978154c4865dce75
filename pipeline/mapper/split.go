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
	k := len(specs)
	if k == 0 {
		return nil
	}
	// 1. Values as printed, blobs cut at white space.
	var flat []piece
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
	if clean && len(flat) == k && fits(flat, specs) {
		if accept == nil || accept(flat) || !anyBlob(items) {
			return []reading{{vals: flat}}
		}
	}
	if !anyBlob(items) {
		return nil
	}
	// 2. One run of digits split every valid way.
	var sb strings.Builder
	loc := ""
	// A note printed after a number ("2666(含自然失效29件)") ends a value:
	// no split runs across it, and the value it ends keeps it in its raw
	// text.
	var notes map[int]string
	for _, it := range items {
		t := strings.Join(strings.Fields(numWidth(it.raw)), "")
		if isBlankText(t) {
			return nil
		}
		note := ""
		if n := annotation(t); n > 0 {
			t, note = t[:len(t)-n], t[len(t)-n:]
		}
		sb.WriteString(strings.ReplaceAll(t, ",", ""))
		if note != "" {
			if notes == nil {
				notes = map[int]string{}
			}
			notes[sb.Len()] = note
		}
		if loc == "" {
			loc = it.loc
		}
	}
	run := sb.String()
	unit := ""
	for _, u := range []string{"万元", "元"} {
		if strings.HasSuffix(run, u) {
			unit = u
			run = strings.TrimSuffix(run, u)
			break
		}
	}
	if len(run) == 0 || len(run) > maxRunLen {
		return nil
	}
	crosses := func(from, to int) bool {
		for b := range notes {
			if from < b && b < to {
				return true
			}
		}
		return false
	}
	// The search keeps each split as the ends of its k numbers in run
	// (k ends a split, one slice for all); the pieces of the splits kept
	// are made at the end. The splits that fail accept are kept only
	// while none passes: they are the answer only then.
	var okEnds, allEnds []int32
	nOK, nAll := 0, 0
	ends := make([]int32, k)
	vals := make([]piece, k)
	prefix := make([]piece, 0, k)
	// piece makes the value of run[from:to], the idx-th of the split.
	mkPiece := func(from, to, idx int) piece {
		p := run[from:to]
		v, ok := plainCount(p)
		if !ok {
			v, _ = strconv.ParseFloat(p, 64)
		}
		pc := piece{raw: p, num: v, loc: loc, fused: true}
		if notes != nil {
			pc.raw = p + notes[to]
		}
		if idx == k-1 {
			pc.unit = unit
			if unit != "" {
				pc.raw += unit
			}
		}
		return pc
	}
	steps := 0
	var dfs func(pos, idx int) bool
	dfs = func(pos, idx int) bool {
		steps++
		if nAll+nOK >= maxCandidates || steps > maxSteps {
			return false
		}
		if idx == k-1 {
			p := run[pos:]
			if !validPart(p, specs[idx]) {
				return true
			}
			if crosses(pos, len(run)) {
				return true
			}
			ends[idx] = int32(len(run))
			vals[idx] = mkPiece(pos, len(run), idx)
			if accept != nil && accept(vals) {
				okEnds = append(okEnds, ends...)
				nOK++
				allEnds = nil // no longer the answer
			} else if nAll < 5000 {
				if nOK == 0 {
					allEnds = append(allEnds, ends...)
				}
				nAll++
			}
			return true
		}
		for end := pos + 1; end <= len(run)-(k-1-idx); end++ {
			if crosses(pos, end) {
				break
			}
			p := run[pos:end]
			if !validPart(p, specs[idx]) {
				if p[0] == '0' && len(p) > 1 && !specs[idx].decimal {
					break
				}
				continue
			}
			vals[idx] = mkPiece(pos, end, idx)
			if prune != nil {
				// prune sees the numbers chosen so far as read
				prefix = append(prefix[:idx], piece{raw: p, num: vals[idx].num})
				if !prune(prefix) {
					continue
				}
			}
			ends[idx] = int32(end)
			if !dfs(end, idx+1) {
				return false
			}
		}
		return true
	}
	dfs(0, 0)
	build := func(flat []int32) []reading {
		out := make([]reading, 0, len(flat)/k)
		for c := 0; c+k <= len(flat); c += k {
			vs := make([]piece, k)
			from := 0
			for i := 0; i < k; i++ {
				to := int(flat[c+i])
				vs[i] = mkPiece(from, to, i)
				from = to
			}
			out = append(out, reading{vals: vs})
		}
		return out
	}
	var out []reading
	if accept != nil && nOK > 0 {
		out = build(okEnds)
	} else {
		out = build(allEnds)
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
