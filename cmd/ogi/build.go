package main

import (
	"context"
	"fmt"
	"io"
)

// runBuild is not written yet; its issue owns this file.
func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ogi build: not implemented yet")
	return 2
}
