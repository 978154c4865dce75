// Package synth makes deterministic synthetic datasets for tests and
// benchmarks: already-extracted reports of invented counties that satisfy
// every hard identity and carry their balances over from year to year. It
// is test equipment; no production package imports it.
package synth

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"ogi/pipeline/dataset"
	"ogi/pipeline/report"
	"ogi/schema"
)

// provincePrefixes are real GB/T 2260 province prefixes used to shape
// synthetic codes.
var provincePrefixes = []string{"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
	"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}

// Dataset makes a deterministic synthetic dataset input: counties
// county-level gov_aggregate reports for each of years consecutive report
// years ending with lastYear (years up to 2020 use the 2019 template), and
// the jurisdictions they belong to (10 counties per prefecture, 10
// prefectures per province; at most 6,500 counties). Every report satisfies the hard identities and
// carries its balance over from the previous year. Reports are generated
// on Load, so a large dataset does not sit in memory.
func Dataset(counties, years, lastYear int, seed uint64) ([]dataset.Prepared, []dataset.Jurisdiction) {
	var juris []dataset.Jurisdiction
	var codes []string
	for i := 0; len(codes) < counties; i++ {
		p := i / 100
		pp := fmt.Sprintf("%02d", 66+p-len(provincePrefixes)) // beyond the real prefixes
		if p < len(provincePrefixes) {
			pp = provincePrefixes[p]
		}
		cc := fmt.Sprintf("%02d", i/10%10+1)
		dd := fmt.Sprintf("%02d", i%10+21)
		prov, pref, code := pp+"0000", pp+cc+"00", pp+cc+dd
		if i%100 == 0 {
			juris = append(juris, dataset.Jurisdiction{Code: prov, Name: "合成省" + pp, Level: "province", ProvinceCode: prov})
		}
		if i%10 == 0 {
			juris = append(juris, dataset.Jurisdiction{Code: pref, Name: "合成市" + pp + cc, Level: "prefecture", ParentCode: prov, ProvinceCode: prov})
		}
		juris = append(juris, dataset.Jurisdiction{Code: code, Name: "合成县" + code, Level: "county", ParentCode: pref, ProvinceCode: prov})
		codes = append(codes, code)
	}
	var out []dataset.Prepared
	g := newSynth(seed)
	for _, code := range codes {
		for y := lastYear - years + 1; y <= lastYear; y++ {
			src := "https://synthetic.invalid/" + code + "/" + strconv.Itoa(y) + ".html"
			sum := sha256.Sum256([]byte(src + strconv.FormatUint(seed, 10)))
			in := dataset.Input{
				Source: src, FinalURL: src, ContentType: "text/html", SHA256: hex.EncodeToString(sum[:]),
				FetchedAt: time.Date(y+1, 3, 1, 8, 0, 0, 0, time.UTC), PortalCode: code,
			}
			out = append(out, dataset.Prepared{Input: in, Load: func() (report.Report, error) {
				return g.report(code, y), nil
			}})
		}
	}
	return out, juris
}

func synthRand(code string, year int, seed uint64) *rand.Rand {
	h := sha256.Sum256([]byte(code + "/" + strconv.Itoa(year)))
	return rand.New(rand.NewPCG(seed, binary.LittleEndian.Uint64(h[:8])))
}

// synthFlows returns the new and carried-out counts of the six applicant
// columns of a synthetic county's year.
func synthFlows(code string, year int, seed uint64) (newRec, carriedOut [6]int) {
	r := synthRand(code, year, seed)
	scale := []int{300, 30, 3, 3, 3, 10}
	for c := range 6 {
		newRec[c] = r.IntN(scale[c] + 1)
		carriedOut[c] = r.IntN(newRec[c]/10 + 1)
	}
	return newRec, carriedOut
}

// synth holds what every synthetic report shares: the templates and
// their identities, built once.
type synth struct {
	seed       uint64
	t2021      *schema.Template
	t2019      *schema.Template
	identities map[string][]schema.Identity
}

func newSynth(seed uint64) *synth {
	g := &synth{seed: seed, t2021: schema.Template2021(), t2019: schema.Template2019(), identities: map[string][]schema.Identity{}}
	g.identities[g.t2021.ID] = g.t2021.Identities()
	g.identities[g.t2019.ID] = g.t2019.Identities()
	return g
}

// Report builds the report of one synthetic county and year.
func Report(code string, year int, seed uint64) report.Report {
	return newSynth(seed).report(code, year)
}

func (g *synth) report(code string, year int) report.Report {
	seed := g.seed
	tmpl := g.t2021
	if year <= 2020 {
		tmpl = g.t2019
	}
	r := synthRand(code, year+10000, seed)
	newRec, carriedOut := synthFlows(code, year, seed)
	_, carriedIn := synthFlows(code, year-1, seed)

	cols := tmpl.ColumnKeys()
	apps := map[string]map[string]float64{}
	set := func(row string, c int, v int) {
		if apps[row] == nil {
			apps[row] = map[string]float64{}
		}
		apps[row][cols[c]] = float64(v)
	}
	var outcomes []string
	for _, row := range tmpl.ApplicationRows {
		if row.Outcome {
			outcomes = append(outcomes, row.Key)
		}
	}
	// Shares of the outcome rows: granted, partial, then the rest.
	for c := range 6 {
		total := newRec[c] + carriedIn[c] - carriedOut[c]
		set("new_received", c, newRec[c])
		set("carried_in", c, carriedIn[c])
		set("carried_out", c, carriedOut[c])
		set("total_processed", c, total)
		left := total
		for i, key := range outcomes {
			var v int
			switch {
			case i == len(outcomes)-1:
				v = left
			case key == "granted":
				v = left * (30 + r.IntN(30)) / 100
			case key == "partially_granted" || key == "unable_not_held":
				v = left * r.IntN(40) / 100
			default:
				v = left * r.IntN(8) / 100
			}
			set(key, c, v)
			left -= v
		}
	}
	rep := report.Report{
		Source: "https://synthetic.invalid/" + code + "/" + strconv.Itoa(year) + ".html",
		Status: report.StatusOK, ContentType: "html", Title: fmt.Sprintf("合成县%s%d年政府信息公开工作年度报告", code, year),
		Agency: "合成县" + code + "人民政府", Year: year, Template: tmpl.ID, DivisionCode: code, Scope: "gov_aggregate",
		Active: map[string]report.Value{}, Applications: map[string]map[string]report.Value{},
		ReviewLitigation: map[string]report.Value{}, ExtractorVersion: "synthetic",
	}
	for ri, row := range tmpl.ApplicationRows {
		vals := map[string]report.Value{}
		sum := 0
		for c := range 6 {
			v := int(apps[row.Key][cols[c]])
			sum += v
			vals[cols[c]] = report.Number(float64(v), strconv.Itoa(v), fmt.Sprintf("table 3 row %d col %d", ri+1, c+1))
		}
		vals[cols[6]] = report.Number(float64(sum), strconv.Itoa(sum), fmt.Sprintf("table 3 row %d col 7", ri+1))
		rep.Applications[row.Key] = vals
	}
	for gi, g := range tmpl.ReviewGroups {
		parts := [4]int{r.IntN(4), r.IntN(2), r.IntN(2), r.IntN(2)}
		if gi == 2 {
			parts = [4]int{r.IntN(2), 0, r.IntN(2), 0}
		}
		total := 0
		for fi, f := range tmpl.ReviewFields {
			var v int
			if f.Key == "total" {
				v = total
			} else {
				v = parts[fi]
				total += v
			}
			rep.ReviewLitigation[schema.ReviewKey(g.Key, f.Key)] = report.Number(float64(v), strconv.Itoa(v), fmt.Sprintf("table 4 col %d", gi*5+fi+1))
		}
	}
	for i, f := range tmpl.Active {
		var v float64
		switch {
		case f.Key == "fees_amount_wan" || f.Key == "procurement_amount":
			v = float64(r.IntN(100000)) / 10
		case f.Signed:
			v = float64(r.IntN(21) - 10)
		case len(f.Key) > 10 && f.Key[:11] == "regulations":
			v = 0
		default:
			v = float64(r.IntN(5000))
		}
		rep.Active[f.Key] = report.Number(v, strconv.FormatFloat(v, 'f', -1, 64), fmt.Sprintf("table 2 cell %d", i+1))
		if f.Unit {
			if rep.ActiveUnits == nil {
				rep.ActiveUnits = map[string]string{}
			}
			rep.ActiveUnits[f.Key] = "万元"
		}
	}
	rep.Checks = evaluateIdentities(g.identities[tmpl.ID], &rep)
	return rep
}

// evaluateIdentities evaluates the template's hard identities on a report
// (blank cells count as 0 here, as the printed arithmetic does).
func evaluateIdentities(ids []schema.Identity, rep *report.Report) []report.Check {
	val := func(ref schema.Ref) float64 {
		switch ref.Table {
		case schema.TableApplications:
			return rep.Applications[ref.Row][ref.Col].Num
		case schema.TableReview:
			return rep.ReviewLitigation[ref.Row].Num
		default:
			return rep.Active[ref.Row].Num
		}
	}
	var out []report.Check
	for _, id := range ids {
		var l, r float64
		for _, ref := range id.Left {
			l += val(ref)
		}
		for _, ref := range id.Right {
			r += val(ref)
		}
		out = append(out, report.Check{ID: id.ID, Severity: id.Severity, OK: l == r, Expected: r, Actual: l})
	}
	return out
}
