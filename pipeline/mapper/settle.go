package mapper

import (
	"fmt"
	"math"
	"ogi/schema"
)

// Choosing among the readings of rows whose digits ran together: the
// row's own sum, then the table's column identities, then how much each
// reading looks like the rows read without doubt.

func rowSumHolds(vals []piece) bool {
	if len(vals) < 2 {
		return false
	}
	s := 0.0
	for _, p := range vals[:len(vals)-1] {
		s += p.num
	}
	return s == vals[len(vals)-1].num
}

// settle picks one reading per row. Rows read as printed have one; rows
// cut from runs of digits may have several, and the choice that satisfies
// most column identities (balance and outcome sums) wins.
func settle(tr []schema.Row, rds [][]reading, notes *[]string) []int {
	choice := make([]int, len(tr))
	var amb []int
	space := 1
	for j, r := range rds {
		if len(r) > 1 {
			amb = append(amb, j)
			if space < 1<<20 {
				space *= len(r)
			}
		}
	}
	if len(amb) == 0 {
		return choice
	}
	idx := map[string]int{}
	for j, r := range tr {
		idx[r.Key] = j
	}
	get := func(key string, col int) float64 {
		j, ok := idx[key]
		if !ok || rds[j] == nil {
			return 0
		}
		p := rds[j][choice[j]].vals[col]
		if p.blank {
			return 0
		}
		return p.num
	}
	score := func() int {
		s := 0
		for c := 0; c < 7; c++ {
			if get("new_received", c)+get("carried_in", c) == get("total_processed", c)+get("carried_out", c) {
				s++
			}
			sum := 0.0
			for _, r := range tr {
				if r.Outcome {
					sum += get(r.Key, c)
				}
			}
			if sum == get("total_processed", c) {
				s++
			}
		}
		return s
	}
	pen := sharePenalties(rds, amb)
	penalty := func() float64 {
		p := 0.0
		for _, j := range amb {
			p += pen[j][choice[j]]
		}
		return p
	}
	if space <= 200000 {
		best := -1
		bestPen := math.Inf(1)
		bestChoice := append([]int{}, choice...)
		var rec func(k int)
		rec = func(k int) {
			if k == len(amb) {
				// The identities decide; among splits they cannot tell
				// apart, the one whose columns look like the table's.
				if s := score(); s > best || (s == best && penalty() < bestPen) {
					best, bestPen = s, penalty()
					copy(bestChoice, choice)
				}
				return
			}
			j := amb[k]
			for c := range rds[j] {
				choice[j] = c
				rec(k + 1)
			}
		}
		rec(0)
		copy(choice, bestChoice)
	} else {
		// Coordinate ascent: improve one row at a time.
		for pass := 0; pass < 4; pass++ {
			for _, j := range amb {
				best, bc := -1, choice[j]
				for c := range rds[j] {
					choice[j] = c
					if s := score(); s > best || (s == best && pen[j][c] < pen[j][bc]) {
						best, bc = s, c
					}
				}
				choice[j] = bc
			}
		}
	}
	for _, j := range amb {
		*notes = append(*notes, fmt.Sprintf("table 三 row %s: digits split as %s (one of %d readings; column identities decided)", tr[j].Key, rawOf(rds[j][choice[j]].vals), len(rds[j])))
	}
	return choice
}

// sharePenalties scores each reading of each ambiguous row by how far its
// applicant columns' shares lie from those of the rows read without doubt
// (natural persons usually file most requests): the L1 distance of the
// share vectors. Only ties of the identities are broken with it.
func sharePenalties(rds [][]reading, amb []int) [][]float64 {
	isAmb := make(map[int]bool, len(amb))
	for _, j := range amb {
		isAmb[j] = true
	}
	var ref []float64
	for j, r := range rds {
		if len(r) != 1 || isAmb[j] {
			continue
		}
		vals := r[0].vals
		if ref == nil {
			ref = make([]float64, len(vals)-1)
		}
		for c := 0; c < len(vals)-1 && c < len(ref); c++ {
			if !vals[c].blank {
				ref[c] += vals[c].num
			}
		}
	}
	refShares := shares(ref)
	if refShares == nil {
		// Nothing read without doubt: a table where natural persons file
		// most requests.
		refShares = []float64{0.8, 0.08, 0.02, 0.02, 0.04, 0.04}
	}
	pen := make([][]float64, len(rds))
	for _, j := range amb {
		pen[j] = make([]float64, len(rds[j]))
		for c, rd := range rds[j] {
			v := make([]float64, len(rd.vals)-1)
			for k := range v {
				if !rd.vals[k].blank {
					v[k] = rd.vals[k].num
				}
			}
			sh := shares(v)
			for k := range sh {
				if k < len(refShares) {
					pen[j][c] += math.Abs(sh[k] - refShares[k])
				}
			}
		}
	}
	return pen
}

// shares returns v divided by its sum, or nil when the sum is 0.
func shares(v []float64) []float64 {
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	if sum <= 0 {
		return nil
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x / sum
	}
	return out
}
