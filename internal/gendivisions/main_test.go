package main

import (
	"strings"
	"testing"
)

func TestConvert(t *testing.T) {
	provinces := "code,name\n11,\"北京市\"\n37,\"山东省\"\n41,\"河南省\"\n44,\"广东省\"\n"
	cities := "code,name,provinceCode\n1101,\"市辖区\",11\n3706,\"烟台市\",37\n4190,\"省直辖县级行政区划\",41\n4419,\"东莞市\",44\n"
	areas := "code,name,cityCode,provinceCode\n" +
		"110105,\"朝阳区\",1101,11\n" +
		"370685,\"招远市\",3706,37\n" +
		"370671,\"烟台高新技术产业开发区\",3706,37\n" +
		"419001,\"济源市\",4190,41\n" +
		"441900,\"东莞市\",4419,44\n"
	rows, err := convert([]byte(provinces), []byte(cities), []byte(areas))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, strings.Join([]string{r.code, r.name, r.level, r.parent, r.province, r.kind}, ","))
	}
	want := []string{
		"110000,北京市,province,,110000,admin",
		"110105,朝阳区,county,110000,110000,admin",
		"370000,山东省,province,,370000,admin",
		"370600,烟台市,prefecture,370000,370000,admin",
		"370671,烟台高新技术产业开发区,county,370600,370000,statistical",
		"370685,招远市,county,370600,370000,admin",
		"410000,河南省,province,,410000,admin",
		"419001,济源市,county,410000,410000,admin",
		"440000,广东省,province,,440000,admin",
		"441900,东莞市,prefecture,440000,440000,admin",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("convert:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestConvertRejectsBadInput(t *testing.T) {
	provinces := "code,name\n37,\"山东省\"\n"
	cities := "code,name,provinceCode\n3706,\"烟台市\",37\n"
	for name, areas := range map[string]string{
		"unknown city": "code,name,cityCode,provinceCode\n370785,\"X\",3707,37\n",
		"bad code":     "code,name,cityCode,provinceCode\n37068,\"X\",3706,37\n",
		"duplicate":    "code,name,cityCode,provinceCode\n370685,\"X\",3706,37\n370685,\"Y\",3706,37\n",
		"bad header":   "code,name\n",
	} {
		if _, err := convert([]byte(provinces), []byte(cities), []byte(areas)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
