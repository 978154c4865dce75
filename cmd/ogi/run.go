package main

import (
	"context"
	"fmt"
	"io"
	"net"
)

// runRun implements `ogi run`: the nightly job, a crawl then a build of the
// dataset from the same data directory. Its exit status is 1 when anything
// failed in either step (the build still runs after a crawl with failures),
// 2 on usage errors (a contact missing for hosts outside loopback). With
// --stats-json the crawl's statistics are the only thing on stdout (the
// build's summary goes to stderr).
func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runCommand(ctx, args, nil, stdout, stderr)
}

// runCommand is `ogi run` with a dialer (nil: the network).
func runCommand(ctx context.Context, args []string, dial func(ctx context.Context, network, addr string) (net.Conn, error), stdout, stderr io.Writer) int {
	cf, status, ok := parseCrawlFlags("run", args, stderr)
	if !ok {
		return status
	}
	cf.dial = dial
	sum, err := doCrawl(ctx, &cf, stderr)
	status = crawlStatus("run", cf, sum, err, stdout, stderr)
	if status == 2 || (err != nil && (ctx.Err() != nil || (sum.Portals == 0 && !sum.Resumed))) {
		return status // interrupted, or nothing crawled (bad registry or data directory): no build
	}
	if sum.Portals == 0 && nothingToBuild(ctx, cf.dataDir) {
		// A shard the registry left empty: nothing crawled, nothing failed.
		fmt.Fprintf(stderr, "ogi run: no build: this shard took no portal and %s holds no report\n", cf.dataDir)
		return status
	}
	buildOut := stdout
	if cf.statsJSON {
		buildOut = stderr
	}
	if b := runBuild(ctx, []string{"--data", cf.dataDir}, buildOut, stderr); b != 0 {
		fmt.Fprintf(stderr, "ogi run: build exited %d\n", b)
		status = 1
	}
	return status
}
