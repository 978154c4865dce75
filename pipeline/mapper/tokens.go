package mapper

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"ogi/pipeline/doc"
	"ogi/pipeline/normalize"
)

// item is one printed value of a row: a cell of its own, or a run of
// digits that may hold several values run together (a blob).
type item struct {
	raw  string // as printed
	loc  string
	blob bool // from running text: may hold several numbers
	// unread: printed, but which column it stands in cannot be proven
	unread bool
}

// vrow is a virtual row: a label and the values that follow it. A table
// row is one vrow; a line of crawler text holding a whole table yields
// one vrow per label.
type vrow struct {
	label string // normalised label text (own)
	raw   string
	items []item
	loc   string
	// heads are the normalised column headings the reader placed the
	// row's values under (doc.Row.Heads), one per value; nil otherwise.
	heads []string
	// table is the doc.Row.Table of the row the vrow comes from: the
	// source table, 0 for a text line.
	table int
}

// isBlankText reports whether s prints an empty cell: nothing, a dash,
// a slash or 无 (not 一, which is a numeral).
func isBlankText(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "-", "—", "——", "－", "/", "／", "无", "無", "–", "\\", "―":
		return true
	}
	return false
}

// numberText reports whether s is one printed number, optionally signed,
// decimal, with thousands separators or a unit suffix (元, 万元).
func numberText(s string) bool {
	_, _, ok := parseNumber(s)
	return ok
}

// signs maps the printed forms of minus and plus to ASCII: the minus sign
// (−), figure and en dashes before a number, the small and full-width
// hyphen-minus and plus.
var signs = strings.NewReplacer("−", "-", "‒", "-", "–", "-", "﹣", "-", "－", "-", "＋", "+", "﹢", "+")

// numWidth is the form numbers are read in: full-width digits narrowed,
// signs in ASCII.
func numWidth(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			s = normalize.Width(s)
			// After Width the signs left to narrow all start 0xE2 (−‒–)
			// or 0xEF (﹣﹢): Han text has neither.
			if strings.IndexByte(s, 0xE2) >= 0 || strings.IndexByte(s, 0xEF) >= 0 {
				s = signs.Replace(s)
			}
			return s
		}
	}
	return s // ASCII: no full-width form, no sign to narrow
}

// signRune reports whether r prints a sign (or a dash that may be one).
func signRune(r rune) bool { return strings.ContainsRune("-+−‒–—﹣－＋﹢", r) }

// annotation returns the byte length of a bracketed note that ends s
// after a number ("22(其中修订16件)", "55（含自然失效29件）"), or 0. The
// note holds words, not only a number, and the text before it ends in a
// digit.
func annotation(s string) int {
	if !strings.HasSuffix(s, ")") && !strings.HasSuffix(s, "）") {
		return 0
	}
	open := max(strings.LastIndex(s, "("), strings.LastIndex(s, "（"))
	if open <= 0 {
		return 0
	}
	head := strings.TrimSpace(s[:open])
	if head == "" || head[len(head)-1] < '0' || head[len(head)-1] > '9' {
		return 0
	}
	inner := strings.TrimSuffix(strings.TrimSuffix(s[open:], ")"), "）")
	inner = strings.TrimPrefix(strings.TrimPrefix(inner, "("), "（")
	if !noteText(inner) {
		return 0
	}
	return len(s) - len(head)
}

// annotationAt returns the byte length of a bracketed note with words at
// the start of s ("（其中修订16件）…"), or 0: the note of the number
// before it in running text.
func annotationAt(s string) int {
	var close string
	switch {
	case strings.HasPrefix(s, "("):
		close = ")"
	case strings.HasPrefix(s, "（"):
		close = "）"
	default:
		return 0
	}
	end := strings.Index(s, close)
	if end < 0 || end > 90 {
		return 0
	}
	note := s[:end+len(close)]
	if !noteText(note[len(close):end]) {
		return 0
	}
	return len(note)
}

// noteText reports whether the text inside brackets is a note: words of
// at least three characters, no brackets, not an enumerator ("二" of
// （二）, the next row's label).
func noteText(in string) bool {
	if strings.ContainsAny(in, "(（") || !hasHan(in) || utf8.RuneCountInString(in) < 3 {
		return false
	}
	return strings.Trim(in, "一二三四五六七八九十") != ""
}

// garbledNumber reports whether s is a number behind a doubled or garbled
// sign ("--253", "+-3", "—7"): printed, but no one value can be proven
// from it; it is read as null, never as 0 or as its digits.
func garbledNumber(s string) bool {
	t := strings.TrimSpace(s)
	if t == "" || t[0] >= '0' && t[0] <= '9' {
		return false // no sign in front
	}
	n, em := 0, false
	for _, r := range t {
		if !signRune(r) {
			break
		}
		n++
		em = em || r == '—'
	}
	if n < 2 && !(n == 1 && em) {
		return false
	}
	rest := strings.TrimSpace(strings.TrimLeftFunc(t, signRune))
	if rest == "" || rest[0] < '0' || rest[0] > '9' {
		return false
	}
	_, _, ok := parseNumber(rest)
	return ok
}

// parseNumber reads a printed number: "1,234", "+4", "-2", "− 3",
// "24252.311082", "251000元". It returns the value and the unit suffix.
func parseNumber(s string) (float64, string, bool) {
	if v, ok := plainCount(s); ok {
		return v, "", true
	}
	s = strings.TrimSpace(numWidth(s))
	if n := annotation(s); n > 0 {
		// "22（其中修订16件）": the leading number is the value; the note
		// stays in the cell's raw text
		s = strings.TrimSpace(s[:len(s)-n])
	}
	if len(s) > 1 && (s[0] == '-' || s[0] == '+') {
		// a space between the sign and the digits ("- 4")
		if t := strings.TrimLeft(s[1:], " "); len(t) < len(s)-1 && t != "" && t[0] >= '0' && t[0] <= '9' {
			s = s[:1] + t
		}
	}
	unit := ""
	for _, u := range []string{"万元", "元", "件", "项", "个"} {
		if strings.HasSuffix(s, u) {
			unit = u
			s = strings.TrimSpace(strings.TrimSuffix(s, u))
			break
		}
	}
	if unit == "件" || unit == "项" || unit == "个" {
		unit = ""
	}
	if s == "" {
		return 0, "", false
	}
	t := strings.ReplaceAll(s, ",", "")
	digits := 0
	for i, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case (r == '-' || r == '+') && i == 0:
		case r == '.':
		default:
			return 0, "", false
		}
	}
	if digits == 0 {
		return 0, "", false
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, "", false
	}
	return v, unit, true
}

// plainCount reads the common case of parseNumber, a count printed as
// ASCII digits alone ("0", "128"), without the general path.
func plainCount(s string) (float64, bool) {
	if len(s) == 0 || len(s) > 15 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return float64(v), true
}

// hasHan reports whether s contains letters (Han or Latin): a label.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

type tokKind int

const (
	tLabel tokKind = iota
	tValue
)

type token struct {
	kind tokKind
	text string
	loc  string
	blob bool
}

// tokenize turns a row's cells into labels and values. A cell that is a
// number or a blank mark is a value; a cell mixing text and digits is cut
// into label and digit runs; cells with neither (page numbers like "-4-")
// are dropped.
func tokenize(r doc.Row, out []token) []token {
	for _, c := range r.Cells {
		if c.Span {
			continue
		}
		t := strings.TrimSpace(c.Text)
		digits := hasDigit(t)
		switch {
		case digits && garbledNumber(t):
			out = append(out, token{kind: tValue, text: t, loc: c.Locator})
		case digits && r.Table == 0 && longRun(t):
			// a line of crawler text holding only a run of digits (table
			// 四's fifteen numbers run together): no count is that long
			out = append(out, token{kind: tValue, text: t, loc: c.Locator, blob: true})
		case isBlankText(t) || (digits && numberText(t)):
			out = append(out, token{kind: tValue, text: t, loc: c.Locator})
		case !digits:
			if hasHan(t) {
				out = append(out, token{kind: tLabel, text: t, loc: c.Locator})
			}
		case !hasHan(t):
			// digits with spaces ("1 0 11") or junk ("-4-")
			if digitRun(t) {
				out = append(out, token{kind: tValue, text: t, loc: c.Locator, blob: true})
			}
		default:
			out = splitMixed(t, c.Locator, out)
		}
	}
	return out
}

// longRun reports whether s is a run of at least 12 digits and nothing
// else: more than any count a report prints, so several run together.
func longRun(s string) bool {
	if len(s) < 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
			return true
		}
	}
	return false
}

// digitRun reports whether s holds only digits, spaces, signs, dots and
// commas (a run of numbers).
func digitRun(s string) bool {
	s = numWidth(s)
	d := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d++
		case r == ' ' || r == '.' || r == ',' || r == '\u00a0':
		case (r == '-' || r == '+') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
		default:
			return false
		}
	}
	return d > 0
}

// splitMixed cuts text like "规范性文件898989第二十条…" into label and
// digit-run tokens. A digit directly before "." or "、" and a label is
// the enumerator of the next label ("00000002.其他" → "0000000", "2.其他").
func splitMixed(s, loc string, out []token) []token {
	s = numWidth(s)
	// The label being collected is always s[lab:i]: a run of text, the
	// enumerator digit that starts it, or a year inside it.
	lab := 0
	i := 0
	flushLabel := func(end int) {
		if t := strings.TrimSpace(s[lab:end]); t != "" && hasHan(t) {
			out = append(out, token{kind: tLabel, text: t, loc: loc})
		}
	}
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if k := garbledAt(s[i:]); k > 0 {
			// a number behind a doubled sign ("35--7"): one value, unread
			flushLabel(i)
			out = append(out, token{kind: tValue, text: s[i : i+k], loc: loc})
			i += k
			lab = i
			continue
		}
		startsNum := r >= '0' && r <= '9'
		if (r == '-' || r == '+') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			// a sign counts only after a space or a label, not inside "1-2"
			startsNum = true
		}
		if !startsNum {
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			c := s[j]
			if c >= '0' && c <= '9' {
				j++
				continue
			}
			if (c == '.' || c == ',') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
				j++
				continue
			}
			if c == ' ' {
				k := j
				for k < len(s) && s[k] == ' ' {
					k++
				}
				if k < len(s) && (s[k] >= '0' && s[k] <= '9') {
					j = k
					continue
				}
			}
			break
		}
		run := s[i:j]
		rest := s[j:]
		// An enumerator: the run's last digit followed by "." or "、".
		if strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "、") || strings.HasPrefix(rest, "．") {
			after := strings.TrimLeft(rest, ".、．")
			if after != "" && !(after[0] >= '0' && after[0] <= '9') {
				last := run[len(run)-1]
				if last >= '1' && last <= '9' {
					head := strings.TrimRight(run[:len(run)-1], " ")
					if head != "" {
						flushLabel(i)
						out = append(out, token{kind: tValue, text: head, loc: loc, blob: true})
						lab = j - 1 // the label starts at its enumerator
					}
					i = j
					continue
				}
			}
		}
		// Year-like and ordinal numbers inside prose stay in the label
		// when followed by 年/月/日/号/条/次/%.
		if next, _ := utf8.DecodeRuneInString(rest); strings.ContainsRune("年月日号條条次%％个位家人届期件篇", next) {
			i = j
			continue
		}
		// A unit suffix belongs to the number.
		for _, u := range []string{"万元", "元"} {
			if strings.HasPrefix(rest, u) {
				run += u
				j += len(u)
				break
			}
		}
		flushLabel(i)
		if k := annotationAt(s[j:]); k > 0 {
			// a number and its note ("1（其中修订1件）"): the note ends a
			// value (the run may hold several) and stays in its raw text
			out = append(out, token{kind: tValue, text: strings.TrimSpace(run) + s[j:j+k], loc: loc, blob: true})
			i = j + k
			lab = i
			continue
		}
		out = append(out, token{kind: tValue, text: strings.TrimSpace(run), loc: loc, blob: true})
		i = j
		lab = i
	}
	flushLabel(len(s))
	return out
}

// garbledAt returns the length of a run of two or more signs and the
// number after it at the start of s ("--7", "+-3"), or 0.
func garbledAt(s string) int {
	n := 0
	for n < len(s) && (s[n] == '-' || s[n] == '+') {
		n++
	}
	if n < 2 || n >= len(s) || s[n] < '0' || s[n] > '9' {
		return 0
	}
	j := n
	for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9') {
		j++
	}
	return j
}

// vrows groups tokens into virtual rows: a label starts a new row when
// the previous token was a value.
func vrows(rows []doc.Row, traditional bool) []vrow {
	label := normalize.LabelSimplified
	if traditional {
		label = normalize.Label
	}
	out := make([]vrow, 0, len(rows))
	var toks []token
	merged := false // the last vrow may take single values of the next lines
	for _, r := range rows {
		toks = tokenize(r, toks[:0])
		if r.Table == 0 {
			// Text lines: empty cells at the end pad the line, they are
			// no values (in grids they are blank cells).
			for len(toks) > 0 && toks[len(toks)-1].kind == tValue && toks[len(toks)-1].text == "" {
				toks = toks[:len(toks)-1]
			}
		}
		// A text line holding one value and nothing else continues the
		// row above (renderings that print every cell on its own line).
		if r.Table == 0 && len(toks) == 1 && toks[0].kind == tValue && merged && len(out) > 0 {
			last := &out[len(out)-1]
			last.items = append(last.items, item{raw: toks[0].text, loc: toks[0].loc, blob: toks[0].blob})
			continue
		}
		merged = r.Table == 0 && len(toks) > 0
		first := len(out)
		// The items of the row's vrows share one slice (each capped at its
		// own end).
		n := 0
		for _, t := range toks {
			if t.kind == tValue {
				n++
			}
		}
		var buf []item
		if n > 0 {
			buf = make([]item, 0, n)
		}
		cur, from := -1, 0
		var labels []string
		lastValue := false
		endItems := func() {
			if cur >= 0 && len(buf) > from {
				out[cur].items = buf[from:len(buf):len(buf)]
			}
			from = len(buf)
		}
		for _, t := range toks {
			if cur < 0 || (t.kind == tLabel && lastValue) {
				endItems()
				loc := t.loc
				if loc == "" {
					loc = r.Locator
				}
				out = append(out, vrow{loc: loc, table: r.Table})
				cur = len(out) - 1
				labels = labels[:0]
			}
			if t.kind == tLabel {
				labels = append(labels, t.text)
				out[cur].raw = strings.Join(labels, " ")
				lastValue = false
				continue
			}
			buf = append(buf, item{raw: t.text, loc: t.loc, blob: t.blob})
			lastValue = true
		}
		endItems()
		for i := first; i < len(out); i++ {
			if out[i].raw != "" {
				out[i].label = label(out[i].raw)
			}
		}
		if len(r.Heads) > 0 && len(out) == first+1 && len(out[first].items) == len(r.Heads) {
			hs := make([]string, len(r.Heads))
			for k, h := range r.Heads {
				hs[k] = label(h)
			}
			out[first].heads = hs
		}
	}
	return out
}
