package dataset

import (
	"testing"

	"ogi/pipeline/report"
)

// A registry scope hint (the column a report was listed in) fills the
// scope only when the report's own text gives none; the text wins.
func TestScopeHint(t *testing.T) {
	for _, c := range []struct{ text, hint, want string }{
		{"", "township", "township"},
		{"", "department", "department"},
		{"", "subordinate", ""},
		{"gov_aggregate", "township", "gov_aggregate"},
		{"department", "", "department"},
	} {
		it := newItem(Prepared{Input: Input{Source: "http://x.gov.cn/1.html", SHA256: "ab", ScopeHint: c.hint}},
			report.Report{Scope: c.text, Status: report.StatusOK}, nil)
		if it.scope != c.want {
			t.Errorf("text %q, hint %q: scope %q, want %q", c.text, c.hint, it.scope, c.want)
		}
	}
}
