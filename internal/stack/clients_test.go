package stack

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
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

// TestMissingProfile: a profile no shared file has is named, with the files
// read and how to list the profiles there are, not the SDK's wording.
func TestMissingProfile(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "config")
	if err := os.WriteFile(cfgFile, []byte("[profile dev]\nregion = us-east-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	_, err := LoadConfig(context.Background(), Access{Profile: "prod"}, "us-east-1")
	if err == nil || !strings.Contains(err.Error(), `AWS profile "prod" is not in the shared config or credentials files (`+cfgFile) ||
		!strings.Contains(err.Error(), "aws configure list-profiles") {
		t.Fatalf("err = %v", err)
	}
}
