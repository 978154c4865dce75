package mapper

import (
	"slices"
	"testing"
)

// TestUnnameMismatches: a row matched to a row its label does not name is
// left out when its label names one row nothing took (it is placed there
// by its label later), kept when that row is taken (a label whose last
// keyword belongs to another row), and unlabelled rows keep their place.
func TestUnnameMismatches(t *testing.T) {
	sets := [][]int{
		nil,  // unlabelled, placed by position
		{0},  // 一、本年新收, left out by the alignment
		{1},  // 二、上年结转, matched to 结转下年度 (22)
		{23}, // a label naming a taken row, matched to 5
		{23}, // the row that took 23
	}
	match := []int{20, -1, 22, 5, 23}
	unnameMismatches(match, func(i int) []int { return sets[i] })
	want := []int{20, -1, -1, 5, 23}
	if !slices.Equal(match, want) {
		t.Errorf("match %v, want %v", match, want)
	}
}
