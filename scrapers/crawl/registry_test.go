package crawl

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"ogi/data"
)

func TestReadRegistry(t *testing.T) {
	in := "\ufeffcode,name,list_url,adapter\n" +
		"# comment\n" +
		"500101,甲县,http://www.a.gov.cn/zfxxgknb/index.html,trs\n" +
		"330101,乙县,http://www.b.gov.cn/col/col1/index.html,\n"
	ps, err := ReadRegistry(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Adapter != "trs" || ps[1].Adapter != "auto" || ps[1].Host() != "www.b.gov.cn" {
		t.Fatalf("%+v", ps)
	}
	for name, bad := range map[string]string{
		"missing column": "code,name\n1,x\n",
		"bad adapter":    "code,name,list_url,adapter\n1,x,http://a.gov.cn/,drupal\n",
		"relative url":   "code,name,list_url,adapter\n1,x,/list.html,trs\n",
		"empty code":     "code,name,list_url,adapter\n,x,http://a.gov.cn/,trs\n",
		"duplicate":      "code,name,list_url\n1,x,http://a.gov.cn/\n1,x,http://a.gov.cn/\n",
	} {
		if _, err := ReadRegistry(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if name == "bad adapter" && !strings.Contains(err.Error(), "line 2") {
			t.Errorf("%s: error lacks the line: %v", name, err)
		}
	}
}

// TestShard: shards partition the registry, and a host never spans shards.
func TestEmptyRegistrySaysSo(t *testing.T) {
	for _, in := range []string{"", "\n", "# only a comment\n"} {
		_, err := ParseRegistry(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), "the file is empty") {
			t.Errorf("registry %q: err = %v, want one saying the file is empty", in, err)
		}
	}
}

func TestShard(t *testing.T) {
	var ps []Portal
	for i := 0; i < 300; i++ {
		host := fmt.Sprintf("www.d%d.gov.cn", i/2) // two portals per host
		ps = append(ps, Portal{Code: fmt.Sprint(i), ListURL: "http://" + host + fmt.Sprintf("/l%d.html", i)})
	}
	seen := map[string]int{}
	hostShard := map[string]int{}
	total := 0
	for i := 1; i <= 4; i++ {
		part := Shard(ps, i, 4)
		if len(part) < 40 {
			t.Errorf("shard %d/4 has %d portals: unbalanced", i, len(part))
		}
		for _, p := range part {
			seen[p.Code]++
			if s, ok := hostShard[p.Host()]; ok && s != i {
				t.Errorf("host %s in shards %d and %d", p.Host(), s, i)
			}
			hostShard[p.Host()] = i
		}
		total += len(part)
	}
	if total != len(ps) || len(seen) != len(ps) {
		t.Errorf("shards cover %d of %d portals", len(seen), len(ps))
	}
	for _, s := range []string{"0/4", "5/4", "x", "1/0"} {
		if _, _, err := ParseShard(s); err == nil {
			t.Errorf("ParseShard(%q) accepted", s)
		}
	}
	if i, n, err := ParseShard("2/3"); err != nil || i != 2 || n != 3 {
		t.Errorf("ParseShard(2/3) = %d, %d, %v", i, n, err)
	}
}

// FuzzReadRegistry: any input is either a clean error or portals with an
// absolute http(s) list URL and a known adapter.
func FuzzReadRegistry(f *testing.F) {
	f.Add("code,name,list_url,adapter\n1,x,http://a.gov.cn/l.html,trs\n")
	f.Add("code,name,list_url\n\"1,x\n")
	f.Fuzz(func(t *testing.T, in string) {
		ps, err := ReadRegistry(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, p := range ps {
			if p.Host() == "" || p.Code == "" || p.Adapter == "" {
				t.Fatalf("bad portal accepted: %+v", p)
			}
		}
	})
}

// The shipped registry parses: rows without a code or without any URL are
// set aside with a reason, the rest are home-page portals with their
// provenance kept. Counts from the file's README (3,217 rows; 7 without a
// code, 4 without a URL, 3 of them both).
func TestShippedRegistry(t *testing.T) {
	reg, err := ParseRegistry(bytes.NewReader(data.PortalsCN))
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Portals) != 3209 || len(reg.Skipped) != 8 {
		t.Fatalf("%d portals, %d set aside; want 3209 and 8", len(reg.Portals), len(reg.Skipped))
	}
	var reasons []string
	for _, s := range reg.Skipped {
		reasons = append(reasons, s.String())
	}
	joined := strings.Join(reasons, "\n")
	for _, want := range []string{"350527 金门县: no URL", "香港特别行政区: no code", "台湾省: no code and no URL"} {
		if !strings.Contains(joined, want) {
			t.Errorf("set-aside rows lack %q:\n%s", want, joined)
		}
	}
	var zhaoyuan Portal
	for _, p := range reg.Portals {
		if p.ListURL != "" || p.HomeURL == "" || p.Adapter != "auto" {
			t.Fatalf("shipped row is not a home-page row: %+v", p)
		}
		if p.Code == "370685" {
			zhaoyuan = p
		}
	}
	if zhaoyuan.Name != "招远市" || zhaoyuan.ParentCode != "370600" || zhaoyuan.Level != "county" || zhaoyuan.Source == "" || zhaoyuan.Checked == "" {
		t.Errorf("370685: %+v", zhaoyuan)
	}
	if h := zhaoyuan.Host(); h == "" || strings.Contains(h, "/") {
		t.Errorf("host of a home-page row: %q", h)
	}
	// Strict reading refuses the set-aside rows, naming their lines.
	if _, err := ReadRegistry(bytes.NewReader(data.PortalsCN)); err == nil || !strings.Contains(err.Error(), "line ") {
		t.Errorf("ReadRegistry: %v", err)
	}
}

func TestRegistryForms(t *testing.T) {
	in := "code,name,list_url,adapter,home_url,scope\n" +
		"370685,招远市,,,http://www.zhaoyuan.gov.cn/,\n" +
		"370685,招远市,http://www.zhaoyuan.gov.cn/col/col2/index.html,hanweb,http://www.zhaoyuan.gov.cn/,department\n" +
		"370686,栖霞市,http://www.qixia.gov.cn/zfxxgknb/,,,\n"
	ps, err := ReadRegistry(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 || ps[0].HomeURL == "" || ps[0].ListURL != "" || ps[1].Scope != "department" || ps[2].ParentCode != "370600" || ps[2].Level != "county" {
		t.Fatalf("%+v", ps)
	}
	if ps[0].Host() != "www.zhaoyuan.gov.cn" || ps[0].Key() == ps[1].Key() {
		t.Errorf("host %q, keys %q %q", ps[0].Host(), ps[0].Key(), ps[1].Key())
	}
	for name, bad := range map[string]string{
		"bad scope":     "code,name,list_url,scope\n1,x,http://a.gov.cn/,village\n",
		"relative home": "code,name,home_url\n1,x,www.a.gov.cn\n",
		"no url column": "code,name,adapter\n1,x,trs\n",
	} {
		if _, err := ParseRegistry(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestFilter(t *testing.T) {
	reg, err := ParseRegistry(bytes.NewReader(data.PortalsCN))
	if err != nil {
		t.Fatal(err)
	}
	count := func(spec FilterSpec) int {
		t.Helper()
		f, err := NewFilter(spec, reg.Portals)
		if err != nil {
			t.Fatalf("%+v: %v", spec, err)
		}
		return len(f.Apply(reg).Portals)
	}
	// Expected counts read off the CSV with another tool (python csv).
	for _, c := range []struct {
		spec FilterSpec
		want int
	}{
		{FilterSpec{Province: "山东"}, 153},
		{FilterSpec{Province: "山东省"}, 153},
		{FilterSpec{Province: "370000"}, 153},
		{FilterSpec{Province: "37"}, 153},
		{FilterSpec{Parent: "370600"}, 11},
		{FilterSpec{Parent: "烟台市"}, 11},
		{FilterSpec{Level: "prefecture"}, 333},
		{FilterSpec{Province: "广东", Level: "county"}, 122},
		{FilterSpec{Codes: []string{"370685", "370686"}}, 2},
	} {
		if got := count(c.spec); got != c.want {
			t.Errorf("%+v: %d portals, want %d", c.spec, got, c.want)
		}
	}
	for _, spec := range []FilterSpec{{Province: "山冬"}, {Province: "99"}, {Parent: "999999"}, {Level: "village"}, {Codes: []string{"123456"}}} {
		_, err := NewFilter(spec, reg.Portals)
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%+v: err %v, want a usage error", spec, err)
		}
	}
	_, err = NewFilter(FilterSpec{Province: "山冬"}, reg.Portals)
	if err == nil || !strings.Contains(err.Error(), "370000 山东省") {
		t.Errorf("unknown province: the error should list the choices: %v", err)
	}
	codes, err := ReadCodes(strings.NewReader("code\n370685\n# x\n\n370686,栖霞市\n"))
	if err != nil || fmt.Sprint(codes) != "[370685 370686]" {
		t.Errorf("ReadCodes: %v %v", codes, err)
	}
	if _, err := ReadCodes(strings.NewReader("37068\n")); err == nil {
		t.Error("ReadCodes accepted a 5-digit code")
	}
}
