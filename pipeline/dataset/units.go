package dataset

import (
	"strings"
	"sync"

	"ogi/schema"
)

// amountUnits maps a unit printed beside an amount to its size in 万元.
var amountUnits = map[string]float64{
	"元": 1e-4, "千元": 0.1, "万元": 1, "十万元": 10, "百万元": 100, "千万元": 1000, "亿元": 1e4,
}

// amountKeys are the table 二 keys whose values are amounts, with the unit
// the template gives them (schema.UnitPrinted when the report prints it).
var amountKeys = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, k := range schema.ActiveKeys() {
		if k.Unit != "" {
			m[k.Key] = k.Unit
		}
	}
	return m
})

// amountWan normalises a table 二 amount to 万元: fees are 万元 by the
// template, a procurement amount is in the unit printed beside it. Counts,
// blanks and amounts of an unknown unit give null (the printed value and
// unit stay in value and unit).
func amountWan(key string, value *float64, printed string) *float64 {
	unit, ok := amountKeys()[key]
	if !ok || value == nil {
		return nil
	}
	if unit == schema.UnitPrinted {
		unit = strings.ReplaceAll(strings.TrimSpace(printed), " ", "")
		unit = strings.Trim(unit, "()（）")
		if unit == "" {
			return nil
		}
	}
	size, known := amountUnits[unit]
	if !known {
		return nil
	}
	v := *value * size
	return &v
}
