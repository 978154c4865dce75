package doc

import (
	"regexp"
	"strings"
)

// yearInTitle finds a year in a title.
var yearInTitle = regexp.MustCompile(`(?:19|20)\d\d\s*年`)

// GenericTitle reports whether a document's own title (a page's <title>, a
// Word document's title property) says less than the first heading of its
// body: empty, naming no report (a portal's site name, a column's name),
// or naming neither year nor agency where the heading names them (a
// template's 政府信息公开工作年度报告). The readers then take the heading.
func GenericTitle(title, heading string) bool {
	title = strings.TrimSpace(title)
	switch {
	case !strings.Contains(title, "报告") && !strings.Contains(title, "報告"):
		return true
	case yearInTitle.MatchString(title):
		return false
	case yearInTitle.MatchString(heading):
		return true
	}
	// neither names a year: the heading when it says more (an agency
	// before the generic name)
	return len([]rune(heading)) > len([]rune(title)) && strings.HasSuffix(strings.Join(strings.Fields(heading), ""), strings.Join(strings.Fields(title), ""))
}
