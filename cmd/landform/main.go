// Command landform turns one YAML config into a least-privilege AWS
// foundation as a CloudFormation stack. See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"time"

	"github.com/landform/landform/internal/cli"
)

func main() {
	tuneGC()
	os.Exit(run())
}

// tuneGC paces the garbage collector for a short run that allocates much
// and keeps little: at Go's default (GOGC=100) collection took about a
// quarter of generate's and check's time. landform collects when the heap
// has grown to five times what is live (GOGC=400), and more often as it
// nears 2 GiB, a soft limit. GOGC and GOMEMLIMIT set by the user win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(2 << 30)
	}
}

func run() (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "landform: bug: %v\nplease report it with the command you ran\n", r)
			code = cli.ExitFailure
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// The first Ctrl-C cancels ctx: nothing new starts, and what runs is
	// waited for or stopped cleanly. A second one is the default: exit now.
	go func() {
		<-ctx.Done()
		stop()
	}()
	streams := &cli.IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	return cli.Run(ctx, streams, time.Now, os.Args[1:])
}
