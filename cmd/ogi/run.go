package main

import (
	"context"
	"fmt"
	"io"
)

// runRun implements `ogi run`: the nightly job, a crawl then a build of the
// dataset from the same data directory. Its exit status is 1 when anything
// failed in either step (the build still runs after a crawl with failures).
func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cf, status, ok := parseCrawlFlags("run", args, stderr)
	if !ok {
		return status
	}
	sum, err := doCrawl(ctx, cf, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ogi run: crawl: %v\n", err)
		if ctx.Err() != nil || (sum.Portals == 0 && !sum.Resumed) {
			return exitFor(err) // interrupted, or nothing crawled (bad registry, filter or data directory): no build
		}
	}
	sum.Write(stdout)
	if err != nil || sum.Failed() {
		status = 1
	}
	if b := runBuild(ctx, []string{"--data", cf.dataDir}, stdout, stderr); b != 0 {
		fmt.Fprintf(stderr, "ogi run: build exited %d\n", b)
		status = 1
	}
	return status
}
