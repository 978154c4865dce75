package schema

import (
	"strings"
	"testing"
)

// The data dictionary fixes these keys; analysts write SQL against them.
func TestTemplateKeysMatchDataDictionary(t *testing.T) {
	cols := "natural_person commercial research social_org legal_service other_org total"
	if got := strings.Join(Template2021().ColumnKeys(), " "); got != cols {
		t.Errorf("columns = %s, want %s", got, cols)
	}
	head := "new_received carried_in granted partially_granted denied_state_secret denied_law_prohibited " +
		"denied_three_safeties denied_third_party denied_internal_affairs denied_process_info denied_enforcement_file " +
		"denied_admin_query unable_not_held unable_needs_creation unable_unclear not_processed_petition " +
		"not_processed_repeat not_processed_publication not_processed_mass_repeat not_processed_reissue"
	tail := "total_processed carried_out"
	tests := []struct {
		tmpl *Template
		rows string
		n    int
	}{
		{Template2021(), head + " other_no_correction other_fee_unpaid other_other " + tail, 25},
		{Template2019(), head + " other_processing " + tail, 23},
	}
	for _, tc := range tests {
		keys := tc.tmpl.RowKeys()
		if len(keys) != tc.n {
			t.Errorf("%s: %d rows, want %d", tc.tmpl.ID, len(keys), tc.n)
		}
		if got := strings.Join(keys, " "); got != tc.rows {
			t.Errorf("%s rows = %s\nwant %s", tc.tmpl.ID, got, tc.rows)
		}
	}
	review := Template2021().ReviewKeys()
	if len(review) != 15 || review[0] != "review_upheld" || review[14] != "lit_after_review_total" {
		t.Errorf("review keys = %v", review)
	}
	if n := len(Template2021().Active); n != 10 {
		t.Errorf("2021 table 二 has %d cells, want 10", n)
	}
	if n := len(Template2019().Active); n != 22 {
		t.Errorf("2019 table 二 has %d cells, want 22", n)
	}
}

func TestIdentities(t *testing.T) {
	// 7 balance + 7 outcome + one row sum per table 三 row (25 rows in
	// 2021, 23 in 2019) + 3 table 四 sums.
	count := map[string]int{V2021: 7 + 7 + 25 + 3, V2019: 7 + 7 + 23 + 3}
	for _, tmpl := range Templates() {
		ids := tmpl.Identities()
		if want := count[tmpl.ID]; len(ids) != want {
			t.Fatalf("%s: %d identities, want %d", tmpl.ID, len(ids), want)
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id.ID] {
				t.Errorf("%s: duplicate identity id %s", tmpl.ID, id.ID)
			}
			seen[id.ID] = true
			if len(id.Left) == 0 || len(id.Right) == 0 {
				t.Errorf("%s: identity %s has an empty side", tmpl.ID, id.ID)
			}
		}
		for _, id := range []string{"t3_balance_total", "t3_outcomes_natural_person", "t3_rowsum_carried_out", "t4_sum_lit_after_review"} {
			if !seen[id] {
				t.Errorf("%s: missing identity %s", tmpl.ID, id)
			}
		}
	}
	// The outcome identity of 2021 sums 21 outcome rows, of 2019 19.
	outcomes := func(tmpl *Template) int {
		for _, id := range tmpl.Identities() {
			if id.ID == "t3_outcomes_total" {
				return len(id.Right)
			}
		}
		return -1
	}
	if n := outcomes(Template2021()); n != 21 {
		t.Errorf("2021 outcome rows = %d, want 21", n)
	}
	if n := outcomes(Template2019()); n != 19 {
		t.Errorf("2019 outcome rows = %d, want 19", n)
	}
}

// Every row but the top-level ones belongs to a declared group, and each
// row's keywords find its own canonical label.
func TestRowDeclarationsAreConsistent(t *testing.T) {
	for _, tmpl := range Templates() {
		groups := map[string]bool{"": true}
		for _, g := range tmpl.ApplicationGroups {
			groups[g.Key] = true
		}
		for _, r := range tmpl.ApplicationRows {
			if !groups[r.Group] {
				t.Errorf("%s: row %s in undeclared group %q", tmpl.ID, r.Key, r.Group)
			}
			label := strings.NewReplacer("（", "(", "）", ")", "，", ",").Replace(r.Label)
			found := false
			for _, k := range r.Keywords {
				if strings.Contains(label, k) {
					found = true
				}
			}
			for _, x := range r.Exclude {
				if strings.Contains(label, x) {
					t.Errorf("%s: row %s excludes its own label via %q", tmpl.ID, r.Key, x)
				}
			}
			if !found {
				t.Errorf("%s: no keyword of row %s matches its label %q", tmpl.ID, r.Key, r.Label)
			}
		}
		if _, ok := Lookup(tmpl.ID); !ok {
			t.Errorf("Lookup(%q) failed", tmpl.ID)
		}
	}
	if _, ok := Lookup("2007"); ok {
		t.Error("Lookup found a template that does not exist")
	}
}

// TestDeclarationsImmutable: a caller that changes the template it was
// given (a slice element, a keyword) changes only its own copy; the next
// reader sees the declaration as declared.
func TestDeclarationsImmutable(t *testing.T) {
	for _, get := range []func() *Template{Template2021, Template2019, func() *Template { t, _ := Lookup(V2021); return t }} {
		a := get()
		id := a.ID
		a.ApplicationRows[0].Key = "changed"
		a.ApplicationRows[0].Keywords[0] = "changed"
		a.ApplicationColumns[0].Keywords[0] = "changed"
		a.Active[0].RowKeywords[0] = "changed"
		a.ReviewGroups[0].Keywords[0] = "changed"
		a.ReviewFields[0].Key = "changed"
		a.Markers[0] = "changed"
		a.ApplicationRows = a.ApplicationRows[:1]
		b, _ := Lookup(id)
		if b.ApplicationRows[0].Key != "new_received" || b.ApplicationRows[0].Keywords[0] != "本年新收" ||
			b.ApplicationColumns[0].Keywords[0] != "自然人" || b.Active[0].RowKeywords[0] != "规章" ||
			b.ReviewGroups[0].Keywords[0] != "行政复议" || b.ReviewFields[0].Key != "upheld" || b.Markers[0] == "changed" {
			t.Fatalf("template %s changed through a copy: %+v", id, b.ApplicationRows[0])
		}
		if len(b.ApplicationRows) < 23 {
			t.Fatalf("template %s lost rows through a copy", id)
		}
	}
}
