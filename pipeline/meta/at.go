package meta

import (
	"regexp"
	"strings"
)

// Running an expression over the 3,000 characters of a preamble costs
// far more than finding the few places where a match can start. allAt
// runs an expression anchored at those places only; its result is the
// expression's FindAllStringSubmatch.

// allAt is re.FindAllStringSubmatch(s, n) for an expression whose matches
// start only at the offsets next yields (the first at or after from, -1
// for none; increasing), given at: re anchored ("^(?:" + re + ")").
func allAt(at *regexp.Regexp, s string, n int, next func(s string, from int) int) [][]string {
	var out [][]string
	for from := 0; from <= len(s) && (n < 0 || len(out) < n); {
		i := next(s, from)
		if i < 0 {
			break
		}
		m := at.FindStringSubmatchIndex(s[i:])
		if m == nil {
			from = i + 1
			continue
		}
		sub := make([]string, len(m)/2)
		for k := range sub {
			if m[2*k] >= 0 {
				sub[k] = s[i+m[2*k] : i+m[2*k+1]]
			}
		}
		out = append(out, sub)
		if m[1] == 0 {
			from = i + 1 // an empty match: step on, as the expression's search does
		} else {
			from = i + m[1]
		}
	}
	return out
}

// anchored returns re matching only at the start of the text.
func anchored(re *regexp.Regexp) *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + re.String() + `)`)
}

// yearStart returns the first offset at or after from where a year written
// "2023年" (19xx or 20xx, ASCII digits, 年 right after) starts, or -1.
func yearStart(s string, from int) int {
	for at := from; ; {
		j := strings.Index(s[at:], "年")
		if j < 0 {
			return -1
		}
		p := at + j
		if i := p - 4; i >= from && (s[i:i+2] == "19" || s[i:i+2] == "20") && isDigit(s[i+2]) && isDigit(s[i+3]) {
			return i
		}
		at = p + len("年")
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// compiledStart returns the first offset at or after from where one of
// 本年度报告, 本报告, 本年报, 报告 stands right before 由, or -1.
func compiledStart(s string, from int) int {
	for at := from; ; {
		j := strings.Index(s[at:], "由")
		if j < 0 {
			return -1
		}
		p := at + j
		best := -1
		for _, w := range []string{"本年度报告", "本报告", "本年报", "报告"} {
			if i := p - len(w); i >= from && s[i:p] == w && (best < 0 || i < best) {
				best = i
			}
		}
		if best >= 0 {
			return best
		}
		at = p + len("由")
	}
}
