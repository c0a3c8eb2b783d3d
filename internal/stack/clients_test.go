package stack

import (
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// A refused connection is retried with short, growing waits (all eight
// attempts within ten seconds), and the error says what to check.
func TestRefusedConnectionsBackOffBriefly(t *testing.T) {
	b := refusedFast{retry.NewExponentialJitterBackoff(20 * time.Second)}
	refused := fmt.Errorf("request send failed: %w", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED})
	var total time.Duration
	for attempt := 1; attempt < 8; attempt++ {
		d, err := b.BackoffDelay(attempt, refused)
		if err != nil {
			t.Fatal(err)
		}
		total += d
	}
	if total > 10*time.Second {
		t.Errorf("eight attempts against a refused endpoint wait %s in all", total)
	}
	if err := credentialsError(refused); err == nil || !strings.Contains(err.Error(), "nothing answers at the AWS endpoint") {
		t.Errorf("refused connection reads %v", err)
	}
}
