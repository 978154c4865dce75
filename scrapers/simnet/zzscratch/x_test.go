package zzscratch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"testing"
	"time"

	"ogi/pipeline/extract"
	"ogi/scrapers/simnet"
	"ogi/schema"
	"ogi/pipeline/report"
)

func TestCross(t *testing.T) {
	n, err := simnet.Start(simnet.Config{Seed: 21, Portals: 60, Faults: true, Stall: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	hc := &http.Client{Transport: n.Transport(), Timeout: 2 * time.Second}
	stats := map[string][2]int{}
	reasons := map[string]int{}
	shown := 0
	for _, e := range n.Expected() {
		if e.Blocked != "" {
			continue
		}
		u := e.URL
		if len(e.Attachments) > 0 {
			u = e.Attachments[0]
		}
		var resp *http.Response
		for try := 0; try < 4; try++ {
			resp, err = hc.Get(u)
			if err == nil && resp.StatusCode == 200 {
				break
			}
			if err == nil {
				resp.Body.Close()
			}
		}
		if err != nil || resp.StatusCode != 200 {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		rep := extract.Bytes(context.Background(), b, extract.Meta{Source: u, ContentType: resp.Header.Get("Content-Type")}, extractRep())
		key := e.Rendering + "/" + e.Encoding + "/" + e.Template + "/" + e.Kind
		s := stats[key]
		s[0]++
		ok := true
		if e.Template == "" {
			ok = rep.Status == "skipped"
		} else if rep.Status != "ok" && !(len(e.FailedChecks) > 0) {
			ok = false
			reasons[rep.Reason+" "+rep.Detail]++
		} else {
			tmpl, _ := schema.Lookup(e.Template)
			if rep.Template != e.Template {
				ok = false
				reasons["template "+rep.Template+" want "+e.Template]++
			}
			for _, r := range tmpl.ApplicationRows {
				for _, c := range tmpl.ApplicationColumns {
					v := rep.Applications[r.Key][c.Key]
					if v.Num != e.Figures.Applications[r.Key][c.Key] || v.Blank {
						ok = false
						if shown < 10 {
							shown++
							fmt.Println("MISMATCH", u, key, r.Key, c.Key, v.Num, e.Figures.Applications[r.Key][c.Key])
						}
					}
				}
			}
			for _, k := range tmpl.ReviewKeys() {
				v := rep.ReviewLitigation[k]
				ref := schema.Ref{Table: schema.TableReview, Row: k}
				if v.Num != e.Figures.ReviewLitigation[k] || v.Blank != e.Figures.IsBlank(ref) {
					ok = false
					if shown < 20 {
						shown++
						fmt.Println("MISMATCH4", u, key, k, v, e.Figures.ReviewLitigation[k])
					}
				}
			}
			for _, af := range tmpl.Active {
				v, present := rep.Active[af.Key]
				if !present || v.Num != e.Figures.Active[af.Key] {
					ok = false
					if shown < 30 {
						shown++
						fmt.Println("MISMATCH2", u, key, af.Key, v, present, e.Figures.Active[af.Key])
					}
				}
			}
		}
		if ok {
			s[1]++
		}
		stats[key] = s
	}
	var keys []string
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%-45s %4d ok %4d\n", k, stats[k][0], stats[k][1])
	}
	fmt.Println(reasons)
}

func extractRep() (r report.Report) { return }
