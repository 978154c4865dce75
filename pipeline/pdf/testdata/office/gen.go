//go:build ignore

// gen writes a DOCX report with blank cells (for LibreOffice to
// print to PDF) and its expected reading:
//
//	go run gen.go NAME 2021|2019 SEED
//	soffice --headless --convert-to pdf NAME.docx
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"ogi/internal/docwriter"
	"ogi/schema"
)

func main() {
	seed, _ := strconv.Atoi(os.Args[3])
	s := docwriter.Sample2021(seed)
	t := schema.Template2021()
	if os.Args[2] == "2019" {
		s = docwriter.Sample2019(seed)
		t = schema.Template2019()
	}
	ck := t.ColumnKeys()
	rk := t.RowKeys()
	blankApp := map[string]map[string]bool{}
	blankRev := map[string]bool{}
	k := 0
	for _, b := range s.Blocks {
		if b.Table == nil {
			continue
		}
		last := b.Table[len(b.Table)-1]
		switch {
		case len(b.Table) >= 20: // table 三: data rows in template order, 7 values at the end
			var data []int
			for ri, row := range b.Table {
				if len(row) >= 7 {
					if _, err := strconv.ParseFloat(row[len(row)-1], 64); err == nil {
						data = append(data, ri)
					}
				}
			}
			if len(data) != len(rk) {
				panic(fmt.Sprintf("%d data rows, want %d", len(data), len(rk)))
			}
			for di, ri := range data {
				row := b.Table[ri]
				for c := 0; c < 7; c++ {
					ci := len(row) - 7 + c
					if row[ci] == "0" {
						k++
						if k%3 != 0 {
							row[ci] = ""
							if blankApp[rk[di]] == nil {
								blankApp[rk[di]] = map[string]bool{}
							}
							blankApp[rk[di]][ck[c]] = true
						}
					}
				}
			}
		case len(last) == 15: // table 四
			for c, v := range last {
				if v == "0" {
					k++
					if k%3 != 0 {
						last[c] = ""
						blankRev[t.ReviewKeys()[c]] = true
					}
				}
			}
		}
	}
	data, err := docwriter.DOCXBlocks(s.Title, s.Blocks, false)
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(os.Args[1]+".docx", data, 0o644); err != nil {
		panic(err)
	}
	num := func(v float64, blank bool) *float64 {
		if blank {
			return nil
		}
		return &v
	}
	w := map[string]any{"year": s.Year, "template": s.Template}
	act := map[string]*float64{}
	for key, v := range s.Active {
		act[key] = num(v, false)
	}
	w["active"] = act
	w["active_units"] = s.Units
	apps := map[string]map[string]*float64{}
	for r, cols := range s.Applications {
		apps[r] = map[string]*float64{}
		for c, v := range cols {
			apps[r][c] = num(v, blankApp[r][c])
		}
	}
	w["applications"] = apps
	rev := map[string]*float64{}
	for key, v := range s.Review {
		rev[key] = num(v, blankRev[key])
	}
	w["review_litigation"] = rev
	out, _ := json.MarshalIndent(w, "", " ")
	if err := os.WriteFile(os.Args[1]+".want.json", append(out, '\n'), 0o644); err != nil {
		panic(err)
	}
	fmt.Println(k, "zeros")
}
