package crawl

import (
	"fmt"
	"strings"
	"testing"
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
