package data

import (
	"sort"
	"strings"
	"testing"
)

func TestDivisionsEmbedded(t *testing.T) {
	ds, err := Divisions()
	if err != nil {
		t.Fatalf("Divisions: %v", err)
	}
	count := map[string]int{}
	byCode := map[string]Division{}
	for _, d := range ds {
		count[d.Level]++
		if d.Kind == KindStatistical {
			count["statistical"]++
		}
		byCode[d.Code] = d
	}
	if !sort.SliceIsSorted(ds, func(i, j int) bool { return ds[i].Code < ds[j].Code }) {
		t.Error("divisions are not sorted by code")
	}
	// 31 provinces; about 333 prefecture-level and 2,840 county-level
	// divisions plus 124 statistical units in the 2023 data.
	if count[LevelProvince] != 31 {
		t.Errorf("provinces = %d, want 31", count[LevelProvince])
	}
	if n := count[LevelPrefecture]; n < 320 || n > 340 {
		t.Errorf("prefectures = %d, want 320..340", n)
	}
	if n := count[LevelCounty]; n < 2900 || n > 3050 {
		t.Errorf("counties = %d, want 2900..3050", n)
	}
	if count["statistical"] != 124 {
		t.Errorf("statistical units = %d, want 124", count["statistical"])
	}
	for _, want := range []Division{
		{"370000", "山东省", LevelProvince, "", "370000", KindAdmin},
		{"370600", "烟台市", LevelPrefecture, "370000", "370000", KindAdmin},
		{"370685", "招远市", LevelCounty, "370600", "370000", KindAdmin},
		{"370614", "蓬莱区", LevelCounty, "370600", "370000", KindAdmin},
		{"370671", "烟台高新技术产业开发区", LevelCounty, "370600", "370000", KindStatistical},
		{"310000", "上海市", LevelProvince, "", "310000", KindAdmin},
		{"110105", "朝阳区", LevelCounty, "110000", "110000", KindAdmin},
		{"220104", "朝阳区", LevelCounty, "220100", "220000", KindAdmin},
		{"500235", "云阳县", LevelCounty, "500000", "500000", KindAdmin},
		{"419001", "济源市", LevelCounty, "410000", "410000", KindAdmin},
		{"429004", "仙桃市", LevelCounty, "420000", "420000", KindAdmin},
		{"441900", "东莞市", LevelPrefecture, "440000", "440000", KindAdmin},
		{"320813", "洪泽区", LevelCounty, "320800", "320000", KindAdmin},
		{"321322", "沭阳县", LevelCounty, "321300", "320000", KindAdmin},
		{"350128", "平潭县", LevelCounty, "350100", "350000", KindAdmin},
	} {
		if got := byCode[want.Code]; got != want {
			t.Errorf("division %s = %+v, want %+v", want.Code, got, want)
		}
	}
	for _, gone := range []string{"110100", "419000", "370684", "620201"} {
		if d, ok := byCode[gone]; ok {
			t.Errorf("division %s should not be in the table: %+v", gone, d)
		}
	}
}

func TestDivisionsReturnsCopy(t *testing.T) {
	a, err := Divisions()
	if err != nil {
		t.Fatal(err)
	}
	a[0].Name = "changed"
	b, err := Divisions()
	if err != nil {
		t.Fatal(err)
	}
	if b[0].Name == "changed" {
		t.Error("Divisions shares its slice between callers")
	}
}

func TestParseDivisionsErrors(t *testing.T) {
	const head = "# comment\ncode,name,level,parent_code,province_code,kind\n"
	const prov = "370000,山东省,province,,370000,admin\n"
	const pref = "370600,烟台市,prefecture,370000,370000,admin\n"
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "empty table"},
		{"bad header", "code,name\n", "header"},
		{"short row", head + "370000,山东省,province\n", "wrong number of fields"},
		{"bad code", head + "37000,山东省,province,,370000,admin\n", "not 6 digits"},
		{"letters", head + "37000x,山东省,province,,370000,admin\n", "not 6 digits"},
		{"bad level", head + prov + "370600,烟台市,city,370000,370000,admin\n", "unknown level"},
		{"bad kind", head + prov + "370600,烟台市,prefecture,370000,370000,x\n", "unknown kind"},
		{"province mismatch", head + prov + "370600,烟台市,prefecture,370000,360000,admin\n", "province code"},
		{"missing parent", head + prov + "370685,招远市,county,370600,370000,admin\n", "parent 370600 not in table"},
		{"wrong parent", head + prov + pref + "370685,招远市,county,370500,370000,admin\n", "neither its prefecture"},
		{"duplicate", head + prov + prov, "duplicate code"},
		{"empty name", head + "370000,,province,,370000,admin\n", "empty name"},
		{"no province row", head + pref, "not in table"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseDivisions(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want containing %q", err, tc.want)
			}
		})
	}
	ds, err := ParseDivisions(strings.NewReader(head + prov + pref + "370685,招远市,county,370600,370000,admin\n"))
	if err != nil || len(ds) != 3 {
		t.Fatalf("valid table: %d rows, err %v", len(ds), err)
	}
}

func BenchmarkDivisionsParse(b *testing.B) {
	for b.Loop() {
		if _, err := ParseDivisions(strings.NewReader(string(divisionsCSV))); err != nil {
			b.Fatal(err)
		}
	}
}
