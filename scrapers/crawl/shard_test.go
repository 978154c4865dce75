package crawl

import (
	"fmt"
	"strings"
	"testing"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// Slurm arrays may count from 0 or 1 (or any start, in steps); Kubernetes
// Indexed Jobs count from 0 and give no count; --shard wins over both.
func TestChooseShard(t *testing.T) {
	for _, c := range []struct {
		name   string
		flag   string
		shards int
		env    func(string) string
		want   string // "i/n" or "error: …"
	}{
		{"nothing", "", 0, env(), "1/1"},
		{"flag", "2/5", 0, env("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "3"), "2/5"},
		{"slurm from 0, first", "", 0, env("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "2", "SLURM_ARRAY_TASK_COUNT", "3"), "1/3"},
		{"slurm from 0, last", "", 0, env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "2", "SLURM_ARRAY_TASK_COUNT", "3"), "3/3"},
		{"slurm from 1, first", "", 0, env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "3", "SLURM_ARRAY_TASK_COUNT", "3"), "1/3"},
		{"slurm from 1, last", "", 0, env("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "3", "SLURM_ARRAY_TASK_COUNT", "3"), "3/3"},
		{"slurm min/max only", "", 0, env("SLURM_ARRAY_TASK_ID", "11", "SLURM_ARRAY_TASK_MIN", "10", "SLURM_ARRAY_TASK_MAX", "13"), "2/4"},
		{"slurm steps", "", 0, env("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "6", "SLURM_ARRAY_TASK_STEP", "2", "SLURM_ARRAY_TASK_COUNT", "4"), "3/4"},
		{"slurm with agreeing --shards", "", 3, env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "3"), "2/3"},
		{"slurm with other --shards", "", 4, env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "3"), "error: --shards 4"},
		{"slurm without min", "", 0, env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "3"), "error: cannot tell"},
		{"slurm list array", "", 0, env("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "7", "SLURM_ARRAY_TASK_COUNT", "3"), "error: one range"},
		{"slurm id out of range", "", 0, env("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "3"), "error: not a task"},
		{"k8s with OGI_SHARDS", "", 0, env("JOB_COMPLETION_INDEX", "0", "OGI_SHARDS", "3"), "1/3"},
		{"k8s last with --shards", "", 3, env("JOB_COMPLETION_INDEX", "2"), "3/3"},
		{"k8s without count", "", 0, env("JOB_COMPLETION_INDEX", "1"), "error: no shard count"},
		{"k8s index too big", "", 0, env("JOB_COMPLETION_INDEX", "3", "OGI_SHARDS", "3"), "error: not below"},
		{"--shards alone", "", 3, env(), "error: without a shard index"},
		{"OGI_SHARDS alone", "", 0, env("OGI_SHARDS", "3"), "error: without a shard index"},
		{"OGI_SHARDS=1 alone", "", 0, env("OGI_SHARDS", "1"), "1/1"},
		{"OGI_SHARDS not a number", "", 0, env("OGI_SHARDS", "three"), "error: want a positive count"},
		{"bad flag", "4/3", 0, env(), "error: shard"},
	} {
		got, err := ChooseShard(c.flag, c.shards, c.env)
		s := got.String()
		if err != nil {
			s = "error: " + err.Error()
		}
		if !strings.HasPrefix(c.want, "error: ") && s != c.want || strings.HasPrefix(c.want, "error: ") && !strings.Contains(s, strings.TrimPrefix(c.want, "error: ")) {
			t.Errorf("%s: %s, want %s", c.name, s, c.want)
		}
	}
}

// Every task of an array gets a different shard and together they cover
// the registry exactly once, whether the array counts from 0 or from 1.
func TestSlurmShardsCoverTheRegistry(t *testing.T) {
	var ps []Portal
	for i := range 50 {
		ps = append(ps, Portal{Code: fmt.Sprint(100000 + i), ListURL: fmt.Sprintf("http://www.h%d.gov.cn/nb/", i)})
	}
	for _, lo := range []int{0, 1} {
		seen := map[string]int{}
		for task := lo; task < lo+3; task++ {
			sp, err := ChooseShard("", 0, env("SLURM_ARRAY_TASK_ID", fmt.Sprint(task), "SLURM_ARRAY_TASK_MIN", fmt.Sprint(lo),
				"SLURM_ARRAY_TASK_MAX", fmt.Sprint(lo+2), "SLURM_ARRAY_TASK_COUNT", "3"))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range Shard(ps, sp.Index, sp.Count) {
				seen[p.Code]++
			}
		}
		if len(seen) != len(ps) {
			t.Errorf("array from %d: %d of %d portals crawled", lo, len(seen), len(ps))
		}
		for code, n := range seen {
			if n != 1 {
				t.Errorf("array from %d: %s in %d shards", lo, code, n)
			}
		}
	}
}

// The shard of a host never changes from night to night (or from release
// to release): FNV-1a 32 of the lower-case host[:port], modulo the count.
// The expected shards were computed apart from this code (a few lines of
// Python implementing FNV-1a).
func TestShardIsStable(t *testing.T) {
	for _, c := range []struct {
		host     string
		of3, of7 int
	}{
		{"www.d370685.gov.cn", 2, 3}, {"www.d440106.gov.cn", 3, 4}, {"www.d620102.gov.cn", 2, 4},
		{"www.pingtan.gov.cn", 1, 2}, {"127.0.0.1:8080", 1, 1},
	} {
		p := []Portal{{Code: "1", ListURL: "http://" + strings.ToUpper(c.host) + "/nb/"}}
		for n, want := range map[int]int{3: c.of3, 7: c.of7} {
			got := 0
			for i := 1; i <= n; i++ {
				if len(Shard(p, i, n)) == 1 {
					got = i
				}
			}
			if got != want {
				t.Errorf("%s: shard %d of %d, want %d", c.host, got, n, want)
			}
		}
	}
}
