package meta_test

import (
	"fmt"

	"ogi/pipeline/meta"
)

func ExampleIdentify() {
	j := meta.Identify("招远市人民政府2023年政府信息公开工作年度报告", "2023年，全市政务公开工作再上新台阶。")
	fmt.Printf("%s %s %s %s %s\n", j.Agency, j.DivisionCode, j.Scope, j.Level, j.ProvinceCode)

	// 朝阳区 is a district of Beijing and of Changchun: only the text decides.
	j = meta.Identify("朝阳区人民政府2023年政府信息公开工作年度报告", "")
	fmt.Printf("%s %q\n", j.Agency, j.DivisionCode)
	j = meta.Identify("朝阳区人民政府2023年政府信息公开工作年度报告", "本报告电子版可在北京市朝阳区人民政府网站下载。")
	fmt.Printf("%s %q\n", j.Agency, j.DivisionCode)
	// Output:
	// 招远市人民政府 370685 gov_aggregate county 370000
	// 朝阳区人民政府 ""
	// 朝阳区人民政府 "110105"
}
