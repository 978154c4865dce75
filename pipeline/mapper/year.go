package mapper

import (
	"regexp"
	"strings"
)

// Year's expressions are run only where a match can start (a year before
// 年, 统, 现): run over a whole report's text they cost far more.

// firstAt is re.FindStringSubmatch(s) for an expression whose matches
// start only at the offsets next yields (the first at or after from, -1
// for none; increasing), given at: re anchored (see anchored).
func firstAt(at *regexp.Regexp, s string, next func(s string, from int) int) []string {
	for from := 0; from <= len(s); {
		i := next(s, from)
		if i < 0 {
			return nil
		}
		if m := at.FindStringSubmatchIndex(s[i:]); m != nil {
			sub := make([]string, len(m)/2)
			for k := range sub {
				if m[2*k] >= 0 {
					sub[k] = s[i+m[2*k] : i+m[2*k+1]]
				}
			}
			return sub
		}
		from = i + 1
	}
	return nil
}

// anchored returns re matching only at the start of the text.
func anchored(re *regexp.Regexp) *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + re.String() + `)`)
}

// spaceRE reports whether c is white space for \s of the expressions.
func spaceRE(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// yearStart returns the first offset at or after from where a year 19xx
// or 20xx in ASCII digits stands before 年, white space between allowed,
// or -1.
func yearStart(s string, from int) int {
	for at := from; ; {
		j := strings.Index(s[at:], "年")
		if j < 0 {
			return -1
		}
		p := at + j
		k := p
		for k > from && spaceRE(s[k-1]) {
			k--
		}
		if i := k - 4; i >= from && (s[i:i+2] == "19" || s[i:i+2] == "20") && isASCIIDigit(s[i+2]) && isASCIIDigit(s[i+3]) {
			return i
		}
		at = p + len("年")
	}
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

// wordStart returns a function giving the first offset at or after from
// where w stands, or -1.
func wordStart(w string) func(s string, from int) int {
	return func(s string, from int) int {
		if i := strings.Index(s[from:], w); i >= 0 {
			return from + i
		}
		return -1
	}
}

var (
	titleYearAt   = anchored(titleYear)
	statsPeriodAt = anchored(statsPeriod)
	reportedAsAt  = anchored(reportedAs)
	periodYearAt  = anchored(periodYear)
	yearEndAt     = anchored(yearEnd)
	tongStart     = wordStart("统")
	xianStart     = wordStart("现")
)
