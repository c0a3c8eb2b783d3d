package stack

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Event is one stack event, oldest first as the watcher emits them.
type Event struct {
	Time       time.Time `json:"time"`
	LogicalID  string    `json:"logical_id"`
	PhysicalID string    `json:"physical_id,omitempty"`
	Type       string    `json:"type"`
	Status     string    `json:"status"`
	Reason     string    `json:"reason,omitempty"`
}

// watcher streams the events of one stack that are newer than where it
// started, and counts the resources that finished.
type watcher struct {
	c       *Clients
	stack   string // name or id
	name    string
	seen    map[string]bool
	started time.Time
	total   int
	done    map[string]bool
	opts    Options
	Events  []Event
}

// newWatcher starts watching after the newest event CloudFormation has now,
// so a re-run shows only what happens from here on.
func (c *Clients) newWatcher(ctx context.Context, stack string, total int, o Options) (*watcher, error) {
	w := &watcher{c: c, stack: stack, name: stack, seen: map[string]bool{}, total: total, done: map[string]bool{}, opts: o, started: o.now()}
	if stack == "" {
		return w, nil
	}
	out, err := c.CFN.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(stack)})
	if isNotExist(err) {
		return w, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading events of stack %s: %w", stack, err)
	}
	for _, e := range out.StackEvents {
		w.seen[aws.ToString(e.EventId)] = true
	}
	return w, nil
}

// drain fetches the events not seen yet and prints them oldest first.
func (w *watcher) drain(ctx context.Context) error {
	if w.stack == "" {
		return nil
	}
	var fresh []types.StackEvent
	p := cloudformation.NewDescribeStackEventsPaginator(w.c.CFN, &cloudformation.DescribeStackEventsInput{StackName: aws.String(w.stack)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if isNotExist(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading events of stack %s: %w", w.name, err)
		}
		stop := false
		for _, e := range out.StackEvents {
			if w.seen[aws.ToString(e.EventId)] {
				stop = true // pages are newest first: the rest is older
				break
			}
			fresh = append(fresh, e)
		}
		if stop {
			break
		}
	}
	for i := len(fresh) - 1; i >= 0; i-- {
		e := fresh[i]
		w.seen[aws.ToString(e.EventId)] = true
		ev := Event{Time: aws.ToTime(e.Timestamp), LogicalID: aws.ToString(e.LogicalResourceId),
			PhysicalID: aws.ToString(e.PhysicalResourceId), Type: aws.ToString(e.ResourceType),
			Status: string(e.ResourceStatus), Reason: aws.ToString(e.ResourceStatusReason)}
		w.Events = append(w.Events, ev)
		if ev.Type != "AWS::CloudFormation::Stack" && strings.HasSuffix(ev.Status, "_COMPLETE") {
			w.done[ev.LogicalID] = true
		}
		w.print(ev)
	}
	return nil
}

func (w *watcher) print(e Event) {
	elapsed := w.opts.now().Sub(w.started).Round(time.Second)
	line := fmt.Sprintf("  [%3d/%-3d %s] %-36s %-40s %s", len(w.done), w.total, clock(elapsed), e.Status, e.LogicalID, e.Type)
	if e.Reason != "" && e.Reason != "User Initiated" {
		line += ": " + e.Reason
	}
	w.opts.printf("%s", line)
}

func clock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

// firstFailure is the reason of the earliest failed resource event, which
// is the cause; later failures are usually "Resource creation cancelled".
func firstFailure(events []Event) *Event {
	for i := range events {
		e := &events[i]
		if strings.HasSuffix(e.Status, "_FAILED") && e.Type != "AWS::CloudFormation::Stack" {
			return e
		}
	}
	for i := range events {
		if strings.HasSuffix(events[i].Status, "_FAILED") {
			return &events[i]
		}
	}
	return nil
}

// maxHistoryPages bounds how far back LastOperation reads (100 events a
// page).
const maxHistoryPages = 20

// LastOperation returns the events of the stack's latest create or update,
// oldest first, from the stack's own *_IN_PROGRESS event that started it:
// the timeline a deploy with no changes shows instead of an empty one.
func (c *Clients) LastOperation(ctx context.Context, name string) ([]Event, error) {
	var newest []Event
	p := cloudformation.NewDescribeStackEventsPaginator(c.CFN, &cloudformation.DescribeStackEventsInput{StackName: aws.String(name)})
	for page := 0; p.HasMorePages() && page < maxHistoryPages; page++ {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading events of stack %s: %w", name, err)
		}
		for _, e := range out.StackEvents {
			ev := Event{Time: aws.ToTime(e.Timestamp), LogicalID: aws.ToString(e.LogicalResourceId),
				PhysicalID: aws.ToString(e.PhysicalResourceId), Type: aws.ToString(e.ResourceType),
				Status: string(e.ResourceStatus), Reason: aws.ToString(e.ResourceStatusReason)}
			newest = append(newest, ev)
			if ev.Type == "AWS::CloudFormation::Stack" && ev.LogicalID == name &&
				(ev.Status == string(types.ResourceStatusCreateInProgress) || ev.Status == string(types.ResourceStatusUpdateInProgress)) {
				slices.Reverse(newest)
				return newest, nil
			}
		}
	}
	slices.Reverse(newest)
	return newest, nil
}
