package crawl

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"ogi/internal/simnet"
	"ogi/scrapers/archive"
)

// remoteNet is a simulated network served by a child process, so the
// benchmark measures the crawler's memory and CPU alone.
type remoteNet struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	addr string
}

func startRemote(b *testing.B, env ...string) (*remoteNet, []Portal) {
	b.Helper()
	reg := filepath.Join(b.TempDir(), "registry.csv")
	cmd := exec.Command(os.Args[0], "-test.run", "^TestSimnetServer$")
	cmd.Env = append(append(os.Environ(), "OGI_SIMNET_SERVE="+reg), env...)
	in, _ := cmd.StdinPipe()
	outp, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	r := &remoteNet{cmd: cmd, in: in, out: bufio.NewReader(outp)}
	r.addr = r.ask(b, "")
	f, err := os.Open(reg)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	ps, err := ReadRegistry(f)
	if err != nil {
		b.Fatal(err)
	}
	return r, ps
}

// ask sends a command line (none for the first answer) and reads one
// "key value" answer line.
func (r *remoteNet) ask(b *testing.B, cmd string) string {
	if cmd != "" {
		fmt.Fprintln(r.in, cmd)
	}
	for {
		line, err := r.out.ReadString('\n')
		if err != nil {
			b.Fatalf("simnet child: %v", err)
		}
		if k, v, ok := strings.Cut(strings.TrimSpace(line), " "); ok && k == "OGI" {
			return v
		}
	}
}

func (r *remoteNet) dial(ctx context.Context, network, _ string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, network, r.addr)
}

func (r *remoteNet) close() {
	r.in.Close()
	_ = r.cmd.Wait()
}

// TestSimnetServer is the child process of the benchmarks: it serves a
// simulated network and answers "bytes" and "violations" on stdin.
func TestSimnetServer(t *testing.T) {
	reg := os.Getenv("OGI_SIMNET_SERVE")
	if reg == "" {
		t.Skip("child process of BenchmarkCrawl1000")
	}
	portals, _ := strconv.Atoi(os.Getenv("OGI_SIMNET_PORTALS"))
	lat, _ := time.ParseDuration(os.Getenv("OGI_SIMNET_LATENCY"))
	minInt, _ := time.ParseDuration(os.Getenv("OGI_SIMNET_MININTERVAL"))
	n, err := simnet.Start(simnet.Config{Seed: 11, Portals: portals, Provinces: []string{"37", "44", "62", "41", "43", "51"}, Latency: lat, MinInterval: minInt})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	f, err := os.Create(reg)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.WriteRegistry(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fmt.Println("OGI", n.Addr())
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		switch sc.Text() {
		case "bytes":
			fmt.Println("OGI", n.BytesServed())
		case "violations":
			v := n.Violations()
			fmt.Println("OGI", len(v), strings.Join(v[:min(3, len(v))], " | "))
		}
	}
}

// BenchmarkCrawl1000 crawls 1,000 simulated portals × 7 report years with
// 20 ms latency at 1 request/s per host, then crawls again (the nightly
// incremental run). The network runs in a child process, so the metrics are
// the crawler's: wall time over the politeness lower bound (the busiest
// host's requests minus one, in seconds), CPU time, peak heap, and the
// second run's bytes as a share of the first's.
func BenchmarkCrawl1000(b *testing.B) {
	if testing.Short() {
		b.Skip("long benchmark")
	}
	for i := 0; i < b.N; i++ {
		r, ps := startRemote(b, "OGI_SIMNET_PORTALS=1000", "OGI_SIMNET_LATENCY=20ms", "OGI_SIMNET_MININTERVAL=1s")
		dir := b.TempDir()
		cfg := simConfig(dir, nil)
		cfg.Fetch.DialContext = r.dial
		cfg.Concurrency = 1000
		cfg.Fetch.MinDelay = time.Second
		cfg.Fetch.BackoffBase = time.Second
		cfg.Fetch.HeaderTimeout, cfg.Fetch.BodyTimeout = 10*time.Second, 10*time.Second
		cfg.Store.SyncEvery = 200 * time.Millisecond
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
		log, err := archive.FetchLog(context.Background(), dir)
		if err != nil {
			b.Fatal(err)
		}
		perHost := map[string]int{}
		for _, f := range log {
			perHost[hostPort(f.URL)]++
		}
		busiest := 0
		for _, c := range perHost {
			busiest = max(busiest, c)
		}
		lower := time.Duration(busiest-1) * time.Second
		mark, _ := strconv.ParseInt(r.ask(b, "bytes"), 10, 64)
		second, err := Run(context.Background(), cfg, ps)
		if err != nil {
			b.Fatal(err)
		}
		close(stop)
		wg.Wait()
		total, _ := strconv.ParseInt(r.ask(b, "bytes"), 10, 64)
		violations := r.ask(b, "violations")
		r.close()
		b.ReportMetric(wall.Seconds(), "first-run-s")
		b.ReportMetric(wall.Seconds()/lower.Seconds(), "wall/lower-bound")
		b.ReportMetric(cpu.Seconds(), "first-run-cpu-s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		b.ReportMetric(100*float64(total-mark)/float64(mark), "rerun-bytes-%")
		b.ReportMetric(float64(first.Reports), "reports")
		b.Logf("portals %d, reports %d, requests %d, busiest host %d requests, violations %s, second run: %d new, %d requests, %s; failures %v",
			len(ps), first.Reports, first.Requests, busiest, violations, second.ReportsNew, second.Requests, second.Duration.Round(time.Millisecond), first.Failures)
		if !strings.HasPrefix(violations, "0") {
			b.Errorf("politeness violations: %s", violations)
		}
	}
}

// cpuTime is the CPU time used by this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCrawl100Fast crawls 100 simulated portals (in process) with
// politeness scaled down (10 ms per host): the cost per page.
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
