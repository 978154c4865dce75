package renderings

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

const fixtures = "../../pipeline/extract/testdata/classes"

// TestFixturesCurrent: the committed fixtures are what the generator
// writes (truths, web and text renderings, Word documents byte for byte),
// so a change to the generator is a change to the fixtures, made with
// `go run ./internal/renderings/cmd/gen`.
func TestFixturesCurrent(t *testing.T) {
	fxs, err := Fixtures()
	if err != nil {
		t.Fatal(err)
	}
	for _, fx := range fxs {
		truth, err := fx.Truth.JSON()
		if err != nil {
			t.Fatal(err)
		}
		compare(t, fx.Stem+".truth.json", truth)
		for _, f := range fx.Formats {
			switch f {
			case FmtChromium, FmtOffice, FmtLayout, FmtOfficeLT:
				continue // printed by tools whose bytes vary with their versions
			}
			data, err := fx.Render(f)
			if err != nil {
				t.Fatalf("%s.%s: %v", fx.Stem, f, err)
			}
			compare(t, fx.Stem+"."+f, data)
		}
	}
}

func compare(t *testing.T, name string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Errorf("%s: %v (regenerate the fixtures)", name, err)
		return
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the generator writes (regenerate the fixtures)", name)
	}
}

// TestTruthsFromFigures: a truth holds the figures as printed, whatever
// the layout: the 小计 column is not a key, partial truths only what is
// printed.
func TestTruthsFromFigures(t *testing.T) {
	f, err := ByName("zhaoyuan-2023")
	if err != nil {
		t.Fatal(err)
	}
	tr := truthOf(&f, Body{T3: &T3Style{Cols: []string{"natural_person", Subtotal, "commercial", "research", "social_org", "legal_service", "other_org", "total"}}}, "c", "")
	if got := tr.Applications["new_received"]; got["commercial"] != 1 || got["total"] != 205 || len(got) != 7 {
		t.Errorf("new_received %v", got)
	}
	if tr.Partial || tr.Status != "ok" {
		t.Errorf("complete report marked %s partial=%v", tr.Status, tr.Partial)
	}
	tr = truthOf(&f, Body{T3: &T3Style{Upto: "partially_granted"}, CutAfterT3: true}, "c", "")
	if !tr.Partial || tr.Status != "any" || len(tr.Applications) != 4 || tr.ReviewLitigation != nil {
		t.Errorf("cut report: partial=%v %s, %d rows, review %v", tr.Partial, tr.Status, len(tr.Applications), tr.ReviewLitigation)
	}
	b, _ := json.Marshal(truthOf(&f, Body{NoT3: true}, "c", ""))
	if !bytes.Contains(b, []byte(`"applications":{}`)) {
		t.Errorf("a truth without table 三 must hold an empty applications object: %s", b[:80])
	}
}
