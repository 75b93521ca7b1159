package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs bench with the command-line arguments args (without the
// program name), writing the report to stdout and messages to stderr, and
// returns the exit status. SIGINT (Ctrl-C) and SIGTERM stop the run after
// the measurement in progress; a second one kills the process.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // restore the default: the next signal kills
	return runContext(ctx, args, stdout, stderr)
}
