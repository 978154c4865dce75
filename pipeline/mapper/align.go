package mapper

import (
	"math"
	"ogi/schema"
	"slices"
	"strings"
)

// Placing table 三's rows of values on the template's rows, in order.

// align maps data rows onto template rows in order (dynamic programming):
// a labelled row costs nothing on a row it names and much on another, an
// unlabelled row costs a little anywhere (position), skipping a data row
// (a subtotal, a stray line) or a template row (not printed) costs more.
// It returns, per data row, the template row index or -1, whether the
// row was placed by position, and the total cost.
func align(data []dataRow, tr []schema.Row) ([]int, []bool, float64) {
	n, m := len(data), len(tr)
	type cand struct {
		set   []int // template rows the label names
		group bool
	}
	cs := make([]cand, n)
	ctxGroup := "" // the group of the rows above, for labels that lost it
	for i, d := range data {
		// The row's own label first, then its group and item number, and
		// only then the wrapped text of the lines above (which may also be
		// the tail of the previous row's label).
		if g := groupOf(d.pending + d.label); g != "" {
			ctxGroup = g
		}
		c := cands(d.label, tr)
		if len(c) == 0 {
			c = enumerated(d.label, ctxGroup, tr)
		}
		if len(c) == 0 && d.pending != "" {
			c = cands(d.pending+d.label, tr)
		}
		set := c
		grp := false
		if len(c) == 0 && !itemNumber.MatchString(d.label) {
			for _, g := range groupWords {
				if strings.Contains(d.label, g) {
					grp = true
				}
			}
		}
		cs[i] = cand{set: set, group: grp}
	}

	const (
		mismatch  = 6.0
		position  = 1.0
		skipGroup = 1.5
		skipData  = 4.0
		skipTmpl  = 3.0
	)
	matchCost := func(i, j int) float64 {
		if len(cs[i].set) == 0 {
			return position
		}
		if slices.Contains(cs[i].set, j) {
			return 0
		}
		return mismatch
	}
	skipCost := func(i int) float64 {
		if cs[i].group {
			return skipGroup
		}
		return skipData
	}
	dp := make([][]float64, n+1)
	from := make([][]byte, n+1)
	dpAll, fromAll := make([]float64, (n+1)*(m+1)), make([]byte, (n+1)*(m+1))
	for i := range dp {
		dp[i] = dpAll[i*(m+1) : (i+1)*(m+1)]
		from[i] = fromAll[i*(m+1) : (i+1)*(m+1)]
	}
	for i := 0; i <= n; i++ {
		for j := 0; j <= m; j++ {
			if i == 0 && j == 0 {
				continue
			}
			best, how := math.Inf(1), byte(0)
			if i > 0 && j > 0 {
				if c := dp[i-1][j-1] + matchCost(i-1, j-1); c < best {
					best, how = c, 'm'
				}
			}
			if i > 0 {
				if c := dp[i-1][j] + skipCost(i-1); c < best {
					best, how = c, 'd'
				}
			}
			if j > 0 {
				if c := dp[i][j-1] + skipTmpl; c < best {
					best, how = c, 't'
				}
			}
			dp[i][j], from[i][j] = best, how
		}
	}
	match := make([]int, n)
	pos := make([]bool, n)
	for i, j := n, m; i > 0 || j > 0; {
		switch from[i][j] {
		case 'm':
			match[i-1] = j - 1
			pos[i-1] = len(cs[i-1].set) == 0
			i, j = i-1, j-1
		case 'd':
			match[i-1] = -1
			i--
		default:
			j--
		}
	}
	unnameMismatches(match, func(i int) []int { return cs[i].set })
	return match, pos, dp[n][m]
}

// unnameMismatches leaves out a row the alignment read as a row its label
// does not name (a mismatch can cost less than skipping the row and the
// template row) when its label names exactly one row that no other row
// took: placeOutOfOrder then places it by its label. Labels that name
// another taken row (a wrapped or annotated label whose last keyword
// belongs elsewhere) keep their place.
func unnameMismatches(match []int, set func(i int) []int) {
	taken := map[int]bool{}
	for _, j := range match {
		if j >= 0 {
			taken[j] = true
		}
	}
	for i, j := range match {
		s := set(i)
		if j < 0 || len(s) != 1 || slices.Contains(s, j) || taken[s[0]] {
			continue
		}
		match[i] = -1
	}
}
