package dataset

import "testing"

func TestAmountWan(t *testing.T) {
	for _, c := range []struct {
		key, unit string
		value     *float64
		want      *float64
	}{
		{"fees_amount_wan", "", fp(5060), fp(5060)},        // 万元 by the template
		{"procurement_amount", "元", fp(12345), fp(1.2345)}, // printed 元
		{"procurement_amount", "万元", fp(88.5), fp(88.5)},   // printed 万元
		{"procurement_amount", "（亿元）", fp(2), fp(20000)},   // printed in brackets
		{"procurement_amount", "", fp(100), nil},           // no unit printed: unknown
		{"procurement_amount", "美元", fp(100), nil},         // not a unit we know
		{"fees_amount_wan", "", nil, nil},                  // blank stays null
		{"licensing_decisions", "", fp(28349), nil},        // a count, not an amount
		{"normative_docs_issued", "万元", fp(1), nil},        // a count, whatever is printed
	} {
		got := amountWan(c.key, c.value, c.unit)
		switch {
		case (got == nil) != (c.want == nil):
			t.Errorf("%s %v %q: got %v, want %v", c.key, c.value, c.unit, got, c.want)
		case got != nil && abs(*got-*c.want) > 1e-9:
			t.Errorf("%s %v %q: got %v, want %v", c.key, *c.value, c.unit, *got, *c.want)
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
