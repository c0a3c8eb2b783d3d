package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/stack"
)

// retiring are the stacks of the target's family (kinds.Pruner) that the
// config no longer makes: for access, the stacks of engineers who left.
// A test copy has no family: its stacks are its own and go with it.
func retiring(ctx context.Context, c *stack.Clients, tg *target) ([]stack.Retiring, error) {
	p, ok := tg.Unit.Unit.(kinds.Pruner)
	if !ok || tg.Suffix != "" {
		return nil, nil
	}
	f, ok := p.StackFamily()
	if !ok {
		return nil, nil
	}
	names, err := c.Retired(ctx, f.Prefix, f.Suffix, f.Keep)
	if err != nil {
		return nil, err
	}
	out := make([]stack.Retiring, len(names))
	for i, n := range names {
		out[i] = stack.Retiring{Stack: n, Why: f.Why(n)}
	}
	return out, nil
}

// retire deletes them, before the target deploys: a stack that goes
// holds names the target may make (an engineer's role, back in the
// account's stack). The first failure stops the deploy.
func retire(ctx context.Context, c *stack.Clients, tg *target, o stack.Options, log *runLog) ([]*stack.Destroyed, error) {
	stale, err := retiring(ctx, c, tg)
	if err != nil {
		return nil, err
	}
	var out []*stack.Destroyed
	for _, r := range stale {
		fmt.Fprintf(tg.ErrOut, "deleting stack %s: %s\n", r.Stack, r.Why)
		log.printf("deleting stack %s: %s", r.Stack, r.Why)
		d, err := c.Destroy(ctx, stack.Stack{Name: r.Stack, Account: tg.Stack.Account}, o)
		out = append(out, d)
		if err != nil {
			return out, fmt.Errorf("deleting stack %s (%s) before deploying %s: %w", r.Stack, r.Why, tg.Stack.Name, err)
		}
	}
	return out, nil
}

func writeRetire(w io.Writer, rs []stack.Retiring) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintf(w, "\nbefore it deploys, deploy deletes %d stack(s) the config no longer makes:\n", len(rs))
	for _, r := range rs {
		fmt.Fprintf(w, "  - %s: %s\n", r.Stack, r.Why)
	}
}
