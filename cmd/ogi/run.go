package main

import (
	"context"
	"fmt"
	"io"
)

// runRun is not written yet; its issue owns this file.
func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ogi run: not implemented yet")
	return 2
}
