// Command landform turns one YAML config into a least-privilege AWS
// foundation as a CloudFormation stack. See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/landform/landform/internal/cli"
)

func main() {
	os.Exit(run())
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
