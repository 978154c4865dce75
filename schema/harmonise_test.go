package schema

import "testing"

func TestActiveKeysMapOnlyTheDecisions(t *testing.T) {
	both := map[string]int{}
	for _, k := range ActiveKeys() {
		both[k.Key]++
		if k.ComparableKey == "" && k.Note == "" {
			t.Errorf("%s %s: neither comparable nor a note saying why not", k.Template, k.Key)
		}
		if k.ComparableKey != "" && k.Note != "" {
			t.Errorf("%s %s: comparable and a note", k.Template, k.Key)
		}
	}
	// The data dictionary: only the three *_decisions keys compare.
	for _, key := range []string{"licensing_decisions", "penalty_decisions", "coercion_decisions"} {
		if both[key] != 2 {
			t.Errorf("%s is in %d templates, want both", key, both[key])
		}
	}
	n := 0
	for _, k := range ActiveKeys() {
		if k.ComparableKey != "" {
			n++
			if k.ComparableKey != k.Key {
				t.Errorf("%s maps to %s", k.Key, k.ComparableKey)
			}
		}
	}
	if n != 6 {
		t.Errorf("%d comparable keys, want the 3 decisions of each template", n)
	}
	units := map[string]string{}
	for _, k := range ActiveKeys() {
		units[k.Key] = k.Unit
	}
	if units["fees_amount_wan"] != "万元" || units["procurement_amount"] != UnitPrinted || units["licensing_decisions"] != "" {
		t.Errorf("units %v", units)
	}
}
