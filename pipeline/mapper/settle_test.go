package mapper

import (
	"strings"
	"testing"

	"ogi/schema"
)

func rd(nums ...float64) reading {
	r := reading{}
	for _, n := range nums {
		r.vals = append(r.vals, piece{num: n, raw: strings.Repeat("9", len(formatNum(n)))})
	}
	return r
}

func formatNum(n float64) string {
	s := ""
	for v := int(n); ; v /= 10 {
		s = string(rune('0'+v%10)) + s
		if v < 10 {
			break
		}
	}
	return s
}

// TestSettleTieBreak: carried_in "220000022" and carried_out "220000022"
// split as 22|0… or 2|20… satisfy every identity either way; the reading
// whose applicant shares look like the rows read without doubt wins.
func TestSettleTieBreak(t *testing.T) {
	tr := schema.Template2021().ApplicationRows
	rds := make([][]reading, len(tr))
	idx := map[string]int{}
	for j, r := range tr {
		idx[r.Key] = j
		rds[j] = []reading{rd(0, 0, 0, 0, 0, 0, 0)}
	}
	rds[idx["new_received"]] = []reading{rd(396, 26, 1, 3, 12, 9, 447)}
	rds[idx["granted"]] = []reading{rd(396, 25, 1, 3, 12, 9, 446)}
	rds[idx["total_processed"]] = []reading{rd(396, 25, 1, 3, 12, 9, 446)}
	rds[idx["carried_in"]] = []reading{rd(2, 20, 0, 0, 0, 0, 22), rd(22, 0, 0, 0, 0, 0, 22)}
	rds[idx["carried_out"]] = []reading{rd(2, 21, 0, 0, 0, 0, 23), rd(22, 1, 0, 0, 0, 0, 23)}
	var notes []string
	choice := settle(tr, rds, &notes)
	for _, k := range []string{"carried_in", "carried_out"} {
		if got := rds[idx[k]][choice[idx[k]]].vals[0].num; got != 22 {
			t.Errorf("%s natural_person = %v, want 22 (notes %v)", k, got, notes)
		}
	}
	// The identities still come first: a reading that breaks them loses
	// even when its shares look better.
	rds[idx["carried_in"]] = []reading{rd(22, 0, 0, 0, 0, 0, 22), rd(2, 20, 0, 0, 0, 0, 22)}
	rds[idx["carried_out"]] = []reading{rd(2, 21, 0, 0, 0, 0, 23)}
	choice = settle(tr, rds, &notes)
	if got := rds[idx["carried_in"]][choice[idx["carried_in"]]].vals[0].num; got != 2 {
		t.Errorf("identities overruled: carried_in natural_person = %v, want 2", got)
	}
}

// TestLargeChangeShortRow: a 2019 table 二 row that printed fewer values
// than its fields (a real excerpt gave 行政许可 one value of three) is no
// evidence either way, and must not index past its values.
func TestLargeChangeShortRow(t *testing.T) {
	var fields []schema.ActiveField
	for _, ar := range activeRows(schema.Template2019()) {
		if ar.name == "licensing" || strings.Contains(ar.fields[0].Key, "licensing") {
			fields = ar.fields
		}
	}
	if len(fields) != 3 {
		t.Fatalf("licensing row has %d fields, want 3", len(fields))
	}
	if largeChange(fields, []reading{rd(0)}) {
		t.Error("one value of three counted as a large change")
	}
	if !largeChange(fields, []reading{rd(40, -12, 300)}) {
		t.Error("40|-12|300 not counted as a large change")
	}
}
