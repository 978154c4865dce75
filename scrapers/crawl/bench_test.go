package crawl

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"ogi/scrapers/simnet"
)

// BenchmarkCrawl1000 crawls 1,000 simulated portals × 7 report years with
// 20 ms latency at 1 request/s per host, then crawls again (the nightly
// incremental run). Metrics: wall/lower-bound (the politeness lower bound is
// the busiest host's request count minus one, in seconds), peak heap, and
// the second run's bytes as a share of the first's.
func BenchmarkCrawl1000(b *testing.B) {
	if testing.Short() {
		b.Skip("long benchmark")
	}
	for i := 0; i < b.N; i++ {
		n, err := simnet.Start(simnet.Config{Seed: 11, Portals: 1000, Provinces: []string{"37", "44", "62", "41", "43", "51"}, Latency: 20 * time.Millisecond, MinInterval: time.Second})
		if err != nil {
			b.Fatal(err)
		}
		dir := b.TempDir()
		cfg := simConfig(dir, n)
		cfg.Concurrency = 1000
		cfg.Fetch.MinDelay = time.Second
		cfg.Fetch.BackoffBase = time.Second
		cfg.Fetch.HeaderTimeout, cfg.Fetch.BodyTimeout = 10*time.Second, 10*time.Second
		cfg.Store.SyncEvery = 200 * time.Millisecond
		ps := simPortals(&testing.T{}, n)
		var peak atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		}()
		start, cpu0 := time.Now(), cpuTime()
		first, err := Run(context.Background(), cfg, ps)
		wall, cpu := time.Since(start), cpuTime()-cpu0
		if err != nil {
			b.Fatal(err)
		}
		perHost := map[string]int{}
		for _, r := range n.Requests() {
			perHost[r.Host]++
		}
		busiest := 0
		for _, c := range perHost {
			busiest = max(busiest, c)
		}
		lower := time.Duration(busiest-1) * time.Second
		mark := n.BytesServed()
		second, err := Run(context.Background(), cfg, ps)
		if err != nil {
			b.Fatal(err)
		}
		close(stop)
		wg.Wait()
		secondBytes := n.BytesServed() - mark
		b.ReportMetric(wall.Seconds(), "first-run-s")
		b.ReportMetric(wall.Seconds()/lower.Seconds(), "wall/lower-bound")
		b.ReportMetric(cpu.Seconds(), "first-run-cpu-s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		b.ReportMetric(100*float64(secondBytes)/float64(mark), "rerun-bytes-%")
		b.ReportMetric(float64(first.Reports), "reports")
		b.Logf("portals %d, reports %d, requests %d, busiest host %d requests, violations %d, second run new %d, failures %v",
			len(ps), first.Reports, first.Requests, busiest, len(n.Violations()), second.ReportsNew, first.Failures)
		n.Close()
	}
}

// cpuTime is the CPU time used by this process so far (crawler and the
// in-process simulated network together).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCrawl100Fast crawls 100 simulated portals with politeness scaled
// down (10 ms per host): the crawler's own CPU and memory cost per page.
func BenchmarkCrawl100Fast(b *testing.B) {
	n, err := simnet.Start(simnet.Config{Seed: 11, Portals: 100})
	if err != nil {
		b.Fatal(err)
	}
	defer n.Close()
	ps := simPortals(&testing.T{}, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cfg := simConfig(b.TempDir(), n)
		cfg.Fetch.MinDelay = 10 * time.Millisecond
		sum, err := Run(context.Background(), cfg, ps)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Requests), "requests/op")
	}
}
