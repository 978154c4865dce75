package crawl

import (
	"fmt"
	"strconv"
	"strings"
)

// ShardSpec is this process's part of the registry: shard Index of Count
// (1-based, as --shard i/n), and where it came from.
type ShardSpec struct {
	Index, Count int
	// Source says how it was chosen: "--shard", "SLURM_ARRAY_TASK_ID=…",
	// "JOB_COMPLETION_INDEX=…", or "" for the whole registry.
	Source string
}

// String is "i/n".
func (s ShardSpec) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// EnvShards is the environment variable that gives the shard count to a
// Kubernetes Indexed Job (JOB_COMPLETION_INDEX carries only the index);
// --shards N does the same on the command line.
const EnvShards = "OGI_SHARDS"

// The scheduler variables read by ShardFromEnv.
const (
	EnvSlurmTaskID    = "SLURM_ARRAY_TASK_ID"
	EnvSlurmTaskCount = "SLURM_ARRAY_TASK_COUNT"
	EnvSlurmTaskMin   = "SLURM_ARRAY_TASK_MIN"
	EnvSlurmTaskMax   = "SLURM_ARRAY_TASK_MAX"
	EnvSlurmTaskStep  = "SLURM_ARRAY_TASK_STEP"
	EnvK8sIndex       = "JOB_COMPLETION_INDEX"
)

// ChooseShard decides this process's shard: flag (--shard i/n) when given,
// else a Slurm array task (SLURM_ARRAY_TASK_ID, counted from
// SLURM_ARRAY_TASK_MIN, which may be 0 or 1 or any start, in steps of
// SLURM_ARRAY_TASK_STEP; the count is SLURM_ARRAY_TASK_COUNT or MAX−MIN+1
// over the step), else a Kubernetes Indexed Job (JOB_COMPLETION_INDEX,
// 0-based, with the count from shards, i.e. --shards N, or OGI_SHARDS),
// else the whole registry (1/1); a count above 1 (--shards or OGI_SHARDS)
// without an index is an error. shards, when not 0, must agree with the
// scheduler's count. getenv is os.Getenv in production.
func ChooseShard(flag string, shards int, getenv func(string) string) (ShardSpec, error) {
	if shards < 0 {
		return ShardSpec{}, fmt.Errorf("--shards %d: want a positive count", shards)
	}
	if flag != "" {
		i, n, err := ParseShard(flag)
		if err != nil {
			return ShardSpec{}, err
		}
		if shards != 0 && shards != n {
			return ShardSpec{}, fmt.Errorf("--shard %s and --shards %d disagree", flag, shards)
		}
		return ShardSpec{Index: i, Count: n, Source: "--shard"}, nil
	}
	if id := strings.TrimSpace(getenv(EnvSlurmTaskID)); id != "" {
		return slurmShard(id, shards, getenv)
	}
	if idx := strings.TrimSpace(getenv(EnvK8sIndex)); idx != "" {
		k, err := strconv.Atoi(idx)
		if err != nil || k < 0 {
			return ShardSpec{}, fmt.Errorf("%s=%q: want a 0-based index", EnvK8sIndex, idx)
		}
		n := shards
		src := "--shards"
		if n == 0 {
			v := strings.TrimSpace(getenv(EnvShards))
			if v == "" {
				return ShardSpec{}, fmt.Errorf("%s=%d but no shard count: give --shards N or %s=N (the Job's completions)", EnvK8sIndex, k, EnvShards)
			}
			if n, err = strconv.Atoi(v); err != nil || n < 1 {
				return ShardSpec{}, fmt.Errorf("%s=%q: want a positive count", EnvShards, v)
			}
			src = EnvShards
		}
		if k >= n {
			return ShardSpec{}, fmt.Errorf("%s=%d is not below the shard count %d (%s)", EnvK8sIndex, k, n, src)
		}
		return ShardSpec{Index: k + 1, Count: n, Source: fmt.Sprintf("%s=%d, %s %d", EnvK8sIndex, k, src, n)}, nil
	}
	if shards > 1 {
		return ShardSpec{}, fmt.Errorf("--shards %d without a shard index: give --shard i/n, or run as a Slurm array task or a Kubernetes Indexed Job", shards)
	}
	// OGI_SHARDS says the same as --shards: a count without an index (a
	// Job that is not Indexed) would crawl the whole registry in every pod.
	if v := strings.TrimSpace(getenv(EnvShards)); v != "" && shards == 0 {
		if n, err := strconv.Atoi(v); err != nil || n < 1 {
			return ShardSpec{}, fmt.Errorf("%s=%q: want a positive count", EnvShards, v)
		} else if n > 1 {
			return ShardSpec{}, fmt.Errorf("%s=%d without a shard index (%s): run as a Kubernetes Indexed Job (completionMode: Indexed), or give --shard i/n", EnvShards, n, EnvK8sIndex)
		}
	}
	return ShardSpec{Index: 1, Count: 1}, nil
}

func slurmShard(id string, shards int, getenv func(string) string) (ShardSpec, error) {
	num := func(name string) (int, bool, error) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, true, fmt.Errorf("%s=%q: not a number", name, v)
		}
		return n, true, nil
	}
	task, _, err := num(EnvSlurmTaskID)
	if err != nil {
		return ShardSpec{}, err
	}
	lo, haveMin, err := num(EnvSlurmTaskMin)
	if err != nil {
		return ShardSpec{}, err
	}
	if !haveMin {
		return ShardSpec{}, fmt.Errorf("%s=%s without %s: cannot tell whether the array counts from 0 or 1", EnvSlurmTaskID, id, EnvSlurmTaskMin)
	}
	step, haveStep, err := num(EnvSlurmTaskStep)
	if err != nil {
		return ShardSpec{}, err
	}
	if !haveStep || step < 1 {
		step = 1
	}
	count, haveCount, err := num(EnvSlurmTaskCount)
	if err != nil {
		return ShardSpec{}, err
	}
	hi, haveMax, err := num(EnvSlurmTaskMax)
	if err != nil {
		return ShardSpec{}, err
	}
	span := 0
	if haveMax {
		span = (hi-lo)/step + 1
	}
	switch {
	case haveCount && haveMax && count != span:
		return ShardSpec{}, fmt.Errorf("Slurm array %d-%d:%d has %d tasks but %s=%d: the array ids must be one range (--array=0-%d or 1-%d)",
			lo, hi, step, span, EnvSlurmTaskCount, count, count-1, count)
	case !haveCount && !haveMax:
		return ShardSpec{}, fmt.Errorf("%s=%s without %s or %s: the number of shards is unknown", EnvSlurmTaskID, id, EnvSlurmTaskCount, EnvSlurmTaskMax)
	case !haveCount:
		count = span
	}
	if task < lo || (task-lo)%step != 0 || (task-lo)/step >= count {
		return ShardSpec{}, fmt.Errorf("%s=%d is not a task of the array (min %d, step %d, %d tasks)", EnvSlurmTaskID, task, lo, step, count)
	}
	if shards != 0 && shards != count {
		return ShardSpec{}, fmt.Errorf("--shards %d, but the Slurm array has %d tasks", shards, count)
	}
	k := (task - lo) / step
	return ShardSpec{Index: k + 1, Count: count, Source: fmt.Sprintf("%s=%d of %d (min %d)", EnvSlurmTaskID, task, count, lo)}, nil
}
